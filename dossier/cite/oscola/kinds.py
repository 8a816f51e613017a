"""Turn a CSL item into the OSCOLA form it takes here (case, treaty, legislation, document …), or none."""

from __future__ import annotations

from typing import Any

from .common import UN_SYMBOL, Kind, is_symbol
from .documents import OFFICIAL_BODY, is_resolution
from .reports import is_official_report


def kind(item: dict[str, Any]) -> Kind | None:
    """The OSCOLA form this CSL item takes here, or None for the CSL style's forms."""
    csl_type = item.get("type")
    symbol = UN_SYMBOL.match(str(item.get("number", "")))
    if csl_type == "legal_case" and symbol and not item.get("container-title"):
        # Zotero exports a UN body's decision (a Working Group opinion) as a case whose number
        # is its document symbol: it is cited as the UN document it is ("UN Doc A/HRC/…").
        return "document"
    if csl_type == "legal_case":
        return "case"
    if csl_type == "treaty":
        return "treaty"
    if csl_type in ("legislation", "bill"):
        return "legislation"
    if csl_type == "hearing":
        return "debate"
    if csl_type in ("report", "article", "document") and (
        is_symbol(str(item.get("number", "")))
        or is_resolution(item)
        or (not item.get("author") and OFFICIAL_BODY.search(str(item.get("publisher", ""))))
    ):
        return "document"
    if is_official_report(item):
        # OSCOLA 4 3.4.3-3.4.4: the stock style quotes the title and puts the number
        # after the brackets; OSCOLA italicises the title and puts the number inside.
        return "report"
    if csl_type == "article" and item.get("genre") and not item.get("container-title"):
        # A press release or public statement (@misc with a type): the stock style drops
        # the type; OSCOLA 3.1 puts such additional information in the brackets.
        return "statement"
    return None
