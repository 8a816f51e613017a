"""Turn sending into a durable record: which dossier a ledger belongs to, who was sent which edition.

The rule that makes delivery exactly-once: an `attempt` row is committed (and synced to
disk) before a message goes out, and replaced by `sent` or `failed` only once the server
has answered. After a crash, a recipient whose last row is still `attempt` may or may not
have the message: they are reported as unresolved and never sent to again automatically.

One ledger belongs to one dossier. It lives in the dossier folder (`distribution/`), so the
record travels with the content and does not depend on the working directory, and its
`meta` table says whose it is (the subject and language, written when it is created): a
ledger brought to another dossier is refused rather than read as "everyone already has it".
Two senders never work on one ledger at once: `locked` holds an exclusive lock on a file
beside it for a whole run.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import DossierError, Problem
from ..files import Refused, writable

LEDGER_FOLDER = "distribution"  # inside the dossier folder; never part of the briefing
LEDGER_NAME = "ledger.sqlite"
SCHEMA_VERSION = "3"
# A reader (`--status`, `trace`) and a sender may meet on the file: SQLite waits this long
# for the other's write to finish instead of failing at once with "database is locked".
BUSY_MILLISECONDS = 15_000

# The web edition each recipient was given with their copy: attached (its SHA-256) or linked
# (the address). Added in schema 3; a ledger of schema 2 gains it when opened.
WEB_TABLE = """
CREATE TABLE web (
    edition INTEGER NOT NULL,
    email TEXT NOT NULL,
    how TEXT NOT NULL CHECK (how IN ('attach', 'link')),
    sha256 TEXT NOT NULL,
    url TEXT NOT NULL,
    PRIMARY KEY (edition, email)
);
"""
SCHEMA = (
    """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE deliveries (
    edition INTEGER NOT NULL,
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    copy_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('attempt', 'sent', 'failed')),
    message_id TEXT,
    reply TEXT,
    attempted_at TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (edition, email)
);
CREATE TABLE copies (
    edition INTEGER NOT NULL,
    email TEXT NOT NULL,
    copy_id TEXT NOT NULL UNIQUE,
    addressed TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    file TEXT NOT NULL,
    PRIMARY KEY (edition, email)
);
CREATE TABLE editions (
    edition INTEGER PRIMARY KEY,
    content_sha256 TEXT NOT NULL,
    first_sent_at TEXT NOT NULL
);
"""
    + WEB_TABLE
)
TABLES = {"meta", "deliveries", "copies", "editions", "web"}


class LedgerError(DossierError):
    """The ledger cannot be used: damaged, someone else's, missing, or in use."""


def problem(path: Path, message: str) -> LedgerError:
    return LedgerError([Problem(str(path), None, message)])


def default_ledger(folder: Path) -> Path:
    """The ledger of a dossier: in its own folder, wherever the command is run from, and
    written under the rule for the folder's files (no link leads it out of the folder)."""
    try:
        return writable(folder, f"{LEDGER_FOLDER}/{LEDGER_NAME}")
    except Refused as exc:
        raise problem(
            folder / LEDGER_FOLDER, f"{exc}: give a ledger with --ledger, or remove the link"
        ) from None


@dataclass(frozen=True)
class Identity:
    """What makes a dossier the same dossier from one edition to the next."""

    subject: str  # the person the case is about
    language: str
    title: str  # shown in messages only: a title may be reworded between editions
    folder: str  # shown in messages only: a folder may be renamed or moved

    def key(self) -> tuple[str, str]:
        return (" ".join(self.subject.split()).casefold(), self.language.casefold())


@dataclass(frozen=True)
class Delivery:
    edition: int
    email: str
    name: str
    copy_id: str
    status: str
    message_id: str | None
    reply: str | None


