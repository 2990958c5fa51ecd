"""Small named patterns for the phrases regimen pages use.

Each function takes already-normalised text (see `text.normalise`) and
returns a plain value or None. They never guess: a phrase that does not
match returns None and the caller reports the fragment as not mapped.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from ..model import Amount, MonthDate, Percent, YearDate
from .caseless import caseless
from .memo import copy_pair_list, pure

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_UNITS_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
# a number: '2,400' (thousands), '0.8', '.5', and '0,8' / '12,5' (a decimal comma: one or two digits after it)
_NUM = r"\d+,\d{1,2}(?![\d,])|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"


def _trie(words) -> str:
    """One regex for a set of words, as a trie ('t(?:en|w(?:o|elve))' ...): an alternation of many words tried at
    every position of a text is the slow part of a scan, a trie fails on the first letter. Longest match first."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items(), key=lambda kv: kv[0] == "") if ch]
        if "" in node:
            return "(?:" + "|".join(alts) + ")?" if alts else ""
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return emit(tree)


# a count in digits or words: '21', 'six', 'twenty-one', 'twenty one', 'forty'
_COUNT = (r"\d+|(?:" + _trie(_TENS) + r")(?:[- ](?:" + _trie(_UNITS_WORDS) + r")\b)?|" + _trie(NUMBER_WORDS))
_COUNT_WORDS = _COUNT[len(r"\d+|"):]  # the same in words only

# Dose units, read by their parts as pages write them: an amount ('mg', 'milligrams', 'mcg', 'micrograms',
# 'µg', 'g', 'grams', 'units', 'IU'), optionally per body size ('/m2', '/m^2', 'per m2', 'per square metre',
# '/kg', 'per kilogram') and per day ('/day', 'per day', '/d'). The normalised unit the model keeps is UCUM.
_AMOUNT_UNITS = {"mg": "mg", "milligram": "mg", "milligrams": "mg", "g": "g", "gm": "g", "gram": "g", "grams": "g",
                 "mcg": "ug", "µg": "ug", "\u03bcg": "ug", "ug": "ug", "microgram": "ug", "micrograms": "ug",
                 "units": "U", "unit": "U", "u": "U", "iu": "[iU]", "international units": "[iU]", "international unit": "[iU]"}
_AMOUNT_RE = r"international\s+units?|milligrams?|micrograms?|grams?|units?|mcg|µg|\u03bcg|ug|mg|gm|iu|g"
_PER = r"\s*(?:/|\bper\b|\bfor\s+(?:each|every)\b)\s*"  # 'mg/kg', 'mg per kg', '3.6 mg for each kilogram of ...' 
_BODY_RE = (r"(?P<m2>m\s*\^?\s*2|m\u00b2|sq\.?\s*m\b|square\s+met(?:re|er)s?(?:\s+of\s+body\s+surface(?:\s+area)?)?|"
            r"m2\s+of\s+body\s+surface(?:\s+area)?)|(?P<kg>kg|kilograms?|kilo)")
# where a unit ends: not inside a word, unless a route abbreviation is glued to it ('0.5 mg/m2IV')
_UNIT_END = r"(?:(?![\w/^])|(?=(?:IV|PO|SC|SQ|IM|IT)\b))"
_UNIT_RE = (rf"(?:{_AMOUNT_RE})(?:{_PER}(?:{re.sub(r'[(][?]P<[a-z0-9]+>', '(?:', _BODY_RE)})(?:(?![\w^])|(?=(?:IV|PO|SC|SQ|IM|IT)\b)))?"
            rf"(?:{_PER}(?:day|d)\b|{_PER}dose\b)?")
# millions of units: "3 million units", "3 million international units", "3 MU", "3 MIU", "5 MU/m2" (a capital M
# before U or IU only; "3 mU" is no million, "MUGA" no unit): the value is the count of units (3 MU is 3 000 000 U,
# never 3 U nor 3 mU)
_MILLION = r"(?P<million>million\s+(?=(?:international\s+)?units?\b|IU\b)|(?-i:M(?=I?U(?![a-z]))))"
_UNIT_RE_M = _UNIT_RE.replace(f"(?:{_AMOUNT_RE})", f"(?:{_AMOUNT_RE}|(?<=M)(?-i:U))", 1)
_UNIT_PARTS = re.compile(rf"^(?P<amount>{_AMOUNT_RE}|U)(?:{_PER}(?:{_BODY_RE}))?(?:(?P<day>{_PER}(?:day|d))|{_PER}dose)?$",
                         re.IGNORECASE)  # 'per dose' is what a dose is anyway: the unit stays


def dose_unit(text: str) -> str | None:
    """'mg per square metre' -> 'mg/m2', 'micrograms/day' -> 'ug/d', 'IU/kg' -> 'U/kg'; None for other text."""
    m = _UNIT_PARTS.match(" ".join(text.split()))
    if not m:
        return None
    amount = _AMOUNT_UNITS[" ".join(m.group("amount").lower().split())]
    unit = amount + ("/m2" if m.group("m2") else "/kg" if m.group("kg") else "")
    return unit + ("/d" if m.group("day") else "")


def to_decimal(text: str) -> Decimal:
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return Decimal(text.replace(",", "."))  # '0,8': a decimal comma
    return Decimal(text.replace(",", ""))


def to_count(text: str) -> int | None:
    """'21' -> 21, 'six' -> 6, 'twenty-one' / 'twenty one' -> 21; None for anything else."""
    text = text.lower().strip()
    if text.isdigit():
        return int(text)
    if text in NUMBER_WORDS:
        return NUMBER_WORDS[text]
    parts = re.split(r"[- ]", text)
    if parts[0] in _TENS and len(parts) <= 2:
        if len(parts) == 1:
            return _TENS[parts[0]]
        if parts[1] in _UNITS_WORDS:
            return _TENS[parts[0]] + _UNITS_WORDS.index(parts[1]) + 1
    return None


# --- doses -------------------------------------------------------------------
DOSE = re.compile(
    rf"(?<![\w.,])(?P<value>{_NUM})(?:\s*(?:-|–|to)\s*(?P<high>{_NUM}))?\s*{_MILLION}?(?P<unit>{_UNIT_RE_M}){_UNIT_END}"
    # a concentration or a rate ('mg per litre', 'mg/hour', '2 mg/min') is no dose at all; 'per cycle' or 'per week'
    # still is
    r"(?!\s*(?:/|\bper\b)\s*(?:l\b|litres?|liters?|ml\b|dl\b|hours?\b|hrs?\b|h\b|min(?:ute)?s?\b|seconds?\b|s\b|m2\b|kg\b))",
    re.IGNORECASE,
)


# A carboplatin dose targeted at an area under the curve ("AUC 5", "AUC of 6", "AUC = 5-6"):
# the target itself, in UCUM mg.min/mL; the absolute dose follows from the Calvert formula.
AUC_DOSE = re.compile(
    r"\b(?:target\s+)?AUC\s*(?:of\s+|=\s*|:\s*)?(?P<value>\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(?P<high>\d+(?:\.\d+)?))?"
    r"(?:\s*mg\s*/\s*mL\s*(?:[x×·.*]|\s)?\s*min)?(?![\w.%])",
    re.IGNORECASE,
)
AUC_UNIT = "mg.min/mL"


def find_doses(text: str) -> list[tuple[Amount, int, int]]:
    """Every dose in the text as (amount, start, end), in text order."""
    return list(_find_doses(text))


# the groups before a three-digit group that starts with 0, when spaces separate thousands ('30 000', '1 000 000')
_SPACED_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})*[ \u00a0\u2009\u202f]$")


def _millions(text: str) -> Decimal:
    """'3' (million) -> 3000000, '1.5' -> 1500000: written out, never in exponent form."""
    v = to_decimal(text) * 10 ** 6
    return v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize()


# '10 mg of durvalumab for every kilogram you weigh', '75 mg of docetaxel for each square metre of body surface': the
# drug's name between the amount and the body size it is given per
_OF_DRUG_PER_BODY = re.compile(r"\s+of\s+[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2}\s+(?:for|per)\s+(?:each|every)\s+"
                               r"(?:(?P<kg>kilogram|kilo|kg)\b|square\s+met(?:re|er)\b)", re.IGNORECASE)
# the step a dose is rounded to ('Your dose is rounded to the nearest 5 mg', '75 mg/m2, rounded up to the nearest
# 10 mg', 'to the nearest whole 25 mg'): the words just before an amount that is no dose
ROUNDING_STEP = re.compile(r"\b(?:to|by)\s+the\s+nearest\s+(?:whole\s+|full\s+)?(?:multiple\s+of\s+)?$", re.IGNORECASE)


@lru_cache(maxsize=8192)  # a text is asked about several times per page; Amount is frozen, the tuple immutable
def _find_doses(text: str) -> tuple[tuple[Amount, int, int], ...]:
    out = []
    for m in AUC_DOSE.finditer(text):
        if m.group("high"):
            amt = Amount(None, AUC_UNIT, low=to_decimal(m.group("value")), high=to_decimal(m.group("high")))
        else:
            amt = Amount(to_decimal(m.group("value")), AUC_UNIT)
        out.append((amt, m.start(), m.end()))
    for m in DOSE.finditer(text):
        unit = dose_unit(m.group("unit"))
        start = m.start()
        if ROUNDING_STEP.search(text, max(0, start - 40), start):
            continue  # 'rounded to the nearest 5 mg': the step a dose is rounded by, never a dose
        if m.group("million"):
            # '3 million units', '3 MU': the count of units, exactly
            lo, hi = (_millions(m.group(g)) if m.group(g) else None for g in ("value", "high"))
            amt = Amount(None, unit, low=lo, high=hi) if hi else Amount(lo, unit)
            if lo:
                out.append((amt, start, m.end()))
            continue
        if m.group("high"):
            amt = Amount(None, unit, low=to_decimal(m.group("value")), high=to_decimal(m.group("high")))
        else:
            value = m.group("value")
            group = _SPACED_THOUSANDS.search(text, 0, m.start("value")) if re.fullmatch(r"0\d\d", value) else None
            if group:
                # '30 000 units' (a space between thousands): 30000, never a dose of '000'
                value, start = re.sub(r"\s", "", group.group(0)) + value, group.start()
            elif to_decimal(value) == 0:
                continue  # a zero is no dose
            amt = Amount(to_decimal(value), unit)
            body = _OF_DRUG_PER_BODY.match(text, m.end()) if unit in ("mg", "g", "ug", "U") else None
            if body:
                # '10 mg of durvalumab for every kilogram you weigh': the amount per kilogram (or square metre)
                amt = Amount(amt.value, f"{unit}/{'kg' if body.group('kg') else 'm2'}")
        out.append((amt, start, m.end()))
    out.sort(key=lambda t: t[1])
    return tuple(out)


_CAP_WORDS = (r"(?:max(?:imum)?\.?(?:\s+(?:single\s+)?dose)?(?:\s+(?:is|of))?|not\s+to\s+exceed|do\s+not\s+exceed|no\s+more\s+than"
              r"|capped\s+at|(?:with\s+a\s+|dose\s+)?cap(?:ped)?\s+(?:of|at)|up\s+to\s+a\s+maximum\s+of|at\s+most"
              # "but is never more than 120 mg", "not more than 2 mg", "never above 2 mg", "limited to 2 mg"
              r"|never\s+(?:more\s+than|above|over|exceeds?)|not\s+more\s+than|(?:is\s+)?limited\s+to)")
DOSE_CAP = caseless(
    rf"\((?:{_CAP_WORDS})\s*:?\s*(?P<value>{_NUM})\s*(?P<unit>{_UNIT_RE})\)"
    rf"|(?:{_CAP_WORDS})\s*:?\s*(?P<value2>{_NUM})\s*(?P<unit2>{_UNIT_RE})",
)


def find_cap(text: str) -> Amount | None:
    m = DOSE_CAP.search(text)
    if not m:
        return None
    value = m.group("value") or m.group("value2")
    unit = m.group("unit") or m.group("unit2")
    return Amount(to_decimal(value), dose_unit(unit))


# --- infusion time ------------------------------------------------------------
_TIME_UNITS = {"second": "s", "seconds": "s", "sec": "s", "secs": "s",
               "minute": "min", "minutes": "min", "min": "min", "mins": "min",
               "hour": "h", "hours": "h", "hr": "h", "hrs": "h", "h": "h", "day": "d", "days": "d"}
INFUSION = caseless(
    # "over at least 4 hours", "over a minimum of 90 minutes": the least time the drip may take (kept with ">=")
    rf"\bover\s+(?:(?:about|approximately|around|roughly)\s+|(?P<least>at\s+least|a\s+minimum\s+of|no\s+less\s+than|not\s+less\s+than|"
    rf"no\s+fewer\s+than|not\s+under)\s+)?(?:a\s+period\s+of\s+)?(?P<value>{_NUM}|{_COUNT})(?:\s*(?:-|–|to)\s*(?P<high>{_NUM}|{_COUNT}))?\s*"
    # "IV push over 3-5 seconds": a push has its time in seconds
    r"(?P<unit>seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?)\b"
    # "a 30-minute infusion", "as a 2-hour drip", "90 min infusion"
    rf"|\b(?P<value2>{_NUM}|{_COUNT})(?:\s*(?:-|–|to)\s*(?P<high2>{_NUM}|{_COUNT}))?\s*-?\s*(?P<unit2>minutes?|mins?|hours?|hrs?|h)\s+(?:IV\s+|intravenous\s+)?(?:infusion|drip)\b"
    # "continuous infusion from a small pump, 120 hours in total", "a pump that runs for 46 hours altogether"
    rf"|\b(?:continuous(?:ly)?|infusion|pump|drip)\b[^.;|]{{0,60}}?\b(?P<value4>{_NUM}|{_COUNT})\s*(?P<unit4>hours?|hrs?|days?)\s+"
    rf"(?:in\s+total|altogether|in\s+all)\b"
    # "IV infusion, 1 hr", "infusion of 2 hours", "drip ..., which takes about ten minutes"
    # "The injection itself only takes 2 to 5 minutes"
    rf"|\b(?:infusion|drip|injection)\b(?:\s*,\s*|\s+(?:of|lasting|for)\s+|[^.;|]{{0,40}}?\btakes?\s+)(?:(?:about|approximately|around)\s+)?"
    rf"(?P<value3>{_NUM}|{_COUNT})(?:\s*(?:-|–|to)\s*(?P<high3>{_NUM}|{_COUNT}))?\s*(?P<unit3>minutes?|mins?|hours?|hrs?|h)\b"
    # "through the pump, running for 48 hours", "a drip that runs for 2 hours" (hours and minutes only: a cycle or a
    # course 'lasting 21 days' is no infusion)
    rf"|\b(?:running|runs|lasting|lasts)\s+(?:for\s+)?(?:(?:about|approximately|around)\s+)?"
    rf"(?P<value5>{_NUM}|{_COUNT})(?:\s*(?:-|–|to)\s*(?P<high5>{_NUM}|{_COUNT}))?\s*(?P<unit5>minutes?|mins?|hours?|hrs?|h)\b"
    # "... as a drip into a vein on day 1. Because it is your first dose, it runs slowly and takes about 4 to 6 hours.":
    # the drip of the dose line before, named 'it' (never 'it takes 2 hours to get here', 'it takes 4 hours in all at
    # the unit')
    rf"|\bit\s+(?:(?:runs|goes\s+in|is\s+given|drips\s+in)\s+(?:[a-z]+\s+){{0,3}}?and\s+)?takes\s+"
    rf"(?:(?:about|approximately|around|roughly)\s+)?(?P<value6>{_NUM}|{_COUNT})(?:\s*(?:-|–|to)\s*(?P<high6>{_NUM}|{_COUNT}))?\s*"
    rf"(?P<unit6>minutes?|mins?|hours?|hrs?)\b(?!\s+(?:to|for|after|before|in\s+(?:all|total)|altogether|at)\b)",
)
_HALF_HOUR = re.compile(r"\bover\s+(?:about\s+)?half\s+an\s+hour\b|\bover\s+(?:about\s+)?an\s+hour\b", re.IGNORECASE)


# "built up over three days", "increased over 2 weeks", "ramped up over 5 weeks": a dose ramp, not an infusion time
_RAMP_OVER = re.compile(r"\b(?:built|build|builds|building|ramped|ramp|stepped|step|worked|increased|increases?|raised|raises?|"
                        r"titrated|titrate|escalated|escalate)\s+(?:up\s+)?(?:(?:gradually|slowly|step\s+by\s+step)\s+)?$",
                        re.IGNORECASE)


def find_infusion(text: str) -> Amount | None:
    m = INFUSION.search(text)
    while m and m.group("value") and _RAMP_OVER.search(text[max(0, m.start() - 40):m.start()]):
        m = INFUSION.search(text, m.end())  # "the dose is built up over three days": no infusion time
    if not m:
        h = _HALF_HOUR.search(text)
        if h:
            return Amount(Decimal(30), "min") if "half" in h.group(0).lower() else Amount(Decimal(1), "h")
        return None
    k = next(s for s in ("", "2", "3", "4", "5", "6") if m.group("value" + s))
    unit = _TIME_UNITS[m.group("unit" + k).lower()]
    high_text = m.groupdict().get("high" + k)
    value, high = _number(m.group("value" + k)), _number(high_text) if high_text else None
    if value is None or (high_text and high is None):
        return None
    if high is not None:
        return Amount(None, unit, low=value, high=high)
    return Amount(value, unit, comparator=">=" if not k and m.group("least") else None)


def _number(text: str) -> Decimal | None:
    """'1,000' or 'one' -> Decimal; None for anything else."""
    if re.match(r"^[\d.,]+$", text):
        return to_decimal(text)
    n = to_count(text)
    return Decimal(n) if n is not None else None


# --- days of cycle -------------------------------------------------------------
# a number after a day list's comma that is a time, not a day: 'on days 1 and 15, 3 to 24 hours before elotuzumab'
_NOT_A_DAY = r"(?!\d+(?:\s*(?:-|–|to)\s*\d+)?\s*(?:hours?|hrs?|minutes?|mins?|weeks?|months?)\b)"
DAYS = caseless(
    r"(?:\bdays?\s+|(?<![\w.-])(?<!vitamin )d(?=\d))(?P<list>\d+(?:\s*(?:,|and|&|-|–|through|to|,\s*and)\s*"
    + _NOT_A_DAY + r"(?:days?\s+|d(?=\d))?\d+)*)"
    r"(?![\d.]*\s*(?:mg|g\b|mcg|units?\b|%))",
)
# "on days one and eight", "days one to five": day numbers in words, read as digits first
_DAY_WORDS = re.compile(rf"\b(days?\s+)((?:{_COUNT})(?:\s*(?:,|and|&|-|–|through|to)\s*(?:{_COUNT}))*)\b", re.IGNORECASE)


def _day_words_to_digits(text: str) -> str:
    def repl(m: re.Match) -> str:
        body = re.sub(rf"\b(?:{_COUNT})\b", lambda w: str(to_count(w.group(0)) or w.group(0)), m.group(2),
                      flags=re.IGNORECASE)
        return m.group(1) + body
    return _DAY_WORDS.sub(repl, text)


# "the first 5 days of each cycle", "the first five days": days 1..N
FIRST_N_DAYS = caseless(rf"\b(?:the\s+)?first\s+(?P<n>{_COUNT})\s+days\b")
_RANGE = re.compile(r"(\d+)\s*(?:-|–|through|to)\s*(\d+)")


# "on the first day of each cycle": day 1 in words
FIRST_DAY = caseless(r"\b(?:on\s+)?the\s+first\s+day\s+of\s+(?:each|every|the|a)\s+(?:new\s+)?cycle\b")


# a bracketed aside naming days the dose is NOT given: '(no doses on days 8 and 9)', '(not on day 8)', '(none on days 8
# and 9)', '(except days 8 and 9)', '(no treatment on days 22 to 28)'
OFF_DAYS_ASIDE = re.compile(r"\(\s*(?:but\s+)?(?:no\s+(?:doses?|treatment|tablets?|capsules?|chemo(?:therapy)?|medicine|injections?|"
                            r"infusions?)(?:\s+(?:is|are)\s+(?:given|taken))?|not(?:\s+(?:given|taken))?|none|nothing|"
                            r"skip(?:ping)?|except(?:\s+on)?|apart\s+from)\s+(?:on\s+)?(?P<days>days?\s+\d[^()]*?)\s*\)", re.IGNORECASE)


@pure(copy=list)
def parse_days(text: str) -> list[int] | None:
    """'Days 1, 8, and 15' -> [1, 8, 15]; 'days 1-5' -> [1..5]; 'on the first day of each cycle' -> [1].
    None when absent. Days a bracketed aside names as off ('on days 1 to 16 (no doses on days 8 and 9)') are left out;
    the aside alone gives no days."""
    off: set[int] = set()
    if "(" in text and OFF_DAYS_ASIDE.search(text):
        for m in OFF_DAYS_ASIDE.finditer(text):
            off |= set(parse_days(m.group("days")) or [])
        text = OFF_DAYS_ASIDE.sub(" ", text)
        days = parse_days(text)
        return [d for d in days if d not in off] or None if days is not None else None
    days: list[int] = []
    found = False
    if re.search(r"\bdays?\s+[a-z]", text, re.IGNORECASE):
        text = _day_words_to_digits(text)
    if not DAYS.search(text):
        if FIRST_DAY.search(text):
            return [1]
        m = FIRST_N_DAYS.search(text)
        if m and to_count(m.group("n")):
            return list(range(1, to_count(m.group("n")) + 1))
    for m in DAYS.finditer(text):
        found = True
        body = re.sub(r"days?\s+|d(?=\d)", "", m.group("list"), flags=re.IGNORECASE)
        for lo, hi in _RANGE.findall(body):
            lo_i, hi_i = int(lo), int(hi)
            if hi_i < lo_i or hi_i - lo_i > 366:
                return None
            days.extend(range(lo_i, hi_i + 1))
        body = _RANGE.sub(" ", body)
        days.extend(int(d) for d in re.findall(r"\d+", body))
    if not found:
        return None
    if any(d < 1 for d in days):
        return None
    return sorted(set(days))


# --- grid tables: one column per day of the cycle ------------------------------------
# "Day 1", "D1", "Day 8", "D6-28", "Days 2-5" as a column header
DAY_COLUMN = re.compile(r"^(?:days?|d)\s*(?P<lo>\d{1,3})(?:\s*(?:-|–|to)\s*(?P<hi>\d{1,3}))?$", re.IGNORECASE)
# what a grid cell holds to say "given this day": a tick, a dot, a cross, 'X', 'yes'
GRID_MARK = re.compile(r"^(?:[✓✔●•◆■xX✗✘+*]|yes|given)$", re.IGNORECASE)


def day_column(text: str) -> list[int] | None:
    """'Day 8' -> [8]; 'D1' -> [1]; 'D6-28' -> [6..28]; None for any other header ('Dose', 'Day of cycle')."""
    m = DAY_COLUMN.match(text.strip())
    if not m:
        return None
    lo = to_count(m.group("lo"))
    hi = to_count(m.group("hi")) if m.group("hi") else lo
    if lo is None or hi is None or lo < 1 or hi < lo or hi - lo > 366:
        return None
    return list(range(lo, hi + 1))


