"""Editions: `dossier release` freezes one, `dossier diff` and `dossier check` compare with it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dossier.cli import main
from dossier.content.editions import encoded
from dossier.content.validate import check_folder

from .helpers import edit, next_edition


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def case(full_case: Path) -> Path:
    return full_case


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
    edit(case / "background.md", "One case concerns", "A new paragraph of background.\n\nOne case concerns")
    check = run("check", str(case))
    assert check.exit_code == 0
    assert re.search(
        r"dossier\.yaml:\d+: warning: the content differs from released edition \d+ \(1 change", check.output
    )
    refused = run("release", str(case))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "not released" in refused.output


def test_diff_lists_the_changes_since_an_edition(case: Path) -> None:
    assert run("release", str(case)).exit_code == 0
    number = check_folder(case)[0].metadata.edition.number
    edit(case / "dossier.yaml", f"number: {number}", f"number: {number + 1}")
    unchanged_date = run("check", str(case))
    assert "but as_of is still edition" in unchanged_date.output
    as_of = re.search(r"as_of: (\S+)", (case / "dossier.yaml").read_text(encoding="utf-8"))
    assert as_of is not None
    edit(case / "dossier.yaml", f"as_of: {as_of[1]}", "as_of: 2024-06-29")  # a day before
    earlier = run("check", str(case))
    assert re.search(
        r"dossier\.yaml:\d+: warning: as_of \(2024-06-29\) is before edition \d+'s", earlier.output
    )
    edit(case / "dossier.yaml", "as_of: 2024-06-29", f"as_of: {as_of[1]}")
    edit(case / "background.md", "One case concerns", "A new paragraph of background.\n\nOne case concerns")
    listed = run("diff", str(case))
    assert listed.exit_code == 0, listed.output
    assert f"since edition {number} (" in listed.output and f"edition {number + 1}: 1 change" in listed.output
    assert "  Background, section ‘The two cases’: 1 paragraph new\n" in listed.output
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

    number, later = next_edition(case, 5)
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
    start = outline(built.pdf)["Summary"] - 1
    summary = "\n".join(pages[start : start + 2])  # the list may run on
    assert f"What has changed since edition {number}" in summary
    line = re.search(r"New event: Appeal, (.+?) \(p\. (\d+)\)", summary)
    assert line is not None
    target = int(line[2])
    assert "An appeal was lodged." in pages[target - 1]  # the page the change points to
    # A change bar in the left margin of that page, beside the new event's row.
    with pdfplumber.open(built.pdf) as pdf:
        page = pdf.pages[target - 1]
        bars = [r for r in page.rects + page.lines if r["x1"] < 70 and r["bottom"] - r["top"] > 5]
        every = page.extract_words()
    # The new event's words, not another "lodged" higher on the page.
    words = [
        w
        for n, w in enumerate(every)
        if [x["text"] for x in every[n : n + 3]][:2] == ["An", "appeal"]
        and every[n + 3]["text"].startswith("lodged")
    ]
    assert bars and words
    assert any(bar["top"] - 30 < words[0]["top"] < bar["bottom"] + 30 for bar in bars)
    back = pages[-1]
    assert f"Edition {number}, " in back and f"Edition {number + 1}, " in back and "(this edition)" in back


def test_an_ordinary_update_is_said_in_a_few_lines(case: Path, tmp_path: Path) -> None:
    """A hearing, a statement in response, a reworded paragraph and its source: the list a
    holder of the last edition reads is a dozen lines, not pages."""
    from dossier.build import Settings, build

    from .pdfread import page_texts

    number, later = next_edition(case, 20)
    with (case / "events.yaml").open("a", encoding="utf-8") as events:
        events.write(f"- id: hearing-set\n  date: {later}\n  kind: hearing\n  text: A hearing was held.\n")
        events.write("  sources: [times2024]\n")
    with (case / "positions.yaml").open("a", encoding="utf-8") as positions:
        positions.write(
            f"\n- id: watch-later\n  organisation: {{name: Example Watch, kind: ngo}}\n  date: {later}\n"
            "  calls_for: That the hearing be public.\n  sources: [watch2020]\n"
        )
    edit(case / "background.md", "One case concerns a speech", "One case concerns a public speech")
    built = build(case, tmp_path / "update.pdf", Settings())
    pages = page_texts(built.pdf)
    heading = f"What has changed since edition {number}"
    (page,) = [text for text in pages if heading in text]
    # The whole list on the page it starts on, before the next section.
    listed = page[page.index(heading) : page.index("\nBackground\n")]
    lines = [line for line in listed.splitlines() if line.strip()]
    assert "New event: Hearing" in listed and "New position: Example Watch" in listed
    said = " ".join(lines)
    assert "reworded or with sources added or removed: Background, section ‘The two cases’" in said, lines
    assert len(lines) <= 12, lines


def test_a_page_read_after_as_of_is_warned_of_and_its_release_reads_back(content: Path) -> None:
    # Found by a writer trying the tool (Osman Kavala): `release` accepted a urldate after
    # as_of, then check, diff and build refused the edition file it had written.
    dated = "  date = {2021-02-01}"
    edit(content / "sources.bib", f"{dated}\n", f"{dated},\n  urldate = {{2099-12-05}}\n")
    checked = run("check", str(content))
    assert checked.exit_code == 0, checked.output
    assert "urldate 2099-12-05 is after the information-as-of date" in checked.output
    assert re.search(r"sources\.bib:1: warning: source 'ngo2021'", checked.output)
    refused = run("release", str(content))  # release checks as --strict does
    assert refused.exit_code == 1 and "urldate 2099-12-05 is after" in refused.output
    # An edition released before this warning, with such a date, is still read.
    edit(content / "sources.bib", "  urldate = {2099-12-05}\n", "  urldate = {2021-02-03}\n")
    assert run("release", str(content)).exit_code == 0
    frozen = next((content / "editions").glob("*.json"))
    data = json.loads(frozen.read_text(encoding="utf-8"))
    data["sources"]["ngo2021"]["accessed"]["date-parts"] = [[2099, 12, 5]]
    frozen.write_bytes(encoded(data))
    again = run("check", str(content))
    assert again.exit_code == 0, again.output
    assert "editions/" not in again.output
