"""Values from BibTeX and YAML are text: none of them adds an element or attribute to the HTML.

The oracle: the same dossier rendered with the generated values and with plain "x" in
their place must have exactly the same elements and attributes; only text may differ.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import tinyhtml5
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html  # type: ignore[import-untyped]

from dossier.cite.notes import load_style
from dossier.content.validate import check_folder
from dossier.render.document import render_content, render_html, with_notes

from .conftest import MINIMAL
from .helpers import release_first_edition

# Markup characters, quotes, and the pieces of a hostile link; no LaTeX specials ({}\%$#~^_)
# in BibTeX, which reference managers escape, and nothing that is citation syntax in affixes.
FIELD = st.text(alphabet="ab <>&\"'=/:.jv", min_size=1, max_size=40).map(lambda s: f"z{s}z")
AFFIX = st.text(alphabet="ab >&\"'=/:.jv", min_size=1, max_size=30).map(lambda s: f"z{s}z")
HOSTILE = [
    '<a href="javascript:alert(1)">x</a>',
    '<img src="file:///etc/passwd">',
    "<script>alert(1)</script>",
    "&lt;b&gt; & <b>",
]
# One folder for every example (hypothesis calls a test many times; pytest's tmp_path is made
# once per test), removed when the run ends: runs must not fill the disk's /tmp.
WORK = Path(tempfile.mkdtemp(prefix="dossier-escaping-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)


def structure(html: str) -> Counter[tuple[str, tuple[tuple[str, str], ...]]]:
    """Every element with its attributes, as WeasyPrint's own HTML parser reads them."""
    tree = tinyhtml5.parse(html)
    return Counter((e.tag, tuple(sorted(e.attrib.items()))) for e in tree.iter())


def render(
    title: str, institution: str, url: str, author: str, prefix: str, suffix: str, locator: str
) -> str:
    folder = WORK / "case"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(MINIMAL, folder)
    bib = (folder / "sources.bib").read_text()
    bib = bib.replace(
        "  title = {Testland: release A. Example},",
        f"  title = {{{title}}},\n  institution = {{{institution}}},\n  url = {{{url}}},",
    ).replace("author = {{Testland City Court}}", f"author = {{{{{author}}}}}")
    (folder / "sources.bib").write_text(bib)
    background = (folder / "background.md").read_text()
    (folder / "background.md").write_text(
        background.replace("[see @ngo2023]", f"[{prefix} @ngo2023 {suffix}]")
    )
    positions = (folder / "positions.yaml").read_text()
    quoted = locator.replace("'", "''")
    (folder / "positions.yaml").write_text(
        positions.replace("    source: ngo2023\n", f"    source: ngo2023\n    locator: '{quoted}'\n", 1)
    )
    dossier, _ = check_folder(folder)
    rendered = render_content(dossier, load_style(dossier.metadata.citation_style, folder))
    page = render_html(dossier, rendered)
    return with_notes(page, rendered)


BASELINE: Counter[tuple[str, tuple[tuple[str, str], ...]]] | None = None


def baseline() -> Counter[tuple[str, tuple[tuple[str, str], ...]]]:
    global BASELINE
    if BASELINE is None:
        BASELINE = structure(render("x", "x", "x", "x", "x", "x", "x"))
    return BASELINE


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.one_of(FIELD, st.sampled_from(HOSTILE)),
    institution=st.one_of(FIELD, st.sampled_from(HOSTILE)),
    url=st.one_of(FIELD, st.sampled_from(["javascript:alert(1)", "file:///etc/passwd"])),
    author=FIELD,
    prefix=AFFIX,
    suffix=AFFIX,
    locator=st.one_of(FIELD, st.sampled_from(HOSTILE)),
)
def test_no_element_or_attribute_comes_from_content(
    title: str, institution: str, url: str, author: str, prefix: str, suffix: str, locator: str
) -> None:
    html = render(title, institution, url, author, prefix, suffix, locator)
    assert structure(html) == baseline()


def test_hostile_bibtex_prints_as_text() -> None:
    html = render(HOSTILE[0], HOSTILE[1], "javascript:alert(1)", HOSTILE[2], "see", "and", HOSTILE[0])
    assert structure(html) == baseline()
    assert "&lt;a href=&#34;javascript" in html or '&lt;a href="javascript' in html
    assert "<script>" not in html and "<img" not in html


# -- text stays text from every road in: content, BibTeX and a released edition ----------

# Markdown, HTML and quoting characters, and what must never reach a page, a terminal or a
# message: terminal escapes, a bell, a direction override and isolate, DEL and a C1 control.
PLAIN = "ab *[]()!<>&\"'`:/.@="
FORBIDDEN_HERE = "\x1b\x07\u202e\u2067\x7f\x85"
CLEAN = st.text(alphabet=PLAIN, min_size=1, max_size=16).map(lambda s: "z" + " ".join(s.split()) + "z")
DIRTY = st.tuples(CLEAN, st.sampled_from(FORBIDDEN_HERE), CLEAN).map(lambda t: t[0] + t[1] + t[2])


def _released_minimal() -> Path:
    """The minimal fixture with its edition 1 released, made once."""
    folder = WORK / "released"
    if not folder.exists():
        shutil.copytree(MINIMAL, folder)
        release_first_edition(folder)
    return folder


def _seen(text: str) -> str:
    """Text as a reader compares it: the typesetter's no-break and zero-width spaces and
    non-breaking hyphens read as the characters they stand for, runs of spaces as one."""
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\u2011", "-")
    return " ".join(text.split())


