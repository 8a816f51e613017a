"""Turn a validated Dossier into the HTML document that WeasyPrint lays out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from markupsafe import Markup

from .. import __version__
from ..cite.notes import Note, NoteBook, Style
from ..cite.notes import Position as NotePosition
from ..content import custody
from ..content.models import (
    LABELS,
    Changed,
    DifferingTerm,
    Dossier,
    Event,
    Position,
    Source,
    Total,
)
from . import proceedings
from .markdown import Renderer, bind_calls, fill
from .proceedings import Line, ProceedingView
from .templates import environment
from .timeline import layout_timeline
from .typeset import typeset

TEMPLATE = "briefing.html"

# The sections in reading order: (anchor, heading). The contents page and the
# PDF bookmarks are made from the same headings.
SECTIONS = [
    ("summary", "Summary"),
    ("background", "Background"),
    ("charges", "Charges and proceedings"),
    ("procedural-history", "Procedural history"),
    ("positions", "Organisational positions"),
    ("bibliography", "Sources"),
]


@dataclass(frozen=True)
class Row:
    event: Event
    text: Markup
    custody: str
    derived: Markup | None = None  # how the date was worked out
    awards: str = ""
    versions: Markup | None = None  # each source's date, where they differ


@dataclass(frozen=True)
class Stance:
    position: Position
    calls_for: Markup | None
    quote_note: Markup | None
    derived: Markup | None = None  # how the date was worked out
    says: Markup | None = None


@dataclass(frozen=True)
class Entry:
    """One entry of the changes list as printed."""

    words: Markup
    anchor: str | None
    members: list[tuple[Markup, str | None]] = field(default_factory=list)
    listed: list[tuple[str, str | None]] = field(default_factory=list)  # details under it, with their anchors


@dataclass(frozen=True)
class Rendered:
    """Everything the template shows, with footnotes already numbered in reading order."""

    key_facts: list[Line]
    key_points: list[Markup]
    background: Markup
    charges: list[ProceedingView]
    totals: list[Line]  # the total sentence across proceedings, as each source reported it
    timeline: list[Row]
    positions: list[Stance]
    bibliography: list[tuple[str, list[Markup]]]
    notes: list[Note]
    texts: dict[int, Markup]
    short_forms: dict[int, Markup]
    note_positions: dict[int, NotePosition]
    latest_source: Source | None
    note_style: bool
    # Names never to hyphenate (typeset.py): the subject, organisations, courts, bodies.
    names: tuple[str, ...] = ()
    # Fields of legal sources their OSCOLA form does not print, by source key (notes.py).
    left_out: dict[str, list[str]] = field(default_factory=dict)
    # The sources' own web addresses (BibTeX `url`): printed, each is a link (typeset.py);
    # an address the content merely quotes stays text.
    links: frozenset[str] = frozenset()
    # Since the released edition this one updates (changes.py): under each group's heading,
    # each entry in words with the anchor of what it is about (None for what the briefing
    # no longer shows) and, for an entry standing for several items, each item with its
    # own; and the anchors of the blocks that get a change bar.
    changes: list[tuple[str, list[Entry]]] = field(default_factory=list)
    changed: frozenset[str] = frozenset()

    def settled(self, short: frozenset[int]) -> Rendered:
        """The notes as printed once the layout chose: those in `short` in short form."""
        return replace(
            self,
            texts={**self.texts, **{n: self.short_forms[n] for n in short}},
            note_positions={**self.note_positions, **{n: "subsequent" for n in short}},
        )


def _offices(dossier: Dossier, out: Renderer) -> list[Line]:
    """'Member of Parliament (2013 to 2017)', one row for all of them, where the content gives offices."""
    offices = dossier.metadata.subject.offices
    if not offices:
        return []
    described = []
    for office in offices:
        span = " to ".join(str(d) for d in (office.start, office.end) if d is not None)
        if office.ended:
            # Ended, the sources do not say when: never read as held still.
            span = (
                f"from {office.start}; ended, date not stated" if office.start else "ended, date not stated"
            )
        elif office.start is not None and office.end is None:
            span = f"from {office.start}"
        elif office.start is None and office.end is not None:
            span = f"until {office.end}"
        if office.end is None and not office.ended:
            # Held, as far as the sources go: not carried past the latest of them.
            span = ", ".join(p for p in (span, _last_reported(office.sources, dossier, out)) if p)
        described.append(f"{office.title} ({span})" if span else office.title)
    keys = list(dict.fromkeys(k for office in offices for k in office.sources))
    note = out.note(keys) if keys else Markup("")
    label = "Office" if len(offices) == 1 else "Offices"
    return [Line(label, Markup("{}{}").format("; ".join(described), note))]


def _last_reported(keys: list[str], dossier: Dossier, out: Renderer) -> str:
    """ "as last reported in August 2017", where the latest of `keys`' sources is dated before
    the information-as-of date; "" where one is as recent, or one is undated (it may be the
    latest: no bound can be said)."""
    dated = [out.notebook.sources[k].date for k in keys if k in out.notebook.sources]
    if not dated or any(d is None for d in dated):
        return ""
    latest = max((d for d in dated if d is not None), key=lambda d: d.latest())
    if latest.latest() >= dossier.metadata.as_of:
        return ""
    return f"as last reported {latest.on()}"


def _total(total: Total, dossier: Dossier, out: Renderer) -> Markup:
    """ "17 years; 154 lashes (all her sentences since 2011)", or each version with who gives
    it and its note where the sources differ; then the total's other sources in a note."""
    term = total.imprisonment
    noted: set[str] = set()
    if isinstance(term, DifferingTerm):
        noted = {k for v in term.differ for k in v.sources}
        first = Markup("Sources differ: {}").format(out.versions(term.differ))
    elif term is not None:
        first = Markup.escape(str(term))
    else:
        first = Markup.escape("life imprisonment" if total.life else "")
    value = Markup("; ").join([m for m in (first, *map(Markup.escape, total.other)) if m])
    value = Markup("{}{}").format(value[:1].upper(), value[1:])
    if total.scope is not None:
        value += Markup(" ({})").format(total.scope)
    # The figure's sources, but those a version already cites: never the same note twice.
    rest = [k for k in total.sources if k not in noted]
    return value + (out.note(rest) if rest else Markup(""))


