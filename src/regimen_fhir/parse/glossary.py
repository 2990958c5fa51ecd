"""Glossary terms, from a glossary page (definition list) or from pop-ups on a regimen page.

Both give the same `GlossaryTerm` records, so a glossary page and the pop-ups
of a page yield the same CodeSystem.
"""
from __future__ import annotations

import re
from decimal import Decimal

from lxml import etree

from .. import terminology
from ..model import Amount, Finding, GlossaryTerm, Location
from .blocks import normalise, own_text
from .patterns import field_label, find_doses, incidence_lead

_QUESTION = re.compile(r"^what (?:is|are|does) (?:an? |the )?(?P<term>.+?)(?: mean)?\s*\?", re.I)
_ALIAS_ABBR = re.compile(r"(?P<long>[A-Z][A-Za-z\- ]{3,60}?) \((?P<abbr>[A-Za-z]{2,10})\)")
_ALIAS_KNOWN_AS = re.compile(r"(?:otherwise|also) (?:known as|called) (?P<alt>[^,.;]+)", re.I)
_NUMBERED = re.compile(r"(?:(?<=\s)|^|(?<=[a-z]))(?P<n>\d{1,2})\)\s*")
_TRAILING_CLAUSE = re.compile(r"\s+(?:at|when|which|that|is|are)\b.*$")
_LIMIT = re.compile(r"(?:less than|below|under|<)\s*(?P<value>\d+(?:\.\d+)?)\s*(?:milliseconds|ms)\b", re.I)
_WHO = re.compile(r"\b(men|women|males|females)\b", re.I)


def thresholds(text: str) -> list[tuple[str, Amount]]:
    """'for men is less than 450 ms' and 'below 450 milliseconds for men' alike -> [('men', <450 ms)]."""
    out = []
    for sentence in re.split(r"(?<=[.;])\s+", text):
        for m in _LIMIT.finditer(sentence):
            after = re.match(r"\s*(?:per beat\s*)?,?\s*for (men|women|males|females)\b", sentence[m.end():], re.I)
            before = _WHO.findall(sentence[: m.start()])
            who = after.group(1) if after else (before[-1] if before else None)
            if who:
                who = {"males": "men", "females": "women"}.get(who.lower(), who.lower())
                out.append((who, Amount(Decimal(m.group("value")), "ms", comparator="<")))
    return out
_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    return _SLUG.sub("-", text.lower()).strip("-")[:48] or "term"


def term_from_heading(heading_el: etree._Element) -> tuple[str, str, list[str]]:
    """(term, full heading, qualifiers) — qualifiers are <small> notes in the heading."""
    qualifiers = [normalise(s.text_content()) for s in heading_el.iter("small")]
    full = normalise(heading_el.text_content())
    text = full
    for q in qualifiers:
        if q and text.endswith(q):
            text = text[: -len(q)].strip()
    m = _QUESTION.match(text)
    term = m.group("term").strip() if m else text.rstrip("?:").strip()
    return term, full, [q for q in qualifiers if q]


def _paragraphs(container: etree._Element) -> list[str]:
    paras = [own_text(p, skip=set()) for p in container.iter("p")]
    paras = [p for p in paras if p]
    return paras or [own_text(container, skip=set())]


def numbered_items(text: str) -> list[tuple[int, str, bool]]:
    """'1) Sodium, 2) Potassium' -> [(1, 'Sodium', False), ...]; the flag marks a missing separator."""
    items = []
    matches = list(_NUMBERED.finditer(text))
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        body = text[m.end():end].strip().rstrip(",;.").strip()
        body = re.sub(r"^(?:and|or)\s+", "", body)
        body = re.sub(r",?\s+(?:and|or)$", "", body)
        glued = m.start() > 0 and text[m.start() - 1].isalpha()
        items.append((int(m.group("n")), body, glued))
    return items


