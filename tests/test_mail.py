"""Messages as the mail standards define them, and delivery over connections a server drops.

Every header is read back with the standard library's parsers; every delivery goes to a
real SMTP server on 127.0.0.1 (aiosmtpd), some of which drop the connection on purpose.
"""

from __future__ import annotations

import asyncio
import email
import re
import shutil
from collections.abc import Iterator
from email import policy
from email.utils import getaddresses
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dossier.cli import main
from dossier.distribute.mail import HeaderInjection, build_message
from dossier.distribute.recipients import Recipient

from .conftest import MINIMAL
from .delivery import LEDGER, RECIPIENTS, Mailbox, ledger_rows, send_args, serve, working_in

CONTEXT = {
    "title": "T",
    "edition": 2,
    "edition_date": "2024-07-01",
    "as_of": "2024-06-30",
    "author": "A",
    "since": None,
}
HOSTILE_NAMES = [
    "Jané <evil@attacker.example>",
    "Jané, evil@attacker.example",
    'Jané "x" <evil@attacker.example>',
    "Ms Jane <evil@attacker.example>",
    "Jane, evil@attacker.example",
    "=?utf-8?q?evil=40attacker.example?=",
    'Dr "Q" \\ <a@b.example>',
    "Ünïcödé " * 20 + "<evil@attacker.example>",  # long enough to be folded
    "Jane (comment <evil@attacker.example>)",
    "Jane; evil@attacker.example:",
]


def to_addresses(raw: bytes) -> tuple[list[str], list[str]]:
    """The To header's addresses, by the structured parser and by getaddresses on the raw header."""
    parsed = email.message_from_bytes(raw, policy=policy.default)
    structured = [a.addr_spec for a in parsed["To"].addresses]
    header = re.search(rb"^To:(.*?)\r?\n(?![ \t])", raw, re.M | re.S)
    assert header is not None
    unfolded = re.sub(r"\r?\n[ \t]", " ", header[1].decode("ascii"))
    return structured, [address for _, address in getaddresses([unfolded])]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_name_never_makes_a_to_header_with_another_address(name: str) -> None:
    recipient = Recipient(name, "", "P", "jane@parliament.example", "en", "", 2)
    message = build_message(
        "briefings@ngo.example",
        name,
        recipient.email,
        b"%PDF-1.7",
        "f.pdf",
        {**CONTEXT, "recipient": recipient, "copy_id": "ABCD-EFGH"},
    )
    raw = message.as_bytes(policy=policy.SMTP)
    assert raw.isascii()
    assert to_addresses(raw) == (["jane@parliament.example"], ["jane@parliament.example"])


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("jäne@parliament.example", "SMTPUTF8"),
        ("jane@parliament.example\u2028Bcc: x@y.example", "control character or a line break"),
        ("jane@evil.example>, x", "domain label"),
    ],
)
def test_build_message_refuses_what_is_not_an_address(address: str, why: str) -> None:
    with pytest.raises(HeaderInjection, match=why):
        build_message("briefings@ngo.example", "Jane", address, b"%PDF", "f.pdf", {})


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(MINIMAL, tmp_path / "minimal")
    with working_in(tmp_path):
        yield tmp_path


def test_hostile_names_and_idn_domains_reach_only_their_recipient(workdir: Path) -> None:
    rows = "".join(
        f'"{name.replace(chr(34), chr(34) * 2)}",Dr,Parliament,m{n}@parliament.example,en,\n'
        for n, name in enumerate(HOSTILE_NAMES)
    )
    (workdir / "minimal" / "recipients.csv").write_text(
        "name,title,parliament,email,language,note\n"
        + rows
        + "Sam Example,Ms,Bundestag,sam@bücher.example,de,\n",
        encoding="utf-8",
    )
    box = Mailbox()
    with serve(box) as port:
        result = CliRunner().invoke(main, send_args(port, "--first-send"))
    assert result.exit_code == 0, result.output
    assert len(box.messages) == len(HOSTILE_NAMES) + 1
    for envelope, raw in box.messages:
        (expected,) = envelope  # one envelope recipient per message
        assert to_addresses(raw) == ([expected], [expected])
    assert sorted(e for e, _ in box.messages)[-1] == ["sam@xn--bcher-kva.example"]  # IDNA in the envelope
    assert ledger_rows(workdir / LEDGER)["sam@xn--bcher-kva.example"][0] == "sent"