def _case(label: str, title: str, stored: str) -> Path:
    """The released minimal fixture with `label` on an event (through YAML's escapes: json.dumps
    writes "\\u001b"), `title` on a source new since edition 1 (raw in BibTeX), and `stored` as
    the label of an event edition 1 held (through JSON's escapes, as a hand or a merge could)."""
    import json

    folder = WORK / "case"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(_released_minimal(), folder)
    events = (folder / "events.yaml").read_text()
    (folder / "events.yaml").write_text(
        events.replace("  kind: judgment\n", f"  kind: judgment\n  label: {json.dumps(label)}\n", 1)
    )
    bib = (folder / "sources.bib").read_text()
    (folder / "sources.bib").write_text(
        bib.replace("title = {Testland: overturn the conviction}", f"title = {{{title}}}")
    )
    first = folder / "editions" / "1.json"
    data = json.loads(first.read_text())
    data["events"]["gone"] = {**data["events"]["arrest"], "id": "gone", "label": stored}
    data["sources"].pop("ngo2023")
    first.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
    return folder


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    label=st.one_of(CLEAN, DIRTY),
    title=st.one_of(CLEAN, DIRTY),
    stored=st.one_of(CLEAN, DIRTY),
)
def test_a_control_or_direction_character_is_refused_at_its_line(label: str, title: str, stored: str) -> None:
    import re

    from click.testing import CliRunner

    from dossier.characters import FORBIDDEN
    from dossier.cli import main

    values = (("events.yaml", label), ("sources.bib", title), ("1.json", stored))
    refused = [name for name, value in values if FORBIDDEN.search(value)]
    folder = _case(label, title, stored)
    result = CliRunner().invoke(main, ["check", str(folder)])
    if not refused:
        assert result.exit_code == 0, result.output
        return
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if not re.match(r"\d+ errors? in", line)]
    # Every one at once, each at its file and line; nothing the values held reaches the terminal.
    assert sorted(re.sub(r":\d+: .*", "", line).rsplit("/", 1)[-1] for line in lines) == sorted(refused)
    assert all(re.search(r"\.(yaml|bib|json):\d+: ", line) for line in lines), lines
    assert not FORBIDDEN.search(result.output)


# Each example builds a PDF: no "explain" phase, which would build hundreds more on a failure.
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
)
@given(label=CLEAN, title=CLEAN, stored=CLEAN)
def test_a_plain_value_arrives_as_its_characters_in_the_pdf_diff_and_message(
    label: str, title: str, stored: str
) -> None:
    import re

    from click.testing import CliRunner

    from dossier.cli import main
    from dossier.content.base import typographic
    from dossier.content.changes import changes, grouped
    from dossier.content.edition_files import read_editions
    from dossier.content.editions import frozen
    from dossier.distribute.mail import build_message
    from dossier.distribute.recipients import Recipient

    from .pdfread import page_texts, squash

    folder = _case(label, title, stored)
    out = WORK / "out.pdf"
    result = CliRunner().invoke(main, ["build", str(folder), "-o", str(out), "--emit-html"])
    assert result.exit_code == 0, result.output
    page = lxml_html.fromstring(out.with_suffix(".layout.html").read_bytes())
    shown = {_seen(li.text_content()) for li in page.xpath('//ul[@class="changes"]/li')}
    # A BibTeX title is LaTeX ('' is a closing double quote): as the bibliography reads it.
    read = str(check_folder(folder)[0].sources["ngo2023"].csl["title"])
    expected = {
        f"Removed event: {_seen(typographic('Z' + stored[1:]))}, March 2020",
        f"1 new source in the bibliography: Example Watch 2023, ‘{_seen(typographic(read))}’",
    }
    assert expected <= shown, shown
    labels = {_seen(b.text_content()) for b in page.xpath('//td[@class="what"]/span[@class="kind"]/b')}
    assert _seen(typographic(label)) in labels, labels
    # The PDF shows the same characters.
    text = squash(re.sub(r"[\u2010-]\n", "", "\n".join(page_texts(out))))
    for words in expected:
        assert squash(words) in text, words
    # `dossier diff` and the message to a holder of edition 1: one line each, as written.
    diff = CliRunner().invoke(main, ["diff", str(folder)]).output
    assert f"Removed event: {'Z' + stored[1:]}, March 2020 [gone]" in diff
    dossier = check_folder(folder)[0]
    found = changes(read_editions(folder)[0][1], frozen(dossier))
    recipient = Recipient("Jane", "Dr", "P", "jane@parliament.example", "en", "", 2)
    context = {
        **{"title": "T", "edition": 2, "edition_date": "2024-07-01", "as_of": "2024-06-30", "author": "A"},
        **{"since": {"edition": 1, "groups": [(h, [c.words() for c in cs]) for h, cs in grouped(found)]}},
        **{"recipient": recipient, "copy_id": "ABCD-EFGH"},
    }
    body = build_message("b@ngo.example", "Jane", recipient.email, b"%PDF", "f.pdf", context).get_body()
    assert body is not None
    assert f"- Removed event: {'Z' + stored[1:]}, March 2020\n" in body.get_content()


def test_the_web_edition_of_hostile_content_gains_no_element_or_attribute_from_it() -> None:
    """The web edition reshapes the same escaped HTML (render/web.py): content still only text."""
    from dossier.render.web import web_edition

    plain = web_edition(render("x", "x", "x", "x", "x", "x", "x"), WORK / "case")
    hostile = web_edition(
        render(HOSTILE[0], HOSTILE[1], "javascript:alert(1)", "x", "see", "and", HOSTILE[2]), WORK / "case"
    )
    assert structure(hostile) == structure(plain)
    page = lxml_html.fromstring(hostile.encode())
    assert page.xpath("//script") == [] and page.xpath("//@*[starts-with(name(), 'on')]") == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile
