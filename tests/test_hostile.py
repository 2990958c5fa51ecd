"""The hostile corpus: one case per kind of untrusted input, each with its exact outcome
(message, exit code, files present and absent). The corpus is built per run by hostile_corpus
(derived from the shipped page, plus the small static cases in tests/hostile/); the big ones
(tens of MB, 100,000 levels) are generated here."""
from __future__ import annotations

import json
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

import corpus
import hostile_corpus
from helpers import convert, load, resources

HOSTILE: Path  # the built corpus folder, set once per module by _corpus


@pytest.fixture(autouse=True, scope="module")
def _corpus(tmp_path_factory):
    global HOSTILE
    HOSTILE = hostile_corpus.build(tmp_path_factory.mktemp("hostile"))
CLI = [sys.executable, "-c", "from regimen_fhir.cli import main; main()"]


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, "convert", *args], capture_output=True, text=True, timeout=timeout)


def shown(path: Path) -> str:
    """A path as the CLI prints it (relative to the working folder when inside it)."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def one(name: str, out: Path, *extra: str):
    result = convert([HOSTILE / name], out, "--jobs", "1", *extra)
    report = load(out / "report.json")
    assert len(report["files"]) == 1
    return result, report["files"][0]


def outputs(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def assert_failed(name: str, tmp_path: Path, kind: str, message: str) -> None:
    result, entry = one(name, tmp_path)
    assert result.exit_code == 1
    assert (entry["kind"], entry["status"], entry["error"]) == (kind, "failed", message)
    assert result.stderr.splitlines()[0] == f"{shown(HOSTILE / name)}: {message}"
    assert "Traceback" not in result.output
    assert outputs(tmp_path) == ["report.html", "report.json"]


# ---- unreadable and not-a-regimen pages -------------------------------------------------------------------

def test_empty_file(tmp_path):
    assert_failed("empty.html", tmp_path, "unreadable", "the file is empty")


def test_blank_file(tmp_path):
    assert_failed("blank.html", tmp_path, "unreadable", "the file is empty")


def test_binary_file(tmp_path):
    assert_failed("binary.html", tmp_path, "unreadable", "the file is binary, not an HTML page")


def test_truncated_before_the_schedule(tmp_path):
    assert_failed("truncated-early.html", tmp_path, "not-regimen",
                  "not a regimen page: no dose schedule and no glossary terms found")


def test_truncated_in_the_glossary_keeps_what_is_there(tmp_path):
    result, entry = one("truncated-late.html", tmp_path)
    assert result.exit_code == 0 and entry["status"] == "converted"
    bundle = load(tmp_path / "truncated-late.json")
    plan = resources(bundle, "PlanDefinition")[0]
    assert plan["title"] == "Inotuzumab Ozogamicin (Besponsa®), truncated copy"
    assert len(resources(bundle, "ClinicalUseDefinition")) == 31


def test_not_a_regimen_page(tmp_path):
    assert_failed("not-regimen.html", tmp_path, "not-regimen",
                  "not a regimen page: no dose schedule and no glossary terms found")


@pytest.mark.parametrize("name, title", [
    ("windows-1252.html", 'Inotuzumab Ozogamicin (Besponsa®) – "INO"'),
    ("latin-1.html", "Inotuzumab Ozogamicin (Besponsa®) für Ärzte"),
])
def test_legacy_encodings_without_a_charset(tmp_path, name, title):
    data = (HOSTILE / name).read_bytes()
    assert b"charset" not in data and b"\xae" in data  # ® as one byte: not UTF-8
    result, entry = one(name, tmp_path)
    assert result.exit_code == 0 and entry["status"] == "converted"
    plan = resources(load(tmp_path / name.replace(".html", ".json")), "PlanDefinition")[0]
    assert plan["title"] == title
    assert "\ufffd" not in (tmp_path / name.replace(".html", ".json")).read_text(encoding="utf-8")


# ---- injection ------------------------------------------------------------------------------------------

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "link", "img", "svg", "a", "form", "base", "meta"}


def narratives(bundle: dict) -> list[str]:
    return [e["resource"]["text"]["div"] for e in bundle["entry"] if "text" in e["resource"]]


def test_injection_is_text_never_markup(tmp_path):
    result, entry = one("injection.html", tmp_path)
    assert result.exit_code == 0 and entry["status"] == "converted"
    raw = (tmp_path / "injection.json").read_text(encoding="utf-8")
    bundle = json.loads(raw)
    plan = resources(bundle, "PlanDefinition")[0]
    # What the page shows as text stays text (title), what it runs is gone.
    assert plan["title"] == "Inotuzumab Ozogamicin <script>alert(1)</script> <img src=x onerror=alert(3)>"
    for n in (2, 5, 6, 7, 8, 9, 10, 11):
        assert f"alert({n})" not in raw, n
    assert "javascript:" not in raw.replace('href=\\"javascript:alert(12)\\"', "")
    # FHIR narrative rules: XHTML, a fixed set of elements, no attributes from the page, no active content.
    divs = narratives(bundle)
    assert divs
    for div in divs:
        root = etree.fromstring(div)
        assert root.tag == "{http://www.w3.org/1999/xhtml}div"
        for el in root.iter():
            local = etree.QName(el).localname
            assert local not in FORBIDDEN_TAGS
            assert not [a for a in el.attrib if a.lower().startswith("on") or a in ("href", "src", "style")]
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in d for d in divs)


def test_injection_is_escaped_in_the_html_report(tmp_path):
    one("injection.html", tmp_path)
    (tmp_path / "evil").mkdir()
    bad = tmp_path / "evil" / "<img src=x onerror=alert(13)>.html"
    bad.write_text("<p>no regimen here</p>")
    convert([HOSTILE / "injection.html", bad], tmp_path / "out", "--jobs", "1")
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    doc = etree.HTML(page)
    assert not doc.xpath("//script | //img | //iframe | //object | //embed | //link | //base | //form")
    assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.lower().startswith("on")]
    assert "&lt;img src=x onerror=alert(13)&gt;.html" in page
    assert doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0].startswith("default-src 'none';")


# ---- size, depth, entities, network -------------------------------------------------------------------

def test_huge_page_is_refused_before_reading(tmp_path):
    big = tmp_path / "in" / "huge.html"
    big.parent.mkdir()
    with big.open("wb") as fh:
        fh.write(b"<html><body>")
        chunk = b"<p>" + b"x" * 1020 + b"</p>"
        for _ in range(30 * 1024):  # 30 MB
            fh.write(chunk)
    size = big.stat().st_size
    proc = run_cli(str(big), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == f"{big}: the file is {size:,} bytes, over the limit of 8,388,608"
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 400 * 1024  # KiB: never read in whole


def test_page_with_too_many_elements_is_refused(tmp_path):
    """180,000 list items (7 MB): refused with the element limit, quickly and in bounded memory."""
    items = "".join(f"<li>Odd feeling number {i} ({i % 50 + 1}%)</li>" for i in range(180_000))
    path = tmp_path / "in" / "many.html"
    path.parent.mkdir()
    path.write_text(corpus.page_text().replace("<li>Too few red cells [anemia] (30%)</li>", items), encoding="utf-8")
    assert 6_000_000 < path.stat().st_size < 8_388_608
    proc = run_cli(str(path), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == f"{path}: the page has 180,176 elements, over the limit of 20,000"
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1000 * 1024


def test_big_page_under_the_limits_converts(tmp_path):
    """Close to the size limit in long prose: converted, in bounded memory."""
    prose = "<p>" + "The infusion nurse checks the line and the pump settings again. " * 400 + "</p>\n"
    page = corpus.page_text().replace("<h2>How it works</h2>", "<h2>How it works</h2>" + prose * 300)
    path = tmp_path / "in" / "long.html"
    path.parent.mkdir()
    path.write_text(page, encoding="utf-8")
    assert 7_000_000 < path.stat().st_size < 8_388_608
    proc = run_cli(str(path), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert load(tmp_path / "out" / "report.json")["files"][0]["status"] == "converted"
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1000 * 1024


def test_100000_levels_of_nesting(tmp_path):
    path = tmp_path / "in" / "deep.html"
    path.parent.mkdir()
    path.write_text("<html><body>" + "<div>" * 100_000 + "0.5 mg/m2 IV on day 1" + "</div>" * 100_000 + "</body></html>")
    proc = run_cli(str(path), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == f"{path}: markup nested deeper than 255 levels"
    assert "RecursionError" not in proc.stderr and "Traceback" not in proc.stderr
    assert outputs(tmp_path / "out") == ["report.html", "report.json"]


def test_billion_laughs_is_never_expanded(tmp_path):
    result, entry = one("billion-laughs.html", tmp_path)
    assert result.exit_code == 0 and entry["status"] == "converted"
    out = tmp_path / "billion-laughs.json"
    assert out.stat().st_size < 400_000
    assert "lollol" not in out.read_text(encoding="utf-8")
    assert resources(load(out), "PlanDefinition")[0]["title"] == "Inotuzumab Ozogamicin laughs &lol9;"


def test_external_entities_are_never_fetched(tmp_path):
    """XXE and every other external reference of the page: no file read, no connection made."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.setblocking(False)
    port = server.getsockname()[1]
    page = (HOSTILE / "xxe.html").read_text(encoding="utf-8").replace("127.0.0.1:9/", f"127.0.0.1:{port}/")
    path = tmp_path / "in" / "xxe.html"
    path.parent.mkdir()
    path.write_text(page, encoding="utf-8")
    try:
        proc = run_cli(str(path), "--out", str(tmp_path / "out"), "--jobs", "1")
        with pytest.raises(BlockingIOError):
            server.accept()
    finally:
        server.close()
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "out" / "xxe.json").read_text(encoding="utf-8")
    assert "root:" not in text
    plan = resources(json.loads(text), "PlanDefinition")[0]
    assert plan["title"] == "Inotuzumab Ozogamicin external &xxe; &net;"


