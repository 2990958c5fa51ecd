"""The faster validator gives exactly what the reference gives: the same Issue values in the same order (or the
same exception), on every resource of every bundle of sources/ in R4B and R5, on the mutation cases of
test_validate_mutations.py, and on thousands of randomly damaged copies (a seeded walk that deletes, retypes,
duplicates, renames and corrupts values). The reference is the implementation before the speed work
(tests/reference_validator, kept verbatim). Each input is checked three ways: through validate_resource (the
memo in front), through _validate (every resource walked, values kept between resources) and with keeping
switched off (every value walked)."""
from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest

import reference_validator as R
import regimen_fhir.validate as V
import test_validate_mutations as M
from reference_validator import base as RB, profiles as RP
from regimen_fhir import parse, pipeline
from regimen_fhir.bundle import build_bundle
from regimen_fhir.map import MapContext, map_regimen
from regimen_fhir.map.provenance import recorded_time
from regimen_fhir.map.versions import VERSIONS
from regimen_fhir.model import Regimen
from regimen_fhir.validate import base as NB, bundle_references, profiles as NP

VERSIONS_TESTED = ("R4B", "R5")
MUTANTS_PER_VERSION = 2500
SEED = 20261126


def _outcome(fn, *args):
    try:
        return "issues", [(i.severity, i.code, i.expression, i.diagnostics) for i in fn(*args)]
    except Exception as exc:  # the same failure, if any, is part of the same outcome
        return "raised", type(exc).__name__


def _fresh() -> None:
    for top, base, prof in ((V, NB, NP), (R, RB, RP)):
        top._memo.clear()
        base._KEPT.clear()
        for v in VERSIONS_TESTED:
            prof.profiles_for(v)._kept.clear()
            for store in ("_kept_resources", "_reuse"):  # the new one's kept resource checks
                getattr(prof.profiles_for(v), store, {}).clear()


def _same(cases: list[tuple[dict, str, dict | None, str | None]], monkeypatch) -> int:
    """Every case three ways, new against reference; returns how many outcomes were compared."""
    compared = 0
    _fresh()
    for res, version, refs, cbase in cases:  # the memo in front, as the converter calls it
        new = _outcome(V.validate_resource, copy.deepcopy(res), version, refs, cbase)
        ref = _outcome(R.validate_resource, copy.deepcopy(res), version, refs, cbase)
        assert new == ref, (version, res)
        compared += 1
    _fresh()
    for res, version, refs, cbase in cases:  # no memo: every resource walked, data-type values kept
        new = _outcome(lambda *a: V._validate(*a)[0], res, version, refs, cbase)
        ref = _outcome(lambda *a: R._validate(*a)[0], res, version, refs, cbase)
        assert new == ref, (version, res)
        compared += 1
    with monkeypatch.context() as m:  # nothing kept: every value walked
        for mod in (NB, NP, RB, RP):
            m.setattr(mod, "KEPT_SIZE", 0)
        _fresh()
        for res, version, refs, cbase in cases:
            new = _outcome(lambda *a: V._validate(*a)[0], res, version, refs, cbase)
            ref = _outcome(lambda *a: R._validate(*a)[0], res, version, refs, cbase)
            assert new == ref, (version, res)
            compared += 1
    _fresh()
    return compared


@pytest.fixture(scope="module")
def source_resources(sources) -> dict[str, list[tuple[dict, dict]]]:
    """version -> (resource, its bundle's references) for every resource of every regimen bundle of sources/."""
    paths = pipeline.discover([sources])
    merger = pipeline.GlossaryMerger()
    for p in paths:
        merger.add(*pipeline.glossary_pass(p))
    glossary, _ = merger.result()
    models = []
    for p in paths:
        try:
            model = parse.parse_file(p)
        except Exception:  # sources/ holds pages that are not regimens, on purpose
            continue
        if isinstance(model, Regimen):
            models.append(model)
    out: dict[str, list[tuple[dict, dict]]] = {}
    for version in VERSIONS_TESTED:
        ctx = MapContext(version=VERSIONS[version])
        out[version] = []
        for model in models:
            mapped = map_regimen(model, glossary, ctx)
            bundle = build_bundle(mapped, "transaction", mapped[0].resource["id"], recorded_time(model, ctx))
            refs = bundle_references(bundle)
            out[version].extend((m.resource, refs) for m in mapped)
    return out


def test_every_sources_resource_in_r4b_and_r5(source_resources, monkeypatch):
    cases = [(res, version, refs, None) for version in VERSIONS_TESTED for res, refs in source_resources[version]]
    assert len(cases) > 1000 and {c[0]["resourceType"] for c in cases} >= {
        "PlanDefinition", "ActivityDefinition", "MedicationKnowledge", "ClinicalUseDefinition", "CodeSystem", "Provenance"}
    assert _same(cases, monkeypatch) == 3 * len(cases)


