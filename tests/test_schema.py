"""The content files' JSON Schemas: kept up to date, true to every real dossier, and as strict as `check`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from dossier.content import load
from dossier.content.schema import (
    _EXAMPLE,
    FILES,
    MODELINE,
    add_modelines,
    generate,
    modeline,
    schema_file,
    undescribed,
)
from dossier.content.validate import check_folder
from dossier.errors import ContentError
from dossier.paths import PACKAGE, SCHEMAS

from .conftest import FIXTURES

README = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
SAMPLES = sorted(p for p in (PACKAGE.parent / "content").iterdir() if (p / "dossier.yaml").is_file())
FOLDERS = [*SAMPLES, FIXTURES / "full", FIXTURES / "minimal"]


def schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads((SCHEMAS / schema_file(name)).read_text(encoding="utf-8")) for name in FILES}


def read(path: Path) -> Any:
    """A content file as an editor's YAML server reads it: dates are text (YAML 1.2)."""
    yaml = YAML(typ="rt")
    yaml.Constructor = load._Constructor  # the loader's own: timestamps stay text
    return json.loads(json.dumps(yaml.load(path.read_text(encoding="utf-8")), default=str))


def errors(name: str, data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schemas()[name])
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


def test_the_kept_schemas_are_what_the_models_and_readme_give_now() -> None:
    """`make golden` writes them; a model or README changed without it fails here."""
    assert schemas() == json.loads(json.dumps(generate(README))), "run `make golden`"


def test_the_schemas_are_valid_json_schemas() -> None:
    for schema in schemas().values():
        jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_sample_and_fixture_meets_its_schemas(folder: Path) -> None:
    for name in FILES:
        assert errors(name, read(folder / name)) == [], f"{folder.name}/{name}"


def test_a_field_is_described_in_the_readme_s_words() -> None:
    events = schemas()["events.yaml"]["$defs"]["Event"]["properties"]
    assert events["label"]["description"] == "optional, up to 40 characters: shown instead of the kind"
    assert events["label"]["examples"] == ["Trial suspended"]
    metadata = schemas()["dossier.yaml"]["properties"]
    assert metadata["as_of"]["description"].startswith("information as of (a full date)")


def test_a_description_is_the_comment_beside_its_field_not_a_remark_above_the_next() -> None:
    position = schemas()["positions.yaml"]["$defs"]["Position"]["properties"]
    assert "joint statement" not in position["date"]["description"]
    assert position["date"]["description"].startswith("the statement's date")
    proceeding = schemas()["charges.yaml"]["$defs"]["Proceeding"]["properties"]
    # Its continuation lines too, to the last.
    described = proceeding["co_defendants"]["description"]
    assert '("108 defendants tried together")' in described
    assert described.endswith('{tried: 108} ("108 defendants tried together")')
    co_defendants = schemas()["charges.yaml"]["$defs"]["CoDefendants"]["properties"]
    assert co_defendants["derived"]["description"].endswith("how the number was worked out")


def test_the_readme_shows_no_field_the_models_lack() -> None:
    wrong = README.replace("  body: Cambodian authorities", "  bodies: Cambodian authorities")
    with pytest.raises(ValueError, match=r"events.yaml shows 'bodies', which no model has"):
        generate(wrong)


def test_the_fields_the_readme_s_examples_do_not_show() -> None:
    """Each is described in the README's prose or in a comment of the example, not as a key of
    it: this list changes only on purpose (a new field goes into the example)."""
    assert undescribed(README) == [
        "charges.yaml: co_defendants.tried",
        "charges.yaml: stages[].decided.differ",
        "charges.yaml: stages[].sentence.parts[].life",
        "charges.yaml: stages[].sentence.parts[].fine",
        "charges.yaml: clemency[].reported",
        "events.yaml: date.differ",
    ]


def test_the_readme_s_examples_meet_the_schemas() -> None:
    """What a writer copies from "Every field" is content the schemas take."""
    for name, body in _EXAMPLE.findall(README):
        yaml = YAML(typ="rt")
        yaml.Constructor = load._Constructor
        data = json.loads(json.dumps(yaml.load(body), default=str))
        assert errors(name, data) == [], name


