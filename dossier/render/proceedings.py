"""Turn proceedings into what the briefing prints about them: key-fact lines and table rows, with notes.

A value the sources do not give is never filled in: a row says "Not stated in the sources"
where the reader expects it (the penalty, the date charged), and is left out where its
absence reads naturally (no case number, no co-defendants).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from ..content.legal import Charge, Duration, Penalty, Proceeding, Sentence, Stage
from ..content.models import LABELS
from .markdown import Renderer

NOT_STATED = LABELS["unknown"]


@dataclass(frozen=True)
class Line:
    """One row: a heading and its value (with any note calls)."""

    label: str
    value: Markup


@dataclass(frozen=True)
class ProceedingView:
    proceeding: Proceeding
    rows: list[Line]
    counts: list[list[Line]]  # each charge's rows
    text: Markup | None
    sentence: Markup | None  # the description of the sentence that stands, if written


def law(charge: Charge) -> str:
    """'Criminal Code of Cambodia, article 443', or as much of it as the sources give."""
    article = f"article {charge.article}" if charge.article else ""
    if charge.instrument and article:
        return f"{charge.instrument}, {article}"
    return charge.instrument or article.capitalize()


def penalty_text(penalty: Penalty) -> str:
    """'15 to 30 years' when both bounds are whole years, else the range in full."""
    low, high = penalty.min, penalty.max
    whole = all(isinstance(b, Duration) and not (b.months or b.days) for b in (low, high))
    if whole and isinstance(low, Duration) and isinstance(high, Duration) and penalty.fine is None:
        return f"{low.years} to {high.years} years"
    return str(penalty)


def sentence_text(sentence: Sentence) -> str:
    text = str(sentence)
    if sentence.parts:
        text += " in all"
    return text


def stage_text(stage: Stage) -> str:
    """'Phnom Penh Municipal Court: convicted, 3 March 2023; 27 years'."""
    court = stage.court or "Court not named in the sources"
    what = [LABELS[stage.outcome].lower()] if stage.outcome != "unknown" else []
    if stage.decided is not None:
        what.append(str(stage.decided))
    elif stage.opened is not None:
        what.append(f"began {stage.opened}")
    text = f"{court}: {', '.join(what)}" if what else court
    if stage.sentence is not None:
        text += f"; {sentence_text(stage.sentence)}"
    return text


def key_facts(proceedings: list[Proceeding], out: Renderer) -> list[Line]:
    """The summary's lines: each charge in full for one proceeding, one line each for several."""
    if len(proceedings) == 1:
        return _one(proceedings[0], out)
    lines = []
    for p in proceedings:
        parts = [p.court or "court not named in the sources", f"status: {LABELS[p.status].lower()}"]
        if p.sentence is not None:
            parts.append(f"sentence: {sentence_text(p.sentence)}")
        lines.append(Line(p.title, Markup("{}{}").format("; ".join(parts), out.note(p.sources))))
    return lines


def _one(p: Proceeding, out: Renderer) -> list[Line]:
    lines = []
    for charge in p.charges:
        described = charge.offence + (f" ({law(charge)})" if law(charge) else "")
        if charge.penalty is not None:
            described += f", punishable by {penalty_text(charge.penalty)}"
        lines.append(Line("Charge", Markup("{}{}").format(described, out.note(charge.sources))))
    court = p.court or "not named in the sources"
    lines.append(Line("Court", Markup("{}; status: {}").format(court, LABELS[p.status].lower())))
    if p.sentence is not None:
        s = p.sentence
        when = f", imposed {s.date}" if s.date else ""
        lines.append(Line("Sentence", Markup("{}{}{}").format(sentence_text(s), when, out.note(s.sources))))
    return lines


def view(p: Proceeding, out: Renderer) -> ProceedingView:
    """The Charges section's view of one proceeding, its notes numbered in reading order."""
    counts = [_charge_rows(c, out) for c in p.charges]
    rows: list[Line] = []
    if p.case_number:
        rows.append(Line("Case number", Markup.escape(p.case_number)))
    if p.co_defendants is not None:
        rows.append(Line("Co-defendants", Markup.escape(str(p.co_defendants))))
    for stage in p.stages:
        rows.append(
            Line(LABELS[stage.stage], Markup("{}{}").format(stage_text(stage), out.note(stage.sources)))
        )
    # Without a text of its own, the proceeding's sources are cited on its status.
    status_note = out.note(p.sources) if not p.text else Markup("")
    rows.append(Line("Status of the case", Markup("{}{}").format(LABELS[p.status], status_note)))
    text = out.cited(p.text, p.sources, block=True) if p.text else None
    sentence = p.sentence
    described = out.inline(sentence.description) if sentence and sentence.description else None
    return ProceedingView(p, rows, counts, text, described)


def _charge_rows(charge: Charge, out: Renderer) -> list[Line]:
    return [
        Line("Offence as charged", Markup("{}{}").format(charge.offence, out.note(charge.sources))),
        Line("Legal instrument", Markup.escape(law(charge) or NOT_STATED)),
        Line("Penalty range", Markup.escape(penalty_text(charge.penalty) if charge.penalty else NOT_STATED)),
        Line("Date charged", Markup.escape(str(charge.date_charged) if charge.date_charged else NOT_STATED)),
        Line("Status of the charge", Markup.escape(LABELS[charge.status])),
    ]
