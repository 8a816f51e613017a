"""Take the README's picture of `dossier preview`: the sample, a mistake in events.yaml shown
above the last good content, a page's beginning marked (run by `make docs`)."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser import PREVIEW_SETTLED as SETTLED
from tests.browser import chromium

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "kem-sokha"
        shutil.copytree(ROOT / "content" / "kem-sokha", folder)
        dossier = str(Path(sys.executable).with_name("dossier"))
        process = subprocess.Popen(
            [dossier, "preview", str(folder)], stdout=subprocess.PIPE, text=True, cwd=scratch
        )
        assert process.stdout is not None
        url = re.search(r"http://\S+/", process.stdout.readline())
        assert url, "dossier preview did not say where it serves"
        try:
            with chromium("the README's pictures") as browser:
                page = browser.new_page(viewport={"width": 1000, "height": 720})
                page.goto(url[0])
                page.wait_for_function(SETTLED, timeout=60_000)
                # The beginning of page 4 in the middle of the view.
                page.frames[1].evaluate(
                    "window.scrollTo(0, document.querySelectorAll('.page-mark')[2]"
                    ".getBoundingClientRect().top + window.scrollY - 200)"
                )
                events = folder / "events.yaml"
                events.write_text(events.read_text().replace("kind: arrest", "kind: arest", 1))
                page.locator("#problem-list li").first.wait_for(timeout=30_000)
                page.screenshot(path=str(ROOT / "docs" / "preview.png"))
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
