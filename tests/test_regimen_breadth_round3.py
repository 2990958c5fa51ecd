"""Markup and phrase forms met on the third round of held-out pages, each with a near miss: layout tables,
bold lead-ins that open sections, definition lists of values, day grids with marks, percent-only columns,
a list introduction that gives the days, elided side-effect sentences, category-led lists, month-only dates."""
from __future__ import annotations

from decimal import Decimal

import pytest

from regimen_fhir import parse
from regimen_fhir.map import MapContext, map_regimen
from regimen_fhir.model import GlossaryPage, Regimen


def page(body: str, title: str = "Test regimen | Site", head: str = "") -> Regimen:
    html = f"<html><head><title>{title}</title>{head}</head><body>{body}</body></html>"
    r = parse.parse_bytes(html.encode("utf-8"), "t.html")
    assert isinstance(r, Regimen)
    return r


def effects(r: Regimen) -> dict[str, object]:
    return {e.wording: e.incidence for e in r.side_effects}


def test_layout_table_is_read_as_page_and_title_comes_from_the_title_element():
    r = page("""<table class="layout"><tr><td><h2>CMF (classic)</h2><p>Intro.</p>
        <h3>Doses</h3><ul><li>Methotrexate 40 mg/m2 IV push, days 1 &amp; 8</li></ul>
        <table><tr><td>Fluorouracil</td><td>600 mg/m2 IV</td><td>days 1 and 8</td></tr></table>
        <p>Every 28 days.</p></td></tr></table>""", title="CMF (classic) \u2013 Site name")
    assert r.title == "CMF (classic)"
    adms = {a.drug: a.days for a in r.phases[0].administrations}
    # the nested data table's row is still one dose line; the layout row is not
    assert adms == {"methotrexate": [1, 8], "fluorouracil": [1, 8]}


def test_title_without_h1_keeps_hyphens_inside_the_name():
    r = page("<h2>Schedule</h2><p>R-CHOP: rituximab 375 mg/m2 IV on day 1. Every 21 days.</p>", title="R-CHOP")
    assert r.title == "R-CHOP"


def test_bold_lead_in_naming_a_section_heads_the_list_after_it_and_its_days_apply():
    r = page("""<h1>FOLFOX-like</h1>
        <p><strong>Drugs and doses.</strong> All on day 1 of the cycle, in this order:</p>
        <ul><li>oxaliplatin 85 mg/m2 IV over 2 hours</li><li>fluorouracil 400 mg/m2 IV bolus</li></ul>
        <p>Repeat every 14 days.</p>""")
    adms = r.phases[0].administrations
    assert [(a.drug, a.days) for a in adms] == [("oxaliplatin", [1]), ("fluorouracil", [1])]
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


def test_bold_lead_in_that_names_no_section_heads_nothing():
    r = page("""<h1>X</h1><h2>Side effects</h2>
        <p><strong>Note.</strong> Figures are from one study.</p>
        <ul><li>Nausea (40%)</li></ul>
        <h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>""")
    # 'Note' is no section: the list stays under 'Side effects'
    assert effects(r) == {"Nausea": r.side_effects[0].incidence} and r.side_effects[0].incidence.value == 40


def test_bold_words_inside_a_sentence_are_no_lead_in():
    r = page("""<h1>X</h1><h2>Schedule</h2>
        <p><strong>Do not</strong> skip doses. Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>""")
    assert r.phases and r.phases[0].administrations[0].drug == "oxaliplatin"


