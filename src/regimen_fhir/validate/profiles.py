"""Our profiles (and the extensions a resource uses), compiled once into checks.

Each differential element becomes one `Rule`: how to reach its nodes from the resource (a chain of
steps: an element name, a choice type such as doseQuantity, an extension slice by url) and what to
check on them: min/max, fixed and pattern values, allowed types of a choice, a required binding,
minimum values, and the profile's own invariants (FHIRPath). The same engine checks every
extension instance whose definition we know (ours, and the core ones we use) against its
definition: value type, sub-extension slices, patterns.

Profile and extension URLs in the data may use another canonical base than the one the profiles are
written against (`--canonical-base`); `Profiles.normalize` maps them back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import orjson

from . import Issue, packages, valuesets
from .base import KEPT_SIZE, ROOT_WORDS, coding_pair, lazy_fhirpath
from .shortcut import compile_shortcut

DEFAULT_BASE = "http://regimen-fhir.example.org/fhir"


@dataclass
class Step:
    key: str  # element name, or the concrete key of a type slice (doseQuantity)
    choice: str | None = None  # "dose" for dose[x] without a type slice
    ext_url: str | None = None  # an extension slice: items whose url is this


@dataclass
class Rule:
    eid: str
    steps: list[Step]
    min: int | None = None
    max: str | None = None
    fixed: object = None
    pattern: object = None
    types: list[str] | None = None
    binding: str | None = None
    min_value: int | float | None = None
    constraints: list = field(default_factory=list)  # (key, severity, human, compiled)
    prefixes: list[str] = field(default_factory=list)  # the element id after each step, a key shared by rules
    checks_values: bool = True  # False when it only counts (min/max): its nodes need no value checks

    def __post_init__(self) -> None:
        parts = self.eid.split(".")
        self.prefixes = [".".join(parts[:i + 2]) for i in range(len(self.steps))]


def _type_key(name: str, code: str) -> str:
    return name + code[:1].upper() + code[1:]


def _slice_urls(elements: list[dict]) -> dict[str, str]:
    """Element id of an extension slice -> the url its items carry."""
    urls: dict[str, str] = {}
    for e in elements:
        eid = e["id"]
        last = eid.rsplit(".", 1)[-1]
        if ":" in last and last.split(":")[0] in ("extension", "modifierExtension"):
            profile = next((p for t in e.get("type", []) for p in t.get("profile", [])), None)
            urls[eid] = profile or last.split(":", 1)[1]
        if eid.endswith(".url") and "fixedUri" in e:
            parent = eid[:-4]
            if parent in urls or ":" in parent.rsplit(".", 1)[-1]:
                urls[parent] = e["fixedUri"]
    return urls


def _steps(eid: str, slice_urls: dict[str, str]) -> list[Step]:
    parts = eid.split(".")
    steps = []
    for i, part in enumerate(parts[1:], start=1):
        name, _, slice_name = part.partition(":")
        if slice_name and name.endswith("[x]"):
            steps.append(Step(slice_name))
        elif slice_name:
            steps.append(Step(name, ext_url=slice_urls.get(".".join(parts[:i + 1]), slice_name)))
        elif name.endswith("[x]"):
            steps.append(Step(name[:-3], choice=name[:-3]))
        else:
            steps.append(Step(name))
    return steps


def compile_sd(sd: dict, version: str) -> list[Rule]:
    elements = sd["differential"]["element"]
    urls = _slice_urls(sd["snapshot"]["element"])
    rules = []
    for e in elements:
        r = Rule(e["id"], _steps(e["id"], urls), e.get("min"), e.get("max"))
        for k, v in e.items():
            if k.startswith("fixed"):
                r.fixed = v
            elif k.startswith("pattern"):
                r.pattern = v
            elif k.startswith("minValue"):
                r.min_value = v
        if "type" in e and (e["path"].endswith("[x]") and ":" not in e["id"].rsplit(".", 1)[-1]):
            r.types = [t["code"] for t in e["type"]]
        b = e.get("binding") or {}
        if b.get("strength") == "required":
            r.binding = b["valueSet"]
        for c in e.get("constraint", []):
            run = lazy_fhirpath(version, c["expression"])
            r.constraints.append((c["key"], c.get("severity", "error"), c.get("human", ""), run,
                                  compile_shortcut(c["expression"]) if run is not None else None))
        r.checks_values = (r.fixed is not None or r.pattern is not None or r.min_value is not None
                           or bool(r.binding) or bool(r.constraints) or (r.types is not None and bool(r.steps)
                                                                         and r.steps[-1].choice is not None))
        rules.append(r)
    return rules


def _matches(value, pattern) -> bool:
    if isinstance(pattern, dict):
        return isinstance(value, dict) and all(k in value and _matches(value[k], v) for k, v in pattern.items())
    if isinstance(pattern, list):
        return isinstance(value, list) and all(any(_matches(v, p) for v in value) for p in pattern)
    return value == pattern


class Profiles:
    def __init__(self, version: str):
        self.version = version
        self.package = packages.profiles(version)
        self._rules: dict[str, list[Rule]] = {}
        self._reads_root: dict[str, bool] = {}  # extension url -> whether a rule of it reads beyond it
        self._kept: dict[tuple[str, str | None, bytes], tuple] = {}  # (url, base, JSON) -> issues, relative paths
        self._context: dict[tuple[str, str], list[str] | None] = {}  # (url, element path) -> refusing contexts
        self._plans: dict[str, tuple[list[Rule], list[tuple]]] = {}  # url -> (its rules, how check runs them)
        self._codes: dict[str, tuple[set, frozenset]] = {}  # value set url -> (its expansion, the codes alone)
        # resource profiles: what a check depends on (see check_resource), the checks kept, and per profile
        # (tries, reuses) so that a profile whose resources never repeat stops being kept
        self._depends: dict[str, tuple[list[Rule], frozenset[str] | None]] = {}
        self._kept_resources: dict[tuple, tuple[Issue, ...]] = {}
        self._reuse: dict[str, list[int]] = {}
        self._classes: dict[str, tuple[tuple, dict]] = {}  # url -> (what _counted gave, top-level key -> 0, 1, 2)
        self._parents: dict[str, str] = {}  # an extension's path -> the element it stands on, without indices
        self._sds: dict[tuple, dict | None] = {}  # (package, profile url) -> its definition there

    def normalize(self, url: str, base: str | None) -> str:
        if base and base != DEFAULT_BASE and url.startswith(base + "/"):
            return DEFAULT_BASE + url[len(base):]
        return url

    def rules(self, url: str) -> list[Rule] | None:
        if url not in self._rules:
            sd = self.package.resource(url) if self.package else None
            if sd is None and url.startswith(packages.CORE_BASE):
                sd = packages.hl7_definition(self.version, url)
                if sd is not None and sd.get("type") != "Extension":
                    sd = None
            self._rules[url] = compile_sd(sd, self.version) if sd and "snapshot" in sd else None
        return self._rules[url]

    def sd(self, url: str) -> dict | None:
        sd = self.package.resource(url) if self.package else None
        if sd is None and url.startswith(packages.CORE_BASE):
            sd = packages.hl7_definition(self.version, url)
        return sd

    def check_context(self, url: str, where: str) -> Issue | None:
        """Is the extension used where its definition allows? Decided only for contexts that are
        element paths of resources (data-type contexts would need the element's type: not checked)."""
        parent = self._parents.get(where)
        if parent is None:
            parent = _collapse(_INDEX.sub("", where).rsplit(".", 1)[0])
            if len(self._parents) >= KEPT_SIZE:
                self._parents.clear()
            self._parents[where] = parent
        key = (url, parent)
        if key not in self._context:  # the answer depends on the definition and the element only
            self._context[key] = self._context_refusal(url, parent)
        exprs = self._context[key]
        if exprs is None:
            return None
        return Issue("error", "structure", where, f"extension {url.rsplit('/', 1)[-1]} is not allowed on {parent} "
                                                  f"(its context: {', '.join(exprs)})")

    def _context_refusal(self, url: str, parent: str) -> list[str] | None:
        """The definition's contexts when they refuse `parent` (an element path without indices), else None."""
        sd = self.sd(url)
        contexts = [c for c in (sd or {}).get("context") or [] if _applies(c, packages.CORE_PACKAGES[self.version][1])]
        exprs = [c.get("expression", "") for c in contexts if c.get("type") == "element"]
        if not exprs or len(exprs) != len(contexts):
            return None
        resource_paths = [e for e in exprs if e[:1].isupper() and packages.core(self.version).resource(packages.CORE_BASE + e.split(".")[0])
                          and packages.core(self.version).resource(packages.CORE_BASE + e.split(".")[0]).get("kind") == "resource"]
        if len(resource_paths) != len(exprs):
            return None
        if any(parent == _collapse(e) for e in exprs):
            return None
        if "." not in parent and any(e in ("Resource", "DomainResource") for e in exprs):
            return None  # on the root of a resource, which every resource type is
        if any(packages.core(self.version).resource(packages.CORE_BASE + e.split(".")[0]).get("abstract") for e in exprs):
            return None  # other abstract types (CanonicalResource ...) would need the type hierarchy: not decided
        return exprs

    def check_extension(self, ext: dict, url: str, where: str, base: str | None, root: dict) -> list[Issue]:
        """An extension against its definition, once per distinct content: pages repeat the same extensions
        (frequency bands, categories). Kept with paths relative to the extension; never for a definition
        whose rules may read beyond the extension (%resource ...)."""
        if url not in self._reads_root:
            self._reads_root[url] = any(word in c[3].expression for r in self.rules(url) or [] for c in r.constraints
                                        if c[3] is not None for word in ROOT_WORDS)
        if self._reads_root[url] or not KEPT_SIZE:
            return self.check(ext, url, where, base, root)
        try:
            key = (url, base, orjson.dumps(ext))
        except TypeError:  # not plain JSON: check, do not keep
            return self.check(ext, url, where, base, root)
        kept = self._kept.get(key)
        if kept is None:
            found = self.check(ext, url, where, base, root)
            if any(not i.expression.startswith(where) for i in found):
                return found
            if len(self._kept) >= KEPT_SIZE:
                del self._kept[next(iter(self._kept))]  # the oldest kept
            kept = self._kept[key] = tuple((i.severity, i.code, i.expression[len(where):], i.diagnostics) for i in found)
        return [Issue(sev, code, where + rest, diag) for sev, code, rest, diag in kept]

    def check_resource(self, node: dict, url: str, where: str, base: str | None) -> list[Issue]:
        """A resource against a profile it claims: `check`, kept for the next resource whose check must give the
        same issues. Pages repeat their resources but for a few elements the profile only counts
        (identifier, subject, url, name ...: min/max rules with nothing below them and no value check):
        the key is the resource's JSON with each such element replaced by its shape (an array or not, how
        many items), which is all its rules see, and without the elements no rule reads (id, text ...). Not kept: a profile one of whose rules may read beyond
        its element (%resource ...) or checks the root element's value; a profile whose resources have
        not repeated in the first 200 checks (a regimen's PlanDefinition is its own)."""
        rules = self.rules(url)
        if rules is None:
            return []
        counted = self._counted(url, rules)
        reuse = self._reuse.setdefault(url, [0, 0])
        if counted is None or not KEPT_SIZE or (reuse[0] >= 200 and reuse[1] * 10 < reuse[0]):
            return self.check(node, url, where, base, node)
        count_only, read, choices, constrained = counted
        classes = self._classes.get(url)
        if classes is None or classes[0] is not counted:
            classes = self._classes[url] = (counted, {})
        classes = classes[1]
        seen = {}
        for k, v in node.items():
            cls = classes.get(k)
            if cls is None:
                if type(k) is not str:  # not plain JSON: check, do not keep
                    return self.check(node, url, where, base, node)
                # how the key is taken, decided once per key: 1 counted, 2 read, 0 not read
                cls = 1 if k in count_only else 2 if k in read or any(
                    k.startswith(c) and k[len(c):][:1].isupper() for c in choices) else 0
                if len(classes) < 1000:  # odd keys of damaged resources are not all remembered
                    classes[k] = cls
            if cls == 1:
                seen[k] = (True, len(v)) if isinstance(v, list) else (False, 1)
            elif cls == 2:
                seen[k] = v
        try:
            # the rules' invariants as they are now (a test may wrap them): a kept check is for those
            key = (url, where, base, tuple(id(r.constraints) for r in constrained), orjson.dumps(seen))
        except TypeError:  # not plain JSON: check, do not keep
            return self.check(node, url, where, base, node)
        reuse[0] += 1
        kept = self._kept_resources.get(key)
        if kept is not None:
            reuse[1] += 1
            return list(kept)
        found = self.check(node, url, where, base, node)
        if len(self._kept_resources) >= KEPT_SIZE:
            del self._kept_resources[next(iter(self._kept_resources))]  # the oldest kept
        self._kept_resources[key] = tuple(found)
        return found

    def _counted(self, url: str, rules: list[Rule]) -> tuple | None:
        """(the top-level keys the profile's rules only count, the other keys they read, the choice elements
        whose typed keys they read, the rules with invariants), or None when its checks are not to be kept. No rule reads another key."""
        known = self._depends.get(url)
        if known is not None and known[0] is rules:
            return known[1]
        counted: tuple | None
        if any(c[3] is not None and word in c[3].expression for r in rules for c in r.constraints for word in ROOT_WORDS) \
                or any(not r.steps and r.checks_values for r in rules):
            counted = None
        else:
            plain: dict[str, list[Rule]] = {}
            other_keys, choices = set(), []
            for r in rules:
                if not r.steps:
                    continue
                first = r.steps[0]
                if first.choice is not None:
                    choices.append(first.choice)
                elif first.ext_url is not None:
                    other_keys.add(first.key)
                else:
                    plain.setdefault(first.key, []).append(r)
            count_only = frozenset(
                k for k, rs in plain.items()
                if all(len(r.steps) == 1 and not r.checks_values for r in rs) and k not in other_keys
                and not any(k.startswith(c) and k[len(c):][:1].isupper() for c in choices))
            counted = (count_only, frozenset(plain) - count_only | other_keys, tuple(dict.fromkeys(choices)),
                       tuple(r for r in rules if r.constraints))
        self._depends[url] = (rules, counted)
        return counted

    # -- running the rules
    def _plan(self, url: str, rules: list[Rule]) -> list[tuple]:
        """How `check` runs each rule, decided once per rule list: rules share their ancestors' walk through
        `reached` (element id -> the nodes it selects), and which ids are known when a rule runs does not
        depend on the data. Per rule: (rule, the id its parents come from or None for the root, the steps
        still to walk as (step, id), its last step and id or None, whether that id is known, min, max as a
        number or None, whether it counts, what a missing one is called, whether it checks values)."""
        kept = self._plans.get(url)
        if kept is not None and kept[0] is rules:
            return kept[1]
        known: set[str] = set()
        plan = []
        for r in rules:
            src, start = None, 0
            for j in range(len(r.steps) - 1, 0, -1):
                if r.prefixes[j - 1] in known:
                    src, start = r.prefixes[j - 1], j
                    break
            walk = tuple((r.steps[j], r.prefixes[j]) for j in range(start, len(r.steps) - 1))
            known.update(p for _, p in walk)
            last = r.steps[-1] if r.steps else None
            last_id = r.prefixes[-1] if r.steps else None
            last_known = last_id is not None and last_id in known
            if last_id is not None:
                known.add(last_id)
            counting = bool(r.min) or (r.max is not None and r.max != "*")
            what = None if last is None else (f"extension {last.ext_url}" if last.ext_url
                                              else (last.key + ("[x]" if last.choice else "")))
            top = int(r.max) if r.max is not None and r.max != "*" else None
            plan.append((r, src, walk, last, last_id, last_known, r.min, top, counting, what, r.checks_values))
        self._plans[url] = (rules, plan)
        return plan

    def check(self, node: dict, url: str, where: str, base: str | None, root: dict) -> list[Issue]:
        rules = self.rules(url)
        if rules is None:
            return []
        issues: list[Issue] = []
        name = url.rsplit("/", 1)[-1]
        reached: dict[str, list] = {}  # element id -> the nodes it selects: rules share their ancestors' walk
        top_nodes = [(where, node)]
        children_of = self._children
        # paths are built only for an issue: a node's place is (its parent's place, key, index or None)
        for r, src, walk, last, last_id, last_known, least, top, counting, what, checks_values in self._plan(url, rules):
            parents = top_nodes if src is None else reached[src]
            for step, step_id in walk:
                parents = [c for p in parents for c in children_of(p, step, base)] if parents else []
                reached[step_id] = parents
            if last is None:  # the root element itself
                children = parents
            else:
                children = reached[last_id] if last_known else None
                if children is None or counting:
                    collected = []
                    for parent in parents:
                        kids = children_of(parent, last, base)
                        if kids:
                            collected.extend(kids)
                        if least and len(kids) < least:
                            issues.append(Issue("error", "required", f"{_place(parent[0])}.{last.key}",
                                                f"{name}: {what} is required (min {least}, found {len(kids)})"))
                        if top is not None and len(kids) > top:
                            target = _place(kids[top][0]) if kids else f"{_place(parent[0])}.{last.key}"
                            issues.append(Issue("error", "structure", target,
                                                f"{name}: at most {r.max} allowed here, found {len(kids)}"))
                    if children is None:
                        children = reached[last_id] = collected
            if checks_values:
                for cplace, cnode in children:
                    found = self._value_checks(r, cplace, cnode, name, base, root)
                    if found:
                        issues.extend(found)
        return issues

    def _children(self, parent: tuple[object, object], step: Step, base: str | None) -> list[tuple[object, object]]:
        pplace, pnode = parent
        if not isinstance(pnode, dict):
            return []
        if step.choice is None:
            key = step.key
            if key not in pnode:
                return []
            v = pnode[key]
            if isinstance(v, list):
                out = [((pplace, key, i), item) for i, item in enumerate(v)]
            else:
                out = [((pplace, key, None), v)]
        else:
            out = []
            choice = step.choice
            for k in [k for k in pnode if k.startswith(choice) and k[len(choice):][:1].isupper()]:
                v = pnode[k]
                if isinstance(v, list):
                    out.extend(((pplace, k, i), item) for i, item in enumerate(v))
                else:
                    out.append(((pplace, k, None), v))
        if step.ext_url is not None:
            out = [(p, v) for p, v in out if isinstance(v, dict)
                   and self.normalize(str(v.get("url", "")), base) == step.ext_url]
        return out

    def _value_checks(self, r: Rule, place, value, name: str, base: str | None, root: dict) -> list[Issue]:
        out = []
        if r.fixed is not None:
            actual = self.normalize(value, base) if isinstance(value, str) else value
            if actual != r.fixed:
                out.append(Issue("error", "value", _place(place), f"{name}: must be {r.fixed!r}, found {value!r}"))
        if r.pattern is not None and not _matches(value, r.pattern):
            out.append(Issue("error", "value", _place(place), f"{name}: does not match the required pattern {r.pattern}"))
        if r.types is not None and r.steps and r.steps[-1].choice:
            # the last part of the path, without its index: from the key itself when it is a plain string
            k = place[1] if type(place) is tuple else None
            key = (k if type(k) is str else _place(place)).rsplit(".", 1)[-1].split("[")[0]
            if not any(key == _type_key(r.steps[-1].choice, t) for t in r.types):
                out.append(Issue("error", "structure", _place(place), f"{name}: type {key[len(r.steps[-1].choice):]} is not "
                                                                      f"allowed here (allowed: {', '.join(r.types)})"))
        if r.min_value is not None and isinstance(value, (int, float)) and value < r.min_value:
            out.append(Issue("error", "value", _place(place), f"{name}: must be at least {r.min_value}, found {value}"))
        if r.binding:
            out.extend(self._binding(r.binding, value, place, name))
        for key, severity, human, run, decide in r.constraints:
            if run is None or not isinstance(value, dict):
                continue
            try:
                decided = decide(value) if decide is not None else None
                result = [decided] if decided is not None else run(value, {"resource": root, "rootResource": root})
            except Exception:
                continue
            if result == [False]:
                out.append(Issue("error" if severity == "error" else "warning", "invariant", _place(place), f"{key}: {human}"))
        return out

    def _binding(self, vs: str, value, place, name: str) -> list[Issue]:
        codes = valuesets.expand(self.version, vs)
        if codes is None:
            return []
        if isinstance(value, str):
            only = self._codes.get(vs)  # the codes without their systems, made once per expansion
            if only is None or only[0] is not codes:
                only = self._codes[vs] = (codes, frozenset(c for _, c in codes))
            ok = value in only[1]
        elif isinstance(value, dict) and "coding" in value or (isinstance(value, dict) and not value.get("system")):
            codings = value.get("coding")  # not a list: the walker reports the malformed value
            ok = isinstance(codings, list) and any(coding_pair(c) in codes for c in codings)
        elif isinstance(value, dict):
            ok = coding_pair(value) in codes
        else:
            ok = False
        return [] if ok else [Issue("error", "code-invalid", _place(place), f"{name}: not in the required value set {vs}")]


def _place(place) -> str:
    """The path of a node `check` reached: (the parent's place, key, index or None), down to the path `check`
    was given (a string; anything else is shown as an f-string would show it)."""
    parts = []
    while type(place) is tuple:
        place, key, index = place
        parts.append(f".{key}" if index is None else f".{key}[{index}]")
    return f"{place}" + "".join(reversed(parts))


@lru_cache(maxsize=None)
def profiles_for(version: str) -> Profiles:
    return Profiles(version)


# (top-level key, its value's JSON) -> where the value's extensions are: (path below the resource, the keys and
# indices that lead to each from the value), in the order the search finds them
_SCANS: dict[tuple[str, bytes], tuple[tuple[str, tuple], ...]] = {}
_SCANNED = [0, 0]  # values looked for in _SCANS, found


def _extensions(node, where: str, out: list) -> None:
    """(path, extension) of every extension with an absolute url in `node`, depth first, `contained` left out.
    The path of a node is built only for an extension found: `parts` holds the keys and indices above it.
    A resource is searched one top-level value at a time: a value whose JSON holds no 'xtension"' (so no
    "extension" or "modifierExtension" key) holds no extension and is passed over; where the extensions of a
    value are is kept by its key and JSON (pages repeat their values), and found again by those places."""
    if not isinstance(node, dict) or (_SCANNED[0] >= 25 and _SCANNED[1] * 10 < _SCANNED[0]):
        _extensions_in(node, [where], out)  # (also once values have seldom repeated: searched in one pass)
        return
    dumps = orjson.dumps
    for k, v in node.items():
        if not isinstance(v, (dict, list)):
            continue  # a scalar holds no extension
        if type(k) is not str or k in ("extension", "modifierExtension", "contained"):
            _extensions_in({k: v}, [where], out)  # as the search takes it within the resource
            continue
        try:
            data = dumps(v)
        except TypeError:  # not plain JSON: searched
            _extensions_in({k: v}, [where], out)
            continue
        if b'xtension"' not in data:
            continue
        _SCANNED[0] += 1
        places = _SCANS.get((k, data))
        if places is not None:
            _SCANNED[1] += 1
        else:
            raw: list = []
            _extension_places({k: v}, [""], raw)
            places = tuple((_joined(list(at)) + f".{ek}[{i}]", at[2:] + (ek, i)) for at, ek, i in raw)
            if KEPT_SIZE:
                if len(_SCANS) >= KEPT_SIZE:
                    del _SCANS[next(iter(_SCANS))]  # the oldest kept
                _SCANS[(k, data)] = places
        for rel, nav in places:
            item = v
            for step in nav:
                item = item[step]
            out.append((f"{where}{rel}", item))


def _extension_places(node, parts: list, out: list) -> None:
    """`_extensions_in`, giving (the keys and indices above each extension list, its key, the index) instead."""
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, list):
                if k in ("extension", "modifierExtension"):
                    for i, item in enumerate(v):
                        if isinstance(item, dict) and isinstance(item.get("url"), str) and "://" in item["url"]:
                            out.append((tuple(parts), k, i))
                if k in ("contained",):
                    continue
                parts.append(k)  # keys are strings here (the value was serialised)
                for i, item in enumerate(v):
                    if isinstance(item, (dict, list)):
                        parts.append(i)
                        _extension_places(item, parts, out)
                        parts.pop()
                parts.pop()
            elif isinstance(v, dict):
                if k in ("contained",):
                    continue
                parts.append(k)
                _extension_places(v, parts, out)
                parts.pop()
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (dict, list)):
                parts.append(i)
                _extension_places(item, parts, out)
                parts.pop()


