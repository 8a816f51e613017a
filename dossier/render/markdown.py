"""Turn Markdown with Pandoc-style citations into HTML whose citations are footnotes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import Markup

from ..cite.oscola import name_of
from ..content.changes import blocks
from ..content.citations import find_citations, group_at, parse_group
from ..content.safety import SAFE_SCHEMES, has_scheme
from ..paths import CONTENT_URL

# Works whose author speaks for themself: a scholar's article or book is the scholar's, where
# a reporter's article is the newspaper's.
AUTHORS_OWN = frozenset(
    ("article-journal", "book", "chapter", "thesis", "paper-conference", "entry-encyclopedia")
)

if TYPE_CHECKING:
    from ..cite.notes import Note, NoteBook

TRAILING = ".,;:!?"


OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks: a note's place until the style formats it
PLACEHOLDER = re.compile(f"{OPEN}(\\d+){CLOSE}")
IBID, SHORT = "ibid-form", "short-form"  # classes of a note's two texts


def citation_html(note: Note, in_note_style: bool) -> str:
    # Note texts are formatted once all citations are known (positions such as "ibid"
    # depend on what came before); until then the span holds a placeholder.
    if in_note_style:
        return f'<span class="footnote" id="fn{note.number}">{OPEN}{note.number}{CLOSE}</span>'
    return f'<span class="citation" id="cite{note.number}">{OPEN}{note.number}{CLOSE}</span>'


_CALL = f'<span class="footnote" id="fn\\d+">{OPEN}\\d+{CLOSE}</span>'
_CALLS = re.compile(f"(?:{_CALL})+")
# A word and the calls right after it ("arrest.¹²"): bound so that no line starts with a
# call. Only text counts as the word: a call after a tag (a link, emphasis) is left as is.
# The word is all that no-break spaces join to it ("1 May 2023.⁵¹", typeset.py): with the
# joined words left outside the bound span, WeasyPrint 70 broke the line at the paragraph's
# first opportunity instead of before "1 May", leaving "2020" alone on a line.
_NOT_WORD = (" ", "\t", "\r", "\n", "<", ">", OPEN, CLOSE)
# A call that starts exactly where the one before it ends: nothing between the two, so
# the reader sees "13,14" and needs the comma. Decided here, on the HTML, because CSS
# cannot tell touching calls from calls with text between them.
_TOUCHING = re.compile(f'({CLOSE}</span>)<span class="footnote" ')


def bind_calls(html: str) -> str:
    """Bind each note call to the word before it, and mark the calls that touch another
    and those that follow a digit."""
    # The calls are found first and each word looked for backwards from its calls, up to
    # the calls before: a pattern "word, then calls" tried at every letter of a long word
    # that no call follows rescanned the word from each letter (45,500 letters: 15 s).
    pieces: list[str] = []
    done = previous = 0
    for calls in _CALLS.finditer(html):
        start = calls.start()
        word = max(html.rfind(c, previous, start) for c in _NOT_WORD) + 1
        word = max(word, previous)
        previous = calls.end()
        if word == start:
            continue  # after a tag or a space: nothing to bind to
        pieces += [html[done:word], _bound(html[word:start], calls[0])]
        done = calls.end()
    pieces.append(html[done:])
    return _TOUCHING.sub(r'\1<span class="footnote touching" ', "".join(pieces))


def _bound(word: str, calls: str) -> str:
    if word[-1].isdigit():
        # "in 2019⁵⁶" reads as one number: the call is set a little apart (briefing.css).
        calls = calls.replace('class="footnote"', 'class="footnote after-digit"', 1)
    return f'<span class="with-call">{word}{calls}</span>'


def fill(html: str, texts: dict[int, Markup], alternatives: dict[int, Markup] | None = None) -> str:
    """Put each note's formatted text in place of its placeholder.

    A note with an alternative carries both texts, for the layout to keep one
    (footnotes.py): an "ibid" note and the short form it takes when it opens a page.
    """
    alternatives = alternatives or {}

    def text(match: re.Match[str]) -> str:
        number = int(match[1])
        if number in alternatives:
            ibid, short = texts[number], alternatives[number]
            return f'<span class="{IBID}">{ibid}</span><span class="{SHORT}">{short}</span>'
        return str(texts[number])

    return PLACEHOLDER.sub(text, html)


def _citation_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[":
        return False
    group = group_at(state.src, state.pos)
    if group is None:
        return False
    end = group.end
    notebook: NoteBook = state.env["notes"]
    if not notebook.style.is_note:
        if not silent:
            token = state.push("citation", "", 0)
            token.meta = {"cites": parse_group(group.body)}
        state.pos = end
        return True
    if not silent:
        # As in Pandoc: the note call hugs the preceding word and follows the
        # punctuation mark right after the citation ("text [@a]." prints "text.¹").
        state.pending = state.pending.rstrip(" ")
        if not state.pending and state.tokens and state.tokens[-1].type == "softbreak":
            state.tokens.pop()  # "word\n[@a]" in a wrapped paragraph
        if end < state.posMax and state.src[end] in TRAILING:
            state.pending += state.src[end]
            end += 1
        token = state.push("citation", "", 0)
        token.meta = {"cites": parse_group(group.body)}
    elif end < state.posMax and state.src[end] in TRAILING:
        end += 1
    state.pos = end
    return True


def _render_citation(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    notebook: NoteBook = env["notes"]
    note = notebook.cite(list(tokens[idx].meta["cites"]))
    return citation_html(note, notebook.style.is_note)


def _render_heading(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    # Content headings sit inside a section whose own heading is <h2>: `#` becomes <h3>.
    token = tokens[idx]
    token.tag = f"h{min(int(token.tag[1]) + 2, 6)}"
    return self.renderToken(tokens, idx, options, env)


def _safe_link(url: str) -> bool:
    # Images are checked when the content is validated; here they only need to be relative.
    return url.lower().startswith(SAFE_SCHEMES) or not has_scheme(url)


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    src = str(token.attrGet("src") or "")
    if not src.lower().startswith(SAFE_SCHEMES):
        token.attrSet("src", CONTENT_URL + src)
    return self.image(tokens, idx, options, env)


# As markdown-it's typographer: "---" an em dash, "--" between spaces or between words
# an en dash; exactly three dots an ellipsis.
_EM_DASH = re.compile(r"(^|[^-])---(?=[^-]|$)", re.MULTILINE)
_EN_DASH = re.compile(r"(^|\s)--(?=\s|$)|(^|[^-\s])--(?=[^-\s]|$)", re.MULTILINE)
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


def _dashes_and_ellipses(state: Any) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        in_autolink = 0
        for token in block.children:
            if token.type == "link_open" and token.info == "auto":
                in_autolink += 1
            elif token.type == "link_close" and in_autolink:
                in_autolink -= 1
            elif token.type == "text" and not in_autolink:
                text = _EM_DASH.sub("\\1\u2014", token.content)
                text = _EN_DASH.sub(lambda m: (m[1] or m[2] or "") + "\u2013", text)
                token.content = _ELLIPSIS.sub("\u2026", text)


def make_parser() -> MarkdownIt:
    # Raw HTML is off: content authors write Markdown, and nothing in content can
    # inject markup or load resources into the PDF.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    # Typographic quotes, dashes and ellipses, but none of markdown-it's other
    # replacements: they change legal text ("Article 5 § 1(c)" would read "1©", and
    # "(r)", "(tm)", "+-", ",,", "????" would change too).
    md.enable(["smartquotes"])
    md.core.ruler.before("smartquotes", "dashes_and_ellipses", _dashes_and_ellipses)
    md.inline.ruler.before("link", "citation", _citation_rule)
    md.add_render_rule("citation", _render_citation)
    md.add_render_rule("heading_open", _render_heading)
    md.add_render_rule("heading_close", _render_heading)
    md.add_render_rule("image", _render_image)
    md.validateLink = _safe_link  # type: ignore[method-assign]
    return md


def make_quoting_parser() -> MarkdownIt:
    """For Markdown quoted inside the tool's own sentence (a key point in the changes list):
    emphasis, quotes, dashes and ellipses as in the text, a link's words without the link,
    and no image, address or citation: a quotation does not act for the reader or add a note."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": True})
    md.enable(["smartquotes"])
    md.core.ruler.before("smartquotes", "dashes_and_ellipses", _dashes_and_ellipses)
    md.disable(["image", "autolink"])
    md.add_render_rule("link_open", _nothing)
    md.add_render_rule("link_close", _nothing)
    return md


