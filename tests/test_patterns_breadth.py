"""Each phrase pattern added for parser breadth, with what it must read and the near misses it must not."""
from __future__ import annotations

from datetime import date

from regimen_fhir.model import Amount, MonthDate, YearDate
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
    ("about 1 in 4 men", None, None, None, None, (1, 4), None),  # a page for one sex counts men or women
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
    ("a skin rash – about 1 in 4 men", "a skin rash"),
])
def test_split_incidence(text, term):
    split = P.split_incidence(text)
    assert split is not None and split[0] == term


@pytest.mark.parametrize("text", ["Nausea", "Grade 3 (severe)", "Day 1 (cycle 2)", "Hair loss is very common",
                                  "(32%)", "Rare", "Rash – 1 in 4 days", "Rash – 1 in 4 menopausal"])
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
    ("lurbinectedin and niraparib 300 mg", "niraparib"), ("sacituzumab govitecan 10 mg/kg", "sacituzumab govitecan"),
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


# --- round 6: phrase forms as real authors write them, each with its near misses ------------------------------

@pytest.mark.parametrize("text, expected", [
    ("75 mg per m2", (Decimal(75), "mg/m2")), ("75 mg/m^2", (Decimal(75), "mg/m2")),
    ("500 mg per square metre of body surface", (Decimal(500), "mg/m2")),
    ("75 milligrams per square meter", (Decimal(75), "mg/m2")), ("1.5 g per m2", (Decimal("1.5"), "g/m2")),
    ("2 grams per square metre", (Decimal(2), "g/m2")), ("100 micrograms", (Decimal(100), "ug")),
    ("1,000 microgram injection", (Decimal(1000), "ug")), ("100 microgram/m2", (Decimal(100), "ug/m2")),
    ("5 mcg/kg", (Decimal(5), "ug/kg")), ("2500 units/m²", (Decimal(2500), "U/m2")),
    ("10 IU/kg", (Decimal(10), "[iU]/kg")), ("20 milligrams", (Decimal(20), "mg")),
    ("100 mg/m2 per day", (Decimal(100), "mg/m2/d")), ("0.5 mg/m2IV over 60 minutes", (Decimal("0.5"), "mg/m2")),
])
def test_dose_units_in_words_and_signs(text, expected):
    a = P.find_doses(text)[0][0]
    assert (a.value, a.unit) == expected


@pytest.mark.parametrize("text", ["5 mg per litre", "2 mg/L", "10 mg per hour", "mg per m2", "the unit on ward 3"])
def test_dose_unit_near_misses(text):
    assert P.find_doses(text) == []


@pytest.mark.parametrize("text, n", [("twenty-one", 21), ("twenty one", 21), ("forty", 40), ("fourteen", 14),
                                     ("sixth", 6), ("21", 21)])
def test_number_words(text, n):
    assert P.to_count(text) == n


@pytest.mark.parametrize("text", ["twentyone", "twenty-ten", "hundred", "a few"])
def test_number_word_near_misses(text):
    assert P.to_count(text) is None


@pytest.mark.parametrize("text, days", [
    ("d1-5", [1, 2, 3, 4, 5]), ("D1,8", [1, 8]), ("D1-D5", [1, 2, 3, 4, 5]), ("D1 & D8", [1, 8]),
    ("on days one and eight", [1, 8]), ("days one to five", [1, 2, 3, 4, 5]), ("days 1 to 14", list(range(1, 15))),
    ("the first 5 days of each cycle", [1, 2, 3, 4, 5]), ("day 1 of every cycle", [1]),
    ("once a day for five days in a row (d1-5)", [1, 2, 3, 4, 5]),
])
def test_days_in_abbreviations_and_words(text, days):
    assert P.parse_days(text) == days


@pytest.mark.parametrize("text", ["vitamin D3 supplement", "a D-dimer test", "the day care unit", "2D echo",
                                  "for the first time", "the first dose"])
def test_day_near_misses(text):
    assert P.parse_days(text) is None


@pytest.mark.parametrize("text, days", [("daily x 5 days", [1, 2, 3, 4, 5]), ("once daily x 14 days", list(range(1, 15))),
                                        ("daily for five days", [1, 2, 3, 4, 5])])
def test_daily_for_days_abbreviated(text, days):
    assert P.daily_for_days(text) == days


@pytest.mark.parametrize("text, length", [
    ("q21d", (21, "d")), ("q3w", (3, "wk")), ("q2wk", (2, "wk")), ("q21 days", (21, "d")), ("repeat q 21 days", (21, "d")),
    ("every 3 wks", (3, "wk")), ("cycle every twenty-one days", (21, "d")), ("every fourteen days", (14, "d")),
    ("a 21-day cycle", (21, "d")), ("28 days cycle", (28, "d")), ("each cycle is 4 weeks long", (4, "wk")),
    ("repeat every three weeks for a total of six cycles", (3, "wk")),
    ("cycles of 4 weeks (28 days)", (28, "d")), ("Each cycle lasts three weeks (21 days).", (21, "d")),
    ("once every three weeks - each 21-day period is one cycle", (21, "d")),
])
def test_cycle_length_forms(text, length):
    a = P.cycle_length(text)
    assert (a.value, a.unit) == (Decimal(length[0]), length[1])


@pytest.mark.parametrize("text", ["q12h", "every 12 hours", "twenty-one patients", "3 weeks (about 20 days)",
                                  "in the first 21 days"])
def test_cycle_length_near_misses_of_other_forms(text):
    a = P.cycle_length(text)
    assert a is None or (text == "3 weeks (about 20 days)" and a.unit == "wk")


@pytest.mark.parametrize("text, count", [
    ("6 cycles (18 weeks)", (6, None)), ("x 6 cycles", (6, None)), ("× 4 cycles", (4, None)),
    ("4 cycles before the operation and 4 after it, so 8 cycles altogether", (8, None)),
    ("for a total of six cycles", (6, None)), ("Four cycles are given", (4, None)), ("four to six cycles", (4, 6)),
])
def test_cycle_count_forms(text, count):
    assert P.cycle_count(text) == count


@pytest.mark.parametrize("text", ["four cycles", "x4", "after 6 cycles (18 weeks) of rest the scan", "6 weeks (about 2 cycles)"])
def test_cycle_count_near_misses_of_other_forms(text):
    assert P.cycle_count(text) in (None, (6, None)) and (text != "four cycles" or P.cycle_count(text) is None)


@pytest.mark.parametrize("text, expected", [
    ("over twenty minutes", (20, None, None, "min")), ("over a period of 3 hours", (3, None, None, "h")),
    ("over half an hour", (30, None, None, "min")), ("over an hour", (1, None, None, "h")),
    ("as a 30-minute infusion", (30, None, None, "min")), ("a 2-hour drip", (2, None, None, "h")),
    ("IV infusion, 1 hr", (1, None, None, "h")), ("IV infusion, 2 hrs", (2, None, None, "h")),
    ("as a drip into a vein, which takes about ten minutes", (10, None, None, "min")),
    ("an infusion lasting 90 minutes", (90, None, None, "min")),
])
def test_infusion_forms(text, expected):
    a = P.find_infusion(text)
    assert (a.value, a.low, a.high, a.unit) == tuple(Decimal(x) if isinstance(x, int) else x for x in expected)


@pytest.mark.parametrize("text", ["drip into a vein", "the visit takes about two hours", "infusion day 1, 8",
                                  "1 hr before the infusion"])
def test_infusion_form_near_misses(text):
    assert P.find_infusion(text) is None


@pytest.mark.parametrize("text, route", [
    ("s.c.", "subcutaneous"), ("5 mcg/kg s.c. daily", "subcutaneous"), ("i.m.", "intramuscular"),
    ("IVPB over 30 min", "intravenous"), ("IV piggyback", "intravenous"), ("per os", "oral"),
    ("through a drip", "intravenous"), ("injection under the skin", "subcutaneous"), ("into a muscle", "intramuscular"),
    ("by mouth with water", "oral"),
])
def test_route_wordings(text, route):
    assert find_route(text)[0] == route


@pytest.mark.parametrize("text", ["sc", "im", "personal", "dripping tap", "a piggyback ride"])
def test_route_wording_near_misses(text):
    assert find_route(text) is None


@pytest.mark.parametrize("text, times, period, unit", [("every 12 hrs", 1, 12, "h"), ("q 12 h", 1, 12, "h"),
                                                       ("b.d.", 2, 1, "d"), ("twice a day", 2, 1, "d")])
def test_frequency_abbreviations(text, times, period, unit):
    assert P.find_frequency(text)[:3] == (times, period, unit)


@pytest.mark.parametrize("text, ratio", [("82 out of every 100 people", (82, 100)), ("in about 1 in 5", (1, 5)),
                                         ("one in ten", (1, 10)), ("Seven in every hundred people", (7, 100))])
def test_ratio_wordings(text, ratio):
    pct = P.incidence(text)
    assert (pct.numerator, pct.denominator) == ratio


@pytest.mark.parametrize("text, value", [("approximately 20 per cent", 20), ("20 percent", 20), ("66.8 per cent", Decimal("66.8"))])
def test_percent_in_words(text, value):
    assert P.incidence(P.percent_words(text)).value == value


@pytest.mark.parametrize("text, figure, n", [
    ("Diarrhoea (all grades 34%, grade 3-4 5%)", "34%", 2), ("Neuropathy (grade 3–4 5%; all grades 20%)", "20%", 2),
    ("Rash (34%, 5%)", None, 2), ("Nausea (34%)", None, 1),
])
def test_graded_figures(text, figure, n):
    assert P.graded_figures(text) == (figure, n)


@pytest.mark.parametrize("text, key, value", [
    ("Reviewed: Sept 2024", "updated", MonthDate(2024, 9, 1)), ("Last updated: 2024-03-07T10:15:00Z", "updated", date(2024, 3, 7)),
    ("Updated: 7th March 2024", "updated", date(2024, 3, 7)), ("Updated March 2024", "updated", MonthDate(2024, 3, 1)),
    ("First issued: Sept 2022", "created", MonthDate(2022, 9, 1)), ("Issue date: 12.01.2023", "updated", date(2023, 1, 12)),
    ("last revised 14/03/2017", "updated", date(2017, 3, 14)),
])
def test_date_wordings(text, key, value):
    assert P.find_dates(text)[key] == value


@pytest.mark.parametrize("text", ["Review date: 12.01.2025", "Next review: March 2026", "Issued to the ward 3 times",
                                  "updated guidance"])
def test_date_wording_near_misses(text):
    assert P.find_dates(text) == {}


@pytest.mark.parametrize("text, words", [
    ("within 30 minutes after a meal", "within 30 minutes after a meal"), ("PO once a day with a meal", "with a meal"),
    ("on an empty stomach, 1 hour before food", "on an empty stomach, 1 hour before food"),
    ("with a meal. Avoid grapefruit. Take with water", "with a meal; with water"),
    ("with a meal and a large glass of water", "with a meal and a large glass of water"),
    ("with or without food", "with or without food"),
])
def test_meal_instructions(text, words):
    assert P.meal_instruction(text) == words


@pytest.mark.parametrize("text", ["with hydration", "mealtime insulin is not affected", "after the infusion",
                                  "given with rituximab"])
def test_meal_instruction_near_misses(text):
    assert P.meal_instruction(text) is None


