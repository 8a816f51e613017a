"""The full fixture, which uses every field of the content model, built once and read back from the PDF.

What a field holds must reach the page; what the content leaves out must read "Not stated in the
sources" or be left out, never a placeholder ("0 to 0", "None", "Pending"). Tests marked
xfail(strict=True) state what the briefing should print and does not yet: each reason says what
is wrong; once fixed, the test passes, strict xfail fails, and the marker is to be removed.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from dossier.build import Built, Settings, build
from dossier.cli import main
from dossier.content.validate import check_folder

from . import pdfread
from .conftest import FIXTURES
from .helpers import rendered
from .helpers import text as visible

FULL = FIXTURES / "full"

PROCEEDINGS = ["Incitement case", "Treason case", "Defamation case"]
# The charges that give only an id, an offence and sources.
BARE_CHARGES = ["Obstruction of a public official", "Defamation of a public official"]
NOT_STATED = "Not stated in the sources"


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("full") / "full.pdf"
    return build(FULL, out, Settings(emit_html=True))


def dehyphenated(full: Built, text: str) -> str:
    """Text without the hyphens the layout added where it broke a word across lines."""
    assert full.html is not None
    return pdfread.dehyphenated(text, pdfread.written(full.html.read_text()))


@pytest.fixture(scope="module")
def lines(full: Built) -> list[str]:
    """Every line of every page, in order."""
    return [line for page in pdfread.page_texts(full.pdf) for line in dehyphenated(full, page).splitlines()]


@pytest.fixture(scope="module")
def flat(full: Built) -> str:
    """The whole PDF's text on one line: line breaks in a PDF are not content."""
    return " ".join(dehyphenated(full, "\n".join(pdfread.page_texts(full.pdf))).split())


@pytest.fixture(scope="module")
def html(full: Built) -> str:
    assert full.html is not None
    return full.html.read_text()


def rows_after(lines: list[str], first: str, labels: list[str]) -> dict[str, str]:
    """The rows labelled `labels` that follow the first line starting with `first`: label -> value.

    A table broken across pages has the running header, footer and notes between its rows;
    each row is still one line, and the first row with a label after `first` is its own.
    """
    start = next(i for i, line in enumerate(lines) if line.startswith(first))
    rows = {}
    for label in labels:
        line = next(line for line in lines[start:] if line.startswith(f"{label} "))
        rows[label] = line.removeprefix(f"{label} ")
    return rows


def test_metadata_on_the_cover_and_in_the_pdf(full: Built, lines: list[str]) -> None:
    cover = lines[: lines.index("Contents")]
    for line in [
        "Two criminal proceedings, their courts stage by stage, and the positions",  # subtitle
        "Information as of 30 June 2024",
        "Edition 3, 1 July 2024",
        "Prepared by Test Research Unit",
        "Classification Public",
    ]:
        assert line in cover
    reader = PdfReader(full.pdf)
    assert reader.metadata is not None
    assert str(reader.metadata["/Keywords"]) == "Testland, fixture, every field"
    assert reader.metadata.title == "Testland: the cases against C. Sample"
    assert str(reader.root_object["/Lang"]) == "en-GB"


def test_subject_role_and_offices(lines: list[str], flat: str) -> None:
    # Printed since the change to render/document.py and briefing.html that shows the role on the
    # cover (on a line of its own, opening with a capital) and the offices in the key facts.
    assert "Former deputy speaker of the Testland National Assembly" in lines[: lines.index("Contents")]
    assert (
        "Offices Member of the Testland National Assembly (2008 to November 2019); "
        "Deputy Speaker of the Testland National Assembly (from 24 September 2013; ended, date not stated)"
    ) in flat


def test_every_proceeding_has_its_heading_and_key_fact(lines: list[str]) -> None:
    for title in PROCEEDINGS:
        assert title in lines, f"no heading {title!r}"
        assert any(line.startswith(f"{title} ") for line in lines), f"no key fact for {title!r}"
    assert lines.index("Incitement case") < lines.index("Treason case") < lines.index("Defamation case")


