"""Builds batches of regimen pages for tests: copies of the shipped source page with varied titles,
so that each copy is its own regimen (own ids, own canonical URL)."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "sources" / "inotuzumab-ozogamicin.html"
GLOSSARY = ROOT / "sources" / "glossary.html"
TITLE = "Inotuzumab Ozogamicin (Besponsa&reg;)"


def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def variant(i: int, text: str | None = None) -> str:
    text = text or page_text()
    assert text.count(TITLE) >= 1
    return text.replace(TITLE, f"{TITLE} variant {i}")


def build(folder: Path, n: int, glossary: bool = True) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = page_text()
    paths = []
    for i in range(n):
        p = folder / f"regimen-{i:05d}.html"
        p.write_text(variant(i, text), encoding="utf-8")
        paths.append(p)
    if glossary:
        (folder / "glossary.html").write_bytes(GLOSSARY.read_bytes())
    return paths