def _extensions_in(node, parts: list, out: list) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if isinstance(v, list):
                if k in ("extension", "modifierExtension"):
                    for i, item in enumerate(v):
                        if isinstance(item, dict) and isinstance(item.get("url"), str) and "://" in item["url"]:
                            out.append((f"{_joined(parts)}.{k}[{i}]", item))
                if k in ("contained",):
                    continue
                parts.append(k if type(k) is str else (k,))  # an index is an int; any other key is wrapped
                for i, item in enumerate(v):  # the items of a list, here rather than in a call of their own
                    if isinstance(item, dict):
                        parts.append(i)
                        _extensions_in(item, parts, out)
                        parts.pop()
                    elif isinstance(item, list):
                        parts.append(i)
                        _extensions_in(item, parts, out)
                        parts.pop()
                parts.pop()
            elif isinstance(v, dict):
                if k in ("contained",):
                    continue
                parts.append(k if type(k) is str else (k,))
                _extensions_in(v, parts, out)
                parts.pop()
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, (dict, list)):
                parts.append(i)
                _extensions_in(item, parts, out)
                parts.pop()


def _joined(parts: list) -> str:
    """parts[0] (a path, or what stands in its place: a damaged resourceType), then '.key' for each key and '[i]' for each index below it."""
    return f"{parts[0]}" + "".join(f".{p}" if type(p) is str else f"[{p}]" if type(p) is int else f".{p[0]}"
                              for p in parts[1:])


