"""Turn proceedings into what the briefing prints about them: key-fact lines and table rows, with notes.

A value the sources do not give is never filled in: a row says "Not stated in the sources"
where the reader expects it (the penalty, the date charged), and is left out where its
absence reads naturally (no case number, no co-defendants).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from markupsafe import Markup

from ..content.legal import (
    CLEMENCY,
    STAGES,
    Charge,
    Clemency,
    DifferingCount,
    Duration,
    Penalty,
    Proceeding,
    Sentence,
    Stage,
)
from ..content.models import LABELS
from .markdown import Renderer

NOT_STATED = LABELS["unknown"]
# Said where the sources name no court, at the start of a key fact's value as in a stage's.
NO_COURT = "Court not named in the sources"
# An investigation is led by a body (a prosecutor, a committee), not a court.
NO_BODY = "Investigating body not named in the sources"


def unnamed(stages: list[Stage]) -> str:
    """What stands for the court where no stage names one: the latest stage's kind says which."""
    return NO_BODY if stages and stages[-1].stage == "investigation" else NO_COURT


@dataclass(frozen=True)
class Line:
    """One row: a heading, its value (with any note calls), and where its detail is cited."""

    label: str
    value: Markup
    # The id of the element that gives the detail, with its notes: the summary refers
    # there ("p. 5") instead of repeating long first citations, so it stays on one page.
    ref: str | None = None
    # The row's own id, where the changes list points at it (content/changes.py: place()).
    id: str | None = None


@dataclass(frozen=True)
class ProceedingView:
    proceeding: Proceeding
    rows: list[Line]
    counts: list[list[Line]]  # each charge's rows
    text: Markup | None
    sentences: list[tuple[str, Markup]]  # each stage's description of its sentence, with the stage
    acts: list[tuple[str, Markup]]  # each clemency's text, with its kind


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
    if whole and isinstance(low, Duration) and isinstance(high, Duration) and low != high:
        fine = f" and a fine of up to {penalty.fine}" if penalty.fine else ""
        return f"{low.years} to {high.years} years{fine}"
    return str(penalty)


def sentence_text(sentence: Sentence, offences: dict[str, str] | None = None) -> str:
    """The sentence, and for an aggregate one each count's part: '8 years in all (plotting: 5 years; ...)'."""
    if sentence.by_parts:
        # Each count's term is said once, with its offence.
        return sentence.described(offences or {})
    text = str(sentence)
    parts = []
    for part in sentence.parts:
        terms = ["life imprisonment"] if part.life else [str(part.imprisonment)] if part.imprisonment else []
        terms += [f"a fine of {part.fine}"] if part.fine else []
        parts.append(f"{(offences or {}).get(part.charge, part.charge)}: {', '.join(terms)}")
    return f"{text} ({'; '.join(parts)})" if parts else text


# Where a stage's dates that differ go, each with its note, in the escaped text of its row.
DATE_HERE = "\u0000date\u0000"


def stage_text(stage: Stage, offences: dict[str, str] | None = None, decided: str | None = None) -> str:
    """'Phnom Penh Municipal Court (Judge Ky Rithy): opened 15 January 2020; convicted,
    3 March 2023; 27 years' (`decided` in place of the decision's date, if given)."""
    court = stage.court or unnamed([stage])
    if stage.judges:
        court += f" ({'Judge' if len(stage.judges) == 1 else 'Judges'} {_listed(stage.judges)})"
    if stage.case_number:
        court += f" (case {stage.case_number})"
    what = [LABELS[stage.outcome].lower()] if stage.outcome != "unknown" else []
    if stage.decided is not None:
        what.append(f"{decided or stage.decided_text()}{' (worked out)' if stage.derived else ''}")
    if stage.opened is not None:
        began = f"opened {stage.opened}"
        what = [began, ", ".join(what)] if what else [began]
        text = f"{court}: {'; '.join(what)}"
    else:
        text = f"{court}: {', '.join(what)}" if what else court
    if stage.sentence is not None:
        sentenced = stage.sentence.date
        when = f"sentenced {sentenced}: " if sentenced is not None and sentenced != stage.decided else ""
        text += f"; {when}{sentence_text(stage.sentence, offences)}"
    return text


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# How a clemency reads after the sentence it acts on. A pardon, a commutation and an amnesty
# are acts of someone ("a pardon of the President"); a reduction and an early release are
# said of whoever made them, a court or an official ("reduced by an Iranian court").
_ACT = {"pardon": "a pardon", "commutation": "a commutation", "amnesty": "an amnesty"}
_DONE = {"reduction": "reduced", "early_release": "released early"}