def _totals(dossier: Dossier, out: Renderer) -> list[Line]:
    """The Charges section's table of totals, oldest first, each cited."""
    rows = []
    for total in dossier.metadata.subject.total_sentence:
        value = _total(total, dossier, out)
        if total.after is not None:
            # What brought the total there has citations of its own: the figure's sources
            # are cited on the figure, never lent to it as "see also".
            value += Markup(" (after {})").format(out.inline(total.after))
        when = str(total.date)
        if total.derived is not None:
            when += " (worked out)"
            value += Markup('<span class="derived">Date worked out: {}</span>').format(
                out.inline(total.derived)
            )
        rows.append(Line(when, value))
    return rows


def _total_fact(dossier: Dossier, out: Renderer) -> list[Line]:
    """The latest total, first in the key facts, always with the date of its report: a total
    is what a source counted on a day, never carried past it as the standing sentence."""
    totals = dossier.metadata.subject.total_sentence
    if not totals:
        return []
    latest = totals[-1]
    value = _total(latest, dossier, out) + Markup(", as last reported {}").format(latest.date.on())
    return [Line("Total sentence", value, ref="total-sentence", id="fact-total")]


def _key_facts(dossier: Dossier, out: Renderer) -> list[Line]:
    facts = _total_fact(dossier, out) + _offices(dossier, out)
    facts += proceedings.key_facts(dossier.proceedings, dossier.metadata.as_of, out)
    state = custody.standing(dossier.events)
    if state is not None:
        custody_line = Line("Custody status", _custody(state, dossier, out), ref=f"event-{state.event.id}")
        facts.append(replace(custody_line, id="fact-custody"))
    facts.append(Line("Next step", out.inline(dossier.metadata.next_step), id="fact-next-step"))
    return facts


