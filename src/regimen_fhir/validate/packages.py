"""FHIR packages on disk: the official core packages in the FHIR package cache and our own profiles.

A package is a folder of conformance resources with an `.index.json` (url -> file). Resources are
read lazily, by canonical URL, and kept once read; nothing here touches the network.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

CORE_PACKAGES = {"R4B": ("hl7.fhir.r4b.core", "4.3.0"), "R5": ("hl7.fhir.r5.core", "5.0.0")}
CORE_BASE = "http://hl7.org/fhir/StructureDefinition/"
# Extensions that a version's core package no longer carries (R5 moved them to the extensions pack).
# 5.3.0-ballot-tc1 is the only edition of the R5 pack published on npm; it declares fhirVersion 5.0.0.
EXTENSION_PACKAGES = {"R5": ("hl7.fhir.uv.extensions.r5", "5.3.0-ballot-tc1")}
# Where our generated profiles (with snapshots) live under profiles/, per FHIR version.
PROFILE_FOLDERS = {"R4B": "package", "R5": "package-r5"}


class PackageMissing(Exception):
    """A FHIR package is not in the cache; the message says how to install it."""


def cache_dir() -> Path:
    return Path(os.environ.get("FHIR_PACKAGE_CACHE") or Path.home() / ".fhir" / "packages")


def profiles_dir() -> Path:
    """The project's `profiles/` folder: REGIMEN_FHIR_PROFILES, else the copy installed with the
    package (`regimen_fhir/profiles`, a link in a checkout), else the checkout's own folder."""
    env = os.environ.get("REGIMEN_FHIR_PROFILES")
    if env:
        return Path(env)
    installed = Path(__file__).resolve().parents[1] / "profiles"  # travels with the distribution
    return installed if installed.is_dir() else Path(__file__).resolve().parents[3] / "profiles"


class Package:
    def __init__(self, folder: Path, label: str):
        self.folder = folder
        self.label = label
        index_file = folder / ".index.json"
        if index_file.is_file():
            files = json.loads(index_file.read_text(encoding="utf-8"))["files"]
        else:  # a folder of our own (profiles/): index it on the fly
            files = []
            for f in sorted(folder.glob("*.json")):
                if f.name in ("package.json",):
                    continue
                res = json.loads(f.read_text(encoding="utf-8"))
                if isinstance(res, dict) and "resourceType" in res:
                    files.append({"filename": f.name, "resourceType": res["resourceType"], "url": res.get("url"),
                                  "type": res.get("type"), "kind": res.get("kind"), "id": res.get("id")})
        self.by_url: dict[str, str] = {e["url"]: e["filename"] for e in files if e.get("url")}
        self.index = files
        self._cache: dict[str, dict] = {}

    def read(self, filename: str) -> dict:
        res = self._cache.get(filename)
        if res is None:
            res = json.loads((self.folder / filename).read_text(encoding="utf-8"))
            self._cache[filename] = res
        return res

    def resource(self, url: str) -> dict | None:
        url = url.split("|", 1)[0]
        name = self.by_url.get(url)
        return self.read(name) if name else None

    def urls(self, resource_type: str) -> list[str]:
        return [e["url"] for e in self.index if e.get("resourceType") == resource_type and e.get("url")]


def _cached(name: str, number: str) -> Package:
    folder = cache_dir() / f"{name}#{number}" / "package"
    if not (folder / "package.json").is_file():
        raise PackageMissing(f"FHIR package {name}#{number} is not installed in {cache_dir()}; "
                             f"run `make fhir-packages` (scripts/fhir-packages.sh) once")
    return Package(folder, f"{name}#{number}")


@lru_cache(maxsize=None)
def core(version: str) -> Package:
    return _cached(*CORE_PACKAGES[version])


@lru_cache(maxsize=None)
def extensions(version: str) -> Package | None:
    """The extensions pack of a version, when that version needs one (R5); None otherwise."""
    spec = EXTENSION_PACKAGES.get(version)
    return _cached(*spec) if spec else None


def hl7_definition(version: str, url: str) -> dict | None:
    """A definition under http://hl7.org/fhir/: the core package first, then the extensions pack."""
    found = core(version).resource(url)
    if found is None and extensions(version) is not None:
        found = extensions(version).resource(url)
    return found


def dependencies(version: str) -> dict[str, str]:
    """The FHIR packages our profiles of a version build on: name -> version."""
    return dict([CORE_PACKAGES[version]] + ([EXTENSION_PACKAGES[version]] if version in EXTENSION_PACKAGES else []))


def profiles_folder(version: str, root: Path | None = None) -> Path:
    """profiles/package (R4B) or profiles/package-r5 (R5): our profiles with snapshots."""
    return (root or profiles_dir()) / PROFILE_FOLDERS[version]


@lru_cache(maxsize=None)
def profiles(version: str) -> Package | None:
    """Our profiles for a FHIR version (see PROFILE_FOLDERS), or None when not generated."""
    folder = profiles_folder(version)
    return Package(folder, f"regimen-fhir profiles ({version})") if (folder / "package.json").is_file() else None


def structure_definition(version: str, url_or_type: str) -> dict | None:
    url = url_or_type if "/" in url_or_type else CORE_BASE + url_or_type
    own = profiles(version)
    return (own.resource(url) if own else None) or hl7_definition(version, url)
