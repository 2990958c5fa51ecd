"""The held-out rounds 9 to 20: pages written with their facts first, measured once untouched on main, then read
whole after general fixes for their forms and moved to sources/ (facts in tests/facts, "heldOut": N). The guard is
that every one moved stays in sources/ with its facts, read whole, with nothing invented; a page still held (HELD)
reads no worse than its floor. The issue's target (>= 90 % on pages never seen) is measured on a new sealed round each time, never on these. Facts amended to
the project's conventions after measurement are listed in sources/INDEX.md (round 10: abiraterone-prednisone and
mitomycin-fluorouracil-radiotherapy, round 11: pomalidomide-dexamethasone, to the one rule for frequency bands;
round 15: fec-d, a stated band heading and an aside cut from an effect's name)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from regimen_fhir import fidelity

ROOT = Path(__file__).parent.parent
FACTS = Path(__file__).parent / "facts"
HELDOUT = Path(__file__).parent / "heldout"
# round -> (its untouched measurement, for the record), {page: facts expected}
ROUNDS: dict[int, tuple[str, dict[str, int]]] = {
    9: ("87 of 189 facts, 10 invented",
         {"cross.html": 23, "enfortumab-vedotin-pembrolizumab.html": 29, "hyper-cvad-a.html": 34,
          "obinutuzumab-chlorambucil.html": 41, "osimertinib.html": 22, "pola-r-chp.html": 40}),
    10: ("43 of 132 facts, 2 invented; the pdftohtml page was refused as no regimen page",
         {"abiraterone-prednisone.html": 22, "atezolizumab-bevacizumab.html": 20,
          "carfilzomib-dexamethasone.html": 43, "cetuximab-irinotecan.html": 22, "eribulin.html": 25,
          "mitomycin-fluorouracil-radiotherapy.html": 21}),
    11: ("168 of 191 facts, 4 invented",
         {"brentuximab-vedotin.html": 23, "docetaxel-prednisone.html": 27, "gemcitabine.html": 28,
          "lapatinib-capecitabine.html": 25, "pomalidomide-dexamethasone.html": 25, "regorafenib.html": 23,
          "topotecan.html": 22, "weekly-cisplatin-radiotherapy.html": 18}),
    12: ("140 of 191 facts, 4 invented",
         {"ac.html": 22, "cabozantinib.html": 20, "carboplatin-gemcitabine.html": 24,
          "lenvatinib-pembrolizumab.html": 27, "nal-iri-5fu-lv.html": 27, "nivolumab.html": 23,
          "trastuzumab.html": 24, "vinorelbine-cisplatin.html": 24}),
    13: ("180 of 198 facts, 2 invented",
         {"carboplatin-paclitaxel-bevacizumab.html": 33, "cladribine.html": 17, "folfox4.html": 30,
          "ipilimumab.html": 16, "irinotecan-cisplatin.html": 20, "ixabepilone-capecitabine.html": 22,
          "sorafenib.html": 16, "vmp.html": 44}),
    14: ("181 of 231 facts, 12 invented",
         {"cetuximab-radiotherapy.html": 24, "durvalumab.html": 24, "ecf-perioperative.html": 30,
          "fcr.html": 43, "palbociclib-letrozole.html": 28, "ramucirumab-paclitaxel.html": 26,
          "sacituzumab-govitecan.html": 32, "trifluridine-tipiracil.html": 24}),
    15: ("231 of 287 facts, 6 invented",
         {"enzalutamide.html": 16, "fec-d.html": 35, "krd.html": 77, "mitoxantrone-prednisone.html": 22,
          "olaparib.html": 17, "paclitaxel-trastuzumab-weekly.html": 36, "tch.html": 59,
          "temozolomide-adjuvant.html": 25}),
    # (tucatinib-trastuzumab-capecitabine's facts were amended to the loading-dose convention after the measurement)
    16: ("177 of 194 facts, 6 invented",
         {"abemaciclib-fulvestrant.html": 31, "lenalidomide-maintenance.html": 18,
          "nab-paclitaxel-carboplatin.html": 20, "pemetrexed-maintenance.html": 23, "thp-cleopatra.html": 43,
          "tucatinib-trastuzumab-capecitabine.html": 41}),
    17: ("210 of 223 facts, 3 invented",
         {"alectinib.html": 20, "capecitabine-radiotherapy.html": 18,
          "carboplatin-etoposide-atezolizumab.html": 33,
          "daratumumab-bortezomib-dexamethasone.html": 44,
          "r-cvp.html": 33, "ribociclib-letrozole.html": 25, "pembrolizumab-axitinib.html": 26,
          "dabrafenib-trametinib.html": 24}),
    18: ("201 of 223 facts, 2 invented",
         {"acalabrutinib-obinutuzumab.html": 53, "carboplatin-paclitaxel-weekly.html": 21, "cemiplimab.html": 15,
          "cisplatin-fluorouracil.html": 21, "erlotinib.html": 12, "eshap.html": 32, "gemox.html": 23,
          "mosunetuzumab.html": 46}),
    19: ("171 of 221 facts, 6 invented",
         {"apalutamide.html": 21, "brentuximab-vedotin-chp.html": 36, "carboplatin-paclitaxel-pembrolizumab.html": 33,
          "isatuximab-pomalidomide-dexamethasone.html": 40, "lorlatinib.html": 20, "niraparib.html": 24,
          "ramucirumab-docetaxel.html": 23, "zanubrutinib.html": 24}),
    20: ("273 of 277 facts, 0 invented",
         {"dostarlimab-carboplatin-paclitaxel.html": 39, "encorafenib-cetuximab.html": 40, "nilotinib.html": 26,
          "nivolumab-mfolfox6.html": 42, "selpercatinib.html": 24, "tremelimumab-durvalumab.html": 28}),
}


# pages of a round read whole that are kept in tests/heldout/roundN (they failed to convert, or would take sources/
# below 90 % coded side effects): page -> (found at least, invented at most).
# (round 17's dabrafenib-trametinib, held for its uncoded "New skin growths", moved to sources/ once nephritis and
# muscle spasm were coded and gave the margin.) round 16's two: read whole and convert, but their uncoded wordings ("Fluid retention, including fluid around the
# lungs"; "Hepatitis B flare ...") would take sources/ below 90 %. (pembrolizumab-axitinib and round 18's
# acalabrutinib-obinutuzumab, held while a continuous twice-daily drug in a cycle got no days of the cycle, and the
# rest of round 18 once its schedule forms were trained, are in sources/. Round 19, read whole once its
# schedule and side-effect forms were trained, is in sources/ too.)
HELD: dict[int, dict[str, tuple[int, int]]] = {
    16: {"dasatinib.html": (15, 0), "rituximab-maintenance.html": (15, 0)},
    # round 20's two pages whose uncoded wordings (an elotuzumab drip reaction, "Sore throat and runny nose", "Tiredness
    # or feeling generally unwell"; "Differentiation syndrome", "Pain in the upper part of the tummy") would take
    # sources/ below 90 % coded side effects; both read whole
    20: {"elotuzumab-lenalidomide-dexamethasone.html": (53, 0), "gilteritinib.html": (25, 0)},
}


def _held_out(n: int) -> set[str]:
    return {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACTS.glob("*.json")
            if json.loads(f.read_text(encoding="utf-8")).get("heldOut") == n}


@pytest.mark.parametrize("n", sorted(ROUNDS))
def test_every_page_of_the_round_is_in_sources_with_its_facts(n):
    pages = ROUNDS[n][1]
    assert _held_out(n) == set(pages)
    assert all((ROOT / "sources" / p).is_file() for p in pages)
    assert {p.name for p in (HELDOUT / f"round{n}" / "pages").glob("*.html")} == set(HELD.get(n, {}))


@pytest.mark.parametrize("n", sorted(HELD))
def test_a_page_still_held_out_reads_no_worse_than_its_floor(n):
    results = fidelity.run(sorted((HELDOUT / f"round{n}" / "pages").glob("*.html")), HELDOUT / f"round{n}" / "facts")
    assert {r.page for r in results} == set(HELD[n])
    for r in results:
        least_found, most_invented = HELD[n][r.page]
        assert r.error is None and r.found >= least_found and len(r.invented) <= most_invented, (r.page, r.missing)


@pytest.mark.parametrize("n", sorted(ROUNDS))
def test_every_page_of_the_round_is_read_whole(n):
    pages = ROUNDS[n][1]
    results = fidelity.run([ROOT / "sources" / p for p in sorted(pages)], FACTS)
    assert {r.page: r.expected for r in results} == pages
    for r in results:
        assert r.error is None, (r.page, r.error)
        assert r.found == r.expected, (r.page, r.missing)
        assert not r.invented, (r.page, r.invented)
