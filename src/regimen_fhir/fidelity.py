"""Fidelity: do the facts a page states land in the right FHIR elements of its bundle?

A facts file (JSON, one per page) says what the bundle must carry: the title, dates, each cycle phase
(length, count, countMax), each administration (drug, dose, route, days of cycle, infusion time, cap,
frequency), each side effect with its incidence, and the discontinuation rate. Every stated attribute
counts as one fact. The check reads only the FHIR resources (never the intermediate model), so a fact
counts as found only when it sits in the element a FHIR consumer reads:

| fact | element |
| --- | --- |
| title / updated / created | PlanDefinition.title / PlanDefinition.date / Provenance.occurredPeriod.start |
| phase length, count, countMax | PlanDefinition.action(treatment).action.timingTiming.repeat duration(+Unit), count, countMax |
| drug | ActivityDefinition.productCodeableConcept.text (via the child action's definitionCanonical) |
| dose | ActivityDefinition.dosage.doseAndRate.doseQuantity (value + UCUM code) or doseRange |
| route | ActivityDefinition.dosage.route (SNOMED CT code) |
| days | the child action's timing-daysOfCycle extension |
| infusion | ActivityDefinition.dosage.timing.repeat.duration(+durationMax, durationUnit) |
| cap | ActivityDefinition.dosage.maxDosePerAdministration |
| frequency | ActivityDefinition.dosage.timing.repeat frequency / period / periodUnit |
| side effect | ClinicalUseDefinition.undesirableEffect: symptom text + incidence extension or frequencyOfOccurrence |
| discontinuation | PlanDefinition.extension(discontinuation-rate).valueQuantity |

Anything the bundle carries that no fact asks for (an administration or a side effect) is counted as
invented: the target is all facts found and nothing invented.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import terminology
from .map.common import DAYS_OF_CYCLE

_QUALIFIER = re.compile(r"\([^()]*\)")  # "(grade 2 or higher)": a side effect's qualifier, not its name
# "A severe drop in neutrophils" / "severe drop in neutrophils": an article opening an effect's words is no part of the
# fact (facts writers give it or not; the page's words keep it), so the two match
_ARTICLE = re.compile(r"^\s*(?:an?|the)\s+", re.I)
DOSE_ATTRS = ("drug", "dose", "route", "days", "infusion", "cap", "frequency")
PHASE_ATTRS = ("length", "count", "countMax")


@dataclass
class PageFidelity:
    page: str
    expected: int = 0
    found: int = 0
    invented: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def ratio(self) -> float:
        return self.found / self.expected if self.expected else 0.0


def _key(text: str | None) -> str:
    return terminology.match_key(text or "")


def _effect_key(text: str | None) -> str:
    return _key(_ARTICLE.sub("", text or ""))


def _num(v) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def _eq(a, b) -> bool:
    return a is not None and b is not None and _num(a) == _num(b)


_DAYS_IN = {"d": 1, "wk": 7}  # UCUM: a week is exactly 7 days


def _same_length(value, unit, fact_value, fact_unit) -> bool:
    """'6 weeks (42 days)': 42 d and 6 wk are the same cycle length (facts writers give one or the other); a month is
    never turned into days."""
    if unit == fact_unit:
        return _eq(value, fact_value)
    if unit in _DAYS_IN and fact_unit in _DAYS_IN and value is not None and fact_value is not None:
        return _num(value) * _DAYS_IN[unit] == _num(fact_value) * _DAYS_IN[fact_unit]
    return False


class _Bundle:
    def __init__(self, resources: list[dict]):
        self.resources = resources
        self.plan = next(r for r in resources if r["resourceType"] == "PlanDefinition")
        self.by_canonical = {f"{r['url']}|{r.get('version', '')}": r for r in resources if "url" in r}
        self.provenance = next((r for r in resources if r["resourceType"] == "Provenance"), {})
        treatment = next((a for a in self.plan.get("action", []) if a.get("id") == "treatment"), {"action": []})
        self.phases = treatment.get("action", [])
        self.effects = [r for r in resources if r["resourceType"] == "ClinicalUseDefinition"
                        and r.get("type") == "undesirable-effect"]


def _unit_ok(q: dict, unit: str) -> bool:
    return q.get("code", q.get("unit")) == unit


def _dose_ok(ad: dict, fact) -> bool:
    dr = ad["dosage"][0].get("doseAndRate", [{}])[0]
    if isinstance(fact, dict):
        rng = dr.get("doseRange")
        return bool(rng) and _eq(rng["low"]["value"], fact["low"]) and _eq(rng["high"]["value"], fact["high"]) \
            and _unit_ok(rng["low"], fact["unit"])
    q = dr.get("doseQuantity")
    return bool(q) and _eq(q.get("value"), fact[0]) and _unit_ok(q, fact[1])


def _route_ok(ad: dict, route: str) -> bool:
    concept = ad["dosage"][0].get("route", {})
    code = terminology.primary("routes", route)
    codes = {c.get("code") for c in concept.get("coding", [])}
    return (code is not None and code.code in codes) or (code is None and _key(concept.get("text")) == _key(route))


def _repeat(ad: dict) -> dict:
    return ad["dosage"][0].get("timing", {}).get("repeat", {})


def _infusion_ok(ad: dict, fact) -> bool:
    rep = _repeat(ad)
    if isinstance(fact, dict):
        return _eq(rep.get("duration"), fact["low"]) and _eq(rep.get("durationMax"), fact["high"]) \
            and rep.get("durationUnit") == fact["unit"]
    return _eq(rep.get("duration"), fact[0]) and rep.get("durationUnit") == fact[1] and "durationMax" not in rep


def _cap_ok(ad: dict, fact) -> bool:
    q = ad["dosage"][0].get("maxDosePerAdministration")
    return bool(q) and _eq(q.get("value"), fact[0]) and _unit_ok(q, fact[1])


def _frequency_ok(ad: dict, fact) -> bool:
    rep = _repeat(ad)
    return _eq(rep.get("frequency"), fact[0]) and _eq(rep.get("period"), fact[1]) and rep.get("periodUnit") == fact[2]


def _days(action: dict) -> list[int]:
    for ext in action.get("extension", []):
        if ext.get("url") == DAYS_OF_CYCLE:
            return [e["valueInteger"] for e in ext.get("extension", [])]
    return []


def _dose_checks(ad: dict, action: dict, fact: dict) -> dict[str, bool]:
    checks = {
        "drug": _key(ad.get("productCodeableConcept", {}).get("text")) == _key(fact["drug"]),
        "dose": "dose" in fact and _dose_ok(ad, fact["dose"]),
        "route": "route" in fact and _route_ok(ad, fact["route"]),
        "days": "days" in fact and _days(action) == fact["days"],
        "infusion": "infusion" in fact and _infusion_ok(ad, fact["infusion"]),
        "cap": "cap" in fact and _cap_ok(ad, fact["cap"]),
        "frequency": "frequency" in fact and _frequency_ok(ad, fact["frequency"]),
    }
    return {k: v for k, v in checks.items() if k in fact}


def _phase_checks(action: dict, fact: dict) -> dict[str, bool]:
    rep = action.get("timingTiming", {}).get("repeat", {})
    out = {}
    if "length" in fact:
        out["length"] = _same_length(rep.get("duration"), rep.get("durationUnit"), *fact["length"])
    if "count" in fact:  # null: an open-ended phase, which must carry no count
        out["count"] = _eq(rep.get("count"), fact["count"]) if fact["count"] is not None else "count" not in rep
    if "countMax" in fact:
        out["countMax"] = _eq(rep.get("countMax"), fact["countMax"]) if fact["countMax"] is not None \
            else "countMax" not in rep
    return out


def _effect_ok(cud: dict, fact: dict) -> bool:
    ue = cud.get("undesirableEffect", {})
    ext = next((e for e in ue.get("extension", []) if e.get("url", "").endswith("/incidence")), {})
    if "percent" in fact:
        q = ext.get("valueQuantity", {})
        return _eq(q.get("value"), fact["percent"]) and q.get("comparator") == fact.get("comparator")
    if "range" in fact:
        r = ext.get("valueRange", {})
        return bool(r) and _eq(r["low"]["value"], fact["range"][0]) and _eq(r["high"]["value"], fact["range"][1])
    if "ratio" in fact:
        r = ext.get("valueRatio", {})
        return bool(r) and _eq(r["numerator"]["value"], fact["ratio"][0]) and _eq(r["denominator"]["value"], fact["ratio"][1])
    if "category" in fact:
        codes = [c.get("code") for c in ue.get("frequencyOfOccurrence", {}).get("coding", [])]
        return not ext and fact["category"] in codes
    return False


def check(resources: list[dict], facts: dict) -> PageFidelity:
    """Compare one page's bundle resources with its facts."""
    out = PageFidelity(facts.get("page", "?"))
    b = _Bundle(resources)

    def tally(ok: bool, what: str) -> None:
        out.expected += 1
        if ok:
            out.found += 1
        else:
            out.missing.append(what)

    if "title" in facts:
        tally(b.plan.get("title") == facts["title"], f"title {facts['title']!r}")
    dates = facts.get("dates", {})
    if dates.get("updated"):
        tally(b.plan.get("date") == dates["updated"], f"updated {dates['updated']}")
    if dates.get("created"):
        tally(b.provenance.get("occurredPeriod", {}).get("start") == dates["created"], f"created {dates['created']}")
    for pf in facts.get("phases", []):
        action = next((a for a in b.phases if a.get("title") == pf["title"]), None)
        for attr in PHASE_ATTRS:
            if attr in pf:
                ok = action is not None and _phase_checks(action, pf).get(attr, False)
                tally(ok, f"phase {pf['title']!r} {attr}={pf[attr]}")
    used: set[tuple[int, int]] = set()
    for df in facts.get("doses", []):
        best: tuple[int, tuple[int, int] | None, dict[str, bool]] = (-1, None, {})
        for pi, phase in enumerate(b.phases):
            if df.get("phase") and phase.get("title") != df["phase"]:
                continue
            for ci, child in enumerate(phase.get("action", [])):
                if (pi, ci) in used:
                    continue
                ad = b.by_canonical.get(child.get("definitionCanonical", ""))
                if ad is None:
                    continue
                checks = _dose_checks(ad, child, df)
                if not checks.get("drug"):
                    continue
                score = sum(checks.values())
                if score > best[0]:
                    best = (score, (pi, ci), checks)
        if best[1] is not None:
            used.add(best[1])
        for attr in DOSE_ATTRS:
            if attr in df:
                tally(best[2].get(attr, False), f"{df['drug']} ({df.get('phase') or 'any phase'}) {attr}={df[attr]}")
    for pi, phase in enumerate(b.phases):
        for ci, child in enumerate(phase.get("action", [])):
            if (pi, ci) not in used:
                out.invented.append(f"administration {child.get('title')!r} in {phase.get('title')!r}")
    matched: set[int] = set()
    for ef in facts.get("side_effects", []):
        hit = None
        for i, cud in enumerate(b.effects):
            text = cud["undesirableEffect"]["symptomConditionEffect"]["concept"].get("text")
            if i not in matched and _effect_key(ef["term"]) in (_effect_key(text),
                                                                 _effect_key(_QUALIFIER.sub(" ", text or ""))):
                hit = i
                break
        if hit is not None:
            matched.add(hit)
        tally(hit is not None and _effect_ok(b.effects[hit], ef), f"side effect {ef['term']!r} {ef}")
    for i, cud in enumerate(b.effects):
        if i not in matched:
            out.invented.append("side effect " + repr(cud["undesirableEffect"]["symptomConditionEffect"]["concept"].get("text")))
    if facts.get("discontinuation") is not None:
        ext = next((e for e in b.plan.get("extension", []) if e.get("url", "").endswith("/discontinuation-rate")), {})
        tally(_eq(ext.get("valueQuantity", {}).get("value"), facts["discontinuation"]),
              f"discontinuation {facts['discontinuation']}%")
    elif any(e.get("url", "").endswith("/discontinuation-rate") for e in b.plan.get("extension", [])):
        out.invented.append("discontinuation rate")
    return out


