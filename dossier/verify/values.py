"""Turn a checked dossier into the values its briefing prints, each with where it is written and
the sources it must be found in.

Structured fields give their values directly (a stage's court and dates, a sentence's term
and fine, an event's date, a position's quotation). Prose (the background, an event's text,
a proceeding's text, key points) is read citation by citation: the words before a citation
are what it supports, so their quotations, dates, terms and amounts must be in its sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content import load
from ..content.base import PartialDate
from ..content.citations import CitationSyntaxError, groups, parse_group
from ..content.legal import Duration, Money, Versions
from ..content.models import Dossier
from ..dates import MONTHS, month_number
from . import forms

# A check takes a source's normalised kept text and that source's own date.
Check = Callable[[str, PartialDate | None], bool]


@dataclass(frozen=True)
class Value:
    """One value the briefing prints."""

    kind: str  # "date", "term", "amount", "count", "name", "quotation"
    printed: str
    path: Path
    line: int
    sources: tuple[str, ...]
    check: Check = field(compare=False)
    # How the item says it was worked out (`derived`): not looked for, reported as derived.
    derived: bool = False
    # The date of a report (`reported`, `last_reported`, a position's or a total's date):
    # also verified by the date of a source that gives it.
    report: PartialDate | None = None
    # The date itself, for a date: the message says when a text gives it without its year.
    when: PartialDate | None = None


def _date(when: PartialDate) -> Check:
    return lambda text, published: forms.date_found(when, text, published)


def _term(term: Duration) -> Check:
    return lambda text, _: forms.duration_found(term, text)


def _amount(money: Money) -> Check:
    return lambda text, _: forms.money_found(money, text)


def _day_and_month(day: int, month: int) -> Check:
    return lambda text, _: forms.day_and_month_found(day, month, text)


def _count(n: int) -> Check:
    return lambda text, _: forms.count_found(n, text)


def _name(name: str) -> Check:
    return lambda text, _: forms.name_found(name, text)


def _quote(quote: str) -> Check:
    return lambda text, _: forms.quotation_found(quote, text)


class Collector:
    """Values as they are found, with the file each comes from."""

    def __init__(self) -> None:
        self.values: list[Value] = []

    def add(
        self, kind: str, printed: str, path: Path, line: int, keys: list[str], check: Check, **kw: Any
    ) -> None:
        self.values.append(Value(kind, printed, path, line, tuple(dict.fromkeys(keys)), check, **kw))

    def date(self, when: PartialDate | None, at: tuple[Path, int], keys: list[str], **kw: Any) -> None:
        if when is not None:
            self.add("date", str(when), *at, keys, _date(when), when=when, **kw)

    def term(self, term: Any, at: tuple[Path, int], keys: list[str]) -> None:
        """A term, or each version of one the sources give differently, with its sources."""
        if isinstance(term, Duration):
            self.add("term", str(term), *at, keys, _term(term))
        elif isinstance(term, Versions):
            for version in term.differ:
                self.add("term", str(version.value), *at, list(version.sources), _term(version.value))

    def count(self, count: Any, at: tuple[Path, int], keys: list[str], *, derived: bool = False) -> None:
        if isinstance(count, int) and count > 1:  # "one" and "none" are not worth a lookup
            self.add("count", str(count), *at, keys, _count(count), derived=derived)
        elif isinstance(count, Versions):
            for version in count.differ:
                self.add("count", str(version.value), *at, list(version.sources), _count(version.value))

    def amount(self, money: Money | None, at: tuple[Path, int], keys: list[str]) -> None:
        if money is not None:
            self.add("amount", str(money), *at, keys, _amount(money))

    def name(self, name: str | None, at: tuple[Path, int], keys: list[str]) -> None:
        if name:
            self.add("name", name, *at, keys, _name(name))


_MONTH = "|".join(MONTHS)
_PROSE_DATE = re.compile(
    rf"\b(?:(\d{{1,2}}) ({_MONTH}) (\d{{4}})|({_MONTH}) (\d{{1,2}}), (\d{{4}})|({_MONTH}) (\d{{4}}))\b"
)
# A day of a month with no year after it ("on 16 November"), checked as written.
_PROSE_DAY = re.compile(rf"\b(\d{{1,2}}) ({_MONTH})\b(?!,? \d{{4}})")
_PROSE_TERM = re.compile(r"\b(\d{1,3})[- ](year|month)s?\b")
# An amount in prose: a currency's code with a space ("BYN 185,000"), or its sign. A code run
# into its figures is a name ("TVN24", a television channel, was read as TVN 24).
_PROSE_AMOUNT = re.compile(
    r"(?:\b(?P<code>[A-Z]{3}) |(?P<sign>\bUS\$|(?<![\w$])[$€£]) ?)"
    r"(?P<amount>\d[\d,.]*\d|\d)(?P<scale> million| billion)?(?![\w-])"
)
# A quotation in Markdown: straight or typographic double quotes, within one paragraph (it
# may run over a line break of the file).
_PROSE_QUOTE = re.compile(r"[\"\u201c]((?:(?!\n\s*\n)[^\"\u201c\u201d]){2,}?)[\"\u201d]")


def _plain(c: Collector, text: str, at: tuple[Path, int], keys: list[str]) -> None:
    """The dates, terms and amounts in a line of plain text the briefing prints as it is (a
    penalty's `other`: "to pay BYN 752,438"), each against `keys`: "every amount" includes
    these (helper-39)."""
    for _, kind, printed, check in _prose_values(text):
        if kind != "quotation":
            c.add(kind, printed, *at, keys, check)


def prose(
    collector: Collector, text: str, path: Path, first: int, keys: list[str], *, quotations_only: bool = False
) -> None:
    """The values in Markdown `text` (its first line at `first`), each checked against the
    sources of the citation that follows it; text after the last citation against `keys`."""
    # Each value belongs to the first citation after it: quotation marks are paired over the
    # whole text, since a citation may stand inside a quotation's sentence.
    ends: list[tuple[int, list[str]]] = []
    for group in groups(text):
        try:
            ends.append((group.start, [c.key for c in parse_group(group.body)]))
        except CitationSyntaxError:
            ends.append((group.start, []))
    cited_at = [(at, cited) for at, cited in ends]
    for offset, kind, printed, check in _prose_values(text):
        if quotations_only and kind != "quotation":
            continue
        # The next citation in the same paragraph supports it; a value after a paragraph's last
        # citation (or in a heading) is the item's to support, or no source's.
        cited = next(
            (c for at, c in cited_at if at >= offset and "\n\n" not in text[offset:at].replace("\r", "")),
            keys,
        )
        if cited:
            collector.add(kind, printed, path, first + text.count("\n", 0, offset), cited, check)


def _prose_values(segment: str) -> Iterator[tuple[int, str, str, Check]]:
    for m in _PROSE_QUOTE.finditer(segment):
        yield m.start(), "quotation", m[1], _quote(m[1])
    quoted = [(m.start(), m.end()) for m in _PROSE_QUOTE.finditer(segment)]

    def inside(at: int) -> bool:
        return any(a <= at < b for a, b in quoted)

    for m in _PROSE_DATE.finditer(segment):
        if inside(m.start()):
            continue
        if m[1]:
            when = PartialDate(year=int(m[3]), month=month_number(m[2]), day=int(m[1]))
        elif m[4]:
            when = PartialDate(year=int(m[6]), month=month_number(m[4]), day=int(m[5]))
        else:
            when = PartialDate(year=int(m[8]), month=month_number(m[7]))
        yield m.start(), "date", str(when), _date(when)
    for m in _PROSE_DAY.finditer(segment):
        month = month_number(m[2])
        if inside(m.start()) or month is None or not 1 <= int(m[1]) <= 31:
            continue
        yield m.start(), "date", f"{int(m[1])} {m[2]}", _day_and_month(int(m[1]), month)
    for m in _PROSE_TERM.finditer(segment):
        if inside(m.start()) or int(m[1]) == 0:
            continue
        unit = "years" if m[2] == "year" else "months"
        term = Duration.model_validate({unit: int(m[1])})
        yield m.start(), "term", str(term), _term(term)
    for m in _PROSE_AMOUNT.finditer(segment):
        if inside(m.start()):
            continue
        money = Money(currency=m["code"] or m["sign"], amount=m["amount"] + (m["scale"] or ""))
        yield m.start(), "amount", str(money), _amount(money)


def collect(dossier: Dossier, folder: load.Folder) -> list[Value]:
    """Every value the briefing prints, in file order."""
    c = Collector()
    meta = folder.yaml[load.METADATA]
    _metadata(c, dossier, meta)
    background = folder.markdown[load.BACKGROUND]
    prose(c, background.text, background.path, 1, [])
    if load.CHARGES in folder.yaml:
        _proceedings(c, dossier, folder.yaml[load.CHARGES])
    if load.EVENTS in folder.yaml:
        _events(c, dossier, folder.yaml[load.EVENTS])
    if load.POSITIONS in folder.yaml:
        _positions(c, dossier, folder.yaml[load.POSITIONS])
    return c.values


def _derived(c: Collector, text: str | None, file: load.YamlFile, loc: load.Loc, keys: list[str]) -> None:
    """How a date was worked out: the words it quotes from its sources must be theirs."""
    if text is not None:
        prose(c, text, file.path, file.text_start(loc), keys, quotations_only=True)


def _at(file: load.YamlFile, loc: load.Loc) -> tuple[Path, int]:
    return file.path, file.line(loc)


def _metadata(c: Collector, dossier: Dossier, file: load.YamlFile) -> None:
    subject = dossier.metadata.subject
    for n, office in enumerate(subject.offices):
        where = ("subject", "offices", n)
        c.date(office.start, _at(file, (*where, "start")), office.sources)
        c.date(office.end, _at(file, (*where, "end")), office.sources)
    for n, total in enumerate(subject.total_sentence):
        where = ("subject", "total_sentence", n)
        c.date(total.date, _at(file, (*where, "date")), total.sources, derived=total.derived is not None,
               report=total.date)  # fmt: skip
        _derived(c, total.derived, file, (*where, "derived"), total.sources)
        c.term(total.imprisonment, _at(file, (*where, "imprisonment")), total.sources)
        for k, other in enumerate(total.other):
            _plain(c, other, _at(file, (*where, "other", k)), total.sources)
        if total.after is not None:
            prose(c, total.after, file.path, file.text_start((*where, "after")), total.sources)
    for n, point in enumerate(dossier.metadata.key_points):
        prose(c, point, file.path, file.text_start(("key_points", n)), [])
    prose(c, dossier.metadata.next_step, file.path, file.text_start(("next_step",)), [])


def _proceedings(c: Collector, dossier: Dossier, file: load.YamlFile) -> None:
    for i, p in enumerate(dossier.proceedings):
        for n, charge in enumerate(p.charges):
            where = (i, "charges", n)
            c.date(charge.date_charged, _at(file, (*where, "date_charged")), charge.sources)
            if charge.penalty is not None:
                for bound in ("min", "max"):
                    c.term(
                        getattr(charge.penalty, bound), _at(file, (*where, "penalty", bound)), charge.sources
                    )
                c.amount(charge.penalty.fine, _at(file, (*where, "penalty", "fine")), charge.sources)
        if p.co_defendants is not None:
            # Looked for where the row's note sends the reader: its own sources, or the proceeding's.
            given = p.co_defendants.sources or p.sources
            derived = p.co_defendants.derived is not None
            for field_name in ("count", "tried"):
                value = getattr(p.co_defendants, field_name)
                c.count(value, _at(file, (i, "co_defendants", field_name)), given, derived=derived)
            for n, name in enumerate(p.co_defendants.names):
                c.name(name, _at(file, (i, "co_defendants", "names", n)), given)
        if p.maximum is not None:
            c.term(p.maximum.term, _at(file, (i, "maximum", "term")), p.maximum.sources)
        for n, stage in enumerate(p.stages):
            where = (i, "stages", n)
            keys = [*stage.sources, *(stage.sentence.sources if stage.sentence else [])]
            c.name(stage.court, _at(file, (*where, "court")), keys)
            for m, judge in enumerate(stage.judges):
                c.name(judge, _at(file, (*where, "judges", m)), keys)
            c.date(stage.opened, _at(file, (*where, "opened")), keys)
            if stage.decided_differ:
                for n, version in enumerate(stage.decided_differ):
                    c.date(
                        version.value, _at(file, (*where, "decided", "differ", n, "value")), version.sources
                    )
            else:
                c.date(stage.decided, _at(file, (*where, "decided")), keys, derived=stage.derived is not None)
            _derived(c, stage.derived, file, (*where, "derived"), keys)
            s = stage.sentence
            if s is not None:
                at = (*where, "sentence")
                c.term(s.imprisonment, _at(file, (*at, "imprisonment")), keys)
                c.amount(s.fine, _at(file, (*at, "fine")), keys)
                c.amount(s.damages, _at(file, (*at, "damages")), keys)
                for k, part in enumerate(s.parts):
                    c.term(part.imprisonment, _at(file, (*at, "parts", k)), keys)
                    c.amount(part.fine, _at(file, (*at, "parts", k)), keys)
                c.date(s.date, _at(file, (*at, "date")), keys)
                for k, other in enumerate(s.other):
                    _plain(c, other, _at(file, (*at, "other", k)), keys)
                if s.description is not None:
                    prose(c, s.description, file.path, file.text_start((*at, "description")), s.sources)
        for n, act in enumerate(p.clemency):
            where = (i, "clemency", n)
            c.date(act.date, _at(file, (*where, "date")), act.sources)
            c.date(act.reported, _at(file, (*where, "reported")), act.sources, report=act.reported)
            c.term(act.leaves, _at(file, (*where, "leaves")), act.sources)
            if act.text is not None:
                prose(c, act.text, file.path, file.text_start((*where, "text")), act.sources)
        if p.last_reported is not None:
            r = p.last_reported
            c.date(r.date, _at(file, (i, "last_reported", "date")), r.sources, report=r.date)
        if p.text is not None:
            prose(c, p.text, file.path, file.text_start((i, "text")), p.sources)


def _events(c: Collector, dossier: Dossier, file: load.YamlFile) -> None:
    for i, e in enumerate(dossier.events):
        if e.dates_differ:
            for n, version in enumerate(e.dates_differ):
                c.date(version.value, _at(file, (i, "date", "differ", n, "value")), list(version.sources))
        elif e.reported is not None:
            c.date(e.reported, _at(file, (i, "reported")), e.sources, report=e.reported)
        else:
            c.date(e.date, _at(file, (i, "date")), e.sources, derived=e.derived is not None)
            _derived(c, e.derived, file, (i, "derived"), e.sources)
        c.name(e.body, _at(file, (i, "body")), e.sources)
        for n, award in enumerate(e.awards):
            c.amount(award.amount, _at(file, (i, "awards", n)), e.sources)
        if e.last_reported is not None:
            r = e.last_reported
            c.date(r.date, _at(file, (i, "last_reported", "date")), r.sources, report=r.date)
        prose(c, e.text, file.path, file.text_start((i, "text")), e.sources)


def _positions(c: Collector, dossier: Dossier, file: load.YamlFile) -> None:
    for i, p in enumerate(dossier.positions):
        c.date(p.date, _at(file, (i, "date")), p.sources, derived=p.derived is not None, report=p.date)
        _derived(c, p.derived, file, (i, "derived"), p.sources)
        c.count(p.signatories, _at(file, (i, "signatories")), p.sources)
        # The organisations taking the position: named in the sources it cites.
        if p.quote is not None:
            # Who said it, in the source the quotation is from.
            c.name(p.quote.speaker, _at(file, (i, "quote", "speaker")), [p.quote.source])
            c.add(
                "quotation",
                p.quote.text,
                *_at(file, (i, "quote", "text")),
                [p.quote.source],
                _quote(p.quote.text),
            )
        for name in ("says", "calls_for"):
            if getattr(p, name) is not None:
                prose(c, getattr(p, name), file.path, file.text_start((i, name)), p.sources)
