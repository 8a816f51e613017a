"""Turn a PDF's pages into their content streams, parsed once for every pass that reads or rewrites them.

Parsing a page's content stream is most of what a pass over a written PDF costs (about
10 ms a page); tagging.py's passes (artifacts, words, drawing order) share one parse of
each page, and a page changed is written back once, when the passes are done with it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any, TypeVar

import pikepdf
from pikepdf import Pdf

T = TypeVar("T")

# The operators that set graphics state, by what they set: a fill colour, a stroke colour,
# or one entry each (ISO 32000-1 8.4.4, 9.3; text state is set outside text objects too).
FILL_COLOUR = ("rg", "g", "k", "sc", "scn", "cs")
STROKE_COLOUR = ("RG", "G", "K", "SC", "SCN", "CS")
OTHER_STATE = ("gs", "w", "J", "j", "M", "d", "ri", "i", "Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts")
STATE = frozenset((*FILL_COLOUR, *STROKE_COLOUR, *OTHER_STATE))


class Contents:
    """Each page's instructions, parsed when first asked for; `changed` marks a page whose
    list was edited in place; `release` and `write` put those back into the file."""

    def __init__(self, pdf: Pdf) -> None:
        self.pdf = pdf
        self.pages = list(pdf.pages)
        self._parsed: dict[int, list[Any]] = {}
        self._changed: set[int] = set()

    def __len__(self) -> int:
        return len(self.pages)

    def __getitem__(self, number: int) -> list[Any]:
        if number not in self._parsed:
            self._parsed[number] = list(pikepdf.parse_content_stream(self.pages[number]))
        return self._parsed[number]

    def changed(self, number: int) -> None:
        self._changed.add(number)

    def release(self, number: int) -> None:
        """Write the page back if it changed, and let its parse go (asked for again, it is
        parsed again)."""
        self._put(number)
        self._parsed.pop(number, None)

    def write(self) -> None:
        for number in sorted(self._changed):
            self._put(number)

    def _put(self, number: int) -> None:
        if number in self._changed:
            data = pikepdf.unparse_content_stream(self._parsed[number])
            self.pages[number].Contents = self.pdf.make_stream(data)
            self._changed.discard(number)


def edited(data: bytes, edit: Callable[[Pdf], T]) -> tuple[bytes, T]:
    """The PDF `data` opened, changed by `edit` and saved as `saved` does; and what `edit`
    returned."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        result = edit(pdf)
        return saved(pdf), result


def saved(pdf: Pdf) -> bytes:
    """The file's bytes, the same for the same content (a deterministic /ID), its object
    streams as they were."""
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()
