"""Turn a checked dossier into an edition's snapshot, and two snapshots into what changed.

An edition is frozen by `dossier release`: the validated content, every item with its id
and the bibliography, written to `editions/<number>.json` in the dossier's folder, kept
with the content files. The next edition is compared with it item by item, by id, so
that a reader holding edition 1 can be told what is new in edition 3.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..dates import written
from ..errors import ContentError, Problem
from ..files import Refused, replace_atomically, writable
from ..paths import EDITIONS
from ..words import counted
from .base import typographic
from .edition_files import read_editions
from .legal import Duration
from .models import LABELS, Changed, Dossier, Released

# The content model's field names as a reader says them.
FIELD_WORDS = {
    "derived": "how its date was worked out",
    "last_reported": "last report",
    "stages": "court stages",
    "dates_differ": "dates",
    "custody_after": "custody",
    "body": "court or body",
    "sources": "sources",
    "organisation": "organisation",
    "organisations": "organisations",
    "calls_for": "what it calls for",
}
# A snapshot's format; a later dossier reading an older snapshot knows what it holds.
FORMAT = 1
# Where an item's text lives is not part of what it says.
NOT_CONTENT = {"line", "folder", "files"}


def snapshot(dossier: Dossier) -> dict[str, Any]:
    """The edition's content as plain data: items by id, in a stable order."""
    meta = dossier.metadata
    return {
        "format": FORMAT,
        "edition": meta.edition.number,
        "date": meta.edition.date.isoformat(),
        "as_of": meta.as_of.isoformat(),
        "summary": _plain({"next_step": meta.next_step, "key_points": meta.key_points}),
        # Who the briefing is about and how it is headed: compared from the edition that holds them.
        "subject": _plain(
            {
                "title": meta.title,
                "subtitle": meta.subtitle,
                "classification": meta.classification,
                **meta.subject.model_dump(mode="json"),
            }
        ),
        "background": dossier.background,
        "events": {e.id: _plain(e) for e in dossier.events},
        "proceedings": {p.id: _plain(p) for p in dossier.proceedings},
        "positions": {p.id: _plain(p) for p in dossier.positions},
        "sources": {key: _plain(source.csl) for key, source in sorted(dossier.sources.items())},
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        value = value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in sorted(value.items()) if k not in NOT_CONTENT}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def frozen(dossier: Dossier) -> dict[str, Any]:
    """The snapshot as a released edition reads back (dates as text): what changes() compares."""
    loaded: dict[str, Any] = json.loads(encoded(snapshot(dossier)))
    return loaded


