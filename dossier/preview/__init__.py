"""Turn a dossier folder into a live preview on 127.0.0.1: the briefing, refreshed as its files change.

`run` is the stage's list: load what rendering needs (so that each PDF's rendering process
is forked warm), serve, show the content as it is, then refresh on every change to the
folder or to styles/ (watchfiles) until Ctrl-C.
"""

from __future__ import annotations

import errno
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from ..errors import DossierError, Problem
from ..paths import STYLES, default_pdf

# Changes closer together than this are taken as one (an editor saving in several writes).
DEBOUNCE_MS = 50


def run(folder: Path, port: int, say: Callable[[str], None], output: Path | None = None) -> None:
    """Preview `folder` on 127.0.0.1:`port` (0: a free port), telling `say` where; until Ctrl-C."""
    from watchfiles import watch

    from ..build import warm
    from .server import Server
    from .session import Session

    warm()  # before any thread starts: the rendering processes are forked from this one
    session = Session(folder, output or default_pdf(folder))
    try:
        server = Server(session, port)
    except OSError as exc:
        why = "is in use" if exc.errno == errno.EADDRINUSE else f"cannot be opened ({exc.strerror or exc})"
        raise DossierError(
            [
                Problem(
                    f"127.0.0.1:{port}", None, f"the port {why}: choose another with --port, or leave it out"
                )
            ],
            "nothing previewed",
        ) from None
    stop = threading.Event()
    threads = [
        threading.Thread(target=server.serve_forever, name="serve", daemon=True),
        threading.Thread(target=session.build_pdfs, args=(stop,), name="pdf", daemon=True),
    ]
    for thread in threads:
        thread.start()
    # Ctrl-C stops it even where the shell that started it ignores the signal (a job started
    # in the background inherits SIG_IGN, and Python then installs no handler); so does a
    # plain `kill`.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    say(f"Previewing {folder} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)")
    session.refresh()
    try:
        for _ in watch(folder, STYLES, stop_event=stop, debounce=DEBOUNCE_MS, step=20):
            session.refresh()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.stopping = True
        server.shutdown()
        server.server_close()
    say("Preview stopped.")


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
