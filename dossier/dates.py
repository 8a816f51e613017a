"""Turn a date, known to the day, the month or only the year, into the words printed: the one formatter.

Full form for text and tables ("3 September 2017", "September 2017", "2017"), short form
where space is tight, as on the timeline ("3 Sep 2017"). Standard library only: content
models, templates and the timeline all print dates through here.
"""

from __future__ import annotations

from datetime import date

# English month names: the briefing's language for everything the tool itself writes.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def written(year: int, month: int | None = None, day: int | None = None, *, short: bool = False) -> str:
    """The date as printed, to the precision known: a day needs a month."""
    if month is None:
        return str(year)
    name = MONTHS[month - 1]
    if short:
        name = name[:3]
    return f"{day} {name} {year}" if day else f"{name} {year}"


def written_date(value: date, *, short: bool = False) -> str:
    """A calendar date (an as-of date, an edition's date) in the same words."""
    return written(value.year, value.month, value.day, short=short)


def month_number(text: str) -> int | None:
    """1-12 for a month's English name or its first three letters ("sep", "September"), else None."""
    prefix = text[:3].lower()
    for number, name in enumerate(MONTHS, 1):
        if name[:3].lower() == prefix:
            return number
    return None


def either(dates: list[tuple[int, int | None, int | None]], *, short: bool = False) -> str:
    """Dates the sources give differently, as one phrase: "11 or 12 December 2025" where only
    the day differs, "November 2021 or January 2022" otherwise."""
    (year, month, _), days = dates[0], [d for _, _, d in dates]
    if all(d[:2] == (year, month) for d in dates) and month is not None and all(days):
        head = " or ".join(str(d) for d in days[:-1])
        return f"{head} or {written(year, month, days[-1], short=short)}"
    texts = [written(*d, short=short) for d in dates]
    return ", ".join(texts[:-1]) + " or " + texts[-1]
