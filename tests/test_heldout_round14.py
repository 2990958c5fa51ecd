"""The held-out round-14 pages, measured untouched on main at 181 of 231 facts, 12 invented
(193 of 231, 13 invented, with the round's confirmed drug rows applied as data). Each was read whole after the
general fixes for its forms and moved to sources/ (facts in tests/facts, "heldOut": 14): the guard is that all eight
stay read whole, with nothing invented. The issue's target (>= 90 % on pages never seen) is measured on a new sealed
round each time, never on these."""
from __future__ import annotations

import json
from pathlib import Path

from regimen_fhir import fidelity

ROUND14 = Path(__file__).parent / "heldout" / "round14"
ROOT = Path(__file__).parent.parent
FACTS = Path(__file__).parent / "facts"
# moved to sources/ once read whole: page -> facts expected
MOVED = {"durvalumab.html": 24, "palbociclib-letrozole.html": 28, "sacituzumab-govitecan.html": 32,
         "cetuximab-radiotherapy.html": 24, "ecf-perioperative.html": 30, "fcr.html": 43,
         "ramucirumab-paclitaxel.html": 26, "trifluridine-tipiracil.html": 24}


def test_no_round14_page_is_left_held_out():
    assert not (ROUND14 / "pages").exists() or not list((ROUND14 / "pages").glob("*.html"))


def test_moved_round14_pages_are_in_sources_with_their_facts():
    held = {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACTS.glob("*.json")
            if json.loads(f.read_text(encoding="utf-8")).get("heldOut") == 14}
    assert held == set(MOVED)
    assert all((ROOT / "sources" / p).is_file() and not (ROUND14 / "pages" / p).exists() for p in MOVED)


def test_moved_round14_pages_are_read_whole():
    results = fidelity.run([ROOT / "sources" / p for p in sorted(MOVED)], FACTS)
    assert {r.page: r.expected for r in results} == MOVED
    for r in results:
        assert r.error is None
        assert r.found == r.expected, (r.page, r.missing)
        assert not r.invented, (r.page, r.invented)
