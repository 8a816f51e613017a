"""Verification against the kept texts (dossier/verify/): the forms values are written in, and
mutations of a real sample caught at their line."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.cli import main
from dossier.content.base import PartialDate
from dossier.content.legal import Duration, Money
from dossier.verify import forms
from dossier.verify.run import NOT_FOUND, UNVERIFIABLE, verify_folder
from dossier.verify.texts import normalise

from .conftest import ROOT

SAMPLES = sorted(p for p in (ROOT / "content").iterdir() if (p / "dossier.yaml").is_file())
ORLOV = ROOT / "content" / "oleg-orlov"


def day(y: int, m: int | None = None, d: int | None = None) -> PartialDate:
    return PartialDate(year=y, month=m, day=d)


# The forms a value is written in


@pytest.mark.parametrize(
    "text",
    [
        "on 3 March 2023 the court",
        "on March 3, 2023, the court",
        "on 3rd march 2023",
        "dated 3/3/2023",
        "dated 2023-03-03",
        "on tuesday, march 3, in a ruling of 2023",
    ],
)
def test_a_day_is_found_in_the_forms_sources_write_it(text: str) -> None:
    assert forms.date_found(day(2023, 3, 3), normalise(text), None)


def test_a_day_without_its_year_needs_the_sources_own_year() -> None:
    text = normalise("The court ruled on December 14.")
    assert not forms.date_found(day(2023, 12, 14), text, day(2024, 1, 12))
    assert forms.date_found(day(2023, 12, 14), text, day(2023, 12, 20))
    assert forms.day_without_year(day(2023, 12, 14), text)


@pytest.mark.parametrize(
    ("when", "text", "found"),
    [
        (day(2020, 3), "suspended in march 2020", True),
        (day(2021, 5), "on may 28, 2021", True),
        (day(2021, 5), "it may be that 2021 was hard", False),  # "may" the verb is no month
        (day(2017), "in 2017", True),
        (day(2017), "in 20171", False),
        (day(2023, 3, 3), "on 13 march 2023", False),
        (day(2023, 3, 3), "on 3 march 2022", False),
    ],
)
def test_dates_are_found_only_as_given(when: PartialDate, text: str, found: bool) -> None:
    assert forms.date_found(when, normalise(text), None) is found


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ({"years": 27}, "a 27-year sentence", True),
        ({"years": 27}, "twenty-seven years in jail", True),
        ({"years": 7}, "17 years in jail", False),
        ({"years": 2, "months": 6}, "two and a half years in a colony", True),
        ({"years": 2, "months": 6}, "2.5 years", True),
        ({"years": 2, "months": 6}, "2 years and 6 months", True),
        ({"months": 18}, "a year and a half", True),
        ({"months": 18}, "18 months", True),
        ({"years": 1}, "an additional year in jail", True),
        ({"years": 15}, "a prison sentence of 15-30 years", True),
        ({"years": 15}, "between 15 and 30 years", True),
        ({"years": 3}, "a three-month ban", False),
    ],
)
def test_terms_are_found_in_words_digits_and_ranges(term: dict[str, int], text: str, found: bool) -> None:
    assert forms.duration_found(Duration.model_validate(term), normalise(text)) is found


@pytest.mark.parametrize(
    ("amount", "text", "found"),
    [
        ("USD 1 million", "approx. usd 1 million in compensation", True),
        ("USD 1,000,000", "paid $1m", True),
        ("RUB 150,000", "fined 150 000 roubles", False),  # a space is no thousands separator here
        ("RUB 150,000", "fined 150,000 roubles", True),
        ("EUR 1,409", "approximately 1,409 euros", True),
        ("USD 500,000", "usd 50,000", False),
    ],
)
def test_amounts_are_found_however_written(amount: str, text: str, found: bool) -> None:
    currency, value = amount.split(" ", 1)
    assert forms.money_found(Money(currency=currency, amount=value), normalise(text)) is found


def test_names_are_found_whole_or_word_by_word() -> None:
    text = normalise("They were tried by the Golovinsky district court in Moscow.")
    assert forms.name_found("Golovinsky District Court of Moscow", text)
    assert not forms.name_found("Tverskoy District Court of Moscow", text)
    assert forms.name_found("Cambodian court (not named in the source)", normalise("a Cambodian court ruled"))


def test_a_quotation_may_leave_words_out_and_put_some_in() -> None:
    text = normalise("He said: “the verdict is a mockery of justice, and we will appeal”, today.")
    assert forms.quotation_found("the verdict is a mockery of justice, and we will appeal", text)
    assert forms.quotation_found("the verdict ... and we will appeal", text)
    assert forms.quotation_found("[The] verdict is a mockery of justice", text)
    assert not forms.quotation_found("the verdict is a travesty of justice", text)
    assert not forms.quotation_found("we will appeal ... the verdict", text)  # out of order


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(["the", "court", "said", "his", "arrest", "was", "arbitrary", "and", "unlawful"]),
        min_size=3,
    ),
    curly=st.booleans(),
    breaks=st.lists(st.integers(min_value=0, max_value=20), max_size=3),
)
def test_a_true_quotation_is_never_flagged_whatever_its_quotes_and_line_breaks(
    words: list[str], curly: bool, breaks: list[int]
) -> None:
    quote = " ".join(words)
    apostrophe = "\u2019" if curly else "'"
    source_words = [*words, f"it{apostrophe}s", "over"]
    for at in breaks:  # the kept text broken across lines anywhere
        if at < len(source_words):
            source_words[at] += "\n"
    text = ("\u201c" if curly else '"') + " ".join(source_words) + ("\u201d" if curly else '"')
    assert forms.quotation_found(quote + " it's", normalise(text))


def test_the_closest_stretch_is_named_for_a_quotation_not_found() -> None:
    text = normalise("He never asked for a pardon or an exchange. But the authorities found a way.")
    snippet, ratio = forms.closest("He never asked for a pardon or a swap.", text)
    assert snippet.startswith("he never asked for a pardon or an") and 0.7 < ratio < 1


# Every sample


@pytest.mark.parametrize("folder", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_sample_verifies_with_no_value_left_unfound(folder: Path) -> None:
    verdict = verify_folder(folder)
    assert [str(p) for p in verdict.problems] == []
    statuses = {c.status for c in verdict.checked}
    assert NOT_FOUND not in statuses and UNVERIFIABLE not in statuses
    assert len(verdict.checked) > 90


# Mutations of a real sample, each caught at its line


@pytest.fixture
def orlov(tmp_path: Path) -> Path:
    copy = tmp_path / "oleg-orlov"
    shutil.copytree(ORLOV, copy)
    return copy


def mutate(folder: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` in `name` with `new`; the 1-based line it stood on."""
    path = folder / name
    text = path.read_text()
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :])
    return text.count("\n", 0, at) + 1


