import pytest

from dossier.content.citations import CitationSyntaxError, Cite, find_citations


def test_single_key() -> None:
    (citation,) = find_citations("A fact [@icj2023].")
    assert citation.cites == (Cite("icj2023"),)


def test_locator_prefix_and_several_sources() -> None:
    (citation,) = find_citations("[see @a, p. 2; @b, para 12; @c-2019 and elsewhere]")
    assert citation.cites == (
        Cite("a", locator="p. 2", prefix="see"),
        Cite("b", locator="para 12"),
        Cite("c-2019", suffix="and elsewhere"),
    )


def test_a_suffix_after_the_locator_is_a_suffix() -> None:
    """As Pandoc: the locator ends at the first comma that does not go on listing places;
    the suffix keeps its comma."""
    (citation,) = find_citations(
        "[@k, para 212, emphasis added; @k, paras 212, 214, emphasis added; @k, pp xiv, 3 and 5;"
        " @k, para 3, n 4, citing X; @k, art 443]"
    )
    assert citation.cites == (
        Cite("k", locator="para 212", suffix=", emphasis added"),
        Cite("k", locator="paras 212, 214", suffix=", emphasis added"),
        Cite("k", locator="pp xiv, 3 and 5"),
        Cite("k", locator="para 3, n 4", suffix=", citing X"),
        Cite("k", locator="art 443"),
    )


def test_article_locator() -> None:
    (citation,) = find_citations("[@code, art 443]")
    assert citation.cites[0].locator == "art 443"


def test_groups_in_order_with_offsets() -> None:
    text = "One [@a]. Two [@b; @c]."
    citations = find_citations(text)
    assert [tuple(c.key for c in g.cites) for g in citations] == [("a",), ("b", "c")]
    assert text[citations[1].start : citations[1].end] == "[@b; @c]"


def test_email_in_brackets_is_not_a_citation() -> None:
    assert find_citations("Write to [press@example.org] or [a link](https://x.org).") == []


def test_item_without_key_is_an_error() -> None:
    with pytest.raises(CitationSyntaxError, match="no @key"):
        find_citations("[@a; p. 4]")
