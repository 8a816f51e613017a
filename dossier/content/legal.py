"""Turn the plain data of charges.yaml into proceedings: courts by stage, charges, penalties, sentences.

Nothing here has a default that could print as a fact: a penalty, a date charged, an
article or a court the sources do not give is left out (None), and the briefing says
"not stated in the sources" or leaves the line out; a status the sources do not report
is `unknown`. Durations keep years, months and days ("4 years and 8 months"), since a
sentence rounded to whole years misstates it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    NonNegativeInt,
    Tag,
    model_validator,
)

from ..words import counted
from .base import (
    DateVersion,
    Ident,
    Keys,
    Model,
    Partial,
    PartialDate,
    Plain,
    Reported,
    Text,
    either_date,
    versions_of_a_date,
)

_UNITS = {"year": "years", "month": "months", "day": "days", "week": "weeks"}
_PART = re.compile(r"(\d{1,3})\s*(years?|months?|weeks?|days?)\b", re.IGNORECASE)
# What an editor's schema asks of a duration written as text (content/schema.py).
DURATION_PATTERN = r"\d\s*([Yy]ears?|[Mm]onths?|[Ww]eeks?|[Dd]ays?)\b"
_JOINERS = re.compile(r"^(\s*(,|and|\s)\s*)*$", re.IGNORECASE)


class Duration(Model):
    """A length of time in years, months and days, as a court states it."""

    years: NonNegativeInt = 0
    months: NonNegativeInt = 0
    days: NonNegativeInt = 0

    @model_validator(mode="after")
    def _not_empty(self) -> Duration:
        if not (self.years or self.months or self.days):
            raise ValueError("a duration of nothing: give years, months or days")
        return self

    def __str__(self) -> str:
        parts = [
            counted(n, unit)
            for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day"))
            if n
        ]
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]

    def in_months(self) -> float:
        """For comparing durations only (a sentence against its penalty range): in months,
        so that 12 months and 1 year compare equal, days at a month's average length."""
        return self.years * 12 + self.months + self.days / 30.4375


def parse_duration(value: Any) -> Any:
    """Accept "27 years", "4 years 8 months", "4 years and 8 months", "18 months", or a mapping."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise ValueError(f"write the unit too: '{value} years' or '{value} months'")
    if not isinstance(value, str):
        return value
    found = list(_PART.finditer(value))
    leftover = _PART.sub(" ", value)
    if not found or not _JOINERS.match(leftover):
        if re.search(r"\blife\b", value, re.I):
            # "aggravated life imprisonment": a life term is not a number of years.
            raise ValueError(
                f"'{value}' is not a duration: for a life sentence write 'life: true' beside it "
                "instead, and its kind ('aggravated', 'without parole') in the sentence's description"
            )
        raise ValueError(
            f"'{value}' is not a duration: write it as '4 years', '18 months' or '4 years and 8 months'"
        )
    amounts: dict[str, int] = {"years": 0, "months": 0, "days": 0}
    seen: set[str] = set()
    for number, unit in ((int(m[1]), m[2].lower().rstrip("s")) for m in found):
        if unit in seen:
            raise ValueError(f"'{value}' gives {unit}s twice: write each unit once")
        seen.add(unit)
        if unit == "week":
            amounts["days"] += 7 * number
        else:
            amounts[_UNITS[unit]] += number
    return amounts


DurationValue = Annotated[Duration, BeforeValidator(parse_duration)]


def sum_of(terms: list[Duration]) -> Duration:
    """Terms one after another: "2 years and 8 months" and "10 months" make "3 years and 6 months"."""
    months = sum(t.years * 12 + t.months for t in terms)
    return Duration(years=months // 12, months=months % 12, days=sum(t.days for t in terms))


# A currency is an ISO 4217 code (USD, HKD, KHR) or one of the common symbols.
MONEY_PATTERN = r"^\s*([A-Z]{3}|[A-Z]{1,2}\$|[$€£¥₹₩₽₺₫₱₦])\s?(\d[\d,.\s]*\d|\d)\s*$"
_MONEY = re.compile(MONEY_PATTERN)


class Money(Model):
    """An amount with its currency as written: 'USD 500,000', 'EUR 1,200'."""

    currency: Text
    amount: Text

    def __str__(self) -> str:
        return f"{self.currency}\u00a0{self.amount}"  # never broken across lines


def parse_money(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    match = _MONEY.match(value)
    if not match:
        raise ValueError(f"'{value}' is not an amount: write the currency, then the amount ('USD 500,000')")
    if not any(c in "123456789" for c in match[2]):
        raise ValueError(f"'{value}' is an amount of nothing: leave the field out")
    return {"currency": match[1], "amount": match[2].strip()}


MoneyValue = Annotated[Money, BeforeValidator(parse_money)]


def parse_limit(value: Any) -> Any:
    """A penalty's bound: a duration, or 'life' for life imprisonment."""
    if isinstance(value, str) and value.strip().lower() in ("life", "life imprisonment"):
        return "life"
    return parse_duration(value)