def encoded(data: dict[str, Any]) -> bytes:
    """A snapshot's bytes: the same content always gives the same file."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def released(folder: Path) -> dict[int, dict[str, Any]]:
    """The editions released so far, by number, each checked (edition_files.py); raises
    ContentError with every problem found in editions/ when one is not a readable edition."""
    found, problems = read_editions(folder)
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors, "the released editions in editions/ have errors: nothing was done")
    return found


def release(folder: Path, dossier: Dossier) -> tuple[Path, bool]:
    """Write editions/<number>.json; (its path, whether it was written now).

    Refuses when that edition was already released with other content: the edition a
    reader holds must stay what it was.
    """
    number = dossier.metadata.edition.number
    try:
        target = writable(folder, f"{EDITIONS}/{number}.json")
    except Refused as exc:
        raise ContentError([Problem(str(folder / EDITIONS), None, f"{exc}: nothing was released")]) from None
    data = snapshot(dossier)
    editions = released(folder)
    before = editions.get(number)
    if before is not None:
        if before == frozen(dossier):
            return target, False
        raise ContentError(
            [
                Problem(
                    str(target),
                    None,
                    f"edition {number} was released on {before['date']} with other content "
                    f"({counted(len(changes(before, data)), 'change')}): raise edition.number in "
                    "dossier.yaml for a new edition",
                )
            ]
        )
    later = [n for n in editions if n > number]
    if later:
        message = f"edition {max(later)} is already released: edition {number} would come after it"
        raise ContentError([Problem(str(target), None, message)])
    replace_atomically(target, lambda stream: stream.write(encoded(data)))
    return target, True


@dataclass(frozen=True)
class Change:
    """One thing a reader of the older edition should know."""

    kind: str  # "event", "proceeding", "position", "source", "key point", "next step", "background"
    how: str  # "new", "changed", "removed"
    id: str
    what: str  # in words: "Arrest, 3 September 2017"; "" where the kind says it all
    fields: tuple[str, ...] = ()  # of a changed item: which ("date", "text")
    # Of a changed item, what changed in substance: "status from on trial to convicted".
    details: tuple[str, ...] = ()
    # How a reader weighs it, lightest last (see WEIGHT); the list is sorted by it.
    weight: int = 9
    # Several new sources said in one entry ("3 new sources: …"): how many.
    count: int = 1

    def __str__(self) -> str:
        """For the researcher at the terminal: with the item's id, to find it in the files."""
        return (
            f"{self.words()} [{self.id}]"
            if self.id and self.kind not in ("next step", "background", "key point")
            else self.words()
        )

    def words(self) -> str:
        """For a reader of the briefing: no ids."""
        return "".join(self.parts())

    def parts(self) -> tuple[str, str, str]:
        """The tool's words before the item's own, the item's own words as stored (a label,
        a title, a key point: text, never markup), and the tool's words after them."""
        # What changed in substance first; the other fields by what they hold, in words.
        said = [*self.details]
        rest = [
            FIELD_WORDS.get(f, f.replace("_", " ")) for f in self.fields if f not in SPOKEN.get(self.kind, ())
        ]
        if rest:
            said.append(", ".join(rest))
        which = f" ({'; '.join(said)})" if said else ""
        if self.count > 1:
            return f"{self.count} {self.how} {self.kind}s: ", self.what, which
        return f"{self.how} {self.kind}{': ' if self.what else ''}", self.what, which


# Events that decide or change the subject's situation: court decisions, custody, clemency,
# international findings. Weighed with the proceedings, before positions and other events.
DECISIVE = frozenset(
    [
        *("arrest", "charge", "detention", "bail", "house_arrest", "release", "transfer"),
        *("trial", "judgment", "appeal", "cassation", "retrial", "pardon", "sentence_served"),
        *("interim_measure", "admissibility_decision", "international_judgment"),
        *("grand_chamber_referral", "supervisory_decision", "un_opinion", "un_views"),
    ]
)
# How a reader weighs a change, heaviest first: proceedings (sentences, statuses, stages),
# decisive events, positions, other events, the subject, the summary's texts, sources.
WEIGHT = {"proceeding": 0, "decisive": 1, "position": 2, "event": 3, "subject": 4,
          "key point": 5, "next step": 5, "background": 5, "source": 6}  # fmt: skip
# More new sources than this are said in one entry.
SOURCES_LISTED = 2


