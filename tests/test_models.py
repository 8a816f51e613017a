from datetime import date

import pytest
from pydantic import TypeAdapter, ValidationError

from dossier.content.models import Metadata, Partial, PartialDate

partial = TypeAdapter(Partial)


@pytest.mark.parametrize(
    ("value", "printed", "precision"),
    [
        (date(2017, 9, 3), "3 September 2017", "day"),
        ("2020-03", "March 2020", "month"),
        ("2013", "2013", "year"),
        (2013, "2013", "year"),
    ],
)
def test_partial_dates_print_at_their_precision(value: object, printed: str, precision: str) -> None:
    parsed = partial.validate_python(value)
    assert str(parsed) == printed
    assert parsed.precision == precision


def test_partial_date_spans_its_period() -> None:
    march = partial.validate_python("2020-03")
    assert (march.earliest(), march.latest()) == (date(2020, 3, 1), date(2020, 3, 31))
    year = partial.validate_python("2024")
    assert (year.earliest(), year.latest()) == (date(2024, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize("value", ["2020-13", "2021-02-30", "March 2020", "20-3", True])
def test_impossible_or_unreadable_dates_are_rejected(value: object) -> None:
    with pytest.raises(ValidationError):
        partial.validate_python(value)


def test_day_without_month_is_rejected() -> None:
    with pytest.raises(ValidationError):
        PartialDate(year=2020, day=3)


META = {
    "title": "T",
    "subject": {"name": "N"},
    "as_of": date(2024, 1, 1),
    "edition": {"number": 1, "date": date(2024, 1, 1)},
    "author": "A",
    "language": "en",
    "classification": "NO",
    "next_step": "x [@a]",
    "key_points": ["p [@a]"],
}


def test_text_stays_text() -> None:
    # YAML 1.2 reads NO as a string; the model must keep it, not turn it into False.
    assert Metadata.model_validate(META).classification == "NO"


def test_no_coercion_of_numbers_into_text() -> None:
    with pytest.raises(ValidationError, match="valid string"):
        Metadata.model_validate({**META, "classification": 443})


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Metadata.model_validate({**META, "colour": "red"})


def test_as_of_must_be_a_full_date() -> None:
    with pytest.raises(ValidationError, match="full date"):
        Metadata.model_validate({**META, "as_of": "2024-05"})


def test_a_native_name_carries_its_language() -> None:
    subject = {"name": "Kyaw Zaw", "native_name": {"text": "ကျော်ဇော", "lang": "my"}}
    native = Metadata.model_validate({**META, "subject": subject}).subject.native
    assert native is not None and (native.text, native.lang) == ("ကျော်ဇော", "my")


def test_name_khmer_is_still_read_as_a_native_name_in_khmer() -> None:
    old = {"name": "Kem Sokha", "name_khmer": "កឹម សុខា"}
    subject = Metadata.model_validate({**META, "subject": old}).subject
    assert subject.native is not None and (subject.native.text, subject.native.lang) == ("កឹម សុខា", "km")
    assert Metadata.model_validate(META).subject.native is None


def test_native_name_and_name_khmer_together_are_refused() -> None:
    both = {"name": "N", "name_khmer": "ក", "native_name": {"text": "ក", "lang": "km"}}
    with pytest.raises(ValidationError, match="not both"):
        Metadata.model_validate({**META, "subject": both})


@pytest.mark.parametrize("lang", ["Burmese", "MY", "", "my_MM"])
def test_a_native_name_needs_a_language_tag(lang: str) -> None:
    with pytest.raises(ValidationError):
        subject = {"name": "N", "native_name": {"text": "ក", "lang": lang}}
        Metadata.model_validate({**META, "subject": subject})


def test_dates_the_sources_give_differently_read_as_one_phrase() -> None:
    from dossier.dates import either

    assert either([(2025, 12, 11), (2025, 12, 12)]) == "11 or 12 December 2025"
    assert either([(2025, 12, 11), (2025, 12, 12)], short=True) == "11 or 12 Dec 2025"
    assert either([(2021, 11, None), (2022, 1, 5)]) == "November 2021 or 5 January 2022"
    assert either([(2021, None, None), (2022, None, None), (2023, None, None)]) == "2021, 2022 or 2023"
