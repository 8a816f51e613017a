"""The ledger's place and identity: it travels with its dossier and refuses another's; a new or
emptied one never means "send to everyone"; a damaged ledger or unreadable PDF is one line, exit 1."""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dossier.cli import main
from dossier.distribute.ledger import locked
from dossier.distribute.run import content_hash
from dossier.errors import ContentError

from .conftest import MINIMAL, ROOT
from .delivery import LEDGER, RECIPIENTS, Mailbox, send_args, serve, working_in

NEWCOMER = "New Member,Ms,Parliament of Testland,new@parliament.example,en,\n"


@pytest.fixture(scope="session")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder where minimal/ (edition 2) was sent once to its three recipients."""
    root = tmp_path_factory.mktemp("sent")
    shutil.copytree(MINIMAL, root / "minimal")
    with working_in(root), serve(Mailbox()) as port:
        result = CliRunner().invoke(main, send_args(port, "--first-send"))
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def work(sent: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of `sent` to change, as the working directory."""
    shutil.copytree(sent, tmp_path / "work", symlinks=True)
    with working_in(tmp_path / "work") as folder:
        yield folder


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    # A traceback is never the answer: every error is a `path:line: message` and exit 1 or 2.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_the_ledger_is_found_from_any_working_directory(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    with working_in(elsewhere):
        args = send_args(port)
        args[args.index("minimal")] = str(work / "minimal")
        result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("already has edition 2") == 3
    assert box.messages == []


