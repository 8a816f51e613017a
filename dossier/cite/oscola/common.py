"""Turn a source's CSL variables and a cite's locator into the pieces every OSCOLA form is made of."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

from ...dates import written
from ..citeproc_fixes import title_case

Kind = Literal["case", "treaty", "legislation", "debate", "document", "statement", "report"]

# A UN document symbol (A/HRC/41/40, CCPR/C/50/D/488/1992, S/RES/2334 (2016)): a
# series of capital letters and a slash to begin.
UN_SYMBOL = re.compile(
    r"^(?:A|S|E|ST|CCPR|CAT|CRC|CEDAW|CERD|CMW|CED|CRPD|HRI|E/CN\.4|E/C\.12|A/HRC|UNEP|TD)/\S"
)
# A Council of Europe or EU document number (Doc 12345, COM(2020) 123 final, CM/Rec(2010)5).
OTHER_SYMBOL = re.compile(r"^(?:Doc\.? \d|(?:COM|SWD|SEC|JOIN) ?\((?:\d{2}){1,2}\)|CM/|CDL-|CommDH)")
# A European Commission document, whose number carries its year: "COM (96) 13 final" (OSCOLA 4 3.4.5).
EU_SYMBOL = re.compile(r"^(?:COM|SWD|SEC|JOIN) ?\(")


def is_symbol(number: str) -> bool:
    return bool(UN_SYMBOL.match(number) or OTHER_SYMBOL.match(number))


# Locator labels (as content writes them, after notes.py's LABELS) -> OSCOLA's
# abbreviations, singular and plural. Pages have none: "(n 3) 45".
PINPOINT_LABELS = {
    "page": ("", ""),
    "paragraph": ("para", "paras"),
    "section": ("s", "ss"),
    "article": ("art", "arts"),
    "column": ("col", "cols"),
    "chapter": ("ch", "chs"),
    "note": ("n", "nn"),
    "volume": ("vol", "vols"),
    "line": ("l", "ll"),
    "figure": ("fig", "figs"),
    "rule": ("r", "rr"),
    "schedule": ("sch", "schs"),
    "regulation": ("reg", "regs"),
}
EXTRA_LABELS = {
    "art": "article",
    "art.": "article",
    "arts": "article",
    "article": "article",
    "articles": "article",
    "col": "column",
    "col.": "column",
    "cols": "column",
    "column": "column",
    "r": "rule",
    "rule": "rule",
    "sch": "schedule",
    "schedule": "schedule",
    "reg": "regulation",
    "regulation": "regulation",
    "ss": "section",
    "sections": "section",
    "chs": "chapter",
}


@dataclass(frozen=True)
class Pinpoint:
    """A locator read as OSCOLA prints it: a label (none for pages) and the value."""

    label: str  # a key of PINPOINT_LABELS, or "" when the label is unknown (kept as written)
    value: str

    def text(self, *, judgment_paragraphs: bool = False) -> str:
        # OSCOLA 1.5: a range takes an en dash ("paras 3–5").
        value = re.sub(r"(?<=\w)(?:--|-)(?=\d)", "\u2013", self.value)
        if not self.label:
            return value
        if self.label == "paragraph" and judgment_paragraphs:
            # OSCOLA 4 2.1.6: numbered paragraphs of a judgment in square brackets, a
            # range as "[14]–[15]".
            return ", ".join(
                "\u2013".join(f"[{n.strip()}]" for n in re.split(r"[\u2013-]", v)) for v in value.split(",")
            )
        singular, plural = PINPOINT_LABELS[self.label]
        if not singular:
            return value
        many = bool(re.search(r"[,\u2013-]|\band\b", value))
        return f"{plural if many else singular} {value}"


def pinpoint(label: str, value: str) -> Pinpoint:
    """('paragraph', '4') from notes.split_locator, or a locator it did not know ('art 14')."""
    # The value is content: escaped here, once, as every text this package prints.
    if label:
        return Pinpoint(label if label in PINPOINT_LABELS else "", escape(value, quote=False))
    match = re.match(r"^(\S+)\s+(.+)$", value.strip())
    if match and match[1].lower() in EXTRA_LABELS:
        return Pinpoint(EXTRA_LABELS[match[1].lower()], escape(match[2], quote=False))
    return Pinpoint("", escape(value.strip(), quote=False))


def date_of(value: Any) -> str:
    parts = (value or {}).get("date-parts", [[]])[0] if isinstance(value, dict) else []
    if not parts:
        return ""
    return written(*[int(p) for p in parts[:3]])


def year_of(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    return str(parts[0]) if parts else ""


def field(item: dict[str, Any], name: str) -> str:
    return escape(str(item.get(name, "")).strip(), quote=False)


def title_of(item: dict[str, Any], name: str = "title") -> str:
    """A document's title in the title case the CSL style gives other titles (English only)."""
    written_title = field(item, name)
    if str(item.get("language", "en"))[:2] != "en":
        return written_title
    return _keep_case_names(written_title, title_case(written_title))


