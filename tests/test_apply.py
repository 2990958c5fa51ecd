"""apply: hand-computed schedules for the shared fixture and for the project's own test pages,
dose arithmetic, every bad input, FHIR validity, and the calendar as rendered by Chromium."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from regimen_fhir.apply import ApplyError, Facts, apply_file, body, mosteller
from regimen_fhir.apply.calendar import (CYCLE_TINT, DOSE_COLOUR, LAB_COLOUR, html, layout_for, svg)
from regimen_fhir.apply.dose import round_dose
from regimen_fhir.cli import main
from regimen_fhir.validate import validate_resource as _validate_resource


def validate_resource(resource: dict, version: str) -> list:
    """The validator's issues (every apply resource carries a narrative, so dom-6 stays quiet too)."""
    return _validate_resource(resource, version)

TEST_PAGES = Path(__file__).parent / "data" / "apply"
BASE = "http://regimen-fhir.example.org/fhir/ActivityDefinition/"


def convert(pages: list[Path], out: Path) -> Path:
    result = CliRunner().invoke(main, ["convert", *map(str, pages), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="session")
def own_bundles(tmp_path_factory) -> Path:
    return convert([TEST_PAGES], tmp_path_factory.mktemp("own"))


@pytest.fixture(scope="session")
def fixture_bundle(shared_fixtures, tmp_path_factory) -> Path:
    out = convert([shared_fixtures], tmp_path_factory.mktemp("fixture"))
    return out / "inotuzumab-ozogamicin.json"


def resources(bundle: dict, rtype: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def doses(applied) -> list[tuple[str, int, int, str]]:
    """(date, cycle, day, dose) for every dose, from the schedule."""
    return [(e.date.isoformat(), e.cycle, e.day, f"{e.dose.value.normalize():f} {e.dose.unit}")
            for e in applied.schedule.events]


def mr_doses(bundle: dict) -> list[tuple[str, float, str]]:
    """(date, value, unit) for every MedicationRequest, from the FHIR output."""
    out = []
    for mr in resources(bundle, "MedicationRequest"):
        d = mr["dosageInstruction"][0]
        q = d["doseAndRate"][0]["doseQuantity"]
        out.append((d["timing"]["event"][0], q["value"], q["code"]))
    return out


# --- the shared fixture: inotuzumab ozogamicin, BSA 1.8 m2 ------------------------------------------
# 0.8 mg/m2 x 1.8 m2 = 1.44 mg; 0.5 mg/m2 x 1.8 m2 = 0.9 mg. Cycle 1 is 21 days, later cycles 28.
CYCLE1 = [("2026-01-05", 1, 1, "1.44 mg"), ("2026-01-12", 1, 8, "0.9 mg"), ("2026-01-19", 1, 15, "0.9 mg")]
CR_CYCLES_2_3 = [("2026-01-26", 2, 1, "0.9 mg"), ("2026-02-02", 2, 8, "0.9 mg"), ("2026-02-09", 2, 15, "0.9 mg"),
                 ("2026-02-23", 3, 1, "0.9 mg"), ("2026-03-02", 3, 8, "0.9 mg"), ("2026-03-09", 3, 15, "0.9 mg")]
CR_CYCLES_4_6 = [("2026-03-23", 4, 1, "0.9 mg"), ("2026-03-30", 4, 8, "0.9 mg"), ("2026-04-06", 4, 15, "0.9 mg"),
                 ("2026-04-20", 5, 1, "0.9 mg"), ("2026-04-27", 5, 8, "0.9 mg"), ("2026-05-04", 5, 15, "0.9 mg"),
                 ("2026-05-18", 6, 1, "0.9 mg"), ("2026-05-25", 6, 8, "0.9 mg"), ("2026-06-01", 6, 15, "0.9 mg")]
NO_CR_CYCLES_2_3 = [("2026-01-26", 2, 1, "1.44 mg"), ("2026-02-02", 2, 8, "0.9 mg"), ("2026-02-09", 2, 15, "0.9 mg"),
                    ("2026-02-23", 3, 1, "1.44 mg"), ("2026-03-02", 3, 8, "0.9 mg"), ("2026-03-09", 3, 15, "0.9 mg")]
START = date(2026, 1, 5)  # a Monday


def test_fixture_complete_response_not_transplant_gets_six_cycles(fixture_bundle):
    a = apply_file(fixture_bundle, START, body(D("1.8"), None, None), Facts("complete", False, None))
    assert doses(a) == CYCLE1 + CR_CYCLES_2_3 + CR_CYCLES_4_6
    assert a.schedule.end == date(2026, 6, 14)  # cycle 6 starts May 18 and lasts 28 days
    assert [p.action_id for p in a.schedule.phases] == ["cycle-1", "later-complete-response-not-transplant"]
    assert mr_doses(a.bundle)[:4] == [("2026-01-05", 1.44, "mg"), ("2026-01-12", 0.9, "mg"),
                                      ("2026-01-19", 0.9, "mg"), ("2026-01-26", 0.9, "mg")]
    careplan = resources(a.bundle, "CarePlan")[0]
    assert careplan["period"] == {"start": "2026-01-05", "end": "2026-06-14"}


def test_fixture_transplant_caps_complete_response_at_three_cycles(fixture_bundle):
    a = apply_file(fixture_bundle, START, body(D("1.8"), None, None), Facts("complete", True, None))
    assert doses(a) == CYCLE1 + CR_CYCLES_2_3
    assert a.schedule.phases[1].action_id == "later-complete-response-transplant"


@pytest.mark.parametrize("transplant", [False, True])
def test_fixture_no_complete_response_stops_after_three_cycles(fixture_bundle, transplant):
    a = apply_file(fixture_bundle, START, body(D("1.8"), None, None), Facts("none", transplant, None))
    assert doses(a) == CYCLE1 + NO_CR_CYCLES_2_3  # 0.8 mg/m2 again on day 1 of each later cycle


def test_fixture_without_response_plans_cycle_one_and_says_why(fixture_bundle):
    a = apply_file(fixture_bundle, START, body(D("1.8"), None, None), Facts(None, False, None))
    assert doses(a) == CYCLE1
    assert len(a.schedule.pending) == 2 and all("--response" in p for p in a.schedule.pending)
    notes = [n["text"] for n in resources(a.bundle, "CarePlan")[0]["note"]]
    assert any(n.startswith("Not planned: If in complete response") for n in notes)


def test_fixture_cycles_option_limits_the_plan(fixture_bundle):
    a = apply_file(fixture_bundle, START, body(D("1.8"), None, None), Facts("complete", False, 2))
    assert doses(a) == CYCLE1 + CR_CYCLES_2_3[:3]


def test_fixture_requests_carry_route_infusion_labs_and_links(fixture_bundle):
    a = apply_file(fixture_bundle, START, body(None, D(170), D(65)), Facts("complete", True, None),
                   patient="Patient/p1")
    b = a.bundle
    # BSA by Mosteller: sqrt(170 x 65 / 3600) = 1.752 -> 1.75 m2; 0.8 x 1.75 = 1.4 mg; 0.5 x 1.75 = 0.875 mg
    assert a.schedule.body.bsa == D("1.75")
    assert [v for _, v, _ in mr_doses(b)][:3] == [1.4, 0.875, 0.875]
    bsa_obs = [o for o in resources(b, "Observation") if o["code"]["coding"][0]["code"] == "8277-6"]
    assert bsa_obs[0]["valueQuantity"] == {"value": 1.75, "unit": "m2", "system": "http://unitsofmeasure.org",
                                           "code": "m2"}
    assert "Mosteller" in bsa_obs[0]["method"]["text"]
    mr = resources(b, "MedicationRequest")[0]
    assert mr["subject"] == {"reference": "Patient/p1"}
    dosage = mr["dosageInstruction"][0]
    assert dosage["route"]["coding"][0]["code"] == "47625008"
    assert dosage["timing"] == {"event": ["2026-01-05"], "repeat": {"count": 1, "duration": 60, "durationUnit": "min"}}
    assert mr["instantiatesCanonical"][0].startswith(BASE + "inotuzumab-ozogamicin")
    assert mr["note"][0]["text"] == "Observe the patient for 1 h after the infusion."
    bsa_ref = next(e["fullUrl"] for e in b["entry"] if e["resource"] is bsa_obs[0])
    assert mr["supportingInformation"] == [{"reference": bsa_ref}]
    # 9 treatment days x 5 labs + the baseline ECG
    srs = resources(b, "ServiceRequest")
    assert len(srs) == 9 * 5 + 1
    assert sorted({s["occurrenceDateTime"] for s in srs}) == sorted({d for d, *_ in CYCLE1 + CR_CYCLES_2_3})
    assert {s["code"]["coding"][0]["code"] for s in srs} == {"58410-2", "24323-8", "3084-1", "2777-1", "2532-0",
                                                             "11524-6"}
    careplan, rg = resources(b, "CarePlan")[0], resources(b, "RequestGroup")[0]
    plan_url = resources_from_file(a.schedule.regimen.source)
    assert careplan["instantiatesCanonical"] == rg["instantiatesCanonical"] == [plan_url]
    rg_refs = [x["resource"]["reference"] for c in rg["action"] for d in c.get("action", []) for x in d["action"]]
    mr_urls = [e["fullUrl"] for e in b["entry"] if e["resource"]["resourceType"] == "MedicationRequest"]
    assert set(mr_urls) <= set(rg_refs)
    assert rg["action"][1]["timingPeriod"] == {"start": "2026-01-05", "end": "2026-01-25"}


def resources_from_file(path: str) -> str:
    plan = resources(json.loads(Path(path).read_text()), "PlanDefinition")[0]
    return f"{plan['url']}|{plan['version']}"


def test_every_output_resource_passes_the_validator(fixture_bundle, own_bundles):
    cases = [(fixture_bundle, Facts("complete", False, None)),
             (own_bundles / "bortezomib.json", Facts()), (own_bundles / "decitabine.json", Facts())]
    for path, facts in cases:
        a = apply_file(path, START, body(None, D(180), D(80)), facts, patient="Patient/p1")
        for e in a.bundle["entry"]:
            assert validate_resource(e["resource"], "R4B") == [], e["resource"]["id"]
        assert len({e["fullUrl"] for e in a.bundle["entry"]}) == len(a.bundle["entry"])


def test_same_inputs_give_the_same_bytes(fixture_bundle):
    run = lambda: apply_file(fixture_bundle, START, body(D("1.8"), None, None), Facts("none", False, None)).bundle
    assert json.dumps(run()) == json.dumps(run())


# --- the project's own test pages: other cycle lengths, multi-day dosing ---------------------------
def test_bortezomib_21_day_cycles_days_1_4_8_11(own_bundles):
    # BSA 1.9 m2: 1.3 mg/m2 x 1.9 m2 = 2.47 mg; cycles of 21 days, up to 8 cycles, no response condition
    a = apply_file(own_bundles / "bortezomib.json", date(2026, 3, 2), body(D("1.9"), None, None), Facts())
    got = doses(a)
    assert len(got) == 32 and {d for *_, d in got} == {"2.47 mg"}
    assert [(d, c, day) for d, c, day, _ in got[:8]] == [
        ("2026-03-02", 1, 1), ("2026-03-05", 1, 4), ("2026-03-09", 1, 8), ("2026-03-12", 1, 11),
        ("2026-03-23", 2, 1), ("2026-03-26", 2, 4), ("2026-03-30", 2, 8), ("2026-04-02", 2, 11)]
    assert got[-4:][0][:3] == ("2026-07-27", 8, 1) and got[-1][:3] == ("2026-08-06", 8, 11)
    assert a.schedule.end == date(2026, 8, 16)
    mr = resources(a.bundle, "MedicationRequest")[0]
    assert mr["dosageInstruction"][0]["route"]["coding"][0]["code"] == "34206005"  # subcutaneous
    assert "repeat" not in mr["dosageInstruction"][0]["timing"]  # an injection: no infusion time


def test_decitabine_28_day_cycles_days_1_to_5_from_height_and_weight(own_bundles):
    # Mosteller: sqrt(160 x 60 / 3600) = 1.633 -> 1.63 m2; 20 mg/m2 x 1.63 m2 = 32.6 mg
    a = apply_file(own_bundles / "decitabine.json", date(2026, 1, 1), body(None, D(160), D(60)), Facts())
    got = doses(a)
    assert len(got) == 20 and {d for *_, d in got} == {"32.6 mg"}
    assert [d for d, *_ in got[:10]] == ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04", "2026-01-05",
                                         "2026-01-29", "2026-01-30", "2026-01-31", "2026-02-01", "2026-02-02"]
    assert [d for d, c, day, _ in got if day == 1] == ["2026-01-01", "2026-01-29", "2026-02-26", "2026-03-26"]
    assert a.schedule.end == date(2026, 4, 22)
    dosage = resources(a.bundle, "MedicationRequest")[0]["dosageInstruction"][0]
    assert dosage["timing"]["repeat"] == {"count": 1, "duration": 1, "durationUnit": "h"}
    assert len(resources(a.bundle, "ServiceRequest")) == 20  # a CBC before each of the 20 treatment days


# --- dose arithmetic: caps, per-kg, flat, rounding --------------------------------------------------
def edited(src: Path, tmp_path: Path, change) -> Path:
    bundle = json.loads(src.read_text())
    for e in bundle["entry"]:
        r = e["resource"]
        if r["resourceType"] == "ActivityDefinition" and r["kind"] == "MedicationRequest":
            change(r)
    out = tmp_path / ("edited-" + src.name)
    out.write_text(json.dumps(bundle))
    return out


def test_cap_applies_above_the_maximum(own_bundles, tmp_path):
    def cap(r):
        r["dosage"][0]["maxDosePerAdministration"] = {"value": 2, "unit": "mg", "system": "http://unitsofmeasure.org",
                                                      "code": "mg"}
        r["dynamicValue"][0]["expression"]["expression"] = "iif(1.3 * %bodySurfaceArea > 2, 2, 1.3 * %bodySurfaceArea)"
    path = edited(own_bundles / "bortezomib.json", tmp_path, cap)
    big = apply_file(path, START, body(D("1.9"), None, None), Facts(cycles=1))  # 2.47 mg -> capped at 2 mg
    assert {d for *_, d in doses(big)} == {"2 mg"} and big.schedule.events[0].dose.capped
    assert resources(big.bundle, "MedicationRequest")[0]["dosageInstruction"][0]["maxDosePerAdministration"]["value"] == 2
    small = apply_file(path, START, body(D("1.2"), None, None), Facts(cycles=1))  # 1.56 mg, under the cap
    assert {d for *_, d in doses(small)} == {"1.56 mg"}


def test_per_kg_and_flat_doses(own_bundles, tmp_path):
    def per_kg(r):
        r["dosage"][0]["doseAndRate"][0]["doseQuantity"] = {"value": 1.8, "unit": "mg/kg", "code": "mg/kg",
                                                            "system": "http://unitsofmeasure.org"}
        r["dynamicValue"][0]["expression"]["expression"] = "1.8 * %bodyWeight"
    a = apply_file(edited(own_bundles / "bortezomib.json", tmp_path, per_kg), START, body(None, None, D("72.5")),
                   Facts(cycles=1))
    assert {d for *_, d in doses(a)} == {"131 mg"}  # 1.8 x 72.5 = 130.5 -> 131 (3 significant figures, half-up)
    assert any(o["code"]["coding"][0]["code"] == "29463-7" for o in resources(a.bundle, "Observation"))

    def flat(r):
        r["dosage"][0]["doseAndRate"][0]["doseQuantity"] = {"value": 100, "unit": "mg", "code": "mg",
                                                            "system": "http://unitsofmeasure.org"}
        del r["dynamicValue"]
    b = apply_file(edited(own_bundles / "bortezomib.json", tmp_path, flat), START, body(D("1.7"), None, None),
                   Facts(cycles=1))
    assert {d for *_, d in doses(b)} == {"100 mg"}


def test_expression_that_disagrees_with_the_structured_dose_is_refused(own_bundles, tmp_path):
    def wrong(r):
        r["dynamicValue"][0]["expression"]["expression"] = "0.9 * %bodySurfaceArea"
    with pytest.raises(ApplyError, match="disagrees with itself"):
        apply_file(edited(own_bundles / "bortezomib.json", tmp_path, wrong), START, body(D("1.9"), None, None), Facts())


@pytest.mark.parametrize("exact,rounded", [("1.384", "1.38"), ("0.8655", "0.866"), ("1234.5", "1230"),
                                           ("2.475", "2.48"), ("32.6", "32.6"), ("0.0123456", "0.0123")])
def test_rounding_to_three_significant_figures(exact, rounded):
    assert round_dose(D(exact)) == D(rounded)


@pytest.mark.parametrize("h,w,bsa", [(170, 65, "1.75"), (180, 80, "2.00"), (160, 60, "1.63"), (190, 95, "2.24")])
def test_mosteller(h, w, bsa):
    assert mosteller(D(h), D(w)) == D(bsa)


# --- the command line: a worked example, and every bad input --------------------------------------
def test_cli_writes_plan_and_calendar(fixture_bundle, tmp_path):
    out, cal = tmp_path / "plan.json", tmp_path / "plan.ics"
    r = CliRunner().invoke(main, ["apply", str(fixture_bundle), "--start", "2026-01-05", "--height", "170",
                                  "--weight", "65", "--response", "none", "--out", str(out), "--calendar", str(cal)])
    assert r.exit_code == 0, r.output
    plan = json.loads(out.read_text())
    assert [d for d, *_ in mr_doses(plan)] == [d for d, *_ in CYCLE1 + NO_CR_CYCLES_2_3]
    text = cal.read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR" and lines[-1] == ""
    assert all(len(x.encode()) <= 75 for x in lines)
    assert text.count("BEGIN:VEVENT") == 9 + 9  # nine doses and nine days of labs
    assert "DTSTART;VALUE=DATE:20260105" in text and "SUMMARY:Cycle 2 day 1: inotuzumab ozogamicin 1.4 mg" in text


BAD = [
    (["--start", "2026-01-05"], "give --bsa"),
    (["--start", "2026-01-05", "--height", "170"], "--height needs --weight"),
    (["--start", "2026-01-05", "--bsa", "0"], "must be above 0"),
    (["--start", "2026-01-05", "--bsa", "-1.2"], "must be above 0"),
    (["--start", "2026-01-05", "--bsa", "4.5"], "at most 4"),
    (["--start", "2026-01-05", "--bsa", "1.8", "--height", "170", "--weight", "70"], "not both"),
    (["--start", "2026-01-05", "--height", "170", "--weight", "0"], "positive"),
    (["--start", "2026-01-05", "--weight", "70"], "the dose is in mg/m2"),
    (["--start", "2026-02-30", "--bsa", "1.8"], "not a calendar date"),
    (["--start", "next monday", "--bsa", "1.8"], "not a date in the form YYYY-MM-DD"),
    (["--start", "2026-01-05", "--bsa", "abc"], "not a number"),
    (["--start", "2026-01-05", "--bsa", "1.8", "--patient", "Bob Smith"], "expected a reference"),
]


@pytest.mark.parametrize("args,message", BAD)
def test_bad_options_give_a_clear_error_and_no_output(own_bundles, tmp_path, args, message):
    out, cal = tmp_path / "plan.json", tmp_path / "cal.svg"
    r = CliRunner().invoke(main, ["apply", str(own_bundles / "bortezomib.json"), *args, "--out", str(out),
                                  "--calendar", str(cal)])
    assert r.exit_code != 0 and message in r.output
    assert "Traceback" not in r.output and not out.exists() and not cal.exists()
    assert list(tmp_path.iterdir()) == []


def _bundle_without_plan(tmp):
    p = tmp / "b.json"
    p.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [
        {"resource": {"resourceType": "Patient", "id": "x"}}]}))
    return p


