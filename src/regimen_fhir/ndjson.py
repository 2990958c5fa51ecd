"""NDJSON output: one `<ResourceType>.ndjson` per resource type, as bulk-data clients expect.

The same resources as the bundles, each once across all pages (identity = its fullUrl, which
derives from url|version or the stable id), so the glossary CodeSystem that every bundle
carries is written once. Outside a Bundle a `urn:uuid:` reference means nothing, so references
to other converted resources are rewritten to the relative `Type/id` form.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .map import Mapped
from .write import atomic_write_text


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


@dataclass
class NdjsonCollector:
    """Collects the resources of every page, in page order, each identity once."""

    resources: dict[str, dict] = field(default_factory=dict)  # fullUrl -> resource, first seen wins
    conflicts: list[str] = field(default_factory=list)  # fullUrls seen twice with different content

    def add(self, mapped: list[Mapped]) -> None:
        for m in mapped:
            seen = self.resources.get(m.full_url)
            if seen is None:
                self.resources[m.full_url] = m.resource
            elif seen != m.resource and m.full_url not in self.conflicts:
                self.conflicts.append(m.full_url)

    def files(self) -> dict[str, str]:
        """File name -> content, deterministic: types sorted, resources in the order first seen."""
        targets = {u: f"{r['resourceType']}/{r['id']}" for u, r in self.resources.items()}
        by_type: dict[str, list[str]] = {}
        for r in self.resources.values():
            line = json.dumps(_rewrite(r, targets), ensure_ascii=False, separators=(",", ":"))
            by_type.setdefault(r["resourceType"], []).append(line)
        return {f"{t}.ndjson": "\n".join(lines) + "\n" for t, lines in sorted(by_type.items())}

    def write(self, out_dir: Path) -> list[str]:
        files = self.files()
        for name, text in files.items():
            atomic_write_text(out_dir / name, text)
        return sorted(files)

    def describe_conflict(self, full_url: str) -> str:
        r = self.resources[full_url]
        return (f"{r['resourceType']}/{r['id']} differs between pages; the NDJSON keeps the first page's version "
                f"(in bundles, the last one loaded wins on the server)")
