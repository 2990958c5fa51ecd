"""`regimen-fhir package`: a FHIR NPM package that a tool not ours (SUSHI's package loader) reads."""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from delivery_helpers import bundles, convert
from regimen_fhir.cli import main
from regimen_fhir.map.common import DEFAULT_CANONICAL_BASE
from regimen_fhir.package import collect_conformance, installed_profiles

ROOT = Path(__file__).resolve().parents[1]
NODE_TOOLS = ROOT / "tools" / "node"
CORE = NODE_TOOLS / "node_modules" / "hl7.fhir.r4b.core"


def _profile(base: str = DEFAULT_CANONICAL_BASE) -> dict:
    return {
        "resourceType": "StructureDefinition", "id": "TestRegimenPlan", "url": f"{base}/StructureDefinition/TestRegimenPlan",
        "version": "0.1.0", "name": "TestRegimenPlan", "status": "draft", "fhirVersion": "4.3.0", "kind": "resource",
        "abstract": False, "type": "PlanDefinition", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/PlanDefinition",
        "derivation": "constraint",
        "differential": {"element": [{"id": "PlanDefinition.version", "path": "PlanDefinition.version", "min": 1}]},
    }


def _value_set() -> dict:
    return {"resourceType": "ValueSet", "id": "test-kinds", "url": f"{DEFAULT_CANONICAL_BASE}/ValueSet/test-kinds",
            "version": "0.1.0", "name": "TestKinds", "status": "draft",
            "compose": {"include": [{"system": "http://hl7.org/fhir/clinical-use-definition-type"}]}}


@pytest.fixture
def profiles(tmp_path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "StructureDefinition-TestRegimenPlan.json").write_text(json.dumps(_profile()))
    (folder / "ValueSet-test-kinds.json").write_text(json.dumps(_value_set()))
    (folder / "notes.json").write_text(json.dumps({"not": "a resource"}))
    return folder


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, ["package", *args], env=env)


def members(tgz: Path) -> dict[str, bytes]:
    with tarfile.open(tgz) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def test_package_layout(tmp_path, profiles):
    result = run("--out", str(tmp_path / "pkg"), "--profiles", str(profiles), "--version", "1.2.3")
    assert result.exit_code == 0, result.output
    tgz = tmp_path / "pkg" / "regimen-fhir.profiles-1.2.3.tgz"
    files = members(tgz)
    assert sorted(files) == ["package/.index.json", "package/StructureDefinition-TestRegimenPlan.json",
                             "package/ValueSet-test-kinds.json", "package/package.json"]
    manifest = json.loads(files["package/package.json"])
    assert manifest["name"] == "regimen-fhir.profiles" and manifest["version"] == "1.2.3"
    assert manifest["fhirVersions"] == ["4.3.0"] and manifest["dependencies"] == {"hl7.fhir.r4b.core": "4.3.0"}
    index = json.loads(files["package/.index.json"])
    assert index["index-version"] == 1
    rows = {r["filename"]: r for r in index["files"]}
    assert rows["StructureDefinition-TestRegimenPlan.json"] == {
        "filename": "StructureDefinition-TestRegimenPlan.json", "resourceType": "StructureDefinition",
        "id": "TestRegimenPlan", "url": _profile()["url"], "version": "0.1.0", "kind": "resource", "type": "PlanDefinition"}
    assert json.loads(files["package/StructureDefinition-TestRegimenPlan.json"]) == _profile()


def test_r5_package_depends_on_r5_core(tmp_path, profiles):
    result = run("--out", str(tmp_path), "--profiles", str(profiles), "--fhir-version", "R5")
    assert result.exit_code == 2 and "written for FHIR 4.3.0, not 5.0.0" in result.output  # R4B profiles
    (profiles / "StructureDefinition-TestRegimenPlan.json").write_text(json.dumps({**_profile(), "fhirVersion": "5.0.0"}))
    result = run("--out", str(tmp_path), "--profiles", str(profiles), "--fhir-version", "R5")
    assert result.exit_code == 0, result.output
    (tgz,) = tmp_path.glob("*.tgz")
    manifest = json.loads(members(tgz)["package/package.json"])
    assert manifest["fhirVersions"] == ["5.0.0"]
    assert manifest["dependencies"] == {"hl7.fhir.r5.core": "5.0.0", "hl7.fhir.uv.extensions.r5": "5.3.0-ballot-tc1"}


