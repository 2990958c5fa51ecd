"""Independent second opinions: the official JSON Schema of the core package on our output, and
another tool (fhircraft) building models from our profiles and accepting our output with them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from regimen_fhir import pipeline
from regimen_fhir.validate import packages

PROFILES = Path(__file__).resolve().parents[1] / "profiles" / "package"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, sources) -> list[dict]:
    out = tmp_path_factory.mktemp("out")
    results = pipeline.run([sources], pipeline.ConvertOptions(out_dir=out))
    return [json.loads((out / r.output).read_text()) for r in results if r.output]


@pytest.fixture(scope="module")
def bundle(outputs) -> dict:
    return next(b for b in outputs if b["entry"][0]["resource"].get("name", "").startswith("Inotuzumab"))


def test_output_passes_the_official_json_schema(outputs):
    import jsonschema

    schema = json.loads((packages.core("R4B").folder / "openapi" / "fhir.schema.json").read_text())
    defs = schema["definitions"]
    validators = {}
    checked = 0
    for bundle in outputs:
        for e in bundle["entry"]:
            res = e["resource"]
            rtype = res["resourceType"]
            if rtype not in validators:
                validators[rtype] = jsonschema.Draft6Validator({"$ref": f"#/definitions/{rtype}", "definitions": defs})
            errors = [f"{'/'.join(map(str, err.absolute_path))}: {err.message[:200]}" for err in validators[rtype].iter_errors(res)]
            assert not errors, (res["id"], errors[:5])
            checked += 1
    # and the schema is a real judge: it rejects what our validator rejects for formats
    bad = dict(outputs[0]["entry"][0]["resource"], date=20240115)
    assert list(validators["PlanDefinition"].iter_errors(bad))
    assert len(outputs) >= 1 and checked == sum(len(b["entry"]) for b in outputs)


@pytest.mark.filterwarnings("ignore")
def test_profiles_load_in_fhircraft_and_accept_our_output(bundle):
    pytest.importorskip("fhircraft")  # pinned in the test extras
    from fhircraft.fhir.resources.factory import FHIRModelFactory

    factory = FHIRModelFactory("R4B")
    factory.disable_internet_access()
    factory.register(packages.core("R4B").resource("http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"))
    sds = [json.loads(p.read_text()) for p in sorted(PROFILES.glob("StructureDefinition-*.json"))]
    for sd in sds:
        if sd["type"] == "Extension":
            factory.register(sd)
    built = 0
    for sd in sds:
        if sd["type"] == "Extension":
            continue
        model = factory.build(sd, mode="snapshot")
        for e in bundle["entry"]:
            res = e["resource"]
            if (res.get("meta") or {}).get("profile") != [sd["url"]]:
                continue
            if sd["name"] == "RegimenGlossary":
                # fhircraft 0.9.0 mistakes CodeSystem.concept.property for CodeSystem.property (asks for
                # a `type`); check the glossary without its concept properties
                res = json.loads(json.dumps(res))
                res.pop("property", None)
                for c in res["concept"]:
                    c.pop("property", None)
            model.model_validate(res)
        built += 1
    assert built == 7
    # the models carry our constraints: a medication activity without a route fails in fhircraft too
    model = factory.build(next(sd for sd in sds if sd["name"] == "RegimenMedicationActivity"), mode="snapshot")
    ad = json.loads(json.dumps(next(e["resource"] for e in bundle["entry"]
                                    if (e["resource"].get("meta") or {}).get("profile") == [next(sd for sd in sds if sd["name"] == "RegimenMedicationActivity")["url"]])))
    del ad["dosage"][0]["route"]
    with pytest.raises(Exception):
        model.model_validate(ad)
