"""Turn the files of a dossier's editions/ folder into checked snapshots, or problems at their lines.

A released edition is content like any other: written by `dossier release`, but kept in
the folder, merged, copied and edited by many hands. The briefing and the messages to
parliamentarians print what it holds, so it is read under the same rules as the content
files: the one rule for files (files.py), the characters no content may carry
(characters.py), dates that exist, no deeper nesting than a snapshot has, and each
problem reported as `editions/<n>.json:line: message`. Only `<n>.json`, n written in the
ASCII digits 0–9 without a leading zero, is an edition: `１.json` (a full-width digit) or
`01.json` is not read as edition 1.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..characters import describe, first_forbidden, line_of
from ..errors import Problem
from ..files import Refused, locate, read_file
from ..paths import EDITIONS, edition_number
from .base import FIRST_YEAR, LAST_YEAR, PartialDate, parse_full_date
from .legal import Proceeding
from .messages import describe as error_words
from .models import Event, Position, Subject

# A snapshot nests six deep (sources > key > author > list > name); twice that is damage.
DEPTH = 12
FIELDS = {
    "format": int,
    "edition": int,
    "date": str,
    "as_of": str,
    "summary": dict,
    "background": str,
    "events": dict,
    "proceedings": dict,
    "positions": dict,
    "sources": dict,
}
# Kept by editions released since the subject's fields were compared; absent from earlier ones.
OPTIONAL = {"subject": dict}
HEADING = ("title", "subtitle", "classification")  # kept with the subject
ITEMS = ("events", "proceedings", "positions", "sources")
MODELS: dict[str, type[Event] | type[Proceeding] | type[Position]] = {
    "events": Event,
    "proceedings": Proceeding,
    "positions": Position,
}


def read_editions(folder: Path) -> tuple[dict[int, dict[str, Any]], list[Problem]]:
    """Every released edition by number, and every problem (errors and warnings) found in editions/."""
    directory = folder / EDITIONS
    found: dict[int, dict[str, Any]] = {}
    problems: list[Problem] = []
    if not directory.exists() and not directory.is_symlink():
        return found, problems
    try:
        real = locate(folder, EDITIONS)
    except Refused as exc:
        return found, [Problem(str(directory), None, str(exc))]
    if not real.is_dir():
        return found, [Problem(str(directory), None, "not a folder: released editions are kept in editions/")]
    for path in sorted(directory.iterdir()):
        name = path.name
        number = edition_number(name)
        if number is None:
            problems += _other_file(path)
            continue
        data, errors = read_edition(folder, name, number)
        problems += errors
        if data is not None:
            found[number] = data
    problems += _in_order(directory, found)
    return found, problems


def _other_file(path: Path) -> list[Problem]:
    name = path.name
    # Hidden files (a desktop's .DS_Store) and the writer's own notes (1.sources.md) are expected.
    if name.startswith(".") or name.endswith(".md"):
        return []
    if re.fullmatch(r"[0-9]+\.json", name, re.ASCII):
        message = (
            f"'{name}' is not read: an edition's file is its number without a leading zero "
            f"('{int(name[:-5])}.json')"
        )
        return [Problem(str(path), None, message, warning=True)]
    if name.endswith(".json"):
        message = (
            f"'{name}' is not read: released editions are named with the digits 0-9 ('1.json', "
            "'2.json'); a name that only looks like one is ignored"
        )
        return [Problem(str(path), None, message, warning=True)]
    return [Problem(str(path), None, f"'{name}' is not a released edition and is not read", warning=True)]


def read_edition(folder: Path, name: str, number: int) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One released edition's snapshot, or None and why not."""
    path = folder / EDITIONS / name
    where = str(path)
    if number < 1:
        return None, [Problem(where, None, "edition numbers start at 1: this file is not an edition")]
    try:
        raw = read_file(folder, f"{EDITIONS}/{name}")
    except Refused as exc:
        return None, [Problem(where, None, str(exc))]
    restore = "dossier release writes this file: restore it from your copy or version control"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [Problem(where, line, f"file is not UTF-8 text ({restore})")]
    bad = first_forbidden(text)
    if bad:
        return None, [Problem(where, line_of(text, bad.start()), describe(bad[0]))]
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        message = (
            f"this released edition is not valid JSON: {exc.msg.lower()} at column {exc.colno} ({restore})"
        )
        return None, [Problem(where, exc.lineno, message)]
    except (RecursionError, ValueError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        return None, [Problem(where, None, f"this released edition is not valid JSON: {reason} ({restore})")]
    problems = [Problem(where, line, message) for line, message in _check(data, number, text)]
    return (None if problems else data), problems


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a value JSON allows")


def _check(data: Any, number: int, text: str) -> Iterator[tuple[int | None, str]]:
    """(line, message) for each way `data` is not edition `number`'s snapshot."""
    if not isinstance(data, dict):
        yield 1, f"does not hold edition {number}: expected an object of fields"
        return
    for value, trail in _walk(data, ()):
        if len(trail) > DEPTH:
            yield _line(text, trail[:DEPTH]), "nested deeper than a released edition can be"
            return
        # A JSON escape ("\u202e", "\u001b", "\ud800") makes what the file's text does not show.
        for piece in (value, trail[-1] if trail else None):
            if isinstance(piece, str) and (bad := first_forbidden(piece)):
                yield _line(text, trail), describe(bad[0])
    missing = [name for name in FIELDS if name not in data]
    if missing:
        yield 1, f"missing {', '.join(missing)}: not a whole released edition"
    for name in sorted(set(data) - set(FIELDS) - set(OPTIONAL)):
        yield _line(text, (name,)), f"unknown field '{name}' in a released edition"
    for name, kind in {**FIELDS, **OPTIONAL}.items():
        if name in data and (not isinstance(data[name], kind) or isinstance(data[name], bool)):
            yield _line(text, (name,)), f"'{name}' must be {_kind_words(kind)}"
    if data.get("format") != 1 and isinstance(data.get("format"), int):
        yield _line(text, ("format",)), f"format {data['format']}: this version of dossier reads format 1"
    if isinstance(data.get("edition"), int) and data["edition"] != number:
        yield _line(text, ("edition",)), f"holds edition {data['edition']}, not {number} as its name says"
    days: dict[str, date] = {}
    for name in ("date", "as_of"):
        if isinstance(data.get(name), str):
            try:
                days[name] = parse_full_date(data[name])
            except ValueError as exc:
                yield _line(text, (name,)), f"'{name}': {exc}"
    if len(days) == 2 and days["as_of"] > days["date"]:
        yield _line(text, ("as_of",)), f"as_of {days['as_of']} is after the edition's date {days['date']}"
    summary = data.get("summary")
    if isinstance(summary, dict):
        if not isinstance(summary.get("next_step"), str):
            yield _line(text, ("summary", "next_step")), "'summary.next_step' must be a text"
        points = summary.get("key_points")
        if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
            yield _line(text, ("summary", "key_points")), "'summary.key_points' must be a list of texts"
    subject = data.get("subject")
    if isinstance(subject, dict):
        heading = {k: v for k, v in subject.items() if k in HEADING}
        for name, value in heading.items():
            if value is not None and not isinstance(value, str):
                yield _line(text, ("subject", name)), f"'subject.{name}' must be a text"
        try:
            Subject.model_validate(as_written({k: v for k, v in subject.items() if k not in HEADING}))
        except ValidationError as exc:
            for error in exc.errors():
                where = [str(p) for p in error["loc"] if not str(p).startswith("union:")]
                yield _line(text, ("subject", *where)), f"subject: {error_words(error)}"
    for group in ITEMS:
        items = data.get(group)
        if not isinstance(items, dict):
            continue
        for key, item in items.items():
            if not isinstance(item, dict):
                yield _line(text, (group, key)), f"{group} '{key}' must be an object of fields"
                continue
            yield from _item(item, (group, key), text, days.get("as_of"))


def _item(
    item: dict[str, Any], trail: tuple[str, ...], text: str, as_of: date | None
) -> Iterator[tuple[int | None, str]]:
    group, key = trail
    if item.get("id") != key:
        yield _line(text, (*trail, "id")), f"{group} '{key}' holds the id {item.get('id')!r}"
    model = MODELS.get(group)
    if model is not None:
        # The content model the item was released from: what it holds is what content may hold.
        try:
            model.model_validate(as_written(item))
        except ValidationError as exc:
            for error in exc.errors():
                where = [str(p) for p in error["loc"] if not str(p).startswith("union:")]
                yield _line(text, (*trail, *where)), f"{group} '{key}': {error_words(error)}"
            return  # its dates are among what the model found wrong
    else:
        yield from _source(item, trail, text)
    for value, path in _walk(item, trail):
        # The day a source was consulted may follow the edition's as_of: the information is
        # as of then, the page was read later (check warns of it; release kept it).
        latest = None if "accessed" in path else as_of
        if isinstance(value, dict) and "year" in value and set(value) <= {"year", "month", "day"}:
            yield from _partial(value, path, text, latest)
        elif path[-1:] == ("date-parts",) and isinstance(value, list):
            for parts in value:
                if isinstance(parts, list) and parts:
                    fields = dict(zip(("year", "month", "day"), parts, strict=False))
                    yield from _partial(fields, path, text, latest)


def as_written(value: Any) -> Any:
    """A released item as its content file wrote it: dates as text ("2020-03"), no empty
    optional values (a snapshot records `null` and `[]` for fields left out)."""
    if isinstance(value, dict):
        if "year" in value and set(value) <= {"year", "month", "day"}:
            parts = [value.get("year"), value.get("month"), value.get("day")]
            if all(isinstance(p, int) for p in parts if p is not None):
                return "-".join(f"{p:02d}" for p in parts if p is not None)
        return {k: as_written(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [as_written(v) for v in value]
    return value


def _source(item: dict[str, Any], trail: tuple[str, ...], text: str) -> Iterator[tuple[int | None, str]]:
    """A source as the bibliography prints it: a title, names as fields of text, a date in numbers."""
    if not isinstance(item.get("title"), str):
        yield _line(text, (*trail, "title")), f"source '{trail[1]}' has no title"
    for role in ("author", "editor"):
        names = item.get(role)
        if names is not None and not (
            isinstance(names, list)
            and all(isinstance(n, dict) and all(isinstance(v, str) for v in n.values()) for n in names)
        ):
            yield _line(text, (*trail, role)), f"'{role}' of source '{trail[1]}' must be a list of names"
    for field in ("issued", "accessed"):
        when = item.get(field)
        if when is None:
            continue
        parts = when.get("date-parts") if isinstance(when, dict) else None
        if not (
            isinstance(parts, list)
            and parts
            and all(
                isinstance(p, list) and 1 <= len(p) <= 3 and all(isinstance(x, int) for x in p) for p in parts
            )
        ):
            yield _line(text, (*trail, field)), f"'{field}' of source '{trail[1]}' must be a date in numbers"


def _partial(
    value: dict[str, Any], trail: tuple[str | int, ...], text: str, as_of: date | None
) -> Iterator[tuple[int | None, str]]:
    fields = {k: value.get(k) for k in ("year", "month", "day")}
    if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in fields.values()):
        yield _line(text, trail), "a date's year, month and day must be whole numbers"
        return
    year, month, day = fields["year"], fields["month"], fields["day"]
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        yield _line(text, trail), f"year {year} is not one a dossier can hold ({FIRST_YEAR}-{LAST_YEAR})"
        return
    try:
        when = PartialDate(year=year, month=month or None, day=day or None)
        if month == 0 or day == 0:
            raise ValueError
    except ValueError:
        shown = "-".join(str(v) for v in (year, month, day) if v is not None)
        yield _line(text, trail), f"{shown} is not a date that exists"
        return
    if as_of is not None and when.earliest() > as_of:
        yield _line(text, trail), f"dated {when.iso()}, after the edition's as_of date ({as_of})"


def _walk(value: Any, trail: tuple[Any, ...]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """Every value under `value` with the keys leading to it; iterative, so depth is no danger."""
    stack = [(value, trail)]
    while stack:
        current, path = stack.pop()
        yield current, path
        if len(path) > DEPTH:
            continue
        if isinstance(current, dict):
            stack += [(v, (*path, k)) for k, v in reversed(list(current.items()))]
        elif isinstance(current, list):
            stack += [(v, (*path, n)) for n, v in reversed(list(enumerate(current)))]


def _line(text: str, trail: tuple[Any, ...]) -> int | None:
    """The line of the value at `trail`, found by its keys in order (a snapshot is written one
    key to a line); the line of the last key found where the rest cannot be."""
    position, found = 0, None
    for key in trail:
        if not isinstance(key, str):
            continue
        at = text.find(json.dumps(key, ensure_ascii=False) + ":", position)
        if at < 0:
            break
        position, found = at, line_of(text, at)
    return found


def _kind_words(kind: type) -> str:
    return {int: "a whole number", str: "a text", dict: "an object of fields"}.get(kind, kind.__name__)


def _in_order(directory: Path, found: dict[int, dict[str, Any]]) -> list[Problem]:
    """A later edition dated before an earlier one: one of the two dates is wrong."""
    problems = []
    numbers = sorted(found)
    for earlier, later in itertools.pairwise(numbers):
        first, second = found[earlier].get("date", ""), found[later].get("date", "")
        if str(second) < str(first):
            problems.append(
                Problem(
                    str(directory / f"{later}.json"),
                    None,
                    f"edition {later} is dated {second}, before edition {earlier} ({first})",
                )
            )
    return problems
