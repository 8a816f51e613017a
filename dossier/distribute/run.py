"""Turn a built briefing and a recipients list into personalised copies, and deliver each exactly once.

Before the first message of a run, everything that could make it wrong is checked, under
the ledger's lock: the ledger is this dossier's, it is not new or emptied (unless the
operator says --first-send), the content is the content this edition was first sent with,
every address and To header is sound (recipients.py), and every copy on disk is the one
that was stamped. Each message is checked once more as it is sent: the bytes attached must
have the SHA-256 recorded for that recipient's copy when it was stamped.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path

import pikepdf

from ..build import Settings, build
from ..content.models import Dossier
from ..content.validate import check_folder
from ..errors import ContentError, DeliveryError, Problem
from ..files import Refused, read_file
from ..paths import BUILD, OUTBOX
from ..words import counted
from ..worker import MEMORY_LIMIT, TIME_LIMIT, Worker
from .ledger import Identity, Ledger, default_ledger, locked, problem
from .mail import (
    AddressError,
    Ambiguous,
    ConnectionLost,
    HeaderInjection,
    Sender,
    SmtpSettings,
    ascii_address,
    build_message,
    write_eml,
)
from .recipients import Recipient, cell_problem, read_recipients
from .stamp import Copy, choose_copy_ids, load_renderer, marks_pdf, read_copy_id, stamp_copies


@dataclass(frozen=True)
class Step:
    """One step of a run, for the person watching: what happened, and how far the batch is."""

    text: str
    done: int | None = None  # messages handled so far, while sending
    total: int | None = None

    def __str__(self) -> str:
        return f"[{self.done}/{self.total}] {self.text}" if self.total else self.text


Progress = Callable[[Step], None]
# Time allowed for laying out the marks, per copy, beyond a build's own limit (about
# 0.03 s a copy is measured here: this is room, not a forecast).
MARKS_SECONDS = 0.5
# CONTENT_FILES (inputs.py) are the bytes that make an edition's content (a custom .csl
# style is added when the dossier names one). recipients.csv is not content: the list may
# change within an edition.


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
    reconnections: int = 0


def build_dir(folder: Path, ledger: Ledger) -> Path:
    """Where a dossier's copies are made: under ./build, named by folder and ledger.

    The ledger's ID is in the name so that two dossiers in folders of the same name
    never stamp from each other's briefing (each run holds only its own ledger's lock).
    """
    return BUILD / f"{folder.resolve().name}-{ledger.ledger_id[:8]}"


def content_hash(folder: Path, names: list[str]) -> str:
    """SHA-256 over the name and bytes of each file the briefing is made from.

    `names` is the validated dossier's list (content files, a .csl style, images shown),
    read under the one rule for files (files.py), as the build reads them.
    """
    digest = hashlib.sha256()
    for name in names:
        try:
            data = read_file(folder, name)
        except Refused as exc:
            raise ContentError([Problem(str(folder / name), None, f"{exc}. Nothing was sent")]) from None
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _edition_line(folder: Path) -> int:
    """The line of `number:` under `edition:` in dossier.yaml, for the message that asks to raise it."""
    try:
        lines = (folder / "dossier.yaml").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    inside = False
    for number, line in enumerate(lines, 1):
        if re.match(r"^edition\s*:", line):
            inside = True
        elif inside and re.match(r"^\s+number\s*:", line):
            return number
        elif inside and re.match(r"^\S", line):
            inside = False
    return 1


def distribute(
    folder: Path,
    *,
    smtp: SmtpSettings | None = None,
    ledger_path: Path | None = None,
    outdated_only: bool = False,
    first_send: bool = False,
    sender: str = "briefings@localhost",
    progress: Progress = lambda step: None,
    web_url: str | None = None,
) -> Report:
    """Dry run (smtp None): stamped copies and .eml files for review. With smtp: send each once.
    `web_url`: where the web edition is published, for the recipients whose `web` is link."""
    path = ledger_path or default_ledger(folder)
    try:
        sender = ascii_address(sender, dotted=False)
        if smtp is not None:
            smtp = replace(smtp, sender=ascii_address(smtp.sender, dotted=False))
    except AddressError as exc:
        raise DeliveryError([Problem("--from", None, f"the sender is not a usable address: {exc}")]) from None
    recipients = read_recipients(folder)
    _check_web_url(folder, recipients, web_url)
    checked = check_folder(folder)
    dossier = checked[0]
    meta = dossier.metadata
    identity = Identity(meta.subject.name, meta.language, meta.title, folder.resolve().name)
    if smtp is not None and not first_send and not path.exists():
        # Checked before the lock, which would create the ledger's folder.
        raise problem(
            path,
            "no ledger here, so nothing records who already has this dossier. If it has never "
            "been sent, send with --first-send; if it has, give its ledger with --ledger. Nothing was sent",
        )
    with locked(path), Ledger.open(path, identity, create=True) as ledger:
        return _run(
            folder,
            recipients,
            checked,
            ledger,
            smtp,
            outdated_only,
            first_send,
            sender,
            progress,
            web_url or "",
        )


def _run(
    folder: Path,
    recipients: list[Recipient],
    checked: tuple[Dossier, list[Problem]],
    ledger: Ledger,
    smtp: SmtpSettings | None,
    outdated_only: bool,
    first_send: bool,
    sender: str,
    progress: Progress,
    web_url: str = "",
) -> Report:
    dossier = checked[0]
    meta = dossier.metadata
    edition = meta.edition.number
    report = Report(edition)
    recorded = ledger.deliveries_recorded()
    if smtp is not None and recorded == 0 and not first_send:
        raise problem(
            ledger.path,
            f"the ledger records no delivery yet: sending would send edition {edition} to everyone "
            "listed. If this dossier has never been sent, send with --first-send; if it has, this "
            "ledger was emptied or replaced: give the right one with --ledger. Nothing was sent",
        )
    if smtp is not None and recorded and first_send:
        raise problem(
            ledger.path,
            f"--first-send is only for a ledger that records no delivery; this one records {recorded}: "
            "send without it. Nothing was sent",
        )
    content = content_hash(folder, dossier.files)
    first = ledger.edition(edition)
    if first is not None and first.content_sha256 != content:
        raise ContentError(
            [
                Problem(
                    str(folder / "dossier.yaml"),
                    _edition_line(folder),
                    f"the content changed since edition {edition} was first sent on "
                    f"{first.first_sent_at[:10]}: raise edition.number in dossier.yaml. Nothing was sent",
                )
            ]
        )
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
    # What changed since the edition each holder was last sent, where it was released:
    # worked out before anything is stamped, so a damaged edition stops the run first.
    since_by_email = _since(folder, dossier, ledger, [r.email for r in chosen])
    out = build_dir(folder, ledger)
    progress(Step(f"building edition {edition} once for {counted(len(chosen), 'recipient')}"))
    with_ids = choose_copy_ids(chosen, ledger.copy_ids(edition))
    # The copies' marks do not depend on the briefing: a second process lays them out
    # while the briefing renders (two cores), rather than after it.
    with Worker(marks_pdf, load_renderer, memory_limit=MEMORY_LIMIT, label=str(folder)) as marks:
        marks.submit((with_ids, meta.edition.date))
        # The web edition too, where a recipient is to have it (attached, or its address).
        shape = Settings(format="both") if any(r.web for r in chosen) else Settings()
        built = build(folder, out / "briefing.pdf", shape, checked=checked)
        marks_data = marks.result(TIME_LIMIT + MARKS_SECONDS * len(with_ids))
    if content_hash(folder, dossier.files) != content:
        raise ContentError(
            [
                Problem(
                    str(folder),
                    None,
                    "the content changed while the briefing was built: run again. Nothing was sent",
                )
            ]
        )
    report.copies = stamp_copies(built.pdf, with_ids, marks_data, out / f"edition-{edition}", edition)
    for copy in report.copies:
        ledger.record_copy(
            edition, copy.recipient.email, copy.copy_id, copy.recipient.addressed, copy.sha256, str(copy.path)
        )
    web = built.web.read_bytes() if built.web is not None else b""
    for copy in report.copies:
        if copy.recipient.web:
            how = copy.recipient.web
            url = web_url if how == "link" else ""
            ledger.record_web(edition, copy.recipient.email, how, hashlib.sha256(web).hexdigest(), url)
    write_manifest(report.copies, out / f"edition-{edition}")
    progress(Step(f"stamped {len(report.copies)} copies in {out / f'edition-{edition}'}"))
    # Every copy, before the first message: one replaced on disk stops the run with nothing sent.
    for copy in report.copies:
        _check_copy(copy, copy.path.read_bytes(), ledger, edition, report)
    context = {
        "title": meta.title,
        "edition": edition,
        "edition_date": meta.edition.date.isoformat(),
        "as_of": meta.as_of.isoformat(),
        "author": meta.author,
        "since_by_email": since_by_email,
        "web_url": web_url,
        "web": web,
    }
    if smtp is None:
        for copy in report.copies:
            message = _message(copy, copy.path.read_bytes(), context, sender, folder)
            path = OUTBOX / f"edition-{edition}-{copy.copy_id}.eml"
            write_eml(message, path)
            report.written.append(path)
            progress(Step(f"wrote {path}"))
        return report
    with Sender(smtp) as connection:
        for number, copy in enumerate(report.copies, 1):
            try:
                _send_one(copy, context, smtp, connection, ledger, edition, content, report, folder)
            except ConnectionLost as exc:
                for rest in report.copies[number:]:
                    report.failed.append((rest.recipient.email, f"not sent: {exc}"))
                progress(Step(f"connection lost, batch stopped: {exc}", number, len(report.copies)))
                break
            outcome = "sent" if copy.recipient.email in report.sent else "NOT sent"
            progress(Step(f"{copy.recipient.email}: {outcome}", number, len(report.copies)))
        report.reconnections = max(connection.connections - 1, 0)
    return report


def _since(folder: Path, dossier: Dossier, ledger: Ledger, emails: list[str]) -> dict[str, dict[str, object]]:
    """For each recipient holding an older released edition: that edition and what changed since."""

    from ..content.changes import changes, grouped
    from ..content.editions import frozen, released

    editions = released(folder)
    current = frozen(dossier)
    found: dict[str, dict[str, object]] = {}
    for address in emails:
        held = ledger.newest_sent(address)
        if held is not None and held < dossier.metadata.edition.number and held in editions:
            found[address] = {
                "edition": held,
                # In the briefing's words and groups, without its pages: the email is read
                # before the PDF is opened.
                "groups": [
                    (heading, [c.words() for c in entries])
                    for heading, entries in grouped(changes(editions[held], current))
                ],
            }
    return found


def _message(copy: Copy, pdf: bytes, context: dict[str, object], sender: str, folder: Path) -> EmailMessage:
    by_email = context.get("since_by_email")
    since = by_email.get(copy.recipient.email) if isinstance(by_email, dict) else None
    name = f"{folder.resolve().name}-edition-{context['edition']}"
    page = context.get("web")
    web = (page, f"{name}.html") if copy.recipient.web == "attach" and isinstance(page, bytes) else None
    words = {k: v for k, v in context.items() if k != "web"}
    try:
        return build_message(
            sender,
            copy.recipient.display_name,
            copy.recipient.email,
            pdf,
            f"{name}.pdf",
            {
                **words,
                "recipient": copy.recipient,
                "copy_id": copy.copy_id,
                "since": since,
                "web": copy.recipient.web,
            },
            web,
        )
    except HeaderInjection as exc:
        raise DeliveryError(
            [Problem(str(folder / "recipients.csv"), copy.recipient.line, str(exc))]
        ) from None


def _check_web_url(folder: Path, recipients: list[Recipient], web_url: str | None) -> None:
    """A recipient to be sent the web edition's address needs one, and only an https one."""
    linked = [r for r in recipients if r.web == "link"]
    if linked and not web_url:
        raise DeliveryError(
            [
                Problem(
                    str(folder / "recipients.csv"),
                    linked[0].line,
                    f"'web' is link for {counted(len(linked), 'recipient')}, but no --web-url gives the "
                    "address the web edition is published at: give it, or attach the file instead. "
                    "Nothing was sent",
                )
            ]
        )
    if web_url and (not re.fullmatch(r"https://[^\s]+", web_url) or cell_problem(web_url)):
        raise DeliveryError(
            [Problem("--web-url", None, f"'{web_url}' is not an https:// address. Nothing was sent")]
        )