@pytest.mark.parametrize("text, rule", [
    ("increase etoposide and doxorubicin by 20%", True), ("Doses are reduced by 25% after a low count.", True),
    ("adjusted ±20% each cycle", True), ("a 25% dose reduction", True), ("Nausea (20%)", False),
    ("hair loss in 20% of people", False), ("Decreased appetite in 20%", False), ("Reduced blood counts (45%)", False),
])
def test_dose_adjustment_rules(text, rule):
    assert P.is_dose_adjustment(text) is rule


@pytest.mark.parametrize("text, age", [
    ("Methotrexate IT: 8 mg (age 1-2 years), 10 mg (age 2-3 years), 12 mg (3 years and older)", True),
    ("Cytarabine IT 30 mg (under 2 years) or 70 mg (over 3 years)", True),
    ("Cisplatin 60-75 mg/m2 IV", False), ("Vincristine 1.5 mg/m2 (max 2 mg) IV", False),
])
def test_age_dependent_doses(text, age):
    assert P.age_dependent_doses(text) is age


@pytest.mark.parametrize("text, label", [("Dose", "dose"), ("How often", "how often"), ("When", "when"),
                                         ("Then", "then"), ("Cycle 1", None), ("Induction", None), ("Day 1", None)])
def test_field_labels(text, label):
    assert P.field_label(text) == label


@pytest.mark.parametrize("text, stripped", [("every 2 weeks: days 1 and 15", "days 1 and 15"),
                                            ("every 4 weeks: day 1", "day 1"), ("every 21 days", "every 21 days")])
def test_dosing_interval_is_not_a_cycle(text, stripped):
    assert P.without_dosing_interval(text) == stripped


@pytest.mark.parametrize("text, conditional", [
    ("If you are over 75, the dexamethasone dose is usually 20 mg.", True),
    ("For people with kidney problems, carboplatin is given at 300 mg/m2.", True),
    ("If counts are low, treatment waits a week.", False), ("Dexamethasone 40 mg by mouth on day 1.", False),
    # no comma after the condition: a lowered dose for the patients it names (round 19)
    ("If you are 75 or older your team will usually lower the dexamethasone to 20 mg on the same days.", True),
    ("If you weigh less than 50 kg the dose is reduced to 100 mg once a day.", True),
    # near misses: the dose goes up (the phase's own dose), a lowering for no named patients, no condition at all
    ("If your blood counts stay good the dose goes up to 200 mg/m2 by mouth once daily on days 1-5.", False),
    ("If side effects are bad the dose may be lowered to 75 mg.", False),
    ("Your team will lower the dexamethasone to 20 mg on days 1, 8, 15 and 22.", False),
])
def test_conditional_dose(text, conditional):
    assert P.is_conditional_dose(text) is conditional


@pytest.mark.parametrize("text, count", [
    ("Number of cycles: 6", (6, None)), ("Cycles: 4-6", (4, 6)), ("Total cycles: 6", (6, None)),
    ("Give 6 cycles", (6, None)), ("Treatment is 6 cycles", (6, None)), ("a course of six cycles", (6, None)),
    ("Planned cycles: 8", (8, None)), ("6 cycles planned", (6, None)), ("given for six 21-day cycles", (6, None)),
    ("repeated for 6 courses", (6, None)), ("You usually have between 4 and 6 cycles", (4, 6)),
])
def test_cycle_count_fields_and_instructions(text, count):
    assert P.cycle_count(text) == count


@pytest.mark.parametrize("text", ["Cycles: 21 days", "4 courses", "Cycle 6: give the last dose", "Cycles 1-4"])
def test_cycle_count_field_near_misses(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, times", [("once-daily", 1), ("twice-daily", 2), ("BD", 2), ("OD", 1), ("TDS", 3),
                                         ("QDS", 4), ("every 8 hrs", 1)])
def test_frequency_forms_uk_and_hyphenated(text, times):
    assert P.find_frequency(text)[0] == times


@pytest.mark.parametrize("text", ["bd", "od", "CD4 count", "BDS", "a good day"])
def test_frequency_form_near_misses(text):
    assert P.find_frequency(text) is None


@pytest.mark.parametrize("text, value", [("Last update: 12 Jan 2024", date(2024, 1, 12)),
                                         ("Revision date: 2023-05-01", date(2023, 5, 1)),
                                         ("Date of last revision: May 2023", MonthDate(2023, 5, 1))])
def test_date_labels_more(text, value):
    assert P.find_dates(text)["updated"] == value


def test_each_cycle_of_treatment_lasts():
    a = P.cycle_length("Each cycle of treatment lasts 3 weeks (21 days).")
    assert (a.value, a.unit) == (Decimal(21), "d")


@pytest.mark.parametrize("text, count", [("for a total of 8 courses (4 of each)", (8, None)), ("up to 6 courses", (1, 6)),
                                         ("for 4 courses", (4, None)), ("8 courses in total", (8, None))])
def test_courses_are_cycles(text, count):
    assert P.cycle_count(text) == count


@pytest.mark.parametrize("text, either", [("40 mg PO or IV daily", ("PO", "IV")), ("IV/PO", ("IV", "PO")),
                                          ("by mouth or into a vein", ("by mouth", "into a vein")), ("SC or IM", ("SC", "IM")),
                                          ("IV or IV push", None), ("tablets or capsules by mouth", None), ("IV infusion", None)])
def test_alternative_routes(text, either):
    from regimen_fhir.parse.rules import alternative_routes
    assert alternative_routes(text) == either


@pytest.mark.parametrize("text, alt", [("200 mg q3w, or 400 mg q6w", "or 400 mg q6w"),
                                       ("40 mg or 20 mg if over 75 years", "or 20 mg if over 75 years"),
                                       ("60-75 mg/m2", None), ("400 mg/m2 bolus then 2400 mg/m2", None)])
def test_alternative_dose(text, alt):
    assert P.alternative_dose(text) == alt


@pytest.mark.parametrize("text", ["Pembrolizumab 200 mg IV over 30 min, or 400 mg", "over 30 minutes, 2 doses of 5 mg"])
def test_age_band_near_misses_over_a_time(text):
    assert P.age_dependent_doses(text) is False


@pytest.mark.parametrize("text, days, length", [
    ("once weekly for 3 weeks out of 4", [1, 8, 15], (4, "wk")), ("weekly x 3, then 1 week rest", [1, 8, 15], (4, "wk")),
    ("weekly for 3 weeks followed by a 1-week break", [1, 8, 15], (4, "wk")),
    ("2 weeks on / 1 week off", list(range(1, 15)), (3, "wk")),
])
def test_weekly_on_off_forms(text, days, length):
    d, a = P.on_off_cycle(text)
    assert (d, a.value, a.unit) == (days, Decimal(length[0]), length[1])


@pytest.mark.parametrize("text", ["3 weeks out of 4", "weekly for 3 weeks", "once weekly for 4 weeks out of 3",
                                  "a week off work"])
def test_weekly_on_off_near_misses(text):
    assert P.on_off_cycle(text) is None


@pytest.mark.parametrize("text, value, unit", [("0,8 mg/m2", Decimal("0.8"), "mg/m2"), ("1,5 g/m2", Decimal("1.5"), "g/m2"),
                                               ("2,400 mg/m2", Decimal(2400), "mg/m2"), ("1,000 mg", Decimal(1000), "mg")])
def test_decimal_comma_and_thousands(text, value, unit):
    a = P.find_doses(text)[0][0]
    assert (a.value, a.unit) == (value, unit)


@pytest.mark.parametrize("text, value", [("12,5%", Decimal("12.5")), ("Nausea: 12,5 %", Decimal("12.5")), ("(32%)", 32)])
def test_decimal_comma_percent(text, value):
    assert P.incidence(text).value == value


@pytest.mark.parametrize("text, value, unit", [("40 mg/m2/dose", Decimal(40), "mg/m2"), ("10 mg per dose", Decimal(10), "mg"),
                                               ("1.5 mg/kg/dose", Decimal("1.5"), "mg/kg")])
def test_per_dose_keeps_the_unit(text, value, unit):
    a = P.find_doses(text)[0][0]
    assert (a.value, a.unit) == (value, unit)


@pytest.mark.parametrize("text", ["0.5 mg/kg/hr", "2 mg/min", "4 mg per hour"])
def test_a_rate_is_no_dose(text):
    assert P.find_doses(text) == []


@pytest.mark.parametrize("text, value, unit", [("75 mg/m2 per cycle", Decimal(75), "mg/m2"), ("10 mg per week", Decimal(10), "mg")])
def test_per_cycle_or_week_is_still_a_dose(text, value, unit):
    a = P.find_doses(text)[0][0]
    assert (a.value, a.unit) == (value, unit)


@pytest.mark.parametrize("text, length", [
    ("a treatment cycle takes 21 days", (21, "d")), ("each course lasts 4 weeks", (4, "wk")),
    ("Courses are given 4-weekly", (4, "wk")), ("given three-weekly", (3, "wk")), ("fortnightly", (2, "wk")),
    ("every fortnight", (2, "wk")), ("repeated at 21-day intervals", (21, "d")), ("at intervals of 3 weeks", (3, "wk")),
    ("cycle duration: 21 days", (21, "d")),
])
def test_cycle_length_uk_and_interval_wordings(text, length):
    a = P.cycle_length(text)
    assert (a.value, a.unit) == (Decimal(length[0]), length[1])


@pytest.mark.parametrize("text", ["The whole course lasts 18 weeks", "weekly", "once weekly", "2 weekly doses",
                                  "monthly blood tests"])
def test_cycle_length_wording_near_misses(text):
    assert P.cycle_length(text) is None


@pytest.mark.parametrize("text, route", [("into the fluid around the spine", "intrathecal"), ("by lumbar puncture", "intrathecal"),
                                         ("through a central line", "intravenous"), ("through a PICC line", "intravenous"),
                                         ("into your bloodstream", "intravenous")])
def test_more_route_wordings(text, route):
    assert find_route(text)[0] == route


@pytest.mark.parametrize("text", ["the port is flushed", "a line of text", "the spine and bones"])
def test_more_route_wording_near_misses(text):
    assert find_route(text) is None


@pytest.mark.parametrize("text, days, length", [
    ("twice a day for 2 weeks, followed by a week off", list(range(1, 15)), (3, "wk")),
    ("daily for 3 weeks then 1 week off", list(range(1, 22)), (4, "wk")),
    ("twice daily x 14 days then 7 days rest", list(range(1, 15)), (21, "d")),
])
def test_daily_for_weeks_then_off(text, days, length):
    d, a = P.on_off_cycle(text)
    assert (d, a.value, a.unit) == (days, Decimal(length[0]), length[1])


@pytest.mark.parametrize("text", ["twice daily for 14 days", "a week off work", "for 2 weeks after surgery"])
def test_daily_for_weeks_near_misses(text):
    assert P.on_off_cycle(text) is None


@pytest.mark.parametrize("text, value, cmp_, low, high", [
    ("more than 1 in 10 people", 10, ">", None, None), ("up to 1 in 10 people", 10, "<=", None, None),
    ("less than 1 in 100", 1, "<", None, None), ("over 9 in 10", 90, ">", None, None),
    ("fewer than 1 in 1,000 people", Decimal("0.1"), "<", None, None),
    ("between 1 in 10 and 1 in 100 people", None, None, 1, 10),
])
def test_a_band_of_a_ratio_is_a_bound_or_a_range_never_a_ratio_or_a_point(text, value, cmp_, low, high):
    pct = P.incidence(text)
    assert (pct.value, pct.comparator, pct.low, pct.high, pct.is_ratio) == (value, cmp_, low, high, False)


