"""The validate command, the convert path's use of the validator, and the generated profiles."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from regimen_fhir import pipeline
from regimen_fhir.cli import main
from regimen_fhir.validate import has_errors, validate_document
from regimen_fhir.validate.snapshot import build

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def converted(tmp_path_factory, sources) -> Path:
    out = tmp_path_factory.mktemp("out")
    pipeline.run([sources / "inotuzumab-ozogamicin.html", sources / "glossary.html"], pipeline.ConvertOptions(out_dir=out))
    return out / "inotuzumab-ozogamicin.json"


def test_generated_profiles_are_up_to_date(tmp_path):
    build(ROOT / "profiles" / "input", tmp_path)
    committed = {p.name: p.read_text() for p in (ROOT / "profiles" / "package").glob("*.json")}
    fresh = {p.name: p.read_text() for p in tmp_path.glob("*.json")}
    assert committed == fresh, "run `make profiles` and commit profiles/package"


def test_snapshots_unfold_nested_actions_and_slices():
    sd = json.loads((ROOT / "profiles/package/StructureDefinition-RegimenPlanDefinition.json").read_text())
    by_id = {e["id"]: e for e in sd["snapshot"]["element"]}
    days = by_id["PlanDefinition.action.action.action.extension:daysOfCycle"]
    assert (days["min"], days["max"]) == (0, "1")
    assert [c["key"] for c in by_id["PlanDefinition.action.action"]["constraint"]][-1] == "rgm-3"
    assert days["type"][0]["profile"] == ["http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"]
    assert by_id["PlanDefinition.action.action.action.definition[x]"]["min"] == 1
    assert by_id["PlanDefinition.action.action.action.description"]["min"] == 0  # unfolded from the base
    assert "contentReference" not in by_id["PlanDefinition.action.action"]
    assert by_id["PlanDefinition.status"]["binding"]["strength"] == "required"  # kept from the core snapshot


def test_shared_fixture_bundle_is_valid(shared_fixtures, tmp_path):
    results = pipeline.run([shared_fixtures], pipeline.ConvertOptions(out_dir=tmp_path))
    regimens = [r for r in results if r.kind == "regimen"]
    assert regimens and all(r.status == "converted" for r in regimens), [(r.file, r.error) for r in regimens]
    for r in regimens:
        assert not has_errors(validate_document(json.loads((tmp_path / r.output).read_text())))


def test_cli_valid_file_exits_0_and_writes_outcome(converted, tmp_path):
    res = CliRunner().invoke(main, ["validate", str(converted), "--out", str(tmp_path / "oo")])
    assert res.exit_code == 0, res.output
    outcome = json.loads((tmp_path / "oo" / "inotuzumab-ozogamicin.outcome.json").read_text())
    assert outcome["resourceType"] == "OperationOutcome"
    assert all(i["severity"] not in ("error", "fatal") for i in outcome["issue"])


def test_cli_invalid_file_exits_1_with_paths(converted, tmp_path):
    doc = json.loads(converted.read_text())
    doc["entry"][0]["resource"]["status"] = "finished"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    res = CliRunner().invoke(main, ["validate", str(converted), str(bad), str(broken), "--out", str(tmp_path / "oo")])
    assert res.exit_code == 1
    lines = [json.loads(line) for line in res.stdout.splitlines() if line.startswith("{")]
    assert [line["file"] for line in lines] == [str(converted), str(bad), str(broken)]
    bad_issues = lines[1]["outcome"]["issue"]
    assert any(i["severity"] == "error" and i["expression"] == ["Bundle.entry[0].resource.status"] for i in bad_issues)
    assert lines[2]["outcome"]["issue"][0]["severity"] == "fatal"
    assert sorted(p.name for p in (tmp_path / "oo").iterdir()) == [
        "bad.outcome.json", "broken.outcome.json", "inotuzumab-ozogamicin.outcome.json"]


def test_cli_usage_errors_exit_2(tmp_path):
    assert CliRunner().invoke(main, ["validate", str(tmp_path / "missing.json")]).exit_code == 2
    assert CliRunner().invoke(main, ["validate"]).exit_code == 2


def test_convert_never_writes_a_bundle_with_an_invalid_resource(monkeypatch, sources, tmp_path):
    real = pipeline.map_regimen

    def broken(*args, **kwargs):
        mapped = real(*args, **kwargs)
        mapped[0].resource["action"][0]["action"][0]["action"][0].pop("extension")  # days of cycle gone
        return mapped

    monkeypatch.setattr(pipeline, "map_regimen", broken)
    results = pipeline.run([sources / "inotuzumab-ozogamicin.html", sources / "glossary.html"],
                           pipeline.ConvertOptions(out_dir=tmp_path))
    failed = [r for r in results if r.kind == "regimen"][0]
    assert failed.status == "failed" and failed.output is None
    assert failed.error_location == "PlanDefinition.action[0].action[0]" and "rgm-3" in failed.error
    assert any(i["severity"] == "error" for i in failed.outcome["issue"])
    assert not (tmp_path / "inotuzumab-ozogamicin.json").exists()


@pytest.mark.parametrize("content, words", [
    ("[]", "JSON object"),
    ('{"resourceType": 5}', "resourceType"),
    ('{"resourceType":"Bundle","entry":[1, {"resource": "x"}, {"fullUrl": 3, "resource": {"resourceType":"Nope"}}]}', ""),
    ('{"resourceType":"PlanDefinition","status":"active","action":"x","meta":{"profile":"x"},'
     '"extension":[1,{"url":5}],"text":{"status":"generated","div":5}}', ""),
    ('{"resourceType":"PlanDefinition","status":"active"' + ',"action":[{"title":"x"' * 60 + "}]" * 60 + "}", "nested deeper"),
    ('{"a":' + "[" * 50000 + "]" * 50000 + "}", "nested too deeply"),
    (b"\xff\xfe{}", "UTF-8"),
])
def test_cli_hostile_files_fail_cleanly(tmp_path, content, words):
    f = tmp_path / "hostile.json"
    if isinstance(content, bytes):
        f.write_bytes(content)
    else:
        f.write_text(content)
    res = CliRunner().invoke(main, ["validate", str(f)])
    assert res.exit_code == 1, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    outcome = json.loads(res.stdout.splitlines()[0])["outcome"]
    assert any(i["severity"] in ("error", "fatal") for i in outcome["issue"])
    assert words in json.dumps(outcome)
