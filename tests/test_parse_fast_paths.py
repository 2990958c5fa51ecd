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
