"""PlanDefinition: the regimen, its cycle phases (KDN5 shape) and its supportive actions."""
from __future__ import annotations

from ..model import Condition, CyclePhase, Regimen, SupportiveAction
from . import narrative as N
from .common import (DAYS_OF_CYCLE, MapContext, canonical_meta, computable_name, concept,
                     number, percent_value, quantity)

USAGE_CONTEXT = "http://terminology.hl7.org/CodeSystem/usage-context-type"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
GOAL_PRIORITY = "http://terminology.hl7.org/CodeSystem/goal-priority"


def condition(cond: Condition) -> dict:
    """An applicability condition: a named expression a CDS engine binds, with the page's words."""
    expr: dict = {"description": cond.text or cond.key}
    if cond.threshold is not None and cond.key == "high-wbc":
        t = cond.threshold
        expr["language"] = "text/fhirpath"
        expr["expression"] = f"%whiteBloodCellCount {t.comparator or '>'} {number(t.value)} '{t.unit}'"
    else:
        expr["language"] = "text/cql-identifier"
        expr["expression"] = cond.expression or cond.key
    return {"kind": cond.kind, "expression": expr}


def days_of_cycle(days: list[int]) -> dict:
    return {"url": DAYS_OF_CYCLE, "extension": [{"url": "day", "valueInteger": d} for d in days]}


def cycle_timing(phase: CyclePhase) -> dict:
    repeat: dict = {}
    if phase.count is not None:
        repeat["count"] = phase.count
    if phase.count_max is not None:
        repeat["countMax"] = phase.count_max
    if phase.length is not None:
        repeat["duration"] = number(phase.length.value)
        repeat["durationUnit"] = phase.length.unit
    return {"repeat": repeat}


def phase_summary(phase: CyclePhase) -> str:
    if phase.supportive:
        return "medicines taken alongside the treatment, on the timing each dose line states"
    unit_word = {"d": "day", "wk": "week", "mo": "month"}.get(phase.length.unit, phase.length.unit) if phase.length else ""
    length = f"{phase.length.value}-{unit_word} cycle" if phase.length else "cycle"
    if phase.count is None and phase.count_max is None:
        return f"{length}s, number of cycles not stated"
    if phase.count_max:
        count = f"{phase.count} to {phase.count_max} cycles" if phase.count != phase.count_max else f"{phase.count} cycles"
    else:
        count = f"{phase.count} cycle" + ("s" if (phase.count or 0) > 1 else "")
    return f"{length}, {count}"


def supportive_action(s: SupportiveAction, idx: int, drug_action_ids: list[str], first_phase_id: str | None,
                      ctx: MapContext, action_drugs: dict[str, str] | None = None) -> dict | None:
    v = ctx.version
    if s.kind == "premedication":
        # timed against the doses of the drugs the page names ('before each rituximab drip'), else every drug's dose
        named = {d.lower() for d in s.before}
        timed = [a for a in drug_action_ids if (action_drugs or {}).get(a, "").lower() in named] or drug_action_ids
        out = {
            "id": "premedication", "title": "Premedication" if s.required else "Premedication (optional)",
            "textEquivalent": s.text,
            # the page says it is given ('you will be given'): must; offered ('may be given') or unsaid: could
            "requiredBehavior": "must" if s.required else "could", "selectionBehavior": "any",
            "relatedAction": [v.related_action(a, "before-start") for a in timed],
        }
        if s.drugs:  # 'anti-sickness medicine and an antihistamine': no drug named, the words only (no empty array)
            out["action"] = [{"id": f"premedication-{i + 1}", "title": d, **v.action_code(concept("drugs", d))}
                             for i, d in enumerate(s.drugs)]
        return out
    if s.kind == "cytoreduction":
        out = {
            "id": "cytoreduction", "title": "Cytoreduction before the first dose (when the white count is high)",
            "textEquivalent": s.text, "requiredBehavior": "could", "selectionBehavior": "any",
        }
        if s.condition:
            out["condition"] = [condition(s.condition)]
        if first_phase_id:
            out["relatedAction"] = [v.related_action(first_phase_id, "before-start")]
        out["action"] = [{"id": f"cytoreduction-{i + 1}", "title": d, **v.action_code(concept("drugs", d))}
                         for i, d in enumerate(s.drugs)]
        return out
    if s.kind == "observation" and s.duration is not None:
        return {
            "id": "post-infusion-observation", "title": "Observation after each infusion", "textEquivalent": s.text,
            "requiredBehavior": "must-unless-documented",
            "relatedAction": [v.related_action(a, "after-end") for a in drug_action_ids],
            "timingDuration": quantity(s.duration),
        }
    return None


