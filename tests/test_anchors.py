"""The words of what each id marks, read from small pieces of the briefing's HTML."""

from __future__ import annotations

from dossier.render.anchors import anchors


def test_a_table_row_reads_as_its_cells_words_apart() -> None:
    # A timeline row: its date and its text are two cells with nothing between them in the HTML.
    row = "<tr id='e1'><td>12 May 2017</td><td>Custody <i>after</i> arrest</td></tr>"
    html = f"<div><table>{row}</table></div>"
    assert anchors(html)["e1"] == "12 May 2017 Custody after arrest"


def test_words_inside_a_paragraph_are_not_split() -> None:
    html = "<div><p id='p'>Kem So<b>kha</b>’s arrest<span>.</span></p></div>"
    assert anchors(html)["p"] == "Kem Sokha’s arrest."


def test_a_section_is_named_by_its_first_heading() -> None:
    html = "<div><section id='s'><h2>Procedural <em>history</em></h2><p>Text</p></section></div>"
    assert anchors(html)["s"] == "Procedural history"


def test_long_text_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = " ".join(["word"] * 40)
    found = anchors(f"<div><p id='p'>{words}</p></div>")["p"]
    assert found.endswith(" …") and len(found) <= 82 and "wor …" not in found
