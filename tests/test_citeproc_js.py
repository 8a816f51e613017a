"""Differential test: our notes and bibliography against citeproc-js, the reference CSL processor.

The same CSL-JSON items and style go through both; every note and every bibliography
entry must read the same. Needs Node.js and `npm ci` in tests/citeproc-js (make test does it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path
from typing import Any, Literal

import citeproc
import pytest

from dossier.cite.notes import NoteBook, Style, split_locator, style_path
from dossier.content.bibtex import read_sources
from dossier.content.citations import Cite
from dossier.content.load import TextFile
from dossier.content.validate import check_folder
from dossier.errors import Problems

from .conftest import FIXTURES, SAMPLE

JS = Path(__file__).parent / "citeproc-js"
STYLES = ["oscola", "chicago-notes-bibliography", "chicago-author-date"]


def citeproc_js(request: dict[str, Any]) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None or not (JS / "node_modules" / "citeproc").is_dir():
        pytest.fail(
            "citeproc-js is missing: install nodejs and npm, then run `npm ci --prefix tests/citeproc-js`"
        )
    result = subprocess.run(
        [node, str(JS / "render.js")], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


def plain(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def js_cite(cite: Cite) -> dict[str, str]:
    item: dict[str, str] = {"id": cite.key.lower()}
    # "--" in a locator is LaTeX's range dash, as in BibTeX fields: citeproc-js gets the
    # hyphen it reads as a range (it leaves "1525–1528" uncollapsed, as text).
    cite = Cite(cite.key, cite.locator.replace("--", "-"), cite.prefix, cite.suffix)
    locator = split_locator(cite.locator) if cite.locator else None
    suffix = ""
    if locator:
        item["label"], item["locator"] = locator
    elif cite.locator:
        suffix = f", {cite.locator}"
    if cite.suffix:
        # A suffix after a locator keeps its comma (as Pandoc gives it); another its space.
        suffix += cite.suffix if cite.suffix.startswith(",") else f" {cite.suffix}"
    if suffix:
        item["suffix"] = suffix
    if cite.prefix:
        item["prefix"] = f"{cite.prefix} "
    return item


def their_notes(book: NoteBook) -> dict[str, Any]:
    """The book's notes and bibliography as citeproc-js formats them, from the same items and style."""
    locales = Path(citeproc.__file__).parent / "data" / "locales"
    # dossier's own variables are not CSL's; the first note citing a source citeproc-js
    # works out itself.
    items = [{k: v for k, v in i.items() if not k.startswith("dossier-")} for i in book.csl_items()]
    for item in items:
        item.pop("first-reference-note-number", None)
    return citeproc_js(
        {
            "style": book.style.path.read_text(),
            "locales": {
                p.name[len("locales-") : -len(".xml")]: p.read_text() for p in locales.glob("locales-*.xml")
            },
            "items": items,
            "notes": [[js_cite(c) for c in note.cites] for note in book.notes],
        }
    )


PROVENANCE = re.compile(r'<span class="provenance">.*?</span>')


def compare(book: NoteBook) -> None:
    ours = book.render()
    theirs = their_notes(book)
    assert len(theirs["notes"]) == len(book.notes)
    for number, expected in enumerate(theirs["notes"], 1):
        assert plain(ours[number]) == plain(expected), f"note {number}"
    # The source's note under its entry is dossier's own line, not the style's entry.
    entries = [PROVENANCE.sub("", str(entry)) for _, group in book.bibliography() for entry in group]
    assert sorted(plain(e) for e in entries) == sorted(plain(e) for e in theirs["bibliography"])


@pytest.mark.parametrize("style_name", STYLES)
def test_sample_briefing_notes_match_citeproc_js(style_name: str) -> None:
    from dossier.render.document import render_content

    dossier, _ = check_folder(SAMPLE)
    rendered = render_content(dossier, Style(style_path(style_name, SAMPLE)))
    book = NoteBook(dossier.sources, Style(style_path(style_name, SAMPLE)))
    for note in rendered.notes:
        book.cite(list(note.cites))
    compare(book)


@pytest.mark.parametrize("style_name", STYLES)
def test_every_supported_entry_type_matches_citeproc_js(style_name: str, tmp_path: Path) -> None:
    bib = FIXTURES / "bibtex" / "all-types.bib"
    sources, broken = read_sources(TextFile(bib, bib.read_text()), Problems(tmp_path))
    assert not broken and len(sources) == 11
    book = NoteBook(sources, Style(style_path(style_name, SAMPLE)))
    keys = list(sources)
    for key in keys:  # first citations
        book.cite([Cite(key)])
    book.cite([Cite(keys[0], locator="p. 50")])  # subsequent with locator
    book.cite([Cite(keys[0], locator="p. 50")])  # ibid
    book.cite([Cite(keys[0], locator="p. 52")])  # ibid with another locator
    book.cite([Cite(keys[1]), Cite(keys[2], prefix="see")])  # two sources, a prefix
    book.cite([Cite(keys[5], locator="s 4")])  # legislation with a section
    book.cite([Cite("lee2018", locator="pp. 130-138")])  # page-range-format on a locator (8)
    book.cite([Cite("doe2020", locator="1525--1528")])
    book.cite([Cite("lee2018", locator="ch 3")])  # is-numeric="locator" (7)
    book.cite([Cite("roe2019", locator="p. 12", suffix=", citing art 5")])  # a suffix after the locator
    compare(book)


