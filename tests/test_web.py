"""The web edition (render/web.py), read in a real browser: Debian's chromium through Playwright,
axe-core from npm for accessibility, at a phone's width and a desktop's."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html  # type: ignore[import-untyped]
from playwright.sync_api import Browser, Page

from dossier.build import Settings, build
from dossier.paths import PACKAGE

from .browser import chromium
from .conftest import FIXTURES

AXE = PACKAGE.parent / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SAMPLES = sorted(p for p in (PACKAGE.parent / "content").iterdir() if (p / "dossier.yaml").is_file())
WIDTHS = {"phone": 390, "desktop": 1280}
SAMPLES_BY_NAME = {p.name: p for p in SAMPLES}
# The numbers of the timeline table's dates drawn on more than one line ("202" / "2").
NUMBERS_SPLIT = """[...document.querySelectorAll('td.date')].flatMap((cell) => {
  const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT), split = [];
  while (walk.nextNode()) {
    for (const m of walk.currentNode.data.matchAll(/\\d+/g)) {
      const range = document.createRange();
      range.setStart(walk.currentNode, m.index);
      range.setEnd(walk.currentNode, m.index + m[0].length);
      if (range.getClientRects().length > 1) split.push(m[0]);
    }
  }
  return split;
})"""


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample's web edition, and the every-field fixture's."""
    out = tmp_path_factory.mktemp("web")
    made = {}
    for folder in [*SAMPLES, FIXTURES / "full"]:
        built = build(folder, out / f"{folder.name}.pdf", Settings(format="html"), force=True)
        assert built.web is not None and built.web.is_file()
        assert not (out / f"{folder.name}.pdf").exists()  # the web edition alone: no PDF
        made[folder.name] = built.web
    return made


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert AXE.exists(), "the web edition's tests need axe-core: run `make test` (npm ci --prefix tests/axe)"
    with chromium("the web edition's tests") as launched:
        yield launched


