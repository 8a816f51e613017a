"""Turn a font dictionary of a written PDF into its glyphs' widths and text.

The checks that read the PDF back (order.py) and the mending that splits what WeasyPrint
drew (words.py) both need to know, for a code shown with a font, how wide it is and
which characters it stands for; this is the one place that reads them.
"""

from __future__ import annotations

import re
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name

# A ToUnicode CMap's single mappings (WeasyPrint writes no ranges).
SINGLES = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)


class Font:
    """A font's glyph widths (thousandths of an em) and its codes' text, from the PDF."""

    def __init__(self, font: Any) -> None:
        self.two_bytes = isinstance(font, Dictionary) and font.get("/Subtype") == Name.Type0
        self.widths: dict[int, float] = {}
        self.default = 1000.0 if self.two_bytes else 500.0
        self.unicode: dict[int, str] | None = None  # read when first needed
        self.cmap: Any = None
        self._measured: dict[bytes, tuple[float, int]] = {}
        if not isinstance(font, Dictionary):
            return
        if self.two_bytes:
            descendant = font.DescendantFonts[0]
            self.default = float(descendant.get("/DW", 1000))
            entries = list(descendant.get("/W", Array()))
            index = 0
            while index + 1 < len(entries):
                first = int(entries[index])
                if isinstance(entries[index + 1], Array):
                    for offset, width in enumerate(entries[index + 1]):
                        self.widths[first + offset] = float(width)
                    index += 2
                else:
                    for code in range(first, int(entries[index + 1]) + 1):
                        self.widths[code] = float(entries[index + 2])
                    index += 3
        else:
            first = int(font.get("/FirstChar", 0))
            for offset, width in enumerate(font.get("/Widths", Array())):
                self.widths[first + offset] = float(width)
        self.cmap = font.get("/ToUnicode")

    def codes(self, data: bytes) -> list[int]:
        if self.two_bytes:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def width(self, code: int) -> float:
        return self.widths.get(code, self.default)

    def measure(self, data: bytes) -> tuple[float, int]:
        """The widths of the codes `data` shows, summed, and how many codes it shows. Kept
        by string: a briefing shows the same pieces of words again and again."""
        measured = self._measured.get(data)
        if measured is None:
            codes = self.codes(data)
            measured = self._measured[data] = (sum(self.width(code) for code in codes), len(codes))
        return measured

    def char(self, code: int) -> str:
        """The text one code stands for ("" when the font does not say)."""
        if self.unicode is None:
            self.unicode = singles(self.cmap.read_bytes()) if isinstance(self.cmap, pikepdf.Stream) else {}
        return self.unicode.get(code, "")

    def text(self, data: bytes) -> str:
        return "".join(self.char(code) for code in self.codes(data))

    def encode(self, codes: list[int]) -> bytes:
        """The bytes that show `codes` (the inverse of `codes`)."""
        if self.two_bytes:
            return b"".join(code.to_bytes(2, "big") for code in codes)
        return bytes(codes)


def singles(cmap: bytes) -> dict[int, str]:
    """A ToUnicode CMap's single mappings (bfchar), which are all WeasyPrint writes."""
    found = {}
    for block in SINGLES.findall(cmap):
        for code, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be", "replace")
    return found