def test_package_bytes_are_reproducible(tmp_path, profiles):
    for name in ("a", "b"):
        assert run("--out", str(tmp_path / name), "--profiles", str(profiles)).exit_code == 0
    a, b = (tmp_path / n / "regimen-fhir.profiles-0.1.0.tgz" for n in ("a", "b"))
    assert a.read_bytes() == b.read_bytes()
    assert run("--out", str(tmp_path / "c"), "--profiles", str(profiles), env={"SOURCE_DATE_EPOCH": "1700000000"}).exit_code == 0
    with tarfile.open(tmp_path / "c" / "regimen-fhir.profiles-0.1.0.tgz") as tar:
        assert {m.mtime for m in tar.getmembers()} == {1700000000}


def test_canonical_base_moves_every_url(tmp_path, profiles):
    base = "https://fhir.hospital.example/regimens"
    assert run("--out", str(tmp_path), "--profiles", str(profiles), "--canonical-base", base + "/").exit_code == 0
    (tgz,) = tmp_path.glob("*.tgz")
    files = members(tgz)
    assert json.loads(files["package/StructureDefinition-TestRegimenPlan.json"])["url"] == _profile(base)["url"]
    assert json.loads(files["package/package.json"])["canonical"] == base
    assert DEFAULT_CANONICAL_BASE.encode() not in b"".join(files.values())


def test_package_with_converted_content(tmp_path, profiles, sources):
    pages = [sources / "inotuzumab-ozogamicin.html", sources / "glossary.html"]  # one regimen of the many
    convert(pages, tmp_path / "tx")  # transaction bundles: conditional entries carry no id
    convert(pages, tmp_path / "coll", "--bundle-type", "collection")
    assert run("--out", str(tmp_path / "pkg"), "--profiles", str(profiles), "--content", str(tmp_path / "tx")).exit_code == 0
    (tgz,) = (tmp_path / "pkg").glob("*.tgz")
    files = members(tgz)
    (collection,) = bundles(tmp_path / "coll").values()
    expected = {f"package/{e['resource']['resourceType']}-{e['resource']['id']}.json": e["resource"]
                for e in collection["entry"]}
    for name, resource in expected.items():
        assert json.loads(files[name]) == resource, name  # the ids our mappers gave, restored
    index = {r["filename"] for r in json.loads(files["package/.index.json"])["files"]}
    assert index == {n.removeprefix("package/") for n in files} - {"package.json", ".index.json"}
    # from NDJSON: the same files (references there are relative, so compare names and ids only)
    convert(pages, tmp_path / "nd", "--format", "ndjson")
    assert run("--out", str(tmp_path / "pkg-nd"), "--profiles", str(profiles), "--content", str(tmp_path / "nd")).exit_code == 0
    (tgz,) = (tmp_path / "pkg-nd").glob("*.tgz")
    nd_files = members(tgz)
    assert set(nd_files) == set(files)
    assert all(json.loads(nd_files[n])["id"] == r["id"] for n, r in expected.items())


def test_package_errors_are_clear(tmp_path, profiles):
    result = run("--out", str(tmp_path), "--profiles", str(profiles), "--content", str(tmp_path / "missing"))
    assert result.exit_code == 2 and "missing: no such folder" in result.output
    result = run("--out", str(tmp_path), "--profiles", str(profiles), "--name", "Not A Name")
    assert result.exit_code == 2 and "package name" in result.output
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("--out", str(tmp_path), "--profiles", str(empty))
    assert result.exit_code == 2 and "no conformance resources" in result.output
    (profiles / "StructureDefinition-broken.json").write_text("{ not json")
    result = run("--out", str(tmp_path), "--profiles", str(profiles))
    assert result.exit_code == 2 and "StructureDefinition-broken.json: not JSON" in result.output
    assert not list(tmp_path.glob("*.tgz"))


def _installed_or_skip() -> Path:
    found, _ = collect_conformance(installed_profiles())
    if not found:
        pytest.skip("profiles/ holds no conformance resources yet (they come from the validator work)")
    return installed_profiles()


def test_installed_profiles_are_packaged_from_any_folder(tmp_path, monkeypatch):
    folder = _installed_or_skip()
    monkeypatch.chdir(tmp_path)
    result = run("--out", "pkg")
    assert result.exit_code == 0, result.output
    (tgz,) = Path("pkg").glob("*.tgz")
    files = members(tgz)
    found, _ = collect_conformance(folder)
    assert {f"package/{n}" for n in found} <= set(files)


