"""Syntax and check-digit rules of the code systems the tables use.

They catch a mistyped or made-up code; they cannot prove that a well-formed
code means what the row says (that is what each row's source is for).
"""
from __future__ import annotations

import re

# Verhoeff tables (dihedral group D5), as SNOMED CT uses them for its check digit.
_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_valid(number: str) -> bool:
    """True when the last digit is the Verhoeff check digit of the others."""
    if not number.isdigit():
        return False
    c = 0
    for i, ch in enumerate(reversed(number)):
        c = _D[c][_P[i % 8][int(ch)]]
    return c == 0


def snomed_valid(code: str) -> bool:
    """A SNOMED CT concept id: 6-18 digits, no leading zero, concept partition (00 or 10), Verhoeff digit."""
    if not re.fullmatch(r"[1-9][0-9]{5,17}", code):
        return False
    return code[-3:-1] in ("00", "10") and verhoeff_valid(code)


def loinc_check_digit(base: str) -> int:
    """LOINC's mod-10 check digit of the part before the hyphen."""
    total = 0
    for i, ch in enumerate(reversed(base)):
        d = int(ch)
        if i % 2 == 0:  # the rightmost digit and every second one to its left are doubled
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10


def loinc_valid(code: str) -> bool:
    m = re.fullmatch(r"([1-9][0-9]{0,6})-([0-9])", code)
    return bool(m) and loinc_check_digit(m.group(1)) == int(m.group(2))


def rxnorm_valid(code: str) -> bool:
    """An RxNorm concept id (RXCUI): a positive number."""
    return bool(re.fullmatch(r"[1-9][0-9]{0,8}", code))


def atc_valid(code: str) -> bool:
    """A 5th-level ATC code (one substance), e.g. L01XA01."""
    return bool(re.fullmatch(r"[A-Z][0-9]{2}[A-Z]{2}[0-9]{2}", code))


def ncit_valid(code: str) -> bool:
    return bool(re.fullmatch(r"C[1-9][0-9]{0,6}", code))


# --- UCUM: a parser for the case-sensitive syntax, over the atoms a regimen uses ---
_PREFIXES = ("da", "Y", "Z", "E", "P", "T", "G", "M", "k", "h", "d", "c", "m", "u", "n", "p", "f", "a", "z", "y")
_METRIC = {"m", "s", "g", "L", "l", "mol", "eq", "osm", "U", "[iU]", "[IU]", "Gy", "Sv", "Hz", "Pa", "J", "W", "A",
           "V", "N", "K", "Cel", "cd", "kat", "bar", "cal", "t", "rad", "B", "Bq", "Ci"}
_NON_METRIC = {"min", "h", "d", "wk", "mo", "a", "%", "[ppth]", "[ppm]", "[drp]", "[in_i]", "[lb_av]", "[ft_i]",
               "[degF]", "mm[Hg]", "[pH]", "[arb'U]"}
_ANNOTATION = re.compile(r"\{[^{}]*\}")
_TOKEN = re.compile(r"^(?P<unit>10[*^][+-]?[0-9]+|\[[^\]]+\]|mm\[Hg\]|%|[A-Za-z]+(?:\[[^\]]+\])?)(?P<exp>[+-]?[0-9]+)?$")


def _atom_ok(unit: str) -> bool:
    if re.fullmatch(r"10[*^][+-]?[0-9]+", unit):
        return True
    if unit in _METRIC or unit in _NON_METRIC:
        return True
    return any(unit.startswith(p) and unit[len(p):] in _METRIC for p in _PREFIXES)


def ucum_valid(code: str) -> bool:
    """True for a UCUM code built from known atoms with prefixes, exponents, '.', '/' and {annotations}."""
    if not code or code != code.strip() or " " in code:
        return False
    text = _ANNOTATION.sub("1", code)
    if "(" in text or ")" in text:
        return False  # not needed by these tables; keep the parser small
    body = text[1:] if text.startswith("/") else text
    if not body:
        return False
    for token in re.split(r"[./]", body):
        if token == "1":
            continue  # a bare annotation, or the unity
        m = _TOKEN.match(token)
        if not m or not _atom_ok(m.group("unit")):
            return False
    return True


VALIDATORS = {
    "snomed": snomed_valid,
    "loinc": loinc_valid,
    "rxnorm": rxnorm_valid,
    "atc": atc_valid,
    "ncit": ncit_valid,
    "ucum": ucum_valid,
}


def code_valid(system: str, code: str) -> bool:
    """The check for a system's short name (as written in the tables); unknown systems fail."""
    check = VALIDATORS.get(system)
    return bool(check and check(code))
