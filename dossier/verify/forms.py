"""Turn a printed value into the forms people write it in, and look for them in a normalised text.

"3 March 2023" is also "March 3, 2023", "3rd March", "3/3/2023" or "2023-03-03"; "27 years"
is also "27-year" or "twenty-seven years"; "2 years and 6 months" is also "two and a half
years"; "USD 1,000,000" is also "$1 million". A quotation may leave words out ("...") or
insert its own ("[the court]") as quoting allows, and is otherwise found word for word.
Every search is a substring or a regular expression without nested repetition, over a text
of bounded size (limits.py): linear in the text.
"""

from __future__ import annotations

import difflib
import re

from ..content.base import PartialDate
from ..content.legal import Duration, Money
from ..dates import MONTHS
from .texts import normalise

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def in_words(n: int) -> list[str]:
    """0-99 as words, both ways of joining tens and ones: ["twenty-seven", "twenty seven"]."""
    if n < 20:
        return [_ONES[n]]
    if n < 100:
        tens, ones = _TENS[n // 10 - 2], n % 10
        return [tens] if not ones else [f"{tens}-{_ONES[ones]}", f"{tens} {_ONES[ones]}"]
    return []


def numbers(n: int) -> list[str]:
    """How a small count is written: "3", "three"."""
    return [str(n), *in_words(n)]


def _unit(n: int, unit: str) -> list[str]:
    """ "27 years", "27-year", "twenty-seven years", "a year" ... for n of `unit`."""
    written = numbers(n) + (["a", "an", "one", "another", "additional", "extra", "further"] if n == 1 else [])
    plural = unit if n == 1 else f"{unit}s"
    forms = []
    for w in written:
        forms += [f"{w} {plural}", f"{w}-{unit}", f"{w} {unit}"]
        # "an additional 15 months", "a further year"
        forms += [f"{w} {more} {plural}" for more in ("additional", "extra", "further", "more")]
    return forms


def _has(text: str, forms: list[str], then: str = "") -> bool:
    # Whole words only: "7 years" must not be found in "17 years"; `then`, a lookahead after.
    return any(re.search(rf"(?<![\w.,]){re.escape(f)}(?!\w){then}", text) for f in forms)


def duration_found(term: Duration, text: str) -> bool:
    """Whether `term` is in `text` in any usual form, or as the lower end of a range ("15-30
    years", "between 15 and 30 years"), as a penalty's bounds are written."""
    parts = [(term.years, "year"), (term.months, "month"), (term.days, "day")]
    given = [(n, u) for n, u in parts if n]
    if all(_has(text, _unit(n, u)) for n, u in given):
        return True
    if len(given) == 1:
        n, unit = given[0]
        low = "|".join(re.escape(w) for w in numbers(n))
        if re.search(rf"(?<![\w.,])(?:{low}) ?(?:-|to|and) ?\w+[ -]{unit}s?\b", text):
            return True
    months = term.years * 12 + term.months
    if not term.days and _has(text, _unit(months, "month")):
        return True
    if not term.days and months % 12 == 6:
        # "two and a half years", "2.5 years", "2½ years", "a year and a half"
        y = months // 12
        halves = [f"{y}.5 years", f"{y}.5-year", f"{y}½ years", f"{y} 1/2 years"]
        halves += [f"{w} and a half years" for w in numbers(y)] + [f"{w}-and-a-half-year" for w in numbers(y)]
        halves += [f"{w}-and-a-half years" for w in numbers(y)]  # "four-and-a-half years"
        if y == 1:
            halves += ["a year and a half", "one year and a half", "one and a half years"]
        if y == 0:
            halves += ["half a year", "six months"]
        if _has(text, halves):
            return True
    if not term.days and months % 12 == 0 and months:
        return _has(text, _unit(months // 12, "year"))
    return False


_AMOUNT = re.compile(r"(\d[\d,.]*)(?:\s?(million|m|bn|billion|k|thousand)\b)?")
_SCALE = {"million": 10**6, "m": 10**6, "bn": 10**9, "billion": 10**9, "k": 10**3, "thousand": 10**3}


def _value(digits: str, scale: str | None) -> float | None:
    body = digits.rstrip(",.")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", body) or re.fullmatch(r"\d+(\.\d+)?", body):
        number = float(body.replace(",", ""))
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", body):  # 150.000 or 1.500,50
        number = float(body.replace(".", "").replace(",", "."))
    else:
        return None
    return number * _SCALE.get(scale or "", 1)


def money_found(money: Money, text: str) -> bool:
    """Whether the amount is in `text`, however its thousands and scale are written: the
    currency is not required, since sources name it in words ("roubles", "US dollars")."""
    written = _AMOUNT.fullmatch(money.amount.strip())
    wanted = _value(written[1], written[2]) if written else None
    if wanted is None:
        return False
    return any(_value(m[1], m[2]) == wanted for m in _AMOUNT.finditer(text))


# What a number counting people or organisations is not: a length of time, a share, a sum
# ("eight years" is no count of eight co-defendants, as it passed for one in a sample).
_NOT_A_COUNT = r"(?![\s-]+(?:years?|months?|days?|weeks?|hours?|per ?cent|%|million|billion))"


def count_found(n: int, text: str) -> bool:
    """Whether the number is in `text`, as digits or words, and not as a time or a share."""
    return _has(text, numbers(n) + ([f"{n:,}"] if n >= 1000 else []), _NOT_A_COUNT)


# The months in the other languages the samples' and the tried cases' sources are written in
# (French, Spanish, Portuguese, German, Dutch, Italian, Turkish; Russian in the genitive, as
# a date writes it), lower case.
_OTHER_MONTHS = [
    "janvier enero janeiro januar januari gennaio ocak января",
    "février febrero fevereiro februar februari febbraio şubat февраля",
    "mars marzo março märz maart mart марта",
    "avril abril april aprile nisan апреля",
    "mai mayo maio mei maggio mayıs мая",
    "juin junio junho juni giugno haziran июня",
    "juillet julio julho juli luglio temmuz июля",
    "août agosto augustus ağustos августа",
    "septembre septiembre setembro september settembre eylül сентября",
    "octobre octubre outubro oktober ottobre ekim октября",
    "novembre noviembre novembro november kasım ноября",
    "décembre diciembre dezembro dezember december dicembre aralık декабря",
]


# After a day's figures: an English ordinal, the old "2d" and "23d" ("the 23d of February
# 2016"), or the full stop German writes ("Montag, den 21. Juli").
_ORDINAL = r"(?:st|nd|rd|th|d|\.)?"


def _month_names(month: int) -> list[str]:
    name = MONTHS[month - 1].lower()
    other = [n for n in dict.fromkeys(_OTHER_MONTHS[month - 1].split()) if n != name]
    return [name, name[:3] + ".", name[:3], *other] + (["sept", "sept."] if month == 9 else [])


def date_found(when: PartialDate, text: str, published: PartialDate | None) -> bool:
    """Whether `text` gives the date: to the day, "3 March", "March 3" or "3/3/2023" (the
    year written in the text or the source's own); to the month, the month before the year;
    to the year, the year."""
    year = str(when.year)
    if when.month is None:
        return bool(re.search(rf"(?<!\d){year}(?!\d)", text))
    names = "|".join(re.escape(n) for n in _month_names(when.month))
    if when.day is None:
        if re.search(rf"\b(?:{names})(?:,| of)? {year}\b", text):
            return True
        # Any day of the month in figures: "28-05-2021", "28/05/2021", "2021-05-28".
        m = f"0?{when.month}"
        figures = [
            rf"(?<!\d)\d{{1,2}}[-/.]{m}[-/.]{year}(?!\d)",  # 28-05-2021, 28/05/2021
            rf"(?<![\d/]){m}/\d{{1,2}}/{year}(?!\d)",  # 05/28/2021, as US sources write it
            rf"(?<!\d){year}-{when.month:02d}-\d{{2}}(?!\d)",  # 2021-05-28
        ]
        if any(re.search(f, text) for f in figures):
            return True
        # A day of that month ("May 28, 2021", "28 May"), the year as for a full date.
        on_a_day = rf"(?<!\d)\d{{1,2}}{_ORDINAL} (?:of )?(?:{names})(?![a-z])|\b(?:{names}) \d{{1,2}}(?!\d)"
        return bool(re.search(on_a_day, text)) and _the_year(when, text, published)
    day = f"0?{when.day}{_ORDINAL}"
    numeric = [
        f"{when.year}-{when.month:02d}-{when.day:02d}",
        f"{when.day}/{when.month}/{year}",
        f"{when.day:02d}/{when.month:02d}/{year}",
        f"{when.month}/{when.day}/{year}",
        f"{when.day}.{when.month}.{year}",
        f"{when.day:02d}.{when.month:02d}.{year}",
        f"{when.day:02d}-{when.month:02d}-{year}",
        f"{when.day}-{when.month}-{year}",
    ]
    if any(n in text for n in numeric):
        return True
    written = re.search(rf"(?<!\d){day} (?:of |de )?(?:{names})(?![a-z])|\b(?:{names}) {day}(?!\d)", text)
    if not written:
        return False
    return _the_year(when, text, published)


def _the_year(when: PartialDate, text: str, published: PartialDate | None) -> bool:
    """The year is in the text, or is the source's own: "on Tuesday, Nov. 16" in a report of 2021."""
    in_text = re.search(rf"(?<!\d){when.year}(?!\d)", text) is not None
    return in_text or (published is not None and published.year == when.year)


def day_without_year(when: PartialDate, text: str) -> bool:
    """The text gives the day and month of `when` but neither it nor the source gives the year."""
    if when.month is None:
        return False
    names = "|".join(re.escape(n) for n in _month_names(when.month))
    day = r"\d{1,2}" if when.day is None else f"0?{when.day}"
    return bool(
        re.search(rf"(?<!\d){day}{_ORDINAL} (?:of )?(?:{names})(?![a-z])|\b(?:{names}) {day}(?!\d)", text)
    )


_MINOR = frozenset(
    ["the", "of", "and", "for", "in", "on", "at", "to", "a", "an", "de", "du", "la", "le", "des"]
)


def day_and_month_found(day: int, month: int, text: str) -> bool:
    """Whether `text` gives the day of the month ("16 November", "November 16"), in prose that
    gives no year."""
    names = "|".join(re.escape(n) for n in _month_names(month))
    on = f"0?{day}(?:st|nd|rd|th)?"
    pattern = "|".join(
        [
            rf"(?<!\d){on} (?:of |de )?(?:{names})(?![a-z])",
            rf"\b(?:{names}) {on}(?!\d)",
            rf"(?<![\d/]){month}/{day}(?!\d)",
        ]
    )
    # The end of a span of days: "April 11-12", "11-12 April".
    span = rf"\b(?:{names}) \d{{1,2}}-{on}(?!\d)|(?<!\d)\d{{1,2}}-{on} (?:{names})(?![a-z])"
    return bool(re.search(pattern, text) or re.search(span, text))


def name_found(name: str, text: str) -> bool:
    """Whether a court's, a body's or a person's name is in `text`: whole, or each of its
    words ("Golovinsky District Court of Moscow" in "the Golovinsky district court in
    Moscow"), since sources shorten and reorder names; a name none of whose words is in the
    text is not found."""
    wanted = re.sub(r"^the ", "", normalise(name))
    if wanted in text or re.sub(r"\s*\([^)]*\)", "", wanted) in text:
        return True
    # A writer's note in brackets ("Cambodian court (not named in the source)") is not the name.
    words = [w for w in re.findall(r"[\w'-]+", re.sub(r"\([^)]*\)", " ", wanted)) if w not in _MINOR]
    return bool(words) and all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in words)


# A quotation's own conventions: an ellipsis where words were left out, square brackets
# around words the quoting writer put in.
_GAPS = re.compile(r"\.\.\.|\[[^\]]*\]")


def quotation_found(quote: str, text: str) -> bool:
    """Whether each stretch of the quotation between its ellipses and bracketed words is in
    `text`, in order."""
    pieces = [p.strip(" ,;:.!?'\"") for p in _GAPS.split(normalise(quote))]
    at = 0
    for piece in (p for p in pieces if p):
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def closest(quote: str, text: str) -> tuple[str, float]:
    """The stretch of `text` most like the quotation, and how alike (0 to 1): for the message."""
    wanted = normalise(quote).split()
    words = text.split()
    if not wanted or not words:
        return "", 0.0
    size = len(wanted)
    first = set(wanted[:3])
    best, ratio = "", 0.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    # Windows that start with one of the quotation's first words: a bounded number of tries.
    starts = [i for i, w in enumerate(words) if w in first][:200] or range(0, len(words), max(1, size))
    for i in starts:
        window = words[i : i + size]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= ratio or matcher.quick_ratio() <= ratio:
            continue
        alike = matcher.ratio()
        if alike > ratio:
            best, ratio = " ".join(window), alike
    return best.strip(" ,;:'\""), ratio
