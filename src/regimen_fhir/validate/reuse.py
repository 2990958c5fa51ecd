"""A resource's outcome kept apart from the few keys that make it unique, and reused for the next resource
that differs only at those keys.

The resources of a batch repeat but for their ids, identifiers and the references to their plan: the same
adverse effect, medication or activity appears on page after page. Whether a top-level key can be taken
apart is decided once per (version, type, claimed profiles, canonical base), from the definitions alone:
- the base walk reports a key's faults under its own path, in the resource's key order, and looks up only
  what its own references need (both are noted per key: `Walker.marks`);
- the resource's own invariants must not read it: none of the names their member chains start from (or the
  '_' and choice-type forms of those names) may stand for it (base._root_reads), and they must be decided
  from the JSON, not by the engine, when the outcome is kept;
- every profile the resource claims must keep its checks by the resource's shape (profiles._counted) and only
  count the key or not read it at all; the key is no choice element, not meta, text, extension,
  modifierExtension, contained or id.
Per resource, a key is taken apart only when its value holds no extension (its JSON has no 'xtension"').
The outcome of the rest is kept under the resource's JSON with each such value replaced by its shape (an
array or not, how many items: all a profile that counts it sees), with the lookups the rest made; on reuse,
the keys taken apart are walked afresh on their own and their issues put back where the walk gives them.
Nothing is kept when a rule that reads beyond its element was evaluated by the engine (%resource ...), or when
an extension's rules may read the resource.
"""
from __future__ import annotations

import orjson

from . import Issue, base, profiles

NOT_APART = frozenset({"text", "extension", "modifierExtension", "contained", "resourceType"})
# The keys worth taking apart: those that make a resource of a page unique (its id and identifiers, canonical
# url, title and description, the plan it is about). Any other eligible key could be taken apart as exactly;
# it is kept with the rest, whose outcome is reused when it repeats.
UNIQUE = frozenset({"id", "meta", "identifier", "url", "title", "subtitle", "description", "subject"})
# (version, type, claimed, base) -> (the keys that can be taken apart, the claimed profiles' (url, rules, the rules
# with invariants), the type's invariants they were decided for)
_APART: dict[tuple, tuple] = {}
# (version, canonical base, reduced JSON) -> (base issues of the rest, where the apart keys' issues go, profile
# issues or None when they were not run, the rest's lookups)
_KEPT: dict[tuple, tuple] = {}
_TRIES: dict[tuple, list[int]] = {}  # (version, type, the apart keys) -> [outcomes looked for, found]
LARGEST = 8192  # bytes of JSON: a larger resource is a page's own (its plan), seldom repeated, dear to serialise
TRIES = 25  # a kind of resource found in fewer than one in ten of its first 50 is no longer looked for
# Outcomes kept, the oldest go first. Each is keyed by its resource's JSON (about 5 KB), so 2,000 of them (the size
# of the other stores) grew a worker by 10 MB over a 10,000-page run; the outcomes that are reused, are reused soon:
# 500 keep the hits (benchmark corpus: validation as fast; sources/: 125 kept after 200 pages)
KEPT_RESOURCES = 500


def _apart_keys(version: str, rtype: str, claimed: tuple, canonical_base: str | None) -> tuple[frozenset, tuple] | None:
    """(the keys to take apart, what the outcome depends on besides the data: the rules as they are now, which
    a test may wrap), or None."""
    known = _APART.get((version, rtype, claimed, canonical_base))
    p = profiles.profiles_for(version)
    if known is not None:
        own = base.resource_invariants(version, rtype) if known[0] else None
        if own is not known[2]:
            known = None
        else:
            for norm, rules, _ in known[1]:
                if p._rules.get(norm) is not rules:  # the profile was compiled again
                    known = None
                    break
    if known is None:
        if rtype == "Bundle" or not base._TYPE_NAME.fullmatch(rtype):
            if len(_APART) < 1000:
                _APART[(version, rtype, claimed, canonical_base)] = (None, (), None)
            return None
        own = base.resource_invariants(version, rtype)
        found = _decide(version, rtype, claimed, canonical_base, own)
        uses = []
        for url in claimed:
            norm = p.normalize(url, canonical_base)
            rules = p.rules(norm) if norm.startswith(profiles.DEFAULT_BASE + "/") and p.package is not None else None
            if rules:
                counted = p._counted(norm, rules)
                if counted is None:
                    found = None
                    break
                uses.append((norm, rules, counted[3]))
        known = (found, tuple(uses), own if found else None)
        if len(_APART) < 1000:
            _APART[(version, rtype, claimed, canonical_base)] = known
    if not known[0]:
        return None
    ids = [own]
    for _, _, constrained in known[1]:
        for r in constrained:
            ids.append(id(r.constraints))
    return known[0], tuple(ids)


def _decide(version: str, rtype: str, claimed: tuple, canonical_base: str | None, own: tuple) -> frozenset | None:
    tab = base.table(version, rtype)
    if tab is None or tab.kind != "resource":
        return None
    heads = base._root_reads(own)
    if heads is None:
        return None
    keys = set()
    for k, (el, t) in tab.root.children.items():
        if k not in UNIQUE or el.choice or k in NOT_APART or el.content_ref or el.path in ("Bundle.entry.resource",):
            continue
        if k in heads or any(k.startswith(h) and k[len(h):] in base.CHOICE_TYPES for h in heads):
            continue
        keys.add(k)
    p = profiles.profiles_for(version)
    for url in claimed:
        norm = p.normalize(url, canonical_base)
        if not norm.startswith(profiles.DEFAULT_BASE + "/") or p.package is None:
            continue  # not one of ours: reported from the url alone
        rules = p.rules(norm)
        if rules is None:
            continue
        counted = p._counted(norm, rules)
        if counted is None:
            return None
        count_only, read, choices = counted[0], counted[1], counted[2]
        keys = {k for k in keys if k in count_only or not (
            k in read or any(k.startswith(c) and k[len(c):][:1].isupper() for c in choices))}
    return frozenset(keys) or None


