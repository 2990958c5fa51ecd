"""MedicationKnowledge: the drug, its brand names, route and monitoring; R4B and R5 shapes via `versions`."""
from __future__ import annotations

from ..model import DrugFacts, Regimen
from . import narrative as N
from .activitydefinition import dose_label
from .common import MapContext, concept, make_id


def medication_knowledge_id(regimen_id: str, drug: str) -> str:
    """Scoped to the regimen: what a page says of a drug (routes, dosing, warnings) is that
    regimen's view of it, and two regimens must not overwrite each other's copy on a server."""
    return make_id(regimen_id, "medication", drug)


def regimen_tag(ctx: MapContext, regimen_id: str, title: str) -> dict:
    """meta.tag naming the regimen a resource was written for; R4B MedicationKnowledge has no
    identifier, so conditional updates key on its code plus this tag."""
    return {"system": ctx.system("regimen"), "code": regimen_id, "display": title}


def medication_knowledge(regimen: Regimen, regimen_id: str, drug: DrugFacts, ctx: MapContext,
                         warning_urls: list[str]) -> dict:
    v = ctx.version
    rid = medication_knowledge_id(regimen_id, drug.name)
    routes = list(dict.fromkeys(drug.routes + [a.route for p in regimen.phases for a in p.administrations
                                               if a.drug.lower() == drug.name.lower() and a.route]))
    resource: dict = {
        "resourceType": "MedicationKnowledge",
        "id": rid,
        "meta": {"profile": [ctx.profile("RegimenMedicationKnowledge")],
                 "tag": [regimen_tag(ctx, regimen_id, regimen.title)]},
        "text": N.narrative(
            N.heading(drug.name + (f" ({', '.join(drug.brands)})" if drug.brands else "")),
            N.p("Route: " + ", ".join(routes)) if routes else "",
            N.ul([f"{w.kind}: {w.text}" for w in drug.warnings]),
        ),
        "code": concept("drugs", drug.name),
        "status": "active",
    }
    resource.update(v.drug_names(drug.brands))
    route_concepts = [concept("routes", r) for r in routes]
    programs = [{"type": concept("tests", m.name), "name": m.schedule_text or m.name}
                for m in regimen.monitoring if m.kind == "ecg"]
    indication = concept("conditions", regimen.indications[0].name) if regimen.indications else None
    dosing = []
    for phase in regimen.phases:
        adms = [a for a in phase.administrations if a.drug.lower() == drug.name.lower()]
        if adms:
            dosing.append({"type": {"text": phase.label},
                           "dosage": [{"text": f"{dose_label(a)}, days {', '.join(map(str, a.days))}"} for a in adms]})
    resource.update(v.medication_knowledge_body(route_concepts, programs, warning_urls, indication, dosing))
    return resource
