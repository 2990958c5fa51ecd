"""Forms met in sealed round 16 (measured once before these fixes), with their near misses: a bold lead-in parted from
its text by a dash; a section heading naming the vitamins taken alongside; a supportive medicine named with its route
but no dose (reported as such, never given a dose). General (any page may use them), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import small_blocks, small_page

page = small_page

_SCHEDULE = "<h2>Your treatment</h2><p>Docetaxel 75 mg/m2 as a drip into a vein over 1 hour on day 1. Repeated every 21 days.</p>"


# --- a bold lead-in parted from its text by a dash -------------------------------------------------------------------
@pytest.mark.parametrize("dash", ["–", "—", "-", "&ndash;", "&#8212;"])
def test_a_lead_in_parted_by_a_dash_names_the_section(dash):
    r = page(_SCHEDULE + f"<p><strong>Side effects</strong> {dash} in the main study the most common were hair loss (40 %) "
             "and tiredness (22 %).</p><p>About 9 % of patients stopped treatment because of side effects.</p>",
             h1="Docetaxel")
    assert sorted((e.term, e.incidence.value) for e in r.side_effects) == [("Hair loss", Decimal(40)),
                                                                            ("Tiredness", Decimal(22))]
    assert r.discontinuation is not None and r.discontinuation.value == Decimal(9)


def test_the_dash_lead_in_is_the_paragraphs_label():
    blocks = small_blocks("<p><strong>Side effects</strong> – tiredness (18 %).</p>"
                          "<p><b>Contact us</b>&nbsp;— ring the line.</p>")
    assert [b.label for b in blocks] == ["Side effects", "Contact us"]


@pytest.mark.parametrize("body", [
    "<p><strong>Non</strong>-squamous cancer is the most common kind.</p>",  # a hyphen joining words
    "<p><strong>Side effects,</strong> – as listed below.</p>",  # the bold text runs on into the sentence
    "<p><strong>Do not</strong> take it with food.</p>",  # no dash at all
    "<p>Read this <strong>Side effects</strong> – tiredness.</p>",  # the bold text does not open the paragraph
])
def test_no_dash_lead_in(body):
    assert [b.label for b in small_blocks(body)] == [None]


def test_a_side_effect_sentence_under_a_heading_naming_no_section_is_still_not_read():
    # near miss: the same sentence with a lead-in that names no section is reported, not read as side effects
    r = page(_SCHEDULE + "<p><strong>Study results</strong> – in the main study the most common were hair loss (40 %).</p>",
             h1="Docetaxel")
    assert r.side_effects == []
    assert any("hair loss" in f.text for f in r.not_mapped)


# --- a heading naming the vitamins taken alongside ------------------------------------------------------------------
@pytest.mark.parametrize("heading", ["Vitamins you must take", "Vitamins you need to take", "Vitamins to take",
                                     "Vitamin injections", "Vitamins and steroids"])
def test_a_vitamins_heading_is_a_section_of_medicines_taken_alongside(heading):
    from regimen_fhir.parse.rules import section_kind
    assert section_kind(heading) == "supportive-medicines"
    r = page(_SCHEDULE + f"<h2>{heading}</h2><p>You take folic acid 400 micrograms by mouth every day.</p>",
             h1="Docetaxel")
    phase = next(p for p in r.phases if p.label == heading)
    assert phase.supportive and phase.length is None
    assert [(a.drug, a.dose.value) for a in phase.administrations] == [("folic acid", Decimal(400))]


@pytest.mark.parametrize("heading", ["Vitamin B12 deficiency", "Vitamins", "Vitamins and supplements to avoid",
                                     "Vitamin and herbal supplements"])
def test_no_vitamins_section(heading):
    from regimen_fhir.parse.rules import section_kind
    assert section_kind(heading) != "supportive-medicines"


# --- a medicine taken alongside, named with its route and no dose ---------------------------------------------------
_ALONGSIDE = _SCHEDULE + "<h2>Medicines you take alongside</h2><p>{text}</p>"


def _alongside(r):
    return [(a.drug, a.dose.value, a.route, a.dose_unstated) for p in r.phases if p.supportive for a in p.administrations]


def test_an_undosed_clause_beside_a_dosed_one_is_an_administration_without_a_dose():
    r = page(_ALONGSIDE.format(text="You take folic acid 400 micrograms by mouth every day, and have a vitamin B12 "
                               "injection into the muscle every nine weeks."), h1="Docetaxel")
    got = sorted(_alongside(r), key=str)
    assert got == [("cyanocobalamin", None, "intramuscular", "have a vitamin B12 injection into the muscle every nine weeks"),
                   ("folic acid", Decimal(400), "oral", None)]
    b12 = next(a for p in r.phases for a in p.administrations if a.drug == "cyanocobalamin")
    assert not b12.dose.is_range and b12.days == [] and b12.frequency is None  # no timing made up from 'nine weeks'
    folic = next(a for p in r.phases for a in p.administrations if a.drug == "folic acid")
    assert "B12" not in folic.text  # the clause is the B12's, not folic acid's
    # reported as a medicine with no dose, never silently
    assert any("no dose" in f.reason and "B12" in f.text for f in r.not_mapped)
    # and the phase alongside takes no cycle length from 'every nine weeks'
    assert all(p.length is None for p in r.phases if p.supportive)


def test_an_undosed_medicine_timed_against_another_drugs_dose():
    r = page(_ALONGSIDE.format(text="You will also have dexamethasone tablets the day before, the day of and the day "
                               "after each docetaxel dose, to reduce the chance of fluid build-up."), h1="Docetaxel")
    assert [(d, v, rt) for d, v, rt, _ in _alongside(r)] == [("dexamethasone", None, "oral")]
    assert not any(a.drug == "docetaxel" and a.dose.value is None for p in r.phases for a in p.administrations)


@pytest.mark.parametrize("text", [
    "If your blood count is low you may have a filgrastim injection under the skin.",  # hedged
    "Do not take aspirin tablets during treatment.",  # not given: a warning
    "You will have vitamin B12 every nine weeks.",  # no route: not read as an administration
    "You will have dexamethasone or ondansetron tablets before each dose.",  # two medicines, which one is not clear
])
def test_no_undosed_administration(text):
    r = page(_ALONGSIDE.format(text=text), h1="Docetaxel")
    assert _alongside(r) == []
    # accounted for in the report (not mapped, or read as what it is elsewhere), never dropped
    assert any(text.rstrip(".") in f.text for f in r.not_mapped + r.understood)


@pytest.mark.parametrize("text", [
    "Dexamethasone 8 mg by mouth twice a day. You will also have dexamethasone tablets the day after each docetaxel dose.",
    "You will also have dexamethasone tablets the day after each docetaxel dose. Dexamethasone 8 mg by mouth twice a day.",
])
def test_a_medicine_dosed_elsewhere_is_not_read_again_without_its_dose(text):
    r = page(_ALONGSIDE.format(text=text), h1="Docetaxel")
    assert [(d, v) for d, v, _, _ in _alongside(r)] == [("dexamethasone", Decimal(8))]


def test_undosed_medicines_keep_the_pages_order():
    r = page(_ALONGSIDE.format(text="You take folic acid 400 micrograms by mouth every day, and have a vitamin B12 "
                               "injection into the muscle every nine weeks. You will also have dexamethasone tablets "
                               "the day after each docetaxel dose."), h1="Docetaxel")
    assert [d for d, _, _, _ in _alongside(r)] == ["folic acid", "cyanocobalamin", "dexamethasone"]


def test_an_undosed_medicine_outside_a_section_of_medicines_alongside_is_not_an_administration():
    r = page("<h2>Your treatment</h2><p>Docetaxel 75 mg/m2 as a drip into a vein over 1 hour on day 1. Repeated every 21 "
             "days, and have a vitamin B12 injection into the muscle every nine weeks.</p>", h1="Docetaxel")
    assert not any(a.drug == "cyanocobalamin" for p in r.phases for a in p.administrations)


def _mapped(r):
    from regimen_fhir.map import MapContext, map_regimen
    return [m.resource for m in map_regimen(r, [], MapContext())]


def test_an_undosed_medicine_maps_to_a_dosage_without_dose_and_validates():
    from regimen_fhir.validate import has_errors, validate_resource

    r = page(_ALONGSIDE.format(text="You will also have dexamethasone tablets the day before, the day of and the day "
                               "after each docetaxel dose."), h1="Docetaxel")
    ad = next(x for x in _mapped(r) if x["resourceType"] == "ActivityDefinition"
              and x["productCodeableConcept"]["text"] == "dexamethasone")
    dosage = ad["dosage"][0]
    assert "doseAndRate" not in dosage
    assert dosage["extension"] == [{"url": "http://regimen-fhir.example.org/fhir/StructureDefinition/dose-not-stated",
                                    "valueString": "You will also have dexamethasone tablets the day before, the day "
                                                   "of and the day after each docetaxel dose"}]
    assert dosage["route"]["coding"][0]["code"] == "26643006"  # SNOMED CT oral route
    assert "(no dose stated)" in ad["title"]
    ad["date"] = "2024-03-01"  # the small page states no date (the profile requires one)
    assert not has_errors(validate_resource(ad, "R4B"))
    # negative: without the extension, a dosage with no dose is refused by the profile (rgm-5)
    del dosage["extension"]
    issues = validate_resource(ad, "R4B")
    assert has_errors(issues) and any("rgm-5" in (i.diagnostics or "") for i in issues)


def test_apply_refuses_an_undosed_medicine_by_name():
    from regimen_fhir.apply.dose import needs
    from regimen_fhir.apply.errors import ApplyError

    r = page(_ALONGSIDE.format(text="You will also have dexamethasone tablets the day after each docetaxel dose."),
             h1="Docetaxel")
    ad = next(x for x in _mapped(r) if x["resourceType"] == "ActivityDefinition"
              and x["productCodeableConcept"]["text"] == "dexamethasone")
    with pytest.raises(ApplyError, match="names this medicine with no dose"):
        needs(ad, "dexamethasone")


def test_a_dash_lead_in_names_the_effect_its_prose_gives_a_figure_for():
    # the same lead-in form inside a side-effects section: the bold words are the effect ('Hair loss – this' before)
    r = page(_SCHEDULE + "<h2>Side effects</h2><p><b>Hair loss</b> – this affects about 1 in 3 people.</p>", h1="Docetaxel")
    assert [(e.term, e.incidence.text) for e in r.side_effects] == [("Hair loss", "about 1 in 3 people")]


def test_dose_lines_led_by_a_dashed_day_label_are_read_as_before():
    r = page("<h2>Schedule</h2><p><strong>Day 1</strong> – cisplatin 75 mg/m2 IV over 2 hours.</p>"
             "<p><strong>Days 1 to 3</strong> – etoposide 100 mg/m2 IV over 1 hour.</p>"
             "<p>Repeat every 21 days for 4 cycles.</p>", h1="EP")
    assert [(a.drug, a.dose.value, a.days) for p in r.phases for a in p.administrations] == [
        ("cisplatin", Decimal(75), [1]), ("etoposide", Decimal(100), [1, 2, 3])]
