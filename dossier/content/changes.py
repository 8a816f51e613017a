"""Turn two editions' snapshots into what changed, in a reader's words, as a reader weighs it.

Every field of every item is compared (an item by its id, a court stage by its kind and
place, a key point by its words, the background by its paragraphs). What changed is said
in substance, old to new ("status from on trial to convicted, 3 March 2023"), never by a
field name of the content model, and each change goes into the group a parliamentarian
reads first or last (GROUPS): court decisions, sentences and custody before positions,
other events, corrections, the summary, and last the rewording and new sources, which are
said in one entry each.
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from ..dates import either, written
from ..words import counted
from .custody import standing
from .edition_files import as_written
from .legal import STAGES, Duration
from .models import LABELS, Event

# The groups of the changes list, in the order a reader weighs them, with their headings.
GROUPS = {
    "decisions": "Court decisions, sentences and custody",
    "positions": "Positions taken",
    "events": "Other events",
    "corrections": "Corrections and other changes",
    "summary": "Summary and background",
    "wording": "Rewording and new sources",
}
# Events that decide or change the subject's situation: court decisions, custody, clemency,
# international findings. A new one is a decision; another new event is an "other event".
DECISIVE_KINDS = frozenset(
    [
        *("arrest", "charge", "detention", "bail", "house_arrest", "release", "transfer"),
        *("trial", "judgment", "appeal", "cassation", "retrial", "pardon", "sentence_served"),
        *("interim_measure", "admissibility_decision", "international_judgment"),
        *("grand_chamber_referral", "supervisory_decision", "un_opinion", "un_views"),
    ]
)
# A field whose change decides the subject's situation: the item goes with the decisions.
DECISIVE_FIELDS = frozenset(
    ["status", "outcome", "decided", "sentence", "custody_after", "clemency", "total_sentence", "leaves"]
)
# Every field of the content model as a reader says it. A field missing here would be said
# by its name with spaces; tests/test_changes.py checks that none is.
WORDS = {
    "after": "what it follows",
    "amount": "amount",
    "article": "article",
    "awards": "sums awarded",
    "body": "court or body",
    "by": "granted by",
    "calls_for": "what it calls for",
    "says": "what it says",
    "case_number": "case number",
    "charge": "offence",
    "charges": "charges",
    "classification": "classification",
    "clemency": "clemency",
    "co_defendants": "co-defendants",
    "concurrent": "terms served together",
    "count": "number",
    "court": "court or body",
    "covers": "offences covered",
    "currency": "currency",
    "custody_after": "custody",
    "damages": "damages",
    "date": "date",
    "date_charged": "date charged",
    "dates_differ": "dates the sources give",
    "decided_differ": "dates of the decision the sources give",
    "decided": "decision date",
    "derived": "how its date was worked out",
    "description": "description",
    "end": "end",
    "ended": "ended",
    "fine": "fine",
    "head": "what it is for",
    "imprisonment": "prison term",
    "instrument": "law",
    "judges": "judges",
    "kind": "kind",
    "label": "what happened",
    "lang": "language",
    "last_reported": "last reported",
    "leaves": "term left",
    "life": "life imprisonment",
    "locator": "place in the source",
    "max": "maximum",
    "maximum": "maximum term",
    "min": "minimum",
    "name": "name",
    "name_khmer": "name in Khmer",
    "names": "names",
    "native_name": "name in its own script",
    "offence": "offence",
    "offices": "offices",
    "opened": "opening date",
    "organisation": "organisation",
    "organisations": "organisations",
    "other": "other penalties",
    "outcome": "outcome",
    "parts": "terms by offence",
    "penalty": "penalty",
    "quote": "quotation",
    "reported": "date reported",
    "role": "role",
    "scope": "what it covers",
    "signatories": "signatories",
    "source": "quoted from",
    "speaker": "speaker",
    "stage": "stage",
    "sentence": "sentence",
    "stages": "court stages",
    "start": "start",
    "status": "status",
    "subtitle": "subtitle",
    "suspended": "suspended",
    "term": "term",
    "text": "text",
    "title": "title",
    "total_sentence": "total sentence",
    "tried": "number tried",
    "value": "value",
}
# Prose: compared by its words (citations apart) and said as reworded, never quoted whole.
PROSE = frozenset(["text", "description", "after", "derived", "calls_for", "says"])
# A yes-or-no field in words: (when false, when true).
YES_NO = {
    "ended": ("held", "ended"),
    "suspended": ("not suspended", "suspended"),
    "concurrent": ("served one after another", "served together"),
    "life": ("no", "yes"),
}
# Fields said as one value, however they are stored.
WHOLE = frozenset(
    ["sentence", "penalty", "maximum", "dates_differ", "decided_differ", "awards", "parts", "native_name"]
)
# The order fields are said in within an item: what happened and when before the rest.
ORDER = ["stage", "kind", "label", "title", "status", "outcome", "date", "decided", "opened", "court",
         "body", "custody_after", "sentence", "charges", "stages", "clemency"]  # fmt: skip
DATE = {"year", "month", "day"}
TERM = {"years", "months", "days"}
# Where a snapshot keeps which part of an item: never content.
NOT_CONTENT = {"id", "line", "folder", "files", "sources"}


@dataclass(frozen=True)
class Said:
    """One thing said of a changed item, and how it weighs."""

    text: str
    weight: str = "substance"  # "decisive", "substance" or "wording"
    path: str = ""  # the model's name of the field: for `diff --json`, never printed
    part: str = ""  # the part of the item it is in: "first instance stage"


def merged(said: list[Said]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What was said of an item, each part of it named once ("first instance stage: outcome
    from pending to convicted; decision date 3 March 2023 (not given before)"), the rewording
    and sources last; and where each is printed (PLACES), "" where the item's own block is."""
    parts: dict[str, list[str]] = {}
    places: dict[str, str] = {}
    for each in said:
        if each.weight != "wording":
            # Each new part (a stage, a total reported) is said on its own.
            key = f"{each.part}\0{each.path}" if each.part.startswith("new ") else each.part
            parts.setdefault(key, []).append(each.text)
            if not places.get(key):  # the first of its fields printed in a row of its own
                places[key] = place(each.path)
    wording = [f"{s.part}: {s.text}" if s.part else s.text for s in said if s.weight == "wording"]
    found = [
        f"{part.split(chr(0))[0]}: {'; '.join(texts)}" if part else "; ".join(texts)
        for part, texts in parts.items()
    ]
    where = list(places.values())
    if wording:
        found.append("; ".join(wording))
        where.append(next((place(s.path) for s in said if s.weight == "wording" and place(s.path)), ""))
    return tuple(found), tuple(where)