QUOTE = "He never asked for a pardon or an exchange"
MUTATIONS = [
    # A word in a quotation: the closest stretch of the text is named.
    (
        "positions.yaml",
        QUOTE,
        "He never asked for a pardon or a swap",
        r"closest: \"he never asked for a pardon or an",
    ),
    # A digit in a date (obs2024 is dated 28 February 2024; the 29th is in no text).
    ("events.yaml", "date: 2024-02-27", "date: 2024-02-29", r"date '29 February 2024' is not in the text of"),
    # A sentence's length.
    (
        "charges.yaml",
        "imprisonment: 2 years and 6 months",
        "imprisonment: 2 years and 7 months",
        r"term '2 years and 7",
    ),
    # A court's name.
    (
        "charges.yaml",
        "court: Moscow City Court",
        "court: Moscow Regional Court",
        r"name 'Moscow Regional Court'",
    ),
    # The person quoted (the Kavala case: an invented speaker passed), in the source quoted.
    (
        "positions.yaml",
        "speaker: Mariana Katzarova",
        "speaker: Mariana Invented",
        r"name 'Mariana Invented' is not in the text of",
    ),
    # A date in prose, before its citation.
    (
        "background.md",
        "13 November 2022",
        "13 November 2021",
        r"date '13 November 2021' is not in the text of",
    ),
]


@pytest.mark.parametrize(
    ("name", "old", "new", "message"), MUTATIONS, ids=[m[0] + ":" + m[2] for m in MUTATIONS]
)
def test_a_changed_value_is_caught_at_its_line(
    orlov: Path, name: str, old: str, new: str, message: str
) -> None:
    line = mutate(orlov, name, old, new)
    if old == QUOTE:
        line -= 1  # the quotation's field starts on the line above its folded text
    verdict = verify_folder(orlov)
    found = [p for p in verdict.problems if p.path.endswith(name) and p.line == line]
    assert found and re.search(message, found[0].message), [str(p) for p in verdict.problems]
    assert len(verdict.problems) == 1


def test_a_source_without_its_kept_text_is_unverifiable_never_verified(orlov: Path) -> None:
    (orlov / "sources" / "caucasianknot2024.txt").unlink()
    verdict = verify_folder(orlov)
    lost = [c for c in verdict.checked if c.status == UNVERIFIABLE]
    assert lost and all(c.value.sources == ("caucasianknot2024",) for c in lost)
    assert verdict.without_text == ["caucasianknot2024"]
    assert "unverifiable (1 source without text)" in verdict.summary()


