"""The vector timeline: every event drawn at its date and precision, with a text alternative."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dossier.build import Built
from dossier.content.models import Custody, Event, PartialDate, Reported
from dossier.render.timeline import LEFT, RIGHT, layout_timeline


def event(id_: str, when: PartialDate, custody: Custody | None = None) -> Event:
    return Event(id=id_, date=when, kind="other", text="x", custody_after=custody, sources=["s"])


def test_precision_is_drawn_as_such() -> None:
    events = [
        event("a", PartialDate(year=2020), "detained"),
        event("b", PartialDate(year=2020, month=3)),
        event("c", PartialDate(year=2020, month=3, day=15), "house_arrest"),
    ]
    tl = layout_timeline(events, date(2020, 12, 31))
    year, month, day = tl.marks
    span = RIGHT - LEFT  # one year, 2020, is the whole axis (the as-of date is in it too)
    assert abs(year.width - span * 366 / 366) < 3
    assert abs(month.width - span * 30 / 366) < 3
    assert day.width == 0
    # The house arrest is reported only on the day it began: the rest of the year, not reported.
    assert [b.custody for b in tl.bands] == ["detained", "house_arrest", "not_reported"]
    assert tl.bands[0].x == LEFT and abs(tl.bands[0].x + tl.bands[0].width - tl.bands[1].x) < 0.01


def test_labels_that_would_collide_take_other_lanes() -> None:
    events = [event(str(i), PartialDate(year=2020, month=1, day=1 + i)) for i in range(4)]
    tl = layout_timeline(events, date(2021, 1, 1))
    assert sorted(m.lane for m in tl.marks) == [0, 1, 2, 3]


def test_sample_timeline_in_the_briefing(sample: Built) -> None:
    assert sample.html is not None
    html = sample.html.read_text()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    marks = svg.count("<circle") + len(re.findall(r'<rect [^>]*rx="2"', svg))
    assert marks == 18  # one per event of content/kem-sokha/events.yaml
    assert "Trial <tspan" in svg and "Mar 2020" in svg  # month precision printed as a month


def test_labels_are_readable_on_paper_and_year_lines_pass_behind_them(sample: Built) -> None:
    import pdfplumber

    from .pdfread import outline

    page = outline(sample.pdf)["Procedural history"]
    with pdfplumber.open(sample.pdf) as pdf:
        figure = pdf.pages[page - 1]
        words = figure.extract_words(extra_attrs=["size"])
        # The label "Melbourne speech 2013" (the body text's "Melbourne" is 9 pt or more).
        label = next(w for w in words if w["text"].startswith("Melbourne") and w["size"] < 9)
        # 7 pt or more: the figure is scaled to the text width, and 6 pt is hard to read on paper.
        assert label["size"] >= 7.0
        # A white ground under it, drawn after the year lines: none shows through its words.
        white = [r for r in figure.rects if tuple(r["non_stroking_color"] or ()) == (1.0, 1.0, 1.0)]
        assert [r for r in white if r["x0"] <= label["x0"] and label["x1"] <= r["x1"] + 2]


def test_an_earlier_custody_is_drawn_only_as_far_as_its_last_report() -> None:
    detained = Event(
        id="a",
        date=PartialDate(year=2020, month=1, day=1),
        kind="other",
        text="x",
        custody_after="detained",
        last_reported=Reported(date=PartialDate(year=2020, month=6, day=1), sources=["s"]),
        sources=["s"],
    )
    released = event("b", PartialDate(year=2021, month=1, day=1), "temporary_release")
    tl = layout_timeline([detained, released], date(2021, 1, 1))
    assert [(b.custody, b.label) for b in tl.bands] == [
        ("detained", "Detained"),
        ("not_reported", "Not reported"),  # from 1 June to 1 January: no source says
        ("temporary_release", "Temporarily released"),
    ]
    assert tl.bands[1].x < tl.bands[2].x


def test_a_worked_out_date_is_marked_in_the_figure() -> None:
    derived = Event(
        id="a",
        date=PartialDate(year=2020, month=3, day=5),
        kind="other",
        text="x",
        derived="From it.",
        sources=["s"],
    )
    (mark,) = layout_timeline([derived], date(2021, 1, 1)).marks
    assert mark.when == "5 Mar 2020 (worked out)"


def test_a_date_of_report_stays_in_its_column(full_case: Path, tmp_path: Path) -> None:
    """ "By 27 December 2023" is wider than the date column; unbroken, it ran into the
    event's label beside it, with no gap. "By" takes a line of its own instead."""
    import pdfplumber

    from dossier.build import Settings, build

    events = full_case / "events.yaml"
    events.write_text(events.read_text().replace("reported: 2024-01-15", "reported: 2023-12-27"))
    built = build(full_case, tmp_path / "full.pdf", Settings())
    with pdfplumber.open(built.pdf) as pdf:
        page = next(p for p in pdf.pages if "Date of the report" in (p.extract_text() or ""))
        (label,) = page.search("APPEAL · Testland")  # a word of its own or not (it was "2023APPEAL")
        # Every character of the date's cell on the rows beside the label ends well before it.
        cell = [
            c
            for c in page.chars
            if c["x0"] < label["x0"] and label["top"] - 2 < c["top"] < label["top"] + 30 and c["text"].strip()
        ]
        assert "".join(c["text"] for c in cell).startswith("By27December2023")
        assert max(c["x1"] for c in cell) < label["x0"] - 3


def test_a_custody_whose_start_the_sources_differ_on_is_drawn_as_theirs_from_the_latest_date() -> None:
    """An arrest one source dates "2020" and two "14 July 2021": detention is drawn from
    14 July 2021, and from 1 January 2020 to it as the sources differing (helper-39)."""
    arrest = Event.model_validate(
        {
            "id": "arrest",
            "date": {
                "differ": [
                    {"value": "2020", "sources": ["bbc"]},
                    {"value": "2021-07-14", "sources": ["pen", "viasna"]},
                ]
            },
            "kind": "arrest",
            "text": "x",
            "custody_after": "detained",
            "sources": ["bbc", "pen", "viasna"],
        }
    )
    tl = layout_timeline([arrest], date(2022, 1, 1))
    (differ, detained, unreported) = tl.bands
    # Reported as far as the latest date the sources give it, not the earliest's year.
    assert unreported.label == "Not reported after 14 July 2021"
    assert (differ.custody, differ.label) == (
        "differ",
        "Sources differ on when it began: 2020 or 14 July 2021",
    )
    assert (differ.x, detained.custody) == (LEFT, "detained")
    assert abs(differ.x + differ.width - detained.x) < 0.01
    span = RIGHT - LEFT  # 2020 to the as-of date's year, 2022: 1096 days
    assert abs(detained.x - (LEFT + span * (366 + 194) / 1096)) < 1  # 14 July 2021