# a mark with a short note after it: '✓ pump on', '● (morning)', '✓ start' -- still "given this day"
GRID_MARK_NOTE = re.compile(r"^[✓✔●•◆■✗✘]\s*\(?[A-Za-z][A-Za-z ]{0,20}\)?$")
# a cell that carries on what an earlier day started ('→', '->', '⟶', '...'): no new dose that day
GRID_CONTINUES = re.compile(r"^(?:[→⟶➔➝⇒]|-+>|=+>|\.{3}|…)$")


def is_grid_mark(text: str) -> bool:
    """'✓', '●', 'X', 'yes'; also a tick or dot with a short word after it ('✓ pump on'); not '✓ 100 mg'."""
    text = text.strip()
    return bool(GRID_MARK.match(text) or GRID_MARK_NOTE.match(text))


def is_grid_continuation(text: str) -> bool:
    """'→' in a day column: the infusion started on an earlier day still runs (no new administration)."""
    return bool(GRID_CONTINUES.match(text.strip()))


# --- cycles ---------------------------------------------------------------------
FIRST_CYCLE_LENGTH = re.compile(
    rf"\b(?:first|initial)\s+cycle\b[^.]*?\b(?:over|lasts?|of|is)\s+(?P<value>{_COUNT})\s*(?:-\s*)?(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)
LATER_CYCLE_LENGTH = caseless(
    rf"\b(?:subsequent|later|following|remaining|other)\s+cycles?\b[^.]*?\bevery\s+(?P<value>{_COUNT})\s*(?P<unit>days?|weeks?)\b",
)
CYCLE_EVERY = caseless(
    rf"\b(?:repeat(?:ed)?|given|cycles?\s+(?:are\s+)?(?:given|repeated))?\s*every\s+(?P<value>{_COUNT})\s*(?P<unit>days?|weeks?|wks?)\b"
    # the abbreviations of dosing tables: 'q21d', 'q3w', 'q2wk', 'q21 days', 'q 3 weeks'
    rf"|\bq\s?(?P<value2>\d{{1,2}})\s?(?P<unit2>d|days?|w|wks?|weeks?)\b",
)
# "4 weeks (28 days)", "three weeks (21 days)": the page gives the length in days as well; the days are kept
# "a fortnight (14 days)" likewise
WEEKS_AS_DAYS = re.compile(rf"\b(?:(?P<weeks>{_COUNT})\s+weeks?|an?\s+(?P<fortnight>fortnight))\s*\(\s*(?P<days>\d+)\s+days\s*\)",
                           re.IGNORECASE)
# "cycles of 21 days", "each cycle lasts 3 weeks", "cycles are now 4 weeks (28 days) long" (a later phase's new length:
# 'now', 'still', 'usually' between the verb and the length)
CYCLE_N_DAY = caseless(rf"\b(?P<value>\d+|{_COUNT})\s*-?\s*(?P<unit>days?|weeks?)\s+(?:treatment\s+)?cycles?\b"
                         rf"|\bcycles?(?:\s+of\s+(?:treatment|therapy|chemo(?:therapy)?))?(?:\s+length)?(?:\s+(?:that|which)(?:\s+each)?)?\s*(?:\s(?:of|last(?:s|ing)?|is|are)\s|=|:|(?<=length)\s)\s*(?:(?:about|each|now|still|usually|normally)\s+){{0,2}}(?P<value2>{_COUNT})\s+(?P<unit2>days?|weeks?)\b"
                         # "each 21-day period is one cycle"
                         rf"|\b(?P<value3>\d+|{_COUNT})\s*-?\s*(?P<unit3>days?|weeks?)\s+(?:period|block|course)\s+(?:is|=|makes|counts\s+as)\s+(?:one|a|1)\s+cycle\b"
                         # "3-week (21-day) cycles": the days in brackets, as the page counts them
                         rf"|\b(?:\d+|{_COUNT})\s*-?\s*weeks?\s*\(\s*(?P<value4>\d+)\s*-?\s*(?P<unit4>days?)\s*\)\s+(?:treatment\s+)?cycles?\b")
# "every week for 12 weeks", "every week for 11 more weeks" (the phase after a first week): a one-week cycle, N times
WEEKLY_FOR = caseless(rf"\b(?:(?:every|each|once\s+a)\s+week|weekly)\s+for\s+(?P<value>{_COUNT})\s+(?:more\s+|further\s+)?weeks\b"
                       rf"(?!(?:\s+in\s+a\s+row)?\s*[,;]?\s*(?:and\s+)?(?:then|followed\s+by)\s+(?:a\s+)?(?:{_COUNT})[\s-]+weeks?\s+"
                       r"(?:off|of\s+rest|without|with\s+no\s+(?:treatment|chemo)|rest|break))")
# "days 1 to 5 of each week", "on days 1-5 of every week", "days 1, 3 and 5 in each week": the days of a one-week cycle
# (days of a week: 1 to 7 only; "days 1 to 5 of each cycle" says nothing of the cycle's length)
DAYS_OF_EACH_WEEK = re.compile(r"\bdays?\s+[1-7](?:\s*(?:,|and|to|-|–)\s*[1-7])*\s+(?:of|in)\s+(?:each|every)\s+week\b",
                               re.IGNORECASE)
# a span of weeks, the value of a field saying how long the treatment lasts: "Until your last radiotherapy treatment – 5
# to 6 weeks", "6 weeks"
WEEKS_SPAN = re.compile(rf"\b(?P<lo>\d+|{_COUNT})(?:\s*(?:-|–|to|or)\s*(?P<hi>\d+|{_COUNT}))?\s+weeks\b", re.IGNORECASE)


def weeks_span(text: str) -> tuple[int, int | None] | None:
    """(lo, hi or None) of the one span of weeks the text states; None for none, or for more than one."""
    found = list(WEEKS_SPAN.finditer(text))
    if len(found) != 1:
        return None
    lo = to_count(found[0].group("lo"))
    hi = to_count(found[0].group("hi")) if found[0].group("hi") else None
    return (lo, hi) if lo and (hi is None or hi > lo) else None


# "once a week for 6 to 7 weeks", "once a week, for as long as your radiotherapy lasts – 6 to 7 weeks": N (to M) doses a
# week apart, a one-week cycle N (to M) times
WEEKLY_FOR_SPAN = caseless(
    rf"\b(?:(?:every|each|once\s+a)\s+week|weekly)\s*,?\s+for\s+(?:"
    rf"(?P<lo>{_COUNT})\s*(?:-|–|to)\s*(?P<hi>{_COUNT})\s+weeks\b"
    rf"|as\s+long\s+as\s+[^.;()]{{1,60}}?\s+(?:lasts?|goes\s+on|continues|runs)\s*(?:[–—-]|\(|,|:)\s*"
    rf"(?:about\s+|usually\s+|around\s+|normally\s+)?(?P<lo2>{_COUNT})(?:\s*(?:-|–|to)\s*(?P<hi2>{_COUNT}))?\s+weeks\b)")
# "once a week for 3 weeks, then 1 week off": days 1, 8, 15 of a 4-week cycle
WEEKLY_ON_OFF = re.compile(
    rf"\b(?:(?:every|each|once\s+a)\s+week|(?:once\s+)?weekly)\s*(?:for|x|×)\s*(?P<on>{_COUNT})(?:\s+weeks)?"
    # "for 7 weeks in a row, followed by 1 week with no treatment"
    rf"(?:\s+in\s+a\s+row)?(?:\s*[,;]?\s*(?:and\s+)?(?:then|followed\s+by)\s+(?:a\s+)?(?P<off>{_COUNT})[\s-]+weeks?\s+"
    rf"(?:off|of\s+rest|without\s+(?:any\s+)?treatment|with\s+no\s+(?:treatment|chemo(?:therapy)?)|rest|break|treatment[- ]free)\b"
    # "once weekly for 3 weeks out of 4"
    rf"|\s+out\s+of\s+(?:every\s+)?(?P<total>{_COUNT})(?:\s+weeks)?\b)",
    re.IGNORECASE,
)
UP_TO_CYCLES = caseless(rf"\b(?:up\s+to|(?:a\s+)?maximum\s+of|at\s+most|no\s+more\s+than)\s+(?P<value>{_COUNT})\s+(?:cycles?|courses?)\b")
FOR_CYCLES = re.compile(rf"\bfor\s+(?P<value>{_COUNT})\s+(?:cycles?|courses?)\b", re.IGNORECASE)
AFTER_CYCLES = re.compile(rf"\bafter\s+(?P<value>{_COUNT})\s+(?:cycles?|courses?)\b", re.IGNORECASE)


def _length(m: re.Match | None) -> Amount | None:
    if not m:
        return None
    groups = m.groupdict()
    key = next((k for k in ("", "2", "3", "4", "5", "6") if groups.get("value" + k)), None)
    if key is None:
        return None
    value, unit_text = groups["value" + key], groups.get("unit" + key) or ""
    if value.lower() == "fortnight":
        return Amount(Decimal(2), "wk")
    n = to_count(value)
    if n is None:
        return None
    unit = "wk" if unit_text.lower().startswith("w") else "d"
    return Amount(Decimal(n), unit)


# a phase heading's cycle length in brackets: "adjuvant cycle 1 (28 days)", "cycles 2 to 6 (28 days each)"
LABEL_LENGTH = re.compile(r"\((?:[^()]*[,;]\s*)?(?P<value>\d+)\s*-?\s*(?P<unit>days?|weeks?)(?:\s+each)?\s*\)", re.IGNORECASE)


def label_cycle_length(label: str) -> Amount | None:
    """The cycle length a phase label gives in brackets; None otherwise (never from running text)."""
    return _length(LABEL_LENGTH.search(label))


# a label that is nothing but how often the treatment repeats: "Every 2 weeks", "Once every 4 weeks", "Every 21 days",
# "3-weekly", "Weekly", "Fortnightly", "Every 3 weeks (21 days)" -- the title of one of a page's schedules (a tab
# label over its dose line); "Every 2 weeks for 4 doses" or "Every 3 weeks: what to expect" say more and are none
INTERVAL_LABEL = re.compile(
    rf"^\s*(?:once\s+)?(?:every|each)\s+(?P<value>\d+|{_COUNT})\s*-?\s*(?P<unit>days?|weeks?)"
    rf"(?:\s*\(\s*\d+\s*days?\s*\))?\s*$"
    rf"|^\s*(?P<value2>\d+|{_COUNT})[\s-]+(?P<unit2>week)ly\s*$"
    rf"|^\s*(?:once\s+)?(?:every\s+|each\s+)?(?P<value3>week|fortnight)(?:ly)?\s*$", re.IGNORECASE)


def interval_label(label: str) -> Amount | None:
    """The repeat interval a label consisting of nothing else states ('Every 2 weeks' -> 2 wk); None otherwise."""
    m = INTERVAL_LABEL.match(label or "")
    if not m:
        return None
    if m.group("value3"):
        return Amount(Decimal(2 if m.group("value3").lower() == "fortnight" else 1), "wk")
    return _length(m)


# the day a pump or drip is taken off ('come back ... to disconnect it on day 3', 'the pump is removed on day 3'): the
# end of an infusion, no day of a dose
PUMP_OFF_DAY = re.compile(r"\b(?:disconnect(?:s|ed|ing)?|unhook(?:s|ed)?|remov(?:e|es|ed|ing)|tak(?:e|es|en)\s+(?:it\s+)?off|"
                          r"comes?\s+off)\b[^.;]{0,40}?\bon\s+day\s+\d", re.IGNORECASE)


def first_cycle_length(text: str) -> Amount | None:
    return _length(FIRST_CYCLE_LENGTH.search(text))


def later_cycle_length(text: str) -> Amount | None:
    return _length(LATER_CYCLE_LENGTH.search(text))


# a prefilter: every branch starts with a letter (no \b), so the search skips to the places one can start
_LENGTH_HINT = caseless(r"cycle|every|week|q\s?\d|off|rest|without|free|break|fortnight|interval|course|month|"
                        r"stop|no\s+(?:treatment|tablets|capsules)|pause|gap")
# "3-weekly", "given three-weekly", "fortnightly", "at 21-day intervals", "at intervals of 3 weeks", "a treatment cycle
# takes 21 days", "each course lasts 4 weeks", "cycle duration: 21 days"
CYCLE_OTHER = caseless(
    rf"\b(?P<value>\d+|{_COUNT})[\s-]+(?P<unit>week)ly\b(?!\s+(?:doses|injections|infusions|treatments|visits|sessions))"
    rf"|\b(?:every\s+)?(?P<value2>fortnight)(?:ly)?\b(?P<unit2>)"
    rf"|\bat\s+(?P<value3>\d+|{_COUNT})\s*-?\s*(?P<unit3>days?|weeks?)\s+intervals\b"
    rf"|\bat\s+intervals\s+of\s+(?P<value4>\d+|{_COUNT})\s+(?P<unit4>days?|weeks?)\b"
    rf"|\b(?:(?:treatment|chemotherapy)\s+)?cycle\s+(?:takes|duration\s*:?|lasts\s+for)\s+(?P<value5>\d+|{_COUNT})\s+(?P<unit5>days?|weeks?)\b"
    rf"|\b(?:each|every|one)\s+course\s+(?:lasts|takes|is)\s+(?P<value6>\d+|{_COUNT})\s+(?P<unit6>days?|weeks?)\b")


# "Cycles are repeated monthly", "a new cycle starts every month", "given once a month", "monthly cycles", "each cycle lasts
# one month": a cycle of one calendar month, kept in months (UCUM 'mo'), never turned into 4 weeks or 30 days. Monthly blood
# tests or check-ups are no cycle: the wording must speak of the cycles, the treatment or its repeat.
MONTHLY_CYCLE = caseless(
    r"\b(?:cycles?|courses?|treatment|it|this|they)\s+(?:is\s+|are\s+)?(?:repeated|given|restarts?|starts?\s+again|begins?)\s+"
    r"(?:(?:every|each|once\s+a)\s+(?:calendar\s+)?month|monthly)\b"
    r"|\b(?:a\s+new\s+cycle|the\s+next\s+cycle)\s+(?:starts|begins)\s+(?:every|each)\s+month\b"
    r"|\brepeat(?:ed|s)?\s+(?:every|each|once\s+a)\s+month\b|\brepeated\s+monthly\b"
    r"|\bmonthly\s+(?:cycles?|courses?)\b|\bcycles?\s+(?:lasts?|is|of)\s+(?:one|a|1)\s+(?:calendar\s+)?month\b")


N_MONTHLY = caseless(rf"\b(?P<n>\d+|{_COUNT})[\s-]+monthly\b(?!\s+(?:blood|tests?|checks?|scans?|visits?|appointments?))")


# "drip into a vein, 1 hour" in a column headed "How it is given": a bare duration after the route is how long it runs
ROUTE_CELL_DURATION = re.compile(r",\s*(?P<d>\d+(?:\.\d+)?\s*(?:hours?|hrs?|minutes?|mins?|min|h))\s*$", re.IGNORECASE)
# "The whole programme is a single 5-week course (35 days); it is not repeated", "one 6-week course": one course only,
# of that length (the days in brackets, when given, are the exact length)
SINGLE_COURSE = caseless(rf"\b(?:a\s+single|a\s+one-off|only\s+one|one\s+single)\s+(?P<n>\d+|{_COUNT})[\s-]+(?P<unit>day|week)s?"
                          r"\s+(?:course|programme|program|cycle|block)\b(?:\s*\((?P<days>\d+)\s+days\))?")


# "You have one course.", "it is usually given as one course only", "you receive a single course": the treatment is
# given once (one cycle); not "one course of 6 cycles", "one course lasts 21 days" (what a course is)
ONE_COURSE = caseless(r"\b(?:have|has|receive|receives|get|gets|given(?:\s+as)?|is)\s+(?:only\s+)?"
                       r"(?:one|a\s+single|a\s+one-off|only\s+one)\s+course\b(?!\s+(?:of|lasts?|takes|is|=)\b)")


def single_course(text: str) -> Amount | None:
    """The length of a course given once only (see SINGLE_COURSE); None when the text says no such thing."""
    m = SINGLE_COURSE.search(text)
    if not m:
        return None
    if m.group("days"):
        return Amount(Decimal(m.group("days")), "d")
    n = to_count(m.group("n"))
    return Amount(Decimal(n), "d" if m.group("unit").lower() == "day" else "wk") if n else None


# the interval of tests or visits, no cycle: "You will have liver blood tests ... every two weeks for the first two months",
# "scans every 12 weeks", "check-ups every 3 months"; a sentence that names a cycle, a dose or the treatment's repeat is
# not of this kind ("blood tests before each cycle, which is repeated every 3 weeks")
_MONITORING = caseless(r"\b(?:blood\s+tests?|tests?|scans?|check-?ups?|checks|monitor(?:ed|ing)?|appointments?|"
                       r"x-rays?|echocardiograms?|ecgs?)\b")
_TREATMENT_WORDS = caseless(r"\b(?:cycles?|courses?|doses?|dosing|infusions?|injections?|tablets|capsules|given|repeat(?:ed|s)?|"
                            r"treatment|chemo(?:therapy)?)\b|\d\s*(?:mg|mcg|g)\b")


def _not_monitoring(text: str, m: re.Match | None) -> re.Match | None:
    """The match, unless the sentence it stands in is about tests or visits and says nothing of the treatment."""
    if m is None:
        return None
    start = max(text.rfind(". ", 0, m.start()), text.rfind("; ", 0, m.start())) + 1
    end = min((i for i in (text.find(". ", m.end()), text.find("; ", m.end())) if i >= 0), default=len(text))
    sentence = text[start:end]
    if _MONITORING.search(sentence) and not _TREATMENT_WORDS.search(sentence):
        return None
    return m


@pure()
def cycle_length(text: str) -> Amount | None:
    """'every 21 days', 'every 3 weeks', '28-day cycles', '3 weeks on, 1 week off', 'daily for 14 days then 7 days off'."""
    if not _LENGTH_HINT.search(text):
        return None  # no wording of a cycle length can be there: the scans are skipped
    on_off = on_off_cycle(text)
    if on_off:
        return on_off[1]
    if WEEKLY_FOR.search(text) or DAYS_OF_EACH_WEEK.search(text):
        return Amount(Decimal(1), "wk")
    m = WEEKLY_DOSES.search(text)
    if m:
        k = to_count(m.group("k")) if m.group("k") and not m.group("n2") else 1
        if k:
            return Amount(Decimal(k), "wk")
    if weekly_total(text):
        return Amount(Decimal(1), "wk")
    length = _length(CYCLE_N_DAY.search(text)) or _length(_not_monitoring(text, CYCLE_EVERY.search(text))) \
        or _length(_not_monitoring(text, CYCLE_OTHER.search(text))) or single_course(text)
    if length is None:
        m = N_MONTHLY.search(text)
        if m and to_count(m.group("n")):
            return Amount(Decimal(to_count(m.group("n"))), "mo")  # "3-monthly", as "3-weekly" is every 3 weeks
        if MONTHLY_CYCLE.search(text):
            return Amount(Decimal(1), "mo")
    if length is not None and length.unit == "wk":
        m = WEEKS_AS_DAYS.search(text)
        weeks = 2 if m and m.group("fortnight") else to_count(m.group("weeks")) if m else None
        if m and weeks == length.value and int(m.group("days")) == 7 * length.value:
            return Amount(Decimal(m.group("days")), "d")
    return length


# "3 weeks on, 1 week off", "4 weeks on treatment followed by 2 weeks off", "14 days on and 7 days off"
ON_OFF = re.compile(
    rf"\b(?P<on>{_COUNT})\s+(?P<u1>weeks?|days?)\s+(?:on(?:\s+(?:treatment|therapy))?|of\s+treatment)\s*(?:,|;|/)?\s*(?:and\s+then|and|then|followed\s+by)?\s*"
    rf"(?:a\s+)?(?P<off>{_COUNT})[\s-]+(?P<u2>weeks?|days?)\s+(?:off|of\s+rest|without\s+treatment|treatment[- ]free|rest|break)\b",
    re.IGNORECASE,
)
# "daily for 14 days, then 7 days off"; "once a day for 21 days followed by 7 days without treatment"
DAILY_FOR = caseless(
    rf"\b(?:daily|each\s+day|every\s+day|once\s+(?:a|per)\s+day|(?:twice|two\s+times|three\s+times)\s+(?:a|per|each)\s+day|twice\s+daily|"
    rf"(?:once|twice|three\s+times)\s+daily|bid|tid|b\.i\.d\.|t\.i\.d\.)\s*,?\s*"
    # a short aside between: "once daily, with or without food, for 4 weeks in a row"
    rf"(?:(?:with|without|after|before|in|at)\s[^.,;]{{0,30}},\s*)?(?:for|[x×])\s*(?P<on>{_COUNT})\s+(?:consecutive\s+)?"
    rf"(?P<onunit>days|weeks)(?:\s+in\s+a\s+row)?"
    rf"(?:\s*(?:,|;)?\s*(?:then|followed\s+by|and\s+then)\s+(?:(?:a\s+)?(?P<off>{_COUNT}|(?<=a\s))?[\s-]*(?P<offunit>days?|weeks?)\s+"
    rf"(?:off|of\s+rest|without\s+treatment|rest|break|pause|gap)"
    # "..., then stop for 2 weeks", "followed by no treatment for 7 days", "then a break of 2 weeks"
    rf"|(?:stop(?:ping)?|no\s+(?:treatment|tablets|capsules)|(?:have\s+|take\s+)?a\s+(?:break|rest)|rest)\s+(?:for|of)\s+"
    rf"(?P<off2>{_COUNT})\s+(?P<offunit2>days?|weeks?)))?",
)


# a rest after the days of a dose, cut off by 'then' ('Days 1 to 21, then 7 days off', '..., followed by a 7-day break',
# 'then a week without treatment'): the rest of the days before it, never a dose line of its own
REST_CLAUSE = re.compile(
    rf"^\s*(?:a\s+|an\s+)?(?:(?P<n>{_COUNT})[\s-]+)?(?P<unit>days?|weeks?)\s+(?:off(?:\s+(?:treatment|tablets|capsules))?"
    rf"|of\s+rest|without\s+(?:any\s+)?(?:treatment|tablets|capsules)|treatment[- ]free|rest|break|pause|gap)\b"
    rf"|^\s*(?:a|an)\s+(?P<n2>{_COUNT})[\s-]+(?:day|week)\s+(?:break|rest|pause|gap)\b",
    re.IGNORECASE,
)


# days named as days without the medicine ('Days 6 and 7, and days 13 to 28, are tablet-free', 'Days 22 to 28 are rest
# days', 'no tablets on days 15 to 28'): never days it is given
OFF_DAYS = re.compile(r"\b(?:are|is)\s+(?:(?:tablet|capsule|treatment|drug|chemo(?:therapy)?|medicine)[- ]free|(?:a\s+)?rest\s+days?|"
                      r"(?:a\s+)?break|off|(?:days?\s+)?without\s+(?:any\s+)?(?:tablets|capsules|treatment))\b"
                      r"|\bno\s+(?:tablets|capsules|treatment|medicine)\s+(?:is\s+taken\s+|are\s+taken\s+)?on\s+days?\b"
                      r"|\b(?:rest|break)\s+(?:on|from)\s+days?\b", re.IGNORECASE)


def without_off_days(text: str) -> str:
    """The text without its sentences naming days off ('Days 6 and 7, and days 13 to 28, are tablet-free.'), so the
    days read from it are the days the medicine is given."""
    parts = re.split(r"(?<=[.;])\s+", text)
    kept = [p for p in parts if not (OFF_DAYS.search(p) and DAYS.search(p))]
    return " ".join(kept)


def _in_days(n: int, unit: str) -> int:
    return n * 7 if unit.lower().startswith("week") else n


@pure(copy=copy_pair_list)
def on_off_cycle(text: str) -> tuple[list[int], Amount] | None:
    """Treatment days and cycle length from 'N weeks on, M weeks off' or 'daily for N days then M days off'.
    The cycle length is on + off (in the unit the page uses when both agree). Given once a week for N weeks,
    the treatment days are the first day of each of those weeks."""
    lower = text.lower()
    if "off" not in lower and "rest" not in lower and "without" not in lower and "free" not in lower \
            and "break" not in lower and "out of" not in lower and "stop" not in lower and "no " not in lower \
            and "pause" not in lower and "gap" not in lower:
        return None  # every on/off wording names the time off
    m = WEEKLY_ON_OFF.search(text)
    if m:
        on = to_count(m.group("on"))
        if m.group("total"):
            total = to_count(m.group("total"))
            off = total - on if total and on and total > on else None
        else:
            off = to_count(m.group("off"))
        if not on or off is None:
            return None
        return [1 + 7 * i for i in range(on)], Amount(Decimal(on + off), "wk")
    m = ON_OFF.search(text)
    if m:
        on, off = to_count(m.group("on")), to_count(m.group("off"))
        if on is None or off is None:
            return None
        u1, u2 = m.group("u1").lower(), m.group("u2").lower()
        if u1.startswith("week") and u2.startswith("week"):
            length = Amount(Decimal(on + off), "wk")
        else:
            length = Amount(Decimal(_in_days(on, u1) + _in_days(off, u2)), "d")
        return list(range(1, _in_days(on, u1) + 1)), length
    m = DAILY_FOR.search(text)
    if m and (m.group("offunit") or m.group("offunit2")):
        on = to_count(m.group("on"))
        off_unit = m.group("offunit") or m.group("offunit2")
        off_text = m.group("off") or m.group("off2")
        off = to_count(off_text) if off_text else 1  # 'followed by a week off'
        if on is None or off is None:
            return None
        on_days, off_days = _in_days(on, m.group("onunit")), _in_days(off, off_unit)
        if m.group("onunit").lower().startswith("week") and off_unit.lower().startswith("week"):
            return list(range(1, on_days + 1)), Amount(Decimal(on + off), "wk")
        return list(range(1, on_days + 1)), Amount(Decimal(on_days + off_days), "d")
    return None


# a sentence after a dose line giving the time off: "Then take no sunitinib for 2 weeks.", "Then stop for 7 days.",
# "Then you have a week off.", "After that, there is a 7-day break."
_OFF_LEAD = r"^(?:then|after\s+(?:that|this)|afterwards|this\s+is\s+followed\s+by|followed\s+by)\s*,?\s*"
TIME_OFF = re.compile(
    _OFF_LEAD + rf"(?:(?:you\s+)?(?:take|have|get)\s+no\s+(?:[\w-]+\s+){{0,2}}for\s+(?P<n1>{_COUNT})\s+(?P<u1>days?|weeks?)"
    rf"|(?:you\s+)?stop(?:\s+(?:taking\s+)?(?:it|them|the\s+[\w-]+|[\w-]+))?\s+for\s+(?P<n2>{_COUNT})\s+(?P<u2>days?|weeks?)"
    rf"|(?:you\s+)?(?:have|take|get)\s+(?:a\s+)?(?P<n3>{_COUNT})?[\s-]*(?P<u3>days?|weeks?)\s+(?:off|break|rest|without\s+treatment)"
    rf"|(?:there\s+is\s+)?(?:a\s+)?(?P<n4>{_COUNT})?[\s-]*(?P<u4>day|week)\s+(?:break|rest|gap|off))\b[^.]*\.?$",
    re.IGNORECASE)


def time_off(sentence: str) -> tuple[int, str] | None:
    """(N, 'd' or 'wk') from a sentence that only gives the time off after the dose line before it; None otherwise."""
    m = TIME_OFF.match(sentence.strip())
    if not m:
        return None
    k = next(i for i in "1234" if m.group("u" + i))
    n = to_count(m.group("n" + k)) if m.group("n" + k) and m.group("n" + k).lower() != "a" else 1
    if not n:
        return None
    return n, "wk" if m.group("u" + k).lower().startswith("w") else "d"


def daily_for_days(text: str) -> list[int] | None:
    """'daily for 7 days' -> days 1..7 (the days of a cycle when no day numbers are given)."""
    m = DAILY_FOR.search(text)
    if not m:
        return None
    n = to_count(m.group("on"))
    return list(range(1, _in_days(n, m.group("onunit")) + 1)) if n else None


# "cycles 2 to 6", "cycles 3-5", "cycles 1 through 4", "cycle 1"
# also in words: "cycles one to four", "cycle one"
CYCLE_SPAN = re.compile(rf"\bcycles?\s+(?P<lo>\d+|(?:{_COUNT})\b)(?:\s*(?:-|–|to|through|and)\s*(?P<hi>\d+|(?:{_COUNT})\b))?\b"
                        r"(?!\s*(?:days?|weeks?|mg|%|times|doses))", re.IGNORECASE)


# "From cycle 7", "cycle 7 onwards", "cycles 7+", "cycle 7 and beyond", "Cycle 2 and onwards": a phase that starts at a cycle and
# has no stated end (not "from cycle 2 to 6", which is a span)
# "After cycle 6: bevacizumab on its own", "After the 6th cycle": from the cycle after it (7), no stated end
CYCLE_FROM = re.compile(r"\bfrom\s+cycle\s+(?P<a>\d+)\b(?!\s*(?:-|–|to|through|until)\s*\d)"
                        r"|\bcycles?\s+(?P<b>\d+)\s*(?:\+|\bonwards?\b|\band\s+(?:after|beyond|later|on|onwards?|every\s+cycle\s+after)\b)"
                        r"|^\s*after\s+(?:cycle\s+(?P<c>\d+)|the\s+(?P<d>\d+)(?:st|nd|rd|th)\s+cycle)\b"
                        r"(?!\s*(?:-|–|to|through|until|and)\s*\d)", re.IGNORECASE)


def cycle_from(text: str) -> int | None:
    """'From cycle 7: antibodies only' -> 7; 'After cycle 6: ...' -> 7; 'Cycles 2 to 6' or 'Cycle 7' -> None."""
    m = CYCLE_FROM.search(text)
    if not m:
        return None
    after = m.group("c") or m.group("d")
    n = int(after) + 1 if after else int(m.group("a") or m.group("b"))
    return n if n >= 1 else None


def cycle_span(text: str) -> tuple[int, int] | None:
    """'cycles 2 to 6' -> (2, 6); 'Cycle 1' -> (1, 1)."""
    m = CYCLE_SPAN.search(text)
    if not m:
        return None
    lo = to_count(m.group("lo"))
    hi = to_count(m.group("hi")) if m.group("hi") else lo
    if lo is None or hi is None or lo < 1 or hi < lo or hi - lo > 100:
        return None
    return lo, hi


# a phase label counting the doses, one a cycle: "Treatments 2 to 18", "Doses 2-6", "Treatment 1 (loading dose)"
TREATMENT_SPAN = re.compile(r"^\s*(?:treatments?|doses?|infusions?)\s+(?P<lo>\d+)(?:\s*(?:-|–|to|through)\s*(?P<hi>\d+))?"
                            r"\s*(?:\(|:|$)", re.IGNORECASE)


# a phase label that is weeks alone: 'Week 1', 'Weeks 2 to 12', 'Weeks 3-8:' (a tab, caption or heading over dose lines)
WEEK_SPAN_LABEL = re.compile(r"^\s*weeks?\s+(?P<lo>\d+)(?:\s*(?:-|–|to|through)\s*(?P<hi>\d+))?\s*:?\s*$", re.IGNORECASE)


def week_span(label: str) -> tuple[int, int] | None:
    """'Weeks 2 to 12' -> (2, 12); 'Week 1' -> (1, 1); None for any other label ('Week 1 – loading dose' says more)."""
    m = WEEK_SPAN_LABEL.match(label or "")
    if not m:
        return None
    lo, hi = int(m.group("lo")), int(m.group("hi") or m.group("lo"))
    return (lo, hi) if 1 <= lo <= hi and hi - lo <= 520 else None


def treatment_span(label: str) -> tuple[int, int] | None:
    """'Treatments 2 to 18' -> (2, 18): the doses a phase label counts, one per cycle; None otherwise."""
    m = TREATMENT_SPAN.match(label or "")
    if not m:
        return None
    lo, hi = int(m.group("lo")), int(m.group("hi") or m.group("lo"))
    return (lo, hi) if 1 <= lo <= hi and hi - lo <= 100 else None


# 'after two or three cycles you have a scan': when something happens, no count of cycles
FOR_CYCLES_RANGE = caseless(rf"\b(?<!after\s)(?:for\s+|between\s+)?(?P<lo>{_COUNT})\s*(?:-|–|to|or|and)\s*(?P<hi>{_COUNT})\s+(?:more\s+)?(?:cycles?|courses)\b")
TOTAL_CYCLES = caseless(rf"\b(?:a\s+total\s+of|total\s+of|(?:given|repeated|give)\s+for)\s+(?P<value>{_COUNT})\s+(?:cycles?|courses?)\b"
                          rf"|\b(?P<value2>{_COUNT})\s+(?:cycles?|courses?)\s+(?:in\s+(?:total|all)|altogether|overall)\b"
                          rf"|\b(?P<value3>one|a\s+single|single)\s+(?:\d+\s*-\s*(?:day|week)\s+)?cycle\b(?!\s*(?:=|:|is\b|lasts?\b|takes\b))"
                          rf"|\b(?P<value4>{_COUNT})\s+cycles?\s+(?:\([^()]*\)\s+)?(?:are|is)\s+(?:usually\s+|normally\s+|typically\s+)?"
                          rf"(?:given|planned|needed)\b"
                          rf"|\(\s*(?P<value5>\d+|{_COUNT})\s+cycles?\s*(?:[,;)]|$)"
                          # one dose per cycle: "4 doses, every 3 weeks", "every 3 weeks for 4 doses"
                          rf"|\b(?P<value6>{_COUNT})\s+doses?\s*,?\s*(?:given\s+)?every\s+(?:{_COUNT})\s+(?:days?|weeks?)\b"
                          # "every 3 weeks, for a total of 4 doses"
                          rf"|\bevery\s+(?:{_COUNT})\s+(?:days?|weeks?)\s*,?\s+for\s+(?:a\s+total\s+of\s+)?(?P<value7>{_COUNT})\s+doses\b"
                          # "6 cycles (18 weeks)": the count with the time it takes
                          rf"|\b(?P<value8>{_COUNT})\s+cycles?\s*\(\s*(?:about\s+|around\s+)?(?:{_COUNT})\s+(?:weeks|months)\s*\)"
                          # "x 6 cycles", "× 4 cycles", "x6 cycles"; "q3weeks x 6", "every 21 days x 4" (the count after
                          # the cycle length)
                          rf"|(?<![\w])[x×]\s*(?P<value9>\d+)\s+cycles?\b"
                          rf"|(?:\bq\s?\d{{1,2}}\s?(?:d|days?|w|wks?|weeks?)|\bevery\s+\d{{1,2}}\s+(?:days?|weeks?)"
                          # "21-day cycle x 4", "Cycle: 28 days × 6"
                          rf"|\b\d{{1,2}}[-\s](?:day|week)\s+cycles?|\bcycles?\s*:?\s*\d{{1,2}}\s+(?:days?|weeks?))\s*[x×]\s*"
                          rf"(?P<value12>\d{{1,2}})\b(?!\s*(?:days?|weeks?|doses?|mg|%))"
                          # "four times in all", "4 times altogether", "six times in total": the count of the cycles
                          rf"|\b(?P<value10>{_COUNT})\s+times\s+(?:in\s+(?:total|all)|altogether|overall)\b"
                          # "You have EC four times, every 3 weeks", "it is given 6 times": not "3 times a day"
                          rf"|\b(?:given|repeated\s+for\s+a\s+total\s+of|have|has|receive|get)\s+(?:[A-Za-z-]+\s+)?(?P<value11>{_COUNT})\s+times\b"
                          rf"(?!\s+(?:a|per|each|every|daily|weekly)\b)")
# "Number of cycles: 6", "Cycles: 4-6", "Give 6 cycles", "a course of six cycles", "6 cycles planned", "for six
# 21-day cycles", "repeated for 6 courses": counts in the words of fields, instructions and summaries
COUNT_FIELD = caseless(
    rf"\b(?:(?:number|no\.?)\s+of\s+(?:cycles|courses)|total\s+(?:cycles|courses)|planned\s+(?:cycles|courses)|cycles|courses)"
    rf"\s*[:=]\s*(?P<lo>{_COUNT})(?:\s*(?:-|–|to)\s*(?P<hi>{_COUNT}))?\b(?!\s*(?:-|–)?\s*(?:days?|weeks?|wks?|d\b|mg|%))"
    rf"|\b(?:give|gives|have|has|receive|receives|get|gets)\s+(?P<v2>{_COUNT})\s+(?:cycles|courses)\b"
    # "Treatment is 6 cycles", "A course is normally 6 cycles" (not "a course is 21 days")
    rf"|\b(?:treatment|therapy|(?:a|the|your|each)\s+course)\s+is\s+(?:usually\s+|normally\s+|typically\s+|generally\s+)?"
    rf"(?P<v3>{_COUNT})\s+(?:cycles|courses)\b"
    rf"|\bcourse\s+of\s+(?P<v4>{_COUNT})\s+cycles\b"
    rf"|\b(?P<v5>{_COUNT})\s+(?:cycles|courses)\s+(?:are\s+)?(?:planned|total|overall)\b"
    rf"|\b(?:given|repeated)?\s*for\s+(?P<v6>{_COUNT})\s+(?:(?:\d+|{_COUNT})\s*-?\s*(?:day|week)\s+cycles|courses)\b")
# "twelve weekly doses", "12 weekly infusions": N doses a week apart (a one-week cycle, N times); "four 3-weekly
# cycles", "six three-weekly treatments": N cycles of K weeks
# The count in words only: "12 weekly doses" may be read as "12-weekly" (every 12 weeks) and "2 weekly doses" as
# fortnightly; the length of each cycle joined to "weekly" by a hyphen ("four 3-weekly cycles") or in words.
WEEKLY_DOSES = caseless(rf"\b(?P<n>(?:{_COUNT_WORDS})\b)\s+(?:(?P<k>\d+(?=-)|(?:{_COUNT_WORDS})\b)[\s-]+)?weekly\s+"
                          r"(?:doses|infusions|injections|treatments|cycles|courses|sessions)\b"
                          # "12 doses in total, one each week", "twelve infusions, once a week"
                          rf"|\b(?P<n2>\d+|(?:{_COUNT})\b)\s+(?:doses|infusions|injections|treatments)\s*(?:in\s+(?:total|all)\s*)?"
                          r",?\s*(?:given\s+)?(?:one|once)\s+(?:a|each|every)\s+week\b")
# "Cisplatin 40 mg/m2 ..., once a week while you are having radiotherapy. Most people have 6 or 7 doses in total.":
# given once a week, with the number of doses said apart from it: one-week cycles, that many (a range: its ends). The
# weekly wording and the count must both be there ('taken once a week on days 1, 8, 15 and 22' of a 28-day cycle states
# no count and is left alone; '6 doses' without 'in total' is no count either)
_ONCE_WEEKLY = caseless(r"\b(?:once\s+(?:a|each|every|per)\s+week|every\s+week|each\s+week)\b")
WEEKLY_TOTAL = caseless(rf"\b(?P<lo>\d+|(?:{_COUNT})\b)\s+(?:or|to|-|–)\s+(?P<hi>\d+|(?:{_COUNT})\b)\s+"
                        r"(?:doses|infusions|injections|treatments)\b(?:\s+(?:in\s+(?:total|all)|altogether))?"
                        rf"|\b(?P<n>\d+|(?:{_COUNT})\b)\s+(?:doses|infusions|injections|treatments)\s+(?:in\s+(?:total|all)|altogether)\b")


def weekly_total(text: str) -> tuple[int, int | None] | None:
    """(count, countMax) of one-week cycles from a weekly dose with its number of doses (see WEEKLY_TOTAL)."""
    if not _ONCE_WEEKLY.search(text):
        return None
    m = WEEKLY_TOTAL.search(text)
    if not m:
        return None
    if m.group("n"):
        n = to_count(m.group("n"))
        return (n, None) if n else None
    lo, hi = to_count(m.group("lo")), to_count(m.group("hi"))
    return (lo, hi) if lo and hi and hi > lo else None


_IN_TOTAL = caseless(r"\b(?:in\s+(?:total|all)|altogether)\b")


def doses_in_total(text: str) -> tuple[int, int | None] | None:
    """(count, countMax) from 'which means 12 doses in total', '6 or 7 infusions in all': the number of doses a sentence
    gives, said 'in total' (no weekly wording needed; whether they count cycles is the caller's to decide: only where
    each cycle has one dose). None otherwise."""
    m = WEEKLY_TOTAL.search(text)
    if not m or not _IN_TOTAL.search(m.group(0)):
        return None
    if m.group("n"):
        n = to_count(m.group("n"))
        return (n, None) if n else None
    lo, hi = to_count(m.group("lo")), to_count(m.group("hi"))
    return (lo, hi) if lo and hi and hi > lo else None


AT_LEAST_CYCLES = caseless(rf"\b(?:at\s+least|a\s+minimum\s+of|minimum\s+of)\s+(?P<value>{_COUNT})\s+(?:cycles?|courses?)\b")


# "this 6-week pattern is one cycle", "each 21-day block makes one cycle": the length of a cycle defined, no count ("is
# one cycle of 28 days" is a count)
# "These three weeks make up one cycle": what a cycle is, never a count of one
CYCLE_DEFINITION = re.compile(r"\b(?:is|makes?(?:\s+up)?|forms?|equals|counts\s+as|=)\s+(?:one|a|1)\s+(?:single\s+)?cycle\b"
                              r"(?!\s+(?:of|lasting|over|only|in\s+total))", re.IGNORECASE)
_WITHIN_DAY = re.compile(r"\b(?:daily|a\s+day|per\s+day|each\s+day|every\s+day|hours?|hrs?|bid|tid)\b", re.IGNORECASE)


# "only one cycle of capsules at a time", "two cycles' supply at a time": the amount handed out at once, no count
_AT_A_TIME = re.compile(r"(?:'s?|s')?(?:\s+(?:of|worth\s+of)\s+(?:\w+\s+){0,2}?\w+|\s+supply)?\s+at\s+(?:a|any\s+one)\s+time\b",
                        re.IGNORECASE)


# "will check how the cancer is responding after every two or three cycles", "a scan every 3 cycles": how often
# something happens, counted in cycles; never how many cycles there are
EVERY_N_CYCLES = re.compile(rf"\b(?:after\s+)?every\s+(?:{_NUM}|{_COUNT})(?:\s*(?:or|to|-|–)\s*(?:{_NUM}|{_COUNT}))?\s+"
                            r"(?:cycles|courses|treatments)\b", re.IGNORECASE)


@pure()
def cycle_count(text: str) -> tuple[int, int | None] | None:
    """(count, countMax) from 'for 4 cycles' (4, None), '4 to 6 cycles' (4, 6), 'up to 6 cycles' (1, 6),
    'at least 6 cycles' (6, None), 'a total of 8 cycles' (8, None). None when the text gives no count."""
    text = EVERY_N_CYCLES.sub(" ", text) if "every" in text.lower() else text
    lower = text.lower()
    if "cycle" not in lower and "dose" not in lower and "week" not in lower and "course" not in lower \
            and "times" not in lower and not re.search(r"[x×]\s*\d", lower):
        return None  # every count wording names cycles, doses, weeks or times: the scan is skipped
    m = FOR_CYCLES_RANGE.search(text)
    if m:
        lo, hi = to_count(m.group("lo")), to_count(m.group("hi"))
        if lo and hi and hi > lo:
            return lo, hi
    up = cycles_up_to(text)
    if up:
        return 1, up
    m = AT_LEAST_CYCLES.search(text)
    if m and to_count(m.group("value")):
        return to_count(m.group("value")), None
    m = TOTAL_CYCLES.search(text)
    if m and (m.group("value10") or m.group("value11")) and _WITHIN_DAY.search(text):
        m = None  # "twice a day, 28 times in all": doses, not cycles
    if m and m.group("value3") and CYCLE_DEFINITION.search(text):
        m = None  # "This 6-week pattern (4 weeks on / 2 weeks off) is one cycle": what a cycle is, not how many
    if m and _AT_A_TIME.match(text, m.end()):
        m = None  # "you will be given only one cycle of capsules at a time": how much is handed out, not how many
    if m:
        one = m.group("value3")
        n = 1 if one else to_count(m.group("value") or m.group("value2") or m.group("value4") or m.group("value5")
                                   or m.group("value6") or m.group("value7") or m.group("value8") or m.group("value9")
                                   or m.group("value10") or m.group("value11") or m.group("value12"))
        if n:
            return n, None
    n = cycles_for(text)
    if n:
        return n, None
    if single_course(text) or ONE_COURSE.search(text):
        return 1, None
    m = COUNT_FIELD.search(text)
    if m and _AT_A_TIME.match(text, m.end()):
        m = None  # "you get two cycles worth of tablets at any one time": handed out at once, no count
    if m:
        if m.group("lo"):
            lo, hi = to_count(m.group("lo")), to_count(m.group("hi")) if m.group("hi") else None
            if lo and (hi is None or hi > lo):
                return lo, hi
        else:
            n = to_count(next(g for g in (m.group("v2"), m.group("v3"), m.group("v4"), m.group("v5"), m.group("v6")) if g))
            if n:
                return n, None
    m = WEEKLY_DOSES.search(text)
    if m and to_count(m.group("n") or m.group("n2")):
        return to_count(m.group("n") or m.group("n2")), None
    weekly = weekly_total(text)
    if weekly:
        return weekly
    m = WEEKLY_FOR.search(text)
    if m and to_count(m.group("value")):
        return to_count(m.group("value")), None
    m = WEEKLY_FOR_SPAN.search(text)
    if m:
        lo = to_count(m.group("lo") or m.group("lo2"))
        hi = to_count(m.group("hi") or m.group("hi2")) if (m.group("hi") or m.group("hi2")) else None
        if lo and (hi is None or hi > lo):
            return lo, hi
    return None


# --- frequency within a day -------------------------------------------------------------
FREQUENCIES = (
    # (pattern, times, period, period unit)
    (r"\b(?:every\s+6\s+(?:hours|hrs?|h)|q\s?6\s?h)(?!\w)", 1, 6, "h"),
    (r"\b(?:every\s+8\s+(?:hours|hrs?|h)|q\s?8\s?h)(?!\w)", 1, 8, "h"),
    (r"\b(?:every\s+12\s+(?:hours|hrs?|h)|q\s?12\s?h)(?!\w)", 1, 12, "h"),
    (r"\b(?:four\s+times\s+(?:a\s+|per\s+)?(?:day|daily)|qid|q\.i\.d\.|(?-i:QDS))(?!\w)", 4, 1, "d"),
    (r"\b(?:three\s+times\s+(?:a\s+|per\s+)?(?:day|daily)|three-times-daily|tid|t\.i\.d\.|(?-i:TDS))(?!\w)", 3, 1, "d"),
    (r"\b(?:twice\s+(?:a\s+|per\s+)?(?:day|daily)|twice-daily|two\s+times\s+(?:a\s+|per\s+)?day|bid|b\.i\.d\.|b\.d\.|(?-i:BD)|"
     r"(?:in\s+the\s+)?morning\s+and\s+(?:in\s+the\s+)?(?:evening|night))(?!\w)", 2, 1, "d"),
    (r"\b(?:once\s+(?:a\s+|per\s+)?day|once[\s-]daily|daily|every\s+day|each\s+day|q\.?d\.?|(?-i:OD)|every\s+24\s+(?:hours|hrs?))(?!\w)", 1, 1, "d"),
)
# weekly dosing is not a frequency within a day: it is written as days of a cycle or as a one-week cycle
_FREQ_RES = tuple((re.compile(p, re.IGNORECASE), n, per, unit) for p, n, per, unit in FREQUENCIES)
_NOT_FREQ = re.compile(r"\b(?:divided\s+)?(?:per\s+day|/day)\b", re.IGNORECASE)


def find_frequency(text: str) -> tuple[int, int, str, str] | None:
    """(times, period, period unit, page wording): 'twice daily' -> (2, 1, 'd', 'twice daily')."""
    for rx, n, per, unit in _FREQ_RES:
        m = rx.search(text)
        if m:
            return n, per, unit, m.group(0)
    return None


def cycles_up_to(text: str) -> int | None:
    m = UP_TO_CYCLES.search(text)
    return to_count(m.group("value")) if m else None


def cycles_for(text: str) -> int | None:
    m = FOR_CYCLES.search(text)
    return to_count(m.group("value")) if m else None


def cycles_after(text: str) -> int | None:
    m = AFTER_CYCLES.search(text)
    return to_count(m.group("value")) if m else None


# --- percentages ------------------------------------------------------------------
PERCENT_TAIL = re.compile(
    rf"\(\s*(?P<cmp><|>|≤|≥)?\s*(?P<value>{_NUM})\s*(?:(?:-|–|to)\s*(?P<high>{_NUM})\s*)?%\s*\)\s*\.?$"
)
PERCENT_ANY = re.compile(rf"(?P<cmp><|>|≤|≥)?\s*(?<![\d.,])(?P<value>{_NUM})\s*%?\s*(?:(?:-|–|to)\s*(?P<high>{_NUM})\s*)?%")
CATEGORY_WORDS = ("very common", "common", "less common", "uncommon", "rare", "very rare")


def _percent(m: re.Match, text: str) -> Percent:
    cmp_ = {"≤": "<=", "≥": ">="}.get(m.group("cmp") or "", m.group("cmp") or None)
    if m.group("high"):
        return Percent(low=to_decimal(m.group("value")), high=to_decimal(m.group("high")), text=text)
    return Percent(value=to_decimal(m.group("value")), comparator=cmp_, text=text)


# "66.8 per cent", "12 percent": the word after a number is a percent sign ("per cent of the dose" without a
# number before it, or "percentile", is not)
PERCENT_WORD = caseless(r"(?<=\d)\s*\b(?:per\s?cent|pct)\b(?!ile)")


# "Twelve percent of patients", "twenty-one per cent": the number in words
WORD_PERCENT = caseless(rf"\b(?P<n>(?:{_COUNT_WORDS}))\s+(?:per\s?cent)\b(?!ile)")


def has_percent_words(text: str) -> bool:
    return bool(PERCENT_WORD.search(text) or WORD_PERCENT.search(text))


def percent_words(text: str) -> str:
    """'Hair loss: 60.9 per cent' -> 'Hair loss: 60.9%', 'Twelve percent' -> '12%'; text without such a number is
    returned unchanged."""
    text = WORD_PERCENT.sub(lambda m: f"{to_count(m.group('n'))}%" if to_count(m.group("n")) is not None else m.group(0),
                            text)
    return PERCENT_WORD.sub("%", text)


# "Bleeding (37 %), mostly nosebleeds", "Rash (20%) – usually mild", "Diarrhoea (30%); rarely severe": words after the
# bracketed figure that describe the effect; they hold no figure of their own and start in lower case
FIGURE_ASIDE = re.compile(rf"(?<=%\))\s*(?:,|;|\s[-–]\s)\s*(?P<aside>[a-z][^%\d()]{{0,80}}?)\.?$")


# when an effect comes, after its name: 'Leukaemia caused by the treatment, years later', 'Hair loss – usually starting
# 2 to 3 weeks after the first treatment', 'Heart damage, sometimes months after treatment' (no bracket after it)
EFFECT_TIME_ASIDE = re.compile(
    r"(?:,|\s+[–—-])\s+(?P<aside>(?:(?:usually|often|sometimes|mostly|typically|even|possibly|generally|rarely)\s+)?"
    r"(?:(?:starting|starts|beginning|begins|coming\s+on|appearing|developing|happening)\s+)?"
    r"(?:about\s+|around\s+|up\s+to\s+|within\s+|from\s+)?"
    r"(?:\d+(?:\s*(?:to|-|–)\s*\d+)?\s+|a\s+few\s+|many\s+|several\s+|some\s+)?"
    r"(?:years?|months?|weeks?|days?|hours?)\s+(?:later|after(?:wards)?|into)\b[^()]*)$", re.IGNORECASE)


def cut_time_aside(text: str) -> tuple[str, str | None]:
    """('Hair loss', 'usually starting 2 to 3 weeks after the first treatment') from 'Hair loss – usually starting 2 to 3
    weeks after the first treatment'; (text, None) when no such aside ends it."""
    m = EFFECT_TIME_ASIDE.search(text)
    if not m or not text[: m.start()].strip():
        return text, None
    return text[: m.start()].rstrip(), m.group("aside").rstrip(" .")


def cut_figure_aside(text: str) -> tuple[str, str | None]:
    """('Bleeding (37 %)', 'mostly nosebleeds') from 'Bleeding (37 %), mostly nosebleeds'; (text, None) otherwise."""
    m = FIGURE_ASIDE.search(text)
    if not m:
        return text, None
    return text[: m.start()], m.group("aside")


def split_trailing_percent(text: str) -> tuple[str, Percent] | None:
    """'Nausea (32%)' -> ('Nausea', Percent(32)). None when no trailing percentage."""
    m = PERCENT_TAIL.search(text)
    if not m:
        return None
    head = text[: m.start()].strip().rstrip(",:;-").strip()
    return head, _percent(m, m.group(0).strip())


# "As for day 8 of cycle 1.", "Same as cycle 1", "As in day 1": a note pointing to another row of the schedule; the
# day and cycle it names are that row's, not days of this one
CROSS_REFERENCE = re.compile(r"^\s*(?:as\s+(?:for|in|on)|same\s+as)\s+(?:day|cycle|course)s?\s+\d+(?:\s+of\s+(?:cycle|course)\s+\d+)?"
                             r"\s*[.;]?\s*$", re.IGNORECASE)


def per_hundred(pct: Percent) -> Percent:
    """A rate given out of a hundred ('About 6 in 100 people had to stop') is that many per cent, exactly: the
    share as a percentage. Any other ratio ('1 in 3') stays the ratio the page gives."""
    if pct.is_ratio and pct.denominator == 100:
        return Percent(value=Decimal(pct.numerator), comparator=pct.comparator, text=pct.text)
    return pct


def find_percent(text: str) -> Percent | None:
    m = PERCENT_ANY.search(text)
    return _percent(m, m.group(0).strip()) if m else None


_CMP_PHRASE = re.compile(r"\b(?P<w>less than|fewer than|under|more than|over|greater than|up to|at most|at least)\s+(?=\d)", re.IGNORECASE)
_CMP_PHRASES = {"less than": "<", "fewer than": "<", "under": "<", "more than": ">", "over": ">", "greater than": ">",
                "up to": "<=", "at most": "<=", "at least": ">=", "above": ">", "below": "<"}
# who a ratio counts: 'people', 'patients', and on a page for one sex 'men' / 'women' ('about 1 in 4 men')
_POPULATION = r"(?:people|patients|persons|adults|children|men|women)"
# '1 in 4 days', 'more than 1 in 3 cycles': a ratio of time or of treatments, no ratio of people
_NOT_OF_TIME = r"(?!\s+(?:hours?|days?|weeks?|months?|years?|doses?|cycles?|courses?|treatments?|infusions?|tablets?)\b)"
ONE_IN = re.compile(rf"\b(?:in\s+)?(?:about\s+|around\s+|roughly\s+|approximately\s+|nearly\s+)?(?P<num>{_COUNT})\s+(?:in|out\s+of)\s+(?:every\s+)?"
                    rf"(?P<den>{_COUNT}|(?:a|one)\s+hundred|hundred)\b{_NOT_OF_TIME}(?:\s+{_POPULATION})?", re.IGNORECASE)
# "28 to 36 in every 100 patients", "between 2 and 3 in 10 people"
ONE_IN_RANGE = re.compile(rf"\b(?:in\s+)?(?:between\s+)?(?P<lo>{_COUNT})\s*(?:-|–|to|and)\s*(?P<hi>{_COUNT})\s+(?:in|out\s+of)\s+(?:every\s+)?"
                          rf"(?P<den>{_COUNT}|(?:a|one)\s+hundred|hundred)\b(?:\s+{_POPULATION})?",
                          re.IGNORECASE)
CATEGORY = re.compile(r"\b(?P<word>very\s+common|less\s+common|uncommon|common|very\s+rare|rare|frequent|infrequent|occasional)\b",
                      re.IGNORECASE)
# lay leaflets' middle tier: "common / occasional / rare" is "common / less common / rare"
_CATEGORY_ALIASES = {"frequent": "common", "infrequent": "less common", "occasional": "less common"}
# "Each of these effects happens in more than 10 in 100 people (10%).": what a group heading means, not an effect
GROUP_DEFINITION = re.compile(r"^(?:each\s+of\s+)?(?:these|the\s+following|the\s+side\s+effects?\s+(?:below|listed))\s+"
                              r"(?:side[\s-]+)?(?:effects?\s+)?(?:each\s+)?(?:happens?|occurs?|affects?|may\s+affect|are\s+seen|were\s+seen)\b",
                              re.IGNORECASE)


# bands of a ratio: "more than 1 in 10 people", "over 9 in 10", "fewer than 1 in 100", "up to 1 in 1,000"; and between two
# ratios: "between 1 in 10 and 1 in 100 people"
RATIO_BAND = re.compile(rf"\b(?P<w>more\s+than|over|greater\s+than|at\s+least|above|fewer\s+than|less\s+than|under|up\s+to|"
                        rf"at\s+most|below)\s+(?P<num>{_COUNT})\s+(?:in|out\s+of)\s+(?:every\s+)?(?P<den>\d{{1,3}}(?:,\d{{3}})*|{_COUNT})\b"
                        rf"{_NOT_OF_TIME}(?:\s+{_POPULATION})?", re.IGNORECASE)
RATIO_BETWEEN = re.compile(rf"\bbetween\s+(?P<n1>{_COUNT})\s+in\s+(?P<d1>\d{{1,3}}(?:,\d{{3}})*|{_COUNT})\s+and\s+"
                           rf"(?P<n2>{_COUNT})\s+in\s+(?P<d2>\d{{1,3}}(?:,\d{{3}})*|{_COUNT})\b"
                           rf"(?:\s+{_POPULATION})?", re.IGNORECASE)
# "almost everyone", "most people", "the majority of patients": more than half, so a very common effect (1 in 10 or
# more); only the category is kept, never a number
MOST_PEOPLE = re.compile(r"\b(?:(?:almost|nearly|virtually)\s+(?:everyone|everybody|all\s+(?:people|patients))|most\s+(?:people|patients)|"
                         r"the\s+(?:vast\s+)?majority\s+of\s+(?:people|patients))\b", re.IGNORECASE)


# "about half of people", "a quarter of patients", "two thirds of people": a fraction of the people treated
FRACTION_OF_PEOPLE = re.compile(r"\b(?P<f>half|(?:a|one)\s+third|(?:a|one)\s+quarter|two\s+thirds|three\s+quarters|"
                                r"(?:a|one)\s+fifth|(?:a|one)\s+tenth)\s+(?:of\s+)?(?:all\s+)?(?:the\s+)?"
                                r"(?:people|patients|adults|children|men|women|those\s+(?:treated|taking\s+it))\b", re.IGNORECASE)
# a band of a fraction: "more than half of people", "fewer than a quarter of patients", "up to a tenth": a bound with its
# comparator, as "more than 1 in 10" is, when the fraction is an exact percentage ('a third' is not: left unread)
FRACTION_BAND = re.compile(r"\b(?P<w>more\s+than|over|greater\s+than|at\s+least|above|fewer\s+than|less\s+than|under|"
                           r"up\s+to|at\s+most|below)\s+(?P<f>half|(?:a|one)\s+third|(?:a|one)\s+quarter|two\s+thirds|"
                           r"three\s+quarters|(?:a|one)\s+fifth|(?:a|one)\s+tenth)\b"
                           # of people, or the fraction alone before a stop ('Rash (up to a quarter)'); never 'more than
                           # half of the tablets', 'over half an hour'
                           r"(?:\s+(?:of\s+)?(?:all\s+)?(?:the\s+)?(?:people|patients|adults|children|men|women|"
                           r"those\s+(?:treated|taking\s+it))\b|(?=\s*(?:$|[).,;:–—-])))", re.IGNORECASE)
_FRACTIONS = {"half": (1, 2), "third": (1, 3), "quarter": (1, 4), "two thirds": (2, 3), "three quarters": (3, 4),
              "fifth": (1, 5), "tenth": (1, 10)}


def _ratio_percent(num_text: str, den_text: str) -> Decimal | None:
    """The percentage a ratio is, when it is exact to two decimals (1 in 10 -> 10, 1 in 1,000 -> 0.1); else None."""
    num, den = to_count(num_text), to_count(den_text.replace(",", "")) if den_text else None
    if not num or not den or num > den:
        return None
    value = Decimal(100) * num / den
    if value != value.quantize(Decimal("0.01")):
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _fraction(f: str) -> tuple[int, int]:
    words = f.lower().split()
    return _FRACTIONS[" ".join(words[-2:]) if words[0] in ("two", "three") else words[-1]]


def fraction_band(text: str) -> Percent | None:
    """'more than half of people' -> '> 50 %'; 'fewer than a quarter' -> '< 25 %'; 'up to a tenth' -> '<= 10 %': a
    bound with its comparator (the band rule). None when there is no such band, or its fraction is no exact percentage
    ('more than a third': not made into 33.33 %)."""
    m = FRACTION_BAND.search(text)
    if not m:
        return None
    num, den = _fraction(m.group("f"))
    value = _ratio_percent(str(num), str(den))
    if value is None:
        return None
    return Percent(value=value, comparator=_CMP_PHRASES[" ".join(m.group("w").lower().split())], text=m.group(0).strip())


@pure()
def ratio_band(text: str) -> Percent | None:
    """'more than 1 in 10 people' -> '> 10 %'; 'fewer than 1 in 100' -> '< 1 %' (a bound with its comparator, as '<1%'
    is kept); 'between 1 in 10 and 1 in 100' -> the range 1 % to 10 %. None when the ratio is no exact percentage."""
    m = RATIO_BETWEEN.search(text)
    if m:
        a, b = _ratio_percent(m.group("n1"), m.group("d1")), _ratio_percent(m.group("n2"), m.group("d2"))
        if a is None or b is None or a == b:
            return None
        return Percent(low=min(a, b), high=max(a, b), text=m.group(0).strip())
    m = RATIO_BAND.search(text)
    if not m:
        return None
    value = _ratio_percent(m.group("num"), m.group("den"))
    if value is None:
        return None
    # one end: the bound with its comparator ('> 10 %'), as '<1%' is kept; a bound, never a point
    return Percent(value=value, comparator=_CMP_PHRASES.get(" ".join(m.group("w").lower().split()), "<"),
                   text=m.group(0).strip())


@pure()
def incidence(text: str) -> Percent | None:
    """An incidence in any of the page wordings: '32%', '32 %', '<1%', '1-10%', '10 to 20%', 'less than 5%',
    '1 in 3 people', or only a word ('rare', 'common'). Numbers are kept exactly as given: a '1 in 3' stays a
    ratio (Percent.numerator/denominator), a word stays a category; nothing is computed or guessed."""
    m = PERCENT_ANY.search(text)
    if m:
        pct = _percent(m, m.group(0).strip())
        if pct.comparator is None and pct.value is not None:
            before = _CMP_PHRASE.search(text[max(0, m.start("value") - 14): m.start("value") + 1])
            if before:
                pct = Percent(value=pct.value, comparator=_CMP_PHRASES[before.group("w").lower()],
                              text=(before.group(0) + m.group(0).strip()).strip())
        return pct
    band = ratio_band(text)
    if band is not None:
        word = CATEGORY.search(text)  # "very common: more than 1 in 10 people": the page's word is kept with the band
        if word:
            w = " ".join(word.group("word").lower().split())
            band = Percent(value=band.value, low=band.low, high=band.high, comparator=band.comparator, text=band.text,
                           category_word=_CATEGORY_ALIASES.get(w, w))
        return band
    m = ONE_IN_RANGE.search(text)
    if m:
        # "28 to 36 in every 100 patients" is 28-36 %, as given; a range of another ratio ("2 to 3 in 10") has no
        # place in the model and is left unread (reported), never cut to one end
        lo, hi = to_count(m.group("lo")), to_count(m.group("hi"))
        den = 100 if m.group("den").lower().endswith("hundred") else to_count(m.group("den"))
        if den == 100 and lo is not None and hi is not None and lo < hi <= 100:
            return Percent(low=Decimal(lo), high=Decimal(hi), text=m.group(0).strip())
        return None
    m = ONE_IN.search(text)
    if m and (_CMP_PHRASE.search(text[max(0, m.start() - 14): m.start("num") + 1])
              or RATIO_BAND.search(text[max(0, m.start() - 14): m.end()])):
        m = None  # 'more than 1 in 10 people' is a band, not a ratio: only a category word, if any, is kept
    if m:
        num = to_count(m.group("num"))
        den = 100 if m.group("den").lower().endswith("hundred") else to_count(m.group("den"))
        if num and den and den >= num:
            return Percent(numerator=num, denominator=den, text=m.group(0).strip())
    band = fraction_band(text)
    if band is not None:
        return band
    m = FRACTION_OF_PEOPLE.search(text)
    if m and not re.search(r"\b(?:more|less|fewer|greater)\s+than\s*$|\b(?:over|under|up\s+to|at\s+least|at\s+most|above|"
                           r"below)\s*$", text[: m.start()], re.IGNORECASE):
        # 'about half of people', 'a quarter of patients': the fraction the page says, kept as a ratio (1 in 2, 1 in 4)
        num, den = _FRACTIONS[" ".join(m.group("f").lower().split()[-2:] if m.group("f").lower().startswith(("two", "three"))
                                       else m.group("f").lower().split()[-1:])]
        return Percent(numerator=num, denominator=den, text=m.group(0).strip())
    m = CATEGORY.search(text)
    if m:
        word = " ".join(m.group("word").lower().split())
        return Percent(category_word=_CATEGORY_ALIASES.get(word, word), text=m.group(0))
    m = MOST_PEOPLE.search(text)
    if m:
        return Percent(category_word="very common", text=m.group(0))
    return None


# "Nausea - 74%", "Nausea: 74 %", "Hair loss (about 1 in 3 people)", "Heart damage (rare)"
TRAILING_INCIDENCE = re.compile(
    r"^(?P<term>.+?)\s*(?:\((?P<paren>[^()]*(?:\d\s*%|%|\bin\s+\d+|\bhalf\s+of\b|\b(?:a|one|two|three)\s+(?:thirds?|quarters?|fifth|tenth)\s+of\b|\bin\s+(?:two|three|four|five|ten)\b|\bcommon\b|\brare\b|\bfrequent\b)[^()]*)\)"
    r"|(?:\s+[-–:]\s*|:\s*|\s+)(?P<bare>(?:in\s+)?(?:about\s+|around\s+)?(?:<|>|≤|≥|less than\s+)?\s*\d[\d.,]*\s*%?\s*(?:(?:-|–|to)\s*\d[\d.,]*\s*)?%"
    r"(?:\s+of\s+(?:all\s+)?(?:patients|people))?"
    r"|(?:in\s+)?(?:about\s+)?(?:\d+\s*(?:-|–|to)\s*)?(?:\d+|one)\s+(?:in|out\s+of)\s+(?:every\s+)?\d+(?:\s+(?:people|patients|men|women))?"
    r"|(?<=[-–:]\s)(?:very\s+|less\s+)?(?:common|uncommon|rare)"
    # "Hair loss – almost everyone", "Nausea: most people", "Rash – fewer than 1 in 100 people"
    r"|(?<=[-–:]\s)(?:(?:almost|nearly|virtually)\s+(?:everyone|everybody|all\s+(?:people|patients))|most\s+(?:people|patients))"
    # "Tiredness – more than half of people", "Rash: about a quarter of patients"
    r"|(?<=[-–:]\s)(?:(?:about|around|roughly|nearly|almost|more\s+than|fewer\s+than|less\s+than|up\s+to|over|under)\s+)?"
    r"(?:half|(?:a|one)\s+(?:third|quarter|fifth|tenth)|two\s+thirds|three\s+quarters)\s+of\s+(?:all\s+)?(?:the\s+)?(?:people|patients)"
    r"|(?<=[-–:]\s)(?:more|fewer|less)\s+than\s+(?:\d+|one)\s+in\s+(?:every\s+)?[\d,]+(?:\s+(?:people|patients|men|women))?"
    r"|(?<=[-–:]\s)between\s+(?:\d+|one)\s+in\s+[\d,]+\s+and\s+(?:\d+|one)\s+in\s+[\d,]+(?:\s+(?:people|patients|men|women))?))\s*\.?$",
    re.IGNORECASE,
)


_LEADER = re.compile(r"[\s.…·_]{3,}$")  # 'Nausea ........ 45%': dot leaders before the figure
# "Rash: in up to 10%": the "in" before the comparator is no part of the name
_TERM_CMP = re.compile(r"[\s:–-]+(?:in\s+)?(?P<w>up\s+to|more\s+than|less\s+than|fewer\s+than|at\s+most|at\s+least|over|under)$",
                       re.IGNORECASE)
_TERM_VERB = re.compile(r"[\s:–-]+(?:affects?|affected|affecting|occurs?\s+in|occurred\s+in|happens?\s+in|seen\s+in|"
                        r"reported\s+in)$", re.IGNORECASE)


def split_incidence(text: str) -> tuple[str, Percent] | None:
    """An effect with its incidence at the end, in brackets or after a dash/colon; None otherwise."""
    m = TRAILING_INCIDENCE.match(text.strip())
    if not m:
        return None
    tail = m.group("paren") or m.group("bare")
    pct = incidence(tail)
    if pct is None:
        return None
    term = _LEADER.sub("", m.group("term").strip()).rstrip(",:;-–").strip()
    term = _TERM_VERB.sub("", term).rstrip(",:;-–").strip()  # 'Nausea: affects 4 in 10 people' -> 'Nausea'
    cmp_ = _TERM_CMP.search(term)
    if cmp_:
        # 'Rash - up to 10%' / 'Rash - up to 1 in 10 people': the comparator was left with the name
        if pct.is_ratio:
            # 'Rash - up to 1 in 10 people': a band of a ratio, a range with one end
            band = ratio_band(f"{cmp_.group('w')} {pct.text}")
            if band is None:
                return None
            # 'Hair loss affects up to 1 in 4 people': the verb before the comparator is no part of the name either
            head = _TERM_VERB.sub("", term[: cmp_.start()].rstrip(",:;-– ")).rstrip(",:;-– ").strip()
            return (head, band) if head else None
        if pct.value is None:
            return None
        pct = Percent(value=pct.value, comparator=_CMP_PHRASES[" ".join(cmp_.group("w").lower().split())],
                      text=f"{cmp_.group('w')} {pct.text}")
        term = _TERM_VERB.sub("", term[: cmp_.start()].rstrip(",:;-– ")).rstrip(",:;-– ").strip()
    if not term or not re.search(r"[A-Za-z]", term) or term.lower() in _NOT_A_TERM:
        return None
    if CATEGORY.fullmatch(term.strip()):
        return None  # 'Very common (more than 1 in 10)': a frequency group and its band, no effect
    return term, pct


# what is left before a figure when a sentence was cut in the wrong place ("... reported in 33%"): no effect
_NOT_A_TERM = {"in", "of", "on", "at", "by", "to", "for", "with", "about", "around", "up to", "and", "or", "the",
               "this", "it", "these", "they", "that", "which",
               "seen in", "reported in", "occurred in", "affected", "approximately", "nearly"}


# "Less commonly, people get ringing in the ears, changes in kidney function or skin rashes.": an adverb of frequency
# leading a list of effects
FREQUENCY_ADVERB_LIST = re.compile(
    r"^(?P<adv>very\s+commonly|commonly|often|frequently|less\s+commonly|less\s+often|less\s+frequently|occasionally|"
    r"uncommonly|more\s+rarely|rarely|very\s+rarely)\s*,?\s+(?:(?:some|a\s+few|a\s+small\s+number\s+of)\s+)?"
    r"(?:people|patients|children|you)\s+(?:may\s+|might\s+|can\s+|could\s+)?(?:also\s+)?"
    r"(?:get|gets|have|has|develop|develops|notice|experience|report|suffer\s+from|find)\s+(?P<items>[^0-9%:;]+?)\.?$",
    re.IGNORECASE)
_ADVERB_CATEGORY = {"very commonly": "very common", "commonly": "common", "often": "common", "frequently": "common",
                    "less commonly": "less common", "less often": "less common", "less frequently": "less common",
                    "occasionally": "less common", "uncommonly": "uncommon", "more rarely": "rare", "rarely": "rare",
                    "very rarely": "very rare"}


# "Nausea, 45%; vomiting, 20%; hair loss, 12%", "nausea (45%); vomiting (20%)": effects parted by semicolons, each with
# its own figure after a comma, a space or in brackets
# (a gloss in brackets after the name is part of it: 'seizures (fits), 1.9%')
_SEMICOLON_ITEM = re.compile(r"^(?P<term>[A-Za-z][A-Za-z '’/-]{1,60}?(?:\s*\([A-Za-z][A-Za-z '’/-]{0,40}\))?)\s*(?:,\s*|\s+|\(\s*)"
                             r"(?P<inc>(?:in\s+)?(?:about\s+|around\s+|up\s+to\s+|<\s*|>\s*|≤\s*|≥\s*)?\d+(?:\.\d+)?\s*%?"
                             r"\s*(?:(?:-|–|to)\s*\d+(?:\.\d+)?\s*)?%)\s*\)?$", re.IGNORECASE)
_SEMICOLON_LEAD = re.compile(r"^[^:;%\d]{1,80}:\s*")  # 'Side effects in the trial: Nausea, 45%; ...'


def semicolon_figures(sentence: str) -> list[tuple[str, Percent]] | None:
    """[('Nausea', 45 %), ('Vomiting', 20 %)] for 'Nausea, 45%; vomiting, 20%': two or more items parted by semicolons,
    every one an effect with its own figure; None when any item is something else ('45% of patients stopped')."""
    text = _SEMICOLON_LEAD.sub("", sentence.strip().rstrip("."), count=1)
    items = [i.strip() for i in text.split(";")]
    if len(items) < 2:
        return None
    items[-1] = re.sub(r"^and\s+", "", items[-1])
    out = []
    for item in items:
        m = _SEMICOLON_ITEM.match(item)
        pct = incidence(m.group("inc")) if m else None
        term = m.group("term").strip(" ,-") if m else ""
        if pct is None or not term or term.lower() in _NOT_A_TERM:
            return None
        out.append((term[:1].upper() + term[1:], pct))
    return out


def frequency_adverb_list(sentence: str) -> tuple[str, list[str]] | None:
    """('less common', ['ringing in the ears', 'changes in kidney function', 'skin rashes']) for 'Less commonly,
    people get ringing in the ears, changes in kidney function or skin rashes.'; None for any other sentence."""
    m = FREQUENCY_ADVERB_LIST.match(sentence.strip())
    if not m:
        return None
    items = split_effect_list(m.group("items"))
    return (_ADVERB_CATEGORY[" ".join(m.group("adv").lower().split())], items) if items else None


# "Less often, men noticed changes in taste (3%) or muscle cramps (3%).": an adverb of frequency and who noticed, before
# effects that carry figures of their own: the lead (adverb, who, verb) is no part of the first effect's name
ADVERB_WHO_LEAD = re.compile(
    r"^(?P<adv>very\s+commonly|commonly|often|frequently|less\s+commonly|less\s+often|less\s+frequently|occasionally|"
    r"uncommonly|more\s+rarely|rarely|very\s+rarely)\s*,?\s+(?:(?:some|a\s+few|a\s+small\s+number\s+of)\s+)?"
    r"(?:people|patients|men|women|children|adults|you)\s+(?:may\s+|might\s+|can\s+|could\s+)?(?:also\s+)?"
    r"(?:get|got|have|had|develop(?:s|ed)?|notice[sd]?|experience[sd]?|report(?:s|ed)?|feel|felt|find|found|"
    r"suffer(?:s|ed)?\s+from)\s+(?=[A-Za-z])", re.IGNORECASE)
_FIGURE_IN_REST = re.compile(r"\d\s*%|\b\d+\s+(?:in|out\s+of)\s+\d", re.IGNORECASE)


def adverb_who_lead(sentence: str) -> tuple[str, str] | None:
    """('less common', 'changes in taste (3%) or muscle cramps (3%).') for 'Less often, men noticed changes in taste
    (3%) or muscle cramps (3%).': the adverb's word and the effects after the lead; None when no effect after it carries
    a figure (then the words are a list of that category alone: `frequency_adverb_list`)."""
    m = ADVERB_WHO_LEAD.match(sentence.strip())
    if not m:
        return None
    rest = sentence.strip()[m.end():]
    if not _FIGURE_IN_REST.search(rest):
        return None
    return _ADVERB_CATEGORY[" ".join(m.group("adv").lower().split())], rest


def split_effect_list(text: str) -> list[str]:
    """'diarrhoea, bruising, aching muscles and joints, rash and chest infections' -> five effects: items end at commas
    and at the last 'and'; at the last 'or' too when more than one word stands before it ('blurred vision or skin
    cancers'), not in 'numbness or tingling' or 'sore or watery eyes' (one effect, said two ways)."""
    items = [i.strip(" .") for i in re.split(r"\s*[,;]\s*(?:and\s+|or\s+)?", text.strip().rstrip(".")) if i.strip(" .")]
    if items:
        last = items[-1]
        m = re.match(r"^(?P<a>.+)\s+(?P<j>and|or)\s+(?P<b>.+)$", last)
        if m and "(" not in m.group("a")[-1:]:
            before = [w for w in m.group("a").split() if w.lower() not in ("a", "an", "the")]
            if m.group("j").lower() == "and" or len(before) > 1:
                items[-1:] = [m.group("a").strip(), m.group("b").strip()]
    return items


# "You have the drugs through a drip into a vein.", "Both drugs are given into a vein.", "All the medicines are given
# as drips.": the route said once for every drug of the section (the route itself is read with the route phrases)
SHARED_ROUTE_SUBJECT = re.compile(r"\b(?:(?:the|both|all(?:\s+(?:the|of\s+the|three|four))?|these|your|two|three)\s+"
                                  r"(?:drugs|medicines|medications|chemotherapy\s+drugs|treatments)|both\s+of\s+them|"
                                  r"all\s+of\s+them|each\s+(?:drug|medicine)|"
                                  # 'All are given intravenously.', 'All three go into a vein', 'They are all given ...'
                                  r"^\s*all(?:\s+(?:three|four|five))?\s+(?:are|go)|^\s*they\s+(?:are\s+)?all)\b",
                                  re.IGNORECASE)


# a footnote marker after an effect's name: 'Tiredness (fatigue)*', 'Nerve damage†'
FOOTNOTE_MARK = re.compile(r"(?<=\S)\s*[*†‡§¶]+$")
# the footnote itself, under the table: '* groups several related terms ...', '† Milder tingling ...'
FOOTNOTE_LINE = re.compile(r"^[*†‡§¶]+\s*\S")
# "Figures are the percentage of people who had each side effect.", "The numbers in the table are percentages."
FIGURES_ARE_PERCENT = re.compile(r"^(?:all\s+)?(?:the\s+)?(?:figures|numbers|values)(?:\s+(?:in|of)\s+the\s+table)?\s+"
                                 r"(?:are|show|give)\s+(?:the\s+)?(?:percentages?|per\s?cent)\b", re.IGNORECASE)


# a sentence that opens with how many people have the effect and names no effect of its own: the effect is the
# heading over it (an accordion button, a card title, a definition term). 'Most people (around 77%) feel more tired',
# 'About 37 in every 100 people (37%).', 'A third of people (33%).', '31% – often ...', 'One in five (20%).',
# '42.8% of people; ...', 'Very common (more than 1 in 10).', 'Common – mainly on the day of ...'
_LEAD_QUANT = r"(?:(?:most|many|some|a\s+few|nearly\s+all|almost\s+all|only|about|around|roughly|approximately|nearly|over|" \
              r"more\s+than|up\s+to|fewer\s+than|less\s+than|under)\s+)*"
_LEAD_FIGURE = (rf"(?:(?:<|>|≤|≥)\s*)?(?:{_NUM})\s*%?\s*(?:-|–|to)\s*(?:{_NUM})\s*%|(?:(?:<|>|≤|≥)\s*)?(?:{_NUM})\s*%"
                rf"|(?:{_COUNT})\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{_COUNT}|(?:a|one)\s+hundred|hundred)\b"
                r"|(?:a|one)\s+(?:third|quarter|half|fifth|tenth)\b|half\b|people\b|patients\b")
INCIDENCE_LEAD = re.compile(
    rf"^{_LEAD_QUANT}(?:(?P<fig>{_LEAD_FIGURE})(?:\s+(?:of\s+)?(?:all\s+)?(?:people|patients|persons|them))?"
    r"|(?P<cat>very\s+common|less\s+common|uncommon|common|very\s+rare|rare)"
    r"(?:\s+(?:\w+\s+)?(?:side\s+)?(?:effects?|problems?)(?:\s+of\s+[\w-]+)?)?)"
    r"(?:\s*\([^()]*\))?", re.IGNORECASE)
# what may follow the lead: nothing, an aside, 'feel ...' (restating the effect), 'in the trial'
_LEAD_TAIL = re.compile(r"^(?:\s*[.!]?\s*$|\s*[.!]\s|\s*[–—\-,;:(]|\s+(?:feel|felt|are\s+affected|were\s+affected|"
                        r"(?:have|get|notice|experience)\s+(?:it|this|them)\b|in\s+(?:the|this|that)\s+(?:trial|study|studies)\b))",
                        re.IGNORECASE)


def incidence_lead(sentence: str) -> Percent | None:
    """The incidence a sentence opens with when it names no effect of its own (see INCIDENCE_LEAD); None when it
    does not open so, when what follows names something else ('About 1 in 3 people get low platelets'), or when it
    gives two figures."""
    m = INCIDENCE_LEAD.match(sentence.strip())
    if not m or not _LEAD_TAIL.match(sentence.strip()[m.end():]):
        return None
    if len(PERCENT_ANY.findall(sentence)) > 1:
        return None  # 'around 77% (grade 3: 12%)': which figure is meant is not read here
    if m.group("cat"):
        # 'Very common (more than 1 in 10).': the page's frequency word and the band it states in brackets (as under a
        # heading 'Very common (more than 1 in 10 people)'); a word alone is only a category
        word = " ".join(m.group("cat").lower().split())
        # a band in the brackets is kept with the word (the one rule for bands: `stated_band`)
        return stated_band(m.group(0)) or Percent(category_word=_CATEGORY_ALIASES.get(word, word), text=m.group("cat"))
    return incidence(sentence)


# a dose stated by reference to one the patient had before, never a number: "at the same dose and on the same timetable
# as your previous irinotecan treatment", "at the same dose as before", "at the dose and schedule of your earlier
# irinotecan", "in the same dose you had before"
DOSE_BY_REFERENCE = re.compile(
    r"\b(?:at|in|with)\s+the\s+same\s+dose(?:\s+and\s+(?:on\s+)?the\s+same\s+(?:timetable|schedule|days))?\s+"
    r"(?:as\s+(?:before|(?:(?:in\s+)?your|(?:in\s+)?the)\s+(?:previous|earlier|last|first|original)\b[^.;]*)|you\s+had\s+before)"
    r"|\bat\s+the\s+dose(?:\s+and\s+(?:schedule|timetable))?\s+of\s+(?:your|the)\s+(?:previous|earlier|last|original)\b[^.;]*",
    re.IGNORECASE)


# a frequency adverb leading a band: 'Less often (between 1 in 100 and 1 in 10 men): ...'
_BAND_ADVERB = re.compile(r"^\s*(?P<adv>very\s+commonly|commonly|often|frequently|less\s+commonly|less\s+often|"
                          r"less\s+frequently|occasionally|uncommonly|more\s+rarely|rarely|very\s+rarely)\b", re.IGNORECASE)


# "1 in 100 to 1 in 10": a range of two ratios, as 'between 1 in 100 and 1 in 10'
RATIO_TO = re.compile(rf"\b(?P<n1>{_COUNT})\s+in\s+(?P<d1>\d{{1,3}}(?:,\d{{3}})*|{_COUNT})\s*(?:to|-|–)\s*"
                      rf"(?P<n2>{_COUNT})\s+in\s+(?P<d2>\d{{1,3}}(?:,\d{{3}})*|{_COUNT})\b", re.IGNORECASE)


@pure()
def stated_band(text: str) -> Percent | None:
    """The band a page states for a group of effects, kept as it says it (the one rule for bands, whatever carries
    them: a heading, a table cell, a lead-in, a sentence): 'Very common (more than 1 in 10 people)' -> '> 10 %' with
    the category 'very common'; 'between 1 in 100 and 1 in 10' -> the range 1-10 %; 'up to 10%' -> '<= 10 %'; 'Less
    often (between ...)' keeps the adverb's category. None when no band is stated ('Common', 'Common (about 8%)', '1
    in 3 people': a bare word stays a category, an exact figure or a ratio is no band)."""
    band = ratio_band(text)
    to = RATIO_TO.search(text) if band is None else None
    if to:
        a, b = _ratio_percent(to.group("n1"), to.group("d1")), _ratio_percent(to.group("n2"), to.group("d2"))
        if a is not None and b is not None and a != b:
            band = Percent(low=min(a, b), high=max(a, b), text=to.group(0).strip())
    if band is None:
        # '(more than 10%)', '(1-10%)', '(affects 1 to 10 in 100 people)': a bound or a range, never a ratio or a point
        pct = incidence(text)
        if pct is None or not (pct.comparator or pct.low is not None) or pct.is_ratio \
                or len(PERCENT_ANY.findall(text)) > 1:
            return None
        band = pct
    cat = category_of_heading(text)
    adv = _BAND_ADVERB.match(text)
    if cat is None and adv:
        cat = _ADVERB_CATEGORY[" ".join(adv.group("adv").lower().split())]
    return Percent(value=band.value, low=band.low, high=band.high, comparator=band.comparator, text=band.text,
                   category_word=cat)


@pure()
def category_of_heading(text: str) -> str | None:
    """'Less common side effects' -> 'less common'; 'Rare but serious' -> 'rare'; None when no word."""
    m = CATEGORY.search(text)
    if not m:
        return None
    word = " ".join(m.group("word").lower().split())
    return _CATEGORY_ALIASES.get(word, word)


# --- thresholds ----------------------------------------------------------------------
THRESHOLD = re.compile(
    rf"(?P<cmp>>|<|≥|≤|greater than|more than|above|less than|below)\s*(?P<value>{_NUM})\s*(?P<unit>cells/mm3|/mm3|cells/µL|/µL|mm3)",
    re.IGNORECASE,
)
_CMP_WORDS = {"greater than": ">", "more than": ">", "above": ">", "less than": "<", "below": "<", "≥": ">=", "≤": "<="}


def find_threshold(text: str) -> Amount | None:
    m = THRESHOLD.search(text)
    if not m:
        return None
    cmp_ = _CMP_WORDS.get(m.group("cmp").lower(), m.group("cmp"))
    unit = m.group("unit").replace("cells", "").replace("µL", "uL")
    if not unit.startswith("/"):
        unit = "/" + unit
    return Amount(to_decimal(m.group("value")), unit, comparator=cmp_)


# --- durations in warnings ("for at least 8 months") ------------------------------------
PERIOD = re.compile(rf"(?P<value>{_COUNT})\s+(?P<unit>months?|weeks?|days?)\b", re.IGNORECASE)
_PERIOD_UNITS = {"month": "mo", "week": "wk", "day": "d"}


def find_periods(text: str) -> list[tuple[Amount, int, int]]:
    out = []
    for m in PERIOD.finditer(text):
        n = to_count(m.group("value"))
        if n is None:
            continue
        unit = _PERIOD_UNITS[m.group("unit").lower().rstrip("s")]
        out.append((Amount(Decimal(n), unit), m.start(), m.end()))
    return out


# --- dates ---------------------------------------------------------------------------------
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
DATE_LABELLED = re.compile(
    rf"\b(?P<label>date\s+created|created|first\s+published|first\s+issued|page\s+updated|last\s+updated|last\s+reviewed|"
    rf"last\s+revised|last\s+modified|last\s+checked|modified|updated|revised|reviewed|published|posted|issue\s+date|"
    rf"date\s+of\s+issue|issued|version\s+date|last\s+update|revision\s+date|date\s+of\s+(?:last\s+)?revision|"
    rf"date\s+of\s+publication|publication\s+date|last\s+edited|edited|"
    # abbreviated and other labels: "Orig. 02/2015 | Rev. 06/2021", "Originally written 2015", "Last changed ..."
    rf"orig(?:inal(?:ly)?(?:\s+(?:published|written|issued))?|\.)|rev\.|upd\.|(?:first\s+|date\s+)?written|"
    rf"(?:date\s+)?produced|(?:date\s+)?prepared|date\s+of\s+last\s+review|last\s+review|creation\s+date|"
    rf"last\s+changed|changed|"
    # a printed leaflet's footer: "Leaflet date: May 2023  Review date: May 2026" (the date of the leaflet in hand)
    rf"(?:leaflet|document)\s+date|date\s+of\s+(?:this\s+)?(?:leaflet|document)|"
    # a controlled document's approval: "Approved: 18 June 2024", "Date approved: 03/2024", "Approval date 2024-06-18"
    # (the date the version in hand was signed off; not "approved by NICE in 2019" nor "approved 2 mg")
    rf"(?:date\s+)?approved(?=\s*:|\s+on\s)|approval\s+date|date\s+of\s+approval|"
    # "Checked by oncology pharmacist: 17 Oct 2024": a review, whoever did it
    rf"checked\s+by\s+(?:the\s+|an?\s+)?[a-z-]+(?:\s+[a-z-]+)?(?=\s*:)|"
    # a CMS byline: "Submitted by webeditor on Tue, 03/07/2023 - 10:15"
    rf"submitted(?:\s+by\s+[\w.@-]+(?:\s+[\w.@-]+)?)?(?=\s+on\b)|"
    # a newsletter's masthead: "Prostate Clinic News · Issue 14 · March 2024" (the date of the issue in hand)
    rf"issue\s+(?:no\.?\s*)?\d{{1,4}}\s*[·•|–-]|"
    # a wiki's page metadata: "Created by Priya Natarajan on 11 Jan 2022, last modified by Tom Reilly on Mar 05, 2024"
    rf"(?:created|last\s+modified|modified|last\s+updated|updated)\s+by\s+[\w.@'-]+(?:\s+[\w.@'-]+)?(?=\s+on\b)|"
    # "Reviewed by Dr A Smith, March 2024": a review, whoever did it, dated after the name
    rf"(?:reviewed|updated|revised|checked)\s+by\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){{0,3}}(?=,\s*(?:\d|{_MONTHS}))|"
    # "Version 3, May 2023": the date of the version in hand
    rf"version\s+\d+(?:\.\d+)*(?=\s*[,–-]\s*(?:\d|{_MONTHS}))|"
    # "This information was updated in June 2024" (not "Created in February 2019": the page's own passive only)
    rf"was\s+(?:last\s+)?(?:updated|reviewed|revised)\s+in)"
    rf"\s*(?:on)?\s*[:,–-]?\s*"
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?"
    rf"(?P<date>(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}(?:T\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|\d{{4}}/\d{{1,2}}/\d{{1,2}}|\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{4}}|\d{{1,2}}-(?:{_MONTHS})-\d{{4}}"
    rf"|(?:{_MONTHS})\.?\s+\d{{4}}"
    # the month only in digits: "10/2023", "2023-10" (not the start of a full date)
    rf"|\d{{1,2}}/\d{{4}}(?![\d/])|\d{{4}}-\d{{2}}(?![\d-])"
    # two-digit years: "14/03/24", "Reviewed 03/24" (month and year; see parse_date)
    rf"|\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2}}(?![\d/-])|\d{{1,2}}/\d{{2}}(?![\d/])"
    # the year only: "Reviewed 2023", "Originally written: 2015"
    rf"|(?:19|20)\d{{2}}(?![\d/,-]|\.\d))",
    re.IGNORECASE,
)


# the date a page is next due for review ("Review date: March 2027", "Next review: 2027", "Due for review: 03/2027",
# "Date of next review: ..."): a date to come, never the page's updated date ("Reviewed: March 2025" is that)
NEXT_REVIEW = caseless(
    r"\b(?:(?:date\s+of\s+)?next\s+(?:review|revision|update)(?:\s+date)?(?:\s+due)?|review\s+date|review\s+due"
    r"(?:\s+date)?|due\s+for\s+(?:review|revision)|to\s+be\s+reviewed(?:\s+(?:by|in|on))?)\s*(?:on|by|in)?\s*[:,–-]?\s*"
    rf"(?P<date>(?:{_MONTHS})\.?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}|"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}(?:-\d{{2}})?|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|"
    r"\d{1,2}/\d{4}|(?:19|20)\d{2})\b")


