"""Shared test fixtures: paths to the project's sources and to the shared fixtures (skipped when absent)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures" / "chemoexperts"


@pytest.fixture(scope="session")
def shared_fixtures() -> Path:
    if not (SHARED_FIXTURES / "inotuzumab-ozogamicin.html").is_file():
        pytest.skip("shared fixtures not found at ../shared/fixtures/chemoexperts (clone the project next to shared/)")
    return SHARED_FIXTURES


@pytest.fixture(scope="session")
def sources() -> Path:
    return SOURCES
