"""Which terms a parsed page uses, and the code each got from the tables (or none).

It reads the intermediate model only (never HTML), so the `terms` command,
the conversion report and the coverage figures all see the same terms the
mappers code.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Amount, GlossaryPage, Location, Regimen
from . import SYSTEM_NAMES, Code, lookup

# What each kind of term is expected to be coded with (for the coverage figures).
EXPECTED = {
    "drug": ("rxnorm", "atc", "ncit"),
    "indication": ("snomed",),
    "side effect": ("snomed",),
    "route": ("snomed",),
    "lab": ("loinc",),
    "test": ("loinc", "snomed"),
    "unit": ("ucum",),
}
ORDER = tuple(EXPECTED)
TABLE = {"drug": "drugs", "indication": "conditions", "side effect": "conditions", "route": "routes",
         "lab": "tests", "test": "tests", "unit": "units"}


@dataclass(frozen=True)
class TermUse:
    kind: str  # one of ORDER
    text: str  # the page's wording
    codes: tuple[Code, ...]
    location: Location | None = None

    @property
    def primary(self) -> Code | None:
        return self.codes[0] if self.codes else None

    @property
    def coded_as_expected(self) -> bool:
        return any(SYSTEM_NAMES.get(c.system) in EXPECTED[self.kind] for c in self.codes)


def _use(kind: str, text: str | None, location: Location | None, *alternatives: str | None) -> TermUse | None:
    if not text or not text.strip():
        return None
    codes = lookup(TABLE[kind], text)
    for alt in alternatives:
        if codes:
            break
        codes = lookup(TABLE[kind], alt)
    return TermUse(kind, text.strip(), codes, location)


def _units(amounts: list[tuple[Amount | None, Location | None]]) -> list[TermUse]:
    return [u for a, loc in amounts if a is not None for u in [_use("unit", a.unit, loc)] if u]


def term_uses(model: Regimen | GlossaryPage) -> list[TermUse]:
    """Every term of the kinds in ORDER that the page uses, in page order within each kind."""
    out: list[TermUse | None] = []
    glossary = model.glossary if isinstance(model, Regimen) else model.terms
    if isinstance(model, Regimen):
        r = model
        out += [_use("indication", i.name, i.location) for i in r.indications]
        amounts: list[tuple[Amount | None, Location | None]] = []
        for phase in r.phases:
            amounts.append((phase.length, phase.location))
            amounts += [(c.threshold, phase.location) for c in phase.conditions]
            for adm in phase.administrations:
                out.append(_use("drug", adm.drug, adm.location))
                out.append(_use("route", adm.route_text or adm.route, adm.location, adm.route))
                amounts += [(adm.dose, adm.location), (adm.infusion, adm.location), (adm.cap, adm.location)]
        for s in r.supportive:
            out += [_use("drug", d, s.location) for d in s.drugs]
            amounts += [(s.duration, s.location), (s.condition.threshold if s.condition else None, s.location)]
        for d in r.drugs:
            out.append(_use("drug", d.name, None))
            out += [_use("drug", b, None) for b in d.brands]
            out += [_use("route", rt, None) for rt in d.routes]
            amounts += [(p.duration, w.location) for w in d.warnings for p in w.periods]
        for m in r.monitoring:
            out.append(_use("lab" if m.kind == "lab" else "test", m.name, m.location))
            amounts.append((m.condition.threshold if m.condition else None, m.location))
        for e in r.side_effects:
            out.append(_use("side effect", e.wording, e.location, e.term))
        if r.side_effects or r.discontinuation:
            out.append(TermUse("unit", "%", lookup("units", "%"), None))
        out += _units(amounts)
    for g in glossary:
        out += [_use("lab", c, g.location) for c in g.components]
        out += [_use("drug", d, g.location) for d in g.mentions]
        out += _units([(a, g.location) for _, a in g.thresholds])
    uses = [u for u in out if u is not None]
    return sorted(uses, key=lambda u: ORDER.index(u.kind))  # stable: page order within a kind


def distinct(uses: list[TermUse]) -> list[TermUse]:
    """One use per (kind, wording), first occurrence kept."""
    seen: dict[tuple[str, str], TermUse] = {}
    for u in uses:
        seen.setdefault((u.kind, u.text.casefold()), u)
    return list(seen.values())


@dataclass
class Coverage:
    kind: str
    terms: int = 0
    coded: int = 0  # with the expected system
    uncoded: list[str] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return round(100.0 * self.coded / self.terms, 1) if self.terms else 100.0


def coverage(uses: list[TermUse]) -> dict[str, Coverage]:
    """Per kind: distinct terms, how many carry a code of the expected system, and the rest."""
    out = {k: Coverage(k) for k in ORDER}
    for u in distinct(uses):
        c = out[u.kind]
        c.terms += 1
        if u.coded_as_expected:
            c.coded += 1
        else:
            c.uncoded.append(u.text)
    return out


def uncoded_warnings(model: Regimen | GlossaryPage) -> list[dict]:
    """Report entries for the terms that got no code: the content team's curation list."""
    out = []
    for u in distinct(term_uses(model)):
        if not u.codes:
            out.append({"severity": "warning", "code": "uncoded-term",
                        "message": f"{u.kind} '{u.text}' matches no row of the {TABLE[u.kind]} table; kept as text, no code",
                        "location": str(u.location) if u.location else model.source.file})
    return out
