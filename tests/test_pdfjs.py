"""The sample as Mozilla's PDF.js reads it: its structure tree and text, a second real client.

PDF.js is what Firefox shows PDFs with and what many web viewers embed; its structure
tree (page.getStructTree) is what it hands to the browser's accessibility tree. Needs
Node.js and `npm ci --prefix tests/pdfjs` (make test does it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from dossier.build import Built

READER = Path(__file__).parent / "pdfjs"


def pdfjs(pdf: Path, *pages: int) -> dict[int, dict[str, Any]]:
    node = shutil.which("node")
    if node is None or not (READER / "node_modules" / "pdfjs-dist").is_dir():
        pytest.fail("PDF.js is missing: install nodejs and npm, then run `npm ci --prefix tests/pdfjs`")
    result = subprocess.run(
        [node, str(READER / "read.mjs"), str(pdf), *map(str, pages)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return {page["page"]: page for page in json.loads(result.stdout)}


# The sample's pages by what they show: the cover, the contents, the summary (key points
# and their notes), the procedural history's first page (the figure).
COVER, CONTENTS, SUMMARY, FIGURE = 1, 2, 3, 9


@pytest.fixture(scope="module")
def read(sample: Built) -> dict[int, dict[str, Any]]:
    from .pdfread import outline

    marks = outline(sample.pdf)
    assert (marks["Summary"], marks["Procedural history"]) == (SUMMARY, FIGURE)
    return pdfjs(sample.pdf, COVER, CONTENTS, SUMMARY, FIGURE)


def test_each_note_is_read_right_after_its_call(read: dict[int, dict[str, Any]]) -> None:
    text = read[SUMMARY]["read"]
    assert "in prison.3 [NOTE: 3. Amnesty International, ‘Cambodia: Release of Kem Sokha" in text
    assert "unconditionally.2 [NOTE: 2. ibid.]" in text
    assert "as last reported1 [NOTE: 1. Amnesty International" in text
    calls = re.findall(r"(\d+) \[NOTE: (\d+)\.", text)
    assert len(calls) == 8 and all(call == note for call, note in calls)
    roles = [r["role"] for r in read[SUMMARY]["roles"]]
    for index, role in enumerate(roles):
        if role == "Note":  # its call (a Reference and the call's digit) just before it
            assert "Reference" in roles[index - 2 : index], index


def test_calls_are_apart_from_the_words(read: dict[int, dict[str, Any]]) -> None:
    items = [i for i in read[SUMMARY]["items"] if i["str"].strip()]
    digits = [(before, item) for before, item in pairwise(items) if item["str"].isdigit()]
    # A number in the text ("as last reported in 2024") is set at the text's size; a call is
    # its own piece of text, smaller than the word before it ("prison." "2").
    calls = [(before, call) for before, call in digits if call["height"] < 0.85 * before["height"]]
    assert len(calls) >= 8
    for before, call in calls:
        assert call["height"] < 0.7 * before["height"], (before, call)
        assert not re.search(r"[^\W\d]\d+$", before["str"]), before  # not glued to a word


def test_running_heads_footers_and_leaders_are_not_content(
    read: dict[int, dict[str, Any]], sample: Built
) -> None:
    from .pdfread import page_texts

    total = len(page_texts(sample.pdf))
    for page in (CONTENTS, SUMMARY, FIGURE):
        # Artifacts: the running head and foot, and the contents' leader dots.
        untagged = {i["str"] for i in read[page]["items"] if not i["tagged"] and i["str"].strip(". ")}
        assert untagged == {
            "Cambodia: the treason case against Kem Sokha",
            "PUBLIC",
            "Information as of 22 November 2026",
            f"Page {page} of {total}",
        }
        assert "Page " not in read[page]["read"]


def test_the_contents_read_as_one_link_per_entry(read: dict[int, dict[str, Any]]) -> None:
    # Each entry read as its heading and its page, as the outline has them.
    assert re.fullmatch(
        r"Contents Summary 3 Background \d+ Charges and proceedings \d+ .* Sources \d+",
        read[CONTENTS]["read"],
    )
    assert ". ." not in read[CONTENTS]["read"]
    assert [r["role"] for r in read[CONTENTS]["roles"]].count("Link") == 6


def test_language_and_figure(read: dict[int, dict[str, Any]]) -> None:
    assert {r["lang"] for r in read[COVER]["roles"]} - {None} == {"km"}
    (figure,) = [r for r in read[FIGURE]["roles"] if r["role"] == "Figure"]
    assert figure["alt"].startswith("Timeline of the case, 2013 to 2026. 18 events")


def find(pdf: Path, *words: str) -> dict[str, list[int]]:
    """Each word's matches page by page, as PDF.js's find bar counts them (find.mjs)."""
    node = shutil.which("node")
    if node is None or not (READER / "node_modules" / "jsdom").is_dir():
        pytest.fail("PDF.js's viewer is missing: install nodejs and npm, then `npm ci --prefix tests/pdfjs`")
    command = [node, str(READER / "find.mjs"), str(pdf), *words]
    result = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    found: dict[str, list[int]] = json.loads(result.stdout)
    return found


def test_words_hyphenated_at_a_line_end_are_found_whole(sample: Built) -> None:
    from .pdfread import dehyphenated, hyphen_breaks, page_texts, written

    assert sample.html is not None
    words = written(sample.html.read_text())
    pages = page_texts(sample.pdf)
    breaks = hyphen_breaks(pages, words)
    assert len(breaks) >= 10
    found = find(sample.pdf, *sorted({word for _, word in breaks}))
    poppler = shutil.which("pdftotext")
    assert poppler is not None, "install poppler-utils (apt-get install poppler-utils)"
    for page, word in breaks:
        # Every occurrence on the page, the broken one joined: what the reader searched for.
        expected = dehyphenated(pages[page - 1], words).count(word)
        assert found[word][page - 1] == expected, (page, word)
        # poppler (pdftotext, Evince, Okular) joins it too, on copy and in search.
        text = subprocess.run(
            [poppler, "-f", str(page), "-l", str(page), str(sample.pdf), "-"], capture_output=True, text=True
        ).stdout
        assert text.count(word) == expected, (page, word)


def test_letter_spaced_capitals_are_read_as_words(read: dict[int, dict[str, Any]]) -> None:
    # The cover's classification and kind of document, set in spaced capitals.
    words = [i["str"] for i in read[COVER]["items"]]
    assert words[0] == "PUBLIC" and "BRIEFING" in words
    assert not any(re.search(r"\b[A-Z] [A-Z] [A-Z]\b", w) for w in words)


def test_compound_words_are_found_with_their_hyphen(sample: Built) -> None:
    from .pdfread import written

    assert sample.html is not None
    # The content's compounds, typeset with a non-breaking hyphen (typeset.py): a line never
    # ends inside one, so no reader joins "fact-" and "finding" into a word never written.
    words = written(sample.html.read_text())
    compounds = Counter(c.replace("\u2011", "-") for c in re.findall(r"\w+(?:\u2011\w+)+", words))
    assert {"fact-finding", "pre-trial", "rule-of-law"} <= set(compounds)
    found = find(sample.pdf, *compounds)
    assert {word: sum(pages) for word, pages in found.items()} == compounds
