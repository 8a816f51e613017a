"""Turn a page's drawing order into its reading order where WeasyPrint draws out of turn.

WeasyPrint draws a list's bullets and numbers after the text of all its items, and the
running heads, footers and page numbers after everything else on the page. Readers that
take a page's text in the order it is drawn (PDF.js's text layer, which is what copy and
paste and a browser's screen reader get from Firefox's viewer; MuPDF) then read four items
and then four bullets, and the page's head at its foot.

So each such piece is moved: a list item's label to just before the first marked content
of its body, the running heads and footers to before the page's first content. A piece is
moved only where it is drawn the same (the same transformation and clipping at both
places); it takes with it the graphics state it was drawn in (colour, text state) inside
q … Q, and leaves behind the state it set, so nothing else on the page changes either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pikepdf
from pikepdf import Dictionary, Name, Operator

from .contents import FILL_COLOUR, OTHER_STATE, STROKE_COLOUR, Contents
from .order import IDENTITY, Matrix, matrix, multiply

# Graphics state a piece may take from what was drawn before it, by the operator setting it
# (fill and stroke colour each one entry, whatever their colour space).
_KEYS = {
    **dict.fromkeys(FILL_COLOUR, "fill"),
    **dict.fromkeys(STROKE_COLOUR, "stroke"),
    **{op: op for op in OTHER_STATE},
}


@dataclass
class _Place:
    """What holds before an instruction: where drawing goes and with what state."""

    marked: int  # depth of marked content
    in_text: bool  # within BT … ET
    where: tuple[Matrix, tuple[int, ...]]  # the transformation, and the clips in force (by index)
    state: dict[str, list[Any]]  # the state operators in force, by _KEYS entry


@dataclass
class _Piece:
    """A marked content at the top level, with the q … Q wrapped around it alone."""

    start: int
    end: int  # inclusive
    mcid: int | None
    pagination: bool  # an artifact of the page's running heads or footers


def reorder(number: int, root: Any, owners: Any, contents: Contents) -> int:
    """Labels before their items, running heads first, on page `number`; the pieces moved."""
    page = contents.pages[number]
    key = page.obj.get("/StructParents")
    owned = owners(root, int(key)) if key is not None else None
    listed = contents[number]
    places = list(_places(listed))
    pieces = list(_pieces(listed, places))
    box = [float(v) for v in page.obj.MediaBox]
    moves = _moves(pieces, places, owned, listed, (box[1] + box[3]) / 2)
    if moves:
        listed[:] = _moved(listed, places, moves)
        contents.changed(number)
    return len(moves)


def _places(listed: list[Any]) -> Iterator[_Place]:
    marked, in_text = 0, False
    ctm: Matrix = IDENTITY
    clips: tuple[int, ...] = ()
    state: dict[str, list[Any]] = {}
    saved: list[tuple[Matrix, tuple[int, ...], dict[str, list[Any]]]] = []
    path_clip = False
    place = _Place(marked, in_text, (ctm, clips), state)
    for index, instruction in enumerate(listed):
        # One place for a run of instructions that change none of it (text shown, paths
        # drawn): a page has thousands of instructions.
        if (
            place.marked != marked
            or place.in_text != in_text
            or place.state is not state
            or place.where[0] is not ctm
            or place.where[1] is not clips
        ):
            place = _Place(marked, in_text, (ctm, clips), state)
        yield place
        operator = str(instruction.operator)
        if operator in ("BDC", "BMC"):
            marked += 1
        elif operator == "EMC":
            marked = max(0, marked - 1)
        elif operator == "BT":
            in_text = True
        elif operator == "ET":
            in_text = False
        elif operator == "q":
            saved.append((ctm, clips, state))
        elif operator == "Q" and saved:
            ctm, clips, state = saved.pop()
        elif operator == "cm":
            ctm = multiply(matrix(instruction.operands), ctm)
        elif operator in ("W", "W*"):
            path_clip = True
        elif operator in ("n", "f", "f*", "S", "s", "B", "B*", "b", "b*", "F") and path_clip:
            clips, path_clip = (*clips, index), False
        if operator in _KEYS:
            state = {
                **state,
                _KEYS[operator]: _carried(state.get(_KEYS[operator], []), instruction, operator),
            }


# A colour given in a colour space ("/Lab cs 50 70 60 scn") is the space and its values:
# the values alone would be read in whatever space is current where the piece lands.
_IN_SPACE = {"sc": "cs", "scn": "cs", "SC": "CS", "SCN": "CS"}


def _carried(before: list[Any], instruction: Any, operator: str) -> list[Any]:
    """The instructions that set one kind of state, as they stand after `instruction`."""
    if operator in _IN_SPACE:
        space = [op for op in before[:1] if str(op.operator) == _IN_SPACE[operator]]
        return [*space, instruction]
    if operator == "gs":
        # Each graphics state dictionary sets some entries (WeasyPrint's /a… the fill's
        # opacity, /A… the stroke's): every one since the last q still holds, each once.
        name = instruction.operands[0]
        return [*(op for op in before if op.operands[0] != name), instruction]
    return [instruction]


def _pieces(listed: list[Any], places: list[_Place]) -> Iterator[_Piece]:
    """Each top-level marked content, with the q's just before it that the Q's just after close."""
    index = 0
    while index < len(listed):
        operator = str(listed[index].operator)
        if operator not in ("BDC", "BMC") or places[index].marked or places[index].in_text:
            index += 1
            continue
        end = index + 1
        while end + 1 < len(listed) and places[end + 1].marked:
            end += 1
        operands = listed[index].operands
        properties = operands[1] if operator == "BDC" and len(operands) == 2 else None
        mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
        pagination = (
            operands[0] == Name.Artifact
            and isinstance(properties, Dictionary)
            and properties.get("/Type") == Name.Pagination
        )
        before = 0
        while index - before - 1 >= 0 and str(listed[index - before - 1].operator) == "q":
            before += 1
        after = 0
        while (
            end + after + 1 < len(listed) and str(listed[end + after + 1].operator) == "Q" and after < before
        ):
            after += 1
        wrapped = min(before, after)
        balanced = _balanced(listed[index : end + 1])
        if balanced:
            yield _Piece(index - wrapped, end + wrapped, int(mcid) if mcid is not None else None, pagination)
        index = end + 1


def _balanced(body: list[Any]) -> bool:
    depth = 0
    for instruction in body:
        operator = str(instruction.operator)
        depth += operator == "q"
        depth -= operator == "Q"
        if depth < 0:
            return False
    return depth == 0


def _moves(
    pieces: list[_Piece], places: list[_Place], owned: Any, listed: list[Any], middle: float
) -> list[tuple[_Piece, int]]:
    """(piece, where it goes): before the index given, which the piece's drawing allows."""
    moves: list[tuple[_Piece, int]] = []
    by_mcid = {piece.mcid: piece for piece in pieces if piece.mcid is not None}
    starts = {
        int(listed[i].operands[1].MCID): i
        for i, instruction in enumerate(listed)
        if str(instruction.operator) == "BDC"
        and len(instruction.operands) == 2
        and isinstance(instruction.operands[1], Dictionary)
        and "/MCID" in instruction.operands[1]
    }
    content = [piece for piece in pieces if piece.mcid is not None]
    # Running heads: after the page's last content, before its first (footers stay last).
    last = max((piece.end for piece in content), default=-1)
    first = min((piece.start for piece in content), default=None)
    if first is not None:
        for piece in pieces:
            if piece.pagination and piece.start > last and _high(listed, places, piece, middle):
                target = _free(places, first)
                if target is not None and places[target].where == places[piece.start].where:
                    moves.append((piece, target))
    if owned is None:
        return moves
    marked = {mcid for mcid, owner in enumerate(owned) if isinstance(owner, Dictionary)}
    for mcid, piece in by_mcid.items():
        owner = owned[mcid] if mcid < len(owned) else None
        label = _label_of(owner)
        if label is None:
            continue
        body = _first_mcid(label, owned, marked)
        if body is None or body not in starts or starts[body] > piece.start:
            continue  # its item is drawn after it already, or not on this page
        target = _free(places, starts[body])
        if target is not None and places[target].where == places[piece.start].where:
            moves.append((piece, target))
    return moves


