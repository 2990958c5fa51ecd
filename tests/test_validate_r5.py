"""R5 profiles: generated from the same differentials as R4B (profiles/input) through the rename
table in map/versions.py, snapshots from the R5 core package (profiles/package-r5), and the
validator checking R5 output against them, timing-daysOfCycle from the R5 extensions pack."""
from __future__ import annotations

import copy
import re
import json
from pathlib import Path

import pytest

from regimen_fhir import pipeline
from regimen_fhir.map import MapContext
from regimen_fhir.map.versions import VERSIONS
from regimen_fhir.validate import bundle_references, has_errors, packages, validate_document, validate_resource
from regimen_fhir.validate.snapshot import SnapshotError, build, variant
from test_validate_mutations import CASES, _glossary_canonical, _mk_subject, pick

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://regimen-fhir.example.org/fhir"
DAYS = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"


def _r5(pages: list[Path], out: Path) -> list:
    options = pipeline.ConvertOptions(out_dir=out, fhir_version="R5", context=MapContext(version=VERSIONS["R5"]))
    return pipeline.run(pages, options)


@pytest.fixture(scope="module")
def r5_out(tmp_path_factory, sources) -> tuple[Path, list]:
    out = tmp_path_factory.mktemp("r5")
    return out, [r for r in _r5([sources], out) if r.kind == "regimen"]


@pytest.fixture(scope="module")
def r5_bundle(r5_out) -> dict:
    out, _ = r5_out
    return json.loads((out / "inotuzumab-ozogamicin.json").read_text())


# ---------------------------------------------------------------- generation

def test_generated_r5_profiles_are_up_to_date(tmp_path):
    build(ROOT / "profiles" / "input", tmp_path, "R5")
    committed = {p.name: p.read_text() for p in (ROOT / "profiles" / "package-r5").glob("*.json")}
    fresh = {p.name: p.read_text() for p in tmp_path.glob("*.json")}
    assert committed == fresh, "run `make profiles` and commit profiles/package-r5"
    manifest = json.loads((ROOT / "profiles/package-r5/package.json").read_text())
    assert manifest["fhirVersions"] == ["5.0.0"]
    assert manifest["dependencies"] == {"hl7.fhir.r5.core": "5.0.0", "hl7.fhir.uv.extensions.r5": "5.3.0-ballot-tc1"}


def test_r5_snapshots_come_from_the_r5_core():
    sd = json.loads((ROOT / "profiles/package-r5/StructureDefinition-RegimenPlanDefinition.json").read_text())
    assert sd["fhirVersion"] == "5.0.0"
    by_id = {e["id"]: e for e in sd["snapshot"]["element"]}
    assert by_id["PlanDefinition.action.code"]["max"] == "1"  # 0..* in R4B
    assert "PlanDefinition.action.relatedAction.targetId" in by_id and "PlanDefinition.action.relatedAction.actionId" not in by_id
    assert by_id["PlanDefinition.action.action.action.extension:daysOfCycle"]["type"][0]["profile"] == [DAYS]
    r4b = json.loads((ROOT / "profiles/package/StructureDefinition-RegimenPlanDefinition.json").read_text())
    assert sd["differential"] == r4b["differential"]  # the same rules: nothing was renamed here
    mk = json.loads((ROOT / "profiles/package-r5/StructureDefinition-RegimenMedicationKnowledge.json").read_text())
    assert {"MedicationKnowledge.definitional.intendedRoute", "MedicationKnowledge.clinicalUseIssue",
            "MedicationKnowledge.indicationGuideline.dosingGuideline.dosage"} <= {e["id"] for e in mk["snapshot"]["element"]}


def _differential(rtype: str, *elements: dict) -> dict:
    return {"resourceType": "StructureDefinition", "id": "T", "url": f"{BASE}/StructureDefinition/T", "name": "T",
            "status": "draft", "fhirVersion": "4.3.0", "kind": "resource", "abstract": False, "type": rtype,
            "baseDefinition": f"http://hl7.org/fhir/StructureDefinition/{rtype}", "derivation": "constraint",
            "differential": {"element": [{"id": rtype, "path": rtype}, *elements]}}


def _el(eid: str, **values) -> dict:
    return {"id": eid, "path": eid.replace(":route", ""), **values}


