"""Batch conversion benchmark: bare lxml parsing against the full convert command, side by side.

    .venv/bin/python benchmarks/bench.py                 # N = 100, 1,000, 10,000
    .venv/bin/python benchmarks/bench.py 1000 --jobs 2   # one size, a given number of workers
    .venv/bin/python benchmarks/bench.py --format ndjson # the same, writing NDJSON instead of bundles

For each N it builds a corpus of N regimen pages (copies of the pages in sources/, each with its
own title, so each is its own regimen) plus the glossary pages, then prints:
  - bare lxml parse time per page (lxml.html.document_fromstring on the bytes, in this process);
  - full convert time per page and pages/s: the `regimen-fhir convert` command, process start
    included (glossary pass, parse, map, validate, serialise, write, reports);
  - the ratio of the two;
  - peak RSS: the largest single process (getrusage), and sampled every 50 ms: the main process,
    the largest worker, the sum over the command's process tree;
  - where the time goes, per page, from the per-file timings of report.json.
Figures, not assertions: the targets (>= 300 pages/s at N = 1,000 on 2 cores, <= 20x bare parse,
memory flat in N) are read off this output.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from lxml import html

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
CLI = Path(sys.executable).with_name("regimen-fhir")
H1 = re.compile(rb"(<h1[^>]*>)(.*?)(</h1>)", re.S | re.I)
TITLE = re.compile(rb"(<title>)(.*?)(\||</title>)", re.S | re.I)


def templates(source: Path = SOURCES) -> tuple[list[tuple[str, bytes, object]], list[tuple[str, bytes]]]:
    """(regimen pages with a way to give each copy its own title, glossary pages) of sources/, as the
    converter itself classifies them."""
    from regimen_fhir import parse
    from regimen_fhir.model import Regimen

    regimens, glossaries = [], []
    for p in sorted(source.glob("*.html")):
        try:
            model = parse.parse_file(p)
        except Exception:  # not a regimen page (sources/ also holds such pages, on purpose)
            continue
        if isinstance(model, Regimen):
            regimens.append((p.stem, p.read_bytes(), _retitler(p, model.title)))
        else:
            glossaries.append((p.stem, p.read_bytes()))
    return regimens, glossaries


def _by_headings(data: bytes, tag: bytes) -> bytes:
    page = H1.sub(lambda m: m.group(1) + m.group(2) + tag + m.group(3), data, count=1)
    # at the front of <title>: pages without an h1 take their title from it, cut at a site separator
    return TITLE.sub(lambda m: m.group(1) + tag.strip() + b" " + m.group(2) + m.group(3), page, count=1)


def _retitler(path: Path, title: str):
    """How to give a copy of the page its own title, checked on the page: its <h1> and <title>, else the
    text the converter takes as the title (a Word title paragraph, a bold font line ...), in the page's bytes.
    Copies with the same title would be the same regimen (one canonical URL): the converter refuses them."""
    from regimen_fhir import parse

    data = path.read_bytes()
    candidates = [_by_headings]
    ascii_head = re.split(r"[^\x20-\x7e]", title, maxsplit=1)[0].strip()  # before an entity such as &reg;
    for text, enc in ((title, "utf-8"), (title, "cp1252"), (ascii_head, "ascii")):
        try:
            raw = text.encode(enc)
        except UnicodeEncodeError:
            continue
        at = data.find(raw) if raw else -1
        while at >= 0:  # after one of its occurrences (the converter may take it from a later one)
            end = at + len(raw)
            candidates.append(lambda d, tag, end=end: d[:end] + tag + d[end:])
            at = data.find(raw, end)
    with tempfile.TemporaryDirectory() as tmp:
        probe = Path(tmp) / path.name
        for retitle in candidates:
            probe.write_bytes(retitle(data, b" no. 99999"))
            try:
                if "99999" in (parse.parse_file(probe).title or ""):
                    return retitle
            except Exception:
                continue
    raise SystemExit(f"{path.name}: cannot give copies of this page their own title (title {title!r})")


def build_corpus(folder: Path, n: int, source: Path = SOURCES) -> None:
    folder.mkdir(parents=True)
    regimens, glossaries = templates(source)
    for stem, data in glossaries:
        (folder / f"{stem}.html").write_bytes(data)
    for i in range(n):
        stem, data, retitle = regimens[i % len(regimens)]
        (folder / f"{stem}-{i:05d}.html").write_bytes(retitle(data, f" no. {i}".encode()))


def bare_parse(folder: Path) -> float:
    datas = [p.read_bytes() for p in sorted(folder.glob("*.html"))]
    start = time.perf_counter()
    for d in datas:
        html.document_fromstring(d)
    return (time.perf_counter() - start) / len(datas)


def tree_rss_kib(root_pid: int) -> tuple[int, int, int]:
    """(sum of VmRSS over a process and its descendants, the process's own, the largest descendant's)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as fh:
                status = fh.read()
        except OSError:
            continue
        ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
        vm = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        parents[int(entry)] = int(ppid.group(1)) if ppid else 0
        rss[int(entry)] = int(vm.group(1)) if vm else 0
    total, todo, largest = 0, [root_pid], 0
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        if pid != root_pid:
            largest = max(largest, rss.get(pid, 0))
        todo.extend(c for c, p in parents.items() if p == pid)
    return total, rss.get(root_pid, 0), largest


