"""Curated code tables (data files) and the exact-but-tolerant matcher over them.

Each table in `data/` is one concept kind; every row names the public source
where its code was confirmed. A term that matches no row gets no code: the
project never invents one.

Matching forgives what does not change the meaning (case, punctuation,
brackets, trademark signs, superscripts, a plural 's', the usual synonyms and
brand names listed in the tables) and nothing else: there is no edit-distance
or partial-word guessing. Two rules keep it from coding the wrong concept:

- short all-capital abbreviations in the tables ("IT", "ALL", "CT", "K") match
  only when the page writes them in capitals, so the word "it" is no route;
- when a page qualifies a term ("fever (neutropenic)", "fever, neutropenic"),
  the qualified wording is tried before the bare word, so the more specific
  concept wins; in running text the longest known term wins (`find_in`).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from . import qualifiers

KINDS = ("drugs", "conditions", "routes", "tests", "units")
COLUMNS = ("term", "synonyms", "system", "code", "display", "source")
# A kind may span several data files: indications and side effects are one
# lookup kind ("conditions") but are curated in separate files.
KIND_FILES = {
    "drugs": ("drugs.csv",),
    "conditions": ("conditions.csv", "side_effects.csv"),
    "routes": ("routes.csv",),
    "tests": ("tests.csv",),
    "units": ("units.csv",),
}

SYSTEMS = {
    "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
    "snomed": "http://snomed.info/sct",
    "loinc": "http://loinc.org",
    "ucum": "http://unitsofmeasure.org",
    "atc": "http://www.whocc.no/atc",
    "ncit": "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl",
}
SYSTEM_NAMES = {uri: name for name, uri in SYSTEMS.items()}


@dataclass(frozen=True)
class Code:
    system: str  # canonical URI
    code: str
    display: str
    term: str  # the table's preferred term
    source: str


@dataclass(frozen=True)
class Row:
    """One row of a data file, as written (for checks and reports)."""

    file: str
    line: int
    term: str
    synonyms: tuple[str, ...]
    system: str  # short name as written: rxnorm, snomed, ...
    code: str
    display: str
    source: str


_DROP = re.compile(r"[®™©]")
_PUNCT = re.compile(r"[^\w\s/%]+")
_SPACE = re.compile(r"\s+")
_ABBR = re.compile(r"^[A-Z0-9]{1,4}$")


def _words(text: str, fold: bool) -> list[str]:
    text = unicodedata.normalize("NFKC", _DROP.sub("", text))  # m² -> m2, µ -> μ
    if fold:
        text = text.lower()
    text = _PUNCT.sub(" ", text)
    return [w for w in _SPACE.sub(" ", text).strip().split(" ") if w]


@lru_cache(maxsize=4096)  # pages of one site repeat their wordings (pop-up definitions, headings, drug names)
def match_key(text: str) -> str:
    """Case, punctuation, brackets, trademark signs and a plural 's' do not matter."""
    return " ".join(_singular(w) for w in _words(text, fold=True))


@lru_cache(maxsize=4096)
def _case_key(text: str) -> str:
    """The key for an abbreviation: punctuation goes, capitals stay."""
    return " ".join(_words(text, fold=False))


def is_abbreviation(name: str) -> bool:
    """A short all-capital name ("IT", "ALL", "5-FU", "CO2"): matched case-sensitively."""
    letters = re.sub(r"[^A-Za-z0-9]", "", name)
    return bool(_ABBR.match(letters)) and any(c.isalpha() for c in letters)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    # 'rashes', 'flushes', 'abscesses': the plural adds 'es' after sh/ss. Not after ch: 'aches' and
    # 'headaches' are 'ache' + 's' while 'patches' is 'patch' + 'es', so -ches words keep the rule below.
    if len(word) > 5 and word.endswith(("shes", "sses")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=None)
def rows(kind: str) -> tuple[Row, ...]:
    """Every row of the data files of a kind, in file order."""
    if kind not in KINDS:
        raise KeyError(kind)
    out: list[Row] = []
    for name in KIND_FILES[kind]:
        text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
        reader = csv.DictReader(text.splitlines())
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"terminology/data/{name}: columns must be {','.join(COLUMNS)}")
        for i, row in enumerate(reader, start=2):
            out.append(Row(name, i, row["term"].strip(),
                           tuple(s.strip() for s in (row["synonyms"] or "").split("|") if s.strip()),
                           row["system"].strip(), row["code"].strip(), row["display"].strip(),
                           (row["source"] or "").strip()))
    return tuple(out)


@dataclass(frozen=True)
class _Table:
    folded: dict[str, tuple[Code, ...]]  # match_key -> codes (first is the primary)
    exact: dict[str, tuple[Code, ...]]  # case-sensitive key of abbreviations -> codes
    longest: int  # words in the longest key
    # first word of a key -> the lengths (in words) of the keys it starts: `find_in` tries only those
    folded_starts: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)
    exact_starts: dict[str, tuple[int, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name, keys in (("folded_starts", self.folded), ("exact_starts", self.exact)):
            starts: dict[str, set[int]] = {}
            for key in keys:
                words = key.split(" ")
                starts.setdefault(words[0], set()).add(len(words))
            object.__setattr__(self, name, {w: tuple(sorted(ns, reverse=True)) for w, ns in starts.items()})


@lru_cache(maxsize=None)
def _table(kind: str) -> _Table:
    # Names (term + synonyms) belong to the concept, so they apply to every
    # row of the same term: a brand name finds the RxNorm, ATC and NCIt codes.
    names: dict[str, list[str]] = {}
    for row in rows(kind):
        names.setdefault(match_key(row.term), [row.term]).extend(row.synonyms)
    folded: dict[str, list[Code]] = {}
    exact: dict[str, list[Code]] = {}
    for row in rows(kind):
        system = SYSTEMS.get(row.system, row.system)
        code = Code(system, row.code, row.display, row.term, row.source)
        for name in names[match_key(row.term)]:
            if is_abbreviation(name):
                target, key = exact, _case_key(name)
            else:
                target, key = folded, match_key(name)
            if key and code not in target.setdefault(key, []):
                target[key].append(code)
    longest = max((len(k.split(" ")) for k in [*folded, *exact]), default=1)
    return _Table({k: tuple(v) for k, v in folded.items()}, {k: tuple(v) for k, v in exact.items()}, longest)


def table(kind: str) -> dict[str, tuple[Code, ...]]:
    """match key -> codes (first is the primary), for one concept kind (abbreviations excluded)."""
    return _table(kind).folded


_BRACKETED = re.compile(r"\(([^)]*)\)|\[([^\]]*)\]")
# 'Low neutrophils (risk of infection)': a bracket saying what the effect leads to is no name of it
_CONSEQUENCE_GLOSS = re.compile(r"\brisk\b|\bchance\b|\bleads?\s+to\b|\bleading\s+to\b|\bcaus(?:e|es|ing)\b", re.IGNORECASE)
# 'X such as Y', 'X, including Y': Y are examples of X
_EXAMPLES = re.compile(r",?\s+(?:such as|including)\s+", re.IGNORECASE)


def candidates(text: str) -> list[str]:
    """The wordings a text is tried as, most specific first.

    'Acute Lymphoid Leukemia (ALL)' is tried whole, as 'Acute Lymphoid Leukemia', then as 'ALL';
    'fever (neutropenic)' and 'fever, neutropenic' are tried as 'neutropenic fever' before 'fever';
    'Low white cells [neutropenia]' and 'Low white cells (neutropenia)' are tried as 'neutropenia' before 'Low
    white cells': the page's term in brackets names the concept its plain words describe. 'Hand-foot syndrome – red, sore
    palms' is tried as 'Hand-foot syndrome' last: a spaced dash opens a gloss, as brackets do.
    'Infections such as colds' and 'Bleeding, including nosebleeds' are tried as the effect before the
    examples, last.
    """
    out = [text]
    inner = [a or b for a, b in _BRACKETED.findall(text) if (a or b).strip()]
    named = [b.strip() for _, b in _BRACKETED.findall(text) if b.strip()]
    glossed = [a.strip() for a, _ in _BRACKETED.findall(text) if a.strip() and not _CONSEQUENCE_GLOSS.search(a)]
    stripped = _SPACE.sub(" ", _BRACKETED.sub(" ", text)).strip()
    if stripped and stripped != text:
        out.extend(f"{q} {stripped}" for q in inner)  # a qualifier in brackets
        out.extend(named)  # a term in square brackets names the concept the lay words describe
        # 'Low white cells (neutropenia)': a gloss in round brackets that is itself a known term names the concept the
        # lay words describe, as a square-bracketed one does (a gloss the tables do not know leaves the words to code)
        out.extend(glossed)
        out.append(stripped)
    head, sep, qualifier = stripped.partition(",")
    if sep and head.strip() and qualifier.strip() and "," not in qualifier:
        out.append(f"{qualifier.strip()} {head.strip()}")  # inverted: 'fever, neutropenic'
    out.extend(inner)
    head, dash, _ = stripped.partition(" – ") if " – " in stripped else stripped.partition(" — ")
    if dash and head.strip():
        out.append(head.strip())  # 'Hand-foot syndrome – red, sore or peeling palms and soles': a gloss after a dash
    example = _EXAMPLES.search(stripped)
    if example and stripped[:example.start()].strip():
        # 'Infections such as colds and chest infections': the examples are narrower than the effect named
        # before them, so the wording is tried as that effect (never as an example)
        out.append(stripped[:example.start()].strip())
    seen: dict[str, None] = {}
    for c in out:
        seen.setdefault(c, None)
    return list(seen)


def _get(tab: _Table, wording: str) -> tuple[Code, ...]:
    return tab.folded.get(match_key(wording)) or tab.exact.get(_case_key(wording)) or ()


@lru_cache(maxsize=None)
def _indication_keys() -> frozenset[str]:
    """Match keys of the indication names (conditions.csv), for the qualifier rules."""
    keys = set()
    for row in rows("conditions"):
        if row.file == "conditions.csv":
            for name in (row.term, *row.synonyms):
                keys.add(match_key(name) if not is_abbreviation(name) else _case_key(name))
    return frozenset(keys)


def _is_indication(wording: str) -> bool:
    keys = _indication_keys()
    return match_key(wording) in keys or _case_key(wording) in keys


@lru_cache(maxsize=16384)  # pure over the tables, which are fixed per process; pages repeat their terms
def lookup(kind: str, text: str | None) -> tuple[Code, ...]:
    """The codes of a wording: tried as written and in its bracket forms (`candidates`); for
    conditions also without qualifier phrases that leave the concept as it is (data/qualifiers.csv).
    A wording with a qualifier that makes it a different concept ("that has spread", "stage III")
    codes only to a row for that specific concept, never to the disease alone."""
    if not text:
        return ()
    tab = _table(kind)
    if kind == "conditions":
        if qualifiers.analyse(text, _is_indication).specific is not None:
            return _specific(tab, text)
    tried = candidates(text)
    for candidate in tried:
        codes = _get(tab, candidate)
        if codes:
            return codes
    if kind == "conditions":
        for candidate in tried:
            found = qualifiers.analyse(candidate, _is_indication)
            if found.kept and found.specific is None:
                codes = _get(tab, found.base)
                if codes:
                    return codes
        return _same_concept_alternatives(text)
    return ()


# 'Hair thinning or hair loss', 'Low red blood cell count, or anemia': two wordings joined by 'or', outside brackets
_OR_SPLIT = re.compile(r"\s*,?\s+or\s+(?![^()\[\]]*[)\]])", re.IGNORECASE)


def _same_concept_alternatives(text: str) -> tuple[Code, ...]:
    """An effect named twice, its wordings joined by 'or', is the concept both wordings code to ('Hair thinning or hair
    loss': alopecia); wordings of different concepts ('Diarrhoea or constipation'), or one the tables do not know, are
    no single concept and stay uncoded."""
    parts = [p.strip() for p in _OR_SPLIT.split(text)]
    if len(parts) < 2 or not all(parts):
        return ()
    coded = [lookup("conditions", p) for p in parts]
    if not all(coded):
        return ()
    shared = set.intersection(*({(c.system, c.code) for c in codes} for codes in coded))
    return tuple(c for c in coded[0] if (c.system, c.code) in shared)


def _specific(tab: _Table, text: str) -> tuple[Code, ...]:
    for candidate in candidates(text):
        found = qualifiers.analyse(candidate, _is_indication)
        if found.specific is not None:
            codes = _get(tab, found.specific)
            if codes:
                return codes
    return ()


def primary(kind: str, text: str | None) -> Code | None:
    codes = lookup(kind, text)
    return codes[0] if codes else None


def find_in(kind: str, text: str) -> list[tuple[str, Code]]:
    """Known terms of a kind named anywhere in a text, longest match first, no overlaps.

    Abbreviations count only where the text writes them in capitals."""
    tab = _table(kind)
    folded = match_key(text).split(" ")
    cased = _case_key(text).split(" ")  # one token per word too, so positions line up
    size = len(folded)
    # the (length, position) pairs worth trying: a key of that length starts with the word there;
    # tried longest first, then left to right, the folded key before the cased one (as a scan of
    # every n-gram would, without joining them all)
    tries: list[tuple[int, int, bool]] = []
    for i, word in enumerate(folded):
        tries.extend((-n, i, False) for n in tab.folded_starts.get(word, ()) if i + n <= size)
    if len(cased) == size:
        for i, word in enumerate(cased):
            tries.extend((-n, i, True) for n in tab.exact_starts.get(word, ()) if i + n <= size)
    tries.sort()
    found: list[tuple[int, str, Code]] = []
    taken = [False] * size
    for neg, i, exact in tries:
        n = -neg
        if any(taken[i:i + n]):
            continue
        term = " ".join((cased if exact else folded)[i:i + n])
        codes = (tab.exact if exact else tab.folded).get(term)
        if codes:
            taken[i:i + n] = [True] * n
            if all(c != codes[0] for _, _, c in found):
                found.append((i, term, codes[0]))
    return [(term, code) for _, term, code in sorted(found, key=lambda f: f[0])]
