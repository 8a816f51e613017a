"""A build that is killed or cannot write leaves the previous PDF byte-identical, or the new one whole."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import MINIMAL, ROOT


def run(args: list[str]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", *args],
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def previous(tmp_path: Path) -> tuple[Path, bytes, Path]:
    build_dir = tmp_path / "build"
    target = build_dir / "minimal.pdf"
    assert run(["build", str(MINIMAL), "-o", str(target)]).wait() == 0
    changed = tmp_path / "changed"
    shutil.copytree(MINIMAL, changed)
    meta = changed / "dossier.yaml"
    meta.write_text(meta.read_text().replace("number: 2", "number: 3"))
    return target, target.read_bytes(), changed


# `dossier build` with hooks that leave evidence of how far it got: a file named after each
# point reached, in the folder given first. At the point named second it stops and waits,
# so that the kill lands there and nowhere else.
HOOKED = """
import os, sys, time
from pathlib import Path

import dossier.worker
from dossier.cli import main

evidence, hold, pdf = Path(sys.argv[1]), sys.argv[2], sys.argv[3]


def reached(point):
    (evidence / point).write_text(str(os.getpid()))
    if point == hold:
        time.sleep(600)


submit = dossier.worker.Worker.submit


def submitted(self, job):
    submit(self, job)
    reached("submitted")  # the rendering process has its job


replace = os.replace


def replacing(source, target, **kwargs):
    if os.fspath(target) == pdf:
        reached("renaming")  # the new PDF is whole in its temporary file
    replace(source, target, **kwargs)
    if os.fspath(target) == pdf:
        reached("renamed")


dossier.worker.Worker.submit = submitted
os.replace = replacing
sys.argv = ["dossier", *sys.argv[4:]]
main()
"""


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` and that are not yet reaped."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except OSError:
            continue  # it ended while we looked
        if int(parent) == pid and state != "Z":
            found.append(int(stat.parent.name))
    return found


def wait_for(process: subprocess.Popen[bytes], evidence: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 120
    while not evidence():
        if process.poll() is not None:
            pytest.fail(f"the build ended ({process.returncode}) before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail(f"no sign of {what} after 120 s")
        time.sleep(0.01)


def temporaries(target: Path) -> list[str]:
    return sorted(
        p.name for p in target.parent.iterdir() if p.name not in (target.name, f".{target.name}.inputs")
    )


@pytest.mark.parametrize("point", ["started", "submitted", "renaming", "renamed"])
def test_sigkill_at_each_point_of_a_build(
    previous: tuple[Path, bytes, Path], point: str, tmp_path: Path
) -> None:
    target, before, changed = previous
    evidence = tmp_path / "evidence"
    evidence.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            HOOKED,
            str(evidence),
            point,
            str(target),
            "build",
            str(changed),
            "-o",
            str(target),
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    if point == "started":
        # The rendering process exists: the command is loading and checking the content.
        wait_for(process, lambda: bool(children(process.pid)), "the rendering process")
    else:
        wait_for(process, (evidence / point).exists, f"the build reaching {point!r}")
    if point in ("started", "submitted"):
        assert children(process.pid), "the rendering process should be running"
    os.killpg(process.pid, signal.SIGKILL)  # the command and its rendering process
    process.wait()
    # Killed, not finished: the kill landed while the build was running.
    assert process.returncode == -signal.SIGKILL, process.communicate()
    after = target.read_bytes()
    left = temporaries(target)
    if point == "renaming":
        # The new PDF was whole in its temporary file, not yet renamed over the old one:
        # SIGKILL gave no chance to remove the temporary; the next build does.
        assert len(left) == 1 and left[0].startswith(f".{target.name}.") and left[0].endswith(".tmp"), left
    else:
        assert left == []
    if point != "renamed":
        assert after == before  # the previous PDF, byte for byte
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.fail("qpdf is missing: install it with `apt-get install qpdf` (.ci/run does)")
    assert subprocess.run([qpdf, "--check", str(target)], capture_output=True).returncode == 0
    # The same build run again writes the new PDF and leaves nothing beside it but its record.
    assert run(["build", str(changed), "-o", str(target)]).wait() == 0
    assert temporaries(target) == []
    rebuilt = target.read_bytes()
    assert rebuilt != before
    if point == "renamed":
        assert after == rebuilt  # what the kill left was already the new PDF, whole


def test_full_disk(previous: tuple[Path, bytes, Path]) -> None:
    target, before, changed = previous
    # A file-size limit stands in for a full disk: the write fails part-way (EFBIG rather
    # than ENOSPC), which is the case that matters: a half-written PDF must never replace a whole one.
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))\n"
        "from dossier.cli import main\n"
        f"sys.argv = ['dossier', 'build', {str(changed)!r}, '-o', {str(target)!r}]\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    # The first write to fail is WeasyPrint's own temporary copy of a font; either way the
    # message says what happened, and nothing in build/ changed.
    assert ": rendering could not write a temporary file: File too large (is the disk full?)" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == [f".{target.name}.inputs", target.name]
