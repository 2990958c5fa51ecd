"""The intermediate model: what a page says, in plain typed records.

Nothing here knows FHIR. Every record that comes from a page carries a
`Location`, so the report can point a content team at the exact place.
Units are kept as the parser normalised them (e.g. "mg/m2", "min", "d");
turning them into UCUM codes is the terminology layer's job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

MODEL_VERSION = "2"  # 2: Frequency, ratio incidences, CyclePhase.after


@dataclass(frozen=True)
class Location:
    file: str
    section: str = ""
    path: str = ""  # element path in the page, e.g. /html/body/div[3]/ul/li[2]

    def __str__(self) -> str:
        parts = [self.file]
        if self.section:
            parts.append(f"section '{self.section}'")
        if self.path:
            parts.append(self.path)
        return ": ".join(parts)


@dataclass(frozen=True)
class Amount:
    """A number with a unit, or a range of them (low/high), as the page gives it."""

    value: Decimal | None
    unit: str
    low: Decimal | None = None
    high: Decimal | None = None
    comparator: str | None = None  # "<", ">", "<=", ">=" when the page says so

    @property
    def is_range(self) -> bool:
        return self.value is None and self.low is not None and self.high is not None


@dataclass(frozen=True)
class Percent:
    """An incidence as the page states it: exact, a range, or only a category word."""

    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    comparator: str | None = None
    category_word: str | None = None  # "rare", "common" when no number is given
    text: str = ""
    numerator: int | None = None  # "1 in 3 people": kept as the ratio the page gives, never turned into a %
    denominator: int | None = None

    @property
    def is_ratio(self) -> bool:
        return self.numerator is not None and self.denominator is not None


@dataclass(frozen=True)
class Frequency:
    """How often within a period a dose is given: 'twice daily' is times=2, period=1, unit='d'."""

    times: int
    period: int
    unit: str  # "d", "wk", "h" ("every 12 hours" is times=1, period=12, unit="h")
    text: str = ""  # the page's wording ("BID", "every 12 hours")


@dataclass(frozen=True)
class Condition:
    """A clinical condition that gates a phase or an action.

    `key` is a stable identifier from the condition rules table (e.g.
    "complete-response", "transplant"); `negated` flips it.
    """

    key: str
    negated: bool = False
    text: str = ""
    threshold: Amount | None = None
    expression: str = ""  # stable identifier a CDS engine binds, from rules/conditions.csv
    kind: str = "applicability"  # or "start": when the phase may begin


@dataclass
class DrugAdministration:
    drug: str  # the drug name as the page writes it
    dose: Amount
    route: str | None  # route key from the routes table (e.g. "intravenous")
    route_text: str | None  # page wording ("I.V. infusion")
    days: list[int]
    infusion: Amount | None = None  # infusion duration (unit "min", "h", "d")
    cap: Amount | None = None  # maximum per administration ("max 2 mg")
    frequency: Frequency | None = None
    text: str = ""
    location: Location | None = None
    instruction: str | None = None  # how to take it, in the page's words ("with a meal", "on an empty stomach")
    continuous: bool = False  # "every day without a break": every day of the cycle when no days are given
    # "at the same dose ... as your previous irinotecan": the dose is one the patient had before, which the page does not
    # state; `dose` then has no value (none is made up) and these are the page's words
    dose_reference: str | None = None
    # "and have a vitamin B12 injection into the muscle every nine weeks": a medicine taken alongside, named with its
    # route and no dose; `dose` then has no value (none is made up) and these are the page's words
    dose_unstated: str | None = None


@dataclass
class CyclePhase:
    key: str  # stable within the regimen, e.g. "cycle-1", "later-complete-response"
    label: str
    length: Amount | None  # cycle length, unit "d" or "wk"
    count: int | None  # cycles (minimum when count_max is set)
    count_max: int | None
    first_cycle: int  # the number of the first cycle this phase covers
    conditions: list[Condition] = field(default_factory=list)
    administrations: list[DrugAdministration] = field(default_factory=list)
    stop_rule: str | None = None
    text: str = ""
    location: Location | None = None
    after: str | None = None  # key of the phase this one follows (None: the first phase)
    alternative: bool = False  # one of the schedules a page offers side by side (tabs): exactly one of them is given
    # medicines taken alongside the cycles on their own timing ("folic acid once a day, from the week before"):
    # no cycle length or days of their own; they run with the treatment, not after it
    supportive: bool = False


@dataclass
class Indication:
    name: str
    status: str | None = None  # e.g. "relapsed or refractory after at least one prior treatment"
    location: Location | None = None


@dataclass
class Goal:
    key: str  # "remission", "cure", ...
    text: str
    qualifier: str | None = None  # "possibly"
    glossary_key: str | None = None
    location: Location | None = None


@dataclass
class Reference:
    citation: str
    location: Location | None = None


@dataclass
class MonitoringItem:
    name: str  # page wording
    kind: str  # "lab", "ecg", "imaging"
    schedule: str  # "before-each-treatment", "baseline-and-periodic", "if-indicated"
    schedule_text: str = ""
    condition: Condition | None = None
    purpose: str | None = None
    glossary_key: str | None = None
    location: Location | None = None


@dataclass
class SupportiveAction:
    kind: str  # "premedication", "cytoreduction", "observation", "setting"
    text: str
    drugs: list[str] = field(default_factory=list)
    # premedication: the regimen drugs it is given before ('before each rituximab drip'; empty: every drug's dose), and
    # whether the page says it is given ('you will be given', 'you take') rather than offered ('may be given')
    before: list[str] = field(default_factory=list)
    required: bool = False
    condition: Condition | None = None
    duration: Amount | None = None
    location: Location | None = None


@dataclass
class WarningPeriod:
    who: str  # "female", "male", "all"
    duration: Amount
    after: str  # "completion of treatment", "last dose"


@dataclass
class Warning:
    key: str  # from the warning rules table: "vod", "qt-prolongation", ...
    kind: str  # "warning", "contraindication", "interaction"
    text: str
    term: str = ""  # the clinical term the warning is about (for coding)
    periods: list[WarningPeriod] = field(default_factory=list)
    interactant: str = ""  # for interactions: what the drug interacts with, in the page's words
    location: Location | None = None


@dataclass
class SideEffect:
    wording: str  # the page's wording without the percentage
    term: str  # the clinical term used for coding (bracketed term when given)
    incidence: Percent
    group: str | None = None
    location: Location | None = None


@dataclass
class DrugFacts:
    name: str
    brands: list[str] = field(default_factory=list)
    routes: list[str] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    general_side_effects: list[str] = field(default_factory=list)
    label_link: str | None = None


@dataclass
class GlossaryTerm:
    key: str
    term: str
    definition: str
    heading: str = ""
    aliases: list[str] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    thresholds: list[tuple[str, Amount]] = field(default_factory=list)  # (who, amount)
    mentions: list[str] = field(default_factory=list)  # drugs the definition names
    location: Location | None = None


class MonthDate(date):
    """A date the page gives only to the month ('First published March 2020'): written as '2020-03',
    never with a day the page did not state."""

    def isoformat(self) -> str:  # type: ignore[override]
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"MonthDate({self.year}, {self.month})"


class YearDate(date):
    """A date the page gives only to the year ('Reviewed 2023'): written as '2023', never with a month or day the
    page did not state."""

    def isoformat(self) -> str:  # type: ignore[override]
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"YearDate({self.year})"


@dataclass(frozen=True)
class PageDates:
    created: date | None = None
    updated: date | None = None


@dataclass(frozen=True)
class SourceInfo:
    file: str  # the file name (no folders)
    sha256: str
    size: int
    canonical_url: str | None = None
    site_name: str | None = None


@dataclass
class Fragment:
    """A piece of the page that was not mapped, with the reason."""

    text: str
    reason: str
    location: Location


@dataclass
class Finding:
    """A warning or error about the content, with its location."""

    severity: str  # "error", "warning", "information"
    code: str  # short machine code, e.g. "drug-not-in-regimen"
    message: str
    location: Location


@dataclass
class Regimen:
    title: str
    source: SourceInfo
    dates: PageDates
    indications: list[Indication] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    mechanism: str | None = None
    references: list[Reference] = field(default_factory=list)
    discontinuation: Percent | None = None
    phases: list[CyclePhase] = field(default_factory=list)
    monitoring: list[MonitoringItem] = field(default_factory=list)
    supportive: list[SupportiveAction] = field(default_factory=list)
    side_effects: list[SideEffect] = field(default_factory=list)
    drugs: list[DrugFacts] = field(default_factory=list)
    glossary: list[GlossaryTerm] = field(default_factory=list)
    not_mapped: list[Fragment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # pieces read into elements that keep no location of their own (cycle rules, dates, table header rows,
    # list introductions), so that every block of a page is accounted for: mapped, understood or not mapped
    understood: list[Fragment] = field(default_factory=list)

    def drug_names(self) -> list[str]:
        """Distinct drugs given in the schedule, in first-seen order."""
        seen: dict[str, None] = {}
        for phase in self.phases:
            for adm in phase.administrations:
                seen.setdefault(adm.drug.lower(), None)
        return list(seen)


@dataclass
class GlossaryPage:
    source: SourceInfo
    terms: list[GlossaryTerm] = field(default_factory=list)
    not_mapped: list[Fragment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