@dataclass(frozen=True)
class EditionRecord:
    edition: int
    content_sha256: str
    first_sent_at: str


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Lock descriptors this process holds. A process forked while one is held (the rendering
# and stamping workers) closes its copy at once: otherwise a worker that outlives a killed
# sender would keep the ledger locked until it ended.
_HELD: set[int] = set()


def _close_held_in_child() -> None:
    for fd in _HELD:
        os.close(fd)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_held_in_child)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the ledger's lock for the block, or refuse at once if another run holds it.

    Refusing rather than waiting: a second sender that waited would only find, once the
    first is done, that everyone already has the edition; an operator who started two
    runs by mistake learns it at once. The lock is `flock` on `<ledger>.lock`, released by
    the kernel when the process ends however it ends, so a killed run leaves no stale lock
    (the file stays, and means nothing by itself).
    """
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise problem(lock, f"cannot open the ledger's lock file: {exc.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise problem(lock, f"cannot lock the ledger: {exc.strerror}") from None
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            raise problem(
                path,
                f"the ledger is in use by another `dossier distribute` ({holder}; lock {lock}): "
                "nothing was done; run again once it has finished",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, since {_now()}\n".encode(), 0)
        _HELD.add(fd)
        yield
    finally:
        _HELD.discard(fd)
        os.close(fd)  # releases the lock


class Ledger:
    """One dossier's delivery record. Open with `Ledger.open`; every SQLite error becomes a LedgerError."""

    def __init__(self, path: Path, db: sqlite3.Connection, meta: dict[str, str]) -> None:
        self.path = path
        self.db = db
        self.meta = meta

    @classmethod
    def open(cls, path: Path, identity: Identity | None, *, create: bool) -> Ledger:
        """The ledger at `path`, checked to belong to `identity` (None: any dossier's).

        With `create`, a missing or empty file becomes a new ledger for `identity`;
        without, it is an error (commands that only read or correct a ledger never make one).
        """
        if not path.exists() and not create:
            raise problem(
                path, "no ledger here: nothing was prepared or sent with it (another place: --ledger)"
            )
        if path.is_symlink():
            raise problem(path, "the ledger is a symbolic link: refused (give its real place with --ledger)")
        if path.exists() and not path.is_file():
            raise problem(path, "the ledger is not a file")
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=BUSY_MILLISECONDS / 1000)
        except sqlite3.Error as exc:
            raise problem(path, f"cannot open the ledger: {exc}") from None
        try:
            meta = cls._prepare(db, path, identity, create)
        except BaseException:
            db.close()
            raise
        return cls(path, db, meta)

    @staticmethod
    def _prepare(
        db: sqlite3.Connection, path: Path, identity: Identity | None, create: bool
    ) -> dict[str, str]:
        damaged = "the ledger is not a dossier ledger or is damaged"
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_MILLISECONDS}")
            # A file of random bytes, or one cut short, fails here rather than midway
            # through a batch: the whole file is read once (a ledger is small).
            check = db.execute("PRAGMA quick_check").fetchall()
            if check != [("ok",)]:
                raise problem(path, f"{damaged}: {'; '.join(str(r[0]) for r in check[:3])}")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not tables:
                if not create or identity is None:
                    raise problem(path, "the ledger is empty: it records no dossier")
                # FULL: a committed transaction is on disk before commit returns.
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                # One transaction (not executescript, which commits first): a ledger is
                # never left with tables but no record of whose it is.
                db.execute("BEGIN IMMEDIATE")
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("schema", SCHEMA_VERSION),
                        ("ledger_id", uuid.uuid4().hex),
                        ("subject", identity.subject),
                        ("language", identity.language),
                        ("title", identity.title),
                        ("folder", identity.folder),
                        ("created_at", _now()),
                    ],
                )
                db.execute("COMMIT")
                tables = set(TABLES)
            db.execute("PRAGMA synchronous=FULL")
            if "meta" not in tables:
                raise problem(
                    path,
                    f"{damaged}: it has no record of whose it is (made by another program, or "
                    "by a version of dossier before ledgers lived with their dossier)",
                )
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise problem(path, f"{damaged}: {exc}") from None
        if meta.get("schema") == "2" and tables >= TABLES - {"web"}:
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute(WEB_TABLE)
                db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (SCHEMA_VERSION,))
                db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise problem(path, f"{damaged}: {exc}") from None
            meta["schema"], tables = SCHEMA_VERSION, tables | {"web"}
        if meta.get("schema") != SCHEMA_VERSION or not tables >= TABLES:
            raise problem(path, f"{damaged}: schema {meta.get('schema')!r}, expected {SCHEMA_VERSION}")
        if identity is not None:
            theirs = Identity(meta["subject"], meta["language"], meta["title"], meta["folder"])
            if theirs.key() != identity.key():
                raise problem(
                    path,
                    f"this ledger belongs to another dossier: '{theirs.title}', about {theirs.subject} "
                    f"({theirs.language}), created {meta['created_at'][:10]} in a folder named "
                    f"'{theirs.folder}'; this dossier is about {identity.subject} ({identity.language}). "
                    f"Nothing was done. If this folder was copied from that dossier, move its "
                    f"{LEDGER_FOLDER}/ folder away; otherwise give the right ledger with --ledger",
                )
        return meta

    def _run(self, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor:
        try:
            return self.db.execute(sql, params)
        except sqlite3.Error as exc:
            raise problem(self.path, f"the ledger is not a dossier ledger or is damaged: {exc}") from None

    @property
    def ledger_id(self) -> str:
        return self.meta["ledger_id"]

    def describe(self) -> str:
        m = self.meta
        return (
            f"ledger {self.path} of '{m['title']}' ({m['subject']}, {m['language']}), since {m['created_at']}"
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def deliveries_recorded(self) -> int:
        """Every delivery row, any edition and status: 0 for a new or emptied ledger."""
        return int(self._run("SELECT COUNT(*) FROM deliveries").fetchone()[0])

    def record_copy(
        self, edition: int, email: str, copy_id: str, addressed: str, sha256: str, file: str
    ) -> None:
        self._run(
            "INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?, ?, ?)",
            (edition, email.lower(), copy_id, addressed, sha256, file),
        )

    def record_web(self, edition: int, email: str, how: str, sha256: str, url: str) -> None:
        """The web edition given to `email` with this edition: attached (its SHA-256) or linked (`url`)."""
        self._run(
            "INSERT OR REPLACE INTO web VALUES (?, ?, ?, ?, ?)", (edition, email.lower(), how, sha256, url)
        )

    def web_of(self, edition: int, email: str) -> tuple[str, str, str] | None:
        """(how, sha256, url) of the web edition recorded for `email`, if any."""
        row = self._run(
            "SELECT how, sha256, url FROM web WHERE edition = ? AND email = ?", (edition, email.lower())
        ).fetchone()
        return (str(row[0]), str(row[1]), str(row[2])) if row else None

    def copy_ids(self, edition: int) -> dict[str, str]:
        rows = self._run("SELECT email, copy_id FROM copies WHERE edition = ?", (edition,))
        return dict(rows.fetchall())

    def copy_sha256(self, edition: int, email: str) -> str | None:
        """The SHA-256 of the copy stamped for `email`, as recorded when it was stamped."""
        row = self._run(
            "SELECT sha256 FROM copies WHERE edition = ? AND email = ?", (edition, email.lower())
        ).fetchone()
        return str(row[0]) if row else None

    def copy_owner(self, copy_id: str) -> tuple[int, str, str] | None:
        """(edition, email, addressed) of a copy ID."""
        row = self._run(
            "SELECT edition, email, addressed FROM copies WHERE copy_id = ?", (copy_id,)
        ).fetchone()
        return (int(row[0]), str(row[1]), str(row[2])) if row else None

    def edition(self, edition: int) -> EditionRecord | None:
        row = self._run(
            "SELECT edition, content_sha256, first_sent_at FROM editions WHERE edition = ?", (edition,)
        ).fetchone()
        return EditionRecord(int(row[0]), str(row[1]), str(row[2])) if row else None

    def record_edition(self, edition: int, content_sha256: str) -> None:
        """The content an edition was first sent with; kept as it was by later sends."""
        self._run(
            "INSERT INTO editions VALUES (?, ?, ?) ON CONFLICT (edition) DO NOTHING",
            (edition, content_sha256, _now()),
        )

    def delivery(self, edition: int, email: str) -> Delivery | None:
        row = self._run(
            "SELECT edition, email, name, copy_id, status, message_id, reply FROM deliveries"
            " WHERE edition = ? AND email = ?",
            (edition, email.lower()),
        ).fetchone()
        return Delivery(*row) if row else None

    def attempt(self, edition: int, email: str, name: str, copy_id: str) -> None:
        """Logged and on disk before the message is handed to the server."""
        self._run(
            "INSERT INTO deliveries (edition, email, name, copy_id, status, attempted_at)"
            " VALUES (?, ?, ?, ?, 'attempt', ?)"
            " ON CONFLICT (edition, email) DO UPDATE SET status = 'attempt',"
            " copy_id = excluded.copy_id, attempted_at = excluded.attempted_at,"
            " message_id = NULL, reply = NULL, finished_at = NULL",
            (edition, email.lower(), name, copy_id, _now()),
        )

    def finish(self, edition: int, email: str, status: str, message_id: str | None, reply: str) -> None:
        self._run(
            "UPDATE deliveries SET status = ?, message_id = ?, reply = ?, finished_at = ?"
            " WHERE edition = ? AND email = ?",
            (status, message_id, reply, _now(), edition, email.lower()),
        )

    def resolve(self, edition: int, email: str, status: str) -> bool:
        """A person's decision on an unresolved attempt: it was 'sent' or it 'failed'."""
        cursor = self._run(
            "UPDATE deliveries SET status = ?, reply = 'resolved by hand', finished_at = ?"
            " WHERE edition = ? AND email = ? AND status = 'attempt'",
            (status, _now(), edition, email.lower()),
        )
        return cursor.rowcount == 1

    def holdings(self) -> list[tuple[str, str, int | None, list[int]]]:
        """(email, name, newest edition sent, editions unresolved) for everyone in the ledger."""
        rows = self._run(
            "SELECT email, MAX(name),"
            " MAX(CASE WHEN status = 'sent' THEN edition END),"
            " GROUP_CONCAT(CASE WHEN status = 'attempt' THEN edition END)"
            " FROM deliveries GROUP BY email ORDER BY email"
        ).fetchall()
        return [(r[0], r[1], r[2], [int(e) for e in (r[3] or "").split(",") if e]) for r in rows]

    def newest_sent(self, email: str) -> int | None:
        row = self._run(
            "SELECT MAX(edition) FROM deliveries WHERE email = ? AND status = 'sent'", (email.lower(),)
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None
