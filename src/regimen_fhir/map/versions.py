"""The one place that knows how R4B and R5 differ for the elements we write.

Mappers ask this module instead of testing the version themselves.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FhirVersion:
    name: str  # "R4B", "R5"
    number: str  # "4.3.0", "5.0.0"
    core_package: str  # FHIR package id of the core definitions

    @property
    def is_r5(self) -> bool:
        return self.name == "R5"

    def related_action(self, target: str, relationship: str, offset: dict | None = None) -> dict:
        """R4B names the target `actionId`, R5 `targetId`."""
        out = {("targetId" if self.is_r5 else "actionId"): target, "relationship": relationship}
        if offset:
            out["offsetDuration"] = offset
        return out

    def action_code(self, concept: dict) -> dict:
        """PlanDefinition.action.code is 0..* in R4B and 0..1 in R5."""
        return {"code": concept} if self.is_r5 else {"code": [concept]}

    def clinical_use_status(self) -> dict:
        return {"status": {"coding": [{"system": "http://hl7.org/fhir/publication-status", "code": "active"}]}}


R4B = FhirVersion("R4B", "4.3.0", "hl7.fhir.r4b.core")
R5 = FhirVersion("R5", "5.0.0", "hl7.fhir.r5.core")
VERSIONS = {"R4B": R4B, "R5": R5}
