"""Turn command-line arguments into one call of a pipeline stage.

Errors are DossierErrors, which are click exceptions: no command catches them; click
prints them (`DossierError.show`) and exits with status 1.
"""

from __future__ import annotations

import errno
import json
import os
import sys
import unicodedata
from pathlib import Path
from typing import Any

import click

from . import __version__
from .characters import one_line
from .errors import ContentError, Problem, noting
from .render.pdf import FORMATS, VARIANTS
from .words import counted
from .worker import MEMORY_LIMIT, TIME_LIMIT


class Folder(click.Path):
    """A dossier folder: a folder that exists, whose files the system can open, with no
    control character or line separator in its name (the name becomes the PDF's file name,
    an attachment's name in a message header, a line of the output)."""

    def __init__(self) -> None:
        super().__init__(exists=True, file_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        assert isinstance(path, Path)  # path_type, above
        problem = folder_problem(path)
        if problem:
            raise ContentError([Problem(_printable(str(path)), None, problem)])
        return path


def folder_problem(path: Path) -> str | None:
    """Why `path` cannot be a dossier folder, or None."""
    try:
        real = path.resolve()
        os.stat(real / "dossier.yaml")  # a path too long fails here, or on every file in the folder
    except FileNotFoundError:
        pass  # reported with the other missing files, when the folder is read
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            length = len(os.fsencode(path.absolute()))
            return f"the folder's path is too long to open its files ({length} bytes): move it"
        return f"the folder cannot be read: {exc.strerror or exc}"
    except RuntimeError as exc:  # a loop of symbolic links
        return f"the folder cannot be read: {exc}"
    odd = next((c for c in real.name if _control(c)), None)
    if odd is not None:
        return f"the folder's name holds the control character U+{ord(odd):04X}: rename the folder"
    return None


def _printable(text: str) -> str:
    # The name is shown, not obeyed: a control character in it would act on the terminal.
    return "".join(f"\\u{ord(c):04x}" if _control(c) else c for c in text)


def _control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp")


FOLDER = Folder()


def report(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@click.group()
@click.version_option(__version__, prog_name="dossier")
def main() -> None:
    """Compile a folder of case content into a footnoted PDF briefing."""


STRICT = click.option(
    "--strict", is_flag=True, help="Treat warnings (such as a source never cited) as errors."
)


@main.command()
@click.argument("folder", type=FOLDER)
@STRICT
def check(folder: Path, strict: bool) -> None:
    """Validate FOLDER's content files and report every problem; build nothing."""
    from .build import left_out_warnings
    from .cite import oscola
    from .content.validate import check_folder
    from .verify.run import as_warnings, verify_checked

    dossier, warnings = check_folder(folder, strict=strict)
    # What the briefing prints, against the kept texts of its sources, and what the OSCOLA
    # forms would leave out of them (as `build` names it): warnings here.
    found = as_warnings(verify_checked(folder, dossier))
    if dossier.metadata.citation_style in oscola.EDITIONS:
        items = {key: source.csl for key, source in dossier.sources.items()}
        found += left_out_warnings(folder, dossier, oscola.unprinted(items))
    if strict and found:
        raise ContentError(found, f"{counted(len(found), 'warning')}, which --strict makes errors")
    report([*warnings, *found])
    # Said last, so that the warnings above are not read past: "ok, 2 warnings".
    shown = len(warnings) + len(found)
    click.echo(f"{folder}: ok" + (f", {counted(shown, 'warning')} (above)" if shown else ""))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def new(folder: Path) -> None:
    """Start a dossier in FOLDER (a new folder): its files, each field explained, no value yet."""
    from .content.new import create

    for path in create(folder):
        click.echo(f"wrote {path}")
    click.echo(f"Fill in {folder / 'dossier.yaml'} first: `dossier check {folder}` names what is missing.")


@main.command()
@click.argument("folder", type=FOLDER)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (default: a free one)."
)
def preview(folder: Path, port: int) -> None:
    """Show FOLDER's briefing in a browser, refreshed as its files change (Ctrl-C stops)."""
    from .preview import run

    run(folder, port, lambda line: click.echo(line))


@main.command()
@click.argument("folders", nargs=-1, required=True, type=FOLDER)
def schema(folders: tuple[Path, ...]) -> None:
    """Name each content file's JSON Schema in its first line, for an editor to check and complete it."""
    from .content.schema import add_modelines

    for folder in folders:
        changed = add_modelines(folder)
        for path in changed:
            click.echo(f"named the schema in {path}")
        if not changed:
            click.echo(f"{folder}: every YAML file already names its schema")


@main.command()
@click.argument("folder", type=FOLDER)
@click.option("--json", "as_json", is_flag=True, help="Print every value with its status, as JSON.")
def verify(folder: Path, as_json: bool) -> None:
    """Check every value FOLDER's briefing prints against the kept text of its sources."""
    from .verify.run import verify_folder

    verdict = verify_folder(folder)
    if as_json:
        import json

        click.echo(json.dumps(verdict.as_json(), indent=2, ensure_ascii=False))
    errors = [p for p in verdict.problems if not p.warning]
    report([p for p in verdict.problems if p.warning])
    if errors:
        raise ContentError(errors, verdict.summary())
    click.echo(f"{folder}: {verdict.summary()}", err=as_json)


@main.command()
@click.argument("folder", type=FOLDER)
def release(folder: Path) -> None:
    """Freeze FOLDER's current edition into editions/<number>.json (checked with --strict)."""
    from .content.editions import release as freeze
    from .content.validate import check_folder

    with noting("not released"):
        dossier, _ = check_folder(folder, strict=True)
        target, written = freeze(folder, dossier)
    number = dossier.metadata.edition.number
    if written:
        click.echo(f"released edition {number}: wrote {target}")
    else:
        click.echo(f"edition {number} was already released with this content ({target})")


@main.command()
@click.argument("folder", type=FOLDER)
@click.option(
    "--since", type=click.IntRange(min=1), help="The edition to compare with (default: the last released)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON, for other tools.")
def diff(folder: Path, since: int | None, as_json: bool) -> None:
    """Print what changed in FOLDER since a released edition."""

    from .content.changes import as_data, as_lines
    from .content.editions import since_released
    from .content.validate import check_folder

    dossier, warnings = check_folder(folder)
    report(warnings)
    with noting("nothing compared"):
        number, date, found = since_released(folder, dossier, since)
    if as_json:
        click.echo(
            json.dumps(
                as_data(found, number, date, dossier.metadata.edition.number), indent=2, ensure_ascii=False
            )
        )
        return
    click.echo(f"since edition {number} ({date}), edition {dossier.metadata.edition.number}: ", nl=False)
    # What an edition holds is checked when read; one_line holds whatever else reaches here.
    for line in as_lines(found):
        text = line.lstrip(" ")
        click.echo(f"{' ' * (len(line) - len(text))}{one_line(text)}")


@main.command()
@click.argument("folder", type=FOLDER)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF to write (default build/<folder>.pdf).",
)
@click.option(
    "--emit-html", is_flag=True, help="Also write the HTML handed to WeasyPrint (<name>.layout.html)."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="pdf",
    show_default=True,
    help="The PDF; the web edition (one self-contained .html beside where the PDF goes); or both.",
)
@click.option(
    "--pdf-variant",
    type=click.Choice(VARIANTS),
    default=VARIANTS[0],
    show_default=True,
    help=(
        "PDF/UA-1 (tagged, accessible); PDF/A-3a, which is PDF/UA-1 as well (archival and"
        " accessible, with the content files attached); PDF/A-3u (archival); or plain PDF."
    ),
)
@click.option("--draft", is_flag=True, help="Print a DRAFT mark on every page.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=TIME_LIMIT,
    show_default=True,
    help="Seconds rendering may take before it is stopped.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=256),
    default=MEMORY_LIMIT,
    show_default=True,
    help="MiB of memory rendering may use before it is stopped.",
)
@click.option("--force", is_flag=True, help="Build even if no input changed since the last build.")
@STRICT
def build(
    folder: Path,
    output: Path | None,
    emit_html: bool,
    output_format: str,
    pdf_variant: str,
    draft: bool,
    time_limit: float,
    memory_limit: int,
    force: bool,
    strict: bool,
) -> None:
    """Build FOLDER into a PDF briefing."""
    from .build import Settings
    from .build import build as build_pdf

    if output is not None and output.suffix.lower() != ".pdf":
        # A build must never overwrite what it reads: no content file, style or image is a .pdf.
        raise click.BadParameter(f"'{output}' is not a .pdf file name", param_hint="'-o' / '--output'")
    settings = Settings(pdf_variant, draft, time_limit, memory_limit, strict, emit_html, output_format)
    with noting("build failed; the previous PDF, if any, is unchanged"):
        built = build_pdf(folder, output, settings, force=force)
    report(built.warnings)
    if output_format != "html":
        if built.rendered is not None:
            click.echo(f"wrote {built.pdf} ({len(built.rendered.notes)} footnotes)")
        else:
            click.echo(f"{built.pdf} is up to date (no input changed; --force rebuilds)")
    if built.web is not None:
        web = f"{built.web} (the web edition)"
        click.echo(f"wrote {web}" if built.rendered_web else f"{web} is up to date (no input changed)")
    if built.html and built.rendered is not None:
        click.echo(f"wrote {built.html}")