# a heading that is only a date label ('Reviewed', 'Last updated', 'Date created', 'Page last reviewed'), over a bare date
DATE_HEADING = re.compile(r"^(?:date\s+created|created|first\s+published|first\s+issued|page\s+updated|"
                          r"(?:page\s+)?last\s+(?:updated|reviewed|revised|modified|checked)|modified|updated|revised|reviewed|"
                          r"published|posted|issue\s+date|date\s+of\s+issue|issued)\s*:?$", re.IGNORECASE)


def day_first_locale(lang: str | None) -> bool:
    """Does the page's language ('<html lang="en-GB">') write a/b/yyyy day first? Every locale does except
    the United States; a page without a region ('en') or without a language keeps the US reading."""
    parts = re.split(r"[-_]", (lang or "").strip().lower())
    if not parts[0]:
        return False
    region = parts[1] if len(parts) > 1 else ""
    if region:
        return region != "us"
    return parts[0] != "en"


_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_TIME = re.compile(r"(?<=^\d{4}-\d{2}-\d{2})T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?$")


def _may_fit(fmt: str, text: str) -> bool:
    """False when strptime(text, fmt) must fail, found without it (a failed strptime costs an exception): a
    format that begins with a month name needs a letter first, one that begins with a number a digit, one
    with a month name needs a letter somewhere and an all-number format none."""
    if not text:
        return False
    names = "%B" in fmt or "%b" in fmt
    letters = any(c.isalpha() for c in text)
    if names != letters or fmt.startswith(("%B", "%b")) != text[0].isalpha():
        return False
    return True


