"""Each phrase pattern added for parser breadth, with what it must read and the near misses it must not."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from regimen_fhir.parse import patterns as P
from regimen_fhir.parse.rules import find_drugs, find_route


def dose(text):
    found = P.find_doses(text)
    assert found, text
    a = found[0][0]
    return (a.value, a.low, a.high, a.unit)


@pytest.mark.parametrize("text, expected", [
    ("85 mg/m2 IV", (Decimal(85), None, None, "mg/m2")),
    ("2,400 mg/m2 over 46 hours", (Decimal(2400), None, None, "mg/m2")),
    ("60-75 mg/m2", (None, Decimal(60), Decimal(75), "mg/m2")),
    ("60 to 75 mg/m2", (None, Decimal(60), Decimal(75), "mg/m2")),
    ("carboplatin AUC 5 IV", (Decimal(5), None, None, "mg.min/mL")),
    ("carboplatin AUC = 5-6", (None, Decimal(5), Decimal(6), "mg.min/mL")),
    ("target AUC of 7.5 mg/mL/min", (Decimal("7.5"), None, None, "mg.min/mL")),
    ("9 mcg/day", (Decimal(9), None, None, "ug/d")),
    ("28 mcg per day", (Decimal(28), None, None, "ug/d")),
    ("100 mg/m2/day", (Decimal(100), None, None, "mg/m2/d")),
    ("2,500 units/m2 IM", (Decimal(2500), None, None, "U/m2")),
    ("5 mcg/kg SC", (Decimal(5), None, None, "ug/kg")),
    ("3 g/m2 over 3 hours", (Decimal(3), None, None, "g/m2")),
    ("30 units IV", (Decimal(30), None, None, "U")),
])
def test_doses(text, expected):
    assert dose(text) == expected


@pytest.mark.parametrize("text", ["mg/m2 of body surface", "AUC", "the AUC is measured", "on day 1", "1,250 tablets",
                                  "over 2 hours", "every 21 days", "aged 65 years"])
def test_dose_near_misses(text):
    assert P.find_doses(text) == []


@pytest.mark.parametrize("text", ["(max 2 mg)", "maximum dose 2 mg", "not to exceed 2 mg", "capped at 2 mg",
                                  "up to a maximum of 2 mg", "(maximum 2 mg)", "with a cap of 2 mg"])
def test_caps(text):
    cap = P.find_cap("1.4 mg/m2 IV push " + text)
    assert cap is not None and cap.value == Decimal(2) and cap.unit == "mg"


@pytest.mark.parametrize("text", ["1.4 mg/m2 IV push", "maximum response after 2 cycles", "up to 6 cycles",
                                  "max 2 weeks"])
def test_cap_near_misses(text):
    assert P.find_cap(text) is None


@pytest.mark.parametrize("text, expected", [
    ("twice daily", (2, 1, "d")), ("BID", (2, 1, "d")), ("b.i.d.", (2, 1, "d")),
    ("two times a day", (2, 1, "d")), ("three times daily", (3, 1, "d")), ("TID", (3, 1, "d")),
    ("once daily", (1, 1, "d")), ("daily", (1, 1, "d")), ("once a day", (1, 1, "d")),
    ("four times a day", (4, 1, "d")),
    # a fixed interval is not 'N times a day' (FHIR TimingAbbreviation keeps Q12H apart from BID)
    ("morning and evening", (2, 1, "d")), ("in the morning and in the evening", (2, 1, "d")),
    ("every 12 hours", (1, 12, "h")), ("q12h", (1, 12, "h")), ("every 8 hours", (1, 8, "h")), ("every 6 hours", (1, 6, "h")),
])
def test_frequency(text, expected):
    f = P.find_frequency(f"100 mg by mouth {text} on days 1-5")
    assert f is not None and f[:3] == expected


@pytest.mark.parametrize("text", ["every 21 days", "on day 1", "repeat every 14 days", "bidding", "each cycle", "in the morning",
                                  "morning or evening",
                                  "weekly", "every 2 weeks", "twice"])
def test_frequency_near_misses(text):
    assert P.find_frequency(text) is None


@pytest.mark.parametrize("text, expected", [
    ("over 60 minutes", (Decimal(60), None, None, "min")),
    ("over 2 hours", (Decimal(2), None, None, "h")),
    ("over 30–60 minutes", (None, Decimal(30), Decimal(60), "min")),
    ("over 30 to 60 minutes", (None, Decimal(30), Decimal(60), "min")),
    ("continuous infusion over 46 hours", (Decimal(46), None, None, "h")),
    ("continuous IV infusion over 4 days", (Decimal(4), None, None, "d")),
    ("over 90 min", (Decimal(90), None, None, "min")),
    ("over 2 hrs", (Decimal(2), None, None, "h")),
])
def test_infusion(text, expected):
    a = P.find_infusion(text)
    assert (a.value, a.low, a.high, a.unit) == expected


@pytest.mark.parametrize("text", ["for 2 hours after the dose", "over 65 years of age", "over the next cycles",
                                  "wait 30 minutes"])
def test_infusion_near_misses(text):
    assert P.find_infusion(text) is None


@pytest.mark.parametrize("text, expected", [
    ("on day 1", [1]), ("days 1, 8 and 15", [1, 8, 15]), ("days 1, 8, and 15", [1, 8, 15]),
    ("days 1-5", [1, 2, 3, 4, 5]), ("days 1–5", [1, 2, 3, 4, 5]), ("days 1 through 21", list(range(1, 22))),
    ("on day 1 and day 2", [1, 2]), ("days 1 to 7", list(range(1, 8))), ("days 8 and 29", [8, 29]),
])
def test_days(text, expected):
    assert P.parse_days(text) == expected


@pytest.mark.parametrize("text", ["every 21 days", "for 14 days", "day 0", "28-day cycles", "7 days off"])
def test_days_near_misses(text):
    assert P.parse_days(text) is None


def test_daily_for_days_then_off():
    days, length = P.on_off_cycle("1,250 mg/m2 twice daily for 14 days, then 7 days off")
    assert days == list(range(1, 15)) and length.value == 21 and length.unit == "d"
    assert P.daily_for_days("once daily for 7 days") == list(range(1, 8))
    assert P.on_off_cycle("once daily for 7 days") is None  # no rest period: no cycle length from it
    assert P.daily_for_days("daily") is None


@pytest.mark.parametrize("text, expected", [
    ("Repeat every 21 days.", (21, "d")), ("every 3 weeks", (3, "wk")), ("repeat every 14 days", (14, "d")),
    ("given in 28-day cycles", (28, "d")), ("28 day cycle", (28, "d")), ("cycles of 21 days", (21, "d")),
    ("One cycle is 21 days.", (21, "d")), ("This cycle lasts 6 weeks", (6, "wk")),
    ("3 weeks on, 1 week off", (4, "wk")), ("4 weeks on treatment, then 2 weeks off", (6, "wk")),
    ("14 days on and 7 days off", (21, "d")), ("every two weeks", (2, "wk")),
    ("every week for 12 weeks", (1, "wk")),
])
def test_cycle_length(text, expected):
    a = P.cycle_length(text)
    assert a is not None and (a.value, a.unit) == (Decimal(expected[0]), expected[1])


@pytest.mark.parametrize("text", ["every 12 hours", "for 21 days", "on day 21", "cycle 1", "over 46 hours"])
def test_cycle_length_near_misses(text):
    assert P.cycle_length(text) is None


@pytest.mark.parametrize("text, expected", [
    ("for 4 cycles", (4, None)), ("up to 6 cycles", (1, 6)), ("for 6 to 8 cycles", (6, 8)),
    ("for 3 or 4 cycles", (3, 4)), ("for 2 to 6 cycles depending on stage", (2, 6)),
    ("a minimum of 4 to 6 cycles", (4, 6)), ("at least 6 cycles", (6, None)), ("a total of 8 cycles", (8, None)),
    ("one cycle of 29 days", (1, None)), ("Four cycles are given in total.", (4, None)),
    ("every week for 12 weeks", (12, None)),
])
def test_cycle_count(text, expected):
    assert P.cycle_count(text) == expected


@pytest.mark.parametrize("text", ["cycle 1", "every 21 days", "after 3 cycles", "for 4 weeks", "cycles 2 to 6"])
def test_cycle_count_near_misses(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Cycles 2 to 6", (2, 6)), ("cycles 3-5 (consolidation)", (3, 5)), ("Cycles 1–4: AC", (1, 4)),
    ("Cycle 1 (induction)", (1, 1)), ("cycles 6 through 9", (6, 9)),
])
def test_cycle_span(text, expected):
    assert P.cycle_span(text) == expected


@pytest.mark.parametrize("text", ["28-day cycles", "cycle of 21 days", "each cycle", "cycle 5 days"])
def test_cycle_span_near_misses(text):
    assert P.cycle_span(text) is None


@pytest.mark.parametrize("text, value, low, high, cmp, ratio, word", [
    ("(32%)", Decimal(32), None, None, None, None, None),
    ("32 %", Decimal(32), None, None, None, None, None),
    ("<1%", Decimal(1), None, None, "<", None, None),
    ("less than 5%", Decimal(5), None, None, "<", None, None),
    ("up to 31%", Decimal(31), None, None, "<=", None, None),
    ("1–10%", None, Decimal(1), Decimal(10), None, None, None),
    ("1%–10%", None, Decimal(1), Decimal(10), None, None, None),
    ("10 to 20%", None, Decimal(10), Decimal(20), None, None, None),
    ("in about 1 in 3 people", None, None, None, None, (1, 3), None),
    ("one in 3 patients", None, None, None, None, (1, 3), None),
    ("5 in 100 patients", None, None, None, None, (5, 100), None),
    ("rare", None, None, None, None, None, "rare"),
    ("common", None, None, None, None, None, "common"),
    ("less common", None, None, None, None, None, "less common"),
    ("very common", None, None, None, None, None, "very common"),
])
def test_incidence(text, value, low, high, cmp, ratio, word):
    p = P.incidence(text)
    assert (p.value, p.low, p.high, p.comparator) == (value, low, high, cmp)
    assert ((p.numerator, p.denominator) if p.is_ratio else None) == ratio
    assert p.category_word == word


@pytest.mark.parametrize("text", ["grade 3", "day 1", "no side effects", "in 3 weeks", "severe"])
def test_incidence_near_misses(text):
    assert P.incidence(text) is None


@pytest.mark.parametrize("text, term", [
    ("Nausea (32%)", "Nausea"), ("Nausea - 74%", "Nausea"), ("Nausea: 74 %", "Nausea"),
    ("Hair loss (about 1 in 3 people)", "Hair loss"), ("Diarrhoea – in about 1 in 2 people", "Diarrhoea"),
    ("Nausea and vomiting – very common", "Nausea and vomiting"), ("Heart damage (rare)", "Heart damage"),
    ("Vomiting 54.1%", "Vomiting"), ("Kidney problems [nephrotoxicity] (28–36%)", "Kidney problems [nephrotoxicity]"),
])
def test_split_incidence(text, term):
    split = P.split_incidence(text)
    assert split is not None and split[0] == term


@pytest.mark.parametrize("text", ["Nausea", "Grade 3 (severe)", "Day 1 (cycle 2)", "Hair loss is very common",
                                  "(32%)", "Rare"])
def test_split_incidence_near_misses(text):
    assert P.split_incidence(text) is None


@pytest.mark.parametrize("text, key, expected", [
    ("Created: February 14, 2019", "created", date(2019, 2, 14)),
    ("Updated: June 24, 2019", "updated", date(2019, 6, 24)),
    ("Reviewed: 4 March 2022", "updated", date(2022, 3, 4)),
    ("Created: Jan 5, 2020.", "created", date(2020, 1, 5)),
    ("Updated: Mar 3, 2023", "updated", date(2023, 3, 3)),
    ("Page updated 5th June 2021", "updated", date(2021, 6, 5)),
    ("Last updated: 2023-05-10", "updated", date(2023, 5, 10)),
    ("Updated: 03/15/2021", "updated", date(2021, 3, 15)),
    ("Published: September 2, 2020", "created", date(2020, 9, 2)),
    ("Last modified: 2024-02-01", "updated", date(2024, 2, 1)),
    ("Posted: 2019-10-01", "created", date(2019, 10, 1)),
])
def test_dates(text, key, expected):
    assert P.find_dates(text)[key] == expected


@pytest.mark.parametrize("text, key, iso", [
    ("Revised: 2023/05/17", "updated", "2023-05-17"),
    ("Created: 02-Feb-2019", "created", "2019-02-02"),
    ("Updated 22/01/2024.", "updated", "2024-01-22"),    # day first: 22 cannot be a month
    ("Updated 03/04/2024", "updated", "2024-03-04"),     # ambiguous: read in US order, as before
    ("Content reviewed 14 Feb 2024.", "updated", "2024-02-14"),
    # a month-only date keeps its precision: FHIR dateTime '2020-03', no day made up
    ("First published March 2020.", "created", "2020-03"),
    ("Updated: June 2019", "updated", "2019-06"),
])
def test_dates_more_formats(text, key, iso):
    assert P.find_dates(text)[key].isoformat() == iso


@pytest.mark.parametrize("text", ["Updated: soon", "Updated: 13/45/2020", "June 24, 2019",
                                  "We updated the dosing on day 1", "Updated: 2023/13/01", "Created: 31-Foo-2019",
                                  "In March 2020 we changed the doses"])
def test_date_near_misses(text):
    assert P.find_dates(text) == {}


@pytest.mark.parametrize("text, route, wording", [
    ("IV push", "intravenous", "IV push"), ("as a continuous IV infusion", "intravenous", "continuous IV infusion"),
    ("IV bolus", "intravenous", "IV bolus"), ("by mouth", "oral", "by mouth"), ("PO daily", "oral", "PO"),
    ("25 mg tablets", "oral", "tablets"), ("SC", "subcutaneous", "SC"), ("SQ (under the skin)", "subcutaneous", "SQ"),
    ("subcutaneously", "subcutaneous", "subcutaneously"), ("IM", "intramuscular", "IM"),
    ("intrathecal (IT)", "intrathecal", "intrathecal"), ("IT", "intrathecal", "IT"),
    ("into a vein over 1 hour", "intravenous", "into a vein"),
])
def test_routes(text, route, wording):
    assert find_route(f"drug 10 mg {text} on day 1") == (route, wording)


@pytest.mark.parametrize("text", ["it is given on day 1", "im not sure", "the pump is portable", "positive"])
def test_route_near_misses(text):
    assert find_route(text) is None


def test_drug_names():
    assert [n for _, n in find_drugs("Fluorouracil (5-FU) 400 mg/m2")] == ["fluorouracil"]
    assert [n for _, n in find_drugs("5-FU 2,400 mg/m2")] == ["fluorouracil"]
    assert [n for _, n in find_drugs("nab-paclitaxel then paclitaxel")] == ["nab-paclitaxel", "paclitaxel"]
    assert find_drugs("folate-rich food and vitamins") == []


@pytest.mark.parametrize("text, name", [
    ("tislelizumab 200 mg IV", "tislelizumab"), ("Vinflunine 320 mg/m2", "vinflunine"),
    ("lurbinectedin and niraparib 300 mg", "niraparib"), ("sacituzumab govitecan 10 mg/kg", "sacituzumab"),
])
def test_inn_stem_drugs(text, name):
    assert name in [n for _, n in P.inn_drugs(text)]


@pytest.mark.parametrize("text", ["a combination of medicines", "except in disease", "examine the vein",
                                  "the platinum doublet", "a single infusion"])
def test_inn_stem_near_misses(text):
    assert P.inn_drugs(text) == []


@pytest.mark.parametrize("text, length, count", [
    ("Cycle length: 28 days - 6 cycles in total.", (28, "d"), (6, None)),
    ("One cycle = 4 weeks (3 weeks on, 1 week off).", (4, "wk"), None),     # 'One cycle =' defines, does not count
    ("Each cycle lasts three weeks.", (3, "wk"), None),
    ("A maximum of six cycles is given.", None, (1, 6)),
    ("No more than 8 cycles.", None, (1, 8)),
    ("Twelve cycles (about six months) are usually planned.", None, (12, None)),
    ("Part 1: induction (1 cycle)", None, (1, None)),
    ("Part 2: consolidation (4 cycles, every 28 days)", (28, "d"), (4, None)),
    ("Induction (one cycle of 29 days)", (29, "d"), (1, None)),
])
def test_cycle_phrases_round_3(text, length, count):
    got = P.cycle_length(text)
    assert (None if got is None else (int(got.value), got.unit)) == length
    assert P.cycle_count(text) == count


@pytest.mark.parametrize("text", ["the maximum dose is 2 mg", "cycle 3", "One cycle is enough for some people to feel tired",
                                  "(4 doses)", "a maximum of 6 months"])
def test_cycle_phrase_near_misses_round_3(text):
    assert P.cycle_count(text) is None


def test_weekly_on_off():
    days, length = P.on_off_cycle("once a week for 3 weeks, then 1 week off")
    assert days == [1, 8, 15] and (length.value, length.unit) == (4, "wk")
    # weeks on/off after 'every week for N weeks' is not a one-week cycle given N times
    assert P.cycle_count("every week for 3 weeks, then 1 week off") is None
    assert P.cycle_count("every week for 12 weeks") == (12, None)          # the near miss: no weeks off
    assert P.on_off_cycle("once a week for 3 weeks") is None


@pytest.mark.parametrize("text, expected", [
    ("over one hour", (1, None, None, "h")), ("over two hours", (2, None, None, "h")),
    ("over 30 to 90 minutes", (None, 30, 90, "min")),
])
def test_infusion_in_words(text, expected):
    a = P.find_infusion(text)
    assert (a.value, a.low, a.high, a.unit) == expected


@pytest.mark.parametrize("text", ["over the first hour", "over one or two days of rest", "given over"])
def test_infusion_in_words_near_misses(text):
    assert P.find_infusion(text) is None


@pytest.mark.parametrize("text, days", [("Day 1", [1]), ("D1", [1]), ("d15", [15]), ("D6-28", list(range(6, 29))),
                                        ("Days 2-5", [2, 3, 4, 5])])
def test_day_column(text, days):
    assert P.day_column(text) == days


@pytest.mark.parametrize("text", ["Dose", "Day of cycle", "Drug", "D", "Days 0-3", "D28-6", "Dd1"])
def test_day_column_near_misses(text):
    assert P.day_column(text) is None


@pytest.mark.parametrize("text, mark", [("●", True), ("✓", True), ("X", True), ("yes", True), ("", False),
                                        ("-", False), ("1,000 mg/m2", False), ("no", False)])
def test_grid_mark(text, mark):
    assert P.is_grid_mark(text) is mark


@pytest.mark.parametrize("text, term, value", [
    ("High blood pressure - 14.8% of patients", "High blood pressure", Decimal("14.8")),
    ("Problems with balance: 12% of patients", "Problems with balance", 12),
])
def test_incidence_of_patients_tail(text, term, value):
    t, pct = P.split_incidence(text)
    assert (t, pct.value) == (term, value)


def test_incidence_of_patients_tail_near_miss():
    assert P.split_incidence("High blood pressure - 14.8% of patients stopped") is None
