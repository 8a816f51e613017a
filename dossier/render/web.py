"""Turn the briefing's HTML into its web edition: one self-contained, responsive HTML file.

The same HTML the PDF is laid out from (the same view model, templates and escaping) is
reshaped for a screen: the cover becomes the page's header and the sections its main
landmark; each note leaves its sentence for a numbered list at the end of its section,
its call a link there and the note a link back; a cross-reference that printed a page
number says "details"; images become data: URLs, read by the one rule for files. The
screen stylesheet (styles/web.css) and the bundled fonts, cut down to the characters the
briefing uses (HarfBuzz's subsetter), go inside the file: it asks for nothing else.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import Refused, read_file
from ..paths import CONTENT_URL, STYLES, STYLES_URL
from .anchors import anchors_in

WEB_CSS = STYLES / "web.css"
FONTS = STYLES / "fonts"


@dataclass(frozen=True)
class Face:
    family: str
    file: str
    weight: str = "normal"
    style: str = "normal"
    script: bool = False  # embedded only where the text uses characters only it has


FACES = (
    Face("Dossier Serif", "NotoSerif-Regular.ttf"),
    Face("Dossier Serif", "NotoSerif-Italic.ttf", style="italic"),
    Face("Dossier Serif", "NotoSerif-Bold.ttf", weight="bold"),
    Face("Dossier Serif", "NotoSerif-BoldItalic.ttf", weight="bold", style="italic"),
    Face("Dossier Sans", "NotoSans-Regular.ttf"),
    Face("Dossier Sans", "NotoSans-Bold.ttf", weight="bold"),
    Face("Dossier Khmer", "NotoSerifKhmer-Regular.ttf", script=True),
    Face("Dossier Khmer", "NotoSerifKhmer-Bold.ttf", weight="bold", script=True),
    Face("Dossier Myanmar", "NotoSerifMyanmar-Regular.ttf", script=True),
    Face("Dossier Myanmar", "NotoSerifMyanmar-Bold.ttf", weight="bold", script=True),
    Face("Dossier Arabic", "NotoNaskhArabic-Regular.ttf", script=True),
    Face("Dossier Arabic", "NotoNaskhArabic-Bold.ttf", weight="bold", script=True),
    Face("Dossier Devanagari", "NotoSerifDevanagari-Regular.ttf", script=True),
    Face("Dossier Devanagari", "NotoSerifDevanagari-Bold.ttf", weight="bold", script=True),
)


def web_edition(html: str, folder: Path) -> str:
    """The web edition of the briefing whose HTML is `html`, its images from `folder`."""
    from lxml import etree  # type: ignore[import-untyped]
    from lxml import html as lxml_html

    document = lxml_html.document_fromstring(html)
    head, body = document.head, document.body
    for link in head.findall("link"):
        head.remove(link)
    _landmarks(body, lxml_html)
    _notes(body, lxml_html, etree)
    _for_screens(body, etree)  # before the words of a cross-reference's name are taken
    _cross_references(body)
    _changes(body, lxml_html)
    _timeline(body, lxml_html)
    _images(body, folder)
    css = WEB_CSS.read_text(encoding="utf-8")
    text = document.text_content() + "".join(re.findall(r'content: *"([^"]*)"', css))
    viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    head.insert(1, lxml_html.fragment_fromstring(viewport))
    style = lxml_html.Element("style")
    style.text = _font_faces(text, _styles_used(body)) + css
    head.append(style)
    out: str = lxml_html.tostring(document, doctype="<!DOCTYPE html>", encoding="unicode", method="html")
    # libxml2 knows HTML 4's empty elements, not <wbr>: it writes an end tag HTML has none of.
    out = out.replace("</wbr>", "")
    return out + ("" if out.endswith("\n") else "\n")


def _landmarks(body: Any, lxml_html: Any) -> None:
    """The cover as the page's header, the contents as its navigation, the sections its main."""
    cover = body.find("section[@class='cover']")
    main = lxml_html.Element("main", id="main")
    sections = [child for child in body if child.tag == "section" and child is not cover]
    if sections:
        sections[0].addprevious(main)
        for section in sections:
            main.append(section)  # moves it
    if cover is not None:
        header = lxml_html.Element("header", {"class": "cover"})
        cover.addprevious(header)
        header.append(cover)
        cover.tag = "div"