# Where a proceeding's fields are printed: the rows and block of the Charges section
# (render/proceedings.py gives them these ids, after the proceeding's).
PLACES = {"status": "status", "last_reported": "status", "co_defendants": "co-defendants",
          "case_number": "case-number", "maximum": "maximum", "text": "text"}  # fmt: skip


PARTS = {"stages": "stage", "charges": "charge", "clemency": "clemency", "total_sentence": "total"}


def place(path: str) -> str:
    """The block a field of a proceeding is printed in, from its path ("stages[1].court":
    "stage-1"), or "" (a removed part, a field printed nowhere of its own)."""
    top = path.split(".")[0]
    match = re.fullmatch(r"(stages|charges|clemency|total_sentence)\[(\d+)\]", top)
    if match:
        return f"{PARTS[match[1]]}-{match[2]}"
    return PLACES.get(top, "")


@dataclass(frozen=True)
class Change:
    """One entry of the changes list."""

    group: str  # a key of GROUPS
    kind: (
        str  # "event", "proceeding", "position", "subject", "source", "key point", "next step", "background"
    )
    how: str  # "new", "changed", "removed"
    id: str  # the item's id; for the background the block's ("background-3")
    what: str  # the item in words ("Arrest, 3 September 2017"), as its content holds them
    details: tuple[str, ...] = ()  # what changed, in substance
    fields: tuple[str, ...] = ()  # the model's names of what changed: for other tools
    places: tuple[str, ...] = ()  # where each detail is printed within the item (place())
    # One entry for several items (rewording, new sources, key points): the items, each
    # with its own id for its page.
    members: tuple[Change, ...] = ()
    # Blocks marked by a bar besides the entry's own (a section's changed paragraphs).
    marks: tuple[str, ...] = ()
    when: tuple[int, int, int] = (0, 0, 0)

    def __str__(self) -> str:
        """For the researcher at the terminal: with the item's id, to find it in the files;
        the details said on one line."""
        lead, what, tail = self.parts(inline=True)
        ident = f" [{self.id}]" if self.kind in IDENTIFIED and self.id and not self.members else ""
        return f"{lead}{what}{tail}{ident}"

    def words(self) -> str:
        """For a reader of the briefing: no ids, the members named after the lead, the
        details on one line."""
        lead, what, tail = self.parts(inline=True)
        listed = "; ".join(m.what for m in self.members)
        return f"{lead}{what}{tail}{listed}"

    @property
    def listed(self) -> tuple[str, ...]:
        """Details printed as a list under the entry (more than LISTED of them, and more
        than a line or two), else ()."""
        return self.details if len(self.details) > LISTED and len("; ".join(self.details)) > 150 else ()

    def parts(self, *, inline: bool = False) -> tuple[str, str, str]:
        """The tool's words before the item's own, the item's own words as stored (a label,
        a title, a key point: text, never markup), and the tool's words after them: the
        details, unless they are `listed` under the entry (and not `inline`). A collapsed
        entry's members follow the lead."""
        said = "" if self.listed and not inline else "; ".join(self.details)
        if self.members:
            return self.what, "", ""
        if self.kind == "background" and self.how != "changed":
            lead = "New in the background: " if self.how == "new" else "Removed from the background: "
            return lead, self.what, ""
        if self.kind == "key point" and self.how == "changed" and self.group != "wording":
            return f"Key point {int(self.id.rsplit('-', 1)[-1]) + 1} reworded: ", self.what, ""
        if self.how == "added":
            return f"Added earlier {self.kind}: ", self.what, f" ({said})" if said else ""
        if self.how == "changed":
            if not self.what:
                return f"{KIND_WORDS[self.kind]}: ", "", said
            return "", self.what, f": {said}" if said else ""
        lead = f"{self.how.capitalize()} {self.kind}{': ' if self.what else ''}"
        return lead, self.what, f" ({said})" if said else ""


# Two texts longer than this together are said by the new one alone ("offence, now: …").
LONG = 220
# More details than this are printed as a list under their entry.
LISTED = 2
# The kinds whose items have ids a writer finds in the content files.
IDENTIFIED = frozenset(["event", "proceeding", "position", "source"])
KIND_WORDS = {"next step": "Next step, now", "subject": "Subject", "background": "Background",
              "custody": "Custody", "total": "Total sentence"}  # fmt: skip


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed from `old` to `new` (snapshots): every entry, in GROUPS order, each
    group's heaviest and earliest first."""
    found: list[Change] = []
    for plural, kind in (("proceedings", "proceeding"), ("events", "event"), ("positions", "position")):
        found += _items(kind, old.get(plural, {}), new.get(plural, {}), old, new)
    found += _custody(old.get("events", {}), new.get("events", {}))
    found += _subject(old.get("subject"), new.get("subject"), old, new)
    found += _corrected_sources(old.get("sources", {}), new.get("sources", {}))
    found += _summary(old.get("summary", {}), new.get("summary", {}))
    found += background(str(old.get("background", "")), str(new.get("background", "")))
    found += _new_sources(old.get("sources", {}), new.get("sources", {}))
    return _collapsed(found)


def grouped(found: list[Change]) -> list[tuple[str, list[Change]]]:
    """The entries under their headings, in GROUPS order; empty groups left out."""
    return [(heading, [c for c in found if c.group == key]) for key, heading in GROUPS.items()
            if any(c.group == key for c in found)]  # fmt: skip


def total(found: list[Change]) -> int:
    """How many changes the entries stand for (an entry for several items counts each)."""
    return sum(len(c.members) or 1 for c in found)


def as_lines(found: list[Change]) -> list[str]:
    """What `dossier diff` prints: the count, then each group's heading and entries, with
    the ids a writer finds in the content files; details and members indented under theirs."""
    lines = [counted(total(found), "change")]
    for heading, entries in grouped(found):
        lines.append(heading)
        for change in entries:
            if change.listed:
                lead, what, _ = change.parts()
                ident = f" [{change.id}]" if change.kind in IDENTIFIED else ""
                lines.append(f"  {lead}{what}{ident}".rstrip(": ") + ":")
                lines += [f"    - {detail}" for detail in change.listed]
            elif change.members:
                lines.append(f"  {change.what.rstrip()}")
                lines += [f"    {member}" for member in change.members]
            else:
                lines.append(f"  {change}")
    return lines


def as_data(found: list[Change], since: int, date: str, edition: int) -> dict[str, Any]:
    """What `dossier diff --json` prints: every entry by group, with the model's names of
    the fields that changed, for other tools."""
    return {"since": {"edition": since, "date": date}, "edition": edition, "count": total(found),
            "groups": _plain(found)}  # fmt: skip


