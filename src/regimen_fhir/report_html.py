"""DIR/report.html: the run report as a page a pharmacist can read.

Self-contained (inline CSS, no scripts, no external resources, a Content
Security Policy that forbids them anyway) and every piece of text from a page or
a file name is escaped, so a hostile page cannot run code in the reader's browser.
Folding uses <details>, which needs no script.
"""
from __future__ import annotations

import shutil
from html import escape
from typing import BinaryIO, Callable, Iterable

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:75rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:1.6rem 0 .5rem}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f1f1f1}td.n{text-align:right}code{font-size:.9em;overflow-wrap:anywhere}
.converted{color:#0a6b2b;font-weight:600}.failed{color:#b00020;font-weight:600}.glossary{color:#245;font-weight:600}
table.summary{width:auto;min-width:26rem}.summary td:first-child{font-weight:600;width:14rem}ul{margin:.2rem 0;padding-left:1.2rem}
.loc{color:#555;font-size:.9em;overflow-wrap:anywhere}details summary{cursor:pointer}.title{margin-top:.2rem}
""".strip()


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _issue_list(items: list[dict], text_key: str) -> str:
    if not items:
        return ""
    lis = "".join(
        f"<li>{e(i.get(text_key))}"
        + (f" <span class=\"loc\">({e(i.get('reason'))})</span>" if i.get("reason") else "")
        + (f"<br><span class=\"loc\">{e(i.get('location'))}</span>" if i.get("location") else "")
        + "</li>"
        for i in items)
    return f"<ul>{lis}</ul>"


def row(f: dict) -> str:
    """A file's row of the files table."""
    status = f.get("status", "")
    error = ""
    if f.get("error"):
        error = f"<div class=\"failed\">{e(f['error'])}</div>"
        if f.get("error_location"):
            error += f"<div class=\"loc\">at {e(f['error_location'])}</div>"
    warnings = f.get("warnings") or []
    not_mapped = f.get("not_mapped") or []
    details = ""
    if warnings:
        details += (f"<details><summary>{len(warnings)} warning(s)</summary>"
                    f"{_issue_list(warnings, 'message')}</details>")
    if not_mapped:
        details += (f"<details><summary>{len(not_mapped)} fragment(s) not mapped</summary>"
                    f"{_issue_list(not_mapped, 'text')}</details>")
    resources = ", ".join(f"{e(k)}: {e(v)}" for k, v in (f.get("resources") or {}).items())
    title = f"<div class=\"title\">{e(f['title'])}</div>" if f.get("title") else ""
    return (f"<tr><td><code>{e(f.get('file'))}</code>{title}</td>"
            f"<td class=\"{e(status)}\">{e(status)}</td>"
            f"<td>{e(f.get('kind'))}</td>"
            f"<td>{'<code>' + e(f['output']) + '</code>' if f.get('output') else ''}</td>"
            f"<td>{resources}</td>"
            f"<td>{error}{details}</td></tr>\n")


def failure_item(f: dict) -> str:
    """A failed file's item of the list of failures."""
    loc = f" <span class=\"loc\">at {e(f['error_location'])}</span>" if f.get("error_location") else ""
    return f"<li><code>{e(f.get('file'))}</code>: {e(f.get('error'))}{loc}</li>\n"


def write_html(fh: BinaryIO, report: dict, entries: Callable[[], Iterable[dict]]) -> None:
    """Write the page; `entries()` yields the per-file entries (it is called twice)."""
    _head(fh, report)
    if report["summary"]["failed"]:
        fh.write(FAILURES_HEAD.format(n=e(report["summary"]["failed"])).encode("utf-8"))
        for f in entries():
            if f.get("status") == "failed":
                fh.write(failure_item(f).encode("utf-8"))
        fh.write(FAILURES_END.encode("utf-8"))
    fh.write(FILES_HEAD.encode("utf-8"))
    for f in entries():
        fh.write(row(f).encode("utf-8"))
    fh.write(END.encode("utf-8"))


def write_html_spooled(fh: BinaryIO, report: dict, failures: BinaryIO, rows: BinaryIO) -> None:
    """Write the page from spooled parts: `failures` holds the `failure_item`s, `rows` the `row`s, UTF-8."""
    _head(fh, report)
    if report["summary"]["failed"]:
        fh.write(FAILURES_HEAD.format(n=e(report["summary"]["failed"])).encode("utf-8"))
        _copy(failures, fh)
        fh.write(FAILURES_END.encode("utf-8"))
    fh.write(FILES_HEAD.encode("utf-8"))
    _copy(rows, fh)
    fh.write(END.encode("utf-8"))


def _copy(src: BinaryIO, dst: BinaryIO) -> None:
    src.flush()
    src.seek(0)
    shutil.copyfileobj(src, dst, 1 << 20)


FAILURES_HEAD = "<h2 id=\"failures\">Failures ({n})</h2>\n<ul>\n"
FAILURES_END = "</ul>\n"
FILES_HEAD = ("<h2 id=\"files\">Files</h2>\n<table id=\"files-table\"><thead><tr><th>File</th><th>Status</th>"
              "<th>Kind</th><th>Output</th><th>Resources</th><th>Errors, warnings, not mapped</th></tr></thead><tbody>\n")
END = "</tbody></table>\n</body></html>\n"


def _head(fh: BinaryIO, report: dict) -> None:
    """The page up to the list of failures: its head, title, run and summary table."""
    s = report["summary"]

    def w(text: str) -> None:
        fh.write(text.encode("utf-8"))

    w("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      f"<meta http-equiv=\"Content-Security-Policy\" content=\"{e(CSP)}\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>regimen-fhir conversion report</title>\n"
      f"<style>{STYLE}</style></head>\n<body>\n"
      "<h1>Conversion report</h1>\n"
      f"<p>{e(report.get('tool'))} {e(report.get('toolVersion'))}, FHIR {e(report.get('fhirVersion'))}, "
      f"{e(report.get('bundleType'))} bundles, canonical base <code>{e(report.get('canonicalBase'))}</code></p>\n")
    rows = [("Files", s["files"]), ("Converted", s["converted"]), ("Glossary pages", s["glossaries"]),
            ("Failed", s["failed"]), ("Warnings", s["warnings"]), ("Fragments not mapped", s["notMapped"]),
            ("Time", f"{s['seconds']:.2f} s"), ("Pages per second", s.get("pagesPerSecond", ""))]
    w("<table class=\"summary\" id=\"summary\">"
      + "".join(f"<tr><td>{e(k)}</td><td class=\"n\">{e(v)}</td></tr>" for k, v in rows) + "</table>\n")