def test_renamed_elements_follow_r5(tmp_path):
    """A rule on an element R5 moved lands on its R5 place; one R5 dropped or narrowed stops the build."""
    mk = _differential("MedicationKnowledge", _el("MedicationKnowledge.intendedRoute", min=1),
                       _el("MedicationKnowledge.synonym", max="3"),
                       _el("MedicationKnowledge.administrationGuidelines.dosage", min=1))
    pd = _differential("PlanDefinition", _el("PlanDefinition.action.action.relatedAction.actionId", min=1))
    ids = [e["id"] for e in variant(mk, "R5")["differential"]["element"]]
    assert ids == ["MedicationKnowledge", "MedicationKnowledge.definitional.intendedRoute", "MedicationKnowledge.name",
                   "MedicationKnowledge.indicationGuideline.dosingGuideline.dosage"]
    assert variant(pd, "R5")["differential"]["element"][1]["path"] == "PlanDefinition.action.action.relatedAction.targetId"
    assert variant(mk, "R4B") == mk
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "mk.json").write_text(json.dumps(mk))
    build(folder, tmp_path / "out", "R5")
    snap = json.loads((tmp_path / "out" / "StructureDefinition-T.json").read_text())["snapshot"]["element"]
    assert next(e for e in snap if e["id"] == "MedicationKnowledge.definitional.intendedRoute")["min"] == 1
    for bad, words in [(_el("PlanDefinition.relatedArtifact.url", min=1), "no such element"),
                       (_el("PlanDefinition.action.code", max="*"), "max * is above the base's 1")]:
        (folder / "mk.json").write_text(json.dumps(_differential("PlanDefinition", bad)))
        build(folder, tmp_path / "r4b", "R4B")  # fine in R4B
        with pytest.raises(SnapshotError, match=re.escape(words)):
            build(folder, tmp_path / "out", "R5")


# ---------------------------------------------------------------- R5 output passes the R5 profiles

def _no_issue_left(doc: dict) -> list:
    return [(i.severity, i.expression, i.diagnostics) for i in validate_document(doc, "R5")
            if i.severity in ("error", "fatal") or i.code == "not-supported"]


def test_every_sources_page_is_valid_r5_with_profiles(r5_out):
    out, regimens = r5_out
    assert len(regimens) >= 20 and [(r.file, r.error) for r in regimens if r.status != "converted"] == []
    claimed = 0
    for r in regimens:
        doc = json.loads((out / r.output).read_text())
        assert _no_issue_left(doc) == [], r.file
        claimed += sum(bool((e["resource"].get("meta") or {}).get("profile")) for e in doc["entry"])
    assert claimed > 100  # our profiles were claimed, and checked (no "not checked" warning)


def test_shared_fixture_is_valid_r5_with_profiles(shared_fixtures, tmp_path):
    regimens = [r for r in _r5([shared_fixtures], tmp_path) if r.kind == "regimen"]
    assert regimens and all(r.status == "converted" for r in regimens), [(r.file, r.error) for r in regimens]
    for r in regimens:
        assert _no_issue_left(json.loads((tmp_path / r.output).read_text())) == [], r.file


def test_days_of_cycle_comes_from_the_extensions_pack(r5_bundle):
    assert packages.core("R5").resource(DAYS) is None and packages.extensions("R5").resource(DAYS) is not None
    pd = pick(r5_bundle, "RegimenPlanDefinition")
    day = pd["action"][0]["action"][0]["action"][0]["extension"][0]["extension"][0]
    day["valueString"] = str(day.pop("valueInteger"))
    errors = {i.expression: i.diagnostics for i in validate_resource(pd, "R5") if i.severity == "error"}
    assert "integer" in errors["PlanDefinition.action[0].action[0].action[0].extension[0].extension[0].valueString"]


def test_version_specific_context_of_the_extensions_pack(r5_bundle):
    """The pack lists RequestGroup.action (up to 4.3) and RequestOrchestration.action (from 5.0): in R5
    the first does not count, so the context is still decided (and PlanDefinition.action allowed)."""
    rg = {"resourceType": "RequestOrchestration", "status": "active", "intent": "proposal",
          "action": [{"resource": {"reference": "MedicationRequest/m1"},
                      "extension": [{"url": DAYS, "extension": [{"url": "day", "valueInteger": 1}]}]}]}
    assert not has_errors(validate_resource(rg, "R5")), validate_resource(rg, "R5")
    wrong = copy.deepcopy(rg)
    wrong["extension"] = wrong["action"][0].pop("extension")
    errors = [i for i in validate_resource(wrong, "R5") if i.severity == "error"]
    assert [i.expression for i in errors] == ["RequestOrchestration.extension[0]"]
    assert "RequestGroup" not in errors[0].diagnostics


