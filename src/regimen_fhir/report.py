"""The run report: DIR/report.json (machine-readable) and DIR/report.html (for a person),
plus the one-line summary printed at the end.

Results are streamed: each file's entry is spooled to unnamed temp files as it
arrives, and both reports are written from the spools at the end, atomically, so
memory stays flat however many pages a run has. With bundles, an entry is spooled
already in its final form (its block of report.json, its row of report.html) while
the workers are still converting, so the end of the run only copies bytes; NDJSON
runs, whose entries the end of the run completes, spool them as JSON lines.
"""
from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import fields
from pathlib import Path

import orjson

from . import __version__
from .pipeline import ConvertOptions, FileResult
from .write import atomic_writer, dumps, dumps_bytes

REPORT_JSON = "report.json"
REPORT_HTML = "report.html"


_FIELDS = tuple(f.name for f in fields(FileResult))


def dumps_line(entry: dict) -> bytes:
    """One compact JSON line for the spool (read back with json.loads)."""
    try:
        return orjson.dumps(entry) + b"\n"
    except TypeError:  # a value orjson does not take
        return json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n"


def file_entry(r: FileResult) -> dict:
    """The report entry of a file: its fields as they are (plain JSON values already; asdict's deep
    copy of every warning cost the writing process more than writing the bundle)."""
    d = {name: getattr(r, name) for name in _FIELDS}
    if d["outcome"] is None:
        del d["outcome"]
    return d


def report_header(options: ConvertOptions) -> dict:
    return {
        "tool": "regimen-fhir",
        "toolVersion": __version__,
        "fhirVersion": options.fhir_version,
        "bundleType": options.bundle_type,
        "format": options.output_format,
        "canonicalBase": options.context.canonical_base,
    }


class Tally:
    """Running counts for the summary and the progress bar."""

    def __init__(self) -> None:
        self.files = self.converted = self.glossaries = self.failed = self.warnings = self.not_mapped = 0

    def add(self, r: FileResult) -> None:
        self.files += 1
        self.converted += r.status == "converted"
        self.glossaries += r.status == "glossary"
        self.failed += r.status == "failed"
        self.warnings += len(r.warnings)
        self.not_mapped += len(r.not_mapped)

    def summary(self, seconds: float, jobs: int | None = None) -> dict:
        out = {"files": self.files, "converted": self.converted, "glossaries": self.glossaries,
               "failed": self.failed, "warnings": self.warnings, "notMapped": self.not_mapped,
               "seconds": round(seconds, 3),
               "pagesPerSecond": round(self.files / seconds, 1) if seconds > 0 else 0.0}
        if jobs is not None:
            out["jobs"] = jobs
        return out


