"""Turn the briefing's HTML into a PDF file, replacing the previous PDF only once the new one is whole."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import BuildError, Problem
from .html import STYLES


def write_pdf(html: str, target: Path) -> None:
    # Imported here: `dossier check` must stay fast and never load WeasyPrint.
    from weasyprint import HTML

    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target, then renamed: a failed or interrupted build never
    # leaves a half-written file where the last good PDF was.
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            HTML(string=html, base_url=str(STYLES) + os.sep).write_pdf(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as exc:
        raise BuildError([Problem(str(target), 1, f"cannot write the PDF: {exc.strerror or exc}")]) from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def write_text(text: str, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, target)
