"""BibTeX as Zotero and Better BibTeX export it, into the CSL-JSON items the styles get."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dossier.content.bibtex import read_sources
from dossier.content.load import TextFile
from dossier.errors import Problems


def convert(entry: str, tmp_path: Path) -> tuple[dict[str, Any], list[str]]:
    problems = Problems(tmp_path)
    sources, _ = read_sources(TextFile(tmp_path / "sources.bib", entry), problems)
    (source,) = sources.values()
    return source.csl, [p.message for p in problems.items]


def test_an_articles_number_is_its_issue(tmp_path: Path) -> None:
    item, problems = convert(
        "@article{a, author={Smith, Jane}, title={T}, journaltitle={HRLR}, volume={21}, number={3},"
        " pages={520--540}, date={2021}}",
        tmp_path,
    )
    assert (item["issue"], "number" in item, item["page"]) == ("3", False, "520\u2013540")
    assert problems == []


def test_langid_keeps_a_foreign_title_out_of_title_case(tmp_path: Path) -> None:
    item, problems = convert(
        "@book{b, author={Muster, Max}, title={Die Rechte der Verteidigung}, langid={ngerman}, date={2020}}",
        tmp_path,
    )
    assert item["language"] == "de" and problems == []
    unknown, problems = convert("@book{c, author={A, B}, title={T}, langid={klingon}, date={2020}}", tmp_path)
    assert "language" not in unknown
    assert problems == [
        "source 'c': not carried into citations: langid = klingon (a language dossier does not know)"
    ]


def test_a_statute_in_a_treaty_series_is_a_treaty(tmp_path: Path) -> None:
    item, problems = convert(
        "@legislation{iccpr, title={International Covenant on Civil and Political Rights},"
        " shorttitle={ICCPR}, journaltitle={UNTS}, volume={999}, pages={171}, date={1966-12-16},"
        " eventdate={1976-03-23}}",
        tmp_path,
    )
    assert item["type"] == "treaty"
    assert item["event-date"] == {"date-parts": [[1976, 3, 23]]}
    assert problems == []
    explicit, _ = convert("@legislation{t, title={T}, entrysubtype={treaty}, date={2000}}", tmp_path)
    assert explicit["type"] == "treaty"
    law, _ = convert(
        "@legislation{l, title={Criminal Code}, number={NS/RKM/1109/022}, date={2009}}", tmp_path
    )
    assert law["type"] == "legislation"


def test_a_debate_exported_as_jurisdiction_is_not_a_case(tmp_path: Path) -> None:
    item, problems = convert(
        "@jurisdiction{hc, entrysubtype={debate}, institution={House of Commons}, date={1977-02-03},"
        " volume={925}, pages={973}}",
        tmp_path,
    )
    assert (item["type"], item["authority"]) == ("hearing", "House of Commons")
    assert problems == []  # a debate needs no title


def test_a_case_needs_a_name_or_a_court_and_number(tmp_path: Path) -> None:
    item, problems = convert(
        "@jurisdiction{bverfg, institution={Bundesverfassungsgericht}, number={1 BvR 370/07},"
        " date={2008-02-27}}",
        tmp_path,
    )
    assert (item["type"], item["authority"], problems) == ("legal_case", "Bundesverfassungsgericht", [])
    nameless = Problems(tmp_path)
    read_sources(TextFile(tmp_path / "s.bib", "@jurisdiction{x, institution={Court}, date={2008}}"), nameless)
    assert [p.message for p in nameless.items] == ["source 'x' has no title"]


def test_a_report_issued_by_a_body_needs_no_author(tmp_path: Path) -> None:
    item, problems = convert(
        "@report{wgad, institution={Working Group on Arbitrary Detention}, title={Opinion No 9/2018},"
        " number={A/HRC/WGAD/2018/9}, date={2018-04-20}}",
        tmp_path,
    )
    assert (item["publisher"], item["number"], problems) == (
        "Working Group on Arbitrary Detention",
        "A/HRC/WGAD/2018/9",
        [],
    )
    authorless = Problems(tmp_path)
    read_sources(TextFile(tmp_path / "s.bib", "@report{r, title={T}, date={2018}}"), authorless)
    assert [p.message for p in authorless.items] == [
        "source 'r' has no author (only court decisions, legislation, news, web pages and reports naming "
        "their institution may go without one)"
    ]


def test_a_blogs_name_is_its_container(tmp_path: Path) -> None:
    item, _ = convert(
        "@online{cole, author={Cole, Sarah}, title={Virtual Friend Fires Employee}, organization={Naked Law},"
        " date={2009-05-01}, url={http://www.nakedlaw.com/2009/05/index.html}, urldate={2009-11-19}}",
        tmp_path,
    )
    assert item["container-title"] == "Naked Law" and "publisher" not in item


def test_better_bibtex_newspaper_fields(tmp_path: Path) -> None:
    item, problems = convert(
        "@article{g, author={Greenwald, Glenn}, title={T}, journaltitle={The Guardian},"
        " journalsubtitle={World}, entrysubtype={newspaper}, location={London}, date={2013-06-06},"
        " pubstate={forthcoming}}",
        tmp_path,
    )
    assert (item["type"], item["publisher-place"], item["section"], item["status"]) == (
        "article-newspaper",
        "London",
        "World",
        "forthcoming",
    )
    assert problems == []


def test_a_version_is_carried(tmp_path: Path) -> None:
    item, problems = convert(
        "@online{db, author={{Example Project}}, title={Trial monitoring database}, version={2.1},"
        " url={https://example.org/db}}",
        tmp_path,
    )
    assert (item["version"], problems) == ("2.1", [])


def test_a_field_dossier_cannot_carry_is_named(tmp_path: Path) -> None:
    _, problems = convert("@book{b, author={A, B}, title={T}, date={2020}, origdate={1990}}", tmp_path)
    assert problems == ["source 'b': not carried into citations: origdate"]


def test_an_address_is_read_verbatim(tmp_path: Path) -> None:
    # A bare "&" is LaTeX's column separator: read as LaTeX, the address printed
    # "LangID=E NewsID=26376" and led nowhere.
    item, problems = convert(
        "@online{a, author={OHCHR}, title={T}, date={2020},"
        " url={https://www.ohchr.org/x.aspx?NewsID=26376&LangID=E#top%20}, doi={10.1000/a_b}}",
        tmp_path,
    )
    assert item["URL"] == "https://www.ohchr.org/x.aspx?NewsID=26376&LangID=E#top%20"
    assert item["DOI"] == "10.1000/a_b"
    escaped, _ = convert(
        r"@online{b, author={X}, title={T}, date={2020}, url={https://x.org/?a=1\&b=2\_c}}", tmp_path
    )
    assert escaped["URL"] == "https://x.org/?a=1&b=2_c"
    assert problems == []


def test_latex_quotes_become_typographic(tmp_path: Path) -> None:
    item, _ = convert(
        "@online{a, author={HKFP}, title={Charged with `Illegally Importing' Radios, ``Says'' Court},"
        " date={2020}}",
        tmp_path,
    )
    assert "`" not in item["title"] and "\u2018Illegally Importing\u2019" in item["title"]
    assert "\u201cSays\u201d" in item["title"]
