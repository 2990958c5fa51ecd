"""Every fact of shared/fixtures/chemoexperts/EXPECTED.md lands in the FHIR element it belongs in."""
from __future__ import annotations

import pytest

from helpers import action, convert, days_of, load, resources

SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"


@pytest.fixture(scope="module")
def bundle(shared_fixtures, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    result = convert([shared_fixtures], out, "--bundle-type", "collection")  # content, with ids
    assert result.exit_code == 0, result.output
    return load(out / "inotuzumab-ozogamicin.json")


@pytest.fixture(scope="module")
def plan(bundle):
    (pd,) = resources(bundle, "PlanDefinition")
    return pd


@pytest.fixture(scope="module")
def activities(bundle):
    return {f"{a['url']}|{a['version']}": a for a in resources(bundle, "ActivityDefinition")}


def codes(concept: dict, system: str) -> list[str]:
    return [c["code"] for c in concept.get("coding", []) if c["system"] == system]


def test_regimen_metadata(plan):
    assert plan["title"] == "Inotuzumab Ozogamicin (Besponsa®)"
    assert plan["name"] == "InotuzumabOzogamicinBesponsa"
    assert plan["status"] == "active" and plan["experimental"] is False
    assert plan["version"] == "2019-06-24" and plan["date"] == "2019-06-24"
    assert plan["url"].endswith("/PlanDefinition/" + plan["id"])
    assert plan["publisher"] and plan["description"]


def test_created_date_kept(bundle):
    (prov,) = resources(bundle, "Provenance")
    assert prov["occurredPeriod"] == {"start": "2019-02-14", "end": "2019-06-24"}


def test_indication_coded_with_status(plan):
    focus = [u["valueCodeableConcept"] for u in plan["useContext"] if u["code"]["code"] == "focus"]
    assert codes(focus[0], SNOMED) == ["91857003"]
    assert focus[0]["text"] == "Acute Lymphoid Leukemia (ALL)"
    assert "relapsed or refractory after at least one prior treatment" in focus[1]["text"]


def test_goals(plan, bundle):
    goals = {g["description"]["text"]: g for g in plan["goal"]}
    assert set(goals) == {"Remission", "Cure"}
    cure = goals["Cure"]
    assert cure["priority"]["text"] == "possibly cure"
    (cs,) = resources(bundle, "CodeSystem")
    assert cure["description"]["coding"][0] == {"system": cs["url"], "code": "cure", "display": "Cure"}
    assert any(c["code"] == "cure" and "no cancer cells left" in c["definition"] for c in cs["concept"])


def test_mechanism(plan):
    assert plan["purpose"].startswith("Inotuzumab ozogamicin is an antibody that targets leukemia cells.")
    assert "calicheamicin" in plan["purpose"]


def test_citation(plan):
    cites = [r for r in plan["relatedArtifact"] if r["type"] == "citation"]
    assert len(cites) == 1
    assert "Kantarjian HM" in cites[0]["citation"] and "2016;375:740-753" in cites[0]["citation"]


def test_discontinuation_rate(plan):
    (ext,) = [e for e in plan["extension"] if e["url"].endswith("/discontinuation-rate")]
    assert ext["valueQuantity"] == {"value": 15, "unit": "%", "system": UCUM, "code": "%"}


def _doses(act: dict, activities: dict) -> list[tuple[float, list[int]]]:
    out = []
    for child in act["action"]:
        ad = activities[child["definitionCanonical"]]
        out.append((ad["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"], days_of(child)))
    return out


def test_cycle_one(plan, activities):
    c1 = action(plan, "cycle-1")
    assert c1["timingTiming"]["repeat"] == {"count": 1, "duration": 21, "durationUnit": "d"}
    assert "induction" in c1["title"].lower()
    assert _doses(c1, activities) == [(0.8, [1]), (0.5, [8, 15])]


def _expr(act):
    return {c["expression"]["expression"] for c in act.get("condition", [])}


def test_later_cycles_in_complete_response(plan, activities):
    for key, count_max, transplant in (("later-complete-response-transplant", 2, "ProceedingToTransplant"),
                                       ("later-complete-response-not-transplant", 5, "NotProceedingToTransplant")):
        act = action(plan, key)
        assert act["timingTiming"]["repeat"] == {"count": 1, "countMax": count_max, "duration": 28, "durationUnit": "d"}
        assert _expr(act) == {"InCompleteResponse", transplant}
        assert _doses(act, activities) == [(0.5, [1, 8, 15])]
        assert act["relatedAction"] == [{"actionId": "cycle-1", "relationship": "after-end"}]


def test_later_cycles_not_in_complete_response(plan, activities):
    act = action(plan, "later-not-complete-response")
    # stop when no complete remission after three cycles: cycle 1 + at most 2 more
    assert act["timingTiming"]["repeat"] == {"count": 1, "countMax": 2, "duration": 28, "durationUnit": "d"}
    assert _expr(act) == {"NotInCompleteResponse"}
    assert "three cycles" in act["description"]
    assert _doses(act, activities) == [(0.8, [1]), (0.5, [8, 15])]


def test_each_administration(activities):
    meds = [a for a in activities.values() if a["kind"] == "MedicationRequest"]
    assert len(meds) == 2
    for ad in meds:
        assert ad["productCodeableConcept"]["text"] == "inotuzumab ozogamicin"
        assert codes(ad["productCodeableConcept"], RXNORM) or codes(ad["productCodeableConcept"], "http://www.whocc.no/atc")
        dosage = ad["dosage"][0]
        assert codes(dosage["route"], SNOMED) == ["47625008"]
        dq = dosage["doseAndRate"][0]["doseQuantity"]
        assert (dq["unit"], dq["system"], dq["code"]) == ("mg/m2", UCUM, "mg/m2")
        assert dosage["timing"]["repeat"] == {"duration": 60, "durationUnit": "min"}
        dyn = {d["path"]: d["expression"]["expression"] for d in ad["dynamicValue"]}
        assert dyn["dosage[0].doseAndRate[0].doseQuantity.value"] == f"{dq['value']} * %bodySurfaceArea"
        assert dyn["dosage[0].doseAndRate[0].doseQuantity.code"] == "'mg'"


def test_observation_and_setting(plan):
    obs = action(plan, "post-infusion-observation")
    assert obs["timingDuration"] == {"value": 1, "unit": "h", "system": UCUM, "code": "h"}
    assert {r["relationship"] for r in obs["relatedAction"]} == {"after-end"}
    venues = [u["valueCodeableConcept"]["text"] for u in plan["useContext"] if u["code"]["code"] == "venue"]
    assert "outpatient infusion center" in venues


def test_monitoring_labs(plan, activities):
    group = action(plan, "monitoring-before-each-treatment")
    labs = [activities[c["definitionCanonical"]] for c in group["action"]]
    loinc = [codes(a["code"], LOINC) for a in labs]
    assert loinc == [["58410-2"], ["24323-8"], ["3084-1"], ["2777-1"], ["2532-0"]]
    assert all(a["kind"] == "ServiceRequest" for a in labs)
    assert "Complete Blood Count" in labs[0]["description"]  # glossary definition carried over
    assert {r["relationship"] for r in group["relatedAction"]} == {"before-start"}


def test_monitoring_ecg_and_imaging(plan, activities):
    acts = [a for a in plan["action"] if a["id"].startswith("monitoring-")]
    ecg = next(a for a in acts if a["id"].startswith("monitoring-ecg"))
    ecg_ad = activities[ecg["definitionCanonical"]]
    assert codes(ecg_ad["code"], LOINC) == ["11524-6"]
    assert "QTc" in ecg_ad["purpose"]
    assert "periodically" in ecg["timingTiming"]["code"]["text"]
    imaging = [a for a in acts if a["id"].startswith("monitoring-imaging")]
    assert len(imaging) == 3
    assert all(_expr(a) == {"ConcernForInfectionClotOrBleeding"} for a in imaging)


def test_premedication_and_cytoreduction(plan):
    pre = action(plan, "premedication")
    assert pre["requiredBehavior"] == "could"
    names = [a["title"] for a in pre["action"]]
    assert names == ["diphenhydramine", "acetaminophen", "hydrocortisone"]  # not rituximab
    assert all(a["code"][0]["coding"][0]["system"] == RXNORM for a in pre["action"])
    cyto = action(plan, "cytoreduction")
    assert [a["title"] for a in cyto["action"]] == ["hydroxyurea", "vincristine", "dexamethasone"]
    (cond,) = cyto["condition"]
    assert cond["expression"]["expression"] == "%whiteBloodCellCount > 10000 '/mm3'"


def test_side_effects(bundle, plan):
    effects = [c for c in resources(bundle, "ClinicalUseDefinition") if c["type"] == "undesirable-effect"]
    assert len(effects) == 25
    first, last = effects[0], effects[-1]
    assert first["undesirableEffect"]["symptomConditionEffect"]["concept"]["text"] == "Low white blood cells [neutropenia]"
    assert last["undesirableEffect"]["symptomConditionEffect"]["concept"]["text"] == "Shortness of breath"
    pd_full_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is plan or e["resource"]["id"] == plan["id"])
    for e in effects:
        ue = e["undesirableEffect"]
        (inc,) = ue["extension"]
        assert inc["valueQuantity"]["code"] == "%"
        assert ue["frequencyOfOccurrence"]["coding"][0]["system"] == "http://hl7.org/fhir/undesirable-effect-frequency"
        assert e["subject"][0]["reference"] == pd_full_url
    by_text = {e["undesirableEffect"]["symptomConditionEffect"]["concept"]["text"]: e for e in effects}
    for text, code, pct in (("Low white blood cells [neutropenia]", "165517008", 48),
                            ("Low platelets [thrombocytopenia]", "302215000", 45),
                            ("Low red blood cells [anemia]", "271737000", 30),
                            ("Severe liver injury [veno-occlusive disease]", "65617004", 11)):
        concept = by_text[text]["undesirableEffect"]["symptomConditionEffect"]["concept"]
        assert codes(concept, SNOMED) == [code]
        assert by_text[text]["undesirableEffect"]["extension"][0]["valueQuantity"]["value"] == pct