@pytest.mark.parametrize("text", ["more than 1 in 3 people", "between 1 in 3 and 1 in 7"])
def test_a_band_that_is_no_exact_percentage_is_not_read(text):
    assert P.incidence(text) is None


def test_a_band_with_its_category_keeps_the_category():
    assert P.incidence("very common: more than 1 in 10 people").category_word == "very common"


@pytest.mark.parametrize("text, term, value, cmp_", [
    ("Nausea: affects 4 in 10 people", "Nausea", None, None), ("Rash - up to 10%", "Rash", 10, "<="),
    ("Rash: more than 20%", "Rash", 20, ">"), ("Leftover - 5%", "Leftover", 5, None),
])
def test_effect_names_without_verbs_or_comparators(text, term, value, cmp_):
    t, pct = P.split_incidence(text)
    assert (t, pct.value, pct.comparator) == (term, value if value is None else Decimal(value), cmp_)


def test_a_ratio_band_after_a_dash_is_a_bound():
    term, pct = P.split_incidence("Rash - up to 1 in 10 people")
    assert (term, pct.value, pct.comparator) == ("Rash", 10, "<=")
    assert P.split_incidence("Rash - up to 1 in 3 people") is None  # no exact percentage: reported


@pytest.mark.parametrize("text", ["almost everyone", "most people", "nearly all patients", "the majority of people"])
def test_most_people_is_very_common_and_no_number(text):
    pct = P.incidence(text)
    assert (pct.category_word, pct.value, pct.low, pct.high) == ("very common", None, None, None)


@pytest.mark.parametrize("text", ["most of the time", "some people", "almost every day"])
def test_most_people_near_misses(text):
    assert P.incidence(text) is None


@pytest.mark.parametrize("text, key, value", [("Date of publication: 01 March 2024", "created", date(2024, 3, 1)),
                                              ("Publication date: 2023-02-01", "created", date(2023, 2, 1)),
                                              ("Last edited 5 May 2024", "updated", date(2024, 5, 5))])
def test_publication_and_edit_dates(text, key, value):
    assert P.find_dates(text)[key] == value


def test_an_editor_is_no_date_label():
    assert P.find_dates("edited by Dr Smith on 5 May 2024") == {}


# -- round 7: counts and lengths in words, ratio ranges, tablet strengths, issue dates ------------------------

@pytest.mark.parametrize("text, count, length", [
    ("You have twelve weekly doses.", 12, (1, "wk")),
    ("four 3-weekly cycles", 4, (3, "wk")),
    ("six three-weekly treatments", 6, (3, "wk")),
    ("weekly for 12 weeks", 12, (1, "wk")),
    ("You have 12 doses in total, one each week.", 12, (1, "wk")),
    ("twelve infusions, once a week", 12, (1, "wk")),
])
def test_weekly_doses_give_count_and_length(text, count, length):
    assert P.cycle_count(text) == (count, None)
    a = P.cycle_length(text)
    assert (a.value, a.unit) == (Decimal(length[0]), length[1])


@pytest.mark.parametrize("text", ["12 weekly doses", "2 weekly doses"])
def test_weekly_doses_in_digits_are_ambiguous_and_left(text):
    # "12 weekly" may be "12-weekly" (every 12 weeks): neither a count nor a length is taken
    assert P.cycle_count(text) is None and P.cycle_length(text) is None


@pytest.mark.parametrize("text, n", [("You have EC every 3 wks, four times in all.", 4), ("given 4 times altogether", 4),
                                     ("six times in total", 6)])
def test_times_in_all_is_a_cycle_count(text, n):
    assert P.cycle_count(text) == (n, None)


@pytest.mark.parametrize("text", ["Take it twice a day, 28 times in all", "every 12 hours, 4 times in total",
                                  "take it 3 times a day"])
def test_times_in_all_near_misses_within_a_day(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, span", [("Part 1: EC (cycles one to four)", (1, 4)), ("Cycle one", (1, 1)),
                                        ("cycles five to eight", (5, 8)), ("Cycles 2 to 6", (2, 6))])
def test_cycle_span_in_words(text, span):
    assert P.cycle_span(text) == span


@pytest.mark.parametrize("text", ["cycles of 21 days", "cycle one day later", "cycles three times"])
def test_cycle_span_near_misses_of_other_forms(text):
    assert P.cycle_span(text) is None


@pytest.mark.parametrize("text, low, high", [("28 to 36 in every 100 patients", 28, 36),
                                             ("between 10 and 20 in 100 people", 10, 20),
                                             ("28-36 in a hundred people", 28, 36)])
def test_ratio_range_per_hundred(text, low, high):
    pct = P.incidence(text)
    assert (pct.low, pct.high, pct.numerator) == (Decimal(low), Decimal(high), None)


@pytest.mark.parametrize("text", ["2 to 3 in 10 people", "1 to 2 in 1000 patients"])
def test_ratio_range_of_another_base_is_not_read(text):
    assert P.incidence(text) is None


def test_single_ratio_is_still_a_ratio():
    pct = P.incidence("about 27 in 100 people")
    assert (pct.numerator, pct.denominator) == (27, 100)


@pytest.mark.parametrize("text", [
    "so you may take a mix of 150 mg and 500 mg tablets",
    "It comes as 2.3 mg, 3 mg and 4 mg capsules.",
    "available in 5 mg or 10 mg tablets",
    "150 mg and 500 mg tablets",
    "Tablet strengths: 150 mg, 500 mg",
])
def test_tablet_strengths(text):
    assert P.is_tablet_strengths(text)


@pytest.mark.parametrize("text", [
    "One 4 mg capsule by mouth on days 1, 8 and 15.",
    "40 mg tablets by mouth on days 1, 8, 15 and 22",
    "Capecitabine 1,000 mg/m2 tablets twice a day",
    "Cisplatin 75 mg/m2 and etoposide 100 mg/m2 IV",
])
def test_tablet_strengths_near_misses_are_doses(text):
    assert not P.is_tablet_strengths(text)


@pytest.mark.parametrize("text, created, updated", [
    ("Issued: Aug 2017 | Last revised: 2023-02-14", MonthDate(2017, 8, 1), date(2023, 2, 14)),
    ("Issue date: 12.01.2023 | Review date: 12.01.2025", None, date(2023, 1, 12)),
    ("Issued: 3 March 2021", None, date(2021, 3, 3)),
])
def test_issue_dates(text, created, updated):
    d = P.find_dates(text)
    assert d.get("created") == created and d.get("updated") == updated


@pytest.mark.parametrize("text, n", [("You have EC four times, once every 3 weeks", 4), ("it is given 6 times", 6)])
def test_given_n_times_is_a_cycle_count(text, n):
    assert P.cycle_count(text) == (n, None)


@pytest.mark.parametrize("text", ["you get it 3 times a day", "have it three times every day", "Take this 2 times a week",
                                  "given 2 times daily"])
def test_given_n_times_near_misses(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, expected", [
    ("First published: 2 May 2018. Revised: 10/2023", {"created": date(2018, 5, 2), "updated": MonthDate(2023, 10, 1)}),
    ("Updated 2023-10", {"updated": MonthDate(2023, 10, 1)}),
    ("Updated 2023-10-05", {"updated": date(2023, 10, 5)}),
    ("Version 3 (10/2023)", {}),  # no date label
])
def test_month_only_dates_in_digits(text, expected):
    assert P.find_dates(text) == expected


@pytest.mark.parametrize("cell, days", [("Week 1", list(range(1, 8))), ("Weeks 2-3", list(range(8, 22))),
                                        ("Wk 4", list(range(22, 29)))])
def test_week_rows(cell, days):
    assert P.week_row_days(cell) == days


@pytest.mark.parametrize("cell", ["Week 1 onwards", "every week", "Weeks 3-2", "Day 1"])
def test_week_row_near_misses(cell):
    assert P.week_row_days(cell) is None


@pytest.mark.parametrize("text, out", [("Twelve percent of patients", "12% of patients"),
                                       ("twenty-one per cent", "21%"), ("60.9 per cent", "60.9%"),
                                       ("the percentile", "the percentile"), ("one percentile", "one percentile")])
def test_percent_words_in_digits_and_words(text, out):
    assert P.percent_words(text) == out


@pytest.mark.parametrize("text, value", [("two 500 mg tablets twice a day", 1000), ("2 x 500 mg tablets", 1000),
                                         ("three 10 mg capsules", 30)])
def test_dose_of_several_tablets(text, value):
    assert P.dose_of_units(text, P.find_doses(text)[0]).value == value


@pytest.mark.parametrize("text, value", [("One 4 mg capsule by mouth", 4), ("500 mg tablets", 500),
                                         ("days 1 and 2 500 mg tablets", 500), ("two 75 mg/m2 tablets", 75),
                                         ("two 500 mg doses", 500)])
def test_dose_of_several_tablets_near_misses(text, value):
    assert P.dose_of_units(text, P.find_doses(text)[0]).value == value


@pytest.mark.parametrize("text", ["Venetoclax is built up over three days: 100 mg on day 1",
                                  "the dose is increased gradually over 3 days", "ramped up over 2 days"])
def test_a_dose_ramp_over_days_is_no_infusion_time(text):
    assert P.find_infusion(text) is None


def test_an_infusion_after_a_ramp_is_still_read():
    assert P.find_infusion("built up over 3 days; then 400 mg IV over 30 minutes") == Amount(Decimal(30), "min")


# -- round 8 ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "your doctor may lower the dose in 12.5 mg steps",
    "The dose can be reduced in steps of 25 mg.",
    "If needed, lower the dose by 50 mg.",
    # a hedged lowering to an amount (round 19)
    "Your doctor may lower the dose to 75 mg or 50 mg if side effects are a problem.",
    "The dose can be reduced to 100 mg once a day.",
    "Your team might first cut the dose to 200 mg.",
])
def test_dose_change_by_a_fixed_amount_is_a_dose_adjustment(text):
    assert P.is_dose_adjustment(text)


@pytest.mark.parametrize("text", [
    "Take 50 mg by mouth once daily.",
    "Dexamethasone 40 mg by mouth on days 1 to 4",
    "Given in 250 mL of saline over 30 minutes",
    # the dose given, not a possible lowering (round 19 near misses)
    "If your blood counts stay good, the dose goes up to 200 mg/m2 by mouth once daily.",
    "You can take it with food; the usual dose is 100 mg once a day.",
    "It may be given over 30 to 60 minutes.",
])
def test_dose_change_near_misses(text):
    assert not P.is_dose_adjustment(text)


@pytest.mark.parametrize("text, expected", [
    ("This 6-week pattern (4 weeks on / 2 weeks off) is one cycle.", None),
    ("Each 21-day block makes one cycle.", None),
    ("Induction is one cycle of 28 days.", (1, None)),
    ("You have a single cycle.", (1, None)),
])
def test_a_cycle_defined_is_no_count(text, expected):
    assert P.cycle_count(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Orig. 02/2015 | Rev. 06/2021", {"created": MonthDate(2015, 2, 1), "updated": MonthDate(2021, 6, 1)}),
    ("Reviewed 2023", {"updated": YearDate(2023, 1, 1)}),
    ("Originally written 2015. Last changed: 2022", {"created": YearDate(2015, 1, 1), "updated": YearDate(2022, 1, 1)}),
    ("Last updated: 12/2023", {"updated": MonthDate(2023, 12, 1)}),
])
def test_abbreviated_and_year_only_dates(text, expected):
    found = P.find_dates(text)
    assert found == expected
    assert all(d.isoformat() == e.isoformat() for d, e in zip(found.values(), expected.values()))


