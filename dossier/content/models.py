"""Turn plain data read from content files into typed, checked Pydantic models: the Dossier.

Strict, extra fields forbidden. Proceedings, charges and sentences are in legal.py; the
types every model is made of (dates, texts, ids) in base.py.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, PositiveInt, StringConstraints, Tag, model_validator

from .base import DateVersion as DateVersion
from .base import FullDate as FullDate
from .base import Ident as Ident
from .base import Keys as Keys
from .base import Model as Model
from .base import Partial as Partial
from .base import PartialDate as PartialDate
from .base import Plain as Plain
from .base import Reported as Reported
from .base import Text as Text
from .base import either_date, versions_of_a_date
from .base import parse_partial_date as parse_partial_date
from .legal import Charge as Charge
from .legal import (
    CountOrVersions,
    DifferingCount,
    MoneyValue,
    TermOrVersions,
    Versions,
    least,
    one_or_versions,
    told,
)
from .legal import DifferingTerm as DifferingTerm
from .legal import Proceeding as Proceeding
from .legal import Sentence as Sentence

EventKind = Literal[
    # Custody and criminal proceedings at home
    "arrest",
    "charge",
    "detention",
    "bail",
    "house_arrest",
    "release",
    "transfer",
    "trial",
    "hearing",
    "judgment",
    "appeal",
    "cassation",
    "retrial",
    "pardon",
    "sentence_served",
    # International and supervisory steps
    "application_lodged",
    "interim_measure",
    "communicated",
    "admissibility_decision",
    "international_judgment",
    "grand_chamber_referral",
    "supervisory_decision",
    "un_opinion",
    "un_views",
    "un_statement",
    "parliamentary_decision",
    # Politics and law
    "legislation",
    "constitutional_amendment",
    "party_dissolution",
    "election",
    "other",
]
# What one source, or several, say where sources differ: "unknown" is not a version.
# temporary_release: out of prison for a time the sentence still runs through (medical
# leave, furlough, a suspension of the sentence), expected back.
Stated = Literal[
    "at_liberty",
    "detained",
    "house_arrest",
    "judicial_supervision",
    "imprisoned",
    "temporary_release",
    "in_exile",
]
Custody = Literal[Stated, "unknown"]
OrgKind = Literal[
    "ngo",
    "intergovernmental",
    "un_body",
    "court",
    "parliament",
    "parliamentary",
    "nhri",
    "governmental",
    "other",
]

# How enum values are printed; kept here so every template says the same thing.
LABELS: dict[str, str] = {
    # statuses and outcomes
    "unknown": "Not stated in the sources",
    "pending": "Pending",
    "investigation": "Under investigation",
    "on_trial": "On trial",
    "convicted": "Convicted",
    "acquitted": "Acquitted",
    "on_appeal": "Convicted, on appeal",
    "upheld_on_appeal": "Upheld on appeal",
    "final": "Final",
    "quashed": "Quashed",
    "retrial": "Retrial",
    "pardoned": "Pardoned",
    "dropped": "Dropped",
    "closed": "Closed",
    "upheld": "Upheld",
    "sentence_reduced": "Sentence reduced",
    "sentence_increased": "Sentence increased",
    "retrial_ordered": "Retrial ordered",
    "dismissed": "Dismissed",
    "discontinued": "Discontinued",
    # event kinds (a court stage's heading is in legal.py: STAGES)
    "appeal": "Appeal",
    "cassation": "Cassation",
    "arrest": "Arrest",
    "charge": "Charge",
    "detention": "Detention",
    "bail": "Bail",
    "house_arrest": "House arrest",
    "release": "Release",
    "transfer": "Transfer",
    "trial": "Trial",
    "hearing": "Hearing",
    "judgment": "Judgment",
    "pardon": "Pardon",
    "sentence_served": "Sentence served",
    "application_lodged": "Application lodged",
    "interim_measure": "Interim measure",
    "communicated": "Application communicated",
    "admissibility_decision": "Admissibility decision",
    "international_judgment": "International judgment",
    "grand_chamber_referral": "Grand Chamber referral",
    "supervisory_decision": "Supervisory decision",
    "un_opinion": "UN opinion",
    "un_views": "UN views",
    "un_statement": "UN statement",
    "parliamentary_decision": "Parliamentary decision",
    "legislation": "Legislation",
    "constitutional_amendment": "Constitutional amendment",
    "party_dissolution": "Party dissolution",
    "election": "Election",
    "other": "Other",
    # custody
    "at_liberty": "At liberty",
    "detained": "Detained",
    "judicial_supervision": "Released under judicial supervision",
    "imprisoned": "Imprisoned",
    "temporary_release": "Temporarily released",
    "in_exile": "In exile",
    # organisations
    "ngo": "Non-governmental organisation",
    "intergovernmental": "Intergovernmental body",
    "un_body": "United Nations body",
    "court": "Court",
    "parliament": "Parliament",
    "parliamentary": "Parliamentary body",
    "nhri": "National human rights institution",
    "governmental": "Government",
}


class Office(Model):
    """An office the subject holds or held, with its dates where the sources give them."""

    title: Plain
    start: Partial | None = None
    end: Partial | None = None
    # The sources say the office ended but not when: printed "ended, date not stated".
    ended: bool = False
    sources: Keys

    @model_validator(mode="after")
    def _ended(self) -> Office:
        if self.ended and self.end is not None:
            raise ValueError("give 'end' (the date it ended) or 'ended: true' (a date not stated), not both")
        return self


# A BCP 47 language tag: "en", "km", "my", "sr-Cyrl", "ar-EG".
Language = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class NativeName(Model):
    """The subject's name in its own script, with the language it is written in."""

    text: Plain
    # The PDF tags the name with it (/Lang), so that a screen reader speaks it in that language.
    lang: Language


