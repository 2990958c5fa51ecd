"""Validate stage: every resource is checked before it may be bundled.

`validate_resource` is the seam. Two layers, each compiled once per process:
- `base.py`: the base specification, from the core package (element names, cardinality, data
  types, primitive formats, required bindings, invariants, reference targets);
- `profiles.py`: the profiles the resource claims and the extensions it uses (profiles/package).
`structural.py` (fhir.resources models) is an independent second opinion on structure, run by the
tests, not on the hot path.
Issues come back as plain `Issue` values and become OperationOutcome issues.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import orjson


@dataclass(frozen=True)
class Issue:
    severity: str  # fatal | error | warning | information
    code: str  # OperationOutcome issue type: structure, required, value, invariant, code-invalid ...
    expression: str  # FHIRPath-style element path, e.g. PlanDefinition.action[0].title
    diagnostics: str


MEMO_SIZE = 64
_memo: OrderedDict[tuple, tuple[tuple[Issue, ...], dict[str, str | None]]] = OrderedDict()


def validate_resource(resource: dict, version: str = "R4B", resolve: dict[str, str] | None = None,
                      canonical_base: str | None = None) -> list[Issue]:
    """All issues of one resource. `resolve` maps the references a bundle can resolve (fullUrl,
    canonical url and url|version) to resource types; `canonical_base` is the base the data's own
    profile and extension URLs use, when not the one the profiles are written against.

    The outcome depends on the resource's content and on the few `resolve` lookups the walk made; it is
    kept (a few, least recently used out) and reused for an identical resource whose lookups give the
    same answers: every page of a run carries the same glossary CodeSystem, validated once instead."""
    try:
        key = (orjson.dumps(resource), version, canonical_base)
    except TypeError:  # not plain JSON (a value orjson refuses): validate, do not keep
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
    from .reuse import validate as kept_apart  # the outcome of a resource that differs only in its ids ... (reuse.py)

    return kept_apart(resource, version, resolve, canonical_base, data, _check)


def _check(resource: dict, version: str, resolve: dict[str, str] | None, canonical_base: str | None,
           data: bytes | None, marks: list | None, info: dict | None):
    """The whole check: (the base walk's issues, the profiles' issues or None when they were not run, the walker)."""
    from .base import Walker
    from .profiles import check_profiles

    rtype = resource.get("resourceType")
    walker = Walker(version, resource, resolve)  # Bundle.entry.resource is skipped: entries are validated on their own
    walker.marks = marks
    walker.resource(resource, rtype if isinstance(rtype, str) else "Resource")
    issues = walker.issues
    if not any(i.expression == (rtype or "Resource") and i.code in ("not-supported", "structure") for i in issues):
        return issues, check_profiles(resource, version, canonical_base, data, info), walker
    return issues, None, walker


def _dedupe(issues: list[Issue]) -> list[Issue]:
    return list(dict.fromkeys(issues))


def bundle_references(bundle: dict) -> dict[str, str]:
    """What references inside a bundle can resolve to: fullUrls and canonical urls -> resource type."""
    out: dict[str, str] = {}
    for e in bundle.get("entry") or []:
        res = e.get("resource") if isinstance(e, dict) else None
        if not isinstance(res, dict) or not isinstance(res.get("resourceType"), str):
            continue
        if isinstance(e.get("fullUrl"), str):
            out[e["fullUrl"]] = res["resourceType"]
        if isinstance(res.get("url"), str):
            out[res["url"]] = res["resourceType"]
            if isinstance(res.get("version"), str):
                out[f"{res['url']}|{res['version']}"] = res["resourceType"]
    return out


MAX_DEPTH = 100  # JSON levels; our deepest output (nested actions) uses about 15


def json_depth(doc: object) -> int:
    """Nesting depth of JSON data, without recursion (hostile input may be deep)."""
    deepest = 0
    stack = [(doc, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                return deepest
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node if isinstance(v, (dict, list)))
    return deepest


def validate_document(doc: object, version: str = "R4B", canonical_base: str | None = None) -> list[Issue]:
    """A resource or a Bundle, as read from a JSON file: a Bundle's own rules (bdl-7 and the others),
    then every entry's resource, with paths `Bundle.entry[i].resource...`."""
    if not isinstance(doc, dict):
        return [Issue("fatal", "structure", "Resource", "the file does not hold a JSON object (a FHIR resource)")]
    if json_depth(doc) > MAX_DEPTH:
        return [Issue("fatal", "too-costly", "Resource", f"the JSON is nested deeper than {MAX_DEPTH} levels")]
    if doc.get("resourceType") != "Bundle":
        return validate_resource(doc, version, canonical_base=canonical_base)
    refs = bundle_references(doc)
    issues = validate_resource(doc, version, refs, canonical_base)
    for i, e in enumerate(doc.get("entry") or []):
        res = e.get("resource") if isinstance(e, dict) else None
        if not isinstance(res, dict):
            continue
        prefix = f"Bundle.entry[{i}].resource"
        rtype = res.get("resourceType")
        for issue in validate_resource(res, version, refs, canonical_base):
            expr = issue.expression
            if isinstance(rtype, str) and (expr == rtype or expr.startswith(rtype + ".")):
                expr = prefix + expr[len(rtype):]
            elif expr in ("Resource",):
                expr = prefix
            issues.append(Issue(issue.severity, issue.code, expr, issue.diagnostics))
    return issues


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity in ("fatal", "error") for i in issues)


def operation_outcome(issues: list[Issue]) -> dict:
    if not issues:
        return {"resourceType": "OperationOutcome",
                "issue": [{"severity": "information", "code": "informational", "diagnostics": "no issues"}]}
    return {"resourceType": "OperationOutcome", "issue": [
        {"severity": i.severity, "code": i.code, "diagnostics": i.diagnostics, "expression": [i.expression]}
        for i in issues
    ]}