def _check_web(copy: Copy, attached: list[bytes], ledger: Ledger, edition: int) -> None:
    """The web edition attached must be the one recorded for this recipient, and only where asked."""
    recorded = ledger.web_of(edition, copy.recipient.email)
    wanted = recorded is not None and recorded[0] == "attach"
    found = [hashlib.sha256(data).hexdigest() for data in attached]
    if found != ([recorded[1]] if wanted and recorded else []):
        raise DeliveryError(
            [
                Problem(
                    "recipients.csv",
                    copy.recipient.line,
                    f"the web edition attached for {copy.recipient.email} is not the one recorded: "
                    "nothing sent",
                )
            ]
        )


def _check_copy(copy: Copy, attached: bytes, ledger: Ledger, edition: int, report: Report) -> None:
    """`attached` must be the bytes stamped for this recipient, by the SHA-256 the ledger recorded."""
    email = copy.recipient.email
    recorded = ledger.copy_sha256(edition, email)
    found = hashlib.sha256(attached).hexdigest()
    if recorded is None or found != recorded:
        sent = len(report.sent)
        verb = "is" if sent == 1 else "are"
        earlier = f"; {counted(sent, 'message')} sent earlier in this run {verb} recorded" if sent else ""
        raise DeliveryError(
            [
                Problem(
                    str(copy.path),
                    None,
                    f"the copy for {email} is not the one stamped (SHA-256 recorded {str(recorded)[:16]}…, "
                    f"found {found[:16]}…): it was changed or replaced after stamping. Nothing sent "
                    f"to {email}{earlier}; run again to stamp it anew",
                )
            ]
        )


