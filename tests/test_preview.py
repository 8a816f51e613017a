"""`dossier preview` as a writer uses it: a real browser (Debian's chromium, through Playwright)
on the running command, a file edited, then a mistake made, then Ctrl-C."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from dossier.paths import PACKAGE

from .browser import PREVIEW_SETTLED as SETTLED
from .browser import chromium

SAMPLE = PACKAGE.parent / "content" / "kem-sokha"
# Generous: CI's two cores may be running other tests. The speed is measured by `make bench`.
BOUND_MS = 15_000


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    folder = tmp_path / "kem-sokha"
    shutil.copytree(SAMPLE, folder)
    command = [str(Path(sys.executable).with_name("dossier")), "preview", str(folder)]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert found, line + (process.stderr.read() if process.stderr else "")
    yield process, found[0], folder
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture
def page() -> Iterator[Page]:
    with chromium("the preview's tests") as browser:
        yield browser.new_page(viewport={"width": 1100, "height": 800})


# The first element with an id at the top of the view, and where it stands in it.
FIRST_IN_VIEW = """(() => {
  const e = [...document.querySelectorAll('[id]')].find((e) => e.getBoundingClientRect().top >= 0);
  return {id: e.id, top: e.getBoundingClientRect().top};
})()"""


def briefing_text(page: Page) -> str:
    """The briefing's words as read: no-break spaces as spaces, no soft hyphens (typeset.py)."""
    text = str(page.frame_locator("#briefing").locator("body").inner_text())
    return " ".join(text.replace("\u00ad", "").replace("\u200b", "").split())


def test_an_edit_reaches_the_page_a_mistake_shows_its_line_and_ctrl_c_stops(
    preview: tuple[subprocess.Popen[str], str, Path], page: Page
) -> None:
    process, url, folder = preview
    page.goto(url)
    # The content first, then the PDF laid out and the page marks with it.
    page.wait_for_function(SETTLED, timeout=60_000)
    assert "Cambodia: the treason case against Kem Sokha" in briefing_text(page)
    assert page.frame_locator("#briefing").locator(".page-mark").count() >= 5

    # Read halfway down, then edit a paragraph: the page shows it, at the same place.
    frame = page.frames[1]
    frame.evaluate("window.scrollTo(0, 3000)")
    before = frame.evaluate(FIRST_IN_VIEW)
    version = int(page.evaluate("document.body.dataset.html"))
    background = folder / "background.md"
    background.write_text(
        background.read_text(encoding="utf-8").replace(
            "the July 2018 elections", "the July 2018 general elections", 1
        ),
        encoding="utf-8",
    )
    start = time.monotonic()
    page.wait_for_function(f"Number(document.body.dataset.html) > {version}", timeout=BOUND_MS)
    page.frame_locator("#briefing").get_by_text("the July 2018 general elections").wait_for(timeout=BOUND_MS)
    assert (time.monotonic() - start) * 1000 < BOUND_MS
    after = page.frames[1].evaluate(f"document.getElementById('{before['id']}').getBoundingClientRect().top")
    assert abs(after - before["top"]) < 5

    # A mistake: the message, with its file and line, and the last good content still shown.
    events = folder / "events.yaml"
    lines = events.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if line.strip() == "kind: arrest")
    events.write_text("\n".join(lines).replace("kind: arrest", "kind: arest", 1), encoding="utf-8")
    problem = page.locator("#problem-list li").first
    problem.wait_for(timeout=BOUND_MS)
    assert re.search(rf"events\.yaml:{number}: .*arest", problem.inner_text()), problem.inner_text()
    assert "the July 2018 general elections" in briefing_text(page)
    assert page.locator("#pdf a").get_attribute("href") == "/briefing.pdf"

    # Put right: the problems go.
    events.write_text("\n".join(lines), encoding="utf-8")
    page.locator("#problems").wait_for(state="hidden", timeout=BOUND_MS)

    # A warning is listed too (and builds go on).
    bib = folder / "sources.bib"
    unused = "@online{unused2024, author = {{Amnesty International}}, title = {Unused}, date = {2024}}\n"
    bib.write_text(bib.read_text(encoding="utf-8") + unused, encoding="utf-8")
    warning = page.locator("#warning-list li", has_text="unused2024")
    warning.wait_for(state="attached", timeout=BOUND_MS)  # folded: the summary counts them
    assert "never cited" in str(warning.text_content())
    assert page.locator("#warnings-title").is_visible()
    assert page.locator("#warnings-title").inner_text() == "1 warning"
    assert page.locator("#problems").is_hidden()

    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "Preview stopped." in out
    assert "Traceback" not in err
