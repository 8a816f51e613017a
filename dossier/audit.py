"""Turn a laid-out document into the faults a reader would trip over: lost, misplaced or misnumbered notes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from weasyprint.document import Document


def _boxes(box: Any, in_notes: bool = False) -> Iterator[tuple[Any, bool]]:
    yield box, in_notes
    in_notes = in_notes or type(box).__name__ == "FootnoteAreaBox"
    for child in getattr(box, "children", ()):
        yield from _boxes(child, in_notes)


def misplaced_notes(document: Document) -> set[int]:
    """Notes printed on another page than their call, or called but with no text."""
    calls: dict[int, int] = {}
    notes: dict[int, int] = {}
    texts: dict[int, str] = {}
    for number, page in enumerate(document.pages, 1):
        for box, in_notes in _boxes(page._page_box):
            element = getattr(box, "element", None)
            identifier = element.get("id", "") if element is not None and isinstance(element.tag, str) else ""
            if identifier.startswith("fn") and identifier[2:].isdigit():
                note = int(identifier[2:])
                (notes if in_notes else calls).setdefault(note, number)
                if in_notes and type(box).__name__ == "TextBox":
                    texts[note] = texts.get(note, "") + box.text
    lost = {n for n in calls if not texts.get(n, "").removeprefix(f"{n}. ").strip()}
    return {n for n, page in notes.items() if calls.get(n) != page} | lost


def audit(document: Document, note_count: int, contents: dict[str, str]) -> list[str]:
    """Every fault found, as a sentence naming the note or contents entry.

    `contents` maps each contents entry's anchor to its heading. WeasyPrint's page boxes
    are read directly (a private attribute; WeasyPrint is pinned below 71).
    """
    call_page: dict[int, int] = {}
    note_page: dict[int, int] = {}
    note_text: dict[int, str] = {}
    first_page: dict[str, int] = {}
    printed: dict[str, str] = {}
    for number, page in enumerate(document.pages, 1):
        for box, in_notes in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or not isinstance(element.tag, str):
                continue
            identifier = element.get("id", "")
            if identifier:
                first_page.setdefault(identifier, number)
            text = getattr(box, "text", "") if type(box).__name__ == "TextBox" else ""
            if identifier.startswith("fn") and identifier[2:].isdigit():
                note = int(identifier[2:])
                if in_notes:
                    note_page.setdefault(note, number)
                    note_text[note] = note_text.get(note, "") + text
                else:
                    call_page.setdefault(note, number)
            elif element.tag == "a" and element.get("href", "")[1:] in contents and text:
                printed[element.get("href")[1:]] = printed.get(element.get("href")[1:], "") + text
    faults = []
    for note in range(1, note_count + 1):
        marker = f"{note}. "
        body = note_text.get(note, "").removeprefix(marker).strip()
        if note not in call_page:
            faults.append(f"note {note} has no call in the text")
        if note not in note_page or not body:
            faults.append(f"note {note} lost its text (called on page {call_page.get(note, '?')})")
        elif call_page.get(note) != note_page[note]:
            faults.append(
                f"note {note} is printed on page {note_page[note]}, its call on page {call_page.get(note)}"
            )
    for anchor, heading in contents.items():
        match = re.search(r"(\d+)\s*$", printed.get(anchor, ""))
        if match is None:
            faults.append(f"contents entry '{heading}' has no page number")
        elif int(match[1]) != first_page.get(anchor):
            starts = first_page.get(anchor)
            faults.append(f"contents entry '{heading}' says page {match[1]}, but it starts on page {starts}")
    return faults