def _send_one(
    copy: Copy,
    context: dict[str, object],
    smtp: SmtpSettings,
    sender: Sender,
    ledger: Ledger,
    edition: int,
    content: str,
    report: Report,
    folder: Path,
) -> None:
    recipient = copy.recipient
    message = _message(copy, copy.path.read_bytes(), context, smtp.sender, folder)
    # What is checked is what is sent: the attachments read back out of the message.
    attachments = [bytes(part.get_payload(decode=True)) for part in message.iter_attachments()]
    attachment = attachments[0]
    _check_copy(copy, attachment, ledger, edition, report)
    _check_web(copy, attachments[1:], ledger, edition)
    with pikepdf.open(io.BytesIO(attachment)) as pdf:
        attached_id = str(pdf.docinfo.get("/DossierCopyID", ""))
    if attached_id != ledger.copy_ids(edition).get(recipient.email.lower()):
        raise DeliveryError(
            [
                Problem(
                    "recipients.csv",
                    recipient.line,
                    f"copy {attached_id} does not belong to {recipient.email}: nothing sent",
                )
            ]
        )
    # The content this edition is first sent with: recorded with its first attempt (a run
    # that could not even connect has sent nothing, and binds no content to the edition).
    ledger.record_edition(edition, content)
    ledger.attempt(edition, recipient.email, recipient.name, copy.copy_id)
    try:
        reply, delivered = sender.send(message, recipient.email)
    except Ambiguous:
        report.unresolved.append(recipient.email)  # left as an attempt for a person to decide
        return
    except ConnectionLost as exc:
        # Nothing reached the server: the attempt is closed as failed, to send next time.
        ledger.finish(edition, recipient.email, "failed", None, f"not sent: {exc}")
        report.failed.append((recipient.email, f"not sent: {exc}"))
        raise
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