# ---- output names and conflicts -------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("con.html", "con-page.json"),
    ("report.html", "report-page.json"),
    ("LPT1.tar.html", "LPT1-page.tar.json"),
    (".hidden.html", "hidden.json"),
    ("..html", "page.json"),
    ("a b;rm -rf $HOME.html", "a-b-rm--rf-HOME.json"),
    ("new\nline.html", "new-line.json"),
    ("x" * 250 + ".html", "x" * 120 + ".json"),
])
def test_output_names_come_from_a_safe_slug_of_the_file_name(tmp_path, name, expected):
    src = tmp_path / "in" / name
    src.parent.mkdir()
    src.write_text(corpus.variant(1), encoding="utf-8")
    out = tmp_path / "out"
    result = convert([src], out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert outputs(out) == sorted([expected, "report.html", "report.json"])
    assert load(out / "report.json")["files"][0]["output"] == expected


def test_page_content_never_names_a_file(tmp_path):
    text = corpus.page_text().replace(corpus.TITLE, "../../../../tmp/escaped")
    src = tmp_path / "in" / "plain.html"
    src.parent.mkdir()
    src.write_text(text.replace("<title>", "<title>/etc/passwd "), encoding="utf-8")
    before = set(tmp_path.rglob("*"))
    result = convert([src], tmp_path / "out" / "deeper", "--jobs", "1")
    assert result.exit_code == 0
    assert set(tmp_path.rglob("*")) - before == {tmp_path / "out", tmp_path / "out" / "deeper",
                                                 *(tmp_path / "out" / "deeper" / n
                                                   for n in ("plain.json", "report.json", "report.html"))}
    assert resources(load(tmp_path / "out" / "deeper" / "plain.json"), "PlanDefinition")[0]["title"] == \
        "../../../../tmp/escaped"


def test_a_symlink_in_the_output_folder_is_replaced_not_followed(tmp_path):
    outside = tmp_path / "outside.json"
    outside.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / "page.json").symlink_to(outside)
    src = tmp_path / "in" / "page.html"
    src.parent.mkdir()
    src.write_text(corpus.variant(2), encoding="utf-8")
    assert convert([src], out, "--jobs", "1").exit_code == 0
    assert outside.read_text() == "precious"
    assert not (out / "page.json").is_symlink() and load(out / "page.json")["resourceType"] == "Bundle"


