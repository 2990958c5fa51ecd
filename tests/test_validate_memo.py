"""validate_resource keeps outcomes and reuses them only for the same content and the same answers from
the bundle's references: a kept outcome must never stand in for a different one."""
from __future__ import annotations

import copy

import pytest

import regimen_fhir.validate as V

AD = "http://example.org/fhir/ActivityDefinition/dose"
PLAN = {"resourceType": "PlanDefinition", "status": "active",
        "action": [{"title": "Day 1", "definitionCanonical": AD}]}


@pytest.fixture
def counted(monkeypatch):
    calls = []
    real = V._validate

    def spy(*args):
        calls.append(args[0].get("resourceType"))
        return real(*args)
    monkeypatch.setattr(V, "_validate", spy)
    V._memo.clear()
    yield calls
    V._memo.clear()


def errors(issues):
    return sorted((i.expression, i.diagnostics) for i in issues if i.severity == "error")


def test_an_identical_resource_with_the_same_answers_reuses_the_outcome(counted):
    first = V.validate_resource(copy.deepcopy(PLAN), "R4B", {AD: "ActivityDefinition"})
    again = V.validate_resource(copy.deepcopy(PLAN), "R4B", {AD: "ActivityDefinition", "urn:other": "Patient"})
    assert again == first and counted == ["PlanDefinition"]


def test_a_different_answer_from_the_bundle_is_validated_afresh(counted):
    ok = V.validate_resource(copy.deepcopy(PLAN), "R4B", {AD: "ActivityDefinition"})
    bad = V.validate_resource(copy.deepcopy(PLAN), "R4B", {AD: "Patient"})
    assert errors(ok) == []
    assert errors(bad) == [("PlanDefinition.action[0].definitionCanonical",
                            "a canonical to Patient is not allowed here (allowed: ActivityDefinition, "
                            "PlanDefinition, Questionnaire)")]
    assert errors(V.validate_resource(copy.deepcopy(PLAN), "R4B", {})) == []  # unresolved: not judged
    assert counted == ["PlanDefinition"] * 3


def test_content_version_and_canonical_base_are_part_of_the_key(counted):
    changed = copy.deepcopy(PLAN)
    changed["status"] = "bogus"
    V.validate_resource(copy.deepcopy(PLAN), "R4B")
    assert errors(V.validate_resource(changed, "R4B"))[0][0] == "PlanDefinition.status"
    V.validate_resource(copy.deepcopy(PLAN), "R5")
    V.validate_resource(copy.deepcopy(PLAN), "R4B", canonical_base="http://other.example/fhir")
    assert counted == ["PlanDefinition"] * 4


def test_the_memo_stays_small(counted):
    for i in range(V.MEMO_SIZE + 10):
        V.validate_resource(dict(PLAN, title=f"plan {i}"), "R4B")
    assert len(V._memo) == V.MEMO_SIZE


# -- data-type values inside a resource (validate/base.py: Walker.datatype) --------------------------------

from regimen_fhir.validate import base  # noqa: E402

BAD_CODE = {"coding": [{"system": "http://snomed.info/sct", "code": "bad  code"}]}  # two spaces: not a code


@pytest.fixture
def values(monkeypatch):
    """An empty store of checked values, and a count of the CodeableConcepts the walker really walked."""
    monkeypatch.setattr(base, "_KEPT", {})
    walked = []
    real = base.Walker.complex

    def spy(self, node, tab, elem, where, fp_type, is_resource=False):
        if fp_type == "CodeableConcept":
            walked.append(where)
        return real(self, node, tab, elem, where, fp_type, is_resource)
    monkeypatch.setattr(base.Walker, "complex", spy)
    return walked


def test_a_repeated_value_is_walked_once_and_its_faults_are_reported_at_each_place(values):
    plan = {"resourceType": "PlanDefinition", "status": "active", "topic": [BAD_CODE, copy.deepcopy(BAD_CODE)]}
    issues, _ = base.walk_base(plan, "R4B")
    assert values == ["PlanDefinition.topic[0]"]
    assert errors(issues) == [("PlanDefinition.topic[0].coding[0].code", "'bad  code' is not a valid code"),
                              ("PlanDefinition.topic[1].coding[0].code", "'bad  code' is not a valid code")]


def test_the_same_value_at_another_element_is_checked_there(monkeypatch):
    # Timing at ActivityDefinition.timing[x] and the same Timing inside a Dosage: two elements, two keys
    timing = {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}}
    ad = {"resourceType": "ActivityDefinition", "status": "active", "timingTiming": timing,
          "dosage": [{"timing": copy.deepcopy(timing)}]}
    monkeypatch.setattr(base, "_KEPT", {})
    base.walk_base(ad, "R4B")
    timings = [k for k in base._KEPT if k[1] == "Timing"]
    assert len(timings) == 2 and timings[0][0] != timings[1][0] and timings[0][2] == timings[1][2]


