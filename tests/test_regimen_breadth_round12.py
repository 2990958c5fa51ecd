"""Forms read in round 12, each with its near misses. Every form is general (any page may use it), never a page's own
words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import small_page
from regimen_fhir.model import Amount

page = small_page


# --- two schedules offered side by side as tabs ---------------------------------------------------------------------

_TABS = ('<h2>How is it given?</h2><p>You have it as a drip into a vein.</p>'
         '<ul class="nav nav-tabs" role="tablist">'
         '<li><button class="nav-link" data-bs-toggle="tab" data-bs-target="#a" role="tab">{a}</button></li>'
         '<li><button class="nav-link" data-bs-toggle="tab" data-bs-target="#b" role="tab">{b}</button></li></ul>'
         '<div class="tab-content"><div class="tab-pane" id="a" role="tabpanel">'
         '<p><strong>Pembrolizumab 200&nbsp;mg</strong> IV over 30 minutes on day 1. {ra}</p></div>'
         '<div class="tab-pane" id="b" role="tabpanel">'
         '<p><strong>Pembrolizumab 400&nbsp;mg</strong> IV over 30 minutes on day 1. {rb}</p></div></div>'
         '<p>Treatment carries on for as long as it is working.</p>')


def test_tabs_labelled_by_an_interval_are_alternative_schedules():
    r = page(_TABS.format(a="Every 3 weeks", b="Every 6 weeks", ra="Repeat every 3 weeks.", rb="Repeat every 6 weeks."))
    assert [(p.label, p.length, p.count, p.alternative, p.after, p.first_cycle) for p in r.phases] == [
        ("Every 3 weeks", Amount(Decimal(3), "wk"), None, True, None, 1),
        ("Every 6 weeks", Amount(Decimal(6), "wk"), None, True, None, 1)]
    assert [[(a.drug, a.dose.value, a.days) for a in p.administrations] for p in r.phases] == [
        [("pembrolizumab", Decimal(200), [1])], [("pembrolizumab", Decimal(400), [1])]]
    assert not [f for f in r.findings if f.code == "two-doses-same-day"]


def test_the_interval_label_gives_the_length_when_the_panel_does_not():
    r = page(_TABS.format(a="Every 3 weeks", b="Every 6 weeks", ra="", rb=""))
    assert [(p.label, p.length) for p in r.phases] == [
        ("Every 3 weeks", Amount(Decimal(3), "wk")), ("Every 6 weeks", Amount(Decimal(6), "wk"))]


def test_tabs_labelled_otherwise_make_no_schedules():
    # near miss: tabs 'Option A' / 'Option B' are no interval: the page's one phase, as before
    r = page(_TABS.format(a="Option A", b="Option B", ra="Repeat every 3 weeks.", rb="Repeat every 6 weeks."))
    assert [p.label for p in r.phases] == ["Treatment cycles"]
    assert not any(p.alternative for p in r.phases)


def test_interval_headings_that_are_no_tabs_make_no_schedules():
    # near miss: the same words as h3 headings are not read as side-by-side schedules
    r = page("<h2>How is it given?</h2><h3>Every 3 weeks</h3><p>Pembrolizumab 200 mg IV over 30 minutes on day 1.</p>"
             "<h3>Every 6 weeks</h3><p>Pembrolizumab 400 mg IV over 30 minutes on day 1.</p>")
    assert not any(p.alternative for p in r.phases)


def test_alternative_schedules_map_to_exactly_one_of_the_phases(tmp_path):
    from helpers import convert, load, resources

    html = ("<html><head><title>Pembrolizumab | Site</title></head><body><h1>Pembrolizumab</h1><p>Last reviewed: 18 April 2024</p>"
            + _TABS.format(a="Every 3 weeks", b="Every 6 weeks", ra="Repeat every 3 weeks.", rb="Repeat every 6 weeks.")
            + "</body></html>")
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    result = convert([tmp_path / "p.html"], tmp_path / "out")
    assert result.exit_code == 0, result.output
    bundle = load(next((tmp_path / "out").rglob("*.json")))
    plan = next(p for p in resources(bundle, "PlanDefinition") if any(a.get("id") == "treatment" for a in p["action"]))
    treatment = next(a for a in plan["action"] if a["id"] == "treatment")
    assert treatment["selectionBehavior"] == "exactly-one"
    assert [a["id"] for a in treatment["action"]] == ["every-3-weeks", "every-6-weeks"]
    assert not any("relatedAction" in a for a in treatment["action"])


# --- a schedule table in an odd column order, its day in the lead and its route in the sentence after ----------------

_ODD_TABLE = ('<h2>Your infusion day</h2><p>Each cycle is 14 days long. All three medicines go in on day 1, one after '
              'the other:</p><table><thead><tr><th>Step</th><th>How long it takes</th><th>Medicine</th><th>Dose</th>'
              '</tr></thead><tbody><tr><td>1</td><td>90 minutes</td><td>Oxaliplatin</td><td>85 mg/m²</td></tr>'
              '<tr><td>2</td><td>46 hours, by pump</td><td>Fluorouracil</td><td>2,400 mg/m²</td></tr></tbody></table>'
              '<p>{after}</p>')


def test_a_table_with_its_day_in_the_lead_and_its_route_after_it():
    r = page(_ODD_TABLE.format(after="All are given intravenously. A nurse comes to disconnect the pump on day 3."))
    (phase,) = r.phases
    assert phase.length == Amount(Decimal(14), "d")
    assert [(a.drug, a.dose.value, a.route, a.days, a.infusion) for a in phase.administrations] == [
        ("oxaliplatin", Decimal(85), "intravenous", [1], Amount(Decimal(90), "min")),
        ("fluorouracil", Decimal(2400), "intravenous", [1], Amount(Decimal(46), "h"))]


def test_a_route_said_of_one_drug_only_is_not_shared():
    # near miss: 'Oxaliplatin is given intravenously' names one drug: no route for the other
    r = page(_ODD_TABLE.format(after="Oxaliplatin is given intravenously."))
    routes = {a.drug: a.route for a in r.phases[0].administrations}
    assert routes["oxaliplatin"] == "intravenous"


def test_a_day_column_wins_over_the_lead():
    # near miss: a table with its own day column keeps its days; the lead's day is not laid over them
    r = page('<h2>Your infusion day</h2><p>Most drugs go in on day 1:</p><table><tr><th>Day</th><th>Medicine</th>'
             '<th>Dose</th></tr><tr><td>1</td><td>Cisplatin</td><td>75 mg/m2</td></tr><tr><td>8</td><td>Gemcitabine'
             '</td><td>1000 mg/m2</td></tr></table>')
    assert [(a.drug, a.days) for p in r.phases for a in p.administrations] == [("cisplatin", [1]), ("gemcitabine", [8])]


def test_the_day_a_pump_comes_off_is_no_dose_day():
    r = page("<h2>How is it given?</h2><p>Fluorouracil 2400 mg/m2 IV over 46 hours on day 1 of a 14-day cycle.</p>"
             "<p>You go home with the fluorouracil running through a pump, and a nurse comes to disconnect it on day 3.</p>")
    assert [(a.drug, a.days) for p in r.phases for a in p.administrations] == [("fluorouracil", [1])]
    # near miss: a day line naming the drug again with no pump taken off is still the drug's dose on that day
    r = page("<h2>How is it given?</h2><p>Gemcitabine 1000 mg/m2 IV over 30 minutes on day 1 of a 21-day cycle.</p>"
             "<p>You have gemcitabine again on day 8.</p>")
    assert [(a.drug, a.days) for p in r.phases for a in p.administrations] == [("gemcitabine", [1, 8])]


# --- when an effect comes, after its name -----------------------------------------------------------------------------

_DOSE = "<h2>How is it given?</h2><p>Doxorubicin 60 mg/m2 IV on day 1 of a 21-day cycle.</p>"

def test_when_an_effect_comes_is_no_part_of_its_name():
    r = page(_DOSE + "<h2>Side effects</h2><h3>Common side effects</h3><ul><li>Hair loss – usually starting 2 to 3 weeks after "
             "the first treatment</li><li>Tiredness</li></ul><h3>Rare but serious</h3><ul><li>Leukaemia caused by the "
             "treatment, years later (fewer than 1 in 100 people)</li></ul>")
    got = [(e.wording, e.incidence.category_word, e.incidence.value, e.incidence.comparator) for e in r.side_effects]
    assert ("Hair loss", "common", None, None) in got
    assert ("Leukaemia caused by the treatment", None, Decimal(1), "<") in [(w, None, v, c) for w, _, v, c in got]
    assert not any("later" in e.wording or "weeks" in e.wording for e in r.side_effects)


def test_an_effect_with_a_consequence_keeps_its_words():
    # near miss: ', raising your risk of infection' says no time: not cut here
    r = page(_DOSE + "<h2>Side effects</h2><h3>Common side effects</h3><ul><li>Feeling sick, usually mild</li></ul>")
    assert [e.wording for e in r.side_effects] == ["Feeling sick, usually mild"]


# --- a table captioned 'One cycle of treatment' ---------------------------------------------------------------------

_CAPTIONED = ("<h2>Your treatment</h2><p>A course is made up of 3-week (21-day) cycles, and most people have six cycles "
              "in total.</p><table><caption>{caption}</caption><tr><td>Day 1</td><td>Gemcitabine</td><td>1000 mg/m2</td>"
              "<td>IV infusion over 30 minutes</td></tr><tr><td>Day 8</td><td>Gemcitabine</td><td>1000 mg/m2</td>"
              "<td>IV infusion over 30 minutes</td></tr><tr><td>Days 9–21</td><td>No treatment – rest period</td></tr>"
              "</table>")


def test_a_caption_saying_what_one_cycle_holds_is_no_phase_of_one_cycle():
    r = page(_CAPTIONED.format(caption="One cycle of treatment"))
    assert [(p.label, p.length, p.count) for p in r.phases] == [("Treatment cycles", Amount(Decimal(21), "d"), 6)]
    assert [(a.drug, a.days) for a in r.phases[0].administrations] == [("gemcitabine", [1, 8])]


def test_a_caption_naming_cycle_one_stays_a_phase():
    # near miss: 'Cycle 1' names a phase, as before
    r = page(_CAPTIONED.format(caption="Cycle 1"))
    assert [p.label for p in r.phases] == ["Cycle 1"]


# --- what an effect leads to, said to the reader ----------------------------------------------------------------------

def test_an_effect_with_what_it_leads_to_for_the_reader_is_kept_whole():
    r = page(_DOSE + "<h2>Side effects</h2><h3>Very common (more than 1 in 10 people)</h3><ul><li>Low white blood "
             "cells, raising your risk of infection</li><li>Tiredness</li></ul>")
    assert [(e.wording, e.incidence.value, e.incidence.comparator) for e in r.side_effects] == [
        ("Low white blood cells, raising your risk of infection", Decimal(10), ">"), ("Tiredness", Decimal(10), ">")]


def test_a_sentence_to_the_reader_is_still_no_effect():
    # near miss: 'your' outside a consequence clause still marks a sentence, not an effect's name
    r = page(_DOSE + "<h2>Side effects</h2><h3>Very common (more than 1 in 10 people)</h3><ul><li>Tell your nurse "
             "about any fever</li><li>Tiredness</li></ul>")
    assert [e.wording for e in r.side_effects] == ["Tiredness"]


# --- a page laid out as a definition list, its schedule under h4 headings inside a definition ------------------------

_DL = ("<dl><dt>What is it?</dt><dd><p>A targeted therapy.</p></dd><dt>How is it given?</dt><dd><p>Pertuzumab is given "
       "as a drip into a vein, once every 3 weeks.</p><h4>{first}</h4><p>840 mg of pertuzumab, given over 60 minutes."
       "</p><h4>{later}</h4><p>420 mg of pertuzumab every 3 weeks, each given over 30 to 60 minutes.</p></dd>"
       "<dt>How long will I have it?</dt><dd><p>You have 18 treatments in total.</p></dd><dt>Tests during treatment"
       "</dt><dd><p>A heart scan every 3 months.</p></dd><dt>Possible side effects</dt><dd><p><b>Common:</b> "
       "diarrhoea, rash and tiredness.</p></dd></dl>")


def test_a_definition_list_of_sections_with_headed_phases():
    r = page(_DL.format(first="First treatment (loading dose)", later="Treatments 2 to 18"))
    assert not r.glossary  # the page's sections, no glossary
    assert [(p.label, p.length, p.count, p.first_cycle) for p in r.phases] == [
        ("First treatment (loading dose)", Amount(Decimal(3), "wk"), 1, 1),
        ("Treatments 2 to 18", Amount(Decimal(3), "wk"), 17, 2)]
    assert [[(a.dose.value, a.route, a.days) for a in p.administrations] for p in r.phases] == [
        [(Decimal(840), "intravenous", [1])], [(Decimal(420), "intravenous", [1])]]
    assert [e.wording for e in r.side_effects] == ["Diarrhoea", "Rash", "Tiredness"]


def test_a_definition_without_headings_is_still_read_whole_and_a_glossary_stays_one():
    # near miss: a glossary of terms whose definitions hold no heading stays a glossary
    r = page("<h2>How is it given?</h2><p>Pertuzumab 420 mg IV over 30 minutes on day 1 of a 21-day cycle.</p>"
             "<h2>Words used here</h2><dl><dt>Port</dt><dd>A small device under the skin for drips.</dd><dt>Echocardiogram"
             "</dt><dd>A scan of the heart using sound waves.</dd></dl>")
    assert [g.term for g in r.glossary] == ["Port", "Echocardiogram"]


def test_headings_that_count_no_doses_are_no_phases():
    # near miss: 'Treatment of side effects', 'Dose changes' over their paragraphs are no phases
    from regimen_fhir.parse import patterns as P
    assert P.treatment_span("Treatments 2 to 18") == (2, 18)
    assert P.treatment_span("Doses 2-6: every 3 weeks") == (2, 6)
    assert P.treatment_span("Treatment of side effects") is None
    assert P.treatment_span("Treatments 18 to 2") is None
    assert P.treatment_span("Treatment 3 weeks later") is None


@pytest.mark.parametrize("heading, kind", [
    ("How long will I have it?", "schedule"), ("How long does the treatment last?", "schedule"),
    ("Your infusion day", "schedule"), ("Treatment day", "schedule"),
    ("Tests during treatment", "monitoring"), ("Checks and tests", "monitoring"),
    ("How long will I feel sick?", None),  # no treatment's length
    ("Tests for cancer", None),  # what the tests look for, no monitoring during treatment
    ("After your infusion day", None),
])
def test_round12_section_headings(heading, kind):
    from regimen_fhir.parse.rules import section_kind
    assert section_kind(heading) == kind


# --- round-12 terminology: each wording with its code, and near misses ------------------------------------------------

def _code(text):
    from regimen_fhir import terminology
    found = terminology.lookup("conditions", text)
    return found[0].code if found else None


@pytest.mark.parametrize("text, code", [
    ("Weakening of the heart muscle", "85898001"),  # cardiomyopathy
    ("Hair thinning or loss", "56317004"),
    ("Darkening of the nails", "89077005"),
    ("Bladder irritation", "38822007"),  # cystitis
    ("Patches of pale skin (vitiligo)", "56727007"),
    ("Serious infection while your white cell count is low (neutropenic sepsis)", "443980004"),
    ("Leukaemia caused by the treatment", "762315004"),
    ("Low white blood cells, raising your risk of infection", "419188005"),  # the consequence set aside
    ("Severe allergic reaction during the infusion", "419076005"),  # severity and the infusion kept aside
    ("Hand-foot skin reaction", None),  # the kinase-inhibitor reaction is not PPE
    ("Pain during urination", None),  # 'during' something that is no infusion stays
    ("Patches on the skin", None),
    ("Leukaemia", "93143009"),  # the disease itself, as before: not the treatment-caused one
    ("Fatigue or weakness", None),  # two concepts
])
def test_round12_terminology_rows(text, code):
    assert _code(text) == code


def test_round12_drug_rows_keep_liposomal_irinotecan_apart():
    from regimen_fhir import terminology
    lipo = terminology.lookup("drugs", "liposomal irinotecan")
    plain = terminology.lookup("drugs", "irinotecan")
    assert lipo and lipo[0].term == "irinotecan liposome" and lipo[0].code == "L01CE02"
    assert plain and plain[0].term == "irinotecan"
    assert terminology.lookup("drugs", "Cabometyx")[0].code == "L01EX07"
    assert terminology.lookup("drugs", "Lenvima")[0].code == "L01EX08"
