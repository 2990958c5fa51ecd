"""Loading our transaction bundles into a real FHIR server twice creates nothing the second time.

The server is Medplum's FHIR router (the request layer of the Medplum server: transactions,
batches, conditional update, search) over its in-memory repository, started from
tools/node on 127.0.0.1 (`make node-tools` installs it). It is an R4 (4.0.1) server:
ClinicalUseDefinition does not exist in R4, so those entries (and the Provenance targets that
point at them) are left out of what it is given; everything else is posted as we write it.
"""
from __future__ import annotations

import copy
import json
import selectors
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest

from delivery_helpers import bundles, convert

ROOT = Path(__file__).resolve().parents[1]
SERVER_DIR = ROOT / "tools" / "node"
R4_UNKNOWN = {"ClinicalUseDefinition"}  # R4B/R5 resource types an R4 server does not have


class Server:
    def __init__(self, base: str):
        self.base = base

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    def post(self, bundle: dict) -> tuple[int, dict]:
        return self.request("POST", "/", bundle)

    def search(self, query: str) -> list[dict]:
        status, body = self.request("GET", "/" + query + ("&" if "?" in query else "?") + "_count=1000")
        assert status == 200, body
        return [e["resource"] for e in body.get("entry", [])]

    def counts(self, types) -> dict[str, int]:
        return {t: len(self.search(t)) for t in sorted(types)}


@pytest.fixture
def server():
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js not found: the import tests run a FHIR server on Node.js")
    if not (SERVER_DIR / "node_modules" / ".installed").is_file():
        pytest.skip("the test FHIR server is not installed: run `make node-tools` (make test does)")
    proc = subprocess.Popen([node, "server.mjs", "--port", "0", "--lifetime", "300"], cwd=SERVER_DIR,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=60):
            pytest.fail("the FHIR server did not start within 60 s")
        line = proc.stdout.readline()
        if not line:
            pytest.fail(f"the FHIR server stopped: {proc.stderr.read()[-2000:]}")
        yield Server(f"http://127.0.0.1:{json.loads(line)['port']}")
    finally:
        proc.stdin.close()  # the server stops when its input closes
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def transaction(tmp_path_factory, sources) -> dict:
    out = tmp_path_factory.mktemp("tx")
    # the default: transaction, R4B; one regimen page (sources/ holds many) with the site glossary
    convert([sources / "inotuzumab-ozogamicin.html", sources / "glossary.html"], out)
    (bundle,) = bundles(out).values()
    assert bundle["type"] == "transaction"
    return bundle


def for_r4(bundle: dict, bundle_type: str | None = None) -> dict:
    """The bundle without the resource types an R4 server lacks, and without references to them."""
    out = copy.deepcopy(bundle)
    dropped = {e["fullUrl"] for e in out["entry"] if e["resource"]["resourceType"] in R4_UNKNOWN}
    out["entry"] = [e for e in out["entry"] if e["fullUrl"] not in dropped]
    for e in out["entry"]:
        if e["resource"]["resourceType"] == "Provenance":
            e["resource"]["target"] = [t for t in e["resource"]["target"] if t["reference"] not in dropped]
    if bundle_type:
        out["type"] = bundle_type
    return out


def statuses(response: dict) -> Counter:
    return Counter(e["response"]["status"].split()[0] for e in response["entry"])


def test_transaction_twice_second_creates_nothing(server, transaction):
    # Medplum runs a transaction with conditional updates under strict isolation, at most 8 entries
    bundle = for_r4(transaction)
    bundle["entry"] = [e for e in bundle["entry"] if "?" in e["request"]["url"]][:8]
    types = {e["resource"]["resourceType"] for e in bundle["entry"]}
    status, first = server.post(bundle)
    assert status == 200, first
    assert statuses(first) == Counter({"201": 8})
    after_first = server.counts(types)
    status, second = server.post(bundle)
    assert status == 200, second
    assert statuses(second) == Counter({"200": 8}), "the second load must update, never create"
    assert server.counts(types) == after_first
    # the same server ids answered both times
    assert [e["response"]["location"].split("/_history")[0] for e in first["entry"]] == \
           [e["response"]["location"].split("/_history")[0] for e in second["entry"]]


def test_whole_bundle_twice_one_copy_of_each(server, transaction):
    """Every entry we write (less ClinicalUseDefinition), posted twice; Medplum's transaction limit
    (8 conditional entries) makes this a batch: the same requests, the same resources."""
    bundle = for_r4(transaction, "batch")
    n = len(bundle["entry"])
    types = {e["resource"]["resourceType"] for e in bundle["entry"]}
    status, first = server.post(bundle)
    assert status == 200, first
    assert set(statuses(first)) <= {"200", "201"} and statuses(first)["201"] >= n - 1, statuses(first)
    after_first = server.counts(types)
    assert sum(after_first.values()) == n
    status, second = server.post(bundle)
    assert status == 200, second
    assert statuses(second) == Counter({"200": n}), "the second load must create nothing"
    assert server.counts(types) == after_first

    for e in bundle["entry"]:
        r = e["resource"]
        if "url" in r:  # one copy per canonical url|version, with our content intact
            (stored,) = server.search(f"{r['resourceType']}?url={quote(r['url'], safe='')}&version={quote(r['version'])}")
            for key in ("action", "concept", "dosage", "code", "text"):
                if key in r:
                    assert stored[key] == r[key], f"{r['resourceType']}.{key} changed on the server"
    # the Provenance's urn:uuid targets became references to the stored resources
    (prov,) = server.search("Provenance")
    assert len(prov["target"]) == n - 1
    for t in prov["target"]:
        assert not t["reference"].startswith("urn:uuid:")
        status, _ = server.request("GET", "/" + t["reference"])
        assert status == 200, t


def test_medplum_refuses_a_conditional_transaction_over_8_entries(server, transaction):
    """What Medplum says to the whole transaction, recorded so that the README stays true."""
    bundle = for_r4(transaction)
    assert len(bundle["entry"]) > 8
    status, outcome = server.post(bundle)
    assert status == 400
    assert "too many entries" in outcome["issue"][0]["details"]["text"]
    assert server.counts({"PlanDefinition", "ActivityDefinition"}) == {"ActivityDefinition": 0, "PlanDefinition": 0}


def test_a_client_id_in_a_conditional_create_is_refused(server, transaction):
    """Why our conditional entries carry no id: Medplum refuses 'create by update' with a client id."""
    bundle = for_r4(transaction)
    entry = copy.deepcopy(next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "PlanDefinition"))
    entry["resource"]["id"] = "inotuzumab-ozogamicin-besponsa"
    status, outcome = server.post({"resourceType": "Bundle", "type": "transaction", "entry": [entry]})
    assert status == 400
    assert "Cannot provide ID" in json.dumps(outcome)


def test_import_twice_script(tmp_path, sources):
    """scripts/import-twice.py, as the README tells a user to run it, against the local server."""
    if not (SERVER_DIR / "node_modules" / ".installed").is_file() or shutil.which("node") is None:
        pytest.skip("the test FHIR server is not installed: run `make node-tools` (make test does)")
    convert([sources], tmp_path)
    (bundle,) = tmp_path.glob("inotuzumab-ozogamicin.json")
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "import-twice.py"), str(bundle)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    first = next(line for line in lines if line.startswith("first import"))
    second = next(line for line in lines if line.startswith("second import:"))
    assert "14x201" in first and "PlanDefinition: 1x201" in first
    assert "201" not in second and "15x200" in second
    assert "second import created 0 resource(s)" in lines
