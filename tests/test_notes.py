from dossier.citations import Cite
from dossier.models import PartialDate, Source
from dossier.notes import NoteBook


def source(key: str, author: str, year: int, short: str | None = None) -> Source:
    return Source(
        key=key,
        entry_type="misc",
        title=f"Full title {key}",
        short_title=short,
        author=author,
        date=PartialDate(year=year, month=3, day=3),
        genre="Statement",
        line=1,
    )


SOURCES = {
    "icj": source("icj", "International Commission of Jurists", 2023, "Short"),
    "ai": source("ai", "Amnesty International", 2018),
}


def test_full_reference_first_then_short_form_pointing_back() -> None:
    book = NoteBook(SOURCES)
    book.cite([Cite("ai")])
    book.cite([Cite("icj", locator="para 4")])
    book.cite([Cite("icj"), Cite("ai", prefix="see")])
    assert [n.text for n in book.notes] == [
        "Amnesty International, \u2018Full title ai\u2019 (Statement, 3 March 2018).",
        "International Commission of Jurists, \u2018Full title icj\u2019 (Statement, 3 March 2023), para 4.",
        "International Commission of Jurists, \u2018Short\u2019 (n 2); see Amnesty International, "
        "\u2018Full title ai\u2019 (n 1).",
    ]


def test_bibliography_lists_cited_sources_once_by_author() -> None:
    book = NoteBook(SOURCES)
    book.cite_keys(["icj"])
    book.cite_keys(["icj", "ai"])
    assert [s.key for s in book.bibliography()] == ["ai", "icj"]
    assert NoteBook(SOURCES).bibliography() == []