def parse_date(text: str, day_first: bool = False) -> date | None:
    """'June 24, 2019', 'Jun. 24 2019', '24 June 2019', '24th June 2019', '2019-06-24', '2019/06/24', '24-Jun-2019',
    '24.06.2019' (dotted: always day first), '06/24/2019' (US order), '24/06/2019' (day first when the first
    number is above 12, or when `day_first`: the page's language writes dates that way)."""
    text = _ISO_TIME.sub("", text.strip())  # '2024-03-07T10:15:00Z': the day is what a page date means
    # two-digit years (20yy): '14/03/24' reads as '14/03/2024'; 'Reviewed 03/24' is March 2024 when the second number
    # cannot be a month, else ('03/11': 3 November, or March 2011?) nothing is guessed
    short = re.match(r"^(\d{1,2})([/-])(\d{1,2})[/-](\d{2})$", text)
    if short:
        text = f"{short.group(1)}/{short.group(3)}/20{short.group(4)}"
    short = re.match(r"^(\d{1,2})/(\d{2})$", text)
    if short:
        month, year = int(short.group(1)), int(short.group(2))
        return MonthDate(2000 + year, month, 1) if 1 <= month <= 12 and year > 12 else None
    dotted = _DOTTED.match(text.strip())
    if dotted:
        try:
            return date(int(dotted.group(3)), int(dotted.group(2)), int(dotted.group(1)))
        except ValueError:
            return None
    text = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", text.replace(",", "").replace(".", "")).strip()
    text = re.sub(r"^(\d{1,2})-(\d{1,2})-(\d{4})$", r"\1/\2/\3", text)  # '07-03-2024' as '07/03/2024
    text = re.sub(r"\bSept\b", "Sep", text)
    m = re.match(r"^(\d{1,2})/(\d{1,2})/\d{4}$", text)
    formats = ["%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%Y/%m/%d", "%d-%b-%Y", "%d-%B-%Y"]
    # a/b/yyyy is read in US order (month first) unless the first number cannot be a month; a page writing day first
    # reads it day first unless the second number cannot be a month ('03/14/2025' is 14 March on any page)
    formats.append("%d/%m/%Y" if m and (int(m.group(1)) > 12 or (day_first and int(m.group(2)) <= 12))
                   else "%m/%d/%Y")
    for fmt in formats:
        if not _may_fit(fmt, text):
            continue
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    for fmt in ("%B %Y", "%b %Y", "%m/%Y", "%Y-%m"):  # 'March 2020', '10/2023': the month only, kept at that precision
        if not _may_fit(fmt, text):
            continue
        try:
            d = datetime.strptime(text, fmt).date()
            return MonthDate(d.year, d.month, 1)
        except ValueError:
            continue
    if re.fullmatch(r"(?:19|20)\d{2}", text):  # 'Reviewed 2023': the year only, kept at that precision
        return YearDate(int(text), 1, 1)
    return None


