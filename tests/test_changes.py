"""What changed between two editions: every field compared, said in substance, grouped by weight."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from dossier.cli import main
from dossier.content import changes as module
from dossier.content.changes import GROUPS, Change, background, blocks, changes, grouped
from dossier.content.editions import encoded, snapshot
from dossier.content.validate import check_folder

from .conftest import FIXTURES
from .helpers import edit

FULL = FIXTURES / "full"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def case(full_case: Path) -> Path:
    return full_case


@pytest.fixture(scope="module")
def full() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(encoded(snapshot(check_folder(FULL)[0])))
    return loaded


def copy(data: dict[str, Any]) -> dict[str, Any]:
    copied: dict[str, Any] = json.loads(json.dumps(data))
    return copied


# The content model's own names: a snake_case word is one ("custody_after", "date_charged").
MODEL_NAME = re.compile(r"\b[a-z]+_[a-z_]+\b")


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every value of a snapshot's part that a writer sets: a text, a number, a flag, a list of texts."""
    if isinstance(value, dict):
        for key, each in value.items():
            if key not in ("id", "line"):
                yield from leaves(each, (*path, key))
    elif isinstance(value, list) and any(isinstance(each, (dict, list)) for each in value):
        for n, each in enumerate(value):
            yield from leaves(each, (*path, n))
    elif value not in (None, []):  # an empty list's kind of item is not known here
        yield path, value