def _custody(state: custody.State, dossier: Dossier, out: Renderer) -> Markup:
    """ "Detained since 4 November 2016, as last reported on 8 December 2022": never "still"
    past the last source; where the sources differ, each version with who gives it."""
    if state.versions:
        told = out.versions(state.versions, lambda v: LABELS[v.value].lower())
        text = Markup("Sources differ since {}: {}").format(state.event.when(), told)
    else:
        text = Markup("{} since {}").format(state.label(), state.event.when())
        first = custody.held_since(dossier.events)
        if first is not None:
            text += Markup("; held since {}{}").format(first.event.when(), out.note(first.event.sources))
    if state.reported.latest() < dossier.metadata.as_of:
        # The sources of a later report are cited here; the event's own are in its row.
        later = out.note(list(state.reported_by)) if state.event.last_reported is not None else Markup("")
        # The call after "reported", not after the date: "2024¹" reads as 20241 aloud.
        text += Markup(", as last reported{} {}").format(later, state.reported.on())
    return text


def _summary(dossier: Dossier, out: Renderer) -> dict[str, Any]:
    groups: dict[str, list[Entry]] = {}
    for change in dossier.changes:
        # An entry for several items names each (its page beside it), not what changed in it.
        members = [(_what(m, out), _anchor(m)) for m in change.members]
        # Each detail at the row it is printed in (a proceeding's stage, charge, status).
        base = _anchor(change)
        at = [_anchor(change, place) if place else base for place in change.places]
        listed = [(d, at[n] if n < len(at) else base) for n, d in enumerate(change.listed)]
        entry = Entry(_change(change, out), None if listed else (at[0] if at else base), members, listed)
        if change.kind == "source" and len(members) > SOURCES_NAMED:
            # A dozen titles filled most of a column: the count, and where they are listed.
            entry = Entry(Markup.escape(change.lead.rstrip(": ")), "bibliography")
        groups.setdefault(change.heading, []).append(entry)
    return {
        "key_facts": _key_facts(dossier, out),
        "key_points": [out.inline(point) for point in dossier.metadata.key_points],
        "changes": list(groups.items()),
        "changed": _barred(dossier.changes),
    }


def _barred(changes: list[Changed]) -> frozenset[str]:
    """The ids of the blocks that get a change bar: each new or changed item's own, a
    section's changed paragraphs, and the headings BARRED names."""
    found: set[str] = set()
    for change in changes:
        for each in [change, *change.members]:
            if each.how == "removed" and each.kind != "background":
                continue
            places = [*each.places, *(["all"] if each.kind == "proceeding" and each.how == "new" else [])]
            # A proceeding's and a total's marks are rows within it; the background's, ids.
            rows = each.marks if each.kind in ("proceeding", "total") else []
            found.update(a for a in [_anchor(each), *(_anchor(each, p) for p in [*places, *rows])] if a)
            found.update(each.marks if not rows else [])
            # Its key fact (court, status, sentence), where more than its wording changed.
            if each is change and each.kind == "proceeding" and each.how != "removed":
                found.add(f"fact-{each.id}")
            if each.kind in BARRED and not each.marks:
                found.add(BARRED[each.kind])
    return frozenset(found)


def _change(change: Changed, out: Renderer) -> Markup:
    """The tool's words and the item's: a label, a title or a name prints as the characters
    it holds (`[x](https://…)` in a title is not a link); a key point keeps its emphasis
    and typography, but no link or note."""
    return Markup("{}{}{}").format(change.lead, _what(change, out), change.tail)


def _what(change: Changed, out: Renderer) -> Markup:
    return out.quoted(change.what) if change.markdown else Markup.escape(change.what)


def _anchor(change: Changed, place: str = "") -> str | None:
    """The id of the block an item is printed in (styles/sections/), or None for what the
    briefing no longer shows and for an entry standing for several items; with `place`,
    of the row or block of a proceeding that detail is printed in."""
    if change.members or change.how == "removed":
        return None
    kind, ident = change.kind, change.id
    prefix = {"event": "event-", "proceeding": "proceeding-", "position": "position-"}.get(kind)
    if prefix:
        if kind == "proceeding" and change.how == "new":
            return f"{prefix}{ident}-all" if place == "all" else f"{prefix}{ident}"
        return f"{prefix}{ident}-{place}" if place and kind == "proceeding" else f"{prefix}{ident}"
    # Key points carry their place ("key-point-2"), the background's blocks theirs
    # ("background-14"); the next step, the subject's offices and total are key facts.
    # The key facts' own rows (they may run over two pages); a heading's change on the cover.
    places = {"key point": ident, "next step": "fact-next-step", "custody": "fact-custody",
              "subject": "cover" if set(change.fields) <= HEADING else "key-facts"}  # fmt: skip
    if kind == "total":  # a row of the totals table ("total-2"), else the table
        return place or "total-sentence"
    if kind == "background":
        return ident or "background"
    return places.get(kind)


