"""Turn a court's decision (a judgment, a treaty body's views) into its OSCOLA citation."""

from __future__ import annotations

import re
from html import escape
from typing import Any

from .common import UN_SYMBOL, Pinpoint, date_of, field, italic, join, no_stops, year_of

# Courts and bodies OSCOLA abbreviates inside the brackets of an unreported decision.
COURTS = {
    "european court of human rights": "ECtHR",
    "european commission of human rights": "ECommHR",
    "international court of justice": "ICJ",
    "court of justice of the european union": "CJEU",
    "european court of justice": "ECJ",
    "inter-american court of human rights": "IACtHR",
    "african court on human and peoples' rights": "ACtHPR",
    "international criminal court": "ICC",
    "human rights committee": "HRC",
    "un human rights committee": "HRC",
    "committee against torture": "CAT",
    "court of appeal": "CA",
    "court of appeal (civil division)": "CA",
    "court of appeal (criminal division)": "CA",
    "house of lords": "HL",
    "privy council": "PC",
    "judicial committee of the privy council": "PC",
    "high court": "HC",
    "queen's bench division": "QB",
    "king's bench division": "KB",
    "chancery division": "Ch",
    "family division": "Fam",
    "divisional court": "DC",
}
# The courts of the United Kingdom: OSCOLA 4 2.1.1 puts one in brackets after a law report
# when there is no neutral citation to say which court decided ("[1996] AC 155 (HL)").
HOME_COURTS = {"HL", "CA", "PC", "HC", "QB", "KB", "Ch", "Fam", "DC"}
# A neutral citation's court (OSCOLA 4 2.1.3): "UKHL", "EWCA Civ", "EWHC … (Admin)", "CSIH".
NEUTRAL = re.compile(r"^(?:UK[A-Z]*|EW[A-Z]+|NI[A-Z][A-Za-z]*|CS(?:IH|OH)|HCJAC|SAC)\b")

# Strasbourg and Luxembourg judgments are pinpointed "para 3" (OSCOLA 4 2.6, 2.7), and
# so here are those of other international courts and bodies (OSCOLA 4 gives no rule);
# other judgments with numbered paragraphs "[3]" (OSCOLA 4 2.1.6).
PARA_COURTS = {"ECtHR", "ECommHR", "CJEU", "ECJ", "ICJ", "HRC", "CAT", "IACtHR", "ACtHPR", "ICC"}
TREATY_BODIES = {"HRC", "CAT"}
PARA_REPORTS = {"ehrr", "echr", "ecr", "icj rep"}


# A Strasbourg court written with its formation, as HUDOC names it: "European Court of
# Human Rights (Grand Chamber)". The formation is not the court's name.
GRAND_CHAMBER_COURT = re.compile(r"\s*\(Grand Chamber\)$", re.IGNORECASE)


def court(item: dict[str, Any]) -> str:
    name = GRAND_CHAMBER_COURT.sub("", str(item.get("authority", "")).strip())
    # The apostrophe may have been made typographic ("Queen’s Bench Division").
    return escape(COURTS.get(name.lower().replace("\u2019", "'"), name), quote=False)


def grand_chamber(item: dict[str, Any]) -> bool:
    """A Grand Chamber judgment: `type = {Grand Chamber}` (or `GC`), or the court so written."""
    genre = str(item.get("genre", "")).strip().lower()
    written = str(item.get("authority", ""))
    return genre in ("grand chamber", "gc") or bool(GRAND_CHAMBER_COURT.search(written))


def plain_name(item: dict[str, Any], name: str = "title") -> str:
    """A case name as OSCOLA 4 2.1.2 writes it: "v" and "No" without full stops, where HUDOC
    writes "Demirtaş v. Turkey (no. 2)"."""
    text = re.sub(r"\bv\.(?=\s)", "v", field(item, name))
    return re.sub(r"\((?:N|n)o\.? (\d+)\)", r"(No \1)", text)


