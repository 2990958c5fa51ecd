"""The held-out round-10 pages, measured untouched on main at 43 of 132 facts, 2 invented (the pdftohtml page refused as
no regimen page). Each was read whole after the general fixes for its forms and moved to sources/ (facts in
tests/facts, "heldOut": 10): the guard is that all six stay read whole, with nothing invented. The facts of
abiraterone-prednisone and mitomycin-fluorouracil-radiotherapy were amended to the one rule for frequency bands
(sources/INDEX.md), written before it as a bare category. The issue's target (>= 90 % on pages never seen) is measured
on a new sealed round each time, never on these."""
from __future__ import annotations

import json
from pathlib import Path

from regimen_fhir import fidelity

ROOT = Path(__file__).parent.parent
FACTS = Path(__file__).parent / "facts"
ROUND10 = {"atezolizumab-bevacizumab.html": 20, "eribulin.html": 25, "carfilzomib-dexamethasone.html": 43,
           "abiraterone-prednisone.html": 22, "cetuximab-irinotecan.html": 22,
           "mitomycin-fluorouracil-radiotherapy.html": 21}


def test_round10_pages_are_in_sources_with_their_facts():
    held = {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACTS.glob("*.json")
            if json.loads(f.read_text(encoding="utf-8")).get("heldOut") == 10}
    assert held == set(ROUND10)
    assert all((ROOT / "sources" / p).is_file() for p in ROUND10)


def test_round10_pages_are_read_whole():
    results = fidelity.run([ROOT / "sources" / p for p in sorted(ROUND10)], FACTS)
    assert {r.page: r.expected for r in results} == ROUND10
    for r in results:
        assert r.error is None
        assert r.found == r.expected, (r.page, r.missing)
        assert not r.invented, (r.page, r.invented)
