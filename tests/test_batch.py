"""Batch runs: results independent of --jobs, the glossary pass, the report, the progress bar,
a worker that dies."""
from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

import corpus
from helpers import convert, load, resources
from regimen_fhir import batch

CLI = [sys.executable, "-c", "from regimen_fhir.cli import main; main()"]


def strip_timings(report: dict) -> dict:
    report = dict(report)
    report["summary"] = {k: v for k, v in report["summary"].items() if k not in ("seconds", "pagesPerSecond", "jobs", "glossaryPassSeconds")}
    report["files"] = [{k: v for k, v in f.items() if k != "timings"} for f in report["files"]]
    return report


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pages") / "in"
    corpus.build(folder, 12)
    # a page whose pop-up defines "cure" differently from the glossary page
    text = corpus.variant(99)
    start = text.index('id="glossary-cure"')
    p_start = text.index("<p>", start) + 3
    (folder / "odd-cure.html").write_text(text[:p_start] + "A different meaning. " + text[p_start:], encoding="utf-8")
    (folder / "empty.html").write_bytes(b"")
    return folder


def test_results_do_not_depend_on_jobs(pages, tmp_path):
    runs = {}
    for jobs in ("1", "2", "3"):
        out = tmp_path / jobs
        result = convert([pages], out, "--jobs", jobs)
        assert result.exit_code == 1  # empty.html
        runs[jobs] = out
    names = sorted(p.name for p in runs["1"].iterdir())
    assert len(names) == 13 + 2
    for jobs in ("2", "3"):
        assert sorted(p.name for p in runs[jobs].iterdir()) == names
        for n in names:
            if n.startswith("report"):
                continue
            assert (runs[jobs] / n).read_bytes() == (runs["1"] / n).read_bytes(), n
        assert strip_timings(load(runs[jobs] / "report.json")) == strip_timings(load(runs["1"] / "report.json"))
    files = [Path(f["file"]).name for f in load(runs["2"] / "report.json")["files"]]
    assert files == sorted(files)  # the report follows file order, not completion order


def test_glossary_pass_merges_every_page(pages, tmp_path):
    out = tmp_path / "out"
    convert([pages], out, "--jobs", "2")
    systems = {n.name: resources(load(n), "CodeSystem") for n in out.glob("regimen-*.json")}
    first = next(iter(systems.values()))
    assert all(cs == first for cs in systems.values())
    cure = next(c for c in first[0]["concept"] if c["code"] == "cure")
    assert not cure["definition"].startswith("A different meaning")  # the glossary page wins
    report = load(out / "report.json")
    for f in report["files"]:
        codes = [w["code"] for w in f["warnings"]]
        if f["kind"] == "regimen":
            assert codes.count("glossary-conflict") == 1, f["file"]
        else:
            assert "glossary-conflict" not in codes


def test_report_json_contents(pages, tmp_path):
    out = tmp_path / "out"
    convert([pages], out, "--jobs", "2")
    report = load(out / "report.json")
    s = report["summary"]
    assert (s["files"], s["converted"], s["glossaries"], s["failed"], s["jobs"]) == (15, 13, 1, 1, 2)
    assert s["pagesPerSecond"] > 0
    entry = next(f for f in report["files"] if f["file"].endswith("regimen-00003.html"))
    assert entry["status"] == "converted" and entry["output"] == "regimen-00003.json"
    assert entry["title"] == "Inotuzumab Ozogamicin (Besponsa®) variant 3"
    assert set(entry["timings"]) == {"parse", "map", "validate", "serialise", "write"}
    assert entry["not_mapped"] and all({"text", "reason", "location"} <= set(n) for n in entry["not_mapped"])
    empty = next(f for f in report["files"] if f["file"].endswith("empty.html"))
    assert (empty["status"], empty["error"], empty["output"]) == ("failed", "the file is empty", None)


