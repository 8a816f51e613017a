"""Turn a content folder into a PDF briefing: load, validate, cite, render HTML, lay out, audit, write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audit import audit, misplaced_notes
from .errors import BuildError, Problem
from .html import SECTIONS, Rendered, render_html
from .notes import Style, style_path
from .pdf import PdfOptions, first_note_of_each_page, layout, write_pdf, write_text
from .provenance import attachments, epoch
from .validate import check_folder

# Each pass can only add notes to the no-ibid set, so this bounds a loop that in
# practice settles after one extra layout.
MAX_PASSES = 5


@dataclass(frozen=True)
class Built:
    pdf: Path
    html: Path | None
    rendered: Rendered
    warnings: list[Problem]
    passes: int


def default_output(folder: Path) -> Path:
    return Path("build") / f"{folder.resolve().name}.pdf"


def build(
    folder: Path,
    output: Path | None = None,
    *,
    emit_html: bool = False,
    variant: str = "pdf/ua-1",
    draft: bool = False,
) -> Built:
    """Build `folder` into `output` (default build/<folder>.pdf); raises DossierError on bad content."""
    dossier, warnings = check_folder(folder)
    style = Style(style_path(dossier.metadata.citation_style, folder))
    target = output or default_output(folder)
    options = PdfOptions(
        variant=variant,
        epoch=epoch(dossier),
        attachments=attachments(folder, dossier, variant) if variant.startswith("pdf/a-3") else (),
    )
    no_ibid: frozenset[int] = frozenset()
    breaks: frozenset[str] = frozenset()
    passes = 0
    while passes < MAX_PASSES:
        passes += 1
        html, rendered = render_html(dossier, style, no_ibid, draft=draft, breaks=breaks)
        document = layout(html, options)
        if not style.is_note:
            break
        # A reader cannot see the note that "ibid" refers to when it is on the page
        # before: such notes get the short form instead, and the pages are laid out again.
        first = first_note_of_each_page(document)
        ibid_first = {n for n in first if rendered.note_positions.get(n, "").startswith("ibid")}
        # WeasyPrint cannot move an unbreakable block (a timeline row) with its note when
        # the note does not fit below it: such a block starts the next page instead.
        drifted = {rendered.note_anchors[n] for n in misplaced_notes(document) if n in rendered.note_anchors}
        if not ibid_first and drifted <= breaks:
            break
        no_ibid |= ibid_first
        breaks |= drifted
    faults = audit(document, len(rendered.notes) if style.is_note else 0, dict(SECTIONS))
    if faults:
        # The PDF is not written: a briefing with a lost or misplaced note misleads.
        raise BuildError([Problem(str(target), 1, f"layout check failed: {fault}") for fault in faults])
    html_path = target.with_suffix(".html") if emit_html else None
    if html_path is not None:
        write_text(html, html_path)
    write_pdf(document, target, options)
    return Built(target, html_path, rendered, warnings, passes)
