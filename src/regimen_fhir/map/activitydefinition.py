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
    "U/kg": ("%bodyWeight", "U"), "mg/m2/d": ("%bodySurfaceArea", "mg/d"), "mg/kg/d": ("%bodyWeight", "mg/d"),
}
# A carboplatin AUC target is not itself an amount of drug: doseQuantity carries the target (UCUM
# mg.min/mL, the unit of an area under the concentration-time curve) exactly as the page states it,
# and a dynamicValue computes the absolute dose in mg with the Calvert formula, dose = AUC x (GFR + 25),
# from the patient's glomerular filtration rate in mL/min.
AUC_UNIT = "mg.min/mL"


def administration_key(adm: DrugAdministration) -> tuple:
    """Two administrations with the same key share one ActivityDefinition. The frequency counts by its figures, not
    the page's wording ('once a day' in one phase and 'once daily' in the next are one activity, as their id says)."""
    if adm.frequency is None:
        return (adm.drug.lower(), adm.dose, adm.route, adm.infusion, adm.cap)
    f = adm.frequency
    return (adm.drug.lower(), adm.dose, adm.route, adm.infusion, adm.cap, (f.times, f.period, f.unit))


def dose_label(adm: DrugAdministration) -> str:
    d = adm.dose
    value = f"{d.low}-{d.high}" if d.is_range else f"{d.value}"
    if d.value is None and not d.is_range and adm.dose_reference:
        parts = [adm.drug, "(the dose of an earlier treatment)"]  # the page's words are in dosage.text
    elif d.value is None and not d.is_range and adm.dose_unstated:
        parts = [adm.drug, "(no dose stated)"]  # the page's words are in dosage.text
    elif d.value is None and not d.is_range:
        parts = [adm.drug, "(dose not read)"]  # e.g. one dose per age band: the report says why
    else:
        parts = [adm.drug, f"AUC {value}" if d.unit == AUC_UNIT else f"{value} {d.unit}"]
    if adm.route:
        parts.append(adm.route)
    if adm.infusion and adm.infusion.value is not None:
        least = "at least " if adm.infusion.comparator == ">=" else ""
        parts.append(f"over {least}{adm.infusion.value} {adm.infusion.unit}")
    if adm.infusion and adm.infusion.is_range:
        parts.append(f"over {adm.infusion.low}-{adm.infusion.high} {adm.infusion.unit}")
    if adm.frequency:
        parts.append(adm.frequency.text)
    if adm.cap:
        parts.append(f"(max {adm.cap.value} {adm.cap.unit})")
    return " ".join(parts)


def medication_activity_id(regimen_id: str, adm: DrugAdministration) -> str:
    d = adm.dose
    dose = f"{d.low}-{d.high}" if d.is_range else str(d.value)
    infusion = ""
    if adm.infusion and adm.infusion.value is not None:
        # "over at least 4 hours" and "over 4 hours" are two activities (an empty part: the ids of others as before)
        infusion = ("min-" if adm.infusion.comparator == ">=" else "") + str(adm.infusion.value) + adm.infusion.unit
    elif adm.infusion and adm.infusion.is_range:
        infusion = f"{adm.infusion.low}-{adm.infusion.high}{adm.infusion.unit}"
    freq = f"{adm.frequency.times}x{adm.frequency.period}{adm.frequency.unit}" if adm.frequency else ""
    # a cap is part of the activity (administration_key): the same dose with and without one are two activities and
    # need two ids (an empty part adds nothing, so the ids of doses without a cap are as before)
    c = adm.cap
    cap = (f"max-{c.value}{c.unit}" if c.value is not None else f"max-{c.low}-{c.high}{c.unit}") if c else ""
    return make_id(regimen_id, adm.drug, dose, d.unit, adm.route or "", infusion, freq, cap)


def medication_activity(regimen: Regimen, adm: DrugAdministration, rid: str, version: str, date: str | None,
                        publisher: str, ctx: MapContext) -> dict:
    label = dose_label(adm)
    dosage: dict = {}
    if adm.dose_reference:
        # 'at the same dose ... as your previous irinotecan': no dose is stated, so none is written (no doseAndRate);
        # the profile allows that only with this extension, the page's words of the reference
        dosage["extension"] = [{"url": ctx.extension("dose-by-reference"), "valueString": adm.dose_reference}]
    elif adm.dose_unstated:
        # 'and have a vitamin B12 injection into the muscle every nine weeks': the page names the medicine and its route
        # but no dose, so none is written; the profile allows that only with this extension, the page's words
        dosage["extension"] = [{"url": ctx.extension("dose-not-stated"), "valueString": adm.dose_unstated}]
    dosage["text"] = adm.text or label
    if adm.instruction:  # "with a meal", "on an empty stomach": the page's words (Dosage.patientInstruction)
        dosage["patientInstruction"] = adm.instruction
    repeat: dict = {}
    if adm.infusion is not None:
        if adm.infusion.is_range:
            repeat.update(duration=number(adm.infusion.low), durationMax=number(adm.infusion.high),
                          durationUnit=adm.infusion.unit)
        else:
            # "over at least 4 hours": the least time is the duration (Timing has no comparator); the page's words,
            # with "at least", stay in Dosage.text
            repeat.update(duration=number(adm.infusion.value), durationUnit=adm.infusion.unit)
    if adm.frequency is not None:
        # "twice daily" / "BID" / "every 12 hours": Timing.repeat frequency 2 per period 1 d
        repeat.update(frequency=adm.frequency.times, period=adm.frequency.period, periodUnit=adm.frequency.unit)
    if repeat:
        dosage["timing"] = {"repeat": repeat}
    if adm.route:
        dosage["route"] = concept("routes", adm.route_text or adm.route, adm.route)
    if adm.dose.value is not None or adm.dose.is_range:  # no dose read (one per age band): none is written
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
    basis = DOSE_BASIS.get(adm.dose.unit) if adm.dose.value is not None or adm.dose.is_range else None
    if adm.dose.unit == AUC_UNIT and not adm.dose.is_range:
        expr = _capped(f"{adm.dose.value} * (%glomerularFiltrationRate + 25)", adm)
        resource["dynamicValue"] = [
            {"path": "dosage[0].doseAndRate[0].doseQuantity.value",
             "expression": {"description": f"absolute dose (Calvert formula): AUC {adm.dose.value} x (the patient's "
                                           "glomerular filtration rate in mL/min + 25), in mg"
                                           + (f", at most {adm.cap.value} {adm.cap.unit}" if adm.cap else ""),
                            "language": "text/fhirpath", "expression": expr}},
            {"path": "dosage[0].doseAndRate[0].doseQuantity.unit",
             "expression": {"language": "text/fhirpath", "expression": "'mg'"}},
            {"path": "dosage[0].doseAndRate[0].doseQuantity.code",
             "expression": {"language": "text/fhirpath", "expression": "'mg'"}},
        ]
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