def test_the_mutation_cases(monkeypatch, sources, tmp_path):
    import json

    results = pipeline.run([sources], pipeline.ConvertOptions(out_dir=tmp_path))
    assert any(r.kind == "regimen" and r.status == "converted" for r in results)
    bundle = json.loads((tmp_path / "inotuzumab-ozogamicin.json").read_text())
    refs = bundle_references(bundle)
    cases = []
    for _, selector, mutate, _, _ in M.CASES:
        resource = M.pick(bundle, *selector)
        cases.append((copy.deepcopy(resource), "R4B", refs, None))  # the clean one too
        if mutate == "mk-subject":
            mutate = M._mk_subject(bundle)
        elif mutate == "glossary-canonical":
            mutate = M._glossary_canonical(bundle)
        mutate(resource)
        cases.append((resource, "R4B", refs, None))
        cases.append((resource, "R4B", None, None))  # and without the bundle's answers
    assert len(cases) == 3 * len(M.CASES) >= 150
    _same(cases, monkeypatch)


# -- random damage ----------------------------------------------------------------------------------------

ODD_VALUES = [None, 0, -1, 1, 2 ** 31, -2 ** 31 - 1, 1.5, -0.0, True, False, "", " ", "x", "bad  code", "ACTIVE",
              "active", "draft", "2024-13-45", "2024-01-01", "2024-01-01T10:00:00Z", "http://example.org/x",
              "urn:uuid:0b0e1d5e-0000-4000-8000-000000000001", "#x", "PlanDefinition/x", "Patient/p1", "mg",
              "http://unitsofmeasure.org", "http://snomed.info/sct", "\u00e9\u00e8", "a" * 80, [], {}, [1], ["x"],
              {"a": 1}, {"id": "x"}, {"text": "t"}, {"coding": [{"system": "http://snomed.info/sct", "code": "1"}]},
              {"url": "http://hl7.org/fhir/StructureDefinition/cqf-citation", "valueString": "x"},
              {"reference": "Patient/p1"}, {"value": -3, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}]
ODD_KEYS = ["foo", "_status", "_title", "_foo", "valueFoo", "doseRange", "doseQuantity", "timingTiming",
            "productReference", "productCodeableConcept", "resourceType", "id", "extension", "modifierExtension",
            "contained", "text", "meta", "url", "status", "value[x]", "a.b", "x[0]", "dose", "doseQuantity.x",
            "doseRange[0]", "productCodeableConcept.y"]


def _places(node, out: list) -> None:
    """Every (container, key) in a JSON tree (dict keys, list indices), depth first."""
    if isinstance(node, dict):
        for k in list(node):
            out.append((node, k))
            _places(node[k], out)
    elif isinstance(node, list):
        for i in range(len(node)):
            out.append((node, i))
            _places(node[i], out)


