"""Turn OSCOLA-formatted sources into OSCOLA's tables (which table, in what order) and warnings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from ..reading import same_author
from .cases import grand_chamber, plain_name
from .common import Kind
from .kinds import kind
from .secondary import prepare

Table = Literal["cases", "legislation", "treaties", "documents", "secondary"]
# OSCOLA 4 1.6-1.7: a table of cases, a table of legislation, other tables (treaties
# here, as biblatex-oscola and OSCOLA 5 1.6.3 make them), then a bibliography of
# secondary sources only.
TABLES: dict[Table, str] = {
    "cases": "Table of Cases",
    "legislation": "Table of Legislation",
    "treaties": "Table of Treaties",
    "documents": "Other Primary Sources",
    "secondary": "Bibliography",
}


def table(item: dict[str, Any]) -> Table:
    which = kind(item)
    if which == "case":
        return "cases"
    if which == "legislation":
        return "legislation"
    if which == "treaty":
        return "treaties"
    if which == "document":
        return "documents"
    return "secondary"  # debates too: OSCOLA 4 cites Hansard among secondary sources (Part 3)


def sort_key(item: dict[str, Any], text: str) -> tuple[int, str, str]:
    """OSCOLA 1.6-1.7: primary sources by the first significant word of their entry;
    secondary ones unattributed first, then by author's surname, then by date."""
    # Quotation marks and a supplied title's brackets are not its first word.
    plain = re.sub(r"<[^>]+>|[\u2018\u2019\u201c\u201d'\"\[\]]", "", text).lower()
    if table(item) == "cases" and item.get("title"):
        # Two judgments with one name (a chamber's and the Grand Chamber's, a case and its
        # sequel): the older first, as a reader follows the case.
        return (0, _first_word(plain_name(item).lower()), _date_key(item) + plain)
    if table(item) != "secondary":
        return (0, _first_word(plain), "")
    names = item.get("author") or []
    if kind(item) == "report" and not names:
        # An official report's institution stands as its author (OSCOLA 4 3.4.3).
        names = [{"literal": str(item.get("publisher", ""))}]
    if kind(item) == "debate":
        return (1, plain, "")  # by its chamber ("HC Deb …"), as an author
    if not names:
        # A title by its first significant word, as a library files it: "[A Turkish appeals
        # court upholds …]" under T (helper-38), "The Fight" under F.
        return (0, _title_word(plain), "")
    first = names[0]
    if first.get("literal"):
        # An institution by its first significant word, as unattributed works are by their
        # title's (OSCOLA 1.7): "The New Arab" under N, as a reader looks for it.
        author = _first_word(str(first["literal"]).lower())
    else:
        author = f"{first.get('family', '')} {first.get('given', '')}".lower()
    # An author's own works before those written with others, as "Human Rights Watch" is
    # read before "Human Rights Watch, International Commission of Jurists and …" (helper-38:
    # the joint submission of 2020 came first by its date); then by date.
    others = " ".join(str(n.get("literal") or n.get("family", "")).lower() for n in names[1:])
    return (1, author, f"{others}\u0000{_date_key(item)}{plain}")


def _first_word(text: str) -> str:
    # OSCOLA 1.6: by the first significant word ("The", "Re" are not).
    return re.sub(r"^(the |re |in re )", "", text)


def _title_word(text: str) -> str:
    # A title's leading article is not its first word; a case's "A v B" is (see _first_word).
    return re.sub(r"^(the|an?) ", "", text)


