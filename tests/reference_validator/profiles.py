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

from regimen_fhir.validate import Issue, packages, valuesets
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
        parent = _collapse(_INDEX.sub("", where).rsplit(".", 1)[0])
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

    # -- running the rules
    def check(self, node: dict, url: str, where: str, base: str | None, root: dict) -> list[Issue]:
        rules = self.rules(url)
        if rules is None:
            return []
        issues: list[Issue] = []
        name = url.rsplit("/", 1)[-1]
        reached: dict[str, list] = {}  # element id -> the nodes it selects: rules share their ancestors' walk
        for r in rules:
            parents, start = [(where, node)], 0
            for j in range(len(r.steps) - 1, 0, -1):
                known = reached.get(r.prefixes[j - 1])
                if known is not None:
                    parents, start = known, j
                    break
            for j in range(start, len(r.steps) - 1):
                parents = [c for p in parents for c in self._children(p, r.steps[j], base)]
                reached[r.prefixes[j]] = parents
            if not r.steps:  # the root element itself
                children = parents
            else:
                last = r.steps[-1]
                children = reached.get(r.prefixes[-1])
                counting = bool(r.min) or (r.max is not None and r.max != "*")
                if children is None or counting:
                    collected = []
                    for ppath, pnode in parents:
                        kids = self._children((ppath, pnode), last, base)
                        collected.extend(kids)
                        if r.min and len(kids) < r.min:
                            what = f"extension {last.ext_url}" if last.ext_url else (last.key + ("[x]" if last.choice else ""))
                            issues.append(Issue("error", "required", f"{ppath}.{last.key}",
                                                f"{name}: {what} is required (min {r.min}, found {len(kids)})"))
                        if r.max is not None and r.max != "*" and len(kids) > int(r.max):
                            target = kids[int(r.max)][0] if kids else f"{ppath}.{last.key}"
                            issues.append(Issue("error", "structure", target,
                                                f"{name}: at most {r.max} allowed here, found {len(kids)}"))
                    if children is None:
                        children = reached[r.prefixes[-1]] = collected
            if r.checks_values:
                for cpath, cnode in children:
                    issues.extend(self._value_checks(r, cpath, cnode, name, base, root))
        return issues

    def _children(self, parent: tuple[str, object], step: Step, base: str | None) -> list[tuple[str, object]]:
        ppath, pnode = parent
        if not isinstance(pnode, dict):
            return []
        if step.choice is not None:
            keys = [k for k in pnode if k.startswith(step.choice) and k[len(step.choice):][:1].isupper()]
        else:
            keys = [step.key] if step.key in pnode else []
        out = []
        for k in keys:
            v = pnode[k]
            if isinstance(v, list):
                out.extend((f"{ppath}.{k}[{i}]", item) for i, item in enumerate(v))
            else:
                out.append((f"{ppath}.{k}", v))
        if step.ext_url is not None:
            out = [(p, v) for p, v in out if isinstance(v, dict)
                   and self.normalize(str(v.get("url", "")), base) == step.ext_url]
        return out

    def _value_checks(self, r: Rule, path: str, value, name: str, base: str | None, root: dict) -> list[Issue]:
        out = []
        if r.fixed is not None:
            actual = self.normalize(value, base) if isinstance(value, str) else value
            if actual != r.fixed:
                out.append(Issue("error", "value", path, f"{name}: must be {r.fixed!r}, found {value!r}"))
        if r.pattern is not None and not _matches(value, r.pattern):
            out.append(Issue("error", "value", path, f"{name}: does not match the required pattern {r.pattern}"))
        if r.types is not None and r.steps and r.steps[-1].choice:
            key = path.rsplit(".", 1)[-1].split("[")[0]
            if not any(key == _type_key(r.steps[-1].choice, t) for t in r.types):
                out.append(Issue("error", "structure", path, f"{name}: type {key[len(r.steps[-1].choice):]} is not "
                                                             f"allowed here (allowed: {', '.join(r.types)})"))
        if r.min_value is not None and isinstance(value, (int, float)) and value < r.min_value:
            out.append(Issue("error", "value", path, f"{name}: must be at least {r.min_value}, found {value}"))
        if r.binding:
            out.extend(self._binding(r.binding, value, path, name))
        for key, severity, human, run, decide in r.constraints:
            if run is None or not isinstance(value, dict):
                continue
            try:
                decided = decide(value) if decide is not None else None
                result = [decided] if decided is not None else run(value, {"resource": root, "rootResource": root})
            except Exception:
                continue
            if result == [False]:
                out.append(Issue("error" if severity == "error" else "warning", "invariant", path, f"{key}: {human}"))
        return out

    def _binding(self, vs: str, value, path: str, name: str) -> list[Issue]:
        codes = valuesets.expand(self.version, vs)
        if codes is None:
            return []
        if isinstance(value, str):
            ok = value in {c for _, c in codes}
        elif isinstance(value, dict) and "coding" in value or (isinstance(value, dict) and not value.get("system")):
            codings = value.get("coding")  # not a list: the walker reports the malformed value
            ok = isinstance(codings, list) and any(coding_pair(c) in codes for c in codings)
        elif isinstance(value, dict):
            ok = coding_pair(value) in codes
        else:
            ok = False
        return [] if ok else [Issue("error", "code-invalid", path, f"{name}: not in the required value set {vs}")]


@lru_cache(maxsize=None)
def profiles_for(version: str) -> Profiles:
    return Profiles(version)


def _extensions(node, where: str, out: list) -> None:
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("extension", "modifierExtension") and isinstance(v, list):
                for i, item in enumerate(v):
                    if isinstance(item, dict) and isinstance(item.get("url"), str) and "://" in item["url"]:
                        out.append((f"{where}.{k}[{i}]", item))
            if k in ("contained",):
                continue
            if isinstance(v, (dict, list)):
                _extensions(v, f"{where}.{k}", out)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            _extensions(item, f"{where}[{i}]", out)


def check_profiles(resource: dict, version: str, canonical_base: str | None = None,
                   data: bytes | None = None) -> list[Issue]:
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
            sd = p.package.resource(norm)
            if sd is None:
                issues.append(Issue("error", "not-found", f"{rtype}.meta.profile[{i}]",
                                    f"profile {url} is not one of ours ({', '.join(sorted(p.package.urls('StructureDefinition'))) if p.package else 'none installed'})"))
                continue
            if sd.get("type") != rtype:
                issues.append(Issue("error", "invalid", f"{rtype}.meta.profile[{i}]", f"profile {url} is for {sd.get('type')}, not {rtype}"))
                continue
            issues.extend(p.check(resource, norm, rtype, canonical_base, resource))
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
