"""The held-out round-13 pages, measured untouched on main at 180 of 198 facts, 2 invented (185 of 198, 1 invented
with the round's confirmed terminology rows applied). Each was read whole after the general fixes for its forms and
moved to sources/ (facts in tests/facts, "heldOut": 13): the guard is that all eight stay read whole, with nothing
invented. The issue's target (>= 90 % on pages never seen) is measured on a new sealed round each time, never on
these."""
from __future__ import annotations

import json
from pathlib import Path

from regimen_fhir import fidelity

ROOT = Path(__file__).parent.parent
FACTS = Path(__file__).parent / "facts"
ROUND13 = {"carboplatin-paclitaxel-bevacizumab.html": 33, "cladribine.html": 17, "folfox4.html": 30,
           "ipilimumab.html": 16, "irinotecan-cisplatin.html": 20, "ixabepilone-capecitabine.html": 22,
           "sorafenib.html": 16, "vmp.html": 44}


def test_round13_pages_are_in_sources_with_their_facts():
    held = {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACTS.glob("*.json")
            if json.loads(f.read_text(encoding="utf-8")).get("heldOut") == 13}
    assert held == set(ROUND13)
    assert all((ROOT / "sources" / p).is_file() for p in ROUND13)


def test_round13_pages_are_read_whole():
    results = fidelity.run([ROOT / "sources" / p for p in sorted(ROUND13)], FACTS)
    assert {r.page: r.expected for r in results} == ROUND13
    for r in results:
        assert r.error is None
        assert r.found == r.expected, (r.page, r.missing)
        assert not r.invented, (r.page, r.invented)
