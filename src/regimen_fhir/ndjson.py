"""NDJSON output: one `<ResourceType>.ndjson` per resource type, as bulk-data clients expect.

The same resources as the bundles, each once across all pages (identity = its fullUrl, which
derives from url|version or the stable id), so the glossary CodeSystem that every bundle
carries is written once. Outside a Bundle a `urn:uuid:` reference means nothing, so references
to other converted resources are rewritten to the relative `Type/id` form.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from .map import Mapped
from .write import atomic_writer


def _rewrite(node, targets: dict[str, str]):
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "reference" and isinstance(v, str) and v in targets:
                out[k] = targets[v]
            else:
                out[k] = _rewrite(v, targets)
        return out
    if isinstance(node, list):
        return [_rewrite(v, targets) for v in node]
    return node


class NdjsonWriter:
    """Streams the resources of every page, in page order, each identity once, into one unnamed temp
    file per resource type that gets its name only when the run completes (`finish`); an interrupted
    run leaves no NDJSON at all. What stays in memory is a 16-byte digest per identity (to write each
    once and to notice a second page giving it other content), not the resources."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self._stack = contextlib.ExitStack()
        self._files: dict[str, object] = {}  # resource type -> open temp file
        self._seen: dict[str, bytes] = {}  # fullUrl -> digest of its line
        self.conflicts: dict[str, str] = {}  # fullUrl -> description, for each identity two pages disagree on

    def add(self, mapped: list[Mapped]) -> None:
        # a page's references point into its own bundle, so its own resources are all the targets
        targets = {m.full_url: f"{m.resource['resourceType']}/{m.resource['id']}" for m in mapped}
        for m in mapped:
            line = json.dumps(_rewrite(m.resource, targets), ensure_ascii=False, separators=(",", ":")) + "\n"
            data = line.encode("utf-8")
            digest = hashlib.blake2b(data, digest_size=16).digest()
            seen = self._seen.get(m.full_url)
            if seen is None:
                self._seen[m.full_url] = digest
                self._file(m.resource["resourceType"]).write(data)
            elif seen != digest and m.full_url not in self.conflicts:
                r = m.resource
                self.conflicts[m.full_url] = (
                    f"{r['resourceType']}/{r['id']} differs between pages; the NDJSON keeps the first page's "
                    f"version (in bundles, the last one loaded wins on the server)")

    def _file(self, rtype: str):
        fh = self._files.get(rtype)
        if fh is None:
            fh = self._files[rtype] = self._stack.enter_context(atomic_writer(self.out_dir / f"{rtype}.ndjson"))
        return fh

    def finish(self) -> list[str]:
        """Publish the files (each complete, fsynced); their names, sorted."""
        names = sorted(f"{t}.ndjson" for t in self._files)
        self._stack.close()
        self._files = {}
        return names

    def discard(self) -> None:
        """Drop what was written: no file appears (a run that stops half-way publishes no NDJSON)."""
        self._stack.__exit__(RuntimeError, RuntimeError("run stopped"), None)
        self._files = {}
