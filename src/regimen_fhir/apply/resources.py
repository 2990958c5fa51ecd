"""A Schedule as FHIR, in the version of the regimen bundle (versions.py knows the differences):
CarePlan + RequestGroup (R5: RequestOrchestration) + one MedicationRequest per dose + one
ServiceRequest per lab before each treatment day, and Observations recording the measures used.

Every request is status `draft`, intent `plan`: a proposal for a clinician to check and sign,
not an order. Ids and fullUrls are derived from the inputs, so the same inputs give the same bytes.
"""
from __future__ import annotations

import csv
import hashlib
import uuid
from datetime import date
from decimal import Decimal
from importlib import resources as pkg_resources

from ..map import narrative as N
from ..map.common import number
from .dose import fmt
from .schedule import Schedule

UCUM = "http://unitsofmeasure.org"
DOSE_RATE_TYPE = "http://terminology.hl7.org/CodeSystem/dose-rate-type"
NAMESPACE = uuid.UUID("0d6b7b1e-6a55-4b8e-9a43-2f0c1b9e7a11")
ROUNDING_RULE = ("Absolute doses are rounded half-up to 3 significant figures and never above the regimen's "
                 "maximum per administration.")


def _measure_codes() -> dict[str, dict]:
    text = pkg_resources.files(__package__).joinpath("measures.csv").read_text(encoding="utf-8")
    return {r["key"]: r for r in csv.DictReader(text.splitlines())}


MEASURES = _measure_codes()


def _num(d: Decimal) -> int | float:
    return number(d.normalize()) if d == d.to_integral_value() else float(fmt(d))


def _qty(value: Decimal, unit: str) -> dict:
    return {"value": _num(value), "unit": unit, "system": UCUM, "code": unit}


def plan_key(schedule: Schedule, patient: str | None) -> str:
    s = schedule
    parts = [s.regimen.canonical, s.start.isoformat(), str(s.body.bsa), str(s.body.height), str(s.body.weight),
             str(s.facts.response), str(s.facts.transplant), str(s.facts.cycles), patient or ""]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


class _Ids:
    def __init__(self, key: str):
        self.key = key

    def id(self, *parts: str) -> str:
        return "-".join(("apply", self.key) + parts)[:64]

    @staticmethod
    def full_url(rid: str) -> str:
        return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, rid))


