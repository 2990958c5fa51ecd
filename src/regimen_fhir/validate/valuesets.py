"""Value set expansion from the packages' own ValueSets and CodeSystems, for required bindings.

Only what can be expanded exactly is checked: enumerated concepts, whole code systems that the
packages hold completely, other value sets, and `is-a`/`descendent-of` filters on those code
systems. A value set that cannot be expanded offline returns None and its binding is not checked
(listed in `unexpandable`), so we never reject a code we cannot judge.
"""
from __future__ import annotations

from . import packages

unexpandable: set[str] = set()


def _lookup(version: str, url: str) -> dict | None:
    own = packages.profiles(version)
    return (own.resource(url) if own else None) or packages.core(version).resource(url)


def _walk(concepts: list[dict], out: dict[str, list[str]], parents: list[str]) -> None:
    for c in concepts:
        out[c["code"]] = list(parents)
        _walk(c.get("concept", []), out, parents + [c["code"]])


def _system_codes(version: str, system: str) -> dict[str, list[str]] | None:
    cs = _lookup(version, system)
    if not cs or cs.get("resourceType") != "CodeSystem" or cs.get("content") != "complete":
        return None
    out: dict[str, list[str]] = {}
    _walk(cs.get("concept", []), out, [])
    return out


def _include(version: str, inc: dict, seen: frozenset) -> set[tuple[str, str]] | None:
    result: set[tuple[str, str]] | None = None
    system = inc.get("system")
    if system:
        if inc.get("concept"):
            result = {(system, c["code"]) for c in inc["concept"]}
        else:
            codes = _system_codes(version, system)
            if codes is None:
                return None
            selected = set(codes)
            for f in inc.get("filter", []):
                if f.get("property") != "concept" or f.get("op") not in ("is-a", "descendent-of"):
                    return None
                root = f.get("value")
                keep = {c for c, parents in codes.items() if root in parents}
                if f["op"] == "is-a":
                    keep.add(root)
                selected &= keep
            result = {(system, c) for c in selected}
    for vs in inc.get("valueSet", []):
        inner = expand(version, vs, seen)
        if inner is None:
            return None
        result = inner if result is None else result & inner
    return result


def expand(version: str, url: str, seen: frozenset = frozenset()) -> set[tuple[str, str]] | None:
    """(system, code) pairs of a value set, or None when it cannot be expanded offline."""
    key = (version, url.split("|", 1)[0])
    if key in _memo:
        return _memo[key]
    result = _expand(version, key[1], seen)
    _memo[key] = result
    if result is None:
        unexpandable.add(key[1])
    return result


_memo: dict[tuple[str, str], set | None] = {}


def _expand(version: str, url: str, seen: frozenset) -> set[tuple[str, str]] | None:
    if url in seen:
        return None
    vs = _lookup(version, url)
    if not vs or vs.get("resourceType") != "ValueSet":
        return None
    if "expansion" in vs and not vs["expansion"].get("parameter"):
        contains: list = []
        stack = list(vs["expansion"].get("contains", []))
        while stack:
            c = stack.pop()
            stack.extend(c.get("contains", []))
            if "code" in c:
                contains.append((c.get("system"), c["code"]))
        if contains:
            return set(contains)
    compose = vs.get("compose")
    if not compose:
        return None
    out: set[tuple[str, str]] = set()
    for inc in compose.get("include", []):
        part = _include(version, inc, seen | {url})
        if part is None:
            return None
        out |= part
    for exc in compose.get("exclude", []):
        part = _include(version, exc, seen | {url})
        if part is None:
            return None
        out -= part
    return out
