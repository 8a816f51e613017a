"""The sample briefing, built and read back from the PDF."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from dossier.build import Built, Settings, build
from dossier.content.citations import find_citations
from dossier.render.document import SECTIONS

from . import pdfread
from .conftest import SAMPLE
from .helpers import rendered
from .helpers import text as visible


@pytest.fixture(scope="module")
def pages(sample: Built) -> list[str]:
    return pdfread.page_texts(sample.pdf)


@pytest.fixture(scope="module")
def notes(sample: Built) -> list[pdfread.PdfNote]:
    return pdfread.footnotes(sample.pdf)


def test_every_section_is_present_with_a_bookmark(sample: Built, pages: list[str]) -> None:
    text = "\n".join(pages)
    bookmarks = pdfread.outline(sample.pdf)
    for _, heading in SECTIONS:
        assert heading in text
        assert heading in bookmarks
    assert bookmarks["Contents"] == 2


def test_contents_page_numbers_are_where_sections_start(sample: Built, pages: list[str]) -> None:
    bookmarks = pdfread.outline(sample.pdf)
    contents_page = pages[bookmarks["Contents"] - 1]
    for _, heading in SECTIONS:
        match = re.search(rf"^{re.escape(heading)}[ .]*?(\d+)$", contents_page, re.M)
        assert match, f"{heading} missing from the contents"
        printed = int(match[1])
        assert printed == bookmarks[heading], heading
        assert heading in pages[printed - 1]


def test_footnotes_numbered_continuously_one_per_citation(
    sample: Built, notes: list[pdfread.PdfNote]
) -> None:
    expected = rendered(sample).notes
    assert len(expected) > 50
    assert [n.number for n in notes] == list(range(1, len(expected) + 1))
    for got, want in zip(notes, expected, strict=True):
        assert pdfread.squash(got.text) == pdfread.squash(visible(rendered(sample).texts[want.number])), (
            got.number
        )


def test_each_note_is_on_the_page_of_its_call(sample: Built, notes: list[pdfread.PdfNote]) -> None:
    calls = pdfread.footnote_calls(sample.pdf)
    assert [number for _, number in calls] == list(range(1, len(notes) + 1))
    assert calls == [(n.page, n.number) for n in notes]


def test_citations_in_the_text_become_notes_in_order(sample: Built) -> None:
    # Every [@...] group of background.md is one note, with the same sources, in the same order.
    groups = [tuple(c.key for c in g.cites) for g in find_citations((SAMPLE / "background.md").read_text())]
    keys = [n.keys for n in rendered(sample).notes]
    start = keys.index(groups[0])
    assert keys[start : start + len(groups)] == groups


def test_notes_follow_oscola(notes: list[pdfread.PdfNote], sample: Built) -> None:
    first = notes[0].text
    # The first note is the next step's, in the key facts: a first citation in full.
    assert first == (
        "Amnesty International, ‘Cambodia: Authorities Must Overturn Baseless Treason Conviction of "
        "Opposition Leader’ (Statement, 2024)."
    )
    # later notes: the author and, as the ICJ has two statements cited, a short title; the first note
    later = re.compile(r"International Commission of Jurists, ‘[^’]+’ \(n \d+\)\.")
    assert any(later.fullmatch(n.text) for n in notes)
    assert any(n.text == "ibid." for n in notes)
    assert set(rendered(sample).note_positions.values()) == {"first", "subsequent", "ibid"}


def test_no_page_opens_its_notes_with_ibid(notes: list[pdfread.PdfNote]) -> None:
    first_on_page: dict[int, pdfread.PdfNote] = {}
    for note in notes:
        first_on_page.setdefault(note.page, note)
    assert len(first_on_page) > 5
    for note in first_on_page.values():
        assert not note.text.lower().startswith("ibid"), note


def test_bibliography_lists_every_cited_source(sample: Built, pages: list[str]) -> None:
    start = pdfread.outline(sample.pdf)["Sources"]
    bibliography = pdfread.squash("".join(pages[start - 1 :]))
    cited = {key for note in rendered(sample).notes for key in note.keys}
    assert cited == {"amnesty2018", "icj2019", "aphr2022", "icj2023", "amnesty2024"}
    ((heading, entries),) = rendered(sample).bibliography
    assert heading == "Bibliography"  # OSCOLA 1.7: secondary sources only
    assert len(entries) == len(cited)
    for entry in entries:
        assert pdfread.squash(visible(entry)) in bibliography
    # OSCOLA 1.7: an author's later works under a double em dash, without a comma.
    assert "—— ‘Cambodia: Authorities Must Overturn" in visible(" ".join(entries))


def test_header_and_footer_on_every_page(pages: list[str]) -> None:
    # The running header is each page's first line (the title from page 2 on, the
    # classification on every page), the footer its last. The cover's own text also says
    # "PUBLIC" and "Information as of": only the lines' places show the header and footer.
    total = len(pages)
    assert 8 <= total <= 20
    for number, text in enumerate(pages, 1):
        lines = text.splitlines()
        header = "PUBLIC" if number == 1 else "Cambodia: the treason case against Kem Sokha PUBLIC"
        assert lines[0] == header, number
        assert lines[-1] == f"Information as of 22 November 2026 Page {number} of {total}", number


def test_cover(pages: list[str]) -> None:
    cover = pdfread.squash(pages[0])
    for expected in (
        "Cambodia: the treason case against Kem Sokha",
        "Kem Sokha",
        "22 November 2026",
        "Edition",
        "Public",
        "Dossier sample briefing",
    ):
        assert pdfread.squash(expected) in cover


def test_dated_to_its_precision(pages: list[str]) -> None:
    history = "\n".join(pages)
    assert "March 2020" in history
    assert re.search(r"^2013\b", history, re.M)
    assert "3 September 2017" in history


DATE = re.compile(r"^(\d{1,2} )?([A-Z][a-z]+ )?\d{4}$")


def test_the_longest_dates_fit_their_timeline_column(sample: Built) -> None:
    # Tables have fixed column widths (table-layout: fixed, faster to lay out), so a
    # date wider than its column would run into the event beside it, not widen the column.
    import pdfplumber

    gaps = []
    with pdfplumber.open(sample.pdf) as pdf:
        for page in pdf.pages:
            words = page.extract_words(extra_attrs=["size"])
            headers = [w for w in words if w["text"] == "Event" and w["size"] < 8.5]
            if not headers:
                continue
            event_left = headers[0]["x0"]
            left = [w for w in words if abs(w["size"] - 8.5) < 0.1 and w["x0"] < event_left]
            for top in {round(w["top"]) for w in left}:
                line = [w for w in left if round(w["top"]) == top]
                if DATE.match(" ".join(w["text"] for w in line)):
                    gaps.append(event_left - max(w["x1"] for w in line))
    assert "10 September 2018" in "\n".join(pdfread.page_texts(sample.pdf))
    assert len(gaps) >= 15
    assert min(gaps) >= 2 * 72 / 25.4  # at least 2 mm of the cells' 4 mm padding stays clear


def test_key_facts(sample: Built, pages: list[str]) -> None:
    start = pdfread.outline(sample.pdf)["Summary"]
    summary = pages[start - 1]
    for label in ("Charge", "Court", "Sentence", "Custody status", "Next step"):
        assert label in summary
    assert "27 years" in summary
    # Each fact refers to the page that gives its detail, with its notes.
    charges = pdfread.outline(sample.pdf)["Charges and proceedings"]
    assert f"punishable by 15 to 30 years (p. {charges})" in summary


def test_pdf_metadata_and_language(sample: Built) -> None:
    with pikepdf.open(sample.pdf) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Cambodia: the treason case against Kem Sokha"
        assert str(info["/Author"]) == "Dossier sample briefing"
        assert "Kem Sokha" in str(info["/Subject"])
        assert "treason" in str(info["/Keywords"])
        assert str(pdf.Root.Lang) == "en"
        box = [float(v) for v in pdf.pages[0].MediaBox]
        assert box[2:] == pytest.approx([595.28, 841.89], abs=0.5)  # A4


def test_only_bundled_fonts_all_embedded(sample: Built) -> None:
    names = set()
    with pikepdf.open(sample.pdf) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                names.add(str(font.BaseFont).split("+", 1)[1])
    assert all(name.startswith("Dossier-") for name in names), names
    assert "Dossier-Khmer" in names


def test_emitted_html_is_beside_the_pdf(sample: Built) -> None:
    assert sample.html == sample.pdf.with_suffix(".layout.html")
    html = sample.html.read_text()
    assert len(re.findall(r'class="footnote( touching| after-digit)?"', html)) == len(rendered(sample).notes)
    assert 'lang="km"' in html


def test_switching_to_chicago_changes_notes_and_bibliography(tmp_path: Path) -> None:
    folder = tmp_path / "kem-sokha"
    shutil.copytree(SAMPLE, folder)
    meta = folder / "dossier.yaml"
    meta.write_text(meta.read_text() + "citation_style: chicago-notes-bibliography\n")
    built = build(folder, tmp_path / "chicago.pdf")
    notes = pdfread.footnotes(built.pdf)
    assert notes[0].text.startswith(
        "Amnesty International, “Cambodia: Authorities Must Overturn Baseless Treason Conviction of "
        "Opposition Leader,”"
    )
    assert not any("(n 1)" in n.text for n in notes)
    bibliography = pdfread.squash("".join(pdfread.page_texts(built.pdf)[-1:]))
    assert (
        pdfread.squash("International Commission of Jurists. “Cambodia: Kem Sokha’s Conviction")
        in bibliography
    )


def _scale(k: int, into: Path) -> Path:
    # The benchmark's synthetic dossier: the sample with every source, event, position
    # and background paragraph copied k times.
    spec = importlib.util.spec_from_file_location("synthetic", SAMPLE.parents[1] / "bench" / "synthetic.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.scale(SAMPLE, into, k)  # type: ignore[no-any-return]


def test_ibid_notes_opening_a_page_print_their_short_form_after_one_layout(tmp_path: Path) -> None:
    folder = _scale(4, tmp_path / "kem-sokha-4x")
    built = build(folder, tmp_path / "4x.pdf", Settings(emit_html=True))
    notes = pdfread.footnotes(built.pdf)
    assert pdfread.footnote_calls(built.pdf) == [(n.page, n.number) for n in notes]
    opening: dict[int, pdfread.PdfNote] = {}
    for note in notes:
        opening.setdefault(note.page, note)
    assert all(not n.text.lower().startswith("ibid") for n in opening.values())
    # Some "ibid" notes of this dossier land at the top of a page's notes (which ones, and how
    # many, moves with the layout: 2 before the changes list grew, 1 since): they print the
    # short form, and the build reports them as printed.
    shortened = [n for n in opening.values() if n.number in rendered(built).short_forms]
    assert len(shortened) >= 1
    for note in shortened:
        assert rendered(built).note_positions[note.number] == "subsequent"
        assert "(n " in note.text
    for got in notes:
        assert pdfread.squash(got.text) == pdfread.squash(visible(rendered(built).texts[got.number]))
    # No note needed its block moved to a new page: footnotes.py settled them in the
    # layout itself (another pass may keep a word whole across a page turn).
    assert built.breaks == frozenset()
    assert built.passes == 1 + bool(built.whole)
    assert built.html is not None
    html = built.html.read_text()
    assert "ibid-form" not in html and "short-form" not in html


@pytest.mark.parametrize("events", ["[]\n", ""])
def test_a_case_with_no_event_yet_builds_and_says_so(content: Path, tmp_path: Path, events: str) -> None:
    """An empty events.yaml passed `check` and then crashed the timeline (min() of nothing)."""
    (content / "events.yaml").write_text(events, encoding="utf-8")
    built = build(content, tmp_path / "no-events.pdf")
    text = "\n".join(pdfread.page_texts(built.pdf))
    assert "No event of the procedural history is recorded in this edition." in text


def test_the_cover_names_the_latest_source_by_its_most_exact_date(content: Path, tmp_path: Path) -> None:
    """Two sources ending on one day, one dated "May 2024" and one "31 May 2024": the cover
    said "December 2022" for a case whose latest source was dated 31 December 2022."""
    with (content / "sources.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{month2024, author = {{Example Watch}}, title = {A month}, date = {2024-05}}\n")
        bib.write("\n@misc{day2024, author = {{Example Watch}}, title = {A day}, date = {2024-05-31}}\n")
    background = content / "background.md"
    background.write_text(
        background.read_text(encoding="utf-8") + "\nTwo late reports [@month2024; @day2024].\n",
        encoding="utf-8",
    )
    built = build(content, tmp_path / "latest.pdf")
    cover = pdfread.page_texts(built.pdf)[0]
    assert "31 May 2024: developments after it are not covered" in " ".join(cover.split())


def test_a_word_hyphenated_across_a_page_turn_is_found_and_kept_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the layout still hyphenates a page's last word (here, with the rule that lays
    a page's last lines out unhyphenated turned off), the build finds it and lays the pages
    out again with the word whole. The build's child is forked: it sees the switch."""
    from dossier.render import weasyprint70

    monkeypatch.setattr(weasyprint70, "KEEP_WORDS_AT_PAGE_END", False)
    built = build(SAMPLE, tmp_path / "turn.pdf", Settings(emit_html=True))
    assert built.passes == 2 and built.whole == frozenset({"members"})
    text = pdfread.page_texts(built.pdf)
    assert not any(page.rstrip().endswith("mem-") for page in text)
