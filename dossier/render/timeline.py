"""Turn dated events into the geometry of a vector timeline: custody bands and event marks in lanes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..content.custody import states
from ..content.models import LABELS, Event

WIDTH = 1000.0  # SVG user units; the figure is scaled to the text width
LEFT, RIGHT = 30.0, 970.0
# Labels at 15 units print at about 7 pt on A4 (the figure spans the 170 mm text width);
# 12 units (under 6 pt) were too small to read on paper.
LABEL_SIZE = 15.0
CHAR_WIDTH = 8.0  # average width of a label character at that size, to keep labels apart
# 21 units leave 3 between one label's white ground and the next; at 26 the Kem Sokha
# figure no longer fitted under the Charges section and left a page 37% empty.
LANE_HEIGHT = 21.0
TOP = 70.0  # below the custody band and the axis


@dataclass(frozen=True)
class Mark:
    x: float
    width: float  # 0 for a day; the span of the month or year otherwise
    lane: int
    y: float
    label: str
    when: str
    precision: str
    label_x: float  # where the label starts, or ends when `label_before`
    label_before: bool
    label_width: float  # estimated, for the white ground that keeps the year lines off it

    @property
    def label_left(self) -> float:
        return self.label_x - self.label_width if self.label_before else self.label_x


@dataclass(frozen=True)
class Band:
    x: float
    width: float
    custody: str
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    year: int


@dataclass(frozen=True)
class Timeline:
    marks: list[Mark]
    bands: list[Band]
    ticks: list[Tick]
    height: float
    first_year: int
    last_year: int
    label_size: float = LABEL_SIZE


def _x(day: date, start: date, end: date) -> float:
    return LEFT + (RIGHT - LEFT) * (day - start).days / max((end - start).days, 1)


def layout_timeline(events: list[Event], as_of: date) -> Timeline:
    dated = [e.date for e in events]
    start = date(min(d.year for d in dated), 1, 1)
    # To the as-of date's year at least: the custody band shows how far the sources report it.
    end = date(max(max(d.latest().year for d in dated), as_of.year) + 1, 1, 1)
    ticks = [Tick(_x(date(year, 1, 1), start, end), year) for year in range(start.year, end.year + 1)]

    marks: list[Mark] = []
    lane_end: list[float] = []
    for event in events:
        x0, x1 = _x(event.date.earliest(), start, end), _x(event.date.latest(), start, end)
        width = 0.0 if event.date.precision == "day" else max(x1 - x0, 2.0)
        label, when = event.label or LABELS[event.kind], event.when(short=True)
        when = f"by {when}" if event.reported is not None else when  # dated by a report of it
        when = f"{when} (worked out)" if event.derived is not None else when
        text_width = CHAR_WIDTH * (len(label) + len(when) + 1)
        # Near the right edge the label goes before the mark, so it is not cut off.
        before = x0 + width + 7 + text_width > WIDTH
        left = x0 - 7 - text_width if before else x0
        lane = next((i for i, last in enumerate(lane_end) if last < left - 4), len(lane_end))
        if lane == len(lane_end):
            lane_end.append(0.0)
        # A lane is free again once this mark, its bar and its label have passed.
        lane_end[lane] = x0 + width + (0 if before else 7 + text_width)
        label_x = x0 - 7 if before else x0 + width + 7
        marks.append(
            Mark(
                x0,
                width,
                lane,
                TOP + lane * LANE_HEIGHT,
                label,
                when,
                event.date.precision,
                label_x,
                before,
                text_width,
            )
        )

    bands: list[Band] = []
    found = states(events)
    ends = [s.since.earliest() for s in found[1:]] + [min(as_of, end)] if found else []
    for state, until in zip(found, ends, strict=True):
        x0 = _x(state.since.earliest(), start, end)
        versions = state.event.dates_differ
        agreed = max((v.value.earliest() for v in versions), default=state.since.earliest())
        if agreed > state.since.earliest():
            # Where the sources differ on when it began, it is drawn as theirs only from the
            # latest date they give; before it, as the sources differing (helper-39: "2020" in
            # one source drew a detention from 1 January 2020 that none reports).
            x_agreed = _x(min(agreed, until), start, end)
            words = f"Sources differ on when it began: {state.event.when()}"
            bands.append(Band(x0, max(x_agreed - x0, 4.0), "differ", words))
            x0 = x_agreed
        # A state is drawn only as far as a source reports it: the standing one to its last
        # report, an earlier one to the next event or to its own last_reported where given.
        # The rest of the way is drawn as not reported.
        reported = min(state.reported.latest(), until)
        last = _x(until, start, end)
        known = state.standing or state.event.last_reported is not None
        x1 = _x(reported, start, end) if known else last
        # At least 4 units (about 2 pt): a custody of a few days still shows, as the key names it.
        bands.append(Band(x0, max(x1 - x0, 4.0), state.value, state.label()))
        if known and last - x1 >= 4.0:
            words = f"Not reported after {state.reported}" if state.standing else "Not reported"
            bands.append(Band(x1, last - x1, "not_reported", words))
    height = TOP + len(lane_end) * LANE_HEIGHT + 10
    return Timeline(marks, bands, ticks, height, start.year, end.year - 1)
