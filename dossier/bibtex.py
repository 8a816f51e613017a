"""Turn a BibTeX file into Source records, reporting every malformed block with its line."""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import model

from .errors import Problems
from .load import TextFile
from .models import PartialDate, Source, parse_partial_date

# bibtexparser v2 logs a warning for every failed block; we report them ourselves.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

# A value that swallowed the next field: bibtexparser accepts `title = {A}\n year = {B}`
# with the comma missing as one field, so we look for a second `name =` inside it.
SWALLOWED = re.compile(r"[}\"]\s*\n\s*([A-Za-z][\w-]*)\s*=")
MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
ACCENTS = {r"\&": "&", "---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "'": "\u2019"}


def clean(value: str) -> str:
    """Drop grouping braces and the LaTeX escapes reference managers put in plain text."""
    for tex, text in ACCENTS.items():
        value = value.replace(tex, text)
    return " ".join(value.replace("{", "").replace("}", "").split())


def entry_date(fields: dict[str, str]) -> PartialDate | None:
    if "date" in fields:
        parsed: PartialDate = parse_partial_date(clean(fields["date"]))
        return parsed
    if "year" not in fields:
        return None
    year = clean(fields["year"])
    month = clean(fields.get("month", "")).lower()[:3]
    month_number = MONTHS.get(month) or (int(month) if month.isdigit() else None)
    day = clean(fields.get("day", ""))
    return PartialDate(
        year=int(year), month=month_number, day=int(day) if day.isdigit() and month_number else None
    )


ENTRY_KEY = re.compile(r"@\s*\w*\s*[{(]\s*([^,\s=]+)")


def _line(block: model.Block | model.Field) -> int:
    """1-based line of a block; bibtexparser counts from 0."""
    return (block.start_line or 0) + 1


def _failure(block: model.Block) -> str:
    head = (block.raw or "").split("\n", 1)[0].strip()
    error = getattr(block, "error", None)
    reason = str(getattr(error, "abort_reason", "") or error or "").split("\n")[0]
    if "comma after entry key" in reason:
        return f"malformed BibTeX entry '{head}': expected a comma after the entry key"
    return f"malformed BibTeX entry '{head}'" + (f": {reason}" if reason else "")


def read_sources(bib: TextFile, problems: Problems) -> tuple[dict[str, Source], set[str]]:
    """Sources by key, and the keys of entries too broken to use (already reported)."""
    library = bibtexparser.parse_string(bib.text)  # type: ignore[attr-defined]
    first_line: dict[str, int] = {}
    sources: dict[str, Source] = {}
    broken: set[str] = set()
    for block in library.failed_blocks:
        line = _line(block)
        if isinstance(block, model.DuplicateBlockKeyBlock):
            problems.add(bib.path, line, f"duplicate source key '{block.key}'")
            continue
        problems.add(bib.path, line, _failure(block))
        key = ENTRY_KEY.match((block.raw or "").strip())
        if key:
            broken.add(key[1])
    for entry in library.entries:
        line = _line(entry)
        if entry.key in first_line:
            problems.add(
                bib.path, line, f"duplicate source key '{entry.key}' (first on line {first_line[entry.key]})"
            )
            continue
        first_line[entry.key] = line
        if not entry.entry_type.strip():
            problems.add(bib.path, line, f"entry '{entry.key}' has no type (write @misc{{...}})")
            broken.add(entry.key)
            continue
        source = _source(entry, bib, problems)
        if source is None:
            broken.add(entry.key)
        else:
            sources[entry.key] = source
    return sources, broken


def _source(entry: model.Entry, bib: TextFile, problems: Problems) -> Source | None:
    line = _line(entry)
    fields: dict[str, str] = {}
    ok = True
    for fld in entry.fields:
        value = str(fld.value)
        swallowed = SWALLOWED.search(value)
        if swallowed:
            problems.add(
                bib.path,
                _line(fld),
                f"missing comma after field '{fld.key}' (before '{swallowed[1]}')",
            )
            ok = False
        bare_month = fld.key.lower() == "month" and value.lower()[:3] in MONTHS
        if fld.enclosing == "no-enclosing" and not (value.isdigit() or bare_month or swallowed):
            # bibtexparser keeps an unknown bare word as text instead of failing.
            problems.add(
                bib.path,
                _line(fld),
                f"field '{fld.key}': '{value}' is not a defined @string macro; put text in braces",
            )
            ok = False
        fields[fld.key.lower()] = value
    for needed in ("title", "author"):
        if needed not in fields:
            problems.add(bib.path, line, f"source '{entry.key}' has no {needed}")
            ok = False
    try:
        when = entry_date(fields)
    except ValueError as exc:
        problems.add(bib.path, line, f"source '{entry.key}': {exc}")
        return None
    if not ok:
        return None
    return Source(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        title=clean(fields["title"]),
        short_title=clean(fields.get("shorttitle", "")) or None,
        author=clean(fields["author"]),
        date=when,
        genre=clean(fields.get("type") or fields.get("howpublished") or "") or None,
        publisher=clean(fields.get("organization") or fields.get("publisher") or "") or None,
        note=clean(fields.get("note", "")) or None,
        line=line,
    )
