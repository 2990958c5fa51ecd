"""The held-out round-15 pages, measured untouched on main at 231 of 287 facts, 6 invented
(the same with the round's confirmed drug rows applied as data). Each was read whole after the
general fixes for its forms and moved to sources/ (facts in tests/facts, "heldOut": 15): the guard is that all eight
stay read whole, with nothing invented. The issue's target (>= 90 % on pages never seen) is measured on a new sealed
round each time, never on these."""
from __future__ import annotations

import json
from pathlib import Path

from regimen_fhir import fidelity

ROUND15 = Path(__file__).parent / "heldout" / "round15"
ROOT = Path(__file__).parent.parent
FACTS = Path(__file__).parent / "facts"
# moved to sources/ once read whole: page -> facts expected
MOVED = {"krd.html": 77, "mitoxantrone-prednisone.html": 22, "paclitaxel-trastuzumab-weekly.html": 36,
         "temozolomide-adjuvant.html": 25, "enzalutamide.html": 16, "fec-d.html": 35, "olaparib.html": 17,
         "tch.html": 59}
# (fec-d's facts were amended to the project's conventions after the measurement: see sources/INDEX.md)


def test_no_round15_page_is_left_held_out():
    assert not (ROUND15 / "pages").exists() or not list((ROUND15 / "pages").glob("*.html"))


def test_moved_round15_pages_are_in_sources_with_their_facts():
    held = {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACTS.glob("*.json")
            if json.loads(f.read_text(encoding="utf-8")).get("heldOut") == 15}
    assert held == set(MOVED)
    assert all((ROOT / "sources" / p).is_file() and not (ROUND15 / "pages" / p).exists() for p in MOVED)


def test_moved_round15_pages_are_read_whole():
    results = fidelity.run([ROOT / "sources" / p for p in sorted(MOVED)], FACTS)
    assert {r.page: r.expected for r in results} == MOVED
    for r in results:
        assert r.error is None
        assert r.found == r.expected, (r.page, r.missing)
        assert not r.invented, (r.page, r.invented)