def changed(value: Any, name: Any) -> Any:
    """Another value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value % 12 + 1 if name in ("month", "day") else value + 1
    if isinstance(value, list) and all(isinstance(v, int) for v in value):  # a CSL date's parts
        return [value[0] + 1, *value[1:]]
    if isinstance(value, list):
        return [*value, "Another"]
    return f"{value} revised"


def set_at(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def test_every_field_of_every_item_is_reported_in_words(full: dict[str, Any]) -> None:
    """Each value of the every-field fixture changed in turn: the change is reported, and
    said without a field name of the model."""
    parts = ["events", "proceedings", "positions", "subject", "sources", "summary"]
    tried = 0
    for part in parts:
        for path, value in leaves(full[part], (part,)):
            after = copy(full)
            set_at(after, path, changed(value, path[-1]))
            found = changes(full, after)
            where = "/".join(map(str, path))
            assert found, f"{where}: changed from {value!r} and not reported"
            said = " | ".join(c.words() for c in found)
            assert not MODEL_NAME.search(said), f"{where}: {said}"
            assert "None" not in said and "{" not in said, f"{where}: {said}"
            tried += 1
    assert tried > 300  # every leaf of the fixture, not a handful


def test_every_kind_of_change_is_named(full: dict[str, Any]) -> None:
    after = copy(full)
    event = next(iter(after["events"]))
    after["events"][event]["date"] = {"year": 2001, "month": None, "day": None}
    after["events"]["new-event"] = {
        "id": "new-event",
        "kind": "hearing",
        "date": {"year": 2024, "month": 5, "day": 2},
    }
    gone = next(iter(after["positions"]))
    del after["positions"][gone]
    proceeding = next(iter(after["proceedings"]))
    after["proceedings"][proceeding]["status"] = "final"
    after["sources"]["newsource"] = {"id": "newsource", "title": "A new report"}
    after["summary"]["key_points"] = [*after["summary"]["key_points"][1:], "A new key point."]
    found = changes(full, after)
    listed = [(c.how, c.kind, c.id) for c in found]
    assert ("changed", "event", event) in listed
    # Dated after the older edition's information (its latest source): news.
    assert ("new", "event", "new-event") in listed
    assert ("removed", "position", gone) in listed
    assert ("changed", "proceeding", proceeding) in listed
    assert ("new", "key point", f"key-point-{len(after['summary']['key_points']) - 1}") in listed
    assert ("removed", "key point", "") in listed
    (sources,) = [c for c in found if c.kind == "source" and c.how == "new"]
    assert [(m.id, m.what) for m in sources.members] == [("newsource", "A new report")]
    assert sources.words() == "1 new source in the bibliography: A new report"
    assert "New event: Hearing, 2 May 2024 [new-event]" in [str(c) for c in found]


def test_groups_come_as_a_reader_weighs_them(full: dict[str, Any]) -> None:
    after = copy(full)
    after["background"] = full["background"] + "\n\nA closing paragraph."
    position = next(iter(full["positions"].values()))
    after["positions"]["new-position"] = {**position, "id": "new-position"}
    proceeding = next(iter(after["proceedings"]))
    after["proceedings"][proceeding]["status"] = "final"
    event = next(e for e in after["events"].values() if e["kind"] not in module.DECISIVE_KINDS)
    event["text"] += " More words."
    for n in range(3):
        after["sources"][f"new{n}"] = {"id": f"new{n}", "title": f"Report {n}"}
    found = changes(full, after)
    assert [heading for heading, _ in grouped(found)] == [
        GROUPS["decisions"],
        GROUPS["positions"],
        GROUPS["summary"],
        GROUPS["wording"],
    ]
    wording = grouped(found)[-1][1]
    # Rewording is one entry naming each item; the new sources one entry too.
    assert [c.kind for c in wording] == ["wording", "source"]
    assert wording[0].words().startswith("1 entry reworded or with sources added or removed: ")
    assert wording[1].words() == "3 new sources in the bibliography: Report 0; Report 1; Report 2"
    assert module.total(found) == 7


def test_values_are_said_old_to_new_without_field_names(case: Path) -> None:
    """The values a reader acts on, old -> new, in words; the subject and a corrected source too."""
    assert run("release", str(case)).exit_code == 0
    edit(case / "charges.yaml", "  status: on_appeal\n  charges:", "  status: final\n  charges:")
    edit(
        case / "charges.yaml",
        "        life: true\n        parts:",
        "        imprisonment: 41 years\n        parts:",
    )
    edit(
        case / "charges.yaml",
        "          - {charge: treason, life: true}",
        "          - {charge: treason, imprisonment: 36 years}",
    )
    edit(case / "events.yaml", "- id: arrest\n  date: 2019-11-12", "- id: arrest\n  date: 2019-11-13")
    edit(case / "events.yaml", "  custody_after: detained\n", "  custody_after: house_arrest\n")
    edit(case / "dossier.yaml", "role: former deputy speaker", "role: former speaker")
    edit(case / "dossier.yaml", "edition:\n  number: 3", "edition:\n  number: 4")
    edit(case / "sources.bib", "Supreme Court to hear Sample appeal", "Supreme Court hears Sample appeal")
    result = run("diff", str(case))
    assert result.exit_code == 0, result.output
    said = result.stdout  # the warning about as_of goes to stderr
    assert (
        "  Treason case: status from convicted, on appeal to final; first instance stage: sentence from "
        "life imprisonment (life imprisonment for conspiracy with a foreign power and 5 years for membership "
        "of an unlawful association) to 41 years (36 years for conspiracy with a foreign power and 5 years "
        "for membership of an unlawful association) [treason-case]\n" in said
    )
    assert (
        "  Arrest, 13 November 2019: date from 12 November 2019 to 13 November 2019; "
        "custody from detained to house arrest [arrest]\n" in said
    )
    assert (
        "  C. Sample: role from ‘former deputy speaker of the Testland National Assembly’ to "
        "‘former speaker of the Testland National Assembly’\n" in said
    )
    assert (
        "  The Testland Times 2024, ‘Supreme Court hears Sample appeal’: title from ‘Supreme Court to hear "
        "Sample appeal’ to ‘Supreme Court hears Sample appeal’ [times2024]\n" in said
    )
    # No field name of the model where the substance is said; words, not an arrow.
    assert not MODEL_NAME.search(said) and "→" not in said
    # The groups in order, each under its heading.
    headings = [line for line in said.splitlines() if line in GROUPS.values()]
    assert headings == [GROUPS["decisions"], GROUPS["corrections"]]


def test_a_status_is_dated_by_the_decision_that_changed_it(full: dict[str, Any]) -> None:
    after = copy(full)
    proceeding = next(p for p in after["proceedings"].values() if p.get("stages"))
    proceeding["status"] = "final"
    proceeding["stages"].append(
        {"stage": "cassation", "court": "Court of Cassation", "outcome": "upheld",
         "decided": {"year": 2026, "month": 1, "day": 9}, "sources": []}
    )  # fmt: skip
    (change,) = [c for c in changes(full, after) if c.kind == "proceeding"]
    assert change.group == "decisions"
    assert any(d.endswith("to final (9 January 2026)") for d in change.details), change.details
    assert "new cassation stage: Court of Cassation, upheld, 9 January 2026" in change.details
    # Each detail is printed at its row: the new stage at the last stage's.
    stage = change.details.index("new cassation stage: Court of Cassation, upheld, 9 January 2026")
    assert change.places[stage] == f"stage-{len(proceeding['stages']) - 1}"


def test_custody_is_one_entry_with_its_last_report(full: dict[str, Any]) -> None:
    after = copy(full)
    events = sorted(
        (e for e in after["events"].values() if e.get("custody_after")), key=lambda e: module._when(e)
    )
    events[-1]["last_reported"] = {
        "date": {"year": 2026, "month": 2, "day": 1},
        "sources": events[-1]["sources"],
    }
    found = changes(full, after)
    (custody,) = [c for c in found if c.kind == "custody"]
    assert custody.group == "decisions" and found[0] is custody
    # The same state reported later: still holding, as of the new report.
    assert (
        custody.words()
        == "Custody: unchanged, imprisoned since 15 September 2023 (as last reported on 1 February 2026)"
    )
    events[-1]["custody_after"] = "in_exile"
    (custody,) = [c for c in changes(full, after) if c.kind == "custody"]
    assert custody.words().startswith("Custody: from imprisoned since 15 September 2023 (as last reported on")
    assert custody.words().endswith(
        "to in exile since 15 September 2023 (as last reported on 1 February 2026)"
    )
    # The event's own line is bookkeeping, among the rewording.
    (wording,) = [c for c in found if c.members]
    assert [m.id for m in wording.members] == [events[-1]["id"]]


def test_totals_of_different_scope_are_said_with_their_scope(full: dict[str, Any]) -> None:
    after = copy(full)
    totals = after["subject"]["total_sentence"]
    totals.append({**totals[-1], "scope": "every sentence on record", "date": {"year": 2026, "month": 3}})
    found = changes(full, after)
    (total,) = [c for c in found if c.kind == "total"]
    assert total.group == "decisions"
    assert "(every sentence on record), as reported March 2026" in total.words()


def test_background_changes_by_section_and_paragraph() -> None:
    one = "He was arrested at his home in the capital on 3 May 2020."
    old = f"Opening words.\n\n# First\n\n{one}\n\nTwo [@a].\n\n# Gone\n\nThree.\n"
    reworded = one.replace("at his home", "at night at his home")
    added = "A wholly other account."
    new = f"Opening words.\n\n# First\n\n{reworded}\n\nTwo [@b].\n\n{added}\n\n# Added\n\nFour.\n"
    found = background(old, new)
    said = {c.words(): (c.group, c.id, c.marks) for c in found}
    starts = [line for line, _ in blocks(new)]
    first = (
        "Background, section ‘First’: 1 paragraph new; 1 paragraph reworded; sources changed in 1 paragraph"
    )
    assert said == {
        first: (
            "summary",
            f"background-{starts[2]}",
            tuple(f"background-{n}" for n in starts[2:5]),
        ),
        "New in the background: section ‘Added’": ("summary", f"background-{starts[5]}", (
            f"background-{starts[5]}", f"background-{starts[6]}")),
        "Removed from the background: section ‘Gone’": ("summary", "", ()),
    }  # fmt: skip
    # Only reworded: with the rewording.
    (only,) = background(old, old.replace(one, reworded))
    assert only.group == "wording"


def test_diff_as_json_for_other_tools(case: Path) -> None:
    assert run("release", str(case)).exit_code == 0
    edit(case / "events.yaml", "- id: arrest\n  date: 2019-11-12", "- id: arrest\n  date: 2019-11-13")
    edit(case / "dossier.yaml", "edition:\n  number: 3", "edition:\n  number: 4")
    result = run("diff", "--json", str(case))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # warnings go to stderr
    assert data["since"]["edition"] == 3 and data["edition"] == 4 and data["count"] == 1
    (group,) = data["groups"]
    assert group["group"] == "corrections" and group["heading"] == GROUPS["corrections"]
    (entry,) = group["changes"]
    assert entry["id"] == "arrest" and entry["fields"] == ["date"]
    assert entry["words"] == "Arrest, 13 November 2019: date from 12 November 2019 to 13 November 2019"


def test_a_reworded_key_point_is_one_entry_with_the_rewording() -> None:
    def summary(*points: str) -> dict[str, Any]:
        return {"summary": {"key_points": list(points)}}

    first = "He was arrested on 3 September 2017 and charged with treason [@ngo2017]."
    reworded = "He was arrested on 3 September 2017 and charged with treason under art 443 [@ngo2017]."
    cited_anew = "He was arrested on 3 September 2017 and charged with treason [@ngo2017; @icj2023]."
    other = "The party was dissolved in November 2017 [@ngo2017]."
    found = changes(summary(first, other), summary(reworded, "Something else entirely."))
    # Reworded: said in its new words with the summary; only cited anew: with the rewording.
    assert [(c.how, c.kind, c.id) for c in found] == [
        ("changed", "key point", "key-point-0"),
        ("new", "key point", "key-point-1"),
        ("removed", "key point", ""),
    ]
    assert found[0].words() == f"Key point 1 reworded: {reworded.replace(' [@ngo2017]', '')}"
    assert found[2].what == "The party was dissolved in November 2017."
    (collapsed,) = changes(summary(first), summary(cited_anew))
    (cited,) = collapsed.members
    assert (cited.what, cited.fields) == ("Key point 1", ("sources",))


def _every_pair(before: list[str], after: list[str]) -> list[tuple[int, str, str | None]]:
    """What key points' matching is by definition: each new point compared with every removed one."""
    gone = [p for p in before if p not in after]
    found: list[tuple[int, str, str | None]] = []
    for n, point in enumerate(after):
        if point in before:
            continue
        likeness = {old: module._alike(old, point) for old in gone}
        earlier = max(likeness, key=lambda old: likeness[old], default=None)
        if earlier is not None and likeness[earlier] >= module.REWORDED:
            gone.remove(earlier)
            found.append((n, point, earlier))
        else:
            found.append((n, point, None))
    return found


