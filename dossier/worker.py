"""Turn a rendering job into its result in a child process, under a time and a memory limit.

The child is started before the job exists: it loads WeasyPrint (most of a second) while
the parent reads and validates the content, so on a machine with two cores the two
overlap. The time limit counts from the moment the job is handed over.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import resource
import shutil
import signal
import tempfile
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any, Generic, TypeVar

from .errors import BuildError, DossierError, Problem

T = TypeVar("T")
TIME_LIMIT = 60  # seconds; the sample takes about 5
MEMORY_LIMIT = 2048  # MiB of address space for the rendering process
# What the child was doing, and what makes that slow, before it says otherwise.
STARTING = ("starting", "a very long document")

# The child's end of the pipe, once it has its job: where `stage` reports go.
_parent: Connection | None = None


_stage = STARTING


def stage(doing: str, why: str) -> None:
    """In the rendering process: tell the parent what is being done now ("laying out the
    pages") and what can make that slow ("a very long paragraph"), for the message should
    the time limit stop it. Anywhere else (a test calling the stages directly), nothing."""
    global _stage
    _stage = (doing, why)
    _send((doing, why))


def reading(name: str) -> None:
    """In the rendering process: a file of the dossier folder (an image) was just read.

    WeasyPrint decodes an image after reading it, at a time it does not announce, and
    goes on with the stage after: the message names the stage and the file."""
    doing, why = _stage
    _send((f"{doing}, after reading '{name}'", f"a large or deeply nested image, or {why}"))


def _send(report: tuple[str, str]) -> None:
    if _parent is not None:
        with contextlib.suppress(OSError):
            _parent.send(("stage", report))


class Worker(Generic[T]):
    """A child process that runs `warm()` at once, then `run(*job)` for the one job it is given.

    Use as a context manager: leaving the block stops the child if it is still running
    (the content failed validation, say, and no job was ever sent).
    """

    def __init__(
        self, run: Callable[..., T], warm: Callable[[], object], *, memory_limit: int, label: str
    ) -> None:
        self.label = label  # the path problems about rendering are reported against
        self.stage = STARTING
        self.memory_limit = memory_limit
        # The child's temporary files (WeasyPrint writes the fonts for fontconfig, 5 MB a
        # build) go here, and the parent removes them: a child leaves with os._exit, which
        # runs no finaliser, or is killed at its limits.
        self.scratch = tempfile.mkdtemp(prefix="dossier-render-")
        context = multiprocessing.get_context("fork")
        self._conn, child_end = context.Pipe(duplex=True)
        self._child = context.Process(
            target=_serve,
            args=(child_end, self._conn, run, warm, memory_limit, label, self.scratch),
            daemon=True,
        )
        self._child.start()
        child_end.close()

    @property
    def pid(self) -> int | None:
        return self._child.pid

    def __enter__(self) -> Worker[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._child.is_alive():
            self._child.kill()
        self._child.join()
        self._conn.close()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def submit(self, job: tuple[Any, ...]) -> None:
        """Hand `job` to the child, which runs it as soon as it has warmed up."""
        # If the child already ended (it could not load WeasyPrint, say), sending fails
        # and its reason is in the pipe, for `result` to read.
        with contextlib.suppress(OSError):
            self._conn.send(job)

    def result(self, time_limit: float) -> T:
        """What the job returned, waiting at most `time_limit` seconds from now."""
        end = time.monotonic() + time_limit
        while True:
            if not self._conn.poll(max(end - time.monotonic(), 0)):
                doing, why = self.stage
                raise self._error(
                    f"rendering took longer than {time_limit:g} s and was stopped while {doing}: "
                    f"{why} can take this long; raise --time-limit if expected"
                )
            try:
                kind, payload = self._conn.recv()
            except EOFError:
                raise self._error(
                    f"rendering stopped unexpectedly while {self.stage[0]} (out of memory?): "
                    "look for a very large image, or raise --memory-limit"
                ) from None
            if kind != "stage":
                break
            self.stage = payload
        if kind == "ok":
            return payload  # type: ignore[no-any-return]
        if kind == "memory":
            raise self._error(
                f"rendering needed more than {self.memory_limit} MiB and was stopped: "
                "look for a very large image, or raise --memory-limit"
            )
        raise BuildError([Problem(*p) for p in payload])

    def _error(self, message: str) -> BuildError:
        return BuildError([Problem(self.label, None, message)])


def _serve(
    conn: Connection,
    parent_end: Connection,
    run: Callable[..., object],
    warm: Callable[[], object],
    memory_limit: int,
    label: str,
    scratch: str,
) -> None:
    # The parent's end, inherited through fork, is closed here so that the child sees
    # the end of the pipe (and leaves) if the parent dies before sending a job.
    parent_end.close()
    tempfile.tempdir = scratch
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    limit = memory_limit * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    global _parent
    try:
        warm()
        job = conn.recv()
        _parent = conn
        conn.send(("ok", run(*job)))
    except EOFError:
        pass  # no job will come: the parent stopped before rendering
    except MemoryError:
        conn.send(("memory", None))
    except DossierError as exc:
        conn.send(("error", [(p.path, p.line, p.message, p.warning) for p in exc.problems]))
    except OSError as exc:
        # WeasyPrint writes the bundled fonts to temporary files for fontconfig.
        message = f"rendering could not write a temporary file: {exc.strerror or exc} (is the disk full?)"
        conn.send(("error", [(label, None, message, False)]))
    except Exception as exc:
        conn.send(("error", [(label, None, f"rendering failed: {type(exc).__name__}: {exc}", False)]))
    finally:
        conn.close()
