"""Turn each word the layout hyphenated at a line's end into one structure element, read whole.

WeasyPrint draws "imme‐" at the end of one line and "diately" at the start of the next as
the ends of two marked contents, each the content of its own /Span. A screen reader that
reads the tags reads two words there ("imme", "diately"), whatever the glyphs' Unicode
says; pdftotext and PDF.js's find bar, which read the glyphs, join them (tagging.py has the
hyphen read as one they join).

So each piece is made a marked content of its own, by splitting the text-showing operator
that draws it in two within its text object (the second part goes on where the first
stops, so nothing moves on the page), and the two pieces become the content of one /Span
whose /ActualText is the word, "immediately" (ISO 32000-1 14.9.4: what the element reads
as, in place of its content). A word broken across a page turn is one /Span with a piece
on each page.

A hyphen the content wrote is never one the layout broke at: typeset.py makes every
hyphen between letters non-breaking (U+2011), so the hyphen at a line's end (U+2010,
WeasyPrint's hyphenate-character) is always the layout's. Run this before tagging.py
maps that hyphen's glyph to U+002D.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

from .contents import STATE, Contents
from .fonts import Font

LAYOUT_HYPHEN = "\u2010"
_SHOW = {"TJ", "Tj"}

Leaf = tuple[tuple[int, int], int]  # (page object, MCID)
Item = int | float  # in a TJ array split into glyphs: a code (int) or an adjustment (float)


@dataclass
class _Mark:
    """A marked content with an MCID: where it is in its page's instructions, what it shows."""

    page: int
    mcid: int
    begin: int  # index of its BDC
    end: int = -1  # index of its EMC
    shows: list[tuple[int, Font]] = field(default_factory=list)  # TJ/Tj indices, with their font
    simple: bool = True  # its state operators, then one text object, and nothing else
    texts: int = 0  # text objects in it


@dataclass
class _Cut:
    """Where a marked content is split: a piece of the word goes to a marked content of its own."""

    show: int  # index of the TJ split
    at: int  # the position in its items where the piece begins (tail) or ends (head)
    mcid: int  # the piece's new MCID


class Scan:
    """The pages' marked contents, read page by page as tagging.py goes through them
    (`page`), then each word hyphenated at a line's end joined (`join`)."""

    def __init__(self) -> None:
        self.fonts: dict[tuple[int, int], Font] = {}
        self.marks: dict[Leaf, _Mark] = {}
        self.ends: set[Leaf] = set()  # marks whose last glyph is the layout's hyphen
        self.alone: set[Leaf] = set()  # of those, the ones that are a piece of a word alone
        self.keep: set[int] = set()

    def page(self, number: int, contents: Contents) -> bool:
        """Read page `number`; whether it must stay parsed until `join` (it ends a word
        hyphenated at a line's end, or the page before it does)."""
        page, listed = contents.pages[number], contents[number]
        for found in _marks(number, listed, page, self.fonts):
            leaf = (page.obj.objgen, found.mcid)
            self.marks[leaf] = found
            if found.simple and found.shows and _ends_hyphenated(listed, found):
                self.ends.add(leaf)
                self.keep |= {number, number + 1}
                index, font = found.shows[-1]
                items = _items(listed[index], font)
                start = _tail(items, font)[0]
                if len(found.shows) == 1 and not any(isinstance(item, int) for item in items[:start]):
                    self.alone.add(leaf)
        return number in self.keep

    def join(self, root: Any, owners: Any, contents: Contents) -> int:
        """Each word hyphenated at a line's end made one /Span read whole; the number joined.
        `owners(root, key)` gives a page's parent-tree array (tagging.owners)."""
        return _join(root, owners, contents, self.marks, self.ends, self.alone)


