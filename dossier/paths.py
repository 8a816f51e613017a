"""Turn the names the tool uses for places into paths and URLs: every place, in one module.

Standard library only: the no-op check and `dossier check` import it without loading
anything heavy.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
STYLES = PACKAGE.parent / "styles"
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
