"""Turn citeproc-py's output into what the reference CSL processor, citeproc-js, gives.

Each correction here was found by the differential test (tests/test_citeproc_js.py),
which renders the same items with the same style through both processors.

Corrections 1-3, 7, 9 and 10 replace methods of citeproc-py's classes, and notes.py
formats cites with a history of earlier cites: both past citeproc-py's documented
interface, and both only here. `install()` makes the replacements, once, after `check()`
has found the citeproc-py version this was written for and every name used, with the
parameters used (pyproject.toml bounds the version too; the check covers an install that
ignored it).
"""

from __future__ import annotations

import functools
import html
import importlib
import re
from typing import Any

from citeproc import CitationStylesBibliography

from ..errors import BuildError, Problem
from . import reading

__all__ = [
    "Bibliography",
    "check",
    "cite_after",
    "collapse_same_author",
    "install",
    "page_range",
    "punctuation_in_quote",
    "smart_apostrophes",
    "substitute_authors",
    "title_case",
]

# As pyproject.toml bounds citeproc-py. The corrections were made, and the names below
# read, on 0.11; a minor release may rename what they replace, so the next is refused.
LOWEST, BELOW = (0, 6), (0, 12)
REQUIRED = f">={LOWEST[0]}.{LOWEST[1]},<{BELOW[0]}.{BELOW[1]}"

# Every citeproc-py name used past its documented interface, with the parameters relied
# on (None: a class or a value, which must only exist). The replacements take the
# parameters, under the same names, of the methods they replace.
PRIVATE: dict[tuple[str, str], tuple[str, ...] | None] = {
    ("citeproc.model", "TextCased._stop_words"): None,
    ("citeproc.model", "TextCased.case"): ("self", "text", "language"),
    ("citeproc.model", "Name.initialize"): ("self", "given", "mark", "context"),
    ("citeproc.model", "If.render"): ("self", "item", "context", "delimiter"),
    ("citeproc.model", "Affixed.wrap"): ("self", "string"),
    ("citeproc.model", "ConditionFailed"): None,
    ("citeproc.model", "Substitute.add_to_repressed_list"): ("self", "child", "context"),
    ("citeproc.model", "If._is_numeric"): ("self", "item"),
    ("citeproc.model", "Label.process"): ("self", "item", "variable", "plural", "context"),
    ("citeproc.model", "Label._is_plural"): ("self", "item"),
    ("citeproc.string", "NoCase"): None,
    ("citeproc.string", "String.words"): ("self",),
    ("citeproc.source", "CitationItem.bibliography"): None,
    ("citeproc.frontend", "CitationStylesStyle.render_citation"): ("self", "citation", "cites", "callback"),
}


def check() -> None:
    """Raise BuildError unless citeproc-py is a version these corrections fit, with every name they use."""
    import citeproc

    version = str(getattr(citeproc, "__version__", "unknown"))
    needs = f"dossier needs citeproc-py {REQUIRED}; found {version}"
    match = re.match(r"(\d+)\.(\d+)", version)
    if match is None or not LOWEST <= (int(match[1]), int(match[2])) < BELOW:
        raise BuildError([Problem("citeproc-py", None, needs)])
    missing = [
        f"{module}.{path}" for (module, path), params in PRIVATE.items() if not _has(module, path, params)
    ]
    if missing:
        raise BuildError([Problem("citeproc-py", None, f"{needs} without {name}") for name in missing])


def _has(module: str, path: str, params: tuple[str, ...] | None) -> bool:
    try:
        value = functools.reduce(getattr, path.split("."), importlib.import_module(module))
    except (ImportError, AttributeError):
        return False
    code = getattr(value, "__code__", None)
    return params is None or (code is not None and code.co_varnames[: len(params)] == params)


_installed = False
# citeproc-py's own methods, which the replacements call.
ORIGINAL: dict[str, Any] = {}