def resolve(folder: Path, ledger_path: Path, email: str, decision: str) -> str:
    """A person's decision on an unresolved attempt, recorded under the ledger's lock."""
    meta = check_folder(folder)[0].metadata
    with contextlib.suppress(AddressError):
        email = ascii_address(email)  # the form the ledger keeps: bücher.example -> xn--bcher-kva
    identity = Identity(meta.subject.name, meta.language, meta.title, folder.resolve().name)
    edition = meta.edition.number
    if not ledger_path.exists():
        raise problem(ledger_path, "no ledger here: nothing was prepared or sent with it (another: --ledger)")
    # Under the lock: a running send may have this very attempt in flight.
    with locked(ledger_path), Ledger.open(ledger_path, identity, create=False) as book:
        if not book.resolve(edition, email, decision):
            raise problem(ledger_path, f"no unresolved attempt for {email} in edition {edition}")
    return f"{email}: edition {edition} recorded as {decision}"


def trace(pdf: Path, ledger_path: Path) -> str:
    """Who a copy was prepared for, from the copy ID it carries."""
    try:
        copy_id = read_copy_id(pdf)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        raise DeliveryError([Problem(str(pdf), None, f"not a readable PDF: {exc}")]) from None
    if copy_id is None:
        raise DeliveryError(
            [Problem(str(pdf), None, "this PDF carries no copy ID: it is not a personalised copy")]
        )
    with Ledger.open(ledger_path, None, create=False) as ledger:
        owner = ledger.copy_owner(copy_id)
        folder = ledger.meta["folder"]
    if owner is None:
        raise DeliveryError([Problem(str(pdf), None, f"copy {copy_id} is not in the ledger {ledger_path}")])
    edition, email, addressed = owner
    return f"copy {copy_id}: {folder}, edition {edition}, prepared for {addressed} <{email}>"