def _notes(body: Any, lxml_html: Any, etree: Any) -> None:
    """Each note out of its sentence into its section's list of notes, numbered through the
    briefing as in the PDF; its call a link to it, and it a link back."""
    number = 0
    for section in body.iter("section"):
        if section.get("class") == "cover":
            continue
        items = []
        for note in list(section.find_class("footnote")):
            number += 1
            call_id = note.get("id") or f"fn{number}"
            item = lxml_html.Element("li", id=f"note-{number}", tabindex="-1")
            # The way back first: Tab from the note reaches it before any address the note gives.
            back = etree.SubElement(item, "a", {"class": "note-back", "href": f"#{call_id}"})
            back.set("aria-label", f"Back to the text of note {number}")
            back.text = "\u21a9"
            back.tail = " " + (note.text or "")
            for child in list(note):
                item.append(child)
            _link_earlier_notes(item, etree)
            items.append(item)
            call = lxml_html.Element("sup", {"class": "note-call"})
            link = etree.SubElement(call, "a", id=call_id, href=f"#note-{number}")
            link.set("aria-label", f"Note {number}")
            link.text = str(number)
            call.tail = note.tail
            note.getparent().replace(note, call)
        if not items:
            continue
        # Each section's notes a landmark of their own, named after the section.
        heading = section.find("h2")
        named = " ".join(heading.text_content().split()) if heading is not None else ""
        aside = lxml_html.Element("aside", {"class": "notes"})
        aside.set("aria-label", f"Notes to {named}" if named else "Notes")
        title = etree.SubElement(aside, "h3", {"class": "notes-heading"})
        title.text = f"Notes to {named}" if named else "Notes"
        listed = etree.SubElement(aside, "ol", start=str(number - len(items) + 1))
        for item in items:
            listed.append(item)
        section.append(aside)


# A short form's reference to the note that gave the source in full: "(n 5)".
_EARLIER = re.compile(r"\(n[ \u00a0](\d+)\)")


def _link_earlier_notes(item: Any, etree: Any) -> None:
    """Each "(n 5)" of a note a link to note 5, which may be in another section."""

    def link(match: re.Match[str]) -> Any:
        made = etree.Element("a", href=f"#note-{match[1]}")
        made.text = match[0]
        return made

    _splice(item, _EARLIER, link)


def _splice(root: Any, pattern: re.Pattern[str], make: Any, *, in_links: bool = False) -> None:
    """Each match of `pattern` in the text under `root` replaced by the element `make(match)`
    returns; inside links too where `in_links`."""
    for node in list(root.iter()):
        if not isinstance(node.tag, str):
            continue
        for attribute in ("text", "tail"):
            if node is root and attribute == "tail":
                continue
            text = getattr(node, attribute)
            holder = node if attribute == "text" else node.getparent()
            if not text or holder is None or not pattern.search(text):
                continue
            if not in_links and (holder.tag == "a" or any(a.tag == "a" for a in holder.iterancestors())):
                continue
            matches = list(pattern.finditer(text))
            setattr(node, attribute, text[: matches[0].start()])
            position = 0 if attribute == "text" else holder.index(node) + 1
            for number, match in enumerate(matches):
                made = make(match)
                following = matches[number + 1].start() if number + 1 < len(matches) else len(text)
                made.tail = text[match.end() : following]
                holder.insert(position, made)
                position += 1


def _cross_references(body: Any) -> None:
    """A cross-reference printed a page number: here it says "details", named for what it leads to."""
    words = anchors_in(body)
    for xref in body.find_class("xref"):
        xref.text = "(details)"
        target = words.get(xref.get("href", "").removeprefix("#"))
        if target:
            xref.set("aria-label", "Details: " + target.replace("\u00ad", ""))


def _changes(body: Any, lxml_html: Any) -> None:
    """A block changed since the last edition says so to a screen reader, as its bar does to the eye."""
    for block in body.find_class("changed"):
        place = block[0] if block.tag == "tr" and len(block) else block
        said = lxml_html.Element("span", {"class": "visually-hidden"})
        said.text = "Changed since the last edition: "
        said.tail = place.text
        place.text = None
        place.insert(0, said)


