"""ClinicalUseDefinition: one per side effect (AdverseEventFrequency) and one per label warning (RegimenWarning)."""
from __future__ import annotations

from decimal import Decimal

from ..model import Percent, Regimen, SideEffect, Warning
from . import narrative as N
from .common import CQF_CITATION, MapContext, concept, make_id, percent_value, quantity

FREQUENCY_SYSTEM = "http://hl7.org/fhir/undesirable-effect-frequency"
GENDER = "http://hl7.org/fhir/administrative-gender"
CATEGORY_WORDS = {"very common": "Common", "common": "Common", "less common": "Uncommon", "uncommon": "Uncommon",
                  "rare": "Rare", "very rare": "Rare"}


def frequency_code(pct: Percent) -> str | None:
    """The documented % -> category rule (CIOMS / EU SmPC bands, folded into the three FHIR codes):
    >= 1 % Common (includes 'very common'), 0.1 % to < 1 % Uncommon, < 0.1 % Rare.
    A word the page gives beside its figure ('Uncommon (up to 1 in 100 people)') is the category, as stated.
    Otherwise a range takes its upper end and an upper bound its value, both exclusive, as the bands are
    written: 'up to 1 in 100' and 'between 1 in 1,000 and 1 in 100' are uncommon, 'up to 1 in 10' common.
    '1 in 3' takes 1/3; a lone word maps by CATEGORY_WORDS."""
    stated = CATEGORY_WORDS.get((pct.category_word or "").lower())
    if stated:
        return stated
    value, exclusive = pct.value, pct.comparator in ("<", "<=")
    if value is None and pct.high is not None:
        value, exclusive = pct.high, True
    if value is None and pct.is_ratio and pct.denominator:
        value = Decimal(100) * pct.numerator / pct.denominator  # only to pick the band; the ratio is what is kept
    if value is None:
        return None
    if value > Decimal("1") or (value == Decimal("1") and not exclusive):
        return "Common"
    if value > Decimal("0.1") or (value == Decimal("0.1") and not exclusive):
        return "Uncommon"
    return "Rare"


def _identifier(ctx: MapContext, rid: str) -> list[dict]:
    return [{"system": ctx.system("clinical-use-definition"), "value": rid}]


def side_effect_id(regimen_id: str, effect: SideEffect) -> str:
    return make_id(regimen_id, "ae", effect.wording)


def adverse_event_frequency(regimen: Regimen, effect: SideEffect, rid: str, plan_ref: str, ctx: MapContext) -> dict:
    symptom = concept("conditions", effect.wording, effect.term)
    ue: dict = {}
    value = percent_value(effect.incidence)
    if value:
        ue["extension"] = [{"url": ctx.extension("incidence"), **value}]
    ue["symptomConditionEffect"] = {"concept": symptom}
    code = frequency_code(effect.incidence)
    if code:
        ue["frequencyOfOccurrence"] = {"coding": [{"system": FREQUENCY_SYSTEM, "code": code, "display": code}],
                                       "text": effect.incidence.text.strip("()") or code}
    resource = {
        "resourceType": "ClinicalUseDefinition",
        "id": rid,
        "meta": {"profile": [ctx.profile("AdverseEventFrequency")]},
        "text": N.narrative(N.p(f"{effect.wording}: {effect.incidence.text.strip('()')} of patients ({code or 'no category'})")),
    }
    if regimen.references:
        resource["extension"] = [{"url": CQF_CITATION, "valueString": r.citation} for r in regimen.references]
    resource.update({
        "identifier": _identifier(ctx, rid),
        "type": "undesirable-effect",
        "subject": [{"reference": plan_ref, "display": regimen.title}],
        **ctx.version.clinical_use_status(),
        "undesirableEffect": ue,
    })
    return resource


def warning_id(regimen_id: str, drug: str, warning: Warning) -> str:
    return make_id(regimen_id, "warning", drug, warning.key)


def regimen_warning(drug: str, warning: Warning, rid: str, subject_refs: list[tuple[str, str]], ctx: MapContext) -> dict:
    resource: dict = {
        "resourceType": "ClinicalUseDefinition",
        "id": rid,
        "meta": {"profile": [ctx.profile("RegimenWarning")]},
        "text": N.narrative(N.heading(f"{drug}: {warning.term or warning.key}"), N.p(warning.text)),
    }
    periods = [{
        "url": ctx.extension("warning-period"),
        "extension": ([{"url": "population", "valueCoding": {"system": GENDER, "code": p.who}}] if p.who in ("female", "male") else [])
        + [{"url": "duration", "valueDuration": quantity(p.duration)}, {"url": "after", "valueString": p.after}],
    } for p in warning.periods]
    if periods:
        resource["extension"] = periods
    resource.update({
        "identifier": _identifier(ctx, rid),
        "type": warning.kind,
        "subject": [{"reference": ref, "display": display} for ref, display in subject_refs],
        **ctx.version.clinical_use_status(),
    })
    term = concept("conditions", warning.term) if warning.term else None
    if warning.kind == "contraindication":
        resource["contraindication"] = {"diseaseSymptomProcedure": {"concept": term or {"text": warning.text}}}
    elif warning.kind == "interaction":
        interaction: dict = {"interactant": [{"itemCodeableConcept": {"text": warning.interactant or warning.text}}]}
        if term:
            interaction["effect"] = {"concept": term}
        resource["interaction"] = interaction
    else:
        w: dict = {"description": warning.text}
        if term:
            w["code"] = term
        resource["warning"] = w
    return resource
