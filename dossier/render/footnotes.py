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
# WeasyPrint's own methods, kept for the tests that compare against them.
ORIGINAL: dict[str, Any] = {}


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
        if context._columns:
            return True
        # `in_column` is the one flag _linebox_layout checks before moving notes to the
        # next page to make room for a line; answering "yes" there makes it break the
        # page instead, as it does inside columns. Only that caller is answered so.
        # (Read very often: the cheap tests come first.)
        notes = context.current_page_footnotes
        return bool(
            notes
            and notes[-1].style["footnote_policy"] == "line"
            and sys._getframe(1).f_code is linebox_layout
        )

    def set_in_column(context: Any, value: bool) -> None:
        context._columns = value

    measure = LayoutContext._update_footnote_area

    def update_footnote_area(context: Any) -> Any:
        area, notes = context.current_footnote_area, context.current_page_footnotes
        if not notes or not _stacked(area, notes):
            return measure(context)
        # As WeasyPrint does, with each note's height laid out once instead of the whole
        # area laid out again for every note placed (which made pages with many notes
        # cost their notes squared). Notes without vertical margins simply stack.
        if area.height != "auto" and not context.in_column:
            context.page_bottom += area.margin_height()
        area.children = notes
        area.height = sum(_height(context, area, note) for note in notes)
        if not context.in_column:
            context.page_bottom -= area.margin_height()
        return False  # the area has no max-height (see _stacked): it cannot overflow

    ORIGINAL.update(layout_footnote=place, _update_footnote_area=measure)
    LayoutContext.layout_footnote = layout_footnote
    LayoutContext._update_footnote_area = update_footnote_area
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


def _stacked(area: Any, notes: list[Any]) -> bool:
    """True when the area's height is the sum of its notes' heights."""
    style = area.style
    if style["max_height"].value != float("inf") or style["height"] != "auto":
        return False
    if any(not isinstance(m, (int, float)) for m in (area.margin_top, area.margin_bottom)):
        return False
    return all(n.style["margin_top"].value == 0 and n.style["margin_bottom"].value == 0 for n in notes)


def _height(context: Any, area: Any, note: Any) -> float:
    """A note's height in the footnote area, in the form it has now (cached)."""
    heights = context.__dict__.setdefault("_note_heights", {})
    key = (note, tuple(map(id, _form_children(context, note))), area.width)
    if key not in heights:
        from weasyprint.formatting_structure import build
        from weasyprint.layout.block import block_level_layout

        others = area.children
        area.children = [note]
        try:
            alone = build.create_anonymous_boxes(area.deepcopy())
            heights[key] = block_level_layout(context, alone, -float("inf"), None, area.page)[0].height
        finally:
            area.children = others
    return float(heights[key])


def _form_children(context: Any, note: Any) -> Any:
    found = context.__dict__.get("_note_forms", {}).get(note)
    return found[0].children if found else ()
