"""Turn a content folder into a PDF briefing: load, validate, cite, render HTML, lay out, audit, write.

Rendering runs in a child process with a time and a memory limit: content is checked
before, but a resource that is costly to render (an image with huge dimensions, an SVG
of nested references) must end the build with an error, not take the machine with it.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from .audit import audit, misplaced_notes, short_form_notes
from .errors import BuildError, DossierError, Problem
from .html import SECTIONS, Rendered, render_html, with_notes
from .models import Dossier
from .notes import Style, style_path
from .pdf import (
    PdfOptions,
    layout,
    pdf_bytes,
    remove_stale_temporaries,
    write_bytes,
    write_text,
)
from .provenance import attachments, epoch
from .validate import check_folder

# Each pass can only add to the set of page breaks, so this bounds a loop that in
# practice ends after the first layout (footnotes.py keeps notes with their calls).
MAX_PASSES = 5
TIME_LIMIT = 60  # seconds; the sample takes about 6
MEMORY_LIMIT = 2048  # MiB of address space for the rendering process


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
    time_limit: float = TIME_LIMIT,
    memory_limit: int = MEMORY_LIMIT,
) -> Built:
    """Build `folder` into `output` (default build/<folder>.pdf); raises DossierError on bad content."""
    dossier, warnings = check_folder(folder)
    target = output or default_output(folder)
    if target.parent.is_dir():
        remove_stale_temporaries(target)
    # Nothing is written while the child renders: a build stopped at any point leaves
    # the previous PDF as it was.
    html, rendered, passes, data = _in_child((dossier, folder, variant, draft), time_limit, memory_limit)
    if emit_html:
        write_text(html, target.with_suffix(".html"))
    write_bytes(data, target)
    return Built(target, target.with_suffix(".html") if emit_html else None, rendered, warnings, passes)


def _in_child(job: tuple[Any, ...], time_limit: float, memory_limit: int) -> tuple[str, Rendered, int, bytes]:
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, job, memory_limit), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(time_limit):
            raise BuildError(
                [
                    Problem(
                        str(job[1]),
                        1,
                        f"rendering took longer than {time_limit:g} s and was "
                        "stopped: look for a large or deeply nested image, or raise --time-limit",
                    )
                ]
            )
        try:
            kind, payload = receive.recv()
        except EOFError:
            raise BuildError(
                [
                    Problem(
                        str(job[1]),
                        1,
                        "rendering stopped unexpectedly (out of memory?): "
                        "look for a very large image, or raise --memory-limit",
                    )
                ]
            ) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receive.close()
    if kind == "ok":
        return payload  # type: ignore[no-any-return]
    if kind == "memory":
        raise BuildError(
            [
                Problem(
                    str(job[1]),
                    1,
                    f"rendering needed more than {memory_limit} MiB and was "
                    "stopped: look for a very large image, or raise --memory-limit",
                )
            ]
        )
    raise BuildError([Problem(*p) for p in payload])


def _child(send: Connection, job: tuple[Any, ...], memory_limit: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    limit = memory_limit * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        send.send(("ok", _render(*job)))
    except MemoryError:
        send.send(("memory", None))
    except DossierError as exc:
        send.send(("error", [(p.path, p.line, p.message, p.warning) for p in exc.problems]))
    except OSError as exc:
        # WeasyPrint writes the bundled fonts to temporary files for fontconfig.
        message = f"rendering could not write a temporary file: {exc.strerror or exc} (is the disk full?)"
        send.send(("error", [(str(job[1]), 1, message, False)]))
    except Exception as exc:
        send.send(("error", [(str(job[1]), 1, f"rendering failed: {type(exc).__name__}: {exc}", False)]))
    finally:
        send.close()


def _render(dossier: Dossier, folder: Path, variant: str, draft: bool) -> tuple[str, Rendered, int, bytes]:
    style = Style(style_path(dossier.metadata.citation_style, folder))
    options = PdfOptions(
        variant=variant,
        epoch=epoch(dossier),
        attachments=attachments(folder, dossier, variant) if variant.startswith("pdf/a-3") else (),
    )
    page, rendered = render_html(dossier, style, draft=draft)
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
        raise BuildError([Problem(str(folder), 1, f"layout check failed: {fault}") for fault in faults])
    html = with_notes(page, rendered, short=short, breaks=breaks)
    return html, rendered.settled(short), passes, pdf_bytes(document, options)