def test_a_kept_value_holding_a_reference_is_checked_afresh_when_the_bundle_answers_differently(values):
    use = {"code": {"system": "http://terminology.hl7.org/CodeSystem/usage-context-type", "code": "focus"},
           "valueReference": {"reference": "urn:uuid:0b0e1d5e-0000-4000-8000-000000000001"}}
    plan = {"resourceType": "PlanDefinition", "status": "active", "useContext": [use]}
    ok, looked = base.walk_base(copy.deepcopy(plan), "R4B", {use["valueReference"]["reference"]: "Group"})
    bad, _ = base.walk_base(copy.deepcopy(plan), "R4B", {use["valueReference"]["reference"]: "Patient"})
    assert errors(ok) == [] and looked == {use["valueReference"]["reference"]: "Group"}
    assert errors(bad) == [("PlanDefinition.useContext[0].valueReference.reference",
                            "a reference to Patient is not allowed here (allowed: PlanDefinition, ResearchStudy, "
                            "InsurancePlan, HealthcareService, Group, Location, Organization)")]
    again, looked = base.walk_base(copy.deepcopy(plan), "R4B", {use["valueReference"]["reference"]: "Group"})
    assert errors(again) == [] and looked == {use["valueReference"]["reference"]: "Group"}  # the lookup is still reported


def test_a_value_whose_rule_read_the_resource_is_not_kept(monkeypatch):
    monkeypatch.setattr(base, "_KEPT", {})
    rule = base.Constraint("test-1", "error", "the plan around this topic must be active",
                           "%resource.status = 'active'", "R4B", True)
    real = base._type_and_element_constraints
    monkeypatch.setattr(base, "_type_and_element_constraints",
                        lambda dtab, el: real(dtab, el) + ([rule] if dtab.name == "CodeableConcept" else []))
    topic = {"text": "breast cancer"}
    active = {"resourceType": "PlanDefinition", "status": "active", "topic": [topic]}
    assert errors(base.walk_base(active, "R4B")[0]) == []
    assert base._KEPT == {}
    draft = dict(active, status="draft")
    assert errors(base.walk_base(draft, "R4B")[0]) == [("PlanDefinition.topic[0]",
                                                         "test-1: the plan around this topic must be active")]


def test_a_rule_on_the_value_alone_is_kept():
    assert not base.Constraint("rng-2", "error", "", "low.empty() or high.empty() or (low <= high)", "R4B", True).reads_root
    assert base.Constraint("ref-1", "error", "", "reference.startsWith('#').not() or %rootResource.contained.id", "R4B", True).reads_root


def test_the_store_of_values_stays_small(monkeypatch):
    monkeypatch.setattr(base, "_KEPT", {})
    monkeypatch.setattr(base, "KEPT_SIZE", 5)
    topics = [{"text": f"topic {i}"} for i in range(12)]
    base.walk_base({"resourceType": "PlanDefinition", "status": "active", "topic": topics}, "R4B")
    assert len(base._KEPT) == 5 and {k[2] for k in base._KEPT} == {f'{{"text":"topic {i}"}}'.encode() for i in range(7, 12)}


def test_on_converted_pages_and_damaged_copies_keeping_values_changes_no_outcome(tmp_path, sources, monkeypatch):
    """Every resource of the shipped pages, each also with three random values damaged and with its bundle's
    references answered wrongly, validated twice over: the outcomes (issues in order, lookups) are the same as
    checking every value and extension afresh, and reading every resource for extensions."""
    import json
    import random

    from regimen_fhir import pipeline

    results = pipeline.run(sorted(sources.glob("*.html"))[:20], pipeline.ConvertOptions(out_dir=tmp_path))
    rng = random.Random(2026)
    cases = []
    for r in results:
        if r.status != "converted":
            continue
        bundle = json.loads((tmp_path / r.output).read_bytes())
        refs = V.bundle_references(bundle)
        for e in bundle["entry"]:
            cases.append((e["resource"], refs))
            cases.append((e["resource"], {k: "Patient" for k in refs}))
            for _ in range(3):
                damaged = copy.deepcopy(e["resource"])
                _damage(damaged, rng)
                cases.append((damaged, refs))
    rng.shuffle(cases)
    cases *= 2
    monkeypatch.setattr(base, "_KEPT", {})
    monkeypatch.setattr(profiles.profiles_for("R4B"), "_kept", {})
    kept = [V._validate(res, "R4B", refs, None, V.orjson.dumps(res)) for res, refs in cases]
    monkeypatch.setattr(base, "KEPT_SIZE", 0)
    monkeypatch.setattr(profiles, "KEPT_SIZE", 0)
    afresh = [V._validate(res, "R4B", refs, None) for res, refs in cases]
    assert len(cases) > 1000 and sum(len(issues) for issues, _ in afresh) > 500
    assert kept == afresh


def _damage(node, rng, values=("", " x", 3.5, -1, None, {}, [], "bad  code", {"x": 1}, True)) -> None:
    objects = []

    def collect(n):
        if isinstance(n, dict):
            objects.append(n)
            for v in n.values():
                collect(v)
        elif isinstance(n, list):
            for v in n:
                collect(v)
    collect(node)
    target = rng.choice(objects)
    target[rng.choice(list(target))] = copy.deepcopy(rng.choice(values))


