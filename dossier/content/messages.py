"""Turn a pydantic validation error into a sentence a content author can act on."""

from __future__ import annotations

import difflib
import re
from typing import Any

# The pattern of an id (base.Ident), for a message in words.
IDENT = r"^[a-z0-9][a-z0-9-]*$"

# What a value of each kind looks like in YAML, for messages: never a Python class name.
SHAPES = {
    "model_type": "a group of fields, written as indented 'field: value' lines under it",
    "model_attributes_type": "a group of fields, written as indented 'field: value' lines under it",
    "dict_type": "a group of fields, written as indented 'field: value' lines under it",
    "list_type": "a list: [a, b], or one line per item starting with '- '",
    "string_type": "text (put a number or yes/no in quotes to keep it as text)",
    "int_type": "a whole number",
    "bool_type": "true or false",
}


# The fields where `{differ: [...]}` may stand for a value the sources give differently.
DIFFER_TAKEN = (
    "an event's date, its custody_after, a stage's decided, a sentence's imprisonment, a total's "
    "imprisonment, co_defendants' count and tried, and a position's signatories"
)


def describe(error: Any) -> str:
    """One pydantic error as a sentence a content author can act on."""
    loc = [str(p) for p in error["loc"] if not str(p).startswith(("function-", "union:"))]
    name = loc[-1] if loc else "value"
    kind = error["type"]
    if name.isdigit() and len(loc) > 1:
        # A list's item: "'other' item 2", never "'1'".
        name = f"{loc[-2]}, item {int(name) + 1}"
        if kind == "string_type" and isinstance(error.get("input"), (int, float)):
            comma = "a comma inside [ ] starts a new item; put text with a comma in quotes"
            return f"'{name}' must be text: {comma}"
    if kind == "extra_forbidden":
        return f"unknown field '{name}'"
    given = error.get("input")
    versions = any(str(p) == "union:versions" for p in error["loc"])  # a field that takes differ
    if isinstance(given, dict) and "differ" in given and kind != "missing" and not versions:
        # Never the YAML read back as a Python dict: say where differ may stand instead.
        return (
            f"'{name}' cannot say that the sources differ ({{differ: …}}): give one value, from "
            "the sources you rely on, and say in the text where the others differ ('differ' is "
            f"taken by {DIFFER_TAKEN})"
        )
    if kind in ("too_short", "missing") and name == "sources":
        return "no source: list at least one BibTeX key under 'sources'"
    if kind == "missing":
        return f"missing field '{name}'"
    if kind == "literal_error":
        expected = str(error["ctx"]["expected"])
        close = difflib.get_close_matches(str(error["input"]), re.findall(r"'([^']+)'", expected), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"'{name}' must be one of {expected}, not {error['input']!r}{hint}"
    if kind in SHAPES:
        return f"'{name}' must be {SHAPES[kind]}"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(error.get("input"), str)):
        length = f", not {len(error['input'])}" if isinstance(error.get("input"), str) else ""
        return f"'{name}' must be at most {error['ctx']['max_length']} characters{length}"
    if kind == "string_pattern_mismatch" and error["ctx"].get("pattern") == IDENT:
        return (
            f"'{name}' must be written in lower-case letters, digits and dashes (no spaces or "
            f"capitals), not {error['input']!r}"
        )
    if kind == "too_short":
        return f"'{name}' must list at least one item"
    if kind == "string_pattern_mismatch" and name in ("lang", "language"):
        tags = "km, my, ar, ru, hi or sr-Cyrl"
        return f"'{name}' must be a BCP 47 language tag such as {tags}, not {error['input']!r}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = error["ctx"].get("ge", error["ctx"].get("gt"))
        return f"'{name}' must be {'at least' if kind == 'greater_than_equal' else 'more than'} {bound}"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"'{name}': {message}" if loc else message
