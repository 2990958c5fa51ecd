"""The parser's phrase rules, read from the data files in `rules/`."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Condition
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
                      r["expression"], r["negated_expression"])
        for r in _rows("conditions.csv")
    )


@lru_cache(maxsize=None)
def warning_rules() -> tuple[WarningRule, ...]:
    return tuple(WarningRule(r["key"], r["kind"], re.compile(r["pattern"], re.I), r["term"]) for r in _rows("warnings.csv"))


def section_kind(heading: str) -> str | None:
    for rule in section_rules():
        if rule.pattern.search(heading):
            return rule.kind
    return None


def block_kind(headings: tuple[str, ...]) -> str | None:
    """The innermost heading that names a known section decides."""
    for heading in reversed(headings):
        kind = section_kind(heading)
        if kind:
            return kind
    return None


def conditions_in(text: str, only: str | None = None, threshold=None) -> list[Condition]:
    """Each condition the text names, negated where the text says so."""
    out = []
    for rule in condition_rules():
        if only and rule.key != only:
            continue
        if rule.negated is not None and rule.negated.search(text):
            out.append(Condition(rule.key, True, text, threshold, rule.negated_expression))
        elif rule.pattern.search(text):
            out.append(Condition(rule.key, False, text, threshold, rule.expression))
    return out


def warning_for(text: str) -> WarningRule | None:
    for rule in warning_rules():
        if rule.pattern.search(text):
            return rule
    return None