def test_two_pages_with_the_same_output_name(tmp_path):
    for folder, i in (("a", 1), ("b", 2)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.html").write_text(corpus.variant(i), encoding="utf-8")
    first = (tmp_path / "a" / "x.html").read_text()
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = convert([tmp_path / "a", tmp_path / "b"], out, "--jobs", jobs)
        assert result.exit_code == 1
        line = f"{tmp_path / 'b' / 'x.html'}: output name x.json is already used by {tmp_path / 'a' / 'x.html'}; rename one of the pages"
        assert line in result.stderr.splitlines()
        assert outputs(out) == ["report.html", "report.json", "x.json"]
        assert "variant 1" in resources(load(out / "x.json"), "PlanDefinition")[0]["title"]
    assert first == (tmp_path / "a" / "x.html").read_text()


def test_two_pages_with_the_same_canonical_url(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("first.html", "second.html"):
        (tmp_path / "in" / name).write_text(corpus.variant(7), encoding="utf-8")
    result = convert([tmp_path / "in"], tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    url = "http://regimen-fhir.example.org/fhir/PlanDefinition/inotuzumab-ozogamicin-besponsa-variant-7"
    assert (f"{tmp_path / 'in' / 'second.html'}: canonical URL {url} is already defined by "
            f"{tmp_path / 'in' / 'first.html'}; the pages give the same regimen title") in result.stderr.splitlines()
    assert outputs(tmp_path / "out") == ["first.json", "report.html", "report.json"]


# ---- runs that are killed -------------------------------------------------------------------------------

def start_run(pages: Path, out: Path, jobs: str = "2") -> subprocess.Popen:
    return subprocess.Popen([*CLI, "convert", str(pages), "--out", str(out), "--jobs", jobs],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_outputs(out: Path, proc: subprocess.Popen, n: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for p in out.iterdir() if p.name.startswith("regimen-")) >= n:
            return
        time.sleep(0.01)
    pytest.fail("the run produced no output before it ended")


def assert_only_complete_files(out: Path) -> list[str]:
    names = outputs(out)
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")], names
    for n in names:
        assert load(out / n)["resourceType"] == "Bundle"  # every file there is whole JSON
    return names


@pytest.fixture(scope="module")
def batch_of_pages(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("batch") / "pages"
    corpus.build(folder, 120)
    return folder


@pytest.mark.parametrize("sig, code, word, jobs", [(signal.SIGINT, 130, "SIGINT", "2"),
                                                   (signal.SIGTERM, 143, "SIGTERM", "2"),
                                                   (signal.SIGINT, 130, "SIGINT", "1")])
def test_interrupted_run_stops_cleanly(batch_of_pages, tmp_path, sig, code, word, jobs):
    out = tmp_path / "out"
    proc = start_run(batch_of_pages, out, jobs)
    wait_for_outputs(out, proc, 3)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"regimen-fhir: interrupted by {word}: ") and "run the same command again" in last
    names = assert_only_complete_files(out)
    assert 3 <= len(names) < 121 and "report.json" not in names


def test_killed_run_leaves_complete_files_and_a_second_run_completes(batch_of_pages, tmp_path):
    out = tmp_path / "out"
    proc = start_run(batch_of_pages, out)
    wait_for_outputs(out, proc, 5)
    proc.kill()
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    time.sleep(0.3)  # workers die with their parent (PR_SET_PDEATHSIG)
    names = assert_only_complete_files(out)
    assert 5 <= len(names) < 121
    again = run_cli(str(batch_of_pages), "--out", str(out), "--quiet")
    assert again.returncode == 0, again.stderr
    assert again.stderr == ""
    names = assert_only_complete_files_and_reports(out)
    assert len([n for n in names if n.startswith("regimen-")]) == 120


def assert_only_complete_files_and_reports(out: Path) -> list[str]:
    names = outputs(out)
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")]
    for n in names:
        if n.endswith(".json"):
            json.loads((out / n).read_text(encoding="utf-8"))
    assert "report.html" in names and "report.json" in names
    return names


def test_stale_temp_files_of_a_killed_run_are_swept(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".rf-x.json.1a2b3c4d.tmp").write_text("{half")
    (out / ".keep-me.tmp").write_text("not ours")
    src = tmp_path / "in" / "x.html"
    src.parent.mkdir()
    src.write_text(corpus.variant(3), encoding="utf-8")
    assert convert([src], out, "--jobs", "1").exit_code == 0
    assert outputs(out) == [".keep-me.tmp", "report.html", "report.json", "x.json"]


def test_exit_codes_and_usage_errors(tmp_path):
    proc = run_cli(str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and proc.stderr == f"regimen-fhir: {tmp_path / 'missing'}: no such file or folder\n"
    proc = run_cli(str(HOSTILE / "empty.html"), "--out", str(tmp_path / "out"), "--jobs", "0")
    assert proc.returncode == 2 and "Invalid value for '--jobs' / '-j'" in proc.stderr
    (tmp_path / "file").write_text("x")
    proc = run_cli(str(HOSTILE / "empty.html"), "--out", str(tmp_path / "file" / "sub"))
    assert proc.returncode == 2 and proc.stderr.startswith("regimen-fhir: cannot create the output folder")
    proc = run_cli("/dev/zero", "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and proc.stderr == "regimen-fhir: /dev/zero: not a regular file or folder\n"
    assert "Traceback" not in proc.stderr


def test_the_whole_hostile_folder_in_parallel(tmp_path):
    """Every static case at once, across worker processes: the same outcomes as one by one."""
    proc = run_cli(str(HOSTILE), "--out", str(tmp_path / "out"), "--jobs", "2")
    assert proc.returncode == 1
    report = load(tmp_path / "out" / "report.json")
    status = {Path(f["file"]).name: f["status"] for f in report["files"]}
    assert status == {
        "billion-laughs.html": "converted", "binary.html": "failed", "blank.html": "failed",
        "empty.html": "failed", "injection.html": "converted", "latin-1.html": "converted",
        "not-regimen.html": "failed", "truncated-early.html": "failed", "truncated-late.html": "converted",
        "windows-1252.html": "converted", "xxe.html": "converted",
    }
    failures = [line for line in proc.stderr.splitlines() if ".html: " in line]
    assert len(failures) == 5 and "Traceback" not in proc.stderr
