"""Turn Playwright for Python into Debian's chromium launched as this machine needs it: the one
place the tests and the README's pictures (docs/) take the browser from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

# Debian's package (`.ci/run` installs it): Playwright's own browser download cannot reach
# the internet here.
CHROMIUM = Path("/usr/bin/chromium")
# No first-run work and no background connections: this machine's closed network refuses
# them, many at a time, and a start that waits on them is slow.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# `dossier preview`'s page once settled: the PDF built, and the briefing shown with the page
# marks it gave (no reload still to come).
PREVIEW_SETTLED = (
    "document.getElementById('pdf').hidden === false && document.body.dataset.html === String(shown)"
    " && document.getElementById('briefing').contentDocument.querySelector('.page-mark') !== null"
)


@contextmanager
def chromium(needed_by: str) -> Iterator[Browser]:
    """Debian's chromium under Playwright; `needed_by` names who needs it when it is missing."""
    assert CHROMIUM.exists(), f"{needed_by} need Debian's chromium: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()
