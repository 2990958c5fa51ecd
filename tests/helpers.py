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


def small_page(body: str, title: str = "Test regimen | Site", h1: str | None = "X", style: str = ""):
    """A regimen page made of `body` (under an <h1>, unless h1 is None; with a stylesheet), parsed: for the
    parser's form tests."""
    from regimen_fhir import parse
    from regimen_fhir.model import Regimen

    head = f"<h1>{h1}</h1>" if h1 else ""
    css = f"<style>{style}</style>" if style else ""
    html = f"<html><head><title>{title}</title>{css}</head><body>{head}{body}</body></html>"
    r = parse.parse_bytes(html.encode("utf-8"), "t.html")
    assert isinstance(r, Regimen)
    return r


def small_blocks(body: str, style: str = ""):
    """The text blocks of a page made of `body` (with a stylesheet)."""
    from regimen_fhir.parse.blocks import segment
    from regimen_fhir.parse.load import load_bytes

    css = f"<style>{style}</style>" if style else ""
    html = f"<html><head><title>T</title>{css}</head><body>{body}</body></html>"
    return segment(load_bytes(html.encode("utf-8"), "t.html").tree)


def adms(regimen) -> list:
    """Every administration of a parsed regimen, phase after phase."""
    return [a for p in regimen.phases for a in p.administrations]


def reasons(regimen) -> list[str]:
    """Why each fragment of a parsed page was not mapped."""
    return [f.reason for f in regimen.not_mapped]


def texts(regimen) -> list[str]:
    """The text of each fragment of a parsed page that was not mapped."""
    return [f.text for f in regimen.not_mapped]
