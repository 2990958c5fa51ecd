"""Coverage of the pages' terms, the `terms` command and the uncoded terms in the conversion report."""
from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from click.testing import CliRunner

from regimen_fhir import parse
from regimen_fhir.cli import main
from regimen_fhir.model import GlossaryPage
from regimen_fhir.pipeline import ConvertOptions, run
from regimen_fhir.terminology import SYSTEMS
from regimen_fhir.terminology.usage import coverage, term_uses


@pytest.fixture(scope="module")
def curated(sources, tmp_path_factory):
    """The sources/ pages the terminology tables were curated against (the inotuzumab page and the glossary).
    The parser-breadth pages in sources/ still have uncoded terms: `regimen-fhir terms sources --uncoded`."""
    folder = tmp_path_factory.mktemp("curated")
    for name in ("inotuzumab-ozogamicin.html", "glossary.html"):
        shutil.copy(sources / name, folder / name)
    return folder


def _uses(folder):
    out = []
    for page in sorted(folder.glob("*.html")):
        out += term_uses(parse.parse_file(page))
    return out


def _assert_coverage(uses):
    cov = coverage(uses)
    assert cov["drug"].terms and cov["drug"].coded == cov["drug"].terms, cov["drug"].uncoded
    assert cov["side effect"].terms >= 20 and cov["side effect"].percent >= 90.0, cov["side effect"].uncoded
    assert cov["lab"].terms and cov["lab"].coded == cov["lab"].terms, cov["lab"].uncoded
    assert cov["unit"].terms and cov["unit"].coded == cov["unit"].terms, cov["unit"].uncoded
    assert cov["route"].coded == cov["route"].terms
    assert cov["indication"].coded == cov["indication"].terms
    # every drug has an RxNorm code, except where RxNorm's was not confirmed (then NCIt)
    for u in uses:
        if u.kind == "drug":
            assert u.primary.system in (SYSTEMS["rxnorm"], SYSTEMS["ncit"]), u.text
        if u.kind == "lab":
            assert u.primary.system == SYSTEMS["loinc"], u.text
        if u.kind == "unit":
            assert u.primary.system == SYSTEMS["ucum"], u.text


def test_sources_coverage(curated):
    uses = _uses(curated)
    _assert_coverage(uses)
    drugs = {u.primary.code for u in uses if u.kind == "drug"}
    assert "1942950" in drugs  # inotuzumab ozogamicin, RxNorm


def test_fixture_coverage(shared_fixtures):
    uses = _uses(shared_fixtures)
    _assert_coverage(uses)
    by_text = {u.text: u for u in uses}
    assert by_text["inotuzumab ozogamicin"].primary.code == "1942950"
    assert by_text["Neutropenic fever"].primary.code == "409089005"
    assert by_text["Fever"].primary.code == "386661006"
    assert by_text["Severe liver injury [veno-occlusive disease]"].primary.code == "65617004"
    assert by_text["Fluid accumulation in arms or legs"].primary.code == "424372002"


def test_glossary_page_terms(shared_fixtures):
    model = parse.parse_file(shared_fixtures / "glossary.html")
    assert isinstance(model, GlossaryPage)
    labs = {u.text: u.primary.code for u in term_uses(model) if u.kind == "lab"}
    assert labs["BUN (blood urea nitrogen)"] == "3094-0" and labs["Alk Phos"] == "6768-6"
    assert len(labs) == 17  # CBC's 3 and CMP's 14 component tests


def _page(tmp_path, sources, replace: dict[str, str]):
    text = (sources / "inotuzumab-ozogamicin.html").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    (tmp_path / "page.html").write_text(text, encoding="utf-8")
    return tmp_path / "page.html"


def test_terms_command_formats(curated):
    sources = curated
    runner = CliRunner()
    table = runner.invoke(main, ["terms", str(sources)])
    assert table.exit_code == 0, table.output
    assert "inotuzumab ozogamicin" in table.output and "1942950" in table.output
    assert "side effect: 25/25 coded (100.0%)" in table.output

    as_csv = runner.invoke(main, ["terms", str(sources), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert rows[0].keys() == {"kind", "term", "system", "code", "display", "pages"}
    units = {r["term"]: r["code"] for r in rows if r["kind"] == "unit"}
    assert units["mg/m2"] == "mg/m2" and units["min"] == "min"

    as_json = json.loads(runner.invoke(main, ["terms", str(sources), "--format", "json"]).output)
    assert as_json["coverage"]["drug"]["percent"] == 100.0
    inotuzumab = next(t for t in as_json["terms"] if t["term"] == "inotuzumab ozogamicin")
    assert [c["code"] for c in inotuzumab["codes"]] == ["1942950", "L01FB01"]
    assert all(c["source"] for c in inotuzumab["codes"])


def test_terms_uncoded_lists_what_is_left(tmp_path, sources, curated):
    page = _page(tmp_path, sources, {"Shivering [chills]": "Goosebumps [piloerection]"})
    runner = CliRunner()
    result = runner.invoke(main, ["terms", str(page), "--uncoded", "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert [(t["kind"], t["term"], t["code"]) for t in out["terms"]] == \
        [("side effect", "Goosebumps [piloerection]", "")]
    assert out["coverage"]["side effect"]["uncoded"] == ["Goosebumps [piloerection]"]
    table = runner.invoke(main, ["terms", str(curated), "--uncoded"])
    assert "(no terms to list)" in table.output


def test_terms_bad_input(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["terms", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    (tmp_path / "junk.html").write_text("<html><body><p>Nothing here.</p></body></html>", encoding="utf-8")
    junk = runner.invoke(main, ["terms", str(tmp_path)])
    assert junk.exit_code == 1
    assert "junk.html" in junk.output and "Traceback" not in junk.output


def test_report_lists_uncoded_terms(tmp_path, sources):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(sources / "glossary.html", src / "glossary.html")
    _page(src, sources, {"Shivering [chills]": "Goosebumps [piloerection]"})
    results = run([src], ConvertOptions(out_dir=tmp_path / "out"))
    page = next(r for r in results if r.file.endswith("page.html"))
    assert page.status == "converted", page.error
    uncoded = [w for w in page.warnings if w["code"] == "uncoded-term"]
    assert len(uncoded) == 1 and "Goosebumps [piloerection]" in uncoded[0]["message"]
    assert "section" in uncoded[0]["location"]


def test_sources_convert_without_uncoded_terms(tmp_path, curated):
    results = run([curated], ConvertOptions(out_dir=tmp_path / "out"))
    assert all(r.status in ("converted", "glossary") for r in results)
    assert not [w for r in results for w in r.warnings if w["code"] == "uncoded-term"]
