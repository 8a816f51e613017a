"""Turn WeasyPrint 70's private internals into the hooks and box readings dossier needs, behind one guard.

Every access past WeasyPrint's public API is here, and nowhere else: the footnote hooks
that footnotes.py's rules need, the walk over laid-out boxes that audit.py reads, and the
hook on the structure tree WeasyPrint tags a PDF with (see `install_tags`).
Each private name used is listed in FEATURES with the shape relied on, and `check()`
verifies the version and every one of them before any hook is installed or any box
read, so that another WeasyPrint fails with one clear error instead of a wrong layout.
WeasyPrint is also pinned below 71 in pyproject.toml; this guard covers an install that
ignored the pin. A new major version gets its own module, written against its code.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import CodeType
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from ..errors import BuildError, Problem
from .typeset import NON_BREAKING_HYPHEN, ZERO_WIDTH_SPACE

if TYPE_CHECKING:
    from weasyprint.document import Document

MAJOR = "70"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Feature:
    """A private name in a WeasyPrint module, with the shape the code here relies on.

    `params`: a function callable with exactly these positional parameters. `attribute`:
    a function whose own code sets or reads it (in `__init__`: an instance attribute).
    Neither: a class or a property. WeasyPrint documents none of these, so they are checked
    as used.
    """

    module: str
    path: str
    params: tuple[str, ...] = ()
    attribute: str = ""

    def __str__(self) -> str:
        name = f"{self.module}.{self.path}"
        if self.params:
            return f"{name}({', '.join(self.params)})"
        if self.path.endswith(".__init__"):
            return f"{name.removesuffix('.__init__')}.{self.attribute}"
        return f"{name} reading .{self.attribute}" if self.attribute else name

    def present(self) -> bool:
        try:
            value = functools.reduce(getattr, self.path.split("."), importlib.import_module(self.module))
        except (ImportError, AttributeError):
            return False
        code: CodeType | None = getattr(value, "__code__", None)
        if self.params:
            if code is None or code.co_varnames[: len(self.params)] != self.params:
                return False
            required: int = code.co_argcount - len(getattr(value, "__defaults__", None) or ())
            return required <= len(self.params) <= code.co_argcount
        if self.attribute:
            return code is not None and self.attribute in code.co_names
        return isinstance(value, type | property)


# Every private name used below. The hooks installed take the parameters of the methods
# they replace, under the same names, so the check passes once they are in place too.
FEATURES = (
    Feature("weasyprint.layout", "LayoutContext.layout_footnote", params=("self", "footnote")),
    Feature("weasyprint.layout", "LayoutContext._update_footnote_area", params=("self",)),
    Feature("weasyprint.layout", "LayoutContext.__init__", attribute="in_column"),
    Feature("weasyprint.layout", "LayoutContext.__init__", attribute="current_page_footnotes"),
    Feature("weasyprint.layout", "LayoutContext.__init__", attribute="current_footnote_area"),
    Feature("weasyprint.layout", "LayoutContext.__init__", attribute="page_bottom"),
    Feature("weasyprint.layout.block", "_linebox_layout", attribute="in_column"),
    Feature(
        "weasyprint.layout.block",
        "block_level_layout",
        params=("context", "box", "bottom_space", "skip_stack", "containing_block"),
    ),
    Feature("weasyprint.formatting_structure.build", "create_anonymous_boxes", params=("box",)),
    Feature("weasyprint.formatting_structure.boxes", "Box.deepcopy", params=("self",)),
    Feature("weasyprint.formatting_structure.boxes", "Box.margin_height", params=("self",)),
    Feature("weasyprint.formatting_structure.boxes", "FootnoteAreaBox"),
    Feature("weasyprint.formatting_structure.boxes", "TextBox"),
    Feature("weasyprint.document", "Page.__init__", attribute="_page_box"),
    Feature(
        "weasyprint.pdf.tags",
        "_build_box_tree",
        params=("box", "parent", "pdf", "page_number", "nums", "annotations", "tags"),
    ),
    Feature(
        "weasyprint.layout.inline",
        "split_first_line",
        params=("text", "style", "context", "max_width", "justification_spacing", "is_line_start", "minimum"),
    ),
    Feature(
        "weasyprint.layout.inline",
        "get_next_linebox",
        params=(
            *("context", "linebox", "position_y", "bottom_space", "skip_stack", "containing_block"),
            *("absolute_boxes", "fixed_boxes", "first_letter_style", "first_line_style"),
        ),
    ),
    Feature("weasyprint.text.line_break", "strut", params=("style",)),
    Feature("weasyprint.css", "AnonymousStyle"),
    Feature(
        "weasyprint.css.targets",
        "TargetCollector.cache_target_page_counters",
        params=("self", "anchor_name", "page_counter_values", "page_maker_index", "page_maker"),
    ),
    Feature("weasyprint.css.targets", "TargetCollector.__init__", attribute="counter_lookup_items"),
    Feature("weasyprint.css.targets", "CounterLookupItem.__init__", attribute="missing_target_counters"),
    Feature("weasyprint.layout.absolute", "AbsolutePlaceholder"),  # its ._box: the box placed
    Feature("pydyf", "PDF.page_references"),  # WeasyPrint's tagging reads it per element
)


def check() -> None:
    """Raise BuildError unless this is WeasyPrint 70.x with every private name used here, as used."""
    import weasyprint

    version = str(getattr(weasyprint, "__version__", "unknown"))
    needs = f"dossier needs WeasyPrint {MAJOR}.x; found {version}"
    if version.split(".")[0] != MAJOR:
        # Another version's internals differ anyway: listing them would only be noise.
        raise BuildError([Problem("weasyprint", None, needs)])
    missing = [feature for feature in FEATURES if not feature.present()]
    if missing:
        raise BuildError([Problem("weasyprint", None, f"{needs} without {m}") for m in missing])


# -- laid-out boxes, for the audit --------------------------------------------------------


def laid_out(document: Document, label: Callable[[Any], int]) -> Iterator[tuple[int, Any, str, bool, int]]:
    """Every box made for an element, in order: (page number, element, the text it prints
    itself, whether it is inside the footnote area, label).

    A box's label is `label(element)` for the nearest box, itself first, whose element
    gives one other than 0 (0 if none does).
    """
    check()
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, TextBox

    def walk(box: Any, in_notes: bool, inherited: int) -> Iterator[tuple[Any, bool, int]]:
        element = getattr(box, "element", None)
        if element is not None and isinstance(element.tag, str):
            inherited = label(element) or inherited
        yield box, in_notes, inherited
        in_notes = in_notes or isinstance(box, FootnoteAreaBox)
        for child in getattr(box, "children", ()):
            yield from walk(child, in_notes, inherited)

    for number, page in enumerate(document.pages, 1):
        for box, in_notes, inherited in walk(page._page_box, False, 0):
            element = getattr(box, "element", None)
            if element is None or not isinstance(element.tag, str):
                continue  # anonymous boxes, and boxes for comments
            text = box.text if isinstance(box, TextBox) else ""
            yield number, element, text, in_notes, inherited


def _running(document: Document) -> Iterator[tuple[int, Any, list[Any]]]:
    """Each block of running text (not the notes, not the running heads and feet) with its
    line boxes, page by page: (page number, block, lines)."""
    from weasyprint.formatting_structure.boxes import FootnoteAreaBox, LineBox, MarginBox

    def walk(box: Any) -> Iterator[tuple[Any, list[Any]]]:
        if isinstance(box, (FootnoteAreaBox, MarginBox)):
            return
        children = list(getattr(box, "children", ()))
        own = [child for child in children if isinstance(child, LineBox)]
        if own:
            yield box, own
        for child in children:
            if not isinstance(child, LineBox):
                yield from walk(child)

    for number, page in enumerate(document.pages, 1):
        for block, own in walk(page._page_box):
            yield number, block, own


def _text_boxes(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure.boxes import TextBox

    if isinstance(box, TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child)


def lines(document: Document, is_call: Callable[[Any], bool]) -> Iterator[tuple[int, list[tuple[bool, str]]]]:
    """Each line of running text (not the notes), page by page: (page number, its pieces of
    text in order, each with whether it is a note call, as `is_call(element)` says)."""
    check()
    for number, _, own in _running(document):
        for line in own:
            found = [(is_call(box.element), box.text) for box in _text_boxes(line) if box.text]
            if found:
                yield number, found


def short_lines(document: Document, shorter_than: float) -> Iterator[tuple[int, str]]:
    """Lines, not a paragraph's last, that the layout broke too early: (page number, the
    line's text). Justified text fills every line but the last, so one filling less than
    `shorter_than` of the measure is short; in ragged text, one whose next line's first
    word would have fitted after it."""
    check()
    for number, block, own in _running(document):
        justified = block.style["text_align_all"] == "justify"
        for line, following in itertools.pairwise(own):
            said = "".join(box.text for box in _text_boxes(line))
            # A line ended by <br> is meant to be short.
            forced = bool(line.children) and line.children[-1].element_tag == "br"
            if forced or not said.strip():
                continue
            if justified:
                short = line.width < shorter_than * block.width
            else:
                short = _word_would_fit(line, following, block.width)
            if short:
                yield number, " ".join(said.split())


def _word_would_fit(line: Any, following: Any, measure: float) -> bool:
    """In ragged text, whether the next line's first word would have fitted at this line's
    end with an em to spare: then the layout broke too early ("Status" / "from on trial …")."""
    from weasyprint.formatting_structure.boxes import InlineBox, TextBox

    first = following
    # Down to the first text, or the first atomic box (an image, an inline block).
    while first.children and not isinstance(first, TextBox):
        if first is not following and not isinstance(first, InlineBox):
            break
        first = first.children[0]
    if first is following:
        return False
    if not isinstance(first, TextBox) or first.style["white_space"] in ("nowrap", "pre"):
        width = first.margin_width()  # moves as one piece
    elif not first.text.strip() or first.text[0].isspace():
        return False
    else:
        word = first.text.split(" ")[0]  # no-break spaces join a date or a number's unit to it
        if len(word) == len(first.text.rstrip(" ")) and _runs_on(following, first):
            return False  # the word runs on into another box (a call, a name): not measured here
        width = first.width * len(word) / len(first.text)  # its share of the box's width
    return bool(line.width + width + first.style["font_size"] * 1.3 < measure)


def _runs_on(line: Any, first: Any) -> bool:
    """Whether the text after `first` on `line` continues its word (no space between)."""
    boxes = [box for box in _text_boxes(line) if box.text]
    at = next((i for i, box in enumerate(boxes) if box is first), len(boxes))
    return at + 1 < len(boxes) and not boxes[at + 1].text[:1].isspace()


# -- the footnote hooks -------------------------------------------------------------------

_installed = False
# WeasyPrint's own methods, kept for the tests that compare against them.
ORIGINAL: dict[str, Any] = {}


@dataclass
class _Layout:
    """What the hooks remember during one layout (one LayoutContext)."""

    # Each note's box holding its forms side by side, and all that box's children.
    forms: dict[Any, tuple[Any, Any] | None] = field(default_factory=dict)
    # A note's height in the footnote area, by note, form shown and area width.
    heights: dict[Any, float] = field(default_factory=dict)


# Kept beside each LayoutContext rather than in it: the hooks add no state to
# WeasyPrint's objects but the one flag `in_column` is stored in (see install).
_LAYOUTS: WeakKeyDictionary[Any, _Layout] = WeakKeyDictionary()


def _layout(context: Any) -> _Layout:
    state = _LAYOUTS.get(context)
    if state is None:
        state = _LAYOUTS[context] = _Layout()
    return state


def install(forms: tuple[str, ...], dropped_form: Callable[[bool], str]) -> None:
    """Hook footnotes.py's rules into WeasyPrint 70's layout (idempotent; lasts for the process).

    A note whose box holds children of every class in `forms` prints all of them but
    the one of class `dropped_form(opens_page)`, chosen each time WeasyPrint places the
    note; `opens_page` is true when no note is placed above it on the page.
    """
    global _installed
    if _installed:
        return
    check()  # before anything is replaced
    from weasyprint.layout import LayoutContext, block

    place = LayoutContext.layout_footnote
    linebox_layout = block._linebox_layout.__code__

    # The replacements become LayoutContext's methods: `self` is the layout's context.
    def layout_footnote(self: Any, footnote: Any) -> Any:
        _choose_form(self, footnote, forms, dropped_form(not self.current_page_footnotes))
        return place(self, footnote)

    def in_column(context: Any) -> bool:
        if context._columns:
            return True
        # WeasyPrint 70 squeezes one more line onto a page by moving the page's last
        # notes to the next page, even when their calls stay behind. `in_column` is the
        # one flag _linebox_layout checks before that move; answering "yes" there makes
        # it break the page instead, as it does inside columns, so that with
        # `footnote-policy: line` the line goes with its note. Only that caller is
        # answered so. (Read very often: the cheap tests come first.)
        notes = context.current_page_footnotes
        return bool(
            notes
            and notes[-1].style["footnote_policy"] == "line"
            and sys._getframe(1).f_code is linebox_layout
        )

    def set_in_column(context: Any, value: bool) -> None:
        context._columns = value

    measure = LayoutContext._update_footnote_area

    def update_footnote_area(self: Any) -> Any:
        area, notes = self.current_footnote_area, self.current_page_footnotes
        if not notes or not _stacked(area, notes):
            return measure(self)
        # As WeasyPrint does, with each note's height laid out once instead of the whole
        # area laid out again for every note placed (which made pages with many notes
        # cost their notes squared). Notes without vertical margins simply stack.
        if area.height != "auto" and not self.in_column:
            self.page_bottom += area.margin_height()
        area.children = notes
        area.height = sum(_height(self, area, note) for note in notes)
        if not self.in_column:
            self.page_bottom -= area.margin_height()
        return False  # the area has no max-height (see _stacked): it cannot overflow

    _hang_trailing_spaces()
    _keep_words_at_page_end()
    _follow_moved_targets()
    ORIGINAL.update(layout_footnote=place, _update_footnote_area=measure)
    LayoutContext.layout_footnote = layout_footnote
    LayoutContext._update_footnote_area = update_footnote_area
    LayoutContext.in_column = property(in_column, set_in_column)
    _installed = True


def _hang_trailing_spaces() -> None:
    """Let a text's trailing spaces hang past the line's end, as CSS says they do.

    WeasyPrint 70 measures a text with its trailing spaces. Where only they overflow (a text
    just before an inline box that moves to the next line: a name's span, a note call),
    it takes the text as unbreakable and breaks it at its first opportunity instead of its
    last: "House / arrest, 10 September 2018: …" in the changes list, and "…immunity. Fear-"
    on a line stretched to the margin in the sample's background. The text without those
    spaces is measured instead; where it fits, it fits (and the retries WeasyPrint makes,
    1 pt narrower each, then find its last break).
    """
    from weasyprint.layout import inline

    split = inline.split_first_line

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> Any:
        if _PAGE_END[0] and style["hyphens"] == "auto":
            style = style.copy()  # the last line a page holds: see _keep_words_at_page_end
            style["hyphens"] = "manual"
        found = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        if found[2] is None or max_width is None:
            return found
        if text.endswith(NBSP) and max_width - found[3] >= 3 * style["font_size"]:
            # A text ending in a no-break space (before a page reference, "given before)
            # (p. 10)"): Pango lets the space hang and fits the text in the line, WeasyPrint
            # measures it and, finding the line too wide, breaks at the first word ("Status" /
            # "from on trial …"). The width without the space finds the last break instead.
            narrower = max_width - style["font_size"] / 2
            again = split(text, style, context, narrower, justification_spacing, is_line_start, minimum)
            if again[2] is not None and again[2] > found[2]:
                return again
        words = text.rstrip(" ")
        if not words or words == text:
            return found
        # A break as Pango makes it leaves less than a word's width; one that leaves more than
        # a few ems may be the one at the first opportunity. Only then is the text measured
        # again (measuring every break cost 6% of the sample's build).
        if max_width - found[3] < 3 * style["font_size"]:
            return found
        if style["white_space"] not in ("normal", "nowrap", "pre-line"):
            return found  # preserved spaces do not hang
        whole = split(words, style, context, max_width, justification_spacing, is_line_start, minimum)
        return whole if whole[2] is None else found

    ORIGINAL.update(split_first_line=split)
    inline.split_first_line = split_first_line


# Whether the line being laid out is, as far as can be told before it is, the last a page
# holds: set by _keep_words_at_page_end, read by _hang_trailing_spaces' split. The tests
# turn KEEP_WORDS_AT_PAGE_END off to see the build's own check find such a word.
_PAGE_END = [False]
KEEP_WORDS_AT_PAGE_END = True


def _keep_words_at_page_end() -> None:
    """Lay the last line that fits on a page out without hyphenating its last word.

    A word hyphenated across a page turn ("prepar-" / "ing" on the next page) is read in
    two pieces a page apart. The build used to find one after layout, keep the word whole
    and lay the whole document out again (a second layout for the sample, most of a
    build's time). Instead, as WeasyPrint asks for each line, a line that fits while the
    next one as high would not is laid out with no hyphenation, so its last word goes
    whole to the next page. The page may still break elsewhere (widows, a note that does
    not fit): the build checks the laid-out pages, and lays them out again then.
    """
    from weasyprint.layout import inline
    from weasyprint.text.line_break import strut

    next_linebox = inline.get_next_linebox

    def get_next_linebox(
        context: Any,
        linebox: Any,
        position_y: float,
        bottom_space: float,
        skip_stack: Any,
        containing_block: Any,
        absolute_boxes: Any,
        fixed_boxes: Any,
        first_letter_style: Any,
        first_line_style: Any,
    ) -> Any:
        rest = (
            skip_stack,
            containing_block,
            absolute_boxes,
            fixed_boxes,
            first_letter_style,
            first_line_style,
        )
        # The last line that fits, or one of the last `widows` (the page may break before
        # them, to leave that many lines of the paragraph for the next page).
        height = strut(linebox.style)[0]
        near = (2 + max(1, int(linebox.style["widows"]))) * height
        last = (
            KEEP_WORDS_AT_PAGE_END
            and not context.overflows_page(bottom_space, position_y + height)
            and context.overflows_page(bottom_space, position_y + near)
        )
        before, _PAGE_END[0] = _PAGE_END[0], last
        try:
            return next_linebox(context, linebox, position_y, bottom_space, *rest)
        finally:
            _PAGE_END[0] = before

    ORIGINAL.update(get_next_linebox=next_linebox)
    inline.get_next_linebox = get_next_linebox


def _follow_moved_targets() -> None:
    """Lay a `target-counter(attr(href), page)` out again when its target moves page late.

    WeasyPrint 70 files such a counter under the anchor None (the attribute is not read
    until later), so when a target moves in a later round of pagination (a page before it
    grew when the page numbers it quotes were filled in) the counters pointing at it are
    not told: Jimmy Lai's contents said p. 16 for a section starting on p. 17. The counters
    whose element links to the moved anchor are marked for another round, as WeasyPrint
    marks those it files under a name.
    """
    from weasyprint.css.targets import TargetCollector

    cache = TargetCollector.cache_target_page_counters

    def cache_target_page_counters(
        self: Any, anchor_name: str, page_counter_values: Any, page_maker_index: int, page_maker: Any
    ) -> Any:
        item = self.target_lookup_items.get(anchor_name)
        before = item.cached_page_counter_values if item is not None and item.state == "up-to-date" else None
        found = cache(self, anchor_name, page_counter_values, page_maker_index, page_maker)
        if self.collecting or not before or before == page_counter_values:
            return found  # not paginating, first seen (WeasyPrint resolves it), or not moved
        for (box, token), lookup in self.counter_lookup_items.items():
            if token != "content" or None not in lookup.missing_target_counters:
                continue
            element = getattr(box, "element", None)
            if element is None or element.get("href") != f"#{anchor_name}":
                continue
            index = lookup.page_maker_index
            if index is None or index >= len(page_maker):
                lookup.pending = True  # laid out later in this round: it reads the new value
                continue
            page_maker[index][-1]["content_changed"] = True
            lookup.parse_again(lookup.cached_page_counter_values)
        return found

    ORIGINAL.update(cache_target_page_counters=cache)
    TargetCollector.cache_target_page_counters = cache_target_page_counters


def _choose_form(context: Any, footnote: Any, forms: tuple[str, ...], drop: str) -> None:
    """Leave out of a note with several forms the children of the form `drop`."""
    found_by_note = _layout(context).forms
    if footnote not in found_by_note:
        found_by_note[footnote] = _find_forms(footnote, forms)
    found = found_by_note[footnote]
    if found is None:
        return
    parent, children = found
    kept = [child for child in children if _form(child, parent, forms) != drop]
    parent.children = type(children)(kept)


def _find_forms(box: Any, forms: tuple[str, ...]) -> tuple[Any, Any] | None:
    """The box holding a note's forms side by side, and all its children."""
    children = getattr(box, "children", None) or ()
    if {_form(child, box, forms) for child in children} >= set(forms):
        return box, children
    for child in children:
        found = _find_forms(child, forms)
        if found is not None:
            return found
    return None


def _form(child: Any, parent: Any, forms: tuple[str, ...]) -> str:
    """The form `child` prints (one of `forms`), or "" when it prints none in particular."""
    element = getattr(child, "element", None)
    if element is None or element is getattr(parent, "element", None):
        return ""
    classes = str(element.get("class", "")).split()
    return next((form for form in forms if form in classes), "")


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
    state = _layout(context)
    found = state.forms.get(note)
    key = (note, tuple(map(id, found[0].children if found else ())), area.width)
    if key not in state.heights:
        from weasyprint.formatting_structure import build
        from weasyprint.layout.block import block_level_layout

        others = area.children
        area.children = [note]
        try:
            alone = build.create_anonymous_boxes(area.deepcopy())
            state.heights[key] = block_level_layout(context, alone, -float("inf"), None, area.page)[0].height
        finally:
            area.children = others
    return float(state.heights[key])


# -- the structure tree -------------------------------------------------------------------

_tags_installed = False


@dataclass
class _Tagging:
    """What the tag hook remembers while WeasyPrint tags one PDF."""

    # The structure element first made for each HTML element (and pseudo-element).
    first: dict[tuple[Any, str], Any] = field(default_factory=dict)
    # Each note's call: its structure element and that element's parent.
    calls: dict[Any, tuple[Any, Any]] = field(default_factory=dict)
    # Above 0 while a repeated table head is tagged: what is made then is left out.
    leaving_out: int = 0


_TAGGING: dict[int, _Tagging] = {}
SVG = "http://www.w3.org/2000/svg"
LEADER = ". \u00a0"  # what a dotted leader (`leader(". ")`) is made of


def install_tags(is_note: Callable[[Any], bool]) -> None:
    """Make WeasyPrint's structure tree follow the document, not the pages (idempotent).

    WeasyPrint 70 makes a structure element per box, page by page: a paragraph that
    continues on the next page is two paragraphs, a table four tables, a list a list of 1
    and a list of 5. Here each element continued from an earlier box is merged into the
    element made first for the same HTML element; a table head repeated on a later page
    is left out of the tree (tagging.py then marks it as an artifact, as the running
    heads), as is an element marked `aria-hidden="true"` (the DRAFT mark); each note
    (`is_note(element)`) becomes a /Note with an /ID, placed right after
    its call (a /Reference) instead of in the page's footnote area, its number a /Lbl;
    and an element with a `lang` gets its /Lang.
    """
    global _tags_installed
    if _tags_installed:
        return
    check()
    import pydyf
    from weasyprint.css import AnonymousStyle
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    _keep_page_references(pydyf)

    def build_box_tree(
        box: Any, parent: Any, pdf: Any, page_number: int, nums: Any, annotations: Any, tags: Any
    ) -> Iterator[Any]:
        state = _TAGGING.get(id(pdf))
        if state is None:  # a new PDF: forget the last one's
            _TAGGING.clear()
            state = _TAGGING[id(pdf)] = _Tagging()
        real = box._box if isinstance(box, AbsolutePlaceholder) else box
        passes_through = real.element is None or real.element_tag in ("html", "body")
        # Anonymous boxes share their parent's element; a table's wrapper is one, but the
        # /Table WeasyPrint makes is for it.
        anonymous = isinstance(real.style, AnonymousStyle) and not getattr(real, "is_table_wrapper", False)
        # A table head repeated on a later page: left out of the tree, all of it (its
        # marked content becomes an artifact, as the running heads' does in tagging.py).
        repeated = real.element_tag == "thead" and (real.element, "thead") in state.first
        state.leaving_out += repeated
        # Read before WeasyPrint takes the text boxes' marked content out of `tags`.
        texts = _texts(real, tags)
        try:
            for element in build(box, parent, pdf, page_number, nums, annotations, tags):
                _say_in_order(texts, nums, pdf, pydyf)
                texts = {}
                if (
                    passes_through
                    or anonymous
                    or (
                        not state.leaving_out
                        and _placed(state, real, element, pdf, nums, annotations, is_note, pydyf)
                    )
                ):
                    yield element
        finally:
            state.leaving_out -= repeated

    tags._build_box_tree = build_box_tree
    _tags_installed = True


def _keep_page_references(pydyf: Any) -> None:
    """pydyf makes the tuple of every page's reference afresh each time it is asked for, and
    WeasyPrint's tagging asks once per structure element: at 122 pages, 28,000 tuples of 122
    (0.9 s). Kept here until a page is added."""
    made = pydyf.PDF.page_references.fget

    def page_references(self: Any) -> tuple[bytes, ...]:
        kids = self.pages["Kids"]
        kept = self.__dict__.get("_dossier_page_references")
        if kept is None or kept[0] is not kids or kept[1] != len(kids):
            kept = self.__dict__["_dossier_page_references"] = (kids, len(kids), made(self))
        return kept[2]  # type: ignore[no-any-return]

    pydyf.PDF.page_references = property(page_references)


def _placed(
    state: _Tagging, box: Any, element: Any, pdf: Any, nums: Any, annotations: Any, is_note: Any, pydyf: Any
) -> bool:
    """Whether `element` stays where WeasyPrint put it; otherwise it was left out, merged or moved."""
    html = box.element
    tag = str(box.element_tag)
    if html.get("aria-hidden") == "true":
        return False  # decoration (the DRAFT mark on every page): an artifact, not content
    _describe(box, element, pydyf)
    if is_note(html) and not _note(state, html, tag, element, pdf, pydyf):
        return False
    if tag.startswith("a::"):
        # A link's pseudo-elements (the contents' leaders and page numbers) are the link:
        # one /Link per entry, with all its annotations, instead of three nested ones.
        _drop_leaders(box, element)
        link = pdf.objects[_number(element["P"])]
        if link["S"] == "/Link":
            _merge(link, element, pdf, nums, annotations, pydyf)
            return False
    first = state.first.setdefault((html, tag), element)
    if first is element or first["S"] != element["S"]:
        return True
    _merge(first, element, pdf, nums, annotations, pydyf)
    return False


def _describe(box: Any, element: Any, pydyf: Any) -> None:
    """What the element says besides its glyphs: a figure's full text, letter-spaced words, the
    name a dash stands for, a language."""
    html, tag = box.element, str(box.element_tag)
    if element["S"] == "/Figure" and html.tag == f"{{{SVG}}}svg":
        # WeasyPrint takes the SVG's <title> alone; its <desc> says what the figure shows.
        parts = (html.find(f"{{{SVG}}}title"), html.find(f"{{{SVG}}}desc"))
        words = [" ".join((part.text or "").split()) for part in parts if part is not None]
        if any(words):
            element["Alt"] = pydyf.String(". ".join(w.rstrip(".") for w in words if w) + ".")
    if box.style["letter_spacing"] != "normal" and "::" not in tag:
        # Letter-spaced capitals ("PUBLIC") extract as spaced letters ("P U B L I C"):
        # the element says what they read as.
        # As written ("Arrives in London"), if the box holds all of it, not as transformed
        # ("ARRIVES IN LONDON"), which some readers spell out letter by letter.
        shown, written = _readable(_text_of(box)), _readable("".join(html.itertext()))
        element["ActualText"] = pydyf.String(written if written.casefold() == shown.casefold() else shown)
    if html.get("data-reads"):  # a repeated author's dash (cite/reading.py) reads as the name
        element["ActualText"] = pydyf.String(html.get("data-reads"))
    if html.get("lang") and html.tag != "html":  # the document's own is the catalog's /Lang
        element["Lang"] = pydyf.String(html.get("lang"))


# Scripts whose glyphs are not one per character in reading order: a vowel sign drawn
# before its consonant (Khmer, Myanmar, the Indic scripts, Thai, Lao, Tibetan), letters
# joined and set right to left (Arabic, Hebrew, Syriac, Thaana). A reader that takes the
# glyphs' Unicode in drawing order gets "កម" and "ឹ សុ ខា" for "កឹម សុខា", or Arabic reversed.
COMPLEX_SCRIPT = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff"
    "\ua9e0-\ua9ff\uaa60-\uaa7f\ufb1d-\ufdff\ufe70-\ufeff]"
)


def _texts(box: Any, tags: Any) -> dict[int, str]:
    """The text of each of the box's own text boxes, by the MCID WeasyPrint drew it with."""
    from weasyprint.formatting_structure.boxes import LineBox, TextBox

    found: dict[int, str] = {}
    for child in getattr(box, "children", ()):
        for text_box in child.children if isinstance(child, LineBox) else [child]:
            if isinstance(text_box, TextBox) and text_box in tags:
                found[tags[text_box]["mcid"]] = str(text_box.text)
    return found


def _say_in_order(texts: dict[int, str], nums: Any, pdf: Any, pydyf: Any) -> None:
    """Each text box's /Span reads as its text: in a complex script, its text in reading
    order (/ActualText), whatever order the glyphs are drawn in. A text box of white
    space alone, which WeasyPrint draws as an empty text object, leaves the tree: a /Span
    with no content is one a reader's software cannot say what it is (veraPDF: "redundant
    span"); tagging.py makes its empty marked content an artifact."""
    for mcid, text in texts.items():
        owner = pdf.objects[_number(nums[mcid])] if mcid in nums else None
        if owner is None or owner["S"] != "/Span" or list(owner["K"]) != [mcid]:
            continue
        if not text.strip().strip(ZERO_WIDTH_SPACE):  # WeasyPrint draws no glyph for it
            holder = pdf.objects[_number(owner["P"])]
            holder["K"] = type(holder["K"])(k for k in holder["K"] if k != owner.reference)
        elif COMPLEX_SCRIPT.search(text):
            # Its spaces at either end kept: /ActualText stands for all the content.
            ends = (" " if text[:1].isspace() else "", " " if text[-1:].isspace() else "")
            owner["ActualText"] = pydyf.String(ends[0] + _readable(text) + ends[1])


def _readable(text: str) -> str:
    """Text as a reader is to hear it: typeset.py's non-breaking hyphens read as hyphens,
    its zero-width spaces (break points) dropped, white space one space."""
    return " ".join(text.replace(NON_BREAKING_HYPHEN, "-").replace(ZERO_WIDTH_SPACE, "").split())


def _note(state: _Tagging, html: Any, tag: str, element: Any, pdf: Any, pydyf: Any) -> bool:
    """A note's call becomes a /Reference, its number a /Lbl, the note a /Note moved right
    after its call; False when the element was moved there (not in the footnote area)."""
    if tag.endswith("::footnote-call"):
        element["S"] = "/Reference"
        state.calls[html] = (element, pdf.objects[_number(element["P"])])
    elif tag.endswith("::footnote-marker"):
        element["S"] = "/Lbl"
    elif "::" not in tag and html in state.calls:
        call, host = state.calls.pop(html)
        element["S"] = "/Note"
        element["ID"] = pydyf.String(html.get("id") or f"note-{len(state.calls)}")
        element["P"] = host.reference
        host["K"].insert(list(host["K"]).index(call.reference) + 1, element.reference)
        return False
    return True


def _drop_leaders(box: Any, element: Any) -> None:
    """A contents entry's dotted leader is decoration: left out of its link, an artifact.
    The element's /K: the link annotation's OBJR first, then one entry per child box."""
    kids = list(element["K"])
    start = 1 if getattr(box, "link_annotation", None) else 0
    if len(kids) - start != len(box.children):
        return  # not the shape WeasyPrint 70 gives a pseudo-element: left as it is
    kept = [k for k, child in zip(kids[start:], box.children, strict=True) if _text_of(child).strip(LEADER)]
    element["K"] = type(element["K"])(kids[:start] + kept)


def _text_of(box: Any) -> str:
    from weasyprint.formatting_structure.boxes import TextBox

    if isinstance(box, TextBox):
        return str(box.text)
    return "".join(_text_of(child) for child in getattr(box, "children", ()))


def _number(reference: Any) -> int:
    return (
        int(bytes(reference).split()[0]) if isinstance(reference, bytes) else int(str(reference).split()[0])
    )


def _merge(first: Any, later: Any, pdf: Any, nums: Any, annotations: Any, pydyf: Any) -> None:
    """Move `later`'s content into `first`, made for the same HTML element on an earlier page or line."""
    for kid in later["K"]:
        if isinstance(kid, int):  # marked content of `later`'s page, owned by `later` itself
            first["K"].append(pydyf.Dictionary({"Type": "/MCR", "MCID": kid, "Pg": later["Pg"]}))
            nums[kid] = first.reference
            continue
        child = pdf.objects[_number(kid)]
        if "P" in child:
            child["P"] = first.reference
        first["K"].append(kid)
    for index, (owner, annotation) in enumerate(annotations):
        if owner == later.reference:
            annotations[index] = (first.reference, annotation)
