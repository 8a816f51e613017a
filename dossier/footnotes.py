"""Turn WeasyPrint's footnote placement into ours: notes beside their calls, no page opening with "ibid".

Both rules are applied while WeasyPrint paginates, so the document is laid out once
instead of being laid out, read back and laid out again:

- An "ibid" note carries two texts (markdown.fill): "ibid" and the short form. When
  WeasyPrint places the note, it keeps the short form if the note opens the page's
  notes (the note "ibid" points to is then out of sight), "ibid" otherwise. A note
  moved to the next page is placed again there, and chooses again.
- WeasyPrint 70 squeezes one more line onto a page, where orphans or widows would
  otherwise push it, by moving the page's last notes to the next page, even when
  their calls stay behind. With `footnote-policy: line` the line must go with its
  note instead, so that move is refused and WeasyPrint breaks the page before it.

This reaches into WeasyPrint's layout internals (pinned below 71 in pyproject.toml);
the post-layout audit (audit.py) checks every note's page whatever happens here.
"""

from __future__ import annotations

import sys
from typing import Any

from .markdown import IBID, SHORT

_installed = False


def install() -> None:
    """Hook the two rules into WeasyPrint's layout (idempotent; lasts for the process)."""
    global _installed
    if _installed:
        return
    from weasyprint.layout import LayoutContext, block

    place = LayoutContext.layout_footnote
    linebox_layout = block._linebox_layout.__code__

    def layout_footnote(context: Any, footnote: Any) -> Any:
        choose_form(context, footnote, opens_page=not context.current_page_footnotes)
        return place(context, footnote)

    def in_column(context: Any) -> bool:
        if context.__dict__.get("_columns", False):
            return True
        # `in_column` is the one flag _linebox_layout checks before moving notes to the
        # next page to make room for a line; answering "yes" there makes it break the
        # page instead, as it does inside columns. Only that caller is answered so.
        if sys._getframe(1).f_code is linebox_layout:
            notes = context.current_page_footnotes
            return bool(notes) and notes[-1].style["footnote_policy"] == "line"
        return False

    def set_in_column(context: Any, value: bool) -> None:
        context.__dict__["_columns"] = value

    LayoutContext.layout_footnote = layout_footnote
    LayoutContext.in_column = property(in_column, set_in_column)
    _installed = True


def choose_form(context: Any, footnote: Any, *, opens_page: bool) -> None:
    """Keep the short form of an "ibid" note that opens a page, "ibid" otherwise."""
    forms = context.__dict__.setdefault("_note_forms", {})
    if footnote not in forms:
        forms[footnote] = _find_forms(footnote)
    found = forms[footnote]
    if found is None:
        return
    parent, children = found
    drop = IBID if opens_page else SHORT
    kept = [child for child in children if _form(child, parent) != drop]
    parent.children = type(children)(kept)


def _find_forms(box: Any) -> tuple[Any, Any] | None:
    """The box holding a note's two texts side by side, and all its children."""
    children = getattr(box, "children", None) or ()
    if {_form(child, box) for child in children} >= {IBID, SHORT}:
        return box, children
    for child in children:
        found = _find_forms(child)
        if found is not None:
            return found
    return None


def _form(child: Any, parent: Any) -> str:
    element = getattr(child, "element", None)
    if element is None or element is getattr(parent, "element", None):
        return ""
    classes = str(element.get("class", "")).split()
    return IBID if IBID in classes else SHORT if SHORT in classes else ""
