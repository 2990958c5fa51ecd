"""Each sources/ page against its facts file: the facts must land in the right FHIR elements, none invented."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from regimen_fhir import fidelity, parse
from regimen_fhir.map import MapContext, map_regimen

FACTS = Path(__file__).parent / "facts"
FACT_FILES = sorted(FACTS.glob("*.json"))


@pytest.fixture(scope="module")
def results(sources):
    pages = sorted(sources.glob("*.html"))
    return {r.page: r for r in fidelity.run(pages, FACTS)}


def test_every_regimen_page_has_a_facts_file(sources):
    pages = {p.name for p in sources.glob("*.html") if p.name != "glossary.html"}
    assert pages == {json.loads(f.read_text(encoding="utf-8"))["page"] for f in FACT_FILES}
    assert len(pages) >= 13


@pytest.mark.parametrize("facts_file", FACT_FILES, ids=lambda f: f.stem)
def test_page_facts_land_in_fhir(results, facts_file):
    page = json.loads(facts_file.read_text(encoding="utf-8"))["page"]
    r = results[page]
    assert r.error is None
    assert r.invented == [], r.invented
    assert r.found == r.expected, r.missing


def test_overall_fidelity(results, capsys):
    rows = list(results.values())
    expected = sum(r.expected for r in rows)
    found = sum(r.found for r in rows)
    with capsys.disabled():
        print("\n" + fidelity.table(rows))
    assert expected > 400
    assert found / expected >= 0.9
    assert sum(len(r.invented) for r in rows) == 0


def _resources(sources, name):
    return [m.resource for m in map_regimen(parse.parse_file(sources / name), [], MapContext())]


def test_checker_notices_a_wrong_fact(sources):
    facts = json.loads((FACTS / "r-chop.json").read_text(encoding="utf-8"))
    resources = _resources(sources, "r-chop.html")
    assert fidelity.check(resources, facts).found == fidelity.check(resources, facts).expected
    wrong = copy.deepcopy(facts)
    wrong["doses"][3]["cap"] = [2.5, "mg"]  # vincristine is capped at 2 mg, not 2.5
    wrong["phases"][0]["length"] = [28, "d"]
    wrong["side_effects"][2]["percent"] = 70
    r = fidelity.check(resources, wrong)
    assert r.expected - r.found == 3
    assert any("cap" in m for m in r.missing) and any("length" in m for m in r.missing)


def test_a_null_count_means_an_open_ended_phase(sources):
    facts = json.loads((FACTS / "thp.json").read_text(encoding="utf-8"))
    resources = _resources(sources, "thp.html")
    assert fidelity.check(resources, facts).found == fidelity.check(resources, facts).expected
    plan = next(r for r in resources if r["resourceType"] == "PlanDefinition")
    treatment = next(a for a in plan["action"] if a.get("id") == "treatment")
    last = treatment["action"][-1]
    last["timingTiming"]["repeat"]["count"] = 1  # a made-up count on the open-ended phase is caught
    r = fidelity.check(resources, facts)
    assert r.expected - r.found == 1 and any("count=None" in m for m in r.missing)


def test_checker_counts_what_no_fact_asks_for_as_invented(sources):
    facts = json.loads((FACTS / "mfolfox6.json").read_text(encoding="utf-8"))
    resources = _resources(sources, "mfolfox6.html")
    fewer = copy.deepcopy(facts)
    del fewer["doses"][2]  # the fluorouracil bolus
    del fewer["side_effects"][0]
    r = fidelity.check(resources, fewer)
    assert len(r.invented) == 2
    assert any("fluorouracil" in i for i in r.invented) and any("neuropathy" in i for i in r.invented)


def test_an_article_opening_an_effect_is_no_part_of_the_fact(sources):
    # 'A severe drop in neutrophils' on the page, 'severe drop in neutrophils' in the facts (or the other way): the same
    # fact; a different word in its place is not
    facts = json.loads((FACTS / "flot.json").read_text(encoding="utf-8"))
    resources = _resources(sources, "flot.html")
    i = next(i for i, e in enumerate(facts["side_effects"]) if e["term"] == "a drop in neutrophils")
    for term, found in (("drop in neutrophils", True), ("the drop in neutrophils", True),
                        ("some drop in neutrophils", False), ("drop in platelets", False)):
        changed = copy.deepcopy(facts)
        changed["side_effects"][i]["term"] = term
        r = fidelity.check(resources, changed)
        assert (r.found == r.expected) is found, (term, r.missing)


def test_fidelity_command(sources, tmp_path):
    from click.testing import CliRunner

    from regimen_fhir.cli import main

    res = CliRunner().invoke(main, ["fidelity", str(sources), "--facts", str(FACTS)])
    assert res.exit_code == 0, res.output
    assert "| **all" in res.output and "mfolfox6.html" in res.output
    # a facts folder that asks for more than the pages say: below the threshold, exit code 1
    bad = tmp_path / "facts"
    bad.mkdir()
    facts = json.loads((FACTS / "abvd.json").read_text(encoding="utf-8"))
    for d in facts["doses"]:
        d["dose"] = [d["dose"][0] * 2, d["dose"][1]]
        d["days"] = [2]
        d["route"] = "oral"
    (bad / "abvd.json").write_text(json.dumps(facts), encoding="utf-8")
    res = CliRunner().invoke(main, ["fidelity", str(sources / "abvd.html"), "--facts", str(bad), "-v"])
    assert res.exit_code == 1
    assert "missing" in res.output


def test_a_cycle_length_in_weeks_or_days_is_the_same_fact(sources):
    # '3 weeks (21 days)': 21 d and 3 wk are one length; 20 d, 4 wk or 1 mo are not
    facts = json.loads((FACTS / "pemetrexed-cisplatin.json").read_text(encoding="utf-8"))
    resources = _resources(sources, "pemetrexed-cisplatin.html")
    for length, found in (([21, "d"], True), ([3, "wk"], True), ([20, "d"], False), ([4, "wk"], False),
                          ([1, "mo"], False)):
        changed = copy.deepcopy(facts)
        changed["phases"][0]["length"] = length
        r = fidelity.check(resources, changed)
        assert (r.found == r.expected) is found, (length, r.missing)
