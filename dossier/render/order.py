"""Turn a tagged PDF into the places where its reading order goes against what is printed.

A screen reader reads the structure tree in order; a sighted reader reads the page top to
bottom, a column or a table row left to right. Where the two disagree, the listener hears
the page in a different order from the one printed (Matterhorn 09-001, ISO 14289-1 7.2:
"content shall be tagged in logical reading order"). That needs human judgement in
general; what a machine can check is the plain case: within a page, content read later
must not be printed higher up in the same column as the content read before it, nor to
its left on the same line.

Where each piece is printed comes from the page's content stream: the text matrix and the
transformation at each text-showing operator, and the glyphs' widths from the font, for a
box per marked content; a figure's box is its /BBox. A note is read right after its call
but printed at the foot of the page, so notes are followed as their own sequence: the
running text without them, then the notes one after another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from .contents import Contents
from .fonts import Font

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
ARTIFACT = -1  # in place of an MCID: printed, not read
FIGURE = -2  # in place of an MCID: a figure, placed by its /BBox


@dataclass(frozen=True)
class Line:
    """Text printed on one baseline: from `left` to `right` at height `base` (PDF points from
    the page's bottom), in type of `size` points."""

    left: float
    right: float
    base: float
    size: float


@dataclass(frozen=True)
class Inversion:
    """Content read right after other content but printed before it: above, or to its left."""

    page: int
    before: str
    after: str

    def __str__(self) -> str:
        return f"page {self.page}: '{self.after}' is read after '{self.before}' but printed before it"


def inversions(pdf: Pdf, root: Any) -> list[Inversion]:
    """Every place, page by page, where the next piece read is printed before the last."""
    reading = Reading(root)
    contents = Contents(pdf)
    for number, page in enumerate(contents.pages):
        reading.page(number + 1, page, contents[number])
        contents.release(number)
    return reading.found


class Reading:
    """The order content is read in (the structure tree's), against where it is printed,
    given one page's instructions at a time; `found`: the inversions so far."""

    def __init__(self, root: Any) -> None:
        self.read = _read(root)
        self.fonts: dict[tuple[int, int], Font] = {}  # read once, for every page using them
        self.found: list[Inversion] = []

    def page(self, number: int, page: Any, listed: list[Any]) -> None:
        lines, shown = _printed(page, listed, self.fonts)
        flow: list[tuple[list[Line], int]] = []
        notes: list[tuple[list[Line], int]] = []
        for mcid, in_note, box in self.read.get(page.obj.objgen, []):
            printed = box if box is not None else lines.get(mcid, [])
            if printed:
                (notes if in_note else flow).append((printed, mcid))
        for sequence in (flow, notes):
            for (before, said), (after, says) in pairwise(sequence):
                if _above(after[0], before[-1]):
                    self.found.append(Inversion(number, _words(shown, said), _words(shown, says)))


def _above(line: Line, other: Line) -> bool:
    """`line` printed before `other` in reading order: higher in the same column, or to its
    left on the same line (left-to-right scripts: the ones the briefing sets)."""
    rise = line.base - other.base
    same_line = abs(rise) <= 0.6 * max(line.size, other.size)  # a note call is raised less
    # Overlapping across: the same column, not the next cell of a table row.
    overlap = min(line.right, other.right) - max(line.left, other.left)
    return (rise > 0 and not same_line and overlap > 1.0) or (same_line and line.right <= other.left + 1.0)


Shown = dict[int, list[tuple["Font", bytes]]]


def _words(shown: Shown, mcid: int) -> str:
    """The first words of a marked content (for messages), or "a figure"."""
    if mcid not in shown:
        return "a figure"
    words = " ".join("".join(font.text(data) for font, data in shown[mcid]).split())
    return words if len(words) <= 40 else words[:40].rsplit(" ", 1)[0] + " …"


Piece = tuple[int, bool, list[Line] | None]


def _read(root: Any) -> dict[tuple[int, int], list[Piece]]:
    """Each page's marked content in the structure's order: (MCID, inside a note, a
    figure's box or None), by the page's object."""
    read: dict[tuple[int, int], list[Piece]] = {}

    def walk(node: Any, page: Any, in_note: bool) -> None:
        if isinstance(node.get("/Pg"), Dictionary):
            page = node.Pg
        in_note = in_note or node.get("/S") == Name.Note
        if node.get("/S") == Name.Figure and page is not None and "/BBox" in node.get("/A", Dictionary()):
            x1, y1, x2, y2 = (float(v) for v in node.A.BBox)
            # The figure's top edge stands for it: text above it is read before it.
            read.setdefault(page.objgen, []).append((FIGURE, in_note, [Line(x1, x2, y2, y2 - y1)]))
            return
        kids = node.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids] if kids is not None else []:
            if isinstance(kid, int):
                if page is not None:
                    read.setdefault(page.objgen, []).append((int(kid), in_note, None))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                read.setdefault(kid.Pg.objgen, []).append((int(kid.MCID), in_note, None))
            elif isinstance(kid, Dictionary) and "/S" in kid:
                walk(kid, page, in_note)

    walk(root, None, False)
    return read


