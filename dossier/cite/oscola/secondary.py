"""Turn a secondary source's CSL item into the one the stock OSCOLA style prints as OSCOLA does."""

from __future__ import annotations

import re
from typing import Any

# A given name's initial written with a full stop: "Doreen J." -> "Doreen J" (OSCOLA 4 3.1.1:
# no full stops in initials). A given name of initials alone ("J. A. G.") is left to the
# CSL style, which joins them as OSCOLA writes them ("JAG").
INITIAL = re.compile(r"\b([A-Z])\.(?=\s|$)")
ONLY_INITIALS = re.compile(r"(?:\s*[A-Z]\.)+\s*")


def prepare(item: dict[str, Any]) -> dict[str, Any]:
    """The CSL item with what the stock OSCOLA style would print wrongly or drop made into
    what it prints as OSCOLA 4 does: a journal's abbreviation for its title (3.3.1, "(2000)
    63 MLR 633"), initials without full stops ("Doreen J McBarnet"), a book's series in the
    brackets before the publisher (3.2.1, "(Oxford socio-legal studies, Macmillan 1981)").
    To be applied by notes.py to every item it gives the OSCOLA style; legal sources, which
    this package writes itself, are left as they are."""
    prepared = dict(item)
    short_journal = str(item.get("container-title-short", "")).strip()
    if item.get("type") == "article-journal" and short_journal:
        prepared["container-title"] = short_journal
    for role in ("author", "editor", "translator"):
        if isinstance(item.get(role), list):
            prepared[role] = [_without_stops(name) for name in item[role]]
    series = str(item.get("collection-title", "")).strip()
    if item.get("type") == "book" and series:
        # The style has no place for a series; OSCOLA prints it as the first "additional
        # information" in the brackets, which the publisher opens in the style's form.
        prepared["publisher"] = ", ".join(p for p in (series, str(item.get("publisher", "")).strip()) if p)
        del prepared["collection-title"]
    return prepared


def _without_stops(name: Any) -> Any:
    if not isinstance(name, dict) or not isinstance(name.get("given"), str):
        return name
    given = name["given"]
    if ONLY_INITIALS.fullmatch(given):
        return name
    return {**name, "given": INITIAL.sub(r"\1", given)}