def _not_json(tmp):
    p = tmp / "page.json"
    p.write_text("<html>not json</html>")
    return p


def _not_a_bundle(tmp):
    p = tmp / "pd.json"
    p.write_text(json.dumps({"resourceType": "PlanDefinition", "status": "active"}))
    return p


def _unit_not_per_size(src):
    def change(tmp):
        bundle = json.loads(src().read_text())
        for e in bundle["entry"]:
            r = e["resource"]
            if r["resourceType"] == "ActivityDefinition" and r["kind"] == "MedicationRequest":
                r["dosage"][0]["doseAndRate"][0]["doseQuantity"].update({"unit": "mg/L", "code": "mg/L"})
        p = tmp / "unit.json"
        p.write_text(json.dumps(bundle))
        return p
    return change


def _dose_range(src):
    def change(tmp):
        bundle = json.loads(src().read_text())
        for e in bundle["entry"]:
            r = e["resource"]
            if r["resourceType"] == "ActivityDefinition" and r["kind"] == "MedicationRequest":
                dar = r["dosage"][0]["doseAndRate"][0]
                q = dar.pop("doseQuantity")
                dar["doseRange"] = {"low": dict(q, value=1), "high": dict(q, value=1.3)}
        p = tmp / "range.json"
        p.write_text(json.dumps(bundle))
        return p
    return change