# ---------------------------------------------------------------- mutation corpus, R5 variants

R5_CASES = {  # a representative subset: every profile, and each kind of base check
    "base-status-missing", "base-date-bad-month", "base-binding-relationship", "base-binding-cud-type", "base-tim-8",
    "base-ext-1", "base-reference-target-in-bundle", "base-canonical-target", "ext-context", "ext-context-core",
    "pd-version-missing", "pd-type-pattern", "pd-drug-definition-missing", "pd-days-missing", "pd-days-twice",
    "pd-day-zero", "pd-day-not-integer", "pd-discontinuation-unit",
    "ad-kind-fixed", "ad-product-type", "ad-dose-not-ucum", "ad-dosage-twice", "mon-code-missing",
    "mk-code-missing", "mk-status-missing", "aef-incidence-missing", "aef-incidence-unit", "aef-frequency-binding",
    "aef-status-binding", "aef-warning-not-allowed", "warn-type-binding", "warn-rgm-2", "warn-period-duration-missing",
    "gl-content-fixed", "gl-display-missing", "own-unknown-extension", "own-unknown-profile",
}
SUBSET = [c for c in CASES if c[0] in R5_CASES]


def test_r5_subset_is_representative():
    assert len(SUBSET) == len(R5_CASES)
    assert {c[1][0] for c in SUBSET} >= {"RegimenPlanDefinition", "RegimenMedicationActivity", "RegimenMonitoringActivity",
                                         "RegimenMedicationKnowledge", "AdverseEventFrequency", "RegimenWarning", "RegimenGlossary"}


def test_clean_r5_resources_have_no_errors(r5_bundle):
    refs = bundle_references(r5_bundle)
    for e in r5_bundle["entry"]:
        assert not has_errors(validate_resource(e["resource"], "R5", refs)), e["resource"]["id"]


@pytest.mark.parametrize("case", SUBSET, ids=[c[0] for c in SUBSET])
def test_r5_mutation_is_rejected_at_its_path(r5_bundle, case):
    _, selector, mutate, path, words = case
    resource = pick(r5_bundle, *selector)
    refs = bundle_references(r5_bundle)
    if mutate == "mk-subject":
        mutate = _mk_subject(r5_bundle)
    elif mutate == "glossary-canonical":
        mutate = _glossary_canonical(r5_bundle)
    mutate(resource)
    issues = validate_resource(resource, "R5", refs)
    at_path = [i for i in issues if i.severity in ("error", "fatal") and i.expression == path]
    assert at_path, f"no error at {path}; got {[(i.expression, i.diagnostics) for i in issues]}"
    assert any(words.lower() in i.diagnostics.lower() for i in at_path), [(i.expression, i.diagnostics) for i in at_path]


def test_r5_output_passes_the_official_r5_json_schema(r5_out, r5_bundle):
    """Second opinion: the JSON Schema of the R5 core package on every R5 resource we wrote."""
    import jsonschema

    out, regimens = r5_out
    defs = json.loads((packages.core("R5").folder / "openapi" / "fhir.schema.json").read_text())["definitions"]
    validators: dict = {}
    checked = 0
    for r in regimens:
        for e in json.loads((out / r.output).read_text())["entry"]:
            res = e["resource"]
            v = validators.setdefault(res["resourceType"], jsonschema.Draft6Validator(
                {"$ref": f"#/definitions/{res['resourceType']}", "definitions": defs}))
            errors = [f"{'/'.join(map(str, err.absolute_path))}: {err.message[:200]}" for err in v.iter_errors(res)]
            assert not errors, (r.file, res["id"], errors[:5])
            checked += 1
    assert checked > 100
    # the R5 schema knows R5: the R4B name of relatedAction's target is refused
    plan = copy.deepcopy(pick(r5_bundle, "RegimenPlanDefinition"))
    stack, related = [plan], []
    while stack:
        node = stack.pop()
        for a in node.get("action", []):
            related += a.get("relatedAction", [])
            stack.append(a)
    assert related and not list(validators["PlanDefinition"].iter_errors(plan))
    related[0]["actionId"] = related[0].pop("targetId")
    assert list(validators["PlanDefinition"].iter_errors(plan))
