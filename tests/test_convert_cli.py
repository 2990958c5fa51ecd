"""The convert command end to end: outputs, report, exit codes, determinism, what the report says."""
from __future__ import annotations

import json
import shutil

from helpers import convert, load, resources


def test_fixture_folder(shared_fixtures, tmp_path):
    result = convert([shared_fixtures], tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["inotuzumab-ozogamicin.json", "report.json"]
    report = load(tmp_path / "report.json")
    files = {f["file"].rsplit("/", 1)[-1]: f for f in report["files"]}
    assert files["glossary.html"]["status"] == "glossary" and files["glossary.html"]["kind"] == "glossary"
    page = files["inotuzumab-ozogamicin.html"]
    assert page["status"] == "converted" and page["output"] == "inotuzumab-ozogamicin.json"
    assert page["resources"] == {"ActivityDefinition": 11, "ClinicalUseDefinition": 31, "CodeSystem": 1,
                                 "MedicationKnowledge": 1, "PlanDefinition": 1, "Provenance": 1}
    assert report["summary"]["converted"] == 1 and report["summary"]["failed"] == 0


def test_careful_converter_warnings(shared_fixtures, tmp_path):
    convert([shared_fixtures], tmp_path)
    page = next(f for f in load(tmp_path / "report.json")["files"] if f["kind"] == "regimen")
    codes = {w["code"]: w for w in page["warnings"]}
    assert "rituximab" in codes["drug-not-in-regimen"]["message"]
    assert "Tips" in codes["drug-not-in-regimen"]["location"]
    assert "arsenic" in codes["glossary-other-drug"]["message"]
    reasons = {n["reason"] for n in page["not_mapped"]}
    assert any("assistance" in r for r in reasons)
    assert any(n["text"].startswith("Emotional wellness") for n in page["not_mapped"])
    assert all(n["location"].startswith("inotuzumab-ozogamicin.html") for n in page["not_mapped"])


def test_glossary_same_from_either_file(shared_fixtures, tmp_path):
    """The glossary page alone and the page's pop-ups alone give the same CodeSystem."""
    only_page = tmp_path / "a"
    only_page.mkdir()
    shutil.copy(shared_fixtures / "inotuzumab-ozogamicin.html", only_page)
    convert([only_page], tmp_path / "out-a")
    convert([shared_fixtures], tmp_path / "out-b")
    a = resources(load(tmp_path / "out-a" / "inotuzumab-ozogamicin.json"), "CodeSystem")
    b = resources(load(tmp_path / "out-b" / "inotuzumab-ozogamicin.json"), "CodeSystem")
    assert a == b and len(a[0]["concept"]) == 5


def test_deterministic_bytes(shared_fixtures, tmp_path):
    convert([shared_fixtures], tmp_path / "1")
    convert([shared_fixtures], tmp_path / "2")
    one = (tmp_path / "1" / "inotuzumab-ozogamicin.json").read_bytes()
    assert one == (tmp_path / "2" / "inotuzumab-ozogamicin.json").read_bytes()


def test_transaction_bundle_uses_conditional_puts(shared_fixtures, tmp_path):
    convert([shared_fixtures], tmp_path, "--bundle-type", "transaction")
    bundle = load(tmp_path / "inotuzumab-ozogamicin.json")
    assert bundle["type"] == "transaction"
    urls = [e["request"]["url"] for e in bundle["entry"]]
    assert urls[0].startswith("PlanDefinition?url=http://") and "&version=2019-06-24" in urls[0]
    assert all(e["request"]["method"] == "PUT" for e in bundle["entry"])
    assert len(set(urls)) == len(urls)


def test_sources_convert(sources, tmp_path):
    result = convert([sources], tmp_path)
    assert result.exit_code == 0, result.output
    report = load(tmp_path / "report.json")
    assert report["summary"]["failed"] == 0
    assert report["summary"]["converted"] >= 1


def test_bad_page_does_not_stop_the_batch(shared_fixtures, tmp_path):
    pages = tmp_path / "in"
    pages.mkdir()
    shutil.copy(shared_fixtures / "inotuzumab-ozogamicin.html", pages)
    (pages / "empty.html").write_bytes(b"")
    (pages / "about.html").write_text("<html><body><h1>About us</h1><p>We are a clinic.</p></body></html>")
    result = convert([pages], tmp_path / "out")
    assert result.exit_code == 1
    assert (tmp_path / "out" / "inotuzumab-ozogamicin.json").is_file()
    assert not (tmp_path / "out" / "empty.json").exists() and not (tmp_path / "out" / "about.json").exists()
    assert "empty.html: the file is empty" in result.output
    assert "about.html: not a regimen page" in result.output
    assert "Traceback" not in result.output
    report = load(tmp_path / "out" / "report.json")
    status = {f["file"].rsplit("/", 1)[-1]: (f["kind"], f["status"]) for f in report["files"]}
    assert status["about.html"] == ("not-regimen", "failed")
    assert status["empty.html"] == ("unreadable", "failed")


def test_missing_path_is_a_usage_error(tmp_path):
    result = convert([tmp_path / "nope"], tmp_path / "out")
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_no_leftover_temp_files(shared_fixtures, tmp_path):
    convert([shared_fixtures], tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    json.loads((tmp_path / "report.json").read_text())
