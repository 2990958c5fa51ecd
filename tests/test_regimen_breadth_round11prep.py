"""Forms read before round 11, each with its near misses: the one rule for frequency bands (a band the page states is
kept as it says it, a bound with its comparator or a range, with its category; a bare word stays a category), wherever
the band stands (a heading, a bold paragraph, a lead-in, a sentence, a table cell) ..."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import adms, small_page
from regimen_fhir.map.clinicalusedefinition import frequency_code

page = small_page

SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


def effects(body: str) -> dict:
    return {e.wording: e.incidence for e in page(SCHEDULE + "<h2>Side effects</h2>" + body).side_effects}


def band(p) -> tuple:
    return (p.value, p.comparator, p.low, p.high, p.category_word)


# --- frequency bands: one rule ----------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    "<h3>Very common (more than 1 in 10 men)</h3><ul><li>Nausea</li></ul>",  # a heading
    "<p><strong>Very common (more than 1 in 10 men)</strong></p><ul><li>Nausea</li></ul>",  # a bold paragraph
    "<p>Nausea is also very common (more than 1 in 10 men).</p>",  # a sentence
    "<p>Very common (more than 1 in 10 men): nausea and hair loss.</p>",  # a lead-in
    "<table><tr><th>How often</th><th>Side effect</th></tr><tr><td>Very common (more than 1 in 10 men)</td>"
    "<td>Nausea</td></tr></table>",  # a table cell
])
def test_a_band_with_its_word_is_a_bound_and_a_category_wherever_it_stands(body):
    nausea = effects(body)["Nausea"]
    assert band(nausea) == (Decimal(10), ">", None, None, "very common")
    assert frequency_code(nausea) == "Common"


@pytest.mark.parametrize("body", [
    "<h3>More than 1 in 10 people</h3><ul><li>Nausea</li></ul>",
    "<p><strong>More than 1 in 10 people</strong></p><ul><li>Nausea</li></ul>",
])
def test_a_heading_that_states_only_a_band_heads_a_group(body):
    assert band(effects(body)["Nausea"]) == (Decimal(10), ">", None, None, None)


def test_a_band_heading_over_an_effect_saying_when_it_happens():
    # 'while your ...' says when, it is no instruction to the reader
    e = effects("<p><strong>Up to 1 in 10 people</strong></p><ul><li>Serious infection while your white cell count "
                "is low (neutropenic sepsis)</li></ul>")
    assert band(e["Serious infection while your white cell count is low (neutropenic sepsis)"]) == \
        (Decimal(10), "<=", None, None, None)


def test_an_inline_band_lead_in_over_a_list():
    e = effects("<p>Less often (between 1 in 100 and 1 in 10 men): indigestion, blood in the urine, and skin rash.</p>")
    assert {k: band(v) for k, v in e.items()} == {
        k: (None, None, Decimal(1), Decimal(10), "less common") for k in ("Indigestion", "Blood in the urine", "Skin rash")}


def test_a_range_of_two_ratios_with_to():
    e = effects("<h3>Common (1 in 100 to 1 in 10 people)</h3><ul><li>Rash</li></ul>")
    assert band(e["Rash"]) == (None, None, Decimal(1), Decimal(10), "common")


@pytest.mark.parametrize("body, expected", [
    ("<h3>Common</h3><ul><li>Nausea</li></ul>", (None, None, None, None, "common")),  # a bare word: a category only
    ("<h3>Very common (9 in 10 people)</h3><ul><li>Nausea</li></ul>", (None, None, None, None, "very common")),  # a ratio is no band
    ("<p>Nausea is common.</p>", (None, None, None, None, "common")),
    ("<p>Often: nausea and hair loss.</p>", None),  # an adverb without a band leads nothing here
    ("<p>Nausea is very common (we see it in most men).</p>", (None, None, None, None, "very common")),  # no band in the brackets
])
def test_near_misses_of_bands(body, expected):
    e = effects(body)
    if expected is None:
        assert "Nausea" not in e
    else:
        assert band(e["Nausea"]) == expected


def test_near_miss_a_lead_in_word_under_a_band_heading_keeps_its_own_word():
    # 'Other rare side effects are:' names the list's category; the band heading above is not its band
    e = effects("<h3>More than 1 in 10 people</h3><ul><li>Nausea</li></ul><p>Other rare side effects are:</p>"
                "<ul><li>Seizures</li></ul>")
    assert band(e["Seizures"]) == (None, None, None, None, "rare")


# --- a CMS article's 'Details' list is no glossary ----------------------------------------------------------------


def test_an_article_details_list_is_no_glossary_and_is_reported():
    r = page(SCHEDULE + '<dl class="article-info"><dt>Details</dt><dd>Written by Jo Bloggs, clinical nurse specialist</dd>'
             '<dd>Category: Treatment</dd><dd>Hits: 10482</dd></dl>')
    assert r.glossary == []
    assert "Written by Jo Bloggs, clinical nurse specialist" in [f.text for f in r.not_mapped]


def test_near_miss_a_real_glossary_with_one_byline_is_still_a_glossary():
    r = page(SCHEDULE + "<dl><dt>Neutropenia</dt><dd>A low number of neutrophils, white cells that fight infection.</dd>"
             "<dt>Mucositis</dt><dd>Soreness and ulcers of the lining of the mouth.</dd>"
             "<dt>Note</dt><dd>Written by the pharmacy team.</dd></dl>")
    assert {g.term for g in r.glossary} >= {"Neutropenia", "Mucositis"}


# --- a dose stated by reference to an earlier treatment --------------------------------------------------------

CETUXIMAB = ("<h2>How it is given</h2><h3>Cetuximab</h3><p>Cetuximab 250 mg/m2 into a vein over 1 hour, once a week.</p>"
             "<h3>Irinotecan</h3>")
REFERENCE = ("<p>Irinotecan is given into a vein after the cetuximab, at the same dose and on the same timetable as your "
             "previous irinotecan treatment.</p>")


def _reference_adm(r):
    return next((a, p) for p in r.phases for a in p.administrations if a.drug == "irinotecan")


def test_a_dose_by_reference_is_an_administration_without_a_dose():
    r = page(CETUXIMAB + REFERENCE)
    adm, phase = _reference_adm(r)
    assert adm.dose.value is None and not adm.dose.is_range  # no dose made up
    assert adm.dose_reference == "at the same dose and on the same timetable as your previous irinotecan treatment"
    assert (adm.route, adm.days) == ("intravenous", [])
    assert adm.text.startswith("Irinotecan is given into a vein")
    # its timetable is the earlier treatment's too: a phase alongside the cycles, no cycle length or count of its own
    assert (phase.label, phase.supportive, phase.length, phase.count) == ("Irinotecan", True, None, None)


def test_a_dose_by_reference_without_a_timetable_stays_in_its_phase():
    r = page(CETUXIMAB + "<p>You have irinotecan into a vein at the same dose as before.</p>")
    adm, phase = _reference_adm(r)
    assert adm.dose_reference == "at the same dose as before" and not phase.supportive


def _mapped(r):
    from regimen_fhir.map import MapContext, map_regimen
    return [m.resource for m in map_regimen(r, [], MapContext())]


def test_a_dose_by_reference_maps_to_a_dosage_without_dose_and_validates():
    from regimen_fhir.validate import has_errors, validate_resource

    ad = next(x for x in _mapped(page(CETUXIMAB + REFERENCE)) if x["resourceType"] == "ActivityDefinition"
              and x["productCodeableConcept"]["text"] == "irinotecan")
    dosage = ad["dosage"][0]
    assert "doseAndRate" not in dosage and "dynamicValue" not in ad
    assert dosage["extension"] == [{"url": "http://regimen-fhir.example.org/fhir/StructureDefinition/dose-by-reference",
                                    "valueString": "at the same dose and on the same timetable as your previous "
                                                   "irinotecan treatment"}]
    assert dosage["text"].startswith("Irinotecan is given into a vein")  # the page's words
    ad["date"] = "2024-03-01"  # the small page states no date (the profile requires one)
    assert not has_errors(validate_resource(ad, "R4B"))
    # negative: a dosage with no dose and no reference is refused by the profile (rgm-5)
    del dosage["extension"]
    issues = validate_resource(ad, "R4B")
    assert has_errors(issues) and any("rgm-5" in (i.diagnostics or "") for i in issues)


def test_apply_refuses_a_dose_by_reference_by_name():
    from regimen_fhir.apply.dose import needs
    from regimen_fhir.apply.errors import ApplyError

    ad = next(x for x in _mapped(page(CETUXIMAB + REFERENCE)) if x["resourceType"] == "ActivityDefinition"
              and x["productCodeableConcept"]["text"] == "irinotecan")
    with pytest.raises(ApplyError, match="only by reference to an earlier treatment"):
        needs(ad, "irinotecan")


@pytest.mark.parametrize("sentence", [
    "If your kidneys are working well, you may have irinotecan at the same dose as before.",  # hedged
    "Irinotecan is given at the same dose as your previous FOLFIRI with oxaliplatin.",  # the reference names another drug
    "Your team will tell you whether you have irinotecan.",  # no reference
    "Irinotecan is given into a vein at a dose worked out for you.",  # a dose not stated, not by reference
    "The same dose as before is used for the steroid tablets.",  # not the drug the sentence is about
])
def test_near_misses_of_a_dose_by_reference(sentence):
    r = page(CETUXIMAB + f"<p>{sentence}</p>")
    assert all(a.drug != "irinotecan" for p in r.phases for a in p.administrations)


def test_near_miss_a_drug_dosed_on_the_page_is_not_dosed_again_by_reference():
    r = page("<h2>How it is given</h2><p>Irinotecan 180 mg/m2 IV on day 1.</p><p>Every 14 days.</p>"
             "<p>Irinotecan is given at the same dose as your previous treatment.</p>")
    assert [a.dose.value for p in r.phases for a in p.administrations if a.drug == "irinotecan"] == [180]


# --- side effects written as verb phrases (read only with a figure or band attached) ------------------------


@pytest.mark.parametrize("body, name", [
    ("<p>You may feel sick (40%).</p>", "Feeling sick"),
    ("<ul><li>You may feel sick – 40%</li></ul>", "Feeling sick"),
    ("<p>Your hair may thin (about 30 in 100 people).</p>", "Hair thinning"),
    ("<ul><li>You might get a sore mouth (about 1 in 10 people)</li></ul>", "Sore mouth"),
    ("<ul><li>You may lose your appetite (25%)</li></ul>", "Loss of appetite"),
    ("<ul><li>Your skin may become dry (12%)</li></ul>", "Skin becoming dry"),
    ("<p>About 4 in 10 people feel sick.</p>", "Feeling sick"),
    ("<p>More than 1 in 10 people feel very tired.</p>", "Feeling very tired"),
])
def test_an_effect_in_a_verb_phrase_with_its_figure(body, name):
    assert list(effects(body)) == [name]


@pytest.mark.parametrize("body", [
    "<p>You may feel sick. Your hair may thin.</p>",  # no figure or band: not read (reported)
    "<ul><li>You may need a blood transfusion (5%)</li></ul>",  # no effect's name
    "<ul><li>Your doctor may stop treatment (10%)</li></ul>",
    "<ul><li>You may have your dose reduced (20%)</li></ul>",
    "<p>About 4 in 10 people feel better after the first cycle.</p>",
])
def test_near_misses_of_verb_phrase_effects(body):
    assert effects(body) == {}


# --- a route said once for 'X ... with Y' -----------------------------------------------------------------------


def routes(body: str) -> dict:
    r = page("<h2>Schedule</h2>" + body + "<p>Every 21 days.</p>")
    return {a.drug: a.route for p in r.phases for a in p.administrations}


@pytest.mark.parametrize("line, drug", [
    ("Oxaliplatin 85 mg/m2 IV over 2 hours on day 1, with leucovorin 400 mg/m2 over 2 hours", "leucovorin"),
    ("Oxaliplatin 85 mg/m2 as a drip into a vein over 2 hours on day 1 with folinic acid 350 mg over 2 hours",
     "leucovorin"),
    ("Paclitaxel 175 mg/m2 IV over 3 hours and carboplatin AUC 5 over 1 hour on day 1", "carboplatin"),
])
def test_a_drug_given_with_a_drip_and_with_its_own_infusion_time_is_a_drip_too(line, drug):
    assert routes(f"<ul><li>{line}</li></ul>")[drug] == "intravenous"


@pytest.mark.parametrize("line, drug", [
    # a route by mouth is never carried to the drug given with it
    ("Capecitabine 1000 mg/m2 by mouth twice daily on days 1-14 with oxaliplatin 130 mg/m2 over 2 hours on day 1",
     "oxaliplatin"),
    # no infusion time of its own: the route is not carried
    ("Gemcitabine 1000 mg/m2 IV over 30 minutes on days 1 and 8, given with cisplatin 25 mg/m2 on days 1 and 8",
     "cisplatin"),
    ("Cisplatin 75 mg/m2 IV on day 1 and capecitabine 1000 mg/m2 twice daily on days 1-14", "capecitabine"),
])
def test_near_misses_of_a_route_carried_to_the_drug_given_with(line, drug):
    assert routes(f"<ul><li>{line}</li></ul>")[drug] is None


# --- doses that differ by cycle inside one line ---------------------------------------------------------------


def phases_of(body: str) -> list[tuple]:
    r = page("<h2>Schedule</h2>" + body)
    return [(p.label, [(a.drug, a.dose.value, a.days) for a in p.administrations]) for p in r.phases]


def test_a_first_cycle_dose_then_the_later_dose_in_one_line():
    got = phases_of("<ul><li>Carfilzomib 20 mg/m2 IV over 30 minutes on days 1 and 2 of cycle 1, then 56 mg/m2 on days 8, "
                    "9, 15 and 16, and in later cycles on days 1, 2, 8, 9, 15 and 16</li><li>Dexamethasone 20 mg by mouth "
                    "on days 1, 8, 15 and 22</li></ul><p>Every 28 days.</p>")
    assert got == [
        ("Cycle 1", [("carfilzomib", 20, [1, 2]), ("carfilzomib", 56, [8, 9, 15, 16]), ("dexamethasone", 20, [1, 8, 15, 22])]),
        ("From cycle 2", [("carfilzomib", 56, [1, 2, 8, 9, 15, 16]), ("dexamethasone", 20, [1, 8, 15, 22])])]


def test_a_first_cycle_dose_then_the_later_dose_without_days_of_its_own():
    got = phases_of("<ul><li>Carfilzomib 20 mg/m2 on days 1 and 2 of cycle 1, then 56 mg/m2 IV over 30 minutes</li>"
                    "</ul><p>Every 28 days.</p>")
    assert got == [("Cycle 1", [("carfilzomib", 20, [1, 2])]), ("From cycle 2", [("carfilzomib", 56, [1, 2])])]


@pytest.mark.parametrize("line", [
    "Carfilzomib 20 mg/m2 IV on days 1 and 2, then 56 mg/m2 on days 8, 9, 15 and 16",  # a step inside every cycle
    "Carfilzomib 56 mg/m2 IV on days 1, 2, 8, 9, 15 and 16 of cycles 1 to 12",  # cycles 1 to 12 is no first cycle
])
def test_near_misses_of_a_first_cycle_dose(line):
    got = phases_of(f"<ul><li>{line}</li></ul><p>Every 28 days.</p>")
    assert [label for label, _ in got] == ["Treatment cycles"]


# --- "first infusion over 90 minutes, later ones over 30 minutes" ----------------------------------------------


def infusions(body: str) -> list[tuple]:
    r = page("<h2>Schedule</h2>" + body)
    return [(p.label, [(a.drug, a.infusion.value if a.infusion else None) for a in p.administrations]) for p in r.phases]


@pytest.mark.parametrize("line", [
    "Rituximab 375 mg/m2 IV on day 1. The first infusion takes about 90 minutes, later ones over 30 minutes.",
    "Rituximab 375 mg/m2 IV on day 1 (first infusion over 90 minutes, later infusions over 30 minutes)",
])
def test_first_and_later_infusion_times_split_cycle_1_from_the_later_cycles(line):
    assert infusions(f"<ul><li>{line}</li></ul><p>Every 21 days.</p>") == [
        ("Cycle 1", [("rituximab", 90)]), ("From cycle 2", [("rituximab", 30)])]


@pytest.mark.parametrize("line", [
    "Rituximab 375 mg/m2 IV on day 1 (first infusion over 90 minutes, thereafter over 30 minutes)",
    "Rituximab 375 mg/m2 IV on day 1, first infusion over 90 minutes, thereafter over 30 minutes",
])
def test_thereafter_names_the_later_infusions_time_not_a_later_dose(line):
    # 'thereafter' after a first infusion time is the later infusions' time: the drug stays in cycle 1 (it was left
    # out of cycle 1 as if the line gave a later dose only)
    assert infusions(f"<ul><li>{line}</li></ul><p>Every 21 days.</p>") == [
        ("Cycle 1", [("rituximab", 90)]), ("From cycle 2", [("rituximab", 30)])]


def test_near_miss_thereafter_after_a_dose_is_still_a_later_dose():
    r = page("<h2>Schedule</h2><ul><li>Trastuzumab 8 mg/kg IV on day 1, then 6 mg/kg thereafter</li>"
             "<li>Docetaxel 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>")
    assert [(p.label, [(a.drug, str(a.dose.value)) for a in p.administrations]) for p in r.phases] == [
        ("Cycle 1", [("trastuzumab", "8"), ("docetaxel", "75")]),
        ("From cycle 2", [("trastuzumab", "6"), ("docetaxel", "75")])]


@pytest.mark.parametrize("line", [
    "Ondansetron 16 mg by mouth on day 1, then 8 mg twice daily thereafter for 2 days",  # later days of the cycle
    "Dexamethasone 20 mg by mouth on day 1, then 8 mg on days 2 and 3 thereafter",  # days of its own
])
def test_near_miss_a_later_dose_with_days_or_a_frequency_of_its_own_is_no_first_cycle(line):
    r = page(f"<h2>Schedule</h2><ul><li>{line}</li><li>Docetaxel 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>")
    assert [p.label for p in r.phases] == ["Treatment cycles"]
    assert len(r.phases[0].administrations) == 3


def test_near_miss_a_conditional_time_thereafter_is_left_unstated():
    got = infusions("<ul><li>Rituximab 375 mg/m2 IV on day 1, first infusion over 90 minutes, thereafter over 30 "
                    "minutes if tolerated</li></ul><p>Every 21 days.</p>")
    assert got == [("Cycle 1", [("rituximab", 90)]), ("From cycle 2", [("rituximab", None)])]


def test_a_first_infusion_time_alone_is_cycle_1s_only():
    r = page("<h2>Schedule</h2><ul><li>Rituximab 375 mg/m2 IV on day 1. The first infusion takes about 4 hours.</li></ul>"
             "<p>Every 21 days.</p>")
    assert [(p.label, [a.infusion.value if a.infusion else None for a in p.administrations]) for p in r.phases] == [
        ("Cycle 1", [4]), ("From cycle 2", [None])]
    assert "the time of the infusions after the first is not stated plainly; left unstated" in [f.reason for f in r.not_mapped]


def test_later_times_that_step_down_if_tolerated_are_each_a_step():
    # (a near miss until round 14's preparation; each step is kept since: tests/test_regimen_breadth_pre14.py)
    got = infusions("<p>Bevacizumab 15 mg/kg IV on day 1, first infusion over 90 minutes, then 60 minutes, then 30 "
                    "minutes if tolerated.</p><p>Every 21 days.</p>")
    assert got == [("Cycle 1", [("bevacizumab", 90)]), ("Cycle 2", [("bevacizumab", 60)]),
                   ("From cycle 3", [("bevacizumab", 30)])]


def test_near_miss_first_and_later_times_in_a_regimen_with_phases_are_reported_not_split():
    r = page("<h2>Schedule</h2><h3>Induction</h3><ul><li>Rituximab 375 mg/m2 IV on day 1. The first infusion takes about "
             "90 minutes, later ones over 30 minutes.</li></ul><p>Every 21 days for 4 cycles.</p><h3>Maintenance</h3>"
             "<ul><li>Rituximab 375 mg/m2 IV on day 1 over 30 minutes</li></ul><p>Every 8 weeks.</p>")
    induction = r.phases[0]
    assert [(a.drug, a.infusion) for a in induction.administrations] == [("rituximab", None)]  # no time for every cycle
    assert "first and later infusion times in a regimen with phases of its own: not read" in [f.reason for f in r.not_mapped]


def test_near_miss_one_infusion_time_is_every_cycles():
    assert infusions("<ul><li>Pertuzumab 420 mg IV on day 1 over 30 minutes</li></ul><p>Every 21 days.</p>") == [
        ("Treatment cycles", [("pertuzumab", 30)])]


# --- a 'Cycle 1' column in a drug table --------------------------------------------------------------------------


def test_cycle_columns_of_a_drug_table_are_phases():
    got = phases_of("<table><tr><th>Drug</th><th>Route</th><th>Cycle 1</th><th>Cycle 2 onwards</th></tr>"
                    "<tr><td>Carfilzomib</td><td>IV over 30 minutes</td><td>20 mg/m2 on days 1 and 2</td>"
                    "<td>56 mg/m2 on days 1, 2, 8, 9, 15 and 16</td></tr><tr><td>Dexamethasone</td><td>By mouth</td>"
                    "<td>20 mg on days 1, 8, 15 and 22</td><td>20 mg on days 1, 8, 15 and 22</td></tr></table>"
                    "<p>Every 28 days.</p>")
    assert got == [("Cycle 1", [("carfilzomib", 20, [1, 2]), ("dexamethasone", 20, [1, 8, 15, 22])]),
                   ("Cycle 2 onwards", [("carfilzomib", 56, [1, 2, 8, 9, 15, 16]), ("dexamethasone", 20, [1, 8, 15, 22])])]


def test_cycle_columns_holding_days_beside_a_dose_column():
    r = page("<h2>Schedule</h2><table><tr><th>Drug</th><th>Dose</th><th>Route</th><th>Cycle 1</th><th>Cycles 2-6</th></tr>"
             "<tr><td>Rituximab</td><td>375 mg/m2</td><td>IV</td><td>1, 8, 15, 22</td><td>1</td></tr>"
             "<tr><td>Bendamustine</td><td>90 mg/m2</td><td>IV</td><td>1, 2</td><td>–</td></tr></table><p>Every 28 days.</p>")
    assert [(p.label, p.count, [(a.drug, a.days) for a in p.administrations]) for p in r.phases] == [
        ("Cycle 1", 1, [("rituximab", [1, 8, 15, 22]), ("bendamustine", [1, 2])]),
        ("Cycles 2-6", 5, [("rituximab", [1])])]  # '–': bendamustine not in cycles 2-6


@pytest.mark.parametrize("header", ["Cycle length", "Cycles", "Cycle day"])
def test_near_misses_of_cycle_columns(header):
    # a column about cycles that names no phase is no phase column
    r = page(f"<h2>Schedule</h2><table><tr><th>Drug</th><th>Dose</th><th>Days</th><th>{header}</th></tr>"
             "<tr><td>Cisplatin</td><td>75 mg/m2</td><td>1</td><td>21 days</td></tr></table>")
    assert [p.label for p in r.phases] != ["Cycle 1"] and all(not p.label.startswith("Cycle 1") for p in r.phases)


# --- premedication lists ---------------------------------------------------------------------------------------

PACLITAXEL = "<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV over 3 hours on day 1</li></ul><p>Every 21 days.</p>"


def doses_by_phase(r) -> dict:
    return {(p.label, p.supportive): [(a.drug, a.dose.value) for a in p.administrations] for p in r.phases}


@pytest.mark.parametrize("body", [
    "<h3>Premedication</h3><ul><li>Dexamethasone 20 mg IV 30 minutes before paclitaxel</li>"
    "<li>Chlorphenamine 10 mg IV 30 minutes before paclitaxel</li></ul>",
    "<h3>Medicines before your treatment</h3><ul><li>Dexamethasone 20 mg IV 30 minutes before paclitaxel</li>"
    "<li>Chlorphenamine 10 mg IV 30 minutes before paclitaxel</li></ul>",
])
def test_a_premedication_list_is_a_phase_alongside_and_never_a_dose_of_the_drug_it_precedes(body):
    phases = doses_by_phase(page(PACLITAXEL + body))
    assert phases[("Treatment cycles", False)] == [("paclitaxel", 175)]  # no 'paclitaxel 10 mg'
    (label, supportive), = [k for k in phases if k[1]]
    assert phases[(label, True)] == [("dexamethasone", 20), ("Chlorphenamine", 10)]


def test_a_labelled_premedication_line_is_taken_alongside():
    r = page(PACLITAXEL.replace("</ul>", "<li>Premedication: dexamethasone 20 mg IV 30 minutes before paclitaxel</li></ul>"))
    assert doses_by_phase(r) == {("Treatment cycles", False): [("paclitaxel", 175)],
                                 ("Premedication", True): [("dexamethasone", 20)]}


@pytest.mark.parametrize("sentence, drugs", [
    ("Before each paclitaxel dose you have premedication: dexamethasone 20 mg, chlorphenamine 10 mg and famotidine 20 mg,"
     " into a vein 30 minutes before.", ["dexamethasone"]),
    ("Premedication: paracetamol 1 g orally and an antihistamine 60 minutes before the infusion.", ["acetaminophen"]),
])
def test_a_premedication_sentence_is_the_premedication_action_not_a_dose(sentence, drugs):
    r = page(PACLITAXEL + f"<p>{sentence}</p>")
    assert doses_by_phase(r) == {("Treatment cycles", False): [("paclitaxel", 175)]}
    assert [(s.kind, s.drugs) for s in r.supportive] == [("premedication", drugs)]
    assert sentence in [f.text for f in r.not_mapped]  # its doses are reported, not read


def test_near_miss_a_dose_timed_after_a_drug_keeps_its_own_drug():
    r = page("<h2>Schedule</h2><ul><li>Paclitaxel 80 mg/m2 IV over 1 hour on days 1, 8 and 15</li>"
             "<li>Carboplatin AUC 2 IV over 30 minutes after paclitaxel on days 1, 8 and 15</li></ul><p>Every 28 days.</p>")
    assert [a.drug for p in r.phases for a in p.administrations] == ["paclitaxel", "carboplatin"]


# --- a continuous infusion through its days ----------------------------------------------------------------------


@pytest.mark.parametrize("line, days, infusion", [
    ("Cytarabine 100 mg/m2/day by continuous IV infusion for 7 days", list(range(1, 8)), 7),
    ("Blinatumomab 28 mcg/day continuous IV infusion on days 1-28", list(range(1, 29)), 28),
    # near misses: two runs of days (not one infusion), a stated time, no 'continuous'
    ("Fluorouracil 1000 mg/m2/day continuous infusion on days 1-4 and 29-32", [1, 2, 3, 4, 29, 30, 31, 32], None),
    ("Fluorouracil 2400 mg/m2 continuous infusion over 46 hours on day 1", [1], 46),
    ("Cytarabine 100 mg/m2 IV twice daily for 7 days", list(range(1, 8)), None),
])
def test_a_continuous_infusion_runs_through_its_days(line, days, infusion):
    r = page(f"<h2>Schedule</h2><ul><li>{line}</li></ul><p>Every 28 days.</p>")
    (adm,) = [a for p in r.phases for a in p.administrations]
    assert (adm.days, adm.infusion.value if adm.infusion else None) == (days, infusion)


# --- effect sentences of the issue's list that were misread --------------------------------------------------


def test_two_effects_reported_in_one_sentence_each_with_its_figure():
    e = effects("<p>Nausea was reported in 45% of patients and vomiting in 20%.</p>")
    assert {k: v.value for k, v in e.items()} == {"Nausea": 45, "Vomiting": 20}  # never 'In 45% of patients and vomiting'


def test_a_paragraph_term_colon_figure():
    assert {k: v.value for k, v in effects("<p>Fatigue: 40 percent</p>").items()} == {"Fatigue": 40}


def test_the_most_common_side_effects_band_before_a_colon():
    e = effects("<p>Most common side effects (≥20%): nausea, fatigue and constipation.</p>")
    assert {k: (v.value, v.comparator) for k, v in e.items()} == {
        k: (20, ">=") for k in ("Nausea", "Fatigue", "Constipation")}


def test_a_group_band_with_may_affect_is_no_effect():
    e = effects("<p>Uncommon (may affect up to 1 in 100 people): hearing loss, ringing in the ears.</p>")
    assert {k: band(v) for k, v in e.items()} == {
        k: (Decimal(1), "<=", None, None, "uncommon") for k in ("Hearing loss", "Ringing in the ears")}


@pytest.mark.parametrize("body", [
    # (figures after commas, "Nausea, 45%; vomiting, 20%", and a band of a fraction, "more than half of people", are
    # read since: tests/test_regimen_breadth_pre14.py)
    "<p>Neutropenia (grade 3/4): 25%</p>",  # a severe-grade figure is no all-grade incidence
    "<p>Hair loss affects more than a third of people.</p>",  # a band of a fraction with no exact percentage: not read
])
def test_near_misses_of_effect_sentences(body):
    assert effects(body) == {}


# --- more effect wordings of patient leaflets -----------------------------------------------------------------


def test_a_ratio_restated_before_its_exact_figure_leaves_the_name_clean():
    e = effects("<ul><li>Tiredness (fatigue) – affects about 1 in 3 people (33%)</li></ul>")
    assert {k: v.value for k, v in e.items()} == {"Tiredness (fatigue)": 33}


@pytest.mark.parametrize("body, expected", [
    ("<p>Side effects that affect more than 1 in 10 people include nausea, tiredness and hair loss.</p>",
     {k: (Decimal(10), ">", None) for k in ("Nausea", "Tiredness", "Hair loss")}),
    ("<p>Side effects affecting fewer than 1 in 10 people include rash and headache.</p>",
     {k: (Decimal(10), "<", None) for k in ("Rash", "Headache")}),
    ("<p>Common side effects (affecting more than 10% of patients) include anaemia and fatigue.</p>",
     {k: (Decimal(10), ">", "common") for k in ("Anaemia", "Fatigue")}),
])
def test_a_band_shared_by_a_list_of_effects(body, expected):
    assert {k: (v.value, v.comparator, v.category_word) for k, v in effects(body).items()} == expected


def test_it_after_a_sentence_naming_one_effect_with_a_word_only():
    e = effects("<p>Diarrhoea is very common. It affects around 6 in 10 people.</p>")
    d = e["Diarrhoea"]
    assert (d.numerator, d.denominator, d.category_word) == (6, 10, "very common")


@pytest.mark.parametrize("body", [
    # the sentence before names no effect with a figure or word: 'This happens to' is never an effect
    "<p>You might lose your hair. This happens to more than 9 in 10 people.</p>",
    # two effects before it: which one 'it' is, is not told
    "<p>Nausea and vomiting are very common. It affects around 6 in 10 people.</p>",
])
def test_near_misses_of_a_pronoun(body):
    e = effects(body)
    assert all(not k.lower().startswith(("this", "it ")) for k in e)
    assert all(v.numerator is None and v.value is None for v in e.values())


def test_a_route_and_a_bare_duration_in_brackets_after_a_dose():
    r = page("<h2>Doses</h2><ul><li>Bendamustine: 90 mg/m² on days 1 and 2 (IV, 30-60 minutes)</li>"
             "<li>Rituximab: 375 mg/m² on day 1 (IV infusion)</li></ul><p>Cycle: 28 days × 6</p>")
    (phase,) = r.phases
    benda, ritux = phase.administrations
    assert (benda.infusion.low, benda.infusion.high, benda.infusion.unit) == (30, 60, "min")
    assert ritux.infusion is None  # no duration: none
    assert (phase.length.value, phase.count) == (28, 6)


def test_near_miss_brackets_without_a_route_give_no_infusion_time():
    r = page("<h2>Doses</h2><ul><li>Bendamustine: 90 mg/m² on days 1 and 2 (day 2, 30 minutes later)</li></ul>"
             "<p>Every 28 days.</p>")
    assert all(a.infusion is None for p in r.phases for a in p.administrations)


@pytest.mark.parametrize("line, days", [
    ("Ondansetron 8 mg by mouth every 8 hours for 3 days", [1, 2, 3]),
    ("Hydrocortisone 20 mg four times a day for 5 days", [1, 2, 3, 4, 5]),
    # near misses: counted from another drug's dose; no 'for N days'
    ("Dexamethasone 8 mg twice daily for 3 days starting the day before docetaxel", []),
    ("Ondansetron 8 mg every 8 hours", []),
])
def test_a_within_day_frequency_for_n_days(line, days):
    r = page(f"<h2>Schedule</h2><ul><li>{line}</li><li>Docetaxel 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>")
    assert r.phases[0].administrations[0].days == days


@pytest.mark.parametrize("body", [
    "<h3>Very common side effects</h3><p>These affect more than 1 in 10 people:</p><ul><li>Nausea</li></ul>",
    "<p><strong>Very common</strong> (more than 1 in 10 people)</p><ul><li>Nausea</li></ul>",
    "<p>Very common side effects (more than 1 in 10 people) are:</p><ul><li>Nausea</li></ul>",
])
def test_a_band_stated_over_a_list_is_each_items(body):
    assert band(effects(body)["Nausea"]) == (Decimal(10), ">", None, None, "very common")


def test_a_range_of_a_hundred_in_a_group_heading():
    e = effects("<h3>Occasional (affects 1 to 10 in 100 people)</h3><ul><li>Rash</li></ul>")
    assert band(e["Rash"]) == (None, None, Decimal(1), Decimal(10), "less common")


def test_near_miss_a_lead_in_without_a_band_keeps_the_word_only():
    e = effects("<h3>Very common side effects</h3><p>These affect many people:</p><ul><li>Nausea</li></ul>")
    assert band(e["Nausea"]) == (None, None, None, None, "very common")


@pytest.mark.parametrize("body, name, ratio", [
    ("<p>Hair loss affects about half of people.</p>", "Hair loss", (1, 2)),
    ("<p>Around a quarter of people get diarrhoea.</p>", "Diarrhoea", (1, 4)),
    ("<p>Two thirds of patients have tiredness.</p>", "Tiredness", (2, 3)),
])
def test_a_fraction_of_people_is_kept_as_the_ratio_it_says(body, name, ratio):
    e = effects(body)[name]
    assert (e.numerator, e.denominator, e.value) == (*ratio, None)  # never a made-up percentage


def test_cycle_1_days_then_the_later_cycles_days_of_one_dose():
    got = phases_of("<ul><li>Obinutuzumab 1000 mg IV on days 1, 8 and 15 of cycle 1, then on day 1 of cycles 2-6</li>"
                    "<li>Chlorambucil 0.5 mg/kg by mouth on days 1 and 15</li></ul><p>Every 28 days for 6 cycles.</p>")
    assert got == [("Cycle 1", [("obinutuzumab", 1000, [1, 8, 15]), ("chlorambucil", Decimal("0.5"), [1, 15])]),
                   ("From cycle 2", [("obinutuzumab", 1000, [1]), ("chlorambucil", Decimal("0.5"), [1, 15])])]


def test_then_on_another_day_repeats_the_dose_never_a_doseless_administration():
    r = page("<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1, then on day 8</li></ul><p>Every 21 days.</p>")
    adms = [a for p in r.phases for a in p.administrations]
    assert all(a.dose.value == 75 for a in adms) and sorted(d for a in adms for d in a.days) == [1, 8]


# --- one dose whose interval changes by week -----------------------------------------------------------------


def test_an_interval_that_changes_by_week_gives_a_phase_per_week_range():
    r = page("<h2>Schedule</h2><ul><li>Daratumumab 16 mg/kg IV weekly (weeks 1-8), every 2 weeks (weeks 9-24), then "
             "every 4 weeks</li></ul>")
    assert [(p.label, p.length.value, p.length.unit, p.count, [a.days for a in p.administrations]) for p in r.phases] == [
        ("Weeks 1-8 – weekly", 1, "wk", 8, [[1]]),
        ("Weeks 9-24 – every 2 weeks", 2, "wk", 8, [[1]]),
        ("Week 25 onwards – every 4 weeks", 4, "wk", None, [[1]])]


def test_near_miss_week_ranges_that_do_not_fit_their_interval_are_not_phases():
    r = page("<h2>Schedule</h2><ul><li>Daratumumab 16 mg/kg IV weekly (weeks 1-8), every 2 weeks (weeks 9-23), then "
             "every 4 weeks</li></ul>")
    assert all(not p.label.startswith("Week") for p in r.phases)


def test_near_miss_week_phases_beside_drugs_on_cycles_are_reported():
    r = page("<h2>Schedule</h2><ul><li>Daratumumab 16 mg/kg IV weekly (weeks 1-8), every 2 weeks (weeks 9-24), then "
             "every 4 weeks</li><li>Lenalidomide 25 mg by mouth on days 1-21</li></ul><p>Every 28 days.</p>")
    assert [(p.label, [a.drug for a in p.administrations]) for p in r.phases] == [("Treatment cycles", ["lenalidomide"])]
    assert "one dose whose interval changes by week, beside other drugs on cycles: its phases are not read" in \
        [f.reason for f in r.not_mapped]


@pytest.mark.parametrize("body", [
    "<p>Side effects were reported in 95% of patients.</p>",  # side effects as a whole (it had been an effect 'Side effects')
    "<p>Hair loss is temporary; it affects 80% of people.</p>",  # it had been an effect 'Hair loss is temporary; it'
    "<p>Around 5% of people need a blood transfusion.</p>",
])
def test_near_misses_that_had_been_invented_effects(body):
    assert effects(body) == {}


# --- parts in order: '4 cycles of AC followed by 4 cycles of docetaxel' -------------------------------------------

SEQUENCE = ("<h2>Schedule</h2><p>You have 4 cycles of AC followed by 4 cycles of docetaxel.</p><h3>AC</h3><ul>"
            "<li>Doxorubicin 60 mg/m2 IV on day 1</li><li>Cyclophosphamide 600 mg/m2 IV on day 1</li></ul><p>Every 21 days."
            "</p><h3>{second}</h3><ul><li>Docetaxel 100 mg/m2 IV over 1 hour on day 1</li></ul><p>Every 21 days.</p>")


@pytest.mark.parametrize("second", ["Docetaxel", "Docetaxel (Taxotere)"])
def test_parts_named_in_order_head_their_phases(second):
    r = page(SEQUENCE.format(second=second))
    assert [(p.label, p.count, p.first_cycle, [a.drug for a in p.administrations]) for p in r.phases] == [
        ("AC", 4, 1, ["doxorubicin", "cyclophosphamide"]), (second, 4, 5, ["docetaxel"])]
    assert r.phases[1].after == r.phases[0].key


def test_near_miss_headings_that_name_no_part_are_no_phases():
    r = page(SEQUENCE.format(second="Paclitaxel"))
    assert [p.label for p in r.phases if p.label == "Paclitaxel"] == []


def test_then_weeks_of_a_weekly_part():
    r = page("<h2>Schedule</h2><p>Four cycles of EC, then twelve weeks of weekly paclitaxel.</p><h3>EC</h3><ul>"
             "<li>Epirubicin 90 mg/m2 IV day 1</li><li>Cyclophosphamide 600 mg/m2 IV day 1</li></ul><p>Every 21 days.</p>"
             "<h3>Paclitaxel</h3><ul><li>Paclitaxel 80 mg/m2 IV weekly</li></ul>")
    assert [(p.label, p.length.value, p.length.unit, p.count, p.first_cycle) for p in r.phases] == [
        ("EC", 21, "d", 4, 1), ("Paclitaxel", 1, "wk", 12, 5)]


def test_near_miss_weeks_of_a_part_without_its_interval_are_not_read_as_cycles():
    r = page("<h2>Schedule</h2><p>Four cycles of EC, then twelve weeks of paclitaxel.</p><h3>EC</h3><ul>"
             "<li>Epirubicin 90 mg/m2 IV day 1</li></ul><p>Every 21 days.</p>"
             "<h3>Paclitaxel</h3><ul><li>Paclitaxel 80 mg/m2 IV weekly</li></ul>")
    assert all(p.count != 12 for p in r.phases)


def test_parts_in_one_sentence_each_with_its_count():
    r = page("<h2>Schedule</h2><p>EC: epirubicin 90 mg/m2 and cyclophosphamide 600 mg/m2 IV on day 1, every 21 days for "
             "3 cycles, then paclitaxel 175 mg/m2 IV on day 1, every 21 days for 3 cycles.</p>")
    assert [(p.label, p.count, p.first_cycle, [a.drug for a in p.administrations]) for p in r.phases] == [
        ("Cycles 1-3", 3, 1, ["epirubicin", "cyclophosphamide"]), ("Cycles 4-6", 3, 4, ["paclitaxel"])]


@pytest.mark.parametrize("sentence", [
    # the same drug on both sides (a dose step); a part without its own count
    "Fluorouracil 400 mg/m2 IV bolus on day 1 for 6 cycles, then fluorouracil 2400 mg/m2 over 46 hours for 6 cycles.",
    "Epirubicin 90 mg/m2 IV on day 1 every 21 days for 3 cycles, then paclitaxel 175 mg/m2 IV on day 1 every 21 days.",
])
def test_near_misses_of_parts_in_one_sentence(sentence):
    r = page(f"<h2>Schedule</h2><p>{sentence}</p>")
    assert not any(p.label.startswith("Cycles 4") for p in r.phases)


def test_a_band_in_brackets_right_after_the_word_with_more_after_it():
    e = effects("<p>Kidney damage is rare (less than 1 in 100) if you drink plenty of fluids.</p>")
    assert band(e["Kidney damage"]) == (Decimal(1), "<", None, None, "rare")


def test_a_counted_part_then_an_open_ended_part_of_its_own_interval():
    r = page("<h2>Schedule</h2><ul><li>Ipilimumab 3 mg/kg IV every 3 weeks for 4 doses</li><li>Nivolumab 1 mg/kg IV every "
             "3 weeks for 4 doses, then nivolumab 480 mg every 4 weeks</li></ul>")
    assert [(p.label, p.length.value, p.length.unit, p.count, [(a.drug, a.dose.value) for a in p.administrations])
            for p in r.phases] == [
        ("Cycles 1-4", 3, "wk", 4, [("ipilimumab", 3), ("nivolumab", 1)]),
        ("From cycle 5", 4, "wk", None, [("nivolumab", 480)])]


def test_near_miss_a_later_dose_on_the_same_interval_is_no_open_ended_part():
    r = page("<h2>Schedule</h2><ul><li>Nivolumab 1 mg/kg IV every 3 weeks for 4 doses, then nivolumab 3 mg/kg every 3 "
             "weeks</li></ul>")
    assert all(not p.label.startswith("From cycle") for p in r.phases)


def test_a_course_with_radiotherapy_then_cycles_in_one_line():
    r = page("<h2>How you have it</h2><ul><li>Temozolomide 75 mg/m2 daily throughout radiotherapy (42 days), then "
             "150-200 mg/m2 on days 1-5 every 28 days for 6 cycles.</li></ul>")
    (rt, cycles) = r.phases
    assert (rt.label, rt.length.value, rt.length.unit, rt.count) == ("With radiotherapy", 42, "d", 1)
    assert [(a.dose.value, a.days) for a in rt.administrations] == [(75, list(range(1, 43)))]
    assert (cycles.label, cycles.length.value, cycles.count, cycles.after) == ("Cycles 1-6", 28, 6, rt.key)
    assert [(a.dose.low, a.dose.high, a.days) for a in cycles.administrations] == [(150, 200, [1, 2, 3, 4, 5])]


def test_near_miss_radiotherapy_without_its_length_is_no_course():
    r = page("<h2>How you have it</h2><ul><li>Temozolomide 75 mg/m2 daily throughout radiotherapy, then 150 mg/m2 on "
             "days 1-5 every 28 days for 6 cycles.</li></ul>")
    assert all(p.label != "With radiotherapy" for p in r.phases)


def test_another_drugs_interval_in_a_later_dose_line_is_not_the_cycle_length():
    r = page("<h2>Schedule</h2><p>Pemetrexed 500 mg/m2 IV over 10 minutes on day 1, every 21 days. Folic acid 400 "
             "micrograms by mouth daily and vitamin B12 1000 micrograms IM every 9 weeks.</p>")
    assert [(p.length.value, p.length.unit) for p in r.phases if not p.supportive] == [(21, "d")]
    # (and B12's own interval is kept since round 14's preparation: a phase alongside of 9 weeks,
    # tests/test_regimen_breadth_pre14.py)
    assert [(p.length.value, p.length.unit, [a.drug for a in p.administrations]) for p in r.phases if p.supportive] == [
        (9, "wk", ["cyanocobalamin"])]


def test_near_miss_the_same_drugs_later_interval_still_sets_the_length():
    r = page("<h2>Schedule</h2><p>Note: a 3-day schedule of decitabine (given every 6 weeks) also exists.</p>"
             "<ul><li>Decitabine 20 mg/m2 IV over 1 hour on days 1-5, every 4 weeks</li></ul>")
    assert [(p.length.value, p.length.unit) for p in r.phases] == [(4, "wk")]


def test_a_dose_by_reference_validates_in_r5_too():
    from regimen_fhir.map import MapContext, map_regimen
    from regimen_fhir.map.versions import VERSIONS
    from regimen_fhir.validate import has_errors, validate_resource

    ctx = MapContext(version=VERSIONS["R5"])
    ad = next(m.resource for m in map_regimen(page(CETUXIMAB + REFERENCE), [], ctx)
              if m.resource["resourceType"] == "ActivityDefinition"
              and m.resource["productCodeableConcept"]["text"] == "irinotecan")
    ad["date"] = "2024-03-01"
    assert "doseAndRate" not in ad["dosage"][0] and not has_errors(validate_resource(ad, "R5"))
    del ad["dosage"][0]["extension"]
    assert has_errors(validate_resource(ad, "R5"))  # neither a dose nor a reference: refused (rgm-5)