def build_apply_bundle(schedule: Schedule, patient: str | None) -> dict:
    s = schedule
    v = s.regimen.version
    ids = _Ids(plan_key(s, patient))
    subject = {"reference": patient} if patient else {"display": "Patient not named (use --patient)"}
    entries: list[dict] = []

    def add(resource: dict) -> dict:
        resource.setdefault("text", _summary(resource))
        ref = {"reference": ids.full_url(resource["id"])}
        entries.append({"fullUrl": ref["reference"], "resource": resource})
        return ref

    careplan_id = ids.id("careplan")
    careplan_ref = {"reference": ids.full_url(careplan_id)}

    # the measures used, recorded as Observations
    obs_refs: dict[str, dict] = {}
    for key, value in (("height", s.body.height), ("weight", s.body.weight)):
        if value is not None:
            obs_refs[key] = add(_observation(ids.id(key), key, value, subject))
    if s.body.bsa is not None:
        bsa = _observation(ids.id("bsa"), "bsa", s.body.bsa, subject)
        if s.body.bsa_method == "Mosteller":
            bsa["method"] = {"text": "Mosteller formula: sqrt(height [cm] x weight [kg] / 3600), "
                                     "rounded half-up to 0.01 m2"}
            bsa["derivedFrom"] = [obs_refs["height"], obs_refs["weight"]]
        else:
            bsa["method"] = {"text": "as given by the user"}
        obs_refs["bsa"] = add(bsa)

    observation_note = None
    if s.regimen.observation_after:
        d = s.regimen.observation_after
        observation_note = f"Observe the patient for {d.get('value')} {d.get('unit')} after the infusion."

    # one MedicationRequest per dose, labs (ServiceRequests) before each treatment day
    rg_cycles = []
    lab_dates = set()
    labs = s.regimen.labs_before_each_dose
    for cycle in s.cycles:
        day_actions: dict[date, dict] = {}
        for n, event in enumerate(cycle.doses, 1):
            when = event.date.isoformat()
            group = day_actions.get(event.date)
            if group is None:
                group = {"id": f"c{cycle.number}-d{event.day}", "title": f"Cycle {cycle.number} day {event.day}",
                         "timingDateTime": when, "groupingBehavior": "logical-group", "selectionBehavior": "all",
                         "action": []}
                day_actions[event.date] = group
                if labs and event.drug.action_id in s.regimen.lab_targets and event.date not in lab_dates:
                    lab_dates.add(event.date)
                    for li, lab in enumerate(labs, 1):
                        sr_id = ids.id(f"c{cycle.number}", f"d{event.day}", f"lab{li}")
                        sr_ref = add(_service_request(v, sr_id, lab.activity, lab.canonical, when, subject,
                                                      careplan_ref, f"Before the treatment of cycle {cycle.number} "
                                                                    f"day {event.day}."))
                        group["action"].append({"id": f"c{cycle.number}-d{event.day}-lab{li}",
                                                "title": lab.title, "timingDateTime": when,
                                                "resource": sr_ref})
            mr_id = ids.id(f"c{cycle.number}", f"d{event.day}", f"dose{n}")
            size = s.body.bsa if event.dose.basis == "bsa" else s.body.weight
            mr = _medication_request(v, mr_id, event, when, subject, careplan_ref, size,
                                     obs_refs.get("bsa" if event.dose.basis == "bsa" else "weight"),
                                     observation_note if event.drug.action_id in s.regimen.observation_targets else None)
            mr_ref = add(mr)
            dose_action_id = f"c{cycle.number}-d{event.day}-dose{n}"
            for a in group["action"]:
                if "-lab" in a["id"] and "relatedAction" not in a:
                    a["relatedAction"] = [v.related_action(dose_action_id, "before-start")]
            group["action"].append({"id": dose_action_id, "title": f"{_drug_name(event.drug.activity)} "
                                                                 f"{fmt(event.dose.value)} {event.dose.unit}",
                                    "timingDateTime": when, **v.action_definition(event.drug.canonical),
                                    "resource": mr_ref})
        rg_cycles.append({
            "id": f"cycle-{cycle.number}",
            "title": f"Cycle {cycle.number}: {cycle.phase.title}",
            "description": f"{cycle.phase.cycle_days}-day cycle from {cycle.start.isoformat()} to "
                           f"{cycle.end.isoformat()} (PlanDefinition action '{cycle.phase.action_id}')",
            "timingPeriod": {"start": cycle.start.isoformat(), "end": cycle.end.isoformat()},
            "groupingBehavior": "logical-group", "selectionBehavior": "all",
            "action": list(day_actions.values()),
        })
        if cycle.number > 1:
            rg_cycles[-1]["relatedAction"] = [v.related_action(f"cycle-{cycle.number - 1}", "after-end")]

    baseline_actions = []
    for bi, mon in enumerate(s.regimen.baseline, 1):
        sr_id = ids.id("baseline", str(bi))
        sr_ref = add(_service_request(v, sr_id, mon.activity, mon.canonical, s.start.isoformat(), subject, careplan_ref,
                                      "Before the first dose."))
        baseline_actions.append({"id": f"baseline-{bi}", "title": mon.title, "timingDateTime": s.start.isoformat(),
                                 "relatedAction": [v.related_action("cycle-1", "before-start")],
                                 "resource": sr_ref})

    rg_id = ids.id("requestgroup")
    requestgroup = {
        "resourceType": v.request_group, "id": rg_id,
        "instantiatesCanonical": [s.regimen.canonical],
        "basedOn": [careplan_ref],
        "status": "draft", "intent": "plan",
        "subject": subject,
        "note": [{"text": ROUNDING_RULE}],
        "action": baseline_actions + rg_cycles,
    }
    rg_ref = add(requestgroup)

    notes = [_measure_note(s), ROUNDING_RULE, _facts_note(s)]
    notes += [f"Not planned: {p}" for p in s.pending]
    notes += s.notices
    notes += s.regimen.notes
    careplan = {
        "resourceType": "CarePlan", "id": careplan_id,
        "text": _narrative(s),
        "instantiatesCanonical": [s.regimen.canonical],
        "status": "draft", "intent": "plan",
        "title": f"{s.regimen.plan.get('title') or s.regimen.plan.get('name')}: treatment plan",
        "description": f"{len(s.cycles)} cycle(s), {len(s.events)} dose(s), from {s.start.isoformat()} to "
                       f"{s.end.isoformat()}, made from the regimen {s.regimen.canonical}.",
        "subject": subject,
        "period": {"start": s.start.isoformat(), "end": s.end.isoformat()},
        "supportingInfo": list(obs_refs.values()),
        "activity": [v.careplan_activity(rg_ref)],
        "note": [{"text": t} for t in notes if t],
    }
    if not careplan["supportingInfo"]:
        del careplan["supportingInfo"]
    entries.insert(0, {"fullUrl": careplan_ref["reference"], "resource": careplan})
    # RequestGroup second, then the rest in creation order
    rg_entry = next(e for e in entries if e["resource"]["id"] == rg_id)
    entries.remove(rg_entry)
    entries.insert(1, rg_entry)
    return {"resourceType": "Bundle", "id": ids.id("bundle"), "type": "collection", "entry": entries}


