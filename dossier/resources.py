"""Turn the URLs WeasyPrint asks for into bundled files, refusing anything outside the styles folder."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

# A fixed, virtual base URL: the PDF must not depend on the folder the project is checked
# out in (WeasyPrint names some resources after their URL), and no real host is ever asked.
BASE_URL = "https://dossier.invalid/styles/"


class StylesFetcher(URLFetcher):  # type: ignore[misc]
    """Serves BASE_URL from the styles folder and data: URLs; records every other request."""

    def __init__(self, styles: Path, **kwargs: Any) -> None:
        super().__init__(allowed_protocols={"https", "data"}, **kwargs)
        self.styles = styles.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(BASE_URL):
            path = (self.styles / url[len(BASE_URL) :].split("?")[0].split("#")[0]).resolve()
            # resolve() follows symlinks and "..": the file must really lie in styles/.
            if path.is_file() and path.is_relative_to(self.styles):
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
        self.refused.append(url)
        raise ValueError(f"refused to load {url}")
