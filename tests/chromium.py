"""Render a local file in headless Chromium and return the screenshot (shared by picture tests).

Chromium comes from the Debian package (scripts/ensure-chromium, run by `make test`); tests that
need it skip with a reason when it is absent (e.g. pytest run by hand on a machine without it).
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
         "--force-device-scale-factor=1"]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.skip("chromium not installed (scripts/ensure-chromium installs it; `make test` runs that)")
    return path


def screenshot(page: Path, width: int, height: int):
    """The page rendered at width x height CSS pixels, as an RGB PIL image."""
    from PIL import Image

    exe = chromium_path()
    with tempfile.TemporaryDirectory(prefix="rf-chromium-") as tmp:
        png = Path(tmp) / "shot.png"
        profile = Path(tmp) / "profile"  # a fresh profile every time
        cmd = [exe, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
               f"--screenshot={png}", page.resolve().as_uri()]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if not png.is_file():
            raise AssertionError(f"chromium wrote no screenshot (exit {run.returncode}): {run.stderr[-2000:]}")
        with Image.open(png) as img:
            return img.convert("RGB")
