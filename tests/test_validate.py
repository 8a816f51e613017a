"""check_folder on the sample, the minimal fixture, and copies of it changed one thing at a time.

Broken content with its expected `path:line: message` lines is in tests/corpus/ (test_corpus.py).
"""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from dossier.content.validate import check_folder
from dossier.errors import ContentError

from .conftest import MINIMAL, SAMPLE
from .helpers import edit


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_folder(folder)
    # Content files sit directly in the dossier folder, so the file name identifies each.
    return [str(replace(p, path=Path(p.path).name)) for p in caught.value.problems if not p.warning]


def test_sample_and_minimal_are_valid() -> None:
    for folder in (SAMPLE, MINIMAL):
        dossier, warnings = check_folder(folder)
        assert dossier.events and dossier.sources
        assert warnings == []


def test_unused_source_is_a_warning(content: Path) -> None:
    with (content / "sources.bib").open("a") as bib:
        bib.write("\n@misc{spare,\n  author = {{Nobody}},\n  title = {Never cited},\n  date = {2020}\n}\n")
    _, warnings = check_folder(content)
    assert [(w.line, w.message) for w in warnings] == [(25, "source 'spare' is never cited")]


def test_missing_file(content: Path) -> None:
    (content / "positions.yaml").unlink()
    assert errors_of(content)[0].startswith("positions.yaml: missing file")


def test_partial_dates_that_overlap_are_in_order(content: Path) -> None:
    events = (content / "events.yaml").read_text()
    # "2022" may well be after 2 May 2022: not definitely out of order.
    (content / "events.yaml").write_text(
        events + '- id: later\n  date: "2022"\n  kind: other\n'
        "  text: Sometime that year.\n  sources: [ngo2023]\n"
    )
    dossier, _ = check_folder(content)
    assert [e.id for e in dossier.events][-1] == "later"


def test_unknown_citation_style(content: Path) -> None:
    meta = content / "dossier.yaml"
    meta.write_text(meta.read_text() + "citation_style: harvard-made-up\n")
    (error,) = errors_of(content)
    assert error.startswith("dossier.yaml:18: citation_style 'harvard-made-up' is neither one of oscola")


def test_citation_style_from_a_csl_file(content: Path) -> None:
    from dossier.cite.notes import style_path

    shutil.copy(style_path("chicago-author-date", content), content / "house.csl")
    meta = content / "dossier.yaml"
    meta.write_text(meta.read_text() + "citation_style: house.csl\n")
    dossier, _ = check_folder(content)
    assert dossier.metadata.citation_style == "house.csl"


def test_emphasis_and_links_nest_up_to_the_limit() -> None:
    from dossier.content.safety import content_problems
    from dossier.limits import MARKDOWN_DEPTH

    def nested(depth: int) -> str:
        return "*a " * (depth - 1) + "[x](https://example.org)" + " a*" * (depth - 1)

    assert content_problems(nested(MARKDOWN_DEPTH)).problems == []
    message = f"emphasis and links nested {MARKDOWN_DEPTH + 1} deep (at most {MARKDOWN_DEPTH})"
    assert content_problems("Text.\n\n" + nested(MARKDOWN_DEPTH + 1)).problems == [(2, message)]
    # 50,000 underscores each side: one problem, found in one pass (no recursion).
    assert content_problems("_" * 50_000 + "x" + "_" * 50_000).problems == [
        (0, "emphasis and links nested 25000 deep (at most 20)")
    ]


def test_two_sources_a_later_note_would_name_alike_are_a_warning(content: Path) -> None:
    # Two Committee of Ministers documents with one title (the Osman Kavala case): later
    # notes read "…, 'Title' (n 4)" and "…, 'Title' (n 23)".
    bib = content / "sources.bib"
    text = bib.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    bib.write_text(
        text + "\n@misc{again, author = {{Example Watch}}, title = {Testland: Overturn the Conviction},"
        " type = {Statement}, date = {2024}}\n",
        encoding="utf-8",
    )
    _, warnings = check_folder(content)
    alike = (
        "sources 'ngo2023' and 'again' have the same author and title, so their short forms in"
        " later notes read alike, told apart only by the note they point to: give one a shorttitle"
    )
    assert (line, alike) in [(w.line, w.message) for w in warnings]
    title = "{Testland: Overturn the Conviction},"
    edit(bib, title, f"{title} shorttitle = {{Overturn}},")
    assert alike not in [w.message for w in check_folder(content)[1]]


def test_an_item_refused_does_not_make_its_sources_never_cited(content: Path) -> None:
    """The error is what matters: its item's citations went uncounted, not unmade."""
    with (content / "sources.bib").open("a") as bib:
        bib.write("\n@misc{only,\n  author = {{Nobody}},\n  title = {Cited once},\n  date = {2020}\n}\n")
    events = content / "events.yaml"
    text = events.read_text().replace("kind: arrest", "kind: arest", 1)
    events.write_text(text.replace("sources: [ngo2021]", "sources: [ngo2021, only]", 1))
    with pytest.raises(ContentError) as caught:
        check_folder(content)
    assert [p for p in caught.value.problems if "never cited" in p.message] == []
    assert any("arest" in p.message for p in caught.value.problems)


def test_an_empty_background_is_a_warning(content: Path) -> None:
    (content / "background.md").write_text("\n")
    _, warnings = check_folder(content)
    assert [(Path(w.path).name, w.line, w.message) for w in warnings] == [
        ("background.md", 1, "the background is empty: the Background section would be blank")
    ]