def test_medication_knowledge(bundle):
    (mk,) = resources(bundle, "MedicationKnowledge")
    assert mk["code"]["text"] == "inotuzumab ozogamicin"
    assert mk["synonym"] == ["Besponsa"]
    assert codes(mk["intendedRoute"][0], SNOMED) == ["47625008"]
    assert mk["status"] == "active"


def test_label_warnings(bundle):
    warnings = [c for c in resources(bundle, "ClinicalUseDefinition") if c["type"] != "undesirable-effect"]
    by_type = {}
    for w in warnings:
        by_type.setdefault(w["type"], []).append(w)
    texts = " ".join(w.get("warning", {}).get("description", "") for w in by_type["warning"])
    assert "veno-occlusive disease" in texts and "heart rhythm" in texts and "Dosage adjustments" in texts
    vod = next(w for w in by_type["warning"] if "veno-occlusive" in w["warning"]["description"])
    assert codes(vod["warning"]["code"], SNOMED) == ["65617004"]
    qt = next(w for w in by_type["warning"] if "heart rhythm" in w["warning"]["description"])
    assert codes(qt["warning"]["code"], SNOMED) == ["111975006"] and "ECG" in qt["warning"]["description"]
    (interaction,) = by_type["interaction"]
    assert interaction["interaction"]["interactant"][0]["itemCodeableConcept"] == {"text": "medications known to interfere with heart rhythm"}
    assert codes(interaction["interaction"]["effect"]["concept"], SNOMED) == ["111975006"]
    fetal = next(w for w in by_type["warning"] if "fetal harm" in w["warning"]["description"])
    periods = {(p["extension"][0]["valueCoding"]["code"], p["extension"][1]["valueDuration"]["value"])
               for p in fetal["extension"]}
    assert periods == {("female", 8), ("male", 5)}
    (lactation,) = by_type["contraindication"]
    period = lactation["extension"][0]["extension"]
    assert period[0]["valueDuration"] == {"value": 2, "unit": "mo", "system": UCUM, "code": "mo"}
    assert period[1]["valueString"] == "last dose"


def test_glossary(bundle):
    (cs,) = resources(bundle, "CodeSystem")
    concepts = {c["code"]: c for c in cs["concept"]}
    assert set(concepts) == {"cure", "cbc", "cmp", "qtc", "vod"}
    assert len(concepts["cmp"]["concept"]) == 14
    assert concepts["cmp"]["concept"][0]["display"] == "Sodium"
    props = {p["code"]: p["valueDecimal"] for p in concepts["qtc"]["property"]}
    assert props == {"upper-limit-men": 450, "upper-limit-women": 460}
    aliases = [d["value"] for d in concepts["vod"]["designation"]]
    assert any("SOS" in a for a in aliases)


def test_provenance(bundle):
    import hashlib
    from conftest import SHARED_FIXTURES
    (prov,) = resources(bundle, "Provenance")
    sha = hashlib.sha256((SHARED_FIXTURES / "inotuzumab-ozogamicin.html").read_bytes()).hexdigest()
    what = prov["entity"][0]["what"]
    assert what["display"] == "inotuzumab-ozogamicin.html" and what["identifier"]["value"] == sha
    assert len(prov["target"]) == len(bundle["entry"]) - 1
