"""Turn WeasyPrint's tagged PDF into one whose tags serve readers' software better.

WeasyPrint 70 tags what it lays out, page by page. While it tags, a hook (`install`,
written in weasyprint70.py) makes the tree follow the document: one element per HTML
element across pages, each note a /Note right after its call, /Lang where the HTML has
`lang`. What it leaves that a screen reader or a PDF/UA checker stumbles on is then
mended here, on the written file (pikepdf):

- running heads, footers and page numbers (CSS margin boxes) are marked content tied to
  structure elements no path from the structure root reaches: neither content nor
  artifact. They become pagination artifacts, and leave the parent tree;
- table header cells have no /Scope: a header in a table head is a column's, any other
  (the key facts' and the charges' "Offence", "Court", …) its row's;
- a link's alternate description (/Contents) is the anchor it points to ("summary"):
  it becomes the heading it leads to ("Summary");
- a figure's bounding box is in CSS pixels from the page's top, not in PDF points from its
  bottom: it is converted;
- a PDF/A-3 file lists each attachment twice in the catalog's /AF: once is kept;
- the hyphen WeasyPrint draws where it breaks a word (U+2010) reads as U+2010: copy, search
  and a viewer's find bar then get "au‐ thorities". Its glyph is read as a hyphen-minus
  instead, the one hyphen PDF.js's find bar and poppler (pdftotext, Evince) join across a
  line end into the whole word. The non-breaking hyphen typeset.py puts inside compound
  words (U+2011) is read as a hyphen-minus too: "fact-finding" is searched for with one.
  This file is also mended when untagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from . import drawing, weasyprint70, words
from .contents import Contents, edited
from .fonts import SINGLES


def install() -> None:
    """Hook the structure rules into WeasyPrint's tagging (idempotent; lasts for the process)."""
    weasyprint70.install_tags(is_note=is_note)


def is_note(element: Any) -> bool:
    """A footnote's element (markdown.py writes each as <span class="footnote">)."""
    return "footnote" in str(element.get("class") or "").split()


def mend(data: bytes, headings: Mapping[str, str]) -> bytes:
    """The PDF with the tags above mended; `headings` maps anchors to the headings' text."""
    return edited(data, lambda pdf: mend_open(pdf, headings))[0]


def mend_open(pdf: Pdf, headings: Mapping[str, str]) -> None:
    """`mend`, on a file already open (the build then checks it before saving it once)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:  # a plain PDF has no tags to mend
        # The tree as WeasyPrint wrote it, walked once (a walk through pikepdf costs):
        # the passes below add words' spans and links' references, which the others
        # do not look at.
        tree = list(elements(root))
        reachable = {element.objgen for element in tree}
        _orphan_links(pdf, root, tree)
        # Page by page, each page's content parsed once and let go when done with: a
        # long briefing's parsed pages do not all stay in memory. A page ending a word
        # hyphenated at a line end is kept, with the next, until the word is joined.
        contents = Contents(pdf)
        scan = words.Scan()
        for number in range(len(contents)):
            _artifacts(number, root, reachable, contents)
            drawing.reorder(number, root, owners, contents)  # labels before items, heads first
            if not scan.page(number, contents):
                contents.release(number)
        scan.join(root, owners, contents)  # before the layout's hyphen reads as U+002D
        contents.write()
        _scopes(tree)
        _link_descriptions(pdf, headings)
        _figure_boxes(tree)
        _attachments_once(pdf)
    _joinable_hyphens(pdf)


def elements(node: Any) -> Iterator[Dictionary]:
    """Every structure element below `node`, depth first, in reading order."""
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary) and kid.get("/Type") not in (Name.MCR, Name.OBJR) and "/S" in kid:
            yield kid
            yield from elements(kid)


def _artifacts(number: int, root: Any, reachable: set[tuple[int, int]], contents: Contents) -> None:
    """Marked content no structure reaches becomes /Artifact (pagination), out of the parent tree."""
    key = contents.pages[number].obj.get("/StructParents")
    owned = owners(root, int(key)) if key is not None else None
    if owned is None:
        return
    loose = {
        mcid
        for mcid, owner in enumerate(owned)
        if isinstance(owner, Dictionary) and owner.objgen not in reachable
    }
    if not loose:
        return
    listed = contents[number]
    for index, instruction in enumerate(listed):
        operator = instruction.operator
        if str(operator) != "BDC":
            continue
        operands = instruction.operands
        if len(operands) == 2 and isinstance(operands[1], Dictionary):
            found = operands[1].get("/MCID")
            if found is not None and int(found) in loose:
                artifact = [Name.Artifact, Dictionary(Type=Name.Pagination)]
                listed[index] = pikepdf.ContentStreamInstruction(artifact, operator)
    contents.changed(number)
    for mcid in sorted(loose):
        owned[mcid] = None


def linked(root: Any, tree: list[Dictionary] | None = None) -> dict[tuple[int, int], Dictionary]:
    """Each link annotation the structure tree reaches (through an OBJR), with its Link
    (`tree`: the tree's elements, if already listed)."""
    found: dict[tuple[int, int], Dictionary] = {}
    for element in elements(root) if tree is None else tree:
        kids = element.get("/K")
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and "/Obj" in kid:
                found[kid.Obj.objgen] = element
    return found


def _orphan_links(pdf: Pdf, root: Any, tree: list[Dictionary]) -> None:
    """A link annotation no structure reaches joins the Link that leads to the same place on
    its page: WeasyPrint gives a contents entry's leader dots an annotation of their own,
    whose Link hangs in no tree, so a screen reader's list of links held six that the
    document never reads out. One leading nowhere else is removed."""
    reached = linked(root, tree)
    numbers = root.ParentTree.get("/Nums", Array())
    for page in pdf.pages:
        annotations = page.obj.get("/Annots", Array())
        on_page = {
            _target(a): reached[a.objgen]
            for a in annotations
            if a.get("/Subtype") == Name.Link and a.objgen in reached
        }
        kept = Array()
        for annotation in annotations:
            if annotation.get("/Subtype") != Name.Link or annotation.objgen in reached:
                kept.append(annotation)
                continue
            owner = on_page.get(_target(annotation))
            if owner is None:
                continue  # removed: it has no place in the tree to be read from
            kids = owner.get("/K")
            owner.K = Array(
                [
                    *(kids if isinstance(kids, Array) else [kids] if kids is not None else []),
                    Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page.obj),
                ]
            )
            key = annotation.get("/StructParent")
            for position in range(0, len(numbers) - 1, 2):
                if key is not None and int(numbers[position]) == int(key):
                    numbers[position + 1] = owner
            kept.append(annotation)
        if "/Annots" in page.obj:
            page.obj.Annots = kept


