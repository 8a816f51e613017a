"""Reading order against printed order (render/order.py), on real PDFs read back with pikepdf:
the samples and the fixture using every field pass; a copy with its structure reordered
(paragraphs, notes, a table row's cells) is caught, with the page and the words."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import Name

from dossier.build import Built, Settings, build
from dossier.render.accessibility import check
from dossier.render.order import inversions

from .conftest import FIXTURES


def read_back(data: bytes, change: Callable[[pikepdf.Pdf], Any] | None = None) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if change is not None:
            change(pdf)
        return [str(found) for found in inversions(pdf, pdf.Root.StructTreeRoot)]


def kids(element: Any) -> list[Any]:
    found = element.get("/K")
    return list(found) if isinstance(found, pikepdf.Array) else [found]


def placed(pdf: pikepdf.Pdf) -> Iterator[tuple[Any, int, Any]]:
    """Every structure element in reading order, with its parent and its place among the kids."""

    def walk(node: Any) -> Iterator[tuple[Any, int, Any]]:
        for index, kid in enumerate(kids(node)):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield node, index, kid
                yield from walk(kid)

    yield from walk(pdf.Root.StructTreeRoot)


def swap(one: tuple[Any, int, Any], two: tuple[Any, int, Any]) -> None:
    (parent, i, first), (other, j, second) = one, two
    parent.K[i], other.K[j] = second, first


def swap_paragraphs(pdf: pikepdf.Pdf) -> None:
    """The first two paragraphs of one parent on a page of the body (the background's, from
    page 5 on), read the wrong way round."""
    for page in pdf.pages[4:]:
        on_page = [
            p
            for p in placed(pdf)
            if p[2].S == Name.P
            and isinstance(p[2].get("/Pg"), pikepdf.Dictionary)
            and p[2].Pg.objgen == page.obj.objgen
        ]
        pairs = [
            (a, b) for n, a in enumerate(on_page) for b in on_page[n + 1 :] if a[0].objgen == b[0].objgen
        ]
        if pairs:
            swap(*pairs[0])
            return
    raise AssertionError("no page with two paragraphs of one parent")


def swap_notes(pdf: pikepdf.Pdf) -> None:
    """Notes 2 and 3 (the next step's and the first key point's) each put where the other was."""
    notes = [p for p in placed(pdf) if Name.Note == p[2].S]
    swap(notes[1], notes[2])


def swap_cells(pdf: pikepdf.Pdf) -> None:
    """The first table row of a header and a data cell (the key facts) read data first."""
    row = next(p[2] for p in placed(pdf) if p[2].S == Name.TR and len(kids(p[2])) == 2)
    row.K[0], row.K[1] = row.K[1], row.K[0]


def test_the_sample_is_read_as_printed(sample: Built) -> None:
    assert read_back(sample.pdf.read_bytes()) == []


def test_the_fixture_with_every_field_is_read_as_printed(tmp_path: Path) -> None:
    built = build(FIXTURES / "full", tmp_path / "full.pdf", Settings())
    assert read_back(built.pdf.read_bytes()) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (swap_paragraphs, r"page \d+: '.+' is read after '.+' but printed before it"),
        # A label printed left of its value, read after it.
        (swap_cells, r"page 1: 'Information as of' is read after '.+' but printed before it"),
        (swap_notes, r"page 3: '2\.' is read after '.+' but printed before it"),
    ],
)
def test_a_reordered_structure_is_caught(
    sample: Built, change: Callable[[pikepdf.Pdf], Any], message: str
) -> None:
    found = read_back(sample.pdf.read_bytes(), change)
    assert found and re.fullmatch(message, found[0]), found
    # And the check on every build names it, by its clause.
    with pikepdf.open(sample.pdf) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
    assert [f.clause for f in check(out.getvalue())] == ["7.2"]
