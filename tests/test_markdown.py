from dossier.cite.notes import NoteBook
from dossier.render.markdown import Renderer, fill

from .helpers import source, style

SOURCES = {key: source(key, "Org", f"Title {key}", 2020) for key in ("a", "b")}


def renderer(name: str = "oscola") -> Renderer:
    return Renderer(NoteBook(SOURCES, style(name)))


def finished(out: Renderer, html: str) -> str:
    return fill(html, out.notebook.render())


def test_citation_becomes_footnote_after_punctuation() -> None:
    out = renderer()
    html = finished(out, out.inline("A fact\n[@a]. Next"))
    assert html == 'A fact.<span class="footnote" id="fn1">Org, ‘Title a’ (2020).</span> Next'


def test_author_date_citation_stays_in_the_sentence() -> None:
    out = renderer("chicago-author-date")
    html = finished(out, out.inline("A fact [@a]. Next"))
    assert html == 'A fact <span class="citation" id="cite1">(Org 2020)</span>. Next'


def test_raw_html_is_shown_as_text_not_markup() -> None:
    html = renderer().block('<script>alert(1)</script> <img src="file:///etc/passwd">')
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_only_web_and_mail_links() -> None:
    html = renderer().inline("[x](javascript:alert(1)) [y](file:///etc/passwd) [z](https://example.org)")
    assert 'href="https://example.org"' in html
    assert 'href="javascript:' not in html
    assert 'href="file:' not in html


def test_headings_nest_under_the_section_heading() -> None:
    assert renderer().block("# Sub\n\ntext").startswith("<h3>Sub</h3>")


def test_structured_sources_not_repeated_when_cited_inline() -> None:
    out = renderer()
    html = out.cited("Text [@a]. More text.", ["a", "b"])
    assert html.count('class="footnote"') == 2  # the text goes on: the rest in a note at its end
    assert [n.keys for n in out.notebook.notes] == [("a",), ("b",)]
    assert out.cited("Only inline [@b].", ["b"]).count('class="footnote"') == 1


def test_a_call_is_bound_to_its_word_and_what_no_break_spaces_join_to_it() -> None:
    from dossier.render.markdown import CLOSE, OPEN, bind_calls

    call = f'<span class="footnote" id="fn7">{OPEN}7{CLOSE}</span>'
    html = bind_calls(f"responses of 10\u00a0July\u00a02020 and 1\u00a0May\u00a02023.{call} Then")
    # The whole unbreakable run is one span: the line may break before "1 May", nowhere in it.
    bound = f'<span class="with-call">1\u00a0May\u00a02023.{call}</span>'
    assert html == f"responses of 10\u00a0July\u00a02020 and {bound} Then"


def test_an_items_other_sources_join_the_note_that_ends_its_text() -> None:
    out = renderer()
    html = finished(out, out.cited("He was arrested [@a].", ["a", "b"]))
    # One note for the place, not two calls side by side ("arrested.¹,²").
    note = "Org, ‘Title a’ (2020); Org, ‘Title B’ (2020)."
    assert html == f'He was arrested.<span class="footnote" id="fn1">{note}</span>'
    assert [n.keys for n in out.notebook.notes] == [("a", "b")]


def test_a_call_after_a_digit_is_marked_to_stand_apart() -> None:
    from dossier.render.markdown import CLOSE, OPEN, bind_calls

    call = f'<span class="footnote" id="fn56">{OPEN}56{CLOSE}</span>'
    assert 'class="footnote after-digit"' in bind_calls(f"spurious in 2019{call} and")
    assert 'class="footnote" id="fn56"' in bind_calls(f"spurious.{call} And")
