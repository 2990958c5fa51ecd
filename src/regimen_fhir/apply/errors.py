"""The one error apply raises: a message naming the input and what is wrong (never a traceback)."""
from __future__ import annotations


class ApplyError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
