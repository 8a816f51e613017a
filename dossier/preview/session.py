"""Turn a dossier folder, as it is edited, into its latest briefing HTML, PDF and problems.

Each change is taken in two steps. First the content is validated and the briefing's HTML
made from it (no layout: a fraction of a second for the sample), which the preview shows
at once; then the PDF is built as `dossier build` builds it, in a rendering process forked
from this one, which has WeasyPrint loaded already. When the PDF is done, the HTML is
marked where its pages begin. A change with a problem keeps the last good HTML and PDF and
shows the problems instead, as file:line messages.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import DossierError, Problem
from ..paths import CONTENT_URL, STYLES_URL


@dataclass(frozen=True)
class Snapshot:
    """What the preview shows: `version` grows with every change to any of it."""

    version: int = 0
    html: str | None = None  # the last good briefing HTML, pages marked when known
    html_version: int = 0  # grows when `html` changes
    problems: tuple[str, ...] = ()  # of the last change: "file:line: message"
    warnings: tuple[str, ...] = ()  # of the last change's validation
    pdf_warnings: tuple[str, ...] = ()  # of the last PDF's build (verify's among them)
    pdf: Path | None = None  # the last good PDF
    pdf_built: str = ""  # when, as HH:MM:SS
    laying_out: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # how long each step took


class Session:
    """The preview's state, changed by `refresh` and read (or waited for) by the server."""

    def __init__(self, folder: Path, output: Path) -> None:
        self.folder, self.output = folder, output
        self._state = Snapshot()
        self._changed = threading.Condition()
        self._pages: dict[str, int] = {}  # the last PDF's page of each id
        self._pdf_wanted = threading.Event()
        self._lock = threading.Lock()  # one refresh at a time

    @property
    def state(self) -> Snapshot:
        with self._changed:
            return self._state

    def wait(self, after: int, timeout: float) -> Snapshot:
        """The state once its version is past `after`, or as it is after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.version > after, timeout)
            return self._state

    def refresh(self) -> None:
        """Validate and make the HTML now; ask the PDF builder for a new PDF."""
        from ..build import html_only
        from ..content.validate import check_folder

        with self._lock:
            start = time.perf_counter()
            try:
                dossier, warnings = check_folder(self.folder)
                html = html_only(dossier, self.folder)
            except DossierError as exc:
                self._update(problems=_lines(exc.problems) or (str(exc),))
                return
            seconds = {"html": time.perf_counter() - start}
            self._update(
                html=_marked(_served(html), self._pages),
                html_new=True,
                problems=(),
                warnings=_lines(warnings),
                seconds=seconds,
            )
        self._pdf_wanted.set()

    def build_pdfs(self, stop: threading.Event) -> None:
        """Build the PDF whenever `refresh` asks for one, until `stop` is set (a thread's loop)."""
        from ..build import build

        while not stop.is_set():
            if not self._pdf_wanted.wait(0.2):
                continue
            self._pdf_wanted.clear()
            self._update(laying_out=True)
            start = time.perf_counter()
            try:
                # Forced the first time: an up-to-date PDF is not laid out, and its pages
                # are what the marks come from.
                built = build(self.folder, self.output, force=not self._pages)
            except DossierError as exc:
                self._update(laying_out=False, problems=_lines(exc.problems) or (str(exc),))
                continue
            if built.pages:
                self._pages = built.pages
            with self._lock:
                state = self.state
                html = _marked(_unmarked(state.html), self._pages) if state.html else None
                self._update(
                    laying_out=False,
                    pdf=built.pdf,
                    pdf_built=time.strftime("%H:%M:%S"),
                    html=html,
                    html_new=html != state.html,
                    pdf_warnings=_lines(built.warnings) if built.rendered else state.pdf_warnings,
                    seconds={**state.seconds, "pdf": time.perf_counter() - start},
                )

    def _update(self, *, html_new: bool = False, **changes: object) -> None:
        with self._changed:
            state = replace(self._state, version=self._state.version + 1, **changes)  # type: ignore[arg-type]
            if html_new:
                state = replace(state, html_version=state.html_version + 1)
            self._state = state
            self._changed.notify_all()


def _lines(problems: list[Problem]) -> tuple[str, ...]:
    return tuple(str(p) for p in problems)


def _served(html: str) -> str:
    """The briefing's HTML as the preview serves it: its styles and images from this server,
    and the preview's own screen stylesheet after the briefing's."""
    html = html.replace(STYLES_URL, "/styles/").replace(CONTENT_URL, "/content/")
    head = '<base href="/styles/">'
    html = html.replace("<head>", f"<head>{head}", 1)
    return html.replace("</head>", '<link rel="stylesheet" href="/preview/briefing.css"></head>', 1)


_MARK = re.compile(r'<span class="page-mark"[^>]*>[^<]*</span>')
_ID = re.compile(r'<[a-zA-Z][^>]*?\sid="([^"]+)"')


def _unmarked(html: str | None) -> str:
    return _MARK.sub("", html or "")


def _marked(html: str, pages: dict[str, int]) -> str:
    """`html` with a mark before the first element of each page, as the last PDF laid it out
    (by the ids WeasyPrint placed: a mark may fall a few lines early)."""
    if not pages:
        return html
    out, last, page = [], 0, 1
    for found in _ID.finditer(html):
        number = pages.get(found[1])
        if number is None or number <= page:
            continue
        mark = f'<span class="page-mark" aria-hidden="true">page {number}</span>'
        out += [html[last : found.start()], mark]
        last, page = found.start(), number
    return "".join([*out, html[last:]])
