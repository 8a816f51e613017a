"""The PDF/UA-1 check (render/accessibility.py) and the mended tags (render/tagging.py), read back
from real PDFs with pikepdf: the sample passes; each condition, broken in a copy, is named."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from pikepdf import Name

from dossier.build import Built
from dossier.render.accessibility import check, claims_ua, unclaim
from dossier.render.anchors import anchors
from dossier.render.pdf import PdfOptions, layout, pdf_bytes
from dossier.render.tagging import elements as tagging_elements
from dossier.render.tagging import linked, mend
from dossier.render.weasyprint70 import COMPLEX_SCRIPT as COMPLEX

from .conftest import SAMPLE


def clauses(data: bytes) -> dict[str, int]:
    found: dict[str, int] = {}
    for failure in check(data):
        found[failure.clause] = found.get(failure.clause, 0) + failure.count
    return found


def broken(data: bytes, change: Callable[[pikepdf.Pdf], Any]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def elements(pdf: pikepdf.Pdf, kind: str) -> list[Any]:
    found, todo = [], [pdf.Root.StructTreeRoot]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if Name("/" + kind) == kid.S:
                    found.append(kid)
                todo.append(kid)
    return found


def test_the_sample_meets_every_condition_checked_and_claims_pdf_ua(sample: Built) -> None:
    data = sample.pdf.read_bytes()
    assert check(data) == []
    assert claims_ua(data)
    assert not [w for w in sample.warnings if "accessibility" in w.message]


@pytest.fixture(scope="module")
def written(sample: Built) -> tuple[str, bytes]:
    """The sample's HTML, and the PDF WeasyPrint writes of it (with the structure hook), unmended."""
    assert sample.html is not None
    html = sample.html.read_text(encoding="utf-8")
    options = PdfOptions(variant="pdf/ua-1")
    return html, pdf_bytes(layout(html, options, SAMPLE), options)


def test_tags_as_weasyprint_writes_them_fail_and_mended_pass(written: tuple[str, bytes]) -> None:
    """Before and after: the same HTML written by WeasyPrint (with the structure hook), then mended."""
    html, raw = written
    before = clauses(raw)
    # Running heads and footers (51), the contents' leaders and the repeated table heads
    # left out of the tree, not yet artifacts; header cells without /Scope; links
    # described by anchor ids; the figure's box in CSS pixels, which may also put it above
    # the heading read before it (7.2), as the layout falls; the contents' six leaders'
    # link annotations reached by no Link in the tree (7.18.5-1).
    assert (
        {"7.1-3", "7.3-1", "7.5-1", "7.18.5-1", "7.18.5-2"}
        <= set(before)
        <= {"7.1-3", "7.2", "7.3-1", "7.5-1", "7.18.5-1", "7.18.5-2"}
    )
    assert before["7.1-3"] > 51
    assert before["7.18.5-1"] == 6
    assert clauses(mend(raw, anchors(html))) == {}


def test_a_word_hyphenated_at_a_line_end_is_one_span_and_nothing_moves(written: tuple[str, bytes]) -> None:
    """Each word the layout broke with a hyphen is one /Span whose /ActualText is the word,
    its two pieces marked contents of their own; splitting what WeasyPrint drew to make
    them moves no glyph on any page."""
    import pdfplumber

    from .pdfread import hyphen_breaks, page_texts
    from .pdfread import written as words_of

    html, raw = written
    mended = mend(raw, anchors(html))

    def glyphs(data: bytes) -> list[list[tuple[str, float, float, str]]]:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [
                # Both hyphens read as U+002D once mended (tagging.py).
                [
                    (
                        c["text"].replace("\u2010", "-").replace("\u2011", "-"),
                        round(c["x0"], 3),
                        round(c["top"], 3),
                        c["fontname"],
                    )
                    for c in page.chars
                ]
                for page in pdf.pages
            ]

    # Sorted: drawing.py changes the order some are drawn in, not where any is.
    assert [sorted(page) for page in glyphs(mended)] == [sorted(page) for page in glyphs(raw)]
    with pikepdf.open(io.BytesIO(mended)) as pdf:
        spans = [span for span in elements(pdf, "Span") if "/ActualText" in span and len(span.K) == 2]
        joined = sorted(str(span.ActualText) for span in spans)
        assert all(all(kid.get("/Type") == Name.MCR for kid in span.K) for span in spans)
    # Every break pdfplumber's text shows is one of them, and each is a word the HTML has.
    words = words_of(html)
    broken = hyphen_breaks(page_texts(io.BytesIO(mended)), words)
    assert len(broken) >= 10 and {word for _, word in broken} <= set(joined)
    assert all(re.search(rf"(?<!\w){word}(?!\w)", words) for word in joined)