def test_a_co_defendants_sources_are_checked_at_their_line(content: Path) -> None:
    charges = content / "charges.yaml"
    charges.write_text(
        charges.read_text().replace(
            "  status: convicted\n  charges:",
            "  co_defendants:\n    names: [B. Other]\n    sources: [ngo2012]\n"
            "  status: convicted\n  charges:",
            1,
        )
    )
    assert errors_of(content) == ["charges.yaml:5: unknown source key 'ngo2012' (did you mean 'ngo2023'?)"]


def test_what_cannot_say_the_sources_differ_says_where_differ_is_taken(content: Path) -> None:
    """A charge's status with {differ}: the message names the field and the fields that take
    it, never the YAML read back as a Python dict (helper-38: "not {'differ': [{'value': …")."""
    edit(
        content / "charges.yaml",
        "      status: convicted\n",
        "      status: {differ: [{value: acquitted, sources: [ngo2021]},"
        " {value: dropped, sources: [ngo2023]}]}\n",
    )
    (message,) = errors_of(content)
    assert message.startswith("charges.yaml:11: 'status' cannot say that the sources differ ({differ: …}):")
    assert "a stage's decided" in message and "{'" not in message


def test_a_life_sentence_written_as_a_term_is_pointed_to_life_true(content: Path) -> None:
    edit(content / "charges.yaml", "imprisonment: 7 years", "imprisonment: aggravated life imprisonment")
    (message,) = errors_of(content)
    assert "for a life sentence write 'life: true'" in message


@pytest.mark.parametrize(
    ("decided", "expected"),
    [
        (
            "decided: {differ: [{value: 2022-05-02, sources: [court2022]},"
            " {value: 2022-05-03, sources: [ngo2012]}]}",
            "charges.yaml:16: unknown source key 'ngo2012' (did you mean 'ngo2023'?)",
        ),
        (
            "decided: {differ: [{value: 2022-05-02, sources: [court2022]}]}",
            # At the stage: the model reads the versions before its fields are checked.
            "charges.yaml:14: 'stages, item 1': where the sources differ on the decision's date, "
            "give 'differ:' with two or more versions",
        ),
        (
            "decided: 2022-05-02\n      decided_differ: [{value: 2022-05-03, sources: [ngo2023]}]",
            "charges.yaml:17: unknown field 'decided_differ': where the sources differ on the decision's "
            "date, write decided: {differ: [{value: ..., sources: [...]}, ...]}",
        ),
    ],
    ids=["unknown source", "one version", "the field read back from an edition"],
)
def test_a_stages_dates_that_differ_are_checked(content: Path, decided: str, expected: str) -> None:
    edit(content / "charges.yaml", "decided: 2022-05-02", decided)
    assert errors_of(content) == [expected]


def test_a_position_says_or_calls_for_something(content: Path) -> None:
    positions = content / "positions.yaml"
    text = positions.read_text()
    calls = next(line for line in text.splitlines() if line.startswith("  calls_for:"))
    positions.write_text(text.replace(calls + "\n", ""))
    (message,) = errors_of(content)
    assert message.endswith(
        "give 'calls_for' (what the statement calls for) or 'says' (what it says, where it calls "
        "for nothing: it condemns, argues or reports), or both"
    )


def test_a_worked_out_number_of_co_defendants_needs_one_number(content: Path) -> None:
    edit(
        content / "charges.yaml",
        "  status: convicted\n  charges:",
        "  co_defendants:\n    names: [B. Other]\n    derived: Counted [@ngo2021].\n"
        "  status: convicted\n  charges:",
    )
    (message,) = errors_of(content)
    assert message.endswith(
        "'derived' says how the number was worked out: give one 'count' or 'tried' with it"
    )


def test_a_decision_before_its_stage_opened(content: Path) -> None:
    """The writer's slip is an error; one source's, in a version of dates the sources differ
    on, a warning that names the source (helper-39: "3 March 2022" for a trial opened in 2023)."""
    charges = content / "charges.yaml"
    written = charges.read_text()
    edit(charges, "      decided: 2022-05-02\n", "      opened: 2022-06-01\n      decided: 2022-05-02\n")
    assert errors_of(content) == [
        "charges.yaml:17: decided (2 May 2022) is before the stage opened (1 June 2022)"
    ]
    charges.write_text(written)
    edit(
        charges,
        "      decided: 2022-05-02\n",
        "      opened: 2022-01-05\n      decided: {differ: [{value: 2022-05-02, sources: [court2022]},"
        " {value: 2021-05-02, sources: [ngo2023]}]}\n",
    )
    _, warnings = check_folder(content)
    assert [(w.line, w.message) for w in warnings] == [
        (
            17,
            "the decision's date 2 May 2021, as ngo2023 gives it, is before the stage opened "
            "(5 January 2022): if the source is wrong, say so in the text or leave its version out",
        )
    ]


def test_an_event_the_sources_date_differently_is_in_order_if_one_of_its_dates_is(content: Path) -> None:
    events = content / "events.yaml"
    edit(
        events,
        "  date: 2022-05-02\n",
        "  date: {differ: [{value: 2019-05-02, sources: [court2022]},"
        " {value: 2022-05-02, sources: [ngo2023]}]}\n",
    )
    assert check_folder(content)[0].events[1].when() == "2 May 2019 or 2 May 2022"
    edit(events, "value: 2022-05-02", "value: 2019-06-02")
    assert errors_of(content) == [
        "events.yaml:9: event 'judgment' (2 May 2019 or 2 June 2019) is out of chronological order: it "
        "comes after 'arrest' (March 2020); list events oldest first"
    ]
