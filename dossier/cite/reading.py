"""Turn formatted notes and bibliography entries into ones a screen reader reads right: a title
in another language says which (`<span lang="fr">`), so that "Cour de cassation" is spoken in
French; the dash that stands for a repeated author says the name.

The title is found in the text the style made of it rather than marked before formatting:
every path that prints a source (citeproc-py's notes and entries, OSCOLA's tables) then gets
the same marks, and nothing private travels through casing and sorting.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from typing import Any

# The variables that are the work's own words in its own language; a container (a newspaper's
# name) or a publisher is a name, read the same in any language.
TITLES = ("title", "title-short")


def primary(tag: str) -> str:
    """A BCP 47 tag's language: "en" of "en-GB"."""
    return tag.split("-")[0].casefold()


def printed_titles(
    items: list[dict[str, Any]], language: str, printed: Callable[[str, str], Iterable[str]]
) -> dict[str, tuple[str, tuple[str, ...]]]:
    """For each source (by its id, lower case) whose language is not the document's: that
    language and its titles in each form a style may print them (`printed(variable, value)`,
    here escaped), longest first so that a title is found before its short form inside it."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for item in items:
        own = str(item.get("language") or "")
        if not own or primary(own) == primary(language):
            continue
        forms: set[str] = set()
        for variable in TITLES:
            value = item.get(variable)
            if isinstance(value, str) and value.strip():
                for form in printed(variable, value):
                    forms.add(html.escape(form.strip("[]"), quote=False))
        if forms:
            found[str(item["id"]).lower()] = (own, tuple(sorted(forms, key=len, reverse=True)))
    return found


def mark(text: str, titles: list[tuple[str, tuple[str, ...]]]) -> str:
    """`text` (HTML) with the first place each title is printed outside a tag wrapped in a span
    with its language; a title not found (a style that prints none) is left as it is."""
    for language, forms in titles:
        for form in forms:
            at = _outside_tags(text, form)
            if at >= 0:
                end = at + len(form)
                text = f'{text[:at]}<span lang="{html.escape(language)}">{form}</span>{text[end:]}'
                break
    return text


def _outside_tags(text: str, form: str) -> int:
    start = 0
    while (at := text.find(form, start)) >= 0:
        if text.rfind("<", 0, at) <= text.rfind(">", 0, at):
            return at
        start = at + 1
    return -1


def same_author(dash: str, name: str) -> str:
    """The dash that stands for the author above, saying the name it stands for: a screen
    reader reads the name (the PDF's /ActualText, the web edition's hidden text), not "em
    dash em dash"."""
    plain = " ".join(html.unescape(re.sub(r"<[^>]+>", "", name)).split()).rstrip(",. ")
    return f'<span class="same-author" data-reads="{html.escape(plain)}">{dash}</span>'
