"""Small helpers for reading converted bundles in tests."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from regimen_fhir.cli import main


def convert(paths: list[Path], out: Path, *extra: str):
    result = CliRunner().invoke(main, ["convert", *map(str, paths), "--out", str(out), *extra])
    return result


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def resources(bundle: dict, rtype: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rtype]


def walk_actions(actions: list[dict]):
    for a in actions:
        yield a
        yield from walk_actions(a.get("action", []))


def action(plan: dict, action_id: str) -> dict:
    return next(a for a in walk_actions(plan["action"]) if a.get("id") == action_id)


def days_of(action: dict) -> list[int]:
    ext = next(e for e in action["extension"] if e["url"] == "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle")
    return [d["valueInteger"] for d in ext["extension"] if d["url"] == "day"]
