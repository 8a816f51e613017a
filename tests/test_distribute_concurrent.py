"""Two real `dossier distribute --send` processes on one ledger: each recipient still gets one message.

Real processes (the CLI through `python -m dossier`) against one real SMTP server on
127.0.0.1; what the server received is compared with what the ledger says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import MINIMAL, ROOT
from .delivery import LEDGER, RECIPIENTS, Mailbox, attached_copy_id, ledger_rows, send_args


@pytest.fixture
def case(tmp_path: Path) -> Path:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    return tmp_path


def start(port: int, cwd: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dossier", *send_args(port, *extra)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def server_agrees_with_ledger(box: Mailbox, ledger: Path) -> None:
    """Each recipient received exactly one message, the ledger says sent, with that copy's ID."""
    rows = ledger_rows(ledger)
    for address in RECIPIENTS:
        received = box.to(address)
        assert len(received) == 1, f"{address} received {len(received)} messages"
        status, copy_id = rows[address]
        assert status == "sent"
        assert attached_copy_id(received[0]) == copy_id
    assert len(box.messages) == len(RECIPIENTS)


@pytest.mark.parametrize("run", range(2))
def test_two_senders_started_together_send_each_recipient_once(
    case: Path, smtp: tuple[Mailbox, int], run: int
) -> None:
    box, port = smtp
    # Both say --first-send: whichever comes second is refused either by the lock (the
    # first is still sending) or because the ledger now records deliveries.
    senders = [start(port, case, "--first-send") for _ in range(2)]
    outputs = [sender.communicate(timeout=120) for sender in senders]
    codes = sorted(sender.returncode for sender in senders)
    for _, stderr in outputs:
        assert "Traceback" not in stderr and "database is locked" not in stderr, stderr
    server_agrees_with_ledger(box, case / LEDGER)
    assert codes == [0, 1], outputs
    loser = next(err for (_, err), s in zip(outputs, senders, strict=True) if s.returncode == 1)
    assert "is in use by another `dossier distribute`" in loser or "--first-send is only for" in loser


def test_a_second_sender_is_refused_at_once_while_the_first_sends(
    case: Path, smtp: tuple[Mailbox, int]
) -> None:
    box, port = smtp
    box.pause_at = 1  # the first sender is held inside its first message
    first = start(port, case, "--first-send")
    assert box.arrived.wait(60), first.communicate()
    began = time.monotonic()
    second = start(port, case)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 1, (out, err)
    assert "Traceback" not in err
    lock = case / LEDGER.with_name("ledger.sqlite.lock")
    assert "the ledger is in use by another `dossier distribute`" in err and str(lock.name) in err
    assert f"pid {first.pid}" in err  # the message names who holds it
    assert time.monotonic() - began < 30  # refused, not queued behind the first
    # A reader is not locked out: --status runs beside the send (WAL, busy_timeout).
    status = subprocess.run(
        [sys.executable, "-m", "dossier", "distribute", "minimal", "--status"],
        cwd=case,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert status.returncode == 0, status.stderr
    box.release.set()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, (out, err)
    server_agrees_with_ledger(box, case / LEDGER)
