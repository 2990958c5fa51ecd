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
