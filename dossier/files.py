"""Turn a file name that content gives into the bytes of a regular file in the dossier folder, or a refusal;
and bytes into a file written whole or not at all.

One rule for every file content reaches (the content files, images, a citation style,
the attachments of a PDF/A): a regular file, inside the folder once every symbolic link
and `..` is followed, under its size limit. A link to `/proc/self/environ`, a device, a
pipe or a 50 MB file is refused with a sentence that says which, before anything is read.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .errors import BuildError, Problem
from .limits import limit_for, size_text


class Refused(ValueError):
    """The file may not be read; the message says why, in the content author's words."""


def locate(root: Path, name: str) -> Path:
    """The real path of `root/name`, which must exist and lie inside `root`."""
    if Path(name).is_absolute():
        raise Refused(f"'{name}' is an absolute path: name a file inside the dossier folder")
    folder = root.resolve()
    path = root / name
    try:
        real = path.resolve()  # follows every link and "..", as opening the file would
        exists = real.exists()
    except (OSError, RuntimeError) as exc:  # a loop of symbolic links, a name too long
        raise Refused(f"'{name}' cannot be reached: {getattr(exc, 'strerror', None) or exc}") from None
    if not real.is_relative_to(folder):
        if _through_link(root, name):
            raise Refused(f"'{name}' is a symbolic link to a file outside the dossier folder")
        raise Refused(f"'{name}' lies outside the dossier folder")
    if not exists:
        raise Refused(f"'{name}' not found in the dossier folder")
    return real


def _through_link(root: Path, name: str) -> bool:
    path = root
    for part in Path(name).parts:
        path = path / part
        if path.is_symlink():
            return True
    return False


def read_file(root: Path, name: str, limit: int | None = None) -> bytes:
    """The bytes of `root/name` under the one rule; raises Refused."""
    real = locate(root, name)
    limit = limit_for(name) if limit is None else limit
    # O_NOFOLLOW: the path was resolved above, so a link appearing now is refused;
    # O_NONBLOCK: opening a pipe must not wait for a writer before fstat can refuse it.
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise Refused(f"'{name}' cannot be opened: {exc.strerror or exc}") from None
    try:
        _allowed(name, os.fstat(fd), limit)
    except Refused:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise Refused(f"'{name}' is larger than the limit of {size_text(limit)}")
    return data


def check_file(root: Path, name: str, limit: int | None = None) -> None:
    """Raise Refused unless `root/name` could be read under the rule (reads nothing)."""
    real = locate(root, name)
    _allowed(name, real.stat(), limit_for(name) if limit is None else limit)


def _allowed(name: str, info: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise Refused(f"'{name}' is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"'{name}' is not a regular file (a device, pipe or socket): refused")
    if info.st_size > limit:
        raise Refused(f"'{name}' is {size_text(info.st_size)}; the limit is {size_text(limit)}")


# -- writing ------------------------------------------------------------------------------


def writable(root: Path, name: str) -> Path:
    """Where to write `root/name` under the same rule as reads: the folder it goes in lies
    inside `root` once every link is followed (it need not exist yet), and nothing but a
    regular file stands at the name. Raises Refused."""
    if Path(name).is_absolute():
        raise Refused(f"'{name}' is an absolute path: name a file inside the dossier folder")
    path = root / name
    existing = path.parent
    while existing != root and not existing.exists() and not existing.is_symlink():
        existing = existing.parent
    try:
        inside = existing.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError) as exc:
        raise Refused(f"'{name}' cannot be reached: {exc}") from None
    if not inside:
        raise Refused(f"'{name}' would be written outside the dossier folder (through a symbolic link)")
    if path.is_symlink():
        raise Refused(f"'{name}' is a symbolic link: it is not written through")
    if path.exists() and not path.is_file():
        raise Refused(f"'{name}' is not a regular file: it is not replaced")
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def replace_atomically(target: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write through `write` into a temporary file beside `target`, then rename it over `target`.

    A failed or interrupted build never leaves a half-written file where the last
    good one was, and leaves no temporary file behind when it fails cleanly.
    """
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); a PDF is shared like any file the user saves.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
        temporary = None
    except OSError as exc:
        raise BuildError(
            [Problem(str(target), None, f"cannot write this file: {exc.strerror or exc}")]
        ) from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
