"""Values from BibTeX and YAML are text: none of them adds an element or attribute to the HTML.

The oracle: the same dossier rendered with the generated values and with plain "x" in
their place must have exactly the same elements and attributes; only text may differ.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path

import tinyhtml5
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.cite.notes import load_style
from dossier.content.validate import check_folder
from dossier.render.document import render_content, render_html, with_notes

from .conftest import MINIMAL

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
WORK = Path(tempfile.mkdtemp(prefix="dossier-escaping-"))


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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