@pytest.mark.parametrize("style_name", ["chicago-notes-bibliography", "chicago-author-date"])
def test_labels_and_numbers_match_citeproc_js(style_name: str) -> None:
    """A label without its variable (9) and a number with a slash (10)."""
    from dossier.content.models import PartialDate, Source

    def source(key: str, group: Literal["primary", "secondary"], **csl: Any) -> Source:
        return Source(
            key=key,
            entry_type="misc",
            csl={"id": key, **csl},
            date=PartialDate(year=2019),
            group=group,
            line=1,
        )

    sources = {
        "kavala": source(
            "kavala",
            "primary",
            type="legal_case",
            title="Kavala v Turkey",
            number="28749/18",
            authority="European Court of Human Rights",
            issued={"date-parts": [[2019, 12, 10]]},
        ),
        "db": source(
            "db",
            "secondary",
            type="article-journal",
            author=[{"literal": "Example Project"}],
            title="Trial monitoring database",
            version="2.1",
            URL="https://example.org/db",
        ),
        "tracker": source(
            "tracker",
            "secondary",
            type="article-journal",
            author=[{"literal": "Example Lab"}],
            title="Hearing tracker",
            URL="https://example.org/tracker",
        ),
    }
    book = NoteBook(sources, Style(style_path(style_name, SAMPLE)))
    for key in sources:
        book.cite([Cite(key)])
    book.cite([Cite("kavala", locator="para 212", suffix=", emphasis added")])
    compare(book)


# Where dossier's OSCOLA deliberately differs from citeproc-js running the stock OSCOLA
# CSL style, and why. Every note of the golden set either reads as citeproc-js's or
# differs for one of these reasons; each reason must still be needed.
INTENDED = {
    "legal form": "cases, treaties, legislation, UN documents, debates and statements are written by "
    "cite/oscola/: the stock style prints "
    "'X v State [2021] European Court of Human Rights 12345/19', "
    "loses treaty series and dates, law numbers, document symbols and a statement's type",
    "ibid label": "OSCOLA 4 1.2.1 keeps the pinpoint's label after ibid ('ibid para 4'); "
    "the stock style drops it",
    "signal": "a note opens with a capital ('See', 'Cf'); the stock style keeps the prefix as written",
    "same author": "OSCOLA 4 1.2.1: an author's works are told apart by short titles whenever several "
    "are cited; CSL disambiguates only cites that would read alike",
}


def reason(book: NoteBook, number: int) -> str | None:
    from dossier.cite import oscola

    note = book.notes[number - 1]
    items = {str(i["id"]).lower(): i for i in book.csl_items()}
    if any(oscola.kind(items[c.key.lower()]) is not None for c in note.cites):
        return "legal form"
    if book.positions[number] == "ibid-with-locator":
        return "ibid label"
    if note.cites[0].prefix[:1].islower():
        return "signal"
    authors = [repr(i.get("author")) for i in items.values() if i.get("author")]
    if any(authors.count(repr(items[c.key.lower()].get("author"))) > 1 for c in note.cites):
        return "same author"
    return None


def test_oscola_differs_from_citeproc_js_only_where_intended() -> None:
    from dossier.cite.notes import load_style
    from dossier.content.citations import find_citations

    from .test_oscola import GOLDEN, load

    bib = GOLDEN / "sources.bib"
    sources, _ = read_sources(TextFile(bib, bib.read_text(encoding="utf-8")), Problems(GOLDEN))
    book = NoteBook(sources, load_style("oscola", GOLDEN))
    for note in load("notes.yaml"):
        (citation,) = find_citations(note["cite"])
        book.cite(list(citation.cites))
    # Secondary sources with a labelled pinpoint after ibid, and a signal.
    book.cite([Cite("cole2009", locator="para 3")])
    book.cite([Cite("cole2009", locator="para 4")])
    book.cite([Cite("croft2010", prefix="see")])
    ours = book.render()
    theirs = their_notes(book)
    unexplained, used = [], set()
    for number, expected in enumerate(theirs["notes"], 1):
        if plain(ours[number]) == plain(expected):
            continue
        why = reason(book, number)
        if why is None:
            unexplained.append(
                f"note {number}: ours {plain(ours[number])!r}\n   citeproc-js {plain(expected)!r}"
            )
        else:
            used.add(why)
    assert not unexplained, "\n".join(unexplained)
    assert used == set(INTENDED), f"reasons no longer needed: {set(INTENDED) - used}"