def _join(
    root: Any, owners: Any, contents: Contents, marks: dict[Leaf, _Mark], ends: set[Leaf], alone: set[Leaf]
) -> int:
    pdf, pages = contents.pdf, contents.pages
    number_of = {page.obj.objgen: number for number, page in enumerate(pages)}
    leaves = list(_leaves(root))
    arrays = {
        number: owners(root, int(page.obj.StructParents))
        for number, page in enumerate(pages)
        if "/StructParents" in page.obj
    }
    heads: dict[Leaf, _Cut] = {}
    tails: dict[Leaf, _Cut] = {}
    words: list[tuple[Leaf, Leaf, str, Any, Any]] = []
    # The middle pieces of words over three lines or more (a narrow column): a piece alone
    # in its marked content, after a piece ending hyphenated and ending so itself.
    middles = {second for (first, _), (second, _) in pairwise(leaves) if first in ends and second in alone}
    for (first, owner), (second, next_owner) in pairwise(leaves):
        mark, following = marks.get(first), marks.get(second)
        if mark is None or following is None or not (mark.simple and following.simple):
            continue
        if first not in ends or first in middles or second in middles or not following.shows:
            # A word over three lines or more (a narrow column) has a line that is all of
            # it but its hyphen: joining two of its pieces would read a part of the word as
            # a word, so it is left in its pieces.
            continue
        tail_items = _items(contents[mark.page][mark.shows[-1][0]], mark.shows[-1][1])
        head_items = _items(contents[following.page][following.shows[0][0]], following.shows[0][1])
        start, before = _tail(tail_items, mark.shows[-1][1])
        stop, after = _head(head_items, following.shows[0][1])
        if not before or not after:
            continue
        # A mark both ends one word and begins the next: its own text must keep a glyph.
        if first in heads and heads[first].show == mark.shows[-1][0] and heads[first].at >= start:
            continue
        shown_before = len(mark.shows) > 1 or any(isinstance(i, int) for i in tail_items[:start])
        shown_after = len(following.shows) > 1 or any(isinstance(i, int) for i in head_items[stop:])
        if first in heads and not shown_before:
            continue
        if shown_before:
            tails[first] = _Cut(mark.shows[-1][0], start, _new_mcid(arrays[mark.page]))
        if shown_after:
            heads[second] = _Cut(following.shows[0][0], stop, _new_mcid(arrays[following.page]))
        word = (before + after).replace("\u2011", "-")
        words.append((first, second, word, owner, next_owner))
    if not words:
        return 0
    cut: dict[int, list[_Mark]] = {}
    for leaf in {*heads, *tails}:
        cut.setdefault(marks[leaf].page, []).append(marks[leaf])
    for number, on_page in cut.items():
        listed = contents[number]
        for split in sorted(on_page, key=lambda mark: -mark.begin):  # from the end: indices hold
            leaf = (pages[number].obj.objgen, split.mcid)
            listed[split.begin : split.end + 1] = _split(listed, split, heads.get(leaf), tails.get(leaf))
        contents.changed(number)
    for first, second, word, owner, next_owner in words:
        first_page, second_page = pages[number_of[first[0]]], pages[number_of[second[0]]]
        one = tails[first].mcid if first in tails else first[1]
        two = heads[second].mcid if second in heads else second[1]
        span = pdf.make_indirect(
            Dictionary(
                Type=Name.StructElem,
                S=Name.Span,
                P=owner,
                Pg=first_page.obj,
                ActualText=pikepdf.String(word),
                K=Array(
                    [
                        Dictionary(Type=Name.MCR, Pg=first_page.obj, MCID=one),
                        Dictionary(Type=Name.MCR, Pg=second_page.obj, MCID=two),
                    ]
                ),
            )
        )
        _place(owner, first, span, keep=first in tails)
        if second not in heads:
            _remove(next_owner, second)
        _own(arrays[number_of[first[0]]], one, span)
        _own(arrays[number_of[second[0]]], two, span)
    return len(words)


