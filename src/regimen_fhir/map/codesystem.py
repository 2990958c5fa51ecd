"""CodeSystem: the site glossary, one concept per term, definitions kept."""
from __future__ import annotations

import hashlib
import json

from ..model import GlossaryTerm
from . import narrative as N
from .common import MapContext, number

GLOSSARY_ID = "glossary"


def glossary_version(terms: list[GlossaryTerm]) -> str:
    """The content decides the version: the same terms give the same CodeSystem in every bundle."""
    blob = json.dumps([[t.key, t.term, t.definition] for t in sorted(terms, key=lambda t: t.key)], ensure_ascii=False)
    return "content-" + hashlib.sha256(blob.encode()).hexdigest()[:12]


def glossary_url(ctx: MapContext) -> str:
    return ctx.url("CodeSystem", GLOSSARY_ID)


def _concept(term: GlossaryTerm) -> dict:
    c: dict = {"code": term.key, "display": term.term, "definition": term.definition}
    designations = [{"use": {"system": "http://snomed.info/sct", "code": "900000000000013009", "display": "Synonym"},
                     "value": a} for a in term.aliases]
    if term.heading and term.heading != term.term:
        designations.append({"use": {"system": "http://snomed.info/sct", "code": "900000000000013009",
                                     "display": "Synonym"}, "value": term.heading})
    if designations:
        c["designation"] = designations
    props = [{"code": f"upper-limit-{who}", "valueDecimal": number(a.value)} for who, a in term.thresholds]
    if props:
        c["property"] = props
    if term.components:
        c["concept"] = [{"code": f"{term.key}-{i + 1}", "display": comp} for i, comp in enumerate(term.components)]
    return c


# (key, term, definition) of each term, in the order given -> (the narrative's div, the version): both are made
# from those alone, and every page of a run carries the same glossary (they were a sixth of mapping's time)
_TEXT_AND_VERSION: dict[tuple, tuple[str, str]] = {}


def _text_and_version(terms: list[GlossaryTerm]) -> tuple[str, str]:
    """(narrative div, version) of terms sorted by key, as `glossary_codesystem` writes them."""
    key = tuple((t.key, t.term, t.definition) for t in terms)
    kept = _TEXT_AND_VERSION.get(key)
    if kept is None:
        div = N.narrative(N.heading("Glossary"), N.table(["Code", "Term", "Definition"],
                                                         [[t.key, t.term, t.definition] for t in terms]))["div"]
        kept = (div, glossary_version(terms))
        if len(_TEXT_AND_VERSION) >= 16:  # a run has one glossary; tests make a few
            _TEXT_AND_VERSION.clear()
        _TEXT_AND_VERSION[key] = kept
    return kept


def glossary_codesystem(terms: list[GlossaryTerm], ctx: MapContext, publisher: str) -> dict:
    terms = sorted(terms, key=lambda t: t.key)
    whos = sorted({who for t in terms for who, _ in t.thresholds})
    div, version = _text_and_version(terms)
    resource = {
        "resourceType": "CodeSystem",
        "id": GLOSSARY_ID,
        "meta": {"profile": [ctx.profile("RegimenGlossary")]},
        "text": {"status": "generated", "div": div},
        "url": glossary_url(ctx),
        "version": version,
        "name": "RegimenGlossary",
        "title": "Glossary of terms used on regimen pages",
        "status": "active",
        "experimental": False,
        "publisher": publisher,
        "description": "Terms that regimen pages explain to patients, with their definitions as the pages give them.",
        "caseSensitive": False,
        "hierarchyMeaning": "part-of",
        "content": "complete",
        "count": sum(1 + len(t.components) for t in terms),
    }
    if whos:
        resource["property"] = [{"code": f"upper-limit-{who}", "description": f"Upper limit of normal for {who}, in the unit the definition gives (ms for QTc)", "type": "decimal"} for who in whos]
    resource["concept"] = [_concept(t) for t in terms]
    return resource
