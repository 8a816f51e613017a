"""Turn a BibTeX file into Source records, reporting every malformed block with its line."""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser import model

from ..dates import month_number
from ..errors import Problems
from ..limits import BRACE_DEPTH
from .csl import PRIMARY_TYPES, issued, to_csl, to_text
from .load import TextFile
from .models import Source

# bibtexparser v2 logs a warning for every failed block; we report them ourselves.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

# Sources that are commonly published without a named author (Zotero and Better BibTeX
# export judgments, statutes, news and web pages so); others need an author.
AUTHOR_OPTIONAL = {
    "jurisdiction",
    "legislation",
    "legal",
    "law",
    "online",
    "www",
    "webpage",
    "electronic",
    "misc",
}

# A value that swallowed the next field: bibtexparser accepts `title = {A}\n year = {B}`
# with the comma missing as one field, so we look for a second `name =` inside it.
# Possessive quantifiers: whitespace already consumed is never given back, so a value of
# thousands of lines or spaces is scanned once, not once per starting brace.
SWALLOWED = re.compile(r"[}\"][ \t\r]*+\n\s*+([A-Za-z][\w-]*+)[ \t]*+=")
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
    spelled: dict[str, str] = {}
    for entry in library.entries:
        line = _line(entry)
        if entry.key in first_line:
            problems.add(
                bib.path, line, f"duplicate source key '{entry.key}' (first on line {first_line[entry.key]})"
            )
            continue
        first_line[entry.key] = line
        other = spelled.setdefault(entry.key.lower(), entry.key)
        if other != entry.key:
            # BibTeX and the citation styles treat keys without regard to case: one of
            # the two would silently print in place of the other.
            problems.add(
                bib.path,
                line,
                f"source key '{entry.key}' differs from '{other}' (line {first_line[other]}) only in "
                "upper and lower case, which citations do not distinguish: rename one",
            )
            broken.add(entry.key)
            continue
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


def _brace_depth(value: str) -> int:
    depth = deepest = 0
    for char in value:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def _source(entry: model.Entry, bib: TextFile, problems: Problems) -> Source | None:
    line = _line(entry)
    fields: dict[str, str] = {}
    ok = True
    for fld in entry.fields:
        value = str(fld.value)
        depth = _brace_depth(value)
        if depth > BRACE_DEPTH:
            problems.add(
                bib.path, _line(fld), f"field '{fld.key}': braces nested {depth} deep (at most {BRACE_DEPTH})"
            )
            ok = False
            fields[fld.key.lower()] = ""  # reported; not "missing" as well
            continue
        swallowed = SWALLOWED.search(value)
        if swallowed:
            problems.add(
                bib.path, _line(fld), f"missing comma after field '{fld.key}' (before '{swallowed[1]}')"
            )
            ok = False
        bare_month = fld.key.lower() == "month" and month_number(value) is not None
        if fld.enclosing == "no-enclosing" and not (value.isdigit() or bare_month or swallowed):
            # bibtexparser keeps an unknown bare word as text instead of failing.
            problems.add(
                bib.path,
                _line(fld),
                f"field '{fld.key}': '{value}' is not a defined @string macro; put text in braces",
            )
            ok = False
        fields[fld.key.lower()] = value
    kind = entry.entry_type.lower()
    subtype = fields.get("entrysubtype", "").strip().lower()
    debate = kind == "jurisdiction" and subtype in ("debate", "hearing")
    # A debate is cited by chamber, date and column; a decision without a name (as many
    # civil-law courts' are) by court and number.
    nameless_case = kind == "jurisdiction" and {"institution", "number"} <= set(fields)
    if "title" not in fields and not debate and not nameless_case:
        problems.add(bib.path, line, f"source '{entry.key}' has no title")
        ok = False
    if "author" not in fields:
        news = kind == "article" and subtype in ("newspaper", "magazine")
        # An official document is cited by the body that issued it (UNGA, a UN working group).
        issued_by_body = kind in ("report", "techreport") and "institution" in fields
        if kind not in AUTHOR_OPTIONAL and not news and not issued_by_body:
            problems.add(
                bib.path,
                line,
                f"source '{entry.key}' has no author (only court decisions, legislation, news, "
                "web pages and reports naming their institution may go without one)",
            )
            ok = False
        elif not ({"date", "year", "number", "url"} & set(fields)):
            problems.add(
                bib.path,
                line,
                f"source '{entry.key}' has no author, date, number or url: give a date (or the "
                "document's number or address) so that a reader can find it",
            )
            ok = False
    if not ok:
        return None
    entry_type = entry.entry_type.lower()
    try:
        item, unmapped = to_csl(entry.key.lower(), entry_type, fields)
        when = issued(fields)
        keywords = to_text(fields.get("keywords", "")).lower()
    except ValueError as exc:
        problems.add(bib.path, line, f"source '{entry.key}': {exc}")
        return None
    if unmapped:
        problems.add(
            bib.path,
            line,
            f"source '{entry.key}': not carried into citations: {', '.join(unmapped)}",
            warning=True,
        )
    primary = item["type"] in PRIMARY_TYPES or "primary" in re.split(r"[,;]\s*", keywords)
    return Source(
        key=entry.key,
        entry_type=entry_type,
        csl=item,
        date=when,
        group="primary" if primary else "secondary",
        line=line,
    )