def test_mending_changes_nothing_printed(written: tuple[str, bytes], tmp_path: Path) -> None:
    """The words split into pieces (words.py) and the labels and heads drawn in reading
    order (drawing.py) leave every page's pixels as WeasyPrint drew them."""
    poppler = shutil.which("pdftoppm")
    assert poppler is not None, "install poppler-utils (apt-get install poppler-utils)"
    html, raw = written
    pages: dict[str, list[bytes]] = {}
    for name, data in (("raw", raw), ("mended", mend(raw, anchors(html)))):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run([poppler, "-png", "-r", "60", tmp_path / f"{name}.pdf", tmp_path / name], check=True)
        pages[name] = [p.read_bytes() for p in sorted(tmp_path.glob(f"{name}-*.png"))]
    assert len(pages["raw"]) >= 10 and pages["mended"] == pages["raw"]


def test_no_span_is_empty(sample: Built) -> None:
    """WeasyPrint gives a text box of white space alone, which it draws as nothing, a /Span
    of its own: content a reader's software finds nothing in (veraPDF's "redundant span",
    13 in the sample). None is left in the tree."""
    import pdfplumber

    with pdfplumber.open(sample.pdf) as document:
        shown = [{c["mcid"] for c in page.chars if c.get("mcid") is not None} for page in document.pages]
    with pikepdf.open(sample.pdf) as pdf:
        number = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        spans = [e for e, _ in tree(pdf) if Name.Span == e.S]
        empty = [
            span
            for span in spans
            if isinstance(span.K, pikepdf.Array)
            and len(span.K) == 1
            and isinstance(span.K[0], int)
            and int(span.K[0]) not in shown[number[span.Pg.objgen]]
        ]
        assert len(spans) > 1000 and empty == []


def test_a_label_moved_keeps_its_colour_in_its_colour_space(tmp_path: Path) -> None:
    """A list coloured in Lab ("/lab cs 50 70 60 scn"): its bullets, drawn earlier by
    drawing.py, take the colour space with the values; with the values alone they were
    read as RGB where they landed, and the first bullet came out white (helper-19)."""
    from weasyprint import HTML

    from dossier.render import tagging

    tagging.install()
    html = (
        '<html lang="en"><head><title>T</title><style>@page { size: A6; margin: 1cm }'
        " body { font-size: 14pt; color: rgb(0 0 200) } ul { color: lab(50% 70 60) }"
        " .k { color: rgb(0 150 0) }</style></head><body><p>Before the list.</p>"
        '<ul><li>Item <span class="k">one</span> tail</li><li>Item two</li></ul></body></html>'
    )
    raw = HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
    mended = mend(raw, {})
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        operators = {str(op.operator) for op in pikepdf.parse_content_stream(pdf.pages[0])}
    assert {"cs", "scn"} <= operators  # the list's colour is in a space of its own
    drawn = []
    for name, data in (("raw", raw), ("mended", mended)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "100", tmp_path / f"{name}.pdf", tmp_path / name], check=True
        )
        drawn.append((tmp_path / f"{name}-1.png").read_bytes())
    assert drawn[0] == drawn[1]
    # And the bullets were moved: each is drawn before its item's text now.
    with pikepdf.open(io.BytesIO(mended)) as pdf:
        owned = tagging.owners(pdf.Root.StructTreeRoot, int(pdf.pages[0].StructParents))
        assert owned is not None
        order = [
            str(owned[int(op.operands[1].MCID)].P.S)
            for op in pikepdf.parse_content_stream(pdf.pages[0])
            if str(op.operator) == "BDC" and "/MCID" in op.operands[1]
        ]
    assert order.index("/Lbl") < order.index("/LBody")