class Subject(Model):
    name: Plain
    native_name: NativeName | None = None
    # The field native_name replaced, still read: a name in Khmer script, as native_name
    # with lang km. Kept under its own name so that a problem in it is reported there.
    name_khmer: Plain | None = None
    # What the subject is, in a few words: "former president of the CNRP".
    role: Plain | None = None
    offices: list[Office] = []
    # The subject's sentences added up across proceedings, each total as reported, oldest first.
    total_sentence: list[Total] = []

    @model_validator(mode="after")
    def _one_native_name(self) -> Subject:
        if self.native_name is not None and self.name_khmer is not None:
            raise ValueError(
                "give 'native_name' or 'name_khmer', not both: write the Khmer name as "
                "native_name: {text: ..., lang: km}"
            )
        return self

    @property
    def native(self) -> NativeName | None:
        """The name in its own script, from native_name or the older name_khmer."""
        if self.name_khmer is not None:
            return NativeName(text=self.name_khmer, lang="km")
        return self.native_name


class Edition(Model):
    number: PositiveInt
    date: FullDate


class Metadata(Model):
    title: Plain
    subtitle: Plain | None = None
    subject: Subject
    as_of: FullDate
    edition: Edition
    author: Plain
    language: Language
    classification: Plain
    keywords: list[Plain] = []
    next_step: Text
    key_points: Annotated[list[Text], Field(min_length=1)]
    # Names the briefing never hyphenates, besides those it knows (the subject,
    # organisations, courts and bodies): places, other people.
    no_hyphenation: list[Plain] = []
    # A built-in style (oscola, chicago-notes-bibliography, chicago-author-date) or a
    # path to a .csl file, relative to the dossier folder.
    citation_style: Text = "oscola"


class Version(Model):
    """One account of a custody where the sources differ, with the sources that give it."""

    value: Stated
    sources: Keys


class Differing(Versions):
    """A custody the sources give differently: each version with its sources ("sources differ")."""

    differ: Annotated[list[Version], Field(min_length=2)]


# One value, or a mapping of versions: told apart by what was written, so that an error
# names only the form the writer used.
CustodyAfter = Annotated[
    Annotated[Custody, Tag("union:one")] | Annotated[Differing, Tag("union:versions")],
    Discriminator(one_or_versions),
]


