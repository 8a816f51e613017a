"""The rendering process: started before its job, limited in time and memory, stopped when unused."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.build import build
from dossier.errors import BuildError, ContentError, Problem
from dossier.worker import Worker, reading, stage

from .conftest import SAMPLE


def _nothing() -> None:
    return None


def _wait_for(path: Path, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists():
            return True
        time.sleep(0.02)
    return False


def test_the_child_warms_up_before_it_is_given_a_job(tmp_path: Path) -> None:
    warmed = tmp_path / "warmed"

    def warm() -> None:
        warmed.write_text(str(os.getpid()))

    with Worker(lambda a, b: (a + b, os.getpid()), warm, memory_limit=512, label="x") as worker:
        # No job has been sent yet, and the child has already done its warm-up.
        assert _wait_for(warmed)
        worker.submit((2, 3))
        total, pid = worker.result(time_limit=30)
    assert total == 5
    assert pid == int(warmed.read_text()) != os.getpid()


def test_a_child_that_cannot_warm_up_reports_why(tmp_path: Path) -> None:
    def warm() -> None:
        raise ImportError("libpango-1.0-0 is missing")

    with (
        Worker(lambda: 1, warm, memory_limit=512, label="content/x") as worker,
        pytest.raises(BuildError) as caught,
    ):
        worker.submit(())
        worker.result(time_limit=30)
    assert [str(p) for p in caught.value.problems] == [
        "content/x: rendering failed: ImportError: libpango-1.0-0 is missing"
    ]


def test_problems_raised_while_rendering_come_back_whole() -> None:
    def run() -> None:
        raise BuildError([Problem("a.md", 3, "first"), Problem("b.md", 1, "second")])

    with Worker(run, _nothing, memory_limit=512, label="x") as worker, pytest.raises(BuildError) as caught:
        worker.submit(())
        worker.result(time_limit=30)
    assert [str(p) for p in caught.value.problems] == ["a.md:3: first", "b.md:1: second"]


def test_rendering_past_the_time_limit_is_stopped() -> None:
    with Worker(lambda: time.sleep(60), _nothing, memory_limit=512, label="content/x") as worker:
        child = worker.pid
        assert child is not None
        with pytest.raises(BuildError, match=r"content/x: rendering took longer than 1 s"):
            worker.submit(())
            worker.result(time_limit=1)
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def _slow_checking() -> None:
    stage("checking the PDF", "a very long document")
    time.sleep(60)


def _slow_after_an_image() -> None:
    stage("laying out the pages (pass 1)", "a very long paragraph")
    reading("map.svg")
    time.sleep(60)


@pytest.mark.parametrize(
    ("run", "message"),
    [
        (
            lambda: time.sleep(60),
            "stopped while starting: a very long document can take this long",
        ),
        (
            _slow_checking,
            "stopped while checking the PDF: a very long document can take this long",
        ),
        (
            _slow_after_an_image,
            "stopped while laying out the pages (pass 1), after reading 'map.svg': "
            "a large or deeply nested image, or a very long paragraph can take this long",
        ),
    ],
)
def test_the_time_limit_names_what_was_being_done(run: Callable[[], object], message: str) -> None:
    with Worker(run, _nothing, memory_limit=512, label="x") as worker, pytest.raises(BuildError) as caught:
        worker.submit(())
        worker.result(time_limit=1)
    expected = f"x: rendering took longer than 1 s and was {message}; raise --time-limit if expected"
    assert str(caught.value) == expected


def test_rendering_past_the_memory_limit_is_stopped() -> None:
    def run() -> int:
        return len(bytearray(600 * 1024 * 1024))

    with Worker(run, _nothing, memory_limit=256, label="x") as worker, pytest.raises(BuildError) as caught:
        worker.submit(())
        worker.result(time_limit=30)
    assert "rendering needed more than 256 MiB" in str(caught.value)


def test_content_errors_stop_the_rendering_process_unused(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    for path in SAMPLE.iterdir():
        if path.is_file():  # the content files (not editions/, the released snapshots)
            (folder / path.name).write_bytes(path.read_bytes())
    events = folder / "events.yaml"
    text = events.read_text()
    line = text[: text.index("date: 2017-09-03")].count("\n") + 1  # the arrest's date
    events.write_text(text.replace("date: 2017-09-03", "date: 2017-09-31", 1))
    with pytest.raises(ContentError, match=rf"events\.yaml:{line}: .*2017-09-31. is not a date that exists"):
        build(folder, tmp_path / "out.pdf")
    assert multiprocessing.active_children() == []
    assert not (tmp_path / "out.pdf").exists()


def _temporary_folder(seconds: float) -> str:
    import tempfile

    made = tempfile.mkdtemp(prefix="weasyprint-")  # as WeasyPrint's fonts for fontconfig
    (Path(made) / "font.otf").write_bytes(b"x" * 1000)
    time.sleep(seconds)
    return made


@pytest.mark.parametrize("seconds", [0, 30], ids=["finished", "stopped at its time limit"])
def test_the_childs_temporary_files_are_removed_when_it_ends(seconds: float) -> None:
    """A child leaves without running finalisers (or is killed): what it put in the temporary
    folder would stay there, 5 MB a build, unless the parent removes it."""
    import tempfile

    outside = set(Path(tempfile.gettempdir()).iterdir())
    with Worker(_temporary_folder, _nothing, memory_limit=512, label="x") as worker:
        worker.submit((seconds,))
        if seconds:
            with pytest.raises(BuildError):
                worker.result(time_limit=1)
            made = next(Path(worker.scratch).iterdir())
        else:
            made = Path(worker.result(time_limit=30))
            assert made.parent == Path(worker.scratch)  # not the machine's /tmp
        assert (made / "font.otf").is_file()
    assert not made.exists() and not Path(worker.scratch).exists()
    assert {p for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("weasyprint-")} <= outside
