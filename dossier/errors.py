"""Turn problems found anywhere into one error that reports them all as `path:line: message`.

Every error a user sees is a DossierError. It is a click exception: commands do not catch
it, click's one handler prints it (`show`) and exits with status 1, as MkDocs does with
its own exceptions. Which class says which stage failed: the content, rendering, delivery.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import click

from .characters import one_line
from .words import counted


@dataclass(frozen=True)
class Problem:
    """One thing wrong, at a 1-based line of one file, or of a whole file or place (line None)."""

    path: str
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        # A message quotes content (a key, a file name): one line, no terminal escapes.
        return one_line(f"{where}: {kind}{self.message}")

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)


class DossierError(click.ClickException):
    """Base class: every error the tool reports to a user, with where it was found."""

    def __init__(self, problems: list[Problem], summary: str = "") -> None:
        self.problems = sorted(problems, key=lambda p: p.key)
        self.summary = summary
        self.notes: list[str] = []  # lines a command adds on the way out (see `noting`)
        super().__init__("\n".join(str(p) for p in self.problems))

    def show(self, file: IO[Any] | None = None) -> None:
        stream: IO[Any] = file if file is not None else sys.stderr
        if stream.isatty():
            click.echo("\r\033[K", file=stream, nl=False)  # past a progress bar's last state
        for problem in self.problems:
            click.echo(str(problem), file=stream)
        for line in [self.summary, *self.notes]:
            if line:
                click.echo(line, file=stream)


class ContentError(DossierError):
    """The content folder has errors; nothing was built."""


class BuildError(DossierError):
    """Rendering or writing the PDF failed."""


class DeliveryError(DossierError):
    """Copies could not be prepared or sent: recipients, the server, the sender, a copy."""


@contextlib.contextmanager
def noting(note: str) -> Iterator[None]:
    """Add a line to any DossierError that leaves the block (it is still raised)."""
    try:
        yield
    except DossierError as exc:
        exc.notes.append(note)
        raise


@dataclass
class Problems:
    """Collects every problem of a run so that all are reported at once, then aborts once."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def display(self, path: Path) -> str:
        # Paths are shown relative to the working directory when possible, which is
        # what an editor or terminal can open directly.
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def add(self, path: Path, line: int | None, message: str, *, warning: bool = False) -> None:
        self.items.append(
            Problem(self.display(path), None if line is None else max(line, 1), message, warning)
        )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_any(self, *, strict: bool = False) -> None:
        """Abort once: on any error, or with `strict` on any warning too."""
        if self.errors:
            raise ContentError(self.items, f"{counted(len(self.errors), 'error')} in {self.root}")
        if strict and self.warnings:
            raise ContentError(
                self.warnings, f"{counted(len(self.warnings), 'warning')}, which --strict makes errors"
            )
