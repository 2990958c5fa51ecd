"""Map stage: model records in, FHIR JSON-shaped dicts out. Pure functions; no HTML, no I/O.

`map_regimen` wires the per-type mappers together: it decides ids, canonical
URLs and fullUrls, so that every reference between the resources agrees.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import GlossaryTerm, Regimen
from .activitydefinition import (administration_key, medication_activity, medication_activity_id,
                                 monitoring_activity, monitoring_activity_id)
from .clinicalusedefinition import adverse_event_frequency, regimen_warning, side_effect_id, warning_id
from .codesystem import glossary_codesystem, glossary_url
from .common import MapContext, full_url, make_id
from .medicationknowledge import medication_knowledge
from .plandefinition import plan_definition
from .provenance import provenance, provenance_id

__all__ = ["MapContext", "Mapped", "map_regimen", "merge_glossary"]


@dataclass(frozen=True)
class Mapped:
    full_url: str
    resource: dict


def regimen_id(regimen: Regimen) -> str:
    return make_id(regimen.title)


def regimen_version(regimen: Regimen) -> str:
    day = regimen.dates.updated or regimen.dates.created
    return day.isoformat() if day else "sha256-" + regimen.source.sha256[:12]


def regimen_date(regimen: Regimen) -> str | None:
    """The date of the content (PlanDefinition.date: when it last changed): the page's update or review date;
    a page that states only when it was written or published has not changed since, as far as it says."""
    day = regimen.dates.updated or regimen.dates.created
    return day.isoformat() if day else None


def publisher(regimen: Regimen, ctx: MapContext) -> str:
    return ctx.publisher or regimen.source.site_name or "regimen-fhir"


def merge_glossary(*term_lists: list[GlossaryTerm]) -> tuple[list[GlossaryTerm], list[str]]:
    """One term per key; the first list wins (pass the glossary pages first). Returns conflicts too."""
    merged: dict[str, GlossaryTerm] = {}
    conflicts = []
    for terms in term_lists:
        for t in terms:
            if t.key not in merged:
                merged[t.key] = t
            elif merged[t.key].definition != t.definition:
                conflicts.append(t.key)
    return [merged[k] for k in sorted(merged)], conflicts


def _canonical_identity(resource: dict) -> str:
    if "url" in resource:
        return f"{resource['url']}|{resource.get('version', '')}"
    return resource["id"]


def _entry(resource: dict) -> Mapped:
    return Mapped(full_url(resource["resourceType"], _canonical_identity(resource)), resource)


def map_regimen(regimen: Regimen, glossary: list[GlossaryTerm], ctx: MapContext) -> list[Mapped]:
    rid = regimen_id(regimen)
    version = regimen_version(regimen)
    date = regimen_date(regimen)
    pub = publisher(regimen, ctx)
    terms = {t.key: t for t in glossary}
    gl_url = glossary_url(ctx) if glossary else None

    activities: dict[tuple, Mapped] = {}
    for phase in regimen.phases:
        for adm in phase.administrations:
            key = administration_key(adm)
            if key not in activities:
                aid = medication_activity_id(rid, adm)
                activities[key] = _entry(medication_activity(regimen, adm, aid, version, date, pub, ctx))
    activity_urls = {k: f"{m.resource['url']}|{m.resource['version']}" for k, m in activities.items()}

    monitors: list[Mapped] = []
    monitoring_urls = []
    seen_ids: set[str] = set()
    for item in regimen.monitoring:
        mid = monitoring_activity_id(rid, item)
        if mid in seen_ids:
            continue
        seen_ids.add(mid)
        m = _entry(monitoring_activity(regimen, item, mid, version, date, pub, terms, gl_url, ctx))
        monitors.append(m)
        monitoring_urls.append((item, f"{m.resource['url']}|{m.resource['version']}"))

    plan = _entry(plan_definition(regimen, rid, version, date, pub, activity_urls, monitoring_urls, gl_url, ctx))

    effects = [_entry(adverse_event_frequency(regimen, e, side_effect_id(rid, e), plan.full_url, ctx))
               for e in regimen.side_effects]

    warnings: list[Mapped] = []
    knowledge: list[Mapped] = []
    for drug in regimen.drugs:
        subjects = [(m.full_url, m.resource["title"]) for k, m in activities.items() if k[0] == drug.name.lower()]
        subjects = subjects or [(plan.full_url, regimen.title)]
        drug_warnings = [_entry(regimen_warning(drug.name, w, warning_id(rid, drug.name, w), subjects, ctx))
                         for w in drug.warnings]
        warnings.extend(drug_warnings)
        knowledge.append(_entry(medication_knowledge(regimen, rid, drug, ctx, [w.full_url for w in drug_warnings])))

    out = [plan, *activities.values(), *monitors, *knowledge, *warnings, *effects]
    if glossary:
        out.append(_entry(glossary_codesystem(glossary, ctx, pub)))
    prov = provenance(regimen, provenance_id(rid), [m.full_url for m in out], ctx)
    out.append(_entry(prov))
    return out
