"""One test per rule of the page reader: loading, headings and scopes, glossary entries."""
from __future__ import annotations

import pytest

from regimen_fhir.errors import NotARegimenPage, PageError
from regimen_fhir.model import GlossaryPage, Regimen
from regimen_fhir.parse import parse_bytes
from regimen_fhir.parse.blocks import normalise, segment
from regimen_fhir.parse.glossary import components, numbered_items, thresholds
from regimen_fhir.parse.load import MAX_DEPTH, decode, load_bytes


def blocks_of(html: str):
    return segment(load_bytes(html.encode(), "t.html").tree)


# --- loading -----------------------------------------------------------------------------
def test_empty_file_is_refused():
    with pytest.raises(PageError, match="empty"):
        load_bytes(b"  \n", "x.html")


def test_binary_file_is_refused():
    with pytest.raises(PageError, match="binary"):
        load_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00", "x.html")


def test_windows_1252_without_charset():
    text = decode("<p>caf\xe9 \x96 0.5 mg/m\xb2</p>".encode("latin-1"), "x.html")
    assert "café – 0.5 mg/m²" in text


def test_declared_charset_wins():
    data = '<meta charset="windows-1252"><p>\x93quoted\x94</p>'.encode("latin-1")
    assert "“quoted”" in decode(data, "x.html")


def test_deep_nesting_is_refused_cleanly():
    html = "<div>" * (MAX_DEPTH + 50) + "x" + "</div>" * (MAX_DEPTH + 50)
    with pytest.raises(PageError):
        load_bytes(html.encode(), "x.html")


def test_scripts_never_reach_text():
    blocks = blocks_of("<body><h2>Schedule</h2><p>A<script>alert(1)</script>B</p></body>")
    assert [b.text for b in blocks] == ["AB"]


def test_entities_are_not_expanded():
    html = '<!DOCTYPE x [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;">]><body><p>&b;</p></body>'
    blocks = blocks_of(html)
    assert "AAAA" not in " ".join(b.text for b in blocks)


# --- normalising text -------------------------------------------------------------------------
def test_normalise():
    assert normalise("0.5\u00a0mg/m\u00b2  \u201cx\u201d\u00ad") == '0.5 mg/m2 "x"'


# --- headings and scopes ------------------------------------------------------------------------
def test_h_tags_head_their_content():
    (b,) = blocks_of("<body><h2>Side Effects</h2><ul><li>Nausea (3%)</li></ul></body>")
    assert b.headings == ("Side Effects",)


def test_bold_only_paragraph_is_a_heading():
    blocks = blocks_of("<body><p><strong>Monitoring</strong></p><p>CBC before each dose.</p></body>")
    assert blocks[-1].headings == ("Monitoring",)


def test_bold_lead_in_is_a_label_not_a_heading():
    (b,) = blocks_of("<body><p><strong>Kidneys:</strong> 5) BUN</p></body>")
    assert b.label == "Kidneys" and b.headings == ()


def test_tab_label_heads_its_pane():
    html = ('<body><ul class="nav nav-tabs"><li><a href="#t1" data-toggle="tab">Schedule</a></li></ul>'
            '<div class="tab-pane" id="t1"><p>Day 1</p></div></body>')
    blocks = blocks_of(html)
    assert blocks[-1].headings == ("Schedule",)
    assert blocks[0].chrome  # the tab list itself is navigation


def test_modal_title_heads_its_body_and_ends_with_the_modal():
    html = ('<body><section><h3>Wellness</h3><p>w</p></section>'
            '<div class="modal" id="m"><div class="modal-header"><h4 class="modal-title">Starting doses</h4></div>'
            '<div class="modal-body"><ul><li>X 1 mg/m2 on day 1</li></ul></div></div><p>after</p></body>')
    blocks = blocks_of(html)
    dose = next(b for b in blocks if b.text.startswith("X 1"))
    assert dose.headings == ("Starting doses",)
    assert next(b for b in blocks if b.text == "after").headings == ()


def test_heading_scope_ends_with_its_container():
    html = '<body><div><h4>Videos</h4><a href="/v">Nausea</a></div><p>See the package insert.</p></body>'
    blocks = blocks_of(html)
    assert blocks[-1].headings == ()


def test_nested_list_items_know_their_parent():
    html = "<body><ul><li>Outer 1 mg<ul><li>Inner 2 mg</li></ul></li></ul></body>"
    outer, inner = blocks_of(html)
    assert outer.text == "Outer 1 mg" and inner.parent == outer.index


def test_site_chrome_is_marked():
    blocks = blocks_of("<body><header><p>Logo text</p></header><footer><p>(c) site</p></footer></body>")
    assert all(b.chrome for b in blocks)


