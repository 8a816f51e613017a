"""Each broken fixture gives exactly its `path:line: message` lines, all in one run."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from dossier.content.validate import check_folder
from dossier.errors import ContentError

from .conftest import BROKEN, MINIMAL, SAMPLE

EXPECTED = {
    "unknown-key": [
        "background.md:3: unknown source key 'ngo2012' (did you mean 'ngo2023'?)",
        "events.yaml:14: unknown source key 'ngo2033' (did you mean 'ngo2023'?)",
    ],
    "no-source": [
        "charges.yaml:1: no source: list at least one BibTeX key under 'sources'",
        "dossier.yaml:16: key point has no citation: add [@key]",
        "events.yaml:7: no source: list at least one BibTeX key under 'sources'",
        "positions.yaml:1: no source: list at least one BibTeX key under 'sources'",
    ],
    "after-as-of": [
        "events.yaml:9: event 'judgment' is dated 1 August 2024, after the information-as-of date 2024-06-30",
        "positions.yaml:3: position dated January 2025, after the information-as-of date 2024-06-30",
    ],
    "out-of-order": [
        "events.yaml:9: event 'judgment' (2 May 2022) is out of chronological order: it comes after "
        "'arrest' (2023); list events oldest first",
    ],
    "bad-penalty": [
        "charges.yaml:5: impossible penalty range 10-5 years: min is greater than max",
    ],
    "duplicate-ids": [
        "events.yaml:8: duplicate event id 'arrest' (first on line 1)",
        "sources.bib:25: duplicate source key 'ngo2021'",
    ],
    "bad-yaml": [
        "events.yaml:5: malformed YAML: mapping values are not allowed here",
    ],
    "bad-bibtex": [
        "sources.bib:1: entry 'ngo2021' has no type (write @misc{...})",
        "sources.bib:9: malformed BibTeX entry '@misc{court2022': expected a comma after the entry key",
        "sources.bib:20: missing comma after field 'title' (before 'type')",
        "sources.bib:28: field 'publisher': 'undefinedmacro' is not a defined @string macro; "
        "put text in braces",
    ],
    "bad-fields": [
        "dossier.yaml:8: 'number': Input should be a valid integer",
        "dossier.yaml:13: unknown field 'language_name'",
        "events.yaml:2: 'date': '2020-13' is not a date that exists",
        "events.yaml:7: unknown field 'witness'",
        "events.yaml:11: 'kind' must be one of 'arrest', 'charge', 'detention', 'bail', 'house_arrest', "
        "'release', 'trial', 'hearing', 'judgment', 'appeal', 'un_opinion', 'party_dissolution', "
        "'election' or 'other', not 'verdict'",
    ],
    "many-errors": [
        "background.md:3: unknown source key 'ngo2012' (did you mean 'ngo2023'?)",
        "charges.yaml:5: impossible penalty range 10-5 years: min is greater than max",
        "events.yaml:9: event 'judgment' is dated 1 August 2024, after the information-as-of date 2024-06-30",
    ],
}


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check_folder(folder)
    # Content files sit directly in the dossier folder, so the file name identifies each.
    return [str(replace(p, path=Path(p.path).name)) for p in caught.value.problems if not p.warning]


def test_every_broken_fixture_is_listed() -> None:
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_fixture(name: str) -> None:
    assert errors_of(BROKEN / name) == EXPECTED[name]


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
