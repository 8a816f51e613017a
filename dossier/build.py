"""Turn a content folder into a PDF briefing: the stage plan, in the order the stages run.

`build` is the list of stages, as a reader would name them:

1. inputs: one hash of everything the PDF depends on; unchanged inputs, nothing to do
2. load and validate the content folder into a `Dossier` (content/), or all its problems
3. in a child process: cite, view model, HTML, layout, audit and settle (`_render`)
4. write the PDF (and the HTML), each replacing the previous file only once complete

Rendering runs in a child process with a time and a memory limit: content is checked
before, but a resource that is costly to render (an image with huge dimensions, an SVG
of nested references) must end the build with an error, not take the machine with it.
That process is started first, so that it loads WeasyPrint while the content is validated.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError, ContentError, DossierError, Problem
from .freshness import inputs_hash, remember, up_to_date
from .paths import default_pdf
from .render.pdf import remove_stale_temporaries, write_bytes, write_text
from .words import counted
from .worker import MEMORY_LIMIT, TIME_LIMIT, Worker, stage

if TYPE_CHECKING:
    from pikepdf import Pdf
    from weasyprint.document import Document

    from .cite.notes import Style
    from .content.models import Dossier
    from .render.document import Rendered
    from .render.pdf import PdfOptions

# Each pass can only add to the set of page breaks, so this bounds a loop that in
# practice ends after the first layout (footnotes.py keeps notes with their calls).
MAX_PASSES = 5
# What rendering imports, loaded by the child while the parent validates. This module
# imports none of them at its top, so that the child is started before they load.
RENDERING_MODULES = (
    "weasyprint",
    "dossier.render.audit",
    "dossier.render.footnotes",
    "dossier.render.weasyprint70",
    "dossier.render.document",
    "dossier.render.provenance",
)


@dataclass(frozen=True)
class Settings:
    """How to build: what the PDF is (variant, draft), the limits, and what else to do."""

    variant: str = "pdf/ua-1"
    draft: bool = False
    time_limit: float = TIME_LIMIT
    memory_limit: int = MEMORY_LIMIT
    strict: bool = False
    emit_html: bool = False  # also write the HTML the PDF is laid out from (<name>.layout.html)
    format: str = "pdf"  # "pdf", "html" (the web edition, <name>.html) or "both"

    def shapes_pdf(self) -> dict[str, object]:
        """The settings that change the PDF's bytes, for the inputs hash."""
        return {"variant": self.variant, "draft": self.draft}


@dataclass(frozen=True)
class Laid:
    """What the rendering child returns: the HTML and PDF, and how the layout settled."""

    html: str
    rendered: Rendered
    pdf: bytes
    passes: int
    breaks: frozenset[int]  # notes whose calling block was moved to a new page
    whole: frozenset[str]  # words kept whole, which a page turn had hyphenated
    looks: list[str]  # faults of appearance
    access: list[str] = field(default_factory=list)  # PDF/UA-1 conditions the file fails
    pages: dict[str, int] = field(default_factory=dict)  # each id of the HTML: its page


@dataclass(frozen=True)
class Built:
    pdf: Path
    html: Path | None
    rendered: Rendered | None  # None when nothing was built: the PDF was up to date
    warnings: list[Problem] = field(default_factory=list)
    passes: int = 0
    breaks: frozenset[int] = frozenset()
    whole: frozenset[str] = frozenset()
    pages: dict[str, int] = field(default_factory=dict)  # each id of the HTML: its page
    web: Path | None = None  # the web edition, where one was asked for
    rendered_web: bool = False  # the web edition alone was made (no PDF)

    @property
    def up_to_date(self) -> bool:
        return self.rendered is None and not self.rendered_web


