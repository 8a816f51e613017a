"""Editions: `dossier release` freezes one, `dossier diff` and `dossier check` compare with it."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from dossier.cli import main
from dossier.content import editions
from dossier.content.editions import Change, changes, encoded, snapshot
from dossier.content.validate import check_folder

from .conftest import FIXTURES

FULL = FIXTURES / "full"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def case(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(FULL, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_release_writes_the_snapshot_once(case: Path) -> None:
    first = run("release", str(case))
    assert first.exit_code == 0, first.output
    dossier = check_folder(case)[0]
    number = dossier.metadata.edition.number
    frozen = case / "editions" / f"{number}.json"
    assert f"released edition {number}: wrote" in first.output
    data = json.loads(frozen.read_text(encoding="utf-8"))
    assert data["edition"] == number
    assert set(data["events"]) == {e.id for e in dossier.events}
    assert set(data["sources"]) == set(dossier.sources)
    # Where an item sits in its file is not what it says: no line numbers are frozen.
    assert '"line"' not in frozen.read_text(encoding="utf-8")
    again = run("release", str(case))
    assert again.exit_code == 0 and "already released with this content" in again.output
    assert frozen.read_bytes() == encoded(data)


def test_content_changed_under_a_released_number_is_refused_and_warned(case: Path) -> None:
    assert run("release", str(case)).exit_code == 0
    edit(case / "background.md", "\n", "\nA new sentence of background.\n")
    check = run("check", str(case))
    assert check.exit_code == 0
    assert re.search(
        r"dossier\.yaml:\d+: warning: the content differs from released edition \d+ \(1 change", check.output
    )
    refused = run("release", str(case))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "not released" in refused.output


def test_every_kind_of_change_is_named(case: Path) -> None:
    before = json.loads(encoded(snapshot(check_folder(case)[0])))
    after = json.loads(json.dumps(before))
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
    after["proceedings"][proceeding]["status"] = "changed"
    after["sources"]["newsource"] = {"id": "newsource", "title": "A new report"}
    after["summary"]["key_points"] = [*after["summary"]["key_points"][1:], "A new key point."]
    found = [(c.how, c.kind, c.id) for c in changes(before, after)]
    assert ("changed", "event", event) in found
    assert ("new", "event", "new-event") in found
    assert ("removed", "position", gone) in found
    assert ("changed", "proceeding", proceeding) in found
    assert ("new", "source", "newsource") in found
    assert ("new", "key point", f"key-point-{len(after['summary']['key_points']) - 1}") in found
    assert ("removed", "key point", "") in found
    words = [str(c) for c in changes(before, after)]
    assert "new event: Hearing, 2 May 2024 [new-event]" in words
    assert "new event: Hearing, 2 May 2024" in [c.words() for c in changes(before, after)]


def test_a_reworded_key_point_is_changed_not_new_and_removed() -> None:
    def summary(*points: str) -> dict[str, Any]:
        return {"summary": {"key_points": list(points)}}

    first = "He was arrested on 3 September 2017 and charged with treason [@ngo2017]."
    reworded = "He was arrested on 3 September 2017 and charged with treason under art 443 [@ngo2017]."
    cited_anew = "He was arrested on 3 September 2017 and charged with treason [@ngo2017; @icj2023]."
    other = "The party was dissolved in November 2017 [@ngo2017]."
    found = changes(summary(first, other), summary(reworded, "Something else entirely."))
    assert [(c.how, c.id, c.fields) for c in found] == [
        ("changed", "key-point-0", ("text",)),
        ("new", "key-point-1", ()),
        ("removed", "", ()),
    ]
    assert found[0].words().startswith("changed key point: He was arrested on 3 September 2017")
    assert found[2].what == "The party was dissolved in November 2017."
    (cited,) = changes(summary(first), summary(cited_anew))
    assert (cited.how, cited.fields) == ("changed", ("sources",))


def test_diff_lists_the_changes_since_an_edition(case: Path) -> None:
    assert run("release", str(case)).exit_code == 0
    number = check_folder(case)[0].metadata.edition.number
    edit(case / "dossier.yaml", f"number: {number}", f"number: {number + 1}")
    unchanged_date = run("check", str(case))
    assert "but as_of is still edition" in unchanged_date.output
    edit(case / "background.md", "\n", "\nA new sentence of background.\n")
    listed = run("diff", str(case))
    assert listed.exit_code == 0, listed.output
    assert f"since edition {number} (" in listed.output and f"edition {number + 1}: 1 change" in listed.output
    assert "  changed background\n" in listed.output
    missing = run("diff", str(case), "--since", "9")
    assert missing.exit_code == 1 and "edition 9 was not released" in missing.output


def test_no_edition_released_yet(case: Path) -> None:
    result = run("diff", str(case))
    assert result.exit_code == 1 and "no edition released yet" in result.output


def test_a_damaged_snapshot_is_a_clear_error(case: Path) -> None:
    (case / "editions").mkdir()
    (case / "editions" / "1.json").write_text('{\n  "edition": 1,\n  oops\n}\n', encoding="utf-8")
    result = run("check", str(case))
    assert result.exit_code == 1 and "Traceback" not in result.output
    # Where, as every error gives it: the file and the line.
    where = "editions/1.json:3: this released edition is not valid JSON: expecting property name"
    assert where in result.output
    (case / "editions" / "1.json").write_bytes(b'{"edition": 1, "as_of": "\xff"}')
    result = run("check", str(case))
    assert result.exit_code == 1
    assert "editions/1.json:1: file is not UTF-8 text" in result.output


def test_the_next_edition_says_what_it_updates_and_what_changed(case: Path, tmp_path: Path) -> None:
    import pdfplumber

    from dossier.build import Settings, build

    from .pdfread import outline, page_texts

    assert run("release", str(case)).exit_code == 0
    number = check_folder(case)[0].metadata.edition.number
    meta = (case / "dossier.yaml").read_text(encoding="utf-8")
    as_of = re.search(r"as_of: (\S+)", meta)
    assert as_of is not None
    later = (date.fromisoformat(as_of[1]) + timedelta(days=5)).isoformat()
    meta = meta.replace(f"number: {number}", f"number: {number + 1}").replace(
        f"as_of: {as_of[1]}", f"as_of: {later}"
    )
    (case / "dossier.yaml").write_text(meta, encoding="utf-8")
    events = case / "events.yaml"
    first_source = next(iter(check_folder(case)[0].sources))
    events.write_text(
        events.read_text(encoding="utf-8")
        + f"- id: appeal-lodged\n  date: {later}\n  kind: appeal\n  text: An appeal was lodged.\n"
        f"  sources: [{first_source}]\n",
        encoding="utf-8",
    )
    built = build(case, tmp_path / "next.pdf", Settings())
    pages = page_texts(built.pdf)
    assert f"This edition updates edition {number} of" in pages[0]
    summary = pages[outline(built.pdf)["Summary"] - 1]
    assert f"What has changed since edition {number}" in summary
    line = re.search(r"New event: Appeal, (.+?) \(p\. (\d+)\)", summary)
    assert line is not None
    target = int(line[2])
    assert "An appeal was lodged." in pages[target - 1]  # the page the change points to
    # A change bar in the left margin of that page, beside the new event's row.
    with pdfplumber.open(built.pdf) as pdf:
        page = pdf.pages[target - 1]
        bars = [r for r in page.rects + page.lines if r["x1"] < 70 and r["bottom"] - r["top"] > 5]
        words = [w for w in page.extract_words() if w["text"].startswith("lodged")]
    assert bars and words
    assert any(bar["top"] - 30 < words[0]["top"] < bar["bottom"] + 30 for bar in bars)
    back = pages[-1]
    assert f"Edition {number}, " in back and f"Edition {number + 1}, " in back and "(this edition)" in back


def _every_pair(before: list[str], after: list[str]) -> list[Change]:
    """What key points' changes are by definition: each new point compared with every removed one."""
    gone = [p for p in before if p not in after]
    found = []
    for n, point in enumerate(after):
        if point in before:
            continue
        likeness = {old: editions._alike(old, point) for old in gone}
        earlier = max(likeness, key=lambda old: likeness[old], default=None)
        if earlier is not None and likeness[earlier] >= editions.REWORDED:
            gone.remove(earlier)
            cited = editions._cited(earlier) != editions._cited(point)
            fields: tuple[str, ...] = ("sources",) if cited else ()
            if editions._short(earlier, 10**6) != editions._short(point, 10**6):
                fields += ("text",)
            found.append(Change("key point", "changed", f"key-point-{n}", editions._short(point), fields))
        else:
            found.append(Change("key point", "new", f"key-point-{n}", editions._short(point)))
    return found + [Change("key point", "removed", "", editions._short(p)) for p in gone]


