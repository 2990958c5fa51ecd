"""Errors as values, and the exit codes of the command line, in one place."""
from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # every page converted (or every file valid)
    FAILED = 1  # some pages failed; the others were still written
    USAGE = 2  # bad option, missing path
    INTERRUPTED = 130  # stopped by SIGINT (Ctrl-C): 128 + signal number, the shell convention
    TERMINATED = 143  # stopped by SIGTERM


class PageError(Exception):
    """A page that cannot be converted; the message names what is wrong (not the file)."""

    def __init__(self, message: str, section: str = "", path: str = ""):
        super().__init__(message)
        self.message = message
        self.section = section
        self.path = path


class NotARegimenPage(PageError):
    """The page is neither a regimen page nor a glossary page."""


def one_line(text: str) -> str:
    """Text safe to print as one terminal line: control characters (newlines, escape
    sequences a hostile page or file name may carry) are shown as escapes, not obeyed."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