class ReportWriter:
    """Collects results one by one; `finish` writes report.json and report.html."""

    def __init__(self, out_dir: Path, options: ConvertOptions):
        self.out_dir = out_dir
        self.options = options
        self.tally = Tally()
        self._spool = tempfile.TemporaryFile(mode="w+b")
        # Bundles: entries spooled in their final form (nothing completes them at the end); NDJSON: as JSON lines
        self._final = options.output_format != "ndjson"
        if self._final:
            self._rows = tempfile.TemporaryFile(mode="w+b")  # report.html's rows
            self._failures = tempfile.TemporaryFile(mode="w+b")  # report.html's list of failures

    def add(self, r: FileResult) -> None:
        self.tally.add(r)
        entry = file_entry(r)
        if not self._final:
            self._spool.write(dumps_line(entry))
            return
        from .report_html import failure_item, row

        self._spool.write((b",\n" if self.tally.files > 1 else b"") + json_block(entry))
        self._rows.write(row(entry).encode("utf-8"))
        if entry.get("status") == "failed":
            self._failures.write(failure_item(entry).encode("utf-8"))

    def entries(self, patch=None):
        if self._final:
            raise ValueError("entries are spooled in their final form: no entries to read back")
        self._spool.flush()
        self._spool.seek(0)
        for line in self._spool:
            entry = json.loads(line)
            yield patch(entry) if patch else entry

    def finish(self, seconds: float, jobs: int | None = None, glossary_seconds: float | None = None,
               patch=None) -> dict:
        """Write both reports; `patch(entry)` may complete entries with what only the end of the run knows."""
        from .report_html import write_html, write_html_spooled

        if self._final:
            if patch is not None:
                raise ValueError("entries spooled in their final form cannot be patched")
            report = {**report_header(self.options), "summary": self.tally.summary(seconds, jobs)}
            if glossary_seconds is not None:
                report["summary"]["glossaryPassSeconds"] = round(glossary_seconds, 3)
            write_json_report_spooled(self.out_dir / REPORT_JSON, report, self._spool, self.tally.files)
            with atomic_writer(self.out_dir / REPORT_HTML) as fh:
                write_html_spooled(fh, report, self._failures, self._rows)
            self.close()
            return report
        if patch is not None:  # count what the patch adds
            self.tally.warnings += sum(len(patch(json.loads(line))["warnings"]) - len(json.loads(line)["warnings"])
                                       for line in self._lines())
        report = {**report_header(self.options), "summary": self.tally.summary(seconds, jobs)}
        if glossary_seconds is not None:
            report["summary"]["glossaryPassSeconds"] = round(glossary_seconds, 3)
        write_json_report(self.out_dir / REPORT_JSON, report, self.entries(patch))
        with atomic_writer(self.out_dir / REPORT_HTML) as fh:
            write_html(fh, report, lambda: self.entries(patch))
        self._spool.close()
        return report

    def _lines(self):
        self._spool.flush()
        self._spool.seek(0)
        yield from self._spool

    def close(self) -> None:
        self._spool.close()
        if self._final:
            self._rows.close()
            self._failures.close()


def json_block(entry: dict) -> bytes:
    """An entry as it stands in report.json's "files" array (the layout of `write.dumps`, at orjson's speed)."""
    return b"    " + dumps_bytes(entry)[:-1].replace(b"\n", b"\n    ")


def _report_head(head: dict) -> tuple[str, str]:
    """(report.json up to its first entry, what follows its last entry)."""
    marker = "\u0000files\u0000"
    text = dumps({**head, "files": [marker]})
    before, after = text.split(json.dumps(marker), 1)
    return before.rstrip(" "), after  # without the indentation before the marker


def write_json_report_spooled(path: Path, head: dict, blocks, count: int) -> None:
    """`head` with a "files" array whose entries, already as `json_block`s joined by ",\n", are in the file `blocks`."""
    before, after = _report_head(head)
    with atomic_writer(path) as fh:
        fh.write(before.encode("utf-8"))
        blocks.flush()
        blocks.seek(0)
        shutil.copyfileobj(blocks, fh, 1 << 20)
        fh.write(after.encode("utf-8") if count else after.lstrip().encode("utf-8"))


def write_json_report(path: Path, head: dict, entries) -> None:
    """`head` with a "files" array streamed from `entries`, in the same layout as `write.dumps`."""
    before, after = _report_head(head)
    with atomic_writer(path) as fh:
        fh.write(before.encode("utf-8"))
        first = True
        for entry in entries:
            fh.write((b"" if first else b",\n") + json_block(entry))
            first = False
        fh.write(after.encode("utf-8") if not first else after.lstrip().encode("utf-8"))


def build_report(results: list[FileResult], options: ConvertOptions, seconds: float) -> dict:
    """The whole report as one dict (for callers holding a list of results)."""
    tally = Tally()
    for r in results:
        tally.add(r)
    return {**report_header(options), "summary": tally.summary(seconds), "files": [file_entry(r) for r in results]}


def summary_line(report: dict) -> str:
    s = report["summary"]
    rate = s["files"] / s["seconds"] if s["seconds"] else 0.0
    return (f"{s['converted']} converted, {s['failed']} failed, {s['glossaries']} glossary page(s), "
            f"{s['warnings']} warning(s), {s['notMapped']} fragment(s) not mapped, "
            f"{s['seconds']:.2f} s ({rate:.1f} pages/s)")
