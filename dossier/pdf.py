"""Turn the briefing's HTML into a PDF file, replacing the previous PDF only once the new one is whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import BuildError, Problem
from .html import STYLES

if TYPE_CHECKING:
    from weasyprint.document import Document


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write through `write` into a temporary file beside `target`, then rename it over `target`.

    A failed or interrupted build never leaves a half-written file where the last
    good one was, and leaves no temporary file behind when it fails cleanly.
    """
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); a PDF is shared like any file the user saves.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise BuildError(
            [Problem(str(target), 1, f"cannot write this file: {exc.strerror or exc}")]
        ) from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)


@dataclass(frozen=True)
class Attachment:
    name: str
    data: bytes
    description: str


@dataclass(frozen=True)
class PdfOptions:
    """How the PDF is written: its variant, its fixed timestamp, what it carries."""

    variant: str = "pdf/ua-1"
    # Seconds since 1970 used for every timestamp in the file (fonts, metadata,
    # attachments), so that the same content always gives the same bytes.
    epoch: int = 0
    attachments: tuple[Attachment, ...] = ()

    def weasyprint(self) -> dict[str, Any]:
        if self.variant == "plain":
            return {}
        return {"pdf_variant": self.variant, "pdf_tags": True}


VARIANTS = ("pdf/ua-1", "pdf/a-3u", "plain")


def layout(html: str, options: PdfOptions) -> Document:
    """Lay out the HTML into pages (WeasyPrint), without writing anything yet."""
    # Imported here: `dossier check` must stay fast and never load WeasyPrint.
    from weasyprint import HTML

    from .resources import BASE_URL, StylesFetcher

    fetcher = StylesFetcher(STYLES)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**options.weasyprint())
    if fetcher.refused:
        raise BuildError(
            [Problem("styles/briefing.html", 1, f"refused to load {url}") for url in fetcher.refused]
        )
    return document


def first_note_of_each_page(document: Document) -> set[int]:
    """Numbers of the notes that open a page's footnote area."""
    first: set[int] = set()
    for page in document.pages:
        # WeasyPrint keeps the laid-out boxes on the page (a private attribute, pinned
        # with WeasyPrint < 71): the footnote area's children are the notes, in order.
        for child in page._page_box.children:
            if type(child).__name__ == "FootnoteAreaBox" and child.children:
                element_id = child.children[0].element.get("id", "")
                if element_id.startswith("fn"):
                    first.add(int(element_id[2:]))
    return first


def write_pdf(document: Document, target: Path, options: PdfOptions) -> None:
    from weasyprint import Attachment as WeasyAttachment

    when = datetime.fromtimestamp(options.epoch, tz=UTC)
    attachments = [
        WeasyAttachment(string=a.data, name=a.name, description=a.description, created=when, modified=when)
        for a in options.attachments
    ]
    extra = {"attachments": attachments} if attachments else {}
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    # fontTools stamps subsetted fonts with the current time unless this is set.
    os.environ["SOURCE_DATE_EPOCH"] = str(options.epoch)
    try:
        replace_atomically(target, lambda stream: document.write_pdf(stream, **options.weasyprint(), **extra))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def write_text(text: str, target: Path) -> None:
    replace_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
