"""Read a regimen Bundle that `convert` wrote: the PlanDefinition's cycle phases, their drug actions
with days of cycle and ActivityDefinitions, and the monitoring and supportive actions around them.

Works on FHIR JSON only (never on the HTML model), so any bundle of the same shape can be applied.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..map.versions import R4B, R5, FhirVersion
from .errors import ApplyError

DAYS_OF_CYCLE = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"
MAX_BUNDLE_BYTES = 50 * 1024 * 1024
MAX_DAY = 366  # a day of cycle beyond a year is not a cycle day
MAX_CYCLES = 100
CYCLE_UNITS_IN_DAYS = {"d": 1, "wk": 7}


@dataclass(frozen=True)
class DrugAction:
    action_id: str
    title: str
    days: tuple[int, ...]
    activity: dict  # the ActivityDefinition (kind MedicationRequest)
    canonical: str  # url|version as the action names it


@dataclass(frozen=True)
class Phase:
    action_id: str
    title: str
    cycle_days: int
    count: int
    count_max: int | None
    conditions: tuple[tuple[str, str], ...]  # (expression, description)
    after: str | None  # the action this phase follows (relatedAction after-end)
    drugs: tuple[DrugAction, ...]
    description: str = ""
    open_ended: bool = False  # no count at all: "for as long as it works"

    @property
    def planned_cycles(self) -> int:
        """`count` cycles, or `countMax` when the regimen says "up to N" (the most the regimen allows)."""
        return self.count_max if self.count_max is not None else self.count


@dataclass(frozen=True)
class Monitoring:
    action_id: str
    title: str
    activity: dict  # the ActivityDefinition (kind ServiceRequest)
    canonical: str


@dataclass
class Regimen:
    """What apply needs from one regimen bundle."""
    source: str
    plan: dict
    phases: list[Phase]
    labs_before_each_dose: list[Monitoring] = field(default_factory=list)
    lab_targets: set[str] = field(default_factory=set)  # drug action ids the labs come before
    baseline: list[Monitoring] = field(default_factory=list)  # before the first dose only
    observation_after: dict | None = None  # Duration after each infusion
    observation_targets: set[str] = field(default_factory=set)
    premedication: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # optional / conditional actions apply does not date
    alternatives: bool = False  # the phases are schedules offered side by side (selectionBehavior exactly-one)
    version: FhirVersion = R4B  # of the bundle read; the plan is written in the same version

    @property
    def canonical(self) -> str:
        return f"{self.plan['url']}|{self.plan['version']}" if self.plan.get("version") else self.plan["url"]


def load_bundle(path: Path) -> dict:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ApplyError(f"{path}: cannot read ({exc.strerror or exc})")
    if not path.is_file():
        raise ApplyError(f"{path}: not a file")
    if size > MAX_BUNDLE_BYTES:
        raise ApplyError(f"{path}: {size} bytes is larger than a regimen bundle can be ({MAX_BUNDLE_BYTES})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise ApplyError(f"{path}: not UTF-8 text, so not a FHIR JSON bundle")
    except json.JSONDecodeError as exc:
        raise ApplyError(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    except RecursionError:
        raise ApplyError(f"{path}: JSON nested too deeply")
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise ApplyError(f"{path}: not a FHIR Bundle (resourceType is {_kind(data)})")
    return data


def _kind(data) -> str:
    if isinstance(data, dict):
        return repr(data.get("resourceType")) if "resourceType" in data else "missing"
    return f"a JSON {type(data).__name__}, not an object"


def _canonical_of(resource: dict) -> str | None:
    url = resource.get("url")
    if not isinstance(url, str):
        return None
    return f"{url}|{resource['version']}" if isinstance(resource.get("version"), str) else url


def read_regimen(bundle: dict, source: str) -> Regimen:
    entries = bundle.get("entry")
    if not isinstance(entries, list):
        raise ApplyError(f"{source}: the Bundle has no entries, so no regimen")
    resources = [e.get("resource") for e in entries if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    plans = [r for r in resources if r.get("resourceType") == "PlanDefinition"]
    if not plans:
        raise ApplyError(f"{source}: not a regimen bundle (it holds no PlanDefinition)")
    if len(plans) > 1:
        raise ApplyError(f"{source}: {len(plans)} PlanDefinitions; apply takes a bundle with one regimen")
    plan = plans[0]
    if not isinstance(plan.get("url"), str):
        raise ApplyError(f"{source}: the PlanDefinition has no canonical url to instantiate")
    activities: dict[str, dict] = {}
    for r in resources:
        if r.get("resourceType") == "ActivityDefinition":
            canon = _canonical_of(r)
            if canon:
                activities[canon] = r
                activities.setdefault(r["url"], r)

    actions = plan.get("action") if isinstance(plan.get("action"), list) else []
    version = _version(actions)
    treatment = next((a for a in actions if isinstance(a, dict) and a.get("id") == "treatment"), None)
    if treatment is None or not treatment.get("action"):
        raise ApplyError(f"{source}: not a regimen bundle (the PlanDefinition has no 'treatment' action with "
                         f"cycle phases)")
    regimen = Regimen(source=source, plan=plan, phases=[], version=version,
                      alternatives=treatment.get("selectionBehavior") == "exactly-one")
    for a in treatment["action"]:
        regimen.phases.append(_phase(a, activities, source))

    for a in actions:
        if not isinstance(a, dict) or a.get("id") == "treatment":
            continue
        aid = a.get("id", "")
        title = a.get("title") or aid
        if aid == "monitoring-before-each-treatment":
            regimen.lab_targets = {_target(ra) for ra in a.get("relatedAction", [])
                                   if ra.get("relationship") == "before-start"}
            for child in a.get("action", []):
                regimen.labs_before_each_dose.append(_monitoring(child, activities, source))
        elif aid.startswith("monitoring-") and a.get("condition"):
            regimen.notes.append(f"{title}: not dated, conditional ({_condition_text(a)})")
        elif aid.startswith("monitoring-") and _before_first_phase(a, regimen):
            regimen.baseline.append(_monitoring(a, activities, source))
            timing = ((a.get("timingTiming") or {}).get("code") or {}).get("text")
            if timing and "periodically" in timing:
                regimen.notes.append(f"{title}: {timing} (the periodic checks are not dated)")
        elif aid == "post-infusion-observation" and isinstance(a.get("timingDuration"), dict):
            regimen.observation_after = a["timingDuration"]
            regimen.observation_targets = {_target(ra) for ra in a.get("relatedAction", [])
                                           if ra.get("relationship") == "after-end"}
        elif aid == "premedication":
            regimen.premedication = [c.get("title", "") for c in a.get("action", []) if c.get("title")]
            optional = a.get("requiredBehavior") != "must"
            regimen.notes.append(("Premedication (optional): " if optional else "Premedication: ")
                                 + ", ".join(regimen.premedication))
        else:
            regimen.notes.append(f"{title}: not dated" + (f", conditional ({_condition_text(a)})"
                                                         if a.get("condition") else ""))
    return regimen


def _version(actions: list) -> FhirVersion:
    """R5 when the PlanDefinition uses R5 shapes (relatedAction.targetId, a single action.code), else R4B."""
    for a in _walk(actions):
        if isinstance(a.get("code"), dict) or any(isinstance(ra, dict) and "targetId" in ra
                                                  for ra in a.get("relatedAction", [])):
            return R5
    return R4B


def _target(related: dict) -> str | None:
    """relatedAction.actionId (R4B) or targetId (R5)."""
    return related.get("actionId") or related.get("targetId")


def _walk(actions):
    for a in actions or []:
        if isinstance(a, dict):
            yield a
            yield from _walk(a.get("action"))


def _condition_text(action: dict) -> str:
    return "; ".join((c.get("expression") or {}).get("description") or (c.get("expression") or {}).get("expression", "")
                     for c in action.get("condition", []))


def _before_first_phase(action: dict, regimen: Regimen) -> bool:
    first = regimen.phases[0].action_id if regimen.phases else None
    return any(_target(ra) == first and ra.get("relationship") == "before-start"
               for ra in action.get("relatedAction", []))


def _int(value, what: str, source: str, low: int = 1, high: int = MAX_CYCLES) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value != int(value):
        raise ApplyError(f"{source}: {what} is {value!r}, not a whole number")
    n = int(value)
    if not low <= n <= high:
        raise ApplyError(f"{source}: {what} is {n}, outside {low}..{high}")
    return n


def _phase(a: dict, activities: dict, source: str) -> Phase:
    aid = a.get("id") or "?"
    where = f"{source}: phase '{aid}'"
    repeat = (a.get("timingTiming") or {}).get("repeat") or {}
    if "duration" not in repeat or "durationUnit" not in repeat:
        raise ApplyError(f"{where} has no cycle length (timingTiming.repeat.duration/durationUnit)")
    unit = repeat["durationUnit"]
    if unit not in CYCLE_UNITS_IN_DAYS:
        raise ApplyError(f"{where}: cycle length unit '{unit}' is not days or weeks")
    cycle_days = _int(repeat["duration"], "cycle length", where, 1, 366) * CYCLE_UNITS_IN_DAYS[unit]
    count = _int(repeat.get("count", 1), "number of cycles", where)
    count_max = _int(repeat["countMax"], "most cycles", where) if "countMax" in repeat else None
    if count_max is not None and count_max < count:
        raise ApplyError(f"{where}: countMax {count_max} is below count {count}")
    conditions = []
    for c in a.get("condition", []):
        expr = c.get("expression") or {}
        if c.get("kind") != "applicability":
            continue
        if expr.get("language") != "text/cql-identifier" or not isinstance(expr.get("expression"), str):
            raise ApplyError(f"{where}: condition language {expr.get('language')!r} is not one apply evaluates "
                             f"(named conditions, text/cql-identifier)")
        conditions.append((expr["expression"], expr.get("description", "")))
    after = next((_target(ra) for ra in a.get("relatedAction", []) if ra.get("relationship") == "after-end"),
                 None)
    drugs = []
    for child in a.get("action", []):
        drugs.append(_drug(child, activities, where, cycle_days))
    if not drugs:
        raise ApplyError(f"{where} has no drug actions")
    return Phase(aid, a.get("title") or aid, cycle_days, count, count_max, tuple(conditions), after, tuple(drugs),
                 a.get("description", ""), open_ended="count" not in repeat and "countMax" not in repeat)


def _drug(child: dict, activities: dict, where: str, cycle_days: int) -> DrugAction:
    cid = child.get("id") or "?"
    canon = child.get("definitionCanonical")
    if not isinstance(canon, str):
        raise ApplyError(f"{where}, action '{cid}': no definitionCanonical to an ActivityDefinition")
    activity = activities.get(canon) or activities.get(canon.split("|")[0])
    if activity is None:
        raise ApplyError(f"{where}, action '{cid}': the ActivityDefinition {canon} is not in the bundle")
    if activity.get("kind") != "MedicationRequest":
        raise ApplyError(f"{where}, action '{cid}': {canon} is of kind {activity.get('kind')!r}, not MedicationRequest")
    days: list[int] = []
    for ext in child.get("extension", []):
        if ext.get("url") == DAYS_OF_CYCLE:
            for sub in ext.get("extension", []):
                if sub.get("url") == "day":
                    days.append(_int(sub.get("valueInteger"), f"action '{cid}' day of cycle", where, 1, MAX_DAY))
    if not days:
        raise ApplyError(f"{where}, action '{cid}': no days of cycle (timing-daysOfCycle extension)")
    late = [d for d in days if d > cycle_days]
    if late:
        raise ApplyError(f"{where}, action '{cid}': day {late[0]} lies beyond the {cycle_days}-day cycle")
    return DrugAction(cid, child.get("title") or cid, tuple(sorted(set(days))), activity, canon)


def _monitoring(action: dict, activities: dict, source: str) -> Monitoring:
    aid = action.get("id") or "?"
    canon = action.get("definitionCanonical")
    activity = (activities.get(canon) or activities.get(canon.split("|")[0])) if isinstance(canon, str) else None
    if activity is None:
        raise ApplyError(f"{source}: monitoring action '{aid}' names no ActivityDefinition in the bundle ({canon})")
    if activity.get("kind") != "ServiceRequest":
        raise ApplyError(f"{source}: monitoring action '{aid}': {canon} is of kind {activity.get('kind')!r}, "
                         f"not ServiceRequest")
    return Monitoring(aid, action.get("title") or aid, activity, canon)


def as_decimal(value, what: str) -> Decimal:
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ApplyError(f"{what} is {value!r}, not a number")
