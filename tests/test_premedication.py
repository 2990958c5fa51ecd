"""Premedication: what it is timed against and whether the page says it is given. A vendor executing the
PlanDefinition must not treat 'you will be given paracetamol' as optional, nor list the drug it precedes as one of its
medicines ('Before each rituximab drip ...' had put rituximab among the premedication drugs of fcr)."""
from __future__ import annotations

import pytest

from helpers import action, convert, load, resources, small_page
from regimen_fhir.parse import patterns as P

SCHEDULE = ("<h2>Schedule</h2><ul><li>Rituximab 375 mg/m2 IV on day 1</li><li>Fludarabine 25 mg/m2 IV on days 1 to 3"
            "</li></ul><p>Every 28 days for 6 cycles.</p>")


@pytest.mark.parametrize("sentence", [
    "Before each rituximab drip you will be given paracetamol and an antihistamine.",
    "About an hour before each drip you take an antihistamine.",
    "Before every dose you get medicines to prevent sickness.",
    "You will also have anti-sickness medicines before the drips.",
    "Paracetamol and an antihistamine are given before each infusion.",
])
def test_a_premedication_the_page_says_is_given_is_required(sentence):
    assert P.premedication_required(sentence) is True


@pytest.mark.parametrize("sentence", [
    "Premedications such as diphenhydramine may be given before rituximab.",  # offered
    "You can have anti-sickness medicine before each dose if needed.",
    "Some people will be given an antihistamine before each drip.",  # not everyone
    "Premedication with paracetamol before the infusion can lower the chance of a reaction.",  # the verb is 'lower'
    "An antihistamine before each infusion.",  # no verb: unsaid
])
def test_near_miss_an_offered_or_unsaid_premedication_is_optional(sentence):
    assert P.premedication_required(sentence) is False


@pytest.mark.parametrize("sentence, target", [
    ("Before each rituximab drip you will be given paracetamol.", "rituximab"),
    ("Ahead of every docetaxel infusion you take dexamethasone tablets.", "docetaxel"),
    ("Prior to each dose you get an antihistamine.", None),  # timed against every dose: no drug named
])
def test_the_drug_a_premedication_is_timed_against(sentence, target):
    m = P.PREMED_TARGET.search(sentence)
    got = m.group("target") if m else None
    assert (got == target) if target is None else (target in (got or ""))


def test_the_drug_it_precedes_is_no_premedication_medicine():
    r = small_page(SCHEDULE + "<p>Before each rituximab drip you will be given paracetamol and an antihistamine.</p>")
    (pre,) = [s for s in r.supportive if s.kind == "premedication"]
    assert pre.drugs == ["acetaminophen"]
    assert pre.before == ["rituximab"]
    assert pre.required is True


def test_near_miss_an_offered_premedication_before_every_dose():
    r = small_page(SCHEDULE + "<p>Before each dose you may be given anti-sickness medicine and an antihistamine.</p>")
    (pre,) = [s for s in r.supportive if s.kind == "premedication"]
    assert (pre.before, pre.required) == ([], False)


def _plan(tmp_path, body):
    page = tmp_path / "fr.html"
    page.write_text(f"<html><head><title>FR</title></head><body><h1>FR</h1><p>Last updated: 3 March 2024</p>{body}</body></html>", encoding="utf-8")
    result = convert([page], tmp_path / "out")
    assert result.exit_code == 0, result.output
    (plan,) = [p for p in resources(load(tmp_path / "out" / "fr.json"), "PlanDefinition")
               if any(a.get("id") == "premedication" for a in p.get("action", []))]
    return plan


def test_a_given_premedication_is_a_must_action_timed_against_its_drugs_doses(tmp_path):
    plan = _plan(tmp_path, SCHEDULE + "<p>Before each rituximab drip you will be given paracetamol and an "
                 "antihistamine.</p>")
    pre = action(plan, "premedication")
    assert (pre["title"], pre["requiredBehavior"]) == ("Premedication", "must")
    targets = {r["actionId"] for r in pre["relatedAction"]}
    titles = {action(plan, t)["title"].split()[0].lower() for t in targets}
    assert titles == {"rituximab"}  # not fludarabine's doses
    assert [a["title"] for a in pre["action"]] == ["acetaminophen"]


def test_near_miss_an_offered_premedication_is_could_before_every_drug(tmp_path):
    plan = _plan(tmp_path, SCHEDULE + "<p>Before each dose you may be given anti-sickness medicine and an "
                 "antihistamine.</p>")
    pre = action(plan, "premedication")
    assert (pre["title"], pre["requiredBehavior"]) == ("Premedication (optional)", "could")
    assert len(pre["relatedAction"]) == 2  # both drugs' doses
