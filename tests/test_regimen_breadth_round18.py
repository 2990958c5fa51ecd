"""Schedule forms met in held-out round 18 (measured once untouched), with their near misses. General forms (any page
may use them), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

import pytest

from helpers import small_page
from regimen_fhir.parse import patterns as P


def _doses(r) -> list[tuple[str, Decimal]]:
    return [(a.drug, a.dose.value) for ph in r.phases for a in ph.administrations]


# --- a step down the dose may take is a dose-adjustment rule, never an administration -----------------------------
@pytest.mark.parametrize("text", [
    "Your doctor may lower the dose to 100 mg and then 50 mg if side effects are troublesome.",
    "The dose can be reduced to 100 mg.",
    "Your team might reduce your erlotinib dose to 100 mg if the rash is severe.",
    "The daily dose may be decreased to 50 mg.",
    "If you have side effects, your doctor may decrease the dose to 400 mg.",
])
def test_a_possible_step_down_of_the_dose_is_a_dose_adjustment(text):
    assert P.is_dose_adjustment(text)


@pytest.mark.parametrize("text", [
    "Take 150 mg by mouth once daily; a lower dose is not needed with food.",
    "The dose is lowered to 100 mg from day 8.",  # a dose step of the schedule (no 'may'): stays a dose
    "Lower-dose cytarabine 20 mg/m2 under the skin twice daily on days 1 to 10.",
    "Erlotinib 150 mg once daily may lower the risk of the cancer growing.",
    "You may take 150 mg with water.",
])
def test_step_down_near_misses_stay_doses(text):
    assert not P.is_dose_adjustment(text)


_ORAL = ("<h2>How to take it</h2><p>The usual dose is <strong>150&nbsp;mg by mouth once daily</strong>.</p>"
         "<p>You take it every day, with no breaks.</p>")


def test_step_down_sentence_is_reported_not_mapped_and_adds_no_administration():
    r = small_page(_ORAL + "<p>Your doctor may lower the dose to 100&nbsp;mg and then 50&nbsp;mg if side effects "
                   "are troublesome.</p>", h1="Erlotinib")
    assert [d for _, d in _doses(r)] == [Decimal(150)]
    assert any("100" in f.text and "dose-adjustment" in f.reason for f in r.not_mapped)


def test_near_miss_a_real_dose_sentence_with_lower_is_still_read():
    r = small_page("<h2>How to take it</h2><p>Take 150 mg by mouth once daily, which may lower the level of "
                   "the cancer marker.</p>", h1="Erlotinib")
    assert [d for _, d in _doses(r)] == [Decimal(150)]


# --- a tablet leaflet's schedule tab: "Taking your tablets" -----------------------------------------------------------
@pytest.mark.parametrize("heading, kind", [
    ("Taking your tablets", "schedule"), ("Taking your capsules", "schedule"), ("Taking the tablets", "schedule"),
    ("Taking care of yourself", None), ("Taking other medicines", None),
])
def test_taking_your_tablets_heads_the_schedule(heading, kind):
    from regimen_fhir.parse.rules import section_kind
    assert section_kind(heading) == kind


def test_drugless_usual_dose_under_taking_your_tablets_is_read_and_the_step_down_is_not():
    r = small_page("<h2>Taking your tablets</h2><p>The usual dose is 100&nbsp;mg by mouth once a day.</p>"
                   "<p>You keep taking lorlatinib every day. Your doctor may lower the dose to 75&nbsp;mg or "
                   "50&nbsp;mg if side effects are a problem.</p>", h1="Lorlatinib")
    assert [d for _, d in _doses(r)] == [Decimal(100)]


# --- a drug taken every day without a break inside an N-day cycle is on days 1..N ------------------------------------
@pytest.mark.parametrize("text, cont", [
    ("100 mg by mouth twice daily, every day", True),
    ("Axitinib | 5 mg | tablet by mouth, twice a day | every day", True),  # a days cell that says "every day"
    ("and take axitinib at home every day.", True),
    ("420 mg once a day, every day", True),
    ("twice daily (about 12 hours apart), every day of the cycle", True),
    ("twice daily, every day for 14 days", False),  # an end
    ("once a day every day until the scan", False),
    ("every day of week 1", False),  # a part of the cycle
    ("every day except the weekend", False),
    ("you do not take it every day", False),  # negated
    ("You don't need to take it every day", False),
    ("twice daily", False),
])
def test_every_day_without_an_end_is_continuous(text, cont):
    assert P.is_continuous(text) is cont


def _days(r, drug):
    return [a.days for ph in r.phases for a in ph.administrations if a.drug.lower() == drug]


def test_twice_daily_every_day_in_a_28_day_cycle_is_on_days_1_to_28():
    r = small_page("<h2>Your treatment</h2><h3>Cycles 1 to 6</h3><p>Each cycle lasts 28 days.</p><ul>"
                   "<li><strong>Acalabrutinib</strong> 100 mg by mouth twice daily, every day</li>"
                   "<li><strong>Obinutuzumab</strong> 1,000 mg IV on day 1</li></ul>", h1="Acalabrutinib")
    assert _days(r, "acalabrutinib") == [list(range(1, 29))]
    assert _days(r, "obinutuzumab") == [[1]]


def test_a_days_cell_saying_every_day_in_a_3_week_cycle_is_on_days_1_to_21():
    r = small_page("<h2>Your treatment</h2><p>Each cycle lasts 3 weeks.</p><table>"
                   "<tr><th>Drug</th><th>Dose</th><th>How</th><th>When</th></tr>"
                   "<tr><td>Pembrolizumab</td><td>200 mg</td><td>intravenous infusion over 30 minutes</td><td>day 1 of each cycle</td></tr>"
                   "<tr><td>Axitinib</td><td>5 mg</td><td>tablet by mouth, twice a day</td><td>every day</td></tr></table>",
                   h1="Pembrolizumab and axitinib")
    assert _days(r, "axitinib") == [list(range(1, 22))]
    assert _days(r, "pembrolizumab") == [[1]]


def test_near_miss_every_day_with_its_own_days_keeps_them():
    r = small_page("<h2>Your treatment</h2><p>Each cycle lasts 28 days.</p><ul>"
                   "<li>Capecitabine 1,000 mg/m2 by mouth twice daily, every day for 14 days (days 1 to 14)</li>"
                   "<li>Oxaliplatin 130 mg/m2 IV over 2 hours on day 1</li></ul>", h1="Capox")
    assert _days(r, "capecitabine") == [list(range(1, 15))]


def test_near_miss_every_day_without_a_cycle_gets_no_days():
    r = small_page("<h2>How to take it</h2><p>Erlotinib 150 mg by mouth once daily, every day.</p>", h1="Erlotinib")
    assert _days(r, "erlotinib") == [[]]


# --- "infused over at least 4 hours": the least time of the drip -------------------------------------------------------
@pytest.mark.parametrize("text, value, unit, cmp_", [
    ("1 mg, infused over at least 4 hours", 4, "h", ">="),
    ("over a minimum of 90 minutes", 90, "min", ">="),
    ("IV over no less than 30 minutes", 30, "min", ">="),
    ("over 2 hours", 2, "h", None),  # near miss: an exact time keeps no comparator
    ("at least 4 hours later, over 30 minutes", 30, "min", None),  # 'at least' about something else
])
def test_infusion_over_at_least(text, value, unit, cmp_):
    got = P.find_infusion(text)
    assert (got.value, got.unit, got.comparator) == (Decimal(value), unit, cmp_)


def test_at_least_infusion_maps_to_its_duration_with_the_words_kept():
    from regimen_fhir.map.activitydefinition import dose_label, medication_activity_id
    from regimen_fhir.model import Amount, DrugAdministration
    least = DrugAdministration("mosunetuzumab", Amount(Decimal(1), "mg"), "intravenous", "IV", [1],
                               infusion=Amount(Decimal(4), "h", comparator=">="))
    exact = DrugAdministration("mosunetuzumab", Amount(Decimal(1), "mg"), "intravenous", "IV", [1],
                               infusion=Amount(Decimal(4), "h"))
    assert "over at least 4 h" in dose_label(least) and "at least" not in dose_label(exact)
    assert medication_activity_id("r", least) != medication_activity_id("r", exact)


# --- a response-dependent phase whose body restates its condition ----------------------------------------------------
_STEPS = ("<h2>What does treatment involve?</h2><p>Mosunetuzumab is given as a drip into a vein in 21-day cycles.</p>"
          "<h3>Cycles 3 to 8</h3><ul><li>Day 1: 30 mg, infused over 2 hours</li></ul>")


def test_conditional_phase_reads_its_dose_and_its_count_from_the_heading():
    r = small_page(_STEPS + "<h3>Cycles 9 to 17 (only after a partial response)</h3><p>If a scan after cycle 8 shows "
                   "the lymphoma has gone completely, treatment stops there. If it has shrunk but not disappeared, you "
                   "carry on with 30&nbsp;mg on day 1 of each cycle, over 2 hours, for up to 17 cycles in total.</p>",
                   h1="Mosunetuzumab")
    ph = next(p for p in r.phases if p.label.startswith("Cycles 9"))
    assert (ph.length.value, ph.count, ph.count_max, ph.first_cycle) == (Decimal(21), 9, None, 9)
    assert [c.key for c in ph.conditions] == ["partial-response"]
    a, = ph.administrations
    assert (a.dose.value, a.days, a.infusion.value, a.infusion.unit) == (Decimal(30), [1], Decimal(2), "h")
    assert any("gone completely" in f.text for f in r.not_mapped)  # the stop rule in lay words: reported


def test_near_miss_if_clause_under_a_heading_without_a_condition_is_no_dose():
    r = small_page(_STEPS + "<h3>Cycles 9 to 17</h3><p>If your kidneys are weak, you have 20&nbsp;mg on day 1 of "
                   "each cycle.</p>", h1="Mosunetuzumab")
    assert all(a.dose.value != 20 for p in r.phases for a in p.administrations)
    assert any("20" in f.text for f in r.not_mapped)


@pytest.mark.parametrize("text, total", [
    ("for up to 17 cycles in total", True), ("17 cycles altogether", True), ("a total of 12 cycles", True),
    ("for up to 6 cycles", False), ("every 21 days for 4 cycles", False),
])
def test_a_count_of_all_the_cycles(text, total):
    from regimen_fhir.parse.regimen import _IN_TOTAL
    assert bool(_IN_TOTAL.search(text)) is total


def test_partial_response_condition():
    from regimen_fhir.parse.rules import conditions_in
    assert [c.expression for c in conditions_in("Cycles 9 to 17 (only after a partial response)")] == ["InPartialResponse"]
    assert conditions_in("Cycles 9 to 17") == []


def test_apply_partial_response_is_no_complete_response():
    from regimen_fhir.apply.schedule import Facts, holds
    assert holds("InPartialResponse", Facts(response="partial"), "t") is True
    assert holds("InPartialResponse", Facts(response="complete"), "t") is False
    assert holds("NotInCompleteResponse", Facts(response="partial"), "t") is True
    assert holds("InCompleteResponse", Facts(response="partial"), "t") is False
    assert holds("InPartialResponse", Facts(), "t") is None


# --- "<b>Day 1:</b>" paragraphs inside a definition: each a line of its own ------------------------------------------
def _dl(body: str) -> str:
    return (f"<dl><dt>How is it given?</dt><dd>{body}</dd><dt>Side effects</dt><dd><ul><li>Tiredness (40%)</li></ul>"
            "</dd></dl>")


def test_bold_day_paragraphs_in_a_definition_keep_their_own_infusion_times():
    r = small_page(_dl("<p>Both drugs are given through a drip into a vein.</p>"
                       "<p><b>Day 1:</b> Gemcitabine 1000&nbsp;mg/m&sup2; intravenous infusion over 100 minutes</p>"
                       "<p><b>Day 2:</b> Oxaliplatin 100&nbsp;mg/m&sup2; intravenous infusion over 2&nbsp;hours</p>"
                       "<p>This is repeated every 14 days.</p>"), h1="GEMOX")
    got = {a.drug.lower(): (a.days, a.infusion.value, a.infusion.unit) for p in r.phases for a in p.administrations}
    assert got == {"gemcitabine": ([1], Decimal(100), "min"), "oxaliplatin": ([2], Decimal(2), "h")}


def test_bold_lead_definition_paragraphs_are_blocks_of_their_own():
    from helpers import small_blocks
    texts = [b.text for b in small_blocks(_dl("<p><b>Day 1:</b> Gemcitabine 1000 mg/m2 IV over 100 minutes</p>"
                                              "<p><b>Day 2:</b> Oxaliplatin 100 mg/m2 IV over 2 hours</p>"))]
    assert "Day 1: Gemcitabine 1000 mg/m2 IV over 100 minutes" in texts
    assert "Day 2: Oxaliplatin 100 mg/m2 IV over 2 hours" in texts


def test_near_miss_a_definition_of_plain_paragraphs_stays_one_block():
    from helpers import small_blocks
    texts = [b.text for b in small_blocks("<dl><dt>Vomiting</dt><dd><p>Feeling or being sick.</p><p>Common.</p></dd></dl>")]
    assert "Feeling or being sick. Common." in texts


# --- "after every two or three cycles": how often something happens, never how many cycles -------------------------
@pytest.mark.parametrize("text, count", [
    ("Your doctor will check how the cancer is responding after every two or three cycles.", None),
    ("You will have a scan every 3 cycles.", None),
    ("Each cycle is 21 days. You can have up to 6 cycles. Your doctor will check how the cancer is responding after "
     "every two or three cycles.", (1, 6)),
    ("You have 2 or 3 cycles.", (2, 3)),  # near miss: a count
    ("every 21 days for 6 cycles", (6, None)),  # near miss: 'every' before days, the count stands
])
def test_every_n_cycles_is_no_count(text, count):
    assert P.cycle_count(text) == count


def test_up_to_six_cycles_stays_with_a_check_every_two_or_three():
    r = small_page("<h2>Your treatment</h2><p>Cisplatin 100 mg/m2 IV on day 1.</p><p>Each cycle is 21 days. You can "
                   "have up to 6 cycles. Your doctor will check how the cancer is responding after every two or three "
                   "cycles.</p>", h1="Cisplatin")
    ph, = r.phases
    assert (ph.length.value, ph.count, ph.count_max) == (Decimal(21), 1, 6)


# --- a paragraph of links: another page's title is no cycle rule of this one ------------------------------------------
_WEEKLY = ("<h2>What happens at each treatment</h2><ol><li>Paclitaxel 60 mg/m<sup>2</sup> as a drip into a vein over "
           "1 hour</li><li>Carboplatin AUC 2 as a drip into a vein over 30 minutes</li></ol><p>You have this every week "
           "for 18 weeks (18 treatments in all).</p>")


def test_a_link_to_another_schedule_sets_no_cycle_length():
    r = small_page(_WEEKLY + "<h2>Getting help</h2><p><a href='javascript:window.print()'>Print this page</a> · "
                   "<a href='/treatment/three-weekly/'>Three-weekly carboplatin and paclitaxel</a></p>",
                   h1="Weekly carboplatin and paclitaxel")
    ph, = r.phases
    assert (ph.length.value, ph.length.unit, ph.count) == (Decimal(1), "wk", 18)
    assert any("links to other pages" in f.reason for f in r.not_mapped)


def test_near_miss_a_sentence_with_a_link_in_it_is_still_read():
    r = small_page(_WEEKLY +
                   "<h2>Getting help</h2><p>The cycle repeats every 3 weeks (see <a href='/x'>our guide</a>).</p>",
                   h1="Weekly carboplatin and paclitaxel")
    assert r.phases[0].length.value == Decimal(3)


def test_near_miss_a_dose_line_that_is_a_link_is_still_read():
    r = small_page("<ul><li><a href='/drugs/cisplatin'>Cisplatin 75 mg/m2 IV on day 1, every 21 days</a></li></ul>",
                   h1="Cisplatin")
    assert [(a.drug.lower(), a.dose.value) for p in r.phases for a in p.administrations] == [("cisplatin", Decimal(75))]


def test_conditional_phase_of_two_drugs_reads_its_doses():
    r = small_page("<h2>Your treatment</h2><p>Each cycle lasts 28 days.</p><h3>Cycles 1 to 4</h3><p>Rituximab 375 mg/m2 "
                   "IV on day 1 and bendamustine 90 mg/m2 IV on days 1 and 2.</p><h3>Cycles 5 and 6 (only after a "
                   "partial response)</h3><p>If the lymphoma has shrunk, you have rituximab 375 mg/m2 IV on day 1 and "
                   "bendamustine 90 mg/m2 IV on days 1 and 2.</p>", h1="Bendamustine and rituximab")
    ph = next(p for p in r.phases if p.label.startswith("Cycles 5"))
    assert [c.key for c in ph.conditions] == ["partial-response"]
    assert sorted((a.drug.lower(), a.days) for a in ph.administrations) == [("bendamustine", [1, 2]), ("rituximab", [1])]