def test_a_word_over_three_lines_is_left_in_its_pieces() -> None:
    """In a narrow column a long word takes three lines or more. Joining two of its pieces
    read a part of it as a word ("counterrevolutionar", then a hyphen, then "ies",
    helper-19): such a word is left in its pieces, and a word over two lines is still
    joined."""
    from weasyprint import HTML

    from dossier.render import tagging

    tagging.install()
    long_words = "Menschenrechtsverletzungsuntersuchungsausschuss counterrevolutionaries"
    words = f"responsibilities <em>characteristically</em> {long_words} extraordinarily "
    html = (
        '<html lang="en"><head><title>T</title><style>@page { size: A7; margin: 1cm }'
        " body { font-size: 10pt; hyphens: auto; width: 3.2cm }</style></head>"
        f"<body><p>{words * 4}</p></body></html>"
    )
    mended = mend(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), {})
    with pikepdf.open(io.BytesIO(mended)) as pdf:
        joined = {str(e.ActualText) for e in elements(pdf, "Span") if "/ActualText" in e and len(e.K) == 2}
    # Which words break where depends on the hyphenation patterns other tests load: what
    # holds is that every word joined is a whole word of the text, and some are.
    whole = {"responsibilities", "characteristically", "extraordinarily", "counterrevolutionaries"}
    assert joined and joined <= whole, joined


def test_mended_tags(sample: Built) -> None:
    with pikepdf.open(sample.pdf) as pdf:
        headers = elements(pdf, "TH")
        scopes = {str(th.A.Scope) for th in headers}
        assert scopes == {"/Row", "/Column"}
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == Name.Link]
        descriptions = {str(a.Contents) for a in links}
        assert {"Summary", "Background", "Sources"} <= descriptions
        (figure,) = elements(pdf, "Figure")
        x1, y1, x2, y2 = (float(v) for v in figure.A.BBox)
        width, height = (float(v) for v in figure.Pg.MediaBox[2:])
        assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height
        # The running heads and footers are pagination artifacts now.
        stream = pdf.pages[2].Contents.read_bytes()
        assert (
            stream.count(b"/Artifact <<\n  /Type /Pagination\n>> BDC")
            + stream.count(b"/Artifact << /Type /Pagination >> BDC")
            == 4
        )


def unlinked(pdf: pikepdf.Pdf) -> None:
    """The first contents link's OBJR taken out of its Link element."""
    annotation = pdf.pages[1].Annots[0]
    owner = linked(pdf.Root.StructTreeRoot)[annotation.objgen]
    kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
    owner.K = pikepdf.Array(
        [k for k in kids if not (isinstance(k, pikepdf.Dictionary) and k.get("/Obj") == annotation)]
    )


