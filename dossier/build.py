"""Turn a content folder into a PDF briefing: load, validate, cite, render HTML, write PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Problem
from .html import Rendered, render_html
from .pdf import write_pdf, write_text
from .validate import check_folder


@dataclass(frozen=True)
class Built:
    pdf: Path
    html: Path | None
    rendered: Rendered
    warnings: list[Problem]


def default_output(folder: Path) -> Path:
    return Path("build") / f"{folder.resolve().name}.pdf"


def build(folder: Path, output: Path | None = None, *, emit_html: bool = False) -> Built:
    """Build `folder` into `output` (default build/<folder>.pdf); raises DossierError on bad content."""
    dossier, warnings = check_folder(folder)
    html, rendered = render_html(dossier)
    target = output or default_output(folder)
    html_path = target.with_suffix(".html") if emit_html else None
    if html_path is not None:
        write_text(html, html_path)
    write_pdf(html, target)
    return Built(target, html_path, rendered, warnings)
