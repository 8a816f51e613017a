"""Property-based tests: loaders and the citation parser never fail with an unhandled exception."""

from __future__ import annotations

import atexit
import shutil
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.content.bibtex import read_sources
from dossier.content.citations import CitationSyntaxError, find_citations
from dossier.content.load import TextFile, read_yaml
from dossier.content.safety import content_problems
from dossier.errors import Problems

SETTINGS = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text made mostly of the characters that matter to each format, so that the inputs
# are near misses rather than noise.
YAML_ALPHABET = string.ascii_letters[:8] + string.digits[:4] + ":-[]{}&*!|>'\"#\n\t ,"
BIB_ALPHABET = string.ascii_letters[:8] + string.digits[:4] + '@{}=,"#%\\\n '
CITE_ALPHABET = string.ascii_letters[:6] + string.digits[:3] + "[]@;,-. :"
# One folder for every example (hypothesis calls a test many times; pytest's tmp_path is made
# once per test), removed when the run ends: runs must not fill the disk's /tmp.
WORK = Path(tempfile.mkdtemp(prefix="dossier-properties-"))
atexit.register(shutil.rmtree, WORK, ignore_errors=True)


@SETTINGS
@given(st.text(alphabet=YAML_ALPHABET, max_size=200))
def test_yaml_loader_reports_or_loads(text: str) -> None:
    path = WORK / "events.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(WORK)
    loaded = read_yaml(path, path.read_text(encoding="utf-8"), problems)
    assert (loaded is None) == bool(problems.items)
    assert all(p.line is None or p.line >= 1 for p in problems.items)  # None: the whole file


@SETTINGS
@given(st.text(alphabet=BIB_ALPHABET, max_size=200))
def test_bibtex_reader_reports_or_reads(text: str) -> None:
    problems = Problems(WORK)
    sources, broken = read_sources(TextFile(WORK / "sources.bib", text), problems)
    assert all(p.line is None or p.line >= 1 for p in problems.items)
    assert not set(sources) & broken


@SETTINGS
@given(st.text(alphabet=CITE_ALPHABET, max_size=120))
def test_citation_parser_parses_or_says_why(text: str) -> None:
    try:
        citations = find_citations(text)
    except CitationSyntaxError as exc:
        assert "no @key" in str(exc)
        return
    for citation in citations:
        assert text[citation.start] == "[" and text[citation.end - 1] == "]"
        assert all(cite.key for cite in citation.cites)


@SETTINGS
@given(st.text(max_size=200))
def test_markdown_checks_accept_any_text(text: str) -> None:
    found = content_problems(text)
    for line, message in found.problems + found.images:
        assert line >= 0 and message
