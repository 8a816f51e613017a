"""The PDF as a file: variants, tags and metadata, reproducibility, provenance, marks, the layout audit."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

from dossier.build import Built, Settings, build
from dossier.errors import BuildError
from dossier.paths import PACKAGE
from dossier.render.audit import audit
from dossier.render.document import SECTIONS
from dossier.render.pdf import PdfOptions, layout

from . import pdfread
from .conftest import MINIMAL, ROOT, SAMPLE
from .helpers import rendered


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install it with `apt-get install {package}` (.ci/run does)")
    return path


def test_default_is_tagged_pdf_ua(sample: Built) -> None:
    info = subprocess.run([tool("pdfinfo", "poppler-utils"), str(sample.pdf)], capture_output=True, text=True)
    assert "Tagged:          yes" in info.stdout
    with pikepdf.open(sample.pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "en"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)  # title, not file name, in the window
        xmp = pdf.open_metadata()
        assert xmp.get("pdfuaid:part") == "1"
        assert xmp.get("dc:title") == "Cambodia: the treason case against Kem Sokha"
        tags = {str(e.S) for e in _struct_elements(pdf.Root.StructTreeRoot)}
        assert {"/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD"} <= tags


def _struct_elements(node: pikepdf.Object) -> list[pikepdf.Object]:
    found: list[pikepdf.Object] = []
    kids = node.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            found.extend(_struct_elements(kid))
    return found


def test_qpdf_finds_no_structural_errors(sample: Built) -> None:
    result = subprocess.run(
        [tool("qpdf", "qpdf"), "--check", str(sample.pdf)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


def test_pdf_a_3u_carries_content_and_manifest(tmp_path: Path) -> None:
    built = build(MINIMAL, tmp_path / "a3.pdf", Settings(variant="pdf/a-3u"))
    with pikepdf.open(built.pdf) as pdf:
        files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
        assert pdf.open_metadata().get("pdfaid:part") == "3"
        assert pdf.open_metadata().get("pdfaid:conformance") == "U"
    content = sorted(p.name for p in MINIMAL.iterdir() if p.name != "recipients.csv")
    assert sorted(files) == sorted([*content, "manifest.json"])
    for name in content:
        assert files[name] == (MINIMAL / name).read_bytes()
    manifest = json.loads(files["manifest.json"])
    assert manifest["citation_style"] == "oscola"
    assert manifest["font_subsetter"] in {"harfbuzz-subset", "fonttools"}
    assert (
        manifest["inputs"]["content/events.yaml"]
        == hashlib.sha256((MINIMAL / "events.yaml").read_bytes()).hexdigest()
    )
    assert manifest["inputs"]["styles/fonts/NotoSerif-Regular.ttf"]


def test_plain_variant_is_untagged(tmp_path: Path) -> None:
    built = build(MINIMAL, tmp_path / "plain.pdf", Settings(variant="plain"))
    with pikepdf.open(built.pdf) as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def test_same_content_same_bytes_from_two_checkouts(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        checkout = tmp_path / name / "deeper" if name == "two" else tmp_path / name
        for part in ("dossier", "styles", "content"):
            shutil.copytree(ROOT / part, checkout / part)
        env = {**os.environ, "PYTHONPATH": str(checkout)}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run(
            [sys.executable, "-m", "dossier", "build", "content/kem-sokha", "-o", "out.pdf"],
            cwd=checkout,
            env=env,
            check=True,
            capture_output=True,
        )
        outputs.append((checkout / "out.pdf").read_bytes())
    assert outputs[0] == outputs[1]


def test_draft_mark_on_every_page(tmp_path: Path) -> None:
    def marks(path: Path) -> list[str]:
        # The mark is set at 96pt, rotated: read its characters rather than text lines.
        with pdfplumber.open(path) as pdf:
            return ["".join(c["text"] for c in page.chars if c["size"] > 50) for page in pdf.pages]

    draft = marks(build(MINIMAL, tmp_path / "draft.pdf", Settings(draft=True)).pdf)
    assert len(draft) > 2 and set(draft) == {"DRAFT"}
    assert set(marks(build(MINIMAL, tmp_path / "final.pdf").pdf)) == {""}


def test_khmer_reads_back_as_the_same_characters(sample: Built) -> None:
    # Content-stream order (-raw): the default layout mode sorts Khmer vowel signs by
    # position and so splits the word, though the text layer itself is in order.
    text = subprocess.run(
        [tool("pdftotext", "poppler-utils"), "-raw", "-f", "1", "-l", "1", str(sample.pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Kem Sokha កឹម សុខា" in text
    assert "Kem Sokha កឹម សុខា" in PdfReader(sample.pdf).pages[0].extract_text()


def test_timeline_header_repeats_on_every_page(sample: Built) -> None:
    bookmarks = pdfread.outline(sample.pdf)
    pages = pdfread.page_texts(sample.pdf)
    start, after = bookmarks["Procedural history"], bookmarks["Organisational positions"]
    # The section may open below another's end with its timeline figure; the table follows.
    first = next(n for n in range(start, after + 1) if "Date Event" in pages[n - 1])
    spanned = range(first, after + 1) if "Date Event" in pages[after - 1] else range(first, after)
    assert len(spanned) >= 2
    for number in spanned:
        assert "Date Event" in pages[number - 1], number


def test_text_is_hyphenated_in_english(sample: Built) -> None:
    assert sample.html is not None
    words = pdfread.written(sample.html.read_text())
    pages = pdfread.page_texts(sample.pdf)
    assert len(pdfread.hyphen_breaks(pages, words)) >= 10
    # Each read back with a hyphen-minus, not the U+2010 WeasyPrint draws (tagging.py).
    assert "\u2010" not in "".join(pages)


def test_audit_passes_the_sample_and_catches_drifting_notes(sample: Built) -> None:
    assert sample.html is not None
    html = sample.html.read_text()
    options = PdfOptions(variant="plain")
    notes = len(rendered(sample).notes)
    assert audit(layout(html, options, SAMPLE), notes, dict(SECTIONS)) == []
    # Without `footnote-policy: line` and with a margin on the footnote area, WeasyPrint
    # 70 pushes notes to later pages than their calls: the audit must name them. (A 12 mm
    # margin: with 4 mm no note of the sample drifted once edition 2's list of changes had
    # moved its pages.)
    broken = html.replace(
        "</head>",
        "<style>.footnote { footnote-policy: auto } @page { @footnote { margin-top: 12mm } }</style></head>",
    )
    faults = audit(layout(broken, options, SAMPLE), notes, dict(SECTIONS))
    assert faults
    assert all(f.startswith(("note ", "contents entry")) for f in faults)
    assert any("is printed on page" in f or "lost its text" in f for f in faults)


def test_audit_catches_a_wrong_contents_number() -> None:
    html = (
        '<html><body><nav><a class="contents-entry" href="#one">One 9</a></nav>'
        '<section id="one" style="break-before: page"><h2>One</h2>'
        # A cross-reference to the same place is not a contents entry.
        '<p>See <a class="xref" href="#one">(p. 2)</a>.</p></section></body></html>'
    )
    faults = audit(layout(html, PdfOptions(variant="plain"), SAMPLE), 0, {"one": "One"})
    assert faults == ["contents entry 'One' says page 9, but it starts on page 2"]


def test_build_refuses_to_write_when_the_audit_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dossier.render.audit

    # build() imports the audit when it renders, in its child process, which inherits this patch.
    monkeypatch.setattr(
        dossier.render.audit, "audit", lambda *args: ["note 3 lost its text (called on page 2)"]
    )
    with pytest.raises(BuildError, match="layout check failed: note 3 lost its text"):
        build(SAMPLE, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


def test_the_archival_file_carries_the_kept_texts_its_values_were_checked_against(tmp_path: Path) -> None:
    """The manifest says how many printed values were found in the sources' kept texts; the
    file carries those texts too, hashed in the manifest, so a copy can be checked again
    without the folder (helper-39)."""
    folder = PACKAGE.parent / "content" / "oleg-orlov"
    built = build(folder, tmp_path / "a3.pdf", Settings(variant="pdf/a-3u"))
    with pikepdf.open(built.pdf) as pdf:
        files = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    kept = sorted(f"sources/{p.name}" for p in (folder / "sources").iterdir())
    assert kept and [name for name in sorted(files) if name.startswith("sources/")] == kept
    manifest = json.loads(files["manifest.json"])
    for name in kept:
        assert files[name] == (folder / name).read_bytes()
        assert manifest["inputs"][f"content/{name}"] == hashlib.sha256(files[name]).hexdigest()
    assert manifest["checked_against_sources"]["not_found"] == 0
