"""Exactness of the map and bundle shortcuts against what they replace (same answers, faster)."""
from __future__ import annotations

import random
import uuid
from urllib.parse import quote

from regimen_fhir.bundle import _q
from regimen_fhir.map.common import FULLURL_NAMESPACE, full_url

ALPHABET = "azAZ09_.-~:/|?&=%+ #@!$'()*,;[]\\\"<>^`{}\t\n\x00\x7f\u00e9\u00fc\u20ac\U0001d11e"


def _texts(seed: int, n: int):
    rnd = random.Random(seed)
    yield from ("", "a", "-", "~", ":", "/", "http://hl7.org/fhir/sid/atc", "L01XC02", "a b", "x|y", "\u00e9")
    for _ in range(n):
        yield "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 30)))


def test_full_url_is_uuid5():
    for text in _texts(7, 20_000):
        for rtype in ("PlanDefinition", "MedicationKnowledge", ""):
            want = "urn:uuid:" + str(uuid.uuid5(FULLURL_NAMESPACE, f"{rtype}|{text}"))
            assert full_url(rtype, text) == want, (rtype, text)


def test_full_url_covers_every_variant_digit():
    # the 17th hex digit takes each of 8, 9, a, b for some name: all four variant rewrites are exercised
    seen = {full_url("T", str(i))[9 + 19] for i in range(200)}
    assert seen == set("89ab")


def test_quote_shortcut_is_quote():
    for text in _texts(11, 20_000):
        assert _q(text) == quote(text, safe=":/"), text
    assert _q("a b") == "a%20b" and _q("x|y") == "x%7Cy"  # the shortcut does not swallow what needs encoding


def _fresh_codesystem(terms, ctx, publisher):
    from regimen_fhir.map import codesystem

    codesystem._TEXT_AND_VERSION.clear()
    return codesystem.glossary_codesystem(terms, ctx, publisher)


def test_glossary_codesystem_kept_text_and_version_follow_the_terms():
    from regimen_fhir.map import MapContext
    from regimen_fhir.map.codesystem import glossary_codesystem
    from regimen_fhir.model import GlossaryTerm

    ctx = MapContext()
    terms = [GlossaryTerm("neutropenia", "Neutropenia", "Few <neutrophils> & more"),
             GlossaryTerm("anaemia", "Anaemia", "Too few red cells", aliases=["anemia"]),
             GlossaryTerm("auc", "AUC", "Area under the curve")]
    variants = [terms, list(reversed(terms)), terms[:2],
                [GlossaryTerm("neutropenia", "Neutropenia", "Few neutrophils"), *terms[1:]],  # a definition changed
                [GlossaryTerm("neutropenia", "Neutropaenia", "Few <neutrophils> & more"), *terms[1:]],  # a term changed
                [*terms, GlossaryTerm("auc", "AUC", "Another definition")]]  # two with one key: order kept
    fresh = [_fresh_codesystem(v, ctx, "P") for v in variants]
    assert len({f["version"] for f in fresh[2:]}) == 4 and len({f["text"]["div"] for f in fresh[2:]}) == 4
    for _ in range(2):  # with the kept text and version, in any order of calls: the same resources
        for v, want in zip(variants, fresh):
            assert glossary_codesystem(v, ctx, "P") == want
    assert glossary_codesystem(terms, ctx, "Other")["publisher"] == "Other"


def test_per1_mixed_precision_shortcut_agrees_with_the_engine():
    """R4B per-1 on dates of different precisions: each decision the shortcut makes is the engine's, on
    every pair from a grid of years, months and days (equal prefixes are left to the engine), and on
    malformed and extended values it leaves alone."""
    import itertools

    from fhirpathpy.engine.nodes import ResourceNode

    from regimen_fhir.validate import base
    from regimen_fhir.validate.shortcut import KNOWN

    per1 = [c for el in base.table("R4B", "Period").elems.values() for c in el.constraints if c.key == "per-1"][0]
    decide = KNOWN[per1.expression]
    dates = ["2019", "2020", "2021", "2020-01", "2020-03", "2020-12", "2021-03", "2019-12-31", "2020-01-01",
             "2020-03-01", "2020-03-15", "2020-03-31", "2020-04-01", "2021-03-15", "2020-02-29"]
    decided = mixed = 0
    nodes = [{"start": a, "end": b} for a, b in itertools.product(dates, dates)]
    nodes += [{"start": "2020-03", "end": "2021-03-15T10:00:00Z"}, {"start": "2020-3", "end": "2021-03-15"},
              {"start": "2020-03", "_start": {"id": "x"}, "end": "2021-03-15"}, {"start": "", "end": "2021"},
              {"start": 2020, "end": "2021-03-15"}, {"start": "2020-03", "end": ["2021-03-15"]}, {"end": "2021-03"}]
    for node in nodes:
        d = decide(node)
        if d is None:
            continue
        decided += 1
        mixed += isinstance(node.get("start"), str) and isinstance(node.get("end"), str) and len(node["start"]) != len(node["end"])
        want = per1.run(ResourceNode.create_node(node, "Period"), {"resource": node, "rootResource": node})
        assert want == [d], (node, want, d)
    assert mixed > 100 and decided > 150
    # what it must leave to the engine: equal as far as the shorter goes, a dateTime, odd forms
    for node in ({"start": "2020-03", "end": "2020-03-15"}, {"start": "2020", "end": "2020-03"},
                 {"start": "2020-03", "end": "2021-03-15T10:00:00Z"}, {"start": "2020-3", "end": "2021-03-15"},
                 {"start": "2020-03", "_start": {"id": "x"}, "end": "2021-03-15"}):
        assert decide(node) is None, node
    # a period that ends before it starts is still refused, with the same issue as before
    from regimen_fhir.validate import validate_resource

    res = {"resourceType": "Provenance", "id": "p", "target": [{"reference": "Patient/1"}], "recorded": "2021-03-15T00:00:00Z",
           "agent": [{"who": {"display": "x"}}], "occurredPeriod": {"start": "2021-04", "end": "2021-03-15"}}
    issues = [i for i in validate_resource(res, "R4B") if "per-1" in i.diagnostics]
    assert [(i.severity, i.expression) for i in issues] == [("error", "Provenance.occurredPeriod")]