def _check_with_sushi_loader(tmp_path: Path, tgz: Path, urls: list[str], fhir_version: str = "R4B") -> dict:
    node = shutil.which("node")
    if node is None or not CORE.is_dir() or not (NODE_TOOLS / "node_modules" / "fhir-package-loader").is_dir():
        pytest.skip("Node.js tools not installed: run `make node-tools` (make test does)")
    manifest = json.loads(members(tgz)["package/package.json"])
    cache = tmp_path / "fhir-cache"
    cache.mkdir()
    if fhir_version == "R4B":  # the copy npm installed for the Node.js tools
        core = ["--core", str(CORE), "--core-name", "hl7.fhir.r4b.core", "--core-version", "4.3.0"]
    else:  # R5: the core package and the extensions pack from the project's install step (make fhir-packages)
        from regimen_fhir.validate import packages

        deps = [(name, number, packages.cache_dir() / f"{name}#{number}" / "package")
                for name, number in packages.dependencies(fhir_version).items()]
        core = ["--extra", ",".join(f"{n}#{v}={d}" for n, v, d in deps)]
    proc = subprocess.run(
        [node, "check-package.mjs", "--cache", str(cache), "--tgz", str(tgz), "--name", manifest["name"],
         "--version", manifest["version"], *core, *urls],
        cwd=NODE_TOOLS, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["status"] == {manifest["name"]: "LOADED", **{n: "LOADED" for n in manifest["dependencies"]}}, report["messages"]
    assert (cache / f"{manifest['name']}#{manifest['version']}" / "package" / "package.json").is_file()
    return report


def test_sushi_package_loader_resolves_a_packaged_profile(tmp_path, profiles):
    assert run("--out", str(tmp_path / "pkg"), "--profiles", str(profiles)).exit_code == 0
    (tgz,) = (tmp_path / "pkg").glob("*.tgz")
    report = _check_with_sushi_loader(tmp_path, tgz, [_profile()["url"], _value_set()["url"], "http://example.org/none"])
    plan, vs, none = report["resolved"]
    assert plan["found"] and plan["baseFound"] and plan["id"] == "TestRegimenPlan"
    assert vs["found"] and vs["resourceType"] == "ValueSet"
    assert not none["found"]


def test_sushi_package_loader_resolves_our_profiles(tmp_path):
    folder = _installed_or_skip()
    found, _ = collect_conformance(folder)
    assert run("--out", str(tmp_path / "pkg")).exit_code == 0
    (tgz,) = (tmp_path / "pkg").glob("*.tgz")
    urls = sorted(r["url"] for r in found.values() if "url" in r)
    report = _check_with_sushi_loader(tmp_path, tgz, urls)
    for r in report["resolved"]:
        assert r["found"], r["url"]
        if "baseDefinition" in r:
            assert r["baseFound"], f"{r['url']}: base {r['baseDefinition']} does not resolve"


def test_sushi_package_loader_resolves_our_r5_profiles(tmp_path):
    """The R5 package (profiles/package-r5) depends on the R5 core and the extensions pack; in SUSHI's
    loader every profile, its base and the R5-only timing-daysOfCycle resolve from those three."""
    folder = _installed_or_skip()
    found, _ = collect_conformance(folder, "R5")
    assert found and all(r.get("fhirVersion") == "5.0.0" for r in found.values() if r["resourceType"] == "StructureDefinition")
    result = run("--out", str(tmp_path / "pkg"), "--fhir-version", "R5")
    assert result.exit_code == 0, result.output
    (tgz,) = (tmp_path / "pkg").glob("*.tgz")
    manifest = json.loads(members(tgz)["package/package.json"])
    assert manifest["name"] == "regimen-fhir.profiles.r5" and manifest["fhirVersions"] == ["5.0.0"]
    assert manifest["dependencies"] == {"hl7.fhir.r5.core": "5.0.0", "hl7.fhir.uv.extensions.r5": "5.3.0-ballot-tc1"}
    days = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"
    urls = sorted(r["url"] for r in found.values() if "url" in r)
    report = _check_with_sushi_loader(tmp_path, tgz, [*urls, days], "R5")
    *ours, days_found = report["resolved"]
    for r in ours:
        assert r["found"], r["url"]
        if "baseDefinition" in r:
            assert r["baseFound"], f"{r['url']}: base {r['baseDefinition']} does not resolve"
    # not ours, and not in the R5 core package: it resolves from the extensions pack
    assert not days_found["found"] and days_found["resolves"], days_found
