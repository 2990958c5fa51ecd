"""The parser's phrase rules, read from the data files in `rules/`."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Condition
from .caseless import caseless, phrase_trie
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("regimen_fhir").joinpath("rules", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@dataclass(frozen=True)
class SectionRule:
    kind: str
    pattern: re.Pattern


@dataclass(frozen=True)
class ConditionRule:
    key: str
    pattern: re.Pattern
    negated: re.Pattern | None
    expression: str
    negated_expression: str
    kind: str = "applicability"  # or "start": when a phase may begin ("once blood counts have recovered")


@dataclass(frozen=True)
class WarningRule:
    key: str
    kind: str
    pattern: re.Pattern
    term: str


@lru_cache(maxsize=None)
def section_rules() -> tuple[SectionRule, ...]:
    return tuple(SectionRule(r["kind"], re.compile(r["pattern"], re.I)) for r in _rows("sections.csv"))


@lru_cache(maxsize=None)
def condition_rules() -> tuple[ConditionRule, ...]:
    return tuple(
        ConditionRule(r["key"], re.compile(r["pattern"], re.I),
                      re.compile(r["negated_pattern"], re.I) if r["negated_pattern"] else None,
                      r["expression"], r["negated_expression"], r.get("kind") or "applicability")
        for r in _rows("conditions.csv")
    )


@lru_cache(maxsize=None)
def warning_rules() -> tuple[WarningRule, ...]:
    return tuple(WarningRule(r["key"], r["kind"], re.compile(r["pattern"], re.I), r["term"]) for r in _rows("warnings.csv"))


# a heading that is only an incidence band ('Very common', 'Less common', 'Rare'): a group of side effects, whatever
# (unknown) heading it sits under ('What to expect'); under a known section of another kind, that section decides
_BAND = "side-effects-band"


@lru_cache(maxsize=4096)
def _rule_kind(heading: str) -> str | None:
    for rule in section_rules():
        if rule.pattern.search(heading):
            return rule.kind
    return None


def section_kind(heading: str) -> str | None:
    """Headings repeat across the blocks of a page and across pages: the answer is cached."""
    kind = _rule_kind(heading)
    return "side-effects" if kind == _BAND else kind


def block_kind(headings: tuple[str, ...]) -> str | None:
    """The innermost heading that names a known section decides; a band heading only when no other does."""
    band = False
    for heading in reversed(headings):
        kind = _rule_kind(heading)
        if kind == _BAND:
            band = True
        elif kind:
            return kind
    return "side-effects" if band else None


def conditions_in(text: str, only: str | None = None, threshold=None, kind: str = "applicability") -> list[Condition]:
    """Each condition of that kind the text names, negated where the text says so."""
    out = []
    for rule in condition_rules():
        if (only and rule.key != only) or rule.kind != kind:
            continue
        if rule.negated is not None and rule.negated.search(text):
            out.append(Condition(rule.key, True, text, threshold, rule.negated_expression, rule.kind))
        elif rule.pattern.search(text):
            out.append(Condition(rule.key, False, text, threshold, rule.expression, rule.kind))
    return out


def start_conditions_in(text: str) -> list[Condition]:
    """'Starts once blood counts have recovered': when a phase may begin, as the page words it."""
    return conditions_in(text, kind="start")


def warning_for(text: str) -> WarningRule | None:
    for rule in warning_rules():
        if rule.pattern.search(text):
            return rule
    return None


# --- drug names and route wordings (parser vocabulary; codes come from the terminology tables) ---------
@lru_cache(maxsize=None)
def _drug_index() -> dict[str, str]:
    """match key -> preferred drug name, from rules/drug_names.csv and the terminology drug table."""
    from .. import terminology

    out: dict[str, str] = {}
    for key, codes in terminology.table("drugs").items():
        out.setdefault(key, codes[0].term)
    for row in _rows("drug_names.csv"):
        name = row["name"].strip()
        for alias in [name] + [a for a in row["synonyms"].split("|") if a.strip()]:
            out.setdefault(terminology.match_key(alias), name)
    return out


def find_drugs(text: str) -> list[tuple[int, str]]:
    """Drugs named in a text as (position, preferred name), in text order; the longest name wins an overlap.
    When the vocabulary knows none, names with a WHO INN stem ('pembrolizumab', 'vinorelbine') are taken."""
    return list(_find_drugs(text))


@lru_cache(maxsize=8192)  # the same texts are asked about several times per page (pure over the fixed tables)
def _find_drugs(text: str) -> tuple[tuple[int, str], ...]:
    found = _vocabulary_drugs(text)
    from .patterns import inn_drugs

    if found:
        # 'Enfortumab vedotin ... and pembrolizumab': a name the tables lack still counts by its INN stem beside
        # the names they know (never one inside a known name: 'trastuzumab' in 'trastuzumab emtansine')
        known = " ".join(n for _, n in found)
        extra = [(p, n) for p, n in inn_drugs(text) if n not in known and not any(k in n for k in known.split())]
        return tuple(sorted(found + extra)) if extra else tuple(found)
    return tuple(inn_drugs(text))


@lru_cache(maxsize=None)
def _drug_index_heads() -> dict[str, int]:
    """First word of a known name -> the most words of a known name that starts with it. A place whose word starts no
    name is passed over at once, and at a place that starts one only names as long as its longest are tried (every
    word of a text was joined with the words after it, up to the longest name of all, and looked up)."""
    heads: dict[str, int] = {}
    for key in _drug_index():
        parts = key.split(" ")
        heads[parts[0]] = max(heads.get(parts[0], 0), len(parts))
    return heads


# the payload half of an antibody-drug conjugate's name (WHO INN): vedotin, deruxtecan, govitecan, emtansine, ...
_CONJUGATE = re.compile(r"vedotin|mafodotin|deruxtecan|govitecan|emtansine|ozogamicin|tesirine|soravtansine|tiuxetan|"
                        r"pasudotox|duocarmazine|[a-z]+dotin|[a-z]+tecan")


def _vocabulary_drugs(text: str) -> list[tuple[int, str]]:
    """Left to right over the words, the longest known name at each place; a name counts once."""
    from .. import terminology

    index = _drug_index()
    heads = _drug_index_heads()
    words = terminology.match_key(text).split(" ")
    offsets, pos = [], 1
    for w in words:
        offsets.append(pos)
        pos += len(w) + 1
    found: list[tuple[int, str]] = []
    names: set[str] = set()
    i = 0
    while i < len(words):
        most = heads.get(words[i])
        if most is None:
            i += 1  # no known name starts with this word
            continue
        for n in range(min(most, len(words) - i), 0, -1):
            name = index.get(" ".join(words[i:i + n]))
            if name is not None:
                nxt = words[i + n] if i + n < len(words) else ""
                if name.endswith("mab") and _CONJUGATE.fullmatch(nxt):
                    # 'trastuzumab deruxtecan', 'sacituzumab govitecan': an antibody-drug conjugate is its own drug,
                    # not the antibody named in its first word
                    name = f"{name} {nxt}"
                    n += 1
                if name not in names:
                    names.add(name)
                    found.append((offsets[i], name))
                i += n
                break
        else:
            i += 1
    return found


@lru_cache(maxsize=None)
def _route_pattern() -> tuple:
    """One alternation of every route wording, longest first, so the leftmost match is the longest
    wording at that place; group i names route i. Short upper-case abbreviations (IV, PO, SC, IM,
    IT) match only in capitals, so 'it' or 'im' in a sentence is never read as a route."""
    rows = sorted(_rows("route_phrases.csv"), key=lambda r: len(r["phrase"]), reverse=True)
    parts, routes = [], []
    for i, r in enumerate(rows):
        phrase = r["phrase"].strip()
        # short abbreviations match only as written: 'IV' in capitals, 'po' in lower case ('Po River' is none)
        exact = len(phrase) <= 3 and (phrase.isupper() or (phrase.isalpha() and phrase.islower()))
        body = re.escape(phrase) if exact else f"(?i:{re.escape(phrase)})"
        parts.append(f"(?P<r{i}>{body})")
        routes.append(r["route"].strip())
    # searched for in every dose line: the lower-cased search first (parse/caseless.py), the pattern's own
    # case rules ('IV' in capitals) kept for the match itself
    phrases = [r["phrase"].strip() for r in rows]
    return caseless(r"(?<![\w.])(?:" + "|".join(parts) + r")(?![\w])", ignore_case=False,
                    fast=r"(?<![\w.])" + phrase_trie(phrases) + r"(?![\w])"), tuple(routes)


_SLASHED_ROUTES = re.compile(r"\b(?:IV|PO|SC|SQ|IM|IT)\s*/\s*(?:IV|PO|SC|SQ|IM|IT)\b")


def alternative_routes(text: str) -> tuple[str, str] | None:
    """'PO or IV', 'by mouth or into a vein': two different routes offered for one dose, as (first, second) wordings;
    None when the text names one route (or the same route twice)."""
    if " or " not in text.lower() and not _SLASHED_ROUTES.search(text):
        return None  # no 'or' and no 'IV/PO': one route at most
    rx, routes = _route_pattern()
    found = list(rx.finditer(text))
    for a, b in zip(found, found[1:]):
        between = text[a.end():b.start()]
        if re.fullmatch(r"\s*(?:or|/|,\s*or)\s*", between, re.IGNORECASE) \
                and routes[int(a.lastgroup[1:])] != routes[int(b.lastgroup[1:])]:
            return a.group(0), b.group(0)
    return None


def find_route(text: str) -> tuple[str, str] | None:
    """(route key, the page's wording) for the first route named in the text (longest wording at that place)."""
    rx, routes = _route_pattern()
    m = rx.search(text)
    if not m:
        return None
    return routes[int(m.lastgroup[1:])], m.group(0)
