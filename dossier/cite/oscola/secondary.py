"""Turn a secondary source's CSL item into the one the stock OSCOLA style prints as OSCOLA does."""

from __future__ import annotations

from typing import Any


def prepare(item: dict[str, Any]) -> dict[str, Any]:
    """The CSL item with what the stock OSCOLA style would print wrongly or drop made into
    what it prints as OSCOLA 4 does: a journal's abbreviation for its title (3.3.1, "(2000)
    63 MLR 633").
    To be applied by notes.py to every item it gives the OSCOLA style; legal sources, which
    this package writes itself, are left as they are."""
    prepared = dict(item)
    short_journal = str(item.get("container-title-short", "")).strip()
    if item.get("type") == "article-journal" and short_journal:
        prepared["container-title"] = short_journal
    return prepared

