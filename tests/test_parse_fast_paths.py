"""Shortcuts in parse/blocks.py give exactly what the long way gives, on every element and text of the shipped pages
and on near misses."""
from __future__ import annotations

from lxml import html

from regimen_fhir.parse import blocks as B

NEAR_MISS_HTML = b"""<html><body>
<div><h2>Side effects</h2><p>Nausea</p></div>
<div><p class="box-title">Treatment plan</p><p>Day 1</p></div>
<div><span class="card-header">Schedule</span><ul><li>x</li></ul></div>
<div><button aria-controls="a1" aria-expanded="false">How is it given?</button><div id="a1">Drip</div></div>
<div><button aria-controls="a2">No expanded state</button><p>text</p></div>
<div><div role="heading" aria-level="3">Doses</div><p>5 mg</p></div>
<div><details><summary>More</summary><p>x</p></details><p>y</p></div>
<div><p class="">empty class</p><p class="lead">not a title class</p></div>
<div><li class="title">a title class on an item</li><p>z</p></div>
<section class="card"><p>a</p></section><div class="panel extra"><p>b</p><p>c</p></div>
</body></html>"""


def _trees(sources):
    yield html.document_fromstring(NEAR_MISS_HTML)
    for page in sorted(sources.glob("*.html")):
        yield html.document_fromstring(page.read_bytes())


def _normalise_long_way(text: str) -> str:
    if not text.isascii():
        text = B._POWER.sub(lambda m: "^" + m.group(0).translate(B._POWER_DIGITS), text)
    return " ".join(text.translate(B._TRANSLATE).split())


def test_normalise_of_ascii_text_is_the_long_way_on_every_text(sources):
    near = ["", " ", "a  b", "\tDay 1\n\n8", "x\x0by\x1cz\x1fw", "10^9/L", "mg/m2", "10\u2079/L", "it\u2019s", "a\u00a0b",
            "soft\u00adhyphen", "zero\u200bwidth", "m\u00b2", "\u2014dash", "caf\u00e9", "\x85next line"]
    texts = list(near)
    for root in _trees(sources):
        texts.extend(el.text_content() for el in root.iter() if isinstance(el.tag, str))
    assert sum(t.isascii() for t in texts) > 1000 and sum(not t.isascii() for t in texts) > 1000
    for text in texts:
        assert B.normalise(text) == _normalise_long_way(text), text


def _vocabulary_drugs_long_way(text: str) -> list[tuple[int, str]]:
    """parse/rules.py's walk as it was: at every word, every name length up to the longest name of all."""
    from regimen_fhir import terminology
    from regimen_fhir.parse import rules as R

    index = R._drug_index()
    longest = max((len(k.split(" ")) for k in index), default=1)
    words = terminology.match_key(text).split(" ")
    offsets, pos = [], 1
    for w in words:
        offsets.append(pos)
        pos += len(w) + 1
    found, names, i = [], set(), 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            name = index.get(" ".join(words[i:i + n]))
            if name is not None:
                nxt = words[i + n] if i + n < len(words) else ""
                if name.endswith("mab") and R._CONJUGATE.fullmatch(nxt):
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


def test_drug_names_found_by_first_word_are_the_long_ways(sources):
    from regimen_fhir.parse import rules as R

    near = ["", "trastuzumab deruxtecan 5.4 mg/kg", "trastuzumab emtansine", "sacituzumab govitecan", "trastuzumab",
            "Trastuzumab, deruxtecan", "all-trans retinoic acid", "all trans", "5-FU and folinic acid", "folinic",
            "cyclophosphamide cyclophosphamide", "R-CHOP", "carboplatin AUC 5 and paclitaxel 175 mg/m2"]
    texts = near + [t for root in _trees(sources) for t in (el.text_content() for el in root.iter("p", "li", "td", "h2",
                                                                                                   "h3", "h4", "dt"))]
    multi = found = 0
    for text in texts:
        got = R._vocabulary_drugs(text)
        assert got == _vocabulary_drugs_long_way(text), text
        found += bool(got)
        multi += any(" " in n for _, n in got)
    assert found > 500 and multi > 10


def _split_top_level_long_way(text: str) -> list[str]:
    """parse/regimen.py's split as it was: the split pattern tried at every place outside brackets."""
    from regimen_fhir.parse import regimen as R

    out, depth, buf, i = [], 0, [], 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if depth == 0:
            m = R._ITEM_SPLIT.match(text, i)
            if m and m.end() > i:
                out.append("".join(buf).strip())
                buf = []
                i = m.end()
                continue
        buf.append(ch)
        i += 1
    out.append("".join(buf).strip())
    return [o for o in out if o]


def test_list_split_tried_only_where_a_split_can_start_is_the_long_ways(sources):
    from regimen_fhir.parse import regimen as R

    near = ["Nausea, vomiting and hair loss", "Rash (10%) and itching (5%)", "Fatigue (20%)\u00a0and\u2003rash",
            "a;b; c ,d", "x (a, b) and y", "low blood counts [neutrophils, platelets], or infection", "100% or more",
            "anaemia]\tand\nbleeding", "", " , ", "tiredness\u2028or weakness", "a\x1cand\x1cb", "(unclosed, list and more"]
    texts = near + [t for root in _trees(sources) for t in (" ".join(el.text_content().split()) for el in root.iter(
        "p", "li", "td"))]
    split = 0
    for text in texts:
        got = R._split_top_level(text)
        assert got == _split_top_level_long_way(text), text
        split += len(got) > 1
    assert split > 500