Limit = Annotated[Duration | Literal["life"], BeforeValidator(parse_limit)]


class Penalty(Model):
    """The range the law sets for an offence; either bound may be unknown."""

    min: Limit | None = None
    max: Limit | None = None
    fine: MoneyValue | None = None  # the fine the law sets, where the sources give it

    @model_validator(mode="after")
    def _order(self) -> Penalty:
        if self.min is None and self.max is None and self.fine is None:
            raise ValueError("an empty penalty: give min, max or fine, or leave 'penalty' out")
        if self.min == "life" and self.max not in (None, "life"):
            raise ValueError("a penalty from life imprisonment to a fixed term: min is greater than max")
        low, high = self.min, self.max
        if isinstance(low, Duration) and isinstance(high, Duration) and low.in_months() > high.in_months():
            raise ValueError(f"impossible penalty range {low} to {high}: min is greater than max")
        return self

    def __str__(self) -> str:
        low, high = (str(b) if isinstance(b, Duration) else b for b in (self.min, self.max))
        high = "life imprisonment" if high == "life" else high
        low = "life imprisonment" if low == "life" else low
        if (low and high and low == high) or low == "life imprisonment":
            text = low
        elif low and high:
            text = f"{low} to {high}"
        elif high:
            text = f"up to {high}"
        elif low:
            text = f"at least {low}"
        else:
            text = ""
        if self.fine is not None:
            text = f"{text} and a fine of up to {self.fine}" if text else f"a fine of up to {self.fine}"
        return text


class Versions(Model):
    """A value the sources give differently ("sources differ"): its versions, each with the
    sources that give it, no two alike. Each kind of value has a class of its own, not a
    generic: a Dossier crosses to the rendering process by pickle, which finds classes by name."""

    differ: Sequence[Any]

    @model_validator(mode="after")
    def _distinct(self) -> Versions:
        values = [v.value for v in self.differ]
        if any(a == b for n, a in enumerate(values) for b in values[n + 1 :]):
            raise ValueError("two versions give the same value: list each value once, with all its sources")
        return self

    def keys(self) -> list[list[str]]:
        """Each version's sources, in order."""
        return [list(v.sources) for v in self.differ]


class TermVersion(Model):
    """One account of a term of imprisonment where the sources differ."""

    value: DurationValue
    sources: Keys


class DifferingTerm(Versions):
    """A term the sources give differently: each version with its sources."""

    differ: Annotated[list[TermVersion], Field(min_length=2)]


def one_or_versions(value: Any) -> str:
    """A mapping with 'differ' is a value's versions; anything else is the value itself (a
    duration may be written as a mapping of years and months)."""
    versions = isinstance(value, Versions) or (isinstance(value, dict) and "differ" in value)
    return "union:versions" if versions else "union:one"


# A term of imprisonment ("17 years"), or the terms the sources give where they differ.
TermOrVersions = Annotated[
    Annotated[DurationValue, Tag("union:one")] | Annotated[DifferingTerm, Tag("union:versions")],
    Discriminator(one_or_versions),
]