def _summary(resource: dict) -> dict:
    """A short generated narrative (dom-6) for the request and observation resources."""
    rtype = resource["resourceType"]
    if rtype == "MedicationRequest":
        text = resource["dosageInstruction"][0]["text"]
    elif rtype == "ServiceRequest":
        code = resource.get("code") or (resource.get("code", {}) or {})
        name = code.get("text") or code.get("concept", {}).get("text") or "test"
        text = f"{name} on {resource['occurrenceDateTime']}"
    elif rtype == "Observation":
        q = resource["valueQuantity"]
        text = f"{resource['code']['text']}: {q['value']} {q['unit']}"
    else:
        days = [a for a in resource.get("action", [])]
        text = f"Dated actions of the plan: {len(days)} group(s)"
    return N.narrative(N.p(text))


def _drug_name(activity: dict) -> str:
    product = activity.get("productCodeableConcept") or {}
    return product.get("text") or activity.get("title") or "drug"


def _observation(rid: str, key: str, value: Decimal, subject: dict) -> dict:
    m = MEASURES[key]
    return {"resourceType": "Observation", "id": rid, "status": "final",
            "code": {"coding": [{"system": m["system"], "code": m["code"], "display": m["display"]}],
                     "text": m["display"]},
            "subject": subject, "valueQuantity": _qty(value, m["unit"])}


def _medication_request(v, rid, event, when, subject, careplan_ref, size, size_ref, observation_note) -> dict:
    activity = event.drug.activity
    src = activity["dosage"][0]
    dose = event.dose
    calc = dose.calculation.replace("{size}", fmt(size) if size is not None else "")
    dosage: dict = {"text": f"Cycle {event.cycle} day {event.day}: {calc}"}
    if dose.basis != "flat":
        dosage["text"] += f" ({src.get('text') or activity.get('title')})"
    timing: dict = {"event": [when]}
    repeat = (src.get("timing") or {}).get("repeat")
    if repeat:
        timing["repeat"] = {"count": 1, **{k: v for k, v in repeat.items()
                                          if k in ("duration", "durationMax", "durationUnit")}}
    dosage["timing"] = timing
    if src.get("route"):
        dosage["route"] = src["route"]
    dosage["doseAndRate"] = [{"type": {"coding": [{"system": DOSE_RATE_TYPE, "code": "ordered", "display": "Ordered"}]},
                              "doseQuantity": _qty(dose.value, dose.unit)}]
    if src.get("maxDosePerAdministration"):
        dosage["maxDosePerAdministration"] = src["maxDosePerAdministration"]
    mr = {"resourceType": "MedicationRequest", "id": rid, "status": "draft", "intent": "plan",
          **v.medication(activity.get("productCodeableConcept") or {"text": _drug_name(activity)}),
          "subject": subject}
    if size_ref:
        mr["supportingInformation"] = [size_ref]
    mr.update(v.medication_request_definition(event.drug.canonical))
    mr["basedOn"] = [careplan_ref]
    if observation_note:
        mr["note"] = [{"text": observation_note}]
    mr["dosageInstruction"] = [dosage]
    return mr


def _service_request(v, rid, activity, canonical, when, subject, careplan_ref, note) -> dict:
    return {"resourceType": "ServiceRequest", "id": rid,
            "instantiatesCanonical": [canonical], "basedOn": [careplan_ref],
            "status": "draft", "intent": "plan",
            **v.service_code(activity.get("code") or {"text": activity.get("title", "test")}),
            "subject": subject, "occurrenceDateTime": when, "note": [{"text": note}]}


def _measure_note(s: Schedule) -> str:
    b = s.body
    parts = []
    if b.bsa is not None:
        if b.bsa_method == "Mosteller":
            parts.append(f"Body surface area {fmt(b.bsa)} m2 (Mosteller, from height {fmt(b.height)} cm and "
                         f"weight {fmt(b.weight)} kg)")
        else:
            parts.append(f"Body surface area {fmt(b.bsa)} m2 (as given)")
    if b.weight is not None and b.bsa_method != "Mosteller":
        parts.append(f"weight {fmt(b.weight)} kg")
    return "; ".join(parts) + "." if parts else ""


def _facts_note(s: Schedule) -> str:
    f = s.facts
    response = {"complete": "in complete response", "partial": "in partial response (not complete)",
                "none": "not in complete response", None: "not yet assessed"}
    text = (f"Response: {response[f.response]}; transplant: {'proceeding' if f.transplant else 'not proceeding'}; "
            f"phases: {', '.join(p.action_id for p in s.phases)}")
    if f.cycles is not None:
        text += f"; limited to {f.cycles} cycle(s)"
    return text + "."


def _narrative(s: Schedule) -> dict:
    rows = [[e.date.isoformat(), e.cycle, e.day, _drug_name(e.drug.activity), f"{fmt(e.dose.value)} {e.dose.unit}"]
            for e in s.events]
    return N.narrative(N.heading(f"{s.regimen.plan.get('title', '')}: treatment plan"),
                       N.p(_measure_note(s)), N.p(ROUNDING_RULE),
                       N.table(["Date", "Cycle", "Day", "Drug", "Dose"], rows))