def test_a_stray_kept_text_is_a_warning_and_strict_makes_it_an_error(orlov: Path) -> None:
    (orlov / "sources" / "nobody2024.txt").write_text("text\n")
    runner = CliRunner()
    result = runner.invoke(main, ["check", str(orlov)])
    assert (
        result.exit_code == 0 and "sources/nobody2024.txt: warning: no source in sources.bib" in result.stderr
    )
    strict = runner.invoke(main, ["check", "--strict", str(orlov)])
    assert strict.exit_code == 1 and "which --strict makes errors" in strict.stderr


def test_the_command_reports_each_value_not_found_and_exits_1(orlov: Path) -> None:
    line = mutate(orlov, "events.yaml", "date: 2024-02-27", "date: 2024-02-29")
    result = CliRunner().invoke(main, ["verify", str(orlov)])
    assert result.exit_code == 1
    assert f"events.yaml:{line}: date '29 February 2024' is not in the text of" in result.stderr
    assert re.search(r"\d+ values: \d+ verified, \d+ derived, 0 unverifiable, 1 not found", result.stderr)
    assert "Traceback" not in result.output


def test_json_gives_every_value_with_its_status() -> None:
    result = CliRunner().invoke(main, ["verify", "--json", str(ORLOV)])
    assert result.exit_code == 0, result.output
    values = json.loads(result.stdout)
    assert {v["status"] for v in values} == {"verified", "derived"}
    quote = next(v for v in values if v["kind"] == "quotation" and v["file"] == "positions.yaml")
    assert quote["found_in"] in quote["sources"] and quote["line"] > 0


def test_the_briefing_says_how_its_values_were_checked_only_when_true(tmp_path: Path) -> None:
    import pikepdf

    from dossier.build import Settings, build

    from . import pdfread

    built = build(ORLOV, tmp_path / "orlov.pdf", Settings(variant="pdf/a-3u"), force=True)
    counts = verify_folder(ORLOV).counts()
    assert counts.not_found == 0 and counts.verified > 90 and counts.derived > 0
    text = " ".join(" ".join(pdfread.page_texts(built.pdf)).split())
    assert (
        "Every quotation, date, term, amount and count, and the name of every court, judge, body, "
        "co-defendant and person quoted, this briefing prints was looked for in the kept "
        f"text of the source it cites: {counts.verified} of {counts.values} were found there; "
        f"{counts.derived} dates were worked out, as marked where printed." in text
    )
    with pikepdf.open(built.pdf) as pdf:
        manifest = json.loads(pdf.attachments["manifest.json"].get_file().read_bytes())
    assert manifest["checked_against_sources"] == counts.model_dump()
    # With a value not found (a build without --strict goes on), the briefing does not say it.
    changed = _copy(tmp_path)
    mutate(changed, "events.yaml", "date: 2024-02-27", "date: 2024-02-29")
    other = build(changed, tmp_path / "other.pdf", Settings(), force=True)
    assert "Every quotation" not in " ".join(pdfread.page_texts(other.pdf))
    assert any("29 February 2024" in w.message for w in other.warnings)


def _copy(tmp_path: Path) -> Path:
    copy = tmp_path / "copy" / "oleg-orlov"
    shutil.copytree(ORLOV, copy)
    return copy


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("le 27 septembre 2016, ses avocats", day(2016, 9, 27)),
        ("el 27 de septiembre de 2016", day(2016, 9, 27)),
        ("27 сентября 2016 года", day(2016, 9, 27)),
        ("monday, 01/15/2024", day(2024, 1)),  # a month, in a US date in figures
        ("updated: 28-05-2021 09:13 ist", day(2021, 5)),
        # German writes the day with a full stop; English once wrote "23d" (found by a
        # case written from its sources, which had to call both dates worked out).
        ("montag, den 21. juli 2025", day(2025, 7, 21)),
        ("on the 23d of february 2016", day(2016, 2, 23)),
        ("am 3. märz", day(2025, 3)),  # a month, in a day of it, the year the source's
        # Italian and Turkish sources (the Kavala case: a court's "28 Eylül 2023").
        ("il 25 aprile 2022 la corte", day(2022, 4, 25)),
        ("Yargıtay 28 Eylül 2023 tarihinde", day(2023, 9, 28)),
        ("18 Şubat 2020'de beraat etti", day(2020, 2, 18)),
    ],
)
def test_dates_in_other_languages_and_in_figures(text: str, when: PartialDate) -> None:
    assert forms.date_found(when, normalise(text), day(2025))