# More new sources than this are counted in the changes list, not named (the email and
# `dossier diff` name them all).
SOURCES_NAMED = 4

# The fields of the briefing's heading, printed on the cover.
HEADING = {"title", "subtitle", "classification"}

# What else gets a bar, by the heading it is beside: the key points' (a bar beside a
# bulleted item would stand between the bullet and its text), the section's where no
# paragraph of it is marked (one removed). The next step has its key fact's row.
BARRED = {"key point": "key-points", "background": "background"}


def _background(dossier: Dossier, out: Renderer) -> dict[str, Any]:
    marked = _barred(dossier.changes)
    return {"background": out.block(dossier.background, marked=marked, prefix="background-")}


def _charges(dossier: Dossier, out: Renderer) -> dict[str, Any]:
    totals = _totals(dossier, out)
    return {"totals": totals, "charges": [proceedings.view(p, out) for p in dossier.proceedings]}


def _procedural_history(dossier: Dossier, out: Renderer) -> dict[str, Any]:
    rows = []
    found = custody.states(dossier.events)
    for event in dossier.events:
        set_here = next((s for s in found if s.event.id == event.id), None)
        after = set_here.label() if set_here is not None else ""
        # In reading order: the date's versions (in the date cell) before the text.
        versions = out.versions(event.dates_differ) if event.dates_differ else None
        # A source a date's version cites is not lent to the text as "see also": it may
        # contradict what the text's last sentence says (helper-39: PEN's 14 July 2021 added to
        # the BBC's "2020").
        dated = {k for v in event.dates_differ for k in v.sources}
        text = out.cited(event.text, out.uncited_elsewhere(event.text, event.sources, dated))
        # How the date was worked out comes under the text, in the wide column: in the date's
        # own narrow cell a long reasoning made a row taller than the rest of the page.
        derived = out.inline(event.derived) if event.derived is not None else None
        awards = "; ".join(f"{a.amount} ({a.head})" if a.head else str(a.amount) for a in event.awards)
        rows.append(Row(event, text, after, derived, awards, versions))
    return {"timeline": rows}


def _positions(dossier: Dossier, out: Renderer) -> dict[str, Any]:
    stances = []
    for position in dossier.positions:
        # In reading order: how the date was worked out comes under the heading.
        derived = out.inline(position.derived) if position.derived is not None else None
        # In the order printed: what it says, then what it calls for; each cited (by the
        # position's sources where it cites none itself).
        says = out.cited(position.says, position.sources) if position.says is not None else None
        calls_for = (
            out.cited(position.calls_for, position.sources) if position.calls_for is not None else None
        )
        quote = position.quote
        quote_note = out.note([quote.source], quote.locator or "") if quote else None
        stances.append(Stance(position, calls_for, quote_note, derived, says))
    return {"positions": stances}


def _bibliography(dossier: Dossier, out: Renderer) -> dict[str, Any]:
    return {"bibliography": out.notebook.bibliography()}


# What each section shows, made from the content; SECTIONS gives their order.
VIEWS = {
    "summary": _summary,
    "background": _background,
    "charges": _charges,
    "procedural-history": _procedural_history,
    "positions": _positions,
    "bibliography": _bibliography,
}


def declared_names(dossier: Dossier) -> tuple[str, ...]:
    """The names the content declares, which the briefing never hyphenates."""
    meta = dossier.metadata
    names = [meta.subject.name, *meta.no_hyphenation]
    names += [org.name for position in dossier.positions for org in position.by]
    names += [s.court for p in dossier.proceedings for s in p.stages if s.court]
    names += [e.body for e in dossier.events if e.body]
    names += [n for p in dossier.proceedings if p.co_defendants for n in p.co_defendants.names]
    return tuple(dict.fromkeys(names))


