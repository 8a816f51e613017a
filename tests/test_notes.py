"""Notes and bibliography through real CSL styles (citeproc-py with our corrections)."""

import re

import pytest

from dossier.cite.notes import NoteBook, split_locator
from dossier.content.citations import Cite, find_citations

from .helpers import source, style, text

SOURCES = {
    "ai2018": source(
        "ai2018", "Amnesty International", "Release of Kem Sokha must be made permanent", 2018, 9, 10
    ),
    "ai2024": source("ai2024", "Amnesty International", "Authorities must overturn conviction", 2024),
    "icj": source(
        "icj",
        "International Commission of Jurists",
        "Charges against Kem Sokha must be dropped",
        2019,
        11,
        14,
        genre="Statement",
        **{"title-short": "Charges must be dropped"},
    ),
}


def texts(book: NoteBook) -> list[str]:
    return [text(t) for t in book.render().values()]


def test_oscola_full_then_short_with_note_number_then_ibid() -> None:
    book = NoteBook(SOURCES, style("oscola"))
    book.cite([Cite("icj")])
    book.cite([Cite("ai2018")])
    book.cite([Cite("icj", locator="para 4")])
    book.cite([Cite("icj", locator="para 4")])
    book.cite([Cite("icj")])
    assert texts(book) == [
        # The statement's type in the brackets (OSCOLA 3.1's additional information).
        "International Commission of Jurists, ‘Charges against Kem Sokha Must Be Dropped’ "
        "(Statement, 14 November 2019).",
        "Amnesty International, ‘Release of Kem Sokha Must Be Made Permanent’ (10 September 2018).",
        "International Commission of Jurists (n 1) para 4.",
        "ibid.",
        "International Commission of Jurists (n 1).",
    ]
    assert book.positions == {1: "first", 2: "first", 3: "subsequent", 4: "ibid", 5: "subsequent"}


def test_ibid_with_locator_and_ibid_only_after_a_note_citing_one_source() -> None:
    book = NoteBook(SOURCES, style("oscola"))
    book.cite([Cite("icj")])
    book.cite([Cite("icj", locator="para 2")])
    book.cite([Cite("icj"), Cite("ai2018")])
    book.cite([Cite("ai2018")])
    assert texts(book)[1:] == [
        "ibid para 2.",  # the label kept (OSCOLA 4 1.2.1)
        # not ibid: the note before pointed to para 2, this one to the whole source
        "International Commission of Jurists (n 1); Amnesty International, "
        "‘Release of Kem Sokha Must Be Made Permanent’ (10 September 2018).",
        "Amnesty International (n 3).",
    ]


def test_sources_sharing_an_author_get_their_short_title() -> None:
    book = NoteBook(SOURCES, style("oscola"))
    book.cite([Cite("ai2018"), Cite("ai2024")])
    book.cite([Cite("icj")])
    book.cite([Cite("ai2024")])
    assert texts(book)[2] == "Amnesty International, ‘Authorities Must Overturn Conviction’ (n 1)."


def test_each_ibid_note_has_the_short_form_it_takes_opening_a_page() -> None:
    book = NoteBook(SOURCES, style("oscola"))
    book.cite([Cite("icj")])
    book.cite([Cite("icj")])
    book.cite([Cite("icj", locator="para 4")])
    book.cite([Cite("ai2018"), Cite("icj")])
    # The locator of "ibid" keeps its label (the stock CSL style drops it).
    assert texts(book)[1:3] == ["ibid.", "ibid para 4."]
    assert book.positions == {1: "first", 2: "ibid", 3: "ibid-with-locator", 4: "first"}
    assert book.short_forms == {
        2: "International Commission of Jurists (n 1).",
        3: "International Commission of Jurists (n 1) para 4.",
    }


def test_prefix_and_non_csl_locator_kept_in_order() -> None:
    book = NoteBook(SOURCES, style("oscola"))
    book.cite([Cite("icj", prefix="see"), Cite("ai2018", locator="art 443")])
    assert texts(book) == [
        "See International Commission of Jurists, ‘Charges against Kem Sokha Must Be Dropped’ "
        "(Statement, 14 November 2019); Amnesty International, "
        "‘Release of Kem Sokha Must Be Made Permanent’ (10 September 2018), art 443."
    ]