def _plain(found: list[Change]) -> list[dict[str, Any]]:

    def entry(change: Change) -> dict[str, Any]:
        return {
            "kind": change.kind,
            "how": change.how,
            "id": change.id,
            "what": change.what,
            "details": list(change.details),
            "fields": list(change.fields),
            "words": change.words(),
            "members": [entry(m) for m in change.members],
        }

    return [
        {"group": next(k for k, v in GROUPS.items() if v == heading), "heading": heading,
         "changes": [entry(c) for c in entries]}
        for heading, entries in grouped(found)
    ]  # fmt: skip


def _collapsed(found: list[Change]) -> list[Change]:
    """Rewording and added sources, each an entry of its own, become one entry listing the
    items (each with its page); the rest keep their order within their group."""
    rank = list(GROUPS)
    kinds = ["custody", "total", "proceeding", "subject", "event", "position", "key point", "next step",
             "background", "source"]  # fmt: skip
    ordered = sorted(found, key=lambda c: (rank.index(c.group), kinds.index(c.kind), c.when))
    reworded = [c for c in ordered if c.group == "wording" and c.kind != "source"]
    rest = [c for c in ordered if c.group != "wording" or c.kind == "source"]
    if reworded:
        lead = f"{counted(len(reworded), 'entry', 'entries')} reworded or with sources added or removed: "
        rest.append(Change("wording", "wording", "changed", "", lead, members=tuple(reworded)))
    # The entries reworded first, then the new sources.
    return sorted(rest, key=lambda c: (rank.index(c.group), c.kind == "source"))