def render_content(dossier: Dossier, style: Style) -> Rendered:
    """Render every section's texts in the order of SECTIONS, which is also the order the
    template prints them in (it loops over SECTIONS): note numbers follow the page."""
    notebook = NoteBook(dossier.sources, style, dossier.metadata.language)
    out = Renderer(notebook)
    views: dict[str, Any] = {}
    for anchor, _ in SECTIONS:
        views |= VIEWS[anchor](dossier, out)
    dated = [s for s in dossier.sources.values() if s.date is not None]
    # The latest, and of two ending on one day the one dated to it: "31 December 2022", not
    # "December 2022".
    latest = max(
        dated,
        key=lambda s: (s.date.latest(), s.date.earliest()) if s.date else (date.min, date.min),
        default=None,
    )
    return Rendered(
        **views,
        notes=notebook.notes,
        texts=notebook.render(),
        short_forms=notebook.short_forms,
        note_positions=notebook.positions,
        latest_source=latest,
        note_style=style.is_note,
        names=declared_names(dossier),
        left_out=notebook.left_out(),
        links=frozenset(str(s.csl["URL"]) for s in dossier.sources.values() if s.csl.get("URL")),
    )


def render_html(dossier: Dossier, rendered: Rendered, *, draft: bool = False) -> str:
    """The briefing's HTML: the template prints the view model, with a placeholder where
    each note's text goes (see `with_notes`)."""
    context: dict[str, Any] = {
        "meta": dossier.metadata,
        "sections": SECTIONS,
        "r": rendered,
        "version": __version__,
        "draft": draft,
        # No figure for a case with no event recorded yet: the section says so.
        "tl": layout_timeline(dossier.events, dossier.metadata.as_of) if dossier.events else None,
        # The released edition this one updates, and every earlier one (editions.py).
        "updates": dossier.updates,
        "history": dossier.history,
        "dossier_verified": dossier.verified,
    }
    # Names are marked before calls are bound to their words, which puts tags in the text.
    page = environment().get_template(TEMPLATE).render(context)
    return bind_calls(typeset(page, rendered.names, rendered.links))


def with_notes(
    page: str,
    rendered: Rendered,
    *,
    short: frozenset[int] | None = None,
    breaks: frozenset[int] = frozenset(),
    whole: frozenset[str] = frozenset(),
) -> str:
    """The HTML handed to WeasyPrint: `page` with its notes filled in.

    With `short` None every "ibid" note carries its short form too, for the layout to
    choose (footnotes.py); otherwise the notes in `short` read in short form, the others as
    written. `breaks` lists notes whose calling block must start a new page; `whole`, words
    that may not be hyphenated (they were, across a page turn).
    """
    if short is None:
        html = fill(page, rendered.texts, rendered.short_forms)
    else:
        html = fill(page, rendered.settled(short).texts)
    # The notes' texts are in place only now: their spaces are set here (names were marked
    # in render_html), with the words a page turn had hyphenated.
    return break_before_notes(typeset(html, sorted(whole), rendered.links), breaks)


BLOCK = re.compile(r"<(p|li|tr|div|blockquote|td)\b([^>]*)>")


def break_before_notes(html: str, notes: frozenset[int]) -> str:
    """Start on a new page the block that calls each of `notes`.

    WeasyPrint 70 can leave a note on the page after its call, or drop its text, when the
    note does not fit below the call; moving the call's whole block to the next page is
    the one remedy that always keeps note and call together.
    """
    for number in sorted(notes, reverse=True):
        call = html.find(f'id="fn{number}"')
        starts = [m for m in BLOCK.finditer(html, 0, call) if m.group(1) != "td"]
        if call < 0 or not starts:
            continue
        tag = starts[-1]
        attributes = tag.group(2)
        if 'class="' in attributes:
            attributes = attributes.replace('class="', 'class="break-before ', 1)
        else:
            attributes += ' class="break-before"'
        html = html[: tag.start()] + f"<{tag.group(1)}{attributes}>" + html[tag.end() :]
    return html
