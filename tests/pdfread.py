"""Read a built briefing back: its footnote calls, footnote texts, outline and contents."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, TypeAlias

import pdfplumber
from pypdf import PdfReader
from pypdf.generic import Destination

# Sizes set in styles/briefing.css: note text 7.8pt with a bold sans marker; calls are
# 65% of the text around them (at most 6.5pt), in the regular sans face.
NOTE_SIZE = 7.8
CALL_MAX_SIZE = 7.0


@dataclass(frozen=True)
class PdfNote:
    page: int
    number: int
    text: str


ACCENT = (0x1F / 255, 0x3A / 255, 0x5F / 255)  # --accent in briefing.css, the colour of note calls

# A character as pdfplumber gives it: text, fontname, size, position, colour.
Char = dict[str, Any]
# The outline as pypdf gives it: a bookmark, or a list of the bookmarks under the previous one.
Outline: TypeAlias = Sequence["Destination | Outline"]


def _is_call(char: Char) -> bool:
    colour = tuple(char.get("non_stroking_color") or ())
    return (
        len(colour) == 3
        and all(abs(a - b) < 0.01 for a, b in zip(colour, ACCENT, strict=True))
        and "Dossier-Sans" in char["fontname"]
        and "Bold" not in char["fontname"]
        and char["size"] < CALL_MAX_SIZE
        and (char["text"].isdigit() or char["text"] == ",")
    )


def _is_marker(char: Char) -> bool:
    return (
        "Dossier-Sans-Bold" in char["fontname"]
        and abs(char["size"] - NOTE_SIZE) < 0.2
        and (char["text"].isdigit() or char["text"] == ".")
    )


def _runs(chars: list[Char], keep: Callable[[Char], bool]) -> list[tuple[str, Char]]:
    """Consecutive chars (in content-stream order) that pass `keep`, joined."""
    runs: list[tuple[str, Char]] = []
    current: list[Char] = []
    for char in [*chars, None]:
        if (
            char is not None
            and keep(char)
            and (
                not current
                or (abs(char["top"] - current[-1]["top"]) < 2 and char["x0"] - current[-1]["x1"] < 2)
            )
        ):
            current.append(char)
            continue
        if current:
            runs.append(("".join(c["text"] for c in current), current[0]))
        current = [char] if char is not None and keep(char) else []
    return runs


def footnote_calls(path: Path) -> list[tuple[int, int]]:
    """(page, number) of every footnote call, in order of appearance."""
    calls: list[tuple[int, int]] = []
    with pdfplumber.open(path) as pdf:
        for page_number, page in enumerate(pdf.pages, 1):
            for text, _ in _runs(page.chars, _is_call):
                calls.extend((page_number, int(n)) for n in re.findall(r"\d+", text))
    return calls


def footnotes(path: Path) -> list[PdfNote]:
    """Every footnote at the foot of a page: its number and text."""
    notes: list[PdfNote] = []
    with pdfplumber.open(path) as pdf:
        for page_number, page in enumerate(pdf.pages, 1):
            markers = [(t, c) for t, c in _runs(page.chars, _is_marker) if re.fullmatch(r"\d+\.", t)]
            if not markers:
                continue
            top = min(c["top"] for _, c in markers) - 1
            area = page.crop((0, top, page.width, page.height - 20 * 72 / 25.4))
            lines = area.extract_text() or ""
            chunks = re.split(r"(?m)^(\d+)\. ", lines)
            for number, text in zip(chunks[1::2], chunks[2::2], strict=True):
                notes.append(PdfNote(page_number, int(number), " ".join(text.split())))
    return notes


def outline(path: Path) -> dict[str, int]:
    """Bookmark title -> 1-based page number."""
    reader = PdfReader(path)
    result: dict[str, int] = {}

    def walk(items: Outline) -> None:
        for item in items:
            if not isinstance(item, Destination):
                walk(item)
                continue
            page = reader.get_destination_page_number(item)
            assert page is not None, f"bookmark {item.title!r} points to no page"
            result[str(item.title)] = page + 1

    walk(reader.outline)
    return result


def page_texts(path: Path | BytesIO) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def written(html: str) -> str:
    """The words of an HTML page, as the content wrote them, one space between."""
    from lxml import html as lxml_html  # type: ignore[import-untyped]

    return " ".join(str(lxml_html.fromstring(html).text_content()).split())


# A line ending in a word and a hyphen, the next line's first word looked at, not taken.
_LINE_END_HYPHEN = re.compile(r"(\w+)[-\u2010]\n\s*(?=(\w+))")


def _broken_by_layout(head: str, tail: str, words: str) -> bool:
    return f"{head}-{tail}" not in words and head + tail in words


def hyphen_breaks(pages: Sequence[str], words: str) -> list[tuple[int, str]]:
    """(page, word) for each word the layout broke across two lines with a hyphen of its own:
    one line ends "prepar-", the next begins "ing", and the content (`words`, see `written`)
    has "preparing", never "prepar-ing". A hyphen the content wrote ("fact-finding") is kept
    out: readers' software cannot tell the two apart at a line end, and neither can this."""
    return [
        (number, match[1] + match[2])
        for number, text in enumerate(pages, 1)
        for match in _LINE_END_HYPHEN.finditer(text)
        if _broken_by_layout(match[1], match[2], words)
    ]