class CountVersion(Model):
    """One account of a number (of defendants, of signatories) where the sources differ."""

    value: NonNegativeInt
    sources: Keys


class DifferingCount(Versions):
    """A number the sources give differently: each version with its sources."""

    differ: Annotated[list[CountVersion], Field(min_length=2)]


# A number ("108"), or the numbers the sources give where they differ.
CountOrVersions = Annotated[
    Annotated[NonNegativeInt, Tag("union:one")] | Annotated[DifferingCount, Tag("union:versions")],
    Discriminator(one_or_versions),
]


def least(count: int | DifferingCount) -> int:
    """The smallest the sources say, for checks that hold whichever is right."""
    return count if isinstance(count, int) else min(v.value for v in count.differ)


def told(count: int | DifferingCount) -> str:
    """ "108", or "107 or 108" where the sources differ."""
    if isinstance(count, int):
        return str(count)
    values = [str(v.value) for v in count.differ]
    return ", ".join(values[:-1]) + " or " + values[-1]


class SentencePart(Model):
    """One count's term within an aggregate sentence."""

    charge: Ident
    imprisonment: DurationValue | None = None
    life: bool = False
    fine: MoneyValue | None = None


class Sentence(Model):
    """What a court imposed. Everything optional but the sources; at least one penalty."""

    # The term, or the terms the sources give where they differ (see `term`).
    imprisonment: TermOrVersions | None = None
    life: bool = False
    suspended: bool = False
    fine: MoneyValue | None = None
    damages: MoneyValue | None = None
    # Penalties that are neither prison nor money: "barred from standing for office".
    other: list[Plain] = []
    # An aggregate sentence: the total above, and each count's part.
    parts: list[SentencePart] = []
    # How the parts' terms run where the sources say: true, served at the same time (the
    # longest is the total); false, one after another (the total is their sum).
    concurrent: bool | None = None
    date: Partial | None = None
    description: Text | None = None
    sources: Keys

    @model_validator(mode="after")
    def _something(self) -> Sentence:
        in_parts = any(p.imprisonment or p.life or p.fine for p in self.parts)
        if not (self.imprisonment or self.life or self.fine or self.damages or self.other or in_parts):
            raise ValueError(
                "a sentence with no penalty: give imprisonment, life, fine, damages, other, or each "
                "count's part"
            )
        if self.life and self.imprisonment:
            raise ValueError("a sentence both of life and of a fixed term: give one")
        if self.suspended and not self.imprisonment:
            raise ValueError("'suspended' needs the term of imprisonment that was suspended")
        if self.concurrent is not None and len(self.parts) < 2:
            raise ValueError("'concurrent' says how the parts' terms run: list at least two parts")
        return self

    @property
    def term(self) -> Duration | None:
        """The term of imprisonment where the sources agree on one; None where they differ."""
        return self.imprisonment if isinstance(self.imprisonment, Duration) else None

    def parts_problem(self) -> str | None:
        """Why the parts' terms cannot make up the total, or None. Checked only where the total
        and every part's term are given: terms served one after another add up to the total,
        terms served at the same time make the longest the total, and where the sources do
        not say, the total lies between the two."""
        terms = [p.imprisonment for p in self.parts]
        whole = self.term
        if whole is None or self.life or not terms or any(t is None for t in terms):
            return None
        given = [t for t in terms if t is not None]
        total = whole.in_months()
        longest = max(given, key=Duration.in_months)
        added = sum_of(given)
        if longest.in_months() > total + 1e-9:
            return f"a part of {longest} is longer than the whole sentence of {whole}"
        if self.concurrent is False and abs(added.in_months() - total) > 1e-9:
            return (
                f"the parts add up to {added}, not {whole}: terms served one after "
                "another (concurrent: false) make up the whole"
            )
        if self.concurrent and abs(longest.in_months() - total) > 1e-9:
            return (
                f"the longest part is {longest}, not {whole}: terms served at the same "
                "time (concurrent: true) make the longest the whole"
            )
        if self.concurrent is None and added.in_months() < total - 1e-9:
            return f"the whole sentence of {whole} is more than its parts add up to ({added})"
        return None

    def __str__(self) -> str:
        return self.described({})

    @property
    def by_parts(self) -> bool:
        """Given only by the counts' terms, with no whole term."""
        return self.imprisonment is None and not self.life and any(p.imprisonment for p in self.parts)

    def described(self, offences: dict[str, str]) -> str:
        """The sentence in words; where it is given only by the counts' terms, each term with
        its offence where `offences` names it ("6 years (assembly and collusion)")."""
        parts = []
        total = " in all" if self.parts else ""
        if self.concurrent:
            total = ", the terms served concurrently"
        elif self.concurrent is False:
            total = " in all, the terms served consecutively"
        terms = [
            f"{p.imprisonment} ({offences[p.charge]})" if p.charge in offences else str(p.imprisonment)
            for p in self.parts
            if p.imprisonment
        ]
        if self.life or any(p.life for p in self.parts):
            parts.append("life imprisonment")  # the whole, whatever the counts' parts
        elif isinstance(self.imprisonment, DifferingTerm):
            # Who gives which is in the stage's note and description.
            told = " or ".join(str(v.value) for v in self.imprisonment.differ)
            parts.append(f"sources differ: {told}{' (suspended)' if self.suspended else ''}")
        elif self.imprisonment:
            suspended = " (suspended)" if self.suspended else ""
            parts.append(f"{self.imprisonment}{total}{suspended}")
        elif terms:
            # Only the counts' terms: each is said, never a whole worked out from them.
            run = ", no whole term given"
            if self.concurrent is not None:
                run = ", served concurrently" if self.concurrent else ", served consecutively"
            listed = terms[0] if len(terms) == 1 else ", of ".join(terms[:-1]) + " and of " + terms[-1]
            parts.append(f"prison terms of {listed}{run}" if len(terms) > 1 else f"a prison term of {listed}")
        if self.fine:
            parts.append(f"a fine of {self.fine}")
        if self.damages:
            parts.append(f"damages of {self.damages}")
        parts += self.other
        return "; ".join(parts)


