"""apply: a regimen definition (a Bundle that `convert` wrote) becomes one patient's dated plan.

FHIR calls this $apply (PlanDefinition -> CarePlan + RequestGroup). It reads FHIR JSON only:
read -> schedule (phases, cycles, doses) -> resources (Bundle) -> validate; the calendar module
draws the same Schedule as SVG, HTML or iCalendar.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ..bundle import check_bundle
from ..validate import has_errors, validate_resource
from .body import Body, body, mosteller
from .errors import ApplyError
from .read import load_bundle, read_regimen
from .resources import build_apply_bundle
from .schedule import Facts, Schedule, build_schedule

__all__ = ["ApplyError", "Applied", "Body", "Facts", "Schedule", "apply_file", "body", "mosteller", "plain"]


@dataclass(frozen=True)
class Applied:
    schedule: Schedule
    bundle: dict


def plain(value):
    """JSON-ready: Decimals (from reading the bundle exactly) become ints or floats."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def apply_file(path: Path, start: date, patient_body: Body, facts: Facts, patient: str | None = None) -> Applied:
    regimen = read_regimen(load_bundle(path), str(path))
    schedule = build_schedule(regimen, patient_body, facts, start)
    bundle = plain(build_apply_bundle(schedule, patient))
    problems = []
    for i, entry in enumerate(bundle["entry"]):
        issues = validate_resource(entry["resource"], regimen.version.name)
        if has_errors(issues):
            problems += [f"entry[{i}] {x.expression}: {x.diagnostics}" for x in issues if x.severity in ("error", "fatal")]
    problems += [f"{x.expression}: {x.diagnostics}" for x in check_bundle(bundle)]
    if problems:
        raise ApplyError(f"{path}: the plan made from this regimen is not valid FHIR: " + "; ".join(problems[:5]))
    return Applied(schedule, bundle)
