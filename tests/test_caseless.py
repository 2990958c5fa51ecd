"""parse/caseless.py: a case-insensitive pattern searched over lower-cased text first must find exactly what
the pattern proper finds."""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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


# --- needles: words one of which every match must contain (a substring test before any regex) ---

@pytest.mark.parametrize("source,expected", [
    (r"\bover\s+(?P<v>\d+)", {"over"}),  # a literal run
    (r"\b(?:cycles?|courses?)\b", {"ycle", "ourse"}),  # each branch brings its own (re factors out the 'c')
    (r"(?:every|q)\s*\d+", {"every", "q"}),  # one word from each branch, however short
    (r"\d+\s*(?:mg|g)(?:/m2)?", {"mg", "g"}),  # the optional part adds nothing
    (r"(?:about\s+)?\d+\s*%", {"%"}),  # an optional word is no needle; the sign is
    (r"(?:days?\s+)+\d", {"day"}),  # a repeat of at least one brings its words
    (r"[%\uff05]", {"%", "\uff05"}),  # a small set of characters
    (r"\d+(?:\s*\w+)*", None),  # nothing literal
    (r"(?:foo|\d+)", None),  # one branch without a word: unknown
])
def test_needles_of_a_pattern(source, expected):
    found = C.needles_of(source)
    assert (set(found) if found else None) == expected


def test_most_caseless_patterns_have_needles():
    pats = _all_caseless()
    assert sum(1 for p in pats.values() if p.needles) >= len(pats) - 2


def test_every_fast_match_on_the_shipped_lines_holds_a_needle(sources):
    for name, pat in _all_caseless().items():
        if not pat.needles:
            continue
        for text in _page_lines(sources):
            low = text.lower()
            if pat.fast.search(low):
                assert any(n in low for n in pat.needles), (name, text)


def test_a_line_without_any_needle_is_refused_without_the_regex(monkeypatch):
    pat = C.Caseless(r"\bover\s+(?P<v>\d+)\s+minutes")
    calls = []

    class Spy:
        def search(self, text):
            calls.append(text)
            return None
    monkeypatch.setattr(pat, "fast", Spy())
    assert pat.search("Given on day 1 of each cycle") is None and calls == []
    assert pat.search("Given over 30 minutes") is None and calls == ["given over 30 minutes"]  # a needle: asked
    assert C.Caseless(r"\bover\s+(?P<v>\d+)\s+minutes").search("Given OVER 30 minutes").group("v") == "30"


_WORDS = sorted({w for p in _all_caseless().values() for n in p.needles for w in (n, n[:-1], n.upper())} |
                {"1", "21", "30", " ", "-", "/", "mg", "m2", "every", "days", "cycles", "(", ")", "%", ":", "."})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12))
def test_random_texts_a_fast_match_always_holds_a_needle(words):
    text = " ".join(words)
    low = text.lower()
    for name, pat in _all_caseless().items():
        if pat.needles and pat.fast.search(low):
            assert any(n in low for n in pat.needles), (name, text)
        assert (pat.search(text) is None) == (pat.proper.search(text) is None), (name, text)


def test_a_pattern_with_its_own_case_rules_keeps_them_and_agrees_on_every_shipped_line(sources):
    from regimen_fhir.parse import rules

    rx, _ = rules._route_pattern()
    plain = re.compile(rx.pattern)  # the same source compiled as it is, case rules and all
    assert rx.search("IV over 1 hour").group(0) == "IV" and rx.search("iv over 1 hour") is None  # capitals only
    assert rx.search("Given INTRAVENOUSLY").group(0) == "INTRAVENOUSLY"  # '(?i:...)' parts in any case
    lines = _page_lines(sources)
    for text in (v for line in lines for v in (line, line.upper(), line.lower(), line.swapcase())):
        got, expected = rx.search(text), plain.search(text)
        assert (got is None) == (expected is None), text
        if got is not None:
            assert got.span() == expected.span() and got.lastgroup == expected.lastgroup, text


_PHRASES = ["iv", "iv push", "intravenous", "intravenously", "oral", "orally", "po", "p.o.", "into a vein", "in"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PHRASES + ["ivy", "oralx", "push", "vein", "a", "p.o", "intra", ".", "x"]),
                max_size=8), st.sampled_from([" ", "", ", "]))
def test_a_phrase_trie_finds_what_the_flat_alternation_finds(words, sep):
    text = sep.join(words)
    flat = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(p) for p in _PHRASES) + r")(?![\w])")
    trie = re.compile(r"(?<![\w.])" + C.phrase_trie(_PHRASES) + r"(?![\w])")
    assert [m.start() for m in trie.finditer(text)] == [m.start() for m in flat.finditer(text)], text


def test_a_phrase_trie_shares_prefixes_and_keeps_phrases_that_end_inside_others():
    assert C.phrase_trie(["iv", "iv push", "oral", "orally"]) == r"(?:(?:iv(?:\ push)?|oral(?:ly)?))"
    rx = re.compile(C.phrase_trie(["iv", "iv push"]) + r"$")
    assert rx.fullmatch("iv") and rx.fullmatch("iv push") and not rx.fullmatch("iv pus") and not rx.fullmatch("i")


def test_the_route_pattern_searches_a_trie_first():
    from regimen_fhir.parse import rules

    rx, _ = rules._route_pattern()
    assert "|" in rx.fast.pattern and "(?P<" not in rx.fast.pattern  # no named groups: the trie, not the table
    assert rx.first_place("given as an infusion into a vein") == len("given as an infusion ")
    assert rx.first_place("take with food") == -1


def test_the_pattern_proper_starts_where_the_first_possible_match_is_but_still_sees_the_text_before_it():
    pat = C.caseless(r"(?<![\w.])IV\b", ignore_case=False)
    # 'iv' after '.' is no match (look-behind), 'iv' in lower case neither (capitals only): the search from the
    # first lower-cased match must still find the 'IV' after them, and not the one the look-behind refuses
    text = "a.IV then iv then IV"
    assert pat.first_place(text) == text.index(" iv") + 1
    assert pat.search(text).start() == text.rindex("IV")
    assert [m.start() for m in pat.finditer(text)] == [m.start() for m in pat.proper.finditer(text)]


def test_the_memo_of_answers_gives_what_a_fresh_search_gives(sources, monkeypatch):
    """Each pattern keeps its answers for the texts last asked (a page asks the same line again and again): asked
    again, in another order, past the memo's size (it starts again), and of near misses (one letter changed, a case
    changed), the answers are those of the pattern proper."""
    monkeypatch.setattr(C, "MEMO_SIZE", 50)  # small: the memo fills and starts again many times over
    lines = _page_lines(sources)[:400]
    near = [t[:-1] + ("x" if t[-1:] != "x" else "y") for t in lines if t] + [t.swapcase() for t in lines]
    texts = lines + near + lines[::-1] + lines
    hits = 0
    for name, pat in _all_caseless().items():
        memo = object.__new__(C.Caseless)  # the pattern as the parser built it, with a memo of its own
        memo.__dict__.update(pat.__dict__, _places={}, _found={})
        for text in texts:
            expected = pat.proper.search(text)
            got = memo.search(text)
            assert (got is None) == (expected is None), (name, text)
            if got is not None:
                hits += 1
                assert got.span() == expected.span() and got.groups() == expected.groups(), (name, text)
            assert memo.may_match(text) or expected is None, (name, text)
        assert len(memo._found) <= 50 and len(memo._places) <= 50
    assert hits > 500