def _marks(number: int, listed: list[Any], page: Any, cache: dict[tuple[int, int], Font]) -> Iterator[_Mark]:
    resources = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
    open_marks: list[_Mark | None] = []
    font: Font | None = None
    for index, instruction in enumerate(listed):
        operator = str(instruction.operator)
        if operator in ("BDC", "BMC"):
            operands = instruction.operands
            properties = operands[1] if operator == "BDC" and len(operands) == 2 else None
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            for outer in open_marks:
                if outer is not None:
                    outer.simple = False  # nested marked content: left as it is
            open_marks.append(_Mark(number, int(mcid), index) if mcid is not None else None)
        elif operator == "EMC":
            if open_marks:
                mark = open_marks.pop()
                if mark is not None:
                    mark.end = index
                    mark.simple = mark.simple and mark.texts == 1 and str(listed[index - 1].operator) == "ET"
                    yield mark
        else:
            current = next((m for m in reversed(open_marks) if m is not None), None)
            if operator == "Tf":
                found = resources.get(str(instruction.operands[0]))
                key = found.objgen if isinstance(found, Dictionary) else (0, 0)
                font = cache[key] if key in cache else cache.setdefault(key, Font(found))
            if current is None:
                continue
            if operator == "BT":
                current.texts += 1
            elif operator in _SHOW and font is not None:
                current.shows.append((index, font))
            elif current.texts == 0 and operator not in STATE:  # colour, state: may precede the text
                current.simple = False  # something drawn, or moved, before the text


def _ends_hyphenated(listed: list[Any], mark: _Mark) -> bool:
    """Whether the last glyph the mark shows is the layout's hyphen (read cheaply: pages
    show thousands of glyphs, and only a few marks end so)."""
    index, font = mark.shows[-1]
    shown = listed[index].operands[0]
    parts = shown if isinstance(shown, Array) else [shown]
    for position in range(len(parts) - 1, -1, -1):  # the last string, and its last code
        part = parts[position]
        if isinstance(part, pikepdf.String):
            codes = font.codes(bytes(part))
            if codes:
                return font.char(codes[-1]) == LAYOUT_HYPHEN
    return False


def _items(instruction: Any, font: Font) -> list[Item]:
    shown = instruction.operands[0]
    items: list[Item] = []
    for part in shown if isinstance(shown, Array) else [shown]:
        if isinstance(part, pikepdf.String):
            items.extend(font.codes(bytes(part)))
        else:
            items.append(float(part))
    return items


def _in_word(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c)[0] in "LMN" or c in "’'\u2011" for c in text)


def _tail(items: list[Item], font: Font) -> tuple[int, str]:
    """Where the word's first piece begins in a line's last TJ, and its letters (no hyphen)."""
    codes = [(position, item) for position, item in enumerate(items) if isinstance(item, int)]
    if not codes or font.char(codes[-1][1]) != LAYOUT_HYPHEN:
        return len(items), ""
    start, letters = codes[-1][0], ""
    for position, code in reversed(codes[:-1]):
        if not _in_word(font.char(code)):
            break
        start, letters = position, font.char(code) + letters
    return start, letters


def _head(items: list[Item], font: Font) -> tuple[int, str]:
    """Where the word's second piece ends in a line's first TJ, and its letters."""
    stop, letters = 0, ""
    for position, item in enumerate(items):
        if isinstance(item, int):
            if not _in_word(font.char(item)):
                break
            letters += font.char(item)
        stop = position + 1
    return stop, letters


def _tj(items: list[Item], font: Font) -> Any:
    parts: list[Any] = []
    run: list[int] = []
    for item in items:
        if isinstance(item, int):
            run.append(item)
            continue
        if run:
            parts.append(pikepdf.String(font.encode(run)))
            run = []
        parts.append(item)
    if run:
        parts.append(pikepdf.String(font.encode(run)))
    return pikepdf.ContentStreamInstruction([Array(parts)], Operator("TJ"))