def test_definition_list_of_values_is_read_as_side_effects_not_as_a_glossary():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>
        <dl><dt>How often</dt><dd>Repeat every 14 days.</dd>
        <dt>Side effects (grade 3 or 4)</dt><dd><dl><dt>Vomiting</dt><dd>14.5%</dd><dt>Diarrhoea</dt><dd>12.7%</dd></dl></dd></dl>""")
    got = {w: p.value for w, p in effects(r).items()}
    assert got == {"Vomiting": Decimal("14.5"), "Diarrhoea": Decimal("12.7")}
    assert not r.glossary


def test_definition_list_of_real_definitions_stays_a_glossary():
    html = """<html><head><title>Glossary</title></head><body><h1>Glossary</h1><dl>
        <dt>Neutropenia</dt><dd>A low number of neutrophils, the white cells that fight infection.</dd>
        <dt>Alopecia</dt><dd>Hair loss.</dd></dl></body></html>"""
    g = parse.parse_bytes(html.encode(), "g.html")
    assert isinstance(g, GlossaryPage) and {t.term for t in g.terms} == {"Neutropenia", "Alopecia"}


def test_day_grid_with_marks_and_a_dose_column():
    r = page("""<h1>BR</h1><table><caption>Treatment calendar - one 28-day cycle</caption>
        <tr><th>Drug</th><th>Dose</th><th>Route</th><th>D1</th><th>D2</th><th>D3-28</th></tr>
        <tr><td>Rituximab</td><td>375 mg/m2</td><td>IV infusion</td><td>&#9679;</td><td></td><td></td></tr>
        <tr><td>Bendamustine</td><td>90 mg/m2</td><td>IV over 60 minutes</td><td>&#9679;</td><td>&#9679;</td><td></td></tr>
        </table><p>&#9679; = a treatment day.</p>""")
    phase = r.phases[0]
    assert (phase.length.value, phase.length.unit) == (28, "d")
    got = {a.drug: (a.dose.value, a.days) for a in phase.administrations}
    assert got == {"rituximab": (375, [1]), "bendamustine": (90, [1, 2])}
    assert not any("treatment day" in f.text for f in r.not_mapped)  # the legend is understood


def test_day_grid_row_without_a_dose_is_reported_not_guessed():
    r = page("""<h1>BR</h1><h2>Schedule</h2><table>
        <tr><th>Drug</th><th>D1</th><th>D2</th></tr>
        <tr><td>Rituximab</td><td>&#9679;</td><td></td></tr>
        <tr><td>Bendamustine</td><td>90 mg/m2 IV</td><td>90 mg/m2 IV</td></tr></table><p>Every 28 days.</p>""")
    assert [a.drug for a in r.phases[0].administrations] == ["bendamustine"]
    assert any("Rituximab" in f.text for f in r.not_mapped)


def test_side_effect_column_headed_percent_holds_percentages():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>
        <table><caption>Side effects</caption><tr><th>Side effect</th><th>Patients affected (%)</th></tr>
        <tr><td>Low neutrophils</td><td>29</td></tr></table>""")
    assert effects(r)["Low neutrophils"].value == 29


def test_bare_numbers_under_a_header_that_is_not_a_percentage_are_not_made_percentages():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>
        <table><caption>Side effects</caption><tr><th>Side effect</th><th>Patients (n)</th></tr>
        <tr><td>Low neutrophils</td><td>29</td></tr></table>""")
    assert not r.side_effects
    assert any("Low neutrophils" in f.text for f in r.not_mapped)


def test_elided_side_effect_sentence_gives_one_effect_per_item():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p><h2>Side effects</h2>
        <p>In the main study, diarrhoea affected 47% of people, tiredness 37%, feeling sick 34% and vomiting 22%.
        Side effects made 18% of patients stop treatment.</p>""")
    assert {w: p.value for w, p in effects(r).items()} == {
        "Diarrhoea": 47, "Tiredness": 37, "Feeling sick": 34, "Vomiting": 22}
    assert r.discontinuation.value == 18


def test_and_inside_an_effect_name_is_not_split():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p><h2>Side effects</h2>
        <p>Nausea and vomiting (30%), hand and foot soreness (12%).</p>""")
    assert set(effects(r)) == {"Nausea and vomiting", "Hand and foot soreness"}


def test_category_led_list_splits_at_commas_only():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p><h2>Side effects</h2>
        <p>Less common: mouth sores, sore or watery eyes.</p><p>Rare: bleeding in the bladder (cystitis).</p>""")
    got = {w: p.category_word for w, p in effects(r).items()}
    assert got == {"Mouth sores": "less common", "Sore or watery eyes": "less common",
                   "Bleeding in the bladder (cystitis)": "rare"}


def test_category_word_before_a_number_is_not_a_category_list():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p><h2>Side effects</h2>
        <p>Common: 30% of patients.</p>""")
    assert not any(p.category_word for p in effects(r).values())


