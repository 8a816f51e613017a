"""The glyph check (content/glyphs.py), the fonts it reads, and a name in each script read back from a PDF.

The check says a character prints when a bundled font has it; the builds here show that
such a name does print, in the bundled font of its script, as the same characters, and
tagged with its language. A character no font has is a corpus case (glyph-*).
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

from dossier.build import Built, build
from dossier.content import glyphs
from dossier.content.validate import check_folder
from dossier.errors import ContentError
from dossier.paths import STYLES

from .conftest import MINIMAL
from .test_accessibility import tree

# A name in each script the fonts are bundled for, with its language and the family
# (briefing.css) that must draw it; Cyrillic is in the text faces.
NAMES = [
    ("ကျော်ဇော", "my", "Dossier-Myanmar"),
    ("محمد", "ar", "Dossier-Arabic"),
    ("Алексей Навальный", "ru", "Dossier-Sans"),
    ("अरविंद", "hi", "Dossier-Devanagari"),
    ("កឹម សុខា", "km", "Dossier-Khmer"),
]
SCRIPT_FAMILIES = ["Dossier Khmer", "Dossier Myanmar", "Dossier Arabic", "Dossier Devanagari"]


def test_every_bundled_font_is_declared_small_and_licensed() -> None:
    declared = {face for faces in glyphs.font_faces().values() for face in faces}
    assert declared == set((STYLES / "fonts").glob("*.ttf"))
    assert all(face.stat().st_size < 1_000_000 for face in declared)
    licence = (STYLES / "fonts" / "OFL.txt").read_text()
    assert "SIL Open Font License" in licence
    for family in ("Noto Serif Khmer", "Noto Serif Myanmar", "Noto Naskh Arabic", "Noto Serif Devanagari"):
        assert family in licence


def test_the_text_faces_cover_the_same_characters() -> None:
    # The check takes the union of the families: exact only while a character the serif
    # face has is in the sans face too, and in every weight and style of each.
    faces = glyphs.font_faces()
    maps = {glyphs.character_map(face) for face in faces["Dossier Serif"] + faces["Dossier Sans"]}
    assert len(maps) == 1


def stacks(text: str) -> list[list[str]]:
    """Every font stack the stylesheet or the timeline sets, as its list of families."""
    text = re.sub(r"@font-face\s*\{[^}]*\}", "", text)
    found = re.findall(r"font-family[:=]\s*\"?([^;}>]+?)\"?\s*[;}>]", text)
    found += re.findall(r"\bfont:[^;\"]*(\"[^;]+);", text)
    return [[name.strip(' "') for name in stack.split(",")] for stack in found]


def test_every_font_stack_ends_with_every_script_family() -> None:
    css = stacks((STYLES / "briefing.css").read_text())
    svg = stacks((STYLES / "timeline.svg").read_text())
    assert len(css) >= 10 and len(svg) == 1
    for stack in css + svg:
        assert stack[0] in ("Dossier Serif", "Dossier Sans") and stack[1:] == SCRIPT_FAMILIES, stack


@pytest.mark.parametrize(("name", "lang", "family"), NAMES)
def test_names_in_the_bundled_scripts_are_printable(name: str, lang: str, family: str) -> None:
    assert glyphs.missing(name) == []


def test_characters_without_a_glyph_are_found_once_with_their_line() -> None:
    text = "Line one\nthe seal 𓀀 and 𓀀 again\n&#x10000; by entity"
    assert glyphs.missing(text) == [(1, "𓀀"), (2, "\U00010000")]
    assert glyphs.named("𓀀") == "'𓀀' (U+13000, Egyptian Hieroglyphs)"
    assert glyphs.named("😀") == "'😀' (U+1F600, grinning face)"


def test_citation_keys_are_not_printed_and_not_checked() -> None:
    assert glyphs.missing("As reported [see @𐀀𐀁, p. 2; @b].") == []
    assert glyphs.missing("Mail 𐀀@example.org") == [(0, "\U00010000")]


def test_invisible_format_characters_need_no_glyph() -> None:
    # A zero-width non-joiner in Persian, a right-to-left mark beside an Arabic name.
    assert glyphs.missing("می\u200cخواهم \u200fمحمد\u200f \u061c") == []


def test_a_field_with_many_characters_of_one_script_is_one_problem(content: Path) -> None:
    background = content / "background.md"
    background.write_text(background.read_text() + "\nThe seal reads 𓀀𓀁𓀂 and 😀.\n")
    with pytest.raises(ContentError) as caught:
        check_folder(content)
    messages = [p.message for p in caught.value.problems]
    assert messages == [
        "'𓀀' (U+13000, Egyptian Hieroglyphs) and 2 more Egyptian Hieroglyphs characters in the text "
        f"have no glyph in the bundled fonts: {glyphs.HINT}",
        f"'😀' (U+1F600, grinning face) in the text has no glyph in the bundled fonts: {glyphs.HINT}",
    ]


def test_a_bibtex_field_is_checked_as_decoded(content: Path) -> None:
    bib = content / "sources.bib"
    text = bib.read_text()
    title = text.index("title = {") + len("title = {")
    bib.write_text(text[:title] + "\\'{e}𐀀 " + text[title:])
    with pytest.raises(ContentError) as caught:
        check_folder(content)
    (problem,) = caught.value.problems
    entry_line = text.count("\n", 0, text.rindex("@", 0, title)) + 1
    assert problem.path.endswith("sources.bib") and problem.line == entry_line
    assert problem.message.startswith("'𐀀' (U+10000, Linear B) in field title of source ")


def with_native_name(folder: Path, name: str, lang: str) -> None:
    meta = folder / "dossier.yaml"
    field = f'  native_name: {{text: "{name}", lang: {lang}}}'
    meta.write_text(re.sub(r"(?m)^  name_khmer: .*$", field, meta.read_text()))


def cover_lines(pdf: Path) -> list[str]:
    """The cover's lines as pypdf extracts them (in the text's order, not the glyphs')."""
    return [line.strip() for line in PdfReader(pdf).pages[0].extract_text().splitlines()]