def _split(listed: list[Any], mark: _Mark, head: _Cut | None, tail: _Cut | None) -> list[Any]:
    """The mark's instructions with the word's pieces as marked contents of their own, all
    within its one text object: [state] BT [head] [the rest, as the mark] [tail] ET."""
    opening = listed[mark.begin]
    fonts = dict(mark.shows)
    text_begin = next(i for i in range(mark.begin + 1, mark.end) if str(listed[i].operator) == "BT")
    buckets: list[list[Any]] = [[], [], []]
    bucket = 0 if head is not None else 1
    cuts: dict[int, list[tuple[int, int]]] = {}
    if head is not None:
        cuts.setdefault(head.show, []).append((head.at, 1))
    if tail is not None:
        cuts.setdefault(tail.show, []).append((tail.at, 2))
    for index in range(text_begin + 1, mark.end - 1):  # between BT and ET
        instruction = listed[index]
        if index not in cuts:
            buckets[bucket].append(instruction)
            continue
        items, last = _items(instruction, fonts[index]), 0
        for at, following in sorted(cuts[index]):
            if at > last:
                buckets[bucket].append(_tj(items[last:at], fonts[index]))
            bucket, last = following, at
        if last < len(items):
            buckets[bucket].append(_tj(items[last:], fonts[index]))

    def marked(mcid: int, body: list[Any]) -> list[Any]:
        tag = Dictionary(MCID=mcid)
        begin = pikepdf.ContentStreamInstruction([opening.operands[0], tag], Operator("BDC"))
        return [begin, *body, pikepdf.ContentStreamInstruction([], Operator("EMC"))]

    return [
        *listed[mark.begin + 1 : text_begin + 1],  # the state, and BT
        *(marked(head.mcid, buckets[0]) if head is not None else []),
        *marked(mark.mcid, buckets[1]),
        *(marked(tail.mcid, buckets[2]) if tail is not None else []),
        listed[mark.end - 1],  # ET
    ]


def _leaves(node: Any) -> Iterator[tuple[Leaf, Any]]:
    """Each marked content in the tree's reading order, with the element it is a kid of.
    Its page is the one its element or its reference names (as `_is` reads it): marked
    content whose page neither names is left alone."""
    own = node.get("/Pg")
    kids = node.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids] if kids is not None else []:
        if isinstance(kid, int) and own is not None:
            yield (own.objgen, int(kid)), node
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            page = kid.get("/Pg", own)
            if page is not None:
                yield (page.objgen, int(kid.MCID)), node
        elif isinstance(kid, Dictionary) and "/S" in kid and kid.get("/Type") != Name.OBJR:
            yield from _leaves(kid)


def _is(kid: Any, owner: Any, leaf: Leaf) -> bool:
    if isinstance(kid, int):
        return "/Pg" in owner and (owner.Pg.objgen, int(kid)) == leaf
    if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
        page = kid.get("/Pg", owner.get("/Pg"))
        return page is not None and (page.objgen, int(kid.MCID)) == leaf
    return False


def _kids(owner: Any) -> list[Any]:
    kids = owner.get("/K")
    return list(kids) if isinstance(kids, Array) else [kids] if kids is not None else []


def _place(owner: Any, leaf: Leaf, span: Any, keep: bool) -> None:
    """The word's /Span after the first piece's old place (`keep`: the rest of that marked
    content stays there), or in its place."""
    kids = _kids(owner)
    at = next(i for i, kid in enumerate(kids) if _is(kid, owner, leaf))
    kids[at : at + 1] = [kids[at], span] if keep else [span]
    owner.K = Array(kids)


def _remove(owner: Any, leaf: Leaf) -> None:
    """The second piece, now the word's, out of its old element (and that element out of
    its parent, if it held nothing else)."""
    kids = [kid for kid in _kids(owner) if not _is(kid, owner, leaf)]
    if kids:
        owner.K = Array(kids)
        return
    parent = owner.get("/P")
    if isinstance(parent, Dictionary):
        parent.K = Array(
            [kid for kid in _kids(parent) if not (isinstance(kid, Dictionary) and kid.objgen == owner.objgen)]
        )


def _new_mcid(array: Any) -> int:
    array.append(None)
    return len(array) - 1


def _own(array: Any, mcid: int, span: Any) -> None:
    array[mcid] = span
