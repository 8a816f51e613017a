"""Turn the size of content and the time spent on it into bounds: every limit content is held to.

Content comes from many hands. Each limit is far above what a real dossier needs (the
sample's largest file is 30 KB) and low enough that validation stays quick and small at
the limit: reading, parsing and checking a file at its size limit takes a few seconds.
The README's Security section lists them; they are kept here so that it can be checked.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

MIB = 1024 * 1024

# Bytes a file may have, by suffix. Images: a large scanned map; the rest: text.
FILE_LIMITS = {
    ".yaml": 1 * MIB,
    ".md": 1 * MIB,
    ".bib": 2 * MIB,
    ".csl": 1 * MIB,
    ".csv": 1 * MIB,
    # A released edition holds the content files' text once more, as JSON.
    ".json": 8 * MIB,
    # A source's kept text (sources/<key>.txt): a long report is some hundreds of KB.
    ".txt": 4 * MIB,
}
IMAGE_LIMIT = 20 * MIB

# Braces may nest this deep in a BibTeX value ({\'{e}} is 2); LaTeX conversion recurses.
BRACE_DEPTH = 20
# Emphasis, strong emphasis and links nested in one another in Markdown (`*a **b [c](u)**
# a*` is 3): WeasyPrint lays inline boxes out recursively, and some 250 levels exhaust
# Python's stack ("rendering failed: RecursionError").
MARKDOWN_DEPTH = 20
# Quotations and lists nested in one another: each indents the text, 17 levels pushed it off
# the page, and markdown-it drops what lies deeper than 20 without a word.
BLOCK_DEPTH = 8
# Pieces of emphasis, links or code in one word (no space between them): each is an inline
# box the line breaker tries with every other, so `*a*` 3,333 times ran past 60 s of layout.
WORD_PIECES = 30
# Digits an integer in YAML may have: an edition number or a year needs 4.
INTEGER_DIGITS = 9
# Seconds the parent side of a command (reading and checking content) may take.
CHECK_SECONDS = 60


def limit_for(name: str) -> int:
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    return FILE_LIMITS.get(suffix, IMAGE_LIMIT)


def size_text(size: int) -> str:
    return f"{size / MIB:.1f} MB" if size >= MIB / 10 else f"{size / 1024:.0f} KB"


class TimeLimit(BaseException):
    """The command ran past its wall-clock limit.

    A BaseException, as KeyboardInterrupt is: libraries that turn any Exception into a
    result (bibtexparser makes one a "failed block") must not swallow it.
    """


# After the deadline, the alarm repeats at this interval until the block is left: an
# exception raised where Python discards it (a garbage-collector callback, a __del__)
# is raised again at the next tick.
REPEAT_SECONDS = 0.05


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeLimit in this (main) thread once `seconds` have passed.

    SIGALRM interrupts pure-Python loops and regular expressions alike. One deadline
    at a time: the command's whole parent side runs under one. Should every raise be
    swallowed, the block is still reported as over time when it ends.
    """
    expired = False

    def expire(signum: int, frame: FrameType | None) -> None:
        nonlocal expired
        expired = True
        raise TimeLimit(f"took longer than {seconds:g} s")

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only; the command itself always runs there
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if expired:
        raise TimeLimit(f"took longer than {seconds:g} s")
