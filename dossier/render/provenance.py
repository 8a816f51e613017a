"""Turn the inputs of a build into a manifest of hashes and the attachments that let any copy be traced."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, time
from pathlib import Path

from .. import __version__
from ..content.models import Dossier
from ..files import read_file
from ..freshness import font_subsetter, input_files
from ..paths import STYLES, source_text
from .pdf import Attachment


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def epoch(dossier: Dossier) -> int:
    """The edition date, as the one timestamp written into the PDF."""
    return int(datetime.combine(dossier.metadata.edition.date, time(), tzinfo=UTC).timestamp())


def manifest(folder: Path, dossier: Dossier, variant: str) -> dict[str, object]:
    # Paths are relative, so the manifest (and the PDF carrying it) is the same in any checkout.
    return {
        "tool": "dossier",
        "version": __version__,
        "dossier": folder.resolve().name,
        "edition": dossier.metadata.edition.number,
        "edition_date": dossier.metadata.edition.date.isoformat(),
        "citation_style": dossier.metadata.citation_style,
        "pdf_variant": variant,
        # Every printed value against the sources' kept texts (dossier verify), where checked.
        "checked_against_sources": dossier.verified.model_dump() if dossier.verified else None,
        "font_subsetter": font_subsetter(),
        "inputs": {
            **{
                f"content/{name}": hashlib.sha256(data).hexdigest()
                for name, data in _content(folder, dossier)
            },
            **{f"content/{name}": hashlib.sha256(data).hexdigest() for name, data in _kept(folder, dossier)},
            **{f"styles/{p.relative_to(STYLES).as_posix()}": digest(p) for p in input_files(STYLES)},
        },
    }


def attachments(folder: Path, dossier: Dossier, variant: str) -> tuple[Attachment, ...]:
    """The content files as written, the sources' kept texts the printed values were checked
    against (the evidence the manifest's counts speak of, helper-39), and the build manifest."""
    files = tuple(
        Attachment(name, data, "Content file of this briefing") for name, data in _content(folder, dossier)
    )
    files += tuple(
        Attachment(name, data, "Kept text of a source: the printed values were checked against it")
        for name, data in _kept(folder, dossier)
    )
    record = json.dumps(manifest(folder, dossier, variant), indent=2, sort_keys=True).encode()
    return (
        *files,
        Attachment("manifest.json", record, "Build manifest: tool version and SHA-256 of every input"),
    )


def _kept(folder: Path, dossier: Dossier) -> list[tuple[str, bytes]]:
    """Each cited source's kept text (sources/<key>.txt) that is there, by key."""
    names = [source_text(key) for key in sorted(dossier.sources)]
    return [(name, read_file(folder, name)) for name in names if (folder / name).is_file()]


def _content(folder: Path, dossier: Dossier) -> list[tuple[str, bytes]]:
    """The files the briefing was made from (validation listed them), read under the one rule."""
    return [(name, read_file(folder, name)) for name in dossier.files]
