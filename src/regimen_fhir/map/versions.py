"""The one place that knows how R4B and R5 differ for the elements we write.

Mappers ask this module instead of testing the version themselves.
"""
from __future__ import annotations

from dataclasses import dataclass

# Elements of the resources we profile that R5 renamed or moved, as (R4B path, R5 path), both with
# the resource type; most specific first. Our R5 profiles are generated from the R4B differentials
# (profiles/input) through this table (regimen_fhir.validate.snapshot). An element R5 dropped or
# retyped (RelatedArtifact.url, administrationGuidelines.indication[x]) is not here: the generator
# stops with "no such element", as it does when a differential narrows a max R5 lowered
# (PlanDefinition.action.code is 0..1 in R5).
R5_PROFILE_RENAMES = (
    ("PlanDefinition.action.relatedAction.actionId", "PlanDefinition.action.relatedAction.targetId"),
    ("MedicationKnowledge.administrationGuidelines.dosage", "MedicationKnowledge.indicationGuideline.dosingGuideline.dosage"),
    ("MedicationKnowledge.administrationGuidelines", "MedicationKnowledge.indicationGuideline"),
    ("MedicationKnowledge.synonym", "MedicationKnowledge.name"),
    ("MedicationKnowledge.intendedRoute", "MedicationKnowledge.definitional.intendedRoute"),
    ("MedicationKnowledge.doseForm", "MedicationKnowledge.definitional.doseForm"),
    ("MedicationKnowledge.ingredient", "MedicationKnowledge.definitional.ingredient"),
    ("MedicationKnowledge.drugCharacteristic", "MedicationKnowledge.definitional.drugCharacteristic"),
)


@dataclass(frozen=True)
class FhirVersion:
    name: str  # "R4B", "R5"
    number: str  # "4.3.0", "5.0.0"
    core_package: str  # FHIR package id of the core definitions
    profile_renames: tuple = ()  # (R4B element path, this version's path) for our profiles

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

    def related_artifact_link(self, artifact_type: str, display: str, url: str) -> dict:
        """A web link in RelatedArtifact: R4B `url`; R5 dropped it for `document` (an Attachment with a url)."""
        if self.is_r5:
            return {"type": artifact_type, "display": display, "document": {"url": url}}
        return {"type": artifact_type, "display": display, "url": url}

    def drug_names(self, brands: list[str]) -> dict:
        """Other names of a drug: R4B `MedicationKnowledge.synonym`, R5 `name`."""
        if not brands:
            return {}
        return {"name": list(brands)} if self.is_r5 else {"synonym": list(brands)}

    def medication_knowledge_body(self, routes: list[dict], programs: list[dict], clinical_use_refs: list[str],
                                  indication: dict | None, dosing: list[dict]) -> dict:
        """The part of MedicationKnowledge that R5 restructured.

        R4B: intendedRoute, administrationGuidelines (indicationCodeableConcept); no link to
        ClinicalUseDefinition. R5: definitional.intendedRoute, indicationGuideline (indication as
        CodeableReference, dosingGuideline), clinicalUseIssue -> the ClinicalUseDefinitions.
        `dosing` is a list of Dosage-group dicts ({"type": ..., "dosage": [...]}), the same in both.
        """
        out: dict = {}
        if self.is_r5:
            if programs:
                out["monitoringProgram"] = programs
            if dosing and indication:
                out["indicationGuideline"] = [{"indication": [{"concept": indication}],
                                               "dosingGuideline": [{"dosage": dosing}]}]
            if clinical_use_refs:
                out["clinicalUseIssue"] = [{"reference": u} for u in clinical_use_refs]
            if routes:
                out["definitional"] = {"intendedRoute": routes}
            return out
        if routes:
            out["intendedRoute"] = routes
        if programs:
            out["monitoringProgram"] = programs
        if dosing:
            guideline: dict = {"dosage": dosing}
            if indication:
                guideline["indicationCodeableConcept"] = indication
            out["administrationGuidelines"] = [guideline]
        return out

    def clinical_use_status(self) -> dict:
        return {"status": {"coding": [{"system": "http://hl7.org/fhir/publication-status", "code": "active"}]}}

    # -- the request resources `apply` writes ------------------------------------------------------
    @property
    def request_group(self) -> str:
        """R4B RequestGroup was renamed RequestOrchestration in R5."""
        return "RequestOrchestration" if self.is_r5 else "RequestGroup"

    def medication(self, concept: dict) -> dict:
        """MedicationRequest.medication[x] (R4B) became a CodeableReference `medication` (R5)."""
        return {"medication": {"concept": concept}} if self.is_r5 else {"medicationCodeableConcept": concept}

    def service_code(self, concept: dict) -> dict:
        """ServiceRequest.code: CodeableConcept (R4B), CodeableReference (R5)."""
        return {"code": {"concept": concept}} if self.is_r5 else {"code": concept}

    def medication_request_definition(self, canonical: str) -> dict:
        """R5 dropped MedicationRequest.instantiatesCanonical; there the link to the ActivityDefinition
        sits on the RequestOrchestration action (definitionCanonical, see action_definition)."""
        return {} if self.is_r5 else {"instantiatesCanonical": [canonical]}

    def action_definition(self, canonical: str) -> dict:
        """RequestOrchestration.action.definitionCanonical is new in R5 (R4B RequestGroup has none)."""
        return {"definitionCanonical": canonical} if self.is_r5 else {}

    def careplan_activity(self, reference: dict) -> dict:
        """CarePlan.activity.reference (R4B) became plannedActivityReference (R5)."""
        return {"plannedActivityReference": reference} if self.is_r5 else {"reference": reference}


R4B = FhirVersion("R4B", "4.3.0", "hl7.fhir.r4b.core")
R5 = FhirVersion("R5", "5.0.0", "hl7.fhir.r5.core", R5_PROFILE_RENAMES)
VERSIONS = {"R4B": R4B, "R5": R5}
