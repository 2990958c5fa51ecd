"""Forms read in round 15 (schedule side), each with its near misses. Every form is general (any page may use it),
never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import adms, small_blocks, small_page
from regimen_fhir.parse.regimen import RegimenReader

page = small_page


def phases(r):
    return [(p.label, p.length and (p.length.value, p.length.unit), p.count) for p in r.phases]


# --- a table caption, heading or tab title naming what follows a counted part: 'After chemotherapy: ...' ---------------

_CAPTIONS = ('<h2>How is it given?</h2>'
             '<table><caption>Cycles 1 to 6</caption>'
             '<tr><td>Docetaxel</td><td>75 mg/m<sup>2</sup></td><td>IV over 1 hour</td><td>day 1</td></tr>'
             '<tr><td>Trastuzumab</td><td>2 mg/kg</td><td>IV over 30 minutes</td><td>days 1, 8 and 15</td></tr></table>'
             '<p>Each cycle lasts 21 days.</p>'
             '<table><caption>{after}</caption>'
             '<tr><td>Trastuzumab</td><td>6 mg/kg</td><td>IV over 30 minutes</td><td>day 1</td></tr></table>'
             '<p>This is repeated every 3 weeks until one year of trastuzumab is complete.</p>')


@pytest.mark.parametrize("after", ["After chemotherapy: trastuzumab on its own", "After chemotherapy",
                                   "After cycle 6", "After the chemotherapy – trastuzumab alone"])
def test_a_caption_naming_what_follows_the_chemotherapy_is_a_phase(after):
    r = page(_CAPTIONS.format(after=after), h1="Docetaxel and trastuzumab")
    assert [p.label for p in r.phases] == ["Cycles 1 to 6", after]
    last = r.phases[-1]
    assert [(a.drug, a.dose.value) for a in last.administrations] == [("trastuzumab", Decimal(6))]
    assert (last.length.value, last.length.unit, last.count) == (Decimal(3), "wk", None)
    # nothing is made up in a 'Treatment cycles' phase of its own
    assert "Treatment cycles" not in [p.label for p in r.phases]


@pytest.mark.parametrize("label", ["After your treatment", "After surgery", "After each dose", "After chemotherapy ends,"
                                   " you will have a scan", "Aftercare"])
def test_other_after_headings_name_no_phase(label):
    assert not RegimenReader.is_phase_label(label)


@pytest.mark.parametrize("label", ["After week 12", "After weeks 12", "After cycle 4", "After chemotherapy:",
                                   "After the chemotherapy", "After chemo – on its own"])
def test_after_a_counted_part_names_a_phase(label):
    assert RegimenReader.is_phase_label(label)


# --- a bold lead-in 'First cycle:' heads its phase ------------------------------------------------------------------------

def test_a_first_cycle_lead_in_heads_its_phase():
    r = page("<h2>Your dose and schedule</h2>"
             "<p><b>First cycle:</b> temozolomide 150 mg/m<sup>2</sup> orally once a day for 5 days (days 1 to 5), then 23"
             " days off. The cycle is 28 days long.</p>"
             "<p><b>Cycles 2 to 6:</b> the dose goes up to 200 mg/m<sup>2</sup> by mouth once daily on days 1-5, again "
             "repeated every 28 days.</p>", h1="Temozolomide")
    assert phases(r) == [("First cycle", (Decimal(28), "d"), 1), ("Cycles 2 to 6", (Decimal(28), "d"), 5)]
    assert [(a.dose.value, a.days) for a in adms(r)] == [(Decimal(150), [1, 2, 3, 4, 5]), (Decimal(200), [1, 2, 3, 4, 5])]


@pytest.mark.parametrize("label", ["First cycle", "First cycle:", "The first course", "Your first cycle"])
def test_first_cycle_labels(label):
    assert RegimenReader.is_phase_label(label)


@pytest.mark.parametrize("label", ["First cycles of treatment are the hardest", "First", "Cycle information",
                                   "First, the cycle"])
def test_first_cycle_near_misses(label):
    assert not RegimenReader.is_phase_label(label)


# --- phases titled by weeks alone ('Week 1' / 'Weeks 2 to 12') in an accordion marked as a tab list ----------------------

_ACCORDION = ('<h2>What to expect</h2><div class="accordion" role="tablist">'
              '<div class="acc-item"><div class="acc-tab-title" role="tab" aria-controls="c1"><a href="">Week 1</a></div>'
              '<div id="c1" role="tabpanel"><p>Trastuzumab 4 mg/kg as a drip into a vein over 90 minutes.</p>'
              '<p>Paclitaxel 80 mg/m² as a drip into a vein over 1 hour.</p></div></div>'
              '<div class="acc-item"><div class="acc-tab-title" role="tab" aria-controls="c2"><a href="">Weeks 2 to 12</a>'
              '</div><div id="c2" role="tabpanel"><p>{weekly}</p><p>Trastuzumab 2 mg/kg IV over 30 minutes.</p>'
              '<p>Paclitaxel 80 mg/m² IV over 1 hour.</p></div></div>'
              '<div class="acc-item"><div class="acc-tab-title" role="tab" aria-controls="c3"><a href="">After week 12</a>'
              '</div><div id="c3" role="tabpanel"><p>Trastuzumab 6 mg/kg IV over 30 minutes once every 3 weeks, until you '
              'have completed one year of trastuzumab in total.</p></div></div></div>')


@pytest.mark.parametrize("weekly", ["Every week for 11 more weeks:", "Once a week for 11 weeks:",
                                    "Weekly for 11 further weeks:"])
def test_week_titled_phases_in_an_accordion(weekly):
    r = page(_ACCORDION.format(weekly=weekly), h1="Weekly paclitaxel and trastuzumab")
    assert phases(r) == [("Week 1", (Decimal(1), "wk"), 1), ("Weeks 2 to 12", (Decimal(1), "wk"), 11),
                         ("After week 12", (Decimal(3), "wk"), None)]
    assert [(a.drug, a.dose.value) for a in r.phases[0].administrations] == [("trastuzumab", Decimal(4)),
                                                                              ("paclitaxel", Decimal(80))]
    # no day is stated in the one-week phases: one dose a cycle on its first day, as for any dose 'every N weeks', and
    # the report says so
    assert all(a.days == [1] for p in r.phases[:2] for a in p.administrations)
    assert sum(f.code == "day-1-assumed" for f in r.findings) == 5


def test_a_week_span_without_an_interval_is_not_counted():
    # near miss: 'Weeks 2 to 12' over doses with no interval stated: how many doses the span holds is not guessed
    r = page(_ACCORDION.format(weekly="During these weeks:"), h1="Weekly paclitaxel and trastuzumab")
    w = next(p for p in r.phases if p.label == "Weeks 2 to 12")
    assert (w.length, w.count) == (None, None)


def test_a_week_span_counts_longer_cycles_only_when_they_fill_it():
    body = ('<h2>Treatment</h2><h3>Weeks 1 to 9</h3><p>Trastuzumab 6 mg/kg IV over 30 minutes once every 3 weeks.</p>'
            '<h3>Weeks 10 to 14</h3><p>Trastuzumab 6 mg/kg IV over 30 minutes once every 3 weeks.</p>')
    r = page(body, h1="Trastuzumab")
    assert phases(r) == [("Weeks 1 to 9", (Decimal(3), "wk"), 3), ("Weeks 10 to 14", (Decimal(3), "wk"), None)]


def test_a_bar_of_tab_links_stays_chrome():
    # near miss: a tab list of links (no panels inside) is navigation, never content
    blocks = small_blocks('<ul role="tablist"><li><a href="#a">Week 1</a></li><li><a href="#b">Side effects</a></li></ul>'
                          '<div id="a"><p>Paclitaxel 80 mg/m² IV over 1 hour.</p></div>')
    assert [b.chrome for b in blocks if "Week 1" in b.text] in ([], [True])
    assert [b.chrome for b in blocks if "Paclitaxel" in b.text] == [False]


def test_an_accordion_marked_as_a_tab_list_is_content():
    blocks = small_blocks(_ACCORDION.format(weekly="Every week for 11 more weeks:"))
    assert not any(b.chrome for b in blocks if "Trastuzumab" in b.text)


# --- days named off in a bracket: '(no doses on days 8 and 9)' ---------------------------------------------------------

@pytest.mark.parametrize("aside", ["(no doses on days 8 and 9)", "(not on days 8 and 9)", "(none on days 8 and 9)"])
def test_days_named_off_in_a_bracket_are_no_dose_days(aside):
    r = page(f"<h2>Cycles 13 to 18</h2><ol><li>Carfilzomib 27 mg/m² IV over 10 minutes on days 1, 2, 15 and 16 {aside}"
             "</li><li>Dexamethasone 40 mg by mouth on days 1, 8, 15 and 22</li></ol><p>Each cycle is 28 days.</p>",
             h1="KRd")
    assert [(a.drug, a.days) for a in adms(r)] == [("carfilzomib", [1, 2, 15, 16]), ("dexamethasone", [1, 8, 15, 22])]


# --- one activity for the same dose worded two ways ('once a day' / 'once daily') ---------------------------------------

def test_the_same_frequency_worded_two_ways_is_one_activity():
    from regimen_fhir.map import MapContext, map_regimen

    r = page("<h2>Treatment</h2><h3>Cycles 1 to 4</h3><ul><li>Lenalidomide 25 mg by mouth once a day, days 1–21</li></ul>"
             "<h3>Cycle 5 onwards</h3><p>Lenalidomide 25 mg by mouth once daily on days 1 to 21 of each 28-day cycle.</p>",
             h1="Lenalidomide")
    assert [a.frequency.text for a in adms(r)] == ["once a day", "once daily"]
    out = map_regimen(r, [], MapContext())
    urls = [m.full_url for m in out]
    assert len(urls) == len(set(urls))
    assert sum(m.resource["resourceType"] == "ActivityDefinition" for m in out) == 1


def test_different_frequencies_stay_two_activities():
    from regimen_fhir.map import MapContext, map_regimen

    # near miss: 'twice daily' is another activity than 'once daily'
    r = page("<h2>Treatment</h2><h3>Cycles 1 to 4</h3><ul><li>Capecitabine 1000 mg by mouth once a day, days 1–14</li>"
             "</ul><h3>Cycle 5 onwards</h3><p>Capecitabine 1000 mg by mouth twice daily on days 1 to 14 of each 21-day "
             "cycle.</p>", h1="Capecitabine")
    out = map_regimen(r, [], MapContext())
    assert sum(m.resource["resourceType"] == "ActivityDefinition" for m in out) == 2


def test_the_same_dose_with_and_without_a_cap_are_two_activities_with_two_ids():
    from regimen_fhir.map import MapContext, map_regimen

    r = page("<h2>Treatment</h2><h3>Cycle 1</h3><p>Vincristine 1.4 mg/m2 IV on day 1 (maximum 2 mg).</p><h3>Cycles 2 to 6"
             "</h3><p>Vincristine 1.4 mg/m2 IV on day 1.</p><p>Each cycle is 21 days.</p>", h1="Vincristine")
    assert [a.cap is not None for a in adms(r)] == [True, False]
    out = map_regimen(r, [], MapContext())
    urls = [m.full_url for m in out]
    assert len(urls) == len(set(urls))
    ids = [m.resource["id"] for m in out if m.resource["resourceType"] == "ActivityDefinition"]
    assert len(ids) == 2 and len(set(ids)) == 2
