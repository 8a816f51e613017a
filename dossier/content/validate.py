"""Turn a loaded content folder into a Dossier model, or into every problem found in it."""

from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote

from pydantic import BaseModel, TypeAdapter, ValidationError

from ..errors import ContentError, Problem, Problems
from ..files import Refused, check_file, read_file
from ..limits import CHECK_SECONDS, TimeLimit, deadline
from ..paths import EDITIONS
from . import editions, load
from .bibtex import read_sources
from .citations import CitationSyntaxError, groups, line_of, parse_group
from .csl import BUILTIN_STYLES, csl_problems
from .edition_files import read_editions
from .glyphs import check_glyphs
from .legal import Charge, Duration, Proceeding, Sentence, Stage, Versions
from .messages import describe
from .models import (
    Dossier,
    Event,
    Metadata,
    PartialDate,
    Position,
    Reported,
    Source,
)
from .safety import content_problems

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located:
    """A Markdown text and where its first character stands."""

    text: str
    path: Path
    line: int


def typed(
    file: load.YamlFile, adapter: TypeAdapter[M], data: Any, loc: load.Loc, problems: Problems
) -> M | None:
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        for error in exc.errors():
            # A union's tag (models.py, "union:…") is no key of the file: the line is the value's.
            where = loc + tuple(p for p in error["loc"] if not str(p).startswith("union:"))
            problems.add(file.path, file.line(where), describe(error))
        return None


def typed_list(file: load.YamlFile, model: type[M], problems: Problems) -> list[tuple[int, M]]:
    """Each item checked on its own, so one bad event doesn't hide problems in the others."""
    if file.data is None:
        return []
    if not isinstance(file.data, list):
        problems.add(file.path, 1, "expected a list of items, each starting with '- '")
        return []
    adapter = TypeAdapter(model)
    items = [(i, typed(file, adapter, item, (i,), problems)) for i, item in enumerate(file.data)]
    return [(i, item) for i, item in items if item is not None]