@pytest.mark.parametrize(
    ("change", "clause"),
    [
        (lambda pdf: [th.A.__delitem__("/Scope") for th in elements(pdf, "TH")], "7.5-1"),
        (lambda pdf: [f.__delitem__("/Alt") for f in elements(pdf, "Figure")], "7.3-1"),
        (lambda pdf: pdf.Root.__setitem__("/Lang", pikepdf.String("")), "7.2-33"),
        (lambda pdf: pdf.pages[1].Annots[0].__setitem__("/Contents", pikepdf.String("summary")), "7.18.5-2"),
        (lambda pdf: pdf.pages[1].Annots[0].__delitem__("/StructParent"), "7.18.5-1"),
        (unlinked, "7.18.5-1"),  # in the parent tree, but no Link in the tree reaches it
        (lambda pdf: pdf.Root.ViewerPreferences.__setitem__("/DisplayDocTitle", False), "7.1-10"),
        # A data cell retyped as a paragraph: a row holding what it may not.
        (lambda pdf: elements(pdf, "TD")[0].__setitem__("/S", Name.P), "7.2-10"),
        (lambda pdf: elements(pdf, "TH")[0].P.__setitem__("/S", Name.Div), "7.2-8"),
        (lambda pdf: elements(pdf, "LI")[0].__setitem__("/S", Name.Div), "7.2-19"),
        (lambda pdf: elements(pdf, "LBody")[0].__setitem__("/S", Name.P), "7.2-20"),
        (lambda pdf: elements(pdf, "H2")[0].__setitem__("/S", Name.H5), "7.4.2-1"),  # H3 at most before
        (lambda pdf: elements(pdf, "H1")[0].__setitem__("/S", Name.H2), "7.4.2-1"),
        (lambda pdf: elements(pdf, "Note")[0].__delitem__("/ID"), "7.9-1"),
        (lambda pdf: elements(pdf, "Note")[0].__setitem__("/ID", elements(pdf, "Note")[1].ID), "7.9-2"),
        (
            lambda pdf: pdf.pages[0].contents_add(
                pdf.make_stream(b"BT /F1 12 Tf 10 10 Td (x) Tj ET"), prepend=False
            ),
            "7.1-3",
        ),
    ],
)
def test_each_condition_broken_is_named(
    sample: Built, change: Callable[[pikepdf.Pdf], Any], clause: str
) -> None:
    assert clause in clauses(broken(sample.pdf.read_bytes(), change))


def test_a_failing_file_does_not_claim_pdf_ua(sample: Built) -> None:
    data = unclaim(sample.pdf.read_bytes())
    assert not claims_ua(data)
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
        assert str(meta["dc:title"]).startswith("Cambodia")  # the rest of the metadata stays


@pytest.fixture(scope="module")
def archival(tmp_path_factory: pytest.TempPathFactory) -> Built:
    from dossier.build import Settings, build

    return build(SAMPLE, tmp_path_factory.mktemp("archival") / "a.pdf", Settings(variant="pdf/a-3a"))


def identification(data: bytes) -> tuple[str | None, str | None, str | None, list[tuple[str, str]]]:
    """pdfaid:part and :conformance, pdfuaid:part, and the (prefix, namespace) of each schema
    the file's metadata describes for PDF/A."""
    from lxml import etree  # type: ignore[import-untyped]

    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
        found = (meta.get("pdfaid:part"), meta.get("pdfaid:conformance"), meta.get("pdfuaid:part"))
        xmp = etree.fromstring(pdf.Root.Metadata.read_bytes())
    schema = "{http://www.aiim.org/pdfa/ns/schema#}"
    described = [
        (li.findtext(f"{schema}prefix"), li.findtext(f"{schema}namespaceURI"))
        for li in xmp.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}li")
        if li.find(f"{schema}prefix") is not None
    ]
    return (*found, described)


