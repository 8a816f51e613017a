"""Turn a laid-out document into the faults a reader would trip over.

Lost, misplaced or misnumbered notes and contents entries (`audit`), and how the text
looks on the page (`appearance`): a note call opening a line, a comma before a call that
touches no other, a symbol the content never wrote, a declared name hyphenated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from ..dates import MONTHS
from .markdown import IBID, SHORT
from .typeset import name_words
from .weasyprint70 import laid_out, lines, short_lines

if TYPE_CHECKING:
    from weasyprint.document import Document


@dataclass
class _Pages:
    """Where each note's call and text, and each element id, landed; what contents printed."""

    calls: dict[int, int] = field(default_factory=dict)
    notes: dict[int, int] = field(default_factory=dict)
    texts: dict[int, str] = field(default_factory=dict)
    # Notes printed in one of their two forms (footnotes.py): "ibid" or the short form.
    forms: dict[int, str] = field(default_factory=dict)
    first_page: dict[str, int] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)

    def body(self, note: int) -> str:
        return self.texts.get(note, "").removeprefix(f"{note}. ").strip()


def _note(element: Any) -> int:
    """The note an element is the text of (its id is "fn<number>"), or 0."""
    identifier = element.get("id", "")
    return int(identifier[2:]) if identifier.startswith("fn") and identifier[2:].isdigit() else 0


# Read once per document: the build asks for drifted notes, short forms and faults. Kept
# beside the document rather than in it, which is WeasyPrint's object.
_READ: WeakKeyDictionary[Document, _Pages] = WeakKeyDictionary()


def _read(document: Document) -> _Pages:
    # The boxes of the footnote area are the notes, the others the calls (read through
    # weasyprint70.py: WeasyPrint's laid-out boxes are not public).
    if document in _READ:
        return _READ[document]
    pages = _Pages()
    for number, element, text, in_notes, note in laid_out(document, _note):
        identifier = element.get("id", "")
        if identifier:
            pages.first_page.setdefault(identifier, number)
        if note:
            (pages.notes if in_notes else pages.calls).setdefault(note, number)
            if in_notes:
                pages.texts[note] = pages.texts.get(note, "") + text
                classes = str(element.get("class", "")).split()
                for form in (IBID, SHORT):
                    if form in classes and text:
                        pages.forms[note] = form
        elif _in_contents(element) and element.get("href", "").startswith("#") and text:
            anchor = element.get("href")[1:]
            pages.printed[anchor] = pages.printed.get(anchor, "") + text
    _READ[document] = pages
    return pages


def short_form_notes(document: Document) -> frozenset[int]:
    """The "ibid" notes the layout printed in short form, as they open a page."""
    return frozenset(n for n, form in _read(document).forms.items() if form == SHORT)


def misplaced_notes(document: Document) -> set[int]:
    """Notes printed on another page than their call, or called but with no text."""
    pages = _read(document)
    lost = {n for n in pages.calls if not pages.body(n)}
    return {n for n, page in pages.notes.items() if pages.calls.get(n) != page} | lost


def audit(document: Document, note_count: int, contents: dict[str, str]) -> list[str]:
    """Every fault found, as a sentence naming the note or contents entry.

    `contents` maps each contents entry's anchor to its heading.
    """
    pages = _read(document)
    faults = []
    for note in range(1, note_count + 1):
        if note not in pages.calls:
            faults.append(f"note {note} has no call in the text")
        if note not in pages.notes or not pages.body(note):
            faults.append(f"note {note} lost its text (called on page {pages.calls.get(note, '?')})")
        elif pages.calls.get(note) != pages.notes[note]:
            printed, called = pages.notes[note], pages.calls.get(note)
            faults.append(f"note {note} is printed on page {printed}, its call on page {called}")
    opening: dict[int, int] = {}
    for note, page in sorted(pages.notes.items()):
        opening.setdefault(page, note)
    for page, note in sorted(opening.items()):
        if pages.forms.get(note) == IBID:
            faults.append(f"note {note} opens the notes of page {page} with 'ibid'")
    for anchor, heading in contents.items():
        match = re.search(r"(\d+)\s*$", pages.printed.get(anchor, ""))
        starts = pages.first_page.get(anchor)
        if match is None:
            faults.append(f"contents entry '{heading}' has no page number")
        elif int(match[1]) != starts:
            faults.append(f"contents entry '{heading}' says page {match[1]}, but it starts on page {starts}")
    return faults