@pytest.mark.parametrize("text", [
    "Reviewed 20234",       # not a year
    "Revised dose: 2023 mg",  # no date label before the figure
    "Reviewed 2023.5",
])
def test_year_only_date_near_misses(text):
    assert not any(isinstance(d, YearDate) and d.year == 2023 for d in P.find_dates(text).values())


@pytest.mark.parametrize("text, expected", [
    ("Bleeding (37 %), mostly nosebleeds", ("Bleeding (37 %)", "mostly nosebleeds")),
    ("Rash (20%) – usually mild", ("Rash (20%)", "usually mild")),
    ("Diarrhoea (30%); rarely severe.", ("Diarrhoea (30%)", "rarely severe")),
    ("Nausea (58 %)", ("Nausea (58 %)", None)),
    ("Fatigue (62%), Grade 3 in 5%", ("Fatigue (62%), Grade 3 in 5%", None)),  # a figure of its own: not an aside
])
def test_aside_after_an_effect_figure(text, expected):
    assert P.cut_figure_aside(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("IV push, as a quick injection into a vein over 3–5 seconds", Amount(None, "s", low=Decimal(3), high=Decimal(5))),
    ("as a push over 30 seconds", Amount(Decimal(30), "s")),
    ("over 10 secs", Amount(Decimal(10), "s")),
])
def test_push_time_in_seconds(text, expected):
    assert P.find_infusion(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Submitted by webeditor on Tue, 03/07/2023 - 10:15", {"created": date(2023, 3, 7)}),
    ("Submitted on 14 May 2021", {"created": date(2021, 5, 14)}),
])
def test_cms_byline_date(text, expected):
    assert P.find_dates(text) == expected


def test_cms_byline_near_miss():
    assert P.find_dates("Submitted by the nurse to the pharmacy") == {}


@pytest.mark.parametrize("text, expected", [
    ("continuous infusion from a small pump, 120 hours in total", Amount(Decimal(120), "h")),
    ("a pump that runs for 46 hours altogether", Amount(Decimal(46), "h")),
])
def test_infusion_time_as_a_total(text, expected):
    assert P.find_infusion(text) == expected


@pytest.mark.parametrize("text", ["take the tablets for 5 days in total", "14 days in all"])
def test_infusion_total_near_misses(text):
    assert P.find_infusion(text) is None


@pytest.mark.parametrize("text, expected", [
    ("1.2 mg/kg as a drip, but is never more than 120 mg", Amount(Decimal(120), "mg")),
    ("1.4 mg/m2, not more than 2 mg", Amount(Decimal(2), "mg")),
    ("1.4 mg/m2 (limited to 2 mg)", Amount(Decimal(2), "mg")),
])
def test_cap_wordings_round8(text, expected):
    assert P.find_cap(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Day 1 and day 15 of every cycle", [1, 15]),
    ("Days 1 to 5 of each cycle", [1, 2, 3, 4, 5]),
    ("Day 8:", [8]),
])
def test_day_headings_of_every_cycle(text, expected):
    assert P.heading_days(text) == expected


@pytest.mark.parametrize("text", ["Day 1 of treatment with a new drug", "Days 1 to 5 treatment plan"])
def test_day_heading_near_misses(text):
    assert P.heading_days(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Nerve damage – 67% (ABVD: 43%)", ("Nerve damage – 67%", "ABVD: 43%")),
    ("Rash 30% (placebo: 10%)", ("Rash 30%", "placebo: 10%")),
    ("Neutropenia – 20% (all grades: 60%)", ("Neutropenia – 20% (all grades: 60%)", None)),  # which is its own: not said
    ("Nausea (45%)", ("Nausea (45%)", None)),
])
def test_labelled_figure_in_brackets_after_the_effects_own(text, expected):
    assert P.cut_labelled_bracket(text) == expected


@pytest.mark.parametrize("header", ["PF (comparison)", "Compared with PF", "Placebo", "Control arm"])
def test_other_arm_headers(header):
    assert P.OTHER_ARM.search(header)


@pytest.mark.parametrize("header", ["TPF", "All grades", "Sunitinib"])
def test_other_arm_header_near_misses(header):
    assert not P.OTHER_ARM.search(header)


@pytest.mark.parametrize("text", ["Cycles are repeated monthly.", "A new cycle starts every month.",
                                  "It is given once a month.", "monthly cycles", "Each cycle lasts one month."])
def test_monthly_cycles(text):
    assert P.cycle_length(text) == Amount(Decimal(1), "mo")


def test_n_monthly_is_every_n_months():
    # as '3-weekly' is every 3 weeks: 'six monthly' / '3-monthly' is every 6 / 3 months, never 6 cycles of a month
    assert P.cycle_length("given 3-monthly") == Amount(Decimal(3), "mo")
    assert P.cycle_length("six monthly cycles") == Amount(Decimal(6), "mo")


@pytest.mark.parametrize("text", ["You have monthly blood tests.", "Check your weight every month.",
                                  "See your doctor once a month."])
def test_monthly_near_misses(text):
    assert P.cycle_length(text) is None


@pytest.mark.parametrize("text, days, length", [
    ("once daily for 4 weeks, then stop for 2 weeks", 28, Amount(Decimal(6), "wk")),
    ("once a day for 21 days followed by no treatment for 7 days", 21, Amount(Decimal(28), "d")),
    ("twice daily for 14 days, then a break of 7 days", 14, Amount(Decimal(21), "d")),
    ("once daily for 4 weeks followed by a 2-week break", 28, Amount(Decimal(6), "wk")),
])
def test_time_off_in_other_words(text, days, length):
    on_days, got = P.on_off_cycle(text)
    assert (len(on_days), got) == (days, length)
    assert P.cycle_length(text) == length


@pytest.mark.parametrize("text", ["daily for 5 days then stop", "stop the tablets if you feel sick",
                                  "no treatment is given on day 8"])
def test_time_off_near_misses(text):
    assert P.on_off_cycle(text) is None


@pytest.mark.parametrize("text, names", [
    ("Trastuzumab deruxtecan 5.4 mg/kg IV", ["trastuzumab deruxtecan"]),
    ("sacituzumab govitecan 10 mg/kg", ["sacituzumab govitecan"]),
    ("Enfortumab vedotin 1.25 mg/kg and pembrolizumab 200 mg", ["enfortumab vedotin", "pembrolizumab"]),
    ("Lurbinectedin 3.2 mg/m2 IV", ["lurbinectedin"]),
    ("Ivosidenib 500 mg by mouth", ["ivosidenib"]),
    ("Trastuzumab 8 mg/kg then docetaxel", ["trastuzumab", "docetaxel"]),
])
def test_conjugates_and_more_inn_stems(text, names):
    assert [n for _, n in find_drugs(text)] == names


@pytest.mark.parametrize("text", ["Take the tablets with water", "A pen nib", "Ask the pharmacist"])
def test_new_inn_stem_near_misses(text):
    assert find_drugs(text) == []


@pytest.mark.parametrize("text, expected", [("Cycle repeats q3weeks x 6.", (6, None)), ("every 21 days x 4", (4, None)),
                                            ("q21d × 6", (6, None))])
def test_count_after_the_cycle_length(text, expected):
    assert P.cycle_count(text) == expected


@pytest.mark.parametrize("text", ["every 3 weeks x 2 doses a day", "2 x 500 mg tablets", "every 21 days x 4 mg"])
def test_count_after_the_cycle_length_near_misses(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Then take no sunitinib for 2 weeks.", (2, "wk")), ("Then stop for 7 days.", (7, "d")),
    ("Then you have a week off.", (1, "wk")), ("After that, there is a 7-day break.", (7, "d")),
])
def test_time_off_sentences(text, expected):
    assert P.time_off(text) == expected


@pytest.mark.parametrize("text", ["Then you have your scan.", "Stop for a while if you feel sick.", "Then 7 days."])
def test_time_off_near_misses_in_a_next_sentence(text):
    assert P.time_off(text) is None


def test_daily_for_with_an_aside_between():
    assert P.daily_for_days("once daily, with or without food, for 4 weeks in a row") == list(range(1, 29))
    assert P.daily_for_days("once daily, as a rule of thumb when well and rested, for 4 weeks") is None  # too long


@pytest.mark.parametrize("text, expected", [
    ("Date of last review: 15-10-2023", {"updated": date(2023, 10, 15)}),
    ("Last review: March 2024", {"updated": MonthDate(2024, 3, 1)}),
    ("Creation date: 12 May 2020", {"created": date(2020, 5, 12)}),
])
def test_more_date_labels(text, expected):
    assert P.find_dates(text) == expected


@pytest.mark.parametrize("text", ["Next review due: March 2026", "Review your medicines on 12-05-2024"])
def test_more_date_label_near_misses(text):
    assert P.find_dates(text) == {}


@pytest.mark.parametrize("text", ["Do not take more than 4 g of paracetamol a day.", "Never take 2 doses of 50 mg together.",
                                  "In the CLEOPATRA trial, patients received 75 mg/m2.",
                                  "Some hospitals give 60 mg/m2 instead."])
def test_not_an_administration(text):
    assert P.is_not_an_administration(text)


@pytest.mark.parametrize("text", ["Cisplatin 75 mg/m2 IV on day 1", "Take 50 mg by mouth once daily.",
                                  "Do not worry if you miss a dose."])  # the last names no dose
def test_not_an_administration_near_misses(text):
    assert not P.is_not_an_administration(text)


# -- side-effect round: the forms of the six training pages, each with its near misses ------------------------------

@pytest.mark.parametrize("text, value", [
    ("Most people (around 77%) feel more tired than usual.", Decimal(77)),
    ("About 37 in every 100 people (37%).", Decimal(37)),
    ("33% of people.", Decimal(33)), ("A third of people (33%).", Decimal(33)), ("31%.", Decimal(31)),
    ("31% – often partly due to the cancer itself.", Decimal(31)), ("One in five (20%).", Decimal(20)),
    ("42.8% of people; it can make infections more likely.", Decimal("42.8")),
    ("10.5% of people in the trial.", Decimal("10.5")),
])
def test_incidence_lead(text, value):
    assert P.incidence_lead(text).value == value


@pytest.mark.parametrize("text, word", [
    ("Very common (more than 1 in 10).", "very common"), ("Common – mainly on the day of cyclophosphamide.", "common"),
    ("Common, caused by vincristine.", "common"), ("Common nerve effects of vincristine; tell the team.", "common"),
    ("Uncommon (up to 1 in 100), because mesna protects the bladder.", "uncommon"),
])
def test_incidence_lead_as_a_frequency_word(text, word):
    assert P.incidence_lead(text).category_word == word


@pytest.mark.parametrize("text", [
    "About 1 in 3 people get low platelets (33%).",  # names an effect of its own
    "Some people get a rash.", "People with kidney problems need a lower dose.", "Nausea (37%)",
    "Common side effects include nausea and hair loss.", "Around 77% (grade 3 or 4: 12%).",  # two figures
    "Only 2 of the 105 people (1.9%) had to stop treatment.",
])
def test_incidence_lead_near_misses(text):
    assert P.incidence_lead(text) is None


def test_a_plain_ratio_stays_a_ratio():
    pct = P.incidence("about 1 in 10 people")
    assert (pct.numerator, pct.denominator, pct.category_word) == (1, 10, None)


