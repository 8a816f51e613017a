"""Turn UN and Council of Europe documents, resolutions, debates and statements into OSCOLA citations."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from .common import (
    EU_SYMBOL,
    OTHER_SYMBOL,
    UN_SYMBOL,
    Pinpoint,
    body,
    date_of,
    defined,
    field,
    join,
    link,
    no_stops,
    title_of,
)

# A body whose documents are primary sources, when no document symbol says so.
OFFICIAL_BODY = re.compile(
    r"\b(?:UN|United Nations|Special Rapporteur|Working Group|Human Rights Council|Human Rights Committee"
    r"|Committee (?:against|on)|Council of Europe|Venice Commission|High Commissioner|OHCHR|ECOSOC)\b"
)
# Bodies OSCOLA abbreviates before a resolution's number ("UNGA Res 61/295").
RESOLVING_BODIES = {
    "un general assembly": "UNGA",
    "united nations general assembly": "UNGA",
    "general assembly": "UNGA",
    "un security council": "UNSC",
    "united nations security council": "UNSC",
    "security council": "UNSC",
    "un human rights council": "UNHRC",
    "human rights council": "UNHRC",
    "un economic and social council": "ECOSOC",
    "parliamentary assembly of the council of europe": "PACE",
    "committee of ministers of the council of europe": "CM",
}
CHAMBERS = {"house of commons": "HC", "house of lords": "HL"}
# The bodies whose other documents (reports, notes) OSCOLA 2006 IV C also names by the
# abbreviation: "UNGA", "UNSC". The councils and committees keep their names in full,
# where "UNHRC" could be the Council or the Committee (NOTES.md, decision 9).
ABBREVIATED_AUTHORS = {body: short for body, short in RESOLVING_BODIES.items() if short in ("UNGA", "UNSC")}


def issuer(item: dict[str, Any]) -> str:
    """The document's author or issuing body, "UNGA" for "UN General Assembly"."""
    name = body(item)
    return ABBREVIATED_AUTHORS.get(name.lower(), name)


def is_resolution(item: dict[str, Any]) -> bool:
    return str(item.get("genre", "")).strip().lower().rstrip(".") in ("res", "resolution")


def debate(item: dict[str, Any], point: Pinpoint | None) -> str:
    """OSCOLA 4 3.4 (Hansard): "HC Deb 3 February 1977, vol 389, cols 973–76"."""
    chamber_name = str(item.get("authority", "")).strip()
    chamber = CHAMBERS.get(chamber_name.lower(), escape(chamber_name, quote=False))
    column = point.value if point and point.label in ("column", "page", "") else field(item, "page")
    parts = [
        join(f"{chamber} Deb", date_of(item.get("issued"))),
        f"vol {field(item, 'volume')}" if item.get("volume") else "",
        f"col {column}"
        if column and not re.search(r"[,\u2013-]", column)
        else f"cols {column}"
        if column
        else "",
    ]
    cited = join(*parts, sep=", ")
    if point and point.label not in ("column", "page", ""):
        cited = join(cited, point.text(), sep=", ")
    return cited


def resolution_number(item: dict[str, Any]) -> str:
    """'UNGA Res 61/295' from the body, the type and the number or the symbol (A/RES/61/295)."""
    issuer = str(item.get("publisher") or item.get("authority") or "").strip()
    number = str(item.get("number", "")).strip()
    # The number from the symbol (A/HRC/RES/32/13 -> 32/13), without the year a Security
    # Council symbol adds ("S/RES/2334 (2016)" -> 2334): OSCOLA 2006's "UNSC Res 1373".
    resolved = re.match(r"^[A-Z/]+/RES/([^ ]+)(?: \(\d{4}\))?$", number)
    number = resolved[1] if resolved else number
    return join(
        escape(RESOLVING_BODIES.get(issuer.lower(), issuer), quote=False), "Res", escape(number, quote=False)
    )


