"""Turn the events' custody changes into dated states: what the sources say, from when and until when.

A state lasts from the event that sets it to the next one that does; the one that stands
lasts only as far as the sources report it: to its `last_reported` date where a later
source gives one, else to the event itself. The briefing prints "as last reported on …"
and draws the rest of the way to the as-of date as not reported, so that nothing is carried
past the last source that says it. Where the sources differ, the state is their versions.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import PartialDate
from .models import LABELS, Differing, Event, Version


@dataclass(frozen=True)
class State:
    event: Event  # the event that set it
    value: str  # a custody value, or "differ" where the sources give several
    versions: tuple[Version, ...]  # each account, where the sources differ
    reported: PartialDate  # the latest date the sources report it
    reported_by: tuple[str, ...]  # the sources of that latest report (the event's where it is the event)
    standing: bool  # the last state: nothing later sets another

    @property
    def since(self) -> PartialDate:
        return self.event.date

    def words(self) -> str:
        """In a sentence: "detained", "sources differ: house arrest or imprisoned"."""
        if self.versions:
            return "sources differ: " + " or ".join(LABELS[v.value].lower() for v in self.versions)
        return LABELS[self.value].lower()

    def label(self) -> str:
        """At the start of a line: "Detained", "Sources differ: house arrest or imprisoned"."""
        words = self.words()
        return words[:1].upper() + words[1:]


def states(events: list[Event]) -> list[State]:
    """Every custody state in the order the events set them."""
    setting = [e for e in events if e.custody_after is not None]
    found = []
    for n, event in enumerate(setting):
        value = event.custody_after
        assert value is not None
        versions = tuple(value.differ) if isinstance(value, Differing) else ()
        reported = event.last_reported
        # Where the sources differ on the event's date, the latest they give reports it: the
        # state is drawn from that date (render/timeline.py), and reported at least to it.
        own = max((v.value for v in event.dates_differ), key=lambda d: d.latest(), default=event.date)
        found.append(
            State(
                event=event,
                value="differ" if isinstance(value, Differing) else value,
                versions=versions,
                reported=reported.date if reported is not None else own,
                reported_by=tuple(reported.sources if reported is not None else event.sources),
                standing=n == len(setting) - 1,
            )
        )
    return found


# States in which the subject is held: a move from one to another (detained, then imprisoned
# on conviction; detained again on a new charge the day of an acquittal) is no release.
HELD = frozenset(("detained", "imprisoned"))


def held_since(events: list[Event]) -> State | None:
    """Where the standing state is a holding one set after others with no release between
    (each state lasts until the next sets another), the first of them; otherwise None. A
    reader told only "Imprisoned since 25 April 2022" takes it that he was free before it
    (helper-38: Osman Kavala, held without a break since 18 October 2017)."""
    found = states(events)
    run = []
    for state in reversed(found):
        if state.versions or state.value not in HELD:
            break
        run.append(state)
    return run[-1] if len(run) > 1 else None


def standing(events: list[Event]) -> State | None:
    """The state that stands at the as-of date, as far as the sources report it."""
    found = states(events)
    return found[-1] if found else None