def components(paragraphs: list[str], file: str, term: str) -> tuple[list[str], list[Finding]]:
    """The longest run of numbered items 1..N across paragraphs (a panel's tests)."""
    runs: list[list[str]] = []
    findings: list[Finding] = []
    current: list[str] = []
    for para in paragraphs:
        for n, body, glued in numbered_items(para):
            if glued:
                findings.append(Finding("information", "missing-separator",
                                        f"glossary '{term}': no separator before item {n}) in '{para[:80]}'",
                                        Location(file, f"glossary: {term}")))
            label = body.split(":", 1)[0] if ":" in body[:60] else body
            label = _TRAILING_CLAUSE.sub("", label).strip()
            if n == 1:
                if current:
                    runs.append(current)
                current = [label]
            elif n == len(current) + 1:
                current.append(label)
            else:
                if current:
                    runs.append(current)
                current = []
    if current:
        runs.append(current)
    best: list[str] = []
    for run in runs:
        if len(run) > len(best):
            best = run
    return (best if len(best) >= 2 else []), findings


def build_term(key: str, heading_el: etree._Element, body_el: etree._Element, location: Location) -> tuple[GlossaryTerm, list[Finding]]:
    term, full, qualifiers = term_from_heading(heading_el)
    paras = _paragraphs(body_el)
    definition = "\n\n".join(paras)
    aliases: list[str] = []
    first = paras[0] if paras else ""
    for m in _ALIAS_ABBR.finditer(first):
        if m.group("abbr").lower() == term.lower() or m.group("long").lower().startswith(term.lower()):
            aliases.append(re.sub(r"^(?:A|An|The)\s+", "", m.group("long").strip()))
    for m in _ALIAS_KNOWN_AS.finditer(first):
        aliases.append(m.group("alt").strip())
    comps, findings = components(paras, location.file, term)
    mentions = [code.term for _, code in terminology.find_in("drugs", definition + " " + " ".join(qualifiers))]
    mentions = list(dict.fromkeys(mentions))
    record = GlossaryTerm(
        key=key, term=term, definition=definition, heading=full, aliases=list(dict.fromkeys(aliases)),
        components=comps, thresholds=thresholds(definition), mentions=mentions, location=location,
    )
    for q in qualifiers:
        findings.append(Finding("information", "heading-qualifier",
                                f"glossary '{term}': heading carries the note '{q}'", location))
    return record, findings


# a definition that is only a value: '14.5%', '1 in 3', '<1%', 'common', '12'
_VALUE_ONLY = re.compile(r"^(?:about\s+|around\s+)?(?:[<>≤≥]\s*)?\d[\d.,]*\s*(?:(?:-|–|to)\s*\d[\d.,]*\s*)?%?"
                         r"(?:\s+of\s+(?:patients|people))?$|^(?:about\s+)?\d+\s+in\s+\d+$|^(?:very\s+|less\s+)?(?:common|uncommon|rare)$",
                         re.I)


# terms of a definition list that are a regimen's fields, not words to define
_FIELD_TERM = re.compile(r"^(?:indications?|frequency|how often|cycles?|number of cycles|total cycles|cycle length|"
                         r"duration|route|dose|doses|dosage|days?|schedule|treatment intent|intent|drugs?|regimen|"
                         # a drug's fact box ('At a glance'): 'Type of drug', 'Taken as', 'With food?', 'How long for'
                         r"type of (?:drug|treatment|medicine)|taken as|how (?:it is|it's) taken|with food\??|"
                         r"how long (?:for|is it taken)\??|"
                         # a drug-information site's dosing card: 'Usual adult dose', 'Which days', 'How to take it',
                         # 'How long'
                         r"(?:usual|recommended|standard|starting)\s+(?:adult\s+)?dose|adult dose|which days|"
                         r"how to take (?:it|them|this medicine)|how long\??)\s*:?$",
                         re.IGNORECASE)


# a definition that is the page's own metadata (a CMS article's 'Details' list: 'Written by ...', 'Category: ...',
# 'Published: ...', 'Hits: 10482'): no word is defined
_META_DEFINITION = re.compile(r"^(?:(?:written|created|posted|submitted|edited|reviewed)\s+by\b|by\s+[A-Z]|"
                              r"(?:category|categories|tags?|published|last\s+updated|updated|modified|created|hits|"
                              r"views|author|written)\s*:)", re.IGNORECASE)