def test_stage_rows(flat: str) -> None:
    for row in [
        "First instance Testland City Court (case CC-2021-042): opened 18 January 2021; convicted, "
        "30 June 2021; 4 years and 8 months in all, the terms served consecutively;",
        "Appeal Testland Court of Appeal: opened September 2021; upheld, 14 February 2022 (worked out)",
        # An investigation is led by a body, not a court.
        "Investigation Investigating body not named in the sources: opened February 2020",
        # A stage's judges, after its court.
        "First instance Testland Criminal Court (Judges G. Judge and H. Judge): opened 2 May 2023; "
        "convicted, 15 September 2023; life imprisonment",
        "Appeal Court not named in the sources: opened January 2024; pending",
        "First instance Court not named in the sources: opened March 2024",
    ]:
        assert row in flat


def test_a_stage_whose_date_the_sources_differ_on_gives_each_with_its_source(full: Built, flat: str) -> None:
    """As an event's dates: who gives which, each cited (helper-38: the Court of Cassation's
    decision, 27 or 28 September 2023, could only be one date in the Charges table while the
    timeline said both)."""
    found = re.search(
        r"Cassation Testland Court of Cassation: opened 2022; sentence reduced, 1 March 2023 "
        r"\(Testland Court of Cassation\)(\d+) or 2 March 2023 \(The Testland Times\)(\d+); "
        r"2 years and 6 months \(suspended\)(\d+) ",
        flat,
    )
    assert found, flat[flat.index("Cassation Testland") :][:300]
    notes = rendered(full).notes
    # The row's own note after the sentence cites the sentence's sources, though a date cites
    # one of them (helper-39: it was left with the stage's other sources alone).
    assert [list(notes[int(n) - 1].keys) for n in found.groups()] == [
        ["cassation2023"],
        ["times2024"],
        ["cassation2023"],
    ]


def test_sentences_with_their_terms_and_currencies(flat: str) -> None:
    assert "4 years and 8 months" in flat
    assert "life imprisonment" in flat
    assert "a fine of USD 5,000" in flat
    assert "damages of EUR 20,000" in flat
    assert "barred from standing for office for five years" in flat
    assert (
        "The sentence: The Court of Cassation reduced the term to 2 years and 6 months and suspended it."
        in flat
    )
    assert "The sentence: The court imposed life imprisonment." in flat


def test_key_facts_give_the_sentence_that_stands(flat: str) -> None:
    assert (
        "Incitement case Testland Court of Cassation; status: final; "
        "sentence: 2 years and 6 months (suspended); reduced to 2 years by the Testland Ministry "
        "of Justice on 20 December 2023; remitted (for Obstruction of a "
        "public official) by an amnesty of the President of Testland on 10 January 2024 (p. " in flat
    )
    # A status that can still change is dated: here by a report later than the last stage.
    assert (
        "Treason case Testland Criminal Court; status: convicted, on appeal, as last reported4 on "
        "15 January 2024; sentence: life imprisonment" in flat
    )
    assert (
        "Defamation case Court not named in the sources; status: not stated in the sources; "
        "faces up to 2 years (p. " in flat
    )


def test_penalty_ranges(lines: list[str]) -> None:
    ranges = [line.removeprefix("Penalty range ") for line in lines if line.startswith("Penalty range ")]
    assert ranges == [
        "6 months to 2 years and 6 months and a fine of up to TLD 4,000,000",
        NOT_STATED,
        "20 years to life imprisonment",
        "Up to 5 years",
        NOT_STATED,
    ]


def test_charge_with_every_field(lines: list[str]) -> None:
    rows = rows_after(
        lines,
        "Offence as charged Incitement to “serious social disorder”",
        ["Legal instrument", "Date charged", "Status of the charge"],
    )
    assert rows == {
        "Legal instrument": "Testland Penal Code, article 495",
        "Date charged": "12 November 2019",
        "Status of the charge": "Final",
    }