@pytest.mark.parametrize(("name", "lang", "family"), NAMES)
def test_a_name_in_each_script_prints_in_its_font_as_its_characters(
    content: Path, tmp_path: Path, name: str, lang: str, family: str
) -> None:
    with_native_name(content, name, lang)
    pdf = build(content, tmp_path / "out.pdf").pdf
    assert f"A. Example {name}" in cover_lines(pdf)
    with pdfplumber.open(pdf) as read:
        letters = name.replace(" ", "")
        fonts = {c["fontname"].split("+", 1)[1] for c in read.pages[0].chars if c["text"] in letters}
    assert fonts == {family}
    with pikepdf.open(pdf) as read:
        tagged = [e for e, _ in tree(read) if "/Lang" in e]
        assert [str(e.Lang) for e in tagged] == [lang]
        assert str(tagged[0].S) == "/Span"
        assert str(read.Root.Lang) == "en"


def test_a_label_that_needs_shaping_is_refused_for_the_timeline_figure(content: Path) -> None:
    events = content / "events.yaml"
    events.write_text(events.read_text().replace("  kind: arrest\n", "  kind: arrest\n  label: ဖမ်းဆီး\n", 1))
    with pytest.raises(ContentError) as caught:
        check_folder(content)
    (problem,) = caught.value.problems
    assert (Path(problem.path).name, problem.line) == ("events.yaml", 4)
    assert problem.message == f"'\u103a' (U+103A, Myanmar) in label {glyphs.LETTER_BY_LETTER}"


def test_letters_that_need_shaping() -> None:
    assert [glyphs.unshaped(t) for t in ("Арест", "Arrest", "Garcı́a", "محمد", "अरविंद")] == [
        None,
        None,
        "\u0301",
        "م",
        "\u093f",
    ]


def test_name_khmer_prints_as_a_native_name_tagged_khmer(minimal: Built) -> None:
    # The minimal fixture still writes the older field.
    assert "name_khmer: ឧទាហរណ៍" in (MINIMAL / "dossier.yaml").read_text()
    assert "A. Example ឧទាហរណ៍" in cover_lines(minimal.pdf)
    with pikepdf.open(minimal.pdf) as read:
        assert [str(e.Lang) for e, _ in tree(read) if "/Lang" in e] == ["km"]