@pytest.mark.parametrize(
    "sender", ["brïefings@ngo.example", "briefings", "a@b@ngo.example", "x@ngo..example"]
)
def test_a_bad_from_is_a_usage_error_before_anything_is_recorded(workdir: Path, sender: str) -> None:
    box = Mailbox()
    with serve(box) as port:
        args = send_args(port, "--first-send")
        args[args.index("--from") + 1] = sender
        result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--from'" in result.stderr and "not a usable sender address" in result.stderr
    assert not (workdir / LEDGER).exists() and not (workdir / "build" / "ledger.sqlite").exists()
    assert box.messages == []


class Dropping(Mailbox):
    """Accepts each message, answers 250, then closes the connection (as some relays do)."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        # After the reply is written: the transport flushes it, then closes.
        asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 OK queued"


def test_a_server_that_drops_the_connection_after_each_message(workdir: Path) -> None:
    box = Dropping()
    with serve(box) as port:
        result = CliRunner().invoke(main, send_args(port, "--first-send"))
    assert result.exit_code == 0, result.output
    assert "sent 3, failed 0, unresolved 0 (2 reconnections)" in result.stdout
    assert sorted(a for rcpts, _ in box.messages for a in rcpts) == sorted(RECIPIENTS)
    assert {status for status, _ in ledger_rows(workdir / LEDGER).values()} == {"sent"}


class CutDuringSecond(Mailbox):
    """Takes the second message in, then cuts the connection before answering: the sender cannot know."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        if len(self.messages) == 2:
            server.transport.abort()
        return "250 OK queued"


def test_an_ambiguous_message_is_never_resent_and_the_batch_goes_on(workdir: Path) -> None:
    box = CutDuringSecond()
    with serve(box) as port:
        first = CliRunner().invoke(main, send_args(port, "--first-send"))
        second = CliRunner().invoke(main, send_args(port))
    assert first.exit_code == 1 and "sent 2, failed 0, unresolved 1 (1 reconnection)" in first.stdout
    rows = ledger_rows(workdir / LEDGER)
    (ambiguous,) = [a for a, (status, _) in rows.items() if status == "attempt"]
    assert ambiguous == RECIPIENTS[1]
    assert f"{ambiguous}: UNRESOLVED" in second.stdout and second.exit_code == 1
    for address in RECIPIENTS:
        assert len(box.to(address)) == 1  # the ambiguous one arrived once, and was not sent again


class GoneAfterFirst(Mailbox):
    """Answers the first message, then closes the connection and stops listening."""

    listener: Any = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        loop = asyncio.get_running_loop()
        loop.call_soon(self.listener.close)
        loop.call_soon(server.transport.close)
        return "250 OK queued"


def test_a_server_that_cannot_be_reached_again_stops_the_batch_and_leaves_the_rest_to_send(
    workdir: Path,
) -> None:
    from aiosmtpd.controller import Controller

    from .delivery import free_port

    box = GoneAfterFirst()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    box.listener = controller.server
    try:
        result = CliRunner().invoke(main, send_args(port, "--first-send"))
    finally:
        controller.stop()
    assert result.exit_code == 1
    assert "sent 1, failed 2, unresolved 0" in result.stdout
    assert f"{RECIPIENTS[2]}: failed: not sent: cannot connect" in result.stdout
    rows = ledger_rows(workdir / LEDGER)
    assert rows[RECIPIENTS[0]][0] == "sent" and rows[RECIPIENTS[1]][0] == "failed"
    assert RECIPIENTS[2] not in rows  # never attempted
    again = Mailbox()
    with serve(again) as port:
        rerun = CliRunner().invoke(main, send_args(port))
    assert rerun.exit_code == 0, rerun.output
    assert sorted(a for rcpts, _ in again.messages for a in rcpts) == sorted(RECIPIENTS[1:])
