"""Delivery: transaction bundles, R5 from the same model, NDJSON, narratives, deterministic bytes."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from delivery_helpers import bundles, convert, walk
from regimen_fhir.cli import main
from regimen_fhir.map import narrative as N

PAGE = "inotuzumab-ozogamicin.html"
UUID = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def _pages(folder: Path) -> list[Path]:
    return [folder / "glossary.html", folder / PAGE]


@pytest.fixture(scope="module", params=["sources", "fixture"])
def pages(request, sources) -> list[Path]:
    if request.param == "fixture":
        return _pages(request.getfixturevalue("shared_fixtures"))
    return _pages(sources)


@pytest.fixture(scope="module")
def second_regimen(tmp_path_factory, sources) -> Path:
    """Another regimen page of the same site: the sources page under another name and title."""
    folder = tmp_path_factory.mktemp("two")
    (folder / "glossary.html").write_bytes((sources / "glossary.html").read_bytes())
    (folder / PAGE).write_bytes((sources / PAGE).read_bytes())
    text = (sources / PAGE).read_text(encoding="utf-8")
    text = text.replace("Inotuzumab Ozogamicin (Besponsa&reg;)", "Inotuzumab Ozogamicin Monotherapy (Besponsa&reg;)")
    (folder / "inotuzumab-monotherapy.html").write_text(text, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- transaction bundles

@pytest.fixture(scope="module")
def transaction(tmp_path_factory, sources) -> dict:
    out = tmp_path_factory.mktemp("tx")
    report = convert(_pages(sources), out)
    assert report["bundleType"] == "transaction"  # the default
    return bundles(out)[PAGE.replace(".html", ".json")]


def test_every_entry_has_a_stable_uuid_fullurl_and_a_put(transaction):
    entries = transaction["entry"]
    assert transaction["type"] == "transaction"
    assert all(UUID.match(e["fullUrl"]) for e in entries)
    assert len({e["fullUrl"] for e in entries}) == len(entries)
    assert all(e["request"]["method"] == "PUT" for e in entries)
    assert len({e["request"]["url"] for e in entries}) == len(entries)


def test_requests_are_conditional_on_identity(transaction):
    by_type: dict[str, list[dict]] = {}
    for e in transaction["entry"]:
        by_type.setdefault(e["resource"]["resourceType"], []).append(e)
    for t in ("PlanDefinition", "ActivityDefinition", "CodeSystem"):
        for e in by_type[t]:
            r = e["resource"]
            assert e["request"]["url"] == f"{t}?url={r['url']}&version={r['version']}"
    (mk,) = by_type["MedicationKnowledge"]
    coding = mk["resource"]["code"]["coding"][0]
    (tag,) = mk["resource"]["meta"]["tag"]
    assert tag["code"] == "inotuzumab-ozogamicin-besponsa"  # one copy per regimen and drug
    assert mk["request"]["url"] == (f"MedicationKnowledge?code={coding['system']}|{coding['code']}"
                                    f"&_tag={tag['system']}|{tag['code']}")
    for e in by_type["ClinicalUseDefinition"]:
        ident = e["resource"]["identifier"][0]
        assert e["request"]["url"] == f"ClinicalUseDefinition?identifier={ident['system']}|{ident['value']}"
    (prov,) = by_type["Provenance"]
    assert prov["request"]["url"] == f"Provenance/{prov['resource']['id']}"
    # a conditionally PUT resource carries no client id (the server keeps or assigns its own)
    for e in transaction["entry"]:
        assert ("id" in e["resource"]) == ("?" not in e["request"]["url"])


def test_references_inside_the_bundle_use_fullurls(transaction):
    full_urls = {e["fullUrl"] for e in transaction["entry"]}
    canonicals = {f"{e['resource']['url']}|{e['resource']['version']}" for e in transaction["entry"] if "url" in e["resource"]}
    refs = [(p, v) for p, k, v in walk(transaction) if k == "reference"]
    assert refs
    for path, ref in refs:
        assert ref in full_urls, f"{path}: {ref} is not an entry of the bundle"
    for path, key, value in walk(transaction):
        if key == "definitionCanonical":
            assert value in canonicals, f"{path}: {value}"


def test_a_repeated_request_in_a_transaction_is_an_error(transaction):
    from regimen_fhir.bundle import check_bundle

    assert check_bundle(transaction) == []
    broken = {**transaction, "entry": transaction["entry"] + [{**transaction["entry"][1], "fullUrl": "urn:uuid:x"}]}
    issues = check_bundle(broken)
    assert len(issues) == 2 and all(i.code == "duplicate" for i in issues)
    no_request = {**transaction, "entry": [{k: v for k, v in transaction["entry"][0].items() if k != "request"}]}
    assert [i.code for i in check_bundle(no_request)] == ["required"]


def test_fullurls_are_the_same_in_collection_and_transaction(tmp_path, sources, transaction):
    convert(_pages(sources), tmp_path, "--bundle-type", "collection")
    collection = bundles(tmp_path)[PAGE.replace(".html", ".json")]
    assert collection["type"] == "collection"
    assert [e["fullUrl"] for e in collection["entry"]] == [e["fullUrl"] for e in transaction["entry"]]
    assert all("request" not in e and "id" in e["resource"] for e in collection["entry"])


# ---------------------------------------------------------------- R5

R4B_ONLY = {"actionId", "synonym", "administrationGuidelines", "indicationCodeableConcept"}


@pytest.fixture(scope="module")
def r5_bundle(tmp_path_factory, pages) -> dict:
    out = tmp_path_factory.mktemp("r5")
    report = convert(pages, out, "--fhir-version", "R5")
    assert report["fhirVersion"] == "R5" and report["summary"]["failed"] == 0
    return bundles(out)[PAGE.replace(".html", ".json")]


def test_r5_output_passes_the_r5_models(r5_bundle):
    from fhir.resources import get_fhir_model_class

    get_fhir_model_class("Bundle").model_validate(r5_bundle)
    for e in r5_bundle["entry"]:
        get_fhir_model_class(e["resource"]["resourceType"]).model_validate(e["resource"])


def test_r5_shapes(r5_bundle):
    keys = {k for _, k, _ in walk(r5_bundle)}
    assert not keys & R4B_ONLY
    resources = [e["resource"] for e in r5_bundle["entry"]]
    plan = next(r for r in resources if r["resourceType"] == "PlanDefinition")
    related = [ra for _, k, v in walk(plan) if k == "relatedAction" for ra in v]
    assert related and all("targetId" in ra for ra in related)
    actions = [a for _, k, v in walk(plan) if k == "action" for a in v]
    codes = [a["code"] for a in actions if "code" in a]
    assert codes and all(isinstance(c, dict) and c["text"] for c in codes)  # 0..1 in R5
    assert all("url" not in ra for ra in plan.get("relatedArtifact", []))
    mk = next(r for r in resources if r["resourceType"] == "MedicationKnowledge")
    assert mk["definitional"]["intendedRoute"][0]["text"]
    assert mk["name"] == ["Besponsa"]
    assert mk["indicationGuideline"][0]["dosingGuideline"][0]["dosage"]
    # clinicalUseIssue points at the label-warning ClinicalUseDefinitions of this bundle
    warnings = {e["fullUrl"] for e in r5_bundle["entry"]
                if e["resource"]["resourceType"] == "ClinicalUseDefinition" and e["resource"]["type"] != "undesirable-effect"}
    assert warnings and {ref["reference"] for ref in mk["clinicalUseIssue"]} == warnings


def test_r4b_has_no_r5_shapes(transaction):
    keys = {k for _, k, _ in walk(transaction)}
    assert not keys & {"targetId", "definitional", "indicationGuideline", "clinicalUseIssue"}


def test_fhir_version_is_checked_by_click(tmp_path, sources):
    result = CliRunner().invoke(main, ["convert", str(sources), "--out", str(tmp_path), "--fhir-version", "R6"])
    assert result.exit_code == 2 and "R6" in result.output


# ---------------------------------------------------------------- NDJSON

def test_ndjson_one_file_per_type_each_resource_once(tmp_path, second_regimen):
    bundle_out, nd_out = tmp_path / "b", tmp_path / "n"
    convert([second_regimen], bundle_out, "--bundle-type", "collection")
    report = convert([second_regimen], nd_out, "--format", "ndjson")
    assert report["summary"]["converted"] == 2
    expected: dict[str, dict] = {}
    for b in bundles(bundle_out).values():
        for e in b["entry"]:
            expected.setdefault(e["fullUrl"], e["resource"])
    files = sorted(p.name for p in nd_out.glob("*.ndjson"))
    assert files == sorted({f"{r['resourceType']}.ndjson" for r in expected.values()})
    seen = Counter()
    for name in files:
        lines = (nd_out / name).read_text(encoding="utf-8").splitlines()
        for line in lines:
            r = json.loads(line)
            assert f"{r['resourceType']}.ndjson" == name
            seen[(r["resourceType"], r["id"])] += 1
    assert all(n == 1 for n in seen.values())
    assert seen == Counter((r["resourceType"], r["id"]) for r in expected.values())
    assert seen[("CodeSystem", "glossary")] == 1  # in both bundles, once here
    assert sum(1 for k in seen if k[0] == "PlanDefinition") == 2


def test_ndjson_references_are_relative(tmp_path, sources):
    convert(_pages(sources), tmp_path, "--format", "ndjson")
    ids = set()
    resources = []
    for p in tmp_path.glob("*.ndjson"):
        for line in p.read_text().splitlines():
            r = json.loads(line)
            ids.add(f"{r['resourceType']}/{r['id']}")
            resources.append(r)
    refs = [v for r in resources for _, k, v in walk(r) if k == "reference"]
    assert refs and all(ref in ids for ref in refs)


# ---------------------------------------------------------------- narrative

ALLOWED = {"a", "abbr", "b", "br", "caption", "code", "col", "colgroup", "dd", "div", "dl", "dt", "em", "h1", "h2",
           "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "q", "small", "span", "strong", "sub", "sup",
           "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
XHTML = "{http://www.w3.org/1999/xhtml}"


def _div(resource: dict):
    text = resource["text"]
    assert text["status"] == "generated"
    return etree.fromstring(text["div"].encode(), etree.XMLParser(resolve_entities=False, no_network=True))


def test_every_resource_has_a_readable_narrative_within_the_rules(r5_bundle, transaction):
    for bundle in (transaction, r5_bundle):
        for e in bundle["entry"]:
            root = _div(e["resource"])
            assert root.tag == XHTML + "div" and dict(root.attrib) == {}
            for el in root.iter():
                assert el.tag.startswith(XHTML) and el.tag[len(XHTML):] in ALLOWED, el.tag
                assert el is root or not el.attrib, f"{e['resource']['resourceType']}: attribute on {el.tag}"
            words = "".join(root.itertext()).split()
            assert len(words) >= 3, f"{e['resource']['resourceType']} narrative says almost nothing"


def test_regimen_narrative_is_a_table_of_cycles_and_days(transaction):
    plan = next(e["resource"] for e in transaction["entry"] if e["resource"]["resourceType"] == "PlanDefinition")
    root = _div(plan)
    rows = [[("".join(c.itertext())) for c in tr] for tr in root.iter(XHTML + "tr")]
    assert rows[0] == ["Phase", "Cycles", "Dose", "Days of cycle"]
    body = rows[1:]
    assert any("0.8 mg/m2" in r[2] and r[3] == "1" for r in body)
    assert any("0.5 mg/m2" in r[2] and r[3] == "8, 15" for r in body)
    assert any("21-day" in r[1] for r in body) and any("28-day" in r[1] for r in body)


def test_page_text_is_escaped_in_narratives():
    hostile = '<script>alert(1)</script> & <img src=x onerror=y> "q"'
    html = N.narrative(N.heading(hostile), N.p(hostile), N.ul([hostile]), N.table([hostile], [[hostile]]))
    root = etree.fromstring(html["div"].encode())
    assert {el.tag[len(XHTML):] for el in root.iter()} <= {"div", "p", "b", "ul", "li", "table", "tr", "th", "td"}
    assert all(t == hostile for t in root.itertext())


def test_page_markup_in_a_title_stays_text(tmp_path, sources):
    page = (sources / PAGE).read_text(encoding="utf-8").replace(
        "Inotuzumab Ozogamicin (Besponsa&reg;)", "Inotuzumab Ozogamicin &lt;b onclick=x&gt;(Besponsa&reg;)")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / PAGE).write_text(page, encoding="utf-8")
    convert([folder], tmp_path / "out")
    (bundle,) = bundles(tmp_path / "out").values()
    plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "PlanDefinition")
    root = _div(plan)
    assert "<b onclick=x>" in "".join(root.itertext())
    assert all(not el.attrib for el in root.iter() if el is not root)


# ---------------------------------------------------------------- deterministic bytes

def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name not in ("report.json", "report.html")}


@pytest.mark.parametrize("options", [[], ["--fhir-version", "R5"], ["--format", "ndjson"]])
def test_converting_twice_gives_identical_bytes(tmp_path, second_regimen, options):
    convert([second_regimen], tmp_path / "a", *options)
    convert([second_regimen], tmp_path / "b", *options)
    a, b = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert a and a == b


def test_source_date_epoch_sets_the_recorded_time(tmp_path, sources):
    convert(_pages(sources), tmp_path / "page")
    convert(_pages(sources), tmp_path / "sde", env={"SOURCE_DATE_EPOCH": "1700000000"})
    (page,) = bundles(tmp_path / "page").values()
    (sde,) = bundles(tmp_path / "sde").values()
    prov = next(e["resource"] for e in page["entry"] if e["resource"]["resourceType"] == "Provenance")
    assert page["timestamp"] == prov["recorded"] == "2019-06-24T00:00:00Z"  # the page's "Updated" date
    prov = next(e["resource"] for e in sde["entry"] if e["resource"]["resourceType"] == "Provenance")
    assert sde["timestamp"] == prov["recorded"] == "2023-11-14T22:13:20Z"


def test_a_bad_source_date_epoch_is_a_usage_error(tmp_path, sources):
    result = CliRunner().invoke(main, ["convert", str(sources), "--out", str(tmp_path)],
                                env={"SOURCE_DATE_EPOCH": "yesterday"})
    assert result.exit_code == 2 and "SOURCE_DATE_EPOCH" in result.output
    assert not list(tmp_path.iterdir())


def test_two_regimens_with_one_drug_keep_their_own_copies(sources, tmp_path):
    """Cisplatin in BEP and in gemcitabine-cisplatin: two MedicationKnowledge copies, two
    conditional keys, so loading one regimen never overwrites the other's drug facts."""
    from helpers import convert, load

    pages = [sources / "bep.html", sources / "gemcitabine-cisplatin.html"]
    assert convert(pages, tmp_path, "--bundle-type", "transaction").exit_code == 0
    keys = {}
    for name in ("bep.json", "gemcitabine-cisplatin.json"):
        for e in load(tmp_path / name)["entry"]:
            r = e["resource"]
            if r["resourceType"] == "MedicationKnowledge" and r["code"]["text"] == "cisplatin":
                keys[name] = e["request"]["url"]
    assert len(keys) == 2 and keys["bep.json"] != keys["gemcitabine-cisplatin.json"]
    assert all("&_tag=" in url for url in keys.values())