def _weight(name: str, item: dict[str, Any]) -> int:
    decisive = name == "event" and (item.get("kind") in DECISIVE or item.get("custody_after") is not None)
    return WEIGHT["decisive" if decisive else name]


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """What changed from `old` to `new` (snapshots), heaviest first (WEIGHT), in date order
    within each weight."""
    found: list[Change] = []
    for kind, name in (("events", "event"), ("proceedings", "proceeding"), ("positions", "position")):
        before, after = old.get(kind, {}), new.get(kind, {})
        for key, item in sorted(after.items(), key=lambda pair: _when(pair[1])):
            weight = _weight(name, item)
            if key not in before:
                found.append(Change(name, "new", key, _describe(name, item), weight=weight))
            else:
                # A field added to the model since (absent there, empty here) is no change.
                fields = sorted(
                    k for k in set(item) | set(before[key]) if _differs(item.get(k), before[key].get(k))
                )
                if fields:
                    details = tuple(substance(name, before[key], item))
                    details += tuple(_sources_said(before[key], item, old, new))
                    found.append(
                        Change(name, "changed", key, _describe(name, item), tuple(fields), details, weight)
                    )
        gone = [key for key in before if key not in after]
        found += [
            Change(name, "removed", key, _describe(name, before[key]), weight=_weight(name, before[key]))
            for key in gone
        ]
    found += _subject(old.get("subject"), new.get("subject"))
    points = [edition.get("summary", {}).get("key_points", []) for edition in (old, new)]
    found += [replace(c, weight=WEIGHT["key point"]) for c in _key_points(*points)]
    if old.get("summary", {}).get("next_step") != new.get("summary", {}).get("next_step"):
        found.append(Change("next step", "changed", "next_step", "", weight=WEIGHT["next step"]))
    if old.get("background") != new.get("background"):
        found.append(Change("background", "changed", "background", "", weight=WEIGHT["background"]))
    added = [
        Change("source", "new", key, _source(item), weight=WEIGHT["source"])
        for key, item in new.get("sources", {}).items()
        if key not in old.get("sources", {})
    ]
    if len(added) > SOURCES_LISTED:
        # A dozen lines of new sources filled most of a changes page: one entry, by title.
        titles = "; ".join(_short(c.what, 60, citations=True) for c in added)
        added = [Change("source", "new", "", titles, weight=WEIGHT["source"], count=len(added))]
    found += added
    # A source corrected since (its title, date, address...): a reader may have looked it up.
    for key, item in new.get("sources", {}).items():
        before = old.get("sources", {}).get(key)
        if before is None:
            continue
        fields = sorted(
            k for k in set(item) | set(before) if k != "id" and _differs(item.get(k), before.get(k))
        )
        if fields:
            corrected = _arrow("title", str(before.get("title") or ""), str(item.get("title") or ""))
            corrected += _arrow("date", _issued(before), _issued(item))
            found.append(
                Change(
                    "source", "changed", key, _source(item), tuple(fields), tuple(corrected), WEIGHT["source"]
                )
            )
    return sorted(found, key=lambda change: change.weight)


def _issued(item: dict[str, Any]) -> str:
    parts = ((item.get("issued") or {}).get("date-parts") or [[]])[0]
    return written(*parts[:3]) if parts else ""


# The fields `substance` says in words, by kind: not named a second time.
SPOKEN = {
    "event": ("date", "custody_after", "body", "label", "kind", "reported", "sources", "text"),
    "proceeding": ("status", "title", "sources", "text"),
    "position": ("date", "sources", "calls_for"),
    "subject": ("name", "role", "offices", "title", "subtitle", "classification", "total_sentence"),
    "source": ("title", "issued"),
}


def _date(value: Any) -> str:
    if isinstance(value, dict) and value.get("year"):
        return written(int(value["year"]), value.get("month"), value.get("day"))
    return "not stated"


def _custody(value: Any) -> str:
    if isinstance(value, dict) and "differ" in value:
        told = " or ".join(LABELS.get(str(v.get("value")), "?").lower() for v in value["differ"])
        return f"sources differ: {told}"
    return LABELS.get(str(value), "not stated").lower() if value else "not stated"


def _term(value: Any) -> str:
    if not isinstance(value, dict):
        return ""
    if "differ" in value:
        return "sources differ: " + " or ".join(_term(v.get("value")) for v in value["differ"])
    # Said as the briefing says a term: the one formatter, Duration's.
    try:
        return str(Duration.model_validate({k: int(v) for k, v in value.items() if v}))
    except (ValueError, TypeError):
        return ""


def _sentence(item: dict[str, Any]) -> str:
    """The sentence that stands in a proceeding as a snapshot holds it, in words, or ""."""
    for stage in reversed(item.get("stages") or []):
        sentence = stage.get("sentence")
        if isinstance(sentence, dict):
            if sentence.get("life"):
                return "life imprisonment"
            words = [_term(sentence.get("imprisonment"))]
            fine = sentence.get("fine")
            if isinstance(fine, dict):
                words.append(f"a fine of {fine.get('currency', '')} {fine.get('amount', '')}")
            return "; ".join(w for w in words if w) or "a sentence"
        if stage.get("outcome") in ("acquitted", "quashed", "retrial_ordered"):
            return ""
    return ""