def run_on_pty(args: list[str]) -> tuple[int, str]:
    """Run the CLI with stderr on a terminal; returns (exit code, what the terminal got)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([*CLI, *args], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        if not ready:
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


def test_progress_bar_on_a_terminal(pages, tmp_path):
    code, seen = run_on_pty(["convert", str(pages), "--out", str(tmp_path / "out"), "--jobs", "2"])
    assert code == 1
    assert "\r\x1b[K" in seen
    assert "converting [" in seen and "15/15 pages, 1 failed" in seen and "pages/s" in seen
    assert "empty.html: the file is empty" in seen
    assert "13 converted, 1 failed, 1 glossary page(s)" in seen.splitlines()[-1]


def test_quiet_and_not_a_terminal(pages, tmp_path):
    code, seen = run_on_pty(["convert", str(pages), "--out", str(tmp_path / "q"), "--quiet"])
    assert code == 1
    assert seen.strip().endswith("empty.html: the file is empty") and "\x1b[K" not in seen
    proc = subprocess.run([*CLI, "convert", str(pages), "--out", str(tmp_path / "p")], capture_output=True, text=True)
    assert "\r" not in proc.stderr and "\x1b" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("13 converted, 1 failed")


def test_failure_lines_never_carry_control_characters(tmp_path):
    (tmp_path / "in").mkdir()
    evil = tmp_path / "in" / "a\x1b[31mred\nline.html"
    evil.write_bytes(b"")
    result = convert([evil], tmp_path / "out", "--jobs", "1")
    line = result.stderr.splitlines()[0]
    assert line.endswith("a\\x1b[31mred\\nline.html: the file is empty")


def _sometimes_dies(paths):
    out = []
    for p in paths:
        if p.name == "die.html":
            os._exit(3)
        out.append(("none", [p.name]))
    return out


def test_a_worker_that_dies_fails_only_its_page(tmp_path):
    paths = [tmp_path / f"p{i}.html" for i in range(20)]
    paths[7] = tmp_path / "die.html"
    got = list(batch._ordered_parallel(_sometimes_dies, "glossary", paths, 2, {}))
    assert len(got) == 20
    assert got[7] == ("failed", [])
    assert [g[1][0] for i, g in enumerate(got) if i != 7] == [p.name for i, p in enumerate(paths) if i != 7]


def test_ndjson_does_not_depend_on_jobs(pages, tmp_path):
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        assert convert([pages], out, "--jobs", jobs, "--format", "ndjson").exit_code == 1
        outs.append({p.name: p.read_bytes() for p in out.glob("*.ndjson")})
    assert outs[0] and outs[0] == outs[1]
    report = load(tmp_path / "2" / "report.json")
    converted = [f for f in report["files"] if f["status"] == "converted"]
    assert converted and all(f["output"] == ", ".join(sorted(outs[0])) for f in converted)


def test_two_dying_pages_fail_alone_and_blame_no_other(tmp_path):
    """After a worker dies, suspect pages run one at a time: a second culprit in flight fails
    only itself, never an innocent page that happened to share the broken pool."""
    paths = [tmp_path / f"p{i}.html" for i in range(24)]
    paths[3] = tmp_path / "die.html"
    paths[5] = tmp_path / "die-too" / "die.html"
    got = list(batch._ordered_parallel(_sometimes_dies, "glossary", paths, 2, {}))
    assert len(got) == 24
    assert got[3] == ("failed", []) and got[5] == ("failed", [])
    assert [g[1][0] for i, g in enumerate(got) if i not in (3, 5)] == [p.name for i, p in enumerate(paths) if i not in (3, 5)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ndjson_of_a_run_stopped_half_way_is_not_published(pages, tmp_path, jobs):
    """NDJSON is streamed into unnamed temp files during the run; a run that stops before its end
    (here the consumer stops after three pages, as a signal does) publishes none of it."""
    from regimen_fhir.pipeline import ConvertOptions, discover

    out = tmp_path / "out"
    run = batch.Batch(discover([pages]), ConvertOptions(out_dir=out, output_format="ndjson"), jobs=jobs).run()
    done = [r for _, r in zip(range(3), run)]
    run.close()
    assert len(done) == 3 and any(r.status == "converted" for r in done)
    assert sorted(p.name for p in out.iterdir()) == []  # no NDJSON, no temp file


def test_ndjson_writer_keeps_digests_not_resources(tmp_path):
    from regimen_fhir.map import Mapped
    from regimen_fhir.ndjson import NdjsonWriter

    def mapped(rid, status, ref=None):
        res = {"resourceType": "ActivityDefinition", "id": rid, "status": status}
        if ref:
            res["extension"] = [{"url": "http://example.org/x", "valueReference": {"reference": ref}}]
        return Mapped(f"urn:uuid:{rid}", res)

    w = NdjsonWriter(tmp_path)
    w.add([mapped("a", "active", "urn:uuid:b"), mapped("b", "active")])
    w.add([mapped("b", "active")])  # the same identity, the same content: written once
    w.add([mapped("b", "draft")])  # the same identity, other content: first kept, conflict noted
    assert all(isinstance(v, bytes) and len(v) == 16 for v in w._seen.values())
    assert w.finish() == ["ActivityDefinition.ndjson"]
    lines = (tmp_path / "ActivityDefinition.ndjson").read_text().splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["a", "b"]
    assert json.loads(lines[0])["extension"][0]["valueReference"]["reference"] == "ActivityDefinition/b"
    assert list(w.conflicts.values()) == ["ActivityDefinition/b differs between pages; the NDJSON keeps the first "
                                          "page's version (in bundles, the last one loaded wins on the server)"]


def _sometimes_hangs(paths):
    out = []
    for p in paths:
        if p.name == "hang.html":
            time.sleep(120)  # a page that never ends, as far as the batch can tell
        out.append(("none", [p.name]))
    return out


def test_a_page_that_overruns_its_time_fails_alone(tmp_path):
    paths = [tmp_path / f"p{i}.html" for i in range(20)]
    paths[5] = tmp_path / "hang.html"
    start = time.monotonic()
    got = list(batch._ordered_parallel(_sometimes_hangs, "convert", paths, 2, {}, page_timeout=0.5))
    assert time.monotonic() - start < 30  # not the 120 s the page would take
    assert len(got) == 20
    assert got[5].result.status == "failed"
    assert got[5].result.error == "the page took longer than 0.5 s to convert and was stopped (--page-timeout)"
    assert [g[1][0] for i, g in enumerate(got) if i != 5] == [p.name for i, p in enumerate(paths) if i != 5]


def test_a_serial_run_stops_an_overrunning_page_too(pages, tmp_path, monkeypatch):
    from regimen_fhir import pipeline

    real = batch.convert_page

    def slow_for_one(path, *args):
        if path.name == "regimen-00003.html":
            while True:  # Python code: the alarm interrupts it
                time.sleep(0.01)
        return real(path, *args)

    monkeypatch.setattr(batch, "convert_page", slow_for_one)
    files = pipeline.discover([pages])
    assert any(f.name == "regimen-00003.html" for f in files)
    options = pipeline.ConvertOptions(out_dir=tmp_path / "out", page_timeout=0.3)
    results = list(batch.Batch(files, options, jobs=1).run())
    failed = {Path(r.file).name: r.error for r in results if r.status == "failed"}
    assert failed["regimen-00003.html"] == "the page took longer than 0.3 s to convert and was stopped (--page-timeout)"
    assert sum(r.status == "converted" for r in results) == len(files) - 3  # empty.html, glossary.html, the slow one


def test_the_glossary_pass_skips_only_pages_that_cannot_hold_terms(sources, tmp_path):
    from regimen_fhir import parse
    from regimen_fhir.pipeline import glossary_pass, may_hold_glossary

    skipped = 0
    for page in sorted(sources.glob("*.html")):
        if not may_hold_glossary(page):
            skipped += 1
            assert glossary_pass(page) == ("none", [])
            try:
                assert parse.glossary_of(page)[1] == []
            except Exception:  # a page the converter refuses adds nothing either way
                pass
    assert skipped >= 20
    # near misses: each of these may hold terms, so it is parsed
    cases = {
        "upper.html": b"<html><body><DL><DT>Cure</DT><DD>No sign of the disease.</DD></DL></body></html>",
        "entity.html": b'<div class="modal &#103;lossary" id="x"><h4>Cure</h4><div class="modal-body">..</div></div>',
        "popup.html": b'<div class="modal" id="glossary-cure"><h4>Cure</h4><div class="modal-body">..</div></div>',
        "utf16.html": "<dl><dt>Cure</dt><dd>No sign.</dd></dl>".encode("utf-16"),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        assert may_hold_glossary(tmp_path / name), name
    (tmp_path / "plain.html").write_bytes(b"<html><body><h1>X</h1><p>Cisplatin 75 mg/m2 IV day 1.</p></body></html>")
    assert not may_hold_glossary(tmp_path / "plain.html")
    assert may_hold_glossary(tmp_path / "missing.html")  # unreadable: left to the parser, which reports it


_STOP_WHILE_SENDING = """
from pathlib import Path
from regimen_fhir import batch

