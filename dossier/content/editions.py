"""Turn a checked dossier into an edition's snapshot, and two snapshots into what changed.

An edition is frozen by `dossier release`: the validated content, every item with its id
and the bibliography, written to `editions/<number>.json` in the dossier's folder, kept
with the content files. The next edition is compared with it item by item, by id, so
that a reader holding edition 1 can be told what is new in edition 3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from ..files import Refused, replace_atomically, writable
from ..paths import EDITIONS
from ..words import counted
from .base import typographic
from .changes import GROUPS, Change, changes
from .edition_files import read_editions
from .models import Changed, Dossier, Released

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


def since_released(folder: Path, dossier: Dossier, number: int | None) -> tuple[int, str, list[Change]]:
    """What changed since released edition `number` (the last released by default): its
    number, its date and the changes; a ContentError where there is none to compare with."""
    editions = released(folder)
    where = str(folder / EDITIONS)
    if not editions:
        raise ContentError(
            [Problem(where, None, f"no edition released yet (`dossier release {folder}` freezes one)")]
        )
    number = max(editions) if number is None else number
    if number not in editions:
        listed = ", ".join(map(str, sorted(editions)))
        raise ContentError([Problem(where, None, f"edition {number} was not released (released: {listed})")])
    return number, str(editions[number]["date"]), changes(editions[number], frozen(dossier))


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
    elif number > last["edition"] and dossier.metadata.as_of.isoformat() < last["as_of"]:
        found.append(
            Problem(
                str(metadata),
                as_of_line,
                f"as_of ({dossier.metadata.as_of.isoformat()}) is before edition {last['edition']}'s "
                f"({last['as_of']}): the new edition would say its information is older than the "
                "last one's; give the date it is current to",
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
    markdown = change.kind == "key point" and change.group != "wording"
    return Changed(
        heading=GROUPS[change.group],
        kind=change.kind,
        how=change.how,
        id=change.id,
        lead=typographic(_capital(lead)),
        # Printed as a plain field is: with typographic quotes (a BibTeX title keeps straight ones).
        what=what if markdown else typographic(what),
        # The tool's words quote stored values: with typographic quotes, as printed elsewhere.
        tail=typographic(tail),
        markdown=markdown,
        listed=[typographic(_capital(d)) for d in change.listed],
        places=list(change.places),
        fields=list(change.fields),
        members=[_changed(m) for m in change.members],
        marks=list(change.marks),
    )


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
