"""`dossier new`: a folder that explains its fields, holds no value, and cannot be built as it is."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

from dossier.cli import main
from dossier.content.schema import FILES, modeline, schema_file
from dossier.paths import SCHEMAS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_new_dossier_holds_no_value(tmp_path: Path) -> None:
    folder = tmp_path / "new-case"
    code, out, _ = run("new", str(folder))
    assert code == 0
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["dossier.yaml", "charges.yaml", "events.yaml", "positions.yaml", "background.md", "sources.bib"]
    )
    for name in FILES:
        text = (folder / name).read_text(encoding="utf-8")
        assert text.split("\n", 1)[0] == modeline(folder / name)
        assert YAML(typ="safe").load(text) is None, f"{name} holds a value"
        assert all(line.startswith("#") for line in text.splitlines())
    assert (folder / "background.md").read_text(encoding="utf-8") == ""
    assert "@" not in (folder / "sources.bib").read_text(encoding="utf-8")  # no entry, not even an example
    assert "dossier check" in out


def test_every_field_is_explained_in_the_readme_s_words(tmp_path: Path) -> None:
    folder = tmp_path / "new-case"
    run("new", str(folder))
    text = (folder / "dossier.yaml").read_text(encoding="utf-8")
    schema = json.loads((SCHEMAS / schema_file("dossier.yaml")).read_text(encoding="utf-8"))
    for key in schema["properties"]:
        assert re.search(rf"(?m)^# {key}:", text), key
    assert re.search(r"(?m)^# as_of: +# required: information as of \(a full date\)", text)
    events = (folder / "events.yaml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^# - id: +# required: unique$", events)  # the first field opens the item
    assert re.search(r"(?m)^#   label: +# optional, up to 40 characters", events)  # the others under it


def test_check_and_build_name_every_field_to_fill_and_write_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "new-case"
    run("new", str(folder))
    code, _, err = run("check", str(folder))
    assert code == 1
    missing = set(re.findall(r"dossier\.yaml:1: missing field '(\w+)'", err))
    required = {"title", "subject", "as_of", "edition", "author", "language", "classification"}
    assert required | {"next_step", "key_points"} == missing
    assert "Traceback" not in err
    pdf = tmp_path / "new-case.pdf"
    code, _, built = run("build", str(folder), "-o", str(pdf))
    assert code == 1
    assert set(re.findall(r"dossier\.yaml:1: missing field '(\w+)'", built)) == missing
    assert not pdf.exists()


def test_new_never_writes_over_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("new", str(folder))
    assert code == 1
    assert "already exists and is not an empty folder" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_a_value_written_plain_is_not_opened_into_its_other_form(tmp_path: Path) -> None:
    """custody_after is a value ("detained") or, where sources differ, {differ: [...]}: the
    new file shows the value's choices, not a 'differ:' that would read as required."""
    folder = tmp_path / "new-case"
    run("new", str(folder))
    events = (folder / "events.yaml").read_text(encoding="utf-8")
    assert "differ:" not in events
    assert re.search(r"(?m)^#   custody_after: .*at_liberty", events)
    charges = (folder / "charges.yaml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^#         imprisonment: ", charges)  # a stage's sentence, opened
    assert re.search(r"(?m)^#         max: ", charges)  # a charge's penalty range