def test_weekly_for_n_weeks_then_off_gives_weekly_days_and_the_cycle_length():
    r = page("""<h1>X</h1><h3>Treatment steps</h3><ol>
        <li>Paclitaxel 90 mg/m2 intravenously over 1 hour, once a week for 3 weeks, then 1 week off.</li>
        <li>Bevacizumab 10 mg/kg intravenously over 30 to 90 minutes on days 1 and 15.</li></ol>""")
    phase = r.phases[0]
    assert (phase.length.value, phase.length.unit, phase.count) == (4, "wk", None)
    assert {a.drug: a.days for a in phase.administrations} == {"paclitaxel": [1, 8, 15], "bevacizumab": [1, 15]}


def test_every_12_hours_reaches_fhir_as_an_interval():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Cytarabine 3 g/m2 IV over 3 hours every 12 hours on days 1, 3 and 5.
        Repeat every 28 days for 4 cycles.</p>""")
    ad = next(m.resource for m in map_regimen(r, [], MapContext()) if m.resource["resourceType"] == "ActivityDefinition")
    rep = ad["dosage"][0]["timing"]["repeat"]
    assert (rep["frequency"], rep["period"], rep["periodUnit"]) == (1, 12, "h")


def test_month_only_date_keeps_its_precision_in_fhir():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>
        <p>First published March 2020.</p>""")
    res = {m.resource["resourceType"]: m.resource for m in map_regimen(r, [], MapContext())}
    prov = res["Provenance"]
    assert prov["occurredPeriod"]["start"] == "2020-03"
    assert prov["recorded"] == "1970-01-01T00:00:00Z"  # no instant is made from a month
    assert res["PlanDefinition"]["date"] == "2020-03"  # only a publication date: it is the date, at its precision


# --- fourth round -------------------------------------------------------------------------------------------

def test_aria_heading_names_a_section():
    r = page("""<h1>X</h1><div role="heading" aria-level="2">Schedule</div>
        <p>Nivolumab 480 mg IV over 30 minutes on day 1 of a 4-week cycle.</p>
        <div role="heading" aria-level="2">Side effects</div><p>Diarrhoea (44.1%) and itching (33.2%) were the most common.</p>""")
    assert {w: p.value for w, p in effects(r).items()} == {"Diarrhoea": Decimal("44.1"), "Itching": Decimal("33.2")}