def _printed(
    page: Any, listed: list[Any], cache: dict[tuple[int, int], Font]
) -> tuple[dict[int, list[Line]], Shown]:
    """Each marked content's lines of text as printed, and the glyphs it shows (for messages).
    `cache` keeps the fonts read, by object, for the next page."""
    lines: dict[int, list[Line]] = {}
    shown: Shown = {}
    fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
    ctm, saved = IDENTITY, []
    text, size, font, spacing, scale, rise = IDENTITY, 0.0, None, 0.0, 1.0, 0.0
    marks: list[int | None] = []
    for instruction in listed:
        operands, operator = instruction.operands, str(instruction.operator)
        if operator == "q":
            saved.append(ctm)
        elif operator == "Q":
            ctm = saved.pop() if saved else IDENTITY
        elif operator == "cm":
            ctm = multiply(matrix(operands), ctm)
        elif operator == "BT":
            text = IDENTITY
        elif operator == "Tm":
            text = matrix(operands)
        elif operator in ("Td", "TD"):
            text = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), text)
        elif operator == "Tf":
            size, found = float(operands[1]), fonts.get(str(operands[0]))
            key = found.objgen if isinstance(found, Dictionary) else (0, 0)
            font = cache[key] if key in cache else cache.setdefault(key, Font(found))
        elif operator == "Tc":
            spacing = float(operands[0])
        elif operator == "Tz":
            scale = float(operands[0]) / 100
        elif operator == "Ts":
            rise = float(operands[0])
        elif operator in ("BDC", "BMC"):
            properties = operands[1] if operator == "BDC" else None
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            # An artifact is printed but not read: its text has no place in the order.
            artifact = operands[0] == Name.Artifact
            marks.append(ARTIFACT if artifact else int(mcid) if mcid is not None else None)
        elif operator == "EMC":
            if marks:
                marks.pop()
        elif operator in ("Tj", "TJ") and font is not None:
            owner = next((m for m in reversed(marks) if m is not None), None)
            start = _apply(multiply(text, ctm), 0.0, rise)
            shows = operands[0]
            glyphs, kerning = _pieces(shows if isinstance(shows, Array) else Array([shows]))
            widths, count = 0.0, 0
            for data in glyphs:
                width, codes = font.measure(data)
                widths, count = widths + width, count + codes
            advance = ((widths - kerning) / 1000 * size + spacing * count) * scale
            said = [(font, data) for data in glyphs]
            text = multiply((1, 0, 0, 1, advance, 0), text)
            end = _apply(multiply(text, ctm), 0.0, rise)
            if owner is not None and owner != ARTIFACT:
                height = abs(multiply(text, ctm)[3]) * size
                line = Line(min(start[0], end[0]), max(start[0], end[0]), start[1], height)
                lines.setdefault(owner, []).append(line)
                shown.setdefault(owner, []).extend(said)
    return lines, shown


_HEX_OR_NUMBER = re.compile(rb"<([0-9A-Fa-f]*)>|(-?[0-9.]+)")


def _pieces(shown: Array) -> tuple[list[bytes], float]:
    """A TJ array's strings, and the sum of its adjustments (thousandths of an em).

    Read from the array written out, not item by item: a page has thousands of them (one
    per glyph in WeasyPrint's arrays), and each item read through pikepdf costs."""
    written = shown.unparse()
    if b"(" in written:  # literal strings, with their escapes: item by item after all
        strings = [bytes(item) for item in shown if isinstance(item, pikepdf.String)]
        return strings, sum(float(item) for item in shown if not isinstance(item, pikepdf.String))
    strings, kerning = [], 0.0
    for hexadecimal, number in _HEX_OR_NUMBER.findall(written):
        if number:
            kerning += float(number)
        else:
            strings.append(bytes.fromhex(hexadecimal.decode()))
    return strings, kerning


def matrix(operands: Any) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)
    return (a, b, c, d, e, f)


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n: first m, then n (PDF's row-vector convention; drawing.py uses it too)."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
