from pathlib import Path

from dossier.content.bibtex import read_sources
from dossier.content.load import TextFile
from dossier.content.models import Source
from dossier.errors import Problems


def read(text: str, tmp_path: Path) -> tuple[dict[str, Source], set[str], list[str]]:
    problems = Problems(tmp_path)
    sources, broken = read_sources(TextFile(tmp_path / "sources.bib", text), problems)
    return sources, broken, [f"{p.line}: {p.message}" for p in sorted(problems.items, key=lambda p: p.key)]


def test_corporate_author_and_month_macro(tmp_path: Path) -> None:
    sources, _, problems = read(
        "@misc{icj,\n  author = {{International Commission of Jurists}},\n"
        "  title = {A \\& B -- C},\n  year = 2022,\n  month = may,\n  day = {2}\n}\n",
        tmp_path,
    )
    assert problems == []
    item = sources["icj"].csl
    assert item["author"] == [{"literal": "International Commission of Jurists"}]
    assert item["title"] == "A & B \u2013 C"
    assert item["issued"] == {"date-parts": [[2022, 5, 2]]}
    assert str(sources["icj"].date) == "2 May 2022"


def test_silent_bibtexparser_cases_are_errors_with_lines(tmp_path: Path) -> None:
    text = (
        "@misc{a,\n  author = {{X}},\n  title = {T}\n  year = {2020}\n}\n"  # missing comma, line 3
        "@misc{b,\n  author = {{X}},\n  title = undefined,\n  year = {2020}\n}\n"  # macro, line 8
        "@{c,\n  author = {{X}},\n  title = {T}\n}\n"  # no type, line 11
        "@misc{d\n  author = {{X}},\n}\n"  # no comma after key, line 15
    )
    _, broken, problems = read(text, tmp_path)
    assert problems == [
        "3: missing comma after field 'title' (before 'year')",
        "8: field 'title': 'undefined' is not a defined @string macro; put text in braces",
        "11: entry 'c' has no type (write @misc{...})",
        "15: malformed BibTeX entry '@misc{d': expected a comma after the entry key",
    ]
    assert broken == {"a", "b", "c", "d"}


def test_duplicate_key(tmp_path: Path) -> None:
    text = "@misc{a,\n author={{X}},\n title={T}\n}\n\n@misc{a,\n author={{Y}},\n title={U}\n}\n"
    sources, _, problems = read(text, tmp_path)
    assert problems == ["6: duplicate source key 'a'"]
    assert sources["a"].csl["author"] == [{"literal": "X"}]


def test_missing_title(tmp_path: Path) -> None:
    _, _, problems = read("@misc{a,\n author={{X}}\n}\n", tmp_path)
    assert problems == ["1: source 'a' has no title"]


def test_reference_manager_export(tmp_path: Path) -> None:
    sources, _, problems = read(
        "@online{w,\n  author = {Kh{\\'e}mara Sok and {{Comit\\'e des droits}}},\n"
        "  title = {Rights -- and wrongs},\n  url = {https://example.org},\n  urldate = {2022-02-01},\n"
        "  date = {2022-01},\n  file = {a.pdf},\n  mendeley-tags = {x}\n}\n",
        tmp_path,
    )
    item = sources["w"].csl
    assert item["type"] == "webpage"
    assert item["author"] == [{"family": "Sok", "given": "Khémara"}, {"literal": "Comité des droits"}]
    assert item["title"] == "Rights – and wrongs"
    assert item["accessed"] == {"date-parts": [[2022, 2, 1]]}
    assert item["issued"] == {"date-parts": [[2022, 1]]}
    # A field no CSL variable carries is named in a warning; known noise (file) is not.
    assert problems == ["1: source 'w': not carried into citations: mendeley-tags"]


def test_biblatex_types(tmp_path: Path) -> None:
    text = "".join(
        f"@{kind}{{k{i},\n  author = {{{{A}}}},\n  title = {{T}},\n  year = {{2020}}\n}}\n"
        for i, kind in enumerate(["legislation", "jurisdiction", "report", "misc", "online", "article"])
    )
    sources, _, _ = read(text, tmp_path)
    assert [s.csl["type"] for s in sources.values()] == [
        "legislation",
        "legal_case",
        "report",
        "article",
        "webpage",
        "article-journal",
    ]
    assert [s.group for s in sources.values()][:3] == ["primary", "primary", "secondary"]
