"""Forms read before round 14, each a form any page of this kind may use (not one page's wording), with near misses."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers import small_blocks, small_page

SCHEDULE = "<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV over 3 hours on day 1</li></ul><p>Every 21 days.</p>"


# h. two paragraphs touching inside an item or definition are two lines, never one glued word
def test_touching_paragraphs_in_a_definition_are_two_lines():
    texts = [b.text for b in small_blocks("<dl><dt>Oxaliplatin</dt><dd><p>Oxaliplatin 85 mg/m2 IV over 2 hours</p>"
                                          "<p>Day 1</p></dd></dl>")]
    assert "Oxaliplatin 85 mg/m2 IV over 2 hours Day 1" in texts


def test_touching_paragraphs_in_a_list_item_keep_the_dose_and_its_day():
    r = small_page("<h2>Schedule</h2><ul><li><p>Oxaliplatin 85 mg/m2 IV over 2 hours</p><p>Day 1</p></li></ul>"
                   "<p>Every 14 days.</p>")
    (a,) = r.phases[0].administrations
    assert (a.dose.value, a.dose.unit, a.days, a.infusion.value, a.infusion.unit) == (Decimal("85"), "mg/m2", [1],
                                                                                     Decimal("2"), "h")


def test_text_after_a_touching_paragraph_is_a_word_of_its_own():
    texts = [b.text for b in small_blocks("<ul><li><div>Cisplatin 75 mg/m2</div>on day 1</li></ul>")]
    assert texts == ["Cisplatin 75 mg/m2 on day 1"]


def test_inline_boxes_are_not_lines():  # near miss: '<b>Cis</b>platin' is one word
    texts = [b.text for b in small_blocks("<ul><li><b>Cis</b>platin 75 mg/m<sup>2</sup></li></ul>")]
    assert texts[0].startswith("Cisplatin 75 mg/m")


# b. a band of a fraction: a bound with its comparator (the band rule), a fraction alone its ratio
def _effects(body: str) -> dict:
    r = small_page(SCHEDULE + "<h2>Side effects</h2>" + body)
    return {e.term: e.incidence for e in r.side_effects}


@pytest.mark.parametrize("body, term, expected", [
    ("<p>Tiredness affects more than half of people.</p>", "Tiredness", (Decimal(50), ">", None)),
    ("<ul><li>Tiredness (more than half of people)</li></ul>", "Tiredness", (Decimal(50), ">", None)),
    ("<ul><li>Diarrhoea (fewer than 1 in 10 people)</li></ul>", "Diarrhoea", (Decimal(10), "<", None)),
    ("<ul><li>Hair loss affects up to 1 in 4 people</li></ul>", "Hair loss", (Decimal(25), "<=", None)),
    ("<ul><li>Rash – up to a quarter of people</li></ul>", "Rash", (Decimal(25), "<=", None)),
    ("<ul><li>Nausea affects about a third of people</li></ul>", "Nausea", (None, None, (1, 3))),
    ("<ul><li>Nausea (about a third of people)</li></ul>", "Nausea", (None, None, (1, 3))),
])
def test_a_band_of_a_fraction(body, term, expected):
    e = _effects(body)
    p = e[term]
    assert list(e) == [term]
    assert (p.value, p.comparator, (p.numerator, p.denominator) if p.is_ratio else None) == expected


@pytest.mark.parametrize("body", [
    "<p>Hair loss affects more than a third of people.</p>",  # no exact percentage: reported, not made up
    "<ul><li>Hair loss (1 in 4 days)</li></ul>",  # a ratio of time
])
def test_near_misses_of_a_band_of_a_fraction(body):
    assert _effects(body) == {}


def test_a_band_of_a_fraction_carries_its_category_code(tmp_path):
    from regimen_fhir.map.clinicalusedefinition import frequency_code
    p = _effects("<p>Tiredness affects more than half of people.</p>")["Tiredness"]
    assert frequency_code(p) == "Common"


# a. side effects inline, parted by semicolons, each with its own figure
@pytest.mark.parametrize("body", [
    "<p>Nausea, 45%; vomiting, 20%; hair loss, 12%</p>",
    "<p>Common side effects are nausea (45%); vomiting (20%); hair loss (12%).</p>",
    "<p>In the main trial: nausea, 45 %; vomiting, 20 %; and hair loss, 12 %.</p>",
    "<p>People often have nausea 45 %, vomiting 20 % and hair loss 12 %.</p>",  # in a sentence, as before
])
def test_effects_parted_by_semicolons_each_with_its_figure(body):
    assert {k: v.value for k, v in _effects(body).items()} == {"Nausea": 45, "Vomiting": 20, "Hair loss": 12}


@pytest.mark.parametrize("body", [
    "<p>Nausea, 45%; 10% of patients stopped treatment because of side effects.</p>",  # a discontinuation, no effect
    "<p>Nausea, 45%; vomiting is common.</p>",  # one item without its figure: the line is not split on a guess
])
def test_near_misses_of_semicolon_figures(body):
    r = small_page(SCHEDULE + "<h2>Side effects</h2>" + body)
    assert "Vomiting" not in {e.term for e in r.side_effects}
    assert not any(e.incidence.value == 10 for e in r.side_effects)


# c. millions of units: the count of units, exactly (never 3 U, never 3 mU)
@pytest.mark.parametrize("line, value, unit", [
    ("Interferon alfa 3 MU SC on days 1, 3 and 5", Decimal(3000000), "U"),
    ("Interferon alfa 3 million units SC on days 1, 3 and 5", Decimal(3000000), "U"),
    ("Interferon alfa 3 million international units SC on days 1, 3 and 5", Decimal(3000000), "[iU]"),
    ("Interferon alfa 4.5 MIU SC on days 1, 3 and 5", Decimal(4500000), "[iU]"),
])
def test_million_units(line, value, unit):
    r = small_page(f"<h2>Schedule</h2><ul><li>{line}</li></ul><p>Every 7 days.</p>")
    (a,) = r.phases[0].administrations
    assert (a.drug.lower(), a.dose.value, a.dose.unit, a.days) == ("interferon alfa", value, unit, [1, 3, 5])


def test_million_units_map_to_ucum_units():
    from regimen_fhir.map.common import quantity
    from regimen_fhir.model import Amount
    q = quantity(Amount(Decimal(3000000), "U"))
    assert (q["value"], q["code"], q["system"]) == (3000000, "U", "http://unitsofmeasure.org")


# i. a next review date is no updated date; a review done is
@pytest.mark.parametrize("line, updated, to_come", [
    ("Review date: March 2027", None, True),
    ("Next review: March 2027", None, True),
    ("Next review due: 03/2027", None, True),
    ("Due for review: 2027", None, True),
    ("Reviewed: March 2025", "2025-03", False),
    ("Date of last review: June 2024", "2024-06", False),
    ("Reviewed: March 2025 | Next review: March 2027", "2025-03", True),
    ("Next review: March 2027. Reviewed: March 2025", "2025-03", True),
])
def test_a_review_to_come_is_not_the_updated_date(line, updated, to_come):
    r = small_page(SCHEDULE + f"<p>{line}</p>")
    assert (r.dates.updated.isoformat()[:7] if r.dates.updated else None) == updated
    assert any(f.reason.startswith("next review date") for f in r.not_mapped) == to_come


def test_review_as_a_heading_word_is_no_review_date():
    r = small_page(SCHEDULE + "<h2>Review</h2><p>Updated: 4 May 2024</p>")
    assert r.dates.updated.isoformat() == "2024-05-04"
    assert not any(f.reason.startswith("next review date") for f in r.not_mapped)


# d. stepped infusion times: the time said before 'the first time' is the first infusion's
def _phases(body: str):
    r = small_page(body)
    return r, [(p.label, p.count, [(a.drug, a.infusion) for a in p.administrations]) for p in r.phases]


def test_a_time_before_the_first_time_is_the_first_infusion_and_later_ones_plainly_stated():
    from regimen_fhir.model import Amount
    r, phases = _phases("<h2>Schedule</h2><ul><li>Rituximab 375 mg/m2 IV on day 1, over 90 minutes the first time, then "
                        "over 30 minutes</li></ul><p>Every 21 days for 6 cycles.</p>")
    assert phases == [("Cycle 1", 1, [("rituximab", Amount(Decimal(90), "min"))]),
                      ("From cycle 2", 5, [("rituximab", Amount(Decimal(30), "min"))])]


def test_stepped_infusion_times_keep_each_step():
    from regimen_fhir.model import Amount
    r, phases = _phases("<h2>Schedule</h2><ul><li>Rituximab 375 mg/m2 IV on day 1, over 90 minutes the first time, then "
                        "over 60 minutes if well tolerated, then 30 minutes</li><li>Cyclophosphamide 750 mg/m2 IV on day "
                        "1</li></ul><p>Every 21 days for 6 cycles.</p>")
    assert phases == [
        ("Cycle 1", 1, [("rituximab", Amount(Decimal(90), "min")), ("cyclophosphamide", None)]),
        ("Cycle 2", 1, [("rituximab", Amount(Decimal(60), "min")), ("cyclophosphamide", None)]),
        ("From cycle 3", 4, [("rituximab", Amount(Decimal(30), "min")), ("cyclophosphamide", None)]),
    ]
    assert [p.first_cycle for p in r.phases] == [1, 2, 3]
    assert any(f.reason.startswith("the condition of a later infusion time") and f.text == "if well tolerated"
               for f in r.not_mapped)


@pytest.mark.parametrize("words", [
    "over 90 minutes the first time, then over 60 or 30 minutes",  # a step of two times: not split on a guess
    "over 90 minutes the first time, then over 60 minutes, then 30 minutes, then 15 minutes",  # four steps
])
def test_near_misses_of_stepped_infusion_times(words):
    r, phases = _phases(f"<h2>Schedule</h2><ul><li>Rituximab 375 mg/m2 IV on day 1, {words}</li></ul>"
                        "<p>Every 21 days for 6 cycles.</p>")
    assert "Cycle 2" not in [p[0] for p in phases]
    assert all(a[1] is None or a[1].value != 90 for _, _, adms in phases[1:] for a in adms)  # never the first for all


# pages of the project's own written with these forms: every fact in its element, none invented, the bundles valid
PAGES = Path(__file__).parent / "pages"


def test_pre14_pages_fidelity():
    from regimen_fhir import fidelity
    pages = sorted(PAGES.glob("pre14-*.html"))
    results = fidelity.run(pages, PAGES / "pre14-facts")
    assert [(r.page, r.found, r.expected, r.invented, r.missing) for r in results] == [
        (r.page, r.expected, r.expected, [], []) for r in results]
    assert len(results) == 2 and all(r.expected >= 10 for r in results)


def test_pre14_pages_convert_to_valid_bundles(tmp_path):
    from helpers import convert, load, resources
    pages = sorted(PAGES.glob("pre14-*.html"))
    result = convert(pages, tmp_path)
    assert result.exit_code == 0, result.output
    bundles = [load(p) for p in sorted(tmp_path.rglob("*.json")) if load(p).get("resourceType") == "Bundle"]
    doses = [ad["dosage"][0]["doseAndRate"][0]["doseQuantity"] for b in bundles
             for ad in resources(b, "ActivityDefinition") if "Interferon" in ad.get("productCodeableConcept", {}).get("text", "")]
    assert doses and all((q["value"], q["code"]) == (3000000, "U") for q in doses)


def test_a_page_whose_only_date_is_a_review_to_come_has_no_updated_date(tmp_path):
    from helpers import convert
    page = tmp_path / "p.html"
    page.write_text((PAGES / "pre14-interferon.html").read_text(encoding="utf-8").replace(
        "Page updated: 10 January 2025. ", ""), encoding="utf-8")
    result = convert([page], tmp_path / "out")
    assert result.exit_code != 0 and "the page states no date" in result.output


# j. drugs the tables lack inside a dosed list: the known drug read, the others' doses reported with the line
def test_unknown_drugs_in_a_dosed_list_keep_their_doses_to_themselves():
    r = small_page("<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV over 3 hours on day 1</li><li>Dexamethasone 20 mg, "
                   "chlorphenamine 10 mg and famotidine 20 mg IV 30 minutes before paclitaxel</li></ul>"
                   "<p>Every 21 days.</p>")
    doses = sorted((a.drug.lower(), a.dose.value, a.dose.unit) for p in r.phases for a in p.administrations)
    assert doses == [("dexamethasone", Decimal(20), "mg"), ("paclitaxel", Decimal(175), "mg/m2")]
    assert any(f.reason.startswith("dose(s) of this line not read as given (10 mg; 20 mg)") for f in r.not_mapped)


# f. an undosed premedication: the premedication action and a report, never a dose
PACLI = "<h2>Schedule</h2><ul><li>Paclitaxel 80 mg/m2 IV over 1 hour on days 1, 8 and 15</li></ul><p>Every 28 days.</p>"


@pytest.mark.parametrize("body", [
    "<h3>Before each dose</h3><p>You will be given anti-sickness medicine and an antihistamine.</p>",
    "<p>Before each dose you will be given anti-sickness medicine and an antihistamine.</p>",
    "<p><strong>Before each dose:</strong> you will be given anti-sickness medicine and an antihistamine.</p>",
])
def test_an_undosed_premedication_is_reported_never_a_dose(body):
    r = small_page(PACLI + body)
    assert [a.drug for p in r.phases for a in p.administrations] == ["paclitaxel"]
    assert [s.kind for s in r.supportive] == ["premedication"]
    assert any(f.reason.startswith("premedication with no dose stated") for f in r.not_mapped)


def test_a_dosed_premedication_is_still_an_administration():
    r = small_page(PACLI + "<p>Before each dose you will be given dexamethasone 8 mg IV.</p>")
    assert ("dexamethasone", Decimal(8)) in [(a.drug.lower(), a.dose.value) for p in r.phases for a in p.administrations]
    assert not any(f.reason.startswith("premedication with no dose stated") for f in r.not_mapped)


@pytest.mark.parametrize("body", [
    "<p>Before each dose you will have a blood test.</p>",  # a test, no medicine
    "<h3>Before each dose</h3><p>Tell your nurse if you feel unwell.</p>",  # advice
])
def test_near_misses_of_an_undosed_premedication(body):
    r = small_page(PACLI + body)
    assert r.supportive == [] or all(s.kind != "premedication" for s in r.supportive)


# g. an alternative route: the first route coded, the alternative kept in the dose's words and reported; 'IV or SC'
# (no first route) as before: reported, none picked; never two doses
@pytest.mark.parametrize("line, words", [
    ("Bortezomib 1.3 mg/m2 on days 1, 4, 8 and 11, given as an injection under the skin; it can also be given into a "
     "vein", "it can also be given into a vein"),
    ("Bortezomib 1.3 mg/m2 SC on days 1, 4, 8 and 11 (can also be given intravenously)", "can also be given intravenously"),
])
def test_an_alternative_route_is_kept_beside_the_coded_one(line, words):
    r = small_page(f"<h2>Schedule</h2><ul><li>{line}</li></ul><p>Every 21 days.</p>")
    (a,) = [a for p in r.phases for a in p.administrations]
    assert a.route == "subcutaneous" and words in a.text and a.days == [1, 4, 8, 11]
    assert any(f.reason.startswith("an alternative route offered") and f.text == words for f in r.not_mapped)


def test_either_of_two_routes_picks_none_and_gives_one_dose():
    r = small_page("<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV over 3 hours on day 1</li><li>Dexamethasone 20 mg IV "
                   "or SC on day 1</li></ul><p>Every 21 days.</p>")
    dex = [a for p in r.phases for a in p.administrations if a.drug.lower() == "dexamethasone"]
    assert len(dex) == 1 and dex[0].route is None
    assert any(f.reason.startswith("either of two routes") for f in r.not_mapped)


def test_also_with_the_same_route_is_no_alternative():  # near miss
    r = small_page("<h2>Schedule</h2><ul><li>Bortezomib 1.3 mg/m2 SC on days 1, 4, 8 and 11. It can also be given "
                   "under the skin of the thigh.</li></ul><p>Every 21 days.</p>")
    assert not any(f.reason.startswith("an alternative route offered") for f in r.not_mapped)


def test_an_alternative_route_reaches_dosage_text(tmp_path):
    from helpers import convert, load, resources
    page = tmp_path / "p.html"
    page.write_text("<html><head><title>Bortezomib | Site</title></head><body><h1>Bortezomib</h1><h2>Schedule</h2><ul><li>"
                    "Bortezomib 1.3 mg/m2 SC on days 1, 4, 8 and 11 (can also be given intravenously)</li></ul><p>Every "
                    "21 days.</p><p>Last updated: 3 March 2025</p></body></html>", encoding="utf-8")
    result = convert([page], tmp_path / "out")
    assert result.exit_code == 0, result.output
    (bundle,) = [load(p) for p in (tmp_path / "out").rglob("*.json") if load(p).get("resourceType") == "Bundle"]
    (ad,) = resources(bundle, "ActivityDefinition")
    dosage = ad["dosage"][0]
    assert "can also be given intravenously" in dosage["text"]
    assert [c["code"] for c in dosage["route"]["coding"]] and len(ad["dosage"]) == 1


# e. a supportive drug's own interval: its own timing (a phase alongside the cycles), never the cycle length
E_PAGE = ("<h2>Schedule</h2><ul><li>Cyclophosphamide 750 mg/m2 IV on day 1</li><li>Filgrastim 5 mcg/kg SC daily from day "
          "3 until counts recover</li><li>Zoledronic acid 4 mg IV every 12 weeks</li></ul><p>Each cycle is 28 days.</p>")


def test_a_drugs_own_interval_is_its_timing_not_the_cycle():
    r = small_page(E_PAGE)
    cycles = [p for p in r.phases if not p.supportive]
    alongside = [p for p in r.phases if p.supportive]
    assert [(p.length.value, p.length.unit) for p in cycles] == [(28, "d")]
    assert sorted(a.drug.lower() for a in cycles[0].administrations) == ["cyclophosphamide", "filgrastim"]
    assert [(p.length.value, p.length.unit, [a.drug.lower() for a in p.administrations]) for p in alongside] == [
        (12, "wk", ["zoledronic acid"])]
    # filgrastim's 'until counts recover' stays reported (its days after day 3 are not fixed)
    assert any("until a condition" in f.reason for f in r.not_mapped)


def test_a_drug_on_the_cycles_own_interval_stays_in_the_cycle():  # near miss
    r = small_page("<h2>Schedule</h2><ul><li>Cyclophosphamide 750 mg/m2 IV on day 1</li><li>Zoledronic acid 4 mg IV "
                   "every 4 weeks</li></ul><p>Each cycle is 28 days.</p>")
    assert [p.supportive for p in r.phases] == [False] and len(r.phases[0].administrations) == 2


def test_a_drugs_own_interval_converts_to_a_valid_bundle(tmp_path):
    from helpers import convert
    page = tmp_path / "p.html"
    page.write_text(f"<html><head><title>CZ | Site</title></head><body><h1>CZ</h1>{E_PAGE}<p>Last updated: 3 March "
                    "2025</p></body></html>", encoding="utf-8")
    result = convert([page], tmp_path / "out")
    assert result.exit_code == 0, result.output


# 'three times a week' with no days named, beside a cycle's drugs: its own timing alongside the cycles, the doses a week
# kept (it had been day 1, one dose per cycle)
@pytest.mark.parametrize("line, days, alongside", [
    ("Interferon alfa 3 MU SC three times a week", [], (3, 1, "wk")),
    ("Interferon alfa 3 MU SC twice weekly", [], (2, 1, "wk")),
    ("Interferon alfa 3 MU SC three times a week, on days 1, 3 and 5", [1, 3, 5], None),  # the days named: read
])
def test_times_a_week_without_days_makes_no_day_up(line, days, alongside):
    r = small_page(f"<h2>Schedule</h2><ul><li>Cisplatin 20 mg/m2 IV on day 1</li><li>{line}</li></ul><p>Every 7 days.</p>")
    (ifn,) = [a for p in r.phases for a in p.administrations if a.drug.lower() == "interferon alfa"]
    (phase,) = [p for p in r.phases if any(a is ifn for a in p.administrations)]
    assert ifn.days == days and phase.supportive == (alongside is not None)
    assert ((ifn.frequency.times, ifn.frequency.period, ifn.frequency.unit) if alongside else ifn.frequency) == alongside
    assert not any(f.code == "day-1-assumed" and "nterferon" in f.message for f in r.findings)


@pytest.mark.parametrize("body", [
    "<ul><li>Cisplatin 20 mg/m2 IV on day 1</li><li>Interferon alfa 3 MU SC three times a week</li></ul>",
    "<ul><li>Interferon alfa 3 MU SC three times a week</li></ul>",  # the one drug: its cycle stays, day 1 assumed (reported)
])
def test_times_a_week_without_days_converts_to_a_valid_bundle(tmp_path, body):
    from helpers import convert
    page = tmp_path / "p.html"
    page.write_text(f"<html><head><title>IFN | Site</title></head><body><h1>IFN</h1><h2>Schedule</h2>{body}<p>Every 7 "
                    "days for 12 cycles.</p><p>Last updated: 3 March 2025</p></body></html>", encoding="utf-8")
    result = convert([page], tmp_path / "out")
    assert result.exit_code == 0, result.output


def test_first_infusion_then_later_over_a_range():
    from regimen_fhir.model import Amount
    r, phases = _phases("<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV on day 1, first infusion over 3 hours, later "
                        "over 1-2 hours</li></ul><p>Every 21 days for 6 cycles.</p>")
    assert phases == [("Cycle 1", 1, [("paclitaxel", Amount(Decimal(3), "h"))]),
                      ("From cycle 2", 5, [("paclitaxel", Amount(None, "h", low=Decimal(1), high=Decimal(2)))])]


def test_later_as_a_word_of_time_is_no_later_infusion():  # near miss
    r, phases = _phases("<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV on day 1, first infusion over 3 hours; you may "
                        "feel tired later</li></ul><p>Every 21 days for 6 cycles.</p>")
    assert phases[1][2][0][1] is None
