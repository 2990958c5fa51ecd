"""Snapshot generation: our differentials (profiles/input) + the core package -> profiles/package.

For each StructureDefinition the snapshot starts as a copy of its base's snapshot (from the core
package, or one of ours); each differential element is then found by id, or made: a child of a
data type or of a contentReference is unfolded from that type's (or that element's) definition,
a slice is a copy of the sliced element placed after its other slices. The differential's values
override the base's, constraints are added to the base's. The output folder is a FHIR NPM package
(package.json, .index.json) that any FHIR tool can load.

One set of differentials serves every FHIR version: `variant()` turns an R4B differential into
another version's (fhirVersion, and the element paths that version renamed, from the table in
map/versions.py), and the snapshot is generated from that version's core package. R4B goes to
profiles/package, R5 to profiles/package-r5 (packages.PROFILE_FOLDERS).

    python -m regimen_fhir.validate.snapshot [--fhir-version R4B|R5|all] [INPUT_DIR] [OUTPUT_DIR]
"""
from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

from ..map.versions import VERSIONS
from . import packages

PACKAGE_NAME = "regimen-fhir.profiles"  # R4B; other versions add ".r5" ...
PACKAGE_VERSION = "0.1.0"
_SLICE = re.compile(r":[^.]+")


class SnapshotError(Exception):
    pass


def _path_of(eid: str) -> str:
    return _SLICE.sub("", eid)


def _split(eid: str) -> tuple[str, str]:
    parent, last = eid.rsplit(".", 1)
    return parent, last


def _subtree_end(snap: list[dict], idx: int) -> int:
    eid = snap[idx]["id"]
    j = idx + 1
    while j < len(snap) and (snap[j]["id"].startswith(eid + ".") or snap[j]["id"].startswith(eid + ":")):
        j += 1
    return j


def _rerooted(elements: list[dict], old_root: str, new_root: str) -> list[dict]:
    out = []
    for e in elements:
        if not e["id"].startswith(old_root + "."):
            continue
        c = copy.deepcopy(e)
        c["id"] = new_root + e["id"][len(old_root):]
        c["path"] = _path_of(c["id"])
        out.append(c)
    return out


class Generator:
    def __init__(self, version: str, own: dict[str, dict]):
        self.version = version
        self.own = own  # url -> our StructureDefinition (with snapshot, once generated)

    def base_sd(self, url: str) -> dict:
        sd = self.own.get(url) or packages.hl7_definition(self.version, url)
        if sd is None or "snapshot" not in sd:
            raise SnapshotError(f"base definition {url} not found")
        return sd

    def type_elements(self, type_code: str) -> list[dict]:
        sd = packages.core(self.version).resource(packages.CORE_BASE + type_code)
        if sd is None:
            raise SnapshotError(f"data type {type_code} not found in {packages.core(self.version).label}")
        return [e for e in sd["snapshot"]["element"] if ":" not in e["id"]]

    def find(self, snap: list[dict], eid: str) -> int | None:
        for i, e in enumerate(snap):
            if e["id"] == eid:
                return i
        return None

    def materialize(self, snap: list[dict], base: list[dict], eid: str) -> int:
        idx = self.find(snap, eid)
        if idx is not None:
            return idx
        if "." not in eid:
            raise SnapshotError(f"no root element {eid}")
        parent, last = _split(eid)
        if ":" in last:  # a slice: a copy of the sliced element, after its subtree and earlier slices
            name, slice_name = last.split(":", 1)
            sliced = self.materialize(snap, base, f"{parent}.{name}")
            new = copy.deepcopy(snap[sliced])
            new.pop("slicing", None)
            new["id"], new["sliceName"] = eid, slice_name
            if name.endswith("[x]"):  # a type slice keeps only its type
                new["type"] = [t for t in new.get("type", []) if name[:-3] + t["code"][:1].upper() + t["code"][1:] == slice_name]
            end = _subtree_end(snap, sliced)
            snap.insert(end, new)
            return end
        pidx = self.materialize(snap, base, parent)
        p = snap[pidx]
        if any(e["id"].startswith(parent + ".") for e in snap[pidx + 1:pidx + 2]):
            raise SnapshotError(f"{eid}: no such element")
        if p.get("contentReference"):
            ref = p["contentReference"].split("#")[-1]
            children = _rerooted(base, ref, parent)
            target = next(e for e in base if e["id"] == ref)
            p.pop("contentReference")
            p["type"] = copy.deepcopy(target.get("type", [{"code": "BackboneElement"}]))
        else:
            types = p.get("type", [])
            if len(types) != 1:
                raise SnapshotError(f"{eid}: cannot unfold {parent}, it has {len(types)} types (use a type slice)")
            code = types[0]["code"]
            children = _rerooted(self.type_elements(code), code, parent)
        snap[pidx + 1:pidx + 1] = children
        idx = self.find(snap, eid)
        if idx is None:
            raise SnapshotError(f"{eid}: no such element")
        return idx

    def generate(self, sd: dict) -> dict:
        base_sd = self.base_sd(sd["baseDefinition"])
        base = base_sd["snapshot"]["element"]
        snap = copy.deepcopy(base)
        for e in snap:
            e.setdefault("id", e["path"])
        for d in sd.get("differential", {}).get("element", []):
            if _path_of(d["id"]) != d["path"]:
                raise SnapshotError(f"{sd['url']}: element {d['id']} has path {d['path']}")
            idx = self.materialize(snap, base, d["id"])
            target = snap[idx]
            if _wider(d.get("max"), target.get("max")):
                raise SnapshotError(f"{sd['url']}: {d['id']} max {d['max']} is above the base's {target['max']} "
                                    f"in {packages.core(self.version).label}")
            for k, v in d.items():
                if k in ("id", "path"):
                    continue
                if k == "constraint":
                    target["constraint"] = target.get("constraint", []) + copy.deepcopy(v)
                elif k.startswith(("fixed", "pattern")):
                    for old in [x for x in target if x.startswith(("fixed", "pattern"))]:
                        del target[old]
                    target[k] = copy.deepcopy(v)
                else:
                    target[k] = copy.deepcopy(v)
        out = {k: v for k, v in sd.items() if k != "differential"}
        out["snapshot"] = {"element": snap}
        out["differential"] = sd["differential"]
        return out


