"""The run report spooled in its final form (bundles) is the report written from the entries themselves."""
from __future__ import annotations

import io
from pathlib import Path

from regimen_fhir.pipeline import ConvertOptions, FileResult
from regimen_fhir.report import REPORT_HTML, REPORT_JSON, ReportWriter, file_entry, report_header, write_json_report
from regimen_fhir.report_html import write_html


def _results() -> list[FileResult]:
    return [
        FileResult(file="a.html", kind="regimen", status="converted", title="A <b>&amp;</b> \u00e9", output="a.json",
                   resources={"PlanDefinition": 1, "Provenance": 1},
                   warnings=[{"severity": "warning", "code": "x", "message": "<script>1</script>", "location": "h1"}],
                   not_mapped=[{"text": "odd \"text\"", "reason": "r", "location": "p[2]"}],
                   outcome={"resourceType": "OperationOutcome", "issue": []}, timings={"parse": 0.001}),
        FileResult(file="b.html", kind="unreadable", status="failed", error="bad <page>", error_location="body"),
        FileResult(file="g.html", kind="glossary", status="glossary", resources={"CodeSystem concepts": 3}),
        FileResult(file="c.html", kind="not-regimen", status="failed", error="not a regimen page"),
    ]


def test_spooled_report_is_the_report_of_its_entries(tmp_path):
    options = ConvertOptions(out_dir=tmp_path)
    writer = ReportWriter(tmp_path, options)
    for r in _results():
        writer.add(r)
    report = writer.finish(1.5, 2, 0.25)
    entries = [file_entry(r) for r in _results()]
    write_json_report(tmp_path / "expected.json", report, entries)
    html = io.BytesIO()
    write_html(html, report, lambda: iter(entries))
    assert (tmp_path / REPORT_JSON).read_bytes() == (tmp_path / "expected.json").read_bytes()
    assert (tmp_path / REPORT_HTML).read_bytes() == html.getvalue()
    assert report["summary"]["failed"] == 2 and b"Failures (2)" in html.getvalue()
    assert b"&lt;script&gt;" in html.getvalue() and b"<script>1" not in html.getvalue()


def test_spooled_report_of_no_files(tmp_path):
    options = ConvertOptions(out_dir=tmp_path)
    writer = ReportWriter(tmp_path, options)
    report = writer.finish(0.1)
    write_json_report(tmp_path / "expected.json", report, [])
    assert (tmp_path / REPORT_JSON).read_bytes() == (tmp_path / "expected.json").read_bytes()
    assert {**report_header(options)}.items() <= report.items()