def _sources_said(
    before: dict[str, Any], item: dict[str, Any], old: dict[str, Any], new: dict[str, Any]
) -> list[str]:
    """An item's prose reworded, and the sources it gained or lost, by their titles: a reader
    of the briefing does not know the BibTeX keys."""
    said = []
    for field, words in (("text", "text reworded"), ("calls_for", "what it calls for reworded")):
        if _differs(item.get(field), before.get(field)):
            said.append(words)

    def titles(keys: list[str], snapshot: dict[str, Any]) -> str:
        """By author and year, as a reader finds it in the bibliography; else by title."""
        known = snapshot.get("sources", {})
        named = []
        for key in keys:
            item = known.get(key, {})
            authors = item.get("author") or item.get("editor") or []
            first = authors[0] if authors and isinstance(authors[0], dict) else {}
            who = str(first.get("literal") or first.get("family") or "")
            year = _issued(item)[-4:]
            named.append(
                f"{who} {year}".strip() if who else _short(str(item.get("title", key)), 40, citations=True)
            )
        return "; ".join(named)

    was, now = list(before.get("sources") or []), list(item.get("sources") or [])
    added = [k for k in now if k not in was]
    dropped = [k for k in was if k not in now]
    if added:
        said.append(f"{counted(len(added), 'source')} added: {titles(added, new)}")
    if dropped:
        said.append(f"{counted(len(dropped), 'source')} no longer cited: {titles(dropped, old)}")
    return said


def _arrow(what: str, old: str, new: str) -> list[str]:
    """ "status from on trial to convicted": words, not an arrow, which the bundled fonts lack
    and a screen reader says as "right arrow"."""
    return [f"{what} from {old or 'none'} to {new or 'none'}"] if old != new else []