def build(
    folder: Path,
    output: Path | None = None,
    settings: Settings = Settings(),
    *,
    force: bool = False,
    checked: tuple[Dossier, list[Problem]] | None = None,
) -> Built:
    """Build `folder` into `output` (default build/<folder>.pdf), stage by stage.

    `checked` is the folder already validated by the caller (distribution validates before
    it decides whom to send to): it is not validated again. Raises a DossierError, with
    nothing written, on any problem.
    """
    target = output or default_pdf(folder)
    pdf_target = target if settings.format != "html" else None
    web_target = target.with_suffix(".html") if settings.format != "pdf" else None
    html_target = target.with_suffix(".layout.html") if settings.emit_html and pdf_target else None
    web_path = web_target
    if target.parent.is_dir():
        remove_stale_temporaries(target)  # left by a build that was killed, even if nothing changed
    # 1. Inputs, each output its own (a PDF built before the web edition is not built again
    # for it). --strict must see the warnings, so it always validates.
    pdf_inputs = inputs_hash(folder, settings.shapes_pdf())
    web_inputs = inputs_hash(folder, {"web edition": True, "draft": settings.draft})
    fresh_enough = not force and not settings.strict and checked is None
    extra = [html_target] if html_target else []
    if pdf_target and fresh_enough and up_to_date(pdf_target, pdf_inputs, extra):
        pdf_target = None
    if web_target and fresh_enough and up_to_date(web_target, web_inputs, []):
        web_target = None
    if pdf_target is None and web_target is None:
        return Built(target, html_target, None, web=web_path)
    # The web edition alone needs no rendering process: no WeasyPrint.
    rendering = (
        Worker(_render, warm, memory_limit=settings.memory_limit, label=str(folder)) if pdf_target else None
    )
    with rendering or contextlib.nullcontext() as worker:
        # 2. Load and validate, while the child loads WeasyPrint. Imported only now: the
        # validator's own loading (pydantic, bibtexparser) then runs beside it.
        from .content.validate import check_folder

        dossier, warnings = checked or check_folder(folder, strict=settings.strict)
        if checked is None:
            # Every printed value against the kept texts of its sources (verify/).
            from .verify.run import as_warnings, verify_checked

            verdict = verify_checked(folder, dossier)
            found = as_warnings(verdict)  # a misquotation stops the build here
            if settings.strict and found:
                raise ContentError(found, f"{counted(len(found), 'warning')}, which --strict makes errors")
            warnings = [*warnings, *found]
            dossier = dossier.model_copy(update={"verified": verdict.counts()})
        # 3. Cite, view model, HTML, layout, audit and settle: in the child.
        if worker is not None:
            worker.submit((dossier, folder, settings.variant, settings.draft))
        # The web edition, from the same HTML, here while the child lays the pages out.
        web = _web(dossier, folder) if web_target else None
        laid: Laid | None = worker.result(settings.time_limit) if worker is not None else None
    # What rendering saw (appearance, fields the citations leave out, accessibility):
    # warnings, which --strict makes errors.
    seen = _rendering_warnings(folder, dossier, laid, settings.variant) if laid else []
    if settings.strict and seen:
        raise BuildError(seen, f"{counted(len(seen), 'warning')}, which --strict makes errors")
    warnings = [*warnings, *seen]
    # 4. Write. Nothing was written before this point: a build stopped at any stage
    # leaves the previous PDF as it was.
    if web_target and web is not None:
        write_text(web, web_target)
        remember(web_target, web_inputs)
    if laid is None or pdf_target is None:
        return Built(target, None, None, warnings, web=web_path, rendered_web=web is not None)
    if html_target:
        write_text(laid.html, html_target)
    write_bytes(laid.pdf, pdf_target)
    remember(pdf_target, pdf_inputs)
    return Built(
        target,
        html_target,
        laid.rendered,
        warnings,
        laid.passes,
        laid.breaks,
        laid.whole,
        laid.pages,
        web_path,
        rendered_web=web is not None,
    )


def _web(dossier: Dossier, folder: Path) -> str:
    from .render.web import web_edition

    return web_edition(html_only(dossier, folder), folder)


