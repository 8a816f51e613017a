"""Turn the content models into the JSON Schemas an editor checks and completes YAML files with.

One schema for each YAML content file, generated from the Pydantic models that validate it
(models.py, legal.py), each field described in the words of the README's "Every field" (the
comment beside it in the example) and given the example's value: the models, the schemas
and the README then say one thing. The schemas are kept in dossier/schemas/ for editors to
find; `make golden` writes them again, and a test fails when they are out of date or when
the README shows a field the models do not have.

A YAML file names its schema in a comment that VS Code's YAML extension (the
yaml-language-server) reads: `# yaml-language-server: $schema=<path>` (`add_modelines`).
"""

from __future__ import annotations

import copy
import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from ..paths import PACKAGE, SCHEMAS
from . import legal
from .load import CHARGES, EVENTS, METADATA, POSITIONS
from .models import Event, Metadata, Position, Proceeding

FILES: dict[str, Any] = {
    METADATA: Metadata,
    CHARGES: list[Proceeding],
    EVENTS: list[Event],
    POSITIONS: list[Position],
}
MODELINE = "# yaml-language-server: $schema="
Path_ = tuple[str, ...]  # a field's place in a file: ("[]", "stages", "[]", "court")


def schema_file(name: str) -> str:
    """events.yaml -> events.schema.json"""
    return name.removesuffix(".yaml") + ".schema.json"


def generate(readme: str) -> dict[str, dict[str, Any]]:
    """Each YAML content file's schema, described from `readme` (the README's text)."""
    shown = readme_fields(readme)
    schemas = {}
    for name, kind in FILES.items():
        schema = TypeAdapter(kind).json_schema()
        _written_forms(schema)
        for path, (description, example) in shown.get(name, {}).items():
            place = _at(schema, path)
            if place is None:
                raise ValueError(
                    f"README.md: the example of {name} shows '{_dotted(path)}', which no model has"
                )
            if description:
                place["description"] = description
            if example is not None:
                place["examples"] = [example]
        schemas[name] = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"dossier: {name}",
            **schema,
        }
    return schemas


def undescribed(readme: str) -> list[str]:
    """Every field of the models that the README's examples do not show, as file: path."""
    shown = readme_fields(readme)
    missing = []
    for name, kind in FILES.items():
        schema = TypeAdapter(kind).json_schema()
        _written_forms(schema)
        for path in _fields(schema, schema, (), set()):
            if path not in shown.get(name, {}):
                missing.append(f"{name}: {_dotted(path)}")
    return missing


def write(readme: str, folder: Path = SCHEMAS) -> list[Path]:
    """The schemas written into `folder`, as `generate` makes them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate(readme).items():
        path = folder / schema_file(name)
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def modeline(yaml_file: Path) -> str:
    """The comment naming `yaml_file`'s schema, by a path relative to the file where there is one."""
    target = SCHEMAS / schema_file(yaml_file.name)
    try:
        where = Path(os.path.relpath(target, yaml_file.resolve().parent)).as_posix()
    except ValueError:  # another drive (Windows): no relative path
        where = target.as_uri()
    return MODELINE + where


def add_modelines(folder: Path) -> list[Path]:
    """Each YAML content file of `folder` that exists, its first line made the comment naming
    its schema (a comment naming another one is replaced); the files changed."""
    changed = []
    for name in FILES:
        path = folder / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        first, newline, rest = text.partition("\n")
        line = modeline(path)
        if first == line:
            continue
        body = rest if first.startswith(MODELINE) else text
        path.write_text(f"{line}\n{body}" if body or newline else f"{line}\n", encoding="utf-8")
        changed.append(path)
    return changed


# -- the README's examples ----------------------------------------------------------------

# "`events.yaml`, oldest first:" then a fenced YAML example.
_EXAMPLE = re.compile(r"^`([a-z]+\.yaml)`[^\n]*\n\n```yaml\n(.*?)```", re.S | re.M)


def readme_fields(readme: str) -> dict[str, dict[Path_, tuple[str, Any]]]:
    """Each field the README's examples show, by file and place: the comment beside it (its
    description) and its value where that is plain (its example)."""
    from ruamel.yaml import YAML

    found: dict[str, dict[Path_, tuple[str, Any]]] = {}
    for name, body in _EXAMPLE.findall(readme):
        fields = found.setdefault(name, {})
        for path, comment, value in _walk(YAML(typ="rt").load(body), ()):
            described, example = fields.get(path, ("", None))
            fields[path] = (described or comment, example if example is not None else value)
    return found


def _walk(node: Any, path: Path_) -> Iterator[tuple[Path_, str, Any]]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield (*path, str(key)), _comment(node, key), _plain(value)
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, CommentedSeq):
        for item in node:
            yield from _walk(item, (*path, "[]"))


def _comment(node: Any, key: Any) -> str:
    """The comment after `key`'s value, with the lines that continue it (indented well past
    the key); a comment line above a key, or at the keys' margin, is a remark of its own."""
    tokens = (node.ca.items.get(key) or [None] * 4)[2:]
    margin = node.lc.key(key)[1]  # the key's own column
    texts: list[str] = []
    for token in tokens:
        if isinstance(token, list):  # after a block scalar's indicator (`text: >-  # Markdown`)
            texts += [str(getattr(part, "value", part)) for part in token]
        elif token is not None:
            first, *rest = str(token.value).split("\n")
            texts += [first, *(line for line in rest if len(line) - len(line.lstrip()) > margin + 4)]
    lines = [line.strip().removeprefix("#").strip() for text in texts for line in text.splitlines()]
    return " ".join(line for line in lines if line)