@pytest.fixture
def bortezomib_src(own_bundles):
    return lambda: own_bundles / "bortezomib.json"


@pytest.mark.parametrize("make,message", [
    ("plan", "not a regimen bundle (it holds no PlanDefinition)"),
    ("json", "not JSON"),
    ("pd", "not a FHIR Bundle"),
    ("unit", "dose unit 'mg/L' is not per m2, per kg or a flat amount"),
    ("range", "the dose is a range"),
    ("missing", "cannot read"),
])
def test_bad_bundles_give_a_clear_error_and_no_output(bortezomib_src, tmp_path, make, message):
    inputs = tmp_path / "in"
    inputs.mkdir()
    makers = {"plan": _bundle_without_plan, "json": _not_json, "pd": _not_a_bundle,
              "unit": _unit_not_per_size(bortezomib_src), "range": _dose_range(bortezomib_src),
              "missing": lambda t: t / "nowhere.json"}
    src = makers[make](inputs)
    out = tmp_path / "out" / "plan.json"
    r = CliRunner().invoke(main, ["apply", str(src), "--start", "2026-01-05", "--bsa", "1.8", "--out", str(out)])
    assert r.exit_code == 1, r.output
    assert message in r.output and str(src) in r.output and "Traceback" not in r.output
    assert not (tmp_path / "out").exists()


