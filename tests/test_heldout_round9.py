"""The held-out round-9 pages, measured untouched at 87 of 189 facts, 10 invented (cross 10/23, 0; enfortumab-vedotin-
pembrolizumab 24/29, 1; hyper-cvad-a 30/34, 2; obinutuzumab-chlorambucil 5/41, 7; osimertinib 3/22, 0; pola-r-chp
15/40, 0). Each was read whole after the general fixes for its forms and moved to sources/ (facts in tests/facts,
"heldOut": 9): the guard is that all six stay read whole, with nothing invented. The issue's target (>= 90 % on pages
never seen) is measured on a new sealed round each time, never on these."""
from __future__ import annotations

import json
from pathlib import Path

from regimen_fhir import fidelity

ROOT = Path(__file__).parent.parent
FACTS = Path(__file__).parent / "facts"
ROUND9 = {"cross.html": 23, "enfortumab-vedotin-pembrolizumab.html": 29, "hyper-cvad-a.html": 34,
          "obinutuzumab-chlorambucil.html": 41, "osimertinib.html": 22, "pola-r-chp.html": 40}


def test_round9_pages_are_in_sources_with_their_facts():
    held = {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACTS.glob("*.json")
            if json.loads(f.read_text(encoding="utf-8")).get("heldOut") == 9}
    assert held == set(ROUND9)
    assert all((ROOT / "sources" / p).is_file() for p in ROUND9)


def test_round9_pages_are_read_whole():
    results = fidelity.run([ROOT / "sources" / p for p in sorted(ROUND9)], FACTS)
    assert {r.page: r.expected for r in results} == ROUND9
    for r in results:
        assert r.error is None
        assert r.found == r.expected, (r.page, r.missing)
        assert not r.invented, (r.page, r.invented)
