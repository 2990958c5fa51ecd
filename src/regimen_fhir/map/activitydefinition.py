"""ActivityDefinition: one per distinct drug dose (MedicationRequest) and per monitoring item (ServiceRequest)."""
from __future__ import annotations

from ..model import DrugAdministration, GlossaryTerm, MonitoringItem, Regimen
from . import narrative as N
from .common import (MapContext, canonical_meta, computable_name, concept, dose_value, make_id, number,
                     quantity)

# the patient measure each per-size unit multiplies with, as a FHIRPath environment variable
DOSE_BASIS = {
    "mg/m2": ("%bodySurfaceArea", "mg"), "g/m2": ("%bodySurfaceArea", "g"), "ug/m2": ("%bodySurfaceArea", "ug"),
    "U/m2": ("%bodySurfaceArea", "U"), "mg/kg": ("%bodyWeight", "mg"), "ug/kg": ("%bodyWeight", "ug"),
    "U/kg": ("%bodyWeight", "U"),
}


def administration_key(adm: DrugAdministration) -> tuple:
    """Two administrations with the same key share one ActivityDefinition."""
    return (adm.drug.lower(), adm.dose, adm.route, adm.infusion, adm.cap)


def dose_label(adm: DrugAdministration) -> str:
    d = adm.dose
    value = f"{d.low}-{d.high}" if d.is_range else f"{d.value}"
    parts = [adm.drug, f"{value} {d.unit}"]
    if adm.route:
        parts.append(adm.route)
    if adm.infusion and adm.infusion.value is not None:
        parts.append(f"over {adm.infusion.value} {adm.infusion.unit}")
    if adm.cap:
        parts.append(f"(max {adm.cap.value} {adm.cap.unit})")
    return " ".join(parts)


def medication_activity_id(regimen_id: str, adm: DrugAdministration) -> str:
    d = adm.dose
    dose = f"{d.low}-{d.high}" if d.is_range else str(d.value)
    return make_id(regimen_id, adm.drug, dose, d.unit, adm.route or "", str(adm.infusion.value) + adm.infusion.unit if adm.infusion and adm.infusion.value is not None else "")


def medication_activity(regimen: Regimen, adm: DrugAdministration, rid: str, version: str, date: str | None,
                        publisher: str, ctx: MapContext) -> dict:
    label = dose_label(adm)
    dosage: dict = {"text": adm.text or label}
    if adm.infusion is not None:
        if adm.infusion.is_range:
            dosage["timing"] = {"repeat": {"duration": number(adm.infusion.low), "durationMax": number(adm.infusion.high),
                                           "durationUnit": adm.infusion.unit}}
        else:
            dosage["timing"] = {"repeat": {"duration": number(adm.infusion.value), "durationUnit": adm.infusion.unit}}
    if adm.route:
        dosage["route"] = concept("routes", adm.route_text or adm.route, adm.route)
    dosage["doseAndRate"] = [{
        "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/dose-rate-type", "code": "ordered",
                             "display": "Ordered"}]},
        **dose_value(adm.dose),
    }]
    if adm.cap:
        dosage["maxDosePerAdministration"] = quantity(adm.cap)
    resource = {
        "resourceType": "ActivityDefinition",
        "id": rid,
        "meta": {"profile": [ctx.profile("RegimenMedicationActivity")]},
        "text": N.narrative(N.heading(label), N.p(adm.text) if adm.text else ""),
        **canonical_meta(ctx, "ActivityDefinition", rid, version, computable_name(label), label, date, publisher,
                         f"{label}, as given in the regimen {regimen.title}."),
        "kind": "MedicationRequest",
        "intent": "proposal",
        "productCodeableConcept": concept("drugs", adm.drug),
        "dosage": [dosage],
    }
    basis = DOSE_BASIS.get(adm.dose.unit)
    if basis and not adm.dose.is_range:
        variable, unit = basis
        resource["dynamicValue"] = [
            {"path": "dosage[0].doseAndRate[0].doseQuantity.value",
             "expression": {"description": f"absolute dose: {adm.dose.value} {adm.dose.unit} x the patient's "
                                           f"{'body surface area (m2)' if 'bodySurface' in variable else 'body weight (kg)'}"
                                           + (f", at most {adm.cap.value} {adm.cap.unit}" if adm.cap else ""),
                            "language": "text/fhirpath",
                            "expression": _capped(f"{adm.dose.value} * {variable}", adm)}},
            {"path": "dosage[0].doseAndRate[0].doseQuantity.unit",
             "expression": {"language": "text/fhirpath", "expression": f"'{unit}'"}},
            {"path": "dosage[0].doseAndRate[0].doseQuantity.code",
             "expression": {"language": "text/fhirpath", "expression": f"'{unit}'"}},
        ]
    return resource


def _capped(expr: str, adm: DrugAdministration) -> str:
    if adm.cap and adm.cap.value is not None:
        return f"iif({expr} > {adm.cap.value}, {adm.cap.value}, {expr})"
    return expr


def monitoring_activity_id(regimen_id: str, item: MonitoringItem) -> str:
    return make_id(regimen_id, "monitor", item.name)


def monitoring_activity(regimen: Regimen, item: MonitoringItem, rid: str, version: str, date: str | None,
                        publisher: str, glossary: dict[str, GlossaryTerm], glossary_url: str | None,
                        ctx: MapContext) -> dict:
    term = glossary.get(item.glossary_key) if item.glossary_key else None
    code = concept("tests", item.name, *(term.aliases if term else []), *( [term.term] if term else []))
    if term and glossary_url:
        code.setdefault("coding", []).append({"system": glossary_url, "code": term.key, "display": term.term})
    description = term.definition if term else f"{item.name}, monitored during the regimen {regimen.title}."
    parts = [N.heading(f"Monitoring: {item.name}")]
    if item.schedule_text:
        parts.append(N.p(item.schedule_text))
    if item.purpose:
        parts.append(N.p(f"To evaluate the {item.purpose}."))
    if item.condition:
        parts.append(N.p(f"When: {item.condition.text or item.condition.key}"))
    if term:
        parts.append(N.p(term.definition))
        if term.components:
            parts.append(N.ul(term.components))
    else:
        parts.append(N.p(description))
    resource = {
        "resourceType": "ActivityDefinition",
        "id": rid,
        "meta": {"profile": [ctx.profile("RegimenMonitoringActivity")]},
        "text": N.narrative(*parts),
        **canonical_meta(ctx, "ActivityDefinition", rid, version, computable_name("Monitor " + item.name),
                         f"Monitoring: {item.name}", date, publisher, description),
    }
    if item.purpose:
        resource["purpose"] = f"To evaluate the {item.purpose}."
    resource["kind"] = "ServiceRequest"
    resource["intent"] = "proposal"
    resource["code"] = code
    return resource
