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


@pytest.fixture(scope="module")
def read(sample: Built) -> dict[int, dict[str, Any]]:
    return pdfjs(sample.pdf, 1, 2, 3, 7)


def test_each_note_is_read_right_after_its_call(read: dict[int, dict[str, Any]]) -> None:
    text = read[3]["read"]
    assert "in prison.2 [NOTE: 2. Amnesty International, ‘Cambodia: Release of Kem Sokha" in text
    assert "unconditionally.1 [NOTE: 1. Amnesty International" in text
    calls = re.findall(r"(\d+) \[NOTE: (\d+)\.", text)
    assert len(calls) == 8 and all(call == note for call, note in calls)
    roles = [r["role"] for r in read[3]["roles"]]
    for index, role in enumerate(roles):
        if role == "Note":  # its call (a Reference and the call's digit) just before it
            assert "Reference" in roles[index - 2 : index], index


def test_calls_are_apart_from_the_words(read: dict[int, dict[str, Any]]) -> None:
    items = [i for i in read[3]["items"] if i["str"].strip()]
    calls = [(before, call) for before, call in pairwise(items) if call["str"].isdigit()]
    assert len(calls) >= 8
    for before, call in calls:
        # The call is its own piece of text, smaller than the word before it ("prison." "2").
        assert call["height"] < 0.7 * before["height"], (before, call)
        assert not re.search(r"\w\d+$", before["str"]), before


def test_running_heads_footers_and_leaders_are_not_content(read: dict[int, dict[str, Any]]) -> None:
    for page in (2, 3, 7):
        # Artifacts: the running head and foot, and the contents' leader dots.
        untagged = {i["str"] for i in read[page]["items"] if not i["tagged"] and i["str"].strip(". ")}
        assert untagged == {
            "Cambodia: the treason case against Kem Sokha",
            "PUBLIC",
            "Information as of 22 November 2026",
            f"Page {page} of 13",
        }
        assert "Page " not in read[page]["read"]


def test_the_contents_read_as_one_link_per_entry(read: dict[int, dict[str, Any]]) -> None:
    assert read[2]["read"].startswith("Contents Summary 3 Background 4 Charges and proceedings 6")
    assert ". ." not in read[2]["read"]
    assert [r["role"] for r in read[2]["roles"]].count("Link") == 6


def test_language_and_figure(read: dict[int, dict[str, Any]]) -> None:
    assert {r["lang"] for r in read[1]["roles"]} - {None} == {"km"}
    (figure,) = [r for r in read[7]["roles"] if r["role"] == "Figure"]
    assert figure["alt"].startswith("Timeline of the case, 2013 to 2024. 18 events")
