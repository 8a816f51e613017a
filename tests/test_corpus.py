"""Broken and hostile content: one `path:line: message` each, exit 1, no traceback, build/ untouched.

Each folder under tests/corpus/ holds the files that differ from tests/fixtures/minimal/ and
an `expected.txt` with the pattern its one error line must match. `{PORT}` in a file is
replaced by the port of a loopback HTTP server that counts requests: it must count none.
"""

from __future__ import annotations

import hashlib
import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main

from .conftest import MINIMAL
from .helpers import problem_lines

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
LINE = re.compile(r"^\S+?(:\d+)?: \S")  # path:line: message, or path: message for a whole file


class Counter(http.server.BaseHTTPRequestHandler):
    requests = 0

    def do_GET(self) -> None:
        Counter.requests += 1
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"GIF89a")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def loopback() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    assert Counter.requests == 0, "content made the build send an HTTP request"


@pytest.fixture(scope="module")
def last_good(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("good") / "minimal.pdf"
    assert CliRunner().invoke(main, ["build", str(MINIMAL), "-o", str(out)]).exit_code == 0
    return out.read_bytes()


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def prepare(case: str, folder: Path, port: int) -> None:
    shutil.copytree(MINIMAL, folder)
    for source in (CORPUS / case).iterdir():
        if source.name == "expected.txt":
            continue
        target = folder / source.name
        target.unlink(missing_ok=True)
        if source.is_symlink():
            target.symlink_to(source.readlink())
            continue
        data = source.read_bytes()
        if b"{PORT}" in data:
            data = data.replace(b"{PORT}", str(port).encode())
        target.write_bytes(data)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_hostile_input(case: str, tmp_path: Path, loopback: int, last_good: bytes) -> None:
    folder = tmp_path / "case"
    prepare(case, folder, loopback)
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    (build_dir / "minimal.pdf").write_bytes(last_good)
    before = digests(build_dir)

    result = CliRunner().invoke(
        main, ["build", str(folder), "-o", str(build_dir / "minimal.pdf"), "--time-limit", "15"]
    )

    expected = (CORPUS / case / "expected.txt").read_text().strip()
    problems = problem_lines(result.stderr)
    assert result.exit_code == 1, result.output
    # An exception that escaped the one handler would be here instead of SystemExit.
    assert isinstance(result.exception, SystemExit), result.exception
    assert len(problems) == 1, problems
    assert LINE.match(problems[0]), problems[0]
    assert re.search(expected, problems[0]), problems[0]
    assert digests(build_dir) == before  # the last good PDF is byte-identical, no temporary left
