"""Turn the URLs WeasyPrint asks for into files of styles/ or the dossier folder, refusing all else."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..files import Refused, read_file
from ..paths import CONTENT_URL, STYLES_URL
from ..worker import reading

BASE_URL = STYLES_URL  # the base URL of the briefing's HTML


class SandboxFetcher(URLFetcher):  # type: ignore[misc]
    """Serves BASE_URL from styles/, CONTENT_URL from the dossier folder, and data: URLs.

    Every other request (file:, http:, a path escaping either folder through ".." or a
    symlink) is refused and recorded, and the build then fails naming it.
    """

    def __init__(self, styles: Path, content: Path, **kwargs: Any) -> None:
        super().__init__(allowed_protocols={"https", "data"}, timeout=1, **kwargs)
        self.roots = {BASE_URL: styles.resolve(), CONTENT_URL: content.resolve()}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        for base, root in self.roots.items():
            if url.startswith(base):
                name = unquote(url[len(base) :].split("?")[0].split("#")[0])
                try:
                    # The one rule for files (files.py): regular, inside the folder, not too large.
                    data = read_file(root, name)
                except Refused as exc:
                    self.refused.append(f"{url} ({exc})")
                    raise ValueError(f"refused to load {url}") from None
                if base == CONTENT_URL:
                    reading(name)  # for the time limit's message (worker.py)
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, data, {"Content-Type": kind})
        self.refused.append(url)
        raise ValueError(f"refused to load {url}")
