"""Small named patterns for the phrases regimen pages use.

Each function takes already-normalised text (see `text.normalise`) and
returns a plain value or None. They never guess: a phrase that does not
match returns None and the caller reports the fragment as not mapped.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from ..model import Amount, Percent

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
}
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_COUNT = r"\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))

# Units as pages write them -> the normalised unit the model keeps.
DOSE_UNITS = {
    "mg/m2": "mg/m2", "mg/kg": "mg/kg", "mg": "mg", "g/m2": "g/m2", "g": "g",
    "mcg/m2": "ug/m2", "mcg/kg": "ug/kg", "mcg": "ug", "µg": "ug", "ug": "ug",
    "units/m2": "U/m2", "units/kg": "U/kg", "units": "U",
}
DOSE_UNITS.update({k.replace("m2", "m\u00b2"): v for k, v in list(DOSE_UNITS.items()) if k.endswith("m2")})
_UNIT_RE = "|".join(re.escape(u) for u in sorted(DOSE_UNITS, key=len, reverse=True))


def to_decimal(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def to_count(text: str) -> int | None:
    text = text.lower()
    if text.isdigit():
        return int(text)
    return NUMBER_WORDS.get(text)


# --- doses -------------------------------------------------------------------
DOSE = re.compile(
    rf"(?<![\w.])(?P<value>{_NUM})(?:\s*(?:-|–|to)\s*(?P<high>{_NUM}))?\s*(?P<unit>{_UNIT_RE})(?![\w/])",
    re.IGNORECASE,
)


def find_doses(text: str) -> list[tuple[Amount, int, int]]:
    """Every dose in the text as (amount, start, end)."""
    out = []
    for m in DOSE.finditer(text):
        unit = DOSE_UNITS[m.group("unit").lower()]
        if m.group("high"):
            amt = Amount(None, unit, low=to_decimal(m.group("value")), high=to_decimal(m.group("high")))
        else:
            amt = Amount(to_decimal(m.group("value")), unit)
        out.append((amt, m.start(), m.end()))
    return out


DOSE_CAP = re.compile(
    rf"\((?:max(?:imum)?(?:\s+dose)?(?:\s+of)?|not\s+to\s+exceed|capped\s+at)\s*:?\s*(?P<value>{_NUM})\s*(?P<unit>{_UNIT_RE})\)"
    rf"|(?:max(?:imum)?(?:\s+dose)?(?:\s+of)?|not\s+to\s+exceed|capped\s+at)\s*:?\s*(?P<value2>{_NUM})\s*(?P<unit2>{_UNIT_RE})",
    re.IGNORECASE,
)


def find_cap(text: str) -> Amount | None:
    m = DOSE_CAP.search(text)
    if not m:
        return None
    value = m.group("value") or m.group("value2")
    unit = m.group("unit") or m.group("unit2")
    return Amount(to_decimal(value), DOSE_UNITS[unit.lower()])


# --- infusion time ------------------------------------------------------------
_TIME_UNITS = {"minute": "min", "minutes": "min", "min": "min", "mins": "min",
               "hour": "h", "hours": "h", "hr": "h", "hrs": "h", "day": "d", "days": "d"}
INFUSION = re.compile(
    rf"\bover\s+(?:(?:about|approximately)\s+)?(?P<value>{_NUM})(?:\s*(?:-|–|to)\s*(?P<high>{_NUM}))?\s*"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|days?)\b",
    re.IGNORECASE,
)


def find_infusion(text: str) -> Amount | None:
    m = INFUSION.search(text)
    if not m:
        return None
    unit = _TIME_UNITS[m.group("unit").lower()]
    if m.group("high"):
        return Amount(None, unit, low=to_decimal(m.group("value")), high=to_decimal(m.group("high")))
    return Amount(to_decimal(m.group("value")), unit)


# --- days of cycle -------------------------------------------------------------
DAYS = re.compile(
    r"\bdays?\s+(?P<list>\d+(?:\s*(?:,|and|&|-|–|through|to|,\s*and)\s*(?:days?\s+)?\d+)*)",
    re.IGNORECASE,
)
_RANGE = re.compile(r"(\d+)\s*(?:-|–|through|to)\s*(\d+)")


def parse_days(text: str) -> list[int] | None:
    """'Days 1, 8, and 15' -> [1, 8, 15]; 'days 1-5' -> [1..5]. None when absent."""
    days: list[int] = []
    found = False
    for m in DAYS.finditer(text):
        found = True
        body = re.sub(r"days?\s+", "", m.group("list"), flags=re.IGNORECASE)
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


# --- cycles ---------------------------------------------------------------------
FIRST_CYCLE_LENGTH = re.compile(
    rf"\b(?:first|initial)\s+cycle\b[^.]*?\b(?:over|lasts?|of|is)\s+(?P<value>{_COUNT})\s*(?:-\s*)?(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)
LATER_CYCLE_LENGTH = re.compile(
    rf"\b(?:subsequent|later|following|remaining|other)\s+cycles?\b[^.]*?\bevery\s+(?P<value>{_COUNT})\s*(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)
CYCLE_EVERY = re.compile(
    rf"\b(?:repeat(?:ed)?|given|cycles?\s+(?:are\s+)?(?:given|repeated))?\s*every\s+(?P<value>{_COUNT})\s*(?P<unit>days?|weeks?)\b",
    re.IGNORECASE,
)
CYCLE_N_DAY = re.compile(r"\b(?P<value>\d+)\s*-\s*(?P<unit>day|week)\s+cycles?\b", re.IGNORECASE)
UP_TO_CYCLES = re.compile(rf"\bup\s+to\s+(?P<value>{_COUNT})\s+cycles?\b", re.IGNORECASE)
FOR_CYCLES = re.compile(rf"\bfor\s+(?P<value>{_COUNT})\s+cycles?\b", re.IGNORECASE)
AFTER_CYCLES = re.compile(rf"\bafter\s+(?P<value>{_COUNT})\s+cycles?\b", re.IGNORECASE)


def _length(m: re.Match | None) -> Amount | None:
    if not m:
        return None
    n = to_count(m.group("value"))
    if n is None:
        return None
    unit = "wk" if m.group("unit").lower().startswith("week") else "d"
    return Amount(Decimal(n), unit)


def first_cycle_length(text: str) -> Amount | None:
    return _length(FIRST_CYCLE_LENGTH.search(text))


def later_cycle_length(text: str) -> Amount | None:
    return _length(LATER_CYCLE_LENGTH.search(text))


def cycle_length(text: str) -> Amount | None:
    """'every 21 days', 'every 3 weeks', '28-day cycles'."""
    return _length(CYCLE_N_DAY.search(text)) or _length(CYCLE_EVERY.search(text))


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
PERCENT_ANY = re.compile(rf"(?P<cmp><|>|≤|≥)?\s*(?P<value>{_NUM})\s*(?:(?:-|–|to)\s*(?P<high>{_NUM})\s*)?%")
CATEGORY_WORDS = ("very common", "common", "less common", "uncommon", "rare", "very rare")


def _percent(m: re.Match, text: str) -> Percent:
    cmp_ = {"≤": "<=", "≥": ">="}.get(m.group("cmp") or "", m.group("cmp") or None)
    if m.group("high"):
        return Percent(low=to_decimal(m.group("value")), high=to_decimal(m.group("high")), text=text)
    return Percent(value=to_decimal(m.group("value")), comparator=cmp_, text=text)


def split_trailing_percent(text: str) -> tuple[str, Percent] | None:
    """'Nausea (32%)' -> ('Nausea', Percent(32)). None when no trailing percentage."""
    m = PERCENT_TAIL.search(text)
    if not m:
        return None
    head = text[: m.start()].strip().rstrip(",:;-").strip()
    return head, _percent(m, m.group(0).strip())


def find_percent(text: str) -> Percent | None:
    m = PERCENT_ANY.search(text)
    return _percent(m, m.group(0).strip()) if m else None


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
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATE_LABELLED = re.compile(
    rf"\b(?P<label>created|updated|last updated|revised|reviewed|published)\s*(?:on)?\s*:?\s*"
    rf"(?P<date>(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}/\d{{1,2}}/\d{{4}})",
    re.IGNORECASE,
)


def parse_date(text: str) -> date | None:
    text = text.replace(",", "").strip()
    for fmt in ("%B %d %Y", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def find_dates(text: str) -> dict[str, date]:
    """{'created': date, 'updated': date} from 'Created: ... Updated: ...'."""
    out: dict[str, date] = {}
    for m in DATE_LABELLED.finditer(text):
        label = m.group("label").lower()
        key = "created" if label in ("created", "published") else "updated"
        d = parse_date(m.group("date"))
        if d:
            out.setdefault(key, d)
    return out


# --- labelled prefixes ("Induction therapy:", "If in complete response:") ----------------------
LABEL_PREFIX = re.compile(r"^(?P<label>[A-Z][^:]{1,60}):\s+(?P<rest>.+)$")


def split_label(text: str) -> tuple[str | None, str]:
    m = LABEL_PREFIX.match(text)
    if not m:
        return None, text
    return m.group("label").strip(), m.group("rest").strip()


BRACKETED = re.compile(r"\[(?P<inner>[^\]]+)\]")


def bracketed_term(text: str) -> str | None:
    m = BRACKETED.search(text)
    return m.group("inner").strip() if m else None