def big(paths):  # results larger than a pipe holds: a worker is still sending when the batch is stopped
    return [("none", ["x" * 4_000_000]) for _ in paths]

for _ in range(4):
    run = batch._ordered_parallel(big, "glossary", [Path(f"p{i}.html") for i in range(64)], 2, {})
    next(run)
    run.close()  # as a signal stops a batch: the workers are killed mid-send
print("stopped")
"""


def test_a_batch_stopped_while_workers_send_results_still_exits(tmp_path):
    """A worker killed while sending a large result left half a message in the result pipe; the pool's manager thread
    waited for the rest forever and the interpreter waited for that thread at exit: a stopped batch never ended (3 runs
    in 4 hung before the fix). The limit is a hang detector, not a speed target: the run takes about a second."""
    proc = subprocess.run([sys.executable, "-c", _STOP_WHILE_SENDING], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "stopped"


def test_the_glossary_pass_and_the_page_read_agree_on_every_sources_page(sources):
    """The run's glossary pass adds exactly the terms the page's own read finds: a definition list that is the
    page's layout ('Schedule', 'Side effects' as its terms) is never a glossary in either pass. Before, the pass
    took gemox's layout list as terms, and every bundle of the run carried 'side-effects', 'schedule' ... in its
    glossary CodeSystem, with a glossary-conflict warning on every page."""
    from regimen_fhir import parse

    for page in sorted(sources.glob("*.html")):
        kind, terms = parse.glossary_of(page)
        model = parse.parse_file(page)
        own = getattr(model, "glossary", None) if kind == "regimen" else getattr(model, "terms", None)
        assert {t.key for t in terms} == {t.key for t in (own or [])}, page.name
    assert not {t.key for t in parse.glossary_of(sources / "gemox.html")[1]} & {"side-effects", "schedule"}
