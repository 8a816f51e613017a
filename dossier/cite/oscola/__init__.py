"""Turn legal sources (cases, treaties, legislation, debates, official documents) into OSCOLA citations.

OSCOLA's forms for these turn on distinctions CSL 1.0 has no variables for: a neutral
citation or law report against an application number with the court and date in
brackets, a treaty's adoption and entry into force, a UN document's symbol, a debate's
chamber, volume and column. The stock OSCOLA CSL style guesses them from CSL's generic
variables, and prints "X v State [2021] European Court of Human Rights 12345/19". These
forms are written here, from the OSCOLA 4th edition's rules, for the kinds below; every
other source (articles, books, news, reports of NGOs) is formatted by the CSL style.
The positions (first, subsequent, ibid) are decided in notes.py, for every source alike.

One module for each kind of source: cases.py, legislation.py (and treaties),
documents.py (UN and Council of Europe documents, resolutions, debates, statements),
reports.py (official reports in a numbered series), secondary.py (what the CSL style
needs to print other secondary sources as OSCOLA does);
common.py holds pinpoints and the text helpers, kinds.py which form a source takes,
tables.py OSCOLA's tables.
"""

from __future__ import annotations

from typing import Any

from .cases import case, case_point
from .common import Kind, Pinpoint, is_symbol, join, name_of, pinpoint
from .documents import debate, document, is_resolution, statement
from .kinds import kind
from .legislation import legislation, treaty
from .reports import report
from .secondary import prepare
from .tables import TABLES, Table, left_out, repeated_authors, sort_key, table, unprinted

# The styles dossier cites in OSCOLA, with the edition of the guide each follows.
EDITIONS = {"oscola": 4, "oscola-5": 5}

__all__ = [
    "EDITIONS",
    "TABLES",
    "Kind",
    "Pinpoint",
    "Table",
    "cite",
    "is_resolution",
    "is_symbol",
    "kind",
    "left_out",
    "name_of",
    "pinpoint",
    "prepare",
    "repeated_authors",
    "sort_key",
    "table",
    "table_entry",
    "unprinted",
]


def cite(
    item: dict[str, Any],
    position: str,
    first_note: str,
    point: Pinpoint | None,
    edition: int = 4,
    *,
    titled: bool = False,
) -> str:
    """The HTML of one cite of a source of `kind(item)`, without the note's closing full stop."""
    which = kind(item)
    full = position == "first"
    if position.startswith("ibid"):
        # OSCOLA 4 1.2.1: "ibid [34]", "ibid 271–78": the pinpoint as the full form has it.
        if point is None or position == "ibid":
            return "ibid"  # the same source at the same place
        if which == "case":
            return join("ibid", case_point(item, point, edition)[0])
        return join("ibid", point.text())
    if which == "case":
        return case(item, first_note, full, point, edition)
    if which == "treaty":
        return treaty(item, full, point, edition)
    if which == "legislation":
        return legislation(item, full, point, edition)
    if which == "debate":
        return debate(item, point)
    if which == "statement":
        return statement(item, first_note, full, point, titled)
    if which == "report":
        return report(item, first_note, full, point, titled)
    return document(item, first_note, full, point, edition)


def table_entry(item: dict[str, Any], edition: int = 4) -> str:
    """A source's entry in OSCOLA's tables (OSCOLA 4 1.6): its full citation without
    pinpoint or full stop, a case's name in roman, no defined abbreviation."""
    entry = {k: v for k, v in item.items() if k != "title-short"}
    text = cite(entry, "first", "", None, edition)
    return text.replace("<i>", "").replace("</i>", "") if kind(item) == "case" else text