# -- extensions against their definitions (validate/profiles.py: Profiles.check_extension) ----------------

from regimen_fhir.validate import profiles  # noqa: E402

INCIDENCE = "http://regimen-fhir.example.org/fhir/StructureDefinition/incidence"
BAD_INCIDENCE = {"url": INCIDENCE, "valueQuantity": {"value": 12, "system": "http://unitsofmeasure.org", "code": "mg"}}


def _cud_with(*extensions) -> dict:
    return {"resourceType": "ClinicalUseDefinition", "type": "undesirable-effect",
            "undesirableEffect": {"symptomConditionEffect": {"concept": {"text": "nausea"}},
                                  "extension": [copy.deepcopy(e) for e in extensions]}}


def test_a_repeated_extension_is_checked_once_and_its_faults_reported_at_each_place(monkeypatch):
    p = profiles.profiles_for("R4B")
    monkeypatch.setattr(p, "_kept", {})
    checked = []
    real = profiles.Profiles.check
    monkeypatch.setattr(profiles.Profiles, "check", lambda self, node, url, where, *a: checked.append(where) or real(self, node, url, where, *a))
    issues = profiles.check_profiles(_cud_with(BAD_INCIDENCE, BAD_INCIDENCE), "R4B")
    assert checked == ["ClinicalUseDefinition.undesirableEffect.extension[0]"]
    assert errors(issues) == [(f"ClinicalUseDefinition.undesirableEffect.extension[{i}].valueQuantity.code",
                               "incidence: must be '%', found 'mg'") for i in (0, 1)]


def test_an_extension_whose_rules_read_the_resource_is_checked_every_time(monkeypatch):
    p = profiles.profiles_for("R4B")
    monkeypatch.setattr(p, "_kept", {})
    monkeypatch.setattr(p, "_reads_root", {INCIDENCE: True})
    profiles.check_profiles(_cud_with(BAD_INCIDENCE, BAD_INCIDENCE), "R4B")
    assert p._kept == {}
    monkeypatch.setattr(p, "_reads_root", {})
    profiles.check_profiles(_cud_with(BAD_INCIDENCE), "R4B")
    assert len(p._kept) == 1 and p._reads_root == {INCIDENCE: False}


def test_the_resource_json_lets_a_resource_without_extensions_skip_the_search_and_only_that():
    cud = _cud_with(BAD_INCIDENCE)
    with_data = profiles.check_profiles(cud, "R4B", data=V.orjson.dumps(cud))
    assert errors(with_data) == errors(profiles.check_profiles(cud, "R4B")) != []
    plain = _cud_with()
    del plain["undesirableEffect"]["extension"]
    assert profiles.check_profiles(plain, "R4B", data=V.orjson.dumps(plain)) == profiles.check_profiles(plain, "R4B") == []


def test_malformed_values_anywhere_give_issues_never_an_exception(tmp_path, sources):
    """A user's file (`regimen-fhir validate`) may hold anything: a list where a code belongs, a boolean for
    a coding list. Ten random values of every resource of 20 shipped pages are damaged: each is reported."""
    import json
    import random

    from regimen_fhir import pipeline

    results = pipeline.run(sorted(sources.glob("*.html"))[20:40], pipeline.ConvertOptions(out_dir=tmp_path))
    rng = random.Random(7)
    damaged_count = 0
    for r in results:
        if r.status != "converted":
            continue
        for e in json.loads((tmp_path / r.output).read_bytes())["entry"]:
            for _ in range(10):
                damaged = copy.deepcopy(e["resource"])
                _damage(damaged, rng, values=(["x", 1], True, {"coding": True}, {"system": ["s"], "code": {}}, [[]], 1e400))
                V.validate_resource(damaged, "R4B")
                damaged_count += 1
    assert damaged_count > 1000


def test_an_extension_context_is_decided_once_per_element_but_reported_at_each_place():
    from regimen_fhir.validate.profiles import DEFAULT_BASE

    incidence = {"url": f"{DEFAULT_BASE}/StructureDefinition/incidence",
                 "valueQuantity": {"value": 5, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}}
    plan = {"resourceType": "PlanDefinition", "status": "active",
            "action": [{"title": "A", "extension": [incidence]}, {"title": "B", "extension": [incidence]}]}
    refused = [i.expression for i in V.validate_resource(plan, "R4B") if "is not allowed on" in i.diagnostics]
    assert refused == ["PlanDefinition.action[0].extension[0]", "PlanDefinition.action[1].extension[0]"]
    use = {"resourceType": "ClinicalUseDefinition", "type": "undesirable-effect", "status": {"text": "x"},
           "undesirableEffect": {"extension": [incidence], "symptomConditionEffect": {"concept": {"text": "Nausea"}}}}
    assert not [i for i in V.validate_resource(use, "R4B") if "is not allowed on" in i.diagnostics]
