"""Turn treaties and legislation (statutes, SIs, EU and foreign laws) into OSCOLA citations."""

from __future__ import annotations

from typing import Any

from ...content.csl import TREATY_SERIES
from .common import Pinpoint, after, date_of, defined, field, join, no_stops, year_of

# The jurisdictions whose legislation OSCOLA cites without naming the jurisdiction.
HOME = {"united kingdom", "uk", "england", "england and wales", "great britain"}


def treaty(item: dict[str, Any], full: bool, point: Pinpoint | None, edition: int) -> str:
    """OSCOLA 2006 IV A.1: title (adopted …, entered into force …) series (short form) pinpoint."""
    title = field(item, "title")
    short = field(item, "title-short")
    where = point.text() if point else ""
    if not full and short:
        return after(short, where)  # OSCOLA 4 1.2.1: a declared short form, no "(n 3)"
    adopted, in_force = date_of(item.get("issued")), date_of(item.get("event-date"))
    dates = join(
        f"adopted {adopted}" if adopted else "",
        f"entered into force {in_force}" if in_force else "",
        sep=", ",
    )
    series = join(field(item, "volume"), _series(field(item, "container-title")), field(item, "page"))
    cited = join(title, f"({dates})" if dates else "", series)
    if full and short and short != title:
        cited = join(cited, defined(short, edition))
    return after(cited, where)


def _series(name: str) -> str:
    # OSCOLA 2006 IV A.1 abbreviates the series: "United Nations Treaty Series" is "UNTS".
    return TREATY_SERIES.get(name.lower(), name)


def legislation(item: dict[str, Any], full: bool, point: Pinpoint | None, edition: int) -> str:
    """OSCOLA 4 2.4 (UK), 2.6.1 (EU), 2.10 and 1.4 (other jurisdictions)."""
    title = field(item, "title")
    short = field(item, "title-short")
    where = point.text() if point else ""
    if not full and short:
        return join(short, where, sep=", ")
    cited = _full(item, title)
    if full and short and short != title:
        cited = join(cited, defined(short, edition))
    # OSCOLA 4 2.4.2: "Human Rights Act 1998, s 15(1)(b)", a comma before the section.
    return join(cited, where, sep=", ")


def _full(item: dict[str, Any], title: str) -> str:
    # OSCOLA 4 2.4.1 and 2.10: the title with its year; another jurisdiction's law as
    # cited there, with the jurisdiction in brackets ("Accident Compensation Act 1972 (NZ)"),
    # its number after a comma as a statutory instrument's ("…, SI 2006/1031").
    number = no_stops(field(item, "number"))
    place = field(item, "publisher-place")
    home = place.lower() in HOME
    if home or place.lower() in title.lower():
        place = ""  # OSCOLA 4 1.4: the jurisdiction only where the title does not say it
    if field(item, "container-title").upper() == "OJ":
        # OSCOLA 4 2.6.1: EU legislation by its Official Journal, "[2016] OJ L119/1".
        page = "/".join(p for p in (field(item, "volume"), field(item, "page")) if p)
        return join(title, f"[{year_of(item)}] OJ {page}")
    if number.startswith("SI ") or (number and home):
        # OSCOLA 4 2.4: "Employment Equality (Age) Regulations 2006, SI 2006/1031".
        return join(title, number, sep=", ")
    if number:
        # A law known by its number: the number and the date it was made, in brackets.
        made = join(number, date_of(item.get("issued")), sep=", ")
        return join(title, f"({made})", f"({place})" if place else "")
    year = year_of(item)
    # A bill is cited by its session and number, which its title carries (OSCOLA 4 2.5.1).
    named = f"{title} {year}" if year and year not in title and " Bill" not in title else title
    return join(named, f"({place})" if place else "")
