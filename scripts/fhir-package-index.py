"""Write package/.index.json (the FHIR package cache's index of conformance resources) when a
package ships without one. Usage: fhir-package-index.py PACKAGE_FOLDER"""
import json
import os
import sys

folder = sys.argv[1]
files = []
for name in sorted(os.listdir(folder)):
    if not name.endswith(".json") or name in ("package.json", ".index.json"):
        continue
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            res = json.load(f)
    except (OSError, ValueError):
        continue
    if not isinstance(res, dict) or "resourceType" not in res:
        continue
    files.append({k: v for k, v in {
        "filename": name, "resourceType": res["resourceType"], "id": res.get("id"), "url": res.get("url"),
        "version": res.get("version"), "kind": res.get("kind"), "type": res.get("type"),
    }.items() if isinstance(v, str)})
tmp = os.path.join(folder, ".index.json.tmp")
with open(tmp, "w", encoding="utf-8") as f:
    json.dump({"index-version": 1, "files": files}, f)
os.replace(tmp, os.path.join(folder, ".index.json"))