def clemency_phrase(act: Clemency, offences: dict[str, str]) -> str:
    """What an act did to the sentence: "reduced to 27 years by a pardon of President X on
    1 August 2023", "remitted by an amnesty on …", "reduced by an Iranian court no later than
    8 October 2020, to a term the sources do not state", "a pardon on 1 August 2023 (what it
    leaves of the sentence is not stated)"."""
    covers = f" (for {_covered(act, offences)})" if act.covers else ""
    if act.kind in _DONE:
        by = f" by {act.by}" if act.by else ""
        done = _DONE[act.kind]
        if act.kind == "reduction" and isinstance(act.leaves, Duration):
            return f"reduced{covers} to {act.leaves}{by} {act.on()}"
        if act.kind == "reduction" and act.leaves is None:
            return f"reduced{covers}{by} {act.on()}, to a term the sources do not state"
        return f"{done}{covers}{by} {act.on()}"
    what = f"{_ACT[act.kind]}{f' of {act.by}' if act.by else ''} {act.on()}"
    if act.leaves == "none":
        return f"remitted{covers} by {what}"
    if isinstance(act.leaves, Duration):
        verb = "commuted" if act.kind == "commutation" else "reduced"
        return f"{verb}{covers} to {act.leaves} by {what}"
    # Not "leaving a term": a pardon the sources do not measure may have left nothing.
    return f"{what}{covers} (what it leaves of the sentence is not stated)"


def _covered(act: Clemency, offences: dict[str, str]) -> str:
    """The offences an act covers, by name: "insulting the king and spreading false news"."""
    return _listed([offences.get(c, c) for c in act.covers])


def _acts(p: Proceeding) -> str:
    """What clemency made of the sentence, after it: "; reduced to 27 years by a pardon …"."""
    return "".join(f"; {clemency_phrase(act, offences(p))}" for act in p.clemency)


def standing_sentence(p: Proceeding) -> str | None:
    """The sentence that stands, with what clemency made of it: "33 years, reduced to 27 years
    by a pardon on 1 August 2023"."""
    stage = p.sentencing_stage
    if stage is None or stage.sentence is None:
        return None
    return sentence_text(stage.sentence, offences(p)) + _acts(p)


def offences(p: Proceeding) -> dict[str, str]:
    """Each charge's offence by its id, for naming the parts of an aggregate sentence."""
    return {c.id: c.offence for c in p.charges}


def key_facts(proceedings: list[Proceeding], as_of: date, out: Renderer) -> list[Line]:
    """The summary's lines: each charge in full for one proceeding, one line each for several."""
    if len(proceedings) == 1:
        return _one(proceedings[0], as_of, out)
    lines = []
    for p in proceedings:
        court = p.court or unnamed(p.stages)
        parts = [Markup.escape(court), _status(p, as_of, out)]
        sentencing = p.sentencing_stage
        if sentencing is not None and sentencing.sentence is not None:
            # The counts' parts are in Charges; the court, where another imposed it, before the
            # terms: after them it read as the last penalty's ("… medium-security) (Lieninski
            # District Court of Minsk)", helper-39).
            by = f" ({sentencing.court})" if sentencing.court and sentencing.court != court else ""
            acts = _acts(p)
            parts.append(Markup.escape(f"sentence{by}: {sentencing.sentence}{acts}"))
        elif p.maximum is not None:
            parts.append(Markup.escape(f"faces {p.maximum}"))
        lines.append(Line(p.title, Markup("; ").join(parts), ref=f"proceeding-{p.id}", id=f"fact-{p.id}"))
    return lines


# Statuses that end a proceeding: "final" stays final without a later report. The others
# (under investigation, on trial, convicted, on appeal, pending...) are dated.
SETTLED = {"unknown", "final", "acquitted", "dropped", "closed", "pardoned"}


