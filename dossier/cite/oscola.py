"""Turn legal sources (cases, treaties, legislation, debates, official documents) into OSCOLA citations.

OSCOLA's forms for these turn on distinctions CSL 1.0 has no variables for: a neutral
citation or law report against an application number with the court and date in
brackets, a treaty's adoption and entry into force, a UN document's symbol, a debate's
chamber, volume and column. The stock OSCOLA CSL style guesses them from CSL's generic
variables, and prints "X v State [2021] European Court of Human Rights 12345/19". These
forms are written here, from the OSCOLA 4th edition's rules, for the kinds below; every
other source (articles, books, news, reports of NGOs) is formatted by the CSL style.
The positions (first, subsequent, ibid) are decided in notes.py, for every source alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

from ..dates import written
from .citeproc_fixes import title_case

Kind = Literal["case", "treaty", "legislation", "debate", "document", "statement"]

# A UN document symbol (A/HRC/41/40, CCPR/C/50/D/488/1992, S/RES/2334 (2016)): a
# series of capital letters and a slash to begin.
UN_SYMBOL = re.compile(
    r"^(?:A|S|E|ST|CCPR|CAT|CRC|CEDAW|CERD|CMW|CED|CRPD|HRI|E/CN\.4|E/C\.12|A/HRC|UNEP|TD)/\S"
)
# A Council of Europe or EU document number (Doc 12345, COM(2020) 123 final, CM/Rec(2010)5).
OTHER_SYMBOL = re.compile(r"^(?:Doc\.? \d|COM ?\(\d{4}\)|SWD ?\(\d{4}\)|CM/|CDL-|CommDH)")

# Courts and bodies OSCOLA abbreviates inside the brackets of an unreported decision.
COURTS = {
    "european court of human rights": "ECtHR",
    "european commission of human rights": "ECommHR",
    "international court of justice": "ICJ",
    "court of justice of the european union": "CJEU",
    "european court of justice": "ECJ",
    "inter-american court of human rights": "IACtHR",
    "african court on human and peoples' rights": "ACtHPR",
    "african court on human and peoples’ rights": "ACtHPR",
    "international criminal court": "ICC",
    "human rights committee": "HRC",
    "un human rights committee": "HRC",
    "committee against torture": "CAT",
    "court of appeal": "CA",
    "house of lords": "HL",
    "high court": "HC",
}
# The jurisdictions whose legislation OSCOLA cites without naming the jurisdiction.
HOME = {"united kingdom", "uk", "england", "england and wales", "great britain"}
# Bodies OSCOLA abbreviates before a resolution's number ("UNGA Res 61/295").
RESOLVING_BODIES = {
    "un general assembly": "UNGA",
    "united nations general assembly": "UNGA",
    "general assembly": "UNGA",
    "un security council": "UNSC",
    "united nations security council": "UNSC",
    "security council": "UNSC",
    "un human rights council": "UNHRC",
    "human rights council": "UNHRC",
    "un economic and social council": "ECOSOC",
    "parliamentary assembly of the council of europe": "PACE",
    "committee of ministers of the council of europe": "CM",
}
CHAMBERS = {"house of commons": "HC", "house of lords": "HL"}

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


def kind(item: dict[str, Any]) -> Kind | None:
    """The OSCOLA form this CSL item takes here, or None for the CSL style's forms."""
    csl_type = item.get("type")
    if csl_type == "legal_case":
        return "case"
    if csl_type == "treaty":
        return "treaty"
    if csl_type in ("legislation", "bill"):
        return "legislation"
    if csl_type == "hearing":
        return "debate"
    if csl_type in ("report", "article", "document") and (
        is_symbol(str(item.get("number", "")))
        or is_resolution(item)
        or (not item.get("author") and OFFICIAL_BODY.search(str(item.get("publisher", ""))))
    ):
        return "document"
    if csl_type == "article" and item.get("genre") and not item.get("container-title"):
        # A press release or public statement (@misc with a type): the stock style drops
        # the type; OSCOLA 3.1 puts such additional information in the brackets.
        return "statement"
    return None


# A body whose documents are primary sources, when no document symbol says so.
OFFICIAL_BODY = re.compile(
    r"\b(?:UN|United Nations|Special Rapporteur|Working Group|Human Rights Council|Human Rights Committee"
    r"|Committee (?:against|on)|Council of Europe|Venice Commission|High Commissioner|OHCHR|ECOSOC)\b"
)


