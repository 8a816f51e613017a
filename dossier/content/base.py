"""Turn plain values from content files into the checked types every model is made of: dates, texts, ids.

Shared by models.py (the dossier) and legal.py (proceedings, charges, sentences).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from ..dates import either, written
from .messages import IDENT


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
        if self.month == 0 or self.day == 0:
            # date() would not see it: "2017-00" is read as month None or 1 ("December 2017").
            raise ValueError("months and days are counted from 1")
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

    def on(self) -> str:
        """With its preposition: "on 3 March 2023", "in May 2021", "in 2024"."""
        return f"{'on' if self.day else 'in'} {self}"

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


# As an editor sees them (content/schema.py): the text written, not the parsed value.
_PARTIAL_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    ],
    "description": "a date: YYYY-MM-DD, YYYY-MM or YYYY (2020-03 for March 2020)",
}
_FULL_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "a full date: YYYY-MM-DD"}
Partial = Annotated[PartialDate, BeforeValidator(parse_partial_date), WithJsonSchema(_PARTIAL_SCHEMA)]
FullDate = Annotated[date, BeforeValidator(parse_full_date), WithJsonSchema(_FULL_SCHEMA)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

# Characters after which a quotation mark opens rather than closes.
_OPENS_AFTER = set(" \t\n([{\u2014\u2013/-\u201c\u2018")


def typographic(text: str) -> str:
    """Straight quotes and apostrophes as printers set them: "a" -> “a”, it's -> it’s.

    Markdown gets this from markdown-it's typographer; plain fields (names, titles,
    courts, quotations) get it here, so that the two read alike on the page.
    """
    out = []
    for i, char in enumerate(text):
        opens = i == 0 or text[i - 1] in _OPENS_AFTER
        if char == '"':
            out.append("\u201c" if opens else "\u201d")
        elif char == "'":
            out.append("\u2018" if opens else "\u2019")
        else:
            out.append(char)
    return "".join(out)


# Text printed as written (not Markdown), with typographic quotes and apostrophes.
Plain = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(typographic)]
Ident = Annotated[str, StringConstraints(pattern=IDENT)]
Keys = Annotated[list[Text], Field(min_length=1)]


class DateVersion(Model):
    """One source's date where the sources differ (an event's date, a stage's decision)."""

    value: Partial
    sources: Keys


def either_date(versions: list[DateVersion], *, short: bool = False) -> str:
    """Dates the sources give differently, as printed: "27 or 28 September 2023"."""
    return either([(v.value.year, v.value.month, v.value.day) for v in versions], short=short)


def versions_of_a_date(data: dict[str, Any], field: str, into: str, what: str) -> dict[str, Any]:
    """`field: {differ: [{value, sources}, ...]}` as `into` (earliest first) and the earliest
    as `field`, which orders and places the item; `what` names the date in a message."""
    written = data[field]
    if set(written) != {"differ"} or not isinstance(written["differ"], list) or len(written["differ"]) < 2:
        raise ValueError(f"where the sources differ on {what}, give 'differ:' with two or more versions")
    versions = [DateVersion.model_validate(v) for v in written["differ"]]
    days = [v.value for v in versions]
    if any(a == b for n, a in enumerate(days) for b in days[n + 1 :]):
        raise ValueError("two versions give the same date: list each date once, with all its sources")
    if data.get("reported") is not None or data.get("derived") is not None:
        raise ValueError("dates that differ are the sources' own: give no 'reported' or 'derived' with them")
    earliest = min(days, key=lambda d: d.earliest())
    ordered = sorted(versions, key=lambda v: v.value.earliest())
    return {**data, field: earliest, into: ordered}


class Reported(Model):
    """The latest report of a state that lasts (custody, a proceeding's status): when, and by which
    sources. What the briefing prints as "as last reported on …", never carrying it further."""

    date: Partial
    sources: Keys