class Checker:
    """Cross-file checks on typed content: citations, ids, dates and order."""

    def __init__(
        self, problems: Problems, sources: dict[str, Source], broken: set[str], as_of: date | None
    ) -> None:
        self.problems = problems
        self.sources = sources
        self.broken = broken
        # When sources.bib itself could not be read, that one error says it all.
        self.unreadable_sources = False
        self.as_of = as_of
        self.cited: set[str] = set()
        self.images: list[str] = []

    def key(self, key: str, path: Path, line: int) -> None:
        self.cited.add(key)
        if key in self.sources or key in self.broken or self.unreadable_sources:
            return  # a broken entry was reported once, where it is
        close = difflib.get_close_matches(key, list(self.sources), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        self.problems.add(path, line, f"unknown source key '{key}'{hint}")

    def text(self, located: Located, *, require_citation: bool = False) -> None:
        findings = content_problems(located.text)
        for offset, message in findings.problems:
            self.problems.add(located.path, located.line + offset, message)
        for offset, src in findings.images:
            self.image(src, located.path, located.line + offset)
        citations = 0
        for group in groups(located.text):
            line = located.line + line_of(located.text, group.start)
            citations += 1
            try:
                cites = parse_group(group.body)
            except CitationSyntaxError as exc:
                self.problems.add(located.path, line, f"bad citation: {exc}")
                continue
            for cite in cites:
                self.key(cite.key, located.path, line)
        if require_citation and not citations:
            self.problems.add(located.path, located.line, "key point has no citation: add [@key]")

    def image(self, src: str, path: Path, line: int) -> None:
        name = unquote(src.split("#")[0].split("?")[0])  # as the renderer will ask for it
        try:
            check_file(path.parent, name)
            # An entity can name another file or grow a few bytes into gigabytes; WeasyPrint
            # refuses the first with "Failed to load image" and no reason. A DOCTYPE without
            # entities, as drawing programs write it, is fine.
            if name.lower().endswith(".svg") and b"<!ENTITY" in read_file(path.parent, name):
                raise Refused(
                    f"'{name}' declares XML entities (<!ENTITY ...>), which images may not use: "
                    "save the SVG without them (in Inkscape: Save As, Plain SVG)"
                )
        except Refused as exc:
            self.problems.add(path, line, f"image {exc}")
            return
        self.images.append(name)

    def keys(self, keys: list[str], file: load.YamlFile, loc: load.Loc) -> None:
        for n, key in enumerate(keys):
            self.key(key, file.path, file.line((*loc, "sources", n)))

    def versions(self, value: Any, file: load.YamlFile, loc: load.Loc) -> None:
        """The sources of each version of a value the sources give differently, if it is one."""
        if isinstance(value, Versions):
            for n, keys in enumerate(value.keys()):
                self.keys(keys, file, (*loc, "differ", n))

    def not_after_as_of(self, when: PartialDate | None, what: str, path: Path, line: int) -> None:
        if when is not None and self.as_of is not None and when.earliest() > self.as_of:
            self.problems.add(
                path, line, f"{what} {when}, after the information-as-of date {self.as_of.isoformat()}"
            )

    def unique(self, items: list[tuple[int, Any]], file: load.YamlFile, what: str) -> None:
        seen: dict[str, int] = {}
        for i, item in items:
            line = file.line((i, "id"))
            if item.id in seen:
                self.problems.add(
                    file.path, line, f"duplicate {what} id '{item.id}' (first on line {seen[item.id]})"
                )
            else:
                seen[item.id] = line


def texts(file: load.YamlFile, loc: load.Loc, value: str) -> Located:
    return Located(value, file.path, file.text_start(loc))


def check_folder(
    root: Path, time_limit: float = CHECK_SECONDS, *, strict: bool = False
) -> tuple[Dossier, list[Problem]]:
    """Validate every file of `root` together; raise ContentError listing all problems.

    Within `time_limit` seconds: every limit in limits.py keeps a real dossier far below
    it, so running out means content built to exhaust the checker.
    """
    try:
        with deadline(time_limit):
            return _check_folder(root, strict)
    except TimeLimit:
        raise ContentError(
            [
                Problem(
                    str(root),
                    None,
                    f"checking the content took longer than {time_limit:g} s and was stopped: "
                    "look for an unusually large content file",
                )
            ]
        ) from None


def _check_folder(root: Path, strict: bool) -> tuple[Dossier, list[Problem]]:
    problems = Problems(root)
    folder = load.load_folder(root, problems)
    sources, broken = read_sources(folder.bibtex, problems) if folder.bibtex else ({}, set())

    meta_file = folder.yaml.get(load.METADATA)
    metadata = None
    if meta_file is not None:
        # A file of comments only (as `dossier new` writes it) has no fields yet: each
        # missing one is named, rather than the file called empty.
        data = meta_file.data if meta_file.data is not None else {}
        metadata = typed(meta_file, TypeAdapter(Metadata), data, (), problems)
    checker = Checker(problems, sources, broken, metadata.as_of if metadata else None)
    checker.unreadable_sources = folder.bibtex is None and (root / load.SOURCES).is_file()

    style_file = None
    if metadata is not None and meta_file is not None:
        style_file = _check_style(metadata.citation_style, root, meta_file, problems)
        for n, office in enumerate(metadata.subject.offices):
            where = ("subject", "offices", n)
            checker.keys(office.sources, meta_file, where)
            for field in ("start", "end"):
                checker.not_after_as_of(
                    getattr(office, field),
                    f"office {field}s",
                    meta_file.path,
                    meta_file.line((*where, field)),
                )
        for n, point in enumerate(metadata.key_points):
            checker.text(texts(meta_file, ("key_points", n), point), require_citation=True)
        checker.text(texts(meta_file, ("next_step",), metadata.next_step))
        _totals(metadata, meta_file, checker)

    background = folder.markdown.get(load.BACKGROUND)
    if background is not None:
        checker.text(Located(background.text, background.path, 1))
        if not background.text.strip():
            # `dossier new` leaves it empty: the section would print its heading alone.
            problems.add(
                background.path,
                1,
                "the background is empty: the Background section would be blank",
                warning=True,
            )

    proceedings = _proceedings(folder.yaml.get(load.CHARGES), checker)
    events = _events(folder.yaml.get(load.EVENTS), checker)
    positions = _positions(folder.yaml.get(load.POSITIONS), checker)

    if folder.bibtex is not None:
        for key, source in sources.items():
            checker.not_after_as_of(source.date, f"source '{key}' is dated", folder.bibtex.path, source.line)
            consulted = _consulted(source)
            if consulted and checker.as_of and consulted > checker.as_of:
                problems.add(
                    folder.bibtex.path,
                    source.line,
                    f"source '{key}': urldate {consulted.isoformat()} is after the information-as-of date"
                    f" {checker.as_of.isoformat()}; the briefing prints 'accessed' with it, so a reader"
                    " may take the page as read after what the briefing reports (set as_of, or the day"
                    " the page was read for this edition)",
                    warning=True,
                )
            # An item refused above had its citations not counted: "never cited" would be
            # said of sources it does cite, beside the error that matters.
            if key not in checker.cited and not problems.errors:
                problems.add(folder.bibtex.path, source.line, f"source '{key}' is never cited", warning=True)
        for first, second in _alike(sources):
            problems.add(
                folder.bibtex.path,
                second.line,
                f"sources '{first.key}' and '{second.key}' have the same author and title, so their"
                " short forms in later notes read alike, told apart only by the note they point to:"
                " give one a shorttitle",
                warning=True,
            )

    check_glyphs(folder, sources, problems)

    # The released editions are checked with the rest, so that every problem is told at once.
    released, found = read_editions(root)
    for problem in found:
        problems.add(Path(problem.path), problem.line, problem.message, warning=problem.warning)
    problems.raise_if_any(strict=strict)
    assert metadata is not None and background is not None  # no errors means every file loaded
    dossier = Dossier(
        folder=root.name,
        metadata=metadata,
        background=background.text,
        proceedings=[p for _, p in proceedings],
        events=[e for _, e in events],
        positions=[p for _, p in positions],
        sources=sources,
        files=list(dict.fromkeys([*load.REQUIRED, *([style_file] if style_file else []), *checker.images])),
    )
    # Against the editions released so far (editions/<n>.json): warnings only.
    assert meta_file is not None
    lines = (meta_file.line(("edition", "number")), meta_file.line(("as_of",)))
    date_line = meta_file.line(("edition", "date"))
    for problem in editions.warnings(released, dossier, meta_file.path, *lines, date_line):
        problems.add(Path(problem.path), problem.line, problem.message, warning=problem.warning)
    problems.raise_if_any(strict=strict)
    # The briefing says which edition it updates and what changed since: those files are
    # among what it is made from (hashed for distribution, carried by a PDF/A).
    used = [f"{EDITIONS}/{n}.json" for n in sorted(released)]
    update = editions.context(released, dossier) | {"files": [*dossier.files, *used]}
    return dossier.model_copy(update=update), problems.warnings


# The fields of a charge in the first content model, where charges.yaml listed charges.
_V1_CHARGE = {"offence", "penalty_years", "court", "sentence"}


def _decided_after_opened(stage: Stage, file: load.YamlFile, where: load.Loc, checker: Checker) -> None:
    """A decision before its stage opened: a slip of the writer's (an error) or, in one version
    of dates the sources differ on, of a source's (a warning: print it only knowingly)."""
    if stage.opened is None or stage.decided is None:
        return
    if not stage.decided_differ and stage.decided.latest() < stage.opened.earliest():
        checker.problems.add(
            file.path,
            file.line((*where, "decided")),
            f"decided ({stage.decided}) is before the stage opened ({stage.opened})",
        )
    for n, told in enumerate(stage.decided_differ):
        if told.value.latest() < stage.opened.earliest():
            checker.problems.add(
                file.path,
                file.line((*where, "decided", "differ", n, "value")),
                f"the decision's date {told.value}, as {', '.join(told.sources)} gives it, is before the "
                f"stage opened ({stage.opened}): if the source is wrong, say so in the text or leave "
                "its version out",
                warning=True,
            )


def _proceedings(file: load.YamlFile | None, checker: Checker) -> list[tuple[int, Proceeding]]:
    if file is None:
        return []
    if isinstance(file.data, list) and any(
        isinstance(item, dict) and "charges" not in item and _V1_CHARGE & set(item) for item in file.data
    ):
        checker.problems.add(
            file.path,
            1,
            "charges.yaml now lists proceedings, each with its charges and its courts by stage: "
            "move each charge under 'charges:' of a proceeding (see the README, 'charges.yaml')",
        )
        return []
    for i, item in enumerate(file.data if isinstance(file.data, list) else []):
        for n, stage in enumerate(item.get("stages") or [] if isinstance(item, dict) else []):
            # As an event's dates_differ: read back from a released edition, refused here.
            if isinstance(stage, dict) and "decided_differ" in stage:
                checker.problems.add(
                    file.path,
                    file.line((i, "stages", n, "decided_differ")),
                    "unknown field 'decided_differ': where the sources differ on the decision's "
                    "date, write decided: {differ: [{value: ..., sources: [...]}, ...]}",
                )
    proceedings = typed_list(file, Proceeding, checker.problems)
    checker.unique(proceedings, file, "proceeding")
    charge_lines: dict[str, int] = {}
    for i, proceeding in proceedings:
        checker.keys(proceeding.sources, file, (i,))
        _reported(proceeding.last_reported, "status", file, (i,), checker)
        latest = max(
            (d for s in proceeding.stages for d in (s.opened, s.decided) if d),
            key=lambda d: d.latest(),
            default=None,
        )
        if (
            proceeding.last_reported is not None
            and latest is not None
            and proceeding.last_reported.date.latest() < latest.earliest()
        ):
            checker.problems.add(
                file.path,
                file.line((i, "last_reported", "date")),
                f"last_reported ({proceeding.last_reported.date}) is before the latest stage ({latest}): "
                "the status is reported at least as late as the stage that set it",
            )
        if proceeding.text is not None:
            checker.text(texts(file, (i, "text"), proceeding.text))
        charges = {c.id: c for c in proceeding.charges}
        for n, charge in enumerate(proceeding.charges):
            where = (i, "charges", n)
            line = file.line((*where, "id"))
            if charge.id in charge_lines:
                checker.problems.add(
                    file.path,
                    line,
                    f"duplicate charge id '{charge.id}' (first on line {charge_lines[charge.id]})",
                )
            charge_lines.setdefault(charge.id, line)
            checker.keys(charge.sources, file, where)
            checker.not_after_as_of(
                charge.date_charged, "charge dated", file.path, file.line((*where, "date_charged"))
            )
        for n, stage in enumerate(proceeding.stages):
            where = (i, "stages", n)
            checker.keys(stage.sources, file, where)
            for m, told in enumerate(stage.decided_differ):
                checker.keys(told.sources, file, (*where, "decided", "differ", m))
            if stage.derived is not None:
                checker.text(texts(file, (*where, "derived"), stage.derived))
            for field in ("opened", "decided"):
                checker.not_after_as_of(
                    getattr(stage, field), f"stage {field}", file.path, file.line((*where, field))
                )
            _decided_after_opened(stage, file, where, checker)
            if stage.sentence is not None:
                _sentence(stage.sentence, charges, file, (*where, "sentence"), checker)
        if proceeding.co_defendants is not None:
            for field in ("count", "tried"):
                checker.versions(getattr(proceeding.co_defendants, field), file, (i, "co_defendants", field))
            checker.keys(proceeding.co_defendants.sources, file, (i, "co_defendants"))
            if proceeding.co_defendants.derived is not None:
                checker.text(texts(file, (i, "co_defendants", "derived"), proceeding.co_defendants.derived))
        if proceeding.maximum is not None:
            checker.keys(proceeding.maximum.sources, file, (i, "maximum"))
        _clemency(proceeding, file, (i,), checker)
    return proceedings


def _clemency(proceeding: Proceeding, file: load.YamlFile, loc: load.Loc, checker: Checker) -> None:
    """Each act on the sentence: its charges this proceeding's, dated after the sentence it acts
    on and in order, and leaving less than that sentence."""
    sentencing = proceeding.sentencing_stage
    sentence = proceeding.sentence
    imposed = None
    if sentencing is not None and sentence is not None:
        imposed = sentence.date or sentencing.decided
    previous = None
    for n, act in enumerate(proceeding.clemency):
        where = (*loc, "clemency", n)
        checker.keys(act.sources, file, where)
        if act.text is not None:
            checker.text(texts(file, (*where, "text"), act.text))
        line = file.line((*where, "date" if act.date is not None else "reported"))
        name = act.kind.replace("_", " ")
        checker.not_after_as_of(act.when, f"{name} dated", file.path, line)
        if imposed is not None and act.when.latest() < imposed.earliest():
            checker.problems.add(
                file.path, line, f"{name} of {act.when}, before the sentence of {imposed} it acts on"
            )
        if previous is not None and act.when.latest() < previous.earliest():
            checker.problems.add(
                file.path, line, f"clemency of {act.when} listed after one of {previous}: oldest first"
            )
        previous = act.when
        for m, charge in enumerate(act.covers):
            if charge not in {c.id for c in proceeding.charges}:
                checker.problems.add(
                    file.path,
                    file.line((*where, "covers", m)),
                    f"'{charge}' is not a charge of this proceeding",
                )
        term = sentence.term if sentence is not None else None
        if act.leaves is not None and sentence is None:
            checker.problems.add(
                file.path,
                file.line((*where, "leaves")),
                "'leaves' gives what remains of a sentence, but no sentence stands in this proceeding",
            )
        elif (
            isinstance(act.leaves, Duration)
            and term is not None
            and act.leaves.in_months() >= term.in_months()
        ):
            checker.problems.add(
                file.path,
                file.line((*where, "leaves")),
                f"leaves {act.leaves} of a sentence of {term}: a clemency leaves less than the sentence",
            )


def _sentence(
    sentence: Sentence, charges: dict[str, Charge], file: load.YamlFile, where: load.Loc, checker: Checker
) -> None:
    checker.keys(sentence.sources, file, where)
    checker.versions(sentence.imprisonment, file, (*where, "imprisonment"))
    if sentence.description is not None:
        checker.text(texts(file, (*where, "description"), sentence.description))
    checker.not_after_as_of(sentence.date, "sentence dated", file.path, file.line((*where, "date")))
    seen: dict[str, int] = {}
    for n, part in enumerate(sentence.parts):
        line = file.line((*where, "parts", n, "charge"))
        if part.charge not in charges:
            checker.problems.add(
                file.path,
                line,
                f"sentence part for charge '{part.charge}', which is not a charge of this proceeding",
            )
        if part.charge in seen:
            checker.problems.add(
                file.path, line, f"charge '{part.charge}' has a part already (line {seen[part.charge]})"
            )
        seen.setdefault(part.charge, line)
    problem = sentence.parts_problem()
    if problem is not None:
        checker.problems.add(file.path, file.line((*where, "imprisonment")), problem)
    # Within the law's range, where the sources give both: a warning, since sources may
    # report a sentence the range as stated does not allow (a later law, an error).
    single = next(iter(charges.values())) if len(charges) == 1 else None
    penalty = single.penalty if single is not None else None
    term = sentence.term
    if penalty is not None and term is not None:
        low = penalty.min.in_months() if isinstance(penalty.min, Duration) else 0.0
        high = penalty.max.in_months() if isinstance(penalty.max, Duration) else float("inf")
        if not low <= term.in_months() <= high:
            checker.problems.add(
                file.path,
                file.line((*where, "imprisonment")),
                f"sentence of {term} lies outside the penalty range {penalty}",
                warning=True,
            )


def _totals(metadata: Metadata, file: load.YamlFile, checker: Checker) -> None:
    """The running totals: sources known, oldest first, none after the as-of date."""
    previous = None
    for n, total in enumerate(metadata.subject.total_sentence):
        where = ("subject", "total_sentence", n)
        checker.keys(total.sources, file, where)
        checker.versions(total.imprisonment, file, (*where, "imprisonment"))
        if total.after is not None:
            checker.text(texts(file, (*where, "after"), total.after))
        if total.derived is not None:
            checker.text(texts(file, (*where, "derived"), total.derived))
        line = file.line((*where, "date"))
        checker.not_after_as_of(total.date, "total sentence dated", file.path, line)
        if previous is not None and total.date.latest() < previous.earliest():
            checker.problems.add(
                file.path,
                line,
                f"total of {total.date} listed after one of {previous}: list totals oldest first",
            )
        previous = total.date


def _events(file: load.YamlFile | None, checker: Checker) -> list[tuple[int, Event]]:
    if file is None:
        return []
    for i, item in enumerate(file.data if isinstance(file.data, list) else []):
        # The model reads it back from a released edition; in events.yaml it would set the
        # dates printed and silently drop `date`.
        if isinstance(item, dict) and "dates_differ" in item:
            checker.problems.add(
                file.path,
                file.line((i, "dates_differ")),
                "unknown field 'dates_differ': where the sources differ on the date, write "
                "date: {differ: [{value: ..., sources: [...]}, ...]}",
            )
    events = typed_list(file, Event, checker.problems)
    checker.unique(events, file, "event")
    previous: Event | None = None
    for i, event in events:
        checker.keys(event.sources, file, (i,))
        _reported(event.last_reported, "custody", file, (i,), checker)
        checker.versions(event.custody_after, file, (i, "custody_after"))
        checker.text(texts(file, (i, "text"), event.text))
        if event.derived is not None:
            checker.text(texts(file, (i, "derived"), event.derived))
        for n, told in enumerate(event.dates_differ):
            checker.keys(told.sources, file, (i, "date", "differ", n))
            checker.not_after_as_of(
                told.value,
                f"event '{event.id}' is dated",
                file.path,
                file.line((i, "date", "differ", n, "value")),
            )
        checker.not_after_as_of(event.date, f"event '{event.id}' is dated", file.path, file.line((i, "date")))
        # Partial dates overlap: "2017" may follow "3 September 2017". Only an event that
        # must have happened before its predecessor is out of order.
        # Where the sources differ, out of order only if every version is (helper-39: "3 March
        # 2022", one source's slip for 2023, was refused as if the writer had typed it).
        latest = max((v.value.latest() for v in event.dates_differ), default=event.date.latest())
        if previous is not None and latest < previous.date.earliest():
            checker.problems.add(
                file.path,
                file.line((i, "date")),
                f"event '{event.id}' ({event.when()}) is out of chronological order: it comes "
                f"after '{previous.id}' ({previous.when()}); list events oldest first",
            )
        previous = event
    setting = [(i, e) for i, e in events if e.custody_after is not None]
    for (i, event), (_, following) in itertools.pairwise(setting):
        # An earlier custody may be last reported before the event that ends it (the gap is
        # drawn as not reported), never after it.
        if event.last_reported is not None and event.last_reported.date.earliest() > following.date.latest():
            checker.problems.add(
                file.path,
                file.line((i, "last_reported", "date")),
                f"last_reported ({event.last_reported.date}) is after event '{following.id}' "
                f"({following.date}), which sets another custody: give the latest date the sources say "
                f"this custody held, at most {following.date} (a report published later may say it held "
                "until then)",
            )
    return events


def _reported(
    reported: Reported | None, what: str, file: load.YamlFile, loc: load.Loc, checker: Checker
) -> None:
    """A `last_reported`: its sources known, its date not after the as-of date."""
    if reported is None:
        return
    checker.keys(reported.sources, file, (*loc, "last_reported"))
    where = file.line((*loc, "last_reported", "date"))
    if checker.as_of is not None and reported.date.earliest() > checker.as_of:
        checker.not_after_as_of(reported.date, f"the {what}'s last report is dated", file.path, where)
        return
    # A source cannot report a state on a day after it was published.
    dated = [checker.sources[k].date for k in reported.sources if k in checker.sources]
    known = [d for d in dated if d is not None]
    if known and len(known) == len(dated) and all(reported.date.earliest() > d.latest() for d in known):
        latest = max(known, key=lambda d: d.latest())
        checker.problems.add(
            file.path,
            where,
            f"the {what} is last reported {reported.date.on()}, but its sources are dated {latest.on()} "
            "at the latest: give the date of the source that reports it",
        )


def _positions(file: load.YamlFile | None, checker: Checker) -> list[tuple[int, Position]]:
    if file is None:
        return []
    positions = typed_list(file, Position, checker.problems)
    checker.unique(positions, file, "position")
    for i, position in positions:
        checker.keys(position.sources, file, (i,))
        checker.versions(position.signatories, file, (i, "signatories"))
        for field in ("says", "calls_for"):
            if getattr(position, field) is not None:
                checker.text(texts(file, (i, field), getattr(position, field)))
        if position.derived is not None:
            checker.text(texts(file, (i, "derived"), position.derived))
        checker.not_after_as_of(position.date, "position dated", file.path, file.line((i, "date")))
        if position.quote is not None:
            checker.key(position.quote.source, file.path, file.line((i, "quote", "source")))
    return positions


def _check_style(name: str, root: Path, file: load.YamlFile, problems: Problems) -> str | None:
    """The style file's name when citation_style names one in the folder; problems otherwise."""
    if name in BUILTIN_STYLES:
        return None
    where = file.line(("citation_style",))
    if not name.endswith(".csl"):
        problems.add(
            file.path,
            where,
            f"citation_style '{name}' is neither one of {', '.join(BUILTIN_STYLES)} "
            "nor a .csl file in the dossier folder",
        )
        return None
    try:
        data = read_file(root, name)
    except Refused as exc:
        problems.add(file.path, where, f"citation_style {exc}")
        return None
    for line, message in csl_problems(data):
        problems.add(root / name, line, message)
    return name


def _consulted(source: Source) -> date | None:
    """The day the source's page was read (BibTeX `urldate`), where it is a whole date."""
    parts = (source.csl.get("accessed") or {}).get("date-parts") or [[]]
    try:
        return date(*parts[0]) if len(parts[0]) == 3 else None
    except (TypeError, ValueError):
        return None


def _alike(sources: dict[str, Source]) -> list[tuple[Source, Source]]:
    """Pairs of sources a later note would name alike: one author, one (short) title (two
    Committee of Ministers documents on the Kavala case). Judgments are named by their
    case, which two stages of one case share by right."""
    seen: dict[tuple[str, str], Source] = {}
    pairs = []
    for source in sources.values():
        if source.csl.get("type") == "legal_case":
            continue
        authors = " and ".join(str(sorted(n.items())) for n in source.csl.get("author") or [])
        title = str(source.csl.get("title-short") or source.csl.get("title") or "").casefold()
        if not title:
            continue
        found = seen.setdefault((authors, title), source)
        if found is not source:
            pairs.append((found, source))
    return pairs
