"""The HTML of the sample and of the minimal fixture equals its golden file, byte for byte.

The golden files (tests/golden/*.html) are written only by `make golden`; a difference is
either a regression or an intended change, to review in the diff and then regenerate.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from dossier.build import Built

from .golden.regenerate import DIFF, GOLDEN, HERE, READ, diff_of
from .pdfread import read_aloud


def compare(built: Built, name: str) -> None:
    assert built.html is not None
    fresh = built.html.read_text(encoding="utf-8").splitlines(keepends=True)
    golden = (HERE / name).read_text(encoding="utf-8").splitlines(keepends=True)
    if fresh != golden:
        diff = "".join(list(difflib.unified_diff(golden, fresh, f"golden/{name}", "built"))[:60])
        pytest.fail(f"the HTML differs from tests/golden/{name} (run `make golden` if intended):\n{diff}")


def test_sample_html_is_golden(sample: Built) -> None:
    compare(sample, "kem-sokha.html")


def test_minimal_html_is_golden(minimal: Built) -> None:
    compare(minimal, "minimal.html")


def test_sample_read_aloud_is_golden(sample: Built) -> None:
    """Pages 2 and 7 as a screen reader reads them from the structure tree: sentences in
    order, each note right after its call, the figure by its description, no running head."""
    ((name, (_, pages)),) = READ.items()
    fresh = "".join(f"== page {page}\n{read_aloud(sample.pdf, page)}" for page in pages)
    golden = (HERE / name).read_text(encoding="utf-8")
    if fresh != golden:
        diff = "".join(difflib.unified_diff(golden.splitlines(True), fresh.splitlines(True), name, "built"))
        pytest.fail(
            f"the reading differs from tests/golden/{name} (run `make golden` if intended):\n{diff[:4000]}"
        )


@pytest.mark.parametrize("name", sorted(DIFF))
def test_sample_diff_is_golden(name: str) -> None:
    """`dossier diff` of each sample, edition 2 against its released edition 1."""
    fresh, golden = diff_of(DIFF[name]), (HERE / name).read_text(encoding="utf-8")
    if fresh != golden:
        diff = "".join(difflib.unified_diff(golden.splitlines(True), fresh.splitlines(True), name, "built"))
        pytest.fail(
            f"`dossier diff` differs from tests/golden/{name} (run `make golden` if intended):\n{diff}"
        )


def test_every_golden_file_is_checked() -> None:
    # A golden file nobody regenerates or compares would go stale unnoticed.
    assert sorted(p.name for p in HERE.glob("*.html")) == sorted(GOLDEN)
    assert sorted(p.name for p in HERE.glob("*.txt")) == sorted([*READ, *DIFF])


def test_a_changed_html_fails_the_comparison(minimal: Built, tmp_path: Path) -> None:
    # The comparison must be able to fail: one character changed in a copy of the HTML.
    assert minimal.html is not None
    changed = tmp_path / "minimal.html"
    changed.write_text(minimal.html.read_text(encoding="utf-8").replace("Summary", "Sumary", 1))
    with pytest.raises(pytest.fail.Exception, match=r"differs from tests/golden/minimal\.html"):
        compare(Built(minimal.pdf, changed, minimal.rendered), "minimal.html")
