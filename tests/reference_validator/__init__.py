"""The validator as it was before the speed work of issue 7 (base walk and profile rules), kept verbatim as
the reference the faster one must agree with, issue for issue and in the same order
(tests/test_validate_exact.py). Only its imports differ: the modules the speed work left alone
(packages, valuesets, narrative) and `Issue` come from regimen_fhir.validate; shortcut.py is a copy too. Not used by the
converter; benchmarks/validate_bench.py times the two side by side."""
from __future__ import annotations

from collections import OrderedDict

import orjson

from regimen_fhir.validate import Issue

MEMO_SIZE = 64
_memo: OrderedDict[tuple, tuple[tuple[Issue, ...], dict[str, str | None]]] = OrderedDict()


def validate_resource(resource: dict, version: str = "R4B", resolve: dict[str, str] | None = None,
                      canonical_base: str | None = None) -> list[Issue]:
    try:
        key = (orjson.dumps(resource), version, canonical_base)
    except TypeError:
        key = None
    kept = _memo.get(key) if key is not None else None
    if kept is not None:
        issues, lookups = kept
        answers = resolve or {}
        if all(answers.get(ref) == found for ref, found in lookups.items()):
            _memo.move_to_end(key)
            return list(issues)
    issues, lookups = _validate(resource, version, resolve, canonical_base, key[0] if key else None)
    if key is not None:
        _memo[key] = (tuple(issues), lookups)
        _memo.move_to_end(key)
        if len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return issues


def _validate(resource: dict, version: str, resolve: dict[str, str] | None,
              canonical_base: str | None, data: bytes | None = None) -> tuple[list[Issue], dict[str, str | None]]:
    from .base import walk_base
    from .profiles import check_profiles

    rtype = resource.get("resourceType")
    issues, lookups = walk_base(resource, version, resolve)
    if not any(i.expression == (rtype or "Resource") and i.code in ("not-supported", "structure") for i in issues):
        issues += check_profiles(resource, version, canonical_base, data)
    return list(dict.fromkeys(issues)), lookups