def _high(listed: list[Any], places: list[_Place], piece: _Piece, middle: float) -> bool:
    """Whether the piece's text is set in the page's upper half (a head, not a footer)."""
    for index in range(piece.start, piece.end + 1):
        if str(listed[index].operator) == "Tm":
            return multiply(matrix(listed[index].operands), places[index].where[0])[5] > middle
    return False


def _label_of(owner: Any) -> Any:
    """The list item's /Lbl this marked content's element is (or is in), if any."""
    element = owner
    for _ in range(3):
        if not isinstance(element, Dictionary):
            return None
        if element.get("/S") == Name.Lbl:
            parent = element.get("/P")
            return element if isinstance(parent, Dictionary) and parent.get("/S") == Name.LI else None
        element = element.get("/P")
    return None


def _first_mcid(label: Any, owned: Any, marked: set[int]) -> int | None:
    """The first marked content on this page of what follows the label in its item
    (`marked`: the page's MCIDs that an element owns)."""
    item = label.P
    kids = list(item.K) if isinstance(item.K, pikepdf.Array) else [item.K]
    after = kids[[k.objgen if isinstance(k, Dictionary) else None for k in kids].index(label.objgen) + 1 :]
    for kid in after:
        for mcid in _mcids(kid):
            if mcid in marked and _within(owned[mcid], item):
                return mcid
    return None


