"""A one-line progress bar on stderr: pages done / total, failures so far, rate.

Drawn only when the stream is a terminal (and not --quiet); redrawn at most ten
times a second; messages printed through `echo` appear above the bar.
"""
from __future__ import annotations

import shutil
import time
from typing import TextIO


class Progress:
    def __init__(self, stream: TextIO, total: int, enabled: bool):
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.start = time.perf_counter()
        self._last = 0.0
        self._shown = False
        self.label = "converting"
        self.done = self.failed = 0

    def phase(self, label: str, done: int = 0) -> None:
        self.label, self.done = label, done
        self.draw(force=True)

    def update(self, done: int, failed: int = 0) -> None:
        self.done, self.failed = done, failed
        self.draw(force=done == self.total)

    def line(self) -> str:
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = self.done / elapsed
        width = max(10, min(40, shutil.get_terminal_size((80, 20)).columns - 60))
        filled = int(width * self.done / self.total) if self.total else width
        bar = "#" * filled + "-" * (width - filled)
        return (f"{self.label} [{bar}] {self.done}/{self.total} pages, "
                f"{self.failed} failed, {rate:.1f} pages/s")

    def draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write("\r\x1b[K" + self.line())
        self.stream.flush()
        self._shown = True

    def echo(self, message: str) -> None:
        """A line above the bar (or just a line when there is no bar)."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
        self.stream.write(message + "\n")
        self.stream.flush()
        if self.enabled and self._shown:
            self.draw(force=True)

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