# Few words, so that generated points share many, tie and repeat.
_WORDS = ["a", "b", "c", "the", "The", "x", "[@k]", "[@j]"]
_POINT = st.lists(st.sampled_from(_WORDS), max_size=7).map(" ".join)


@given(before=st.lists(_POINT, max_size=6), after=st.lists(_POINT, max_size=6))
def test_key_points_compared_through_shared_words_as_if_every_pair_were(
    before: list[str], after: list[str]
) -> None:
    assert editions._key_points(before, after) == _every_pair(before, after)
    kept = before[: len(before) // 2]
    assert editions._key_points(before, kept + after) == _every_pair(before, kept + after)


def test_key_points_with_no_words_in_common_are_not_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    compared = 0
    alike = editions._alike

    def counting(one: str, other: str) -> float:
        nonlocal compared
        compared += 1
        return alike(one, other)

    monkeypatch.setattr(editions, "_alike", counting)
    points = [f"Point {n} says w{n}a w{n}b w{n}c w{n}d w{n}e of the court [@ngo2021]." for n in range(2000)]
    reworded = [p.replace("says", "states") for p in points[:1000]]
    found = editions._key_points(points, reworded + [f"New w{n}x w{n}y w{n}z." for n in range(1000)])
    assert [c.how for c in found].count("changed") == 1000
    # Every pair would be 2,000 x 2,000 comparisons; a reworded point meets only itself.
    assert compared < 3 * 2000


def test_what_changed_is_said_in_substance_old_to_new(case: Path) -> None:
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
    said = result.output
    assert (
        "changed proceeding: Treason case (status from convicted, on appeal to final; "
        "sentence from life imprisonment to 41 years" in said
    )
    assert (
        "changed event: Arrest, 13 November 2019 (date from 12 November 2019 to 13 November 2019; "
        "custody from detained to house arrest" in said
    )
    assert (
        "changed subject: C. Sample (role from former deputy speaker of the Testland National Assembly "
        "to former speaker of the Testland National Assembly)" in said
    )
    assert (
        "changed source: Supreme Court hears Sample appeal (title from Supreme Court to hear Sample appeal "
        "to Supreme Court hears Sample appeal) [times2024]" in said
    )
    # No field name of the model where the substance is said.
    assert "(status from" in said and "custody_after" not in said and "→" not in said


def test_changes_come_heaviest_first_and_many_new_sources_in_one_entry(case: Path) -> None:
    before = json.loads(encoded(snapshot(check_folder(case)[0])))
    after = json.loads(json.dumps(before))
    after["background"] = before["background"] + "\nMore."
    after["positions"]["new-position"] = {**next(iter(before["positions"].values())), "id": "new-position"}
    proceeding = next(iter(after["proceedings"]))
    after["proceedings"][proceeding]["status"] = "final"
    for n in range(3):
        after["sources"][f"new{n}"] = {"id": f"new{n}", "title": f"Report {n}"}
    found = changes(before, after)
    assert [c.kind for c in found] == ["proceeding", "position", "background", "source"]
    assert found[-1].words() == "3 new sources: Report 0; Report 1; Report 2"
    # Two new sources are still listed one by one.
    del after["sources"]["new2"]
    assert [c.words() for c in changes(before, after) if c.kind == "source"] == [
        "new source: Report 0",
        "new source: Report 1",
    ]
