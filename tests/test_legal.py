"""Unit tests of content/legal.py: durations, money, penalties, sentences, co-defendants, proceedings.

Tests marked xfail(strict=True) state behaviour the code does not have yet but should: each
reason says what is wrong. Once the code is fixed the test passes, strict xfail turns that into
a failure, and the marker is to be removed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from dossier.content.legal import (
    Charge,
    Clemency,
    CoDefendants,
    Duration,
    DurationValue,
    Limit,
    Money,
    MoneyValue,
    Penalty,
    Proceeding,
    Sentence,
    Stage,
)
from dossier.render.proceedings import (
    clemency_phrase,
    law,
    penalty_text,
    sentence_text,
    stage_text,
    standing_sentence,
)

DURATION: TypeAdapter[Duration] = TypeAdapter(DurationValue)
MONEY: TypeAdapter[Money] = TypeAdapter(MoneyValue)
LIMIT: TypeAdapter[Duration | str] = TypeAdapter(Limit)
NBSP = "\u00a0"


def refused(adapter: TypeAdapter[Any], value: object, message: str | None = None) -> None:
    """`value` is refused, with an error whose text contains `message` when one is given."""
    with pytest.raises(ValidationError, match=re.escape(message) if message is not None else None):
        adapter.validate_python(value)


def penalty(**fields: object) -> Penalty:
    return Penalty.model_validate(fields)


def sentence(**fields: object) -> Sentence:
    return Sentence.model_validate({"sources": ["src"], **fields})


def stage(kind: str, **fields: object) -> Stage:
    return Stage.model_validate({"stage": kind, "sources": ["src"], **fields})


def proceeding(stages: list[Stage]) -> Proceeding:
    return Proceeding.model_validate(
        {
            "id": "case",
            "title": "Case",
            "charges": [{"id": "count", "offence": "Plotting", "sources": ["src"]}],
            "stages": [s.model_dump() for s in stages],
            "sources": ["src"],
        }
    )


# Durations


@pytest.mark.parametrize(
    ("written", "parts", "printed"),
    [
        ("4 years and 8 months", (4, 8, 0), "4 years and 8 months"),
        ("4 years 8 months", (4, 8, 0), "4 years and 8 months"),
        ("4 years, and 8 months", (4, 8, 0), "4 years and 8 months"),
        ("18 months", (0, 18, 0), "18 months"),
        ("1 year", (1, 0, 0), "1 year"),
        ("1 years", (1, 0, 0), "1 year"),
        ("4 year", (4, 0, 0), "4 years"),
        ("4 YEARS", (4, 0, 0), "4 years"),
        ("2 years, 6 months and 15 days", (2, 6, 15), "2 years, 6 months and 15 days"),
        ("1 day", (0, 0, 1), "1 day"),
        # A duration has no weeks: they are kept as days.
        ("3 weeks", (0, 0, 21), "21 days"),
        ("1 week and 2 days", (0, 0, 9), "9 days"),
        ({"years": 4, "months": 8}, (4, 8, 0), "4 years and 8 months"),
        ({"days": 10}, (0, 0, 10), "10 days"),
    ],
)
def test_duration_parsed_and_printed(written: object, parts: tuple[int, int, int], printed: str) -> None:
    duration = DURATION.validate_python(written)
    assert (duration.years, duration.months, duration.days) == parts
    assert str(duration) == printed


@pytest.mark.parametrize(
    ("fields", "printed"),
    [
        ({"years": 1}, "1 year"),
        ({"months": 1}, "1 month"),
        ({"days": 1}, "1 day"),
        ({"years": 1, "months": 1}, "1 year and 1 month"),
        ({"years": 1, "months": 1, "days": 1}, "1 year, 1 month and 1 day"),
        ({"years": 2, "days": 1}, "2 years and 1 day"),
        ({"months": 11, "days": 2}, "11 months and 2 days"),
    ],
)
def test_duration_singular_for_one(fields: dict[str, int], printed: str) -> None:
    assert str(Duration.model_validate(fields)) == printed


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("5", "'5' is not a duration: write it as '4 years', '18 months' or '4 years and 8 months'"),
        (5, "write the unit too: '5 years' or '5 months'"),
        ("five years", "'five years' is not a duration"),
        ("4 years 8 oranges", "'4 years 8 oranges' is not a duration"),
        ("4 years8 months", "is not a duration"),
        ("life", "'life' is not a duration"),  # life is a penalty's bound, not a duration
        ("", "is not a duration"),
        ("1000 years", "is not a duration"),
        ("0 years", "a duration of nothing: give years, months or days"),
        ("0 years and 0 months", "a duration of nothing"),
        ({"years": 0}, "a duration of nothing"),
        ({}, "a duration of nothing"),
    ],
)
def test_duration_refused(written: object, message: str) -> None:
    refused(DURATION, written, message)


def test_duration_mapping_is_strict() -> None:
    refused(DURATION, {"years": "4"}, "Input should be a valid integer")
    refused(DURATION, {"years": True}, "Input should be a valid integer")
    refused(DURATION, {"years": -1}, "greater than or equal to 0")
    refused(DURATION, {"years": 4, "weeks": 2}, "Extra inputs are not permitted")
    refused(DURATION, True, "Input should be a valid dictionary")


def test_duration_with_a_unit_twice_is_refused() -> None:
    refused(DURATION, "4 years 4 years")


def test_in_months_orders_durations() -> None:
    days = [DURATION.validate_python(d).in_months() for d in ("29 days", "1 month", "11 months", "1 year")]
    assert days == sorted(days)


# Money


@pytest.mark.parametrize(
    ("written", "currency", "amount"),
    [
        ("USD 500,000", "USD", "500,000"),
        ("HKD 2,000,000", "HKD", "2,000,000"),
        ("€ 1,200", "€", "1,200"),
        ("€1,200", "€", "1,200"),
        ("USD500", "USD", "500"),
        ("KHR 2 000 000", "KHR", "2 000 000"),
        ("USD 500,000.50", "USD", "500,000.50"),
        ("US$ 10", "US$", "10"),
        ("  EUR 7  ", "EUR", "7"),
        ({"currency": "GBP", "amount": "1,000"}, "GBP", "1,000"),
    ],
)
def test_money_parsed(written: object, currency: str, amount: str) -> None:
    money = MONEY.validate_python(written)
    assert (money.currency, money.amount) == (currency, amount)


def test_money_printed_with_a_no_break_space() -> None:
    assert str(MONEY.validate_python("USD 500,000")) == f"USD{NBSP}500,000"
    assert str(MONEY.validate_python("€1,200")) == f"€{NBSP}1,200"


@pytest.mark.parametrize(
    "written",
    ["500 dollars", "500", "$ 1.5 million", "USD -5", "USD", "USD five", "USD 5 000 dollars"],
)
def test_money_refused(written: str) -> None:
    refused(MONEY, written, f"'{written}' is not an amount: write the currency, then the amount")


def test_money_as_a_number_is_refused() -> None:
    refused(MONEY, 500, "Input should be a valid dictionary")


@pytest.mark.parametrize("written", ["!!! 5", "... 5", "- 5"])
def test_money_needs_a_currency(written: str) -> None:
    refused(MONEY, written, "is not an amount")


def test_money_of_nothing_is_refused() -> None:
    refused(MONEY, "USD 0")


# Penalties


@pytest.mark.parametrize(
    ("fields", "printed", "text"),
    [
        ({"min": "15 years", "max": "30 years"}, "15 years to 30 years", "15 to 30 years"),
        ({"min": "1 year", "max": "2 years"}, "1 year to 2 years", "1 to 2 years"),
        (
            {"min": "6 months", "max": "2 years and 6 months"},
            "6 months to 2 years and 6 months",
            "6 months to 2 years and 6 months",
        ),
        ({"min": "18 months", "max": "5 years"}, "18 months to 5 years", "18 months to 5 years"),
        ({"max": "5 years"}, "up to 5 years", "up to 5 years"),
        ({"min": "2 years"}, "at least 2 years", "at least 2 years"),
        (
            {"min": "10 years", "max": "life"},
            "10 years to life imprisonment",
            "10 years to life imprisonment",
        ),
        ({"min": "10 years", "max": "Life imprisonment"}, "10 years to life imprisonment", None),
        ({"max": "life"}, "up to life imprisonment", None),
        ({"fine": "USD 500"}, f"a fine of up to USD{NBSP}500", None),
        ({"max": "5 years", "fine": "USD 500"}, f"up to 5 years and a fine of up to USD{NBSP}500", None),
        ({"min": {"years": 15}, "max": {"years": 30}}, "15 years to 30 years", "15 to 30 years"),
    ],
)
def test_penalty_printed(fields: dict[str, object], printed: str, text: str | None) -> None:
    value = penalty(**fields)
    assert str(value) == printed
    assert penalty_text(value) == (text if text is not None else printed)


def test_penalty_bounds_are_parsed() -> None:
    value = penalty(min="6 months", max="life", fine="TLD 4,000,000")
    assert value.min == Duration(months=6)
    assert value.max == "life"
    assert value.fine == Money(currency="TLD", amount="4,000,000")
    assert LIMIT.validate_python(" LIFE ") == "life"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"min": "30 years", "max": "15 years"},
            "impossible penalty range 30 years to 15 years: min is greater than max",
        ),
        (
            {"min": "2 years and 6 months", "max": "1 year"},
            "impossible penalty range 2 years and 6 months to 1 year: min is greater than max",
        ),
        ({"min": "13 months", "max": "1 year"}, "impossible penalty range 13 months to 1 year"),
        (
            {"min": "life", "max": "20 years"},
            "a penalty from life imprisonment to a fixed term: min is greater than max",
        ),
        ({}, "an empty penalty: give min, max or fine, or leave 'penalty' out"),
        ({"min": None, "max": None}, "an empty penalty"),
        ({"max": "15"}, "'15' is not a duration"),
        ({"max": 15}, "write the unit too: '15 years' or '15 months'"),
        ({"max": "5 years", "fine": "5000"}, "'5000' is not an amount"),
    ],
)
def test_penalty_refused(fields: dict[str, object], message: str) -> None:
    refused(TypeAdapter(Penalty), fields, message)


def test_penalty_of_equal_bounds_is_accepted() -> None:
    penalty(min="5 years", max="5 years")
    penalty(min="life", max="life")


@pytest.mark.parametrize(("low", "high"), [("12 months", "1 year"), ("24 months", "2 years")])
def test_penalty_bounds_equal_in_other_units_are_accepted(low: str, high: str) -> None:
    penalty(min=low, max=high)


@pytest.mark.parametrize(
    ("fields", "printed"),
    [
        ({"min": "1 year", "max": "1 year"}, "1 year"),
        ({"min": "5 years", "max": "5 years"}, "5 years"),
        ({"min": "life", "max": "life"}, "life imprisonment"),
        ({"min": "life"}, "life imprisonment"),
    ],
)
def test_penalty_of_one_value_prints_it_once(fields: dict[str, object], printed: str) -> None:
    value = penalty(**fields)
    assert penalty_text(value) == printed
    assert str(value) == printed


def test_penalty_text_shortens_a_range_with_a_fine_too() -> None:
    value = penalty(min="15 years", max="30 years", fine="USD 500")
    assert penalty_text(value) == f"15 to 30 years and a fine of up to USD{NBSP}500"


# Sentences


def test_sentence_printed_in_full() -> None:
    value = sentence(
        imprisonment="4 years and 8 months",
        suspended=True,
        fine="USD 5,000",
        damages="EUR 20,000",
        other=["barred from standing for office", "deprived of the right to vote"],
    )
    assert str(value) == (
        f"4 years and 8 months (suspended); a fine of USD{NBSP}5,000; damages of EUR{NBSP}20,000; "
        "barred from standing for office; deprived of the right to vote"
    )


@pytest.mark.parametrize(
    ("fields", "printed"),
    [
        ({"imprisonment": "4 years and 8 months"}, "4 years and 8 months"),
        ({"imprisonment": "1 year"}, "1 year"),
        ({"imprisonment": "18 months", "suspended": True}, "18 months (suspended)"),
        ({"life": True}, "life imprisonment"),
        ({"fine": "HKD 2,000,000"}, f"a fine of HKD{NBSP}2,000,000"),
        ({"damages": "€ 1,200"}, f"damages of €{NBSP}1,200"),
        ({"other": ["barred from office"]}, "barred from office"),
        (
            {"life": True, "other": ["deprived of the right to vote"]},
            "life imprisonment; deprived of the right to vote",
        ),
    ],
)
def test_sentence_printed(fields: dict[str, object], printed: str) -> None:
    assert str(sentence(**fields)) == printed
    assert sentence_text(sentence(**fields)) == printed


def test_sentence_fields_parsed() -> None:
    value = sentence(
        imprisonment="4 years and 8 months",
        parts=[
            {"charge": "incitement", "imprisonment": "3 years", "fine": "USD 5"},
            {"charge": "plot", "life": True},
        ],
        date="2021-06",
        description="Imposed [@src].",
    )
    assert value.imprisonment == Duration(years=4, months=8)
    assert [(p.charge, p.imprisonment, p.life) for p in value.parts] == [
        ("incitement", Duration(years=3), False),
        ("plot", None, True),
    ]
    assert value.parts[0].fine == Money(currency="USD", amount="5")
    assert value.date is not None and str(value.date) == "June 2021"
    assert not value.life and not value.suspended and value.other == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"life": True, "imprisonment": "5 years"},
            "a sentence both of life and of a fixed term: give one",
        ),
        ({}, "a sentence with no penalty: give imprisonment, life, fine, damages, other"),
        ({"suspended": True}, "a sentence with no penalty"),
        ({"other": []}, "a sentence with no penalty"),
        # Parts with no term of their own are no penalty (parts alone with terms are: see below).
        ({"parts": [{"charge": "a"}]}, "a sentence with no penalty"),
        ({"imprisonment": "0 months"}, "a duration of nothing"),
        ({"imprisonment": "5 years", "parts": [{"charge": "Not An Id"}]}, "String should match pattern"),
        ({"imprisonment": "5 years", "years": 5}, "Extra inputs are not permitted"),
        ({"life": "yes"}, "Input should be a valid boolean"),
    ],
)
def test_sentence_refused(fields: dict[str, object], message: str) -> None:
    refused(TypeAdapter(Sentence), {"sources": ["src"], **fields}, message)


def test_sentence_needs_a_source() -> None:
    refused(TypeAdapter(Sentence), {"imprisonment": "1 year", "sources": []}, "at least 1 item")
    refused(TypeAdapter(Sentence), {"imprisonment": "1 year"}, "Field required")


@pytest.mark.parametrize("fields", [{"fine": "USD 500"}, {"life": True}, {"other": ["barred from office"]}])
def test_suspended_without_a_term_is_refused(fields: dict[str, object]) -> None:
    refused(TypeAdapter(Sentence), {"sources": ["src"], "suspended": True, **fields}, "suspended")


def test_aggregate_sentence_says_in_all() -> None:
    value = sentence(imprisonment="4 years and 8 months", parts=[{"charge": "a", "imprisonment": "3 years"}])
    assert sentence_text(value) == "4 years and 8 months in all (a: 3 years)"
    assert sentence_text(value, {"a": "plotting"}) == "4 years and 8 months in all (plotting: 3 years)"


def test_in_all_belongs_to_the_total_term() -> None:
    value = sentence(
        imprisonment="4 years and 8 months",
        fine="USD 5",
        other=["barred from office"],
        parts=[{"charge": "a", "imprisonment": "3 years"}],
    )
    assert sentence_text(value).startswith("4 years and 8 months in all; ")
    assert not sentence_text(value).endswith("in all")
    life = sentence(
        life=True, parts=[{"charge": "a", "life": True}, {"charge": "b", "imprisonment": "5 years"}]
    )
    assert "life imprisonment in all" not in sentence_text(life)


# How the parts of an aggregate sentence make up the whole


def parts(*terms: str | None) -> list[dict[str, object]]:
    return [{"charge": f"c{n}", **({"imprisonment": t} if t else {})} for n, t in enumerate(terms)]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        # Served one after another: the sum is the whole.
        (
            {
                "imprisonment": "4 years and 8 months",
                "concurrent": False,
                "parts": parts("3 years", "20 months"),
            },
            None,
        ),
        (
            {"imprisonment": "42 years", "concurrent": False, "parts": parts("28 years", "6 months")},
            "the parts add up to 28 years and 6 months, not 42 years",
        ),
        # At the same time: the longest is the whole; none is longer.
        (
            {"imprisonment": "2 years", "concurrent": True, "parts": parts("2 years", "1 year", "2 years")},
            None,
        ),
        (
            {"imprisonment": "3 years", "concurrent": True, "parts": parts("2 years", "1 year")},
            "the longest part is 2 years, not 3 years",
        ),
        (
            {"imprisonment": "2 years", "concurrent": True, "parts": parts("3 years", "1 year")},
            "a part of 3 years is longer than the whole sentence of 2 years",
        ),
        # Not stated: the whole lies between the longest part and the sum.
        ({"imprisonment": "3 years", "parts": parts("2 years", "2 years")}, None),
        (
            {"imprisonment": "42 years", "parts": parts("28 years", "6 months")},
            "the whole sentence of 42 years is more than its parts add up to (28 years and 6 months)",
        ),
        ({"imprisonment": "1 year", "parts": parts("2 years")}, "a part of 2 years is longer than the whole"),
        # A part without its term: nothing can be added up.
        ({"imprisonment": "42 years", "concurrent": False, "parts": parts("28 years", None)}, None),
        # 12 months and 1 year are the same term.
        ({"imprisonment": "1 year", "concurrent": True, "parts": parts("12 months", "6 months")}, None),
    ],
)
def test_parts_make_up_the_whole_as_they_run(fields: dict[str, object], problem: str | None) -> None:
    found = sentence(**fields).parts_problem()
    assert (found is None) if problem is None else (found is not None and found.startswith(problem))


def test_how_the_terms_run_is_printed_with_the_whole() -> None:
    run = parts("2 years", "1 year")
    assert str(sentence(imprisonment="2 years", concurrent=True, parts=run)).startswith(
        "2 years, the terms served concurrently"
    )
    assert str(sentence(imprisonment="3 years", concurrent=False, parts=run)).startswith(
        "3 years in all, the terms served consecutively"
    )
    assert str(sentence(imprisonment="3 years", parts=run)) == "3 years in all"


def test_concurrent_needs_parts() -> None:
    refused(
        TypeAdapter(Sentence),
        {"sources": ["s"], "imprisonment": "2 years", "concurrent": True},
        "at least two parts",
    )


# Charges and stages


def test_charge_with_only_what_it_needs_leaves_the_rest_unknown() -> None:
    charge = Charge.model_validate({"id": "obstruction", "offence": "Obstruction", "sources": ["src"]})
    assert (charge.instrument, charge.article, charge.penalty, charge.date_charged) == (
        None,
        None,
        None,
        None,
    )
    assert charge.status == "unknown"
    assert law(charge) == ""


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"instrument": "Penal Code", "article": "443"}, "Penal Code, article 443"),
        ({"instrument": "Penal Code"}, "Penal Code"),
        ({"article": "12(3)"}, "Article 12(3)"),
    ],
)
def test_law_says_as_much_as_is_given(fields: dict[str, str], text: str) -> None:
    charge = Charge.model_validate({"id": "c", "offence": "X", "sources": ["src"], **fields})
    assert law(charge) == text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"article": 443}, "Input should be a valid string"),  # YAML `article: 443`
        ({"penalty_years": 5}, "Extra inputs are not permitted"),
        ({"date_charged": "2020-13"}, "is not a date that exists"),
        ({"status": "sentenced"}, "Input should be 'unknown', 'pending'"),
        ({"penalty": {}}, "an empty penalty"),
        ({"id": "Plotting Case"}, "String should match pattern"),
        ({"offence": "  "}, "at least 1 character"),
    ],
)
def test_charge_refused(fields: dict[str, object], message: str) -> None:
    data = {"id": "c", "offence": "X", "sources": ["src"], **fields}
    refused(TypeAdapter(Charge), data, message)


def test_charge_text_is_typographic() -> None:
    charge = Charge.model_validate({"id": "c", "offence": 'Incitement to "disorder"', "sources": ["src"]})
    assert charge.offence == "Incitement to \u201cdisorder\u201d"


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({}, "Court not named in the sources"),
        ({"opened": "2024-03"}, "Court not named in the sources: opened March 2024"),
        (
            {"opened": "2024-01", "outcome": "pending"},
            "Court not named in the sources: opened January 2024; pending",
        ),
        (
            {"court": "City Court", "opened": "2021-01-18", "decided": "2021-06-30", "outcome": "convicted"},
            "City Court: opened 18 January 2021; convicted, 30 June 2021",
        ),
        (
            {"court": "City Court", "judges": ["A. Judge"], "decided": "2021-06-30", "outcome": "convicted"},
            "City Court (Judge A. Judge): convicted, 30 June 2021",
        ),
        (
            {"court": "City Court", "judges": ["A. Judge", "B. Judge", "C. Judge"], "case_number": "7/21"},
            "City Court (Judges A. Judge, B. Judge and C. Judge) (case 7/21)",
        ),
        ({"court": "Court of Appeal", "outcome": "upheld"}, "Court of Appeal: upheld"),
        (
            {"court": "Court of Cassation", "outcome": "sentence_reduced"},
            "Court of Cassation: sentence reduced",
        ),
        ({"court": "Court", "outcome": "unknown", "decided": "2022"}, "Court: 2022"),
        (
            {"court": "Court", "outcome": "convicted", "sentence": {"life": True, "sources": ["src"]}},
            "Court: convicted; life imprisonment",
        ),
    ],
)
def test_stage_text(fields: dict[str, object], text: str) -> None:
    assert stage_text(stage("first_instance", **fields)) == text


def test_stage_defaults_say_nothing() -> None:
    value = stage("appeal")
    assert value.outcome == "unknown"
    assert (value.court, value.case_number, value.opened, value.decided, value.sentence) == (None,) * 5


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"stage": "supreme_court"}, "Input should be 'investigation', 'first_instance'"),
        ({"outcome": "guilty"}, "Input should be 'pending', 'convicted'"),
        ({"sentence": {"sources": ["src"]}}, "a sentence with no penalty"),
        ({"sources": []}, "at least 1 item"),
    ],
)
def test_stage_refused(fields: dict[str, object], message: str) -> None:
    refused(TypeAdapter(Stage), {"stage": "appeal", "sources": ["src"], **fields}, message)


# Co-defendants


@pytest.mark.parametrize(
    ("fields", "printed"),
    [
        ({"count": 3}, "3 (not named in the sources)"),
        ({"names": ["D. Other", "E. Another"]}, "D. Other and E. Another"),
        ({"names": ["D. Other", "E. Another", "F. Third"]}, "D. Other, E. Another and F. Third"),
        ({"count": 2, "names": ["D. Other", "E. Another"]}, "D. Other and E. Another"),
        ({"count": 4, "names": ["D. Other", "E. Another"]}, "4, among them D. Other and E. Another"),
        ({"count": 1}, "1 (not named in the sources)"),
        ({"count": 0}, "none"),
        ({"tried": 108}, "108 defendants tried together"),
        ({"tried": 108, "names": ["D. Other"]}, "108 defendants tried together, among them D. Other"),
    ],
)
def test_co_defendants_printed(fields: dict[str, object], printed: str) -> None:
    assert str(CoDefendants.model_validate(fields)) == printed


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "give a count, names, or both (or leave 'co_defendants' out)"),
        ({"names": []}, "give a count, names, or both"),
        ({"count": 1, "names": ["D. Other", "E. Another"]}, "2 names but a count of 1"),
        ({"count": -1}, "greater than or equal to 0"),
        ({"count": "3"}, "Input should be a valid integer"),
        ({"count": 107, "tried": 108}, "give 'count' (the co-defendants) or 'tried'"),
        ({"tried": 2, "names": ["D. Other", "E. Another"]}, "2 co-defendants named, but 2 tried in all"),
        ({"tried": 0}, "'tried' counts the subject too"),
    ],
)
def test_co_defendants_refused(fields: dict[str, object], message: str) -> None:
    refused(TypeAdapter(CoDefendants), fields, message)


# Proceedings


def test_proceeding_sentence_and_court_come_from_the_latest_stage_that_gives_them() -> None:
    first = stage(
        "first_instance",
        court="City Court",
        outcome="convicted",
        sentence={"imprisonment": "5 years", "sources": ["src"]},
    )
    appeal = stage(
        "appeal",
        court="Court of Appeal",
        outcome="sentence_reduced",
        sentence={"imprisonment": "3 years", "sources": ["src"]},
    )
    cassation = stage("cassation", outcome="pending")
    value = proceeding([first, appeal, cassation])
    assert value.latest_stage is not None and value.latest_stage.stage == "cassation"
    assert value.sentence is not None and value.sentence.imprisonment == Duration(years=3)
    assert value.court == "Court of Appeal"


def test_an_upheld_sentence_is_the_one_imposed_before() -> None:
    first = stage(
        "first_instance", court="City Court", outcome="convicted", sentence={"life": True, "sources": ["src"]}
    )
    value = proceeding([first, stage("appeal", outcome="upheld")])
    assert value.sentence is not None and value.sentence.life
    assert value.court == "City Court"


def test_proceeding_without_stages_has_no_sentence_or_court() -> None:
    value = proceeding([])
    assert (value.latest_stage, value.sentence, value.court) == (None, None, None)
    assert value.status == "unknown"
    assert (value.case_number, value.co_defendants, value.text) == (None, None, None)


@pytest.mark.parametrize("outcome", ["acquitted", "quashed", "retrial_ordered"])
def test_no_sentence_stands_after_an_acquittal_or_quashing(outcome: str) -> None:
    first = stage(
        "first_instance",
        court="City Court",
        outcome="convicted",
        sentence={"imprisonment": "5 years", "sources": ["src"]},
    )
    assert proceeding([first, stage("appeal", outcome=outcome)]).sentence is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"charges": []}, "at least 1 item"),
        ({"status": "sentenced"}, "'on_trial' or 'closed'"),
        ({"court": "City Court"}, "Extra inputs are not permitted"),  # courts are given stage by stage
        ({"co_defendants": 3}, "Input should be a valid dictionary"),
    ],
)
def test_proceeding_refused(fields: dict[str, object], message: str) -> None:
    data = {
        "id": "case",
        "title": "Case",
        "charges": [{"id": "c", "offence": "X", "sources": ["src"]}],
        "sources": ["src"],
        **fields,
    }
    refused(TypeAdapter(Proceeding), data, message)


# Clemency: acts on a sentence after the courts


def act(**fields: object) -> Clemency:
    return Clemency.model_validate({"kind": "pardon", "date": "2023-08-01", "sources": ["s"], **fields})


@pytest.mark.parametrize(
    ("fields", "phrase"),
    [
        ({"leaves": "27 years"}, "reduced to 27 years by a pardon on 1 August 2023"),
        ({"leaves": "none", "by": "President X"}, "remitted by a pardon of President X on 1 August 2023"),
        # A pardon the sources do not measure may have left nothing: no "leaving a term".
        ({}, "a pardon on 1 August 2023 (what it leaves of the sentence is not stated)"),
        (
            {"kind": "commutation", "leaves": "10 years"},
            "commuted to 10 years by a commutation on 1 August 2023",
        ),
        (
            {"kind": "amnesty", "covers": ["insult"], "leaves": "none"},
            "remitted (for insulting the king) by an amnesty on 1 August 2023",
        ),
        # A reduction is said of whoever made it: a court as well as an official.
        (
            {"kind": "reduction", "by": "an Iranian court"},
            "reduced by an Iranian court on 1 August 2023, to a term the sources do not state",
        ),
        ({"kind": "reduction", "leaves": "8 years"}, "reduced to 8 years on 1 August 2023"),
        (
            {"kind": "early_release", "by": "the prison board"},
            "released early by the prison board on 1 August 2023",
        ),
    ],
)
def test_clemency_phrase(fields: dict[str, object], phrase: str) -> None:
    assert clemency_phrase(act(**fields), {"insult": "insulting the king"}) == phrase


def test_the_sentence_that_stands_is_printed_with_its_reduction() -> None:
    imposed = {
        "stage": "first_instance",
        "outcome": "convicted",
        "decided": "2022-12-01",
        "sentence": {"imprisonment": "33 years", "sources": ["s"]},
        "sources": ["s"],
    }
    proceeding = Proceeding.model_validate(
        {
            "id": "p",
            "title": "P",
            "charges": [{"id": "c", "offence": "O", "sources": ["s"]}],
            "stages": [imposed],
            "clemency": [{"kind": "pardon", "date": "2023-08-01", "leaves": "27 years", "sources": ["s"]}],
            "sources": ["s"],
        }
    )
    assert standing_sentence(proceeding) == "33 years; reduced to 27 years by a pardon on 1 August 2023"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "clemency"}, "Input should be 'pardon'"),
        ({"leaves": "all"}, "is not a duration"),
        ({"sources": []}, "at least 1 item"),
        ({"court": "X"}, "Extra inputs are not permitted"),
    ],
)
def test_clemency_refused(fields: dict[str, object], message: str) -> None:
    refused(
        TypeAdapter(Clemency), {"kind": "pardon", "date": "2023-08-01", "sources": ["s"], **fields}, message
    )


def test_a_sentence_given_only_by_its_parts_says_each_term_never_a_whole() -> None:
    run = parts("6 years", "1 year and 6 months")
    assert str(sentence(parts=run, other=["two years of internal exile"])) == (
        "prison terms of 6 years and of 1 year and 6 months, no whole term given; two years of internal exile"
    )
    assert (
        str(sentence(parts=run, concurrent=True))
        == "prison terms of 6 years and of 1 year and 6 months, served concurrently"
    )
    assert str(sentence(parts=parts("2 years"))) == "a prison term of 2 years"


def test_parts_alone_are_a_penalty() -> None:
    assert sentence(parts=parts("2 years")).parts
    refused(
        TypeAdapter(Sentence), {"sources": ["s"], "parts": [{"charge": "a"}]}, "a sentence with no penalty"
    )


def test_a_term_the_sources_give_differently_is_printed_as_such() -> None:
    value = sentence(
        imprisonment={
            "differ": [{"value": "2 years", "sources": ["hrw"]}, {"value": "8 years", "sources": ["lat"]}]
        },
        other=["74 lashes"],
    )
    assert value.term is None
    assert str(value) == "sources differ: 2 years or 8 years; 74 lashes"
    refused(
        TypeAdapter(Sentence),
        {"sources": ["s"], "imprisonment": {"differ": [{"value": "2 years", "sources": ["a"]}]}},
        "at least 2 items",
    )


def test_a_count_the_sources_give_differently_is_printed_with_both() -> None:
    versions = {"differ": [{"value": 107, "sources": ["a"]}, {"value": 108, "sources": ["b"]}]}
    assert str(CoDefendants.model_validate({"tried": versions})) == (
        "107 or 108 defendants tried together (sources differ)"
    )
    assert str(CoDefendants.model_validate({"count": versions, "names": ["D. Other"]})) == (
        "107 or 108 (sources differ), among them D. Other"
    )
    refused(
        TypeAdapter(CoDefendants),
        {
            "count": {"differ": [{"value": 1, "sources": ["a"]}, {"value": 3, "sources": ["b"]}]},
            "names": ["A", "B"],
        },
        "2 names but a count of 1 or 3",
    )


def test_a_charge_whose_outcome_differs_from_its_proceeding_says_so_in_the_key_facts(content: Path) -> None:
    """Beside a proceeding convicted on one count, an acquitted count listed bare would read as
    one that stands (found on the Germain Rukuki case)."""
    from dossier.cite.notes import load_style
    from dossier.content.validate import check_folder
    from dossier.render.document import render_content

    charges = content / "charges.yaml"
    acquitted = (
        "    - id: insulting\n      offence: Insulting the head of state\n"
        "      status: acquitted\n      sources: [ngo2021]\n  stages:\n"
    )
    charges.write_text(charges.read_text().replace("  stages:\n", acquitted, 1))
    dossier, _ = check_folder(content)
    rendered = render_content(dossier, load_style("oscola", content))
    facts = [str(line.value) for line in rendered.key_facts if line.label == "Charge"]
    assert facts[0].startswith("Plotting (Testland Penal Code, article 12)")
    assert not facts[0].endswith("convicted")  # the proceeding's own outcome: said once, under Court
    assert facts[1] == "Insulting the head of state; acquitted"


@pytest.mark.parametrize(
    ("last_reported", "reported"),
    [(None, "13 December 2025"), ("2024-07-16", "13 December 2025"), ("2026-01-10", "10 January 2026")],
    ids=["no report", "an earlier report", "a later report"],
)
def test_a_status_is_reported_as_late_as_an_act_of_clemency(last_reported: str | None, reported: str) -> None:
    """An early release is reported with the case as it then stood (helper-39: "upheld on
    appeal, as last reported on 16 July 2024" beside a release of 13 December 2025)."""
    fields: dict[str, Any] = {
        "id": "p",
        "title": "P",
        "status": "upheld_on_appeal",
        "charges": [{"id": "c", "offence": "O", "sources": ["s"]}],
        "stages": [{"stage": "appeal", "decided": "2023-04-21", "outcome": "upheld", "sources": ["s"]}],
        "clemency": [{"kind": "early_release", "date": "2025-12-13", "sources": ["r"]}],
        "sources": ["s"],
    }
    if last_reported:
        fields["last_reported"] = {"date": last_reported, "sources": ["t"]}
    assert str(Proceeding.model_validate(fields).status_reported) == reported


@pytest.mark.parametrize(
    ("fields", "row"),
    [
        ({"by": "President X"}, "President X, 1 August 2023; remits the sentence"),
        # Without its author, the date first (helper-39: "Who granted it is not stated in the
        # sources, June 2014").
        (
            {"kind": "amnesty", "date": "2014-06", "leaves": None},
            "June 2014; who granted it is not stated "
            "in the sources; what it leaves of the sentence is not stated",
        ),
        (
            {"date": None, "reported": "2024-01-10"},
            "By 10 January 2024; who granted it is not stated in the sources; remits the sentence",
        ),
    ],
)
def test_a_clemency_row_says_who_granted_it_or_that_the_sources_do_not(
    fields: dict[str, object], row: str
) -> None:
    from dossier.render.proceedings import _act

    defaults: dict[str, object] = {"leaves": "none"}
    assert _act(act(**{**defaults, **fields}), {}) == row