class Total(Model):
    """The subject's sentences added up across proceedings, as the sources report it on a date."""

    date: Partial
    imprisonment: TermOrVersions | None = None
    life: bool = False
    # Other penalties the total counts: "154 lashes", "two years of internal exile".
    other: list[Plain] = []
    # What the total counts, as the source says: "all her sentences since 1998", "the
    # sentences she is serving". Printed after it in brackets.
    scope: Plain | None = None
    # What brought the total to this: "a fifth conviction", "a pardon" (Markdown, cited).
    after: Text | None = None
    # How the date was worked out, where no source gives it as such (Markdown, cited).
    derived: Text | None = None
    sources: Keys

    @model_validator(mode="after")
    def _something(self) -> Total:
        if self.imprisonment is None and not self.life and not self.other:
            raise ValueError("a total of nothing: give imprisonment, life or other")
        if self.life and self.imprisonment is not None:
            raise ValueError("a total both of life and of a fixed term: give one")
        return self


class Award(Model):
    """What an international court or body ordered a state to pay: "EUR 35,000"."""

    amount: MoneyValue
    # What for, as the decision words it: "non-pecuniary damage", "costs and expenses".
    head: Plain | None = None


class Event(Model):
    id: Ident
    # Where the sources differ on the date, the earliest of `dates_differ` (set from what
    # was written: date: {differ: [...]}); it orders the table and places the mark.
    date: Partial
    dates_differ: list[DateVersion] = []
    kind: EventKind
    # A short label the timeline and table show instead of the kind ("ECtHR judgment").
    label: Annotated[Plain, StringConstraints(max_length=40)] | None = None
    body: Plain | None = None
    text: Text
    # The custody from this event on: one value, or the versions where sources differ.
    custody_after: CustodyAfter | None = None
    # The latest report of that custody, where a source later than the event gives it.
    last_reported: Reported | None = None
    # Given instead of `date` where no source dates the event: the date of the report that
    # tells of it. The event is printed "by" that date, never as if it happened on it.
    reported: Partial | None = None
    # How the date was worked out where no source gives it as such ("the report of Tuesday
    # 5 March says 'yesterday'"): printed beside the date, which is marked as worked out.
    derived: Text | None = None
    # What an international court or body awarded the subject.
    awards: list[Award] = []
    sources: Keys

    @model_validator(mode="before")
    @classmethod
    def _dated_by_report(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("date"), dict) and "differ" in data["date"]:
            data = versions_of_a_date(data, "date", "dates_differ", "the date")
        if isinstance(data, dict) and data.get("reported") is not None:
            # A released edition records both, the same (the date was taken from `reported`).
            if "date" in data and data["date"] != data["reported"]:
                raise ValueError(
                    "give 'date' where the sources date the event, or 'reported' where only a "
                    "report of that date tells of it, not both"
                )
            return {**data, "date": data["reported"]}
        return data

    def when(self, *, short: bool = False) -> str:
        """The date as printed: "11 or 12 December 2025" where the sources differ."""
        if self.dates_differ:
            return either_date(self.dates_differ, short=short)
        return self.date.short() if short else str(self.date)

    @model_validator(mode="after")
    def _reported_custody(self) -> Event:
        if self.derived is not None and self.reported is not None:
            raise ValueError(
                "'reported' is the date of a report, not worked out: leave 'derived' out, or give "
                "'date' with 'derived' where the event's own date was worked out from the report"
            )
        if self.last_reported is not None and self.custody_after is None:
            raise ValueError("last_reported dates the custody an event sets: give custody_after too")
        if self.last_reported is not None and self.last_reported.date.latest() < self.date.earliest():
            raise ValueError(f"last_reported ({self.last_reported.date}) is before the event ({self.date})")
        return self


class Organisation(Model):
    name: Plain
    kind: OrgKind


class Quote(Model):
    text: Plain
    speaker: Plain | None = None
    role: Plain | None = None
    source: Text
    locator: Text | None = None


