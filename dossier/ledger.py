"""Turn sending into a durable record: who was sent which edition, with an attempt logged before each send.

The rule that makes delivery exactly-once: an `attempt` row is committed (and synced to
disk) before a message goes out, and replaced by `sent` or `failed` only once the server
has answered. After a crash, a recipient whose last row is still `attempt` may or may not
have the message: they are reported as unresolved and never sent to again automatically.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    dossier TEXT NOT NULL,
    edition INTEGER NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    copy_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('attempt', 'sent', 'failed')),
    message_id TEXT,
    reply TEXT,
    attempted_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (dossier, edition, email)
);
CREATE TABLE IF NOT EXISTS copies (
    dossier TEXT NOT NULL,
    edition INTEGER NOT NULL,
    email TEXT NOT NULL,
    copy_id TEXT NOT NULL UNIQUE,
    addressed TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file TEXT NOT NULL,
    PRIMARY KEY (dossier, edition, email)
);
"""


@dataclass(frozen=True)
class Delivery:
    edition: int
    email: str
    name: str
    copy_id: str
    status: str
    message_id: str | None
    reply: str | None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Ledger:
    def __init__(self, path: Path, dossier: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.dossier = dossier
        self.db = sqlite3.connect(path, isolation_level=None)
        # FULL: a committed transaction is on disk before commit returns.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def record_copy(
        self, edition: int, email: str, copy_id: str, addressed: str, sha256: str, file: str
    ) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self.dossier, edition, email.lower(), copy_id, addressed, sha256, file),
        )

    def copy_ids(self, edition: int) -> dict[str, str]:
        rows = self.db.execute(
            "SELECT email, copy_id FROM copies WHERE dossier = ? AND edition = ?", (self.dossier, edition)
        )
        return dict(rows.fetchall())

    def copy_owner(self, copy_id: str) -> tuple[str, int, str, str] | None:
        """(dossier, edition, email, addressed) of a copy ID, from any dossier in this ledger."""
        row = self.db.execute(
            "SELECT dossier, edition, email, addressed FROM copies WHERE copy_id = ?", (copy_id,)
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else None

    def delivery(self, edition: int, email: str) -> Delivery | None:
        row = self.db.execute(
            "SELECT edition, email, name, copy_id, status, message_id, reply FROM deliveries"
            " WHERE dossier = ? AND edition = ? AND email = ?",
            (self.dossier, edition, email.lower()),
        ).fetchone()
        return Delivery(*row) if row else None

    def attempt(self, edition: int, email: str, name: str, copy_id: str) -> None:
        """Logged and on disk before the message is handed to the server."""
        self.db.execute(
            "INSERT INTO deliveries (dossier, edition, email, name, copy_id, status, attempted_at)"
            " VALUES (?, ?, ?, ?, ?, 'attempt', ?)"
            " ON CONFLICT (dossier, edition, email) DO UPDATE SET status = 'attempt',"
            " copy_id = excluded.copy_id, attempted_at = excluded.attempted_at,"
            " message_id = NULL, reply = NULL, finished_at = NULL",
            (self.dossier, edition, email.lower(), name, copy_id, _now()),
        )

    def finish(self, edition: int, email: str, status: str, message_id: str | None, reply: str) -> None:
        self.db.execute(
            "UPDATE deliveries SET status = ?, message_id = ?, reply = ?, finished_at = ?"
            " WHERE dossier = ? AND edition = ? AND email = ?",
            (status, message_id, reply, _now(), self.dossier, edition, email.lower()),
        )

    def resolve(self, edition: int, email: str, status: str) -> bool:
        """A person's decision on an unresolved attempt: it was 'sent' or it 'failed'."""
        cursor = self.db.execute(
            "UPDATE deliveries SET status = ?, reply = 'resolved by hand', finished_at = ?"
            " WHERE dossier = ? AND edition = ? AND email = ? AND status = 'attempt'",
            (status, _now(), self.dossier, edition, email.lower()),
        )
        return cursor.rowcount == 1

    def holdings(self) -> list[tuple[str, str, int | None, list[int]]]:
        """(email, name, newest edition sent, editions unresolved) for everyone in the ledger."""
        rows = self.db.execute(
            "SELECT email, MAX(name),"
            " MAX(CASE WHEN status = 'sent' THEN edition END),"
            " GROUP_CONCAT(CASE WHEN status = 'attempt' THEN edition END)"
            " FROM deliveries WHERE dossier = ? GROUP BY email ORDER BY email",
            (self.dossier,),
        ).fetchall()
        return [(r[0], r[1], r[2], [int(e) for e in (r[3] or "").split(",") if e]) for r in rows]

    def newest_sent(self, email: str) -> int | None:
        row = self.db.execute(
            "SELECT MAX(edition) FROM deliveries WHERE dossier = ? AND email = ? AND status = 'sent'",
            (self.dossier, email.lower()),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None