def _damage(res: dict, rng: random.Random, other: dict) -> dict:
    res = copy.deepcopy(res)
    for _ in range(rng.choice((1, 1, 2, 3))):
        places: list = []
        _places(res, places)
        if not places:
            break
        container, key = rng.choice(places)
        value = container[key]
        op = rng.randrange(10)
        if op == 0:  # delete
            del container[key]
        elif op == 1:  # retype / replace with an odd value
            container[key] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif op == 2:  # duplicate: wrap in a list, repeat an item, or unwrap a list
            if isinstance(value, list) and value:
                container[key] = value + [copy.deepcopy(rng.choice(value))] if rng.random() < 0.7 else value[0]
            else:
                container[key] = [value, copy.deepcopy(value)] if rng.random() < 0.5 else [value]
        elif op == 3 and isinstance(value, str):  # corrupt a string
            container[key] = rng.choice([value + " ", " " + value, value.upper(), value[: len(value) // 2],
                                         value.replace("-", "_"), value + "|1.0", "", value * 2])
        elif op == 4 and isinstance(value, (int, float)) and not isinstance(value, bool):
            container[key] = rng.choice([-value, value * 1000, str(value), value + 0.5, 0, 2 ** 40])
        elif op == 5 and isinstance(container, dict):  # rename a key
            new = rng.choice(ODD_KEYS)
            container[new] = container.pop(key)
        elif op == 6 and isinstance(container, dict):  # add an unknown or odd element
            container[rng.choice(ODD_KEYS)] = copy.deepcopy(rng.choice(ODD_VALUES))
        elif op == 7 and isinstance(value, dict) and value:  # empty an object, or leave only its id
            container[key] = {} if rng.random() < 0.5 else {"id": "x"}
        elif op == 8:  # a value from another resource of the same page, at this place
            donors: list = []
            _places(other, donors)
            if donors:
                dc, dk = rng.choice(donors)
                container[key] = copy.deepcopy(dc[dk])
        elif op == 9 and isinstance(value, dict) and isinstance(value.get("url"), str):  # an extension's url
            value["url"] = rng.choice(["http://regimen-fhir.example.org/fhir/StructureDefinition/incidence",
                                       "http://regimen-fhir.example.org/fhir/StructureDefinition/nope",
                                       "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle",
                                       "http://hl7.org/fhir/StructureDefinition/cqf-citation", "rel", value["url"] + "x"])
    return res


@pytest.mark.parametrize("version", VERSIONS_TESTED)
def test_thousands_of_damaged_resources(source_resources, version, monkeypatch):
    rng = random.Random(f"{SEED}-{version}")
    pool = source_resources[version]
    cases = []
    for _ in range(MUTANTS_PER_VERSION):
        res, refs = rng.choice(pool)
        other, _ = rng.choice(pool)
        damaged = _damage(res, rng, other)
        cases.append((damaged, version, refs if rng.random() < 0.8 else None,
                      None if rng.random() < 0.9 else "https://fhir.hospital.example/regimens"))
    # the damage must reach the validator's rules: most damaged resources have issues, and of many kinds
    _fresh()
    found = [_outcome(V.validate_resource, copy.deepcopy(r), v, refs, b) for r, v, refs, b in cases]
    issues = [f for kind, f in found if kind == "issues"]
    assert sum(1 for f in issues if any(i[0] in ("error", "fatal") for i in f)) > len(cases) // 2
    assert len({i[1] for f in issues for i in f}) >= 8
    assert _same(cases, monkeypatch) == 3 * len(cases)


# -- the cheaper tests of primitive formats (validate/base.py _FAST) -----------------------------------------

def test_the_cheaper_primitive_tests_agree_with_their_regexes_on_every_character_and_on_mixed_strings():
    import itertools
    import re

    alphabet = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u1680", "\u2000", "\u2028", "\u2029",
                "\u202f", "\u3000", "\u200b", "\ufeff", "\x00", "\x7f", "\ud800", "a", "Z", "0", "-", ".", "|", "\u00e9"]
    strings = [""] + ["".join(p) for n in (1, 2, 3) for p in itertools.product(alphabet, repeat=n)]
    strings += [chr(c) for c in range(0x110000)]
    strings += [f"{a}word{b}" for a in alphabet for b in alphabet] + ["two  spaces", "a b", " lead", "trail "]
    patterns = set()
    for version in VERSIONS_TESTED:
        for t in ("string", "markdown", "code", "uri", "url", "canonical"):
            regex = NB._primitive_regex(version, t)
            assert regex.pattern in NB._FAST, (version, t, regex.pattern)  # the fast test is used for it
            patterns.add(regex.pattern)
    assert len(patterns) == len(NB._FAST)
    for pattern in sorted(patterns):
        regex = re.compile(pattern)
        test = NB._FAST[pattern](regex)
        wrong = [s for s in strings if bool(test(s)) != (regex.fullmatch(s) is not None)]
        assert wrong == [], (pattern, wrong[:10])


# -- the kept checks of resources against their profiles (validate/profiles.py Profiles.check_resource) -----

def _variants(res: dict) -> list[dict]:
    """The same resource with its counted or unread elements changed, and with read ones changed a little."""
    out = []
    for key in ("identifier", "subject", "url", "name", "title", "version", "date", "publisher", "id", "text",
                "status", "type", "kind", "extension"):
        if key not in res:
            new = copy.deepcopy(res)
            new[key] = [{"value": "added"}] if key in ("identifier", "subject") else "added"
            out.append(new)
            continue
        value = res[key]
        for changed in (None, "other", [value], [value, value], [], {"value": "x"}, value):
            new = copy.deepcopy(res)
            if changed is None:
                del new[key]
            else:
                new[key] = copy.deepcopy(changed)
            if isinstance(value, list) and value and isinstance(value[0], dict) and changed is value:
                new[key] = [dict(value[0], value="another value")] + copy.deepcopy(value[1:])
            out.append(new)
    return out