# A prefilter, so every branch starts with a letter (no \b): the search then skips to the places one can start.
_DATE_HINT = caseless(r"creat|publish|publication|updat|review|revis|modif|checked|posted|issue|version|edited|"
                      r"orig|rev\.|upd\.|written|changed|submitted|produced|prepared|approv|leaflet|document")


@pure(copy=dict)
def find_dates(text: str, day_first: bool = False) -> dict[str, date]:
    """{'created': date, 'updated': date} from 'Created: ... Updated: ...'."""
    out: dict[str, date] = {}
    if not _DATE_HINT.search(text):
        return out  # no date label in the text: the long pattern is not run
    found: list[tuple[str, str, date]] = []
    for m in DATE_LABELLED.finditer(text):
        label = m.group("label").lower()
        label = " ".join(label.split())
        key = "created" if label in ("created", "published", "date created", "first published", "posted", "first issued",
                                     "date of publication", "publication date", "written", "first written", "date written",
                                     "produced", "date produced", "prepared", "date prepared", "creation date") \
            or label.startswith(("orig", "submitted", "created by")) \
            else "updated"
        d = parse_date(m.group("date"), day_first)
        if d:
            found.append((label, key, d))
    # "Issued: Aug 2017 | Last revised: 2023-02-14": beside a revision date, the issue date is when the page was
    # first written; alone ("Issue date: 12.01.2023") it is the date of the version in hand
    revised = any(key == "updated" and label not in _ISSUE_LABELS for label, key, _ in found)
    for label, key, d in found:
        if label in _ISSUE_LABELS and revised:
            key = "created"
        out.setdefault(key, d)
    return out


