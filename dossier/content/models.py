"""Turn plain data read from content files into typed, checked Pydantic models."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    StringConstraints,
    model_validator,
)

from ..dates import written


class Model(BaseModel):
    # strict: a YAML `NO` or `443` never silently becomes a bool or an int in a text field.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WITH_TIME = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt]|[ \t]+)\d")  # YAML's timestamp form


class PartialDate(Model):
    """A date known to the day, the month or only the year ("March 2020")."""

    year: int
    month: int | None = None
    day: int | None = None

    @model_validator(mode="after")
    def _real(self) -> PartialDate:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        date(self.year, self.month or 1, self.day or 1)  # raises on 2020-13 or 2021-02-30
        return self

    @property
    def precision(self) -> Literal["day", "month", "year"]:
        return "day" if self.day else "month" if self.month else "year"

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> date:
        month = self.month or 12
        return date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def __str__(self) -> str:
        return written(self.year, self.month, self.day)

    def short(self) -> str:
        """As the timeline labels it: "3 Sep 2017"."""
        return written(self.year, self.month, self.day, short=True)


FIRST_YEAR, LAST_YEAR = 1000, 2999


def parse_partial_date(value: Any) -> Any:
    """Accept 2017-09-03 (a YAML date), "2020-03", "2013" or 2013 as a PartialDate."""
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, datetime):
        raise ValueError("expected a date without a time of day")
    if isinstance(value, date):
        return PartialDate(year=value.year, month=value.month, day=value.day)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        if _WITH_TIME.match(value.strip()):
            raise ValueError("expected a date without a time of day")
        match = _PARTIAL.match(value.strip())
        if not match:
            raise ValueError(
                f"{value!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY (e.g. 2020-03 for March 2020)"
            )
        y, m, d = (int(g) if g else None for g in match.groups())
        if y is not None and not FIRST_YEAR <= y <= LAST_YEAR:
            # 9999-12-31 exists, but nothing can be laid out after it: a typo, refused here.
            raise ValueError(f"{value!r}: the year must lie between {FIRST_YEAR} and {LAST_YEAR}")
        try:
            return PartialDate(year=y or 0, month=m, day=d)
        except ValueError:
            raise ValueError(f"{value!r} is not a date that exists") from None
    raise ValueError("expected a date written YYYY-MM-DD, YYYY-MM or YYYY")


def parse_full_date(value: Any) -> Any:
    parsed = parse_partial_date(value)
    if parsed.precision != "day":
        raise ValueError(f"{parsed.iso()} must be a full date, YYYY-MM-DD")
    return parsed.earliest()


Partial = Annotated[PartialDate, BeforeValidator(parse_partial_date)]
FullDate = Annotated[date, BeforeValidator(parse_full_date)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Keys = Annotated[list[Text], Field(min_length=1)]

ChargeStatus = Literal["pending", "convicted", "acquitted", "on_appeal", "dropped"]
EventKind = Literal[
    "arrest",
    "charge",
    "detention",
    "bail",
    "house_arrest",
    "release",
    "trial",
    "hearing",
    "judgment",
    "appeal",
    "un_opinion",
    "party_dissolution",
    "election",
    "other",
]
Custody = Literal["at_liberty", "detained", "house_arrest", "judicial_supervision", "imprisoned", "unknown"]
OrgKind = Literal["ngo", "intergovernmental", "parliamentary", "governmental"]

# How enum values are printed; kept here so every template says the same thing.
LABELS: dict[str, str] = {
    "pending": "Pending",
    "convicted": "Convicted",
    "acquitted": "Acquitted",
    "on_appeal": "Convicted; on appeal",
    "dropped": "Dropped",
    "arrest": "Arrest",
    "charge": "Charge",
    "detention": "Detention",
    "bail": "Bail",
    "house_arrest": "House arrest",
    "release": "Release",
    "trial": "Trial",
    "hearing": "Hearing",
    "judgment": "Judgment",
    "appeal": "Appeal",
    "un_opinion": "UN opinion",
    "party_dissolution": "Party dissolution",
    "election": "Election",
    "other": "Other",
    "at_liberty": "At liberty",
    "detained": "Detained",
    "judicial_supervision": "Released under judicial supervision",
    "imprisoned": "Imprisoned",
    "unknown": "Not stated in the sources",
    "ngo": "Non-governmental organisation",
    "intergovernmental": "Intergovernmental body",
    "parliamentary": "Parliamentary body",
    "governmental": "Government",
}


class Subject(Model):
    name: Text
    name_khmer: Text | None = None


class Edition(Model):
    number: PositiveInt
    date: FullDate


class Metadata(Model):
    title: Text
    subtitle: Text | None = None
    subject: Subject
    as_of: FullDate
    edition: Edition
    author: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    classification: Text
    keywords: list[Text] = []
    next_step: Text
    key_points: Annotated[list[Text], Field(min_length=1)]
    # A built-in style (oscola, chicago-notes-bibliography, chicago-author-date) or a
    # path to a .csl file, relative to the dossier folder.
    citation_style: Text = "oscola"


class Penalty(Model):
    min: NonNegativeInt
    max: NonNegativeInt


class Sentence(Model):
    years: PositiveInt
    date: Partial
    description: Text
    sources: Keys


class Charge(Model):
    id: Ident
    instrument: Text
    article: Text
    offence: Text
    penalty_years: Penalty
    date_charged: Partial
    court: Text
    status: ChargeStatus
    sentence: Sentence | None = None
    text: Text
    sources: Keys


class Event(Model):
    id: Ident
    date: Partial
    kind: EventKind
    body: Text | None = None
    text: Text
    custody_after: Custody | None = None
    sources: Keys


class Organisation(Model):
    name: Text
    kind: OrgKind


class Quote(Model):
    text: Text
    speaker: Text
    role: Text | None = None
    source: Text
    locator: Text | None = None


class Position(Model):
    id: Ident
    organisation: Organisation
    date: Partial
    calls_for: Text
    quote: Quote | None = None
    sources: Keys


class Source(Model):
    """One bibliography entry, decoded from BibTeX into a CSL-JSON item."""

    key: str
    entry_type: str
    csl: dict[str, Any]
    date: PartialDate | None
    group: Literal["primary", "secondary"]
    line: int


class Dossier(Model):
    folder: str
    metadata: Metadata
    background: str
    charges: list[Charge]
    events: list[Event]
    positions: list[Position]
    sources: dict[str, Source]
    # Every file of the folder the briefing is made from, relative to it: the content
    # files, a .csl style and the images the text shows. A PDF/A carries these, no others.
    files: list[str] = []
