"""The HTML report in a real browser (Debian's chromium, headless; `make setup` installs it):
hostile text from pages and file names is shown as text, never run or turned into markup."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html

from chromium import FLAGS, chromium_path, screenshot
import hostile_corpus
from helpers import convert, load

EVIL_NAME = "<img src=x onerror=\"document.title='PWNED'\"><svg onload=alert(1)>&amp;.html"  # no '/' in a name


def dump_dom(page: Path, profile: Path) -> str:
    proc = subprocess.run([chromium_path(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    corpus = hostile_corpus.build(tmp / "corpus")
    pages = tmp / "in"
    pages.mkdir()
    for name in ("injection.html", "empty.html", "not-regimen.html", "windows-1252.html"):
        shutil.copy(corpus / name, pages)
    (pages / EVIL_NAME).write_text("<p>nothing to see</p>")
    out = tmp / "out"
    result = convert([pages], out, "--jobs", "1")
    assert result.exit_code == 1
    dom = dump_dom(out / "report.html", tmp / "profile")
    return html.document_fromstring(dom), load(out / "report.json"), out / "report.html"


def test_report_renders_with_every_file(rendered):
    doc, report, _ = rendered
    assert doc.findtext(".//title") == "regimen-fhir conversion report"  # no script rewrote it
    rows = doc.xpath("//table[@id='files-table']/tbody/tr")
    assert len(rows) == len(report["files"]) == 5
    for row, entry in zip(rows, report["files"], strict=True):
        assert row[0].xpath("code")[0].text_content() == entry["file"]
        assert row[0].text_content() == entry["file"] + (entry["title"] or "")
        assert row[1].text_content() == entry["status"]
    summary = {r[0].text_content(): r[1].text_content() for r in doc.xpath("//table[@id='summary']//tr")}
    assert summary["Files"] == "5" and summary["Converted"] == "2" and summary["Failed"] == "3"


def test_failures_are_listed_with_their_reason(rendered):
    doc, _, _ = rendered
    items = [li.text_content() for li in doc.xpath("//h2[@id='failures']/following-sibling::ul[1]/li")]
    assert any(i.endswith("empty.html: the file is empty") for i in items)
    assert any("not-regimen.html: not a regimen page" in i for i in items)
    assert any(EVIL_NAME in i for i in items)


def test_hostile_text_stays_text_in_the_browser(rendered):
    doc, _, _ = rendered
    body = doc.find("body")
    assert not body.xpath(".//script | .//img | .//iframe | .//object | .//embed | .//svg | .//a | .//form")
    assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib
                if a.lower().startswith("on") or a in ("src", "href", "action", "formaction")]
    text = body.text_content()
    assert EVIL_NAME in text
    assert "Inotuzumab Ozogamicin <script>alert(1)</script> <img src=x onerror=alert(3)>" in text


def test_report_is_self_contained(rendered):
    doc, _, _ = rendered
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
    assert csp and csp[0].startswith("default-src 'none';")
    assert not doc.xpath("//link | //script | //base")
    styles = "".join(s.text_content() for s in doc.xpath("//style"))
    assert "url(" not in styles and "@import" not in styles


def test_failures_are_shown_in_red(rendered):
    """The page as a reader sees it: the failed statuses and messages are painted in the report's red."""
    _, _, page = rendered
    img = screenshot(page, 1100, 900)
    red = sum(1 for r, g, b in img.get_flattened_data() if r > 150 and g < 60 and b < 70)
    assert red > 200  # three failures, each a status cell and a message in #b00020
