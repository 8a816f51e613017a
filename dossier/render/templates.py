"""Turn a template of styles/ and the values it shows into text: the one Jinja environment.

Every template (the briefing, the copies' marks, the emails) is rendered by an environment
made here, with StrictUndefined (a name the template does not get is an error, not an
empty string) and the same filters, so a date or a label reads the same everywhere.
Content is only ever a value, never template source.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..characters import one_line
from ..content.models import LABELS, PartialDate
from ..dates import written_date
from ..paths import STYLES


def _date(value: date | PartialDate) -> str:
    return str(value) if isinstance(value, PartialDate) else written_date(value)


def _one_line(value: object) -> object:
    return one_line(value) if isinstance(value, str) else value


def environment(folder: Path = STYLES, *, html: bool = True) -> Environment:
    """HTML templates are autoescaped and their block tags leave no blank lines; plain-text
    templates (email) keep every character as written, since whitespace is their layout."""
    env = Environment(
        loader=FileSystemLoader(folder),
        autoescape=html,
        undefined=StrictUndefined,
        trim_blocks=html,
        lstrip_blocks=html,
        keep_trailing_newline=not html,
        # In plain text (a message to a parliamentarian) a value is one line of characters:
        # a title or a change cannot add lines ("This copy was prepared for…") or escapes.
        finalize=None if html else _one_line,
    )
    env.filters["label"] = lambda value: LABELS[value]
    env.filters["date"] = _date
    return env