def is_symbol(number: str) -> bool:
    return bool(UN_SYMBOL.match(number) or OTHER_SYMBOL.match(number))


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
    # The value is content: escaped here, once, as every text this module prints.
    if label:
        return Pinpoint(label if label in PINPOINT_LABELS else "", escape(value, quote=False))
    match = re.match(r"^(\S+)\s+(.+)$", value.strip())
    if match and match[1].lower() in EXTRA_LABELS:
        return Pinpoint(EXTRA_LABELS[match[1].lower()], escape(match[2], quote=False))
    return Pinpoint("", escape(value.strip(), quote=False))


def _date(value: Any) -> str:
    parts = (value or {}).get("date-parts", [[]])[0] if isinstance(value, dict) else []
    if not parts:
        return ""
    return written(*[int(p) for p in parts[:3]])


def _year(item: dict[str, Any]) -> str:
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    return str(parts[0]) if parts else ""


def _text(item: dict[str, Any], name: str) -> str:
    return escape(str(item.get(name, "")).strip(), quote=False)


def _title(item: dict[str, Any], name: str = "title") -> str:
    """A document's title in the title case the CSL style gives other titles (English only)."""
    text = _text(item, name)
    return title_case(text) if str(item.get("language", "en"))[:2] == "en" else text


def _italic(text: str) -> str:
    return f"<i>{text}</i>" if text else ""


def _case_name(name: str) -> str:
    """A case name in italics; a Grand Chamber's "[GC]" after it stays roman (it is not the name)."""
    grand = re.match(r"^(.*?)\s*(\[GC\])$", name)
    return f"{_italic(grand[1])} {grand[2]}" if grand else _italic(name)


