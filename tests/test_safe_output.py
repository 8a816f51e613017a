"""A build that is killed or cannot write leaves the previous PDF byte-identical and no temporary file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
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


@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5, 3.5])
def test_sigkill_at_any_point(previous: tuple[Path, bytes, Path], delay: float) -> None:
    target, before, changed = previous
    process = run(["build", str(changed), "-o", str(target)])
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGKILL)  # the command and its rendering process
    process.wait()
    after = target.read_bytes()
    # Either the previous PDF, byte for byte, or (killed after the rename) the new one, whole.
    assert after == before or after.rstrip().endswith(b"%%EOF")
    # Whatever happened, what is in build/ is whole: the old PDF, or the new one.
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.fail("qpdf is missing: install it with `apt-get install qpdf` (.ci/run does)")
    for pdf in target.parent.glob("*.pdf"):
        assert subprocess.run([qpdf, "--check", str(pdf)], capture_output=True).returncode == 0
    leftovers = [
        p.name for p in target.parent.iterdir() if p.name not in (target.name, f".{target.name}.inputs")
    ]
    # A kill inside the final rename window could leave a temporary; the next build removes it.
    if leftovers:
        assert run(["build", str(MINIMAL), "-o", str(target)]).wait() == 0
        assert sorted(p.name for p in target.parent.iterdir()) == [f".{target.name}.inputs", target.name]


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
