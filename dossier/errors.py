"""Turn problems found in content into one error that reports them all as `path:line: message`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a 1-based line of one file."""

    path: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


class DossierError(Exception):
    """Base class: every error the tool reports to a user carries file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(DossierError):
    """The content folder has errors; nothing was built."""


class BuildError(DossierError):
    """Rendering or writing the PDF failed."""


class Problems:
    """Collects every problem of a run so that all are reported at once, then aborts once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.items: list[Problem] = []

    def display(self, path: Path) -> str:
        # Paths are shown relative to the working directory when possible, which is
        # what an editor or terminal can open directly.
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def add(self, path: Path, line: int, message: str, *, warning: bool = False) -> None:
        self.items.append(Problem(self.display(path), max(line, 1), message, warning))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentError(self.items)
