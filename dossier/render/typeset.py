"""Turn the HTML text into print typesetting: no-break spaces where a break misleads, names kept whole.

Only text between tags is touched, never a tag or an attribute value:

- a no-break space joins a number to what it counts or belongs to: "No. 1", "art 443",
  "§ 1", "para 4", "3 March 2023", "March 2023", "USD 500,000", "27 years", "1 million",
  "(n 3)";
- the names the content declares (the subject, organisations, courts and bodies,
  co-defendants, and the dossier's `no_hyphenation` list) are never hyphenated: a
  surname split after two letters ("Kh-mum") misleads a reader who does not know it;
- a hyphen inside a word ("fact-finding", "27-year") is a non-breaking one (U+2011): the
  line never ends there, so every hyphen at a line's end is one the layout added, which
  readers' software joins back into the word (PDF.js, poppler: they cannot tell the two
  apart). tagging.py has the PDF read U+2011 as "-" again, for copy and search;
- a line may break between a closing quotation mark and a bracket after it ("… Leader’
  (Statement, 2024)"), which Unicode's rules forbid;
- a web address (http or https) is a link, and breaks only where the address can be read
  whole again: after its host's "/", after a "/", "." or "?" of its path, or before a "-"
  of it; never after "https://", and no hyphen is added (`address`).

Where the layout may hyphenate an English word is decided by pyphen's patterns, which
`english_patterns` chooses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from html import escape as html_escape
from html import unescape

from markupsafe import escape

from ..dates import MONTHS

NBSP = "\u00a0"
_MONTH = "|".join(MONTHS)
_JOINS = [
    # "No. 1", "Art. 5", "art 443", "para 4", "pp. 12", "§ 1", "Section 3", "Protocol No. 1"
    re.compile(
        r"(?<![\w.])(No|Nos|Art|Arts|art|arts|Article|Articles|article|articles|para|paras|p|pp"
        r"|Section|section|Rule|rule|§|§§)(\.?)[ \t\n]+(?=\d)"
    ),
    # "Article 5 § 1": the article and its paragraph
    re.compile(r"(?<=\d)()()[ \t\n]+(?=§)"),
    # "3 March 2023", "March 2023"
    re.compile(rf"(?<!\d)(\d{{1,2}})()[ \t\n]+(?=(?:{_MONTH})\b)"),
    re.compile(rf"\b({_MONTH})()[ \t\n]+(?=\d{{4}}\b)"),
    # "USD 500,000", "HKD 2,000,000"
    re.compile(r"\b([A-Z]{3})()[ \t\n]+(?=\d)"),
    # "(n 3)", "(nn 3–5)": a note's cross-reference to an earlier note (OSCOLA)
    re.compile(r"(?<=\()(n|nn)()[ \t\n]+(?=\d)"),
    # "27 years", "17 months", "USD 1 million", "40 per cent": a count and what it counts
    re.compile(
        r"(?<![\w.,])(\d[\d,.]*)()[ \t\n]+"
        r"(?=(?:years?|months?|weeks?|days?|hours?|million|billion|per[ \t\n]+cent)\b)"
    ),
]
# A word of letters or digits joined by hyphens, not part of an address, a path or a file
# name ("https://…/a-b", "a-b.pdf", "x@a-b.org"): those break where they must.
_COMPOUND = re.compile(r"(?<![\w/.:@-])[^\W_]+(?:[-\u2010][^\W_]+)+(?![\w/@-]|\.\w)")
NON_BREAKING_HYPHEN = "\u2011"
# A closing quotation mark, the spaces after it and an opening bracket: Unicode's line-break
# rule LB15 ("QU SP* × OP") forbids a break there, so "Leader’ (Statement, 2024)." moved to
# the next line whole, leaving the line before short. A zero-width space after the mark
# allows the break; WeasyPrint draws no glyph for it, so copy and search do not see it.
_QUOTE_THEN_BRACKET = re.compile(r"([’”])(?=[ \t\n]+[(\[])")
ZERO_WIDTH_SPACE = "\u200b"
_TAG = re.compile(r"(<[^>]*>)")
# A web address in escaped text: up to a space, a tag, or the "&gt;" OSCOLA closes it with.
_ADDRESS = re.compile(r"https?://(?:(?!&gt;|&lt;|&quot;|&#34;)[^\s<>\"\u00a0])+")
# Punctuation that ends the sentence or the note, not the address ("… https://a.org/b.").
_TRAILING = ".,;:!?’”'"


def typeset(html: str, names: Iterable[str], links: AbstractSet[str] = frozenset()) -> str:
    """`html` with no-break spaces, unhyphenated names and unbroken compounds, in the body's text only.

    A web address in `links` (the sources' own) becomes a link; any address breaks only
    where it can be read whole again.

    Names are found within one run of text: call it before anything else puts tags inside
    a name (binding a note call to its word does).
    """
    wanted = sorted({n for n in names if n.strip()}, key=len, reverse=True)
    lang = re.search(r'<html[^>]*\blang="([^"]+)"', html)
    keep_whole(wanted, lang[1] if lang else "en")
    # Any white space between a name's words (Markdown keeps the author's line breaks), and
    # either hyphen within one (compounds are typeset first, below).
    hyphens = f"[-{NON_BREAKING_HYPHEN}]"
    alternatives = [
        r"\s+".join(re.escape(str(escape(word))).replace(r"\-", hyphens) for word in n.split())
        for n in wanted
    ]
    name_pattern = re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)") if wanted else None
    pieces = _TAG.split(html)
    in_body = in_svg = False
    link = ""  # the <a> tag the text stands in (a link the Markdown made, or an address)
    for i, piece in enumerate(pieces):
        if piece.startswith("<"):
            if piece.startswith("<a ") or piece == "<a>":
                link = piece
            elif piece.startswith("</a"):
                link = ""
            in_body = in_body or piece.startswith("<body")
            # SVG text takes no HTML span (the timeline's labels are short anyway).
            in_svg = (in_svg or piece.startswith("<svg")) and not piece.startswith("</svg")
            continue
        if not in_body or in_svg or not piece.strip():
            continue
        if link.startswith('<a class="address"'):
            continue  # typeset already (the notes' text is set again once it is filled in)
        linked = bool(link)
        # Addresses apart from the words around them: no name, join or compound inside one.
        parts = _split_addresses(piece)
        for j, part in enumerate(parts):
            if j % 2:
                # The bracket OSCOLA closes it with stays on its line ("…/prison/" then ">").
                closing = "&gt;" if parts[j + 1].startswith("&gt;") else ""
                parts[j + 1] = parts[j + 1].removeprefix(closing)
                parts[j] = address(part, link=not linked and unescape(part) in links, closing=closing)
                continue
            for join in _JOINS:
                part = join.sub(lambda m: f"{m[1]}{m[2]}{NBSP}", part)
            part = _COMPOUND.sub(lambda m: re.sub("[-\u2010]", NON_BREAKING_HYPHEN, m[0]), part)
            part = _QUOTE_THEN_BRACKET.sub(rf"\1{ZERO_WIDTH_SPACE}", part)
            if name_pattern is not None:
                part = name_pattern.sub(lambda m: f'<span class="name">{m[0]}</span>', part)
            parts[j] = part
        pieces[i] = "".join(parts)
    return "".join(pieces)


def _split_addresses(text: str) -> list[str]:
    """`text` as [words, address, words, address, …, words]."""
    parts: list[str] = []
    last = 0
    for match in _ADDRESS.finditer(text):
        found = match[0].rstrip(_TRAILING)
        if found.endswith(")") and found.count("(") < found.count(")"):
            found = found[:-1]  # the bracket around it, not one of the address's own
        end = match.start() + len(found)
        parts += [text[last : match.start()], text[match.start() : end]]
        last = end
    return [*parts, text[last:]]


def address(url: str, link: bool = True, closing: str = "") -> str:
    """An escaped web address as a link that breaks only where it can be read whole again.

    A reader copying it from the PDF, and poppler or PDF.js extracting it, join the lines:
    a line may end after a "/", "." or "?" of the path, or before a "-" (a hyphen at a line's
    end is taken for the layout's and dropped: "appeals-court-confirms" was copied
    "appeals-courtconfirms"). The hyphens are non-breaking ones, which tagging.py has read
    as "-"; the breaks are zero-width spaces, which no reader extracts. The scheme and host
    are kept whole ("<https://" alone at a line's end reads as a broken address).
    """
    # Cut and marked as the reader sees it, then escaped again: a cut through "&amp;" would
    # print the entity's letters.
    scheme, rest = unescape(url).split("://", 1)
    host, slash, path = rest.partition("/")
    # Nor is a line left with a few letters of it ("html>;"): the last six stay together.
    path, tail = path[:-6], path[-6:]
    # Before a run of hyphens, never inside it ("Acquittal--Turkish"): a line ending in one
    # loses it when copied.
    path = re.sub("-+", lambda m: ZERO_WIDTH_SPACE + NON_BREAKING_HYPHEN * len(m[0]), path)
    path = re.sub(r"([/.?])(?=.)", rf"\1{ZERO_WIDTH_SPACE}", path)
    whole = html_escape(f"{scheme}://{host.replace('-', NON_BREAKING_HYPHEN)}{slash}", quote=False)
    head = f'<span class="address-head">{whole}</span>'
    end = html_escape(tail.replace("-", NON_BREAKING_HYPHEN), quote=False)
    if closing:  # the last letters and the bracket after them in one unbreakable span
        end = f'<span class="address-head">{end}{closing}</span>'
    body = f"{head}{ZERO_WIDTH_SPACE if path else ''}{html_escape(path, quote=False)}{end}"
    if not link:
        return body
    return f'<a class="address" href="{url}">{body}</a>'


def english_patterns() -> None:
    """English text (`en`, `en-GB`, `en-US`) hyphenated with the US (Knuth) patterns.

    pyphen's en_GB patterns, its choice for `en`, split the samples' words where no
    dictionary would: "lif-ted", "des-pite", "presid-ents", "administrat-ive",
    "direct-orship"; the US patterns give "lift-ed", "de-spite", "pres-i-dents". Only the
    break points change: the document's language stays what the content declares.
    Lasts for the process (the build's child); pyphen's LANGUAGES table is public.

    Month names are given no break point: "5 Decem-" / "ber 2024" is a date broken. (A
    span around each month, as around names, made WeasyPrint 70 break the lines before a
    date one word each: "Kem Sokha," / "for-" / "mer" above "… on 3 September 2017".)
    pyphen keeps one dictionary per patterns file, which WeasyPrint's hyphenators share;
    its `cache` of each word's break points is where the months' are set to none.
    """
    import pyphen  # type: ignore[import-untyped]

    for name in ("en", "en_GB"):
        pyphen.LANGUAGES[name] = pyphen.LANGUAGES["en_US"]
    _no_break_points(MONTHS, "en")


def name_words(names: Iterable[str]) -> set[str]:
    """Each capitalised word of the declared names long enough for a break point
    ("Demirtaş" of "Selahattin Demirtaş", "Kurdish" of "pro-Kurdish"), with its possessive."""
    words = {w for n in names for w in re.split(rf"[\s\-{NON_BREAKING_HYPHEN}]+", n) if len(w) >= 4}
    # Capitalised: a name's own words, not the "general" of "Prosecutor general".
    return {form for w in words if w.isalpha() and w[0].isupper() for form in (w, f"{w}’s", f"{w}'s")}


def keep_whole(names: Iterable[str], lang: str) -> None:
    """No word of a declared name gets a break point in the document's language, nor in
    English: the surname alone hyphenated ("Demir-" / "taş") misleads as the whole name
    would, and the name's span (which keeps the whole name unhyphenated) is not around it."""
    english_patterns()
    _no_break_points(name_words(names), lang)


def _no_break_points(words: Iterable[str], lang: str) -> None:
    """`words` given no break point in the patterns pyphen uses for `lang` (and English).
    pyphen keeps one dictionary per patterns file, which WeasyPrint's hyphenators share;
    its `cache` of each word's break points is where these are set to none."""
    import pyphen

    for code in dict.fromkeys((lang, "en")):
        found = pyphen.language_fallback(code.replace("-", "_"))
        if not found:
            continue  # no patterns for the language: WeasyPrint hyphenates none of it
        cache = getattr(getattr(pyphen.Pyphen(lang=found), "hd", None), "cache", None)
        if not isinstance(cache, dict):
            raise RuntimeError("pyphen has changed: dossier cannot keep names and months whole")
        cache.update({word.lower(): [] for word in words})