@pytest.mark.parametrize("text, word, items", [
    ("Less commonly, people get ringing in the ears, changes in kidney function or skin rashes.", "less common",
     ["ringing in the ears", "changes in kidney function", "skin rashes"]),
    ("Occasionally people may have headaches and blurred vision.", "less common", ["headaches", "blurred vision"]),
    ("Rarely, patients develop a severe allergic reaction.", "rare", ["a severe allergic reaction"]),
    ("Less often you might notice numbness or tingling.", "less common", ["numbness or tingling"]),
])
def test_frequency_adverb_list(text, word, items):
    assert P.frequency_adverb_list(text) == (word, items)


@pytest.mark.parametrize("text", ["Less commonly, the dose is lowered.", "Rarely used in children.",
                                  "Commonly, 20% of people get a rash.", "People often feel tired."])
def test_frequency_adverb_list_near_misses(text):
    assert P.frequency_adverb_list(text) is None


@pytest.mark.parametrize("text, items", [
    ("diarrhoea, bruising, aching muscles and joints, rash and chest infections",
     ["diarrhoea", "bruising", "aching muscles and joints", "rash", "chest infections"]),
    ("nosebleeds, blurred vision or skin cancers other than melanoma",
     ["nosebleeds", "blurred vision", "skin cancers other than melanoma"]),
    ("rash, numbness or tingling", ["rash", "numbness or tingling"]),  # one word before 'or': one effect
    ("tiredness, sore or watery eyes", ["tiredness", "sore or watery eyes"]),
])
def test_split_effect_list(text, items):
    assert P.split_effect_list(text) == items


@pytest.mark.parametrize("text, bare", [("Tiredness (fatigue)*", "Tiredness (fatigue)"), ("Nerve damage†", "Nerve damage"),
                                        ("Anaemia **", "Anaemia"), ("5*3", "5*3"), ("*", "*")])
def test_footnote_mark(text, bare):
    assert P.FOOTNOTE_MARK.sub("", text) == bare


@pytest.mark.parametrize("text, ok", [
    ("Figures are the percentage of people who had each side effect.", True),
    ("The numbers in the table are percentages.", True), ("All figures are per cent.", True),
    ("Figures are from the main trial.", False), ("The numbers of people in each group differ.", False),
])
def test_figures_are_percent(text, ok):
    assert bool(P.FIGURES_ARE_PERCENT.match(text)) is ok


@pytest.mark.parametrize("text, mark", [("✓", True), ("✓ pump on", True), ("● (morning)", True), ("X", True),
                                        ("✓ 100 mg", False), ("pump off", False), ("→", False)])
def test_grid_mark_with_a_note(text, mark):
    assert P.is_grid_mark(text) is mark


@pytest.mark.parametrize("text, cont", [("→", True), ("->", True), ("...", True), ("pump off", False), ("✓", False)])
def test_grid_continuation(text, cont):
    assert P.is_grid_continuation(text) is cont


@pytest.mark.parametrize("text, expected", [
    ("3,200 mg/m2 through the pump, running for 48 hours", (48, "h")), ("a drip that runs for 2 hours", (2, "h")),
    ("an infusion lasting 30 minutes", (30, "min")),
])
def test_infusion_running_for(text, expected):
    a = P.find_infusion(text)
    assert (a.value, a.unit) == (Decimal(expected[0]), expected[1])


@pytest.mark.parametrize("text", ["each cycle lasts 21 days", "treatment running for 6 months", "lasts 3 weeks"])
def test_infusion_running_for_near_misses(text):
    assert P.find_infusion(text) is None


def test_a_fortnight_in_days():
    a = P.cycle_length("Each cycle lasts a fortnight (14 days).")
    assert (a.value, a.unit) == (Decimal(14), "d")
    b = P.cycle_length("given fortnightly")
    assert (b.value, b.unit) == (Decimal(2), "wk")


@pytest.mark.parametrize("text, unit", [("3.6 mg for each kilogram of your body weight", "mg/kg"),
                                        ("75 mg for every square metre", "mg/m2"), ("2 mg for each dose", "mg")])
def test_dose_for_each_kilogram(text, unit):
    assert P.find_doses(text)[0][0].unit == unit


@pytest.mark.parametrize("text, ok", [
    ("You have the drugs through a drip into a vein.", True), ("Both drugs are given into a vein.", True),
    ("All the medicines are given as drips.", True), ("You have it through a drip.", False),
    ("Your doctor will explain the plan.", False),
])
def test_shared_route_subject(text, ok):
    assert bool(P.SHARED_ROUTE_SUBJECT.search(text)) is ok


@pytest.mark.parametrize("text, created", [("Written: October 2022 · Last revised: 17 Sep 2024", "2022-10"),
                                           ("Date written: 3 May 2021", "2021-05-03")])
def test_written_is_the_created_date(text, created):
    assert P.find_dates(text)["created"].isoformat().startswith(created)


@pytest.mark.parametrize("text, cont", [("420 mg once a day, every day", True), ("once a day, every day, for as long as it works", True),
                                        ("once a day, every day for 14 days", False), ("once a day", False)])
def test_once_a_day_every_day_is_continuous(text, cont):
    assert P.is_continuous(text) is cont


def test_incidence_lead_as_a_ratio():
    pct = P.incidence_lead("About 1 in 4 people. It eases between cycles.")
    assert (pct.numerator, pct.denominator) == (1, 4)


@pytest.mark.parametrize("text, expected", [("10–20% of people.", (None, 10, 20, None)), ("10% to 20%.", (None, 10, 20, None)),
                                            ("Up to 5% of people.", (5, None, None, "<=")), ("<1%.", (1, None, None, "<"))])
def test_incidence_lead_ranges_and_bounds(text, expected):
    pct = P.incidence_lead(text)
    assert (pct.value, pct.low, pct.high, pct.comparator) == expected


# -- round 9 ------------------------------------------------------------------------------------------------------

def test_per_hundred_rate_is_a_percent_and_other_ratios_stay():
    from regimen_fhir.model import Percent
    assert P.per_hundred(Percent(numerator=6, denominator=100, text="6 in 100")).value == Decimal("6")
    kept = P.per_hundred(Percent(numerator=1, denominator=10, text="1 in 10"))
    assert kept.is_ratio and kept.value is None


@pytest.mark.parametrize("text", ["As for day 8 of cycle 1.", "Same as cycle 1", "as in day 1"])
def test_cross_reference_to_another_row(text):
    assert P.CROSS_REFERENCE.match(text)


@pytest.mark.parametrize("text", ["Day 8", "As for the first infusion, start slowly.", "1 and 15"])
def test_cross_reference_near_misses(text):
    assert not P.CROSS_REFERENCE.match(text)


def test_single_course_length_and_count():
    assert P.single_course("a single 5-week course (35 days)") == Amount(Decimal(35), "d")
    assert P.single_course("a one-off 4-week course") == Amount(Decimal(4), "wk")
    assert P.single_course("a 5-week course of radiotherapy") is None


def test_route_cell_duration():
    assert P.ROUTE_CELL_DURATION.search("drip into a vein, 1 hour").group("d") == "1 hour"
    assert P.ROUTE_CELL_DURATION.search("IV, 30 min").group("d") == "30 min"
    assert not P.ROUTE_CELL_DURATION.search("IV, 30 min before the meal")
    assert not P.ROUTE_CELL_DURATION.search("drip into a vein")


def test_daily_rate_only_in_a_continuous_infusion():
    text = "Mesna 600 mg/m2 a day as a continuous drip into a vein"
    (d,) = P.find_doses(text)
    assert P.daily_rate(text, d, d[0]).unit == "mg/m2/d"
    text = "Dexamethasone 40 mg by mouth once a day"
    (d,) = P.find_doses(text)
    assert P.daily_rate(text, d, d[0]).unit == "mg"
    text = "Mesna 600 mg/m2 as a continuous drip over 3 hours"
    (d,) = P.find_doses(text)
    assert P.daily_rate(text, d, d[0]).unit == "mg/m2"


def test_checked_by_label_dates_and_its_near_miss():
    assert P.find_dates("Checked by oncology pharmacist: 17 Oct 2024")["updated"] == date(2024, 10, 17)
    assert P.find_dates("Checked by the nurse before each cycle.") == {}
# --- round 10: a wiki's page metadata ---------------------------------------------------------------------------


def test_round10_wiki_created_by_and_last_modified_by():
    from datetime import date as _date

    from regimen_fhir.parse import patterns as _P
    assert _P.find_dates("Created by Priya Natarajan on 11 Jan 2022, last modified by Tom Reilly on Mar 05, 2024") == {
        "created": _date(2022, 1, 11), "updated": _date(2024, 3, 5)}
    assert _P.find_dates("Last updated by admin on 2 May 2023") == {"updated": _date(2023, 5, 2)}
    # near miss: a name without 'on' before the date is no byline ('Created by the pharmacy team 2021' reads only
    # as a year when a label stands right before it)
    assert _P.find_dates("Created by the whole pharmacy team in 11 Jan 2022") == {}


def test_round10_a_newsletter_issue_line_dates_the_page():
    from regimen_fhir.model import MonthDate
    from regimen_fhir.parse import patterns as _P
    found = _P.find_dates("Prostate Clinic News · Issue 14 · March 2024 | View this email in your browser")
    assert list(found) == ["updated"] and isinstance(found["updated"], MonthDate)
    assert (found["updated"].year, found["updated"].month) == (2024, 3)
    # near misses: an issue number without a date after it; an issue number followed by a comma
    assert _P.find_dates("Issue 3 of the leaflet") == {}
    assert _P.find_dates("See issue 14, 2021 edition") == {}


def test_round10_figure_first_with_who_was_treated_a_ratio_in_brackets_and_a_where_aside():
    from regimen_fhir.parse import patterns as _P
    term, pct = _P.figure_first("25% of people treated with mitomycin had a severe drop in blood counts")
    assert term == "Severe drop in blood counts" and pct.value == 25
    term, pct = _P.figure_first("Most people (about 8 in 10) get an acne-like skin rash, usually on the face, chest and "
                                "back, within the first three weeks.")
    assert term == "Acne-like skin rash" and (pct.numerator, pct.denominator) == (8, 10)
    # near misses: an aside that is no where/when ('skin rash, which can itch') is kept; a treatment of two words
    # and more than two drugs is no 'who'
    term, _ = _P.figure_first("25% of people had a skin rash, which can itch")
    assert term == "Skin rash, which can itch"
    assert _P.figure_first("25% of people treated with a b c d had a rash") is None


# --- round 11 prep: two-digit years ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, key, iso", [
    ("Reviewed 03/24", "updated", "2024-03"),  # month and year: kept at month precision
    ("Last reviewed: 11/23", "updated", "2023-11"),
    ("Published 3/24", "created", "2024-03"),
    ("Reviewed: 14/03/24", "updated", "2024-03-14"),  # the day cannot be a month: day first
    ("Reviewed: 03/14/24", "updated", "2024-03-14"),  # US order
    ("Updated 07-03-24", "updated", "2024-07-03"),  # a/b/yy month first, as a/b/yyyy
])
def test_two_digit_years(text, key, iso):
    assert P.find_dates(text)[key].isoformat() == iso


@pytest.mark.parametrize("text", [
    "Reviewed 03/11",  # 3 November, or March 2011? not guessed
    "Reviewed 13/24",  # no month 13
    "Next review 03/27",  # a date to come is no page date
    "Take 2 tablets 3/24",  # no date label
    "Version 2.1 03/24",
])
def test_two_digit_year_near_misses(text):
    assert P.find_dates(text) == {}