@pytest.mark.parametrize("offence", BARE_CHARGES)
def test_charge_without_instrument_penalty_or_date_says_not_stated(lines: list[str], offence: str) -> None:
    labels = ["Legal instrument", "Penalty range", "Date charged", "Status of the charge"]
    assert rows_after(lines, f"Offence as charged {offence}", labels) == dict.fromkeys(labels, NOT_STATED)


def test_case_number_and_co_defendants(full: Built, lines: list[str], flat: str) -> None:
    """Each row is cited: its own sources (the first), else its proceeding's (the second);
    where the sources differ on the number, each version with who gives it and its note
    (helper-38: "16 or 17 defendants tried together (sources differ)" had no note at all)."""
    assert "Case number CR-2020-0117" in lines
    rows = re.findall(r"Co-defendants (.+?) (?:First instance|Investigation|Maximum faced) ", flat)
    call = r"(?<=[a-z).])(\d+)(?= |$)"  # a note's number, after a word, a bracket or a full stop
    assert [re.sub(call, "", row) for row in rows] == [
        "4, among them D. Other and E. Another Number worked out: The report names two and says "
        "“two more” stood trial with them.",
        "F. Third",
        "Sources differ: 3 (Testland Online) or 4 (The Testland Times) defendants tried together",
    ]
    notes = rendered(full).notes
    cited = [[list(notes[int(n) - 1].keys) for n in re.findall(call, row)] for row in rows]
    assert cited == [
        [["times2024"], ["times2024"]],
        [["criminalcourt2023", "times2024"]],
        [["onlinenews2024"], ["times2024"]],
    ]


def test_status_the_content_leaves_unknown(lines: list[str], flat: str) -> None:
    statuses = [line for line in lines if line.startswith("Status of the case ")]
    assert [re.sub(r"\d+$", "", s) for s in statuses] == [
        "Status of the case Final",
        "Status of the case Convicted, on appeal",
        f"Status of the case {NOT_STATED}",
    ]
    # No status or outcome of the content is pending but one appeal, printed in its stage row.
    assert "Pending" not in flat
    assert flat.count("pending") == 1


def test_event_labels_and_kinds(flat: str, lines: list[str]) -> None:
    table = [
        ("Arrest", "Testland police"),
        ("Immunity amendment", "Testland National Assembly"),  # constitutional_amendment, labelled
        ("Application lodged", "UN Working Group on Arbitrary Detention"),
        ("WGAD opinion", "UN Working Group on Arbitrary Detention"),  # un_opinion, labelled
        ("Regional court judgment", "Regional Court of Human Rights"),  # international_judgment
        ("Supervisory decision", "Committee of Ministers of the Region"),
        ("Treason verdict", "Testland Criminal Court"),
    ]
    for label, body in table:
        # The table sets the label in capitals (CSS), which the PDF's text keeps.
        assert f"{label.upper()} · {body}" in flat
    timeline = pdfread.squash(" ".join(lines))
    for label, when in [
        ("Immunity amendment", "Jan 2020"),
        ("WGAD opinion", "Mar 2021"),
        ("Treason verdict", "15 Sep 2023"),
    ]:
        assert pdfread.squash(label + when) in timeline
    assert "released under judicial supervision" in flat
    # Not carried past its last report (15 January 2024; as of 30 June 2024), which is cited.
    assert "Custody status Imprisoned since 15 September 2023, as last reported5 on 15 January 2024" in flat
    # Where the sources differ, each version; the timeline's key says how far custody is reported.
    assert re.search(
        r"Custody after: The sentence is reduced and suspended\.\d+ Sources differ: released under", flat
    )
    key = "Sources differ: released under judicial supervision or house arrest; Not reported after 15 January"
    assert key in flat


