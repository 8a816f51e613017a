"""Take the README's two pictures of the web edition: on a phone (390 px) and on a desktop
(1280 px), the sample's background with its notes (run by `make docs`)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser import chromium

ROOT = Path(__file__).resolve().parent.parent
SHOTS = {"web-phone.png": (390, 760, "#background"), "web-desktop.png": (1280, 760, "#background")}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "kem-sokha.pdf"
        dossier = str(Path(sys.executable).with_name("dossier"))
        folder = ROOT / "content" / "kem-sokha"
        subprocess.run([dossier, "build", str(folder), "--format", "html", "-o", str(out)], check=True)
        with chromium("the README's pictures") as browser:
            for name, (width, height, anchor) in SHOTS.items():
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(out.with_suffix(".html").as_uri())
                page.evaluate("document.fonts.ready")
                page.locator(anchor).scroll_into_view_if_needed()
                page.evaluate(f"document.querySelector('{anchor}').scrollIntoView()")
                page.screenshot(path=str(ROOT / "docs" / name))


if __name__ == "__main__":
    main()
