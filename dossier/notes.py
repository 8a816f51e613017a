"""Turn citations into numbered footnotes, in reading order, and the bibliography they imply."""

from __future__ import annotations

from dataclasses import dataclass, field

from .citations import Cite
from .models import Source


@dataclass(frozen=True)
class Note:
    """One footnote: its number and its text, one reference per cited source."""

    number: int
    text: str
    keys: tuple[str, ...]


def reference(source: Source) -> str:
    """A full reference in the manner of OSCOLA for a statement or report.

    Example: Amnesty International, 'Title' (Press release, 10 September 2018)
    """
    details = [d for d in (source.genre, source.publisher, str(source.date) if source.date else None) if d]
    text = f"{source.author}, \u2018{source.title}\u2019"
    if details:
        text += f" ({', '.join(details)})"
    return text


def short_reference(source: Source, first_note: int) -> str:
    """The short form used after the first note: author, short title, and where the full one is."""
    return f"{source.author}, \u2018{source.short_title or source.title}\u2019 (n {first_note})"


@dataclass
class NoteBook:
    """Hands out footnote numbers in the order the briefing is read.

    The first note citing a source gives the full reference; later notes give a
    short form pointing back to that note, as legal citation styles do.
    """

    sources: dict[str, Source]
    notes: list[Note] = field(default_factory=list)
    first: dict[str, int] = field(default_factory=dict)

    def _cite_text(self, cite: Cite, number: int) -> str:
        source = self.sources[cite.key]
        if cite.key in self.first:
            text = short_reference(source, self.first[cite.key])
        else:
            self.first[cite.key] = number
            text = reference(source)
        if cite.prefix:
            text = f"{cite.prefix} {text}"
        if cite.locator:
            text += f", {cite.locator}"
        if cite.suffix:
            text += f" {cite.suffix}"
        return text

    def cite(self, cites: list[Cite]) -> Note:
        number = len(self.notes) + 1
        texts = [self._cite_text(c, number) for c in cites]
        text = "; ".join(texts)
        note = Note(
            number,
            text[0].upper() + text[1:] + ("" if text.endswith(".") else "."),
            tuple(c.key for c in cites),
        )
        self.notes.append(note)
        return note

    def cite_keys(self, keys: list[str], locator: str = "") -> Note:
        return self.cite([Cite(k, locator) for k in keys])

    def bibliography(self) -> list[Source]:
        """Every cited source once, by author, then date, then title."""
        cited = {key for note in self.notes for key in note.keys}
        entries = [self.sources[k] for k in cited]
        return sorted(entries, key=lambda s: (s.author, s.date.iso() if s.date else "", s.title))
