"""PlanDefinition.date (required by RegimenPlanDefinition, DESIGN: every canonical resource has a date): the page's
update or review date; a page that states only when it was written or published gives that date; a page with no
date at all fails with a message in the page's terms, not the validator's."""
from __future__ import annotations

from helpers import convert, load, resources

SCHEDULE = ("<h2>Schedule</h2><ul><li>Oxaliplatin 130 mg/m2 IV over 2 hours on day 1</li>"
            "<li>Capecitabine 1000 mg/m2 by mouth twice daily on days 1-14</li></ul><p>Repeat every 21 days for 8 cycles.</p>")


def _page(tmp_path, name: str, dates: str):
    page = tmp_path / f"{name}.html"
    page.write_text(f"<html><head><title>{name}</title></head><body><h1>{name}</h1>{dates}{SCHEDULE}</body></html>",
                    encoding="utf-8")
    return page


def _plan_and_activities(out, name):
    bundle = load(out / f"{name}.json")
    return resources(bundle, "PlanDefinition")[0], resources(bundle, "ActivityDefinition")


def test_the_update_date_is_the_date(tmp_path):
    page = _page(tmp_path, "capox-a", "<p>Published: 3 June 2019. Last updated: 12 March 2024</p>")
    assert convert([page], tmp_path / "out").exit_code == 0
    plan, acts = _plan_and_activities(tmp_path / "out", "capox-a")
    assert plan["date"] == "2024-03-12" and {a["date"] for a in acts} == {"2024-03-12"}


def test_a_page_that_states_only_its_publication_gives_that_date(tmp_path):
    page = _page(tmp_path, "capox-b", "<p>Published: 3 June 2019</p>")
    assert convert([page], tmp_path / "out").exit_code == 0
    plan, acts = _plan_and_activities(tmp_path / "out", "capox-b")
    assert plan["date"] == "2019-06-03" and plan["version"] == "2019-06-03"
    assert {a["date"] for a in acts} == {"2019-06-03"}


def test_a_month_only_publication_keeps_its_precision(tmp_path):
    page = _page(tmp_path, "capox-c", "<p>First published: March 2020</p>")
    assert convert([page], tmp_path / "out").exit_code == 0
    plan, _ = _plan_and_activities(tmp_path / "out", "capox-c")
    assert plan["date"] == "2020-03"


def test_a_page_with_no_date_fails_with_what_to_do(tmp_path):
    page = _page(tmp_path, "capox-d", "")
    result = convert([page], tmp_path / "out")
    assert result.exit_code == 1
    assert not (tmp_path / "out" / "capox-d.json").exists()
    report = load(tmp_path / "out" / "report.json")
    entry = report["files"][0]
    assert entry["status"] == "failed"
    assert entry["error"].startswith("the page states no date (last updated, reviewed, published or written)")
    assert entry["error_location"] == "PlanDefinition.date"