ChargeStatus = Literal[
    "unknown",
    "pending",
    "convicted",
    "acquitted",
    "on_appeal",
    "upheld_on_appeal",
    "final",
    "quashed",
    "retrial",
    "pardoned",
    "dropped",
]
StageKind = Literal[
    "investigation",
    "first_instance",
    "appeal",
    "final_appeal",
    "cassation",
    "supreme",
    "constitutional",
    "retrial",
]
StageOutcome = Literal[
    "pending",
    "convicted",
    "acquitted",
    "upheld",
    "sentence_reduced",
    "sentence_increased",
    "quashed",
    "retrial_ordered",
    "dismissed",
    "discontinued",
    "unknown",
]


# A court stage's kind as its heading says it (the labels of statuses would read "Under
# investigation").
STAGES = {
    "investigation": "Investigation",
    "first_instance": "First instance",
    "appeal": "Appeal",
    "final_appeal": "Final appeal",
    "cassation": "Cassation",
    "supreme": "Supreme court",
    "constitutional": "Constitutional court",
    "retrial": "Retrial",
}


class Charge(Model):
    """One count: the offence as charged; the law, its article and penalty where the sources give them."""

    id: Ident
    offence: Plain
    instrument: Plain | None = None
    article: Plain | None = None
    penalty: Penalty | None = None
    date_charged: Partial | None = None
    status: ChargeStatus = "unknown"
    sources: Keys