def load_facts(folder: Path) -> dict[str, dict]:
    """page file name -> facts, from every *.json in the folder."""
    out = {}
    for f in sorted(folder.glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        out[data["page"]] = data
    return out


def run(pages: list[Path], facts_dir: Path) -> list[PageFidelity]:
    """Parse and map each page that has a facts file (glossary pages first, as the converter does)."""
    from . import parse
    from .errors import PageError
    from .map import MapContext, map_regimen, merge_glossary
    from .model import GlossaryPage, Regimen

    facts = load_facts(facts_dir)
    models = {}
    results = []
    for path in pages:
        try:
            models[path] = parse.parse_file(path)
        except PageError as exc:
            if path.name in facts:
                results.append(PageFidelity(path.name, expected=1, error=exc.message))
    glossary, _ = merge_glossary(*[m.terms for m in models.values() if isinstance(m, GlossaryPage)],
                                 *[m.glossary for m in models.values() if isinstance(m, Regimen)])
    ctx = MapContext()
    for path, model in models.items():
        if not isinstance(model, Regimen) or path.name not in facts:
            continue
        resources = [m.resource for m in map_regimen(model, glossary, ctx)]
        results.append(check(resources, facts[path.name]))
    return sorted(results, key=lambda r: r.page)


def table(results: list[PageFidelity]) -> str:
    """The fidelity table as Markdown: one row per page and a total."""
    lines = ["| page | facts expected | found | invented | fidelity |", "| --- | ---: | ---: | ---: | ---: |"]
    for r in results:
        note = f" ({r.error})" if r.error else ""
        lines.append(f"| {r.page}{note} | {r.expected} | {r.found} | {len(r.invented)} | {100 * r.ratio:.1f} % |")
    exp = sum(r.expected for r in results)
    found = sum(r.found for r in results)
    inv = sum(len(r.invented) for r in results)
    lines.append(f"| **all {len(results)} pages** | {exp} | {found} | {inv} | {100 * found / exp if exp else 0:.1f} % |")
    return "\n".join(lines)