_ISSUE_LABELS = ("issued", "issue date", "date of issue")


# --- labelled prefixes ("Induction therapy:", "If in complete response:") ----------------------
LABEL_PREFIX = re.compile(r"^(?P<label>[A-Z][^:]{1,60}):\s+(?P<rest>.+)$")


@pure()
def split_label(text: str) -> tuple[str | None, str]:
    m = LABEL_PREFIX.match(text)
    if not m:
        return None, text
    return m.group("label").strip(), m.group("rest").strip()


BRACKETED = re.compile(r"\[(?P<inner>[^\]]+)\]")


def bracketed_term(text: str) -> str | None:
    m = BRACKETED.search(text)
    return m.group("inner").strip() if m else None


# --- drug names the vocabulary does not know, by their WHO INN stem ------------------------------------------
# (WHO "The use of stems in the selection of International Nonproprietary Names": -mab antibodies, -tinib/-nib
# kinase inhibitors, -platin, -taxel, -rubicin, -poside, -tecan, -citabine ... and vin-...-ine vinca alkaloids)
INN_DRUG = re.compile(
    r"\b(?:[A-Za-z][a-z]{2,}(?:mab|tinib|anib|rafenib|ciclib|parib|zomib|lisib|degib|sertib|platin|taxel|rubicin|mycin|"
    r"poside|tecan|citabine|arabine|trexed|trexate|fosfamide|mustine|lidomide|spargase|grastim|lutamide|"
    # more WHO INN stems: '-nib' kinase inhibitors (ivosidenib), '-toclax', '-ectedin' (lurbinectedin), '-limus',
    # '-trozole', '-relin' / '-relix' (goserelin, degarelix), '-leukin'
    r"[a-z]nib|toclax|ectedin|limus|trozole|relin|relix|leukin)"
    r"|[Vv]in[a-z]{3,}ine)\b"
)


_INN_CONJUGATE = re.compile(r"\s+(?:vedotin|mafodotin|deruxtecan|govitecan|emtansine|ozogamicin|tesirine|soravtansine|"
                            r"tiuxetan|pasudotox|[a-z]+dotin|[a-z]+tecan)\b", re.IGNORECASE)


def inn_drugs(text: str) -> list[tuple[int, str]]:
    """Drug names recognised by their INN stem, as (position, name in lower case), in text order; an antibody followed
    by its conjugate's payload ('sacituzumab govitecan') is one name."""
    out: list[tuple[int, str]] = []
    end = -1
    for m in INN_DRUG.finditer(text):
        if m.start() < end:
            continue
        name, end = m.group(0).lower(), m.end()
        conj = _INN_CONJUGATE.match(text, m.end()) if name.endswith("mab") else None
        if conj:
            name, end = f"{name} {conj.group(0).strip().lower()}", conj.end()
        out.append((m.start(), name))
    return out


# --- the name a dose line opens with --------------------------------------------------------------------------
# 'Ixabepilone 40 mg/m² IV over 3 hours on day 1.' / 'Ixabepilone: 40 mg/m² ...': the one word written straight
# before the line's first dose, at the line's start, is the name of what is dosed -- whether or not the vocabulary
# knows it. A line that opens so names its drug; it never takes another drug's name (the title's, a heading's).
_NAME_BEFORE_DOSE = re.compile(r"^\s*(?P<name>[A-Z][a-z]{3,}(?:-[a-z]+)?)\s*:?\s+(?=[\d.,]+\s*\S)")


def name_before_dose(text: str) -> str | None:
    """The word a dose line opens with when the line's first dose follows it straight away ('Ixabepilone 40 mg/m²'),
    in lower case; None when the line does not open so ('You receive 3.2 mg/m²', 'Day 1: 40 mg/m²' has its dose
    after a day, not after a name)."""
    m = _NAME_BEFORE_DOSE.match(text)
    if not m:
        return None
    doses = find_doses(text)
    return m.group("name").lower() if doses and doses[0][1] == m.end() else None


# --- rules about doses that are not doses or side effects -------------------------------------------------
# "increase etoposide ... by 20%", "doses are reduced by 25%", "a 20% dose reduction", "adjusted ±20% each
# cycle": a dose-adjustment rule. Its percentage is a change of dose, never an incidence.
DOSE_ADJUSTMENT = caseless(
    r"\b(?:increase[sd]?|increasing|decrease[sd]?|decreasing|reduce[sd]?|reducing|lower(?:ed|ing)?|raise[sd]?|raising|"
    r"escalate[sd]?|escalating|de-?escalate[sd]?|go(?:es)?\s+(?:up|down)|went\s+(?:up|down)|adjust(?:ed|ing)?|cut)\b"
    r"[^.%]{0,100}?\bby\s+(?:about\s+|up\s+to\s+)?\d+(?:\.\d+)?\s*%"
    r"|±\s*\d+(?:\.\d+)?\s*%"
    # "Reduce docetaxel to 60 mg/m2 for febrile neutropenia", "lower the dose to 75%"
    r"|^\s*(?:reduce|decrease|lower|increase|escalate|raise)\b[^.]{0,60}?\bto\s+\d+(?:\.\d+)?\s*(?:mg|g\b|mcg|micrograms?|units?|%|AUC)"
    r"|\b\d+(?:\.\d+)?\s*%\s+(?:dose\s+)?(?:increase|decrease|reduction|escalation|de-?escalation|lower|higher)\b"
    r"|\bdose[- ](?:level|reduction|escalation|de-?escalation|adjustment|modification)s?\b"
    # "may lower the dose in 12.5 mg steps", "reduced in steps of 25 mg", "lower the dose by 50 mg": a change by a
    # fixed amount
    r"|\b(?:increase[sd]?|decrease[sd]?|reduce[sd]?|lower(?:ed)?|raise[sd]?|adjust(?:ed)?|change[sd]?)\b[^.]{0,60}?"
    r"\b(?:in\s+(?:steps|increments|decrements)\s+of|by|in)\s+\d+(?:\.\d+)?\s*(?:mg|mcg|micrograms?|milligrams?|g)\b"
    r"(?:\s*(?:steps|increments|decrements)\b)?(?!\s*/)"
    # "Your doctor may lower the dose to 100 mg and then 50 mg", "the dose can be reduced to 100 mg": a step down the
    # dose may take (a modal verb before it), never an administration; "the dose is lowered to 100 mg from day 8" (no
    # modal) stays a dose step of the schedule
    r"|\b(?:may|might|can|could|will|would|should)\s+(?:(?:then|also|later|first)\s+)?(?:lower|reduce|decrease|cut|drop)\s+"
    r"(?:the\s+|your\s+|this\s+|its\s+|[a-z]+'s\s+)?(?:[a-z]+\s+)?(?:daily\s+)?dose\s+to\s+\d"
    r"|\bdose\s+(?:may|might|can|could|will|would|should)\s+(?:(?:then|also|later|first)\s+)?be\s+"
    r"(?:lowered|reduced|decreased|cut|dropped)\s+to\s+\d",
)


# the strengths a medicine comes in, not a dose: "a mix of 150 mg and 500 mg tablets", "comes as 2.3 mg, 3 mg and
# 4 mg capsules", "available in 5 mg or 10 mg tablets", "tablet strengths: 150 mg, 500 mg"
_STRENGTH = r"\d[\d.,]*\s*(?:mg|mcg|micrograms?|milligrams?|g|µg)\b"
TABLET_STRENGTHS = caseless(
    rf"\b(?:(?:a\s+)?mix(?:ture)?\s+of|combination\s+of|comes?\s+(?:as|in)|available\s+(?:as|in)|supplied\s+as|made\s+in)\s+"
    rf"(?:the\s+)?{_STRENGTH}(?:\s*(?:,|and|or|&)\s*{_STRENGTH})*\s+(?:tablets?|capsules?|pills?|vials?)\b"
    rf"|\b{_STRENGTH}(?:\s*,\s*{_STRENGTH})*\s*(?:and|or|&)\s*{_STRENGTH}\s+(?:tablets|capsules|pills|vials)\b"
    rf"|\b(?:tablet|capsule)\s+(?:strengths?|sizes?)\s*:?\s*{_STRENGTH}"
    # a product label's field: "Form: 40 mg tablets", "Strength: 250 mg capsules", "Dosage form: 5 mg tablets"
    rf"|\b(?:(?:dosage\s+)?form|strengths?|presentations?|formulations?|how\s+supplied)\s*:\s*(?:film-coated\s+)?"
    rf"{_STRENGTH}(?:\s*(?:,|and|or|&)\s*{_STRENGTH})*\s+(?:film-coated\s+)?(?:tablets?|capsules?|pills?|vials?)\b"
    # the strength in brackets after the form: "Form: capsules (80 mg)", "Strength: tablets (100 mg and 150 mg)"
    rf"|\b(?:(?:dosage\s+)?form|strengths?|presentations?|formulations?|how\s+supplied)\s*:\s*(?:film-coated\s+)?"
    rf"(?:tablets?|capsules?|pills?|vials?)\s*\(\s*{_STRENGTH}(?:\s*(?:,|and|or|&)\s*{_STRENGTH})*\s*(?:each\s*)?\)")


# a table cell that is only a week ("Week 1", "Weeks 2-3", "Wk 4"): the rows of a weekly ramp-up
WEEK_ROW = re.compile(r"^(?:weeks?|wks?\.?)\s*(?P<lo>\d{1,2})(?:\s*(?:-|–|to)\s*(?:weeks?\s*)?(?P<hi>\d{1,2}))?$", re.IGNORECASE)
DAILY = re.compile(r"\b(?:daily|once\s+a\s+day|every\s+day|each\s+day|a\s+day|per\s+day)\b", re.IGNORECASE)


def week_row_days(cell: str) -> list[int] | None:
    """'Week 2' -> days 8..14 of the cycle; 'Weeks 2-3' -> 8..21; None for any other cell."""
    m = WEEK_ROW.match(cell.strip())
    if not m:
        return None
    lo = int(m.group("lo"))
    hi = int(m.group("hi")) if m.group("hi") else lo
    if lo < 1 or hi < lo or hi > 52:
        return None
    return list(range(7 * (lo - 1) + 1, 7 * hi + 1))


def is_daily(text: str) -> bool:
    """'Daily dose', 'once a day', 'every day': the dose is taken each day of the days given."""
    return bool(DAILY.search(text))


# the number of tablets in words, or in digits with a times sign ("2 x 500 mg tablets"); a bare digit before a dose
# may end a list of days ("days 1 and 2 500 mg tablets")
_UNITS_BEFORE = re.compile(r"\b(?:(?P<n>two|three|four|five|six)\s+|(?P<d>[2-9])\s*[x×]\s*)$", re.IGNORECASE)
# 'two 500 mg tablets', 'two 500 mg capecitabine tablets' (one word, the drug's name, between)
_UNITS_AFTER = re.compile(r"^\s*(?:[A-Za-z-]{4,}\s+)?(?:tablets|capsules|pills)\b", re.IGNORECASE)


def dose_of_units(text: str, dose: tuple[Amount, int, int]) -> Amount:
    """'two 500 mg tablets' -> 1000 mg (each tablet's strength times their number, as the page states both); 'One 4 mg
    capsule', '500 mg tablets' -> the amount as written. Only a flat amount (mg, g, micrograms) is multiplied."""
    amount, start, end = dose
    m = _UNITS_BEFORE.search(text[max(0, start - 12):start])
    if not m or not _UNITS_AFTER.match(text[end:]) or amount.value is None or amount.unit not in ("mg", "g", "ug"):
        return amount
    n = to_count(m.group("n") or m.group("d"))
    return Amount(amount.value * n, amount.unit) if n else amount


def is_tablet_strengths(text: str) -> bool:
    """'... you may take a mix of 150 mg and 500 mg tablets': the strengths the tablets come in, never a dose.
    'One 4 mg capsule by mouth on days 1, 8 and 15' (one amount, a dose) is not."""
    return bool(TABLET_STRENGTHS.search(text))


def is_dose_adjustment(text: str) -> bool:
    """'Increase etoposide by 20% when ...' -> True; 'Nausea (20%)' -> False."""
    return bool(DOSE_ADJUSTMENT.search(text))


# "8 mg (age 1-2 years), 10 mg (age 2-3), 12 mg (3 years and older)": one dose per age band
_AGE = re.compile(r"\bage[ds]?\b|\b\d+\s*(?:-|–|to)?\s*\d*\s*(?:years?|yrs?|y)\b(?:\s+old)?|\byears?\s+(?:and|or)\s+(?:older|over|above)"
                  r"|\b(?:aged?\s+)?(?:under|over|below|above|younger\s+than|older\s+than)\s+\d+\s*(?:years?|yrs?)\b|\byear-olds?\b|\binfants?\b",
                  re.IGNORECASE)


def age_dependent_doses(text: str) -> bool:
    """Two or more doses in a line that also speaks of ages: which one applies depends on the patient's age."""
    return len(find_doses(text)) >= 2 and len(_AGE.findall(text)) >= 1


# "every other day", "on alternate days", "every second day", "q48h", "qod"
EVERY_OTHER_DAY = caseless(r"\b(?:every\s+other\s+day|(?:on\s+)?alternate\s+days|every\s+second\s+day|every\s+48\s+hours|q48h|q\.?o\.?d\.?)(?!\w)")
_FOR_N = re.compile(rf"\bfor\s+(?:a\s+total\s+of\s+)?(?P<n>{_COUNT})\s+(?P<what>days|doses|weeks)\b", re.IGNORECASE)


def every_other_day(text: str, days: list[int] | None) -> list[int] | None:
    """Days of an every-other-day schedule: within the stated days ('days 1-14 every other day' -> 1, 3, .. 13),
    'for 14 days' (1, 3, .. 13), 'for 7 doses' (1, 3, .. 13). None when the text says every other day but no end
    (the caller reports it); the days unchanged when the text does not say every other day."""
    if not EVERY_OTHER_DAY.search(text):
        return days
    if days and len(days) > 1 and days == list(range(days[0], days[-1] + 1)):
        return days[::2]
    m = _FOR_N.search(text)
    if m and to_count(m.group("n")):
        n = to_count(m.group("n"))
        what = m.group("what").lower()
        if what == "doses":
            return [1 + 2 * i for i in range(n)]
        span = n * 7 if what == "weeks" else n
        return list(range(1, span + 1, 2))
    return None


# "every day without a break", "continuously", "runs without a break", "with no break", "every day of the cycle"
CONTINUOUS = caseless(r"\b(?:without\s+(?:a\s+)?(?:break|pause|gap|rest)|with\s+no\s+(?:break|rest)(?:\s+days?)?|continuously|"
                        r"non-?stop|every\s+day\s+of\s+(?:the|each|every)\s+cycle|(?:on\s+)?all\s+\d+\s+days\s+of\s+(?:the|each)\s+cycle|"
                        r"no\s+(?:rest|break)\s+(?:days?|weeks?|periods?)|"
                        # "420 mg once a day, every day", "twice daily, every day", a days cell that says "every day",
                        # "take axitinib at home every day": no day of the cycle left out; "every day for 14 days",
                        # "every day until ...", "every day of week 1", "every day except ..." have an end or a part
                        r"(?<!not\s)(?<!n't\s)\bevery\s+(?:single\s+)?day(?!\s+(?:for|until|till|from|of|on|in|during|between|"
                        r"except|but|through|to|up\s+to)\b)(?!\s*[-–]))\b")


# "600 mg/m² a day as a continuous drip into a vein", "1000 mg/m2 per day by continuous infusion": a rate per day
CONTINUOUS_INFUSION = re.compile(r"\bcontinuous(?:ly)?\s+(?:iv\s+|intravenous\s+)?(?:drip|infusion)\b", re.IGNORECASE)
_A_DAY_AFTER = re.compile(r"^\s*(?:a|per|each)\s+day\b|^\s*daily\b", re.IGNORECASE)


def daily_rate(text: str, dose: tuple[Amount, int, int], amount: Amount) -> Amount:
    """A dose followed by 'a day' in a continuous infusion is a rate per day ('mg/m2/d'); any other amount (a tablet
    taken 'once a day' is a dose with its frequency) is left as it is."""
    _, _, end = dose
    if amount.unit and not amount.unit.endswith("/d") and _A_DAY_AFTER.match(text[end:]) \
            and CONTINUOUS_INFUSION.search(text):
        return replace(amount, unit=amount.unit + "/d")
    return amount


_NEGATED_BEFORE = re.compile(r"(?:\bnot|\bnever|n't|\bno\s+need\s+to)\b[^.;:|]{0,30}$", re.IGNORECASE)