def _plain(value: Any) -> Any:
    """A value an editor can offer as an example: text, a number, true or false, or a list of texts."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool | int | float):
        return value if isinstance(value, bool) else int(value) if float(value).is_integer() else float(value)
    if isinstance(value, str):
        return str(value).strip()
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return [str(v) for v in value]
    return None


# -- places in a schema -------------------------------------------------------------------


def forms(schema: dict[str, Any], node: dict[str, Any], *, one_of: bool = True) -> Iterator[dict[str, Any]]:
    """`node`, or what it refers to, and each alternative it allows, depth first (`oneOf`'s
    too unless `one_of` is false: a value written plain or as `{differ: ...}`)."""
    if "$ref" in node:
        yield from forms(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[1]], one_of=one_of)
    else:
        yield node
        for alternative in node.get("anyOf", []) + (node.get("oneOf", []) if one_of else []):
            yield from forms(schema, alternative, one_of=one_of)


def _at(schema: dict[str, Any], path: Path_) -> dict[str, Any] | None:
    """The schema of the field at `path` (the property's own entry, where a description goes)."""
    nodes = [schema]
    place: dict[str, Any] | None = None
    for step in path:
        following: list[dict[str, Any]] = []
        for node in nodes:
            for form in forms(schema, node, one_of=False):
                if step == "[]" and "items" in form:
                    following.append(form["items"])
                elif step != "[]" and step in form.get("properties", {}):
                    place = form["properties"][step]
                    following.append(place)
        if not following:
            return None
        nodes = following
    return place


def _fields(schema: dict[str, Any], node: dict[str, Any], path: Path_, seen: set[str]) -> Iterator[Path_]:
    """Every field's place, each model's fields once (a model reached again is not walked again)."""
    for form in forms(schema, node, one_of=False):
        if "items" in form:
            yield from _fields(schema, form["items"], (*path, "[]"), seen)
        for key, value in form.get("properties", {}).items():
            if value.get("deprecated"):
                continue  # set by the tool from what is written
            yield (*path, key)
            refs = [n["$ref"] for n in _nodes(value) if "$ref" in n]
            ref = refs[0] if refs else None
            if ref in seen or ref in _AS_TEXT:
                continue  # walked already, or written as text (its parts are another way)
            if ref:
                seen.add(ref)
            yield from _fields(schema, value, (*path, key), seen)


def _dotted(path: Path_) -> str:
    return ".".join(path).replace(".[]", "[]").removeprefix("[].").removeprefix("[]")


def _written_forms(schema: dict[str, Any]) -> None:
    """What the models take as written before they check it, which Pydantic cannot see in them:
    an event's `date: {differ: [...]}` and a stage's `decided: {differ: [...]}` (the dates the
    sources give, each with its sources),
    an event dated by a report (`reported`, no `date`), a position's one organisation or
    several."""
    defs = schema["$defs"]
    differ = {
        "type": "object",
        "properties": {"differ": {"type": "array", "items": {"$ref": "#/$defs/DateVersion"}, "minItems": 2}},
        "required": ["differ"],
        "additionalProperties": False,
    }
    if "Stage" in defs:
        stage = defs["Stage"]
        written = copy.deepcopy(stage["properties"]["decided"])
        stage["properties"]["decided"] = {"anyOf": [*written.pop("anyOf"), differ], **written}
        del stage["properties"]["decided_differ"]  # as an event's dates_differ, below
    if "Event" in defs:
        event = defs["Event"]
        written = copy.deepcopy(event["properties"]["date"])
        event["properties"]["date"] = {
            "anyOf": [{k: v for k, v in written.items() if k != "description"}, differ]
        }
        event["required"] = [r for r in event["required"] if r != "date"]
        event["anyOf"] = [{"required": ["date"]}, {"required": ["reported"]}]
        # Read back from a released edition only: in events.yaml, `check` refuses it.
        del event["properties"]["dates_differ"]
    if "Subject" in defs:
        defs["Subject"]["properties"]["name_khmer"].update(
            deprecated=True, description="Replaced by native_name: {text: ..., lang: km}"
        )
    if "Position" in defs:
        defs["Position"]["oneOf"] = [{"required": ["organisation"]}, {"required": ["organisations"]}]
    # A duration or an amount is written as text ("4 years and 8 months", "USD 500,000"),
    # which the models read into their parts; the parts may be written too.
    written = {
        _AS_TEXT[0]: {"type": "string", "pattern": legal.DURATION_PATTERN},
        _AS_TEXT[1]: {"type": "string", "pattern": legal.MONEY_PATTERN},
    }
    for node in list(_nodes(schema)):
        for key, value in list(node.items()):
            if isinstance(value, dict) and value.get("$ref") in written:
                node[key] = {"anyOf": [written[value["$ref"]], value]}
            elif isinstance(value, list):
                node[key] = [
                    {"anyOf": [written[v["$ref"]], v]}
                    if isinstance(v, dict) and v.get("$ref") in written
                    else v
                    for v in value
                ]


# Models written as text, or as their parts: a duration ("4 years and 8 months"), an amount.
_AS_TEXT = ("#/$defs/Duration", "#/$defs/Money")


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in a schema, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def main() -> None:
    """python -m dossier.content.schema: write dossier/schemas/ from the README beside the package."""
    readme = (PACKAGE.parent / "README.md").read_text(encoding="utf-8")
    for path in write(readme):
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
