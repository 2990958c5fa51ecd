"""Memos for the parser's pure per-text functions.

A page asks the same small function about the same text again and again (a line is looked at by several handlers,
a heading by every rule that reads headings): `stated_band` is asked 1,589 times for 106 distinct texts over the
shipped pages. A function memoised here must be a pure function of its arguments (text and flags, all hashable):
it reads only constant module data and never the page it is called for. Its answers are kept for the last `size`
distinct arguments (bounded memory over any batch). An answer that a caller could change (a list, a dict) is handed
out as a fresh copy each time, so the memo can never be altered through it; frozen records and tuples are shared.

`fn.uncached` is the function proper, for the tests that hold the memo to it.
"""
from __future__ import annotations

from functools import lru_cache, wraps

SIZE = 1024


def pure(size: int = SIZE, copy=None):
    """Memoise a pure function; `copy` makes a caller's own copy of a mutable answer (None stays None)."""
    def deco(fn):
        cached = lru_cache(maxsize=size)(fn)
        if copy is None:
            out = cached
        else:
            @wraps(fn)
            def out(*args, **kwargs):
                found = cached(*args, **kwargs)
                return None if found is None else copy(found)
        out.uncached = fn
        out.cache_clear = cached.cache_clear
        return out
    return deco


def copy_pair_list(pair):
    """(list, frozen) -> (a copy of the list, frozen)."""
    return list(pair[0]), pair[1]
