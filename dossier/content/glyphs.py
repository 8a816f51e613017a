"""Turn the texts a briefing prints into problems for the characters no bundled font can draw.

A character that no font of the stylesheet has prints as an empty box, or in a font of
whatever machine builds the PDF: either way the page no longer says what the content
says. The fonts are those the stylesheet's @font-face rules name; every font stack in it
names the text face (Noto Serif or Noto Sans, which cover the same characters) and then
every script family, so a character is printable when one bundled family has it in each
of its faces (which face prints it depends on bold and italic, not on the character).
Their character maps are read once per process, a few hundredths of a second.

What is checked: every text value of the YAML files except source keys, background.md,
and the decoded fields of sources.bib; an event's label, which the timeline figure draws
letter by letter, also for letters that need shaping. Citation keys inside Markdown are
not printed and are left out; a character written as an HTML entity (&#x13000;) is
checked as the character it becomes.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from fontTools import unicodedata as scripts
from fontTools.ttLib import TTFont

from ..errors import Problems
from ..paths import STYLES
from ..words import counted
from . import load
from .citations import groups
from .models import Source

STYLESHEET = STYLES / "briefing.css"
_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}")
_FAMILY = re.compile(r"font-family:\s*\"([^\"]+)\"\s*;")
_SRC = re.compile(r"src:\s*url\(\"([^\"]+)\"\)")

# Characters a line may hold that are laid out without a glyph of their own: line breaks,
# tabs, and the format characters that shaping hides (joiners and non-joiners, direction
# marks, the soft hyphen, variation selectors).
INVISIBLE = frozenset(
    "\t\n\r\u00ad\u034f\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
    + "".join(chr(c) for c in range(0xE0100, 0xE01F0))
)

# Fields that hold source keys, which are looked up, not printed.
NOT_PRINTED = frozenset({"sources", "source"})

# A citation key inside a citation group, as citations.py reads it.
_KEY = re.compile(r"(?<![\w@])@[\w:.#$%&+?<>~/-]+")

# Script codes of characters common to scripts (emoji, symbols), inherited or unassigned:
# such a character is named by its Unicode name instead.
UNSCRIPTED = ("Zyyy", "Zinh", "Zzzz")

# WeasyPrint draws SVG text one letter at a time, unshaped: in the timeline figure a
# Myanmar word broke into letters and dotted circles; Arabic letters would not join.
# The table under the figure prints the event in full, shaped.
LETTER_BY_LETTER = (
    "would print broken in the timeline figure, which draws a label letter by letter (it "
    "needs the letters beside it): write the label in Latin, Greek or Cyrillic script, or leave it out"
)

HINT = "it would print as an empty box (README, 'Fonts', says which scripts they cover)"


def font_faces(stylesheet: Path = STYLESHEET) -> dict[str, list[Path]]:
    """The font files of each family the stylesheet's @font-face rules declare."""
    families: dict[str, list[Path]] = {}
    for rule in _FONT_FACE.finditer(stylesheet.read_text(encoding="utf-8")):
        family, src = _FAMILY.search(rule[1]), _SRC.search(rule[1])
        if family and src:
            families.setdefault(family[1], []).append(stylesheet.parent / src[1])
    return families


def character_map(path: Path) -> frozenset[int]:
    """The code points one font file has a glyph for."""
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def printable() -> frozenset[str]:
    """Every character some bundled family draws in all its faces, and the invisible ones."""
    covered: set[int] = set()
    for faces in font_faces().values():
        covered |= frozenset.intersection(*(character_map(face) for face in faces))
    return frozenset(chr(c) for c in covered) | INVISIBLE


def named(char: str) -> str:
    """'𓀀' (U+13000, Egyptian Hieroglyphs): the character, its code and its script."""
    script = scripts.script(char)
    if script in UNSCRIPTED:
        what = unicodedata.name(char, "unassigned").lower()
    else:
        what = scripts.script_name(script)
    return f"'{char}' (U+{ord(char):04X}, {what})"