def opened(browser: Browser, path: Path, width: int) -> tuple[Page, list[str]]:
    """The page, and every URL it asked for besides itself."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(path.as_uri())
    page.evaluate("document.fonts.ready")
    return page, [url for url in asked if url != path.as_uri()]


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", [p.name for p in SAMPLES])
def test_axe_finds_no_violation(editions: dict[str, Path], browser: Browser, name: str, width: int) -> None:
    page, asked = opened(browser, editions[name], width)
    assert asked == [], "the file asked for something outside itself"
    page.add_script_tag(path=str(AXE))
    results: dict[str, Any] = page.evaluate("axe.run()")
    found = [(v["id"], len(v["nodes"]), v["nodes"][0]["html"][:100]) for v in results["violations"]]
    assert found == []
    # The rules that matter most here did run, and passed.
    passed = {rule["id"] for rule in results["passes"]}
    assert {"color-contrast", "heading-order", "landmark-one-main", "link-name", "html-has-lang"} <= passed
    page.close()


@pytest.mark.parametrize("name", [p.name for p in SAMPLES])
def test_nothing_pushes_a_phone_sideways_or_splits_a_year(
    editions: dict[str, Path], browser: Browser, name: str
) -> None:
    for width in (320, WIDTHS["phone"]):
        page, _ = opened(browser, editions[name], width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # A date of the timeline's table wraps between its words, never inside its year.
        assert page.evaluate(NUMBERS_SPLIT) == []
        page.close()


def test_a_note_is_reached_and_left_by_keyboard(editions: dict[str, Path], browser: Browser) -> None:
    page, _ = opened(browser, editions["kem-sokha"], WIDTHS["phone"])
    call = page.locator(".note-call a").first
    call_id = str(call.get_attribute("id"))
    # Tab from the top until the first note's call has the focus.
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == call_id:
            break
    else:
        pytest.fail("the first note's call is not reached by Tab")
    assert page.evaluate("document.activeElement.textContent") == "1"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "note-1"
    assert "Amnesty International" in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Back to the text of note 1"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == call_id
    page.close()


def test_the_timeline_is_drawn_and_tabled_and_the_khmer_name_has_its_language(
    editions: dict[str, Path], browser: Browser
) -> None:
    page, _ = opened(browser, editions["kem-sokha"], WIDTHS["desktop"])
    svg = page.locator("#procedural-history svg[role=img]")
    assert svg.count() == 1
    assert page.locator("#timeline-title").text_content().startswith("Timeline of the case")  # type: ignore[union-attr]
    rows = page.locator("#procedural-history table.timeline tbody tr")
    assert rows.count() == len(
        re.findall(r"(?m)^- id: ", (SAMPLES_BY_NAME["kem-sokha"] / "events.yaml").read_text())
    )
    assert page.locator(".native-name").get_attribute("lang") == "km"
    # The edition, its date of information and its classification are shown at the top.
    top = " ".join(page.locator("header.cover").inner_text().replace("\u00a0", " ").split())
    assert "Information as of 22 November 2026" in top
    assert "Edition 2, 22 November 2026" in top and "Classification Public" in top
    page.close()


def test_every_note_of_the_pdf_is_a_note_of_the_web_edition(editions: dict[str, Path], sample: Any) -> None:
    document = lxml_html.fromstring(editions["kem-sokha"].read_bytes())
    calls = document.xpath("//sup[@class='note-call']/a")
    notes = document.xpath("//aside[@class='notes']//li")
    assert len(calls) == len(notes) == len(sample.rendered.notes)
    for number, (call, note) in enumerate(zip(calls, notes, strict=True), 1):
        assert call.get("href") == f"#note-{number}" and note.get("id") == f"note-{number}"
        # The way back is the note's first link: Tab reaches it before an address in the note.
        assert note.xpath("a[1][@class='note-back']/@href") == [f"#{call.get('id')}"]
    # "(n 5)" leads to note 5.
    earlier = document.xpath("//aside[@class='notes']//a[starts-with(., '(n')]")
    assert earlier and all(a.get("href") == f"#note-{a.text_content()[3:-1]}" for a in earlier)
    # No footnote is left in the text; a cross-reference says where it leads.
    assert document.find_class("footnote") == []
    assert all(x.get("aria-label", "").startswith("Details: ") for x in document.find_class("xref"))
    # A changed block says so in words; the characters set for paper are not left for a screen.
    changed = document.find_class("changed")
    assert changed and all("Changed since the last edition:" in c.text_content() for c in changed)
    raw = editions["kem-sokha"].read_text(encoding="utf-8")
    assert "\u2011" not in raw and "\u200b" not in raw and "<wbr>" in raw and "</wbr>" not in raw
    # Headings go down one level at a time.
    levels = [int(h.tag[1]) for h in document.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_the_same_content_gives_the_same_bytes_wherever_it_is(tmp_path: Path) -> None:
    made = []
    for place in ("one", "two"):
        folder = tmp_path / place / "kem-sokha"
        shutil.copytree(SAMPLES_BY_NAME["kem-sokha"], folder)
        built = build(folder, tmp_path / place / "out" / "kem-sokha.pdf", Settings(format="html"))
        assert built.web is not None
        made.append(built.web.read_bytes())
    assert made[0] == made[1]


def test_the_inputs_hash_covers_the_web_edition(tmp_path: Path) -> None:
    out = tmp_path / "kem-sokha.pdf"
    first = build(SAMPLES_BY_NAME["kem-sokha"], out, Settings(format="html"))
    assert not first.up_to_date
    assert build(SAMPLES_BY_NAME["kem-sokha"], out, Settings(format="html")).up_to_date
    assert first.web is not None
    first.web.unlink()  # an output gone: built again
    assert not build(SAMPLES_BY_NAME["kem-sokha"], out, Settings(format="html")).up_to_date
    both = build(SAMPLES_BY_NAME["kem-sokha"], out, Settings(format="both"))  # another format
    assert not both.up_to_date and out.is_file() and both.web is not None and both.web.is_file()


def test_each_output_is_built_only_when_its_own_inputs_changed(tmp_path: Path) -> None:
    """A PDF built already is not laid out again for the web edition, nor the reverse."""
    out = tmp_path / "kem-sokha.pdf"
    sample = SAMPLES_BY_NAME["kem-sokha"]
    assert build(sample, out, Settings(format="pdf")).rendered is not None
    both = build(sample, out, Settings(format="both"))
    assert both.rendered is None and both.rendered_web  # the web edition only
    again = build(sample, out, Settings(format="both"))
    assert again.up_to_date
    assert build(sample, out, Settings(format="html")).up_to_date
    assert build(sample, out, Settings(format="pdf")).up_to_date


def test_a_screen_reader_hears_titles_in_their_language_and_names_not_dashes(
    editions: dict[str, Path], browser: Browser
) -> None:
    """The accessibility tree chromium builds of the bibliography: a repeated author's "——"
    is replaced by the name, and a French title is in a span that says it is French."""
    page, _ = opened(browser, editions["narges-mohammadi"], WIDTHS["phone"])
    heard = page.locator("#bibliography").aria_snapshot()
    assert "——" not in heard
    assert "Devdiscourse ‘UN Experts Urge Iran" in heard
    assert page.locator("#bibliography li").filter(has_text="——").count() >= 2  # seen, still
    french = page.locator("#bibliography span[lang=fr]").all_inner_texts()
    assert "Iran : la lauréate du prix Nobel de la paix condamnée à 6 ans de prison" in french
    assert page.locator("main span[lang=ru], main span[lang=nl], main span[lang=pt]").count() >= 2
    page.close()


# For each note call in the main text, the space between the end of the text before it and
# its number, in pixels (a range's rect: what is drawn, not the link's padded box).
GAPS_BEFORE_CALLS = """[...document.querySelectorAll('main p .note-call a')].slice(0, 30).map((a) => {
  const number = document.createRange();
  number.selectNodeContents(a);
  let before = a.closest('.note-call').previousSibling;
  while (before && before.nodeType === 1) before = before.lastChild;
  if (!before || before.nodeType !== 3 || !before.data.trim()) return null;
  const last = document.createRange();
  last.setStart(before, before.data.length - 1);
  last.setEnd(before, before.data.length);
  const a_ = number.getBoundingClientRect(), b = last.getBoundingClientRect();
  return Math.abs(a_.top - b.top) > 20 ? null : a_.left - b.right;
}).filter((gap) => gap !== null)"""


def test_a_note_call_sits_against_its_word(editions: dict[str, Path], browser: Browser) -> None:
    """Its link is a larger target than the digit, but drawn over its neighbours: padding alone
    set "2017 ⁵ )" with gaps a reader takes for spaces (helper-38)."""
    page, _ = opened(browser, editions["kem-sokha"], WIDTHS["desktop"])
    gaps = page.evaluate(GAPS_BEFORE_CALLS)
    page.close()
    assert len(gaps) > 10
    assert max(gaps) < 2.5, gaps