def sender_address(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """--from checked before anything is read or recorded: a bad sender is a usage error."""
    from .distribute.mail import AddressError, ascii_address

    try:
        return ascii_address(value, dotted=False)
    except AddressError as exc:
        raise click.BadParameter(f"'{value}' is not a usable sender address: {exc}") from None


@main.command()
@click.argument("folder", type=FOLDER)
@click.option(
    "--send", is_flag=True, help="Send by SMTP. Without it, write .eml files to build/outbox/ to review."
)
@click.option(
    "--first-send",
    is_flag=True,
    help="With --send: the ledger records no delivery yet and that is expected (the very first send "
    "of this dossier). Without it, a new or emptied ledger sends nothing.",
)
@click.option("--smtp-host", default="localhost", show_default=True)
@click.option("--smtp-port", type=int, default=587, show_default=True)
@click.option(
    "--smtp-security", type=click.Choice(["starttls", "ssl", "none"]), default="starttls", show_default=True
)
@click.option("--smtp-user", help="Login name; the password is read from DOSSIER_SMTP_PASSWORD.")
@click.option(
    "--ca-file", type=click.Path(exists=True, dir_okay=False), help="Extra certificate authority to trust."
)
@click.option(
    "--from",
    "sender",
    default="briefings@localhost",
    show_default=True,
    callback=sender_address,
    help="Sender address (ASCII before the @; a domain in another script is sent in its xn-- form).",
)
@click.option(
    "--ledger",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Delivery ledger (default FOLDER/distribution/ledger.sqlite).",
)
@click.option(
    "--outdated-only", is_flag=True, help="Only recipients whose newest edition is older than this one."
)
@click.option(
    "--status", is_flag=True, help="Show who holds which edition, and unresolved attempts; send nothing."
)
@click.option(
    "--resolve", "resolve_email", metavar="EMAIL", help="Record a person's decision on an unresolved attempt."
)
@click.option(
    "--as", "resolve_as", type=click.Choice(["sent", "failed"]), help="With --resolve: what happened."
)
@click.option(
    "--web-url",
    metavar="URL",
    help="Where the web edition is published (https://), for recipients whose 'web' column is link.",
)
def distribute(
    folder: Path,
    send: bool,
    first_send: bool,
    smtp_host: str,
    smtp_port: int,
    smtp_security: str,
    smtp_user: str | None,
    ca_file: str | None,
    sender: str,
    ledger: Path | None,
    outdated_only: bool,
    status: bool,
    resolve_email: str | None,
    resolve_as: str | None,
    web_url: str | None,
) -> None:
    """Make a personalised copy of FOLDER's briefing per recipient, and email each exactly once."""
    from .distribute.ledger import default_ledger
    from .distribute.mail import SmtpSettings
    from .distribute.run import Step
    from .distribute.run import distribute as run

    if first_send and not send:
        raise click.UsageError("--first-send goes with --send (a dry run needs no flag)")
    if resolve_email and resolve_as is None:
        raise click.UsageError("--resolve needs --as sent or --as failed")
    ledger_path = ledger or default_ledger(folder)
    if status or resolve_email:
        if resolve_email:
            assert resolve_as is not None
            from .distribute.run import resolve

            click.echo(resolve(folder, ledger_path, resolve_email, resolve_as))
        else:
            show_status(ledger_path)
        return
    settings = SmtpSettings(smtp_host, smtp_port, smtp_security, sender, smtp_user, ca_file) if send else None
    tty = sys.stderr.isatty()

    def progress(step: Step) -> None:
        # A bar that redraws itself on a terminal; plain lines in a log or CI.
        if not tty:
            click.echo(str(step), err=True)
            return
        line = step.text
        if step.done is not None and step.total:
            bar = "#" * (30 * step.done // step.total)
            line = f"[{bar:<30}] {step.done}/{step.total} {step.text}"
        click.echo("\r\033[K" + line, err=True, nl=False)

    result = run(
        folder,
        smtp=settings,
        ledger_path=ledger_path,
        outdated_only=outdated_only,
        first_send=first_send,
        sender=sender,
        progress=progress,
        web_url=web_url,
    )
    if tty:
        click.echo("", err=True)
    for email in result.already:
        click.echo(f"{email}: already has edition {result.edition}")
    for email in result.unresolved:
        click.echo(
            f"{email}: UNRESOLVED attempt for edition {result.edition}: check with the recipient, then "
            f"`dossier distribute {folder} --resolve {email} --as sent|failed`"
        )
    for email, reply in result.failed:
        click.echo(f"{email}: failed: {reply}")
    if settings is None:
        click.echo(
            f"dry run: {counted(len(result.written), 'message')} in build/outbox/ for review; --send to send"
        )
    else:
        reconnected = f" ({counted(result.reconnections, 'reconnection')})" if result.reconnections else ""
        click.echo(
            f"sent {len(result.sent)}, failed {len(result.failed)}, "
            f"unresolved {len(result.unresolved)}{reconnected}"
        )
    if result.failed or result.unresolved:
        sys.exit(1)


def show_status(ledger_path: Path) -> None:
    """Who holds which edition. Read only, so no lock: it may run beside a send."""
    from .distribute.ledger import Ledger

    with Ledger.open(ledger_path, None, create=False) as book:
        rows = book.holdings()
        click.echo(book.describe())
    click.echo(f"{'recipient':<40} {'holds edition':>13}  unresolved")
    for email, name, newest, unresolved in rows:
        held = str(newest) if newest is not None else "-"
        click.echo(f"{name + ' <' + email + '>':<40} {held:>13}  {', '.join(map(str, unresolved)) or '-'}")


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("folder", type=FOLDER, required=False)
@click.option(
    "--ledger",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The ledger to look in (default FOLDER/distribution/ledger.sqlite).",
)
def trace(pdf: Path, folder: Path | None, ledger: Path | None) -> None:
    """Name the recipient of a personalised copy PDF of the dossier in FOLDER."""
    from .distribute.ledger import default_ledger
    from .distribute.run import trace as find

    if ledger is None:
        if folder is None:
            raise click.UsageError("say whose copy it may be: `dossier trace PDF FOLDER`, or --ledger PATH")
        ledger = default_ledger(folder)
    click.echo(find(pdf, ledger))