def _status(p: Proceeding, as_of: date, out: Renderer) -> Markup:
    """ "status: on trial", and when it was last reported if that is before the as-of date:
    a status is not carried past the last source that gives it."""
    text = Markup("status: {}").format(LABELS[p.status].lower())
    pardon = next((a for a in reversed(p.clemency) if a.kind == "pardon"), None)
    if p.status == "pardoned" and pardon is not None:
        # Not by the court the line names: by whom, and when.
        by = f" by {pardon.by}" if pardon.by else ""
        text += Markup("{} {}").format(by, pardon.on())
    # Where no stage is dated, the latest of the proceeding's own sources reports the status.
    dated = [out.notebook.sources[k].date for k in p.sources if k in out.notebook.sources]
    reported = p.status_reported or max((d for d in dated if d), key=lambda d: d.latest(), default=None)
    if p.status not in SETTLED and reported is not None and reported.latest() < as_of:
        # The sources of the report it was: `last_reported`'s, or a later act's (whose own line
        # follows), else the row's, which cite the stage it dates from.
        act = next((a for a in p.clemency if a.when == reported), None)
        if p.last_reported is not None and p.last_reported.date == reported:
            later = out.note(p.last_reported.sources)
        elif act is not None and p.last_reported is not None:
            later = out.note(act.sources)
        else:
            later = Markup("")
        # The call after "reported", not after the date: "2024¹" reads as 20241 aloud.
        text += Markup(", as last reported{} {}").format(later, reported.on())
    return text


def _one(p: Proceeding, as_of: date, out: Renderer) -> list[Line]:
    lines = []
    # Each fact refers to the row that gives it, not to the proceeding's heading: a court
    # stage may be a page after it (found on the Osman Kavala case).
    at = f"proceeding-{p.id}"
    for n, charge in enumerate(p.charges):
        described = charge.offence + (f" ({law(charge)})" if law(charge) else "")
        if charge.penalty is not None:
            described += f", punishable by {penalty_text(charge.penalty)}"
        # A charge whose outcome is not the proceeding's says its own: listed bare beside a
        # "final" proceeding, an acquitted charge read as one that stands (Germain Rukuki).
        if charge.status not in ("unknown", p.status):
            described += f"; {LABELS[charge.status].lower()}"
        lines.append(Line("Charge", Markup.escape(described), ref=f"{at}-charge-{n}"))
    # Beside its heading "Court", the court need not be said again; the body leading an
    # investigation must be.
    missing = (
        "not named in the sources" if unnamed(p.stages) == NO_COURT else NO_BODY[:1].lower() + NO_BODY[1:]
    )
    court = p.court or missing
    status = Markup("{}; {}").format(court, _status(p, as_of, out))
    named = [n for n, stage in enumerate(p.stages) if stage.court]
    lines.append(Line("Court", status, ref=f"{at}-stage-{named[-1]}" if named else f"{at}-status"))
    if p.sentence is not None and p.sentencing_stage is not None:
        s = p.sentence
        when = f", imposed {s.date}" if s.date else ""
        text = sentence_text(s, offences(p)) + when
        text += _acts(p)
        stage = p.stages.index(p.sentencing_stage)
        lines.append(Line("Sentence", Markup.escape(text), ref=f"{at}-stage-{stage}"))
    elif p.maximum is not None:
        lines.append(Line("Faces", Markup.escape(_cell(str(p.maximum))), ref=f"{at}-maximum"))
    return lines


def view(p: Proceeding, out: Renderer) -> ProceedingView:
    """The Charges section's view of one proceeding, its notes numbered in reading order."""
    at = f"proceeding-{p.id}-"
    before = len(out.notebook.notes)
    counts = [_charge_rows(c, out) for c in p.charges]
    counts = [[replace(rows[0], id=f"{at}charge-{n}"), *rows[1:]] for n, rows in enumerate(counts)]
    rows: list[Line] = []
    if p.case_number:
        rows.append(Line("Case number", Markup.escape(p.case_number), id=f"{at}case-number"))
    if p.co_defendants is not None:
        rows.append(Line("Co-defendants", _co_defendants(p, out), id=f"{at}co-defendants"))
    if p.maximum is not None:
        value = Markup("{}{}").format(_cell(str(p.maximum)), out.note(p.maximum.sources))
        rows.append(Line("Maximum faced", value, id=f"{at}maximum"))
    for n, stage in enumerate(p.stages):
        # The sentence's own sources too: the row prints its terms.
        keys = list(dict.fromkeys([*stage.sources, *(stage.sentence.sources if stage.sentence else [])]))
        if stage.decided_differ:
            # Each date with who gives it and its note, as an event's.
            told = out.versions(stage.decided_differ)
            row = Markup.escape(stage_text(stage, offences(p), decided=DATE_HERE)).replace(DATE_HERE, told)
            # The row's note then cites the stage's other sources and every source of its
            # sentence, even one a date already cites: the sentence printed after the dates is
            # theirs (helper-39: it ended on the trial's opening report alone).
            noted = {k for v in stage.decided_differ for k in v.sources}
            sentence = stage.sentence.sources if stage.sentence else []
            keys = list(dict.fromkeys([*(k for k in stage.sources if k not in noted), *sentence]))
        else:
            row = Markup.escape(stage_text(stage, offences(p)))
        value = Markup("{}{}").format(row, out.note(keys) if keys else "")
        if stage.derived is not None:
            value += Markup('<span class="derived">Date worked out: {}</span>').format(
                out.inline(stage.derived)
            )
        rows.append(Line(STAGES[stage.stage], value, id=f"{at}stage-{n}"))
    for n, act in enumerate(p.clemency):
        value = Markup("{}{}").format(_act(act, offences(p)), out.note(act.sources))
        rows.append(Line(CLEMENCY[act.kind], value, id=f"{at}clemency-{n}"))
    # Without a text of its own, the proceeding's sources are cited on its status.
    status_note = out.note(p.sources) if not p.text else Markup("")
    status = Markup("{}{}").format(LABELS[p.status], status_note)
    rows.append(Line("Status of the case", status, id=f"{at}status"))
    # The proceeding's sources its rows cite are not added to its text's last sentence.
    in_rows = {k for note in out.notebook.notes[before:] for k in note.keys}
    text = (
        out.cited(p.text, out.uncited_elsewhere(p.text, p.sources, in_rows), block=True) if p.text else None
    )
    # Every stage's account of its sentence, in order: the sources cited there are printed.
    described = [
        (STAGES[stage.stage], out.inline(stage.sentence.description))
        for stage in p.stages
        if stage.sentence is not None and stage.sentence.description
    ]
    acts = [(CLEMENCY[a.kind], out.inline(a.text)) for a in p.clemency if a.text]
    return ProceedingView(p, rows, counts, text, described, acts)


