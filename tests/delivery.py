"""Shared by the delivery tests: a real SMTP server on 127.0.0.1 (aiosmtpd) and what they read back."""

from __future__ import annotations

import contextlib
import email
import io
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from email import policy
from pathlib import Path
from typing import Any

import pikepdf
from aiosmtpd.controller import Controller

RECIPIENTS = ["jane@parliament.example", "alex@senate.example", "kim@assembly.example"]
LEDGER = Path("minimal") / "distribution" / "ledger.sqlite"  # relative to the working directory


class Mailbox:
    """Collects what the server accepted; can hold the n-th message until released."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []
        self.pause_at: int | None = None
        self.arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), envelope.original_content))
        if self.pause_at is not None and len(self.messages) == self.pause_at:
            self.arrived.set()
            self.release.wait(30)
        return "250 OK queued"

    def to(self, address: str) -> list[bytes]:
        return [data for rcpts, data in self.messages if address in rcpts]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(handler: Any) -> Iterator[int]:
    """A real SMTP server on 127.0.0.1 with `handler`, for the block; yields its port."""
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        release = getattr(handler, "release", None)
        if release is not None:
            release.set()
        controller.stop()


@contextlib.contextmanager
def working_in(folder: Path) -> Iterator[Path]:
    old = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(old)


def send_args(port: int, *extra: str) -> list[str]:
    return [
        "distribute",
        "minimal",
        "--send",
        "--smtp-host",
        "127.0.0.1",
        "--smtp-port",
        str(port),
        "--smtp-security",
        "none",
        "--from",
        "briefings@ngo.example",
        *extra,
    ]


def attached_copy_id(message: bytes) -> str:
    parsed = email.message_from_bytes(message, policy=policy.default)
    pdf = next(iter(parsed.iter_attachments())).get_content()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return str(doc.docinfo["/DossierCopyID"])


def ledger_rows(path: Path) -> dict[str, tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return {e: (s, c) for e, s, c in db.execute("SELECT email, status, copy_id FROM deliveries")}
