"""Turn a text into the first character no content may carry, and any text into one safe printed line.

Content, BibTeX and released editions are refused when they hold:

- a control character other than tab, line feed and carriage return (ESC starts a
  terminal's escape sequences, BEL rings it, NUL ends a C string);
- a bidirectional embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): one
  in a title reverses the rest of its line on the page, the tool's own words after it
  included. Direction marks (U+200E, U+200F, U+061C) are allowed: they affect only the
  characters beside them, and right-to-left names need them;
- a lone surrogate (a JSON escape such as "\\ud800" makes one), which no file can encode;
- a private-use character: the tool marks notes with these while it works.

Refusing them where they are read, with their line, keeps every later stage simple; what is
printed to a terminal or a message goes through `one_line` as well, so that a value that
reached it by another road still cannot add a line or send an escape sequence.
"""

from __future__ import annotations

import re

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_DIRECTION = "\u202a-\u202e\u2066-\u2069"
_SURROGATE = "\ud800-\udfff"
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U0010ffff"
FORBIDDEN = re.compile(f"[{_CONTROL}{_DIRECTION}{_SURROGATE}{_PRIVATE}]")
# In a value printed on one line: line breaks and every other forbidden character.
_NOT_IN_A_LINE = re.compile(f"[\n\r\t\u2028\u2029{_CONTROL}{_DIRECTION}{_SURROGATE}{_PRIVATE}]")


def describe(char: str) -> str:
    """What a forbidden character is, in a writer's words, and why it may not stay."""
    code = f"U+{ord(char):04X}"
    if re.fullmatch(f"[{_DIRECTION}]", char):
        return (
            f"bidirectional control character {code}: it reverses or reorders the text after it; "
            "write the words in their own script, the direction follows from the letters"
        )
    if re.fullmatch(f"[{_SURROGATE}]", char):
        return f"lone surrogate {code}: not a character (a broken \\u escape)"
    if re.fullmatch(f"[{_PRIVATE}]", char):
        return f"private-use character {code}: content may not contain these"
    return f"control character {code}: content may not contain these (only tabs and line breaks)"


def first_forbidden(text: str) -> re.Match[str] | None:
    return FORBIDDEN.search(text)


def one_line(text: str) -> str:
    """`text` as one line a terminal or an e-mail prints as the characters shown: every line
    break and forbidden character becomes a space, runs of spaces one."""
    return re.sub(" {2,}", " ", _NOT_IN_A_LINE.sub(" ", text)).strip()


def line_of(text: str, position: int) -> int:
    """The 1-based line of `position` in `text`."""
    return text.count("\n", 0, position) + 1
