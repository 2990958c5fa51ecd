"""Qualifier phrases on condition wordings, as data (data/qualifiers.csv).

Pages qualify a condition: "Severe diarrhoea", "Allergic reactions to
pegaspargase", "acute lymphoblastic leukemia in children", "colorectal cancer
that has spread", "colon cancer after surgery (stage III)". The table says, per
phrase, whether it leaves the concept as it is (effect ``keep``: severity,
course, the drug it is attributed to, the population, the treatment context),
or makes it a different concept (effect ``specific``: metastatic, early,
relapsed or refractory, a stage).

- ``keep``: the phrase is set aside and the rest is looked up; the page's
  wording stays the text of the concept.
- ``specific``: when the rest is a known indication, only the specific concept
  may code it ("metastatic colorectal cancer"), and only if the tables hold a
  confirmed row for it. The disease alone is never used instead, so a wording
  like "colorectal cancer that has spread" stays uncoded rather than losing
  "metastatic".

Placeholders in a phrase: ``{drug}`` is a drug name the project knows (the drug
table and the parser's drug list), ``{any}`` is one or more words up to the
end, ``{roman}`` is a stage number (I-IV, 1-4, with an optional letter).
Matching is on whole words after the same folding as the tables (case,
punctuation, brackets, plural 's'); there is no partial-word matching.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

COLUMNS = ("phrase", "position", "kind", "effect", "rewrite", "source")
POSITIONS = ("prefix", "suffix", "anywhere")
EFFECTS = ("keep", "specific")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|[1-4])[abc]?$")


@dataclass(frozen=True)
class Qualifier:
    phrase: str
    tokens: tuple[str, ...]  # folded words and placeholders
    position: str
    kind: str
    effect: str
    rewrite: str
    source: str
    line: int


@dataclass(frozen=True)
class Analysis:
    """What the qualifiers of a wording mean for its lookup."""

    base: str  # the wording without its qualifiers (page words, original case)
    kept: tuple[Qualifier, ...]  # qualifiers set aside (effect keep)
    specific: str | None  # the wording to look up instead, when a specific qualifier applies


def _fold(word: str) -> str:
    from . import match_key  # the tables' own folding (late import: this module is imported by the package)

    return match_key(word)


@lru_cache(maxsize=None)
def qualifiers() -> tuple[Qualifier, ...]:
    text = resources.files(__package__).joinpath("data", "qualifiers.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"terminology/data/qualifiers.csv: columns must be {','.join(COLUMNS)}")
    out = []
    for i, row in enumerate(reader, start=2):
        phrase = row["phrase"].strip()
        tokens = tuple(t if t.startswith("{") else _fold(t) for t in phrase.split())
        out.append(Qualifier(phrase, tokens, row["position"].strip(), row["kind"].strip(), row["effect"].strip(),
                             row["rewrite"].strip(), (row["source"] or "").strip(), i))
    return tuple(out)


@lru_cache(maxsize=None)
def drug_names() -> frozenset[str]:
    """Folded drug names: the terminology drug table and the parser's drug list (rules/drug_names.csv)."""
    from . import table

    names = set(table("drugs"))
    text = resources.files("regimen_fhir").joinpath("rules", "drug_names.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        for name in [row.get("name") or "", *(row.get("synonyms") or "").split("|")]:
            key = _fold(name)
            if key:
                names.add(key)
    return frozenset(names)


def _match_at(tokens: tuple[str, ...], words: list[str], start: int) -> int | None:
    """End index when the qualifier's tokens match the folded words from start, else None."""
    i = start
    for n, tok in enumerate(tokens):
        if tok == "{any}":
            return len(words) if i < len(words) else None
        if tok == "{drug}":
            known = drug_names()
            for end in range(len(words), i, -1):  # longest drug name first
                if " ".join(words[i:end]) in known:
                    if n == len(tokens) - 1:
                        return end
                    rest = _match_at(tokens[n + 1:], words, end)
                    if rest is not None:
                        return rest
            return None
        if i >= len(words):
            return None
        if tok == "{roman}":
            if not _ROMAN.match(words[i]):
                return None
        elif words[i] != tok:
            return None
        i += 1
    return i


def _find(q: Qualifier, words: list[str]) -> tuple[int, int] | None:
    if q.position == "prefix":
        end = _match_at(q.tokens, words, 0)
        return (0, end) if end is not None and end < len(words) else None
    starts = range(len(words)) if q.position == "anywhere" else range(len(words) - 1, 0, -1)
    for s in starts:
        end = _match_at(q.tokens, words, s)
        if end is None or (q.position == "suffix" and end != len(words)):
            continue
        if s == 0 and end == len(words):
            continue  # a qualifier alone is no wording
        return s, end
    return None


def _rewrite(q: Qualifier, words: list[str], span: tuple[int, int]) -> str:
    text = q.rewrite
    if "{roman}" in text:
        roman = next((w for w in words[span[0]:span[1]] if _ROMAN.match(w)), "")
        text = text.replace("{roman}", roman)
    return text


def analyse(text: str, is_indication) -> Analysis:
    """Set aside the qualifiers of a wording.

    ``is_indication(wording)`` tells whether a wording is a known indication; a
    specific qualifier applies only then (so "early satiety" is not read as an
    early-stage disease)."""
    original = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", text)
    words = [_fold(w) for w in original]
    keep = [bool(w) for w in words]
    original = [o for o, k in zip(original, keep) if k]
    words = [w for w in words if w]
    kept: list[Qualifier] = []
    specific: list[str] = []
    changed = True
    while changed and words:
        changed = False
        for q in qualifiers():
            span = _find(q, words)
            if span is None:
                continue
            if q.effect == "specific":
                specific.append(_rewrite(q, words, span))
            else:
                kept.append(q)
            del words[span[0]:span[1]]
            del original[span[0]:span[1]]
            changed = True
            break
    base = " ".join(original)
    if specific:
        if base and is_indication(base):
            wording = " ".join(r.replace("{term}", "").strip() for r in specific)
            return Analysis(base, tuple(kept), f"{wording} {base}".strip())
        # the words are no qualifier here ("early satiety"): nothing is set aside
        return Analysis(text, (), None)
    return Analysis(base, tuple(kept), None)
