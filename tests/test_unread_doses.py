"""A line read in part: the doses it states that no administration took (as its dose or cap) are reported with the
line (RegimenReader.report_unread_doses), never dropped without a word."""
from __future__ import annotations

from helpers import small_page

SCHEDULE = "<h2>Schedule</h2><ul><li>Paclitaxel 175 mg/m2 IV over 3 hours on day 1</li><li>{line}</li></ul><p>Every 21 days.</p>"
REASON = "dose(s) of this line not read as given"


def _unread(line: str) -> list[str]:
    r = small_page(SCHEDULE.format(line=line))
    return [f.reason for f in r.not_mapped if f.reason.startswith(REASON)]


def test_the_doses_of_drugs_the_tables_lack_are_reported_with_the_line():
    reasons = _unread("Dexamethasone 20 mg, zorbamine 10 mg and quixolast 20 mg IV 30 minutes before paclitaxel")
    assert reasons == [f"{REASON} (10 mg; 20 mg): their drug is not one the converter knows, or they are not doses "
                       f"of their own"]


def test_a_line_read_whole_reports_nothing():
    assert _unread("Carboplatin AUC 5 and etoposide 100 mg/m2 IV on day 1") == []


def test_a_cap_read_as_the_cap_is_no_unread_dose():
    assert _unread("Vincristine 1.4 mg/m2 IV on day 1 (maximum 2 mg)") == []


def test_a_line_with_one_dose_only_is_not_this_rule():
    assert _unread("Zorbamine 10 mg IV on day 1") == []