# --- round 11 prep: thousands separated by a space; a zero is no dose ---------------------------------------


@pytest.mark.parametrize("text, value", [
    ("Bleomycin 30 000 units IV on days 1, 8 and 15", Decimal(30000)),
    ("Interleukin-2 1 000 000 units", Decimal(1000000)),
    ("Bleomycin 30\u00a0000 units", Decimal(30000)),
])
def test_thousands_separated_by_a_space(text, value):
    assert [a.value for a, _, _ in P.find_doses(text)] == [value]


@pytest.mark.parametrize("text, values", [
    ("on day 1 100 mg", [Decimal(100)]),  # a day number before a dose is never a thousands group
    ("Dose 0 mg", []),  # a zero is no dose
    ("days 1 8 15 250 mg", [Decimal(250)]),
])
def test_thousands_near_misses(text, values):
    assert [a.value for a, _, _ in P.find_doses(text)] == values


# --- round 11 prep: lower-case 'po' ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, route", [
    ("Prednisone 100 mg po daily days 1-5", "oral"),
    ("Prednisone 100 mg PO daily", "oral"),
    ("Po River clinic", None),  # only as written: lower case
    ("a pooled analysis", None),
])
def test_lower_case_po(text, route):
    found = find_route(text)
    assert (found[0] if found else None) == route


@pytest.mark.parametrize("text, key, iso", [
    ("This information was updated in June 2024.", "updated", "2024-06"),
    ("Reviewed by Dr A Smith, March 2024", "updated", "2024-03"),
    ("Version 3, May 2023", "updated", "2023-05"),
])
def test_round11_prep_date_labels(text, key, iso):
    assert P.find_dates(text)[key].isoformat() == iso


@pytest.mark.parametrize("text", [
    "Updated in line with NICE guidance",
    "Reviewed by the pharmacy team, who check it yearly",
    "Review date: 01/2025",  # a 'review date' may be the next review: not read
    "reviewed in 12 months",
])
def test_round11_prep_date_label_near_misses(text):
    assert P.find_dates(text) == {}


@pytest.mark.parametrize("text, count", [
    ("21-day cycle x 4", (4, None)),
    ("28 day cycle × 4", (4, None)),
    ("21-day cycle x 4 days", None),  # days, not cycles
    ("21-day cycle", None),
])
def test_round11_prep_cycle_length_times_count(text, count):
    assert P.cycle_count(text) == count


def test_round11_prep_cycle_label_days_times_count():
    assert P.cycle_count("Cycle: 28 days × 6") == (6, None)
    assert P.cycle_count("Cycle: 28 days") is None


@pytest.mark.parametrize("text, ratio", [
    ("about half of people", (1, 2)),
    ("a quarter of patients", (1, 4)),
    ("two thirds of people", (2, 3)),
    ("more than half of people", None),  # a band, no ratio (the bound '> 50 %': test_pre14_fraction_bands)
    ("up to a third of patients", None),
    ("an hour and a half", None),  # no people
    ("half of them", None),
])
def test_round11_prep_fractions_of_people(text, ratio):
    p = P.incidence(text)
    assert ((p.numerator, p.denominator) if p is not None and p.is_ratio else None) == ratio


@pytest.mark.parametrize("text, value", [
    ("Take two 500 mg capecitabine tablets twice a day", Decimal(1000)),  # the drug's name between
    ("two 500 mg film-coated tablets", Decimal(1000)),
    ("500 mg capecitabine tablets", Decimal(500)),  # no count: as written
    ("Two 20 mg doses every day", Decimal(20)),  # doses are no tablets
])
def test_round11_prep_tablets_times_strength(text, value):
    assert P.dose_of_units(text, P.find_doses(text)[0]).value == value


@pytest.mark.parametrize("text, kept, cut", [
    ("Nausea: 45% (severe in 5%)", "Nausea: 45%", "severe in 5%"),
    ("Rash – 30% (grade 3 or 4 in 2%)", "Rash – 30%", "grade 3 or 4 in 2%"),
    ("Nausea 45% (in 5%)", "Nausea 45% (in 5%)", None),  # no label: not cut
])
def test_round11_prep_severe_grade_figure_in_brackets(text, kept, cut):
    assert P.cut_labelled_bracket(text) == (kept, cut)


@pytest.mark.parametrize("label, value, unit", [
    ("Every 2 weeks", 2, "wk"), ("Once every 4 weeks", 4, "wk"), ("every three weeks", 3, "wk"),
    ("Every 21 days", 21, "d"), ("3-weekly", 3, "wk"), ("Weekly", 1, "wk"), ("Fortnightly", 2, "wk"),
    ("Every 3 weeks (21 days)", 3, "wk"),
])
def test_round12_a_label_that_is_only_a_repeat_interval(label, value, unit):
    assert P.interval_label(label) == Amount(Decimal(value), unit)


@pytest.mark.parametrize("label", [
    "Every 2 weeks for 4 doses",  # says more than the interval
    "Every 3 weeks: what to expect",
    "Weekly paclitaxel",  # a drug's name
    "Week 1",  # a week of the plan, no interval
    "How often",
])
def test_round12_a_label_saying_more_is_no_interval_label(label):
    assert P.interval_label(label) is None


@pytest.mark.parametrize("text, shared", [
    ("All are given intravenously.", True),
    ("All three go into a vein through a drip.", True),
    ("They are all given as a drip into a vein.", True),
    ("All the drugs are given into a vein.", True),  # as before
    ("All side effects are reported to your team.", False),  # no drugs
    ("Oxaliplatin is given intravenously.", False),
])
def test_round12_a_sentence_about_all_the_drugs(text, shared):
    assert bool(P.SHARED_ROUTE_SUBJECT.search(text)) is shared


@pytest.mark.parametrize("text, off", [
    ("You go home with the 5-FU running through a pump, and come back to disconnect it on day 3.", True),
    ("The pump is removed on day 3.", True),
    ("The nurse takes it off on day 3.", True),
    ("You have gemcitabine again on day 8.", False),
    ("The pump is removed after 46 hours.", False),  # no day
])
def test_round12_the_day_a_pump_comes_off(text, off):
    assert bool(P.PUMP_OFF_DAY.search(text)) is off


@pytest.mark.parametrize("text, head, aside", [
    ("Leukaemia caused by the treatment, years later", "Leukaemia caused by the treatment", "years later"),
    ("Hair loss – usually starting 2 to 3 weeks after the first treatment", "Hair loss",
     "usually starting 2 to 3 weeks after the first treatment"),
    ("Heart damage, sometimes months after treatment", "Heart damage", "sometimes months after treatment"),
])
def test_round12_when_an_effect_comes_is_cut_from_its_name(text, head, aside):
    assert P.cut_time_aside(text) == (head, aside)


@pytest.mark.parametrize("text", [
    "Low white blood cells, raising your risk of infection",  # what it leads to, no time
    "Tiredness lasting weeks",  # no comma or dash before it
    "Hand-foot syndrome – red, sore or peeling palms and soles",  # a gloss
    "Nausea – 2 in 10 people",  # a figure, read as the incidence
    "Years later",  # nothing before it
])
def test_round12_no_time_aside(text):
    assert P.cut_time_aside(text) == (text, None)


@pytest.mark.parametrize("text, value, unit", [
    ("A course is made up of 3-week (21-day) cycles, and most people have six cycles in total.", 21, "d"),
    ("You have 4-week (28-day) treatment cycles.", 28, "d"),
    ("You have 3-week cycles.", 3, "wk"),  # as before
])
def test_round12_weeks_with_their_days_in_brackets_before_cycles(text, value, unit):
    assert P.cycle_length(text) == Amount(Decimal(value), unit)


def test_round12_weeks_with_days_in_brackets_not_before_cycles_is_no_length():
    # near miss: a period with its days in brackets that is no cycle ('a 3-week (21-day) break') states no cycle length
    assert P.cycle_length("After surgery you have a 3-week (21-day) recovery period.") is None


@pytest.mark.parametrize("text, name", [
    ("Ixabepilone 40 mg/m² IV over 3 hours on day 1.", "ixabepilone"),
    ("Zorbepilone: 40 mg/m² IV over 3 hours on day 1.", "zorbepilone"),
    ("Capecitabine 1,000 mg/m² PO twice daily on days 1 through 14.", "capecitabine"),
])
def test_round13_the_name_a_dose_line_opens_with(text, name):
    assert P.name_before_dose(text) == name


@pytest.mark.parametrize("text", [
    "You receive 3.2 mg/m² as an IV infusion over 60 minutes.",  # no name straight before the dose
    "Day 1: 40 mg/m² IV over 3 hours.",  # a day before the dose, not a name
    "Give ixabepilone 40 mg/m² IV.",  # the name is not the line's first word
    "Cycles 4 to 6 are given every 3 weeks.",  # a number straight after the word, but no dose
    "Over 3 hours, 40 mg/m² is given.",  # the number after the word is no dose
])
def test_round13_no_name_before_the_dose(text):
    assert P.name_before_dose(text) is None


@pytest.mark.parametrize("text, first", [
    ("After cycle 6: bevacizumab on its own", 7),
    ("After the 4th cycle", 5),
    ("From cycle 7: antibodies only", 7),  # as before
])
def test_round13_after_cycle_n_starts_the_next_cycle(text, first):
    assert P.cycle_from(text) == first


@pytest.mark.parametrize("text", [
    "After cycle 2 to 4",  # a span, not a start
    "Tests after cycle 6",  # 'after' not opening the label: a time, not a phase start
    "Cycle 6",
])
def test_round13_no_start_after_a_cycle(text):
    assert P.cycle_from(text) is None


@pytest.mark.parametrize("text, count", [
    ("It is given once every 3 weeks, for a total of 4 doses.", (4, None)),
    ("Given every 3 weeks for a total of four doses.", (4, None)),
    ("every 3 weeks for 4 doses", (4, None)),  # as before
    ("You have one course. It is not usually repeated unless the leukaemia comes back.", (1, None)),
    ("For hairy cell leukaemia it is usually given as one course only.", (1, None)),
    ("You receive a single course.", (1, None)),
])
def test_round13_counts_of_doses_and_of_one_course(text, count):
    assert P.cycle_count(text) == count


@pytest.mark.parametrize("text", [
    "One course lasts 21 days.",  # what a course is, no count
    "You have one course of treatment every 3 weeks.",  # 'of': what the course holds
    "It is given every 3 weeks, for a total of 4 hours.",  # hours, no doses
    "Take it once a day for a total of 4 doses.",  # doses within a day, no interval between cycles
])
def test_round13_no_count_of_doses_or_course(text):
    assert P.cycle_count(text) is None


# --- before round 14 ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, bound", [
    ("more than half of people", (Decimal(50), ">")),
    ("fewer than a quarter of patients", (Decimal(25), "<")),
    ("up to a tenth of people", (Decimal(10), "<=")),
    ("at least three quarters of patients", (Decimal(75), ">=")),
    ("up to a quarter", (Decimal(25), "<=")),  # the fraction alone, before a stop
    ("fewer than 1 in 10", (Decimal(10), "<")),  # the band of a ratio, as before
    ("up to 1 in 4", (Decimal(25), "<=")),
])
def test_pre14_fraction_bands(text, bound):
    p = P.incidence(text)
    assert (p.value, p.comparator) == bound and not p.is_ratio