def case_name(name: str) -> str:
    """A case name in italics; a Grand Chamber's "[GC]" after it stays roman (it is not the name)."""
    grand = re.match(r"^(.*?)\s*(\[GC\])$", name)
    return f"{italic(grand[1])} {grand[2]}" if grand else italic(name)


def _full_name(item: dict[str, Any]) -> str:
    # "[GC]" after the name, as HUDOC cites a Grand Chamber judgment; OSCOLA 4 names no formation.
    name = plain_name(item)
    return f"{name} [GC]" if grand_chamber(item) and not name.endswith("[GC]") else name


def bracketed_paragraphs(item: dict[str, Any], edition: int) -> bool:
    if edition >= 5:
        # OSCOLA 5 brackets every judgment's paragraphs ("[826]"); a treaty body's views
        # are not a judgment.
        return court(item) not in TREATY_BODIES
    report = str(item.get("container-title", "")).strip().lower()
    return bool(report) and report not in PARA_REPORTS and court(item) not in PARA_COURTS


def case_point(item: dict[str, Any], point: Pinpoint | None, edition: int) -> tuple[str, str]:
    """The pinpoint and what goes before it: "[45]" after a space, "para 3" and pages after a comma."""
    if point is None:
        return "", ""
    bracketed = point.label == "paragraph" and bracketed_paragraphs(item, edition)
    return point.text(judgment_paragraphs=bracketed), " " if bracketed else ", "


def case_number(item: dict[str, Any], edition: int) -> str:
    number = no_stops(field(item, "number"))
    if edition >= 5:
        number = re.sub(r"^App no\b", "App No", number)  # OSCOLA 5 4.4.4
    if number and number[0].isdigit() and court(item) in ("ECtHR", "ECommHR"):
        return f"App {'No' if edition >= 5 else 'no'} {number}"  # OSCOLA 4 2.7.1: "App no 47940/99"
    return number


def case(item: dict[str, Any], first_note: str, full: bool, point: Pinpoint | None, edition: int) -> str:
    """A decision's full citation or short form, with its pinpoint."""
    name = _full_name(item) if full else plain_name(item)
    where, before = case_point(item, point, edition)
    if not full:
        # OSCOLA 4 1.2.1: "Austin (n 1) [34]", "Omojudi (n 5) para 3": no comma after the bracket.
        short = plain_name(item, "title-short") or name
        if not short:
            return join(case_number(item, edition), f"(n {first_note})", where)
        return join(case_name(short), f"(n {first_note})", where)
    if not name:
        cited = _unnamed(item, edition)
    elif _eu_case_number(item):
        cited = _eu_case(item, name)
    elif re.fullmatch(r"Series [A-Z]", field(item, "container-title")) and field(item, "number"):
        cited = _series(item, name)
    elif field(item, "container-title"):
        cited = _reported(item, name)
    else:
        cited = _unreported(item, name, edition)
    return cited + (before + where if where else "")


def _unnamed(item: dict[str, Any], edition: int) -> str:
    # OSCOLA 4 1.4: a decision cited as in its own jurisdiction, which names it by
    # court and number ("Bundesverfassungsgericht, 1 BvR 370/07, 27 February 2008,
    # BVerfGE 120, 274").
    report = join(field(item, "container-title"), field(item, "volume"))
    reported = join(report, field(item, "page"), sep=", ")
    return join(court(item), case_number(item, edition), date_of(item.get("issued")), reported, sep=", ")


def _eu_case_number(item: dict[str, Any]) -> bool:
    """A Luxembourg case number: "C-176/03", "T-344/99", and before 1989, when the courts
    had no letters, "Case 240/83" (or a bare "240/83" before the Court of Justice)."""
    number = field(item, "number")
    if re.match(r"^(?:Joined )?Cases? (?:[CTF][-\u2013])?\d+/\d{2}\b|^[CTF][-\u2013]\d", number):
        return True
    return court(item) in ("ECJ", "CJEU") and bool(re.fullmatch(r"\d+/\d{2}", number))