def _date_key(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    return "-".join(f"{int(p):04d}" for p in parts)


def repeated_authors(entries: list[str], authors: list[str], dash: str) -> list[str]:
    """OSCOLA 1.7: an author's works after the first open with a double em dash in place of
    the name ("—— 'Varieties of Responsibility' …"), without the comma after it."""
    result = []
    for index, (entry, author) in enumerate(zip(entries, authors, strict=True)):
        if index and author and author == authors[index - 1]:
            name = re.match(r"^[^,\u2018<]*?,\s*", entry)
            if name:
                entry = f"{same_author(dash, name[0])} {entry[name.end() :]}"
        result.append(entry)
    return result


# What each form prints, of the CSL variables a source may carry; the rest is named in a
# warning, so that a field Zotero exported is never dropped unseen. Notes (`note`) are the
# researcher's, read by no form but a case's (its second report or ECLI).
READS: dict[Kind, set[str]] = {
    "case": {"title", "title-short", "authority", "number", "issued", "container-title", "volume", "page"},
    "treaty": {"title", "title-short", "issued", "event-date", "container-title", "volume", "page"},
    "legislation": {"title", "title-short", "number", "issued", "publisher-place"},
    # A debate by chamber, date, volume and column (OSCOLA 4 3.4): the title Zotero gives
    # it is never printed, so it is no loss to warn of on every Hansard entry.
    "debate": {"authority", "issued", "volume", "page", "title", "title-short"},
    "document": {"title", "title-short", "author", "publisher", "authority", "genre", "number", "issued"},
    "statement": {"author", "title", "title-short", "genre", "number", "issued"},
    "report": {"author", "publisher", "title", "title-short", "genre", "number", "issued"},
}
NEVER_PRINTED = {"id", "type", "language", "first-reference-note-number", "note", "abstract", "accessed"}


def unprinted(items: Mapping[str, dict[str, Any]]) -> dict[str, list[str]]:
    """For each source (its CSL item, by key) the fields its OSCOLA citation leaves out, where
    it leaves any out; read from the items alone, so that `check` names them as `build` does."""
    found = {key: left_out(prepare(item)) for key, item in items.items()}
    return {key: fields for key, fields in found.items() if fields}


def left_out(item: dict[str, Any]) -> list[str]:
    """The variables of a legal source its OSCOLA form does not print (BibTeX's names where
    they differ), or [] for a source the CSL style formats."""
    which = kind(item)
    if which is None:
        return _not_printed_by_the_style(item)
    reads = set(READS[which]) | (NEVER_PRINTED - {"note"})
    # A form that prints an address prints the URL; the others are cited by their report,
    # number or series (OSCOLA 4 2.1, 2.4, 3.4; 2006 IV A), which is how a reader finds
    # them, and a Zotero export gives nearly every one an address: not a loss to warn of.
    reads.add("URL")
    if which == "case":
        reads.add("dossier-symbol")
        if grand_chamber(item):
            reads.add("genre")  # printed as "[GC]"
        # A reported judgment's application number is not printed (OSCOLA cites it by its
        # report) but is no loss to warn of: it is the same judgment's other name.
        if re.match(r"^([\[(]\d{4}[\])] |(ECLI:)?EU:)", str(item.get("note", ""))):
            reads.add("note")
    elif which == "legislation" and str(item.get("container-title", "")).upper() == "OJ":
        reads |= {"container-title", "volume", "page"}
    if which != "case":
        reads.add("note")
    return sorted(BIBTEX_NAMES.get(v, v) for v in item if v not in reads)


def _not_printed_by_the_style(item: dict[str, Any]) -> list[str]:
    """What the stock OSCOLA style drops of a source it formats, unless `prepare` has moved
    it where the style prints it: a book's series, a journal's abbreviation."""
    dropped = []
    if item.get("type") == "book" and item.get("collection-title"):
        dropped.append("series")
    short = item.get("container-title-short")
    if item.get("type") == "article-journal" and short and short != item.get("container-title"):
        dropped.append("shortjournal")
    return dropped


BIBTEX_NAMES = {
    "URL": "url",
    "container-title": "journaltitle",
    "publisher": "institution",
    "authority": "institution",
    "publisher-place": "location",
    "page": "pages",
    "genre": "type",
    "dossier-symbol": "eid",
    "event-date": "eventdate",
    "title-short": "shorttitle",
    "issued": "date",
    "section": "journalsubtitle",
    "status": "pubstate",
}