# What markdown-it's replacements would have made of "(c)", "(r)", "(tm)" and "+-".
SUBSTITUTES = "\u00a9\u00ae\u2122\u00b1"
HYPHEN = "\u2010"  # the hyphen WeasyPrint adds where it breaks a word
SOFT_HYPHEN = "\u00ad"
# A line of justified text, not a paragraph's last, filling less of the measure than this was
# broken too early (WeasyPrint once left "2020" alone on a line that way).
SHORT_LINE = 0.6


# A line ending with a day or a month, and the next beginning with a month or a year:
# "… on 5" / "December 2024" (typeset.py joins them with no-break spaces).
_MONTH = "|".join(MONTHS)
_DATE_END = re.compile(rf"(?<![\d,.])(?:\d{{1,2}}|{_MONTH})$")
_DATE_START = re.compile(rf"(?:{_MONTH})\b|\d{{4}}\b")


def _in_contents(element: Any) -> bool:
    """A link of the contents list (briefing.html), not a cross-reference ("(p. 5)")."""
    return bool(element.tag == "a" and "contents-entry" in str(element.get("class", "")).split())


def _is_call(element: Any) -> bool:
    # Generated text (a cross-reference's page number) has no element of its own.
    return element is not None and isinstance(element.tag, str) and _note(element) > 0


def appearance(document: Document, names: tuple[str, ...], written: str) -> list[str]:
    """Every fault of appearance, named with its page and text.

    `names` are the names never to hyphenate; `written` is all the text the content gives,
    so that a symbol it wrote itself ("©") is not taken for a substitution.
    """
    faults = []
    words = tuple(w for w in name_words(names) if w.isalpha())  # each word alone, too
    last: tuple[bool, str] = (False, "")  # the previous line's last piece
    running = ""  # the end of the text so far, lines joined as a reader reads them
    for page, pieces in lines(document, _is_call):
        text = "".join(t for _, t in pieces).replace(SOFT_HYPHEN, "")
        first_call, first_text = pieces[0]
        if first_call:
            faults.append(f"page {page}: note call {first_text.lstrip(',')} opens a line ('{text[:40]}')")
        for i, (call, piece) in enumerate(pieces):
            before = pieces[i - 1] if i else last
            if call and piece.startswith(",") and not before[0]:
                faults.append(f"page {page}: a comma before note call {piece[1:]} that follows no other call")
        for symbol in SUBSTITUTES:
            if symbol in text and symbol not in written:
                faults.append(f"page {page}: '{symbol}' printed where the content has none ('{text[:40]}')")
        if running.endswith(HYPHEN):
            joined, split = running[:-1] + text, len(running) - 1
            whole = _across(joined, split, names)
            faults += [f"page {page}: the name '{name}' is hyphenated" for name in whole]
            faults += [
                f"page {page}: the name '{word}' is hyphenated"
                for word in _across(joined, split, words)
                if not any(word in name for name in whole)
            ]
            faults += [
                f"page {page}: the month '{name}' is hyphenated" for name in _across(joined, split, MONTHS)
            ]
            running = joined
        else:
            if (
                not last[0]
                and _DATE_END.search(running)
                and _DATE_START.match(text)
                and (running[-1].isdigit() != text[0].isdigit())
            ):
                faults.append(f"page {page}: a date is broken across lines ('{running[-12:]} | {text[:14]}')")
            running = f"{running} {text}"
        running = running[-200:]
        last = pieces[-1]
    faults += [
        f"page {page}: a line stops short, its next word would have fitted ('{text[:40]}')"
        for page, text in short_lines(document, SHORT_LINE)
    ]
    return faults


def _across(text: str, split: int, names: tuple[str, ...]) -> list[str]:
    """The names that run across position `split` of `text` (whole words only)."""
    return [
        name
        for name in names
        for match in re.finditer(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", text)
        if match.start() < split < match.end()
    ]


def words_hyphenated_across_pages(document: Document) -> set[str]:
    """The words that a hyphen splits between the last line of a page and the next page.

    The build lays the pages out again with these words kept whole: a reader turning the
    page should not have to carry half a word over.
    """
    last: dict[int, str] = {}
    first: dict[int, str] = {}
    for page, pieces in lines(document, _is_call):
        text = "".join(t for call, t in pieces if not call).replace(SOFT_HYPHEN, "")
        first.setdefault(page, text)
        last[page] = text
    words = set()
    for page, text in last.items():
        following = first.get(page + 1, "")
        # Tried only where a word starts: from every letter, a line that is one long word
        # (an unbreakable 45,500 letters) was rescanned to its end from each of them.
        head = re.search(r"(?<!\w)(\w+)" + HYPHEN + "$", text)
        tail = re.match(r"\s*(\w+)", following)
        if head and tail:
            words.add(head[1] + tail[1])
    return words