def test_a_renamed_dossier_folder_keeps_its_ledger(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    (work / "minimal").rename(work / "minimal-2026")
    args = send_args(port)
    args[args.index("minimal")] = "minimal-2026"
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("already has edition 2") == 3
    assert box.messages == []


def test_an_emptied_ledger_sends_nothing_without_first_send(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    (work / LEDGER).write_bytes(b"")  # emptied by hand, or replaced by an empty file
    refused = run(*send_args(port))
    assert refused.exit_code == 1
    assert "the ledger records no delivery yet: sending would send edition 2 to everyone" in refused.stderr
    assert "--first-send" in refused.stderr
    assert box.messages == []
    # The operator's explicit word is the only way to send to everyone from an empty ledger.
    assert run(*send_args(port, "--first-send")).exit_code == 0
    assert sorted(a for rcpts, _ in box.messages for a in rcpts) == sorted(RECIPIENTS)


def test_a_missing_ledger_sends_nothing_and_makes_no_ledger(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    shutil.rmtree(work / LEDGER.parent)
    refused = run(*send_args(port))
    assert refused.exit_code == 1
    assert "no ledger here" in refused.stderr and "--first-send" in refused.stderr
    assert not (work / LEDGER.parent).exists()
    assert box.messages == []


def test_first_send_on_a_ledger_with_deliveries_is_refused(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    with (work / "minimal" / "recipients.csv").open("a") as stream:
        stream.write(NEWCOMER)
    refused = run(*send_args(port, "--first-send"))
    assert refused.exit_code == 1
    assert "--first-send is only for a ledger that records no delivery; this one records 3" in refused.stderr
    assert box.messages == []


def test_a_ledger_of_another_dossier_is_refused(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    # Another dossier begun as a copy of this folder, ledger and all, in a folder of the same name.
    other = work / "other" / "minimal"
    shutil.copytree(work / "minimal", other)
    meta = other / "dossier.yaml"
    meta.write_text(meta.read_text().replace("name: A. Example", "name: B. Other"))
    for extra in ([], ["--send"]):
        args = [*send_args(port), *extra]
        args[args.index("minimal")] = str(other)
        refused = run(*args)
        assert refused.exit_code == 1, refused.output
        assert "this ledger belongs to another dossier" in refused.stderr
        assert "about A. Example (en)" in refused.stderr
        assert "this dossier is about B. Other" in refused.stderr
    # Pointed at it explicitly, the same.
    args = [*send_args(port), "--ledger", str(work / LEDGER)]
    args[args.index("minimal")] = str(other)
    assert "this ledger belongs to another dossier" in run(*args).stderr
    assert box.messages == []


def test_content_changed_within_an_edition_is_refused(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    folder = work / "minimal"
    with (folder / "recipients.csv").open("a") as stream:
        stream.write(NEWCOMER)  # a newcomer would be sent edition 2: but which edition 2?
    background = folder / "background.md"
    background.write_text(background.read_text() + "\nA paragraph added after edition 2 went out.\n")
    refused = run(*send_args(port))
    assert refused.exit_code == 1
    today = datetime.now(UTC).date().isoformat()
    lines = (folder / "dossier.yaml").read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "number:" in text)
    assert refused.stderr.strip().endswith(
        f"dossier.yaml:{line}: the content changed since edition 2 was first sent on {today}: "
        "raise edition.number in dossier.yaml. Nothing was sent"
    )
    assert "the content changed since edition 2" in run("distribute", "minimal").stderr  # the dry run too
    assert box.messages == []
    meta = folder / "dossier.yaml"
    meta.write_text(meta.read_text().replace("number: 2", "number: 3"))
    sent = run(*send_args(port))
    assert sent.exit_code == 0, sent.output
    assert len(box.to("new@parliament.example")) == 1 and len(box.messages) == 4


def test_content_through_a_symbolic_link_is_refused(work: Path, smtp: tuple[Mailbox, int]) -> None:
    box, port = smtp
    folder = work / "minimal"
    outside = work / "sources-elsewhere.bib"
    shutil.move(folder / "sources.bib", outside)
    (folder / "sources.bib").symlink_to(outside)
    with (folder / "recipients.csv").open("a") as stream:
        stream.write(NEWCOMER)
    refused = run(*send_args(port))
    assert refused.exit_code == 1
    assert "symbolic link" in refused.stderr
    assert box.messages == []


def test_the_content_hash_reads_files_under_the_one_rule(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "house.csl").write_text("<style/>")
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "events.yaml").write_text("[]\n")
    (tmp_path / "case" / "inside.csl").symlink_to("events.yaml")
    # A link that stays inside the folder reads as its target, as the build reads it.
    assert content_hash(tmp_path / "case", ["inside.csl"]) != content_hash(tmp_path / "case", ["events.yaml"])
    (tmp_path / "case" / "styles").symlink_to(tmp_path / "real")
    with pytest.raises(ContentError, match="symbolic link to a file outside"):
        content_hash(tmp_path / "case", ["styles/house.csl"])  # a link on the way, not at the end
    (tmp_path / "case" / "events.yaml").unlink()
    os.mkfifo(tmp_path / "case" / "events.yaml")
    with pytest.raises(ContentError, match="not a regular file"):
        content_hash(tmp_path / "case", ["events.yaml"])  # and does not hang
    with pytest.raises(ContentError, match="lies outside"):
        content_hash(tmp_path / "case", ["../real/house.csl"])


def damage(ledger: Path, how: str) -> None:
    for suffix in ("-wal", "-shm"):
        ledger.with_name(ledger.name + suffix).unlink(missing_ok=True)
    if how == "random bytes":
        ledger.write_bytes(os.urandom(8192))
    elif how == "truncated":
        data = ledger.read_bytes()
        ledger.write_bytes(data[: len(data) // 2])
    else:  # a good SQLite database, but not a ledger
        ledger.unlink()
        with sqlite3.connect(ledger) as db:
            db.execute("CREATE TABLE notes (text TEXT)")
        db.close()


@pytest.mark.parametrize("how", ["random bytes", "truncated", "another program's database"])
def test_a_damaged_ledger_is_one_line_and_exit_1_everywhere(
    work: Path, smtp: tuple[Mailbox, int], how: str
) -> None:
    box, port = smtp
    assert (work / LEDGER).stat().st_size > 3 * 4096  # big enough for cutting it to matter
    (copy,) = list((work / "build").glob("minimal*/edition-2/*.pdf"))[:1]
    damage(work / LEDGER, how)
    expected = f"{LEDGER}: the ledger is not a dossier ledger or is damaged: "
    for args in (
        ["distribute", "minimal"],
        send_args(port),
        ["distribute", "minimal", "--status"],
        ["distribute", "minimal", "--resolve", RECIPIENTS[0], "--as", "sent"],
        ["trace", str(copy), "minimal"],
    ):
        result = run(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.startswith(expected), (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    assert box.messages == []


@pytest.mark.parametrize("content", [b"not a PDF at all\n", b"cut"])
def test_trace_of_an_unreadable_pdf_is_one_line(work: Path, content: bytes) -> None:
    (copy,) = list((work / "build").glob("minimal*/edition-2/*.pdf"))[:1]
    bad = work / "leaked.pdf"
    bad.write_bytes(content if content != b"cut" else copy.read_bytes()[:3000])
    result = run("trace", str(bad), "minimal")
    assert result.exit_code == 1
    stderr = result.stderr.replace(str(work) + "/", "")
    assert re.fullmatch(r"leaked\.pdf: not a readable PDF: .+\n", stderr)


def test_trace_finds_the_ledger_from_the_dossier_folder(work: Path) -> None:
    (copy,) = list((work / "build").glob("minimal*/edition-2/*.pdf"))[:1]
    assert run("trace", str(copy)).exit_code == 2  # whose ledger? a usage error
    elsewhere = work / "elsewhere"
    elsewhere.mkdir()
    with working_in(elsewhere):
        traced = run("trace", str(copy), str(work / "minimal"))
    assert traced.exit_code == 0, traced.output
    assert "edition 2, prepared for" in traced.stdout


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def try_lock(ledger: Path) -> str:
    """Whether another process can take the ledger's lock now: its stderr, empty if it could."""
    code = (
        "import sys; from pathlib import Path; from dossier.distribute.ledger import locked\n"
        "try:\n    with locked(Path(sys.argv[1])): pass\n"
        "except Exception as exc: print(exc, file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, str(ledger)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    ).stderr


def test_the_lock_is_held_by_its_run_and_not_by_the_workers_it_forks(tmp_path: Path) -> None:
    ledger = tmp_path / "distribution" / "ledger.sqlite"
    worker = multiprocessing.get_context("fork").Process(target=_sleep, args=(30,), daemon=True)
    try:
        with locked(ledger):
            assert "the ledger is in use by another `dossier distribute`" in try_lock(ledger)
            worker.start()  # as the rendering and stamping workers are forked
        # The run is over; the worker it forked lives on, and must not hold the lock.
        assert worker.is_alive()
        assert try_lock(ledger) == ""
    finally:
        worker.kill()
        worker.join()


def test_a_run_that_could_not_connect_binds_no_content_to_the_edition(tmp_path: Path) -> None:
    from .delivery import free_port

    shutil.copytree(MINIMAL, tmp_path / "minimal")
    with working_in(tmp_path):
        assert run("distribute", "minimal", "--first-send").exit_code == 2  # goes with --send
        unreachable = run(*send_args(free_port(), "--first-send"))
        assert unreachable.exit_code == 1 and "cannot connect" in unreachable.stderr
        background = tmp_path / "minimal" / "background.md"
        background.write_text(background.read_text() + "\nA correction made before anything went out.\n")
        box = Mailbox()
        with serve(box) as port:
            result = run(*send_args(port, "--first-send"))
        assert result.exit_code == 0, result.output
        assert len(box.messages) == 3


def test_a_ledger_of_schema_2_gains_the_web_table_and_keeps_its_record(tmp_path: Path) -> None:
    from dossier.distribute.ledger import Identity, Ledger

    path = tmp_path / "ledger.sqlite"
    who = Identity("Test Subject", "en", "A title", "case")
    with Ledger.open(path, who, create=True) as ledger:
        ledger.record_copy(2, "a@b.example", "C1", "Ms A", "0" * 64, "a.pdf")
    with sqlite3.connect(path) as db:  # as the schema before the web edition was
        db.execute("DROP TABLE web")
        db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    with Ledger.open(path, who, create=False) as ledger:
        assert ledger.copy_ids(2) == {"a@b.example": "C1"}
        assert ledger.web_of(2, "a@b.example") is None
        ledger.record_web(2, "a@b.example", "attach", "1" * 64, "")
        assert ledger.web_of(2, "A@B.example") == ("attach", "1" * 64, "")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == ("3",)