# Few words, so that generated points share many, tie and repeat.
_WORDS = ["a", "b", "c", "the", "The", "x", "[@k]", "[@j]"]
_POINT = st.lists(st.sampled_from(_WORDS), max_size=7).map(" ".join)


@given(before=st.lists(_POINT, max_size=6), after=st.lists(_POINT, max_size=6))
def test_key_points_compared_through_shared_words_as_if_every_pair_were(
    before: list[str], after: list[str]
) -> None:
    assert module._matched(before, after) == _every_pair(before, after)
    kept = before[: len(before) // 2]
    assert module._matched(before, kept + after) == _every_pair(before, kept + after)


def test_key_points_with_no_words_in_common_are_not_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = 0
    alike = module._alike

    def counting(one: str, other: str) -> float:
        nonlocal compared
        compared += 1
        return alike(one, other)

    monkeypatch.setattr(module, "_alike", counting)
    points = [f"Point {n} says w{n}a w{n}b w{n}c w{n}d w{n}e of the court [@ngo2021]." for n in range(2000)]
    reworded = [p.replace("says", "states") for p in points[:1000]]
    found = module._matched(points, reworded + [f"New w{n}x w{n}y w{n}z." for n in range(1000)])
    assert sum(1 for _, _, earlier in found if earlier is not None) == 1000
    # Every pair would be 2,000 x 2,000 comparisons; a reworded point meets only itself.
    assert compared < 3 * 2000


def test_change_words_have_no_ids_and_the_terminal_has_them() -> None:
    change = Change(
        "corrections", "event", "changed", "arrest", "Arrest, 3 May 2020", ("date from 2020 to 3 May 2020",)
    )
    assert change.words() == "Arrest, 3 May 2020: date from 2020 to 3 May 2020"
    assert str(change) == "Arrest, 3 May 2020: date from 2020 to 3 May 2020 [arrest]"


def test_every_field_of_the_content_model_has_a_readers_word() -> None:
    """A field the model gains is said in words, not by its name, from the day it is added."""
    import typing

    from pydantic import BaseModel

    from dossier.content.models import Event, Position, Proceeding, Subject

    seen: set[type[BaseModel]] = set()
    names: set[str] = set()

    def models(annotation: Any) -> Iterator[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield annotation
        for argument in typing.get_args(annotation):
            yield from models(argument)

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            names.add(name)
            for inner in models(field.annotation):
                walk(inner)

    for model in (Event, Proceeding, Position, Subject):
        walk(model)
    assert len(seen) > 15
    # A date's, a term's and differing versions' parts are said as one value.
    shapes = module.DATE | module.TERM | {"differ"}
    assert names - set(module.WORDS) - module.NOT_CONTENT - shapes == set()


def test_a_new_stage_whose_date_the_sources_differ_on_is_summed_up_with_both_dates() -> None:
    stage = {
        "stage": "cassation",
        "court": "Court of Cassation",
        "outcome": "upheld",
        "decided": {"year": 2023, "month": 9, "day": 27},
        "decided_differ": [
            {"value": {"year": 2023, "month": 9, "day": 27}, "sources": ["a"]},
            {"value": {"year": 2023, "month": 9, "day": 28}, "sources": ["b"]},
        ],
        "sources": ["a", "b"],
    }
    assert module.summary("stages", stage) == "Court of Cassation, upheld, 27 or 28 September 2023"
    # How a number was worked out is not part of the number.
    assert module.summary("co_defendants", {"count": 8, "derived": "Six and two [@n]."}) == "8"