def _items(
    kind: str, before: dict[str, Any], after: dict[str, Any], old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    found = []
    if kind == "proceeding":  # charges by their offences, not their ids
        before = {k: _named(v) for k, v in before.items()}
        after = {k: _named(v) for k, v in after.items()}
    for key, item in after.items():
        when = _when(item)
        if key not in before:
            group = _new_group(kind, item)
            # An event dated before the older edition's information: not news, but known now.
            earlier = kind == "event" and _before(item, _informed(old))
            how = "added" if earlier else "new"
            group = "corrections" if earlier else group
            found.append(Change(group, kind, how, key, describe(kind, item), _gist(kind, item), when=when))
            continue
        said = compare(kind, before[key], item) + sources_said(before[key], item, old, new)
        if not said:
            continue
        details, places = merged(said)
        # Every row that changed gets a bar, not only the first of each part.
        marks = (
            tuple(dict.fromkeys(place(s.path) for s in said if place(s.path))) if kind == "proceeding" else ()
        )
        weights = {s.weight for s in said}
        if "decisive" in weights:
            group = "decisions"
        elif "substance" in weights:
            group = "positions" if kind == "position" and _calls_changed(said) else "corrections"
        else:
            group = "wording"
        found.append(
            Change(
                group,
                kind,
                "changed",
                key,
                describe(kind, item),
                details,
                tuple(dict.fromkeys(s.path for s in said)),
                places=places,
                marks=marks,
                when=when,
            )
        )
    for key, item in before.items():
        if key not in after:
            found.append(Change("corrections", kind, "removed", key, describe(kind, item), when=_when(item)))
    return found


def _named(proceeding: dict[str, Any]) -> dict[str, Any]:
    """A proceeding whose sentences and clemency name the charges they are for by their
    offences ("6 years for assembly and collusion"), as the briefing prints them, not by
    the ids a writer gave them ("collusion-2026")."""
    offences = {str(c.get("id")): str(c.get("offence", "")) for c in proceeding.get("charges") or []}

    def named(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: named(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [named(v, key) for v in value]
        if key in ("charge", "covers") and isinstance(value, str):
            return _short(offences.get(value, value), 50, citations=True)
        return value

    named_: dict[str, Any] = named(proceeding)
    named_["charges"] = proceeding.get("charges")  # their ids are how they are matched
    return named_


def _gist(kind: str, item: dict[str, Any]) -> tuple[str, ...]:
    """What a new proceeding or position says, in a few words: a proceeding's status and
    latest decision, what a position calls for."""
    if kind == "proceeding":
        status = value("status", item.get("status") or "unknown")
        stages = item.get("stages") or []
        latest = (
            f"{STAGES.get(str(stages[-1].get('stage')), '').lower()}: {summary('stages', stages[-1])}"
            if stages
            else ""
        )
        return tuple(w for w in (status, latest) if w)
    if kind == "position" and item.get("calls_for"):
        return (f"what it calls for: {_short(str(item['calls_for']), 80)}",)
    if kind == "position" and item.get("says"):
        return (f"what it says: {_short(str(item['says']), 80)}",)
    return ()


def _informed(snapshot: dict[str, Any]) -> str:
    """The date an edition's information reached (ISO): its as-of date, or its latest
    source's date where that is earlier (an as-of date set to the day of writing)."""
    as_of = str(snapshot.get("as_of", ""))
    issued = []
    for item in (snapshot.get("sources") or {}).values():
        parts = _parts(item.get("issued")) if isinstance(item, dict) else []
        if parts:  # to its last possible day: "May 2024" reaches 31 May
            year, month = parts[0], parts[1] if len(parts) > 1 else 12
            day = parts[2] if len(parts) > 2 else calendar.monthrange(year, month)[1]
            issued.append(f"{year:04d}-{month:02d}-{day:02d}")
    return min([as_of, max(issued)]) if issued and as_of else as_of


def _before(item: dict[str, Any], as_of: str) -> bool:
    """Whether an item's date, to its last possible day, is on or before `as_of` (ISO)."""
    year, month, day = _when(item)
    if not year or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        return False
    return (year, month or 12, day or 31) <= tuple(int(p) for p in as_of.split("-"))


def _calls_changed(said: list[Said]) -> bool:
    return any(s.path == "calls_for" and s.weight != "wording" for s in said)


def _new_group(kind: str, item: dict[str, Any]) -> str:
    if kind == "proceeding":
        return "decisions"
    if kind == "position":
        return "positions"
    return "decisions" if item.get("kind") in DECISIVE_KINDS or item.get("custody_after") else "events"


def compare(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[Said]:
    """What changed in an item, field by field, in words; its sources apart (sources_said)."""
    said = list(_fields(old, new, "", ""))
    if kind == "proceeding":
        said = _dated_status(old, new, said)
    # A later report of a state: a proceeding's is its status's; an event's is its custody's,
    # which the custody entry says (bookkeeping here).
    reported = "status" if kind == "proceeding" else "custody"
    later = [s for s in said if s.path.startswith("last_reported")]
    said = [s for s in said if not s.path.startswith("last_reported")]
    if later and not any(s.path == "status" for s in said):  # a new status says its own date
        was, now = ((d.get("last_reported") or {}).get("date") for d in (old, new))
        text = f"{reported} as last reported {_date(now, 'no longer dated')}"
        text += f" (was {_date(was)})" if was else " (not dated before)"
        said.append(Said(text, "substance" if kind == "proceeding" else "wording", "last_reported"))
    return said


def _dated_status(old: dict[str, Any], new: dict[str, Any], said: list[Said]) -> list[Said]:
    """A status said with the date of the decision that changed it: "status from on trial to
    convicted (3 March 2023)": the latest stage decided or clemency granted since."""
    dated = [s.get("decided") for s in new.get("stages") or []]
    dated += [a.get("date") or a.get("reported") for a in new.get("clemency") or []]
    earlier = [s.get("decided") for s in old.get("stages") or []]
    earlier += [a.get("date") or a.get("reported") for a in old.get("clemency") or []]
    since = [d for d in dated if isinstance(d, dict) and d not in earlier]
    if not since:
        return said
    latest = max(since, key=lambda d: (d.get("year") or 0, d.get("month") or 0, d.get("day") or 0))
    return [replace(s, text=f"{s.text} ({_date(latest)})") if s.path == "status" else s for s in said]


def _fields(old: Any, new: Any, where: str, path: str) -> Iterator[Said]:
    """The fields of two versions of one part of an item that differ, in ORDER."""
    keys = [k for k in set(old) | set(new) if k not in NOT_CONTENT]
    for key in sorted(keys, key=lambda k: (ORDER.index(k) if k in ORDER else len(ORDER), k)):
        yield from _field(key, old.get(key), new.get(key), where, f"{path}.{key}".lstrip("."))


def _field(name: str, old: Any, new: Any, where: str, path: str) -> Iterator[Said]:
    if not _differs(new, old):
        return
    words = WORDS.get(name, name.replace("_", " "))
    # Within a total sentence or a clemency every field decides; a decision date given more
    # exactly ("2023" to "3 March 2023") is a correction, a first one a decision.
    within = {part.split("[")[0] for part in path.split(".")[:-1]}
    # A court stage opened or decided since is news; its date given more exactly, a correction.
    opened = name == "opened" and not old
    decisive = (
        (name in DECISIVE_FIELDS and not (name == "decided" and old))
        or opened
        or bool(within & DECISIVE_FIELDS)
    )
    weight = "decisive" if decisive else "substance"
    if name in PROSE:
        if _plain_text(old) == _plain_text(new):
            # Only its citations changed: a new source is said with the item's sources;
            # the same ones cited elsewhere in it move its notes.
            yield Said(f"{words}: notes moved", "wording", path, where)
            return
        if name == "calls_for" and new:
            yield Said(f"what it calls for, now: {_short(str(new), 120)}", "substance", path, where)
        elif old and new:
            yield Said(f"{words} reworded", "wording", path, where)
        else:
            yield Said(f"{words} {'added' if new else 'removed'}", "wording", path, where)
        return
    whole = name in WHOLE and value(name, old) != value(name, new)
    if isinstance(old, dict) and isinstance(new, dict) and not whole and not _value_like(old, new):
        yield from _fields(old, new, _within(where, _part(name, new)), path)
        return
    if isinstance(old, list) and isinstance(new, list) and not whole and _objects(old, new):
        yield from _list(name, old, new, where, path)
        return
    if isinstance(old, str) and isinstance(new, str) and old and new and len(f"{old}{new}") > LONG:
        yield Said(f"{words}, now: {new}", weight, path, where)  # a long text said once
        return
    if isinstance(old, str) and isinstance(new, str) and old and new and len(f"{old}{new}") > LONG / 3:
        yield Said(f"{words} from ‘{old}’ to ‘{new}’", weight, path, where)  # quoted as OSCOLA quotes
        return
    yield Said(_from_to(words, name, old, new), weight, path, where)


def _from_to(words: str, name: str, old: Any, new: Any) -> str:
    """ "status from on trial to convicted": words, not an arrow, which the bundled fonts lack
    and a screen reader says as "right arrow"; a value given for the first time, or no
    longer, said so."""
    if old in (None, "", [], {}) and name not in YES_NO:
        return f"{words} {value(name, new)} (not\u00a0given\u00a0before)"  # kept on one line
    if new in (None, "", [], {}) and name not in YES_NO:
        return f"{words} no longer given (was {value(name, old)})"
    return f"{words} from {value(name, old)} to {value(name, new)}"


def _within(where: str, part: str) -> str:
    return f"{where}, {part}" if where else part


def _part(name: str, item: dict[str, Any]) -> str:
    """A part of an item as a reader names it: "the appeal stage", "the charge of treason"."""
    if name == "stages":
        return f"{STAGES.get(str(item.get('stage')), 'court').lower()} stage"
    if name == "charges":
        return f"charge of {_short(str(item.get('offence', '')), 50, citations=True)}".strip()
    if name == "total_sentence":
        return "total"
    if name == "offices":
        return f"office of {item.get('title', '')}".strip()
    if name == "clemency":
        return LABELS.get(str(item.get("kind")), str(item.get("kind", "clemency")).replace("_", " ")).lower()
    return WORDS.get(name, name.replace("_", " "))


def _list(name: str, old: list[Any], new: list[Any], where: str, path: str) -> Iterator[Said]:
    """Two versions of a list of parts (stages, charges, offices…), matched by id, by a
    stage's kind and place, or by position."""
    weight = "decisive" if name in DECISIVE_FIELDS or name == "stages" else "substance"

    def keyed(items: list[Any]) -> dict[Any, tuple[int, Any]]:
        seen: dict[Any, int] = {}
        keys = {}
        for n, item in enumerate(items):
            if isinstance(item, dict) and "id" in item:
                key: Any = item["id"]
            elif isinstance(item, dict) and "stage" in item:
                key = (item["stage"], seen.get(item["stage"], 0))
                seen[item["stage"]] = seen.get(item["stage"], 0) + 1
            else:
                key = n
            keys[key] = (n, item)
        return keys

    before, after = keyed(old), keyed(new)
    for key, (n, item) in after.items():
        part = _part(name, item) if isinstance(item, dict) else WORDS.get(name, name)
        if key not in before:
            yield Said(summary(name, item), weight, f"{path}[{n}]", _within(where, f"new {part}"))
        else:
            yield from _fields(before[key][1], item, _within(where, part), f"{path}[{n}]")
    for key, (n, item) in before.items():
        if key not in after:
            part = _part(name, item) if isinstance(item, dict) else WORDS.get(name, name)
            yield Said(f"{part} removed", weight, f"{path}[was {n}]", where)


def _objects(old: list[Any], new: list[Any]) -> bool:
    return any(isinstance(item, dict) and not _value_like(item, item) for item in [*old, *new])


def _value_like(old: Any, new: Any) -> bool:
    """A date, a term, an amount or a value the sources give differently: said as one value."""
    for each in (old, new):
        keys = set(each)
        if not (keys <= DATE or keys <= TERM or "differ" in keys or "currency" in keys):
            return False
    return True


def summary(name: str, item: Any) -> str:
    """A new part of an item in a few words: a stage's court, outcome and date; a charge's
    offence and article; an office's title."""
    if not isinstance(item, dict):
        return value(name, item)
    if name == "stages":
        investigation = item.get("stage") == "investigation"
        unnamed = "investigating body not named" if investigation else "court not named"
        court = item.get("court") or unnamed
        outcome = LABELS.get(str(item.get("outcome") or "unknown"), "").lower()
        when = _date(item.get("decided")) if item.get("decided") else ""
        if item.get("decided_differ"):  # "27 or 28 September 2023", as the row prints it
            told = [v.get("value") for v in item["decided_differ"] if isinstance(v, dict)]
            when = either(
                [(int(d["year"]), d.get("month"), d.get("day")) for d in told if isinstance(d, dict)]
            )
        sentence = _sentence(item.get("sentence")) if item.get("sentence") else ""
        return ", ".join(w for w in (court, outcome, when, sentence) if w)
    if name == "charges":
        return ", ".join(str(item[k]) for k in ("instrument", "article") if item.get(k))
    if name == "offices":
        return _office(item)
    if name == "total_sentence":
        return _total(item)
    if name == "clemency":
        when = _date(item.get("date"), "") or (
            f"reported {_date(item['reported'])}" if item.get("reported") else ""
        )
        return ", ".join(w for w in (str(item.get("by") or ""), when) if w)
    # How a number was worked out is said where it is printed, not as part of the value.
    return ", ".join(
        value(k, v)
        for k, v in sorted(item.items())
        if k not in NOT_CONTENT and k != "derived" and v not in (None, [])
    )


def value(name: str, item: Any) -> str:
    """A field's value as the briefing says it."""
    if name == "sentence":
        return _sentence(item) or "no sentence"
    if name == "native_name" and isinstance(item, dict):
        return str(item.get("text", ""))
    if name == "penalty":
        return _penalty(item) or "none"
    if name == "maximum":
        return _limit(item.get("term")) if isinstance(item, dict) else "none"
    if name in YES_NO:
        return YES_NO[name][bool(item)]
    if item in (None, "", [], {}):
        return (
            "not stated" if name in ("date", "decided", "opened", "date_charged", "start", "end") else "none"
        )
    if isinstance(item, bool):
        return "yes" if item else "no"
    if isinstance(item, str):
        if name in ("status", "outcome", "custody_after", "kind", "stage", "value"):
            label = STAGES.get(item) if name == "stage" else None
            return (label or LABELS.get(item, item.replace("_", " "))).lower()
        return item
    if isinstance(item, list):
        return "; ".join(value(name, each) for each in item)
    if isinstance(item, dict):
        if "differ" in item:
            told = " or ".join(value(name, v.get("value")) for v in item["differ"] if isinstance(v, dict))
            return f"sources differ: {told}"
        if set(item) <= DATE and item.get("year"):
            return _date(item)
        if set(item) <= TERM:
            return _term(item)
        if "currency" in item:
            return f"{item.get('currency', '')} {item.get('amount', '')}".strip()
        if "amount" in item:  # a sum awarded
            head = f" ({item['head']})" if item.get("head") else ""
            return f"{value('amount', item['amount'])}{head}"
        if "value" in item:  # one source's version
            return value(name, item["value"])
        if "charge" in item:  # a term for one offence
            offence = str(item["charge"])
            # In a sentence: "for assembly and collusion", an acronym kept ("for NSL offences").
            lowered = offence[:1].lower() + offence[1:] if offence[1:2].islower() else offence
            return f"{_sentence(item)} for {lowered}"
        if "text" in item and "lang" in item:
            return str(item["text"])
        return summary(name, item)
    return str(item)


def _date(item: Any, none: str = "not stated") -> str:
    if isinstance(item, dict) and item.get("year"):
        return written(int(item["year"]), item.get("month"), item.get("day"))
    return none


def _term(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    if "differ" in item:
        return "sources differ: " + " or ".join(_term(v.get("value")) for v in item["differ"])
    # Said as the briefing says a term: the one formatter, Duration's.
    try:
        return str(Duration.model_validate({k: int(v) for k, v in item.items() if v}))
    except (ValueError, TypeError):
        return ""


def _limit(item: Any) -> str:
    return "life imprisonment" if item == "life" else _term(item)


def _penalty(item: Any) -> str:
    if not isinstance(item, dict):
        return ""
    low, high = _limit(item.get("min")), _limit(item.get("max"))
    text = f"{low} to {high}" if low and high and low != high else high or low
    fine = item.get("fine")
    if isinstance(fine, dict):
        text = f"{text} and a fine of up to {value('fine', fine)}".lstrip(" and")
    return text


def _sentence(item: Any) -> str:
    """A sentence as a snapshot holds it, in words, or ""."""
    if not isinstance(item, dict):
        return ""
    whole = "life imprisonment" if item.get("life") else _term(item.get("imprisonment"))
    parts = " and ".join(value("parts", p) for p in item.get("parts") or [])
    # The terms for each offence after the whole, or alone.
    term = f"{whole} ({parts})" if whole and parts else whole or (f"terms of {parts}" if parts else "")
    words = [term, "suspended" if item.get("suspended") else ""]
    for name in ("fine", "damages"):
        if isinstance(item.get(name), dict):
            words.append(f"a {name if name == 'fine' else 'sum in damages'} of {value(name, item[name])}")
    words += [str(o) for o in item.get("other") or []]
    return ", ".join(w for w in words if w)


def _office(item: dict[str, Any]) -> str:
    span = " to ".join(_date(item.get(d)) for d in ("start", "end") if item.get(d))
    ended = "ended" if item.get("ended") else ""
    said = "; ".join(w for w in (span, ended) if w)
    return f"{item.get('title')}{f' ({said})' if said else ''}"


def _total(item: dict[str, Any]) -> str:
    term = "life imprisonment" if item.get("life") else _term(item.get("imprisonment"))
    # Totals of different scope are not one number changing: the scope is said with each.
    scope = f" ({item['scope']})" if item.get("scope") else ""
    return f"{term or 'other penalties'}{scope}, as reported {_date(item.get('date'))}"


def sources_said(
    before: dict[str, Any], item: dict[str, Any], old: dict[str, Any], new: dict[str, Any]
) -> list[Said]:
    """The sources an item gained or lost, wherever in it they are cited, by author and year
    as the bibliography names them: a reader does not know the BibTeX keys."""
    was, now = cited(before), cited(item)
    added = [k for k in now if k not in was]
    dropped = [k for k in was if k not in now]
    said = []
    if added:
        said.append(
            Said(f"{counted(len(added), 'source')} added: {_titles(added, new)}", "wording", "sources")
        )
    if dropped:
        said.append(
            Said(
                f"{counted(len(dropped), 'source')} no longer cited: {_titles(dropped, old)}",
                "wording",
                "sources",
            )
        )
    return said


def cited(item: Any) -> list[str]:
    """Every source an item cites, in its `sources` and in its prose ("[@key]"), in order."""
    found: list[str] = []
    if isinstance(item, dict):
        for key, each in item.items():
            if key == "sources" and isinstance(each, list):
                found += [str(k) for k in each]
            elif key in PROSE and isinstance(each, str):
                found += _inline(each)
            else:
                found += cited(each)
    elif isinstance(item, list):
        for each in item:
            found += cited(each)
    return list(dict.fromkeys(found))


def _inline(text: str) -> list[str]:
    return re.findall(r"@([^\s;,\]]+)", text)


def _titles(keys: list[str], snapshot: dict[str, Any]) -> str:
    """By author and year, as a reader finds it in the bibliography; else by title."""
    known = snapshot.get("sources", {})
    named = []
    for key in keys:
        item = known.get(key, {})
        who = _who(item)
        year = _issued(item)[-4:]
        title = _short(str(item.get("title", key)), 40, citations=True)
        # Without a year, an author's title tells its statements apart ("Amnesty International,
        # 'Hong Kong: …'"), as the bibliography does.
        named.append((f"{who} {year}" if year else f"{who}, ‘{title}’") if who else title)
    return "; ".join(dict.fromkeys(named))


def _parts(value: Any) -> list[int]:
    """A CSL date's first [year, month, day] (as far as given), or [] if it has none."""
    parts = ((value or {}).get("date-parts") or [[]])[0] if isinstance(value, dict) else []
    return [int(p) for p in parts[:3]] if parts and all(isinstance(p, int) for p in parts[:3]) else []


def _issued(item: dict[str, Any]) -> str:
    parts = _parts(item.get("issued"))
    return written(*parts) if parts else ""


def _custody(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """The subject's custody as the key facts give it, when it or its last report changed:
    "from detained since 2017, as last reported on 19 November 2024, to imprisoned …"."""

    def said(events: dict[str, Any]) -> str:
        try:
            told = [Event.model_validate(as_written(e)) for e in events.values()]
            # A snapshot keeps events by id: back in the order they happened.
            state = standing(sorted(told, key=lambda e: (e.date.earliest(), e.date.latest())))
        except ValueError:  # an edition's events are checked when read; a model since may differ
            return ""
        if state is None:
            return "not stated"
        text = f"{state.words()} since {state.since}"
        return f"{text} (as last reported on {state.reported})" if state.reported != state.since else text

    before, after = said(old), said(new)
    if not before or before == after:
        return []
    # The same state, reported later: said as still holding, with the new report's date.
    same = before.split(" (as last reported")[0]
    if after.startswith(f"{same} (as last reported"):
        return [
            Change("decisions", "custody", "changed", "custody", "", (f"unchanged, {after}",), ("custody",))
        ]
    return [
        Change("decisions", "custody", "changed", "custody", "", (f"from {before} to {after}",), ("custody",))
    ]


def _subject(old: Any, new: Any, older: dict[str, Any], newer: dict[str, Any]) -> list[Change]:
    """The subject and the briefing's heading: compared only where both editions hold them
    (an edition released before they were kept says nothing of them). The total sentence
    is an entry of its own, with the decisions; the rest, the heading and who the subject
    is, another."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    found = []
    totals = list(
        _field("total_sentence", old.get("total_sentence"), new.get("total_sentence"), "", "total_sentence")
    )
    totals += sources_said(
        {"total_sentence": old.get("total_sentence")},
        {"total_sentence": new.get("total_sentence")},
        older,
        newer,
    )
    if totals:
        details, places = merged(totals)
        marks = tuple(dict.fromkeys(place(s.path) for s in totals if place(s.path)))
        total = Change(
            "decisions", "total", "changed", "total", "", details, ("total_sentence",), places, marks=marks
        )
        found.append(total)
    rest = [k for k in set(old) | set(new) if k != "total_sentence"]
    before, after = ({k: v for k, v in d.items() if k in rest} for d in (old, new))
    said = list(_fields(before, after, "", "")) + sources_said(before, after, older, newer)
    if said:
        group = "corrections" if {s.weight for s in said} - {"wording"} else "wording"
        details, _ = merged(said)
        fields = tuple(dict.fromkeys(s.path for s in said))
        found.append(
            Change(group, "subject", "changed", "subject", str(new.get("name") or ""), details, fields)
        )
    return found


def _corrected_sources(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """A source corrected since (its title, date, address…): a reader may have looked it up."""
    found = []
    for key, item in after.items():
        old = before.get(key)
        if old is None:
            continue
        fields = sorted(k for k in set(item) | set(old) if k != "id" and _differs(item.get(k), old.get(k)))
        if not fields:
            continue
        said = []
        for name in fields:
            if name == "issued":
                said.append(f"date from {_issued(old) or 'none'} to {_issued(item) or 'none'}")
            elif name in ("author", "editor"):
                said.append(f"{CSL_WORDS[name]} from {_names(old.get(name))} to {_names(item.get(name))}")
            else:
                words = CSL_WORDS.get(name, name.replace("-", " "))
                if name == "type":  # CSL's names of types: "legal_case", "article-newspaper"
                    was, now = (re.sub(r"[_-]", " ", str(d.get(name) or "")) for d in (old, item))
                    said.append(f"{words} from {was or 'none'} to {now or 'none'}")
                    continue
                was, now = _csl(old.get(name)), _csl(item.get(name))
                if name in ("title", "container-title", "collection-title"):  # a title told by its quotes
                    was, now = (f"‘{t}’" if t != "none" else t for t in (was, now))
                said.append(f"{words} from {was} to {now}")
        found.append(
            Change("corrections", "source", "changed", key, _source(item), tuple(said), tuple(fields))
        )
    return found


# CSL's variables as a reader says them (what the bibliography prints).
CSL_WORDS = {
    "URL": "address",
    "DOI": "DOI",
    "container-title": "publication",
    "collection-title": "series",
    "publisher": "publisher",
    "publisher-place": "place",
    "authority": "court or body",
    "accessed": "date consulted",
    "author": "author",
    "editor": "editor",
    "genre": "kind",
    "type": "type of source",
    "number": "number",
    "page": "page",
    "volume": "volume",
    "issue": "issue",
    "note": "note",
    "medium": "medium",
    "language": "language",
    "title-short": "short title",
    "event-date": "date of the event",
}


def _csl(item: Any) -> str:
    if isinstance(item, dict) and "date-parts" in item:
        parts = _parts(item)
        return written(*parts) if parts else "none"
    return _short(str(item), 60, citations=True) if item not in (None, "") else "none"


def _names(items: Any) -> str:
    if not isinstance(items, list) or not items:
        return "none"
    return "; ".join(
        str(n.get("literal") or " ".join(str(n.get(p)) for p in ("given", "family") if n.get(p)))
        for n in items
        if isinstance(n, dict)
    )


def _new_sources(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    added = [
        Change("wording", "source", "new", key, _source(item))
        for key, item in after.items()
        if key not in before
    ]
    if not added:
        return []
    lead = f"{counted(len(added), 'new source')} in the bibliography: "
    return [Change("wording", "source", "new", "", lead, members=tuple(added))]


def _summary(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    found = key_points(before.get("key_points", []), after.get("key_points", []))
    step_was, step = before.get("next_step"), after.get("next_step")
    if _differs(step, step_was):
        if _plain_text(step_was) == _plain_text(step):  # only its citations changed
            found.append(
                Change("wording", "next step", "changed", "next_step", "Next step", fields=("next_step",))
            )
        else:
            found.append(
                Change(
                    "summary",
                    "next step",
                    "changed",
                    "next_step",
                    "",
                    (_short(str(step or ""), 120),),
                    ("next_step",),
                )
            )
    return found


# How alike two key points' words must be for the later to be the earlier reworded, not a
# new point: difflib's ratio over words, citations left out. Measured on the four samples'
# editions 1 and 2: the points reworded score 0.55 to 1.0 (Orlov's two most rewritten 0.55
# and 0.58), every other pair 0.26 or less.
REWORDED = 0.45


def key_points(before: list[str], after: list[str]) -> list[Change]:
    """New and removed key points, each an entry; the reworded ones (a new point whose words
    are mostly a removed one's) in one entry by their numbers."""
    found: list[Change] = []
    reworded: list[Change] = []
    for n, point, earlier in _matched(before, after):
        if earlier is None:
            found.append(Change("summary", "key point", "new", f"key-point-{n}", _short(point)))
        else:
            fields: tuple[str, ...] = ("sources",) if _inline(earlier) != _inline(point) else ()
            if _short(earlier, 10**6) != _short(point, 10**6):
                # Its words changed: said with the summary, in its new words.
                found.append(
                    Change("summary", "key point", "changed", f"key-point-{n}", _short(point), (), ("text",))
                )
                continue
            reworded.append(
                Change("wording", "key point", "changed", f"key-point-{n}", f"Key point {n + 1}", (), fields)
            )
    kept = {earlier for _, _, earlier in _matched(before, after) if earlier is not None}
    now = set(after)
    found += [
        Change("summary", "key point", "removed", "", _short(p))
        for p in before
        if p not in now and p not in kept
    ]
    return found + reworded


def _matched(before: list[str], after: list[str]) -> list[tuple[int, str, str | None]]:
    """Each key point of `after` not in `before`, by its place, with the removed point it
    rewords (or None): each takes the most alike removed point."""
    # Comparing every new point with every removed one took 23 s for 1,000 of each. Two
    # lists of words can only reach REWORDED if they share enough words; these are found
    # through each point's rarest words ("prefix filtering"), and only those pairs are
    # compared. The result is what comparing every pair gives.
    kept, now = set(before), set(after)
    gone = [p for p in before if p not in now]
    words = {p: _short(p, length=10**6).lower().split() for p in [*gone, *after]}
    # Each word counted by its occurrence ("the" twice is two tokens): shared tokens are
    # then an upper bound on the words difflib matches.
    tokens: dict[str, list[tuple[str, int]]] = {}
    for text, said in words.items():
        seen: dict[str, int] = {}
        for word in said:
            seen[word] = seen.get(word, 0) + 1
        tokens[text] = [(word, n) for word, count in seen.items() for n in range(1, count + 1)]
    frequency: dict[tuple[str, int], int] = {}
    for each in tokens.values():
        for token in each:
            frequency[token] = frequency.get(token, 0) + 1
    # A pair of lengths a and b reaches REWORDED only with 2m/(a+b) >= REWORDED, m <= a, b;
    # so each point shares at least `needed` of its own tokens, and one of its first
    # len - needed + 1 tokens, rarest first, is shared with the other's first ones.
    share = REWORDED / (2 - REWORDED)

    def prefix(point: str) -> list[tuple[str, int]]:
        rarest = sorted(tokens[point], key=lambda token: (frequency[token], token))
        needed = max(math.ceil(share * len(rarest) - 1e-9), 1)
        return rarest[: len(rarest) - needed + 1]

    index: dict[tuple[str, int], list[int]] = {}
    for i, old in enumerate(gone):
        for token in prefix(old):
            index.setdefault(token, []).append(i)
    empty = [i for i, old in enumerate(gone) if not words[old]]  # two empty texts are alike
    taken: set[int] = set()
    found: list[tuple[int, str, str | None]] = []
    for n, point in enumerate(after):
        if point in kept:
            continue
        candidates = set(empty) if not words[point] else set()
        for token in prefix(point):
            candidates.update(index.get(token, ()))
        best, likeness = None, 0.0
        mine = set(tokens[point])
        for i in sorted(candidates - taken):  # the first of equally alike ones
            shared, total = len(mine.intersection(tokens[gone[i]])), len(mine) + len(tokens[gone[i]])
            if total and 2 * shared < REWORDED * total:
                continue  # too few words in common for difflib to find enough
            alike = _alike(gone[i], point)
            if best is None or alike > likeness:
                best, likeness = i, alike
        if best is not None and likeness >= REWORDED:
            taken.add(best)
            found.append((n, point, gone[best]))
        else:
            found.append((n, point, None))
    return found


def _alike(one: str, other: str) -> float:
    first, second = (_short(text, length=10**6).lower().split() for text in (one, other))
    return difflib.SequenceMatcher(a=first, b=second).ratio()


def blocks(text: str) -> list[tuple[int, str]]:
    """The background's blocks (a heading, a paragraph, a list: runs of lines between blank
    lines), each with the line it starts on (0-based): what is compared, and what the
    rendering marks with a bar (render/markdown.py finds them by that line)."""
    found: list[tuple[int, str]] = []
    start, lines = 0, list[str]()
    for n, line in enumerate([*text.splitlines(), ""]):
        if line.strip():
            if not lines:
                start = n
            lines.append(line)
        elif lines:
            found.append((start, "\n".join(lines)))
            lines = []
    return found


def _heading(block: str) -> str | None:
    first = block.lstrip().splitlines()[0] if block.strip() else ""
    return first.lstrip("#").strip() if first.startswith("#") else None


@dataclass
class _Section:
    heading: str
    new: list[int] = field(default_factory=list)
    reworded: list[int] = field(default_factory=list)
    cited: list[int] = field(default_factory=list)
    removed: int = 0
    created: int | None = None


# How alike a new paragraph must be to an old one to be it reworded (difflib's ratio over
# words, citations left out), as for key points.
PARAGRAPH_ALIKE = REWORDED


def background(old: str, new: str) -> list[Change]:
    """What changed in the background, section by section: a new section by its heading,
    paragraphs new, reworded or removed, each section's entry at its first changed block."""
    before, after = blocks(old), blocks(new)
    matcher = difflib.SequenceMatcher(
        a=[" ".join(b.split()) for _, b in before], b=[" ".join(b.split()) for _, b in after], autojunk=False
    )
    headings_before = {_heading(b) for _, b in before} - {None}
    sections: dict[str, _Section] = {}

    def section_of(blocks_: list[tuple[int, str]], index: int) -> str:
        for _, block in reversed(blocks_[: index + 1]):
            heading = _heading(block)
            if heading is not None:
                return heading
        return ""

    headings_after = {_heading(b) for _, b in after} - {None}
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # Within a replaced run, each new block is the old block it is most like, reworded
        # (PARAGRAPH_ALIKE or more), or new; an old block left unmatched was removed.
        unmatched = list(range(i1, i2))
        for j in range(j1, j2):
            name = section_of(after, j)
            section = sections.setdefault(name, _Section(name))
            heading = _heading(after[j][1])
            if heading is not None and heading not in headings_before:
                section.created = j
                continue
            likeness = {i: _alike(before[i][1], after[j][1]) for i in unmatched}
            was = max(likeness, key=lambda i: likeness[i], default=None)
            if was is None or likeness[was] < PARAGRAPH_ALIKE:
                section.new.append(j)
                continue
            unmatched.remove(was)
            cited_only = _plain_text(before[was][1]) == _plain_text(after[j][1])
            (section.cited if cited_only else section.reworded).append(j)
        for i in unmatched:
            name = section_of(before, i)
            section = sections.setdefault(name, _Section(name))
            heading = _heading(before[i][1])
            if heading is not None and heading not in headings_after:
                section.removed = -1
            elif section.removed >= 0:
                section.removed += 1
    found = []
    for name, section in sections.items():
        what = f"section ‘{name}’" if name else "opening paragraphs"
        if section.removed == -1 and section.created is None and not section.new:
            found.append(Change("summary", "background", "removed", "", what))
            continue
        changed = sorted([*section.new, *section.reworded, *section.cited])
        marks = tuple(
            f"background-{after[j][0]}"
            for j in ([section.created] if section.created is not None else []) + changed
        )
        if section.created is not None:
            found.append(Change("summary", "background", "new", marks[0], what, marks=marks))
            continue
        said = []
        for count, how in ((len(section.new), "new"), (len(section.reworded), "reworded")):
            if count:
                said.append(f"{counted(count, 'paragraph')} {how}")
        if section.removed > 0:
            said.append(f"{counted(section.removed, 'paragraph')} removed")
        if section.cited:
            said.append(f"sources changed in {counted(len(section.cited), 'paragraph')}")
        group = "summary" if section.new or section.removed else "wording"
        ident = marks[0] if marks else "background"
        found.append(
            Change(group, "background", "changed", ident, f"Background, {what}", tuple(said), marks=marks)
        )
    return found


def _differs(new: Any, old: Any) -> bool:
    """Two values of one field differ; a field the model gained since, absent in the older
    edition and at its default (empty, none, false) in this one, is no change."""
    unset: tuple[Any, ...] = (None, [], {}, False, "unknown")
    return new != old and not (new in unset and old in unset)


def _plain_text(text: Any) -> str:
    return _short(str(text or ""), 10**6)


def _when(item: dict[str, Any]) -> tuple[int, int, int]:
    """An item's date for ordering (events in the order they happened; others keep theirs)."""
    when = item.get("date")
    if not isinstance(when, dict):
        return (0, 0, 0)
    return (int(when.get("year") or 0), int(when.get("month") or 0), int(when.get("day") or 0))


def describe(kind: str, item: dict[str, Any]) -> str:
    """An item in a few words: "Arrest, 3 September 2017", an organisation, a title."""
    if kind == "event":
        kind_name = str(item.get("kind", ""))
        label = item.get("label") or LABELS.get(kind_name, kind_name.replace("_", " "))
        date_words = _date(item.get("date"), "")
        return f"{label[:1].upper()}{label[1:]}, {date_words}".rstrip(", ")
    if kind == "position":
        bodies = [item["organisation"]] if item.get("organisation") else item.get("organisations") or []
        names = [str(b.get("name", "")) if isinstance(b, dict) else str(b) for b in bodies]
        # A joint statement of 31 organisations is named by its count, as the briefing does.
        signed = item.get("signatories")
        if isinstance(signed, dict) and "differ" in signed:  # "8 or 9", as the sources give it
            count = " or ".join(str(v.get("value")) for v in signed["differ"] if isinstance(v, dict))
        else:
            count = str(signed if isinstance(signed, int) else len(names))
        by = ", ".join(names) if len(names) <= 3 else f"a joint statement of {count} organisations"
        return f"{by}, {_date(item.get('date'), '')}".rstrip(", ")
    return str(item.get("title") or item.get("id"))


def _short(text: str, length: int = 90, *, citations: bool = False) -> str:
    # The reader sees a key point's text, not its citations ("[@ngo2023]"); a title is
    # text, whatever it holds (`citations`: keep them).
    text = " ".join((text if citations else re.sub(r"\s*\[[^\]]*@[^\]]*\]", "", text)).split())
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0] + " …"
    # A bracket opened before the cut is closed after it: "[Report of the arrest …]".
    for opening, closing in ("()", "[]"):
        cut += closing * max(cut.count(opening) - cut.count(closing), 0)
    return cut


def _who(item: dict[str, Any]) -> str:
    """Who a source is by, as the bibliography leads with it: its first author or editor,
    else the publication or publisher."""
    authors = item.get("author") or item.get("editor") or []
    first = authors[0] if authors and isinstance(authors[0], dict) else {}
    found = (
        first.get("literal") or first.get("family") or item.get("container-title") or item.get("publisher")
    )
    return str(found or "")


def _source(item: dict[str, Any]) -> str:
    """A source as the bibliography names it: its author (or publisher) and year, and its
    title shortened; two reports of one title are told apart by who published them."""
    title = _short(str(item.get("title", item.get("id", ""))), 60, citations=True)
    who = _who(item)
    year = _issued(item)[-4:]
    named = f"{who} {year}".strip()
    return f"{named}, ‘{title}’" if named else title
