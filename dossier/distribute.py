"""Turn a built briefing and a recipients list into personalised copies, and deliver each exactly once."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pikepdf

from .build import MEMORY_LIMIT, TIME_LIMIT, build
from .errors import BuildError, Problem
from .ledger import Ledger
from .mail import Ambiguous, HeaderInjection, Sender, SmtpSettings, build_message, write_eml
from .recipients import Recipient, read_recipients
from .stamp import Copy, choose_copy_ids, load_renderer, marks_pdf, read_copy_id, stamp_copies
from .validate import check_folder
from .worker import Worker

Progress = Callable[[str], None]
# Time allowed for laying out the marks, per copy, beyond a build's own limit (about
# 0.03 s a copy is measured here: this is room, not a forecast).
MARKS_SECONDS = 0.5


@dataclass
class Report:
    edition: int
    copies: list[Copy] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)  # .eml files of a dry run
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    not_outdated: list[str] = field(default_factory=list)


def build_dir(folder: Path) -> Path:
    return Path("build") / folder.resolve().name


def default_ledger() -> Path:
    return Path("build") / "ledger.sqlite"


def distribute(
    folder: Path,
    *,
    smtp: SmtpSettings | None = None,
    ledger_path: Path | None = None,
    outdated_only: bool = False,
    sender: str = "briefings@localhost",
    progress: Progress = lambda line: None,
) -> Report:
    """Dry run (smtp None): stamped copies and .eml files for review. With smtp: send each once."""
    recipients = read_recipients(folder)
    dossier, _ = check_folder(folder)
    meta = dossier.metadata
    edition = meta.edition.number
    out = build_dir(folder)
    ledger = Ledger(ledger_path or default_ledger(), folder.resolve().name)
    report = Report(edition)
    try:
        chosen: list[Recipient] = []
        for recipient in recipients:
            delivery = ledger.delivery(edition, recipient.email)
            newest = ledger.newest_sent(recipient.email)
            if delivery is not None and delivery.status == "sent":
                report.already.append(recipient.email)
            elif delivery is not None and delivery.status == "attempt":
                report.unresolved.append(recipient.email)  # a person decides: `--resolve`
            elif outdated_only and (newest is None or newest >= edition):
                report.not_outdated.append(recipient.email)
            else:
                chosen.append(recipient)
        if not chosen:
            return report
        progress(f"building edition {edition} once for {len(chosen)} recipient(s)")
        with_ids = choose_copy_ids(chosen, ledger.copy_ids(edition))
        # The copies' marks do not depend on the briefing: a second process lays them out
        # while the briefing renders (two cores), rather than after it.
        with Worker(marks_pdf, load_renderer, memory_limit=MEMORY_LIMIT, label=str(folder)) as marks:
            marks.submit((with_ids, meta.edition.date))
            built = build(folder, out / "briefing.pdf")
            marks_data = marks.result(TIME_LIMIT + MARKS_SECONDS * len(with_ids))
        report.copies = stamp_copies(built.pdf, with_ids, marks_data, out / f"edition-{edition}", edition)
        for copy in report.copies:
            ledger.record_copy(
                edition,
                copy.recipient.email,
                copy.copy_id,
                copy.recipient.addressed,
                copy.sha256,
                str(copy.path),
            )
        write_manifest(report.copies, out / f"edition-{edition}")
        context = {
            "title": meta.title,
            "edition": edition,
            "edition_date": meta.edition.date.isoformat(),
            "as_of": meta.as_of.isoformat(),
            "author": meta.author,
        }
        if smtp is None:
            for copy in report.copies:
                message = _message(copy, context, sender, folder)
                path = Path("build") / "outbox" / f"edition-{edition}-{copy.copy_id}.eml"
                write_eml(message, path)
                report.written.append(path)
                progress(f"wrote {path}")
            return report
        with Sender(smtp) as connection:
            for number, copy in enumerate(report.copies, 1):
                _send_one(copy, context, smtp, connection, ledger, edition, report, folder)
                progress(
                    f"[{number}/{len(report.copies)}] {copy.recipient.email}: "
                    f"{'sent' if copy.recipient.email in report.sent else 'NOT sent'}"
                )
        return report
    finally:
        ledger.close()


def _message(copy: Copy, context: dict[str, object], sender: str, folder: Path) -> EmailMessage:
    try:
        return build_message(
            sender,
            f"{copy.recipient.title} {copy.recipient.name}".strip(),
            copy.recipient.email,
            copy.path.read_bytes(),
            f"{folder.resolve().name}-edition-{context['edition']}.pdf",
            {**context, "recipient": copy.recipient, "copy_id": copy.copy_id},
        )
    except HeaderInjection as exc:
        raise BuildError([Problem(str(folder / "recipients.csv"), copy.recipient.line, str(exc))]) from None


def _send_one(
    copy: Copy,
    context: dict[str, object],
    smtp: SmtpSettings,
    sender: Sender,
    ledger: Ledger,
    edition: int,
    report: Report,
    folder: Path,
) -> None:
    recipient = copy.recipient
    message = _message(copy, context, smtp.sender, folder)
    # The attachment must be this recipient's copy: read its ID back from the bytes sent.
    attachment = next(iter(message.iter_attachments())).get_content()
    with pikepdf.open(io.BytesIO(attachment)) as pdf:
        attached_id = str(pdf.docinfo.get("/DossierCopyID", ""))
    if attached_id != ledger.copy_ids(edition).get(recipient.email.lower()):
        raise BuildError(
            [
                Problem(
                    "recipients.csv",
                    recipient.line,
                    f"copy {attached_id} does not belong to {recipient.email}: nothing sent",
                )
            ]
        )
    ledger.attempt(edition, recipient.email, recipient.name, copy.copy_id)
    try:
        reply, delivered = sender.send(message, recipient.email)
    except Ambiguous:
        report.unresolved.append(recipient.email)  # left as an attempt for a person to decide
        return
    ledger.finish(
        edition, recipient.email, "sent" if delivered else "failed", str(message["Message-ID"]), reply
    )
    if delivered:
        report.sent.append(recipient.email)
    else:
        report.failed.append((recipient.email, reply))


def write_manifest(copies: list[Copy], folder: Path) -> None:
    rows = [
        {
            "file": c.path.name,
            "recipient": c.recipient.addressed,
            "email": c.recipient.email,
            "copy_id": c.copy_id,
            "sha256": c.sha256,
            "pages": c.pages,
        }
        for c in copies
    ]
    (folder / "manifest.json").write_text(
        json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def trace(pdf: Path, ledger_path: Path) -> str:
    """Who a copy was prepared for, from the copy ID it carries."""
    copy_id = read_copy_id(pdf)
    if copy_id is None:
        raise BuildError([Problem(str(pdf), 1, "this PDF carries no copy ID: it is not a personalised copy")])
    ledger = Ledger(ledger_path, "")
    try:
        owner = ledger.copy_owner(copy_id)
    finally:
        ledger.close()
    if owner is None:
        raise BuildError([Problem(str(pdf), 1, f"copy {copy_id} is not in the ledger {ledger_path}")])
    dossier, edition, email, addressed = owner
    return f"copy {copy_id}: {dossier}, edition {edition}, prepared for {addressed} <{email}>"
