"""Turn HTTP requests from a browser on this machine into the preview's page, briefing and news.

Served on 127.0.0.1 only: `/` the preview's page (styles/preview/page.html), `/briefing`
the briefing's HTML, `/events` a stream of the session's changes (server-sent events),
`/briefing.pdf` the last good PDF, and the files the briefing asks for from styles/ and the
dossier folder, read by the one rule for files (files.py) as the PDF's layout reads them.
"""

from __future__ import annotations

import json
import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..files import Refused, read_file
from ..paths import STYLES
from ..render.templates import environment
from .session import Session, Snapshot

PREVIEW = STYLES / "preview"
KEEP_ALIVE = 15.0  # seconds between comments on a quiet event stream
PDF_LIMIT = 1 << 30  # the briefing's own PDF: whatever size it was built at


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream does not keep the process alive

    def __init__(self, session: Session, port: int) -> None:
        self.session = session
        self.stopping = False
        super().__init__(("127.0.0.1", port), Handler)


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        session = self.server.session
        if path == "/":
            self._send(_page(session), "text/html; charset=utf-8")
        elif path == "/briefing":
            html = session.state.html
            self._send(html or _waiting(), "text/html; charset=utf-8")
        elif path == "/events":
            self._events(session)
        elif path == "/briefing.pdf" and session.state.pdf is not None:
            self._file(session.state.pdf.parent, session.state.pdf.name, PDF_LIMIT)
        elif path.startswith("/preview/"):
            self._file(PREVIEW, path.removeprefix("/preview/"))
        elif path.startswith("/styles/"):
            self._file(STYLES, path.removeprefix("/styles/"))
        elif path.startswith("/content/"):
            self._file(session.folder, path.removeprefix("/content/"))
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    def _send(self, text: str, kind: str) -> None:
        data = text.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _file(self, root: Path, name: str, limit: int | None = None) -> None:
        try:
            data = read_file(root.resolve(), name, limit)
        except Refused:
            self.send_error(HTTPStatus.NOT_FOUND)
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", mimetypes.guess_type(name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self, session: Session) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while not self.server.stopping:
                state = session.wait(seen, KEEP_ALIVE)
                if state.version == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(f"data: {json.dumps(news(state))}\n\n".encode())
                    seen = state.version
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a line per request would bury the messages that matter


def news(state: Snapshot) -> dict[str, Any]:
    """What the page needs to know of a state (not the HTML itself: it asks for that)."""
    return {
        "version": state.version,
        "html": state.html_version,
        "problems": list(state.problems),
        # The last PDF's warnings stand until the next PDF's: a warning does not flicker away
        # while the pages are laid out again.
        "warnings": list(dict.fromkeys([*state.warnings, *state.pdf_warnings])),
        "pdf": state.pdf_built,
        "laying_out": state.laying_out,
        "seconds": state.seconds,
    }


def _page(session: Session) -> str:
    return environment(PREVIEW).get_template("page.html").render(folder=session.folder.name)


def _waiting() -> str:
    return "<!DOCTYPE html><html lang='en'><title>Waiting</title><p>Reading the content…</p></html>"