# --- sources/: every regimen the project ships applies and validates --------------------------------
def test_every_sources_regimen_applies(sources, tmp_path):
    out = convert([sources], tmp_path / "conv")
    bundles = [p for p in sorted(out.glob("*.json")) if p.name != "report.json"]
    assert bundles, "sources/ gave no regimen bundles"
    checked = 0
    from regimen_fhir.apply.read import read_regimen

    runs = []
    for path in bundles:
        try:
            regimen = read_regimen(json.loads(path.read_text()), str(path))
        except ApplyError:  # refused below, by name
            runs.append((path, None))
            continue
        # schedules offered side by side: each is planned on its own
        titles = [p.title for p in regimen.phases] if regimen.alternatives else [None]
        runs += [(path, t) for t in titles]
    assert any(t is not None for _, t in runs), "no sources/ page offers schedules side by side any more"
    for path, title in runs:
        try:
            a = apply_file(path, START, body(D("1.8"), None, D(70)), Facts("complete", False, None, title), "Patient/p1")
        except ApplyError as exc:
            # pages apply cannot plan (dose ranges; per-day or AUC-targeted doses; continuous therapy without
            # cycles) are refused by name; nothing else may fail
            assert any(m in exc.message for m in ("the dose is a range", "is not per m2, per kg or a flat amount",
                                                  "has no cycle length")), exc.message
            continue
        checked += 1
        for cycle in a.schedule.cycles:
            for e in cycle.doses:
                assert (e.date - cycle.start).days == e.day - 1 and e.day in e.drug.days
        for e in a.bundle["entry"]:
            assert validate_resource(e["resource"], "R4B") == []
    assert checked >= 1