def _timeline(body: Any, lxml_html: Any) -> None:
    """The timeline's drawing scrolls sideways on a narrow screen, in a region the keyboard reaches."""
    for figure in body.find_class("timeline-figure"):
        svg = figure.find("{http://www.w3.org/2000/svg}svg")
        svg = svg if svg is not None else figure.find("svg")
        if svg is None:
            continue
        scroll = lxml_html.Element("div", {"class": "timeline-scroll", "tabindex": "0", "role": "group"})
        scroll.set("aria-label", "The timeline's drawing (scrolls sideways on a narrow screen)")
        svg.addprevious(scroll)
        scroll.append(svg)


def _for_screens(body: Any, etree: Any) -> None:
    """The characters laid out for paper, as a screen wants them: a zero-width space (a place a
    long address may break) becomes a <wbr>, which copying and searching do not see; a
    non-breaking hyphen a hyphen, so that "anti-torture" is found and pasted as typed; a
    repeated author's dash is hidden from a screen reader, which reads the name instead."""
    for node in body.iter():
        if isinstance(node.tag, str):
            node.text = node.text.replace("\u2011", "-") if node.text else node.text
            node.tail = node.tail.replace("\u2011", "-") if node.tail else node.tail
    _splice(body, re.compile("\u200b"), lambda match: etree.Element("wbr"), in_links=True)
    # The dash standing for the author above (cite/reading.py): seen as the dash, heard as the name.
    for dash in body.xpath("//span[@data-reads]"):
        name = etree.SubElement(dash, "span", {"class": "visually-hidden"})
        name.text = dash.attrib.pop("data-reads")
        shown = etree.Element("span", {"aria-hidden": "true"})
        shown.text, dash.text = dash.text, None
        dash.insert(0, shown)


def _styles_used(body: Any) -> set[tuple[str, str]]:
    """The (weight, style) pairs of the serif face the text asks for besides the regular."""
    sans = ("h1", "h2", "h3", "h4", "th", "caption", "figcaption", "nav", "header")
    used: set[tuple[str, str]] = set()
    for element in body.iter("b", "strong", "em", "i", "cite", "blockquote"):
        if any(a.tag in sans or "kind" in (a.get("class") or "") for a in element.iterancestors()):
            continue
        bold = element.tag in ("b", "strong") or any(
            a.tag in ("b", "strong") for a in element.iterancestors()
        )
        italic = element.tag in ("em", "i", "cite", "blockquote") or any(
            a.tag in ("em", "i", "cite", "blockquote") for a in element.iterancestors()
        )
        used.add(("bold" if bold else "normal", "italic" if italic else "normal"))
    if body.find_class("lead"):
        used.add(("bold", "normal"))
    return used


def _images(body: Any, folder: Path) -> None:
    """Each image the content shows, inside the file as a data: URL (the file rule applies)."""
    for image in body.iter("img"):
        source = image.get("src", "")
        for base, root in ((CONTENT_URL, folder), (STYLES_URL, STYLES)):
            if source.startswith(base):
                name = source[len(base) :]
                try:
                    data = read_file(root.resolve(), name)
                except Refused:
                    continue  # the PDF's build refuses it, naming it; here it is left out
                kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
                image.set("src", f"data:{kind};base64,{base64.b64encode(data).decode()}")


def _font_faces(text: str, styles: set[tuple[str, str]]) -> str:
    """@font-face rules for the bundled faces, each cut down to the characters of `text`; of
    the serif's bold and italic faces, those in `styles` (weight, style) only."""
    import uharfbuzz as hb  # type: ignore[import-untyped]

    wanted = {ord(c) for c in set(text)} | set(range(0x20, 0x7F))
    latin: set[int] = set()
    rules = []
    for face in FACES:
        shape = (face.weight, face.style)
        if face.family == "Dossier Serif" and shape != ("normal", "normal") and shape not in styles:
            continue  # the text never asks for it
        font = hb.Face(hb.Blob.from_file_path(str(FONTS / face.file)))
        covered = set(font.unicodes)
        if not face.script:
            latin |= covered
        elif not (wanted & covered) - latin:
            continue  # no character of the text is this script's
        keep = hb.SubsetInput()
        for code in sorted(wanted & covered):
            keep.unicode_set.add(code)
        data = hb.subset(font, keep).blob.data
        url = f"data:font/ttf;base64,{base64.b64encode(bytes(data)).decode()}"
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; src: url("{url}") format("truetype"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}\n"
        )
    return "".join(rules)