def full_convert(folder: Path, out: Path, jobs: int | None, output_format: str = "bundle") -> dict:
    cmd = [str(CLI), "convert", str(folder), "--out", str(out), "--quiet", "--format", output_format]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    peak = {"tree": 0, "main": 0, "worker": 0}
    start = time.perf_counter()
    # stderr to a file, not a pipe: one line per failed page would fill a pipe nobody reads until
    # the end, and the command would block on it (it did, at N = 10,000)
    err_file = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err_file)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            tree, main, worker = tree_rss_kib(proc.pid)
            peak["tree"], peak["main"], peak["worker"] = (max(peak["tree"], tree), max(peak["main"], main),
                                                          max(peak["worker"], worker))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err_file.seek(0)
    err = err_file.read().decode("utf-8", "replace")
    err_file.close()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"convert failed ({proc.returncode}): {err[-2000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    stages: dict[str, float] = {}
    for f in report["files"]:
        for k, v in f["timings"].items():
            stages[k] = stages.get(k, 0.0) + v
    first = next((f"{Path(f['file']).name}: {f.get('error')}" for f in report["files"] if f.get("status") == "failed"), None)
    return {"seconds": seconds, "first_failure": first, "max_rss_kib": usage.ru_maxrss, "tree_rss_kib": peak["tree"],
            "main_rss_kib": peak["main"], "worker_rss_kib": peak["worker"],
            "summary": report["summary"], "stages": stages}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    ap.add_argument("--jobs", type=int, default=None, help="passed to convert (default: all cores)")
    ap.add_argument("--source", type=Path, default=SOURCES,
                    help="folder of template pages (default: sources/)")
    ap.add_argument("--keep", type=Path, default=None, help="build the corpora here and keep them")
    ap.add_argument("--format", dest="output_format", choices=["bundle", "ndjson"], default="bundle",
                    help="passed to convert (default: bundle)")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="regimen-fhir-bench-"))
    print(f"cores: {len(os.sched_getaffinity(0))}, jobs: {args.jobs or 'all cores'}, format: {args.output_format}, "
          f"python {sys.version.split()[0]}")
    head = (f"{'N':>7} {'bare parse':>11} {'convert':>9} {'pages/s':>8} {'ratio':>6} "
            f"{'max RSS':>8} {'main':>6} {'worker':>6} {'tree':>6}  where the time goes (ms/page, in the workers)")
    print(head)
    try:
        for n in args.sizes:
            folder = base / f"corpus-{n}"
            out = base / f"out-{n}"
            shutil.rmtree(folder, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
            build_corpus(folder, n, args.source)
            pages = n + sum(1 for p in folder.glob("*.html")) - n
            bare = bare_parse(folder)
            r = full_convert(folder, out, args.jobs, args.output_format)
            per_page = r["seconds"] / pages
            s = r["summary"]
            stages = " ".join(f"{k} {v / pages * 1e3:.2f}" for k, v in r["stages"].items())
            stages += f"; glossary pass {s.get('glossaryPassSeconds', 0) / pages * 1e3:.2f} (wall)"
            print(f"{n:>7} {bare * 1e3:>8.3f} ms {per_page * 1e3:>6.2f} ms {pages / r['seconds']:>8.1f} "
                  f"{per_page / bare:>5.0f}x {r['max_rss_kib'] / 1024:>5.0f} MB {r['main_rss_kib'] / 1024:>3.0f} MB "
                  f"{r['worker_rss_kib'] / 1024:>3.0f} MB {r['tree_rss_kib'] / 1024:>3.0f} MB  "
                  f"{stages}", flush=True)
            if s["failed"]:
                print(f"        ({s['failed']} page(s) failed, e.g. {r['first_failure']})")
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