def plan_definition(regimen: Regimen, rid: str, version: str, date: str | None, publisher: str,
                    activity_urls: dict, monitoring_urls: list[tuple], glossary_url: str | None,
                    ctx: MapContext) -> dict:
    """`activity_urls`: administration key -> versioned canonical; `monitoring_urls`: (item, canonical)."""
    from .activitydefinition import administration_key, dose_label  # one direction: PD uses AD keys

    v = ctx.version
    phases_json = []
    drug_action_ids: list[str] = []
    action_drugs: dict[str, str] = {}  # drug action id -> its drug, for actions timed against one drug's doses
    narrative_rows = []
    for p_idx, phase in enumerate(regimen.phases):
        children = []
        for a_idx, adm in enumerate(phase.administrations):
            aid = f"{phase.key}-drug-{a_idx + 1}"
            drug_action_ids.append(aid)
            action_drugs[aid] = adm.drug
            child = {
                "extension": [days_of_cycle(adm.days)] if adm.days else [],
                "id": aid,
                "title": dose_label(adm),
                "textEquivalent": adm.text,
                "definitionCanonical": activity_urls[administration_key(adm)],
            }
            if not child["extension"]:
                del child["extension"]
            children.append(child)
            narrative_rows.append([phase.label, phase_summary(phase), dose_label(adm),
                                   ", ".join(str(d) for d in adm.days)])
        action: dict = {"id": phase.key, "title": phase.label}
        action["description"] = phase_summary(phase) + (f". {phase.stop_rule}" if phase.stop_rule else "")
        if phase.text:  # an empty string is not a valid FHIR string
            action["textEquivalent"] = phase.text
        if phase.conditions:
            action["condition"] = [condition(c) for c in phase.conditions]
        if p_idx > 0 and phase.supportive:
            # taken alongside the treatment, on its own timing: it starts with the treatment, not after a phase
            action["relatedAction"] = [v.related_action(regimen.phases[0].key, "concurrent-with-start")]
        elif p_idx > 0 and not phase.alternative:
            action["relatedAction"] = [v.related_action(phase.after or regimen.phases[0].key, "after-end")]
        timing = cycle_timing(phase)
        if timing["repeat"]:  # a page that states nothing about cycles gets no empty element (ele-1)
            action["timingTiming"] = timing
        action["groupingBehavior"] = "logical-group"
        action["selectionBehavior"] = "all"
        action["action"] = children
        phases_json.append(action)

    alternatives = any(c.kind == "applicability" for p in regimen.phases for c in p.conditions) and all(p.after is None for p in regimen.phases)
    schedules = len(regimen.phases) > 1 and all(p.alternative for p in regimen.phases)
    actions = [{
        "id": "treatment", "title": "Treatment cycles",
        "description": ("Exactly one of the schedules the page offers side by side."
                        if schedules else
                        "Cycle 1 first, then exactly one of the later-cycle options, chosen by its conditions."
                        if alternatives else "The phases in order, each after the one before."),
        "groupingBehavior": "logical-group", "selectionBehavior": "exactly-one" if schedules else "all",
        "action": phases_json,
    }] if phases_json else []

    labs = [(item, url) for item, url in monitoring_urls if item.schedule == "before-each-treatment"]
    if labs:
        actions.append({
            "id": "monitoring-before-each-treatment", "title": "Labs before each treatment",
            "textEquivalent": labs[0][0].schedule_text or None,
            "relatedAction": [v.related_action(a, "before-start") for a in drug_action_ids],
            "groupingBehavior": "logical-group", "selectionBehavior": "all",
            "action": [{"id": f"lab-{i + 1}", "title": item.name, "definitionCanonical": url}
                       for i, (item, url) in enumerate(labs)],
        })
        if not actions[-1]["textEquivalent"]:
            del actions[-1]["textEquivalent"]
    for i, (item, url) in enumerate(m for m in monitoring_urls if m[0].schedule != "before-each-treatment"):
        act: dict = {"id": f"monitoring-{item.kind}-{i + 1}", "title": item.name}
        if item.schedule_text:
            act["textEquivalent"] = item.schedule_text
        if item.schedule in ("baseline", "baseline-and-periodic"):
            act["timingTiming"] = {"code": {"text": "before the first dose" + (
                " and periodically during treatment" if item.schedule == "baseline-and-periodic" else "")}}
            if regimen.phases:
                act["relatedAction"] = [v.related_action(regimen.phases[0].key, "before-start")]
        if item.condition:
            act["condition"] = [condition(item.condition)]
            act["requiredBehavior"] = "could"
        act["definitionCanonical"] = url
        actions.append(act)
    first_phase = regimen.phases[0].key if regimen.phases else None
    for idx, s in enumerate(regimen.supportive):
        act = supportive_action(s, idx, drug_action_ids, first_phase, ctx, action_drugs)
        if act:
            actions.append(act)

    indication = regimen.indications[0] if regimen.indications else None
    use_context = []
    if indication:
        use_context.append({"code": {"system": USAGE_CONTEXT, "code": "focus"},
                            "valueCodeableConcept": concept("conditions", indication.name)})
        if indication.status:
            use_context.append({"code": {"system": USAGE_CONTEXT, "code": "focus"},
                                "valueCodeableConcept": {"text": indication.status}})
    for s in regimen.supportive:
        if s.kind == "setting":
            use_context.append({"code": {"system": USAGE_CONTEXT, "code": "venue"},
                                "valueCodeableConcept": {"text": s.text}})

    related = [{"type": "citation", "citation": r.citation} for r in regimen.references]
    if regimen.source.canonical_url:
        related.append(v.related_artifact_link("derived-from", f"Source page {regimen.source.file}",
                                               regimen.source.canonical_url))
    for d in regimen.drugs:
        if d.label_link:
            related.append(v.related_artifact_link("documentation", f"Package insert: {d.name}", d.label_link))

    goals = []
    for g in regimen.goals:
        desc = {"text": g.key.capitalize()}
        if g.glossary_key and glossary_url:
            desc["coding"] = [{"system": glossary_url, "code": g.glossary_key, "display": g.key.capitalize()}]
        goal = {"description": desc}
        goal["priority"] = {"coding": [{"system": GOAL_PRIORITY,
                                        "code": "low-priority" if g.qualifier else "high-priority"}],
                            "text": (g.qualifier + " " + g.key) if g.qualifier else g.key}
        if indication:
            goal["addresses"] = [concept("conditions", indication.name)]
        goal["documentation"] = [{"type": "documentation", "display": g.text}]
        goals.append(goal)

    extensions = []
    if regimen.discontinuation:
        value = percent_value(regimen.discontinuation)
        if value:
            extensions.append({"url": ctx.extension("discontinuation-rate"), **value})

    description = f"{regimen.title}: a treatment regimen"
    if indication:
        description += f" for {indication.name}"
        if indication.status:
            description += f" ({indication.status})"
    description += "."
    resource = {
        "resourceType": "PlanDefinition",
        "id": rid,
        "meta": {"profile": [ctx.profile("RegimenPlanDefinition")]},
        "text": N.narrative(
            N.heading(regimen.title),
            N.p(description),
            N.table(["Phase", "Cycles", "Dose", "Days of cycle"], narrative_rows) if narrative_rows else "",
        ),
    }
    if extensions:
        resource["extension"] = extensions
    resource.update(canonical_meta(ctx, "PlanDefinition", rid, version, computable_name(regimen.title),
                                   regimen.title, date, publisher, description))
    resource["type"] = {"coding": [{"system": PLAN_TYPE, "code": "order-set", "display": "Order Set"}]}
    if use_context:
        resource["useContext"] = use_context
    if regimen.mechanism:
        resource["purpose"] = regimen.mechanism
    if related:
        resource["relatedArtifact"] = related
    if goals:
        resource["goal"] = goals
    resource["action"] = actions
    return resource