def test_chicago_notes_differ_from_oscola() -> None:
    book = NoteBook(SOURCES, style("chicago-notes-bibliography"))
    book.cite([Cite("icj")])
    book.cite([Cite("icj")])
    assert texts(book) == [
        "International Commission of Jurists, “Charges against Kem Sokha Must Be Dropped,” Statement, "
        "November 14, 2019.",
        # this edition of the Chicago style prefers the short form to "Ibid."
        "International Commission of Jurists, “Charges Must Be Dropped.”",
    ]
    ((_, entries),) = book.bibliography()
    assert [text(e) for e in entries] == [
        "International Commission of Jurists. “Charges against Kem Sokha Must Be Dropped.” Statement. "
        "November 14, 2019."
    ]


def test_author_date_is_in_text_and_collapses_years() -> None:
    sty = style("chicago-author-date")
    assert not sty.is_note
    book = NoteBook(SOURCES, sty)
    book.cite([Cite("ai2018"), Cite("ai2024")])
    assert texts(book) == ["(Amnesty International 2018, 2024)"]


def test_bibliography_grouped_primary_first() -> None:
    sources = dict(SOURCES)
    sources["code"] = source("code", "Cambodia", "Criminal Code", 2009, csl_type="legislation")
    book = NoteBook(sources, style("oscola"))
    book.cite([Cite("icj"), Cite("code")])
    groups = book.bibliography()
    assert [heading for heading, _ in groups] == ["Table of Legislation", "Bibliography"]
    assert [len(entries) for _, entries in groups] == [1, 1]


def test_bibliography_substitutes_repeated_author() -> None:
    book = NoteBook(SOURCES, style("oscola"))
    book.cite([Cite("ai2018"), Cite("ai2024")])
    ((_, entries),) = book.bibliography()
    # OSCOLA 1.7: the double em dash, without a comma after it.
    assert [text(e)[:22] for e in entries] == ["Amnesty International,", "—— ‘Authorities Must O"]


def test_locator_labels() -> None:
    assert split_locator("p. 2") == ("page", "2")
    assert split_locator("para 12") == ("paragraph", "12")
    assert split_locator("12-14") == ("page", "12-14")
    assert split_locator("art 443") is None


def test_a_supplied_title_is_neither_quoted_nor_title_cased_and_sorts_by_its_first_word() -> None:
    sources = {
        "bare": source("bare", "Unattributed", "[statement on the verdict, the ‘title’ supplied]", 2020),
        "web": source("web", "Unattributed", "[page about the appeal]", 2021, csl_type="webpage"),
        "named": source("named", "Unattributed", "Release now", 2022),
    }
    for name in ("oscola", "chicago-notes-bibliography"):
        book = NoteBook(sources, style(name))
        book.cite([Cite("bare")])
        book.cite([Cite("web")])
        notes = texts(book)
        assert "[statement on the verdict, the ‘title’ supplied]" in notes[0], (name, notes)
        assert "[page about the appeal]" in notes[1], (name, notes)
        assert not any(n.count("‘") > 1 or "“" in n for n in notes), (name, notes)
    # Unattributed sources are listed by their first word: the bracket is not one.
    for item in sources.values():
        del item.csl["author"]
    sources["zeal"] = source("zeal", "", "Zeal for justice", 2023)
    del sources["zeal"].csl["author"]
    book = NoteBook(sources, style("oscola"))
    book.cite([Cite("zeal"), Cite("named"), Cite("bare"), Cite("web")])
    ((_, entries),) = book.bibliography()
    assert [text(e)[:8] for e in entries] == ["[page ab", "‘Release", "[stateme", "‘Zeal fo"]


def test_title_case_reaches_a_word_after_an_opening_quotation_mark() -> None:
    from dossier.cite.citeproc_fixes import title_case

    assert (
        title_case("she says \u201cdetermined to continue\u201d")
        == "She Says \u201cDetermined to Continue\u201d"
    )