def test_a_day_of_a_month_in_prose_is_found_in_a_span_of_days() -> None:
    text = normalise("transferred on the night of April 11–12 to Syzran")
    assert forms.day_and_month_found(12, 4, text) and forms.day_and_month_found(11, 4, text)
    assert not forms.day_and_month_found(13, 4, text)


def test_each_date_of_a_stage_the_sources_differ_on_is_looked_for_in_its_own_sources(orlov: Path) -> None:
    """decided: {differ}: 11 October 2023 is in obs2023's text; 12 October is in no source,
    and is reported at its version's value, with the source that version names."""
    versions = (
        "{differ: [{value: 2023-10-11, sources: [obs2023]}, {value: 2023-10-12, sources: [ohchr2023]}]}"
    )
    line = mutate(orlov, "charges.yaml", "decided: 2023-10-11", f"decided: {versions}")
    verdict = verify_folder(orlov)
    assert [(Path(p.path).name, p.line) for p in verdict.problems] == [("charges.yaml", line)]
    assert verdict.problems[0].message.startswith("date '12 October 2023' is not in the text of 'ohchr2023'")
    found = [c for c in verdict.checked if c.value.printed == "11 October 2023" and c.value.line == line]
    assert found and found[0].value.sources == ("obs2023",) and found[0].status != NOT_FOUND


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("his eight co-defendants", True),
        ("the 8 others", True),
        # A time, a share or a sum is no count: "eight years" passed for the eight
        # co-defendants of the Jimmy Lai sample, which no source numbers.
        ("disqualified for eight years", False),
        ("an 8-year term", False),
        ("eight per cent of the vote", False),
        ("8 million dollars", False),
    ],
)
def test_a_count_is_not_found_in_a_time_or_a_share(text: str, found: bool) -> None:
    assert forms.count_found(8, normalise(text)) is found


@pytest.mark.parametrize(
    ("prose", "amounts"),
    [
        ("He spoke on TVN24 the next day.", []),  # a channel's name, not TVN 24 (helper-39)
        ("a fine of BYN 185,000 and of $5,000", ["BYN 185,000", "$5,000"]),
        ("USD 1.5 million, or (€20,000)", ["USD 1.5 million", "€20,000"]),
    ],
)
def test_the_amounts_prose_prints_are_the_ones_looked_for(prose: str, amounts: list[str]) -> None:
    from dossier.verify.values import _prose_values

    found = [printed for _, kind, printed, _ in _prose_values(prose) if kind == "amount"]
    assert ["".join(p.split()) for p in found] == ["".join(a.split()) for a in amounts]


def test_four_and_a_half_years_written_with_hyphens_is_found() -> None:
    term = Duration(years=4, months=6)
    assert forms.duration_found(term, normalise("sentenced to four-and-a-half years’ imprisonment"))


def test_an_amount_in_a_penaltys_other_words_is_looked_for(orlov: Path) -> None:
    """The briefing says it checked every amount; those written among a sentence's other
    penalties are amounts too (helper-39: "to pay BYN 752,438" was never looked for)."""
    line = mutate(
        orlov,
        "charges.yaml",
        "        fine: RUB 150,000\n",
        '        fine: RUB 150,000\n        other: ["to pay RUB 999,999"]\n',
    )
    verdict = verify_folder(orlov)
    assert [(Path(p.path).name, p.line) for p in verdict.problems] == [("charges.yaml", line + 1)]
    assert "amount 'RUB" in verdict.problems[0].message and "999,999" in verdict.problems[0].message


def test_a_misquotation_stops_the_build_and_check_other_values_not_found_warn(
    orlov: Path, tmp_path: Path
) -> None:
    """Quoted words are the source's exactly: one changed word is an error for check and
    build (exit 1, no PDF written), where a date not found is a warning (helper-39: a
    misquotation built without --strict)."""
    out = tmp_path / "out.pdf"
    runner = CliRunner()
    mutate(orlov, "events.yaml", "date: 2024-02-27", "date: 2024-02-29")
    built = runner.invoke(main, ["build", str(orlov), "-o", str(out)])
    assert built.exit_code == 0 and "warning: date '29 February 2024'" in built.output
    line = mutate(orlov, "positions.yaml", QUOTE, "He never asked for a pardon or a swap") - 1
    out.unlink()
    for command in (["check", str(orlov)], ["build", str(orlov), "-o", str(out)]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, result.output
        assert (
            f'positions.yaml:{line}: the quotation "He never asked for a pardon or a swap' in result.output
        )
        assert "1 quotation not found word for word in the source cited" in result.output
        assert "Traceback" not in result.output
    assert not out.exists()
