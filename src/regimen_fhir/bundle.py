"""Bundle stage: per-regimen Bundles, collection or transaction, with conditional PUTs
that let a server load the same bundle twice without duplicates."""
from __future__ import annotations

from collections import Counter
from urllib.parse import quote

from .map import Mapped
from .validate import Issue

CANONICAL_TYPES = {"PlanDefinition", "ActivityDefinition", "CodeSystem", "ValueSet", "StructureDefinition"}


def _q(value: str) -> str:
    return quote(value, safe=":/")


def conditional_url(resource: dict) -> str:
    """The request URL of a conditional PUT keyed on the resource's identity."""
    rtype = resource["resourceType"]
    if rtype in CANONICAL_TYPES:
        return f"{rtype}?url={_q(resource['url'])}&version={_q(resource['version'])}"
    if rtype == "MedicationKnowledge":
        coding = resource["code"].get("coding") or []
        if coding:
            return f"{rtype}?code={_q(coding[0]['system'])}|{_q(coding[0]['code'])}"
    if rtype == "ClinicalUseDefinition" and resource.get("identifier"):
        ident = resource["identifier"][0]
        return f"{rtype}?identifier={_q(ident['system'])}|{_q(ident['value'])}"
    return f"{rtype}/{resource['id']}"


def build_bundle(entries: list[Mapped], bundle_type: str, bundle_id: str, timestamp: str) -> dict:
    bundle: dict = {"resourceType": "Bundle", "id": bundle_id, "type": bundle_type, "timestamp": timestamp, "entry": []}
    for m in entries:
        entry: dict = {"fullUrl": m.full_url, "resource": m.resource}
        if bundle_type == "transaction":
            entry["request"] = {"method": "PUT", "url": conditional_url(m.resource)}
        bundle["entry"].append(entry)
    return bundle


def check_bundle(bundle: dict) -> list[Issue]:
    """bdl-7: fullUrl must be unique in a bundle (ignoring versions)."""
    counts = Counter(e.get("fullUrl") for e in bundle.get("entry", []))
    return [Issue("error", "invariant", f"Bundle.entry[{i}].fullUrl", f"bdl-7: fullUrl {e.get('fullUrl')} is not unique")
            for i, e in enumerate(bundle.get("entry", [])) if counts[e.get("fullUrl")] > 1]
