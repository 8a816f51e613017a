"""Turn Pandoc citation syntax (`[@key]`, `[see @a, p. 2; @b]`) into Cite records.

The scanning is written out by hand, in one pass over the text: content comes from many
hands, and a regular expression that backtracks made an 80 KB file of brackets and `@`
take half a minute to check.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

# Characters a key may hold after its first; it starts and ends with a word character.
KEY_CHARS = frozenset(":.#$%&+?<>~/-")
NEWLINE = re.compile("\n")
BRACKET = re.compile(r"[\[\]]")  # one character: nothing to backtrack


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


@dataclass(frozen=True)
class Group:
    """Where a bracketed group with a citation key stands: text[start:end], body inside."""

    start: int
    end: int
    body: str


class CitationSyntaxError(ValueError):
    pass


def _word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _key_at(text: str, *, with_key: bool = True) -> int:
    """Index of the first `@` not inside a word or an email address (and, `with_key`,
    followed by a key's first character), or -1."""
    at = text.find("@")
    while at != -1:
        before = text[at - 1] if at else ""
        if not (before and (_word(before) or before == "@")) and (
            not with_key or (at + 1 < len(text) and _word(text[at + 1]))
        ):
            return at
        at = text.find("@", at + 1)
    return -1


def groups(text: str) -> list[Group]:
    """Every `[...]` holding a citation key and no other bracket, in order, in linear time."""
    return list(_groups(text).values())


@lru_cache(maxsize=16)
def _groups(text: str) -> dict[int, Group]:
    # Groups by where they start. Cached: the Markdown parser asks at every "[" of a
    # paragraph, and the answer for the whole text is found in one pass.
    found: dict[int, Group] = {}
    opened = -1
    for bracket in BRACKET.finditer(text):
        if bracket[0] == "[":
            opened = bracket.start()
            continue
        if opened != -1:
            body = text[opened + 1 : bracket.start()]
            # As Pandoc: a group is a citation when an @ stands outside a word in it.
            if _key_at(body, with_key=False) != -1:
                found[opened] = Group(opened, bracket.end(), body)
        opened = -1
    return found


def group_at(text: str, start: int) -> Group | None:
    """The citation group that starts at `start`, if one does."""
    return _groups(text).get(start)


def parse_item(part: str) -> Cite:
    at = _key_at(part)
    if at == -1:
        raise CitationSyntaxError(f"'{part}' in a citation has no @key")
    end = at + 2
    while end < len(part) and (_word(part[end]) or part[end] in KEY_CHARS):
        end += 1
    while not _word(part[end - 1]):  # a key ends with a word character: "@a." is "a"
        end -= 1
    prefix = part[:at]
    if prefix.endswith("-") and (len(prefix) == 1 or not _word(prefix[-2])):
        prefix = prefix[:-1]  # Pandoc's "-@key" (suppress author): the key is what matters here
    rest = part[end:].strip()
    locator, suffix = "", ""
    if rest.startswith(","):
        locator, suffix = split_suffix(rest[1:].strip())
    elif rest:
        suffix = rest
    return Cite(part[at + 1 : end], locator, prefix.strip(), suffix)


# Words that join the places of a locator list ("paras 212, 214 and 216").
JOINERS = frozenset({"and", "&", "to"})
# A roman numeral, as a page of a preface ("xiv") or a part ("III") is numbered.
ROMAN = re.compile(r"m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})", re.I)
# A label as short as locators' are ("n", "fn", "para.", "pp"), before a place of its own.
LABEL = re.compile(r"[a-z]{1,4}\.?|¶|§")


def split_suffix(text: str) -> tuple[str, str]:
    """The locator after a key's comma, and the suffix after it, as Pandoc reads them.

    "para 212, 214" is a locator listing two places; in "para 212, emphasis added" the
    locator ends at the comma, and ", emphasis added" is a suffix, kept with its comma as
    Pandoc keeps it (each style places it: after a comma, or OSCOLA's "(emphasis added)").
    The part before the first comma is the locator whatever it holds: dossier prints a
    label it does not know ("art 443") as written.
    """
    first, *others = text.split(",")
    locator = [first.strip()]
    for at, other in enumerate(others):
        if not _places(other):
            suffix = ",".join(others[at:]).strip()
            return ", ".join(locator), f", {suffix}" if suffix else ""
        locator.append(other.strip())
    return ", ".join(locator), ""


def _places(part: str) -> bool:
    """Whether a part after a comma goes on listing places ("214", "216-18", "xiv", "[84]",
    "n 3", "220 and 221") rather than saying something else ("emphasis added")."""
    words = part.split()
    if not words or not _place(words[-1]):
        return False
    # The first word may be a short label of its own ("para 212, n 3", "fn 4"); every
    # other one is a place or a word joining places.
    first = words[0] if len(words) > 1 else ""
    if first and not _place(first) and not LABEL.fullmatch(first):
        return False
    return all(_place(word) or word.lower() in JOINERS for word in words[1:-1])


def _place(word: str) -> bool:
    """A page, paragraph or other place: a word with a digit, or a roman numeral."""
    if any(char.isdigit() for char in word):
        return True
    bare = word.strip("()[]")
    # Lower or upper case throughout ("Mix" is a word), and a capital letter alone is a
    # word or an initial ("citing X", "I added"), not a numeral.
    if not bare or not (bare.islower() or (bare.isupper() and len(bare) > 1)):
        return False
    return ROMAN.fullmatch(bare) is not None


def parse_group(body: str) -> tuple[Cite, ...]:
    return tuple(parse_item(part.strip()) for part in body.split(";"))


def find_citations(text: str) -> list[Citation]:
    """Every citation group in `text`, in order; raises on a group with an item lacking a key."""
    return [Citation(parse_group(g.body), g.start, g.end) for g in _groups(text).values()]


def line_of(text: str, offset: int) -> int:
    """0-based count of line breaks before `offset` (a search, not a count from the start)."""
    return bisect.bisect_left(_line_breaks(text), offset)


@lru_cache(maxsize=16)
def _line_breaks(text: str) -> list[int]:
    return [m.start() for m in NEWLINE.finditer(text)]