def test_kept_profile_checks_on_resources_that_differ_in_what_the_profile_counts_or_does_not_read(
        source_resources, monkeypatch):
    cases = []
    for version in VERSIONS_TESTED:
        claimed = [(r, refs) for r, refs in source_resources[version] if (r.get("meta") or {}).get("profile")]
        for res, refs in claimed[:: max(1, len(claimed) // 60)]:
            cases.append((res, version, refs, None))
            cases.extend((v, version, refs, None) for v in _variants(res))
    assert len(cases) > 1500
    _same(cases, monkeypatch)
    # and the kept checks were used: most variants of a resource share its check
    _fresh()
    p = NP.profiles_for("R4B")
    before = {k: list(v) for k, v in p._reuse.items()}
    for res, version, refs, cbase in cases:
        if version == "R4B":
            V._validate(res, version, refs, cbase)
    reused = sum(v[1] - before.get(k, [0, 0])[1] for k, v in p._reuse.items())
    assert reused > len([c for c in cases if c[1] == "R4B"]) // 3


# -- pld-3 and pld-4 (R5 PlanDefinition), decided from the JSON (validate/shortcut.py) ---------------------

def _action_variants(pd: dict, rng: random.Random) -> list[dict]:
    out = []

    def actions(node):
        found = []
        for a in node.get("action") or []:
            if isinstance(a, dict):
                found.append(a)
                found.extend(actions(a))
        return found

    for _ in range(12):
        new = copy.deepcopy(pd)
        acts = actions(new)
        if not acts:
            break
        a = rng.choice(acts)
        op = rng.randrange(12)
        related = [r for x in acts for r in x.get("relatedAction") or [] if isinstance(r, dict)]
        if op == 0 and related:
            rng.choice(related)["targetId"] = "no-such-action"
        elif op == 1 and "id" in a:
            del a["id"]
        elif op == 2:
            a["id"] = rng.choice(["", "x", 3, acts[0].get("id", "y")])
        elif op == 3 and related:
            del rng.choice(related)["targetId"]
        elif op == 4:
            a["goalId"] = [rng.choice(["g1", "g2"])]
            if rng.random() < 0.5:
                new["goal"] = [{"id": "g1", "description": {"text": "a goal"}}]
        elif op == 5:
            a["relatedAction"] = {"targetId": acts[0].get("id", "x"), "relationship": "after"}
        elif op == 6:
            a["action"] = {"title": "one action, not a list"}
        elif op == 7:
            a["_id"] = {"extension": [{"url": "http://example.org/x", "valueString": "y"}]}
        elif op == 8 and related:
            rng.choice(related)["_targetId"] = {"id": "x"}
        elif op == 9:
            a["relatedAction"] = [{"targetId": rng.choice([x.get("id", "z") for x in acts]), "relationship": "before"}]
        elif op == 10 and related:
            rng.choice(related)["targetId"] = rng.choice(["", 7, None])
        else:
            a.setdefault("action", []).append({"id": "added", "title": "added",
                                               "relatedAction": [{"targetId": "added", "relationship": "after"}]})
        out.append(new)
    return out


def test_plan_action_rules_decided_from_the_json_agree_with_the_engine(source_resources, monkeypatch):
    from regimen_fhir.validate.shortcut import KNOWN, _goal_ids_known, _target_ids_known

    rng = random.Random(f"{SEED}-pld")
    pds = [(r, refs) for r, refs in source_resources["R5"] if r["resourceType"] == "PlanDefinition"]
    assert any("relatedAction" in str(r) for r, _ in pds)
    cases = []
    for pd, refs in pds:
        cases.append((pd, "R5", refs, None))
        cases.extend((v, "R5", refs, None) for v in _action_variants(pd, rng))
    assert len(cases) > 500
    _same(cases, monkeypatch)  # the reference asks the engine
    # and each decision against the engine directly
    from fhirpathpy.engine.nodes import ResourceNode

    decided = {True: 0, False: 0}
    for expr, decide in KNOWN.items():
        if decide not in (_goal_ids_known, _target_ids_known):
            continue
        run = NB.compile_fhirpath("R5", expr)
        for res, *_ in cases:
            d = decide(res)
            if d is not None:
                decided[d] += 1
                assert run(ResourceNode.create_node(res, "PlanDefinition"), {"resource": res, "rootResource": res}) == [d]
    assert decided[True] > 100 and decided[False] > 20


def test_r5_computable_name_rule_decided_from_the_json_agrees_with_the_engine(source_resources, monkeypatch):
    """cnl-0 in R5 (`name.matches('^[A-Z]([A-Za-z0-9_]){1,254}$')`: a '$' inside a string no longer stops the
    shortcut) on names that pass and fail, and on odd values; the reference asks the engine."""
    named = [(r, refs) for r, refs in source_resources["R5"] if isinstance(r.get("name"), str)][:40]
    names = ["", "a", "A", "Ab", "Abc def", "Abc\n", "Abc\nDef", "Ab" * 130, "A_1", "\u00c4bc", "ABC$", 5, ["Abc"],
             {"value": "Abc"}, None, True]
    cases = []
    for res, refs in named:
        for name in names:
            new = copy.deepcopy(res)
            new["name"] = name
            cases.append((new, "R5", refs, None))
        new = copy.deepcopy(res)
        new["_name"] = {"extension": [{"url": "http://example.org/x", "valueString": "y"}]}
        cases.append((new, "R5", refs, None))
    assert len(cases) > 400
    _same(cases, monkeypatch)