@pytest.mark.parametrize("text", [
    "more than a third of people",  # no exact percentage: not made into 33.33 %
    "more than half of the tablets",  # a fraction of something else
    "more than half an hour",
    "1 in 4 days",  # a ratio of time, not of people
    "up to 1 in 4 days",
    "1 in 3 cycles",
])
def test_pre14_fraction_band_near_misses(text):
    assert P.incidence(text) is None


def test_pre14_about_a_fraction_is_its_ratio():
    p = P.incidence("about a third of people")
    assert (p.numerator, p.denominator) == (1, 3)


def test_pre14_the_verb_before_a_band_is_no_part_of_the_name():
    assert P.split_incidence("Hair loss affects up to 1 in 4 people")[0] == "Hair loss"


@pytest.mark.parametrize("text, expected", [
    ("Nausea, 45%; vomiting, 20%; hair loss, 12%", [("Nausea", 45), ("Vomiting", 20), ("Hair loss", 12)]),
    ("nausea (45%); vomiting (20%)", [("Nausea", 45), ("Vomiting", 20)]),
    ("Side effects: nausea 45 %; vomiting 20 %.", [("Nausea", 45), ("Vomiting", 20)]),
    ("Nausea, 45%", None),  # no semicolons: other rules
    ("Nausea, 45%; 10% of patients stopped treatment", None),  # a discontinuation is no effect
    ("Nausea, 45%; vomiting is common", None),  # every item needs its figure
    ("Days 1, 8; 15", None),
])
def test_pre14_semicolon_figures(text, expected):
    got = P.semicolon_figures(text)
    assert (None if got is None else [(t, p.value) for t, p in got]) == expected


@pytest.mark.parametrize("text, amount", [
    ("3 MU", Amount(Decimal(3000000), "U")),
    ("3 million units", Amount(Decimal(3000000), "U")),
    ("3 million international units", Amount(Decimal(3000000), "[iU]")),
    ("1.5 million IU", Amount(Decimal(1500000), "[iU]")),
    ("5 MU/m2", Amount(Decimal(5000000), "U/m2")),
    ("3-5 MU", Amount(None, "U", low=Decimal(3000000), high=Decimal(5000000))),
    ("3 units", Amount(Decimal(3), "U")),  # no million: as written
])
def test_pre14_million_units(text, amount):
    assert [a for a, _, _ in P.find_doses(text)] == [amount]


@pytest.mark.parametrize("text", ["3 mU", "3 MUGA scans", "3 mu", "3 million people", "2 Mg"])
def test_pre14_million_units_near_misses(text):
    assert all(a.value not in (Decimal(3000000), Decimal(3)) or a.unit != "U" for a, _, _ in P.find_doses(text))
    assert not any(a.unit in ("U", "[iU]") for a, _, _ in P.find_doses(text))


@pytest.mark.parametrize("text, found", [
    ("Review date: March 2027", "March 2027"),
    ("Next review: 2027", "2027"),
    ("Date of next review: 14/03/2027", "14/03/2027"),
    ("Due for review March 2027", "March 2027"),
    ("Reviewed: March 2025", None),  # a review done: the updated date (find_dates)
    ("Last review: March 2025", None),
    ("Review your medicines with your nurse in March", None),  # 'review' as a verb, no date label
    ("Review", None),
])
def test_pre14_next_review(text, found):
    m = P.NEXT_REVIEW.search(text)
    assert (m.group("date") if m else None) == found
    if found is None and "review" in text.lower() and ":" in text:
        assert P.find_dates(text)  # the review done is still the updated date


@pytest.mark.parametrize("sentence, heading, expected", [
    ("Before each dose you will be given anti-sickness medicine and an antihistamine.", "", True),
    ("You will be given anti-sickness medicine and an antihistamine.", "Before each dose", True),
    ("You have steroid tablets and an antihistamine.", "Premedication", True),
    ("Before each dose you will be given dexamethasone 8 mg IV.", "", False),  # a dose: other rules
    ("Before each dose you will have a blood test.", "", False),
    ("You will be given anti-sickness medicine to take home.", "Side effects", False),  # no 'before each dose'
    ("Review your medicines before each dose.", "", False),  # no verb of giving
])
def test_pre14_undosed_premedication(sentence, heading, expected):
    assert P.undosed_premedication(sentence, heading) is expected


@pytest.mark.parametrize("text, rest", [
    ("7 days off | 125 mg once a day", True),
    ("a 7-day break", True),
    ("a week without treatment", True),
    ("2 weeks of rest", True),
    ("7 days of dexamethasone 20 mg", False),  # days of a drug, no rest
    ("30 mg on days 8 to 14", False),
    ("offer 5 mg", False),
])
def test_round14_rest_clause(text, rest):
    assert bool(P.REST_CLAUSE.match(text)) is rest


@pytest.mark.parametrize("text, values", [
    ("Your dose is rounded to the nearest 5 mg.", []),
    ("75 mg/m2, rounded up to the nearest 10 mg", [Decimal(75)]),
    ("rounded to the nearest whole 25 mg", []),
    ("the nearest 5 mg", [Decimal(5)]),  # near miss: no 'to the nearest'
    ("Closest to 5 mg", [Decimal(5)]),
])
def test_round14_rounding_step_is_no_dose(text, values):
    assert [a.value for a, _, _ in P.find_doses(text)] == values


@pytest.mark.parametrize("text, days", [
    ("Days 1 through 5 and days 8 through 12. Days 6 and 7, and days 13 to 28, are tablet-free.",
     [1, 2, 3, 4, 5, 8, 9, 10, 11, 12]),
    ("Days 1 to 14. Days 15 to 21 are rest days.", list(range(1, 15))),
    ("Days 1 to 14; no tablets on days 15 to 21.", list(range(1, 15))),
    ("Days 1 to 5. Take them with food.", [1, 2, 3, 4, 5]),  # near miss: nothing is off
])
def test_round14_off_days_are_no_days_given(text, days):
    assert P.parse_days(P.without_off_days(text)) == days


@pytest.mark.parametrize("label, field", [("Usual adult dose", True), ("Recommended dose", True),
                                          ("Starting dose", True), ("Dose", True), ("Missed dose", False),
                                          ("Dose changes", False)])
def test_round14_dose_field_labels(label, field):
    assert bool(P.field_label(label)) is field


@pytest.mark.parametrize("text, count", [
    ("once a week for 6 to 7 weeks", (6, 7)),
    ("once a week, for as long as your radiotherapy lasts – 6 to 7 weeks", (6, 7)),
    ("weekly, for as long as the radiotherapy lasts (about 6 weeks)", (6, None)),
    ("once a week for as long as it works", None),  # near miss: no weeks said
    ("once a week for 2 to 3 hours", None),  # near miss: hours are no weeks
])
def test_round14_weekly_for_span(text, count):
    assert P.cycle_count(text) == count


@pytest.mark.parametrize("text, found", [
    ("Rituximab 375 mg/m2 as a drip into a vein on day 1. Because it is your first dose, it runs slowly and takes about "
     "4 to 6 hours.", Amount(None, "h", low=Decimal(4), high=Decimal(6))),
    ("Trastuzumab 8 mg/kg into a vein. It takes 90 minutes.", Amount(Decimal(90), "min")),
    ("it takes 2 hours to get to the unit", None),  # near miss: a journey, not the drip
    ("it takes about 4 hours in all at the unit", None),  # near miss: the visit, not the drip
    ("it takes 6 weeks", None),  # near miss: weeks are no infusion time
])
def test_round14_drip_named_it_takes(text, found):
    assert P.find_infusion(text) == found


@pytest.mark.parametrize("text, first", [
    ("10 mg of durvalumab for every kilogram you weigh (10 mg/kg)", (Decimal(10), "mg/kg")),
    ("75 mg of docetaxel for each square metre of body surface", (Decimal(75), "mg/m2")),
    ("10 mg of durvalumab every 2 weeks", (Decimal(10), "mg")),  # near miss: no body size
    ("500 mg of paracetamol for each dose", (Decimal(500), "mg")),  # near miss: per dose is no body size
])
def test_round14_amount_of_drug_per_body_size(text, first):
    a = P.find_doses(text)[0][0]
    assert (a.value, a.unit) == first


# --- round 14b: when an effect mostly comes; splitting outside brackets ----------------------------------------------

@pytest.mark.parametrize("text, head, aside", [
    ("Reaction during the drip (shivering, fever or a rash), mostly with the first one",
     "Reaction during the drip (shivering, fever or a rash)", "mostly with the first one"),
    ("Chills, mainly during the first cycle", "Chills", "mainly during the first cycle"),
])
def test_round14b_when_an_effect_mostly_comes_is_cut_from_its_name(text, head, aside):
    assert P.cut_occasion_aside(text) == (head, aside)


@pytest.mark.parametrize("text", [
    "Bleeding, mostly from the nose",  # where, not when (the where-aside's form)
    "Nausea, mostly mild",  # how bad, not when
    "Rash, usually with 2 doses",  # a figure: not this form
    "Mostly with the first one",  # nothing before it
    "Flu-like symptoms – usually after the first dose",  # after a dash the words stay the effect's (round 9)
])
def test_round14b_no_occasion_aside(text):
    assert P.cut_occasion_aside(text) == (text, None)


def test_round14b_split_unbracketed_never_cuts_inside_brackets():
    assert P.split_unbracketed("tiredness, a reaction (shivering, fever or a rash), and hair loss",
                               r"\s*,\s*(?:and\s+)?") == ["tiredness", "a reaction (shivering, fever or a rash)", "hair loss"]
    assert P.split_unbracketed("a [b, c] d, e", r"\s*,\s*") == ["a [b, c] d", "e"]
    assert P.split_unbracketed("nausea, vomiting", r"\s*,\s*") == ["nausea", "vomiting"]


def test_round14b_an_occasion_item_joins_the_effect_before_it():
    assert P.join_occasion_asides(["a rash", "usually after the first dose", "nausea"]) == \
        ["a rash, usually after the first dose", "nausea"]
    # near misses: first in the list (nothing to join), or no occasion ('mostly mild')
    assert P.join_occasion_asides(["usually after the first dose", "nausea"]) == ["usually after the first dose", "nausea"]
    assert P.join_occasion_asides(["a rash", "mostly mild"]) == ["a rash", "mostly mild"]


@pytest.mark.parametrize("text, pair", [
    ("Bleeding from the stomach or bowel", True),
    ("Pain in the hands or feet", True),
    ("Tingling in your fingers or toes", True),
    ("Nausea or vomiting", False),  # no place after a preposition
    ("Sore or watery eyes", False),
    ("Pain in the joints or a rash", False),  # an article opens another effect
    ("Bleeding from the stomach", False),  # no 'or'
])
def test_round14b_an_effect_in_one_of_two_places(text, pair):
    assert P.qualifier_pair(text) is pair


@pytest.mark.parametrize("text, days", [
    ("on days 1, 2, 15 and 16 (no doses on days 8 and 9)", [1, 2, 15, 16]),
    ("on days 1 to 21 (not on days 8 and 9)", [1, 2, 3, 4, 5, 6, 7] + list(range(10, 22))),
    ("days 1 to 5 (except day 3)", [1, 2, 4, 5]),
    ("days 1-16 (no treatment on days 8 to 14)", [1, 2, 3, 4, 5, 6, 7, 15, 16]),
])
def test_round15_days_named_off_in_a_bracket(text, days):
    assert P.parse_days(text) == days


