"""fhir.resources as a second opinion on structure. The base walker (validate/base.py) checks element
names, cardinality, choice types and required elements itself, so the pydantic models are off the hot
path; here both judge the same structural mutations of every resource of converted pages, and each
fault fhir.resources finds must be found by the walker at the same element (or inside it)."""
from __future__ import annotations

import copy
import json

import pytest

from regimen_fhir import pipeline
from regimen_fhir.validate import validate_resource
from regimen_fhir.validate.base import check_base
from regimen_fhir.validate.structural import check_structure


def _ext_with_unknown(r):
    r.setdefault("extension", [{"url": "http://example.org/x", "valueString": "a"}])[0]["bar"] = 2


MUTATIONS = {
    "unknown element": lambda r: r.update(foo=1),
    "array for a single element": lambda r: r.update(status=[r.get("status", "active")]),
    "required element missing": lambda r: r.pop("status", None),
    "object for a primitive": lambda r: r.update(id={"a": 1}),
    "array for a single complex element": lambda r: r.update(meta=[r.get("meta", {})]),
    "'_' on a complex element": lambda r: r.update(_meta={"id": "a"}),
    "single value for a repeating element": lambda r: r.update(identifier={"value": "a"}),
    "unknown element in an extension": _ext_with_unknown,
    "required element missing in a contained resource": lambda r: r.update(contained=[{"resourceType": "Basic", "id": "b"}]),
    "required element missing in a data type": lambda r: r.get("text", {}).pop("status", None),
    "two types of one choice": lambda r: r.update(subjectCodeableConcept={"text": "a"}, subjectReference={"reference": "Group/1"}),
    "unknown element in a primitive's extension": lambda r: r.update(_status={"foo": 1}),
    "unknown element nested in a backbone": lambda r: (r.get("action") or r.get("concept") or r.get("dosage") or [{}])[0].update(dosage="x"),
}


@pytest.fixture(scope="module")
def resources(tmp_path_factory, sources) -> list[dict]:
    out = tmp_path_factory.mktemp("out")
    results = pipeline.run([sources], pipeline.ConvertOptions(out_dir=out))
    docs = [json.loads((out / r.output).read_text()) for r in results if r.status == "converted"]
    found, seen = [], set()
    for d in docs:  # one resource per (type, profile), from the whole corpus
        for e in d["entry"]:
            r = e["resource"]
            key = (r["resourceType"], tuple((r.get("meta") or {}).get("profile") or ()))
            if key not in seen:
                seen.add(key)
                found.append(r)
    return found


def _errors(issues) -> set[str]:
    return {i.expression for i in issues if i.severity in ("error", "fatal")}


def _covered(path: str, walker: set[str]) -> bool:
    return any(w == path or w.startswith(path + ".") or w.startswith(path + "[") for w in walker)


def test_clean_resources_have_no_structural_issue_for_either(resources):
    assert len(resources) >= 5
    for r in resources:
        assert check_structure(r, "R4B") == [], r["id"]
        assert [i for i in check_base(r, "R4B") if i.code in ("structure", "required")] == [], r["id"]


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_every_structural_fault_fhir_resources_finds_the_walker_finds(resources, name):
    caught = 0
    for r in resources:
        x = copy.deepcopy(r)
        MUTATIONS[name](x)
        pydantic = {i.expression.removesuffix(".root") for i in check_structure(x, "R4B")}
        walker = _errors(check_base(x, "R4B"))
        missed = sorted(p for p in pydantic if not _covered(p, walker))
        assert not missed, (r["resourceType"], name, missed, sorted(walker))
        assert _errors(validate_resource(x, "R4B")) >= walker  # the seam reports what the walker finds
        caught += bool(pydantic)
    assert caught, f"{name}: fhir.resources found nothing, so this mutation proves nothing"


def test_the_walker_names_the_element_where_fhir_resources_names_the_parent(resources):
    pd = copy.deepcopy(next(r for r in resources if r["resourceType"] == "PlanDefinition"))
    pd.update(subjectCodeableConcept={"text": "a"}, subjectReference={"reference": "Group/1"})
    assert {i.expression for i in check_structure(pd, "R4B")} == {"PlanDefinition"}
    issues = [i for i in validate_resource(pd, "R4B") if i.expression == "PlanDefinition.subjectReference"]
    assert issues and "one type" in issues[0].diagnostics


def test_the_walker_is_stricter_on_json_null(resources):
    """FHIR JSON has no nulls; fhir.resources reads `"text": null` as absent, the walker rejects it."""
    pd = copy.deepcopy(next(r for r in resources if r["resourceType"] == "PlanDefinition"))
    pd["text"] = None
    assert check_structure(pd, "R4B") == []
    assert "PlanDefinition.text" in _errors(validate_resource(pd, "R4B"))


def test_an_unknown_contained_resource_type_is_an_issue_not_a_crash(resources):
    """fhir.resources raises KeyError on it; the walker reports it."""
    pd = copy.deepcopy(next(r for r in resources if r["resourceType"] == "PlanDefinition"))
    pd["contained"] = [{"resourceType": "Nope", "id": "a"}]
    with pytest.raises(KeyError):
        check_structure(pd, "R4B")
    issues = validate_resource(pd, "R4B")
    assert ("PlanDefinition.contained[0]", "not-supported") in {(i.expression, i.code) for i in issues}


def test_a_resource_type_that_is_not_a_plain_type_name_is_unknown_not_a_crash():
    # the core package would resolve 'Type|version' to the definition: the walker must take names only
    from regimen_fhir.validate import validate_document

    for rtype in ("MedicationKnowledge|1.0", "MedicationKnowledge/x", "http://hl7.org/fhir/StructureDefinition/Patient"):
        issues = validate_document({"resourceType": rtype})
        assert [(i.severity, i.code, i.diagnostics) for i in issues] == \
            [("error", "not-supported", f"unknown resource type '{rtype}' in FHIR R4B")]