def left_out_warnings(folder: Path, dossier: Dossier, found: dict[str, list[str]]) -> list[Problem]:
    """Fields of sources their OSCOLA citations leave out, at each entry's line (`check`
    names them from the sources, `build` from what it cited)."""
    from .content.load import SOURCES

    return [
        Problem(
            str(folder / SOURCES),
            dossier.sources[key].line,
            f"source '{key}': not printed in its OSCOLA form: {', '.join(fields)}",
            warning=True,
        )
        for key, fields in found.items()
    ]


def _rendering_warnings(folder: Path, dossier: Dossier, laid: Laid, variant: str) -> list[Problem]:
    left_out = left_out_warnings(folder, dossier, laid.rendered.left_out)
    # A PDF/UA-1 condition the file fails: the PDF does not claim PDF/UA-1 then.
    unclaimed = {
        "pdf/ua-1": "PDF/UA-1 not claimed: ",
        "pdf/a-3a": "PDF/UA-1 and PDF/A-3a not claimed (PDF/A-3u only): ",
    }.get(variant, "")
    access = [Problem(str(folder), None, f"accessibility: {unclaimed}{f}", warning=True) for f in laid.access]
    looks = [Problem(str(folder), None, f"appearance: {fault}", warning=True) for fault in laid.looks]
    return [*left_out, *access, *looks]


def warm() -> None:
    """Load what rendering imports (WeasyPrint most of all)."""
    for name in RENDERING_MODULES:
        importlib.import_module(name)


def _render(dossier: Dossier, folder: Path, variant: str, draft: bool) -> Laid:
    """In the child, the rendering stages in order."""
    from .render.pdf import PdfOptions
    from .render.provenance import attachments, epoch

    options = PdfOptions(
        variant=variant,
        epoch=epoch(dossier),
        attachments=attachments(folder, dossier, variant) if variant.startswith("pdf/a-3") else (),
    )
    with _collecting_seldom():
        laid = _lay_out_and_write(dossier, folder, options, draft)
    stage("checking the PDF", "a very long document")
    data, access = _accessible(laid.pdf, laid.html, variant)
    return replace(laid, pdf=data, access=access)


