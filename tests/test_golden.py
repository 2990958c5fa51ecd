"""Golden files: the whole bundle for the shared fixture and for the shipped source page.

When an output change is intended, regenerate with `make golden`, read the diff
(`git diff tests/golden`), and commit it with the change that caused it.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from helpers import convert

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("REGIMEN_FHIR_UPDATE_GOLDEN") == "1"


def check(actual: Path, golden: Path) -> None:
    text = actual.read_text(encoding="utf-8")
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
        return
    if not golden.exists():
        pytest.fail(f"{golden.name} is missing; run `make golden` and review it")
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                            f"golden/{golden.name}", "actual", n=2))
        pytest.fail(f"output differs from {golden.name} (run `make golden` if intended):\n{diff[:6000]}")


def test_fixture_bundle_golden(shared_fixtures, tmp_path):
    assert convert([shared_fixtures], tmp_path, "--bundle-type", "collection").exit_code == 0
    check(tmp_path / "inotuzumab-ozogamicin.json", GOLDEN / "fixture-inotuzumab-ozogamicin.json")


def test_sources_bundle_golden(sources, tmp_path):
    assert convert([sources / "inotuzumab-ozogamicin.html", sources / "glossary.html"], tmp_path,
                   "--bundle-type", "collection").exit_code == 0
    check(tmp_path / "inotuzumab-ozogamicin.json", GOLDEN / "sources-inotuzumab-ozogamicin.json")