class Stage(Model):
    """One court's part in a proceeding: first instance, appeal, cassation..."""

    stage: StageKind
    court: Plain | None = None
    # The judges of this stage, as the sources name them.
    judges: list[Plain] = []
    case_number: Plain | None = None
    opened: Partial | None = None
    decided: Partial | None = None
    # Where the sources differ on the decision's date, the earliest of `decided_differ` (set
    # from what was written: decided: {differ: [...]}); it orders the stages.
    decided_differ: list[DateVersion] = []
    # How the decision's date was worked out, where no source gives it as such (Markdown, cited).
    derived: Text | None = None
    outcome: StageOutcome = "unknown"
    sentence: Sentence | None = None
    sources: Keys

    @model_validator(mode="before")
    @classmethod
    def _decided_differ(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("decided"), dict) and "differ" in data["decided"]:
            return versions_of_a_date(data, "decided", "decided_differ", "the decision's date")
        return data

    def decided_text(self) -> str:
        """The decision's date as printed: "27 or 28 September 2023" where the sources differ."""
        if self.decided_differ:
            return either_date(self.decided_differ)
        return str(self.decided) if self.decided is not None else ""

    @model_validator(mode="after")
    def _derived_needs_a_date(self) -> Stage:
        if self.derived is not None and self.decided is None:
            raise ValueError("'derived' says how the decision's date was worked out: give 'decided' too")
        return self


class CoDefendants(Model):
    """Those tried with the subject: how many (the subject not counted), and whom the sources name.
    Where the sources give the number of all the defendants ("108 tried together"), `tried`."""

    count: CountOrVersions | None = None
    tried: CountOrVersions | None = None
    names: list[Plain] = []
    # The sources that give the number and the names; without, the proceeding's own. (Where
    # the sources differ on the number, each version has its own.)
    sources: list[Text] = []
    # How the number was worked out, where no source gives it as such ("six former employees
    # and two activists": 8), Markdown, cited.
    derived: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> CoDefendants:
        if self.count is None and self.tried is None and not self.names:
            raise ValueError("give a count, names, or both (or leave 'co_defendants' out)")
        if self.derived is not None and not isinstance(
            self.count if self.count is not None else self.tried, int
        ):
            raise ValueError(
                "'derived' says how the number was worked out: give one 'count' or 'tried' with it"
            )
        if self.count is not None and self.tried is not None:
            raise ValueError(
                "give 'count' (the co-defendants) or 'tried' (all the defendants, the subject among "
                "them) as the sources give it, not both"
            )
        if self.count is not None and len(self.names) > least(self.count):
            raise ValueError(f"{len(self.names)} names but a count of {told(self.count)}")
        if self.tried is not None and least(self.tried) < 1:
            raise ValueError("'tried' counts the subject too: it is at least 1")
        if self.tried is not None and len(self.names) >= least(self.tried):
            raise ValueError(f"{len(self.names)} co-defendants named, but {told(self.tried)} tried in all")
        return self

    def __str__(self) -> str:
        differ = " (sources differ)" if isinstance(self.count or self.tried, DifferingCount) else ""
        if self.tried is not None:
            named = f", among them {self.names_text()}" if self.names else ""
            return f"{told(self.tried)} defendants tried together{differ}{named}"
        if isinstance(self.count, DifferingCount):
            named = f", among them {self.names_text()}" if self.names else " (not named in the sources)"
            return f"{told(self.count)}{differ}{named}"
        names = self.names_text()
        if self.names and (self.count is None or self.count == len(self.names)):
            return names
        if self.names:
            return f"{self.count}, among them {names}"
        if self.count == 0:
            return "none"
        return f"{self.count} (not named in the sources)"

    def names_text(self) -> str:
        """The names as a phrase: "A, B and C"."""
        return " and ".join(
            [", ".join(self.names[:-1]), self.names[-1]] if len(self.names) > 1 else self.names
        )


ClemencyKind = Literal["pardon", "commutation", "amnesty", "reduction", "early_release"]
CLEMENCY = {
    "pardon": "Pardon",
    "commutation": "Commutation",
    "amnesty": "Amnesty",
    "reduction": "Sentence reduced",
    "early_release": "Early release",
}


def parse_remaining(value: Any) -> Any:
    """What a clemency leaves of the sentence: a term, or 'none' where it remits all of it."""
    if isinstance(value, str) and value.strip().lower() == "none":
        return "none"
    return parse_duration(value)


