"""A FHIR NPM package of our conformance resources (and, on request, of converted content).

Layout, as the FHIR package specification gives it: a gzipped tar whose folder `package/` holds
`package.json` (name, version, fhirVersions, dependencies on the core package), `.index.json`
(one row per resource file) and one JSON file per resource, named `<ResourceType>-<id>.json`.

The conformance resources come from `profiles/`, which travels inside the installed
distribution (`regimen_fhir/profiles`), so the command works from any working folder. When
`profiles/package/` exists (resources with snapshots) it wins over `profiles/input/` and over
loose files in `profiles/`, resource by resource (same canonical url).

The tar is deterministic: sorted members, fixed owner and modes, mtime from SOURCE_DATE_EPOCH
(else 0), gzip without a time stamp.
"""
from __future__ import annotations

import gzip
import io
import json
import re
import tarfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from . import __version__
from .bundle import restore_id
from .map.common import DEFAULT_CANONICAL_BASE
from .map.versions import VERSIONS
from .validate.packages import PROFILE_FOLDERS, dependencies
from .write import dumps

CONFORMANCE_TYPES = {"StructureDefinition", "ValueSet", "CodeSystem", "SearchParameter", "CapabilityStatement",
                     "OperationDefinition", "ConceptMap", "NamingSystem", "ImplementationGuide"}