def test_positions(flat: str, html: str) -> None:
    names = (
        "Example Watch, Regional Court of Human Rights, UN Working Group on Arbitrary Detention, "
        "Testland Human Rights Commission, Parliament of Samplia"
    )
    # The sources differ on how many signed: both counts, said so.
    joint = "Joint statement of 8 or 9 organisations (sources differ), 5 of them named here"
    assert f"{names}, December 2022 {joint}" in flat
    assert "Example Watch, 1 February 2020 Non-governmental organisation" in flat
    assert "B. Speaker, Director" in flat
    # What a statement says, as written, before what it calls for; a statement that calls for
    # nothing has no "Calls for:" (helper-38: a ministry's rebuttal printed as a call).
    said = re.search(
        r"Example Watch described the prosecution as punishment for a speech\.(\d+) Calls for: ", flat
    )
    assert said is not None
    assert re.search(
        rf"{re.escape(joint)} They found that Testland had not carried out the regional court’s "
        r"judgment\.\d+ (?!Calls for)",
        flat,
    )
    assert flat.count("Calls for:") == 2
    # A position's date worked out is marked in its heading, and how, under it.
    assert (
        "UN Working Group on Arbitrary Detention, March 2021 (worked out) United Nations body "
        "Date worked out: The opinion is dated only by its session, held in March 2021." in flat
    )
    # The quotation without a speaker has no attribution line.
    quote = re.search(
        r"<blockquote>(?:(?!</blockquote>).)*deprivation of liberty.*?</blockquote>", html, re.S
    )
    assert quote is not None and "<footer>" not in quote[0]


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b0\s*[–-]\s*0\b",
        r"\b0 to 0\b",
        r"\bNone\b",
        r"\bnull\b",
        r"\b0 (years?|months?|days?)\b",
        r"\b1 (years|months|days)\b",
        r"punishable by\s*($|[;,.(])",
        r"\b[a-z]+_[a-z_]+\b",  # an enum value printed as stored (first_instance, un_body)
        r"\bunknown\b",
        r"\(\s*\)",
    ],
)
def test_no_placeholder(flat: str, html: str, pattern: str) -> None:
    body = html.split("<body", 1)[1]
    for where, text in (("PDF", flat), ("HTML", visible(body))):
        found = re.search(pattern, text)
        assert found is None, (
            f"{where}: {found[0]!r} in …{text[max(found.start() - 60, 0) : found.end() + 60]}…"
        )


def test_every_note_is_printed_and_every_source_cited(full: Built) -> None:
    expected = rendered(full).notes
    notes = pdfread.footnotes(full.pdf)
    assert [n.number for n in notes] == list(range(1, len(expected) + 1))
    dossier, _ = check_folder(FULL)
    assert {key for note in expected for key in note.keys} == set(dossier.sources)


