"""Markup and phrase forms of the ninth breadth round, read on small pages, each with its near misses: a word
processor's table (every cell one paragraph), Word's Title style as the page title, a discontinuation rate out of a
hundred, a clause with no dose after a ';' inside a table cell."""
from __future__ import annotations

from decimal import Decimal

from regimen_fhir import parse
from regimen_fhir.model import Regimen
from regimen_fhir.parse.blocks import segment
from regimen_fhir.parse.load import load_bytes


def page(body: str, title: str = "Test regimen | Site", h1: str | None = "X") -> Regimen:
    head = f"<h1>{h1}</h1>" if h1 else ""
    html = f"<html><head><title>{title}</title></head><body>{head}{body}</body></html>"
    r = parse.parse_bytes(html.encode("utf-8"), "t.html")
    assert isinstance(r, Regimen)
    return r


def blocks(body: str):
    html = f"<html><head><title>T</title></head><body>{body}</body></html>"
    return segment(load_bytes(html.encode("utf-8"), "t.html").tree)


def adms(r: Regimen) -> list:
    return [a for p in r.phases for a in p.administrations]


SCHEDULE = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul><p>Every 21 days.</p>"


# -- a word processor's table: every cell one paragraph -----------------------------------------------------------

def _cell(text: str, bold: bool = False) -> str:
    inner = f"<b><span>{text}</span></b>" if bold else f"<span>{text}</span>"
    return f"<td class=cell><p class=MsoNormal>{inner}<o:p></o:p></p></td>"


WORD_TABLE = ("<h2>Your treatment plan</h2><p class=MsoNormal>Each cycle is <b>21&nbsp;days</b>.</p>"
              "<p class=MsoNormal><b><span>Cycles 1 to 6</span></b></p><table class=MsoTableGrid>"
              "<tr>" + "".join(_cell(c, True) for c in ("Medicine", "Dose", "How", "When")) + "</tr>"
              "<tr>" + "".join(_cell(c) for c in ("Rituximab", "375&nbsp;mg/m<sup>2</sup>", "IV drip", "Day&nbsp;1")) + "</tr>"
              "<tr>" + "".join(_cell(c) for c in ("Prednisone", "100&nbsp;mg", "Tablets by mouth", "Days&nbsp;1&#8211;5"))
              + "</tr></table>")


def test_word_table_cells_of_one_paragraph_are_rows_of_data():
    rows = [b for b in blocks(WORD_TABLE) if b.tag == "tr"]
    assert [b.cells for b in rows][:2] == [("Medicine", "Dose", "How", "When"),
                                           ("Rituximab", "375 mg/m2", "IV drip", "Day 1")]
    r = page(WORD_TABLE)
    got = {a.drug: (a.dose.value, a.dose.unit, a.route, a.days) for a in adms(r)}
    assert got["rituximab"] == (Decimal("375"), "mg/m2", "intravenous", [1])
    assert got["prednisone"] == (Decimal("100"), "mg", "oral", [1, 2, 3, 4, 5])
    assert [p.label for p in r.phases] == ["Cycles 1 to 6"] and r.phases[0].count == 6


def test_near_miss_a_layout_table_of_two_columns_stays_layout():
    # two cells, paragraphs in each: page layout, its paragraphs read one by one
    body = ("<table><tr><td><p>Cisplatin 75 mg/m2 IV on day 1</p></td><td><p>Every 21 days.</p></td></tr></table>")
    assert not [b for b in blocks(body) if b.tag == "tr"]


def test_near_miss_a_cell_with_two_paragraphs_is_layout():
    body = ("<table><tr><td><p>Cisplatin</p><p>75 mg/m2</p></td><td><p>IV</p></td><td><p>Day 1</p></td></tr></table>")
    assert not [b for b in blocks(body) if b.tag == "tr"]


def test_near_miss_a_cell_holding_a_list_is_layout():
    body = ("<table><tr><td><p>Drugs</p></td><td><ul><li>Cisplatin 75 mg/m2 IV on day 1</li></ul></td>"
            "<td><p>Note</p></td></tr></table>")
    assert not [b for b in blocks(body) if b.tag == "tr"]


# -- Word's Title style --------------------------------------------------------------------------------------------

def test_word_title_paragraph_is_the_page_title():
    r = page("<p class=MsoTitle><span>Polatuzumab with R-CHP (Pola-R-CHP)<o:p></o:p></span></p>" + SCHEDULE,
             title="Pola-R-CHP patient information", h1=None)
    assert r.title == "Polatuzumab with R-CHP (Pola-R-CHP)"


def test_near_miss_an_h1_wins_over_a_word_title():
    r = page("<p class=MsoTitle>Leaflet series</p>" + SCHEDULE, h1="Cisplatin")
    assert r.title == "Cisplatin"


def test_near_miss_an_ordinary_word_paragraph_is_no_title():
    r = page("<p class=MsoNormal>Leaflet series</p>" + SCHEDULE, title="Cisplatin leaflet", h1=None)
    assert r.title == "Cisplatin leaflet"


# -- a discontinuation rate out of a hundred ------------------------------------------------------------------------

def _stopped(sentence: str) -> Regimen:
    return page(SCHEDULE + f"<h2>Side effects</h2><ul><li>Nausea (40%)</li></ul><p>{sentence}</p>")


def test_n_in_100_people_stopping_is_n_percent():
    d = _stopped("About 6 in 100 people had to stop one of the medicines early because of side effects.").discontinuation
    assert d.value == Decimal("6") and not d.is_ratio


def test_near_miss_1_in_10_stopping_stays_a_ratio():
    d = _stopped("About 1 in 10 people had to stop treatment because of side effects.").discontinuation
    assert d.is_ratio and (d.numerator, d.denominator) == (1, 10) and d.value is None


# -- a clause with no dose after a ';' inside a table cell ----------------------------------------------------------

def test_clause_after_a_semicolon_in_a_cell_is_no_dose_of_its_own():
    body = ("<h2>Schedule</h2><table><tr><th>Drug</th><th>Dose</th><th>How</th><th>Day</th></tr>"
            "<tr><td>Rituximab</td><td>375 mg/m2</td><td>IV drip; if it goes well, later ones are quicker.</td>"
            "<td>Day 1</td></tr></table><p>Every 21 days.</p>")
    got = adms(page(body))
    assert [(a.drug, a.dose.value, a.days) for a in got] == [("rituximab", Decimal("375"), [1])]


def test_near_miss_a_second_dose_after_a_semicolon_is_read():
    body = "<h2>Schedule</h2><ul><li>Cisplatin 75 mg/m2 IV on day 1; cisplatin 50 mg/m2 IV on day 8</li></ul>"
    got = adms(page(body + "<p>Every 21 days.</p>"))
    assert [(a.dose.value, a.days) for a in got] == [(Decimal("75"), [1]), (Decimal("50"), [8])]
