"""Turn a dossier folder into a verdict on every value its briefing prints: verified in the kept
text of a source the item cites, derived (the item says how it was worked out), unverifiable
(no cited source has a kept text) or not found, each not found at its file and line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.models import Checking, Dossier
from ..errors import ContentError, Problem, Problems
from ..paths import source_text
from ..words import counted
from . import forms
from .texts import Kept, read_kept, strays
from .values import Value, collect

VERIFIED, DERIVED, UNVERIFIABLE, NOT_FOUND = "verified", "derived", "unverifiable", "not found"


@dataclass(frozen=True)
class Checked:
    value: Value
    status: str
    found_in: str | None  # the key of the source whose text gives it


@dataclass(frozen=True)
class Verdict:
    checked: list[Checked]
    problems: list[Problem]  # every value not found (errors) and stray or unreadable files (warnings)
    without_text: list[str]  # cited keys with no kept text
    kept: int = 0  # sources with a kept text
    misquoted: frozenset[int] = frozenset()  # which of `problems` are quotations not found

    def summary(self) -> str:
        """ "112 values: 104 verified, 5 derived, 3 unverifiable (2 sources without text)"."""
        counts = Counter(c.status for c in self.checked)
        parts = [f"{counts[VERIFIED]} verified", f"{counts[DERIVED]} derived"]
        unverifiable = f"{counts[UNVERIFIABLE]} unverifiable"
        if self.without_text:
            unverifiable += f" ({counted(len(self.without_text), 'source')} without text)"
        parts.append(unverifiable)
        parts.append(f"{counts[NOT_FOUND]} not found")
        return f"{counted(len(self.checked), 'value')}: {', '.join(parts)}"

    def counts(self) -> Checking:
        found = Counter(c.status for c in self.checked)
        return Checking(
            kept=self.kept,
            values=len(self.checked),
            verified=found[VERIFIED],
            derived=found[DERIVED],
            unverifiable=found[UNVERIFIABLE],
            not_found=found[NOT_FOUND],
        )

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "file": c.value.path.name,
                "line": c.value.line,
                "kind": c.value.kind,
                "value": c.value.printed,
                "sources": list(c.value.sources),
                "status": c.status,
                "found_in": c.found_in,
            }
            for c in self.checked
        ]


def verify_folder(root: Path) -> Verdict:
    """Check the folder (any content error aborts, as for a build), then every printed value."""
    from ..content.validate import check_folder

    dossier, _ = check_folder(root)
    return verify_checked(root, dossier)


def as_warnings(verdict: Verdict) -> list[Problem]:
    """The verdict's problems as `check` and `build` report them: warnings, which --strict
    makes errors (a value not found, a stray or unreadable kept text). A quotation not found
    in its source's kept text instead stops them here (ContentError): quoted words are the
    source's exactly, and a briefing must not go out with a misquotation because a warning
    was read past (helper-39: a one-word change built). A value's forms can be missed (a
    date written some way not known here); a quotation's words cannot."""
    misquoted = [p for n, p in enumerate(verdict.problems) if n in verdict.misquoted]
    if misquoted:
        raise ContentError(
            misquoted, f"{counted(len(misquoted), 'quotation')} not found word for word in the source cited"
        )
    return [Problem(p.path, p.line, p.message, warning=True) for p in verdict.problems]


def verify_checked(root: Path, dossier: Dossier) -> Verdict:
    """Every value of an already checked `dossier` against the kept texts in `root`."""
    from ..content import load

    problems = Problems(root)
    folder = load.load_folder(root, problems)
    keys = list(dossier.sources)
    kept, unreadable = read_kept(root, keys)
    for name, why in unreadable:
        problems.add(root / name, None, f"cannot be read: {why}", warning=True)
    for name in strays(root, keys):
        problems.add(
            root / name, None, "no source in sources.bib has this key: rename it or remove it", warning=True
        )
    checked = []
    misquoted = []
    for value in collect(dossier, folder):
        status, where = _status(value, kept, dossier.sources)
        checked.append(Checked(value, status, where))
        if status == NOT_FOUND:
            if value.kind == "quotation":
                misquoted.append(len(problems.items))
            problems.add(value.path, value.line, _not_found(value, kept))
    cited = {k for c in checked if c.status != DERIVED for k in c.value.sources}
    without = sorted(k for k in cited if k not in kept)
    return Verdict(checked, problems.items, without, len(kept), frozenset(misquoted))


def _status(value: Value, kept: dict[str, Kept], sources: dict[str, Any]) -> tuple[str, str | None]:
    if value.derived:
        return DERIVED, None
    for key in value.sources:
        source = sources.get(key)
        published = source.date if source is not None else None
        # The date of a report: the source that is that report gives it by its own date (its
        # date in sources.bib), to the day or within the month or year the item gives.
        if value.report is not None and published is not None and _within(published, value.report):
            return VERIFIED, key
        if key in kept and value.check(kept[key].text, published):
            return VERIFIED, key
    if any(k not in kept for k in value.sources):
        return UNVERIFIABLE, None
    return NOT_FOUND, None


def _within(day: Any, span: Any) -> bool:
    return bool(span.earliest() <= day.earliest() and day.latest() <= span.latest())


def _not_found(value: Value, kept: dict[str, Kept]) -> str:
    names = " or ".join(f"'{k}' ({source_text(k)})" for k in value.sources)
    if value.kind == "quotation":
        texts = [kept[k].text for k in value.sources if k in kept]
        snippet, ratio = max((forms.closest(value.printed, t) for t in texts), key=lambda pair: pair[1])
        near = f'; closest: "{snippet}" ({ratio:.0%} alike)' if ratio >= 0.5 else ""
        return f'the quotation "{value.printed}" is not in the text of {names}{near}'
    message = f"{value.kind} '{value.printed}' is not in the text of {names}"
    when = value.when
    if when is not None and any(
        forms.day_without_year(when, kept[k].text) for k in value.sources if k in kept
    ):
        message += (
            ": the text gives the day and month but not the year, and the source is not dated that "
            "year; say how the year was worked out (derived), or cite a source that gives it"
        )
    return message