class Position(Model):
    """A position taken by one organisation, or a joint statement by several."""

    id: Ident
    organisation: Organisation | None = None
    organisations: list[Organisation] = []
    # How many signed a joint statement, where the sources name only some of them.
    signatories: CountOrVersions | None = None
    date: Partial
    # How the date was worked out, where no source gives it as such (Markdown, cited).
    derived: Text | None = None
    # What the statement calls for, printed after "Calls for:"; and what it says besides, or
    # instead where it calls for nothing (condemns, argues, reports), printed as it is written.
    # At least one of the two.
    calls_for: Text | None = None
    says: Text | None = None
    quote: Quote | None = None
    sources: Keys

    @model_validator(mode="before")
    @classmethod
    def _one_or_several(cls, data: Any) -> Any:
        if isinstance(data, dict) and "organisation" in data and "organisations" in data:
            raise ValueError("give 'organisation' (one) or 'organisations' (a joint statement), not both")
        if isinstance(data, dict) and "organisation" not in data and "organisations" not in data:
            raise ValueError("missing field 'organisation' (or 'organisations' for a joint statement)")
        return data

    @model_validator(mode="after")
    def _some(self) -> Position:
        if self.calls_for is None and self.says is None:
            raise ValueError(
                "give 'calls_for' (what the statement calls for) or 'says' (what it says, where it "
                "calls for nothing: it condemns, argues or reports), or both"
            )
        if self.organisation is None and not self.organisations:
            raise ValueError("'organisations' lists no organisation")
        if self.signatories is not None and self.organisation is not None:
            raise ValueError("'signatories' counts a joint statement's: list them under 'organisations'")
        if self.signatories is not None and least(self.signatories) < len(self.organisations):
            raise ValueError(
                f"'signatories' is {told(self.signatories)}, but 'organisations' names "
                f"{len(self.organisations)}"
            )
        return self

    @property
    def signed(self) -> str | None:
        """How many signed, beyond those named: "286 organisations", "286 or 300 organisations
        (sources differ)"; None where no count is given or it counts only the named."""
        count = self.signatories
        if count is None or (isinstance(count, int) and count <= len(self.organisations)):
            return None
        return f"{told(count)} organisations" + (
            " (sources differ)" if isinstance(count, DifferingCount) else ""
        )

    @property
    def by(self) -> list[Organisation]:
        """Every organisation that took the position."""
        return [self.organisation] if self.organisation is not None else list(self.organisations)


class Source(Model):
    """One bibliography entry, decoded from BibTeX into a CSL-JSON item."""

    key: str
    entry_type: str
    csl: dict[str, Any]
    date: PartialDate | None
    group: Literal["primary", "secondary"]
    line: int


class Released(Model):
    """An edition frozen by `dossier release`, as a later edition refers to it."""

    number: PositiveInt
    date: FullDate
    as_of: FullDate


class Changed(Model):
    """One entry of the changes since the edition this one updates, in a reader's words
    (changes.py), under its group's heading."""

    heading: str  # the group's: "Court decisions, sentences and custody"
    kind: str
    how: str
    id: str
    lead: str  # the tool's words: "New event: "
    what: str  # the item's own words, as the content or the released edition holds them
    tail: str  # the tool's words after them: ": status from on trial to convicted"
    markdown: bool  # `what` quotes a key point, which is Markdown
    listed: list[str] = []  # details printed as a list under the entry
    places: list[str] = []  # where each detail is printed within the item ("stage-1"; "" its block)
    fields: list[str] = []  # the model's names of what changed (which block shows it)
    members: list[Changed] = []  # one entry for several items, each printed with its page
    marks: list[str] = []  # blocks marked with a bar besides the entry's own


class Checking(Model):
    """The counts of a check of every printed value against the sources' kept texts."""

    kept: int  # sources with a kept text
    values: int
    verified: int
    derived: int
    unverifiable: int
    not_found: int


class Dossier(Model):
    folder: str
    metadata: Metadata
    background: str
    proceedings: list[Proceeding]
    events: list[Event]
    positions: list[Position]
    sources: dict[str, Source]
    # Every file of the folder the briefing is made from, relative to it: the content
    # files, a .csl style and the images the text shows. A PDF/A carries these, no others.
    files: list[str] = []
    # The released edition this one updates, what changed since, and every earlier edition.
    updates: Released | None = None
    changes: list[Changed] = []
    history: list[Released] = []
    # What `dossier verify` found, when the build checked the values against the kept texts
    # of the sources: printed at the end of the briefing and recorded in its manifest.
    verified: Checking | None = None