def _co_defendants(p: Proceeding, out: Renderer) -> Markup:
    """The row of those tried with the subject, cited: "Sources differ: 16 (Front Line
    Defenders)¹ or 17 (TRT World)² defendants tried together, among them …³", each number the
    sources differ on with who gives it and its note, then the rest's note (the row's own
    sources, or the proceeding's)."""
    co = p.co_defendants
    assert co is not None
    number = co.tried if co.tried is not None else co.count
    noted: set[str] = set()
    if isinstance(number, DifferingCount):
        told = out.versions(number.differ)
        noted = {k for v in number.differ for k in v.sources}
        if co.tried is not None:
            value = Markup("Sources differ: {} defendants tried together").format(told)
        else:
            value = Markup("Sources differ: {}").format(told)
        if co.names:
            value += Markup(", among them {}").format(co.names_text())
        elif co.tried is None:
            value += Markup(" (not named in the sources)")
    else:
        value = Markup.escape(str(co))
    rest = [k for k in (co.sources or p.sources) if k not in noted]
    # A differing number's versions cite their sources; the names, if any, want the rest.
    if rest and (co.names or not noted):
        value += out.note(rest)
    if co.derived is not None:
        value += Markup('<span class="derived">Number worked out: {}</span>').format(out.inline(co.derived))
    return value


def _act(act: Clemency, offences: dict[str, str]) -> str:
    """A clemency's row: "President Vladimir Putin, 1 August 2024; remits the sentence"."""
    when = str(act.date) if act.date is not None else f"by {act.when}"
    # Without its author, the date first: "Who granted it is not stated in the sources, June
    # 2014" read as if the sources had not said so in June 2014 (helper-39).
    text = (
        f"{_cell(act.by)}, {when}"
        if act.by
        else f"{when[:1].upper()}{when[1:]}; who granted it is not stated in the sources"
    )
    if act.covers:
        text += f"; for {_covered(act, offences)}"
    if act.leaves == "none":
        return text + ("; remits these terms" if act.covers else "; remits the sentence")
    if isinstance(act.leaves, Duration):
        return text + f"; leaves {act.leaves}"
    return text + "; what it leaves of the sentence is not stated"


def _charge_rows(charge: Charge, out: Renderer) -> list[Line]:
    return [
        Line("Offence as charged", Markup("{}{}").format(charge.offence, out.note(charge.sources))),
        Line("Legal instrument", Markup.escape(law(charge) or NOT_STATED)),
        Line(
            "Penalty range",
            Markup.escape(_cell(penalty_text(charge.penalty)) if charge.penalty else NOT_STATED),
        ),
        Line("Date charged", Markup.escape(str(charge.date_charged) if charge.date_charged else NOT_STATED)),
        Line("Status of the charge", Markup.escape(LABELS[charge.status])),
    ]


def _cell(text: str) -> str:
    """A table cell's text starts with a capital, as the others do ("Up to 5 years")."""
    return text[:1].upper() + text[1:]