def _wider(new: str | None, old: str | None) -> bool:
    if new is None or old is None or old == "*":
        return False
    return new == "*" or int(new) > int(old)


def _rename(eid: str, renames: tuple) -> str:
    """An element id with the first matching rename applied (slice names kept on the last segment)."""
    parts = eid.split(".")
    names = [p.split(":", 1)[0] for p in parts]
    for old, new in renames:
        old_parts, new_parts = old.split("."), new.split(".")
        if names[0] != old_parts[0]:
            continue
        tail = old_parts[1:]
        for i in range(1, len(names) - len(tail) + 1):
            if names[i:i + len(tail)] == tail:
                last = parts[i + len(tail) - 1]
                moved = new_parts[1:]
                if ":" in last:
                    moved = moved[:-1] + [moved[-1] + ":" + last.split(":", 1)[1]]
                return ".".join(parts[:i] + moved + parts[i + len(tail):])
    return eid


def variant(sd: dict, version: str) -> dict:
    """A differential of ours (written for R4B) as the given version's: fhirVersion and renamed paths."""
    v = VERSIONS[version]
    out = copy.deepcopy(sd)
    if "fhirVersion" in out or out.get("resourceType") == "StructureDefinition":
        out["fhirVersion"] = v.number
    for e in out.get("differential", {}).get("element", []):
        new_id = _rename(e["id"], v.profile_renames)
        if new_id != e["id"]:
            e["id"], e["path"] = new_id, _path_of(new_id)
    return out


def package_name(version: str) -> str:
    return PACKAGE_NAME if version == "R4B" else f"{PACKAGE_NAME}.{version.lower()}"


def _order(sds: list[dict]) -> list[dict]:
    """Bases before the profiles that derive from them."""
    urls = {sd["url"] for sd in sds}
    done: list[dict] = []
    pending = list(sds)
    while pending:
        ready = [sd for sd in pending if sd["baseDefinition"] not in urls or any(d["url"] == sd["baseDefinition"] for d in done)]
        if not ready:
            raise SnapshotError("profiles derive from each other in a cycle")
        for sd in ready:
            done.append(sd)
            pending.remove(sd)
    return done


def build(input_dir: Path, output_dir: Path, version: str = "R4B") -> list[Path]:
    sources = [variant(json.loads(f.read_text(encoding="utf-8")), version) for f in sorted(input_dir.glob("*.json"))]
    gen = Generator(version, {})
    written: dict[str, dict] = {}
    for sd in _order([s for s in sources if s["resourceType"] == "StructureDefinition"]):
        full = gen.generate(sd)
        gen.own[sd["url"]] = full
        written[f"StructureDefinition-{sd['id']}.json"] = full
    for res in sources:
        if res["resourceType"] != "StructureDefinition":
            written[f"{res['resourceType']}-{res['id']}.json"] = res
    written["package.json"] = {
        "name": package_name(version), "version": PACKAGE_VERSION,
        "description": f"Profiles, extensions and value sets of regimen-fhir (cancer regimens as FHIR {version}).",
        "fhirVersions": [VERSIONS[version].number], "type": "fhir.ig", "license": "Apache-2.0",
        "dependencies": packages.dependencies(version),
    }
    written[".index.json"] = {"index-version": 1, "files": [
        {k: v for k, v in {"filename": name, "resourceType": r["resourceType"], "id": r.get("id"), "url": r.get("url"),
                           "version": r.get("version"), "kind": r.get("kind"), "type": r.get("type")}.items() if v}
        for name, r in sorted(written.items()) if "resourceType" in r]}
    output_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, res in sorted(written.items()):
        path = output_dir / name
        path.write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    for stale in output_dir.glob("*.json"):
        if stale.name not in written:
            stale.unlink()
    return paths


def main(argv: list[str]) -> int:
    versions = list(packages.PROFILE_FOLDERS)
    if argv[:1] == ["--fhir-version"] and len(argv) > 1:
        if argv[1] not in versions + ["all"]:
            print(f"snapshot: --fhir-version is one of {', '.join(versions)}, all", file=sys.stderr)
            return 2
        versions = versions if argv[1] == "all" else [argv[1]]
        argv = argv[2:]
    if len(argv) > 1 and len(versions) > 1:
        print("snapshot: give --fhir-version with an OUTPUT_DIR", file=sys.stderr)
        return 2
    root = packages.profiles_dir()
    src = Path(argv[0]) if argv else root / "input"
    for version in versions:
        out = Path(argv[1]) if len(argv) > 1 else packages.profiles_folder(version, root)
        try:
            paths = build(src, out, version)
        except (SnapshotError, packages.PackageMissing) as exc:
            print(f"snapshot ({version}): {exc}", file=sys.stderr)
            return 1
        print(f"snapshot: wrote {len(paths)} files to {out} ({version})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
