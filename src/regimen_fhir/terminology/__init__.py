"""Curated code tables (data files) and the exact-but-tolerant matcher over them.

Each table in `data/` is one concept kind; every row names the public source
where its code was confirmed. A term that matches no row gets no code: the
project never invents one.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

KINDS = ("drugs", "conditions", "routes", "tests", "units")
COLUMNS = ("term", "synonyms", "system", "code", "display", "source")

SYSTEMS = {
    "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "snomed": "http://snomed.info/sct",
    "loinc": "http://loinc.org",
    "ucum": "http://unitsofmeasure.org",
    "atc": "http://www.whocc.no/atc",
    "ncit": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl",
}


@dataclass(frozen=True)
class Code:
    system: str  # canonical URI
    code: str
    display: str
    term: str  # the table's preferred term
    source: str


_DROP = re.compile(r"[®™©]")
_PUNCT = re.compile(r"[^\w\s/%]+")
_SPACE = re.compile(r"\s+")


def match_key(text: str) -> str:
    """Case, punctuation, brackets, trademark signs and a plural 's' do not matter."""
    text = _DROP.sub("", text.lower())
    text = _PUNCT.sub(" ", text)
    words = _SPACE.sub(" ", text).strip().split(" ")
    return " ".join(_singular(w) for w in words if w)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=None)
def table(kind: str) -> dict[str, tuple[Code, ...]]:
    """match key -> codes (first is the primary), for one concept kind."""
    if kind not in KINDS:
        raise KeyError(kind)
    out: dict[str, list[Code]] = {}
    text = resources.files(__package__).joinpath("data", f"{kind}.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        system = SYSTEMS.get(row["system"].strip(), row["system"].strip())
        code = Code(system, row["code"].strip(), row["display"].strip(), row["term"].strip(), row["source"].strip())
        names = [row["term"]] + [s for s in row["synonyms"].split("|") if s.strip()]
        for name in names:
            key = match_key(name)
            if key and code not in out.setdefault(key, []):
                out[key].append(code)
    return {k: tuple(v) for k, v in out.items()}


_BRACKETED = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")


def candidates(text: str) -> list[str]:
    """The text, then the text without its bracketed parts, then each bracketed part:
    'Acute Lymphoid Leukemia (ALL)' is tried whole, as 'Acute Lymphoid Leukemia', then as 'ALL'."""
    out = [text]
    stripped = _BRACKETED.sub(" ", text).strip()
    if stripped and stripped != text:
        out.append(stripped)
    out.extend(a or b for a, b in _BRACKETED.findall(text) if (a or b).strip())
    return out


def lookup(kind: str, text: str | None) -> tuple[Code, ...]:
    if not text:
        return ()
    tab = table(kind)
    for candidate in candidates(text):
        codes = tab.get(match_key(candidate))
        if codes:
            return codes
    return ()


def primary(kind: str, text: str | None) -> Code | None:
    codes = lookup(kind, text)
    return codes[0] if codes else None


def find_in(kind: str, text: str) -> list[tuple[str, Code]]:
    """Known terms of a kind named anywhere in a text, longest match first, no overlaps."""
    key = " " + match_key(text) + " "
    found: list[tuple[int, str, Code]] = []
    taken: list[tuple[int, int]] = []
    for term in sorted(table(kind), key=len, reverse=True):
        start = key.find(" " + term + " ")
        while start != -1:
            span = (start, start + len(term) + 1)
            code = table(kind)[term][0]
            if not any(a < span[1] and span[0] < b for a, b in taken):
                taken.append(span)
                if all(c != code for _, _, c in found):
                    found.append((start, term, code))
            start = key.find(" " + term + " ", start + 1)
    return [(term, code) for _, term, code in sorted(found)]