def test_a_quotation_in_a_title_takes_the_inner_quotes() -> None:
    """A title quoting in straight quotes printed "‘… with ’Illegally …’’", its opening quote
    turned into a closing one; OSCOLA wants the inner quotation in double quotes, Chicago
    (double outside) in single ones. Apostrophes stay apostrophes."""
    quoted = {
        "hkfp": source(
            "hkfp", "Hong Kong Free Press", "Lai Charged with 'Illegally Importing Walkie-Talkies'", 2021
        ),
        "peoples": source("peoples", "O'Brien", 'The Peoples\' Court and "Public Order"', 2020),
    }
    # Chicago sets the comma inside the quotes (American punctuation), so the opening is checked.
    for name, opening in (("oscola", "“"), ("chicago-notes-bibliography", "‘")):
        book = NoteBook(quoted, style(name))
        book.cite([Cite("hkfp")])
        book.cite([Cite("peoples")])
        first, second = texts(book)
        assert f"with {opening}Illegally Importing Walkie-Talkies" in first, first
        assert "’Illegally" not in first and "'" not in first + second
        assert "O’Brien" in second and "Peoples’ Court" in second and f"{opening}Public Order" in second, (
            second
        )


def test_curly_quotes_in_a_title_take_the_inner_quotes_too() -> None:
    """LaTeX's ``…'' and `…' are read as curly quotes: within an OSCOLA title, both are the
    inner double quotes; an apostrophe stays one."""
    quoted = {"q": source("q", "Example Watch", "“Well” and ‘Better’: Kem Sokha’s case", 2020)}
    book = NoteBook(quoted, style("oscola"))
    book.cite([Cite("q")])
    (note,) = texts(book)
    assert "‘“Well” and “Better”: Kem Sokha’s Case’" in note, note


KAVALA = {
    "kavala": source(
        "kavala",
        "European Court of Human Rights",
        "Kavala v Turkey",
        2019,
        12,
        10,
        csl_type="legal_case",
        number="28749/18",
        authority="European Court of Human Rights",
    ),
    "icj": SOURCES["icj"],
}


def test_chicago_numbers_an_application_number_with_a_slash() -> None:
    """An application number, "28749/18", is one number to citeproc-js ("No. 28749/18");
    citeproc-py took it for text, and the label went missing."""
    book = NoteBook(KAVALA, style("chicago-notes-bibliography"))
    book.cite([Cite("kavala")])
    expected = "Kavala v Turkey, No. 28749/18 (European Court of Human Rights December 10, 2019)."
    assert texts(book) == [expected]
    ((_, entries),) = book.bibliography()
    assert [text(e) for e in entries] == [expected]


def test_chicago_prints_a_label_only_with_its_value() -> None:
    """An entry without an edition printed a bare label ("…, edition, n.d." in the note,
    "Edition." in the bibliography): citeproc-py printed a cs:label whose variable was
    empty. The version is printed as the entry gives it (as citeproc-js does)."""
    sources = {
        "db": source("db", "Example Project", "Trial monitoring database", 2020, csl_type="article-journal"),
        "tool": source("tool", "Example Lab", "Hearing tracker", 2021, csl_type="article-journal"),
    }
    for key, item in (("db", sources["db"]), ("tool", sources["tool"])):
        del item.csl["issued"]  # undated, as the style prints the edition there
        item.csl["URL"] = f"https://example.org/{key}"
    sources["db"].csl["version"] = "2.1"
    book = NoteBook(sources, style("chicago-notes-bibliography"))
    book.cite([Cite("db")])
    book.cite([Cite("tool")])
    assert texts(book) == [
        "Example Project, Trial Monitoring Database, version 2.1, n.d., https://example.org/db.",
        "Example Lab, Hearing Tracker, n.d., https://example.org/tool.",
    ]
    ((_, entries),) = book.bibliography()
    assert [text(e) for e in entries] == [
        "Example Lab. Hearing Tracker. n.d. https://example.org/tool.",
        "Example Project. Trial Monitoring Database. Version 2.1. n.d. https://example.org/db.",
    ]