def document(item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, edition: int) -> str:
    """OSCOLA 2006 IV C (UN documents): body, 'title' (date) UN Doc symbol.

    A titled document takes a comma after its body, as an author ("ILC, 'Third Report …'
    (18 April 2022) UN Doc …"); a resolution is its title, then "UNGA Res 1514 (XV)
    (14 December 1960)" and its symbol, and a short form like a treaty's.
    """
    if is_resolution(item):
        return _resolution(item, first_note, full, point, edition)
    if EU_SYMBOL.match(field(item, "number")):
        return _commission(item, full, point)
    where = point.text() if point else ""
    date = date_of(item.get("issued"))
    number = field(item, "number")
    symbol = f"UN Doc {number}" if UN_SYMBOL.match(number) and "/RES/" not in number else ""
    if OTHER_SYMBOL.match(number):
        symbol = number  # a Council of Europe or EU document number, after the date as a symbol
    title = title_of(item) if full else title_of(item, "title-short") or title_of(item)
    # OSCOLA 4 1.6: no full stops in abbreviations, "Opinion No 47/2021" as the UN writes "No.".
    title = no_stops(title)
    head = join(issuer(item), f"\u2018{title}\u2019" if title else "", sep=", ")
    if not full:
        return join(head, f"(n {first_note})", where)
    genre = no_stops(field(item, "genre"))
    if symbol and OTHER_SYMBOL.match(number) and genre:
        # A Council of Europe document's kind and meeting go into the brackets before the
        # date, as OSCOLA 3.1 puts additional information: "(Decisions, 1451st meeting (DH),
        # 8 December 2022) CM/Del/Dec(2022)1451/H46-33".
        cited = join(head, f"({join(genre, date, sep=', ')})", symbol)
    elif symbol:
        cited = join(head, f"({date})" if date else "", symbol)
    else:
        # A reference that is not a UN symbol goes into the brackets with the document's
        # kind (OSCOLA 3.1's additional information): "(Allegation letter AL TST 1/2023, 15 March 2023)".
        kind_and_number = join(genre, number)
        cited = join(head, f"({join(kind_and_number, date, sep=', ')})" if kind_and_number or date else "")
    return join(join(cited, where, sep=", "), link(item))


def _commission(item: dict[str, Any], full: bool, point: Pinpoint | None) -> str:
    """OSCOLA 4 3.4.5: "Commission, 'Action Plan …' (Communication) COM (96) 13 final": the
    body, the title in quotation marks, the document's kind in brackets, the COM number
    (which carries the year); later citations give only the number."""
    where = point.text() if point else ""
    number = field(item, "number")
    if not full:
        return join(number, where, sep=", ")
    genre = no_stops(field(item, "genre"))
    head = join(body(item), f"\u2018{title_of(item)}\u2019", sep=", ")
    cited = join(head, f"({genre})" if genre else "", number)
    return join(join(cited, where, sep=", "), link(item))


def _resolution(
    item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, edition: int
) -> str:
    # OSCOLA 2006 IV C.1: "UNSC Res 1373 (28 September 2001) UN Doc S/RES/1373".
    where = point.text() if point else ""
    number = field(item, "number")
    symbol = "UN Doc " + re.sub(r" \(\d{4}\)$", "", number) if UN_SYMBOL.match(number) else ""
    if OTHER_SYMBOL.match(number):
        symbol = number
    short = field(item, "title-short")
    if not full:
        # A defined short form, like a treaty's; otherwise "UNHRC Res 32/13 (n 16)".
        return (
            join(short, where, sep=", ")
            if short
            else join(resolution_number(item), f"(n {first_note})", where)
        )
    title = field(item, "title")
    if re.fullmatch(r"(?i)(resolution|res)\.? [\w/ ()]+", title):
        title = ""  # "Resolution 2334 (2016)" only repeats the number
    date = date_of(item.get("issued"))
    cited = join(join(title, resolution_number(item), sep=", "), f"({date})" if date else "", symbol)
    if short:
        # OSCOLA 2006 IV A.1: the pinpoint after the defined form, without a comma.
        return join(join(cited, defined(short, edition)), where)
    return join(cited, where, sep=", ")


def statement(item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, titled: bool) -> str:
    """OSCOLA 4 3.1 and 3.4.8: Author, 'Title' (Press release, 10 September 2018) <url> accessed …"""
    author = body(item)
    where = point.text() if point else ""
    if not full:
        short = title_of(item, "title-short") or title_of(item)
        head = join(author, f"\u2018{short}\u2019" if titled else "", sep=", ")
        return join(head, f"(n {first_note})", where)
    # A press release's own number after its kind: "(Press release ECHR 240 (2022), 11 July 2022)".
    kind_and_number = join(field(item, "genre"), field(item, "number"))
    brackets = join(kind_and_number, date_of(item.get("issued")), sep=", ")
    cited = join(join(author, f"\u2018{title_of(item)}\u2019", sep=", "), f"({brackets})" if brackets else "")
    return join(join(cited, where, sep=", "), link(item))
