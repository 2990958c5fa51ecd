"""The run report: machine-readable JSON, plus the one-line summary a person reads."""
from __future__ import annotations

from dataclasses import asdict

from . import __version__
from .pipeline import ConvertOptions, FileResult


def build_report(results: list[FileResult], options: ConvertOptions, seconds: float) -> dict:
    files = []
    for r in results:
        d = asdict(r)
        if d["outcome"] is None:
            del d["outcome"]
        files.append(d)
    converted = sum(r.status == "converted" for r in results)
    failed = sum(r.status == "failed" for r in results)
    return {
        "tool": "regimen-fhir",
        "toolVersion": __version__,
        "fhirVersion": options.fhir_version,
        "bundleType": options.bundle_type,
        "format": options.output_format,
        "canonicalBase": options.context.canonical_base,
        "summary": {
            "files": len(results),
            "converted": converted,
            "glossaries": sum(r.status == "glossary" for r in results),
            "failed": failed,
            "warnings": sum(len(r.warnings) for r in results),
            "notMapped": sum(len(r.not_mapped) for r in results),
            "seconds": round(seconds, 3),
        },
        "files": files,
    }


def summary_line(report: dict) -> str:
    s = report["summary"]
    rate = s["files"] / s["seconds"] if s["seconds"] else 0.0
    return (f"{s['converted']} converted, {s['failed']} failed, {s['glossaries']} glossary page(s), "
            f"{s['warnings']} warning(s), {s['notMapped']} fragment(s) not mapped, "
            f"{s['seconds']:.2f} s ({rate:.1f} pages/s)")