def is_continuous(text: str) -> bool:
    """'every day without a break' -> True; 'you do not take it every day' (negated) -> False."""
    return any(not (m.group(0).lower().startswith("every") and _NEGATED_BEFORE.search(text[:m.start()]))
               for m in CONTINUOUS.finditer(text))


# how to take a dose with respect to food or drink: kept as the dose's patient instruction, in the page's words
MEAL_INSTRUCTION = re.compile(
    r"(?:\b(?:within\s+\d+\s*(?:minutes?|mins?|hours?)\s+|\d+\s*(?:minutes?|mins?|hours?)\s+|at\s+least\s+\d+\s*(?:minutes?|hours?)\s+)?"
    r"\b(?:with|after|before|without|following|at)\s+(?:a\s+|the\s+|your\s+|each\s+|meals?\s+or\s+)?(?:light\s+|main\s+)?"
    r"(?:meals?|food|breakfast|lunch|dinner|supper|snack|milk)\b"
    r"|\bon\s+an\s+empty\s+stomach\b|\b(?:with|and)\s+(?:an?\s+(?:\w+\s+)?glass\s+of\s+|plenty\s+of\s+)?water\b"
    r"|\b(?:with\s+or\s+without\s+food)\b"
    r"|\bwhole\b[^.;]{0,20}\b(?:do\s+not|don't|never)\s+(?:crush|chew|break|open)\b[^.;]*)",
    re.IGNORECASE,
)


def meal_instruction(text: str) -> str | None:
    """'with a meal', 'within 30 minutes after a meal', 'on an empty stomach', 'with water' -> the words (several
    joined by '; '); None when the text says nothing about food or drink."""
    found = list(MEAL_INSTRUCTION.finditer(text))
    if not found:
        return None
    parts, start, end = [], found[0].start(), found[0].end()
    for m in found[1:]:
        if re.fullmatch(r"[\s,]*(?:and|or)?\s*", text[end:m.start()]):
            end = m.end()  # 'with a meal and a glass of water': one instruction
        else:
            parts.append(text[start:end].strip())
            start, end = m.start(), m.end()
    parts.append(text[start:end].strip())
    return "; ".join(parts)


# "every 2 weeks: days 1 and 15" in a dose line: how often the drug is given inside the cycle, not the cycle
DOSING_INTERVAL = re.compile(rf"\b(?:every|each)\s+(?:{_COUNT})\s*(?:days?|weeks?|wks?)\s*[:,;–-]?\s*(?:on\s+)?(?=days?\s*\d|d\d)",
                             re.IGNORECASE)


def without_dosing_interval(text: str) -> str:
    """The text without its within-cycle dosing intervals ('every 2 weeks: days 1 and 15' -> 'days 1 and 15')."""
    return DOSING_INTERVAL.sub("", text)


# "If you are over 75, the dexamethasone dose is usually 20 mg.", "For people with kidney problems, 500 mg ...":
# a dose for a group of patients, in place of the usual one -- not one more administration
# "If you are 75 or older your team will usually lower the dexamethasone to 20 mg on the same days." (no comma after the
# condition): a lowered dose for patients the clause names -- not when the dose goes up ('if your counts stay good the
# dose goes up to 200 mg/m2' is the phase's dose)
CONDITIONAL_DOSE = re.compile(r"^(?:if|when|where|unless)\b[^.]{0,80}?,\s*"
                              r"|^(?:for|in)\s+(?:people|patients|those|adults|children|anyone|older|elderly|frail)\b"
                              r"|^(?:if|when|unless)\s+(?:you|your|the\s+patient|patients|people|someone)\b[^,.;]{0,80}?"
                              r"\b(?:lower(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|cut|drop(?:s|ped)?)\b[^.;]{0,60}?\bto\s+\d",
                              re.IGNORECASE)


def is_conditional_dose(text: str) -> bool:
    return bool(CONDITIONAL_DOSE.search(text)) and bool(find_doses(text))


# doses that are no administration of the regimen: a limit ("Do not take more than 4 g of paracetamol a day"), a dose of
# a study or another place ("In the trial, some patients received 100 mg/m2", "Some centres give 60 mg/m2 instead")
NOT_AN_ADMINISTRATION = caseless(
    r"^(?:do\s+not|don't|never|avoid|you\s+(?:should|must)\s+not)\b"
    r"|\bin\s+(?:the|this|that|a|an|one)\s+(?:[\w-]+\s+){0,3}(?:trial|study|studies)\b"
    r"|\b(?:some|other|a\s+few)\s+(?:patients|people|centres|centers|hospitals|doctors|teams)\s+(?:received|got|had|were\s+given|"
    r"give|use|prefer)\b|\binstead\b|\balternatively\b"
    # "people weighing more than 100 kg still get 125 mg – that is the cap": the limit of a dose, not a dose
    r"|\b(?:that|this)\s+is\s+the\s+(?:cap|maximum|upper\s+limit)\b")


def is_not_an_administration(text: str) -> bool:
    return bool(NOT_AN_ADMINISTRATION.search(text)) and bool(find_doses(text))


# "Tiredness – nearly half of people (48%)": words after a dash that restate the figure, not part of the effect
RESTATED_FIGURE = re.compile(r"(?:\s+[–—-]\s+|:\s+)(?:(?:affects?|affecting|happens\s+(?:in|to)|seen\s+in)\s+)?(?:(?:nearly|about|almost|around|over|more\s+than|less\s+than|fewer\s+than|up\s+to|roughly)\s+)?"
                             r"(?:half|a\s+third|one\s+third|a\s+quarter|one\s+quarter|two\s+thirds|most|many|some|a\s+few|few|"
                             rf"(?:{_COUNT})\s+(?:in|out\s+of)\s+(?:every\s+)?(?:{_COUNT}|hundred))\b[^–—]*$", re.IGNORECASE)
# "– such as a blocked nose, cough or chills –": an aside inside an effect's name
DASH_ASIDE = re.compile(r"\s+[–—-]\s+(?:such\s+as|for\s+example|e\.g\.|including|like)\b[^–—]*?\s+[–—-](?=\s)", re.IGNORECASE)
# "(against 39% with the older treatment)", "(vs 4% with placebo)": another arm's figure in brackets
COMPARATOR_BRACKET = re.compile(r"\s*\(\s*(?:against|versus|vs\.?|compared\s+(?:with|to))\s+[^()]*\d\s*%[^()]*\)\s*\.?$", re.IGNORECASE)


# "Dose: 20 mg/m2", "How: IV over 1 hr", "When: days 1-5", "Then: a new cycle every 4 weeks": the fields of one
# dose written as a labelled list (a handout's "what to expect")
FIELD_LABEL = re.compile(r"^(?:dose|dosage|the\s+dose|(?:(?:usual|recommended|standard|starting)\s+)?(?:adult\s+)?dose|dose\s+and\s+route|amount|how\s+much|how|how\s+(?:it\s+is|it's)\s+given|"
                         r"how\s+given|route|given|when|which\s+days|days?|schedule|how\s+often|frequency|then|after\s+that|"
                         r"next|cycles?|cycle\s+length|(?:number|no\.?)\s+of\s+cycles|total\s+cycles|repeat|repeats?|duration|infusion|infusion\s+time|time|drug|medicine|"
                         r"medication|name|treatment|"
                         # 'Alternative' over a second dose of the same drug, offered in place of the first
                         r"alternative(?:\s+(?:dose|dosing|schedule))?|alternatively|"
                         # "Your capecitabine dose", "Your dose": the dose field of a leaflet's definition list; "How
                         # long": how long the treatment (or a drip) lasts, its value says which
                         r"your\s+(?:[a-z-]+\s+){0,2}dose|how\s+long)$", re.IGNORECASE)


def field_label(label: str | None) -> str | None:
    """'Dose' -> 'dose', 'How often' -> 'how often'; None for any other label."""
    if not label:
        return None
    text = " ".join(label.lower().split())
    return text if FIELD_LABEL.match(text) else None


# --- several figures for one effect: all grades, grade 3-4, another arm -------------------------------------
# "Nerve damage – 67% (ABVD: 43%)", "Rash 30% (placebo: 10%)": a labelled figure in brackets after the effect's own
LABELLED_BRACKET_FIGURE = re.compile(rf"(?<=%)\s*\((?P<label>[^():%\d][^():%]{{0,30}}):\s*(?:about\s+)?(?:{_NUM})\s*%\s*\)\s*\.?$")


# 'Nausea: 45% (severe in 5%)', '45% (grade 3 or 4 in 5%)': the severe grades' figure after the effect's own
SEVERE_BRACKET_FIGURE = re.compile(rf"(?<=%)\s*\((?P<label>(?:severe|serious|grade\s*(?:3|III)(?:\s*(?:-|–|or|/|and)\s*(?:4|IV))?|"
                                   rf"grade\s*(?:≥|>=)\s*3)(?:\s+in)?)\s+(?:about\s+)?(?:{_NUM})\s*%\s*\)\s*\.?$", re.IGNORECASE)


def cut_labelled_bracket(text: str) -> tuple[str, str | None]:
    """('Nerve damage – 67%', 'ABVD: 43%') from 'Nerve damage – 67% (ABVD: 43%)': the figure in brackets carries a label
    of its own (another arm, a grade) and follows the effect's own figure. An 'all grades' label is left: which figure
    is the effect's is then not said."""
    m = LABELLED_BRACKET_FIGURE.search(text) or SEVERE_BRACKET_FIGURE.search(text)
    if not m or ALL_GRADES.search(m.group("label")):
        return text, None
    return text[: m.start()].rstrip(), m.group(0).strip(" ().")
ALL_GRADES = re.compile(r"\b(?:all|any)[- ]grades?\b|\ball\s+severities\b|^\s*(?:total|overall)\b", re.IGNORECASE)
SEVERE_GRADES = re.compile(r"\bgrades?\s*(?:≥|>=|>)?\s*[345]\b|\bsevere\b|\bserious\b", re.IGNORECASE)
OTHER_ARM = re.compile(r"placebo|\bcontrol\b|comparator|\bvs\.?\b|versus|standard\s+(?:arm|treatment)|other\s+arm|"
                       r"observation|older\s+treatment|\bcomparison\b|compared\s+(?:with|to)|\bcomparator\s+arm\b|"
                       # "Sunitinib arm" is the regimen's own arm; "(comparison)", "Compared with PF" is the other
                       r"\breference\s+arm\b", re.IGNORECASE)
# a table header cell that is only a grade column's name: 'All grades', 'Any grade (%)', 'Grade 3–4', 'Grade ≥3',
# 'Grades 3 and 4', 'Grade 3/4 %' (a header row without <th> whose other cells name the effect column); never a cell
# with more words ('Grade 3 diarrhoea', 'Severe nausea')
GRADE_HEADER = re.compile(r"^\s*(?:(?:all|any)[- ]grades?|grades?\s*(?:≥|>=|>)?\s*[1-5](?:\s*(?:[-–—/+]|to|and|or)\s*[1-5])?"
                          r"(?:\s*(?:or|and)\s+(?:above|higher|worse|more))?)\s*(?:\(\s*%\s*\)|%)?\s*$", re.IGNORECASE)
# "(all grades 34%, grade 3-4 5%)", "(grade 3–4 5%; all grades 20%)": the all-grade figure, labelled as such
_ALL_GRADES_FIGURE = re.compile(rf"\b(?:all|any)[- ]grades?\s*[:=]?\s*(?P<pct>(?:<|>|≤|≥)?\s*(?:{_NUM})\s*%)", re.IGNORECASE)


def graded_figures(text: str) -> tuple[str | None, int]:
    """(the all-grade figure the text labels as such, how many percentages it gives): ('34%', 2) for
    'Diarrhoea (all grades 34%, grade 3-4 5%)'; (None, 2) for 'Rash (34%, 5%)'; (None, 1) for 'Nausea (34%)'."""
    count = len(PERCENT_ANY.findall(text))
    m = _ALL_GRADES_FIGURE.search(text)
    return (m.group("pct").strip() if m else None), count


# a heading that is only days of the cycle ("Day 1", "Days 9 to 21", "Day 8:"): the days of the dose lines under it
DAY_HEADING = re.compile(r"^(?:on\s+)?(?:days?\s*|d)\d{1,3}(?:\s*(?:,|and|&|-|–|to|through)\s*(?:days?\s*|d)?\d{1,3})*"
                         # "Day 1 and day 15 of every cycle", "Days 1 to 5 of each cycle"
                         r"(?:\s+of\s+(?:every|each|the|a|your)\s+(?:new\s+)?(?:cycle|course|treatment\s+cycle))?\s*:?$",
                         re.IGNORECASE)


def heading_days(heading: str) -> list[int] | None:
    """'Day 8' -> [8], 'Days 9 to 21' -> [9..21]; None for any other heading ('Day 1 to 5 treatment plan')."""
    return parse_days(heading) if DAY_HEADING.match(heading.strip()) else None


# "You have no treatment.", "rest days", "a treatment-free week": days without treatment
# 'Take it every day, on days 1 to 28 ...', 'You have them on days 1 and 8', 'It is taken on days 1 to 21': a sentence whose
# pronoun stands for the dose line just above it (its days are that dose's)
DOSE_ABOVE_PRONOUN = re.compile(r"\b(?:take|have|get|receive|swallow)\s+(?:it|them|this|these)\b|"
                                r"\b(?:it|this|they|these)\s+(?:is|are)\s+(?:taken|given|had)\b", re.IGNORECASE)

NO_TREATMENT = caseless(r"\bno\s+(?:treatment|chemotherapy|chemo|drugs?|medicines?)\b|\brest\s+(?:days?|period|week)\b|"
                         r"\b(?:treatment|drug|chemo)-free\b|\bnothing\s+is\s+given\b")


# "starting the day before docetaxel", "the day before, the day of and the day after each dose": days counted from
# another drug's dose, not days of the cycle
RELATIVE_DAYS = caseless(r"\b(?:starting|beginning|from|on)\s+(?:on\s+)?the\s+(?:day|night|evening)\s+before\b|"
                           r"\bthe\s+day\s+before\s*,?\s+(?:the\s+day\s+of|on\s+the\s+day)|"
                           r"\b(?:\d+|one|two|three)\s+(?:hours?|days?)\s+(?:before|after)\s+(?:each|the|every)\s+(?:dose|infusion|treatment)")


def alternative_dose(text: str) -> str | None:
    """'200 mg q3w, or 400 mg q6w': a second dose offered in place of the first; the words from 'or', else None."""
    doses = find_doses(text)
    for (_, _, end), (_, start, end2) in zip(doses, doses[1:]):
        between = text[end:start]
        m = re.search(r"(?:^|[\s,;(])or\s+(?:(?:alternatively|instead)\s+)?$", between, re.IGNORECASE)
        if m:
            tail = re.split(r"[.;]", text[end + m.start():], maxsplit=1)[0]
            return tail.strip(" ,;(")
    return None


# "Nausea and vomiting occurred in 45% and 30% of patients, respectively": one figure per effect, in order
RESPECTIVELY = re.compile(r"^(?P<terms>.+?)\s+(?:occurred|occur|were\s+seen|was\s+seen|were\s+reported|happened|affected|developed|"
                          r"were\s+observed|were\s+noted)\s+in\s+(?P<figs>.+?%)(?:\s+of\s+(?:all\s+)?(?:the\s+)?"
                          r"(?:patients|people|persons))?\s*,?\s*respectively\s*\.?$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+", re.IGNORECASE)


def respectively(sentence: str) -> list[tuple[str, Percent]] | None:
    """[(effect, incidence)] for a '..., respectively' sentence whose effects and figures pair up; None otherwise."""
    m = RESPECTIVELY.match(sentence.strip())
    if not m:
        return None
    terms = [t.strip() for t in _LIST_SPLIT.split(m.group("terms")) if t.strip()]
    figs = [f.strip() for f in _LIST_SPLIT.split(m.group("figs")) if f.strip()]
    figs = [f if f.endswith("%") else f + "%" for f in figs]  # '45 and 30%': the sign is written once
    if len(terms) != len(figs) or len(terms) < 2:
        return None
    out = []
    for t, f in zip(terms, figs):
        pct = incidence(f)
        if pct is None or pct.value is None and pct.low is None:
            return None
        out.append((t[:1].upper() + t[1:], pct))
    return out


# "About 1 in 10 people get a sore mouth.", "Up to 30% of patients experience numbness.": the figure first
FIGURE_FIRST = re.compile(
    r"^(?P<inc>(?:in\s+)?(?:(?:about|around|up\s+to|nearly|approximately|roughly|almost|over|more\s+than|less\s+than|fewer\s+than)\s+)?"
    rf"(?:\d[\d.,]*\s*%|(?:{_COUNT})\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d+|{_COUNT}|hundred))"
    # "Most people (around 80%) have ...", "Almost everyone gets ...": the figure in brackets, or only the word
    # "Most people (about 8 in 10) get ...": a ratio in the brackets too
    r"|(?:most|the\s+(?:vast\s+)?majority\s+of)\s+(?:people|patients)(?:\s*\(\s*(?:about|around|roughly|nearly|over)?\s*"
    r"(?:\d[\d.,]*\s*%|\d{1,3}\s+in\s+\d{1,4})\s*\))?"
    r"|(?:almost|nearly|virtually)\s+(?:everyone|everybody|all\s+(?:people|patients))"
    # "Around a quarter of people get diarrhoea"
    r"|(?:(?:about|around|roughly|nearly|almost)\s+)?(?:half|(?:a|one)\s+(?:third|quarter|fifth|tenth)|two\s+thirds|three\s+quarters)"
    r"(?=\s+of\s+(?:all\s+)?(?:the\s+)?(?:patients|people)))"
    r"\s+(?:of\s+)?(?:the\s+|all\s+)?(?:patients|people|persons|adults|children|those\s+treated|users)?\s*"
    # "25% of people treated with mitomycin had ...": who was treated, not the effect
    r"(?:(?:treated\s+with|given|taking|receiving|on)\s+[A-Za-z][\w-]*(?:\s+(?:and|plus)\s+[A-Za-z][\w-]*)?\s+)?"
    # "Around 1 in 4 people (25%) get diarrhoea": the exact figure in brackets after the ratio
    r"(?P<exact>\(\s*\d[\d.,]*\s*%\s*\)\s*)?"
    r"(?:(?:will|may|can|might|did)\s+)?(?:get|gets|have|has|had|develop|develops|developed|experience|experienced|experiences|"
    r"suffer|suffers|suffered|report|reported|notice|noticed)\s+(?:a\s+|an\s+|some\s+)?(?P<term>[^%]+?)\.?$",
    re.IGNORECASE)


def figure_first(sentence: str, feel: bool = True) -> tuple[str, Percent] | None:
    m = FIGURE_FIRST.match(sentence.strip())
    if not m and feel:
        # 'About 4 in 10 people feel sick': the effect is 'Feeling sick' (`feel`: when no heading names the effect)
        feel = _FEEL.sub(" get feeling ", sentence.strip(), count=1)
        m = FIGURE_FIRST.match(feel) if feel != sentence.strip() else None
    if not m:
        return None
    pct = incidence(m.group("exact")) if m.group("exact") else incidence(m.group("inc"))
    if pct is None and FRACTION_OF_PEOPLE.search(m.string[: m.start("term")]):
        pct = incidence(m.string[: m.start("term")])  # 'Around a quarter of people get ...': 1 in 4
    # '... get an acne-like skin rash, usually on the face, chest and back': where or when, no part of the name
    term = _WHERE_ASIDE.sub("", m.group("term").strip())
    if pct is None or not term or len(term) > 80:
        return None
    return term[:1].upper() + term[1:], pct


_FEEL = re.compile(r"\s(?:may\s+|might\s+|can\s+|will\s+)?(?:feel|feels|felt)\s+(?!like\b|that\b|better\b|well\b)", re.I)

# an effect said as what happens to the reader, read only where a figure or band is attached to it: 'You may feel sick'
# -> 'Feeling sick'; 'You might get a sore mouth' -> 'sore mouth'; 'You may lose your appetite' -> 'Loss of appetite';
# 'Your hair may thin' -> 'Hair thinning', 'Your skin may become dry' -> 'Skin becoming dry'
_MODAL = r"(?:may|might|can|could|will|often|sometimes|usually)\s+(?:also\s+)?"
VERB_PHRASE_EFFECT = re.compile(
    rf"^(?:(?:you|some\s+people|many\s+people|people|patients)\s+(?:{_MODAL})?(?:also\s+)?"
    r"(?P<verb>feel|get|develop|notice|experience|have|lose)\s+(?P<rest>[a-z][a-z ,'-]*?)"
    rf"|your\s+(?P<noun>[a-z]+(?:\s+[a-z]+)?)\s+{_MODAL}(?P<v2>[a-z]+)(?P<rest2>(?:\s+[a-z]+){{0,3}}))\s*$", re.IGNORECASE)
_NOT_EFFECT_VERB = {"be", "need", "want", "have", "take", "go", "see", "ask", "call", "tell", "stop", "start", "work"}


def _ing(verb: str) -> str:
    v = verb.lower()
    if v.endswith("ie"):
        return v[:-2] + "ying"
    if v.endswith("e") and not v.endswith(("ee", "ye", "oe")):
        return v[:-1] + "ing"
    if len(v) <= 4 and re.fullmatch(r"[a-z]*[^aeiou][aeiou][^aeiouwxy]", v):
        return v + v[-1] + "ing"  # 'thin' -> 'thinning'
    return v + "ing"


def verb_phrase_effect(text: str) -> str | None:
    """The effect's name in a verb phrase about the reader (see VERB_PHRASE_EFFECT); None for any other wording, and
    for phrases that say no effect ('You may need a blood test', 'Your doctor may stop ...')."""
    m = VERB_PHRASE_EFFECT.match(text.strip().rstrip("."))
    if not m:
        return None
    if m.group("noun"):
        noun, verb = m.group("noun").lower(), m.group("v2").lower()
        if noun in ("doctor", "nurse", "team", "consultant", "pharmacist", "treatment", "dose", "gp") \
                or verb in _NOT_EFFECT_VERB or re.search(r"\b(?:you|your)\b", m.group("rest2") or "", re.I):
            return None
        name = f"{noun} {_ing(verb)}{m.group('rest2') or ''}"
        return name[:1].upper() + name[1:]
    verb, rest = m.group("verb").lower(), re.sub(r"^(?:a|an|some|the)\s+", "", m.group("rest").strip(), flags=re.I)
    if verb == "lose":
        rest = re.sub(r"^your\s+", "", rest, flags=re.I)
        return f"Loss of {rest}" if rest and not re.search(r"\byou", rest, re.I) else None
    if re.search(r"\b(?:you|your)\b", rest, re.I) or not rest:
        return None
    name = f"feeling {rest}" if verb == "feel" else rest
    return name[:1].upper() + name[1:]


_WHERE_ASIDE = re.compile(r"\s*,\s*(?:usually|mostly|mainly|often|most\s+often|especially|typically)\b.*$", re.I)