Edit = Callable[[str], str]
# Invalid content: the file changed, what `check` says of it, where the schema finds it.
INVALID: list[tuple[str, str, Edit, str, str]] = [
    (
        "missing field",
        "dossier.yaml",
        lambda t: re.sub(r"(?m)^title:.*\n", "", t),
        "missing field 'title'",
        "",
    ),
    ("unknown field", "dossier.yaml", lambda t: t + "titel: A\n", "titel", ""),
    (
        "edition zero",
        "dossier.yaml",
        lambda t: re.sub(r"number: \d+", "number: 0", t),
        "more than 0",
        "edition/number",
    ),
    (
        "no key point",
        "dossier.yaml",
        lambda t: re.sub(r"(?ms)^key_points:.*?(?=^\S|\Z)", "key_points: []\n", t),
        "key_points",
        "key_points",
    ),
    (
        "kind misspelt",
        "events.yaml",
        lambda t: t.replace("kind: arrest", "kind: arest", 1),
        "arest",
        "0/kind",
    ),
    (
        "date in words",
        "events.yaml",
        lambda t: t.replace('date: "2020-03"', "date: March 2020", 1),
        "not a date",
        "0/date",
    ),
    (
        "no sources",
        "events.yaml",
        lambda t: t.replace("sources: [ngo2021]", "sources: []", 1),
        "sources",
        "0/sources",
    ),
    ("capital id", "events.yaml", lambda t: t.replace("id: arrest", "id: Arrest", 1), "id", "0/id"),
    (
        "custody misspelt",
        "events.yaml",
        lambda t: t.replace("custody_after: detained", "custody_after: jailed", 1),
        "jailed",
        "0/custody_after",
    ),
    (
        "term without unit",
        "charges.yaml",
        lambda t: re.sub(r"imprisonment: [^\n]+", "imprisonment: 7", t, count=1),
        "write the unit",
        "0/stages/0/sentence",
    ),
    (
        "amount without currency",
        "charges.yaml",
        lambda t: re.sub(
            r"(?m)^(\s+)imprisonment: ([^\n]+)", r"\1imprisonment: \2\n\1fine: 500 dollars", t, count=1
        ),
        "not an amount",
        "0/stages/0/sentence",
    ),
    (
        "dates_differ written",
        "events.yaml",
        lambda t: t.replace(
            '  date: "2020-03"\n',
            '  date: "2020-03"\n  dates_differ: [{value: "2020-04", sources: [ngo2021]}]\n',
            1,
        ),
        "unknown field 'dates_differ'",
        "0",
    ),
    (
        "label too long",
        "events.yaml",
        lambda t: t.replace("  kind: arrest\n", "  kind: arrest\n  label: " + "x" * 41 + "\n", 1),
        "at most 40 characters, not 41",
        "0/label",
    ),
    (
        "two kinds of organisation",
        "positions.yaml",
        lambda t: re.sub(
            r"(?m)^(\s+)organisation: (.+)$", r"\1organisation: \2\n\1organisations: [\2]", t, count=1
        ),
        "not both",
        "0",
    ),
]


@pytest.mark.parametrize(("case", "name", "edit", "said", "where"), INVALID, ids=[c[0] for c in INVALID])
def test_the_schema_rejects_what_check_rejects(
    content: Path, case: str, name: str, edit: Edit, said: str, where: str
) -> None:
    path = content / name
    changed = edit(path.read_text(encoding="utf-8"))
    assert changed != path.read_text(encoding="utf-8"), f"{case}: the edit changed nothing"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        check_folder(content)
    assert any(said in str(p) for p in raised.value.problems), [str(p) for p in raised.value.problems]
    found = errors(name, read(path))
    assert found, f"{case}: the schema took what check refused"
    assert any(e.split(":")[0].startswith(where) for e in found), found


def test_every_sample_names_its_schema_in_its_first_line() -> None:
    for folder in SAMPLES:
        for name in FILES:
            first = (folder / name).read_text(encoding="utf-8").split("\n", 1)[0]
            assert first == modeline(folder / name)
            named = (folder / name).parent / first.removeprefix(MODELINE)
            assert named.resolve() == (SCHEMAS / schema_file(name)).resolve()


def test_naming_the_schema_again_changes_nothing_and_a_moved_folder_is_renamed(content: Path) -> None:
    first = add_modelines(content)
    assert sorted(p.name for p in first) == sorted(FILES)
    before = {name: (content / name).read_text(encoding="utf-8") for name in FILES}
    assert add_modelines(content) == []
    # A folder moved elsewhere names a path that no longer leads to the schema: replaced, once.
    events = content / "events.yaml"
    events.write_text(before["events.yaml"].replace("$schema=", "$schema=../elsewhere/", 1), encoding="utf-8")
    assert add_modelines(content) == [events]
    assert events.read_text(encoding="utf-8") == before["events.yaml"]
    check_folder(content)  # a comment: the content is read as before
