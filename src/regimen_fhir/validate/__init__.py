"""Validate stage: every resource is checked before it may be bundled.

`validate_resource` is the seam: today it runs the structural check of the
FHIR version's models (fhir.resources); the full validator (base-spec
bindings, invariants, formats, our profiles) plugs in behind the same call.
Issues come back as plain `Issue` values and become OperationOutcome issues.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    severity: str  # fatal | error | warning | information
    code: str  # OperationOutcome issue type: structure, required, value, invariant, code-invalid ...
    expression: str  # FHIRPath-style element path, e.g. PlanDefinition.action[0].title
    diagnostics: str


def validate_resource(resource: dict, version: str = "R4B") -> list[Issue]:
    from .structural import check_structure

    return check_structure(resource, version)


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity in ("fatal", "error") for i in issues)


def operation_outcome(issues: list[Issue]) -> dict:
    if not issues:
        return {"resourceType": "OperationOutcome",
                "issue": [{"severity": "information", "code": "informational", "diagnostics": "no issues"}]}
    return {"resourceType": "OperationOutcome", "issue": [
        {"severity": i.severity, "code": i.code, "diagnostics": i.diagnostics, "expression": [i.expression]}
        for i in issues
    ]}
