"""Parser breadth on the project's own pages: markup forms, encodings, phrases, lint, and what reaches FHIR."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from regimen_fhir import parse
from regimen_fhir.errors import NotARegimenPage
from regimen_fhir.map import MapContext, map_regimen
from regimen_fhir.model import Regimen
from regimen_fhir.pipeline import ConvertOptions, run

DATA = Path(__file__).parent / "data"


def regimen(sources, name) -> Regimen:
    r = parse.parse_file(sources / name)
    assert isinstance(r, Regimen)
    return r


def resources(r: Regimen) -> list[dict]:
    return [m.resource for m in map_regimen(r, [], MapContext())]


def by_type(res, rtype):
    return [r for r in res if r["resourceType"] == rtype]


def activity(res, drug, value=None):
    for ad in by_type(res, "ActivityDefinition"):
        if ad.get("productCodeableConcept", {}).get("text") == drug:
            q = ad["dosage"][0]["doseAndRate"][0].get("doseQuantity", {})
            if value is None or q.get("value") == value:
                return ad
    raise AssertionError(f"no activity for {drug} {value}")


def test_all_sources_convert_and_validate(sources, tmp_path):
    results = run([sources], ConvertOptions(out_dir=tmp_path))
    failed = [(r.file, r.error) for r in results if r.status == "failed"]
    assert failed == []
    assert sum(r.status == "converted" for r in results) >= 17


@pytest.mark.parametrize("name", ["abvd.html", "bep.html"])
def test_windows_1252_with_and_without_meta_charset(sources, name):
    r = regimen(sources, name)
    texts = [r.title] + [a.text for p in r.phases for a in p.administrations] + [e.wording for e in r.side_effects]
    assert not any("\ufffd" in t for t in texts)
    assert all(a.dose.unit in ("mg/m2", "U/m2", "U") for p in r.phases for a in p.administrations)


def test_entities_nbsp_soft_hyphen_and_sup(sources):
    r = regimen(sources, "r-chop.html")
    drugs = [a.drug for a in r.phases[0].administrations]
    assert drugs == ["rituximab", "cyclophosphamide", "doxorubicin", "vincristine", "prednisone"]  # soft hyphen
    assert r.title == "R-CHOP"  # non-breaking hyphen
    assert r.phases[0].administrations[0].dose.unit == "mg/m2"  # &nbsp;mg/m<sup>2</sup>


def test_same_drug_twice_in_a_cycle_is_two_activities_not_a_conflict(sources):
    r = regimen(sources, "mfolfox6.html")
    fu = [a for a in r.phases[0].administrations if a.drug == "fluorouracil"]
    assert [(a.dose.value, a.route_text) for a in fu] == [(400, "IV bolus"), (2400, "continuous IV infusion")]
    assert not [f for f in r.findings if f.code == "two-doses-same-day"]
    res = resources(r)
    infusion = activity(res, "fluorouracil", 2400)
    assert infusion["dosage"][0]["timing"]["repeat"] == {"duration": 46, "durationUnit": "h"}
    assert "timing" not in activity(res, "fluorouracil", 400)["dosage"][0]


def test_two_doses_for_the_same_drug_day_is_linted():
    html = b"""<html><body><h1>Test regimen</h1><h2>Schedule</h2><ul>
    <li>Cisplatin 75 mg/m2 IV over 60 minutes on day 1</li><li>Cisplatin 100 mg/m2 IV over 60 minutes on day 1</li>
    </ul><p>Repeat every 21 days.</p></body></html>"""
    r = parse.parse_bytes(html, "t.html")
    assert [f.code for f in r.findings] == ["two-doses-same-day"]


def test_frequency_maps_to_timing_repeat(sources):
    res = resources(regimen(sources, "capecitabine.html"))
    ad = activity(res, "capecitabine")
    assert ad["dosage"][0]["timing"]["repeat"] == {"frequency": 2, "period": 1, "periodUnit": "d"}
    assert ad["dosage"][0]["route"]["coding"][0]["code"] == "26643006"
    pd = by_type(res, "PlanDefinition")[0]
    phase = pd["action"][0]["action"][0]
    assert phase["timingTiming"]["repeat"] == {"duration": 21, "durationUnit": "d"}  # no count stated, none made up
    days = phase["action"][0]["extension"][0]["extension"]
    assert [d["valueInteger"] for d in days] == list(range(1, 15))


def test_auc_dose_is_a_ucum_target_with_the_calvert_formula(sources):
    ad = activity(resources(regimen(sources, "carboplatin-paclitaxel.html")), "carboplatin")
    q = ad["dosage"][0]["doseAndRate"][0]["doseQuantity"]
    assert q == {"value": 7.5, "unit": "mg.min/mL", "system": "http://unitsofmeasure.org", "code": "mg.min/mL"}
    assert ad["dynamicValue"][0]["expression"]["expression"] == "7.5 * (%glomerularFiltrationRate + 25)"


def test_incidence_forms_reach_fhir(sources):
    res = resources(regimen(sources, "lenalidomide-dexamethasone.html"))
    cuds = {c["undesirableEffect"]["symptomConditionEffect"]["concept"]["text"]: c["undesirableEffect"]
            for c in by_type(res, "ClinicalUseDefinition")}
    ratio = cuds["Tiredness [fatigue]"]["extension"][0]["valueRatio"]
    assert ratio == {"numerator": {"value": 1}, "denominator": {"value": 3}}
    assert cuds["Tiredness [fatigue]"]["frequencyOfOccurrence"]["coding"][0]["code"] == "Common"
    clots = cuds["Blood clots in the legs or lungs"]
    assert "extension" not in clots  # a category only: no number made up
    assert clots["frequencyOfOccurrence"]["coding"][0]["code"] == "Uncommon"
    res = resources(regimen(sources, "bep.html"))
    ue = next(c["undesirableEffect"] for c in by_type(res, "ClinicalUseDefinition")
              if "ototoxicity" in c["undesirableEffect"]["symptomConditionEffect"]["concept"]["text"])
    assert ue["extension"][0]["valueQuantity"]["comparator"] == "<="


def test_sequential_phases_follow_each_other(sources):
    res = resources(regimen(sources, "blinatumomab.html"))
    phases = by_type(res, "PlanDefinition")[0]["action"][0]["action"]
    assert [p["title"] for p in phases] == ["Cycle 1 (induction)", "Cycle 2 (induction)",
                                           "Cycles 3 to 5 (consolidation)", "Cycles 6 to 9 (continued therapy)"]
    assert [p.get("relatedAction", [{}])[0].get("actionId") for p in phases] == [
        None, phases[0]["id"], phases[1]["id"], phases[2]["id"]]
    assert [len(p["action"]) for p in phases] == [2, 1, 1, 1]  # the dose step in cycle 1


def test_dl_sections_are_not_a_glossary(sources):
    r = regimen(sources, "carboplatin-paclitaxel.html")
    assert r.glossary == [] and len(r.phases[0].administrations) == 2 and len(r.side_effects) == 5
    assert len(r.references) == 1


def test_tab_labels_name_phases(sources):
    r = regimen(sources, "dose-dense-ac-t.html")
    assert [(p.label, p.count, p.first_cycle) for p in r.phases] == [("Cycles 1–4: AC", 4, 1), ("Cycles 5–8: T", 4, 5)]


def test_table_without_header_row_and_table_in_odd_column_order(sources):
    bep = regimen(sources, "bep.html")
    assert [(a.drug, a.days) for a in bep.phases[0].administrations] == [
        ("bleomycin", [1, 8, 15]), ("etoposide", [1, 2, 3, 4, 5]), ("cisplatin", [1, 2, 3, 4, 5])]
    vdp = regimen(sources, "vdp-induction.html")
    routes = [(a.drug, a.route) for a in vdp.phases[0].administrations]
    assert routes == [("vincristine", "intravenous"), ("dexamethasone", "oral"), ("pegaspargase", "intramuscular"),
                      ("cytarabine", "intrathecal"), ("methotrexate", "intrathecal")]


def test_unreadable_table_row_and_effect_are_reported_with_their_place():
    html = b"""<html><body><h1>Test regimen</h1><h2>Schedule</h2><table>
    <tr><th>Drug</th><th>Dose</th><th>Day</th></tr>
    <tr><td>Cisplatin</td><td>75 mg/m2</td><td>1</td></tr>
    <tr><td>Hydration</td><td>as needed</td><td>-</td></tr></table><p>Repeat every 21 days.</p>
    <h2>Side effects</h2><ul><li>Nausea (30%)</li><li>Feeling low</li></ul>
    <p>Other effects include hiccups, tinnitus (12%).</p></body></html>"""
    r = parse.parse_bytes(html, "t.html")
    reasons = {(f.reason, f.text) for f in r.not_mapped}
    assert ("table row without a drug and a dose or days", "Hydration | as needed | -") in reasons
    assert ("side effect without an incidence", "Feeling low") in reasons
    assert ("side effect without an incidence in a sentence", "hiccups") in reasons
    row = next(f for f in r.not_mapped if f.text.startswith("Hydration"))
    assert row.location.file == "t.html" and row.location.path.endswith("tr[3]") and row.location.section.endswith("Schedule")


def test_percent_over_100_is_linted():
    html = b"""<html><body><h1>Test regimen</h1><h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul>
    <h2>Side effects</h2><table><tr><td>Nausea</td><td>130%</td></tr></table></body></html>"""
    r = parse.parse_bytes(html, "t.html")
    assert [f.code for f in r.findings] == ["percent-over-100"]


def test_page_with_doses_in_prose_but_no_schedule_heading():
    html = b"""<html><body><h1>Test regimen</h1><p>Gemcitabine 1,000 mg/m2 IV over 30 minutes on days 1, 8 and 15.</p>
    <p>Repeat every 28 days for 6 cycles.</p></body></html>"""
    r = parse.parse_bytes(html, "t.html")
    p = r.phases[0]
    assert (p.length.value, p.count, p.administrations[0].days) == (28, 6, [1, 8, 15])


@pytest.mark.parametrize("name", ["about-us.html", "regimen-index.html"])
def test_non_regimen_pages_give_no_bundle(name, tmp_path):
    with pytest.raises(NotARegimenPage):
        parse.parse_file(DATA / name)
    results = run([DATA / name], ConvertOptions(out_dir=tmp_path))
    assert results[0].kind == "not-regimen" and results[0].status == "failed" and results[0].output is None
    assert list(tmp_path.glob("*.json")) == []


def test_shared_fixture_key_facts_unchanged(shared_fixtures):
    r = parse.parse_file(shared_fixtures / "inotuzumab-ozogamicin.html")
    assert [(p.key, p.length.value, p.count, p.count_max) for p in r.phases] == [
        ("cycle-1", 21, 1, None), ("later-complete-response-transplant", 28, 1, 2),
        ("later-complete-response-not-transplant", 28, 1, 5), ("later-not-complete-response", 28, 1, 2)]
    first = r.phases[0].administrations
    assert [(a.dose.value, a.days, a.infusion.value, a.route_text) for a in first] == [
        (Decimal("0.8"), [1], 60, "intravenous (I.V.) infusion"), (Decimal("0.5"), [8, 15], 60, "I.V. infusion")]
    assert len(r.side_effects) == 25 and r.discontinuation.value == 15
    assert sorted(f.code for f in r.findings if f.severity == "warning") == ["drug-not-in-regimen", "glossary-other-drug"]


def test_open_ended_treatment_is_a_stop_rule_not_a_count(sources):
    r = regimen(sources, "lenalidomide-dexamethasone.html")
    p = r.phases[0]
    assert p.count is None and p.count_max is None and "until the myeloma grows again" in p.stop_rule
    phase = by_type(resources(r), "PlanDefinition")[0]["action"][0]["action"][0]
    assert "until the myeloma grows again" in phase["description"]
    assert "count" not in phase["timingTiming"]["repeat"]


def test_page_whose_only_dose_is_outside_a_schedule_fails_with_no_schedule(tmp_path):
    page = tmp_path / "tips-only.html"
    page.write_bytes(b"""<html><body><h1>Test regimen</h1><h2>Tips</h2>
    <ul><li>Ondansetron 8 mg by mouth may help with nausea.</li></ul></body></html>""")
    r = parse.parse_file(page)
    assert r.phases == [] and [f.code for f in r.findings if f.severity == "error"] == ["no-schedule"]
    out = tmp_path / "out"
    results = run([page], ConvertOptions(out_dir=out))
    assert results[0].status == "failed" and "no dose schedule" in results[0].error
    assert not (out / "tips-only.json").exists()


def _accounted_paths(r: Regimen) -> set[str]:
    records = [p.location for p in r.phases] + [a.location for p in r.phases for a in p.administrations]
    for coll in (r.side_effects, r.references, r.monitoring, r.supportive, r.indications, r.goals, r.not_mapped,
                 r.findings, r.glossary, r.understood):
        records.extend(x.location for x in coll)
    records.extend(w.location for d in r.drugs for w in d.warnings)
    return {loc.path for loc in records if loc is not None and loc.path}


def _pages(sources):
    pages = sorted(sources.glob("*.html"))
    fixture = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "chemoexperts" / "inotuzumab-ozogamicin.html"
    return pages + ([fixture] if fixture.is_file() else [])


def test_every_block_is_mapped_understood_or_reported(sources):
    """Nothing is dropped silently: each text block of every page is the location of a model record, of an
    understood piece (cycle rule, date, table header ...) or of a not-mapped fragment with its reason."""
    from regimen_fhir.parse.blocks import segment
    from regimen_fhir.parse.load import load_file

    silent = []
    for page in _pages(sources):
        r = parse.parse_file(page)
        if not isinstance(r, Regimen):
            continue
        paths = _accounted_paths(r)
        for b in segment(load_file(page).tree):
            if not (b.path in paths or any(b.path.startswith(p + "/") for p in paths)):
                silent.append((page.name, b.path, b.text[:60]))
    assert silent == []


def test_a_block_nobody_reads_would_be_caught(sources):
    r = regimen(sources, "r-chop.html")
    paths = _accounted_paths(r)
    r.understood = [f for f in r.understood if "cycle rule" not in f.reason]
    assert _accounted_paths(r) < paths  # the cycle-rule paragraph is accounted for only by 'understood'


def test_response_dependent_phase_gets_its_condition():
    html = b"""<html><body><h1>Test regimen</h1><h2>Schedule</h2>
    <h3>Induction</h3><ul><li>Cytarabine 100 mg/m2/day continuous IV infusion over 7 days (days 1-7)</li>
    <li>Daunorubicin 60 mg/m2 IV push on days 1, 2 and 3</li></ul><p>Induction is one cycle of 28 days.</p>
    <h3>Consolidation (if in complete remission)</h3>
    <ul><li>Cytarabine 3 g/m2 IV over 3 hours every 12 hours on days 1, 3 and 5</li></ul>
    <p>Repeat every 28 days for 4 cycles.</p></body></html>"""
    r = parse.parse_bytes(html, "t.html")
    induction, consolidation = r.phases
    assert (induction.count, induction.length.value) == (1, 28)
    assert (consolidation.count, consolidation.length.value, consolidation.after) == (4, 28, induction.key)
    assert [c.key for c in consolidation.conditions] == ["complete-response"]
    hidac = consolidation.administrations[0]
    assert (hidac.dose.value, hidac.dose.unit, hidac.frequency.times, hidac.frequency.period, hidac.frequency.unit, hidac.days) == (3, "g/m2", 1, 12, "h", [1, 3, 5])
    ara_c = induction.administrations[0]
    assert (ara_c.dose.unit, ara_c.infusion.value, ara_c.infusion.unit, ara_c.days) == ("mg/m2/d", 7, "d", list(range(1, 8)))
    pd = next(m.resource for m in map_regimen(r, [], MapContext()) if m.resource["resourceType"] == "PlanDefinition")
    cons = pd["action"][0]["action"][1]
    assert cons["condition"][0]["expression"]["expression"] == "InCompleteResponse"
    assert cons["relatedAction"] == [{"actionId": induction.key, "relationship": "after-end"}]


def test_grid_table_with_one_column_per_day_and_cycle_length_in_the_heading(sources):
    r = regimen(sources, "gemcitabine-cisplatin.html")
    p = r.phases[0]
    assert (p.length.value, p.length.unit, p.count, p.count_max) == (28, "d", 1, 6)
    assert [(a.drug, a.dose.value, a.days, a.infusion.value, a.infusion.unit) for a in p.administrations] == [
        ("gemcitabine", 1000, [1, 8, 15], 30, "min"), ("cisplatin", 70, [2], 1, "h")]


def test_one_dose_per_cycle_without_a_day_is_day_1_with_a_warning(sources):
    r = regimen(sources, "pembrolizumab.html")
    a = r.phases[0].administrations[0]
    assert (a.drug, a.dose.value, a.days) == ("pembrolizumab", 200, [1])
    assert [f.code for f in r.findings] == ["day-1-assumed"]
    capecitabine = regimen(sources, "capecitabine.html")  # days stated: nothing assumed
    assert not [f for f in capecitabine.findings if f.code == "day-1-assumed"]


def test_continuous_daily_therapy_has_no_cycles_and_no_invented_days(sources):
    r = regimen(sources, "imatinib.html")
    p = r.phases[0]
    assert (p.length, p.count, p.administrations[0].days) == (None, None, [])
    assert p.administrations[0].frequency.times == 1
