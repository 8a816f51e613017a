"""Released editions are read as content is: names in ASCII digits, every value checked, text kept text.

The damaged and hostile editions themselves are corpus cases (tests/corpus/editions-*);
here, what a corpus case cannot show: warnings, what a look-alike file does not change,
writes through links, the hash and attachments that cover the editions, and the changes
list printing a stored value as its characters.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner, Result

from dossier.cli import main
from dossier.content.edition_files import read_editions
from dossier.content.validate import check_folder
from dossier.distribute.run import content_hash

from .conftest import MINIMAL, SAMPLE
from .helpers import release_first_edition


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """The minimal fixture (edition 2) with its edition 1 released: as of 1 January 2024."""
    folder = tmp_path / "case"
    shutil.copytree(MINIMAL, folder)
    release_first_edition(folder)
    return folder


def test_the_samples_editions_are_read_without_a_problem() -> None:
    editions, problems = read_editions(SAMPLE)
    assert sorted(editions) == [1] and problems == []


def test_a_look_alike_name_is_not_an_edition(released: Path) -> None:
    first = released / "editions" / "1.json"
    data = json.loads(first.read_text(encoding="utf-8"))
    real = run("diff", str(released))
    # Full-width "１" and Arabic-Indic "١" are digits to `\d`; a forged edition 1 in each.
    forged = {**data, "events": {**data["events"], "forged": {**data["events"]["arrest"], "id": "forged"}}}
    for name in ("１.json", "١.json"):
        write(released / "editions" / name, forged)
    (released / "editions" / "01.json").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    (released / "editions" / "notes.txt").write_text("kept by hand\n", encoding="utf-8")
    (released / "editions" / "1.sources.md").write_text("# notes\n", encoding="utf-8")
    (released / "editions" / ".DS_Store").write_bytes(b"\0")

    editions, problems = read_editions(released)
    assert sorted(editions) == [1] and editions[1] == data
    warned = sorted(Path(p.path).name for p in problems)
    assert all(p.warning for p in problems) and warned == ["01.json", "notes.txt", "١.json", "１.json"]
    check = run("check", str(released))
    assert check.exit_code == 0
    assert (
        "１.json: warning: '１.json' is not read: released editions are named with the digits 0-9"
        in check.output
    )
    assert (
        "01.json: warning: '01.json' is not read: an edition's file is its number without a leading "
        "zero ('1.json')" in check.output
    )
    assert run("check", "--strict", str(released)).exit_code == 1
    # What changed is what changed since the real edition 1: the forged event is in neither list.
    listed = [line for line in run("diff", str(released)).output.splitlines() if "warning" not in line]
    assert listed == real.output.splitlines() and "forged" not in "".join(listed)


def test_problems_in_several_editions_are_reported_at_once(released: Path) -> None:
    first = released / "editions" / "1.json"
    data = json.loads(first.read_text(encoding="utf-8"))
    write(released / "editions" / "3.json", {**data, "edition": 3, "date": "2024-13-01"})
    edit(first, '"as_of": "2024-01-01"', '"as_of": "2024-02-30"')
    result = run("diff", str(released))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "editions/1.json:2: 'as_of': '2024-02-30' is not a date that exists" in result.output
    assert "editions/3.json:4: 'date': '2024-13-01' is not a date that exists" in result.output


def test_release_does_not_write_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(MINIMAL, folder)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (folder / "editions").symlink_to(outside)
    result = run("release", str(folder))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "'editions' is a symbolic link to a file outside the dossier folder" in result.output
    assert list(outside.iterdir()) == []
    # A link at the edition's own name, pointing out, is not written through either.
    (folder / "editions").unlink()
    (folder / "editions").mkdir()
    target = outside / "2.json"
    (folder / "editions" / "2.json").symlink_to(target)
    result = run("release", str(folder))
    assert result.exit_code == 1 and not target.exists()
    assert "editions/2.json" in result.output and "symbolic link" in result.output


def test_the_ledger_is_not_written_through_a_link_out_of_the_folder(tmp_path: Path) -> None:
    from dossier.distribute.ledger import LEDGER_FOLDER, LedgerError, default_ledger

    folder = tmp_path / "case"
    shutil.copytree(MINIMAL, folder)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (folder / LEDGER_FOLDER).symlink_to(outside)
    with pytest.raises(LedgerError, match="would be written outside the dossier folder"):
        default_ledger(folder)


def test_the_hash_of_what_is_sent_covers_the_released_editions(released: Path) -> None:
    dossier = check_folder(released)[0]
    assert "editions/1.json" in dossier.files
    before = content_hash(released, dossier.files)
    edit(released / "editions" / "1.json", '"title": "Plotting case"', '"title": "Plotting case (amended)"')
    after = check_folder(released)[0]
    # The changes page a holder of edition 1 reads would differ: so does the content's hash,
    # and distribute refuses to send it under the number already sent.
    assert content_hash(released, after.files) != before


def test_a_pdf_a_carries_the_edition_its_changes_page_is_built_from(released: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = run("build", str(released), "-o", str(out), "--pdf-variant", "pdf/a-3u")
    assert result.exit_code == 0, result.output
    with pikepdf.open(out) as pdf:
        attached = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    names = {name.split("/")[-1]: data for name, data in attached.items()}
    assert names.get("1.json") == (released / "editions" / "1.json").read_bytes()


def _hostile(released: Path) -> None:
    """Edition 1 holding values that Markdown would act on; the current bibliography one too."""
    first = released / "editions" / "1.json"
    data = json.loads(first.read_text(encoding="utf-8"))
    arrest = data["events"]["arrest"]
    data["events"]["gone"] = {
        **arrest,
        "id": "gone",
        "label": "[report](https://evil.example/a) **now**",
    }
    proceeding = next(iter(data["proceedings"].values()))
    data["proceedings"]["gone-case"] = {**proceeding, "id": "gone-case", "title": "Plotting [@ngo2021] case"}
    data["summary"]["key_points"].append(
        "Removed point with [a link](https://evil.example/k) and _emphasis_."
    )
    data["sources"].pop("ngo2023")
    write(first, data)
    edit(
        released / "sources.bib",
        "title = {Testland: overturn the conviction}",
        "title = {Testland: [overturn](https://evil.example/t) the *conviction*}",
    )


def test_the_changes_list_prints_stored_values_as_their_characters(released: Path, tmp_path: Path) -> None:
    from .pdfread import page_texts, squash

    _hostile(released)
    out = tmp_path / "out.pdf"
    result = run("build", str(released), "-o", str(out), "--emit-html")
    assert result.exit_code == 0, result.output
    html = out.with_suffix(".layout.html").read_text(encoding="utf-8")
    # Every group of the list, to the end of the Summary.
    changes = html[html.index('<ul class="changes">') : html.index("</section>", html.index('id="changes"'))]
    assert "evil.example" in changes  # printed...
    assert "<a href" not in changes.replace('<a class="xref"', "")  # ...never a link
    assert "<strong>" not in changes and "<em>" in changes  # a key point keeps its emphasis only
    assert "fn" not in changes  # no note call from "[@ngo2021]"
    text = squash("".join(page_texts(out)))
    for printed in (
        "Removed event: [report](https://evil.example/a) **now**",
        "Removed proceeding: Plotting [@ngo2021] case",
        # Its title shortened, as every new source's is in the list.
        "1 new source in the bibliography: Example Watch 2023, "
        "‘Testland: [overturn](https://evil.example/t) the …’",
        "Removed key point: Removed point with a link and emphasis.",
    ):
        assert squash(printed) in text, printed
    assert not [uri for uri in link_targets(out) if "evil.example" in uri]
    assert "evil.example" in run("diff", str(released)).output


def link_targets(path: Path) -> list[str]:
    """The address of every link annotation in the PDF."""
    found = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and "/URI" in action:
                    found.append(str(action.URI))
    return found
