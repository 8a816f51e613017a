"""Turn the briefing's HTML into a PDF file, replacing the previous PDF only once the new one is whole."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import BuildError, Problem
from ..files import replace_atomically
from ..paths import STYLES

if TYPE_CHECKING:
    from weasyprint.document import Document


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


# PDF/UA-1; PDF/A-3a with PDF/UA-1 (archival and accessible, the content files attached);
# PDF/A-3u (archival, no tags asked); an untagged PDF.
VARIANTS = ("pdf/ua-1", "pdf/a-3a", "pdf/a-3u", "plain")
# What a build writes: the PDF, the web edition (render/web.py), or both.
FORMATS = ("pdf", "html", "both")


class _Errors(logging.Handler):
    """Collects WeasyPrint's errors (a missing image, a broken stylesheet) to fail the build on."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split()))


def layout(html: str, options: PdfOptions, content: Path) -> Document:
    """Lay out the HTML into pages (WeasyPrint), without writing anything yet."""
    # Imported here: `dossier check` must stay fast and never load WeasyPrint.
    from weasyprint import HTML

    from . import footnotes
    from .resources import BASE_URL, SandboxFetcher
    from .typeset import english_patterns

    footnotes.install()
    english_patterns()

    fetcher = SandboxFetcher(STYLES, content)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(**options.weasyprint())
    finally:
        logger.removeHandler(errors)
    problems = [Problem(str(content), None, f"refused to load {url}") for url in fetcher.refused]
    problems += [
        Problem(str(content), None, f"rendering error: {m}") for m in errors.messages if not fetcher.refused
    ]
    if problems:
        raise BuildError(problems)
    # SVG images are drawn, and what they refer to fetched, only when the PDF is written:
    # pdf_bytes checks this same list again then.
    document.dossier_refused = fetcher.refused
    document.dossier_content = content
    return document


def pdf_bytes(document: Document, options: PdfOptions) -> bytes:
    """The PDF file's bytes; the build writes them in place only once they are complete."""
    from weasyprint import Attachment as WeasyAttachment

    from . import tagging

    tagging.install()

    when = datetime.fromtimestamp(options.epoch, tz=UTC)
    attachments = [
        WeasyAttachment(string=a.data, name=a.name, description=a.description, created=when, modified=when)
        for a in options.attachments
    ]
    extra = {"attachments": attachments} if attachments else {}
    # fontTools stamps subsetted fonts with the current time unless this is set; this
    # runs in the build's own child process, so changing the environment is contained.
    os.environ["SOURCE_DATE_EPOCH"] = str(options.epoch)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    try:
        data: bytes = document.write_pdf(**options.weasyprint(), **extra)
    finally:
        logger.removeHandler(errors)
    refused: list[str] = getattr(document, "dossier_refused", [])
    where = str(getattr(document, "dossier_content", "."))
    problems = [Problem(where, None, f"refused to load {url}, referred to by an image") for url in refused]
    problems += [Problem(where, None, f"rendering error: {m}") for m in errors.messages if not refused]
    if problems:
        raise BuildError(problems)
    return data


def remove_stale_temporaries(target: Path) -> None:
    """Temporary files a killed build left beside the target (SIGKILL leaves no chance to clean)."""
    for stale in target.parent.glob(f".{target.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def write_bytes(data: bytes, target: Path) -> None:
    replace_atomically(target, lambda stream: stream.write(data))


def write_text(text: str, target: Path) -> None:
    replace_atomically(target, lambda stream: stream.write(text.encode("utf-8")))
