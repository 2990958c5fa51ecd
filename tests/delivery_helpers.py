"""Helpers shared by the delivery tests: convert pages with the real command line, walk JSON."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from regimen_fhir.cli import main


def convert(paths: list[Path], out: Path, *options: str, env: dict | None = None) -> dict:
    """Run `regimen-fhir convert` in-process; returns the run report. Fails the test on a bad exit."""
    result = CliRunner().invoke(main, ["convert", *map(str, paths), "--out", str(out), *options], env=env)
    assert result.exit_code == 0, result.output
    return json.loads((out / "report.json").read_text())


def bundles(out: Path) -> dict[str, dict]:
    return {p.name: json.loads(p.read_text()) for p in sorted(out.glob("*.json")) if p.name != "report.json"}


def walk(node, path: str = ""):
    """(path, key, value) for every key of every object in a JSON tree."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield path, k, v
            yield from walk(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}[{i}]")
