"""parse/caseless.py: a case-insensitive pattern searched over lower-cased text first must find exactly what
the pattern proper finds."""
from __future__ import annotations

import re
import sys

import pytest
from lxml import html

from regimen_fhir.parse import caseless as C
from regimen_fhir.parse import patterns, regimen


def _all_caseless() -> dict[str, C.Caseless]:
    found = {}
    for mod in (patterns, regimen):
        for name, value in vars(mod).items():
            if isinstance(value, C.Caseless):
                found[f"{mod.__name__.rsplit('.', 1)[-1]}.{name}"] = value
    return found


def _page_lines(sources) -> list[str]:
    lines = []
    for page in sorted(sources.glob("*.html")):
        doc = html.document_fromstring(page.read_bytes())
        for el in doc.iter("p", "li", "td", "th", "h1", "h2", "h3", "h4", "dt", "dd", "div"):
            text = el.text_content()
            if text and len(text) < 2000:
                lines.append(" ".join(text.split()))
    return lines


def test_lower_pattern_lowers_letters_but_not_escapes_or_group_names():
    assert C.lower_pattern(r"(?P<Value>\d+)\s*MG\b|\N{MICRO SIGN}g|(?P=Value)|[A-Z]\S\W") == \
        r"(?P<Value>\d+)\s*mg\b|\N{MICRO SIGN}g|(?P=Value)|[a-z]\S\W"


def test_the_parser_uses_caseless_patterns():
    assert len(_all_caseless()) >= 20


def test_on_every_line_of_the_shipped_pages_and_in_any_case_the_fast_search_agrees(sources):
    lines = _page_lines(sources)
    variants = [v for line in lines for v in (line, line.upper(), line.title(), line.swapcase())]
    assert len(lines) > 1000
    matched = 0
    for name, pat in _all_caseless().items():
        for text in variants:
            expected = pat.proper.search(text)
            got = pat.search(text)
            assert (got is None) == (expected is None), (name, text)
            if got is not None:
                matched += 1
                assert got.span() == expected.span() and got.groupdict() == expected.groupdict(), (name, text)
            assert [m.span() for m in pat.finditer(text)] == [m.span() for m in pat.proper.finditer(text)]
    assert matched > 1000


@pytest.mark.parametrize("odd", sorted(C.ODD))
def test_letters_that_fold_unlike_lower_take_the_pattern_proper(odd):
    text = f"Every 21 day{odd} for 4 cycles; da{odd} 1 and 8; {odd}top"
    for name, pat in _all_caseless().items():
        assert (pat.search(text) is None) == (pat.proper.search(text) is None), (name, odd)


def test_a_long_s_is_an_s_for_both_searches():
    # 'ſ' matches 's' case-insensitively, but lower() keeps it: the lower-cased search alone would miss these
    assert C.Caseless("days").search("dayſ") is not None
    assert C.Caseless(r"\bstop").search("ſtop") is not None
    assert C.Caseless("kg").search("\u212ag") is not None  # the Kelvin sign


def test_odd_covers_every_letter_that_folds_unlike_lower_for_these_patterns():
    letters = set("abcdefghijklmnopqrstuvwxyz")
    for pat in _all_caseless().values():
        letters |= {c for c in pat.fast.pattern if ord(c) > 127 and c.isalpha()}
    folds_onto = re.compile("[" + re.escape("".join(sorted(letters))) + "]", re.IGNORECASE)
    missing = [hex(code) for code in range(128, sys.maxunicode + 1)
               if folds_onto.fullmatch(chr(code)) and chr(code).lower() not in letters and chr(code) not in C.ODD]
    assert missing == []
    # and lower-casing keeps every other text's length, so the two searches see the same positions
    assert [hex(c) for c in range(sys.maxunicode + 1) if len(chr(c).lower()) != 1 and chr(c) not in C.ODD] == []
