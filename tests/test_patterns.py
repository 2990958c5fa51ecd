"""One test per named pattern of the parser, with near misses that must not match."""
from datetime import date
from decimal import Decimal

import pytest

from regimen_fhir.parse import patterns as P


@pytest.mark.parametrize("text,value,unit", [
    ("Inotuzumab ozogamicin 0.8 mg/m2 IV", Decimal("0.8"), "mg/m2"),
    ("0.5 mg/m² I.V.", Decimal("0.5"), "mg/m2"),
    ("carboplatin 1,000 mg flat", Decimal("1000"), "mg"),
    ("15 mg/kg", Decimal("15"), "mg/kg"),
    ("2 g/m2 over 3 hours", Decimal("2"), "g/m2"),
    ("480 mcg subcutaneously", Decimal("480"), "ug"),
    ("2,500 units/m2", Decimal("2500"), "U/m2"),
])
def test_dose(text, value, unit):
    amount = P.find_doses(text)[0][0]
    assert (amount.value, amount.unit) == (value, unit)


def test_dose_range():
    amount = P.find_doses("docetaxel 60–75 mg/m2")[0][0]
    assert amount.is_range and (amount.low, amount.high, amount.unit) == (Decimal(60), Decimal(75), "mg/m2")


@pytest.mark.parametrize("text", [
    "over 60 minutes",  # a time, not a dose
    "in 1 mgx",  # glued unit
    "version 2.0 mg/m3",  # unknown unit
    "Days 8 and 15",
])
def test_dose_near_misses(text):
    assert P.find_doses(text) == []


@pytest.mark.parametrize("text,value,unit", [
    ("vincristine 1.4 mg/m2 (max 2 mg)", Decimal("2"), "mg"),
    ("maximum dose of 2 mg", Decimal("2"), "mg"),
    ("not to exceed 2 mg", Decimal("2"), "mg"),
    ("capped at 2 mg", Decimal("2"), "mg"),
])
def test_dose_cap(text, value, unit):
    cap = P.find_cap(text)
    assert (cap.value, cap.unit) == (value, unit)


def test_dose_cap_near_miss():
    assert P.find_cap("the maximum benefit is seen after 2 cycles") is None


@pytest.mark.parametrize("text,value,unit", [
    ("infusion over 60 minutes on Day 1", Decimal(60), "min"),
    ("over 2 hours", Decimal(2), "h"),
    ("over 30 min", Decimal(30), "min"),
])
def test_infusion(text, value, unit):
    amount = P.find_infusion(text)
    assert (amount.value, amount.unit) == (value, unit)


def test_infusion_range():
    amount = P.find_infusion("over 30-90 minutes")
    assert amount.is_range and (amount.low, amount.high) == (30, 90)


@pytest.mark.parametrize("text", ["for 60 minutes after", "over the next days", "overall 3 hours"])
def test_infusion_near_misses(text):
    assert P.find_infusion(text) is None


@pytest.mark.parametrize("text,days", [
    ("on Days 1, 8, and 15", [1, 8, 15]),
    ("on Day 1", [1]),
    ("Days 8 and 15", [8, 15]),
    ("days 1-5", [1, 2, 3, 4, 5]),
    ("days 1 through 3", [1, 2, 3]),
    ("on day 1 and day 2", [1, 2]),
])
def test_days(text, days):
    assert P.parse_days(text) == days


@pytest.mark.parametrize("text", ["every 28 days", "for 5 days", "day zero", "days 5-1"])
def test_days_near_misses(text):
    assert P.parse_days(text) is None


def test_cycle_lengths():
    assert P.first_cycle_length("The first cycle of X is given over 21 days.").value == 21
    assert P.first_cycle_length("The first cycle lasts 21 days.").unit == "d"
    assert P.later_cycle_length("All subsequent cycles are given every 28 days.").value == 28
    assert P.later_cycle_length("Later cycles are repeated every 4 weeks.").unit == "wk"
    assert P.cycle_length("Repeat every 21 days").value == 21
    assert P.cycle_length("given in 28-day cycles").value == 28


def test_cycle_length_near_misses():
    assert P.first_cycle_length("The first dose is given over 60 minutes.") is None
    assert P.later_cycle_length("Subsequent doses are given on day 8.") is None
    assert P.cycle_length("Take 2 tablets daily") is None


def test_cycle_counts():
    assert P.cycles_up_to("may be given for up to six cycles") == 6
    assert P.cycles_up_to("up to 3 cycles") == 3
    assert P.cycles_after("not achieved after three cycles of therapy") == 3
    assert P.cycles_for("given for 4 cycles") == 4


def test_cycle_count_near_misses():
    assert P.cycles_up_to("up to six months") is None
    assert P.cycles_after("after three days") is None
    assert P.cycles_for("for many cycles") is None


@pytest.mark.parametrize("text,head,value", [
    ("Nausea (32%)", "Nausea", Decimal(32)),
    ("Low white blood cells [neutropenia] (48%)", "Low white blood cells [neutropenia]", Decimal(48)),
    ("Rash ( 9 % )", "Rash", Decimal(9)),
])
def test_trailing_percent(text, head, value):
    h, pct = P.split_trailing_percent(text)
    assert (h, pct.value) == (head, value)


def test_trailing_percent_range_and_comparator():
    _, pct = P.split_trailing_percent("Hair loss (10-20%)")
    assert (pct.low, pct.high, pct.value) == (10, 20, None)
    _, pct = P.split_trailing_percent("Seizures (<1%)")
    assert (pct.value, pct.comparator) == (1, "<")


@pytest.mark.parametrize("text", ["Nausea", "Nausea (32)", "15% of patients stop (see below)", "Rash (9%) and itch"])
def test_trailing_percent_near_misses(text):
    assert P.split_trailing_percent(text) is None


def test_threshold():
    t = P.find_threshold("a high number of leukemia cells (> 10,000 cells/mm3)")
    assert (t.comparator, t.value, t.unit) == (">", 10000, "/mm3")
    assert P.find_threshold("more than 10,000 cells/mm3").comparator == ">"
    assert P.find_threshold("above 10,000 per day") is None


def test_dates():
    assert P.find_dates("Created: February 14, 2019 Updated: June 24, 2019") == {
        "created": date(2019, 2, 14), "updated": date(2019, 6, 24)}
    assert P.find_dates("Last updated 2021-03-05") == {"updated": date(2021, 3, 5)}
    assert P.find_dates("Created in February 2019") == {}


def test_periods():
    found = P.find_periods("for at least 8 months (5 months for males)")
    assert [(a.value, a.unit) for a, _, _ in found] == [(8, "mo"), (5, "mo")]
    assert P.find_periods("for several months") == []


def test_label_prefix():
    assert P.split_label("Induction therapy: Inotuzumab 0.8 mg/m2") == ("Induction therapy", "Inotuzumab 0.8 mg/m2")
    assert P.split_label("If in complete response: X 0.5 mg/m2")[0] == "If in complete response"
    assert P.split_label("no label here at all") == (None, "no label here at all")
    assert P.split_label("https://example.org: a link")[0] is None
