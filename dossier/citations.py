"""Turn Pandoc citation syntax (`[@key]`, `[see @a, p. 2; @b]`) into Cite records."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A bracketed group holding at least one @key that is not part of a word (an email
# address in brackets is not a citation). Nested brackets are not allowed inside.
GROUP = re.compile(r"\[(?P<body>[^\[\]]*?(?<![\w@])@[^\[\]]*)\]")
ITEM = re.compile(
    r"^(?P<prefix>.*?)(?<![\w@])(?P<suppress>-?)@(?P<key>\w(?:[\w:.#$%&+?<>~/-]*\w)?)(?P<rest>.*)$",
    re.DOTALL,
)


@dataclass(frozen=True)
class Cite:
    """One source cited inside a citation group."""

    key: str
    locator: str = ""
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Citation:
    """One bracketed group; it becomes one footnote."""

    cites: tuple[Cite, ...]
    start: int
    end: int


class CitationSyntaxError(ValueError):
    pass


def parse_group(body: str) -> tuple[Cite, ...]:
    cites = []
    for part in body.split(";"):
        match = ITEM.match(part.strip())
        if not match:
            raise CitationSyntaxError(f"'{part.strip()}' in a citation has no @key")
        rest = match["rest"].strip()
        locator, suffix = "", ""
        if rest.startswith(","):
            locator = rest[1:].strip()
        elif rest:
            suffix = rest
        cites.append(Cite(match["key"], locator, match["prefix"].strip(), suffix))
    return tuple(cites)


def find_citations(text: str) -> list[Citation]:
    """Every citation group in `text`, in order; raises on a group with an item lacking a key."""
    return [Citation(parse_group(m["body"]), m.start(), m.end()) for m in GROUP.finditer(text)]


def line_of(text: str, offset: int) -> int:
    """0-based count of line breaks before `offset`."""
    return text.count("\n", 0, offset)
