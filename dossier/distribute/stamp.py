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

from ..paths import STYLES
from ..render.templates import environment
from ..worker import MEMORY_LIMIT, TIME_LIMIT, Worker
from .recipients import Recipient

COPY_ID_KEY = "/DossierCopyID"
# From this many copies, two processes stamp them (forking costs less than a copy).
PARALLEL_FROM = 8


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


def choose_copy_ids(recipients: list[Recipient], known: dict[str, str]) -> list[tuple[Recipient, str]]:
    """Each recipient with the copy ID already given to their email, or a new one."""
    return [(r, known.get(r.email.lower()) or new_copy_id()) for r in recipients]


def load_renderer() -> None:
    """What `marks_pdf` needs loaded, for a process to load before it is asked for marks."""
    import weasyprint  # noqa: F401

    from ..render import resources  # noqa: F401


def marks_pdf(chosen: list[tuple[Recipient, str]], when: date) -> bytes:
    """The marks of every copy, two pages each (cover, other pages), in the order of `chosen`."""
    from weasyprint import HTML

    from ..render.resources import BASE_URL, SandboxFetcher

    html = environment().get_template("marks.html").render(copies=chosen, when=when)
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
    briefing: Path, chosen: list[tuple[Recipient, str]], marks_data: bytes, out_dir: Path, edition: int
) -> list[Copy]:
    """One stamped PDF per (recipient, copy ID) in `out_dir`, its marks taken from `marks_data`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    job = (briefing, chosen, marks_data, out_dir, edition)
    if len(chosen) < PARALLEL_FROM:
        return _stamp(*job, range(len(chosen)))
    # Copies are independent of each other: a second process stamps the second half.
    half = len(chosen) // 2
    with Worker(_stamp, _ready, memory_limit=MEMORY_LIMIT, label=str(briefing)) as helper:
        helper.submit((*job, range(half, len(chosen))))
        first = _stamp(*job, range(half))
        return first + helper.result(TIME_LIMIT)


def _ready() -> None:
    return None


def _stamp(
    briefing: Path,
    chosen: list[tuple[Recipient, str]],
    marks_data: bytes,
    out_dir: Path,
    edition: int,
    indexes: range,
) -> list[Copy]:
    marks = pikepdf.open(io.BytesIO(marks_data))
    copies = []
    for index in indexes:
        recipient, copy_id = chosen[index]
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