def dehyphenated(text: str, words: str) -> str:
    """`text` with each word of `hyphen_breaks` whole again (the line break taken with it)."""
    return _LINE_END_HYPHEN.sub(
        lambda match: match[1] if _broken_by_layout(match[1], match[2], words) else match[0], text
    )


def split_words(text: str, words: str) -> list[str]:
    """Each word of `words` that `text` (one line read aloud) has in two pieces, the first
    ending in a hyphen: "imme- diately", read where the tree does not join it."""
    return [
        f"{match[1]}- {match[2]}"
        for match in re.finditer(r"(\w+)[-\u2010] (?=(\w+))", text)
        if _broken_by_layout(match[1], match[2], words)
    ]


def squash(text: str) -> str:
    """Text compared without any whitespace: line breaks in a PDF are not content."""
    return re.sub(r"\s+", "", text)


LINE_BREAK = "\x00"  # where one line of text ends and the next begins


def read_aloud(path: Path, page: int) -> str:
    """What a screen reader reads of `page` (1-based) from the structure tree: the text of
    each marked content on that page, in the tree's order, a note shown as [NOTE: …] where
    the tree places it, a new line after each block. Artifacts are not in the tree."""
    import pikepdf

    with pdfplumber.open(path) as document:
        chars = document.pages[page - 1].chars
    texts: dict[int, str] = {}
    first: dict[int, tuple[float, float]] = {}  # (top, left) of its first character
    last: dict[int, tuple[float, float]] = {}  # (top, right) of its last
    for char in chars:
        if char.get("mcid") is not None:
            mcid = int(char["mcid"])
            # A new line within one marked content: the space the line break stands for.
            gap = LINE_BREAK if mcid in last and char["top"] > last[mcid][0] + 1 else ""
            texts[mcid] = texts.get(mcid, "") + gap + str(char["text"])
            first.setdefault(mcid, (float(char["top"]), float(char["x0"])))
            last[mcid] = (float(char["top"]), float(char["x1"]))
    previous = [(0.0, 0.0)]

    def text_of(mcid: int, instead: str | None = None, then: int | None = None) -> str:
        # Marked content starting on a lower line, or well to the right on the same line,
        # than the last ended: the space a reader hears there. `instead`: what it is read
        # as (an element's /ActualText), up to the end of marked content `then`.
        top, left = first.get(mcid, previous[0])
        new_line = top > previous[0][0] + 1
        apart = abs(top - previous[0][0]) <= 1 and left > previous[0][1] + 3
        previous[0] = last.get(mcid if then is None else then, previous[0])
        said = texts.get(mcid, "") if instead is None else instead
        return (LINE_BREAK if new_line else " " if apart else "") + said

    blocks = {"/P", "/H1", "/H2", "/H3", "/LI", "/TR", "/Caption", "/BlockQuote", "/Div"}
    with pikepdf.open(path) as pdf:
        wanted = pdf.pages[page - 1].obj.objgen
        out: list[str] = []

        def marked_on_page(node: Any) -> list[int]:
            """The MCIDs on this page of `node` and the elements below it, in order."""
            found: list[int] = []
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, int) and node.get("/Pg") is not None and node.Pg.objgen == wanted:
                    found.append(int(kid))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    if kid.get("/Pg", node.get("/Pg")).objgen == wanted:
                        found.append(int(kid.MCID))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    found.extend(marked_on_page(kid))
            return found

        def walk(node: Any, on_page: bool) -> None:
            if "/Pg" in node:
                on_page = node.Pg.objgen == wanted
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, int):
                    if on_page:
                        out.append(text_of(kid))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.MCR:
                    if kid.Pg.objgen == wanted:
                        out.append(text_of(int(kid.MCID)))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == pikepdf.Name.Figure:
                    if on_page or kid.Pg.objgen == wanted:  # read by its alternative text
                        out.append(f"[FIGURE: {kid.get('/Alt', '')}]\n")
                elif isinstance(kid, pikepdf.Dictionary) and "/ActualText" in kid:
                    # What the element reads as, in place of its glyphs (letter-spaced
                    # capitals; a word hyphenated at a line end), read where it begins.
                    if kid.get("/Pg", node.get("/Pg")).objgen == wanted:
                        pieces = marked_on_page(kid)
                        said = str(kid.ActualText)
                        out.append(text_of(pieces[0], said, pieces[-1]) if pieces else said)
                        out.append("\n" if str(kid.S) in blocks else "")
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    note = pikepdf.Name.Note == kid.S
                    out.append(" [NOTE: " if note else "")
                    walk(kid, on_page)
                    out.append("] " if note else "\n" if str(kid.S) in blocks else "")

        walk(pdf.Root.StructTreeRoot, False)
    # A word hyphenated at a line end is read whole only where the tree says so (an
    # /ActualText over its two pieces): here it is read as its glyphs, "imme- diately".
    text = "".join(out).replace(LINE_BREAK, " ")
    text = text.replace(" [NOTE: ]", "")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip()) + "\n"