# --- page kinds ---------------------------------------------------------------------------------------
def test_page_with_doses_is_a_regimen():
    page = b"<html><body><h1>X</h1><h3>Schedule</h3><ul><li>Drugname 5 mg/m2 IV on day 1</li></ul></body></html>"
    assert isinstance(parse_bytes(page, "x.html"), Regimen)


def test_definition_list_page_is_a_glossary():
    page = b"<html><body><dl><dt id='cbc'>What is a CBC?</dt><dd><p>A blood test.</p></dd></dl></body></html>"
    result = parse_bytes(page, "g.html")
    assert isinstance(result, GlossaryPage) and result.terms[0].key == "cbc"


def test_other_pages_are_refused():
    with pytest.raises(NotARegimenPage):
        parse_bytes(b"<html><body><h1>About us</h1><p>We are a clinic.</p></body></html>", "about.html")


# --- glossary entries -----------------------------------------------------------------------------------
def test_numbered_items_flag_a_missing_separator():
    items = numbered_items("1) Electrolytes & Acid/Base status2) Kidney function, 3) Liver")
    assert [(n, glued) for n, _, glued in items] == [(1, False), (2, True), (3, False)]


def test_components_take_the_longest_run():
    paras = ["1) Salts, 2) Kidneys", "1) Sodium, 2) Potassium", "3) Chloride"]
    comps, _ = components(paras, "g.html", "CMP")
    assert comps == ["Sodium", "Potassium", "Chloride"]


def test_thresholds_in_either_word_order():
    a = thresholds("safe when the QTc interval for men is less than 450 milliseconds per beat, and for women, less than 460 milliseconds")
    b = thresholds("started only when it is below 450 milliseconds for men and below 460 milliseconds for women.")
    assert [(w, x.value) for w, x in a] == [(w, x.value) for w, x in b] == [("men", 450), ("women", 460)]


def _bold_only_plain(el):
    """The rule written plainly: the whole normalised text equals the text of the bold parts (<b>, <strong>, an
    element styled font-weight bold, also inside inline wrappers such as <font>, <span>, <u>), or the paragraph
    itself is styled bold."""
    import re

    from regimen_fhir.parse.blocks import normalise
    bold_style = re.compile(r"font-weight\s*:\s*(?:bold(?:er)?|[6-9]00)\b", re.I)

    def is_bold(e):
        return isinstance(e.tag, str) and (e.tag in ("strong", "b") or bool(bold_style.search(e.get("style") or "")))

    def bold_of(e):
        return "".join(c.text_content() if is_bold(c) else bold_of(c)
                       if isinstance(c.tag, str) and c.tag in ("font", "span", "u", "em", "i", "small", "big") else ""
                       for c in e)
    if el.tag == "p" and bold_style.search(el.get("style") or ""):
        text = normalise(el.text_content())
        return text if 0 < len(text) <= 120 else None
    if el.tag not in ("p", "div") or len(el) == 0:
        return None
    text = normalise(el.text_content())
    if not text or len(text) > 120:
        return None
    return text if normalise(bold_of(el)) == text else None


def test_bold_only_refuses_early_exactly_where_the_plain_rule_refuses(sources):
    from lxml import html as lxml_html

    from regimen_fhir.parse.blocks import _bold_only
    from regimen_fhir.parse.load import load_file

    roots = [load_file(p).tree for p in sorted(sources.glob("*.html"))]
    roots += [lxml_html.fromstring(x) for x in (
        "<div><p><strong>Schedule</strong></p></div>", "<p>\u00ad<b>Schedule</b>\u00a0<br/></p>",
        "<p><b>Side</b> <b>effects</b></p>", "<p><b>Side</b><!-- note --><b> effects</b></p>",
        "<p><strong>Dose</strong>: 5 mg</p>", "<div><b>A</b><span> </span><i></i></div>",
        "<p><b>One</b><span>\u00ad</span></p>", "<p>x<b>One</b></p>",
        '<p><font color="#003366"><b>How is it given?</b></font></p>', "<p><font>Some <b>bold</b></font></p>",
        "<p><span><b>Side</b><i></i></span><b> effects</b></p>", '<p><span style="font-weight: bold">Side effects</span></p>',
        '<p style="font-weight:700">Side effects</p>', "<p><u><b>Dates</b></u></p>", "<p><u>Dates <b>x</b></u></p>",
        '<p><a href="#top"><b>Back to top</b></a></p>')]
    checked = 0
    for root in roots:
        for el in root.iter("p", "div"):
            assert _bold_only(el) == _bold_only_plain(el), html_of(el)
            checked += _bold_only_plain(el) is not None
    assert checked >= 8


def html_of(el) -> str:
    from lxml import etree
    return etree.tostring(el, encoding="unicode")[:200]