DEFAULT_NAME = "regimen-fhir.profiles"
NAME_RULE = re.compile(r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")
VERSION_RULE = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$")
ID_RULE = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


class PackageError(Exception):
    """The package cannot be built; the message names the file or option and what is wrong."""


def installed_profiles() -> Path:
    """`profiles/` as installed with the distribution (a link to the checkout's folder when editable)."""
    return Path(str(resources.files("regimen_fhir") / "profiles"))


@dataclass
class PackageContents:
    conformance: dict[str, dict] = field(default_factory=dict)  # file name -> resource
    content: dict[str, dict] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # what was not taken, and why


def _read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackageError(f"{path}: cannot be read ({exc})") from None
    except ValueError as exc:
        raise PackageError(f"{path}: not JSON ({exc})") from None


def file_name(resource: dict) -> str:
    rid = resource.get("id")
    if not isinstance(rid, str) or not ID_RULE.match(rid):
        raise PackageError(f"{resource.get('resourceType')} with url {resource.get('url')!r}: no valid id")
    return f"{resource['resourceType']}-{rid}.json"


def collect_conformance(profiles: Path, fhir_version: str = "R4B") -> tuple[dict[str, dict], list[str]]:
    """Conformance resources from profiles/ (the version's generated folder first: package/ for R4B,
    package-r5/ for R5; then input/, then the folder itself)."""
    found: dict[str, dict] = {}
    by_url: dict[str, str] = {}
    skipped: list[str] = []
    folders = [profiles / PROFILE_FOLDERS[fhir_version], profiles / "input", profiles]
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.json")):
            if path.name in ("package.json", ".index.json"):
                continue
            res = _read_json(path)
            if not isinstance(res, dict) or res.get("resourceType") not in CONFORMANCE_TYPES:
                skipped.append(f"{path.name}: not a conformance resource")
                continue
            key = res.get("url") or f"{res['resourceType']}/{res.get('id')}"
            if key in by_url:
                continue  # the same resource from a folder earlier in the order (with snapshot) wins
            name = file_name(res)
            if name in found:
                raise PackageError(f"{path}: {name} is already taken by another resource with url {by_url.get(key)}")
            by_url[key] = name
            found[name] = res
    return found, skipped


def collect_content(folder: Path) -> tuple[dict[str, dict], list[str]]:
    """Resources from converted output: bundles (*.json) and NDJSON files, each resource once."""
    if not folder.is_dir():
        raise PackageError(f"{folder}: no such folder (give the OUT folder of `regimen-fhir convert`)")
    found: dict[str, dict] = {}
    skipped: list[str] = []

    def take(res: dict, where: str) -> None:
        name = file_name(res)
        if name in found and found[name] != res:
            skipped.append(f"{where}: {name} differs from an earlier copy; the first one is kept")
            return
        found.setdefault(name, res)

    for path in sorted(folder.glob("*.json")):
        if path.name == "report.json":
            continue
        data = _read_json(path)
        if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
            skipped.append(f"{path.name}: not a Bundle")
            continue
        for i, entry in enumerate(data.get("entry") or []):
            res = entry.get("resource")
            if isinstance(res, dict) and "resourceType" in res:
                take(restore_id(entry), f"{path.name} entry {i}")
    for path in sorted(folder.glob("*.ndjson")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    take(json.loads(line), f"{path.name} line {n}")
                except ValueError as exc:
                    raise PackageError(f"{path}: line {n} is not JSON ({exc})") from None
    if not found:
        raise PackageError(f"{folder}: no converted resources found (*.json bundles or *.ndjson)")
    return found, skipped


def rebase(resource: dict, canonical_base: str) -> dict:
    """Every canonical of ours moved from the default base to the one the user chose."""
    if canonical_base == DEFAULT_CANONICAL_BASE:
        return resource
    text = json.dumps(resource, ensure_ascii=False).replace(DEFAULT_CANONICAL_BASE + "/", canonical_base + "/")
    return json.loads(text)


def index_row(file: str, res: dict) -> dict:
    row = {"filename": file, "resourceType": res["resourceType"], "id": res["id"]}
    for key in ("url", "version", "kind", "type", "supplements", "content"):
        if isinstance(res.get(key), str):
            row[key] = res[key]
    return row


def manifest(name: str, version: str, fhir_version: str, canonical_base: str, has_content: bool) -> dict:
    v = VERSIONS[fhir_version]
    return {
        "name": name,
        "version": version,
        "description": "Profiles, extensions and value sets of regimen-fhir (cancer regimens as FHIR)"
                       + (", with converted regimen content." if has_content else "."),
        "canonical": canonical_base,
        "fhirVersions": [v.number],
        "type": "fhir.ig",
        "license": "Apache-2.0",
        "author": "regimen-fhir",
        "dependencies": dependencies(fhir_version),  # the core package, and R5's extensions pack
    }


def _defaults(profiles: Path, fhir_version: str) -> tuple[str, str]:
    own = profiles / PROFILE_FOLDERS[fhir_version] / "package.json"
    if own.is_file():
        data = _read_json(own)
        return data.get("name", DEFAULT_NAME), data.get("version", __version__)
    return DEFAULT_NAME, __version__


def build(out_dir: Path, *, profiles: Path | None = None, content: Path | None = None, name: str | None = None,
          version: str | None = None, fhir_version: str = "R4B", canonical_base: str = DEFAULT_CANONICAL_BASE,
          mtime: int = 0) -> tuple[Path, PackageContents]:
    profiles = profiles if profiles is not None else installed_profiles()
    default_name, default_version = _defaults(profiles, fhir_version)
    name, version = name or default_name, version or default_version
    if not NAME_RULE.match(name):
        raise PackageError(f"package name {name!r}: lowercase words joined by dots, e.g. {DEFAULT_NAME}")
    if not VERSION_RULE.match(version):
        raise PackageError(f"package version {version!r}: a semantic version such as 1.2.3")
    canonical_base = canonical_base.rstrip("/")
    contents = PackageContents()
    conformance, contents.skipped = collect_conformance(profiles, fhir_version)
    if not conformance:
        raise PackageError(f"{profiles}: no conformance resources (StructureDefinition, ValueSet ...) found")
    number = VERSIONS[fhir_version].number
    for file, res in conformance.items():
        declared = res.get("fhirVersion")
        if isinstance(declared, str) and declared.split(".")[:2] != number.split(".")[:2]:
            raise PackageError(f"{file}: written for FHIR {declared}, not {number} ({fhir_version}); "
                               f"package the profiles of that version, or choose --fhir-version to match")
    contents.conformance = {k: rebase(v, canonical_base) for k, v in conformance.items()}
    if content is not None:
        found, skipped = collect_content(content)
        contents.skipped += skipped
        for file, res in found.items():
            if file in contents.conformance:
                contents.skipped.append(f"{file}: also a profile file; the profiles/ copy is kept")
            else:
                contents.content[file] = res
    files = {**contents.conformance, **contents.content}
    members = {
        "package/package.json": dumps(manifest(name, version, fhir_version, canonical_base, content is not None)),
        "package/.index.json": dumps({"index-version": 1, "files": [index_row(f, r) for f, r in sorted(files.items())]}),
        **{f"package/{f}": dumps(r) for f, r in files.items()},
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{name}-{version}.tgz"
    _write_tgz(target, members, mtime)
    return target, contents


def _write_tgz(target: Path, members: dict[str, str], mtime: int) -> None:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for member in sorted(members):
            data = members[member].encode("utf-8")
            info = tarfile.TarInfo(member)
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0) as gz:
        gz.write(raw.getvalue())
    from .write import atomic_write_bytes

    atomic_write_bytes(target, packed.getvalue())