class Clemency(Model):
    """An act of the executive or legislature on a sentence: a pardon, commutation, amnesty,
    reduction or early release. Not a court stage: who granted it is named, never the court."""

    kind: ClemencyKind
    # Who granted it, as the sources name them: "President Vladimir Putin".
    by: Plain | None = None
    date: Partial | None = None
    # Instead of `date` where no source dates the act: the date by which a source says it
    # was granted (the day a decree was shown). Printed "by" that date.
    reported: Partial | None = None
    # The charges it covers, by id; left out where it covers the whole sentence.
    covers: list[Ident] = []
    # The term of imprisonment that stands after it, or 'none' where it remits all of it.
    leaves: Annotated[Duration | Literal["none"], BeforeValidator(parse_remaining)] | None = None
    text: Text | None = None
    sources: Keys

    @model_validator(mode="after")
    def _dated(self) -> Clemency:
        if (self.date is None) == (self.reported is None):
            raise ValueError(
                "give 'date' where the sources date the act, or 'reported' (the date by which a "
                "source says it was granted), one of them"
            )
        return self

    @property
    def when(self) -> PartialDate:
        """The act's date, or the date by which it was granted."""
        when = self.date or self.reported
        assert when is not None
        return when

    def on(self) -> str:
        """ "on 1 August 2023", or "no later than 1 August 2024" where only a report dates it
        (not "by", which the sentences it ends already use for who granted it)."""
        return self.when.on() if self.date is not None else f"no later than {self.when}"


class Maximum(Model):
    """The most the subject faces in a proceeding, as the sources total it: "up to 142 years"."""

    term: Limit
    sources: Keys

    def __str__(self) -> str:
        return "life imprisonment" if self.term == "life" else f"up to {self.term}"


# A proceeding's status: any charge status, or a stage the case as a whole is in.
ProceedingStatus = Literal[ChargeStatus, "investigation", "on_trial", "closed"]


class Proceeding(Model):
    """One criminal case: its courts stage by stage, its charges, the sentence that stands."""

    id: Ident
    title: Plain
    case_number: Plain | None = None
    co_defendants: CoDefendants | None = None
    status: ProceedingStatus = "unknown"
    charges: Annotated[list[Charge], Field(min_length=1)]
    stages: list[Stage] = []
    # Pardons, commutations, amnesties, reductions: what acted on the sentence after the courts.
    clemency: list[Clemency] = []
    # The most the subject faces in this case, where the sources give it ("up to 142 years").
    maximum: Maximum | None = None
    text: Text | None = None
    # The latest report of the status, where a source later than the last stage gives it.
    last_reported: Reported | None = None
    sources: Keys

    @property
    def latest_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    @property
    def status_reported(self) -> PartialDate | None:
        """When the status was last reported: the later of `last_reported` and the acts of
        clemency, else the latest date a stage gives (opened, decided, its sentence's) or an
        act gives; None where none is dated."""
        acts = [act.when for act in self.clemency]
        if self.last_reported is not None:
            return max([self.last_reported.date, *acts], key=lambda d: d.latest())
        dated = [
            d
            for s in self.stages
            for d in (s.opened, s.decided, s.sentence.date if s.sentence else None)
            if d is not None
        ]
        # An act of clemency is reported with the case as it then stood: "upheld on appeal, as
        # last reported on 16 July 2024" beside a release of 13 December 2025 read as stale
        # (helper-39).
        dated += acts
        return max(dated, key=lambda d: d.latest(), default=None)

    @property
    def sentencing_stage(self) -> Stage | None:
        """The stage whose sentence stands: the latest that imposed or confirmed one, unless
        a later stage acquitted, quashed the judgment or ordered a retrial."""
        for stage in reversed(self.stages):
            if stage.sentence is not None:
                return stage
            if stage.outcome in ("acquitted", "quashed", "retrial_ordered"):
                return None
        return None

    @property
    def sentence(self) -> Sentence | None:
        """The sentence that stands (see `sentencing_stage`)."""
        stage = self.sentencing_stage
        return stage.sentence if stage is not None else None

    @property
    def court(self) -> str | None:
        """The court of the latest stage that names one."""
        return next((s.court for s in reversed(self.stages) if s.court), None)
