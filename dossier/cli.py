"""Turn command-line arguments into one call of a pipeline stage, and its errors into exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__
from .errors import DossierError, Problem

FOLDER = click.Path(exists=True, file_okay=False, path_type=Path)


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


def fail_if_strict(strict: bool, warnings: list[Problem]) -> None:
    if strict and warnings:
        report(warnings)
        click.echo(f"{len(warnings)} warning(s), which --strict makes errors", err=True)
        sys.exit(1)


@main.command()
@click.argument("folder", type=FOLDER)
@STRICT
def check(folder: Path, strict: bool) -> None:
    """Validate FOLDER's content files and report every problem; build nothing."""
    from .validate import check_folder

    try:
        _, warnings = check_folder(folder)
    except DossierError as exc:
        report(exc.problems)
        errors = sum(not p.warning for p in exc.problems)
        click.echo(f"{errors} error(s) in {folder}", err=True)
        sys.exit(1)
    fail_if_strict(strict, warnings)
    report(warnings)
    click.echo(f"{folder}: ok")


@main.command()
@click.argument("folder", type=FOLDER)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="PDF to write (default build/<folder>.pdf).",
)
@click.option("--emit-html", is_flag=True, help="Also write the HTML handed to WeasyPrint beside the PDF.")
@click.option(
    "--pdf-variant",
    type=click.Choice(["pdf/ua-1", "pdf/a-3u", "plain"]),
    default="pdf/ua-1",
    show_default=True,
    help="PDF/UA-1 (tagged, accessible), PDF/A-3u (archival, with the content files attached), or plain PDF.",
)
@click.option("--draft", is_flag=True, help="Print a DRAFT mark on every page.")
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    default=60,
    show_default=True,
    help="Seconds rendering may take before it is stopped.",
)
@click.option(
    "--memory-limit",
    type=click.IntRange(min=256),
    default=2048,
    show_default=True,
    help="MiB of memory rendering may use before it is stopped.",
)
@STRICT
def build(
    folder: Path,
    output: Path | None,
    emit_html: bool,
    pdf_variant: str,
    draft: bool,
    time_limit: float,
    memory_limit: int,
    strict: bool,
) -> None:
    """Build FOLDER into a PDF briefing."""
    from .build import build as build_pdf
    from .validate import check_folder

    try:
        if strict:
            fail_if_strict(strict, check_folder(folder)[1])
        built = build_pdf(
            folder,
            output,
            emit_html=emit_html,
            variant=pdf_variant,
            draft=draft,
            time_limit=time_limit,
            memory_limit=memory_limit,
        )
    except DossierError as exc:
        report(exc.problems)
        click.echo("build failed; the previous PDF, if any, is unchanged", err=True)
        sys.exit(1)
    report(built.warnings)
    click.echo(f"wrote {built.pdf} ({len(built.rendered.notes)} footnotes)")
    if built.html:
        click.echo(f"wrote {built.html}")