SUFFIXED = (
    "One [@kavala, para 210, emphasis added]. Two [@kavala, para 212, emphasis added]. "
    "Three [@kavala, paras 212, 214, emphasis added]. Four [@icj, para 4, emphasis in original]. "
    "Five [@kavala, para 212, emphasis added]. Six [@icj, para 5, citing Article 5 of the Convention]."
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            # OSCOLA 4 1.5: "(emphasis added)" after the citation; another suffix keeps its comma.
            "oscola",
            [
                "Kavala v Turkey App no 28749/18 (ECtHR, 10 December 2019), para 210 (emphasis added).",
                "ibid para 212 (emphasis added).",
                "ibid paras 212, 214 (emphasis added).",
                "International Commission of Jurists, ‘Charges against Kem Sokha Must Be Dropped’ "
                "(Statement, 14 November 2019), para 4 (emphasis in original).",
                "Kavala v Turkey (n 1) para 212 (emphasis added).",
                "International Commission of Jurists (n 4) para 5, citing Article 5 of the Convention.",
            ],
        ),
        (
            "chicago-notes-bibliography",
            [
                "Kavala v Turkey, No. 28749/18 (European Court of Human Rights December 10, 2019), "
                "¶ 210, emphasis added.",
                "Kavala v Turkey, ¶ 212, emphasis added.",
                "Kavala v Turkey, ¶¶ 212, 214, emphasis added.",
                "International Commission of Jurists, “Charges against Kem Sokha Must Be Dropped,” "
                "Statement, November 14, 2019, para. 4, emphasis in original.",
                "Kavala v Turkey, ¶ 212, emphasis added.",
                "International Commission of Jurists, “Charges Must Be Dropped,” para. 5, "
                "citing Article 5 of the Convention.",
            ],
        ),
        (
            "chicago-author-date",
            [
                "(Kavala v Turkey 2019, ¶ 210, emphasis added)",
                "(Kavala v Turkey 2019, ¶ 212, emphasis added)",
                "(Kavala v Turkey 2019, ¶¶ 212, 214, emphasis added)",
                "(International Commission of Jurists 2019, para. 4, emphasis in original)",
                "(Kavala v Turkey 2019, ¶ 212, emphasis added)",
                "(International Commission of Jurists 2019, para. 5, citing Article 5 of the Convention)",
            ],
        ),
    ],
)
def test_a_suffix_after_a_pinpoint_stays_a_suffix(name: str, expected: list[str]) -> None:
    """`[@kavala, para 212, emphasis added]` printed "ibid paras 212, emphasis added": the
    whole tail was taken for the locator, and a locator with a comma for several paragraphs.
    As Pandoc reads it, the locator ends at the first comma not followed by another place."""
    book = NoteBook(KAVALA, style(name))
    for citation in find_citations(SUFFIXED):
        book.cite(list(citation.cites))
    assert texts(book) == expected
    if name == "oscola":
        assert book.positions == {
            1: "first",
            2: "ibid-with-locator",
            3: "ibid-with-locator",
            4: "first",
            5: "subsequent",
            6: "subsequent",
        }
        # The note 2 takes at the top of a page, where the note before is out of sight.
        assert text(book.short_forms[2]) == "Kavala v Turkey (n 1) para 212 (emphasis added)."


FOREIGN = {
    "rsf": source(
        "rsf",
        "Reporters sans frontières",
        "L'opposant condamné à 27 ans",
        2023,
        3,
        3,
        language="fr",
        **{"title-short": "L'opposant condamné"},
    ),
    "ai2018": SOURCES["ai2018"],
}