def from_definition_list(root: etree._Element, file: str, names_section=None) -> tuple[list[GlossaryTerm], list[Finding], set]:
    """Terms from definition lists. `names_section(text)` tells a term that names a page section
    ('Schedule', 'Side effects'); a list whose terms mostly do is the page's layout, not a glossary."""
    terms, findings, used = [], [], set()
    tree = root.getroottree()
    for dl in root.iter("dl"):
        children = [c for c in dl if isinstance(c.tag, str)]
        dts = [normalise(c.text_content()) for c in children if c.tag == "dt"]
        if names_section and dts and sum(1 for t in dts if names_section(t)) * 2 >= len(dts):
            continue  # at least half its terms name page sections: the page's layout
        if dts and sum(1 for t in dts if _FIELD_TERM.match(t) or field_label(t.rstrip(":"))) * 2 >= len(dts):
            continue  # 'Frequency' -> 'Every 21 days', 'Cycles' -> '4': the regimen's fields, not a glossary
        if any(isinstance(d.tag, str) and d.tag in ("h1", "h2", "h3", "h4", "h5", "h6")
               for c in children if c.tag == "dd" for d in c.iterdescendants()):
            continue  # a definition holding headings ('<dd>...<h4>First treatment</h4>...'): the page's sections
        dds = [normalise(c.text_content()) for c in children if c.tag == "dd"]
        if dds and sum(1 for d in dds if _META_DEFINITION.match(d)) * 2 > len(dds):
            continue  # 'Details' -> 'Written by ...', 'Category: ...', 'Hits: ...': the article's metadata
        if dds and all(len(d) <= 40 and _VALUE_ONLY.match(d) for d in dds):
            continue  # 'Vomiting' -> '14.5%': a list of values (read with the section it sits in), not definitions
        if dds and sum(1 for d in dds if incidence_lead(d.split(";")[0].split(". ")[0])) * 2 >= len(dds):
            continue  # 'Low neutrophil count' -> '42.8% of people; ...': side effects with their incidences
        if dds and sum(1 for d in dds if find_doses(d)) * 2 >= len(dds):
            continue  # 'Ixazomib' -> '4 mg by mouth on days 1, 8 and 15': a dose list (read as the schedule)
        for i, dt in enumerate(children):
            if dt.tag != "dt":
                continue
            dd = children[i + 1] if i + 1 < len(children) and children[i + 1].tag == "dd" else None
            if dd is None:
                continue
            term, _, _ = term_from_heading(dt)
            key = slug(dt.get("id") or term)
            record, f = build_term(key, dt, dd, Location(file, f"glossary: {term}", tree.getpath(dt)))
            terms.append(record)
            findings.extend(f)
            used.update([dt, dd])
    return terms, findings, used


def is_glossary_popup(el: etree._Element) -> bool:
    cls = el.get("class") or ""
    ident = el.get("id") or ""
    return ("modal" in cls or el.get("role") == "dialog") and ("glossary" in cls or ident.startswith("glossary-"))


def from_popups(root: etree._Element, file: str) -> tuple[list[GlossaryTerm], list[Finding], set]:
    terms, findings, used = [], [], set()
    tree = root.getroottree()
    for el in root.iter("div", "section", "aside"):
        if not is_glossary_popup(el):
            continue
        title = next(el.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
        body = next((b for b in el.iter("div") if "modal-body" in (b.get("class") or "")), None)
        if title is None or body is None:
            continue
        ident = el.get("id") or ""
        term, _, _ = term_from_heading(title)
        key = slug(ident[len("glossary-"):] if ident.startswith("glossary-") else term)
        record, f = build_term(key, title, body, Location(file, f"glossary: {term}", tree.getpath(el)))
        terms.append(record)
        findings.extend(f)
        used.add(el)
    return terms, findings, used
