"""No-break spaces and unhyphenated names: in the HTML (typeset.py), and read back from both samples' PDFs."""

from __future__ import annotations

import itertools
import re
from html import unescape
from pathlib import Path

import pytest

from dossier.build import Built, Settings, build
from dossier.content.validate import check_folder
from dossier.render.document import declared_names
from dossier.render.typeset import NBSP, NON_BREAKING_HYPHEN, typeset

from . import pdfread
from .conftest import ROOT

BODY = "<html><head><title>No. 1</title></head><body>{}</body></html>"


def body(html: str) -> str:
    return re.sub(r"^.*<body>|</body>.*$", "", html, flags=re.S)


@pytest.mark.parametrize(
    ("text", "joined"),
    [
        ("Protocol No. 1 to the Convention", f"No.{NBSP}1"),
        ("under art 443 of the Code", f"art{NBSP}443"),
        ("Article 5 § 1(c)", f"Article{NBSP}5{NBSP}§{NBSP}1(c)"),  # never "Article 5 | § 1(c)"
        ("at para 4", f"para{NBSP}4"),
        ("on 3 March 2023 it", f"3{NBSP}March{NBSP}2023"),
        ("in March 2023 it", f"March{NBSP}2023"),
        ("sued for USD 500,000 over", f"USD{NBSP}500,000"),
        ("about USD 1 million to", f"USD{NBSP}1{NBSP}million"),
        ("a sentence of 17 months and", f"17{NBSP}months"),
        ("6 years and 3 months", f"6{NBSP}years and 3{NBSP}months"),
        ("40 per cent", f"40{NBSP}per cent"),
        ("Hong Kong Watch (n 3).", f"(n{NBSP}3)"),
        ("in (n 13) and", f"(n{NBSP}13)"),
    ],
)
def test_a_number_is_joined_to_what_it_belongs_to(text: str, joined: str) -> None:
    assert joined in body(typeset(BODY.format(f"<p>{text}</p>"), []))


@pytest.mark.parametrize(
    ("text", "typeset_as"),
    [
        ("a fact-finding mission", "fact~finding"),  # ~: the non-breaking hyphen
        ("a 27-year sentence", "27~year"),
        # The content's own U+2010 too: at a line's end, the only one is the layout's (words.py).
        ("a pre\u2010trial hearing", "pre~trial"),
        ("the rule-of-law obligations", "rule~of~law"),
        ("Kem Sokha-led", '<span class="name">Kem Sokha</span>~led'),
        ("by Jean-Paul Marat", '<span class="name">Jean~Paul Marat</span>'),
        # Addresses, paths and file names keep theirs, to break where they must.
        ("at https://example.org/a-b-c now", "https://example.org/</span>a~b~c"),
        ("see report-2023.pdf", "report-2023.pdf"),
        ("write to info@rights-watch.org", "info@rights-watch.org"),
        ("a well - spaced dash", "well - spaced"),
    ],
)
def test_a_hyphen_inside_a_word_never_ends_a_line(text: str, typeset_as: str) -> None:
    expected = typeset_as.replace("~", NON_BREAKING_HYPHEN)
    assert expected in body(typeset(BODY.format(f"<p>{text}</p>"), ["Kem Sokha", "Jean-Paul Marat"]))


def test_ordinary_spaces_are_left_alone() -> None:
    text = "<p>Seven years in 27 cases, not 3 of May's.</p>"
    assert body(typeset(BODY.format(text), [])) == text


def test_tags_attributes_head_and_svg_are_never_touched() -> None:
    html = BODY.format(
        '<a href="#No 1" title="3 March 2023">link</a><svg><text>3 March 2023 Kem Sokha</text></svg>'
    )
    out = typeset(html, ["Kem Sokha"])
    assert "<title>No. 1</title>" in out
    assert '<a href="#No 1" title="3 March 2023">' in out
    assert "<svg><text>3 March 2023 Kem Sokha</text></svg>" in out


def test_declared_names_are_marked_longest_first() -> None:
    out = body(
        typeset(
            BODY.format("<p>The Phnom Penh Municipal Court sits in Phnom Penh.</p>"),
            ["Phnom Penh", "Phnom Penh Municipal Court"],
        )
    )
    assert out == (
        '<p>The <span class="name">Phnom Penh Municipal Court</span> sits in '
        '<span class="name">Phnom Penh</span>.</p>'
    )


def test_names_with_characters_html_escapes() -> None:
    out = body(typeset(BODY.format("<p>Smith &amp; Jones said</p>"), ["Smith & Jones"]))
    assert out == '<p><span class="name">Smith &amp; Jones</span> said</p>'


SAMPLES = sorted(p for p in (ROOT / "content").iterdir() if (p / "dossier.yaml").is_file())


@pytest.fixture(scope="module", params=SAMPLES, ids=[p.name for p in SAMPLES])
def sample_pdf(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Built]:
    folder: Path = request.param
    out = tmp_path_factory.mktemp(folder.name) / f"{folder.name}.pdf"
    return folder, build(folder, out, Settings(), force=True)


def hyphenated_names(pages: list[str], names: tuple[str, ...]) -> list[tuple[int, str]]:
    """(page, name) for every declared name that a line-end hyphen splits."""
    found = []
    for number, text in enumerate(pages, 1):
        for line, following in itertools.pairwise(text.splitlines()):
            if not re.search(r"\w[\u2010-]$", line):
                continue
            # The two lines joined where the hyphen was: a name across the join was split.
            head, tail = line[:-1], following.lstrip()
            joined, split = head + tail, len(head)
            for name in names:
                for match in re.finditer(re.escape(name), joined):
                    if match.start() < split < match.end():
                        found.append((number, name))
    return found


