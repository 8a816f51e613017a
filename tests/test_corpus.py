r"""Broken and hostile content: exit 1, exactly the expected problem lines, no traceback, build/ untouched.

Each folder under tests/corpus/ is one case, named after what is wrong (its test id):

- the files that differ from tests/fixtures/minimal/, laid over a copy of it (a symbolic
  link stays a link, a folder such as editions/ is copied whole); `{PORT}` in a file
  becomes the port of a loopback HTTP server that counts requests, and must count none;
- `expected.txt`: one regular expression per problem line that `dossier build` prints,
  in the order it prints them (blank lines are skipped). The summary lines ("N error(s)
  in ...", "build failed; ...") are not problem lines. There must be as many problem lines
  as expressions, and each must match its own (`re.search`). Write an expression as the
  file name and line, then the message with `.^$*+?{}[]\|()` escaped, and end it with `$`
  to hold the whole message:
  `events\.yaml:14: unknown source key 'ngo2033' \(did you mean 'ngo2023'\?\)$`.
"""

from __future__ import annotations

import hashlib
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dossier.cli import main

from .conftest import MINIMAL
from .helpers import CORPUS, corpus_case, expected_patterns, problem_lines

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


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


# A case that never finishes rendering is stopped sooner than the others' generous limit:
# what is tested is that it is stopped, and the wait was the slowest test of the suite.
TIME_LIMITS = {"render-svg-nested-use": 4}


@pytest.mark.parametrize("case", CASES)
def test_hostile_input(case: str, tmp_path: Path, loopback: int, last_good: bytes) -> None:
    folder = corpus_case(case, tmp_path / "case", loopback)
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    (build_dir / "minimal.pdf").write_bytes(last_good)
    before = digests(build_dir)

    limit = TIME_LIMITS.get(case, 15)
    result = CliRunner().invoke(
        main, ["build", str(folder), "-o", str(build_dir / "minimal.pdf"), "--time-limit", str(limit)]
    )

    expected = expected_patterns(case)
    problems = problem_lines(result.stderr)
    assert result.exit_code == 1, result.output
    # An exception that escaped the one handler would be here instead of SystemExit.
    assert isinstance(result.exception, SystemExit), result.exception
    assert len(problems) == len(expected), "\n".join(problems)
    for line, pattern in zip(problems, expected, strict=True):
        assert LINE.match(line), line
        assert re.search(pattern, line), f"{line!r} does not match {pattern!r}"
    assert digests(build_dir) == before  # the last good PDF is byte-identical, no temporary left