def substance(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed in an item, as a reader weighs it: "status from on trial to convicted",
    "sentence from 42 years to 41 years", "date from 3 March 2023 to 4 March 2023"."""
    said: list[str] = []
    if kind == "event":
        said += _arrow("date", _date(old.get("date")), _date(new.get("date")))
        said += _arrow("custody", _custody(old.get("custody_after")), _custody(new.get("custody_after")))
        said += _arrow("court or body", str(old.get("body") or ""), str(new.get("body") or ""))
        old_label = old.get("label") or LABELS.get(str(old.get("kind")), "")
        new_label = new.get("label") or LABELS.get(str(new.get("kind")), "")
        said += _arrow("what happened", str(old_label), str(new_label))
    elif kind == "proceeding":
        said += _arrow("title", str(old.get("title") or ""), str(new.get("title") or ""))
        said += _arrow(
            "status",
            LABELS.get(str(old.get("status") or "unknown"), "").lower(),
            LABELS.get(str(new.get("status") or "unknown"), "").lower(),
        )
        said += _arrow("sentence", _sentence(old), _sentence(new))
        stages_before, stages_now = old.get("stages") or [], new.get("stages") or []
        for stage in stages_now[len(stages_before) :]:
            heading = str(stage.get("stage", "")).replace("_", " ")
            outcome = LABELS.get(str(stage.get("outcome") or "unknown"), "").lower()
            when = _date(stage.get("decided")) if stage.get("decided") else ""
            court = stage.get("court") or "court not named"
            said.append(f"new {heading} stage: {court}, {', '.join(w for w in (outcome, when) if w)}")
    elif kind == "position":
        said += _arrow("date", _date(old.get("date")), _date(new.get("date")))
    return said


def _subject(old: Any, new: Any) -> list[Change]:
    """The subject and the briefing's heading: compared only where both editions hold them
    (an edition released before they were kept says nothing of them)."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return []
    said: list[str] = []
    for field, words in (("title", "title"), ("subtitle", "subtitle"), ("classification", "classification"),
                         ("name", "name"), ("role", "role")):  # fmt: skip
        said += _arrow(words, str(old.get(field) or ""), str(new.get(field) or ""))

    def offices(data: dict[str, Any]) -> str:
        held = []
        for office in data.get("offices") or []:
            span = " to ".join(_date(d) for d in (office.get("start"), office.get("end")) if d)
            ended = "; ended" if office.get("ended") else ""
            held.append(f"{office.get('title')}{f' ({span}{ended})' if span or ended else ''}")
        return "; ".join(held)

    said += _arrow("offices", offices(old), offices(new))

    def total(data: dict[str, Any]) -> str:
        totals = data.get("total_sentence") or []
        if not totals:
            return ""
        last = totals[-1]
        term = "life imprisonment" if last.get("life") else _term(last.get("imprisonment"))
        return f"{term}, as reported {_date(last.get('date'))}" if term else ""

    said += _arrow("total sentence", total(old), total(new))
    other = sorted(
        k for k in set(old) | set(new) if k not in SPOKEN["subject"] and _differs(new.get(k), old.get(k))
    )
    if not said and not other:
        return []
    subject = str(new.get("name") or "")
    return [Change("subject", "changed", "subject", subject, tuple(other), tuple(said), WEIGHT["subject"])]


def _differs(new: Any, old: Any) -> bool:
    """Two values of one field differ; a field the model gained since, absent in the older
    edition and at its default (empty, none, false) in this one, is no change."""
    unset: tuple[Any, ...] = (None, [], {}, False)
    return new != old and not (new in unset and old in unset)


# How alike two key points' words must be for the later to be the earlier reworded, not a
# new point: difflib's ratio over words, citations left out. Measured on the sample's two
# editions: its points reworded or cited anew score 0.74, 0.96 and 1.0, every other pair
# 0.24 or less.
REWORDED = 0.6


def _key_points(before: list[str], after: list[str]) -> list[Change]:
    """New, reworded ("changed") and removed key points. Key points have no ids, so a
    reworded one is found by its words: each new point takes the most alike removed one."""
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
    found = []
    for n, point in enumerate(after):
        if point in kept:
            continue
        candidates = set(empty) if not words[point] else set()
        for token in prefix(point):
            candidates.update(index.get(token, ()))
        best, likeness = None, 0.0
        mine = set(tokens[point])
        for i in sorted(candidates - taken):  # the first of equally alike ones, as before
            shared, total = len(mine.intersection(tokens[gone[i]])), len(mine) + len(tokens[gone[i]])
            if total and 2 * shared < REWORDED * total:
                continue  # too few words in common for difflib to find enough
            alike = _alike(gone[i], point)
            if best is None or alike > likeness:
                best, likeness = i, alike
        if best is not None and likeness >= REWORDED:
            taken.add(best)
            earlier = gone[best]
            fields: tuple[str, ...] = ("sources",) if _cited(earlier) != _cited(point) else ()
            if _short(earlier, 10**6) != _short(point, 10**6):
                fields += ("text",)
            found.append(Change("key point", "changed", f"key-point-{n}", _short(point), fields))
        else:
            found.append(Change("key point", "new", f"key-point-{n}", _short(point)))
    removed = [old for i, old in enumerate(gone) if i not in taken]
    return found + [Change("key point", "removed", "", _short(p)) for p in removed]


def _cited(text: str) -> set[str]:
    return set(re.findall(r"@([^\s;,\]]+)", text))


def _alike(one: str, other: str) -> float:
    first, second = (_short(text, length=10**6).lower().split() for text in (one, other))
    return difflib.SequenceMatcher(a=first, b=second).ratio()


def _when(item: dict[str, Any]) -> tuple[int, int, int]:
    """An item's date for ordering (events in the order they happened; others keep theirs)."""
    when = item.get("date")
    if not isinstance(when, dict):
        return (0, 0, 0)
    return (int(when.get("year") or 0), int(when.get("month") or 0), int(when.get("day") or 0))


def _describe(kind: str, item: dict[str, Any]) -> str:
    if kind == "event":
        kind_name = str(item.get("kind", ""))
        label = item.get("label") or LABELS.get(kind_name, kind_name.replace("_", " "))
        when = item.get("date") or {}
        date_words = written(when["year"], when.get("month"), when.get("day")) if when else ""
        return f"{label[:1].upper()}{label[1:]}, {date_words}"
    if kind == "position":
        bodies = [item["organisation"]] if item.get("organisation") else item.get("organisations") or []
        by = ", ".join(str(b.get("name", "")) if isinstance(b, dict) else str(b) for b in bodies)
        return by
    return str(item.get("title") or item.get("id"))


def _short(text: str, length: int = 90, *, citations: bool = False) -> str:
    # The reader sees a key point's text, not its citations ("[@ngo2023]"); a title is
    # text, whatever it holds (`citations`: keep them).
    text = " ".join((text if citations else re.sub(r"\s*\[[^\]]*@[^\]]*\]", "", text)).split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + " …"


def _source(item: dict[str, Any]) -> str:
    return _short(str(item.get("title", item.get("id", ""))), citations=True)


def warnings(
    editions: dict[int, dict[str, Any]],
    dossier: Dossier,
    metadata: Path,
    number_line: int,
    as_of_line: int,
    date_line: int,
) -> list[Problem]:
    """What `dossier check` says of the edition against those released: content changed
    under a released number, or a new number with the old as-of date (warnings); a new
    edition dated before one it follows (an error: it would be printed as updating it)."""
    if not editions:
        return []
    last = editions[max(editions)]
    number = dossier.metadata.edition.number
    found: list[Problem] = []
    today = dossier.metadata.edition.date.isoformat()
    for earlier, data in sorted(editions.items()):
        if earlier < number and today < data["date"]:
            message = (
                f"edition {number} is dated {today}, before edition {earlier} ({data['date']}), "
                "which it follows"
            )
            found.append(Problem(str(metadata), date_line, message))
            break
    if number == last["edition"]:
        differences = changes(last, frozen(dossier))
        if differences:
            found.append(
                Problem(
                    str(metadata),
                    number_line,
                    f"the content differs from released edition {number} "
                    f"({counted(len(differences), 'change')}: `dossier diff` lists them), but "
                    f"edition.number is still {number}: raise it, so that readers holding "
                    f"edition {number} are sent the new one",
                    warning=True,
                )
            )
    elif number > last["edition"] and dossier.metadata.as_of.isoformat() == last["as_of"]:
        found.append(
            Problem(
                str(metadata),
                as_of_line,
                f"edition.number is {number} but as_of is still edition {last['edition']}'s "
                f"({last['as_of']}): give the date the new edition's information is current to",
                warning=True,
            )
        )
    elif number < last["edition"]:
        found.append(
            Problem(
                str(metadata),
                number_line,
                f"edition {last['edition']} is already released: this is edition {number}",
                warning=True,
            )
        )
    return found


def context(editions: dict[int, dict[str, Any]], dossier: Dossier) -> dict[str, Any]:
    """What the briefing says of its editions: the released one it updates (the latest
    older than it), the changes since, and every earlier edition released."""
    number = dossier.metadata.edition.number
    history = [
        Released(number=n, date=data["date"], as_of=data["as_of"])
        for n, data in sorted(editions.items())
        if n < number
    ]
    if not history:
        return {"updates": None, "changes": [], "history": []}
    previous = history[-1]
    found = changes(editions[previous.number], frozen(dossier))
    return {
        "updates": previous,
        "changes": [_changed(c) for c in found],
        "history": history,
    }


def _changed(change: Change) -> Changed:
    lead, what, tail = change.parts()
    # A key point is Markdown where it is written (emphasis, curly quotes); every other
    # item's words (labels, titles, names) are plain text wherever they are printed.
    return Changed(
        kind=change.kind,
        how=change.how,
        id=change.id,
        lead=_capital(lead),
        # Printed as a plain field is: with typographic quotes (a BibTeX title keeps straight ones).
        what=what if change.kind == "key point" else typographic(what),
        tail=tail,
        markdown=change.kind == "key point",
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