def install() -> None:
    """Make corrections 1-3, 7, 9 and 10 in citeproc-py's classes (idempotent; lasts for
    the process).

    Raises BuildError, before anything is replaced, if citeproc-py is not what they fit.
    """
    global _installed
    if _installed:
        return
    check()
    from citeproc.model import Affixed, If, Label, Name, Substitute, TextCased

    ORIGINAL.update(
        case=TextCased.case,
        initialize=Name.initialize,
        render_if=If.render,
        wrap=Affixed.wrap,
        repress=Substitute.add_to_repressed_list,
        is_numeric=If._is_numeric,
        label=Label.process,
        label_plural=Label._is_plural,
    )
    TextCased._stop_words = sorted(set(TextCased._stop_words) | set(EXTRA_STOP_WORDS))
    TextCased.case = _title_case
    Name.initialize = _initialize_unless_asked_not_to
    If.render = _render_if
    Affixed.wrap = _wrap_escaped
    Substitute.add_to_repressed_list = _repress_macro_variables
    If._is_numeric = _is_numeric
    Label.process = _label_with_its_variable
    Label._is_plural = _is_plural
    _installed = True


class Bibliography(CitationStylesBibliography):  # type: ignore[misc]  # citeproc-py has no types
    """citeproc-py's bibliography, knowing which sources CSL disambiguation must tell apart (2)."""

    ambiguous_keys: frozenset[str] = frozenset()


def cite_after(bib: Bibliography, citation: Any, history: list[Any]) -> str:
    """`citation` formatted as if `history` were the cites before it.

    citeproc-py works out a cite's position (first, subsequent, ibid) from the cites
    formatted before it; notes.py decides positions itself, and gives the history that
    yields each one.
    """
    return str(bib.style.render_citation(citation, history, lambda _: None))


# 1. Title case. citeproc-py knows only the CSL 1.0 stop words, so "Charges against Kem
#    Sokha" became "Charges Against Kem Sokha". citeproc-js also keeps prepositions
#    such as these in lower case.
EXTRA_STOP_WORDS = [
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "alongside",
    "amid",
    "amidst",
    "among",
    "amongst",
    "around",
    "aside",
    "astride",
    "athwart",
    "atop",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "circa",
    "despite",
    "during",
    "except",
    "inside",
    "lest",
    "like",
    "near",
    "next",
    "notwithstanding",
    "off",
    "out",
    "per",
    "plus",
    "pro",
    "qua",
    "sans",
    "since",
    "than",
    "through",
    "throughout",
    "toward",
    "towards",
    "under",
    "underneath",
    "until",
    "unto",
    "upon",
    "versus",
    "v",
    "vs",
    "vs.",
    "v.",
    "within",
    "without",
]


# 1b. Hyphenated words: citeproc-js title-cases each part ("Pre-Trial"); citeproc-py
#     only the first. Title case is redone here word by word, part by part.
def _title_part(part: str, stop_words: set[str], first: bool) -> str:
    if not part.islower():
        return part  # "MPs", "ASEAN", already capitalised: left alone, as both processors do
    # After an opening quotation mark the word's first letter ('"determined' -> '"Determined').
    at = len(part) - len(part.lstrip("\"'\u2018\u201c"))
    if first or part[at:] not in stop_words:
        return part[:at] + part[at : at + 1].upper() + part[at + 1 :]
    return part


def supplied(text: str) -> bool:
    """A title the writer supplied, in square brackets, where the source has none: a
    description, never title-cased or quoted as if it were the source's own words."""
    text = text.strip()
    return text.startswith("[") and text.endswith("]")


def _title_case(self: Any, text: Any, language: Any = None) -> Any:
    if supplied(str(text)):
        return text
    if self.get("text-case") != "title" or language not in (None, "en"):
        return ORIGINAL["case"](self, text, language)
    from citeproc.string import NoCase

    stop_words = set(self._stop_words)
    words, previous = [], ":"
    for word in text.words():
        if isinstance(word, NoCase):
            words.append(word)
        else:
            parts = str(word).split("-")
            cased = [
                _title_part(p, stop_words, i == 0 and previous in (":", ".")) for i, p in enumerate(parts)
            ]
            words.append(word.__class__("-".join(cased)))
        previous = str(word)[-1:] or previous
    return " ".join(words)


def title_case(text: str) -> str:
    """Plain text in the title case above, for the forms cite/oscola.py writes itself."""
    if supplied(text):
        return text
    stop_words = set(_stop_words())
    words, previous = [], ":"
    for word in text.split(" "):
        parts = word.split("-")
        cased = [_title_part(p, stop_words, i == 0 and previous in (":", ".")) for i, p in enumerate(parts)]
        words.append("-".join(cased))
        previous = word[-1:] or previous
    return " ".join(words)