def test_check_passes_with_no_warning_but_the_known_one() -> None:
    result = CliRunner().invoke(main, ["check", str(FULL)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line]
    # See test_check_strict_passes: the newspaper's entrysubtype, which sources.bib must give.
    assert all("not carried into citations: entrysubtype" in w for w in warnings), warnings


def test_check_strict_passes() -> None:
    result = CliRunner().invoke(main, ["check", "--strict", str(FULL)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_newspaper_article_is_cited_as_a_newspaper(flat: str) -> None:
    dossier, _ = check_folder(FULL)
    assert dossier.sources["times2024"].csl["type"] == "article-newspaper"
    assert "[2024] The Testland Times" not in flat


@pytest.mark.parametrize(
    "title", ["Supreme Court to Hear Sample Appeal", "Defamation Case Opened against C. Sample"]
)
def test_authorless_source_prints_its_title_once(flat: str, title: str) -> None:
    assert f"‘{title}’, ‘{title}’" not in flat


def test_in_all_follows_the_total_term(flat: str) -> None:
    assert "4 years and 8 months in all" in flat
    assert "five years in all" not in flat
    assert "life imprisonment in all" not in flat


def test_sentence_parts_are_printed(flat: str) -> None:
    assert "1 year and 8 months" in flat  # the obstruction count's part, and nowhere else


def test_stage_case_number_is_printed(flat: str) -> None:
    assert "CC-2021-042" in flat


def test_an_event_dated_only_by_a_report_is_printed_by_that_date(
    flat: str, html: str, lines: list[str]
) -> None:
    # Never as if it happened on the report's day: "by", in the table and the figure.
    assert "By 15 January 2024 APPEAL · Testland Supreme Court Date of the report:" in flat
    cell = (
        r'By <span class="when">15.January.2024</span></span>'
        r'<span class="reported">Date of the report: the event’s own is not'
    )
    assert re.search(cell, html)
    assert pdfread.squash("Appeal by 15 Jan 2024") in pdfread.squash(" ".join(lines))


def test_total_sentence_is_the_first_key_fact_and_is_dated(lines: list[str], flat: str) -> None:
    facts = lines[lines.index("Key facts") + 1 :]
    assert facts[0].startswith("Total sentence Sources differ: 9 years and 6 months (The Testland Times)1 or")
    # Each version names who gives it by what the reader finds in the bibliography, never a key.
    assert (
        "Total sentence Sources differ: 9 years and 6 months (The Testland Times)1 or 9 years "
        "(Testland Online)2, as last reported on 15 January 2024 (p. " in flat
    )
    assert "times2024" not in flat and "onlinenews2024" not in flat


def test_totals_table_lists_each_total_as_reported(flat: str) -> None:
    # The first total's date was worked out: marked in its cell (which wraps), and how, under it.
    assert re.search(
        r"Total sentence across proceedings Reported Total 30 June 2021 \(worked "
        r"4 years and 8 months; a fine of USD 5,000\d+ out\) Date worked out: The report gives the total",
        flat,
    )
    # Each version cites its sources; what brought the total there cites its own, in brackets:
    # the figure's sources are not lent to it as "see also", nor cited twice.
    assert re.search(
        r"15 January 2024 Sources differ: 9 years and 6 months \(The Testland Times\)\d+ or 9 years "
        r"\(Testland Online\)\d+ \(after the treason conviction and the defamation charge\d+\) "
        r"Incitement case",
        flat,
    )


def test_clemency_is_an_act_with_who_granted_it_not_a_court_stage(flat: str) -> None:
    assert re.search(
        r"Sentence reduced The Testland Ministry of Justice, 20 December 2023; leaves 2 years\d+ ", flat
    )
    assert re.search(
        r"Amnesty The President of Testland, 10 January 2024; for Obstruction of a public official; "
        r"remits these terms\d+ Status of the case Final",
        flat,
    )
    assert re.search(r"Amnesty: The amnesty for the obstruction count was announced in a decree\.\d+", flat)


def test_a_maximum_the_subject_faces_is_printed_with_its_source(flat: str) -> None:
    assert re.search(r"Maximum faced Up to 2 years\d+ First instance", flat)


def test_a_worked_out_date_says_so_where_it_is_printed(full: Built, lines: list[str]) -> None:
    # Marked under the date; how it was worked out under the event's text, in the wide column.
    cell = lines.index("2 April 2020 APPLICATION LODGED · UN Working Group on Arbitrary Detention")
    assert lines[cell + 1].startswith("Worked out: see A petition is lodged")
    # Read as a screen reader reads the table: the date and its mark, the event (its label as
    # the content writes it, not in the capitals printed), then how.
    page = next(n for n, text in enumerate(pdfread.page_texts(full.pdf), 1) if "APPLICATION LODGED" in text)
    spoken = " ".join(pdfread.read_aloud(full.pdf, page).split())
    assert re.search(
        r"2 April 2020 Worked out: see below the event ?Application lodged · UN Working Group on Arbitrary "
        r"Detention A petition is lodged on C\. Sample’s behalf\.\d+ \[NOTE: [^\]]+\] Date worked out: The "
        r"opinion dates the petition to the Thursday of the week of 30 March 2020\.\d+ \[NOTE: \d+\. ",
        spoken,
    )
    assert pdfread.squash("Application lodged 2 Apr 2020 (worked out)") in pdfread.squash(" ".join(lines))


def test_an_international_courts_award_is_printed_with_its_event(flat: str) -> None:
    assert re.search(
        r"finds a violation of the right to liberty\.\d+ "
        r"Awarded: EUR 35,000 \(non-pecuniary damage\); EUR 5,000",
        flat,
    )


def test_a_date_the_sources_give_differently_is_printed_with_each_version(
    full: Built, lines: list[str]
) -> None:
    page = next(n for n, text in enumerate(pdfread.page_texts(full.pdf), 1) if "SUPERVISORY DECISION" in text)
    spoken = " ".join(pdfread.read_aloud(full.pdf, page).split())
    assert re.search(
        r"January 2023 or February 2023 Sources differ: January 2023 \(Jane Doe\)\d+ \[NOTE: [^\]]+\] or "
        r"February 2023 \(The Testland Times\)\d+ \[NOTE: [^\]]+\] Supervisory decision",
        spoken,
    )
    assert pdfread.squash("Supervisory decision Jan 2023 or Feb 2023") in pdfread.squash(" ".join(lines))


def test_a_joint_statement_without_a_count_prints_none(content: Path) -> None:
    """The names a writer lists may not be all who signed: without `signatories`, no number."""
    from dossier.cite.notes import load_style
    from dossier.render.document import render_content, render_html

    positions = content / "positions.yaml"
    two = "  organisations:\n    - {name: Example Watch, kind: ngo}\n    - {name: Other Rights, kind: ngo}\n"
    positions.write_text(
        positions.read_text().replace("  organisation: {name: Example Watch, kind: ngo}\n", two)
    )
    dossier, _ = check_folder(content)
    html = render_html(dossier, render_content(dossier, load_style("oscola", content)))
    assert '<p class="org-kind">Joint statement</p>' in html
    assert "Joint statement of" not in html


def test_an_office_held_is_dated_by_its_latest_source_not_carried_to_the_as_of_date(content: Path) -> None:
    """An office with no end, reported last in 2021, in a briefing as of 2024: "as last
    reported", as custody and status are; not where a source is undated (it may be later)."""
    from dossier.cite.notes import load_style
    from dossier.render.document import render_content

    meta = content / "dossier.yaml"
    office = "  offices:\n    - title: Chair of the Testland Bar\n      sources: [ngo2021]\n"
    meta.write_text(meta.read_text().replace("  name: A. Example\n", "  name: A. Example\n" + office, 1))
    dossier, _ = check_folder(content)
    facts = render_content(dossier, load_style("oscola", content)).key_facts
    (line,) = [str(f.value) for f in facts if f.label == "Office"]
    assert line.startswith("Chair of the Testland Bar (as last reported on 1 February 2021)")
    bib = content / "sources.bib"
    bib.write_text(bib.read_text().replace("  date = {2021-02-01}\n", "", 1))
    dossier, _ = check_folder(content)
    facts = render_content(dossier, load_style("oscola", content)).key_facts
    (line,) = [str(f.value) for f in facts if f.label == "Office"]
    assert "as last reported" not in line


def test_a_section_with_nothing_recorded_says_so(content: Path) -> None:
    """An empty section printed its heading alone: a reader could not tell "none" from "lost"."""
    from dossier.cite.notes import load_style
    from dossier.render.document import render_content, render_html

    (content / "charges.yaml").write_text("[]\n")
    (content / "positions.yaml").write_text("[]\n")
    dossier, _ = check_folder(content)
    html = render_html(dossier, render_content(dossier, load_style("oscola", content)))
    assert "<p>No proceeding is recorded in this edition.</p>" in html
    assert "<p>No position taken by an organisation is recorded in this edition.</p>" in html
