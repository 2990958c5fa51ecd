"""Provenance: one per bundle, naming the source page, its SHA-256 and its dates."""
from __future__ import annotations

from ..model import Regimen
from . import narrative as N
from .common import MapContext, make_id


def provenance_id(regimen_id: str) -> str:
    return make_id(regimen_id, "provenance")


def recorded_time(regimen: Regimen, ctx: MapContext) -> str:
    """SOURCE_DATE_EPOCH when given (reproducible builds), else the page's own date, never the clock."""
    if ctx.recorded:
        return ctx.recorded
    day = regimen.dates.updated or regimen.dates.created
    if day and len(day.isoformat()) == 10:  # a month-only date (MonthDate) makes no instant
        return f"{day.isoformat()}T00:00:00Z"
    return "1970-01-01T00:00:00Z"


def provenance(regimen: Regimen, rid: str, target_refs: list[str], ctx: MapContext) -> dict:
    src = regimen.source
    resource: dict = {
        "resourceType": "Provenance",
        "id": rid,
        "text": N.narrative(N.p(f"Converted by regimen-fhir from {src.file} (SHA-256 {src.sha256}).")),
        "target": [{"reference": r} for r in target_refs],
    }
    if regimen.dates.created or regimen.dates.updated:
        period = {}
        if regimen.dates.created:
            period["start"] = regimen.dates.created.isoformat()
        if regimen.dates.updated:
            period["end"] = regimen.dates.updated.isoformat()
        resource["occurredPeriod"] = period
    resource["recorded"] = recorded_time(regimen, ctx)
    resource["activity"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation",
                                        "code": "CREATE", "display": "create"}],
                            "text": "converted from an HTML page"}
    resource["agent"] = [{
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                             "code": "assembler", "display": "Assembler"}]},
        "who": {"display": "regimen-fhir converter"},
    }]
    entity_what: dict = {"identifier": {"system": ctx.system("source-sha256"), "value": src.sha256},
                         "display": src.file}
    entities = [{"role": "source", "what": entity_what}]
    if src.canonical_url:
        entities.append({"role": "source", "what": {"identifier": {"system": "urn:ietf:rfc:3986",
                                                                   "value": src.canonical_url},
                                                    "display": "canonical link of the page"}})
    resource["entity"] = entities
    return resource
