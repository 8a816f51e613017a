"""Small builders shared by unit tests."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from dossier.cite.notes import Style, style_path
from dossier.content.models import PartialDate, Source


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
    group = "primary" if csl_type in {"legislation", "legal_case"} else "secondary"
    return Source(key=key, entry_type="misc", csl=item, date=when, group=group, line=1)


def style(name: str = "oscola") -> Style:
    from pathlib import Path

    return Style(style_path(name, Path(".")))


def text(html: str) -> str:
    """Visible text of formatted HTML."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", str(html))).split())


# The lines a failed command adds after its problems: a count, and what became of the PDF.
SUMMARY = re.compile(r"^(\d+ (error|warning)\(s\)|build failed)")


def problem_lines(stderr: str) -> list[str]:
    """The `path:line: message` lines of a failed command's output, without its summary lines."""
    return [line for line in stderr.splitlines() if line and not SUMMARY.match(line)]