def test_no_declared_name_is_hyphenated(sample_pdf: tuple[Path, Built]) -> None:
    folder, built = sample_pdf
    dossier, _ = check_folder(folder)
    assert hyphenated_names(pdfread.page_texts(built.pdf), declared_names(dossier)) == []


def test_the_check_can_find_a_hyphenated_name() -> None:
    pages = ["the prison in Tbong Kh\u2010\nmum province, a Cam\u2010\nbodian prison"]
    assert hyphenated_names(pages, ("Tbong Khmum", "Cambodian police")) == [(1, "Tbong Khmum")]


def test_english_is_hyphenated_with_the_us_patterns() -> None:
    import pyphen  # type: ignore[import-untyped]

    from dossier.render.typeset import english_patterns

    english_patterns()
    for language in ("en", "en_GB", "en-GB"):
        words = pyphen.Pyphen(lang=language)
        assert [words.inserted(w) for w in ("lifted", "despite", "directorship")] == [
            "lift-ed",
            "de-spite",
            "di-rec-tor-ship",
        ]


def test_no_word_is_split_before_its_third_letter_or_after_its_third_last(sample: Built) -> None:
    assert sample.html is not None
    words = pdfread.written(sample.html.read_text())
    broken = []  # (before the hyphen, after it) of each word the layout broke
    for text in pdfread.page_texts(sample.pdf):
        for line, following in itertools.pairwise(text.splitlines()):
            if pdfread.hyphen_breaks([f"{line}\n{following}"], words):
                head, tail = re.search(r"(\w+)-$", line), re.match(r"\s*(\w+)", following)
                assert head and tail
                broken.append((head[1], tail[1]))
    assert len(broken) >= 10
    assert [(head, tail) for head, tail in broken if len(head) < 3 or len(tail) < 3] == []


def test_a_line_may_break_between_a_closing_quote_and_a_bracket() -> None:
    from dossier.render.typeset import ZERO_WIDTH_SPACE

    html = body(typeset(BODY.format("<p>‘Opposition Leader’ (Statement, 2024) and “it” [2]</p>"), []))
    zw = ZERO_WIDTH_SPACE
    assert html == f"<p>‘Opposition Leader’{zw} (Statement, 2024) and “it”{zw} [2]</p>"
    # An apostrophe inside a word is left alone.
    assert ZERO_WIDTH_SPACE not in body(typeset(BODY.format("<p>Kem Sokha’s trial (2020)</p>"), []))


def test_the_zero_width_space_is_not_read(sample: Built) -> None:
    import subprocess

    assert sample.html is not None and "\u200b" in sample.html.read_text()  # the notes have it
    assert not [t for t in pdfread.page_texts(sample.pdf) if "\u200b" in t]
    text = subprocess.run(["pdftotext", str(sample.pdf), "-"], capture_output=True, text=True).stdout
    assert "\u200b" not in text and "Conviction of Opposition Leader’" in text


def test_a_web_address_is_a_link_that_breaks_only_where_it_reads_whole_again() -> None:
    from dossier.render.typeset import ZERO_WIDTH_SPACE as Z

    url = "https://en.example.org/blog/2016/09/29/appeals-court-confirms.html"
    out = body(typeset(BODY.format(f"<p>Zamaneh &lt;{url}&gt;.</p>"), ["Zamaneh"], {url}))
    assert f'<a class="address" href="{url}">' in out
    # Scheme and host whole; then after "/" and ".", before "-"; the last six letters together.
    assert '<span class="address-head">https://en.example.org/</span>' in out
    dash = NON_BREAKING_HYPHEN
    expected = f"blog/{Z}2016/{Z}09/{Z}29/{Z}appeals{Z}{dash}court{Z}{dash}confi"
    assert expected + 'rm<span class="address-head">s.html&gt;</span></a>.' in out
    assert out.count('class="name"') == 1  # the name outside the address only
    # A double hyphen is broken before, not between (Reuters' "Acquittal--Turkish").
    doubled = body(typeset(BODY.format("<p>https://a.org/After-Acquittal--Turkish-Rights</p>"), []))
    assert f"Acquittal{Z}{dash}{dash}Turkish" in doubled
    # OSCOLA's closing bracket is kept with the last letters ("…/prison/" then ">" alone).
    closed = body(typeset(BODY.format("<p>&lt;https://a.org/16-years-in-prison/&gt;.</p>"), []))
    assert '<span class="address-head">rison/&gt;</span>.' in closed


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("See https://a.org/report-2024.", "https://a.org/report-2024"),  # Chicago ends the note
        ("(https://a.org/x_(y))", "https://a.org/x_(y)"),
        ("(https://a.org/x)", "https://a.org/x"),
        ("at https://a.org/?a=1&amp;b=2; and", "https://a.org/?a=1&amp;b=2"),
        ("&lt;http://a.org&gt;", "http://a.org"),
    ],
)
def test_the_address_ends_where_the_sentence_takes_over(text: str, url: str) -> None:
    assert f'href="{url}"' in body(typeset(BODY.format(f"<p>{text}</p>"), [], {unescape(url)}))


def test_an_address_no_source_gives_breaks_the_same_but_is_not_a_link() -> None:
    # A value quoted in the text (a stored edition's, say) is printed, never made a link.
    out = body(typeset(BODY.format("<p>see https://evil.example/a-b/c</p>"), [], {"https://a.org/"}))
    assert "<a " not in out and '<span class="address-head">https://evil.example/</span>' in out


def test_an_address_already_linked_is_not_linked_twice_and_other_schemes_are_text() -> None:
    linked = '<a href="https://a.org/x-y">https://a.org/x-y</a>'
    out = body(typeset(BODY.format(f"<p>{linked} ftp://a.org/b</p>"), []))
    assert out.count("<a ") == 1 and "address-head" in out
    assert "ftp://a.org/b" in out