@contextlib.contextmanager
def _collecting_seldom() -> Iterator[None]:
    """Python's cycle collector run every 50,000 new objects instead of every 700, then once.

    Laying out makes millions of small objects that live until the PDF is written; the
    collector, run every 700 of them, scans the young ones again and again (a fifth of the
    layout's time at 16x the sample). The collection at the end frees the laid-out pages,
    which hold cycles, before the PDF is mended and checked (at 16x, 60 MiB of the peak)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.collect()


def _lay_out_and_write(dossier: Dossier, folder: Path, options: PdfOptions, draft: bool) -> Laid:
    """Cite, view model, HTML, layout (settled), audit, and the PDF as WeasyPrint writes it."""
    from .render.audit import appearance, audit, short_form_notes
    from .render.document import SECTIONS, render_html, with_notes
    from .render.pdf import pdf_bytes

    # Cite: the notes and bibliography in the dossier's CSL style; view model: every
    # section's texts in reading order, notes numbered as the reader meets them.
    stage("citing the sources and setting the text", "a very long text or many citations")
    style, rendered = _cite(dossier, folder)
    # HTML: the template prints the view model, each note's text still a placeholder.
    page = render_html(dossier, rendered, draft=draft)
    # Layout, settled: laid out until every note sits on its call's page.
    document, breaks, whole, passes = _lay_out(page, rendered, style, options, folder)
    # Audit: a briefing with a lost or misplaced note misleads, so it is not written.
    stage("checking the layout", "a very long document")
    short = short_form_notes(document)
    faults = audit(document, len(rendered.notes) if style.is_note else 0, dict(SECTIONS))
    if faults:
        raise BuildError([Problem(str(folder), None, f"layout check failed: {fault}") for fault in faults])
    looks = appearance(document, rendered.names, str(dossier.model_dump()))
    html = with_notes(page, rendered, short=short, breaks=breaks, whole=whole)
    # Where each id begins (WeasyPrint's anchors; an element split across pages is listed
    # on each), for a preview to mark the page breaks.
    pages: dict[str, int] = {}
    for number, laid in enumerate(document.pages, 1):
        for name in laid.anchors:
            pages.setdefault(name, number)
    # SVG images are drawn only now, as the PDF is written.
    stage("writing the PDF", "a large or deeply nested image, or a very long document")
    data = pdf_bytes(document, options)
    # The laid-out pages are done with once this returns: they go before the PDF is mended
    # and checked, which would otherwise hold both in memory at once.
    return Laid(html, rendered.settled(short), data, passes, breaks, whole, looks, [], pages)


def _accessible(data: bytes, html: str, variant: str) -> tuple[bytes, list[str]]:
    """The tags mended, then checked, in one opening of the file and one save: a file
    failing a PDF/UA-1 condition does not claim it. A plain PDF has no tags; its hyphens
    are mended all the same (tagging.py)."""
    from .render.accessibility import check_open, identify_archival_open, unclaim_open
    from .render.anchors import anchors
    from .render.contents import edited
    from .render.tagging import mend_open

    def mend_and_check(pdf: Pdf) -> list[str]:
        mend_open(pdf, anchors(html))
        if variant == "plain":
            return []
        failures = [str(f) for f in check_open(pdf)]
        if failures and variant == "pdf/ua-1":
            unclaim_open(pdf)
        if variant == "pdf/a-3a":
            identify_archival_open(pdf, accessible=not failures)
        return failures

    return edited(data, mend_and_check)


def html_only(dossier: Dossier, folder: Path) -> str:
    """The briefing's HTML, cited and set, not laid out: each note as written ("ibid" where
    it follows its source), since only the layout settles which notes open a page."""
    from .render.document import render_html, with_notes

    _, rendered = _cite(dossier, folder)
    return with_notes(render_html(dossier, rendered), rendered, short=frozenset())


def _cite(dossier: Dossier, folder: Path) -> tuple[Style, Rendered]:
    from .cite.notes import load_style
    from .content.csl import BUILTIN_STYLES
    from .render.document import render_content

    name = dossier.metadata.citation_style
    try:
        style = load_style(name, folder)
        return style, render_content(dossier, style)
    except DossierError:
        raise  # already says what is wrong (an unsupported citeproc-py, say)
    except Exception as exc:
        if name in BUILTIN_STYLES:
            raise
        # Validation checked that the style is well-formed CSL; citeproc-py may still fail
        # on what it does not implement. The style is what to look at, not the folder.
        raise BuildError(
            [Problem(str(folder / name), None, f"citeproc-py cannot use this citation style: {exc!r}")]
        ) from None


def _lay_out(
    page: str, rendered: Rendered, style: Style, options: PdfOptions, folder: Path
) -> tuple[Document, frozenset[int], frozenset[str], int]:
    """Lay the pages out until they settle. A note WeasyPrint still separated from its call
    (or lost) despite footnotes.py gets its calling block moved to a new page; a word
    hyphenated across a page turn is kept whole; and the pages are laid out again."""
    from .render.audit import misplaced_notes, words_hyphenated_across_pages
    from .render.document import with_notes
    from .render.pdf import layout

    breaks: frozenset[int] = frozenset()
    whole: frozenset[str] = frozenset()
    passes = 0
    document: Document | None = None
    while True:
        passes += 1
        document = None  # the last pass's pages are freed before the next are laid out
        stage(f"laying out the pages (pass {passes})", "a very long document or paragraph")
        document = layout(with_notes(page, rendered, breaks=breaks, whole=whole), options, folder)
        drifted = misplaced_notes(document) - breaks if style.is_note else frozenset()
        split = frozenset(words_hyphenated_across_pages(document)) - whole
        if not (drifted or split) or passes == MAX_PASSES:
            return document, breaks, whole, passes
        breaks |= drifted
        whole |= split
