"""Turn the content files' schemas into a new dossier folder that explains itself, and holds no fact.

Each YAML file is its fields as comments, each with what the README says of it (the
schemas carry those words: schema.py), and the comment naming its schema for an editor.
Nothing in it is a value: `dossier check` on the new folder names every field to fill,
and `dossier build` refuses it with the same messages, so no briefing is ever printed
with a placeholder for a fact.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..paths import SCHEMAS
from .load import BACKGROUND, SOURCES
from .schema import FILES, forms, modeline, schema_file

WIDTH = 92  # the comments' lines, at most
# How deep the fields are shown: below that, the README's "Every field" says the rest.
DEPTH = 5

HEADERS = {
    "dossier.yaml": (
        "The briefing's title, its subject, the date its information is as of, its edition and\n"
        "its summary. Fill in each field from the sources and remove the '#' before it; leave\n"
        "out a field the sources do not give. Then run `dossier check` on this folder: it names\n"
        "every field still missing. README.md, 'Every field', shows each with an example."
    ),
    "charges.yaml": (
        "The criminal proceedings, each with its charges and its courts stage by stage. Each\n"
        "item starts with '- ' and lists its sources (BibTeX keys of sources.bib)."
    ),
    "events.yaml": (
        "The procedural history, oldest first: arrests, detention, hearings, judgments,\n"
        "appeals, international decisions. Each item starts with '- ' and lists its sources."
    ),
    "positions.yaml": (
        "Positions organisations have taken, alone or in a joint statement. Each item starts\n"
        "with '- ' and lists its sources."
    ),
}
OTHER_FILES = {
    BACKGROUND: "",
    SOURCES: (
        "% The sources, one BibTeX entry each; every claim in the other files cites one by its\n"
        "% key. Keep the text relied on from each as sources/<key>.txt: `dossier verify` checks\n"
        "% what the briefing prints against it. README.md, 'Sources from reference managers'\n"
        "% and the samples in content/, show the entries and their fields.\n"
    ),
}


def create(folder: Path) -> list[Path]:
    """Write a new dossier folder at `folder` (which must not exist, or be empty); the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ContentError(
            [
                Problem(
                    str(folder), None, "already exists and is not an empty folder: give a new folder's name"
                )
            ],
            "nothing written",
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        path = folder / name
        schema = json.loads((SCHEMAS / schema_file(name)).read_text(encoding="utf-8"))
        lines = [modeline(path), *_comment(HEADERS[name]), "#", *_fields(schema, schema, 0)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        written.append(path)
    for name, text in OTHER_FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def _comment(text: str) -> list[str]:
    return [f"# {line}" for line in text.splitlines()]


def _fields(schema: dict[str, Any], node: dict[str, Any], indent: int, item: bool = False) -> list[str]:
    """The fields of `node` as comment lines, `indent` columns in; `item`: they make a list
    item, the first after a '- '."""
    form = _form(schema, node)
    if "items" in form:  # a file that is a list: one item shown
        return _fields(schema, form["items"], indent, item=True)
    lines = []
    required = set(form.get("required", []))
    inside = indent + 2 if item else indent
    shown = [(k, v) for k, v in form.get("properties", {}).items() if not v.get("deprecated")]
    for number, (key, value) in enumerate(shown):
        lead = " " * indent + "- " if item and number == 0 else " " * inside
        description = str(value.get("description", ""))
        if key in required and not description.startswith("optional"):
            description = f"required{': ' + description if description else ''}"
        elif not description:
            description = "optional"
        choices = _choices(schema, value)
        if choices and not any(choice in description for choice in choices):
            description = f"{description}; one of: {', '.join(choices)}"
        lines += _described(f"# {lead}{key}:", description)
        if inside // 2 + 1 >= DEPTH or _also_plain(schema, value):
            continue  # deep enough; or a value written plain, its parts another way to write it
        inner = _form(schema, value)
        if "properties" in inner:
            lines += _fields(schema, inner, inside + 2)
        elif "properties" in _form(schema, inner.get("items", {})):
            lines += _fields(schema, inner["items"], inside + 2, item=True)
    return lines


def _described(field: str, description: str) -> list[str]:
    """`field`, then its description wrapped on comment lines beside and under it."""
    if not description:
        return [field]
    column = max(len(field) + 2, 32)
    wrapped = textwrap.wrap(description, WIDTH - column - 2) or [""]
    first = f"{field.ljust(column)}# {wrapped[0]}"
    return [first, *(f"#{' ' * (column - 1)}# {line}" for line in wrapped[1:])]


def _choices(schema: dict[str, Any], node: dict[str, Any]) -> list[str]:
    """The values a field chooses among, where it does (a kind, a status)."""
    return [str(value) for form in forms(schema, node) for value in form.get("enum", [])]


def _also_plain(schema: dict[str, Any], node: dict[str, Any]) -> bool:
    """Whether the field may be written as a plain value (text, a number, a choice): a
    custody, a count or a date, whose `{differ: ...}` is the other way to write it."""
    plain = ("string", "integer", "number", "boolean")
    return any(form.get("type") in plain or "enum" in form for form in forms(schema, node))


def _form(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """`node` with its reference followed, and of its alternatives the one with fields or items."""
    found = list(forms(schema, node))
    return next((f for f in found if "properties" in f or "items" in f), found[0])
