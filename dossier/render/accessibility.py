"""Turn a written PDF into the PDF/UA-1 conditions it fails, named by their ISO 14289-1 clauses.

The machine-checkable conditions a screen reader, a magnifier and a search depend on, read
back from the file itself (pikepdf), as the footnote audit reads back the layout. The
clause numbers are those the `pdfua` checker and the Matterhorn protocol cite. Checked:

- 6.2-1, 7.1-11 the document is tagged (MarkInfo /Marked, a structure tree);
- 7.1-3 no text is drawn outside marked content, and every marked content sequence
  belongs to an element the structure root reaches (neither content nor artifact else);
- 7.1-9, 7.1-10 a title in the metadata, shown by the viewer;
- 7.2-33 a natural language for the document;
- 7.3-1 every figure has an alternative text, and its /BBox lies on its page;
- 7.5-1 every table header cell has a /Scope;
- 7.18.5-1, 7.18.5-2 every link annotation is in the structure and says where it leads;
- 7.2-3 to 7.2-10, 7.2-17 to 7.2-20 tables and lists are built as ISO 32000-1 says (a TR
  in a table, holding only TH and TD; an LI in an L, holding only Lbl and LBody; …);
- 7.4.2-1 headings start at H1 and skip no level on the way down;
- 7.9-1, 7.9-2 every note has an /ID, and no two the same;
- 7.2 (Matterhorn 09-001) content is read in the order it is printed: within a page, the
  next piece read is never printed higher up in the same column (order.py);
- 7.21.7-1 every font maps its glyphs to Unicode (copy, search, read aloud).

Not checked, and said so in the README: notes tied to their calls, elements that continue
across pages, the language of spans; reading order beyond order.py's plain case.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from pikepdf import Array, Dictionary, Name, Pdf

from ..words import counted
from . import order, tagging
from .contents import Contents, edited

TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
# The XMP namespace of the PDF/UA identification (pdfuaid:part), as pikepdf names its keys.
PDFUA_ID = "{http://www.aiim.org/pdfua/ns/id/}"


@dataclass(frozen=True)
class Failure:
    """One PDF/UA-1 condition the file fails, how often, and an example of where."""

    clause: str
    condition: str
    count: int
    example: str

    def __str__(self) -> str:
        return f"PDF/UA-1 {self.clause}: {self.condition} ({counted(self.count, 'time')}; {self.example})"


def check(data: bytes) -> list[Failure]:
    """Every condition above that the PDF fails (empty: it meets them all)."""
    with Pdf.open(io.BytesIO(data)) as pdf:
        return check_open(pdf)


def check_open(pdf: Pdf) -> list[Failure]:
    """`check`, on a file already open (the build's, mended and not yet saved)."""
    root = pdf.Root.get("/StructTreeRoot")
    marked = pdf.Root.get("/MarkInfo", Dictionary()).get("/Marked", False)
    if root is None or not bool(marked):
        return [Failure("7.1-11", "the document is not tagged", 1, "no structure tree or MarkInfo")]
    elements = list(tagging.elements(root))
    # Page by page, each page's content parsed once for the marked content and the order,
    # and let go when both are done with it.
    content = _MarkedContent(root, {e.objgen for e in elements})
    reading = order.Reading(root)
    contents = Contents(pdf)
    for number, page in enumerate(contents.pages):
        content.page(number + 1, page, contents[number])
        reading.page(number + 1, page, contents[number])
        contents.release(number)
    return [
        *content.failures(),
        *_title(pdf),
        *_language(pdf),
        *_figures(elements),
        *_headers(elements),
        *_syntax(elements),
        *_headings(elements),
        *_notes(elements),
        *_links(pdf, elements),
        *_order(reading.found),
        *_fonts(pdf),
    ]


class _MarkedContent:
    """Text outside marked content, and marked content no element the root reaches owns."""

    def __init__(self, root: Any, reachable: set[tuple[int, int]]) -> None:
        self.root, self.reachable = root, reachable
        self.untagged: list[int] = []
        self.loose: list[str] = []

    def page(self, number: int, page: Any, listed: list[Any]) -> None:
        key = page.obj.get("/StructParents")
        owners = tagging.owners(self.root, int(key)) if key is not None else None
        depth = 0
        for instruction in listed:
            name = str(instruction.operator)
            if name in ("BDC", "BMC"):
                depth += 1
                operands = instruction.operands
                if name == "BDC" and len(operands) == 2 and isinstance(operands[1], Dictionary):
                    mcid = operands[1].get("/MCID")
                    if mcid is not None:
                        owner = owners[int(mcid)] if owners is not None and int(mcid) < len(owners) else None
                        if not isinstance(owner, Dictionary) or owner.objgen not in self.reachable:
                            self.loose.append(f"page {number}, MCID {int(mcid)}")
            elif name == "EMC":
                depth = max(0, depth - 1)
            elif name in TEXT_OPERATORS and depth == 0:
                self.untagged.append(number)

    def failures(self) -> list[Failure]:
        failures = []
        if self.untagged:
            where = f"page {self.untagged[0]}"
            failures.append(
                Failure("7.1-3", "text is neither tagged content nor an artifact", len(self.untagged), where)
            )
        if self.loose:
            failures.append(
                Failure(
                    "7.1-3",
                    "marked content no structure element reachable from the root owns",
                    len(self.loose),
                    self.loose[0],
                )
            )
        return failures


def _title(pdf: Pdf) -> list[Failure]:
    failures = []
    # Read, not entered: leaving `with pdf.open_metadata()` writes it back, stamped with
    # pikepdf as its producer and the time (the build's file is checked before it is saved).
    meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
    title = str(meta.get("dc:title", "")).strip()
    if not title:
        failures.append(Failure("7.1-9", "the metadata has no dc:title", 1, "XMP"))
    shows = pdf.Root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle", False)
    if not bool(shows):
        failures.append(
            Failure("7.1-10", "the viewer is not asked to show the title", 1, "ViewerPreferences")
        )
    return failures


def _language(pdf: Pdf) -> list[Failure]:
    language = str(pdf.Root.get("/Lang", "")).strip()
    if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", language):
        return []
    return [Failure("7.2-33", "the document's natural language is not declared", 1, f"/Lang {language!r}")]


def _figures(elements: list[Dictionary]) -> list[Failure]:
    figures = [e for e in elements if Name.Figure == e.S]
    mute = [e for e in figures if not str(e.get("/Alt", "")).strip() and "/ActualText" not in e]
    outside = [e for e in figures if not _inside_page(e)]
    failures = []
    if mute:
        failures.append(Failure("7.3-1", "a figure has no alternative text", len(mute), _where(mute[0])))
    if outside:
        failures.append(
            Failure("7.3-1", "a figure's bounding box is not on its page", len(outside), _where(outside[0]))
        )
    return failures


def _inside_page(figure: Any) -> bool:
    attributes = figure.get("/A")
    page = figure.get("/Pg")
    if (
        not isinstance(attributes, Dictionary)
        or "/BBox" not in attributes
        or not isinstance(page, Dictionary)
    ):
        return True  # nothing claimed, nothing wrong
    x1, y1, x2, y2 = (float(v) for v in attributes.BBox)
    left, bottom, right, top = (float(v) for v in page.MediaBox)
    return left <= x1 < x2 <= right and bottom <= y1 < y2 <= top


def _headers(elements: list[Dictionary]) -> list[Failure]:
    bare = [e for e in elements if e.S == Name.TH and "/Scope" not in e.get("/A", Dictionary())]
    if not bare:
        return []
    return [Failure("7.5-1", "a table header cell has no /Scope", len(bare), _where(bare[0]))]


# What may hold what (ISO 32000-1 14.8.4.3.3, 14.8.4.3.4), as veraPDF's tests number it:
# (test, the element, the parents it needs or None, the kids it may hold or None).
SYNTAX = [
    ("7.2-3", "Table", None, {"TR", "THead", "TBody", "TFoot", "Caption"}),
    ("7.2-4", "TR", {"Table", "THead", "TBody", "TFoot"}, None),
    ("7.2-5", "THead", {"Table"}, None),
    ("7.2-6", "TBody", {"Table"}, None),
    ("7.2-7", "TFoot", {"Table"}, None),
    ("7.2-8", "TH", {"TR"}, None),
    ("7.2-9", "TD", {"TR"}, None),
    ("7.2-10", "TR", None, {"TH", "TD"}),
    ("7.2-17", "LI", {"L"}, None),
    ("7.2-18", "LBody", {"LI"}, None),
    ("7.2-19", "L", None, {"L", "LI", "Caption"}),
    ("7.2-20", "LI", None, {"Lbl", "LBody"}),
]


def _kind(element: Any) -> str:
    """A structure element's type ("TR"); "" for anything else (marked content, an MCR)."""
    if not isinstance(element, Dictionary) or "/S" not in element:
        return ""
    return str(element.S)[1:]


def _syntax(elements: list[Dictionary]) -> list[Failure]:
    failures = []
    by_kind: dict[str, list[Dictionary]] = {}
    for element in elements:  # each element's type read once: 12 tests, thousands of elements
        by_kind.setdefault(_kind(element), []).append(element)
    for test, kind, parents, kids in SYNTAX:
        wrong = []
        for element in by_kind.get(kind, []):
            if parents is not None and _kind(element.get("/P")) not in parents:
                wrong.append(f"a {kind} in a {_kind(element.get('/P')) or 'structure root'}")
            found = element.get("/K")
            held = [_kind(k) for k in (found if isinstance(found, Array) else [found])]
            strays = [k for k in held if k and k not in (kids or held)]  # content items: ""
            if strays:
                wrong.append(f"a {strays[0]} in a {kind}")
        if wrong:
            failures.append(
                Failure(test, f"a {kind} is misplaced or holds what it may not", len(wrong), wrong[0])
            )
    return failures


def _headings(elements: list[Dictionary]) -> list[Failure]:
    levels = [int(k[1]) for k in map(_kind, elements) if re.fullmatch(r"H[1-6]", k)]
    skips = [
        f"H{a} then H{b}" if a else f"the first heading is H{b}"
        for a, b in pairwise([0, *levels])
        if b > a + 1
    ]
    if not skips:
        return []
    return [Failure("7.4.2-1", "a heading level is skipped", len(skips), skips[0])]


def _notes(elements: list[Dictionary]) -> list[Failure]:
    notes = [e for e in elements if Name.Note == e.get("/S")]
    ids = [bytes(e.ID) for e in notes if "/ID" in e]
    failures = []
    if len(ids) < len(notes):
        failures.append(Failure("7.9-1", "a note has no /ID", len(notes) - len(ids), "a Note element"))
    if len(set(ids)) < len(ids):
        twice = next(i for i in ids if ids.count(i) > 1)
        failures.append(
            Failure("7.9-2", "two notes have the same /ID", len(ids) - len(set(ids)), twice.decode("latin-1"))
        )
    return failures


def _links(pdf: Pdf, elements: list[Dictionary]) -> list[Failure]:
    unowned: list[int] = []
    mute: list[int] = []
    # Walked from the annotations as well as from the tree: a Link the parent tree names may
    # hang in no tree a reader walks (WeasyPrint's contents leaders did).
    root = pdf.Root.get("/StructTreeRoot")
    reached = tagging.linked(root, elements) if root is not None else {}
    for number, page in enumerate(pdf.pages, 1):
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            if "/StructParent" not in annotation or annotation.objgen not in reached:
                unowned.append(number)
            contents = str(annotation.get("/Contents", "")).strip()
            if not contents or re.fullmatch(r"[a-z0-9-]+", contents):
                mute.append(number)  # nothing, or an anchor's id ("summary"), is not a description
    failures = []
    if unowned:
        failures.append(
            Failure("7.18.5-1", "a link is not in the structure tree", len(unowned), f"page {unowned[0]}")
        )
    if mute:
        failures.append(
            Failure("7.18.5-2", "a link does not say in words where it leads", len(mute), f"page {mute[0]}")
        )
    return failures


def _order(found: list[order.Inversion]) -> list[Failure]:
    if not found:
        return []
    return [Failure("7.2", "content is read in another order than it is printed", len(found), str(found[0]))]


def _fonts(pdf: Pdf) -> list[Failure]:
    unmapped: dict[str, int] = {}
    for number, page in enumerate(pdf.pages, 1):
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        for font in fonts.values():
            simple_standard = font.get("/Subtype") == Name.Type1 and "/FontFile" not in font.get(
                "/FontDescriptor", {}
            )
            if "/ToUnicode" not in font and not simple_standard:
                unmapped.setdefault(str(font.get("/BaseFont", "?")), number)
    if not unmapped:
        return []
    name, first = next(iter(unmapped.items()))
    return [
        Failure(
            "7.21.7-1", "a font does not map its glyphs to Unicode", len(unmapped), f"{name} on page {first}"
        )
    ]


def _where(element: Any) -> str:
    return f"a {str(element.S)[1:]} element"


def unclaim(data: bytes) -> bytes:
    """The PDF without its PDF/UA identification: a file that fails a condition does not claim it."""
    return edited(data, unclaim_open)[0]


def unclaim_open(pdf: Pdf) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key in [k for k in meta if k.startswith(PDFUA_ID)]:
            del meta[key]


RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"
_EXTENSION = "http://www.aiim.org/pdfa/ns/extension/"
_SCHEMA = "http://www.aiim.org/pdfa/ns/schema#"
_PROPERTY = "http://www.aiim.org/pdfa/ns/property#"


def identify_archival(data: bytes, accessible: bool) -> bytes:
    """A PDF/A-3a file (WeasyPrint identifies it so) that also claims PDF/UA-1 when it is
    `accessible` (the conditions above all met), or, when it is not, neither: PDF/A-3u,
    which asks no tags. PDF/A allows in the metadata only the schemas it names and those
    the file describes, so the pdfuaid schema is described in the file (ISO 19005-3 6.6.2.3)."""
    return edited(data, lambda pdf: identify_archival_open(pdf, accessible))[0]


def identify_archival_open(pdf: Pdf, accessible: bool) -> None:
    from lxml import etree  # type: ignore[import-untyped]

    stream = pdf.Root.Metadata
    tree = etree.ElementTree(etree.fromstring(stream.read_bytes()))
    rdf = tree.find(f".//{{{RDF}}}RDF")
    for description in rdf.iter(f"{{{RDF}}}Description"):
        if f"{{{PDFAID}}}conformance" in description.attrib:
            description.set(f"{{{PDFAID}}}conformance", "A" if accessible else "U")
    if accessible:
        claim = etree.SubElement(rdf, f"{{{RDF}}}Description", nsmap={"pdfuaid": PDFUAID})
        claim.set(f"{{{RDF}}}about", "")
        claim.set(f"{{{PDFUAID}}}part", "1")
        rdf.append(_pdfuaid_schema(etree))
    stream.write(etree.tostring(tree, encoding="utf-8"))


def _pdfuaid_schema(etree: Any) -> Any:
    """The description of the pdfuaid schema and its one property, `part`, as PDF/A asks."""
    names = {"pdfaExtension": _EXTENSION, "pdfaSchema": _SCHEMA, "pdfaProperty": _PROPERTY, "rdf": RDF}
    description = etree.Element(f"{{{RDF}}}Description", nsmap=names)
    description.set(f"{{{RDF}}}about", "")
    bag = etree.SubElement(etree.SubElement(description, f"{{{_EXTENSION}}}schemas"), f"{{{RDF}}}Bag")
    schema = etree.SubElement(bag, f"{{{RDF}}}li")
    schema.set(f"{{{RDF}}}parseType", "Resource")
    for name, value in (
        ("schema", "PDF/UA Universal Accessibility Schema"),
        ("namespaceURI", PDFUAID),
        ("prefix", "pdfuaid"),
    ):
        etree.SubElement(schema, f"{{{_SCHEMA}}}{name}").text = value
    properties = etree.SubElement(etree.SubElement(schema, f"{{{_SCHEMA}}}property"), f"{{{RDF}}}Seq")
    part = etree.SubElement(properties, f"{{{RDF}}}li")
    part.set(f"{{{RDF}}}parseType", "Resource")
    for name, value in (
        ("name", "part"),
        ("valueType", "Integer"),
        ("category", "internal"),
        ("description", "The part of ISO 14289 (PDF/UA) the file conforms to"),
    ):
        etree.SubElement(part, f"{{{_PROPERTY}}}{name}").text = value
    return description


def claims_ua(data: bytes) -> bool:
    with Pdf.open(io.BytesIO(data)) as pdf, pdf.open_metadata() as meta:
        return any(k.startswith(PDFUA_ID) for k in meta)