def _mcids(node: Any) -> Iterator[int]:
    if isinstance(node, int):
        yield node
        return
    if not isinstance(node, Dictionary) or node.get("/Type") == Name.OBJR:
        return
    if node.get("/Type") == Name.MCR:
        yield int(node.MCID)
        return
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        yield from _mcids(kid)


def _within(element: Any, ancestor: Any) -> bool:
    for _ in range(64):
        if not isinstance(element, Dictionary):
            return False
        if element.objgen == ancestor.objgen:
            return True
        element = element.get("/P")
    return False


def _free(places: list[_Place], index: int) -> int | None:
    """The last index at or before `index` outside marked content and text objects."""
    while index >= 0 and (places[index].marked or places[index].in_text):
        index -= 1
    return index if index >= 0 else None


def _moved(listed: list[Any], places: list[_Place], moves: list[tuple[_Piece, int]]) -> list[Any]:
    inserted: dict[int, list[Any]] = {}
    removed: dict[int, tuple[int, list[Any]]] = {}
    for piece, target in sorted(moves, key=lambda move: (move[1], move[0].start)):
        body = listed[piece.start : piece.end + 1]
        # Drawn with the state it had, inside q … Q: the state where it lands is kept.
        taken = [op for ops in places[piece.start].state.values() for op in ops]
        inserted.setdefault(target, []).extend([_op("q"), *taken, *body, _op("Q")])
        # The state it set, for what was drawn after it.
        after = places[piece.end + 1].state if piece.end + 1 < len(places) else {}
        left = [op for key, ops in after.items() if places[piece.start].state.get(key) != ops for op in ops]
        removed[piece.start] = (piece.end, left)
    out: list[Any] = []
    index = 0
    while index < len(listed):
        out.extend(inserted.get(index, []))
        if index in removed:
            end, left = removed[index]
            out.extend(left)
            index = end + 1
            continue
        out.append(listed[index])
        index += 1
    return out


def _op(name: str) -> Any:
    return pikepdf.ContentStreamInstruction([], Operator(name))
