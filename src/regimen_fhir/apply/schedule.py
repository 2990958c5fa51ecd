"""From a regimen and one patient's facts to dated cycles and doses.

Rules (each from the PlanDefinition, none invented here):
- Cycle phases run one after another: the first phase (no relatedAction), then, after its end, the
  one later-cycle phase whose applicability conditions all hold (relatedAction after-end).
- Conditions are named (text/cql-identifier); `conditions.csv` says which fact each name tests:
  --response complete|partial|none and --transplant. A phase whose condition needs a fact the user did not
  give is left out and reported as pending: later cycles wait for the response assessment.
- A phase gives `count` cycles, or `countMax` where the regimen says "up to" (the most it allows;
  a "stop if no remission after N cycles" rule is already that countMax). --cycles N stops the
  whole plan after N cycles; an open-ended phase ("for as long as it works") runs until then, or
  for one cycle, with a notice, when --cycles is not given.
- Schedules offered side by side (the treatment action's selectionBehavior exactly-one: "every 2
  weeks" or "every 4 weeks") are never planned one after the other: --schedule names the one.
- Day d of a cycle that starts on date S falls on S + (d - 1) days; the next cycle starts on
  S + cycle length.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources

from .body import Body
from .dose import Dose, compute
from .errors import ApplyError
from .read import DrugAction, Phase, Regimen


@dataclass(frozen=True)
class Facts:
    response: str | None = None  # "complete" | "partial" | "none" | None (not yet known)
    transplant: bool = False
    cycles: int | None = None  # most cycles in all
    schedule: str | None = None  # of schedules offered side by side, the one chosen (its title)


@dataclass(frozen=True)
class DoseEvent:
    date: date
    cycle: int  # 1-based over the whole plan
    day: int  # day of cycle
    drug: DrugAction
    dose: Dose


@dataclass
class Cycle:
    number: int
    phase: Phase
    start: date
    doses: list[DoseEvent] = field(default_factory=list)

    @property
    def end(self) -> date:
        return self.start + timedelta(days=self.phase.cycle_days - 1)


@dataclass
class Schedule:
    regimen: Regimen
    body: Body
    facts: Facts
    start: date
    cycles: list[Cycle]
    phases: list[Phase]  # the phases chosen, in order
    pending: list[str]  # why later phases were not planned
    doses: dict[str, Dose]  # by ActivityDefinition canonical
    notices: list[str] = field(default_factory=list)  # options that changed nothing

    @property
    def events(self) -> list[DoseEvent]:
        return [e for c in self.cycles for e in c.doses]

    @property
    def treatment_dates(self) -> list[date]:
        return sorted({e.date for e in self.events})

    @property
    def end(self) -> date:
        return self.cycles[-1].end


def _condition_table() -> dict[str, tuple[str, str]]:
    text = resources.files(__package__).joinpath("conditions.csv").read_text(encoding="utf-8")
    return {row["expression"]: (row["fact"], row["value"]) for row in csv.DictReader(text.splitlines())}


CONDITIONS = _condition_table()


def holds(expression: str, facts: Facts, where: str) -> bool | None:
    """True or False; None when the fact it tests is not known yet."""
    if expression not in CONDITIONS:
        raise ApplyError(f"{where}: condition '{expression}' is not one apply can evaluate "
                         f"(known: {', '.join(sorted(CONDITIONS))})")
    fact, value = CONDITIONS[expression]
    if fact == "response":
        if facts.response is None:
            return None
        # a partial response is no complete response: 'none' (not in complete response) holds for it too
        return facts.response in ("none", "partial") if value == "none" else facts.response == value
    if fact == "transplant":
        return facts.transplant == (value == "yes")
    raise ApplyError(f"{where}: condition '{expression}' tests an unknown fact '{fact}'")


def _offered(regimen: Regimen) -> str:
    return ", ".join(f"'{p.title}'" for p in regimen.phases)


def choose_schedule(regimen: Regimen, facts: Facts) -> Phase:
    """Of schedules offered side by side ('Every 2 weeks' or 'Every 4 weeks'), the one asked for: exactly one is
    planned, never the two one after the other, and none is picked for the prescriber."""
    if facts.schedule is None:
        raise ApplyError(f"{regimen.source}: the regimen offers {len(regimen.phases)} schedules, one to be chosen: "
                         f"{_offered(regimen)}; say which with --schedule TITLE")
    wanted = " ".join(facts.schedule.split()).casefold()
    for phase in regimen.phases:
        if " ".join(phase.title.split()).casefold() == wanted:
            return phase
    raise ApplyError(f"{regimen.source}: --schedule '{facts.schedule}' is none of the schedules the regimen "
                     f"offers: {_offered(regimen)}")


def choose_phases(regimen: Regimen, facts: Facts) -> tuple[list[Phase], list[str]]:
    if regimen.alternatives:
        return [choose_schedule(regimen, facts)], []
    if facts.schedule is not None:
        raise ApplyError(f"{regimen.source}: --schedule '{facts.schedule}': the regimen offers no choice of "
                         f"schedule (its phases follow one another)")
    chosen: list[Phase] = []
    pending: list[str] = []
    followed: set[str | None] = set()  # predecessors that already have their follower
    for phase in regimen.phases:
        predecessor = phase.after
        if predecessor is None and chosen:
            predecessor = chosen[-1].action_id  # a second unconditioned start phase runs after the first
        if predecessor is not None and predecessor not in {p.action_id for p in chosen}:
            continue
        if predecessor in followed:
            continue
        results = [holds(expr, facts, f"{regimen.source}: phase '{phase.action_id}'") for expr, _ in phase.conditions]
        if all(r is True for r in results):
            chosen.append(phase)
            followed.add(predecessor)
        elif any(r is None for r in results) and not any(r is False for r in results):
            pending.append(f"{phase.title} ({phase.action_id}): needs the response to the cycles before "
                           f"(--response complete|partial|none)")
    if not chosen:
        raise ApplyError(f"{regimen.source}: no cycle phase applies to this patient")
    return chosen, pending


def build_schedule(regimen: Regimen, body: Body, facts: Facts, start: date) -> Schedule:
    phases, pending = choose_phases(regimen, facts)
    doses: dict[str, Dose] = {}
    for phase in phases:
        for drug in phase.drugs:
            if drug.canonical not in doses:
                doses[drug.canonical] = compute(drug.activity, body,
                                                f"{regimen.source}: {drug.title} ({drug.action_id})")
    cycles: list[Cycle] = []
    cycle_start = start
    limit = facts.cycles
    notices = []
    for phase in phases:
        planned = phase.planned_cycles
        if phase.open_ended:
            # "for as long as it works": as many cycles as --cycles leaves, else one, said in a notice
            if limit is not None:
                planned = max(0, limit - len(cycles))
            else:
                notices.append(f"'{phase.title}' goes on as long as the treatment works: one cycle planned; "
                               f"--cycles N plans N cycles in all")
        for _ in range(planned):
            if limit is not None and len(cycles) >= limit:
                break
            cycle = Cycle(len(cycles) + 1, phase, cycle_start)
            for drug in phase.drugs:
                for day in drug.days:
                    cycle.doses.append(DoseEvent(cycle_start + timedelta(days=day - 1), cycle.number, day, drug,
                                                 doses[drug.canonical]))
            cycle.doses.sort(key=lambda e: (e.date, e.drug.action_id))
            cycles.append(cycle)
            cycle_start += timedelta(days=phase.cycle_days)
    if limit is not None and len(cycles) >= limit and pending:
        pending = []  # the user's limit ends the plan before any pending phase would start
    tested = {CONDITIONS[expr][0] for p in regimen.phases for expr, _ in p.conditions if expr in CONDITIONS}
    if facts.response is not None and "response" not in tested:
        notices.append("--response changes nothing: no phase of this regimen depends on the response")
    if facts.transplant and "transplant" not in tested:
        notices.append("--transplant changes nothing: no phase of this regimen depends on a transplant")
    return Schedule(regimen, body, facts, start, cycles, phases, pending, doses, notices)
