"""Turn official reports in a numbered series (Law Commission, command papers) into OSCOLA citations."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from .common import Pinpoint, field, italic, join, link, name_of, no_stops, title_of, year_of

# The series OSCOLA 4 names in a report's brackets: Law Commission and Scottish Law
# Commission reports and papers (3.4.4: "Law Com No 313", "Law Com CP No 121", "Scot Law
# Com No 196") and command papers of every series (3.4.3: "C", "Cd", "Cmd", "Cmnd", "Cm", "CP").
SERIES = re.compile(r"^(?:(?:Scot )?Law Com(?: CP| DP)? No|C|Cd|Cmd|Cmnd|Cm|CP) \d")
# An organisation's own index number ("AI Index: ASA 16/7484/2017"): its type names it so.
INDEX = re.compile(r"\bIndex\b:?$", re.IGNORECASE)


def reference(item: dict[str, Any]) -> str:
    """The report's number as printed: "Law Com No 313" from `number`, or from `type`
    ("Law Com No", "AI Index:") and `number` together; "" for a report in no series."""
    number, genre = field(item, "number"), field(item, "genre")
    if not number:
        return ""
    if SERIES.match(number):
        return no_stops(number)
    joined = join(genre, number)
    if SERIES.match(no_stops(joined)) or INDEX.search(genre):
        return no_stops(joined)
    return ""


def is_official_report(item: dict[str, Any]) -> bool:
    """A report OSCOLA cites by its series number, issued by a body (a personal author's
    report is the CSL style's, which inverts the name in the bibliography)."""
    authors = item.get("author") or []
    by_body = all("literal" in name for name in authors)
    return item.get("type") == "report" and by_body and bool(reference(item))


def _body(item: dict[str, Any]) -> str:
    # The department or commission is the author (OSCOLA 4 3.4.3: "Home Office, …");
    # given as the institution when the entry has no author.
    authors = item.get("author") or []
    if authors:
        return escape(", ".join(name_of(name) for name in authors), quote=False)
    return field(item, "publisher")


def report(item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, titled: bool) -> str:
    """OSCOLA 4 3.4.3 and 3.4.4: "Law Commission, *Reforming Bribery* (Law Com No 313, 2008)
    paras 3.12–3.17": body, title in italics, then in brackets any further information
    (a `type` such as "White Paper"), the number and the year; the pinpoint after the
    bracket without a comma."""
    where = point.text() if point else ""
    body = _body(item)
    if not full:
        # OSCOLA 4 1.2.1: the author and the note, the title too when several of the
        # author's works are cited.
        short = title_of(item, "title-short") or title_of(item)
        return join(join(body, italic(short) if titled else "", sep=", "), f"(n {first_note})", where)
    number = reference(item)
    genre = field(item, "genre")
    further = "" if not genre or number.startswith(no_stops(genre)) else no_stops(genre)
    brackets = join(further, number, year_of(item), sep=", ")
    cited = join(join(body, italic(title_of(item)), sep=", "), f"({brackets})")
    return join(cited, where, link(item))