def _eu_case(item: dict[str, Any], name: str) -> str:
    # OSCOLA 4 2.6.2: "Case C-176/03 Commission v Council [2005] ECR I-7879", the case
    # number in roman before the name; the ECLI (in `note`) where there is no report.
    number = field(item, "number")
    number = number if number.startswith(("Case", "Joined")) else f"Case {number}"
    if name.startswith(("Case", "Joined")):
        number = ""  # the title already begins with it
    note = field(item, "note")
    ecli = re.sub(r"^ECLI:", "", note) if re.match(r"^(ECLI:)?EU:", note) else ""
    report = field(item, "container-title")
    cited = join(f"[{year_of(item)}]", report, field(item, "page")) if report else ecli
    return join(number, case_name(name), cited)


def _series(item: dict[str, Any], name: str) -> str:
    # A court's numbered series: the ECtHR's old "(1986) Series A no 122" (OSCOLA 4
    # 2.7.1); another court's "IACtHR Series C No 4 (29 July 1988)" (OSCOLA 2006 IV B).
    report, number = field(item, "container-title"), field(item, "number")
    if court(item) in ("ECtHR", "ECommHR"):
        return join(case_name(name), f"({year_of(item)})", report, f"no {number}")
    return join(case_name(name), court(item), report, f"No {number}", f"({date_of(item.get('issued'))})")


def _reported(item: dict[str, Any], name: str) -> str:
    report, volume = field(item, "container-title"), field(item, "volume")
    if re.match(r"^\d{4}-", volume):
        # OSCOLA 4 2.7.1: the ECtHR's own reports by year and volume, "ECHR 1998-VIII 3124".
        return join(case_name(name), report, volume, field(item, "page"))
    # OSCOLA 4 2.2.2: square brackets when the year identifies the volume, round ones
    # when the volume is numbered.
    year = f"({year_of(item)})" if volume else f"[{year_of(item)}]"
    cited = join(case_name(name), year, volume, report, field(item, "page"))
    parallel = field(item, "note")
    if re.match(r"^[\[(]\d{4}[\])] ", parallel):
        # OSCOLA 4 2.1.3: the neutral citation, then the best report ("[2008] UKHL 13,
        # [2008] 1 AC 884"); Zotero has one report, so the second is kept in `note`.
        cited = f"{cited}, {parallel}"
    elif court(item) in HOME_COURTS and not NEUTRAL.match(report):
        # OSCOLA 4 2.1.1: without a neutral citation the report does not say which court
        # decided, so the court follows it in brackets: "Page v Smith [1996] AC 155 (HL)".
        cited = f"{cited} ({court(item)})"
    return _with_symbol(item, cited)


def _unreported(item: dict[str, Any], name: str, edition: int) -> str:
    if edition >= 5 and court(item) in ("ECtHR", "ECommHR"):
        # OSCOLA 5 4.4.4: "Broniowski v Poland ECtHR App No 31443/96 (22 June 2004)".
        cited = join(
            case_name(name), court(item), case_number(item, edition), f"({date_of(item.get('issued'))})"
        )
    else:
        # OSCOLA 4 2.1.4 and 2.7.1: the court and the date in brackets ("(ECtHR, 20 July 2004)").
        brackets = join(court(item), date_of(item.get("issued")), sep=", ")
        cited = join(case_name(name), case_number(item, edition), f"({brackets})" if brackets else "")
    return _with_symbol(item, cited)


def _with_symbol(item: dict[str, Any], cited: str) -> str:
    # OSCOLA 2006 IV C: a treaty body's views end with their UN document symbol.
    symbol = field(item, "dossier-symbol")
    return join(cited, f"UN Doc {symbol}" if UN_SYMBOL.match(symbol) else symbol) if symbol else cited