def _without_keys(text: str) -> str:
    """`text` with the keys of its citation groups blanked out, lines kept where they were."""
    if "@" not in text:
        return text
    out = list(text)
    for group in groups(text):
        for key in _KEY.finditer(text, group.start, group.end):
            out[key.start() : key.end()] = " " * (key.end() - key.start())
    return "".join(out)


def missing(text: str) -> list[tuple[int, str]]:
    """Each character of `text` that no bundled font draws, once, with the 0-based line it
    is first on; [] at once for a text whose characters are all printable (nearly all)."""
    ok = printable()
    candidates = set(text)
    if "&" in text:
        candidates |= set(html.unescape(text))
    if candidates <= ok:
        return []
    found: dict[str, int] = {}
    for number, line in enumerate(_without_keys(text).split("\n")):
        for char in html.unescape(line) if "&" in line else line:
            if char not in ok and char not in found:
                found[char] = number
    return [(line, char) for char, line in found.items()]


def _strings(data: Any, loc: load.Loc = ()) -> Iterator[tuple[load.Loc, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in NOT_PRINTED:
                yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            yield from _strings(value, (*loc, n))
    elif isinstance(data, str):
        yield loc, data


def _field(loc: load.Loc) -> str:
    """`subject.native_name.text`; the line says which item of a list."""
    return ".".join(str(part) for part in loc if isinstance(part, str)) or "item"


def unshaped(text: str) -> str | None:
    """The first character of `text` that only prints right shaped with its neighbours: a
    combining mark (Khmer, Myanmar and Devanagari vowel signs, a decomposed accent) or an
    Arabic or Hebrew letter, which joins and runs right to left."""
    for char in text:
        if unicodedata.category(char) in ("Mn", "Mc", "Me") or unicodedata.bidirectional(char) in ("R", "AL"):
            return char
    return None


def _messages(text: str, field: str) -> Iterator[tuple[int, str]]:
    """One message per script missing from `text`, at the line of its first character: a
    paragraph of hieroglyphs is one problem, not fifty."""
    by_script: dict[str, list[tuple[int, str]]] = {}
    for line, char in missing(text):
        by_script.setdefault(scripts.script(char), []).append((line, char))
    for found in by_script.values():
        line, char = found[0]
        what = "" if scripts.script(char) in UNSCRIPTED else f"{scripts.script_name(scripts.script(char))} "
        more = len(found) - 1
        also = f" and {counted(more, f'more {what}character')}" if more else ""
        have = "have" if more else "has"
        yield line, f"{named(char)}{also} in {field} {have} no glyph in the bundled fonts: {HINT}"


def check_glyphs(folder: load.Folder, sources: dict[str, Source], problems: Problems) -> None:
    """Add a problem for every script the briefing would print that no bundled font has."""
    for file in folder.yaml.values():
        for loc, text in _strings(file.data):
            # A value that is a whole document (a list of strings) has no line of its own.
            start = file.text_start(loc) if loc else 1
            for line, message in _messages(text, _field(loc)):
                problems.add(file.path, start + line, message)
            char = unshaped(text) if file.path.name == load.EVENTS and loc[-1:] == ("label",) else None
            if char is not None:
                problems.add(file.path, start, f"{named(char)} in label {LETTER_BY_LETTER}")
    for markdown in folder.markdown.values():
        for line, message in _messages(markdown.text, "the text"):
            problems.add(markdown.path, 1 + line, message)
    if folder.bibtex is not None:
        for key, source in sources.items():
            for name, value in source.csl.items():
                for _, text in _strings(value) if name != "id" else ():
                    # Decoded from LaTeX, a field's lines are not the file's: the entry's
                    # first line, and the field named.
                    for _, message in _messages(text, f"field {name} of source '{key}'"):
                        problems.add(folder.bibtex.path, source.line, message)