def validate(resource: dict, version: str, resolve: dict[str, str] | None, canonical_base: str | None,
             data: bytes | None, check) -> tuple[list[Issue], dict[str, str | None]]:
    """(issues, lookups): of the whole check `check(resource, version, resolve, canonical_base, data, marks,
    info)` (__init__._check), or the kept outcome of the rest with the apart keys walked afresh."""

    def full(marks=None, info=None):
        found, prof, walker = check(resource, version, resolve, canonical_base, data, marks, info)
        return list(dict.fromkeys(found + prof if prof is not None else found)), walker.lookups, walker, prof

    if data is not None and len(data) > LARGEST:
        return full()[:2]
    rtype = resource.get("resourceType")
    meta = resource.get("meta")
    claimed = meta.get("profile") if isinstance(meta, dict) else None
    apart = None
    if isinstance(rtype, str) and base.KEPT_SIZE and (claimed is None or (
            isinstance(claimed, list) and all(type(u) is str for u in claimed))):
        claimed = tuple(claimed or ())  # what check_profiles reads of meta
        apart = _apart_keys(version, rtype, claimed, canonical_base)
    if not apart:
        return full()[:2]
    apart, rules_now = apart
    group = (version, rtype, apart)
    tries = _TRIES.get(group)
    if tries is None:
        tries = _TRIES[group] = [0, 0]
    if tries[0] >= TRIES and tries[1] * 10 < tries[0]:
        return full()[:2]  # this kind of resource does not repeat (a page's own plan, its provenance)
    reduced, taken = {}, {"resourceType": rtype}
    dumps = orjson.dumps
    search = data is None or b'xtension"' in data  # none anywhere in the resource: none in a value
    for k, v in resource.items():
        if k in apart and not (k == "meta" and type(v) is dict and len(v) == 1 and "profile" in v):
            # (a meta with nothing but the claimed profiles is as common as they are: kept with the rest)
            if isinstance(v, list):
                shape = [True, len(v)]
            else:
                shape = [False, 1]
                if not isinstance(v, dict):
                    reduced[k] = {"": shape}
                    taken[k] = v
                    continue  # a scalar holds no extension
            if search:
                try:
                    if b'xtension"' in dumps(v):
                        return full()[:2]
                except TypeError:  # not plain JSON
                    return full()[:2]
            reduced[k] = {"": shape}
            taken[k] = v
        else:
            reduced[k] = v
    if len(taken) == 1:
        return full()[:2]
    try:
        # the claimed profiles (meta may be apart) and the rules as they are, which decide what is apart
        key = (version, canonical_base, claimed, rules_now, apart, dumps(reduced))
    except TypeError:
        return full()[:2]
    answers = resolve or {}
    tries[0] += 1
    kept = _KEPT.get(key)
    if kept is not None and all(answers.get(ref) == found for ref, found in kept[3]):
        rest, places, prof, looked = kept
        walker = base.Walker(version, resource, resolve)
        tab = base.table(version, rtype)
        walker.marks, walker.partial = [], True
        marks = walker.marks
        walker.complex(taken, tab, tab.root, rtype, rtype, is_resource=True)  # the apart keys, in their order
        if walker.root_reads == 0:
            tries[1] += 1
            new = walker.issues
            issues: list[Issue] = []
            at = 0
            for (pos, k), (_, i0, _), (_, i1, _) in zip(places, marks[1:], marks[2:]):
                issues.extend(rest[at:pos])
                issues.extend(new[i0:i1])
                at = pos
            issues.extend(rest[at:])
            lookups = dict(looked)
            lookups.update(walker.lookups)
            if prof is not None:
                issues.extend(prof)
            return list(dict.fromkeys(issues)), lookups
    marks: list = []
    info: dict = {}
    issues, lookups, walker, prof = full(marks, info)
    if walker.root_reads or walker.root_engine_runs or info.get("reads_root") or not marks:
        return issues, lookups
    # the base issues with the apart keys' cut out, and where they go back
    base_issues = walker.issues
    rest: list[Issue] = []
    places: list[tuple[int, str]] = []
    log = walker.lookup_log
    looked: list = []
    at_issue, at_log = 0, 0
    for (k, i0, l0), (_, i1, l1) in zip(marks, marks[1:]):
        if k in taken and k != "resourceType":
            rest.extend(base_issues[at_issue:i0])
            looked.extend(log[at_log:l0])
            places.append((len(rest), k))
            at_issue, at_log = i1, l1
    rest.extend(base_issues[at_issue:])
    looked.extend(log[at_log:])
    prof = tuple(prof) if prof is not None else None
    if len(_KEPT) >= min(base.KEPT_SIZE, KEPT_RESOURCES):
        del _KEPT[next(iter(_KEPT))]  # the oldest kept
    _KEPT[key] = (tuple(rest), tuple(places), prof, tuple(looked))
    return issues, lookups
