"""Turn the briefing's HTML into the words each of its ids marks, for the links that lead there.

A link's description in the PDF (tagging.py) and a cross-reference's name in the web edition
(web.py) both say where they lead in these words.
"""

from __future__ import annotations

from typing import Any

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Elements whose text stands apart from its neighbours' even where the HTML has no space between
# them: a table's cells ("2017" and "Custody after" are two words, not "2017Custody"), list items.
APART = frozenset(("td", "th", "tr", "li", "dt", "dd", "p", "div", "br", *HEADINGS))


def anchors(html: str) -> dict[str, str]:
    """Each id of the HTML and the words of what it marks (see `anchors_in`)."""
    from lxml import html as lxml_html  # type: ignore[import-untyped]

    return anchors_in(lxml_html.fromstring(html))


def anchors_in(root: Any) -> dict[str, str]:
    """Each id under `root` (an lxml tree) and the words of what it marks: a heading's text (a
    section's first heading); another element's first words."""
    found: dict[str, str] = {}
    for element in root.iter():
        anchor = element.get("id") if isinstance(element.tag, str) else None
        if not anchor:
            continue
        heading = element if element.tag in HEADINGS else next(element.iter(*HEADINGS), None)
        words = " ".join(_text(heading if heading is not None else element).split())
        if heading is None and len(words) > 80:
            words = words[:80].rsplit(" ", 1)[0] + " …"
        found[anchor] = words
    return found


def _text(element: Any) -> str:
    """The text under `element`, with a space around each element that stands apart."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        apart = isinstance(node.tag, str) and node.tag in APART
        if apart:
            parts.append(" ")
        if isinstance(node.tag, str):
            parts.append(node.text or "")
            for child in node:
                walk(child)
                parts.append(child.tail or "")
        if apart:
            parts.append(" ")

    walk(element)
    return "".join(parts)