def test_the_archival_variant_is_pdf_a_3a_and_pdf_ua_1(
    archival: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Archival and accessible in one file: the XMP identifies both standards, and describes
    the pdfuaid schema, which PDF/A does not name; both checkers find nothing."""
    data = archival.pdf.read_bytes()
    assert identification(data) == ("3", "A", "1", [("pdfuaid", "http://www.aiim.org/pdfua/ns/id/")])
    assert check(data) == [] and claims_ua(data)
    assert pdfua_findings(archival.pdf, monkeypatch) == []
    assert not archival.warnings


def test_an_archival_file_failing_a_condition_claims_neither(archival: Built) -> None:
    """A file the checks fail is only PDF/A-3u: no tags are asked of that, and PDF/UA-1 is not claimed."""
    from dossier.render.accessibility import identify_archival

    written = unclaim(archival.pdf.read_bytes())  # as WeasyPrint identifies it: PDF/A-3a
    failed = identify_archival(written, accessible=False)
    assert identification(failed)[:3] == ("3", "U", None)
    with pikepdf.open(io.BytesIO(failed)) as pdf, pdf.open_metadata() as meta:
        assert str(meta["dc:title"]).startswith("Cambodia")  # the rest of the metadata stays


def test_pdf_a_lists_each_attachment_once(archival: Built) -> None:
    with pikepdf.open(archival.pdf) as pdf:
        files = list(pdf.Root.AF)
        assert len(files) == len({f.objgen for f in files}) == len(pdf.Root.Names.EmbeddedFiles.Names) // 2


def tree(pdf: pikepdf.Pdf) -> list[tuple[Any, Any]]:
    """Every structure element with its parent, in reading order."""
    found: list[tuple[Any, Any]] = []

    def walk(node: Any) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append((kid, node))
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def test_the_structure_follows_the_document_not_the_pages(sample: Built) -> None:
    with pikepdf.open(sample.pdf) as pdf:
        kinds = [str(e.S) for e, _ in tree(pdf)]
        # The cover's, the key facts', the charges' and the timeline's tables, whole: the
        # timeline spans three pages; its repeated head is an artifact, not a second THead.
        assert kinds.count("/Table") == 4 and kinds.count("/THead") == 1
        # One section element per section, whichever pages it spans.
        assert kinds.count("/H2") == 7 and kinds.count("/Sect") <= 8
        # No link inside a link: a contents entry is one link, its leader an artifact.
        assert not [e for e, parent in tree(pdf) if Name.Link == e.S and parent.get("/S") == Name.Link]


def test_each_note_follows_its_call(sample: Built) -> None:
    with pikepdf.open(sample.pdf) as pdf:
        notes = [(e, parent) for e, parent in tree(pdf) if Name.Note == e.S]
        # Every note the build numbered is in the tree, each once.
        assert sample.rendered is not None and len(notes) == len(sample.rendered.notes) > 100
        ids = {str(note.ID) for note, _ in notes}
        assert len(ids) == len(notes)  # PDF/UA 7.9: every note has its own ID
        for note, parent in notes:
            kids = list(parent.K)
            place = next(
                i for i, k in enumerate(kids) if isinstance(k, pikepdf.Dictionary) and k.objgen == note.objgen
            )
            before = kids[place - 1]
            assert Name.Reference == before.S, str(note.ID)
            assert any(Name.Lbl == k.S for k in note.K if isinstance(k, pikepdf.Dictionary) and "/S" in k)


def test_the_khmer_name_and_the_figure_speak_for_themselves(sample: Built) -> None:
    with pikepdf.open(sample.pdf) as pdf:
        languages = {str(e.Lang) for e, _ in tree(pdf) if "/Lang" in e}
        assert languages == {"km"}
        # Read as written, not in the order its glyphs are drawn ("កម" then "ឹ សុ ខា").
        assert [
            str(e.ActualText)
            for e, _ in tree(pdf)
            if "/ActualText" in e and COMPLEX.search(str(e.ActualText))
        ] == ["កឹម សុខា"]
        (figure,) = [e for e, _ in tree(pdf) if Name.Figure == e.S]
        assert str(figure.Alt).startswith(
            "Timeline of the case, 2013 to 2026. 18 events, drawn at their dates"
        )


def test_a_repeated_authors_dash_is_read_as_the_name(sample: Built) -> None:
    """OSCOLA's "——" for the author above is heard as the author, not as two dashes."""
    from .pdfread import page_texts, read_aloud

    with pikepdf.open(sample.pdf) as pdf:
        said = [
            str(e.ActualText)
            for e, parent in tree(pdf)
            if "/ActualText" in e and Name.LBody in (parent.S, parent.P.S)  # in an entry
        ]
        last = len(pdf.pages)
    # (Words hyphenated at a line's end have theirs too: "sentence".)
    assert [t for t in said if "International" in t] == [
        "Amnesty International",
        "International Commission of Jurists",
    ]
    bibliography = read_aloud(sample.pdf, last)
    assert "——" not in bibliography and "——" in page_texts(sample.pdf)[last - 1]
    assert "\nAmnesty International ‘Cambodia: Authorities Must Overturn" in bibliography
    assert "\nInternational Commission of Jurists ‘" in bibliography


def test_a_source_title_in_another_language_is_read_in_it(content: Path) -> None:
    """A French title in an English briefing: a /Span says /Lang fr wherever the title is
    printed (its notes, its bibliography entry), and so does the web edition's span."""
    from dossier.build import Settings, build

    from .pdfread import read_aloud

    title = "Testland : annulez la condamnation"
    bib = content / "sources.bib"
    bib.write_text(
        bib.read_text().replace(
            "title = {Testland: overturn the conviction},", f"title = {{{title}}},\n  langid = {{french}},"
        )
    )
    built = build(content, content.parent / "out.pdf", Settings(format="both"))
    with pikepdf.open(built.pdf) as pdf:
        marked = [(e, parent) for e, parent in tree(pdf) if str(e.get("/Lang", "")) == "fr"]
        pages = len(pdf.pages)
    printed = sum(read_aloud(built.pdf, n).count(title) for n in range(1, pages + 1))
    assert len(marked) == printed >= 2
    assert all(Name.Span == e.S for e, _ in marked)
    assert {str(parent.S) for _, parent in marked} == {"/Note", "/LBody"}  # notes and bibliography
    web = built.pdf.with_suffix(".html").read_text(encoding="utf-8")
    assert web.count(title) == web.count(f'<span lang="fr">{title}</span>') >= 2


@pytest.mark.parametrize(
    ("name", "lang"),
    [("علاء عبد الفتاح", "ar"), ("नरेन्द्र", "hi"), ("နမူနာ", "my"), ("កឹម សុខា", "km")],
    ids=["arabic", "devanagari", "myanmar", "khmer"],
)
def test_a_name_in_a_complex_script_is_read_in_its_own_order(content: Path, name: str, lang: str) -> None:
    """Its glyphs are drawn in an order that is not the text's (a vowel sign before its
    consonant, Arabic right to left): its /Span says what it reads as (/ActualText), and
    a reader of the tags, ours and PDF.js, gets the name as written."""
    from dossier.build import Settings, build

    from .pdfread import read_aloud
    from .test_pdfjs import pdfjs

    yaml = content / "dossier.yaml"
    yaml.write_text(
        yaml.read_text().replace("  name_khmer: ឧទាហរណ៍\n", f"  native_name: {{text: {name}, lang: {lang}}}\n")
    )
    built = build(content, content.parent / "out.pdf", Settings())
    with pikepdf.open(built.pdf) as pdf:
        (span,) = [e for e, _ in tree(pdf) if "/ActualText" in e and COMPLEX.search(str(e.ActualText))]
        assert (str(span.ActualText), str(span.get("/Lang", span.P.get("/Lang")))) == (name, lang)
    assert f"A. Example {name}" in read_aloud(built.pdf, 1)
    assert f"A. Example {name}" in pdfjs(built.pdf, 1)[1]["read"]


def test_the_draft_mark_is_not_read(tmp_path: Path) -> None:
    from dossier.build import Settings, build

    from .pdfread import read_aloud

    built = build(SAMPLE, tmp_path / "draft.pdf", Settings(draft=True))
    assert check(built.pdf.read_bytes()) == []
    from .pdfread import outline

    read = read_aloud(built.pdf, outline(built.pdf)["Background"])
    assert "DRAFT" not in read and "Background" in read


def test_the_pdfua_checker_finds_nothing(sample: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second checker, written elsewhere: every rule it implements runs, none finds anything."""
    assert pdfua_findings(sample.pdf, monkeypatch) == []


def pdfua_findings(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the `pdfua` checker finds in the file (each of its rules run)."""
    import pdfua
    import pdfua.document
    import pdfua.rules.structure

    original = pdfua.document.as_integer

    def as_integer(value: object) -> int | None:
        # pdfua 0.1.3 asks a pikepdf Array for .is_integer, which raises ValueError: such
        # a value is not an integer, which is what the check wants to know.
        try:
            result: int | None = original(value)
        except ValueError:
            return None
        return result

    monkeypatch.setattr(pdfua.document, "as_integer", as_integer)
    monkeypatch.setattr(pdfua.rules.structure, "as_integer", as_integer)
    report = pdfua.validate(str(path))
    assert report.skipped == ()
    return [(f.rule_id, f.message) for f in report.findings]


def test_letter_spaced_capitals_read_as_words(sample: Built) -> None:
    from .pdfread import read_aloud

    with pikepdf.open(sample.pdf) as pdf:
        spoken = {str(e.ActualText) for e, _ in tree(pdf) if "/ActualText" in e}
    # As the content writes them, not as the capitals print them ("PUBLIC", "HOUSE ARREST"),
    # which some readers spell out; the non-breaking hyphen as a hyphen.
    assert {"Public", "Briefing", "Arrest", "House arrest"} <= spoken
    assert not [s for s in spoken if "\u2011" in s]
    assert read_aloud(sample.pdf, 1).startswith("Public\nDossier sample briefing\nBriefing\n")


def test_a_timeline_taller_than_a_page_stays_on_it(tmp_path: Path) -> None:
    """Hundreds of events make a timeline taller than a page: it is drawn smaller, not cut
    off (the accessibility check found the figure's box leaving its page)."""
    from dossier.build import Settings, build

    from .conftest import MINIMAL

    folder = tmp_path / "many"
    shutil.copytree(MINIMAL, folder)
    events = folder / "events.yaml"
    # Between the fixture's arrest (March 2020) and its judgment (May 2022), in date order.
    start = date(2020, 4, 1)
    # Many on each of a few days: each needs a lane of its own.
    extra = "".join(
        f'- id: hearing-{day}-{n}\n  date: "{start + timedelta(days=90 * day)}"\n  kind: hearing\n'
        "  text: A hearing.\n  sources: [ngo2021]\n"
        for day in range(4)
        for n in range(70)
    )
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    judgment = next(i for i, line in enumerate(lines) if line.startswith("- id: judgment"))
    events.write_text("".join([*lines[:judgment], extra, *lines[judgment:]]), encoding="utf-8")
    built = build(folder, tmp_path / "many.pdf", Settings())
    assert check(built.pdf.read_bytes()) == []
    with pikepdf.open(built.pdf) as pdf:
        (figure,) = elements(pdf, "Figure")
        _, bottom, _, top = (float(v) for v in figure.A.BBox)
        assert top - bottom > 300  # a tall drawing, still within the page
        assert 0 <= bottom < top <= float(figure.Pg.MediaBox[3])


def test_no_cell_says_it_has_no_header(sample: Built) -> None:
    """WeasyPrint wrote an empty /Headers on the cover table's five cells (issue 28)."""
    with pikepdf.open(sample.pdf) as pdf:
        found = tagging_elements(pdf.Root.StructTreeRoot)
        pairs = [
            (e, a) for e in found for a in (e.A if isinstance(e.get("/A"), pikepdf.Array) else [e.get("/A")])
        ]
        empty = [
            element.S
            for element, attribute in pairs
            if isinstance(attribute, pikepdf.Dictionary)
            and isinstance(attribute.get("/Headers"), pikepdf.Array)
            and len(attribute.Headers) == 0
        ]
    assert empty == []