@pytest.mark.parametrize("name", ["oscola", "chicago-notes-bibliography"])
def test_a_title_in_another_language_is_marked_with_it(name: str) -> None:
    """A screen reader speaks a French title in French: its span says so, in the notes
    (first and short forms) and in the bibliography; an English title has no span."""
    book = NoteBook(FOREIGN, style(name), "en-GB")
    book.cite([Cite("rsf"), Cite("ai2018")])
    book.cite([Cite("ai2018")])
    book.cite([Cite("rsf")])
    notes = list(book.render().values())
    entries = [e for _, group in book.bibliography() for e in group]
    marked = [n for n in [*notes, *entries] if 'lang="fr"' in n]
    assert len(marked) == (3 if "L’opposant condamné" in text(notes[2]) else 2)
    for found in marked:
        (inside,) = re.findall(r'<span lang="fr">(.*?)</span>', str(found))
        assert inside in ("L’opposant condamné à 27 ans", "L’opposant condamné")
    assert all("lang=" not in n for n in [notes[1], *[e for e in entries if "Amnesty" in e]])


def test_a_title_in_the_documents_own_language_is_not_marked() -> None:
    """In a French briefing the French title is not marked, an English one is (its
    language given); a source whose language is not given is left to the document's."""
    english = source("en", "Amnesty International", "Release now", 2018, language="en-GB")
    book = NoteBook({**FOREIGN, "en": english}, style("oscola"), "fr-FR")
    book.cite([Cite("rsf"), Cite("ai2018"), Cite("en")])
    (note,) = book.render().values()
    assert re.findall(r'<span lang="([^"]+)">([^<]*)</span>', note) == [("en-GB", "Release Now")]


@pytest.mark.parametrize("name", ["oscola", "chicago-notes-bibliography"])
def test_a_numbers_full_stop_survives_a_styles_strip_periods(name: str) -> None:
    """The stock OSCOLA style strips the full stops of a report's type (abbreviations: "Doc."),
    and took the decimal point with them: "Rule 9.2" printed as "Rule 92" (helper-38's
    Committee of Ministers submission). An abbreviation's full stop still goes; a pinpoint's
    number and its label are as before."""
    submission = source(
        "sub",
        "Human Rights Watch",
        "Turkey: Final Judgment",
        2020,
        11,
        2,
        csl_type="report",
        genre="Submission pursuant to Rule 9.2 of the Rules, Doc. 3",
    )
    book = NoteBook({"sub": submission}, style(name))
    book.cite([Cite("sub", locator="para 10.1")])
    (note,) = (text(t) for t in book.render().values())
    (entry,) = (text(e) for _, group in book.bibliography() for e in group)
    for printed in (note, entry):
        assert "Rule 9.2 of the Rules" in printed and "Rule 92" not in printed
    assert ("para 10.1" if name == "oscola" else "para. 10.1") in note
    if name == "oscola":
        assert "Doc 3" in note  # strip-periods still strips an abbreviation's


def test_the_bibliography_files_an_authors_own_works_first_and_a_title_by_its_significant_word() -> None:
    """OSCOLA's secondary sources (helper-38's Kavala case): Human Rights Watch's own statement
    before the one it signed with two others, though that is older; an unattributed supplied
    title "[A Turkish appeals court …]" under T, not A."""
    alone = source("alone", "Human Rights Watch", "Turkey: Life Sentence", 2022)
    joint = source("joint", "Human Rights Watch", "Submission", 2020)
    joint.csl["author"] = [
        {"literal": "Human Rights Watch"},
        {"literal": "International Commission of Jurists"},
    ]
    court = source("court", "", "[A Turkish appeals court upholds the conviction]", 2022)
    sample = source("sample", "", "Samples of justice", 2022)
    uzbek = source("uzbek", "", "Unheard", 2022)
    for item in (court, sample, uzbek):
        del item.csl["author"]
    book = NoteBook({s.key: s for s in (joint, alone, court, sample, uzbek)}, style("oscola"))
    book.cite([Cite("joint"), Cite("alone"), Cite("court"), Cite("sample"), Cite("uzbek")])
    ((_, entries),) = book.bibliography()
    assert [text(e)[:14] for e in entries] == [
        "‘Samples of Ju",
        "[A Turkish app",
        "‘Unheard’ (202",
        "Human Rights W",
        "Human Rights W",
    ]
    assert "International Commission" in text(entries[4])