def _nothing(self: RendererHTML, tokens: Sequence[Token], idx: int, opts: OptionsDict, env: EnvType) -> str:
    return ""


class Renderer:
    """Renders content text in reading order, numbering footnotes as it goes."""

    def __init__(self, notebook: NoteBook) -> None:
        self.md = make_parser()
        self.quoting = make_quoting_parser()
        self.notebook = notebook

    def block(self, text: str, *, marked: frozenset[str] = frozenset(), prefix: str = "") -> Markup:
        """Block Markdown as HTML. With `prefix`, each top-level block (a heading, a
        paragraph, a list) carries the id `prefix` + the line it starts on, as
        content/changes.py numbers the blocks it compares; those in `marked` a change bar."""
        env: dict[str, Any] = {"notes": self.notebook}
        if not prefix:
            return Markup(self.md.render(text, env))
        tokens = self.md.parse(text, env)
        starts = {line for line, _ in blocks(text)}
        for token in tokens:
            if token.level == 0 and token.nesting == 1 and token.map and token.map[0] in starts:
                ident = f"{prefix}{token.map[0]}"
                token.attrSet("id", ident)
                if ident in marked:
                    token.attrJoin("class", "changed")
        return Markup(self.md.renderer.render(tokens, self.md.options, env))

    def inline(self, text: str) -> Markup:
        env: dict[str, Any] = {"notes": self.notebook}
        return Markup(self.md.renderInline(text, env))

    def quoted(self, text: str) -> Markup:
        """A key point quoted in another sentence: its emphasis and typography, no links or notes."""
        return Markup(self.quoting.renderInline(text))

    def who(self, keys: list[str]) -> str:
        """Who gives the version `keys`' sources give, as a reader weighing versions wants them
        named: the organisation ("Amnesty International; RFA"); for a person's article in a
        newspaper, on a website or a broadcaster's, the outlet ("TRT World", not its reporter
        "Ezgi Toper"); a scholar's article or book, the scholar."""
        names = []
        for key in keys:
            csl = self.notebook.sources[key].csl
            authors = csl.get("author") or csl.get("editor") or []
            # Without an author, what the bibliography leads with after the title: the
            # newspaper, the publisher, the court; never the BibTeX key, which no reader knows.
            outlet = next(
                (str(csl[f]) for f in ("container-title", "publisher", "authority") if csl.get(f)), None
            )
            person = bool(authors) and "literal" not in authors[0]
            if authors and not (person and outlet and csl.get("type") not in AUTHORS_OWN):
                names.append(name_of(authors[0]))
            else:
                names.append(outlet or str(csl.get("title", key)))
        return "; ".join(dict.fromkeys(names))

    def versions(self, versions: Sequence[Any], shown: Callable[[Any], object] = lambda v: v.value) -> Markup:
        """Values the sources give differently, each with who gives it and its note, joined by
        "or": "27 September 2023 (Yetkin Report)¹ or 28 September 2023 (ICJ)²"."""
        return Markup(" or ").join(
            Markup("{} ({}){}").format(shown(v), self.who(v.sources), self.note(v.sources)) for v in versions
        )

    def note(self, keys: list[str], locator: str = "", prefix: str = "") -> Markup:
        note = self.notebook.cite_keys(keys, locator, prefix)
        html = citation_html(note, self.notebook.style.is_note)
        return Markup(html if self.notebook.style.is_note else " " + html)

    def uncited_elsewhere(self, text: str, keys: list[str], elsewhere: set[str]) -> list[str]:
        """The keys `cited(text, …)` should add: all of them where the text cites nothing of
        its own (its note is the item's), else those not already cited elsewhere in the item
        (a row, a date's version), which "see also" after the text's last sentence would lend
        to that sentence."""
        if not find_citations(text):
            return keys
        return [k for k in keys if k not in elsewhere]

    def cited(self, text: str, keys: list[str], *, block: bool = False) -> Markup:
        """Text of a structured item, then its sources not already cited inline.

        A text that cites nothing is the item's sources' to support: they make its note.
        A text that cites its own sources sentence by sentence lends none of them to the
        other sources the item lists: those are added "see also" (OSCOLA's signal for a
        source that bears on the point without stating it), in the note the text ends with
        where it ends with one (two calls side by side, "immunity.⁶⁸,⁶⁹", would make the
        reader look up two notes for one place), else in a note of their own."""
        text = _with_the_rest(text, keys)
        before = len(self.notebook.notes)
        html = self.block(text) if block else self.inline(text)
        citing = len(self.notebook.notes) > before
        inline = {k for note in self.notebook.notes[before:] for k in note.keys}
        rest = [k for k in keys if k not in inline]
        if not rest:
            return html
        note = self.note(rest, prefix="see also" if citing else "")
        if block and html.endswith("</p>\n"):
            # The note belongs to the last paragraph, not on a line of its own.
            return Markup(html[: -len("</p>\n")]) + note + Markup("</p>\n")
        return html + note


def _with_the_rest(text: str, keys: list[str]) -> str:
    """`text` with the sources in `keys` it does not cite added to its last citation, when
    nothing but punctuation follows that citation; `text` unchanged otherwise."""
    citations = find_citations(text)
    if not citations or text[citations[-1].end :].strip(TRAILING + " \n"):
        return text
    cited = {cite.key for citation in citations for cite in citation.cites}
    rest = [key for key in keys if key not in cited]
    if not rest:
        return text
    close = citations[-1].end - 1  # the group's "]"
    return text[:close] + "; see also " + "; ".join(f"@{key}" for key in rest) + text[close:]