def test_a_div_without_the_heading_role_is_no_heading():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Nivolumab 480 mg IV on day 1 every 4 weeks.</p>
        <div aria-level="2">Side effects</div><p>Diarrhoea (44.1%) was seen.</p>""")
    assert not r.side_effects  # the paragraph stays in the schedule section, reported there
    assert any("Diarrhoea" in f.text for f in r.not_mapped)


def test_doses_every_n_weeks_count_the_cycles_and_bracketed_label_lengths():
    r = page("""<h1>X</h1><h2>Schedule</h2>
        <h3>Induction (4 doses, every 3 weeks)</h3><p>Nivolumab 1 mg/kg IV over 30 minutes on day 1.</p>
        <h3>Adjuvant cycles 2 to 6 (28 days each)</h3><p>Temozolomide 200 mg/m2 by mouth once daily on days 1-5.</p>""")
    first, second = r.phases
    assert (first.count, first.length.value, first.length.unit) == (4, 3, "wk")
    assert (second.count, second.length.value, second.length.unit) == (5, 28, "d")


def test_dose_counts_and_bracketed_lengths_near_misses():
    from regimen_fhir.parse import patterns as P
    assert P.cycle_count("4 doses of dexamethasone") is None       # no 'every': doses are not cycles
    assert P.label_cycle_length("Induction (given over 28 days in hospital)") is None
    assert P.label_cycle_length("for 28 days") is None
    assert P.cycle_count("one 42-day cycle") == (1, None)


def test_category_item_listing_several_effects_gives_each_the_category():
    r = page("""<h1>X</h1><h2>Schedule</h2><p>Temozolomide 75 mg/m2 by mouth once daily on days 1 to 42.</p>
        <h2>Side effects</h2><ul><li>Tiredness, nausea and constipation: common</li><li>Nausea and vomiting: common</li>
        <li>Rash (itchy, red): rare</li></ul>""")
    got = {w: p.category_word for w, p in effects(r).items()}
    # 'Nausea and vomiting' has no comma: one effect; brackets keep an item whole
    assert got == {"Tiredness": "common", "Nausea": "common", "Constipation": "common",
                   "Nausea and vomiting": "common", "Rash (itchy, red)": "rare"}


def test_days_shared_by_both_drugs_of_a_line():
    r = page("""<h1>X</h1><h2>Schedule</h2>
        <p>Nivolumab 1 mg/kg IV over 30 minutes, then ipilimumab 3 mg/kg IV over 30 minutes, both on day 1. Every 3 weeks.</p>""")
    assert [(a.drug, a.days) for a in r.phases[0].administrations] == [("nivolumab", [1]), ("ipilimumab", [1])]
    assert not [f for f in r.findings if f.code == "day-1-assumed"]


def test_days_of_one_drug_are_not_shared_without_both_or_all():
    r = page("""<h1>X</h1><h2>Schedule</h2>
        <p>Nivolumab 1 mg/kg IV over 30 minutes, then ipilimumab 3 mg/kg IV over 30 minutes on day 8. Every 3 weeks.</p>""")
    # the bolus-then-infusion rule carries days forward, never backward: nivolumab's day is not stated
    got = {a.drug: a.days for a in r.phases[0].administrations}
    assert got["ipilimumab"] == [8] and got["nivolumab"] != [8]


@pytest.mark.parametrize("lead, indication", [
    ("Four drugs given together for pancreatic cancer that has spread, for people who are fit.", "pancreatic cancer that has spread"),
    ("Treatment for a newly diagnosed glioblastoma, a brain tumour.", "newly diagnosed glioblastoma"),
    ("Intensive treatment for acute myeloid leukaemia (AML, adults), given in hospital.", "acute myeloid leukaemia (AML, adults)"),
    ("CMF is an older three-drug combination for early breast cancer. Its name comes from its drugs.", "early breast cancer"),
    # a comma before the disease is named parts its qualifiers, not a clause (they were cut to 'hormone receptor-positive'
    # and 'small')
    ("A tablet treatment for hormone receptor-positive, HER2-negative breast cancer that has spread.",
     "hormone receptor-positive, HER2-negative breast cancer that has spread"),
    ("This gentler regimen is used for small, HER2-positive breast cancers that have not spread.",
     "small, HER2-positive breast cancers that have not spread"),
    # near miss: a comma after the disease still ends it, even when the words after it name another
    ("Treatment for myeloma, a cancer of the plasma cells.", "myeloma"),
    # a bracketed other name in the lead; whom it is for, naming no disease, is no indication
    ("CyBorD (sometimes called VCd) is a three-drug treatment for myeloma. It is often the first treatment for people "
     "who may later go on to a transplant.", "myeloma"),
    ("It is often the first treatment for people who may later have a transplant. It is a treatment for myeloma.",
     "myeloma"),
    # near miss: people with a disease named are an indication
    ("A treatment for people with myeloma who cannot have a transplant.", "people with myeloma who cannot have a transplant"),
])
def test_lead_sentence_gives_the_indication(lead, indication):
    r = page(f"<h1>X</h1><p>{lead}</p><h2>Schedule</h2><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>")
    assert [i.name for i in r.indications] == [indication]


def test_a_sentence_after_the_schedule_is_no_indication():
    r = page("""<h1>X</h1><p>Oxaliplatin 85 mg/m2 IV on day 1 every 14 days.</p>
        <p>Anti-sickness tablets for nausea are given too.</p>""")
    assert not r.indications
