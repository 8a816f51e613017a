"""The audit of appearance (render/audit.py `appearance`): each fault it names, provoked on a small page."""

from __future__ import annotations

from pathlib import Path

import pytest
from weasyprint.document import Document

from dossier.render.audit import appearance
from dossier.render.pdf import PdfOptions, layout

from .conftest import MINIMAL

STYLE = (
    "<style>.footnote { float: footnote } ::footnote-call { content: counter(footnote) }"
    " .footnote.touching::footnote-call { content: ',' counter(footnote) }"
    " p { width: 40mm; font-size: 12pt } .narrow { width: 22mm; hyphens: manual }</style>"
)


def page(body: str) -> Document:
    html = f'<html lang="en"><head>{STYLE}</head><body>{body}</body></html>'
    return layout(html, PdfOptions(variant="plain"), MINIMAL)


@pytest.fixture(scope="module")
def faulty() -> Document:
    return page(
        '<p>word<br><span class="footnote" id="fn1">One.</span> more text</p>'
        '<p>plain text<span class="footnote touching" id="fn2">Two.</span></p>'
        "<p>Copyright © here</p>"
        '<p class="narrow">in Tbong Kh&#173;mumkhmum province</p>'
    )


def test_each_fault_is_named_with_its_page(faulty: Document) -> None:
    assert appearance(faulty, ("Tbong Khmumkhmum",), "") == [
        "page 1: note call 1 opens a line ('1 more text')",
        "page 1: a comma before note call 2 that follows no other call",
        "page 1: '©' printed where the content has none ('Copyright © here')",
        "page 1: the name 'Tbong Khmumkhmum' is hyphenated",
    ]


def test_what_the_content_wrote_is_not_a_fault(faulty: Document) -> None:
    found = appearance(faulty, (), "Copyright ©")
    assert not any("©" in fault or "hyphenated" in fault for fault in found)


def test_touching_calls_and_calls_bound_to_their_word_are_fine() -> None:
    clean = page(
        '<p><span style="white-space: nowrap">arrest.<span class="footnote" id="fn1">One.</span>'
        '<span class="footnote touching" id="fn2">Two.</span></span> Then more words follow to wrap.</p>'
    )
    assert appearance(clean, ("Tbong Khmum",), "") == []


def test_a_build_reports_appearance_as_warnings_and_strict_makes_them_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dossier.build import Settings, build
    from dossier.errors import BuildError
    from dossier.render import audit

    # The child process that renders is forked from this one and inherits the patch.
    monkeypatch.setattr(audit, "appearance", lambda *args: ["page 2: a provoked fault"])
    built = build(MINIMAL, tmp_path / "out.pdf", Settings())
    assert [str(w) for w in built.warnings if "appearance" in w.message] == [
        f"{MINIMAL}: warning: appearance: page 2: a provoked fault"
    ]
    assert built.pdf.is_file()
    with pytest.raises(BuildError, match="appearance: page 2: a provoked fault"):
        build(MINIMAL, tmp_path / "strict.pdf", Settings(strict=True))
    assert not (tmp_path / "strict.pdf").exists()


def test_a_justified_line_broken_too_early_is_named() -> None:
    # Something that does not fit beside "Early" pushes the rest to the next line: in
    # justified text every line but the last should fill the measure.
    wide = '<span style="display: inline-block; width: 36mm">x</span>'
    laid = page(
        f'<p style="text-align: justify">Early {wide} then the rest of the paragraph follows on.</p>'
        '<p style="text-align: justify">Short<br>on purpose, and then the last line.</p>'
        f"<p>Ragged {wide} is left-aligned text.</p>"
    )
    fault = "page 1: a line stops short, its next word would have fitted ('Early')"
    assert appearance(laid, (), "") == [fault]


RAGGED = (
    '<p style="width: 165mm; font-size: 10pt">Status from on trial to convicted (15&#160;December&#160;2025);'
    ' co-defendants 8 (not given before)&#160;<a href="#x">(p. 10)</a></p><p id="x">x</p>'
)


def test_a_ragged_line_broken_before_a_word_that_fits_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """WeasyPrint 70 alone breaks a text ending in a no-break space before a page reference
    at its first word; weasyprint70.py mends that, and the audit names it where it happens."""
    from weasyprint.layout import inline

    from dossier.render import weasyprint70

    assert appearance(page(RAGGED), (), "") == []
    monkeypatch.setattr(inline, "split_first_line", weasyprint70.ORIGINAL["split_first_line"])
    assert appearance(page(RAGGED), (), "") == [
        "page 1: a line stops short, its next word would have fitted ('Status')"
    ]


def test_a_month_hyphenated_or_a_date_broken_at_a_space_is_named() -> None:
    # A soft hyphen and plain spaces force what typeset.py and the patterns prevent.
    laid = page('<p class="narrow">on 5 Decem&#173;ber 2024 it</p><p class="narrow">wwwwwww 5 June 2024</p>')
    assert appearance(laid, (), "") == [
        "page 1: the month 'December' is hyphenated",
        "page 1: a date is broken across lines ('wwwww 5 June | 2024')",
    ]


def test_the_english_patterns_give_no_month_a_break_point() -> None:
    import pyphen  # type: ignore[import-untyped]

    from dossier.dates import MONTHS
    from dossier.render.typeset import english_patterns

    fresh = pyphen.Pyphen(lang="en_US", cache=False)  # the patterns as pyphen ships them
    assert fresh.positions("December") and fresh.positions("September")
    english_patterns()
    for lang in ("en", "en_GB", "en_US"):
        assert [m for m in MONTHS if pyphen.Pyphen(lang=lang).positions(m)] == []
    assert pyphen.Pyphen(lang="en").positions("Decembrist")  # other words keep theirs


def test_a_word_of_a_declared_name_hyphenated_alone_is_named() -> None:
    # The surname alone, away from the whole name's span ("Demir-" / "taş", as printed once).
    laid = page('<p class="narrow">as Demir&#173;taş said</p>')
    assert appearance(laid, ("Selahattin Demirtaş",), "") == ["page 1: the name 'Demirtaş' is hyphenated"]


def test_the_words_of_declared_names_get_no_break_point() -> None:
    import pyphen

    from dossier.render.typeset import typeset

    fresh = pyphen.Pyphen(lang="en_US", cache=False)  # the patterns as pyphen ships them
    assert fresh.positions("Demirtaş") and fresh.positions("Kurdish") and fresh.positions("Mohammadi")
    html = '<html lang="en-GB"><body><p>x</p></body></html>'
    typeset(html, ["Selahattin Demirtaş", "pro-Kurdish Peoples’ Party", "Narges Mohammadi"])
    for word in ("Demirtaş", "Demirtaş’s", "Kurdish", "Mohammadi", "Narges"):
        assert pyphen.Pyphen(lang="en").positions(word) == [], word
    assert pyphen.Pyphen(lang="en").positions("Kurdistan")  # other words keep theirs