def _keep_case_names(written: str, cased: str) -> str:
    """The word before a case name's "v" as the source writes it: a party's name, or the
    Committee of Ministers' "Kavala group v. Turkey", is a name, not a word to title-case
    (OSCOLA 4 2.1.2)."""
    before, after = written.split(" "), cased.split(" ")
    if len(before) != len(after):
        return cased
    return " ".join(
        before[i] if i + 1 < len(before) and before[i + 1] in ("v", "v.") else word
        for i, word in enumerate(after)
    )


def italic(words: str) -> str:
    return f"<i>{words}</i>" if words else ""


def join(*parts: str, sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def no_stops(words: str) -> str:
    """OSCOLA 1.6: no full stops in abbreviations ("App. No." -> "App no" is the user's to
    write; here only the stops after the common abbreviations are dropped)."""
    return re.sub(r"\b(No|no|App|Doc|Res|Comm|Dec|Op|v)\.(?=\s)", r"\1", words)


def defined(short: str, edition: int) -> str:
    # OSCOLA 4 1.3.1 "(ICCPR)"; OSCOLA 5 4.1.1 puts the short form in quotes "('ICCPR')".
    return f"(\u2018{short}\u2019)" if edition >= 5 else f"({short})"


def after(cited: str, where: str) -> str:
    """A pinpoint after a citation: no comma after a closing bracket (OSCOLA 2006 IV A1:
    "999 UNTS 171 (ICCPR) art 19"), a comma otherwise ("Human Rights Act 1998, s 2")."""
    if not where:
        return cited
    return f"{cited} {where}" if cited.endswith(")") else f"{cited}, {where}"


def name_of(name: dict[str, str]) -> str:
    """A CSL name as a reader says it: "Amnesty International", "Jane Doe"."""
    return name.get("literal") or join(name.get("given", ""), name.get("family", ""))


def authors(names: list[str]) -> str:
    """OSCOLA 4 3.1.1: two or three authors joined with "and" before the last ("Human Rights
    Watch, International Commission of Jurists and …"); more than three, the first "and
    others"."""
    if len(names) > 3:
        return f"{names[0]} and others"
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def body(item: dict[str, Any]) -> str:
    """OSCOLA 4 3.1: the author, or for an official document the body that issued it."""
    names = item.get("author") or []
    if names:
        return escape(authors([name_of(n) for n in names]), quote=False)
    return field(item, "publisher") or field(item, "authority")


def link(item: dict[str, Any]) -> str:
    """OSCOLA 4 3.1 (online sources): "<url> accessed 1 May 2024"."""
    url = str(item.get("URL", "")).strip()
    if not url:
        return ""
    accessed = date_of(item.get("accessed"))
    return join(f"&lt;{escape(url)}&gt;", f"accessed {accessed}" if accessed else "")
