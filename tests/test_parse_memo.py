"""parse/memo.py: a memoised per-text function gives exactly what the function proper gives, asked once or again,
and its answers cannot be changed through a caller's copy."""
from __future__ import annotations

import pytest

from regimen_fhir.parse import memo, parse_file
from regimen_fhir.parse import patterns as P
from test_caseless import _page_lines

MEMOISED = ["parse_days", "find_dates", "on_off_cycle", "cycle_length", "cycle_count", "incidence", "stated_band",
            "ratio_band", "split_label", "category_of_heading"]

# near misses of the wordings the memoised functions read
NEAR = ["Days 1, 8 and 15", "days 1 to 16 (no doses on days 8 and 9)", "day 1", "Day", "every 21 days", "every 3 weeks",
        "21-day cycle", "3 weeks on, 1 week off", "daily for 14 days then 7 days off", "for 4 cycles", "up to 6 cycles",
        "4 to 6 cycles", "32%", "<1%", "1 in 3 people", "rare", "Very common (more than 1 in 10 people)",
        "between 1 in 100 and 1 in 10", "up to 10%", "Common (about 8%)", "Less common side effects",
        "Created: 12 March 2021 Updated: 4 May 2023", "Issued: Aug 2017 | Last revised: 2023-02-14", "Induction therapy: x",
        "", " ", "day 0", "days 5-1", "1 in 0 people", "Updated: 31/02/2023"]


def _texts(sources) -> list[str]:
    lines = _page_lines(sources)
    parts = {p.strip() for line in lines for p in line.replace(";", ".").split(".")}
    return sorted(set(lines) | parts | set(NEAR))


def test_every_memoised_function_is_marked_and_keeps_its_function_proper():
    for name in MEMOISED:
        fn = getattr(P, name)
        assert fn is not fn.uncached and callable(fn.uncached), name


def test_memoised_answers_equal_the_function_proper_on_every_line_and_near_miss(sources):
    texts = _texts(sources)
    assert len(texts) > 2000
    for name in MEMOISED:
        fn = getattr(P, name)
        fn.cache_clear()
        found = 0
        for text in texts:
            expected = fn.uncached(text)
            assert fn(text) == expected, (name, text)
            assert fn(text) == expected, (name, text)  # asked again: from the memo
            found += expected is not None and expected != {}
        assert found > 0, name
    for text in texts[:300]:
        assert P.find_dates(text, True) == P.find_dates.uncached(text, True)
        assert P.find_dates(text, day_first=True) == P.find_dates.uncached(text, day_first=True)


def test_past_the_memo_size_the_answers_stay_right():
    asks = [(f"note {n}: days 1 to {n % 200 + 2}", n % 200 + 2) for n in range(memo.SIZE + 300)]
    for text, last in asks + asks[:50]:
        assert P.parse_days(text) == list(range(1, last + 1)), text


def test_a_callers_copy_changed_leaves_the_memo_as_it_was():
    days = P.parse_days("Days 1, 8 and 15")
    days.append(99)
    assert P.parse_days("Days 1, 8 and 15") == [1, 8, 15]
    dates = P.find_dates("Created: 12 March 2021 Updated: 4 May 2023")
    dates.clear()
    assert set(P.find_dates("Created: 12 March 2021 Updated: 4 May 2023")) == {"created", "updated"}
    pair = P.on_off_cycle("3 weeks on, 1 week off")
    pair[0].append(99)
    assert 99 not in P.on_off_cycle("3 weeks on, 1 week off")[0]


def test_whole_pages_parse_the_same_with_the_functions_proper(sources, monkeypatch):
    pages = sorted(sources.glob("*.html"))[::7]
    fast = [repr(parse_file(p)) for p in pages]
    for name in MEMOISED:
        monkeypatch.setattr(P, name, getattr(P, name).uncached)
    assert [repr(parse_file(p)) for p in pages] == fast
