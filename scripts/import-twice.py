#!/usr/bin/env python3
"""Load a bundle into a FHIR server twice and say what the server answered each time.

    scripts/import-twice.py output/PAGE.json --server https://fhir.example.org/fhir
    scripts/import-twice.py output/PAGE.json            # the local test server (make node-tools)

The second load must create nothing: every entry answers 200 (updated), none 201 (created).
Exit code 0 when that holds, 1 when the second load created something or a load failed.

Without --server the script starts tools/node/server.mjs (Medplum's FHIR router over an
in-memory store, FHIR R4, loopback only, stops by itself) and adapts the bundle to what that
server supports: ClinicalUseDefinition (not in R4) is left out, and the bundle is posted as a
batch because Medplum runs a transaction with conditional updates on at most 8 entries.
"""
from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parents[1]
NODE_TOOLS = ROOT / "tools" / "node"


def post(base: str, bundle: dict, headers: dict[str, str]) -> tuple[int, dict]:
    req = urllib.request.Request(base.rstrip("/") + "/", data=json.dumps(bundle).encode(), method="POST",
                                 headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json",
                                          **headers})
    try:
        with urllib.request.urlopen(req, timeout=300) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body)
        except ValueError:
            return exc.code, {"text": body.decode("utf-8", "replace")[:500]}


def drop_types(bundle: dict, types: set[str]) -> dict:
    out = copy.deepcopy(bundle)
    dropped = {e["fullUrl"] for e in out["entry"] if e["resource"]["resourceType"] in types}
    out["entry"] = [e for e in out["entry"] if e["fullUrl"] not in dropped]
    for e in out["entry"]:
        r = e["resource"]
        if r["resourceType"] == "Provenance":
            r["target"] = [t for t in r.get("target", []) if t.get("reference") not in dropped]
    return out


def summary(status: int, body: dict, bundle: dict) -> tuple[str, Counter]:
    if body.get("resourceType") != "Bundle":
        issue = (body.get("issue") or [{}])[0]
        text = (issue.get("details") or {}).get("text") or issue.get("diagnostics") or body.get("text", "")
        return f"HTTP {status}: {text}", Counter()
    codes = Counter()
    per_type: dict[str, Counter] = {}
    for sent, got in zip(bundle["entry"], body.get("entry", [])):
        code = str((got.get("response") or {}).get("status", "?")).split()[0]
        codes[code] += 1
        per_type.setdefault(sent["resource"]["resourceType"], Counter())[code] += 1
    detail = "; ".join(f"{t}: " + ", ".join(f"{n}x{c}" for c, n in sorted(cs.items()))
                       for t, cs in sorted(per_type.items()))
    return f"HTTP {status}, entries " + ", ".join(f"{n}x{c}" for c, n in sorted(codes.items())) + f" ({detail})", codes


class LocalServer:
    """tools/node/server.mjs on a free loopback port; stops when this object is closed."""

    def __enter__(self) -> str:
        node = shutil.which("node")
        if node is None or not (NODE_TOOLS / "node_modules" / ".installed").is_file():
            raise SystemExit("import-twice: the local test server is not installed (run `make node-tools`)")
        self.proc = subprocess.Popen([node, "server.mjs", "--port", "0", "--lifetime", "600"], cwd=NODE_TOOLS,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        line = self.proc.stdout.readline() if sel.select(timeout=60) else ""
        if not line:
            self.__exit__()
            raise SystemExit("import-twice: the local test server did not start")
        return f"http://127.0.0.1:{json.loads(line)['port']}"

    def __exit__(self, *exc) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def run(bundle: dict, base: str, headers: dict[str, str]) -> int:
    print(f"{len(bundle['entry'])} entries, type {bundle['type']}")
    created_again = None
    for attempt in ("first", "second"):
        status, body = post(base, bundle, headers)
        text, codes = summary(status, body, bundle)
        print(f"{attempt} import: {text}")
        if not codes:
            return 1
        if attempt == "second":
            created_again = codes.get("201", 0)
    print(f"second import created {created_again} resource(s)")
    return 0 if created_again == 0 else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("bundle", type=Path, help="a transaction bundle written by `regimen-fhir convert`")
    ap.add_argument("--server", help="FHIR base URL; default: start the local test server")
    ap.add_argument("--header", action="append", default=[], help="extra HTTP header, e.g. 'Authorization: Bearer …'")
    ap.add_argument("--drop-type", action="append", default=[], help="leave out a resource type the server lacks")
    ap.add_argument("--as-batch", action="store_true", help="post as a batch (same requests) instead of a transaction")
    args = ap.parse_args()
    try:
        bundle = json.loads(args.bundle.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"import-twice: {args.bundle}: cannot read the bundle ({exc})", file=sys.stderr)
        return 2
    if bundle.get("resourceType") != "Bundle" or bundle.get("type") != "transaction":
        print(f"import-twice: {args.bundle}: not a transaction Bundle (convert with --bundle-type transaction)",
              file=sys.stderr)
        return 2
    headers = dict(h.split(":", 1) for h in args.header)
    headers = {k.strip(): v.strip() for k, v in headers.items()}
    drop, as_batch = set(args.drop_type), args.as_batch
    if not args.server:
        drop |= {"ClinicalUseDefinition"}
        as_batch = True
    if drop:
        bundle = drop_types(bundle, drop)
        print("left out: " + ", ".join(sorted(drop)))
    if as_batch:
        bundle["type"] = "batch"
    if args.server:
        return run(bundle, args.server, headers)
    with LocalServer() as base:
        print(f"local server: Medplum FHIR router (R4) at {base}")
        return run(bundle, base, headers)


if __name__ == "__main__":
    sys.exit(main())
