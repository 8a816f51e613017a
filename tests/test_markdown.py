import re

from hypothesis import given
from hypothesis import strategies as st

from dossier.cite.notes import NoteBook
from dossier.render.markdown import _CALL as _CALL_PATTERN
from dossier.render.markdown import CLOSE, OPEN, Renderer, _bound, bind_calls, fill
from dossier.worker import Worker

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


def test_an_items_other_sources_join_the_note_that_ends_its_text_after_see_also() -> None:
    out = renderer()
    html = finished(out, out.cited("He was arrested [@a].", ["a", "b"]))
    # One note for the place, not two calls side by side ("arrested.¹,²"); and "b", which the
    # sentence does not cite, is not lent to it: "see also".
    note = "Org, ‘Title a’ (2020); see also Org, ‘Title B’ (2020)."
    assert html == f'He was arrested.<span class="footnote" id="fn1">{note}</span>'
    assert [n.keys for n in out.notebook.notes] == [("a", "b")]


def test_an_items_sources_make_the_note_of_a_text_that_cites_nothing() -> None:
    out = renderer()
    html = finished(out, out.cited("He was arrested.", ["a", "b"]))
    note = "Org, ‘Title a’ (2020); Org, ‘Title B’ (2020)."
    assert html == f'He was arrested.<span class="footnote" id="fn1">{note}</span>'


def test_other_sources_after_a_text_that_does_not_end_with_a_citation_are_see_also() -> None:
    out = renderer()
    html = finished(out, out.cited("He was arrested [@a] at home.", ["a", "b"]))
    assert html.endswith('at home.<span class="footnote" id="fn2">See also Org, ‘Title B’ (2020).</span>')


def test_a_call_after_a_digit_is_marked_to_stand_apart() -> None:
    from dossier.render.markdown import CLOSE, OPEN, bind_calls

    call = f'<span class="footnote" id="fn56">{OPEN}56{CLOSE}</span>'
    assert 'class="footnote after-digit"' in bind_calls(f"spurious in 2019{call} and")
    assert 'class="footnote" id="fn56"' in bind_calls(f"spurious.{call} And")


# The binding as one pattern says it: a run of text, then the calls right after it. Its
# regular expression is tried from every letter of a word no call follows (quadratic), so
# markdown.py finds the calls first; on short text the two must agree.
_CALL = re.compile(f"([^ \\t\\r\\n<>{OPEN}{CLOSE}]+)((?:{_CALL_PATTERN})+)")


def _by_pattern(html: str) -> str:
    bound = _CALL.sub(lambda m: _bound(m[1], m[2]), html)
    touching = f'{CLOSE}</span><span class="footnote" '
    return bound.replace(touching, touching.replace('"footnote"', '"footnote touching"'))


_PIECE = st.one_of(
    st.sampled_from(["a", "1", " ", "\n", "\t", "<em>", "</em>", ">", "x.", "\u00a0", OPEN, CLOSE]),
    st.integers(1, 99).map(lambda n: f'<span class="footnote" id="fn{n}">{OPEN}{n}{CLOSE}</span>'),
)


@given(st.lists(_PIECE, max_size=12).map("".join))
def test_calls_are_bound_as_the_pattern_says(html: str) -> None:
    assert bind_calls(html) == _by_pattern(html)


def test_a_paragraph_of_one_long_word_is_bound_within_the_time_limit() -> None:
    # 455,000 letters no call follows, then a call: the pattern took 15 s for 45,500.
    html = "<p>" + "a" * 455_000 + f' b<span class="footnote" id="fn1">{OPEN}1{CLOSE}</span></p>'
    with Worker(bind_calls, lambda: None, memory_limit=1024, label="background.md") as worker:
        worker.submit((html,))
        bound = worker.result(time_limit=30)
    call = f'<span class="footnote" id="fn1">{OPEN}1{CLOSE}</span>'
    assert bound.endswith(f' <span class="with-call">b{call}</span></p>')
