"""Custody as the sources give it: dated by its last report, differing where they differ, read back."""

from __future__ import annotations

import re
import shutil

import pytest

from dossier.build import Built, Settings, build
from dossier.content.custody import held_since, states
from dossier.content.models import Event
from dossier.content.validate import check_folder

from . import pdfread
from .conftest import MINIMAL
from .helpers import rendered


def event(ident: str, when: str, custody: object = None, **extra: object) -> Event:
    data: dict[str, object] = {"id": ident, "date": when, "kind": "other", "text": "x.", "sources": ["s1"]}
    if custody is not None:
        data["custody_after"] = custody
    return Event.model_validate({**data, **extra})


def test_a_state_is_reported_as_far_as_its_event_unless_a_later_report_is_given() -> None:
    found = states(
        [
            event("arrest", "2016-11-04", "detained"),
            event("hearing", "2018-01-02"),
            event("moved", "2019-05", "imprisoned", last_reported={"date": "2022-12-08", "sources": ["s2"]}),
        ]
    )
    assert [(s.event.id, s.value, s.standing) for s in found] == [
        ("arrest", "detained", False),
        ("moved", "imprisoned", True),
    ]
    # A source describing the arrest does not say the person is still held.
    assert str(found[0].reported) == "4 November 2016" and found[0].reported_by == ("s1",)
    assert str(found[1].reported) == "8 December 2022" and found[1].reported_by == ("s2",)


def test_sources_that_differ_are_a_state_of_their_own() -> None:
    differ = {
        "differ": [
            {"value": "house_arrest", "sources": ["a", "b"]},
            {"value": "imprisoned", "sources": ["c"]},
        ]
    }
    (state,) = states([event("moved", "2023-07-24", differ)])
    assert state.value == "differ" and [v.value for v in state.versions] == ["house_arrest", "imprisoned"]
    assert state.label() == "Sources differ: house arrest or imprisoned"


@pytest.mark.parametrize(
    ("custody", "first"),
    [
        (["detained", "imprisoned"], "e0"),
        (["at_liberty", "detained", "detained", "imprisoned"], "e1"),  # re-detained the day of an acquittal
        (["detained", "temporary_release", "detained"], None),  # a furlough is a break
        (["detained", "house_arrest"], None),  # not held now
        (["imprisoned"], None),  # nothing before it to say
        (
            [
                "detained",
                {
                    "differ": [
                        {"value": "imprisoned", "sources": ["a"]},
                        {"value": "detained", "sources": ["b"]},
                    ]
                },
            ],
            None,
        ),
    ],
    ids=["convicted", "acquitted and re-detained", "furlough", "house arrest", "one state", "sources differ"],
)
def test_held_since_goes_back_through_holding_states_without_a_release(
    custody: list[object], first: str | None
) -> None:
    found = held_since([event(f"e{n}", f"{2017 + n}-01-01", c) for n, c in enumerate(custody)])
    assert (found.event.id if found else None) == first


def test_the_key_fact_says_since_when_the_subject_is_held(minimal: Built) -> None:
    """Arrested in March 2020 (detained), convicted on 2 May 2022 (imprisoned): not only the
    state since the judgment, which reads as if he was free before it; cited to the arrest."""
    flat = " ".join(" ".join(pdfread.page_texts(minimal.pdf)).split())
    found = re.search(r"Custody status Imprisoned since 2 May 2022; held since March 2020(\d+)", flat)
    assert found, flat[flat.index("Custody status") :][:120]
    assert rendered(minimal).notes[int(found[1]) - 1].keys == ("ngo2021",)


@pytest.fixture(scope="module")
def differing(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The minimal fixture's judgment with sources that differ on custody after it, built."""
    folder = tmp_path_factory.mktemp("differ") / "case"
    shutil.copytree(MINIMAL, folder)
    events = folder / "events.yaml"
    events.write_text(
        events.read_text().replace(
            "  custody_after: imprisoned\n",
            "  custody_after:\n    differ:\n"
            "      - {value: imprisoned, sources: [court2022]}\n"
            "      - {value: house_arrest, sources: [ngo2023]}\n",
        )
    )
    assert check_folder(folder)[1] == []
    out = folder.parent / "out.pdf"
    build(folder, out, Settings(), force=True)
    return " ".join(" ".join(pdfread.page_texts(out)).split())


def test_the_key_facts_give_each_version_with_who_gives_it_and_its_note(differing: str) -> None:
    found = re.search(
        r"Custody status Sources differ since 2 May 2022: imprisoned \(Testland City Court\)(\d+) or "
        r"house arrest \(Example Watch\)(\d+), as last reported on 2 May 2022",
        differing,
    )
    assert found, differing[differing.index("Custody status") :][:200]
    first, second = int(found[1]), int(found[2])
    assert second == first + 1
    notes = {int(m[1]): m[2] for m in re.finditer(r"(?<!\S)(\d+)\. (.+?)(?= \d+\. |$)", differing)}
    assert "Judgment in the Case of A. Example" in notes[first] or "ibid" in notes[first]
    assert "Overturn the Conviction" in notes[second] or "(n " in notes[second]


def test_the_timeline_key_names_the_versions_and_how_far_they_are_reported(differing: str) -> None:
    assert (
        "Custody: Detained; Sources differ: imprisoned or house arrest; Not reported after 2 May 2022."
        in differing
    )
    # The row's date cell ("Custody after: …") is read after the row's text beside it.
    assert re.search(r"Custody after: [^.]+\.\d+ Sources differ: imprisoned or house arrest", differing)