# "8 mg/kg (loading dose), then 6 mg/kg": a first-cycle dose, and the dose of the cycles after it
LOADING_DOSE = caseless(r"\b(?:loading|initial|first)\s+dose\b|\b(?:in|on|for|during|of)\s+(?:the\s+)?(?:first\s+cycle|cycle\s+1)\b"
                          r"(?!\s*(?:-|–|to|and|through)\s*\d)|\(\s*cycle\s+1(?:\s+only)?\s*\)")
# "first infusion over 90 minutes, later ones over 30 minutes": the first time, and the time of the ones after it
_FIRST_INFUSION = re.compile(r"\bfirst\s+(?:infusion|drip|time)\b", re.IGNORECASE)
_LATER_INFUSIONS = re.compile(r"\b(?:later|subsequent|following|other|future)\s+(?:ones?|infusions?|drips?|doses?|cycles?|"
                              r"times?|treatments?)\b|\bafter\s+that\b|\bthereafter\b|,\s*then\b|\bthen\b|"
                              # 'first infusion over 3 hours, later over 1-2 hours'
                              r"\blater\b(?=\s*,?\s*(?:over|\d))", re.IGNORECASE)


_TIME_BEFORE_FIRST = re.compile(r"(?P<t>\bover\s+(?:about\s+)?\d+(?:\.\d+)?\s*(?:-|–|to)?\s*(?:\d+(?:\.\d+)?\s*)?"
                                r"(?:minutes?|mins?|hours?|hrs?))\s+(?:for\s+|at\s+)?the\s+first\s+(?:time|infusion|dose)\b$",
                                re.IGNORECASE)


def first_and_later_infusion(text: str) -> tuple[Amount, Amount | None, str] | None:
    """(first time, later time or None, the words) for 'the first infusion over 90 minutes, later ones over 30 minutes'
    / 'The first infusion takes about 90 minutes.' (later: not stated); None when no first infusion time is said. The
    later time is None too when it is not one plain time ('then 60 minutes, then 30 minutes if tolerated')."""
    m = _FIRST_INFUSION.search(text)
    if not m:
        return None
    rest = text[m.end():]
    later = _LATER_INFUSIONS.search(rest)
    first = find_infusion(text[m.start(): m.end() + later.start()] if later else text[m.start():])
    start = m.start()
    if first is None:
        # 'over 90 minutes the first time, then ...': the time said just before the first time is the first time
        before = _TIME_BEFORE_FIRST.search(text[: m.end()])
        first = find_infusion(before.group("t")) if before else None
        start = before.start() if before else start
    if first is None:
        return None
    after = rest[later.end():] if later else ""
    later_time = find_infusion(after) if after and not _LATER_INFUSIONS.search(after) \
        and not re.search(r"\b(?:if|when|may|can|unless)\b", after, re.I) else None
    return first, later_time, text[start:].strip()


_STEP_CONDITION = re.compile(r"\b(?:if|when|as\s+long\s+as|provided)\b[^,;]*", re.IGNORECASE)


def infusion_steps(words: str) -> tuple[Amount, Amount, Amount, list[str]] | None:
    """(first, second, later times, the conditions said) for 'over 90 minutes the first time, then over 60 minutes if
    well tolerated, then 30 minutes': three steps, each one plain time; None for any other wording."""
    parts = re.split(r"\s*,?\s*\bthen\b\s*", words)
    if len(parts) != 3:
        return None
    times = []
    for part in parts:
        plain = _STEP_CONDITION.sub("", part)
        found = INFUSION.findall(plain)
        t = find_infusion(plain) or (find_infusion(f"over {plain.strip()}") if re.fullmatch(
            r"\s*(?:about\s+)?\d+(?:\.\d+)?\s*(?:minutes?|mins?|hours?|hrs?)\s*[.,]?\s*", plain) else None)
        if t is None or len(found) > 1:
            return None
        times.append(t)
    return times[0], times[1], times[2], [c.group(0).strip() for c in _STEP_CONDITION.finditer(words)]


# '56 mg/m2 on days 8, 9, 15 and 16, and in later cycles on days 1, 2, 8, 9, 15 and 16': the later cycles' own days
LATER_CYCLES_DAYS = re.compile(r",?\s*(?:and\s+)?(?:in|for|during)\s+(?:the\s+)?(?:later|subsequent|following|other)\s+cycles\b"
                               r"|,?\s*(?:and\s+)?from\s+cycle\s+(?:2|two)\s+(?:on(?:wards?)?\s+)?(?=on\s+days?\b)", re.IGNORECASE)
LATER_DOSE = caseless(r"\b(?:maintenance|subsequent|later|following)\s+doses?\b|\bthereafter\b|"
                        r"\b(?:from|in|for)\s+(?:cycle\s+2|the\s+second\s+cycle)\s*(?:on(?:wards?)?|and\s+(?:after|beyond))?\b|"
                        r"\bsubsequent\s+cycles\b|\blater\s+cycles\b")


# --- premedication with no dose ("Before each dose you will be given anti-sickness medicine and an antihistamine") --------
_BEFORE_EACH = re.compile(r"\b(?:before|prior\s+to|ahead\s+of)\s+(?:each|every|your|the|any)\s+(?:\w+\s+)?"
                          r"(?:doses?|treatments?|infusions?|drips?|cycles?|injections?)\b", re.IGNORECASE)
_PREMED_GIVEN = re.compile(r"\b(?:given|have|has|get|gets|take|takes|receive|receives|be\s+given|prescribed)\b[^.]*?\b"
                           r"(?:anti-?sickness|anti-?emetics?|anti-?histamines?|steroids?|paracetamol|pre-?medications?|"
                           r"medicines?|medications?|drugs?|tablets?)\b", re.IGNORECASE)


# 'Before each rituximab drip ...', 'ahead of every docetaxel infusion': the drug a premedication is timed against
PREMED_TARGET = re.compile(r"\b(?:before|prior\s+to|ahead\s+of)\s+(?:each|every|your|the|any)\s+(?P<target>[\w-]+(?:\s+[\w-]+)?)"
                           r"\s+(?:doses?|treatments?|infusions?|drips?|injections?)\b", re.IGNORECASE)
# whether a premedication is given ('you will be given', 'you take', 'is given') or only offered ('may be given', 'if
# needed'): the page's own verb decides; offered or unsaid is optional
_PREMED_OFFERED = re.compile(r"\b(?:may|might|can|could)\s+(?:also\s+)?(?:be\s+(?:given|offered|used|prescribed)|need|"
                             r"have|get|receive|take|be\s+asked)\b|\bif\s+(?:needed|necessary|required)\b|\boptional\b|"
                             r"\bsometimes\b|\bsome\s+people\b", re.IGNORECASE)
_PREMED_GIVEN_SURELY = re.compile(r"\b(?:will|you'll|we'll|we\s+will)\s+(?:also\s+)?(?:be\s+given|give\s+you|get|have|receive|"
                                  r"take)\b|\byou\s+(?:also\s+)?(?:get|have|take|receive|are\s+given)\b|"
                                  r"\b(?:is|are)\s+(?:always\s+)?given\b|\bmust\b", re.IGNORECASE)


def premedication_required(sentence: str) -> bool:
    """True when the page says the premedication is given ('Before each drip you will be given paracetamol'), False
    when it is offered ('may be given', 'if needed') or the sentence does not say."""
    return bool(_PREMED_GIVEN_SURELY.search(sentence)) and not _PREMED_OFFERED.search(sentence)


def undosed_premedication(sentence: str, heading: str = "") -> bool:
    """'Before each dose you will be given anti-sickness medicine and an antihistamine' (in the sentence or under a
    'Before each dose' heading): medicines given before the treatment, with no dose stated. Never a sentence with a
    dose ('a dosed one is a premedication administration'), nor one of tests or advice ('Before each dose you have a
    blood test')."""
    if find_doses(sentence) or not _PREMED_GIVEN.search(sentence):
        return False
    return bool(_BEFORE_EACH.search(sentence) or _BEFORE_EACH.search(heading) or re.fullmatch(
        r"\s*(?:pre-?medications?|medicines?\s+(?:given\s+)?before\s+(?:your\s+)?treatment)\s*:?\s*", heading, re.I))


# --- an alternative route offered after the dose's own ("given under the skin; it can also be given into a vein") -------
ALSO_ROUTE = caseless(r"\b(?:(?:it|this|they|these|the\s+\w+)\s+)?(?:can|may|could|might)\s+also\s+be\s+"
                       r"(?:given|had|injected|infused|taken|used)\s+(?P<route>[^.;)]{2,60})")


# "three times a week", "3 times weekly", "twice a week": doses a week with no days of the cycle named
TIMES_A_WEEK = re.compile(r"\b(?:(?P<n>two|three|four|five|six|[2-6])\s+times|twice)\s+(?:a|per|each|every)\s+week\b|"
                          r"\b(?:(?P<n2>two|three|four|five|six|[2-6])\s+times|twice)\s+weekly\b", re.IGNORECASE)


# ', mostly with the first one', 'usually after the first infusion', ', mainly during the first cycle': when an effect
# mostly comes, an aside after its name (and after its bracketed gloss), no effect of its own and no part of its name
# (after a comma only: after a dash, '(fever, chills) – mostly with the first infusion', the words stay the effect's)
EFFECT_OCCASION_ASIDE = re.compile(
    r",\s+(?P<aside>(?:mostly|mainly|usually|often|especially|particularly|typically|generally|largely)\s+"
    r"(?:with|after|during|at|within|on)\s+(?:the\s+|your\s+|each\s+|every\s+|an?\s+)?"
    r"(?:first|1st|initial|early|earlier|second|later|last|next)\b[^,;()%\d]*)$", re.IGNORECASE)
_OCCASION_ITEM = re.compile(r"^(?:mostly|mainly|usually|often|especially|particularly|typically|generally|largely)\s+"
                            r"(?:with|after|during|at|within|on)\b", re.IGNORECASE)


def cut_occasion_aside(text: str) -> tuple[str, str | None]:
    """('Reaction during the drip (shivering, fever)', 'mostly with the first one') from 'Reaction during the drip
    (shivering, fever), mostly with the first one'; (text, None) when no such aside ends it (or nothing stands before
    it)."""
    m = EFFECT_OCCASION_ASIDE.search(text)
    if not m or not text[: m.start()].strip():
        return text, None
    return text[: m.start()].rstrip(), m.group("aside").rstrip(" .")


def split_unbracketed(text: str, rx: str) -> list[str]:
    """Split `text` where the pattern `rx` matches outside brackets: 'a reaction (shivering, fever or a rash), and
    tiredness' at commas is two items, never cut inside the bracket. Items are stripped of spaces and full stops."""
    masked, depth = [], 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
            masked.append("\0")
            continue
        masked.append("\0" if depth else ch)
    cuts, start = [], 0
    for m in re.finditer(rx, "".join(masked)):
        if m.end() > m.start():
            cuts.append(text[start: m.start()])
            start = m.end()
    cuts.append(text[start:])
    return [c.strip(" .") for c in cuts if c.strip(" .")]


def join_occasion_asides(items: list[str]) -> list[str]:
    """A list item that is only when the effect before it mostly comes ('mostly with the first one') belongs to that
    effect: joined back to it after a comma (the aside is then cut by `cut_occasion_aside`), never an effect."""
    out: list[str] = []
    for item in items:
        if out and _OCCASION_ITEM.match(item):
            out[-1] = f"{out[-1]}, {item}"
        else:
            out.append(item)
    return out


# 'Bleeding from the stomach or bowel', 'pain in the joints or muscles': an effect whose place (after a preposition) is
# given two ways -- the word after 'or' is a second place, no effect of its own
_QUALIFIER_PAIR = re.compile(r"^(?P<effect>[A-Za-z][\w'-]*(?:\s+[\w'-]+){0,4}?)\s+(?:from|in|of|on|around|at|into|inside|under|"
                             r"behind)\s+(?:the\s+|your\s+|their\s+)?(?P<a>[\w'-]+)\s+or\s+(?P<b>[\w'-]+(?:\s+[\w'-]+)?)\.?$",
                             re.IGNORECASE)


def qualifier_pair(text: str) -> bool:
    """True for 'Bleeding from the stomach or bowel' (one effect, two places); False for 'nausea or vomiting', 'sore or
    watery eyes' (no place after a preposition) and for 'pain in the joints or a rash' (an article opens another
    effect)."""
    m = _QUALIFIER_PAIR.match(text.strip())
    return bool(m) and not re.match(r"^(?:an?|the|some)\b", m.group("b"), re.I)


# --- a medicine taken alongside, named with no dose ("and have a vitamin B12 injection into the muscle every nine weeks") --
# where a sentence of medicines taken alongside parts into clauses, each giving one medicine: ', and have ...',
# ' and take ...', '; '
SUPPORTIVE_CLAUSE_CUT = re.compile(r",?\s+and\s+(?=(?:you\s+(?:will\s+|'ll\s+)?)?(?:also\s+)?(?:have|take|get|receive|"
                                   r"be\s+given)\b)|;\s+", re.IGNORECASE)
# the clause opens by giving the medicine: 'You will also have dexamethasone tablets ...', 'have a vitamin B12
# injection ...', 'take ondansetron tablets ...'; what comes between the verb and the drug's name is an article or a
# few words ('a short course of'), never a negation ('Do not take ...') nor advice ('You should avoid ...')
GIVEN_MEDICINE_OPENING = re.compile(
    r"^(?:then\s+|also\s+)?(?:you(?:'ll|\s+will|\s+also){0,2}\s+)?"
    r"(?:have|take|get|receive|are\s+given|be\s+given|will\s+be\s+given)\s+(?:an?\s+|some\s+|your\s+|the\s+)?"
    r"(?:(?:short\s+)?course\s+of\s+)?$", re.IGNORECASE)
# another drug's dose the medicine is timed against: 'the day before, the day of and the day after each pemetrexed
# dose', 'before every docetaxel infusion': that drug is no medicine of the clause
DOSE_OF_ANOTHER = re.compile(r"\b(?:each|every|your|the)\s+(?P<what>[\w-]+(?:\s+[\w-]+)?)\s+"
                             r"(?:doses?|infusions?|treatments?|drips?|injections?|cycles?)\b", re.IGNORECASE)


def supportive_clauses(sentence: str) -> list[str]:
    """The clauses of a sentence of medicines taken alongside, each giving one medicine ('... folic acid 400 micrograms
    by mouth every day, and have a vitamin B12 injection into the muscle every nine weeks'); the sentence whole when it
    gives one."""
    return [c.strip() for c in SUPPORTIVE_CLAUSE_CUT.split(sentence) if c.strip()]


# --- side effects named in running text (round 17) ---------------------------------------------------------------------
# 'swelling of the ankles, legs or face': an effect whose place, after a preposition, is a list of places (commas, then
# 'or' / 'and' before the last); the places are no effects of their own (the caller checks that none is a coded one)
_LISTED_PLACES = re.compile(r"^(?P<effect>[A-Za-z][\w'-]*(?:\s+[\w'-]+){0,3}?)\s+(?:from|in|of|on|around|at|into|inside|under|"
                            r"behind)\s+(?:the\s+|your\s+|their\s+)?(?P<first>[\w'-]+(?:\s+[\w'-]+)?)"
                            r"(?P<mid>(?:,\s*[\w'-]+(?:\s+[\w'-]+)?)+),?\s+(?:or|and)\s+(?P<last>[\w'-]+(?:\s+[\w'-]+)?)$",
                            re.IGNORECASE)


def listed_places(text: str) -> list[str] | None:
    """The places of an effect named with a list of them after its preposition: 'swelling of the ankles, legs or face'
    -> ['ankles', 'legs', 'face']; None for any other wording ('nausea, vomiting or diarrhoea': no preposition; 'pain in
    the joints or muscles': no comma, see `qualifier_pair`). An article opening a place ('..., legs or a rash') opens
    another effect: None."""
    m = _LISTED_PLACES.match(text.strip().rstrip(".")) if len(text) <= 300 else None
    if not m:
        return None
    places = [m.group("first")] + [p.strip() for p in m.group("mid").split(",") if p.strip()] + [m.group("last")]
    if any(re.match(r"^(?:an?|the|some|your)\b", p, re.I) for p in places[1:]):
        return None
    return places


# 'Rash and anaemia each affected 20% of people', 'Both nausea and vomiting affected 20%': one figure said of each
# effect the subject names
_EACH_SUBJECT = re.compile(r"^(?:both\s+(?P<both>.+?\s+and\s+.+?)|(?P<items>.+?)\s+(?:each|both))$", re.IGNORECASE)
# 'nausea, vomiting and diarrhoea (each about 20%)', '(both 12%)': the figure in brackets is each named effect's
_EACH_FIGURE = re.compile(r"^(?P<head>.+?)\s*\(\s*(?:each|both)\s*(?:of\s+them\s*)?,?\s*(?P<fig>[^()]*\d[^()]*)\)\s*\.?$", re.IGNORECASE)


def each_of(subject: str) -> list[str] | None:
    """The effects of a subject saying its figure is each one's: 'Rash and anaemia (a low red blood cell count) each'
    -> ['Rash', 'anaemia (a low red blood cell count)']; None when the subject does not say 'each' / 'both' or names
    one effect ('Nausea and vomiting' without 'each' is read as the page gives it, one effect)."""
    if len(subject) > 300:
        return None  # an effect's subject is short; a long run of text is none (and is never scanned twice over)
    m = _EACH_SUBJECT.match(subject.strip())
    if not m:
        return None
    items = split_unbracketed(m.group("both") or m.group("items"), r"\s*,\s*(?:and\s+)?|\s+and\s+")
    return items if len(items) >= 2 else None


def each_figure(item: str) -> tuple[str, str] | None:
    """('vomiting and diarrhoea', 'about 20%') from 'vomiting and diarrhoea (each about 20%)': the words before a
    bracketed figure said of each effect, and that figure's text; None when the bracket does not say 'each' / 'both'."""
    if len(item) > 300:
        return None
    m = _EACH_FIGURE.match(item.strip())
    return (m.group("head").strip(), m.group("fig").strip()) if m else None


# 'Hand-foot syndrome – red, sore palms and soles': after the effect's name a dash, then what it looks like (words
# without a figure, a bracket or a verb of advice); the caller checks that the name is a coded effect and the words
# after the dash are not. Never a severity, a time or a frequency ('Nausea – severe', 'Flu-like symptoms – usually after
# the first dose', 'skin reactions – sometimes severe'): those keep their words.
_DASH_GLOSS = re.compile(r"^(?P<name>[^–—()%\d]+?)\s+[–—-]\s+(?P<gloss>[a-z][a-z'-]*(?:,?\s+[a-z][a-z'-]*){1,7})\s*\.?$")
_NOT_A_GLOSS = re.compile(r"^(?:[a-z]+ly|sometimes|often|usually|mostly|mainly|rarely|occasionally|very|severe|mild|moderate|"
                          r"serious|grade|any|all|after|before|during|with|within|from|in|on|at|for|up|over|under|starting|"
                          r"lasting|until|while|when|if|this|it|these|they|that|which|can|may|might|could|will|see|call|tell|"
                          r"contact|ring|phone|seek|let|ask|affects?|affecting|happens?|seen|reported|occurs?|more|less|"
                          r"fewer|about|around|almost|nearly|most|many|some|few|half|worse|better|worst|worsening|getting)\b")


# 'interstitial lung disease, an inflammation of the lungs': after an effect's name, a comma and an article opening what
# the effect is (an inflammation, a scarring, a swelling ... of / in / affecting a part of the body): a gloss of the
# effect before it, never an effect of its own. 'a sore mouth', 'an itchy rash' (no such noun), 'and a type of anaemia
# where ...' (the list's last item, after its 'and') stay effects.
APPOSITIVE_GLOSS = re.compile(r"^an?\s+(?:inflammation|swelling|scarring|thickening|irritation|infection|condition|disorder|"
                              r"disease|problem)\s+(?:of|in|affecting|that\s+affects)\s+[a-z][a-z' -]{1,60}$",
                              re.IGNORECASE)


def join_appositive_glosses(items: list[str]) -> list[str]:
    """['interstitial lung disease', 'an inflammation of the lungs'] -> ['interstitial lung disease (an inflammation of
    the lungs)']: an item that is a gloss (APPOSITIVE_GLOSS) joins the item before it, in brackets, when that item has
    no article of its own and no bracket (else the list is one of like items: 'a rash, an infection of the skin')."""
    out: list[str] = []
    for item in items:
        if out and APPOSITIVE_GLOSS.match(item.strip()) and "(" not in out[-1] \
                and not re.match(r"^(?:an?|the)\s", out[-1], re.IGNORECASE):
            out[-1] = f"{out[-1]} ({item.strip()})"
        else:
            out.append(item)
    return out


def dash_gloss(wording: str) -> tuple[str, str] | None:
    """('Hand-foot syndrome', 'red, sore palms and soles') from 'Hand-foot syndrome – red, sore palms and soles'; None
    when there is no dash, the words after it are one word ('Nausea – severe') or open with a severity, a time, a
    frequency, a figure's words or advice."""
    m = _DASH_GLOSS.match(wording.strip()) if len(wording) <= 300 else None
    if not m or _NOT_A_GLOSS.match(m.group("gloss")):
        return None
    return m.group("name").strip(), m.group("gloss").strip()


# 'Fever is the side effect people notice most: in the main study more than half of the people ... had it (57%)': a lead
# naming one effect as the subject, then after the colon a clause whose 'it' is that effect, with its figure
NAMED_EFFECT_LEAD = re.compile(r"^(?P<term>[A-Z][^:;,%\d()]{1,40}?)\s+(?:is|was)\s+(?:the|a|one\s+of\s+the)\s+"
                               r"(?:[\w-]+\s+){0,2}side[- ]effects?\b[^:;%\d]{0,60}:\s+(?P<rest>.+)$", re.IGNORECASE)
NAMED_EFFECT_IT = re.compile(r"\b(?:had|have|has|got|get|gets|developed|develop|noticed|notice|reported|experienced)\s+it\b",
                             re.IGNORECASE)


# 'Out of every 100 people in the ALEX study, 11 stopped alectinib because of side effects': the people counted first,
# then, after the comma, how many of them
DENOMINATOR_FIRST = re.compile(rf"\b(?:out\s+)?of\s+(?:every\s+)?(?P<den>{_COUNT}|(?:a|one)\s+hundred)\s+"
                               r"(?:people|patients|persons|adults|men|women)\b[^,.;:%\d]{0,60},\s+"
                               rf"(?:only\s+|about\s+|around\s+|roughly\s+|nearly\s+|almost\s+)?(?P<num>{_COUNT})\b"
                               r"(?!\s*(?:%|per\s*cent|in\s|out\s+of|mg|days?|weeks?|months?|years?|hours?))", re.IGNORECASE)


def denominator_first(text: str) -> Percent | None:
    """'Out of every 100 people in the study, 11 stopped ...' -> 11 in 100 (a ratio, as `incidence` keeps '11 in 100');
    None when no such form, or the count is more than the people counted."""
    m = DENOMINATOR_FIRST.search(text)
    if not m:
        return None
    num = to_count(m.group("num"))
    den = 100 if m.group("den").lower().endswith("hundred") else to_count(m.group("den"))
    if not num or not den or num > den:
        return None
    return Percent(numerator=num, denominator=den, text=m.group(0).strip())
