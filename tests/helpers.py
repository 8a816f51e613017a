"""Small builders shared by unit tests."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from dossier.cite.notes import Style, load_style
from dossier.content.models import PartialDate, Source

if TYPE_CHECKING:
    from dossier.build import Built
    from dossier.render.document import Rendered


def source(
    key: str,
    author: str,
    title: str,
    year: int,
    month: int | None = None,
    day: int | None = None,
    csl_type: str = "article",
    **extra: Any,
) -> Source:
    when = PartialDate(year=year, month=month, day=day)
    item = {
        "id": key,
        "type": csl_type,
        "title": title,
        "author": [{"literal": author}],
        "issued": {"date-parts": [[p for p in (year, month, day) if p]]},
        **extra,
    }
    group: Literal["primary", "secondary"] = (
        "primary" if csl_type in {"legislation", "legal_case"} else "secondary"
    )
    return Source(key=key, entry_type="misc", csl=item, date=when, group=group, line=1)


def style(name: str = "oscola") -> Style:
    return load_style(name, Path("."))


def rendered(built: Built) -> Rendered:
    """What a build rendered. A test builds into a new path, so its build is never a no-op."""
    assert built.rendered is not None, f"{built.pdf} was up to date: nothing was rendered"
    return built.rendered


def text(html: str) -> str:
    """Visible text of formatted HTML."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", str(html))).split())


# The lines a failed command adds after its problems: a count, and what became of the PDF.
SUMMARY = re.compile(r"^(\d+ (error|warning)s?\b|build failed)")


def problem_lines(stderr: str) -> list[str]:
    """The `path:line: message` lines of a failed command's output, without its summary lines."""
    return [line for line in stderr.splitlines() if line and not SUMMARY.match(line)]


# Broken and hostile content, one folder per case: see test_corpus.py for the format.
CORPUS = Path(__file__).resolve().parent / "corpus"
EXPECTED = "expected.txt"


def corpus_case(case: str, folder: Path, port: int | None = None) -> Path:
    """Make `folder` the minimal fixture with the files of tests/corpus/<case>/ laid over it.

    A symbolic link is copied as a link, a folder (editions/) with its files; `{PORT}` in a
    top-level file becomes `port`.
    """
    from .conftest import MINIMAL

    shutil.copytree(MINIMAL, folder)
    for source in sorted((CORPUS / case).iterdir()):
        if source.name == EXPECTED:
            continue
        target = folder / source.name
        target.unlink(missing_ok=True)
        if source.is_symlink():
            target.symlink_to(source.readlink())
            continue
        if source.is_dir():  # editions/: laid over whole, with its links as links
            shutil.copytree(source, target, symlinks=True, dirs_exist_ok=True)
            continue
        data = source.read_bytes()
        if b"{PORT}" in data:
            if port is None:
                raise ValueError(f"corpus case {case}: {source.name} needs a port for {{PORT}}")
            data = data.replace(b"{PORT}", str(port).encode())
        target.write_bytes(data)
    return folder


def expected_patterns(case: str) -> list[str]:
    """The regular expressions of tests/corpus/<case>/expected.txt, one a line, blank lines skipped."""
    return [line for line in (CORPUS / case / EXPECTED).read_text().splitlines() if line.strip()]


def release_first_edition(folder: Path) -> None:
    """Edition 1 of the minimal fixture in `folder` released as of 1 January 2024 (dated the
    2nd), with `dossier release`; dossier.yaml is edition 2 again afterwards."""
    from click.testing import CliRunner

    from dossier.cli import main

    meta = folder / "dossier.yaml"
    original = meta.read_text(encoding="utf-8")
    first = original.replace("as_of: 2024-06-30", "as_of: 2024-01-01").replace(
        "  number: 2\n  date: 2024-07-01", "  number: 1\n  date: 2024-01-02"
    )
    assert first != original, "not the minimal fixture's dossier.yaml"
    meta.write_text(first, encoding="utf-8")
    result = CliRunner().invoke(main, ["release", str(folder)])
    meta.write_text(original, encoding="utf-8")
    assert result.exit_code == 0, result.output


def edit(path: Path, old: str, new: str) -> None:
    """`path` with the first `old` replaced by `new` (which must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def next_edition(folder: Path, days: int) -> tuple[int, str]:
    """Release `folder`'s edition, then raise it by one with its information `days` later:
    (the released number, the new as-of date)."""
    from datetime import date, timedelta

    from click.testing import CliRunner

    from dossier.cli import main
    from dossier.content.validate import check_folder

    assert CliRunner().invoke(main, ["release", str(folder)]).exit_code == 0
    number = check_folder(folder)[0].metadata.edition.number
    meta = (folder / "dossier.yaml").read_text(encoding="utf-8")
    as_of = re.search(r"as_of: (\S+)", meta)
    assert as_of is not None
    later = (date.fromisoformat(as_of[1]) + timedelta(days=days)).isoformat()
    meta = meta.replace(f"number: {number}", f"number: {number + 1}").replace(
        f"as_of: {as_of[1]}", f"as_of: {later}"
    )
    (folder / "dossier.yaml").write_text(meta, encoding="utf-8")
    return number, later
