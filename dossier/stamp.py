"""Turn one built briefing into personalised copies: a "Prepared for" line and a copy ID on every page.

The briefing is rendered once. The marks of all copies are laid out together, in one
small WeasyPrint document of two pages per copy (cover marks, page marks), and each copy
is the briefing with its two pages overlaid as marked artifacts, so its tags stay valid.
"""

from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pikepdf

from .html import environment
from .inputs import STYLES
from .recipients import Recipient

COPY_ID_KEY = "/DossierCopyID"


@dataclass(frozen=True)
class Copy:
    recipient: Recipient
    copy_id: str
    path: Path
    sha256: str
    pages: int


def new_copy_id() -> str:
    """Eight characters people can read out on the phone: no 0/O or 1/I."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def marks_pdf(recipients: list[tuple[Recipient, str]], when: date) -> bytes:
    from weasyprint import HTML

    from .resources import BASE_URL, SandboxFetcher

    html = environment().get_template("marks.html").render(copies=recipients, when=when)
    data: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=SandboxFetcher(STYLES, STYLES)).write_pdf()
    return data


def _overlay(pdf: pikepdf.Pdf, page: pikepdf.Page, mark: pikepdf.Page) -> None:
    form = pdf.copy_foreign(mark.as_form_xobject())
    name = page.add_resource(form, pikepdf.Name.XObject, prefix="Mark")
    # WeasyPrint's page content leaves its coordinate transform in force: wrap it, so the
    # mark is drawn in the page's own coordinates (and not upside down).
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n"), prepend=False)
    # Marked as an artifact: the tagged structure of the briefing stays complete and a
    # screen reader does not read the stamp between paragraphs.
    page.contents_add(pdf.make_stream(b"q /Artifact BMC " + bytes(name) + b" Do EMC Q"), prepend=False)


def stamp_copies(
    briefing: Path,
    recipients: list[Recipient],
    out_dir: Path,
    edition: int,
    when: date,
    copy_ids: dict[str, str] | None = None,
) -> list[Copy]:
    """One stamped PDF per recipient in `out_dir`; `copy_ids` keeps IDs already given (by email)."""
    copy_ids = copy_ids or {}
    chosen = [(r, copy_ids.get(r.email.lower()) or new_copy_id()) for r in recipients]
    marks = pikepdf.open(io.BytesIO(marks_pdf(chosen, when)))
    out_dir.mkdir(parents=True, exist_ok=True)
    copies = []
    for index, (recipient, copy_id) in enumerate(chosen):
        with pikepdf.open(briefing) as pdf:
            cover_mark, page_mark = marks.pages[2 * index], marks.pages[2 * index + 1]
            for number, page in enumerate(pdf.pages):
                _overlay(pdf, page, cover_mark if number == 0 else page_mark)
            pdf.docinfo[COPY_ID_KEY] = copy_id
            pdf.docinfo["/DossierRecipient"] = recipient.addressed
            target = out_dir / f"edition-{edition}-{copy_id}.pdf"
            pdf.save(target, deterministic_id=True)
            pages = len(pdf.pages)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        copies.append(Copy(recipient, copy_id, target, digest, pages))
    return copies


def read_copy_id(path: Path) -> str | None:
    with pikepdf.open(path) as pdf:
        value = pdf.docinfo.get(COPY_ID_KEY)
        return str(value) if value is not None else None
