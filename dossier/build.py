"""Turn a content folder into a PDF briefing: load, validate, cite, render HTML, lay out, audit, write.

Rendering runs in a child process with a time and a memory limit: content is checked
before, but a resource that is costly to render (an image with huge dimensions, an SVG
of nested references) must end the build with an error, not take the machine with it.
That process is started first, so that it loads WeasyPrint while the content is validated.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, Problem
from .paths import default_pdf
from .render.pdf import remove_stale_temporaries, write_bytes, write_text
from .worker import MEMORY_LIMIT, TIME_LIMIT, Worker

if TYPE_CHECKING:
    from .content.models import Dossier
    from .render.document import Rendered

# Each pass can only add to the set of page breaks, so this bounds a loop that in
# practice ends after the first layout (footnotes.py keeps notes with their calls).
MAX_PASSES = 5
# What rendering imports, loaded by the child while the parent validates. This module
# imports none of them at its top, so that the child is started before they load.
RENDERING_MODULES = (
    "weasyprint",
    "dossier.render.audit",
    "dossier.render.footnotes",
    "dossier.render.document",
    "dossier.render.provenance",
)


@dataclass(frozen=True)
class Built:
    pdf: Path
    html: Path | None
    rendered: Rendered
    warnings: list[Problem]
    passes: int


def default_output(folder: Path) -> Path:
    return default_pdf(folder)


def build(
    folder: Path,
    output: Path | None = None,
    *,
    emit_html: bool = False,
    variant: str = "pdf/ua-1",
    draft: bool = False,
    time_limit: float = TIME_LIMIT,
    memory_limit: int = MEMORY_LIMIT,
    strict: bool = False,
) -> Built:
    """Build `folder` into `output` (default build/<folder>.pdf); raises DossierError on bad content."""
    with Worker(_render, _warm, memory_limit=memory_limit, label=str(folder)) as worker:
        # Imported only now, once the child is loading WeasyPrint: the validator's own
        # loading (pydantic models, bibtexparser) then runs beside it, not before it.
        from .content.validate import check_folder

        dossier, warnings = check_folder(folder, strict=strict)
        target = output or default_output(folder)
        if target.parent.is_dir():
            remove_stale_temporaries(target)
        # Nothing is written while the child renders: a build stopped at any point leaves
        # the previous PDF as it was.
        worker.submit((dossier, folder, variant, draft))
        html, rendered, passes, data = worker.result(time_limit)
    if emit_html:
        write_text(html, target.with_suffix(".html"))
    write_bytes(data, target)
    return Built(target, target.with_suffix(".html") if emit_html else None, rendered, warnings, passes)


def _warm() -> None:
    for name in RENDERING_MODULES:
        importlib.import_module(name)


def _render(dossier: Dossier, folder: Path, variant: str, draft: bool) -> tuple[str, Rendered, int, bytes]:
    """In the child: cite, render HTML, lay out, audit, and return the HTML, notes and PDF bytes."""
    from .cite.notes import Style, style_path
    from .content.csl import BUILTIN_STYLES
    from .render.audit import audit, misplaced_notes, short_form_notes
    from .render.document import SECTIONS, render_html, with_notes
    from .render.pdf import PdfOptions, layout, pdf_bytes
    from .render.provenance import attachments, epoch

    name = dossier.metadata.citation_style
    options = PdfOptions(
        variant=variant,
        epoch=epoch(dossier),
        attachments=attachments(folder, dossier, variant) if variant.startswith("pdf/a-3") else (),
    )
    try:
        style = Style(style_path(name, folder))
        page, rendered = render_html(dossier, style, draft=draft)
    except Exception as exc:
        if name in BUILTIN_STYLES:
            raise
        # Validation checked that the style is well-formed CSL; citeproc-py may still fail
        # on what it does not implement. The style is what to look at, not the folder.
        raise BuildError(
            [Problem(str(folder / name), None, f"citeproc-py cannot use this citation style: {exc!r}")]
        ) from None
    breaks: frozenset[int] = frozenset()
    passes = 0
    while passes < MAX_PASSES:
        passes += 1
        document = layout(with_notes(page, rendered, breaks=breaks), options, folder)
        if not style.is_note:
            break
        # A note WeasyPrint still separated from its call (or lost) despite footnotes.py:
        # its calling block starts a new page, and the pages are laid out again.
        drifted = misplaced_notes(document) - breaks
        if not drifted:
            break
        breaks |= drifted
    short = short_form_notes(document)
    faults = audit(document, len(rendered.notes) if style.is_note else 0, dict(SECTIONS))
    if faults:
        # The PDF is not written: a briefing with a lost or misplaced note misleads.
        raise BuildError([Problem(str(folder), None, f"layout check failed: {fault}") for fault in faults])
    html = with_notes(page, rendered, short=short, breaks=breaks)
    return html, rendered.settled(short), passes, pdf_bytes(document, options)
