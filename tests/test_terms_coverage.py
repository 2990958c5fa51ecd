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
    """The two pages the first tables were curated against (the inotuzumab page and the glossary): the
    command-format and report tests below read them because their figures are small and known."""
    folder = tmp_path_factory.mktemp("curated")
    for name in ("inotuzumab-ozogamicin.html", "glossary.html"):
        shutil.copy(sources / name, folder / name)
    return folder


def _uses(folder):
    out = []
    for page in sorted(folder.glob("*.html")):
        out += term_uses(parse.parse_file(page))
    return out


# Drugs of sources/ that no public source confirmed a code for (see the closing note of issue 5): none left.
# The done-when is every drug coded: a drug here would be a known gap, and a new uncoded drug fails the test.
DRUGS_WITHOUT_A_CONFIRMED_CODE: frozenset[str] = frozenset()


def _assert_coverage(uses, known_uncoded_drugs=frozenset()):
    """The done-when of issue 5: every drug coded (RxNorm, or ATC/NCIt where RxNorm's was not confirmed),
    at least 90 % of side effects SNOMED CT-coded, every lab LOINC, every unit UCUM (and every route)."""
    cov = coverage(uses)
    assert cov["drug"].terms and set(cov["drug"].uncoded) <= set(known_uncoded_drugs), cov["drug"].uncoded
    # the exact ratio: the rounded percentage let 341 of 379 (89.97 %) pass as 90.0
    assert cov["side effect"].terms >= 20 and cov["side effect"].coded >= 0.9 * cov["side effect"].terms, \
        cov["side effect"].uncoded
    assert cov["lab"].terms and cov["lab"].coded == cov["lab"].terms, cov["lab"].uncoded
    assert cov["unit"].terms and cov["unit"].coded == cov["unit"].terms, cov["unit"].uncoded
    assert cov["route"].coded == cov["route"].terms, cov["route"].uncoded
    for u in uses:
        if u.kind == "drug" and u.codes:
            assert u.primary.system in (SYSTEMS["rxnorm"], SYSTEMS["ncit"], SYSTEMS["atc"]), u.text
        if u.kind == "lab":
            assert u.primary.system == SYSTEMS["loinc"], u.text
        if u.kind == "unit":
            assert u.primary.system == SYSTEMS["ucum"], u.text
    return cov


def test_curated_pages_are_fully_coded(curated):
    cov = _assert_coverage(_uses(curated))
    assert cov["side effect"].coded == cov["side effect"].terms and cov["indication"].coded == cov["indication"].terms


def test_sources_coverage(sources):
    """Every page in sources/ (the held-out parser-breadth pages too, with no exclusion list)."""
    uses = _uses(sources)
    pages = {u.location.file for u in uses if u.location}
    assert len(pages) == len(list(sources.glob("*.html"))), "expected every sources/ page to be read"
    cov = _assert_coverage(uses, DRUGS_WITHOUT_A_CONFIRMED_CODE)
    assert cov["indication"].coded >= 14, cov["indication"].uncoded
    drugs = {u.text: u.primary.code for u in uses if u.kind == "drug" and u.codes}
    assert drugs["inotuzumab ozogamicin"] == "1942950"  # RxNorm
    assert drugs["dacarbazine"] == "3098" and drugs["pembrolizumab"] == "1547545"
    assert drugs["pegaspargase"] == "C1200"  # NCIt: RxNorm's code was not confirmed
    assert drugs["cabazitaxel"] == "C66937"  # NCIt: RxNorm's code was not confirmed
    assert drugs["nab-paclitaxel"] == "C2688"  # NCIt: public code disagrees on RxNorm's
    assert drugs["daunorubicin"] == "3109"  # RxNorm, with NCIt C62091 and ATC L01DB02 beside it


def test_sources_and_fixture_together(sources, shared_fixtures):
    """The done-when counts distinct terms over sources/ and the shared fixture as one set."""
    _assert_coverage(_uses(sources) + _uses(shared_fixtures), DRUGS_WITHOUT_A_CONFIRMED_CODE)


def test_fixture_coverage(shared_fixtures):
    uses = _uses(shared_fixtures)
    cov = _assert_coverage(uses)
    assert cov["indication"].coded == cov["indication"].terms
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