def _stop_words() -> list[str]:
    from citeproc.model import TextCased

    return sorted(set(TextCased._stop_words) | set(EXTRA_STOP_WORDS))


# 1c. `initialize="false"`: the style asks for given names in full ("Jane Doe");
#     citeproc-py reduced them to initials whenever initialize-with was set.
#     A given name that is only initials ("J. A. G.") is still written with the style's
#     initialize-with, as the CSL specification says and citeproc-js does ("JAG").
def _initialize_unless_asked_not_to(self: Any, given: Any, mark: str, context: Any) -> Any:
    only_initials = re.fullmatch(r"(?:\s*[A-Z]\.)+\s*", str(given))
    if self.get("initialize", "true").lower() == "false" and not only_initials:
        return given
    return ORIGINAL["initialize"](self, given, mark, context)


# 2. `disambiguate="true"`: citeproc-py ignores the condition, so such a branch always
#    rendered (OSCOLA printed the short title in every subsequent note). Here it holds
#    for the keys in `Bibliography.ambiguous_keys`, which notes.py computes as CSL says:
#    sources whose cites would otherwise read the same.
def _render_if(self: Any, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
    if self.get("disambiguate") == "true":
        from citeproc.model import ConditionFailed

        try:
            ambiguous: frozenset[str] = getattr(item.bibliography, "ambiguous_keys", frozenset())
        except AttributeError:  # an item not yet in a citation has no bibliography
            ambiguous = frozenset()
        holds = item.key in ambiguous
        if self.get("match") == "none":
            holds = not holds
        if not holds:
            raise ConditionFailed
    return ORIGINAL["render_if"](self, item, context=context, delimiter=delimiter, **kwargs)


# 2b. Affixes are text, but citeproc-py puts them into its HTML unescaped: OSCOLA's
#     " <" and ">" around a URL broke the markup (and the URL vanished from the PDF).
def _wrap_escaped(self: Any, string: Any) -> Any:
    prefix, suffix = self.get("prefix", ""), self.get("suffix", "")
    if not any(c in prefix + suffix for c in "<>&"):
        return ORIGINAL["wrap"](self, string)
    if string is None:
        return None
    return html.escape(prefix, quote=False) + string + html.escape(suffix, quote=False)


# 3. Typographic apostrophes: citeproc-js prints "Sokha’s" where the data has "Sokha's".
# 3. Substitution through a macro. CSL: a variable printed in place of the author is
#    suppressed in the rest of the citation. citeproc-py suppresses a substituted
#    `<text variable=...>` only; OSCOLA substitutes `<text macro="title"/>`, so a source
#    without an author printed its title twice ("‘T’, ‘T’ (2024)"). The variables the
#    macro prints are suppressed too.
def _repress_macro_variables(self: Any, child: Any, context: Any) -> None:
    ORIGINAL["repress"](self, child, context)
    macro = child.get("macro")
    if macro is None:
        return
    repressed = context.get_layout().repressed
    for element in child.get_macro(macro).iter():
        variable = element.get("variable")
        if variable is not None:
            for name in variable.split():
                repressed.setdefault(element.tag, []).append(name)


# 7. `is-numeric="locator"`: citeproc-py looks for the locator among the item's variables,
#    where it never is, so the condition always failed: Chicago printed "3" for chapter 3
#    where citeproc-js prints "chap. 3". The locator's own value is tested here.
# 10. A number of digits joined by slashes ("28749/18", an application number) is one
#    number to citeproc-js, singular: Chicago prints "No. 28749/18". citeproc-py took it
#    for text, and Chicago's label went missing ("28749/18").
def _is_numeric(self: Any, item: Any) -> list[Any]:
    results: list[Any] = ORIGINAL["is_numeric"](self, item)
    for index, name in enumerate(self.get("is-numeric").split()):
        if name == "locator":
            if getattr(item, "has_locator", False):
                value = str(item.locator.identifier)
                results[index] = bool(re.fullmatch(r"[A-Z]*\d+[A-Z]*", value, re.I) or _slashed(value))
        elif not results[index]:
            results[index] = _slashed(_value(item, name))
    return results


def _is_plural(self: Any, item: Any) -> bool:
    """Whether a label takes its plural (10: "No. 28749/18", not "Nos.")."""
    name = self.get("variable")
    value = str(item.locator.identifier) if name == "locator" and item.has_locator else _value(item, name)
    return False if _slashed(value) else bool(ORIGINAL["label_plural"](self, item))


def _slashed(value: str) -> bool:
    return re.fullmatch(r"\d+(?:/\d+)+", value.strip()) is not None


def _value(item: Any, name: str | None) -> str:
    """An item's CSL variable as text; "" when the item has none."""
    if not name:
        return ""
    value = item.reference.get(name.replace("-", "_"))
    return "" if value is None else str(value)


# 9. A `cs:label` is printed only when its variable has a value (CSL 1.0.2, "Label");
#    citeproc-py printed the term alone: Chicago gave "…, edition, n.d." and
#    "Edition." for an entry without an edition, where citeproc-js prints nothing. A
#    label of names (given its variable by cs:names) is left to citeproc-py.
def _label_with_its_variable(
    self: Any, item: Any, variable: Any = None, plural: Any = None, context: Any = None, **kwargs: Any
) -> Any:
    if variable is None:
        name = self.get("variable")
        present = item.has_locator if name == "locator" else bool(_value(item, name).strip())
        if not present:
            return None
    return ORIGINAL["label"](self, item, variable=variable, plural=plural, context=context, **kwargs)


# 8. page-range-format: citeproc-py applies it to the page variable only; citeproc-js also
#    to a locator of the page type ("130–38" in Chicago). Written here from the CSL
#    specification's rules, for notes.py to apply to page locators.
def page_range(text: str, form: str | None) -> str:
    """A page locator's ranges ("130-138, 201") in the style's page-range-format."""
    if not form or form == "expanded":
        return re.sub(r"(\d+)\s*[-\u2013]+\s*(\d+)", "\\1\u2013\\2", text)
    return re.sub(r"(\d+)\s*[-\u2013]+\s*(\d+)", lambda m: f"{m[1]}\u2013{_last(m[1], m[2], form)}", text)


def _last(first: str, last: str, form: str) -> str:
    if len(first) != len(last):
        return last
    common = len(_common_prefix(first, last))
    if form.startswith("chicago"):
        number = int(first)
        if number < 100 or number % 100 == 0:
            return last
        if form != "chicago-16" and len(first) >= 4 and len(first) - common >= 3:
            return last  # "1496–1504" (Chicago 15): three digits change
        form = "minimal" if number % 100 < 10 else "minimal-two"
    if form == "minimal":
        return last[common:] or last[-1]
    if form == "minimal-two":
        return last[min(common, len(first) - 2) :]
    return last


def smart_apostrophes(text: str) -> str:
    return text.replace("'", "\u2019")


def _common_prefix(a: str, b: str) -> str:
    """Characters the two texts share from the start (char by char is meant here)."""
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return a[:length]


# 4. subsequent-author-substitute: citeproc-py ignores it; citeproc-js replaces the
#    author of an entry that repeats the entry above with the given text ("——").
def substitute_authors(entries: list[str], authors: list[str], substitute: str | None) -> list[str]:
    if not substitute:
        return entries
    result: list[str] = []
    for index, (entry, author) in enumerate(zip(entries, authors, strict=True)):
        if index and author and author == authors[index - 1]:
            shared = _common_prefix(entry, entries[index - 1])
            cut = max(shared.rfind(","), shared.rfind("."))
            if cut > 0:
                entry = reading.same_author(substitute, entry[:cut]) + entry[cut:]
        result.append(entry)
    return result


# 5. punctuation-in-quote (American English locales): citeproc-py leaves a comma or full
#    stop after the closing quotation mark; citeproc-js moves it inside.
def punctuation_in_quote(text: str) -> str:
    return text.replace("\u201d,", ",\u201d").replace("\u201d.", ".\u201d").replace("\u2019,", ",\u2019")


# 6. collapse="year": citeproc-py prints "(Amnesty International 2018; Amnesty
#    International 2024)"; citeproc-js gives "(Amnesty International 2018, 2024)".
def collapse_same_author(parts: list[str], authors: list[str], delimiter: str) -> list[str]:
    result: list[str] = []
    for index, part in enumerate(parts):
        if index and authors[index] and authors[index] == authors[index - 1] and result:
            shared = _common_prefix(part, parts[index - 1])
            cut = shared.rfind(" ")
            if cut > 0:
                result[-1] = result[-1] + delimiter + part[cut + 1 :]
                continue
        result.append(part)
    return result
