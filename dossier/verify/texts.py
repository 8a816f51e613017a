"""Turn a source's kept text (sources/<key>.txt) into one searchable string, and list the strays.

Searching is on a normalised form: lower case, one kind of quotation mark, apostrophe,
hyphen and ellipsis, single spaces. A quotation typed with straight quotes, or broken across
lines in the kept text, is still found; a changed word is not.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..files import Refused, read_file
from ..paths import SOURCE_TEXTS, source_text

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
        "\u00ab": '"', "\u00bb": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-",
        "\u00ad": None,  # a soft hyphen is not a character of the text
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as it is compared: "Kem Sokha’s  “secret\nplan”…" -> "kem sokha's "secret plan"..."."""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).replace("\u2026", "...")
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True)
class Kept:
    """One source's kept text, normalised."""

    key: str
    name: str  # sources/<key>.txt
    text: str


def read_kept(root: Path, keys: list[str]) -> tuple[dict[str, Kept], list[tuple[str, str]]]:
    """The kept text of each key that has one, and (file, why) for those that cannot be read."""
    kept: dict[str, Kept] = {}
    unreadable: list[tuple[str, str]] = []
    for key in keys:
        name = source_text(key)
        if not (root / name).exists():
            continue
        try:
            data = read_file(root, name)
        except Refused as exc:
            unreadable.append((name, str(exc)))
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            unreadable.append((name, "is not UTF-8 text: save it as UTF-8"))
            continue
        kept[key] = Kept(key, name, normalise(body(text)))
    return kept, unreadable


_FIELD = re.compile(r"[A-Z][A-Za-z ()'/-]{0,60}: ")


def body(text: str) -> str:
    """The source's own words: a kept file opens with the writer's record of it ("URL: …",
    "Date: …", a translation, a note that a year is inferred), one field a line up to a
    blank line, which is never evidence for what it describes."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not _FIELD.match(lines[0]):
        return text
    end = next((n for n, line in enumerate(lines) if not line.strip()), len(lines))
    return "\n".join(lines[end:])


def strays(root: Path, keys: list[str]) -> list[str]:
    """Files in sources/ that no BibTeX key names: kept by mistake, or a key renamed since."""
    folder = root / SOURCE_TEXTS
    if not folder.is_dir():
        return []
    known = {source_text(k) for k in keys}
    return sorted(
        f"{SOURCE_TEXTS}/{p.name}" for p in folder.iterdir() if f"{SOURCE_TEXTS}/{p.name}" not in known
    )