def owners(root: Any, key: int) -> Array | None:
    """A page's entry in the parent tree: the element owning each marked content, by MCID."""
    numbers = root.ParentTree.get("/Nums", Array())
    for position in range(0, len(numbers) - 1, 2):
        if int(numbers[position]) == key and isinstance(numbers[position + 1], Array):
            found: Array = numbers[position + 1]
            return found
    return None


def _scopes(tree: list[Dictionary]) -> None:
    """A column's header in a table head, a row's anywhere else (PDF/UA 7.5, Matterhorn 15-003).
    An empty /Headers (WeasyPrint writes one on the cover table's cells) is dropped: it says
    the cell has no header, which a screen reader then announces as such."""
    for element in tree:
        attributes = element.get("/A")
        for attribute in attributes if isinstance(attributes, Array) else [attributes]:
            if not isinstance(attribute, Dictionary):
                continue
            headers = attribute.get("/Headers")
            if isinstance(headers, Array) and len(headers) == 0:
                del attribute["/Headers"]
        if element.S != Name.TH:
            continue
        row = element.get("/P")
        group = row.get("/P") if isinstance(row, Dictionary) else None
        scope = Name.Column if isinstance(group, Dictionary) and group.get("/S") == Name.THead else Name.Row
        attributes = element.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary(O=Name.Table)
            element.A = attributes
        attributes.Scope = scope


# CSS pixels per PDF point: WeasyPrint lays out in CSS pixels (1/96 in), PDF counts points.
PIXEL = 0.75


def _figure_boxes(tree: list[Dictionary]) -> None:
    """A /Figure's /BBox in the page's own coordinates (PDF/UA 7.3, for reflow and magnifiers)."""
    for element in tree:
        if Name.Figure != element.S or "/A" not in element or "/BBox" not in element.A:
            continue
        page = element.get("/Pg")
        if not isinstance(page, Dictionary):
            continue
        height = float(page.MediaBox[3]) - float(page.MediaBox[1])
        x1, y1, x2, y2 = (float(v) for v in element.A.BBox)
        element.A.BBox = Array([x1 * PIXEL, height - y2 * PIXEL, x2 * PIXEL, height - y1 * PIXEL])


# In a ToUnicode CMap's single mappings, a glyph mapped to U+2010 HYPHEN or U+2011
# NON-BREAKING HYPHEN.
_TO_HYPHEN = re.compile(rb"(<[0-9A-Fa-f]+>\s*)<201[01]>")


def _joinable_hyphens(pdf: Pdf) -> None:
    """The glyphs of U+2010 and U+2011 read as U+002D: see the module's docstring.

    ISO 32000-1 14.8.2.2.3 asks for U+00AD (soft hyphen) instead; measured on a sample,
    PDF.js drops U+00AD and its find bar then misses the word, and pdftotext keeps it and
    joins nothing. U+2010 is WeasyPrint's default hyphenate-character; the content's own
    U+2010, if any, is read as a hyphen-minus too, which a search for it also matches.
    (The fonts draw all three alike: one shape, one width.)
    """
    for font in pdf.objects:
        if not isinstance(font, Dictionary) or font.get("/Type") != Name.Font:
            continue
        cmap = font.get("/ToUnicode")
        if not isinstance(cmap, pikepdf.Stream):
            continue
        text = cmap.read_bytes()
        mended = SINGLES.sub(lambda block: _TO_HYPHEN.sub(rb"\1<002D>", block[0]), text)
        if mended != text:
            cmap.write(mended)


def _attachments_once(pdf: Pdf) -> None:
    files = pdf.Root.get("/AF")
    if not isinstance(files, Array):
        return
    seen: set[tuple[int, int]] = set()
    kept = []
    for spec in files:
        if spec.objgen not in seen:
            seen.add(spec.objgen)
            kept.append(spec)
    pdf.Root.AF = Array(kept)


def _link_descriptions(pdf: Pdf, headings: Mapping[str, str]) -> None:
    """A link's /Contents names where it leads, in words: the heading, or the address."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            target = _target(annotation)
            if target in headings:
                annotation.Contents = pikepdf.String(headings[target])
            elif target.startswith(("http://", "https://", "mailto:")):
                annotation.Contents = pikepdf.String(target)


def _target(annotation: Any) -> str:
    action = annotation.get("/A")
    if isinstance(action, Dictionary):
        if action.get("/S") == Name.URI:
            return str(action.get("/URI", ""))
        destination = action.get("/D")
        if destination is not None:
            return str(destination)
    destination = annotation.get("/Dest")
    return str(destination) if destination is not None else ""