def _join(*parts: str, sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def _no_stops(text: str) -> str:
    """OSCOLA 1.6: no full stops in abbreviations ("App. No." -> "App no" is the user's to
    write; here only the stops after the common abbreviations are dropped)."""
    return re.sub(r"\b(No|no|App|Doc|Res|Comm|Dec|Op)\.(?=\s)", r"\1", text)


def court(item: dict[str, Any]) -> str:
    name = str(item.get("authority", "")).strip()
    return escape(COURTS.get(name.lower(), name), quote=False)


# Strasbourg and Luxembourg judgments are pinpointed "para 3" (OSCOLA 4 2.6, 2.7), and
# so here are those of other international courts and bodies (OSCOLA 4 gives no rule);
# other judgments with numbered paragraphs "[3]" (OSCOLA 4 2.1.6).
PARA_COURTS = {"ECtHR", "ECommHR", "CJEU", "ECJ", "ICJ", "HRC", "CAT", "IACtHR", "ACtHPR", "ICC"}
TREATY_BODIES = {"HRC", "CAT"}
PARA_REPORTS = {"ehrr", "echr", "ecr", "icj rep"}


def _bracketed_paragraphs(item: dict[str, Any], edition: int) -> bool:
    if edition >= 5:
        # OSCOLA 5 brackets every judgment's paragraphs ("[826]"); a treaty body's views
        # are not a judgment.
        return court(item) not in TREATY_BODIES
    report = str(item.get("container-title", "")).strip().lower()
    return bool(report) and report not in PARA_REPORTS and court(item) not in PARA_COURTS


def _case_point(item: dict[str, Any], point: Pinpoint | None, edition: int) -> tuple[str, str]:
    """The pinpoint and what goes before it: "[45]" after a space, "para 3" and pages after a comma."""
    if point is None:
        return "", ""
    bracketed = point.label == "paragraph" and _bracketed_paragraphs(item, edition)
    return point.text(judgment_paragraphs=bracketed), " " if bracketed else ", "


def _case_number(item: dict[str, Any], edition: int) -> str:
    number = _no_stops(_text(item, "number"))
    if edition >= 5:
        number = re.sub(r"^App no\b", "App No", number)  # OSCOLA 5 4.4.4
    if number and number[0].isdigit() and court(item) in ("ECtHR", "ECommHR"):
        return f"App {'No' if edition >= 5 else 'no'} {number}"  # OSCOLA 4 2.7.1: "App no 47940/99"
    return number


def _case(item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, edition: int) -> str:
    name = _text(item, "title")
    where, before = _case_point(item, point, edition)
    if not full:
        # OSCOLA 4 1.2.1: "Austin (n 1) [34]", "Omojudi (n 5) para 3": no comma after the bracket.
        short = _text(item, "title-short") or name
        if not short:
            return _join(_case_number(item, edition), f"(n {first_note})", where)
        return _join(_case_name(short), f"(n {first_note})", where)
    report = _text(item, "container-title")
    symbol = _text(item, "dossier-symbol")
    if not name:
        # OSCOLA 4 1.4: a decision cited as in its own jurisdiction, which names it by
        # court and number ("Bundesverfassungsgericht, 1 BvR 370/07, 27 February 2008,
        # BVerfGE 120, 274").
        reported = _join(_join(report, _text(item, "volume")), _text(item, "page"), sep=", ")
        text = _join(court(item), _case_number(item, edition), _date(item.get("issued")), reported, sep=", ")
        return text + (before + where if where else "")
    eu_case = re.match(r"^(?:Joined )?Cases? [CT]-|^[CT]-\d", _text(item, "number"))
    if eu_case:
        # OSCOLA 4 2.6.2: "Case C-176/03 Commission v Council [2005] ECR I-7879", the case
        # number in roman before the name; the ECLI (in `note`) where there is no report.
        number = _text(item, "number")
        number = number if number.startswith(("Case", "Joined")) else f"Case {number}"
        if name.startswith(("Case", "Joined")):
            number = ""  # the title already begins with it
        ecli = (
            re.sub(r"^ECLI:", "", _text(item, "note"))
            if re.match(r"^(ECLI:)?EU:", _text(item, "note"))
            else ""
        )
        cited = _join(f"[{_year(item)}]", report, _text(item, "page")) if report else ecli
        text = _join(number, _case_name(name), cited)
        return text + (before + where if where else "")
    series = re.fullmatch(r"Series [A-Z]", report)
    if series and _text(item, "number"):
        # A court's numbered series: the ECtHR's old "(1986) Series A no 122" (OSCOLA 4
        # 2.7.1); another court's "IACtHR Series C No 4 (29 July 1988)" (OSCOLA 2006 IV B).
        number = _text(item, "number")
        if court(item) in ("ECtHR", "ECommHR"):
            text = _join(_case_name(name), f"({_year(item)})", report, f"no {number}")
        else:
            text = _join(
                _case_name(name), court(item), report, f"No {number}", f"({_date(item.get('issued'))})"
            )
        return text + (before + where if where else "")
    if report:
        volume = _text(item, "volume")
        if re.match(r"^\d{4}-", volume):
            # OSCOLA 4 2.7.1: the ECtHR's own reports by year and volume, "ECHR 1998-VIII 3124".
            text = _join(_case_name(name), report, volume, _text(item, "page"))
            return text + (before + where if where else "")
        # OSCOLA 4 2.2.2: square brackets when the year identifies the volume, round ones
        # when the volume is numbered.
        year = f"({_year(item)})" if volume else f"[{_year(item)}]"
        text = _join(_case_name(name), year, volume, report, _text(item, "page"))
        parallel = _text(item, "note")
        if re.match(r"^[\[(]\d{4}[\])] ", parallel):
            # OSCOLA 4 2.1.3: the neutral citation, then the best report ("[2008] UKHL 13,
            # [2008] 1 AC 884"); Zotero has one report, so the second is kept in `note`.
            text = f"{text}, {parallel}"
    elif edition >= 5 and court(item) in ("ECtHR", "ECommHR"):
        # OSCOLA 5 4.4.4: "Broniowski v Poland ECtHR App No 31443/96 (22 June 2004)".
        text = _join(
            _case_name(name), court(item), _case_number(item, edition), f"({_date(item.get('issued'))})"
        )
    else:
        # OSCOLA 4 2.1.4 and 2.7.1: the court and the date in brackets ("(ECtHR, 20 July 2004)").
        brackets = _join(court(item), _date(item.get("issued")), sep=", ")
        text = _join(_case_name(name), _case_number(item, edition), f"({brackets})" if brackets else "")
    if symbol:
        text = _join(text, f"UN Doc {symbol}" if UN_SYMBOL.match(symbol) else symbol)
    return text + (before + where if where else "")


def _defined(short: str, edition: int) -> str:
    # OSCOLA 4 1.3.1 "(ICCPR)"; OSCOLA 5 4.1.1 puts the short form in quotes "('ICCPR')".
    return f"(\u2018{short}\u2019)" if edition >= 5 else f"({short})"


def _after(text: str, where: str) -> str:
    """A pinpoint after a citation: no comma after a closing bracket (OSCOLA 2006 IV A1:
    "999 UNTS 171 (ICCPR) art 7"), a comma otherwise ("Human Rights Act 1998, s 2")."""
    if not where:
        return text
    return f"{text} {where}" if text.endswith(")") else f"{text}, {where}"


def _treaty(item: dict[str, Any], full: bool, point: Pinpoint | None, edition: int) -> str:
    title = _text(item, "title")
    short = _text(item, "title-short")
    where = point.text() if point else ""
    if not full and short:
        return _after(short, where)  # OSCOLA 4 1.2.1: a declared short form, no "(n 3)"
    adopted, in_force = _date(item.get("issued")), _date(item.get("event-date"))
    dates = _join(
        f"adopted {adopted}" if adopted else "",
        f"entered into force {in_force}" if in_force else "",
        sep=", ",
    )
    series = _join(_text(item, "volume"), _text(item, "container-title"), _text(item, "page"))
    text = _join(title, f"({dates})" if dates else "", series)
    if full and short and short != title:
        text = _join(text, _defined(short, edition))
    return _after(text, where)


def _legislation(item: dict[str, Any], full: bool, point: Pinpoint | None, edition: int) -> str:
    title = _text(item, "title")
    short = _text(item, "title-short")
    where = point.text() if point else ""
    if not full and short:
        return _join(short, where, sep=", ")
    # OSCOLA 4 2.4.1 and 2.10: the title with its year; another jurisdiction's law as
    # cited there, with the jurisdiction in brackets ("Accident Compensation Act 1972 (NZ)"),
    # its number after a comma as a statutory instrument's ("…, SI 2006/1031").
    number = _no_stops(_text(item, "number"))
    place = _text(item, "publisher-place")
    home = place.lower() in HOME
    if home or place.lower() in title.lower():
        place = ""  # OSCOLA 4 1.4: the jurisdiction only where the title does not say it
    if _text(item, "container-title").upper() == "OJ":
        # OSCOLA 4 2.6.1: EU legislation by its Official Journal, "[2016] OJ L119/1".
        page = "/".join(p for p in (_text(item, "volume"), _text(item, "page")) if p)
        text = _join(title, f"[{_year(item)}] OJ {page}")
    elif number.startswith("SI ") or (number and home):
        # OSCOLA 4 2.4: "Employment Equality (Age) Regulations 2006, SI 2006/1031".
        text = _join(title, number, sep=", ")
    elif number:
        # A law known by its number: the number and the date it was made, in brackets.
        text = _join(
            title, f"({_join(number, _date(item.get('issued')), sep=', ')})", f"({place})" if place else ""
        )
    else:
        year = _year(item)
        # A bill is cited by its session and number, which its title carries (OSCOLA 4 2.5.1).
        text = f"{title} {year}" if year and year not in title and " Bill" not in title else title
        text = _join(text, f"({place})" if place else "")
    if full and short and short != title:
        text = _join(text, _defined(short, edition))
    # OSCOLA 4 2.4.2: "Human Rights Act 1998, s 15(1)(b)", a comma before the section.
    return _join(text, where, sep=", ")


def _debate(item: dict[str, Any], point: Pinpoint | None) -> str:
    body = str(item.get("authority", "")).strip()
    chamber = CHAMBERS.get(body.lower(), escape(body, quote=False))
    column = point.value if point and point.label in ("column", "page", "") else _text(item, "page")
    parts = [
        _join(f"{chamber} Deb", _date(item.get("issued"))),
        f"vol {_text(item, 'volume')}" if item.get("volume") else "",
        f"col {column}"
        if column and not re.search(r"[,\u2013-]", column)
        else f"cols {column}"
        if column
        else "",
    ]
    text = _join(*parts, sep=", ")
    if point and point.label not in ("column", "page", ""):
        text = _join(text, point.text(), sep=", ")
    return text


def _body(item: dict[str, Any]) -> str:
    names = item.get("author") or []
    if names:
        return escape(", ".join(name_of(n) for n in names), quote=False)
    return _text(item, "publisher") or _text(item, "authority")


def name_of(name: dict[str, str]) -> str:
    """A CSL name as a reader says it: "Amnesty International", "Jane Doe"."""
    return name.get("literal") or _join(name.get("given", ""), name.get("family", ""))


def _resolution(item: dict[str, Any]) -> str:
    """'UNGA Res 61/295' from the body, the type and the number or the symbol (A/RES/61/295)."""
    body = str(item.get("publisher") or item.get("authority") or "").strip()
    number = str(item.get("number", "")).strip()
    # The number from the symbol (A/HRC/RES/32/13 -> 32/13), without the year a Security
    # Council symbol adds ("S/RES/2334 (2016)" -> 2334): OSCOLA 2006's "UNSC Res 1373".
    resolved = re.match(r"^[A-Z/]+/RES/([^ ]+)(?: \(\d{4}\))?$", number)
    number = resolved[1] if resolved else number
    return _join(
        escape(RESOLVING_BODIES.get(body.lower(), body), quote=False), "Res", escape(number, quote=False)
    )


def is_resolution(item: dict[str, Any]) -> bool:
    return str(item.get("genre", "")).strip().lower().rstrip(".") in ("res", "resolution")


def _document(item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, edition: int) -> str:
    """OSCOLA 2006 IV C (UN documents): body, 'title' (date) UN Doc symbol.

    A titled document takes a comma after its body, as an author ("ILC, 'Third Report …'
    (18 April 2022) UN Doc …"); a resolution is its title, then "UNGA Res 1514 (XV)
    (14 December 1960)" and its symbol, and a short form like a treaty's.
    """
    where = point.text() if point else ""
    date = _date(item.get("issued"))
    number = _text(item, "number")
    symbol = f"UN Doc {number}" if UN_SYMBOL.match(number) and "/RES/" not in number else ""
    if OTHER_SYMBOL.match(number):
        symbol = number  # a Council of Europe or EU document number, after the date as a symbol
    if is_resolution(item):
        if UN_SYMBOL.match(number):
            symbol = "UN Doc " + re.sub(r" \(\d{4}\)$", "", number)
        short = _text(item, "title-short")
        if not full:
            # A defined short form, like a treaty's; otherwise "UNHRC Res 32/13 (n 16)".
            return (
                _join(short, where, sep=", ")
                if short
                else _join(_resolution(item), f"(n {first_note})", where)
            )
        title = _text(item, "title")
        if re.fullmatch(r"(?i)(resolution|res)\.? [\w/ ()]+", title):
            title = ""  # "Resolution 2334 (2016)" only repeats the number
        text = _join(_join(title, _resolution(item), sep=", "), f"({date})" if date else "", symbol)
        if short:
            # OSCOLA 2006 IV A.1: the pinpoint after the defined form, without a comma.
            return _join(_join(text, _defined(short, edition)), where)
        return _join(text, where, sep=", ")
    title = _title(item) if full else _title(item, "title-short") or _title(item)
    head = _join(_body(item), f"\u2018{title}\u2019" if title else "", sep=", ")
    if not full:
        return _join(head, f"(n {first_note})", where)
    if symbol:
        text = _join(head, f"({date})" if date else "", symbol)
    else:
        # A reference that is not a UN symbol goes into the brackets with the document's
        # kind (OSCOLA 3.1's additional information): "(Allegation letter AL TST 1/2023, 15 March 2023)".
        kind_and_number = _join(_no_stops(_text(item, "genre")), number)
        text = _join(head, f"({_join(kind_and_number, date, sep=', ')})" if kind_and_number or date else "")
    return _join(_join(text, where, sep=", "), _link(item))


def _statement(
    item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, titled: bool
) -> str:
    """OSCOLA 4 3.1 and 3.4.8: Author, 'Title' (Press release, 10 September 2018) <url> accessed …"""
    body = _body(item)
    where = point.text() if point else ""
    if not full:
        short = _title(item, "title-short") or _title(item)
        head = _join(body, f"\u2018{short}\u2019" if titled else "", sep=", ")
        return _join(head, f"(n {first_note})", where)
    brackets = _join(_text(item, "genre"), _date(item.get("issued")), sep=", ")
    text = _join(_join(body, f"\u2018{_title(item)}\u2019", sep=", "), f"({brackets})" if brackets else "")
    return _join(_join(text, where, sep=", "), _link(item))


def _link(item: dict[str, Any]) -> str:
    url = str(item.get("URL", "")).strip()
    if not url:
        return ""
    accessed = _date(item.get("accessed"))
    return _join(f"&lt;{escape(url)}&gt;", f"accessed {accessed}" if accessed else "")


def cite(
    item: dict[str, Any],
    position: str,
    first_note: str,
    point: Pinpoint | None,
    edition: int = 4,
    *,
    titled: bool = False,
) -> str:
    """The HTML of one cite of a source of `kind(item)`, without the note's closing full stop."""
    which = kind(item)
    full = position == "first"
    if position.startswith("ibid"):
        # OSCOLA 4 1.2.1: "ibid [34]", "ibid 271–78": the pinpoint as the full form has it.
        if point is None or position == "ibid":
            return "ibid"  # the same source at the same place
        if which == "case":
            return _join("ibid", _case_point(item, point, edition)[0])
        return _join("ibid", point.text())
    if which == "case":
        return _case(item, first_note, full, point, edition)
    if which == "treaty":
        return _treaty(item, full, point, edition)
    if which == "legislation":
        return _legislation(item, full, point, edition)
    if which == "debate":
        return _debate(item, point)
    if which == "statement":
        return _statement(item, first_note, full, point, titled)
    return _document(item, first_note, full, point, edition)


def table_entry(item: dict[str, Any], edition: int = 4) -> str:
    """A source's entry in OSCOLA's tables (OSCOLA 4 1.6): its full citation without
    pinpoint or full stop, a case's name in roman, no defined abbreviation."""
    entry = {k: v for k, v in item.items() if k != "title-short"}
    text = cite(entry, "first", "", None, edition)
    return text.replace("<i>", "").replace("</i>", "") if kind(item) == "case" else text


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
    if table(item) != "secondary":
        return (0, re.sub(r"^(the |re |in re )", "", plain), "")
    names = item.get("author") or []
    if kind(item) == "debate":
        return (1, plain, "")  # by its chamber ("HC Deb …"), as an author
    if not names:
        return (0, plain, "")
    first = names[0]
    author = (first.get("literal") or f"{first.get('family', '')} {first.get('given', '')}").lower()
    parts = (item.get("issued") or {}).get("date-parts", [[]])[0]
    return (1, author, "-".join(f"{int(p):04d}" for p in parts) + plain)


def repeated_authors(entries: list[str], authors: list[str], dash: str) -> list[str]:
    """OSCOLA 1.7: an author's works after the first open with a double em dash in place of
    the name ("—— 'Varieties of Responsibility' …"), without the comma after it."""
    result = []
    for index, (entry, author) in enumerate(zip(entries, authors, strict=True)):
        if index and author and author == authors[index - 1]:
            name = re.match(r"^[^,\u2018<]*?,\s*", entry)
            if name:
                entry = f"{dash} {entry[name.end() :]}"
        result.append(entry)
    return result


# What each form prints, of the CSL variables a source may carry; the rest is named in a
# warning, so that a field Zotero exported is never dropped unseen. Notes (`note`) are the
# researcher's, read by no form but a case's (its second report or ECLI).
READS: dict[Kind, set[str]] = {
    "case": {"title", "title-short", "authority", "number", "issued", "container-title", "volume", "page"},
    "treaty": {"title", "title-short", "issued", "event-date", "container-title", "volume", "page"},
    "legislation": {"title", "title-short", "number", "issued", "publisher-place"},
    "debate": {"authority", "issued", "volume", "page"},
    "document": {"title", "title-short", "author", "publisher", "authority", "genre", "number", "issued"},
    "statement": {"author", "title", "title-short", "genre", "issued"},
}
NEVER_PRINTED = {"id", "type", "language", "first-reference-note-number", "note", "abstract", "accessed"}
LINKED = {"document", "statement"}  # the forms that print a URL


def left_out(item: dict[str, Any]) -> list[str]:
    """The variables of a legal source its OSCOLA form does not print (BibTeX's names where
    they differ), or [] for a source the CSL style formats."""
    which = kind(item)
    if which is None:
        return []
    reads = set(READS[which]) | (NEVER_PRINTED - {"note"})
    if which in LINKED:
        reads.add("URL")
    if which == "case":
        reads.add("dossier-symbol")
        # A reported judgment's application number is not printed (OSCOLA cites it by its
        # report) but is no loss to warn of: it is the same judgment's other name.
        if re.match(r"^([\[(]\d{4}[\])] |(ECLI:)?EU:)", str(item.get("note", ""))):
            reads.add("note")
    elif which == "legislation" and str(item.get("container-title", "")).upper() == "OJ":
        reads |= {"container-title", "volume", "page"}
    if which != "case":
        reads.add("note")
    return sorted(BIBTEX_NAMES.get(v, v) for v in item if v not in reads)


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
