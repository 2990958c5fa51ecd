"""The held-out round-12 pages, measured untouched on main at 140 of 191 facts, 4 invented (142 of 191, 3 invented
with the round's confirmed terminology rows applied). Each was read whole after the general fixes for its forms and
moved to sources/ (facts in tests/facts, "heldOut": 12): the guard is that all eight stay read whole, with nothing
invented. The issue's target (>= 90 % on pages never seen) is measured on a new sealed round each time, never on
these."""
from __future__ import annotations

import json
from pathlib import Path

from regimen_fhir import fidelity

ROOT = Path(__file__).parent.parent
FACTS = Path(__file__).parent / "facts"
ROUND12 = {"ac.html": 22, "cabozantinib.html": 20, "carboplatin-gemcitabine.html": 24,
           "lenvatinib-pembrolizumab.html": 27, "nal-iri-5fu-lv.html": 27, "nivolumab.html": 23,
           "trastuzumab.html": 24, "vinorelbine-cisplatin.html": 24}


def test_round12_pages_are_in_sources_with_their_facts():
    held = {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACTS.glob("*.json")
            if json.loads(f.read_text(encoding="utf-8")).get("heldOut") == 12}
    assert held == set(ROUND12)
    assert all((ROOT / "sources" / p).is_file() for p in ROUND12)


def test_round12_pages_are_read_whole():
    results = fidelity.run([ROOT / "sources" / p for p in sorted(ROUND12)], FACTS)
    assert {r.page: r.expected for r in results} == ROUND12
    for r in results:
        assert r.error is None
        assert r.found == r.expected, (r.page, r.missing)
        assert not r.invented, (r.page, r.invented)