def check_profiles(resource: dict, version: str, canonical_base: str | None = None,
                   data: bytes | None = None, info: dict | None = None) -> list[Issue]:
    """The resource against the profiles it claims (meta.profile), and every extension against its definition.
    `data`, the resource's JSON when the caller has it, lets a resource without extensions skip the search."""
    p = profiles_for(version)
    rtype = resource.get("resourceType", "Resource")
    issues: list[Issue] = []
    meta = resource.get("meta")
    claimed = (meta.get("profile") if isinstance(meta, dict) else None) or []  # a malformed meta: the walker reports it
    for i, url in enumerate(claimed if isinstance(claimed, list) else []):
        if not isinstance(url, str):
            continue
        norm = p.normalize(url, canonical_base)
        if norm.startswith(DEFAULT_BASE + "/") and p.package is None:
            issues.append(Issue("warning", "not-supported", f"{rtype}.meta.profile[{i}]",
                                f"our profiles for {version} are not installed (profiles/"
                                f"{packages.PROFILE_FOLDERS.get(version, '?')} not found; `make profiles` makes it): "
                                f"{url} is not checked"))
        elif norm.startswith(DEFAULT_BASE + "/"):
            sd = p._sds.get((p.package, norm), False)
            if sd is False:
                sd = p.package.resource(norm)
                if len(p._sds) < 1000:
                    p._sds[(p.package, norm)] = sd
            if sd is None:
                issues.append(Issue("error", "not-found", f"{rtype}.meta.profile[{i}]",
                                    f"profile {url} is not one of ours ({', '.join(sorted(p.package.urls('StructureDefinition'))) if p.package else 'none installed'})"))
                continue
            if sd.get("type") != rtype:
                issues.append(Issue("error", "invalid", f"{rtype}.meta.profile[{i}]", f"profile {url} is for {sd.get('type')}, not {rtype}"))
                continue
            issues.extend(p.check_resource(resource, norm, rtype, canonical_base))
        else:
            issues.append(Issue("information", "informational", f"{rtype}.meta.profile[{i}]",
                                f"profile {url} is not checked (not one of ours; pass --canonical-base if it is)"))
    found: list = []
    if data is not None and b'xtension"' not in data:  # neither "extension" nor "modifierExtension" anywhere
        return issues
    scanned = resource
    if rtype == "Bundle" and isinstance(resource.get("entry"), list):  # entries are validated on their own
        scanned = dict(resource, entry=[{k: v for k, v in e.items() if k != "resource"} if isinstance(e, dict) else e
                                        for e in resource["entry"]])
    _extensions(scanned, rtype, found)
    for where, ext in found:
        url = p.normalize(ext["url"], canonical_base)
        if p.rules(url) is None:
            if url.startswith(DEFAULT_BASE + "/") and p.package is not None:
                issues.append(Issue("error", "structure", where + ".url", f"unknown extension {ext['url']}"))
            continue
        issues.extend(p.check_extension(ext, url, where, canonical_base, resource))
        if info is not None and p._reads_root.get(url, True):
            info["reads_root"] = True  # the extension's rules may read the resource around it
        context_issue = p.check_context(url, where)
        if context_issue:
            issues.append(context_issue)
    return issues


_INDEX = re.compile(r"\[\d+\]")
VERSION_SPECIFIC = "http://hl7.org/fhir/StructureDefinition/version-specific-use"


def _applies(context: dict, number: str) -> bool:
    """A context marked for other FHIR versions only (the extensions pack's version-specific-use,
    e.g. RequestGroup.action up to 4.3) does not count for this version."""
    mine = tuple(int(x) for x in number.split(".")[:2])
    for ext in context.get("extension") or []:
        if ext.get("url") != VERSION_SPECIFIC:
            continue
        for part in ext.get("extension") or []:
            try:
                bound = tuple(int(x) for x in str(part.get("valueCode", "")).split(".")[:2])
            except ValueError:
                continue
            if part.get("url") == "startFhirVersion" and mine < bound:
                return False
            if part.get("url") == "endFhirVersion" and mine > bound:
                return False
    return True


def _collapse(path: str) -> str:
    """Recursive elements stand for their first level: PlanDefinition.action.action -> PlanDefinition.action."""
    out: list[str] = []
    for part in path.split("."):
        if not out or out[-1] != part:
            out.append(part)
    return ".".join(out)
