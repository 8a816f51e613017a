"""Turn the names the tool uses for places into paths and URLs: every place, in one module.

Standard library only: the no-op check and `dossier check` import it without loading
anything heavy.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
STYLES = PACKAGE.parent / "styles"
# The JSON Schemas of the content files, for editors (content/schema.py writes them).
SCHEMAS = PACKAGE / "schemas"
# Outputs go under the working directory, as `make pdf` and the README show.
BUILD = Path("build")
OUTBOX = BUILD / "outbox"

# Fixed, virtual base URLs: the PDF must not depend on the folder the project is checked
# out in (WeasyPrint names some resources after their URL), and no real host is ever asked.
STYLES_URL = "https://dossier.invalid/styles/"
CONTENT_URL = "https://dossier.invalid/content/"  # images in content resolve against the dossier folder


def default_pdf(folder: Path) -> Path:
    """build/<folder name>.pdf"""
    return BUILD / f"{folder.resolve().name}.pdf"


# Released editions: `editions/<n>.json` in the dossier folder, n in the ASCII digits 0-9
# without a leading zero. `\d` would take any script's digits: `１.json` (full width) would
# be read as edition 1.
EDITIONS = "editions"
_EDITION_FILE = re.compile(r"(0|[1-9][0-9]*)\.json", re.ASCII)


def edition_number(name: str) -> int | None:
    """The edition a file name in editions/ holds, or None if the name is not an edition's."""
    match = _EDITION_FILE.fullmatch(name)
    return int(match[1]) if match else None


def edition_files(folder: Path) -> list[str]:
    """Names, relative to `folder`, of its released editions' files, by number."""
    directory = folder / EDITIONS
    if not directory.is_dir():
        return []
    numbered = [(n, p.name) for p in directory.iterdir() if (n := edition_number(p.name)) is not None]
    return [f"{EDITIONS}/{name}" for _, name in sorted(numbered)]


# The text relied on from each source, kept beside the content: `sources/<key>.txt`, read by
# `dossier verify` to check what the briefing prints against what the source says.
SOURCE_TEXTS = "sources"


def source_text(key: str) -> str:
    """sources/<key>.txt, relative to the dossier folder."""
    return f"{SOURCE_TEXTS}/{key}.txt"
