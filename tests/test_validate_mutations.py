"""Mutation corpus: each case breaks one rule of the base spec or of our profiles in a clean,
converted resource and must be rejected with the element path of the fault. The clean resources
must pass, so a validator that rejects everything fails here as surely as one that accepts all."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from regimen_fhir import pipeline
from regimen_fhir.validate import bundle_references, has_errors, validate_document, validate_resource

BASE = "http://regimen-fhir.example.org/fhir"
DOC = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"


@pytest.fixture(scope="module")
def converted(tmp_path_factory, sources) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("out")
    results = pipeline.run([sources], pipeline.ConvertOptions(out_dir=out))
    return out, [r for r in results if r.kind == "regimen"]


@pytest.fixture(scope="module")
def bundle(converted) -> dict:
    out, _ = converted
    return json.loads((out / "inotuzumab-ozogamicin.json").read_text())


def test_every_sources_page_converts_and_its_bundle_is_valid(converted):
    out, regimens = converted
    assert len(regimens) >= 1
    assert [(r.file, r.error) for r in regimens if r.status != "converted"] == []
    for r in regimens:
        doc = json.loads((out / r.output).read_text())
        errors = [i for i in validate_document(doc) if i.severity in ("error", "fatal")]
        assert errors == [], r.file


def pick(bundle: dict, profile: str | None, rtype: str | None = None, n: int = 0, has: str | None = None) -> dict:
    found = [e["resource"] for e in bundle["entry"]
             if (profile is None or (e["resource"].get("meta") or {}).get("profile") == [f"{BASE}/StructureDefinition/{profile}"])
             and (rtype is None or e["resource"]["resourceType"] == rtype)
             and (has is None or has in json.dumps(e["resource"]))]
    return copy.deepcopy(found[n])


def drug_action(pd: dict) -> dict:
    return pd["action"][0]["action"][0]["action"][0]


DRUG = "PlanDefinition.action[0].action[0].action[0]"
AD_DOSE = "ActivityDefinition.dosage[0].doseAndRate[0].doseQuantity"


def _set(path: list, value):
    def f(r):
        node = r
        for p in path[:-1]:
            node = node[p]
        node[path[-1]] = value
    return f


def _del(path: list):
    def f(r):
        node = r
        for p in path[:-1]:
            node = node[p]
        del node[path[-1]]
    return f


def _warning_periods(r):
    r["extension"][0]["extension"] = [e for e in r["extension"][0]["extension"] if e["url"] != "duration"]


def _other_extension_instead_of_days(r):
    drug_action(r)["extension"] = [{"url": "http://hl7.org/fhir/StructureDefinition/cqf-citation", "valueString": "x"}]


def _tim8(r):
    repeat = r["action"][0]["action"][0]["timingTiming"]["repeat"]
    del repeat["count"]
    repeat["countMax"] = 3


def _mk_subject(bundle):
    def f(r):
        mk = next(e["fullUrl"] for e in bundle["entry"] if e["resource"]["resourceType"] == "MedicationKnowledge")
        r["subject"][0]["reference"] = mk
    return f


def _glossary_canonical(bundle):
    def f(r):
        cs = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CodeSystem")
        drug_action(r)["definitionCanonical"] = cs["url"]
    return f


# (case id, profile or resource type selector, mutation, expected path, words expected in the diagnostics)
CASES = [
    # ---- base specification: structure (fhir.resources)
    ("base-status-missing", ("RegimenPlanDefinition",), _del(["status"]), "PlanDefinition.status", "required"),
    ("base-unknown-element-nested", ("RegimenPlanDefinition",), lambda r: drug_action(r).update(dosage="x"),
     f"{DRUG}.dosage", "extra"),
    # ---- base: primitive formats (FHIR regexes, JSON types)
    ("base-date-as-number", ("RegimenPlanDefinition",), _set(["date"], 20240115), "PlanDefinition.date", "string"),
    ("base-date-bad-month", ("RegimenPlanDefinition",), _set(["date"], "2024-13-01"), "PlanDefinition.date", "valid dateTime"),
    ("base-canonical-with-spaces", ("RegimenPlanDefinition",), lambda r: drug_action(r).update(definitionCanonical="a b"),
     f"{DRUG}.definitionCanonical", "valid canonical"),
    ("base-id-format", ("RegimenPlanDefinition",), _set(["id"], "bad id!"), "PlanDefinition.id", "valid id"),
    ("base-empty-string", ("RegimenPlanDefinition",), _set(["title"], ""), "PlanDefinition.title", "valid string"),
    ("base-uri-with-space", ("RegimenPlanDefinition",), _set(["url"], "http://x/a b"), "PlanDefinition.url", "valid uri"),
    ("base-boolean-as-string", ("RegimenPlanDefinition",), _set(["experimental"], "false"), "PlanDefinition.experimental", "boolean"),
    ("base-positiveint-zero", ("RegimenPlanDefinition",),
     lambda r: r["action"][0]["action"][0]["timingTiming"]["repeat"].update(count=0),
     "PlanDefinition.action[0].action[0].timingTiming.repeat.count", "out of range"),
    ("base-integer-as-string", ("RegimenGlossary",), _set(["count"], "5"), "CodeSystem.count", "integer"),
    ("base-decimal-as-string", ("RegimenMedicationActivity",),
     lambda r: r["dosage"][0]["doseAndRate"][0]["doseQuantity"].update(value="0.8"), f"{AD_DOSE}.value", "number"),
    ("base-instant-without-time", (None, "Provenance"), _set(["recorded"], "2024-01-01"), "Provenance.recorded", "valid instant"),
    ("base-empty-array", ("RegimenPlanDefinition",), _set(["useContext"], []), "PlanDefinition.useContext", "empty"),
    # ---- base: required bindings (core ValueSets)
    ("base-binding-status", ("RegimenPlanDefinition",), _set(["status"], "finished"), "PlanDefinition.status", "publication-status"),
    ("base-binding-units-of-time", ("RegimenMedicationActivity",),
     lambda r: r["dosage"][0]["timing"]["repeat"].update(durationUnit="hours"),
     "ActivityDefinition.dosage[0].timing.repeat.durationUnit", "units-of-time"),
    ("base-binding-relationship", ("RegimenPlanDefinition",),
     lambda r: r["action"][1]["relatedAction"][0].update(relationship="sometime"),
     "PlanDefinition.action[1].relatedAction[0].relationship", "action-relationship-type"),
    ("base-binding-narrative-status", ("RegimenPlanDefinition",), lambda r: r["text"].update(status="made-up"),
     "PlanDefinition.text.status", "narrative-status"),
    ("base-binding-cud-type", ("AdverseEventFrequency",), _set(["type"], "side-effect"), "ClinicalUseDefinition.type",
     "clinical-use-definition-type"),
    # ---- base: invariants (FHIRPath, and ele-1/ext-1/txt-1 in code)
    ("base-tim-1", ("RegimenMedicationActivity",), lambda r: r["dosage"][0]["timing"]["repeat"].pop("durationUnit"),
     "ActivityDefinition.dosage[0].timing.repeat", "tim-1"),
    ("base-tim-8", ("RegimenPlanDefinition",), _tim8, "PlanDefinition.action[0].action[0].timingTiming.repeat", "tim-8"),
    ("base-per-1", (None, "Provenance"), _set(["occurredPeriod"], {"start": "2024-02-01", "end": "2023-01-01"}),
     "Provenance.occurredPeriod", "per-1"),
    ("base-qty-3", ("RegimenPlanDefinition",), lambda r: r["action"][6]["timingDuration"].pop("system"),
     "PlanDefinition.action[6].timingDuration", "qty-3"),
    ("base-ext-1", ("RegimenPlanDefinition",), lambda r: drug_action(r)["extension"][0].update(valueInteger=1),
     f"{DRUG}.extension[0]", "ext-1"),
    ("base-ele-1", (None, "Provenance"), _set(["activity"], {}), "Provenance.activity", "ele-1"),
    ("base-txt-1", ("RegimenPlanDefinition",),
     lambda r: r["text"].update(div='<div xmlns="http://www.w3.org/1999/xhtml"><script>x()</script></div>'),
     "PlanDefinition.text.div", "txt-1"),
    ("base-ref-1", ("AdverseEventFrequency",), lambda r: r["subject"][0].update(reference="#missing"),
     "ClinicalUseDefinition.subject[0]", "ref-1"),
    # ---- base: reference and canonical targets
    ("base-reference-target-in-bundle", ("RegimenWarning",), "mk-subject", "ClinicalUseDefinition.subject[0].reference",
     "MedicationKnowledge"),
    ("base-reference-target-relative", ("AdverseEventFrequency",), lambda r: r["subject"][0].update(reference="Patient/p1"),
     "ClinicalUseDefinition.subject[0].reference", "Patient"),
    ("base-canonical-target", ("RegimenPlanDefinition",), "glossary-canonical", f"{DRUG}.definitionCanonical", "CodeSystem"),
    ("ext-context", ("RegimenPlanDefinition",),
     lambda r: r["extension"].append({"url": f"{BASE}/StructureDefinition/incidence",
                                      "valueQuantity": {"value": 5, "unit": "%", "system": "http://unitsofmeasure.org", "code": "%"}}),
     "PlanDefinition.extension[1]", "not allowed on PlanDefinition"),
    ("ext-context-core", ("AdverseEventFrequency",),
     lambda r: r["undesirableEffect"]["extension"].append({"url": DOC, "extension": [{"url": "day", "valueInteger": 1}]}),
     "ClinicalUseDefinition.undesirableEffect.extension[1]", "not allowed on ClinicalUseDefinition.undesirableEffect"),
    # ---- RegimenPlanDefinition
    ("pd-version-missing", ("RegimenPlanDefinition",), _del(["version"]), "PlanDefinition.version", "required"),
    ("pd-name-missing", ("RegimenPlanDefinition",), _del(["name"]), "PlanDefinition.name", "required"),
    ("pd-title-missing", ("RegimenPlanDefinition",), _del(["title"]), "PlanDefinition.title", "required"),
    ("pd-date-missing", ("RegimenPlanDefinition",), _del(["date"]), "PlanDefinition.date", "required"),
    ("pd-publisher-missing", ("RegimenPlanDefinition",), _del(["publisher"]), "PlanDefinition.publisher", "required"),
    ("pd-description-missing", ("RegimenPlanDefinition",), _del(["description"]), "PlanDefinition.description", "required"),
    ("pd-url-missing", ("RegimenPlanDefinition",), _del(["url"]), "PlanDefinition.url", "required"),
    ("pd-type-pattern", ("RegimenPlanDefinition",),
     _set(["type"], {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/plan-definition-type", "code": "eca-rule"}]}),
     "PlanDefinition.type", "pattern"),
    ("pd-action-title", ("RegimenPlanDefinition",), lambda r: r["action"][0].pop("title"), "PlanDefinition.action[0].title", "required"),
    ("pd-phase-title", ("RegimenPlanDefinition",), lambda r: r["action"][0]["action"][0].pop("title"),
     "PlanDefinition.action[0].action[0].title", "required"),
    ("pd-drug-definition-missing", ("RegimenPlanDefinition",), lambda r: drug_action(r).pop("definitionCanonical"),
     f"{DRUG}.definition", "required"),
    ("pd-drug-definition-type", ("RegimenPlanDefinition",),
     lambda r: drug_action(r).update(definitionUri=drug_action(r).pop("definitionCanonical")),
     f"{DRUG}.definitionUri", "not allowed"),
    ("pd-days-missing", ("RegimenPlanDefinition",), lambda r: drug_action(r).pop("extension"),
     "PlanDefinition.action[0].action[0]", "rgm-3"),
    ("pd-days-missing-next-to-other-extension", ("RegimenPlanDefinition",), _other_extension_instead_of_days,
     "PlanDefinition.action[0].action[0]", "rgm-3"),
    ("pd-days-twice", ("RegimenPlanDefinition",), lambda r: drug_action(r)["extension"].append(copy.deepcopy(drug_action(r)["extension"][0])),
     f"{DRUG}.extension[1]", "at most 1"),
    ("pd-day-zero", ("RegimenPlanDefinition",), lambda r: drug_action(r)["extension"][0]["extension"][0].update(valueInteger=0),
     DRUG, "rgm-1"),
    ("pd-day-not-integer", ("RegimenPlanDefinition",),
     lambda r: drug_action(r)["extension"][0]["extension"][0].update(valueString="1") or drug_action(r)["extension"][0]["extension"][0].pop("valueInteger"),
     f"{DRUG}.extension[0].extension[0].valueString", "not allowed"),
    ("pd-discontinuation-twice", ("RegimenPlanDefinition",), lambda r: r["extension"].append(copy.deepcopy(r["extension"][0])),
     "PlanDefinition.extension[1]", "at most 1"),
    ("pd-discontinuation-value-type", ("RegimenPlanDefinition",),
     _set(["extension", 0], {"url": f"{BASE}/StructureDefinition/discontinuation-rate", "valueString": "15%"}),
     "PlanDefinition.extension[0].valueString", "not allowed"),
    ("pd-discontinuation-unit", ("RegimenPlanDefinition",), lambda r: r["extension"][0]["valueQuantity"].update(code="mg"),
     "PlanDefinition.extension[0].valueQuantity.code", "'%'"),
    # ---- RegimenMedicationActivity
    ("ad-kind-fixed", ("RegimenMedicationActivity",), _set(["kind"], "ServiceRequest"), "ActivityDefinition.kind", "MedicationRequest"),
    ("ad-product-missing", ("RegimenMedicationActivity",), _del(["productCodeableConcept"]), "ActivityDefinition.product", "required"),
    ("ad-product-type", ("RegimenMedicationActivity",),
     lambda r: r.update(productReference={"reference": "Medication/m1"}) or r.pop("productCodeableConcept"),
     "ActivityDefinition.productReference", "not allowed"),
    ("ad-route-missing", ("RegimenMedicationActivity",), lambda r: r["dosage"][0].pop("route"), "ActivityDefinition.dosage[0].route", "required"),
    ("ad-dose-missing", ("RegimenMedicationActivity",), lambda r: r["dosage"][0]["doseAndRate"][0].pop("doseQuantity"),
     "ActivityDefinition.dosage[0].doseAndRate[0].dose", "required"),
    ("ad-dose-not-ucum", ("RegimenMedicationActivity",), lambda r: r["dosage"][0]["doseAndRate"][0]["doseQuantity"].update(system="http://example.org/units"),
     f"{AD_DOSE}.system", "unitsofmeasure"),
    ("ad-dose-code-missing", ("RegimenMedicationActivity",), lambda r: r["dosage"][0]["doseAndRate"][0]["doseQuantity"].pop("code"),
     f"{AD_DOSE}.code", "required"),
    ("ad-dosage-twice", ("RegimenMedicationActivity",), lambda r: r["dosage"].append(copy.deepcopy(r["dosage"][0])),
     "ActivityDefinition.dosage[1]", "at most 1"),
    ("ad-publisher-missing", ("RegimenMedicationActivity",), _del(["publisher"]), "ActivityDefinition.publisher", "required"),
    # ---- RegimenMonitoringActivity
    ("mon-kind-fixed", ("RegimenMonitoringActivity",), _set(["kind"], "MedicationRequest"), "ActivityDefinition.kind", "ServiceRequest"),
    ("mon-code-missing", ("RegimenMonitoringActivity",), _del(["code"]), "ActivityDefinition.code", "required"),
    # ---- RegimenMedicationKnowledge
    ("mk-code-missing", ("RegimenMedicationKnowledge",), _del(["code"]), "MedicationKnowledge.code", "required"),
    ("mk-status-missing", ("RegimenMedicationKnowledge",), _del(["status"]), "MedicationKnowledge.status", "required"),
    # ---- AdverseEventFrequency
    ("aef-incidence-missing", ("AdverseEventFrequency",), lambda r: r["undesirableEffect"].pop("extension"),
     "ClinicalUseDefinition.undesirableEffect", "rgm-4"),
    ("aef-incidence-twice", ("AdverseEventFrequency",),
     lambda r: r["undesirableEffect"]["extension"].append(copy.deepcopy(r["undesirableEffect"]["extension"][0])),
     "ClinicalUseDefinition.undesirableEffect.extension[1]", "at most 1"),
    ("aef-incidence-ratio-denominator", ("AdverseEventFrequency",),
     lambda r: r["undesirableEffect"]["extension"].__setitem__(0, {"url": f"{BASE}/StructureDefinition/incidence",
                                                                   "valueRatio": {"numerator": {"value": 1}}}),
     "ClinicalUseDefinition.undesirableEffect.extension[0].valueRatio.denominator", "required"),
    ("aef-incidence-unit", ("AdverseEventFrequency",),
     lambda r: r["undesirableEffect"]["extension"][0]["valueQuantity"].update(code="mg", unit="mg"),
     "ClinicalUseDefinition.undesirableEffect.extension[0].valueQuantity.code", "'%'"),
    ("aef-incidence-value-type", ("AdverseEventFrequency",),
     lambda r: r["undesirableEffect"]["extension"][0].update(valueString="45%") or r["undesirableEffect"]["extension"][0].pop("valueQuantity"),
     "ClinicalUseDefinition.undesirableEffect.extension[0].valueString", "not allowed"),
    ("aef-symptom-missing", ("AdverseEventFrequency",), lambda r: r["undesirableEffect"].pop("symptomConditionEffect"),
     "ClinicalUseDefinition.undesirableEffect.symptomConditionEffect", "required"),
    ("aef-type-fixed", ("AdverseEventFrequency",), _set(["type"], "warning"), "ClinicalUseDefinition.type", "undesirable-effect"),
    ("aef-frequency-binding", ("AdverseEventFrequency",),
     lambda r: r["undesirableEffect"]["frequencyOfOccurrence"]["coding"][0].update(code="Sometimes"),
     "ClinicalUseDefinition.undesirableEffect.frequencyOfOccurrence", "undesirable-effect-frequency"),
    ("aef-status-binding", ("AdverseEventFrequency",), _set(["status"], {"coding": [{"system": "http://hl7.org/fhir/publication-status", "code": "finished"}]}),
     "ClinicalUseDefinition.status", "publication-status"),
    ("aef-subject-missing", ("AdverseEventFrequency",), _del(["subject"]), "ClinicalUseDefinition.subject", "required"),
    ("aef-warning-not-allowed", ("AdverseEventFrequency",), _set(["warning"], {"description": "x"}), "ClinicalUseDefinition.warning", "at most 0"),
    # ---- RegimenWarning and warning-period
    ("warn-type-binding", ("RegimenWarning",), _set(["type"], "indication"), "ClinicalUseDefinition.type", "regimen-warning-type"),
    ("warn-identifier-missing", ("RegimenWarning",), _del(["identifier"]), "ClinicalUseDefinition.identifier", "required"),
    ("warn-rgm-2", ("RegimenWarning",), lambda r: r["warning"].pop("description"), "ClinicalUseDefinition", "rgm-2"),
    ("warn-period-duration-missing", ("RegimenWarning", None, 0, "warning-period"), _warning_periods,
     "ClinicalUseDefinition.extension[0].extension", "duration"),
    ("warn-period-population-binding", ("RegimenWarning", None, 0, "warning-period"),
     lambda r: r["extension"][0]["extension"][0]["valueCoding"].update(code="women"),
     "ClinicalUseDefinition.extension[0].extension[0].valueCoding", "administrative-gender"),
    ("warn-period-outer-value", ("RegimenWarning", None, 0, "warning-period"), lambda r: r["extension"][0].update(valueString="x"),
     "ClinicalUseDefinition.extension[0].valueString", "at most 0"),
    # ---- RegimenGlossary
    ("gl-content-fixed", ("RegimenGlossary",), _set(["content"], "fragment"), "CodeSystem.content", "complete"),
    ("gl-display-missing", ("RegimenGlossary",), lambda r: r["concept"][0].pop("display"), "CodeSystem.concept[0].display", "required"),
    ("gl-publisher-missing", ("RegimenGlossary",), _del(["publisher"]), "CodeSystem.publisher", "required"),
    # ---- our namespace
    ("own-unknown-extension", ("RegimenPlanDefinition",), lambda r: r["extension"].append({"url": f"{BASE}/StructureDefinition/nope", "valueString": "x"}),
     "PlanDefinition.extension[1].url", "unknown extension"),
    ("own-unknown-profile", ("RegimenPlanDefinition",), _set(["meta"], {"profile": [f"{BASE}/StructureDefinition/Nope"]}),
     "PlanDefinition.meta.profile[0]", "not one of ours"),
]


def test_corpus_is_large_and_covers_every_profile():
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)
    selectors = {c[1][0] for c in CASES}
    assert {"RegimenPlanDefinition", "RegimenMedicationActivity", "RegimenMonitoringActivity", "RegimenMedicationKnowledge",
            "AdverseEventFrequency", "RegimenWarning", "RegimenGlossary"} <= selectors


def test_clean_resources_have_no_errors(bundle):
    refs = bundle_references(bundle)
    for e in bundle["entry"]:
        issues = validate_resource(e["resource"], "R4B", refs)
        assert not has_errors(issues), (e["resource"]["id"], issues)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_mutation_is_rejected_at_its_path(bundle, case):
    _, selector, mutate, path, words = case
    resource = pick(bundle, *selector)
    refs = bundle_references(bundle)
    assert not has_errors(validate_resource(resource, "R4B", refs))
    if mutate == "mk-subject":
        mutate = _mk_subject(bundle)
    elif mutate == "glossary-canonical":
        mutate = _glossary_canonical(bundle)
    mutate(resource)
    issues = validate_resource(resource, "R4B", refs)
    errors = [i for i in issues if i.severity in ("error", "fatal")]
    at_path = [i for i in errors if i.expression == path]
    assert at_path, f"no error at {path}; got {[(i.expression, i.diagnostics) for i in issues]}"
    assert any(words.lower() in i.diagnostics.lower() for i in at_path), [(i.expression, i.diagnostics) for i in at_path]


def test_name_rule_is_a_warning_not_an_error(bundle):
    pd = pick(bundle, "RegimenPlanDefinition")
    pd["name"] = "not a computable name"
    issues = validate_resource(pd, "R4B")
    assert any(i.severity == "warning" and i.diagnostics.startswith("cnl-0") for i in issues)
    assert not has_errors(issues)


def test_bundle_duplicate_full_url_is_rejected(bundle):
    doc = copy.deepcopy(bundle)
    doc["entry"][1]["fullUrl"] = doc["entry"][0]["fullUrl"]
    issues = validate_document(doc)
    assert any(i.severity == "error" and "bdl-7" in i.diagnostics for i in issues)
    assert not has_errors(validate_document(bundle))


def test_entry_issues_carry_the_entry_path(bundle):
    doc = copy.deepcopy(bundle)
    del doc["entry"][0]["resource"]["version"]
    errors = [i for i in validate_document(doc) if i.severity == "error"]
    assert [i.expression for i in errors] == ["Bundle.entry[0].resource.version"]


def test_other_canonical_base_maps_to_the_profiles(tmp_path, sources):
    from regimen_fhir.map import MapContext

    base = "https://fhir.hospital.example/regimens"
    pipeline.run([sources], pipeline.ConvertOptions(out_dir=tmp_path, context=MapContext(canonical_base=base)))
    doc = json.loads((tmp_path / "inotuzumab-ozogamicin.json").read_text())
    assert not has_errors(validate_document(doc, "R4B", base))
    pd = next(e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "PlanDefinition")
    del pd["version"]
    drug_action(pd).pop("extension")
    errors = {i.expression for i in validate_document(doc, "R4B", base) if i.severity == "error"}
    assert {"Bundle.entry[0].resource.version", "Bundle.entry[0].resource.action[0].action[0]"} <= errors


def test_r5_base_rules_and_r5_profiles_apply():
    """The base walker reads the R5 core package and our R5 profiles (profiles/package-r5) are
    checked: no "profiles not installed" warning any more (tests/test_validate_r5.py has the rest)."""
    res = {"resourceType": "PlanDefinition", "status": "active", "meta": {"profile": [f"{BASE}/StructureDefinition/RegimenPlanDefinition"]},
           "action": [{"id": "a", "title": "x", "relatedAction": [{"targetId": "b", "relationship": "never"}]}],
           "date": 20240101}
    issues = validate_resource(res, "R5")
    errors = {(i.expression, i.code) for i in issues if i.severity == "error"}
    assert {("PlanDefinition.action[0].relatedAction[0].relationship", "code-invalid"), ("PlanDefinition.date", "value"),
            ("PlanDefinition.version", "required"), ("PlanDefinition.type", "required")} <= errors
    assert not any(i.code == "not-supported" for i in issues)
    assert any(i.diagnostics.startswith("dom-6") for i in issues)  # inherited invariants, not on R5 snapshots
    # the same resource in R4B: targetId is an R5 element
    assert ("PlanDefinition.action[0].relatedAction[0].targetId", "structure") in {
        (i.expression, i.code) for i in validate_resource(res, "R4B")}