@pytest.mark.parametrize("text, days", [
    ("daily (not on days 8 and 9)", None),  # the aside alone gives no days
    ("on days 1 and 8 (see the note on day 15)", [1, 8, 15]),  # no 'no'/'not': not an off-day aside
    ("days 1 and 8 (day 8 only if your counts are good)", [1, 8]),
])
def test_round15_days_named_off_near_misses(text, days):
    assert P.parse_days(text) == days


@pytest.mark.parametrize("label, span", [("Week 1", (1, 1)), ("Weeks 2 to 12", (2, 12)), ("weeks 3-8:", (3, 8)),
                                         ("Week 1 – loading dose", None), ("Weeks of treatment", None),
                                         ("Weeks 12 to 2", None)])
def test_round15_week_span_labels(label, span):
    assert P.week_span(label) == span


@pytest.mark.parametrize("text, count", [("Every week for 11 more weeks:", (11, None)),
                                         ("weekly for 4 further weeks", (4, None)),
                                         ("every week for 11 weeks", (11, None))])
def test_round15_weekly_for_more_weeks(text, count):
    assert P.cycle_count(text) == count
    assert P.cycle_length(text) == Amount(Decimal(1), "wk")


# --- medicines taken alongside, named with no dose (sealed round 16) -------------------------------------------------
def test_supportive_clauses():
    assert P.supportive_clauses("You take folic acid 400 micrograms by mouth every day, and have a vitamin B12 injection "
                                "into the muscle every nine weeks.") == [
        "You take folic acid 400 micrograms by mouth every day",
        "have a vitamin B12 injection into the muscle every nine weeks."]
    assert P.supportive_clauses("Take ondansetron 8 mg; you will also take dexamethasone tablets.") == [
        "Take ondansetron 8 mg", "you will also take dexamethasone tablets."]
    # near misses: 'and' joining days or drugs, not a clause giving a medicine
    assert len(P.supportive_clauses("Dexamethasone on the day before and the day after each dose.")) == 1
    assert len(P.supportive_clauses("You take folic acid and vitamin B12 tablets.")) == 1


@pytest.mark.parametrize("opening", ["have a ", "You will also have ", "take ", "You'll take ", "You will have a short course of ",
                                     "you will be given "])
def test_given_medicine_opening(opening):
    assert P.GIVEN_MEDICINE_OPENING.match(opening)


@pytest.mark.parametrize("opening", ["Do not take ", "You should avoid ", "Tell us if you take ", "Stop taking ",
                                     "Your doctor may prescribe "])
def test_given_medicine_opening_near_misses(opening):
    assert not P.GIVEN_MEDICINE_OPENING.match(opening)


def test_dose_of_another():
    m = P.DOSE_OF_ANOTHER.search("the day before, the day of and the day after each pemetrexed dose")
    assert m and m.group("what") == "pemetrexed"
    assert P.DOSE_OF_ANOTHER.search("before every docetaxel infusion").group("what") == "docetaxel"
    assert not P.DOSE_OF_ANOTHER.search("have a vitamin B12 injection")  # the medicine's own injection


def test_route_into_the_muscle():
    assert find_route("a vitamin B12 injection into the muscle every nine weeks") == ("intramuscular", "into the muscle")
    assert find_route("an injection into your muscle") == ("intramuscular", "into your muscle")
    assert find_route("the muscle aches may last a day") is None

# round 16: a course's count with a hedge ("A course is normally 6 cycles"); the number of doses said in total
@pytest.mark.parametrize("text, expected", [
    ("A course is normally 6 cycles; each cycle is 21 days long.", (6, None)),
    ("The course is usually four cycles.", (4, None)),
    ("Treatment is 6 cycles.", (6, None)),
])
def test_course_is_n_cycles(text, expected):
    assert P.cycle_count(text) == expected


@pytest.mark.parametrize("text", ["A course is 21 days.", "A course is normally 3 weeks long.",
                                  "Each course is given over 2 hours."])
def test_course_is_n_cycles_near_misses(text):
    assert P.cycle_count(text) is None


@pytest.mark.parametrize("text, expected", [
    ("Maintenance lasts two years, which means 12 doses in total.", (12, None)),
    ("Most people have 6 or 7 infusions in all.", (6, 7)),
    ("That is eight treatments altogether.", (8, None)),
])
def test_doses_in_total(text, expected):
    assert P.doses_in_total(text) == expected


@pytest.mark.parametrize("text", ["You will have 12 doses.", "Take 2 doses a day.", "12 doses of the vaccine"])
def test_doses_in_total_near_misses(text):
    assert P.doses_in_total(text) is None


# round 16: 'Cycle 2 and onwards' (a bold lead-in phase) starts at cycle 2 with no stated end
@pytest.mark.parametrize("text, first", [
    ("Cycle 2 and onwards", 2), ("Cycle 2 and onward", 2), ("Cycle 3 and every cycle after", 3),
    ("Cycle 2 onwards", 2),  # as before
])
def test_cycle_n_and_onwards_starts_an_open_phase(text, first):
    assert P.cycle_from(text) == first


@pytest.mark.parametrize("text", ["Cycles 2 and 3", "Cycle 2 and 4", "Cycle 2 and the onward referral"])
def test_cycle_n_and_another_is_no_open_phase(text):
    assert P.cycle_from(text) is None


# --- round 17: side effects named in running text ----------------------------------------------------------------------
@pytest.mark.parametrize("text, places", [
    ("swelling of the ankles, legs or face", ["ankles", "legs", "face"]),
    ("pain in your hands, feet and lower legs", ["hands", "feet", "lower legs"]),
    ("numbness in the fingers, toes, or lips", ["fingers", "toes", "lips"]),
])
def test_listed_places(text, places):
    assert P.listed_places(text) == places


@pytest.mark.parametrize("text", [
    "nausea, vomiting or diarrhoea",  # no preposition
    "pain in the joints or muscles",  # two places, no list: `qualifier_pair`'s form
    "swelling of the ankles, a rash or itching",  # an article opens another effect
    "swelling of the ankles",  # one place
])
def test_listed_places_near_misses(text):
    assert P.listed_places(text) is None


@pytest.mark.parametrize("subject, items", [
    ("Rash and anaemia (a low red blood cell count) each", ["Rash", "anaemia (a low red blood cell count)"]),
    ("Nausea, vomiting and diarrhoea each", ["Nausea", "vomiting", "diarrhoea"]),
    ("Both nausea and vomiting", ["nausea", "vomiting"]),
    ("Hair loss and tiredness both", ["Hair loss", "tiredness"]),
])
def test_each_of(subject, items):
    assert P.each_of(subject) == items


@pytest.mark.parametrize("subject", [
    "Nausea and vomiting",  # no 'each': one effect as given
    "Nausea each",  # one effect
    "A reaction (shivering and fever) each",  # the 'and' is inside the bracket
    "rash and " * 40 + "anaemia each",  # a run of text far longer than an effect's subject
])
def test_each_of_near_misses(subject):
    assert P.each_of(subject) is None


def test_each_figure():
    assert P.each_figure("vomiting and diarrhoea (each about 20%)") == ("vomiting and diarrhoea", "about 20%")
    assert P.each_figure("hair loss and rash (both 12%)") == ("hair loss and rash", "12%")
    assert P.each_figure("vomiting and diarrhoea (about 20%)") is None
    assert P.each_figure("vomiting (each dose)") is None  # no figure in the bracket


@pytest.mark.parametrize("text, parts", [
    ("Hand-foot syndrome – red, sore palms and soles", ("Hand-foot syndrome", "red, sore palms and soles")),
    ("Rash — red itchy spots", ("Rash", "red itchy spots")),
])
def test_dash_gloss(text, parts):
    assert P.dash_gloss(text) == parts


@pytest.mark.parametrize("text", [
    "Nausea – severe",  # one word
    "Skin reactions – sometimes severe",  # how often
    "Flu-like symptoms – usually after the first dose",  # when
    "Hair loss – this affects most people",  # a pronoun's clause
    "Tiredness – nearly half of people",  # a figure's words
    "Diarrhoea – call us if it lasts",  # advice
    "Hand-foot syndrome (red palms)",  # no dash
    "Rash – 20% of people",  # a figure
])
def test_dash_gloss_near_misses(text):
    assert P.dash_gloss(text) is None


@pytest.mark.parametrize("text, ratio", [
    ("Out of every 100 people in the ALEX-like study, 11 stopped because of side effects", (11, 100)),
    ("Of 100 patients treated, six had to stop", (6, 100)),
    ("Out of every 20 people, 3 stopped", (3, 20)),
])
def test_denominator_first(text, ratio):
    pct = P.denominator_first(text)
    assert pct is not None and (pct.numerator, pct.denominator) == ratio


@pytest.mark.parametrize("text", [
    "Out of 100 people, 150 stopped",  # more than the people counted
    "Of every 100 people, 30% stopped",  # a percentage: read as one
    "Of 100 people, 2 in 3 stopped",  # a ratio of its own follows
    "Of 100 people, 12 days later",  # a count of days, not of people
    "11 out of every 100 people stopped",  # the usual order: `incidence` reads it
])
def test_denominator_first_near_misses(text):
    assert P.denominator_first(text) is None


@pytest.mark.parametrize("text", [
    "Fever is the side effect people notice most: in the main study more than half of the people had it (57%)",
    "Rash was one of the side effects seen most often: about 1 in 3 people got it",
])
def test_named_effect_lead(text):
    m = P.NAMED_EFFECT_LEAD.match(text)
    assert m and P.NAMED_EFFECT_IT.search(m.group("rest"))


@pytest.mark.parametrize("text", [
    "Fever is common: more than half of the people had it (57%)",  # no 'side effect' in the lead
    "Fever, chills and rash are the side effects seen most: 57% had them",  # several effects lead
])
def test_named_effect_lead_near_misses(text):
    m = P.NAMED_EFFECT_LEAD.match(text)
    assert not m or not P.NAMED_EFFECT_IT.search(m.group("rest"))

# --- round 17: a controlled document's approval date ------------------------------------------------------------


@pytest.mark.parametrize("text, iso", [
    ("Reference: RT-GI-07 · Version 4 · Approved: 18 June 2024 · Review date: June 2027", "2024-06-18"),
    ("Approved on 3 March 2023", "2023-03-03"),
    ("Date approved: 03/2024", "2024-03"),
    ("Approval date 2024-06-18", "2024-06-18"),
    ("Date of approval: 5 May 2022", "2022-05-05"),
])
def test_approval_date_is_the_updated_date(text, iso):
    assert P.find_dates(text, day_first=True)["updated"].isoformat() == iso


@pytest.mark.parametrize("text", [
    "Approved by NICE in 2019 for this use",  # an approval of the drug, not of the page
    "The FDA approved 2 mg tablets",
    "approved 2019 for melanoma",
    "Review date: June 2027",  # the next review alone: no updated date
])
def test_approval_date_near_misses(text):
    assert "updated" not in P.find_dates(text, day_first=True)


# round 18b: a printed leaflet's footer ('Leaflet date: May 2023  Review date: May 2026'): the leaflet date is the page's
# updated date; the review date beside it is one to come and never is
@pytest.mark.parametrize("text, updated", [
    ("Leaflet date: May 2023   Review date: May 2026", MonthDate(2023, 5, 1)),
    ("Document date: 12 March 2024", date(2024, 3, 12)),
])
def test_leaflet_footer_dates(text, updated):
    assert P.find_dates(text) == {"updated": updated}


def test_leaflet_footer_review_date_alone_is_no_updated_date():
    assert P.find_dates("Review date: May 2026 (this leaflet)") == {}