# --- the calendar, as a person sees it ---------------------------------------------------------------
def close(pixel, hex_colour: str, tol: int = 10) -> bool:
    want = tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return all(abs(a - b) <= tol for a, b in zip(pixel, want))


@pytest.mark.parametrize("kind", ["svg", "html"])
def test_calendar_renders_doses_and_labs_where_they_belong(own_bundles, tmp_path, kind):
    from chromium import screenshot

    a = apply_file(own_bundles / "bortezomib.json", date(2026, 3, 2), body(D("1.9"), None, None), Facts(cycles=2))
    page = tmp_path / f"cal.{kind}"
    page.write_text(svg(a.schedule) if kind == "svg" else html(a.schedule), encoding="utf-8")
    lay = layout_for(a.schedule)
    img = screenshot(page, lay.width, lay.height)
    dose_days = {e.date for e in a.schedule.events}
    assert len(dose_days) == 8
    for day in dose_days:
        b = lay.dose_box(day)
        assert close(img.getpixel((b.x + b.w - 8, b.y + b.h - 5)), DOSE_COLOUR), day
        lab = lay.lab_box(day)
        assert close(img.getpixel((lab.x + lab.w - 10, lab.y + lab.h // 2)), LAB_COLOUR), day
    # a day inside a cycle without a dose is tinted; a day after the plan is white
    for day in (date(2026, 3, 3), date(2026, 3, 20), date(2026, 4, 12)):
        assert close(img.getpixel(lay.blank_point(day)), CYCLE_TINT), day
    for day in (date(2026, 4, 13), date(2026, 4, 30)):
        assert close(img.getpixel(lay.blank_point(day)), "#ffffff"), day
    # and the dose days are where the calendar says: March 2, 2026 is a Monday, first column
    assert lay.cells[date(2026, 3, 2)].x == lay.cells[date(2026, 3, 9)].x < lay.cells[date(2026, 3, 5)].x
    # the blue of the doses covers the eight dose days and nothing else
    blue = sum(1 for p in img.get_flattened_data() if close(p, DOSE_COLOUR, 6))
    one_box = lay.dose_box(date(2026, 3, 2))
    assert 8 * one_box.w * one_box.h * 0.6 < blue < 8 * one_box.w * one_box.h + 14 * 14 + 50


def test_options_that_change_nothing_are_said(own_bundles):
    a = apply_file(own_bundles / "decitabine.json", START, body(D("1.8"), None, None), Facts("complete", True, 1))
    assert a.schedule.notices == ["--response changes nothing: no phase of this regimen depends on the response",
                                  "--transplant changes nothing: no phase of this regimen depends on a transplant"]
    notes = [n["text"] for n in resources(a.bundle, "CarePlan")[0]["note"]]
    assert a.schedule.notices[0] in notes


# --- properties: any size, any start --------------------------------------------------------------------
from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(bsa=st.decimals(min_value=D("0.2"), max_value=D("4"), places=2),
       start=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_any_bsa_and_start_give_doses_within_half_a_percent_on_the_cycle_days(own_bundles, bsa, start):
    a = apply_file(own_bundles / "decitabine.json", start, body(bsa, None, None), Facts())
    exact = D(20) * bsa
    for cycle in a.schedule.cycles:
        assert [(e.date - cycle.start).days + 1 for e in cycle.doses] == [1, 2, 3, 4, 5]
        for e in cycle.doses:
            assert abs(e.dose.value - exact) <= exact * D("0.005")
            assert len(e.dose.value.normalize().as_tuple().digits) <= 3
    starts = [c.start for c in a.schedule.cycles]
    assert all((b - a_).days == 28 for a_, b in zip(starts, starts[1:]))


def _edit_plan(src: Path, tmp: Path, change) -> Path:
    bundle = json.loads(src.read_text())
    plan = resources(bundle, "PlanDefinition")[0]
    change(plan)
    out = tmp / "plan-edited.json"
    out.write_text(json.dumps(bundle))
    return out


def _cond(plan):
    plan["action"][0]["action"][1]["condition"] = [
        {"kind": "applicability", "expression": {"language": "text/cql-identifier", "expression": "HasHighBilirubin"}}]


def _late_day(plan):
    plan["action"][0]["action"][0]["action"][0]["extension"][0]["extension"].append({"url": "day", "valueInteger": 29})


def _no_days(plan):
    del plan["action"][0]["action"][0]["action"][0]["extension"]


def _no_treatment(plan):
    plan["action"] = plan["action"][1:]


def _no_length(plan):
    del plan["action"][0]["action"][0]["timingTiming"]["repeat"]["duration"]


@pytest.mark.parametrize("change,message", [
    (_cond, "condition 'HasHighBilirubin' is not one apply can evaluate"),
    (_late_day, "day 29 lies beyond the 28-day cycle"),
    (_no_days, "no days of cycle"),
    (_no_treatment, "no 'treatment' action"),
    (_no_length, "has no cycle length"),
])
def test_plan_definitions_apply_cannot_follow_are_refused_by_name(own_bundles, tmp_path, change, message):
    path = _edit_plan(own_bundles / "decitabine.json", tmp_path, change)
    with pytest.raises(ApplyError, match=message.replace("(", r"\(").replace(")", r"\)").replace("'", "'")):
        apply_file(path, START, body(D("1.8"), None, None), Facts())


def test_calendar_name_must_say_its_kind(own_bundles, tmp_path):
    out = tmp_path / "plan.json"
    r = CliRunner().invoke(main, ["apply", str(own_bundles / "decitabine.json"), "--start", "2026-01-05", "--bsa",
                                  "1.8", "--out", str(out), "--calendar", str(tmp_path / "cal.txt")])
    assert r.exit_code == 1 and "must end in .svg, .html or .ics" in r.output and not out.exists()


def test_plan_goes_to_standard_output_without_out(own_bundles):
    r = CliRunner().invoke(main, ["apply", str(own_bundles / "decitabine.json"), "--start", "2026-01-05", "--bsa",
                                  "1.8", "--cycles", "1"])
    assert r.exit_code == 0
    bundle = json.loads(r.stdout)
    assert len(resources(bundle, "MedicationRequest")) == 5
    assert "1 cycle(s), 5 dose(s), 2026-01-05 to 2026-02-01; BSA 1.8 m2 (given)" in r.stderr


def _as_r5(bundle: dict) -> dict:
    """The R4B regimen bundle in R5's shapes for what apply reads: relatedAction.targetId, one action.code."""
    def walk(actions):
        for a in actions:
            for ra in a.get("relatedAction", []):
                ra["targetId"] = ra.pop("actionId")
            if isinstance(a.get("code"), list):
                a["code"] = a["code"][0]
            walk(a.get("action", []))
    walk(resources(bundle, "PlanDefinition")[0]["action"])
    return bundle


def test_r5_regimen_gives_an_r5_plan(fixture_bundle, tmp_path):
    path = tmp_path / "r5.json"
    path.write_text(json.dumps(_as_r5(json.loads(fixture_bundle.read_text()))))
    a = apply_file(path, START, body(D("1.8"), None, None), Facts("none", False, None), patient="Patient/p1")
    assert doses(a) == CYCLE1 + NO_CR_CYCLES_2_3
    types = {e["resource"]["resourceType"] for e in a.bundle["entry"]}
    assert "RequestOrchestration" in types and "RequestGroup" not in types
    for e in a.bundle["entry"]:
        assert validate_resource(e["resource"], "R5") == [], e["resource"]["id"]
    mr = resources(a.bundle, "MedicationRequest")[0]
    assert mr["medication"]["concept"]["text"] == "inotuzumab ozogamicin"
    assert resources(a.bundle, "CarePlan")[0]["activity"][0]["plannedActivityReference"]["reference"].startswith("urn:uuid:")
    ro = resources(a.bundle, "RequestOrchestration")[0]
    assert ro["action"][2]["relatedAction"] == [{"targetId": "cycle-1", "relationship": "after-end"}]
    dose_action = ro["action"][1]["action"][0]["action"][-1]
    assert dose_action["definitionCanonical"].startswith(BASE + "inotuzumab-ozogamicin")
    assert "instantiatesCanonical" not in mr  # not in R5 MedicationRequest; the action above carries it


# --- schedules offered side by side, open-ended phases ---------------------------------------------------------

SOURCES = Path(__file__).resolve().parents[1] / "sources"


@pytest.fixture(scope="module")
def nivolumab(tmp_path_factory) -> Path:
    return convert([SOURCES / "nivolumab.html"], tmp_path_factory.mktemp("niv")) / "nivolumab.json"


def _apply(bundle: Path, *extra: str):
    return CliRunner().invoke(main, ["apply", str(bundle), "--start", "2026-12-01", "--weight", "70", *extra])


def _dose_values(output: str) -> list[tuple[str, float]]:
    plan = json.loads(output)
    out = []
    for r in resources(plan, "MedicationRequest"):
        di = r["dosageInstruction"][0]
        out.append((di["timing"]["event"][0], di["doseAndRate"][0]["doseQuantity"]["value"]))
    return sorted(out)


def test_schedules_offered_side_by_side_are_never_planned_one_after_the_other(nivolumab):
    result = _apply(nivolumab)
    assert result.exit_code == 1
    assert "the regimen offers 2 schedules, one to be chosen: 'Every 2 weeks', 'Every 4 weeks'; say which with " \
           "--schedule TITLE" in result.output


def test_the_chosen_schedule_alone_is_planned(nivolumab):
    result = _apply(nivolumab, "--schedule", "every 4 WEEKS", "--cycles", "3")
    assert result.exit_code == 0, result.output
    assert _dose_values(result.stdout) == [("2026-12-01", 480), ("2026-12-29", 480), ("2027-01-26", 480)]
    two = _apply(nivolumab, "--schedule", "Every 2 weeks", "--cycles", "2")
    assert _dose_values(two.stdout) == [("2026-12-01", 240), ("2026-12-15", 240)]


def test_a_schedule_the_regimen_does_not_offer_is_refused_with_the_choices(nivolumab):
    result = _apply(nivolumab, "--schedule", "monthly")
    assert result.exit_code == 1
    assert "--schedule 'monthly' is none of the schedules the regimen offers: 'Every 2 weeks', 'Every 4 weeks'" \
        in result.output


def test_a_schedule_asked_of_a_regimen_without_a_choice_is_refused(own_bundles):
    bundle = sorted(own_bundles.glob("*.json"))[0]
    result = _apply(bundle, "--bsa", "1.8", "--schedule", "Every 2 weeks")
    assert result.exit_code == 1 and "the regimen offers no choice of schedule" in result.output


def test_an_open_ended_phase_runs_one_cycle_with_a_notice_or_as_many_as_cycles_says(nivolumab):
    one = _apply(nivolumab, "--schedule", "Every 2 weeks")
    assert one.exit_code == 0 and len(_dose_values(one.stdout)) == 1
    assert "'Every 2 weeks' goes on as long as the treatment works: one cycle planned" in one.output
    five = _apply(nivolumab, "--schedule", "Every 2 weeks", "--cycles", "5")
    assert [d for d, _ in _dose_values(five.stdout)] == \
        ["2026-12-01", "2026-12-15", "2026-12-29", "2027-01-12", "2027-01-26"]
