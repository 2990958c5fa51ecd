"""The base specification, compiled from the core package's StructureDefinitions.

One walk over a resource checks the whole base specification:
- structure: element names (an unknown element, or `_name` on a non-primitive, is an error),
  cardinality (required elements, arrays exactly where max > 1, one type of a choice [x]);
- primitive formats: JSON type and the FHIR regex of each primitive type (read from the core
  package), integer ranges, and the empty-value rules of FHIR JSON;
- required bindings, against the core ValueSets (`valuesets.py`);
- invariants: ele-1, ext-1 and the narrative rules (txt-1, txt-2) in plain code; every other
  invariant of the resource, its backbone elements and its data types with fhirpathpy, unless the
  JSON alone decides it (`shortcut.py`);
- reference and canonical targets: the type a reference points to must be an allowed target.
fhir.resources (`structural.py`) stays out of this hot path: the tests run it as a second opinion on
the same inputs (tests/test_validate_structure.py).

Each (version, type) is compiled once into a table of `Elem` records; the walk only looks up keys.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import orjson

from . import Issue, packages, valuesets
from .narrative import check_narrative
from .shortcut import CHOICE_TYPES, KNOWN, KNOWN_READS, compile_shortcut

FHIR_TYPE_EXT = "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"
REGEX_EXT = "http://hl7.org/fhir/StructureDefinition/regex"
SYSTEM_TYPES = {"System.String": "string", "System.Boolean": "boolean", "System.Integer": "integer",
                "System.Decimal": "decimal", "System.Date": "date", "System.DateTime": "dateTime",
                "System.Time": "time"}
INT_TYPES = {"integer": (-2147483648, 2147483647), "positiveInt": (1, 2147483647), "unsignedInt": (0, 2147483647)}
PLAIN_CODE = {"ele-1", "ext-1", "txt-1", "txt-2"}  # checked in code, not with FHIRPath
# invariants whose FHIRPath needs functions fhirpathpy lacks (or a server); listed, not evaluated
NEEDS = ("conformsTo(", "memberOf(", "resolve()", "htmlChecks", "descendants().ofType(", "getValue(")
REFERENCE_RE = re.compile(r"^(?:.*/)?([A-Z][A-Za-z]+)/[A-Za-z0-9\-.]{1,64}(?:/_history/[A-Za-z0-9\-.]{1,64})?$")
FHIRPATH_MODEL = {"R4B": "r4", "R5": "r5"}


_UNCOMPILED = object()
ROOT_WORDS = ("%resource", "%rootResource", "resolve(", "%context")


@dataclass(eq=False)
class Constraint:
    """An invariant. Its FHIRPath is compiled on first use: the shortcut (`decide`) settles almost every
    evaluation from the JSON, and compiling all of them cost each worker process a third of a second."""
    key: str
    severity: str
    human: str
    expression: str
    version: str
    evaluable: bool  # False when it needs what we cannot evaluate (NEEDS)
    decide: object = None  # shortcut.compile_shortcut: the outcome from the JSON alone, when it can tell
    _compiled: object = field(default=_UNCOMPILED, repr=False)

    @cached_property
    def reads_root(self) -> bool:
        """Whether the rule's outcome may depend on more than the element it is on."""
        return any(word in self.expression for word in ROOT_WORDS)

    @property
    def run(self):
        """The compiled FHIRPath, or None when not evaluable (then listed in `not_evaluated`)."""
        if self._compiled is _UNCOMPILED:
            self._compiled = compile_fhirpath(self.version, self.expression) if self.evaluable else None
            if self._compiled is None:
                not_evaluated[self.key] = self.expression
        return self._compiled


@dataclass
class Elem:
    path: str
    types: list[str]
    max: str
    content_ref: str | None = None
    binding: str | None = None  # a required binding's ValueSet url
    targets: dict[str, list[str]] = field(default_factory=dict)
    constraints: list[Constraint] = field(default_factory=list)
    children: dict[str, tuple["Elem", str]] = field(default_factory=dict)  # json key -> (elem, type)
    min: int = 0
    choice: bool = False  # a choice of types (value[x])
    required: list[tuple[str, tuple[str, ...], int]] = field(default_factory=list)  # (name, json keys, min)
    # the walk's plan for this element's children, per set of skipped paths: see `_plan`
    plans: dict = field(default_factory=dict, repr=False, compare=False)


not_evaluated: dict[str, str] = {}  # invariant key -> why it is not checked


def _type_code(t: dict) -> str:
    code = t["code"]
    for ext in t.get("extension", []):
        if ext.get("url") == FHIR_TYPE_EXT:
            return ext.get("valueUrl") or ext.get("valueUri") or code
    return SYSTEM_TYPES.get(code, code)


def _has_value(inputs):
    return [len(inputs) == 1 and not isinstance(inputs[0], (dict, list))]


_OPTIONS = {"userInvocationTable": {"hasValue": {"fn": _has_value, "arity": {0: []}}},
            "traceFn": lambda *args: None}


@lru_cache(maxsize=None)
def compile_fhirpath(version: str, expression: str):
    """A compiled FHIRPath function, or None when the expression uses what we cannot evaluate."""
    if any(n in expression for n in NEEDS):
        return None
    from fhirpathpy import compile as fp_compile
    from fhirpathpy.models import models

    try:
        return fp_compile(expression, models[FHIRPATH_MODEL[version]], _OPTIONS)
    except Exception:  # the parser rejects it: report it as not evaluated
        return None


class LazyFhirPath:
    """A FHIRPath function compiled on its first call (most calls never come: the shortcut decides)."""

    def __init__(self, version: str, expression: str):
        self.version, self.expression = version, expression

    def __call__(self, *args):
        fn = compile_fhirpath(self.version, self.expression)
        if fn is None:
            raise ValueError(f"FHIRPath not evaluable here: {self.expression}")
        return fn(*args)


def lazy_fhirpath(version: str, expression: str) -> LazyFhirPath | None:
    return None if any(n in expression for n in NEEDS) else LazyFhirPath(version, expression)


def make_constraint(version: str, c: dict, context_type: str | None = None) -> Constraint | None:
    key = c.get("key", "")
    expr = c.get("expression")
    if key in PLAIN_CODE or not expr:
        return None
    evaluable = not any(n in expr for n in NEEDS)
    if not evaluable:
        not_evaluated[key] = expr
    return Constraint(key, "error" if c.get("severity") == "error" else "warning", c.get("human", ""), expr, version,
                      evaluable, compile_shortcut(expr, context_type) if evaluable else None)


@dataclass
class TypeTable:
    name: str
    kind: str  # resource | complex-type | primitive-type
    elems: dict[str, Elem]
    regex: re.Pattern | None = None
    base: str | None = None  # the type this one specialises (DomainResource, Resource, Element ...)

    @property
    def root(self) -> Elem:
        return self.elems[self.name]


_TYPE_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")


@lru_cache(maxsize=None)
def table(version: str, type_name: str) -> TypeTable | None:
    sd = packages.core(version).resource(packages.CORE_BASE + type_name)
    if not sd or "snapshot" not in sd:
        return None
    elems: dict[str, Elem] = {}
    regex = None
    for e in sd["snapshot"]["element"]:
        if ":" in e.get("id", ""):  # slices in core profiles: not part of the base shape
            continue
        path = e["path"]
        types = [_type_code(t) for t in e.get("type", [])]
        if path.endswith(".value") and path.count(".") == 1 and e.get("type"):
            for ext in e["type"][0].get("extension", []):
                if ext.get("url") == REGEX_EXT:
                    regex = re.compile(ext["valueString"])
        b = e.get("binding") or {}
        el = Elem(path, types, e.get("max", "1"), min=int(e.get("min") or 0), choice=path.endswith("[x]"), content_ref=(e.get("contentReference") or "").split("#")[-1] or None,
                  binding=b.get("valueSet") if b.get("strength") == "required" else None)
        for t in e.get("type", []):
            if t.get("targetProfile"):
                el.targets[_type_code(t)] = [p.rsplit("/", 1)[-1] for p in t["targetProfile"]]
        # a concrete resource's own root rules only ever run on that type: its name may lead their paths
        concrete = sd.get("kind") == "resource" and not sd.get("abstract") and path == type_name
        el.constraints = [c for c in (make_constraint(version, c, type_name if concrete else None)
                                      for c in e.get("constraint", [])) if c]
        elems[path] = el
    for path, el in elems.items():
        if "." not in path:
            continue
        parent, name = path.rsplit(".", 1)
        if parent not in elems:
            continue
        if name.endswith("[x]"):
            keys = tuple(name[:-3] + t[:1].upper() + t[1:] for t in el.types)
            for k, t in zip(keys, el.types):
                elems[parent].children[k] = (el, t)
            name = name[:-3]
        else:
            keys = (name,)
            elems[parent].children[name] = (el, el.types[0] if el.types else "")
        if el.min > 0:
            elems[parent].required.append((name, keys, el.min))
    if sd.get("kind") == "resource" and f"{type_name}.id" in elems:
        el = elems[f"{type_name}.id"]
        elems[type_name].children["id"] = (el, "id")
    base = (sd.get("baseDefinition") or "").rsplit("/", 1)[-1] or None
    return TypeTable(type_name, sd.get("kind", ""), elems, regex, base if base != type_name else None)


@lru_cache(maxsize=None)
def resource_invariants(version: str, type_name: str) -> tuple[Constraint, ...]:
    """A resource's own invariants and those it inherits (R4B snapshots repeat the inherited
    dom-* rules on the root; R5 snapshots do not, so walk up the base chain)."""
    out: dict[str, Constraint] = {}
    name: str | None = type_name
    while name:
        tab = table(version, name)
        if tab is None:
            break
        for c in tab.root.constraints:
            out.setdefault(c.key, c)
        name = tab.base
    return tuple(out.values())


_ABSTRACT: dict[tuple[str, str], object] = {}  # (version, a type with a resource table) -> its 'abstract'


def _abstract(version: str, rtype: str):
    """Whether a type the core package defines as a resource is abstract (asked once per type)."""
    key = (version, rtype)
    if key not in _ABSTRACT:
        _ABSTRACT[key] = packages.core(version).resource(packages.CORE_BASE + rtype).get("abstract")
    return _ABSTRACT[key]


def _is_primitive(t: str) -> bool:
    return bool(t) and t[0].islower()


class Walker:
    """Walks one resource; `resolve` maps a reference (fullUrl, url|version) to a resource type."""

    def __init__(self, version: str, root: dict, resolve: dict[str, str] | None = None,
                 skip: tuple[str, ...] = ("Bundle.entry.resource",)):
        self.version = version
        self.root = root
        self.resolve = resolve or {}
        self.lookups: dict[str, str | None] = {}  # what was looked up in `resolve`, and what it gave
        self.lookup_log: list[tuple[str, str | None]] = []  # the same, in order (a value's share is a slice)
        self.root_reads = 0  # FHIRPath evaluations so far of rules that read beyond their element
        self.engine_runs = 0  # rules the JSON did not decide (handed to the FHIRPath engine) so far
        self.root_engine_runs = 0  # resources whose own invariants were not all decided from the JSON
        self.skip = frozenset(skip)
        self.issues: list[Issue] = []
        if _TRIED_FOR[0] is not _KEPT:  # a new store of values (a test's): counted afresh
            _TRIED.clear()
            _TRIED_FOR[0] = _KEPT
        # a list to note, for the resource's own keys, (key, issues so far, lookups so far) before each and at the
        # end; with `partial`, the node walked is some of a resource's keys (no ele-1 or required check): reuse.py
        self.marks: list | None = None
        self.partial = False

    def error(self, code: str, where: str, msg: str, severity: str = "error") -> None:
        self.issues.append(Issue(severity, code, where, msg))

    # -- entry points
    def resource(self, res: dict, where: str) -> None:
        rtype = res.get("resourceType")
        if not isinstance(rtype, str):
            self.error("structure", where, "resourceType is missing")
            return
        # a type's name only: the package would also resolve 'Type|version' or a path to a definition
        tab = table(self.version, rtype) if _TYPE_NAME.fullmatch(rtype) else None
        if tab is None or tab.kind != "resource" or _abstract(self.version, rtype):
            self.error("not-supported", where, f"unknown resource type '{rtype}' in FHIR {self.version}")
            return
        self.complex(res, tab, tab.root, where, rtype, is_resource=True)
        runs = self.engine_runs
        self.invariants(resource_invariants(self.version, rtype), res, rtype, where, rtype)
        if self.engine_runs != runs:
            self.root_engine_runs += 1

    # -- the walk
    def complex(self, node, tab: TypeTable, elem: Elem, where: str, fp_type: str, is_resource: bool = False) -> None:
        if not isinstance(node, dict):
            self.error("structure", where, f"expected a JSON object ({fp_type}), found {type(node).__name__}")
            return
        marks = None
        whole = True
        if is_resource and self.marks is not None:  # the resource's own keys: where each one's issues start
            marks, self.marks = self.marks, None
            if self.partial:  # some keys of a resource, walked apart (reuse.py): not the whole node
                whole = self.partial = False
        if whole and (not node or (len(node) == 1 and "id" in node)):
            self.error("invariant", where, "ele-1: an element must have a value or children")
        plan = elem.plans.get(self.skip)
        if plan is None:
            plan = elem.plans[self.skip] = _plan(self.version, elem, self.skip)
        steps, required = plan
        choice: dict[str, str] | None = None
        for key, value in node.items():
            if marks is not None:
                marks.append((key, len(self.issues), len(self.lookup_log)))
            step = steps.get(key)  # no element name starts with '_' or is 'resourceType'
            if step is None and key in elem.children:
                step = steps[key] = _step(self.version, elem.children[key], self.skip)
            if step is None:
                if key == "resourceType" and is_resource:
                    continue
                children = elem.children
                if key.startswith("_"):
                    child = children.get(key[1:])
                    if child is None or not (_is_primitive(child[1]) or child[1] == "xhtml"):
                        self.error("structure", f"{where}.{key}", f"unknown element '{key}' in {fp_type}: extra elements "
                                                                  "are not permitted (a '_' element extends a primitive)")
                        continue
                    self.primitive_extension(value, where + "." + key)
                    continue
                self.error("structure", f"{where}.{key}", f"unknown element '{key}' in {fp_type}: extra elements are not permitted")
                continue
            el, t, kind, a, b = step
            if el.choice:
                if choice is None:
                    choice = {}
                other = choice.setdefault(el.path, key)
                if other != key:
                    self.error("structure", f"{where}.{key}", f"{el.path} takes one type, found {other} and {key}")
            # a value that cannot give an issue (the plain case of a primitive, a data type value kept with
            # no issue and no lookup) is passed without building its path; anything else takes the full walk
            if isinstance(value, list):
                if not value:
                    self.error("structure", f"{where}.{key}", "an array must not be empty (FHIR JSON)")
                elif el.max == "1":
                    self.error("structure", f"{where}.{key}", f"{key} takes a single value in {fp_type}, found an array")
                items, single = value, False
            else:
                if el.max != "1" and el.max != "0":
                    self.error("structure", f"{where}.{key}", f"{key} repeats (max {el.max}): FHIR JSON needs an array")
                items, single = (value,), True
            for i, item in enumerate(items):
                dkey = None
                if kind == K_STR:  # the common case, inline: a string primitive
                    if isinstance(item, str):
                        if (a is None or a(item)) and item.strip():
                            if b is None:
                                continue
                            codes = b.get()
                            if codes is None or item in codes:
                                continue
                elif kind == K_KEPT:
                    tried = _TRIED.get(id(el))
                    if tried is None:
                        tried = _TRIED[id(el)] = [0, 0]
                    if tried[0] >= 25 and tried[1] * 10 < tried[0]:
                        dkey = False  # this element's values do not repeat (a page's own plan actions): not kept
                    else:
                        try:
                            dkey = (id(el), t, orjson.dumps(item))
                        except TypeError:
                            pass
                        else:
                            tried[0] += 1
                            kept = _KEPT.get(dkey)
                            if kept is not None:
                                tried[1] += 1
                                if not kept[0] and not kept[1]:
                                    continue
                elif kind and _clean(kind, a, b, item):
                    continue
                self.element(item, tab, el, t, f"{where}.{key}" if single else f"{where}.{key}[{i}]", dkey)
        if marks is not None:
            marks.append((None, len(self.issues), len(self.lookup_log)))
        if not whole:
            return
        for name, keys, least in required:
            for k in keys:
                if k in node:
                    break
            else:
                self.error("required", f"{where}.{name}", f"{name} is required in {fp_type} (min {least}), missing")

    def primitive_extension(self, value, where: str) -> None:
        items = value if isinstance(value, list) else [value]
        etab = table(self.version, "Element")
        for i, item in enumerate(items):
            if item is None:
                continue
            self.complex(item, etab, etab.root, f"{where}[{i}]" if isinstance(value, list) else where, "Element")

    def element(self, item, tab: TypeTable, el: Elem, t: str, where: str, dkey: tuple | None = None) -> None:
        """One value of an element; `dkey`, when the caller has it, is the value's key in _KEPT (False: not to
        be kept)."""
        if el.content_ref:
            target = tab.elems.get(el.content_ref)
            if target is None:
                return
            if dkey and self.reuse(dkey, where):
                return
            first_issue, first_lookup, root_reads = len(self.issues), len(self.lookup_log), self.root_reads
            self.complex(item, tab, target, where, el.content_ref)
            self.invariants(target.constraints, item, el.content_ref, where, el.content_ref)
            if dkey:
                self.keep(dkey, where, first_issue, first_lookup, root_reads)
            return
        if el.path in self.skip:
            return
        if t and t[0].islower():  # a primitive type, or xhtml
            self.primitive(item, t, where)
            if t == "xhtml" and isinstance(item, str):
                for code, msg in check_narrative(item):
                    self.error("invariant", where, msg)
        elif t in ("BackboneElement", "Element") and el.children:
            if dkey and self.reuse(dkey, where):
                return  # a backbone element has no binding and is no canonical
            first_issue, first_lookup, root_reads = len(self.issues), len(self.lookup_log), self.root_reads
            self.complex(item, tab, el, where, el.path)
            self.invariants(el.constraints, item, el.path, where, el.path)
            if dkey:
                self.keep(dkey, where, first_issue, first_lookup, root_reads)
        elif t == "Resource":
            if isinstance(item, dict):
                self.resource(item, where)
        else:
            dtab = table(self.version, t)
            if dtab is None:
                return
            self.datatype(item, dtab, el, t, where, dkey)
        if el.binding:
            self.binding(item, t, el.binding, where)
        if t == "canonical" and el.targets.get("canonical") and isinstance(item, str):
            self.canonical_target(item, el.targets["canonical"], where)

    def datatype(self, item, dtab: TypeTable, el: Elem, t: str, where: str, key: tuple | None = None) -> None:
        """A data type's value, checked once per distinct content at its element: pages repeat the same
        codes, quantities, meta and timings over and over (half the data-type values of sources/ are
        repeats). What the check found is kept with paths relative to the value, and with the lookups in
        `resolve` it made, reused only when those give the same answers here; a check that evaluated a
        rule reading beyond the value (%resource, %rootResource, resolve()) is not kept."""
        if key is None and t in KEPT_TYPES:
            try:
                key = (id(el), t, orjson.dumps(item))
            except TypeError:  # not plain JSON: check, do not keep
                pass
        if key and self.reuse(key, where):
            return
        first_issue, first_lookup, root_reads = len(self.issues), len(self.lookup_log), self.root_reads
        if type(item) is not dict or not self.flat(item, dtab.root):
            self.complex(item, dtab, dtab.root, where, t)
        self.invariants(_type_and_element_constraints(dtab, el), item, t, where, t)
        if t == "Extension" and isinstance(item, dict):
            has_ext = bool(item.get("extension"))
            has_value = any(k.startswith("value") for k in item)
            if has_ext == has_value:
                self.error("invariant", where, "ext-1: an extension must have either extensions or a value[x], not both")
        if t == "Reference" and el.targets.get("Reference"):
            self.reference_target(item, el.targets["Reference"], where)
        if key:
            self.keep(key, where, first_issue, first_lookup, root_reads)

    def flat(self, node: dict, elem: Elem) -> bool:
        """Whether `complex` would find nothing in a flat value (a reference, an identifier: strings of single
        elements whose steps are known, each passing its format and bound codes, required children there);
        then it is not called. Anything else: False, and `complex` walks the value."""
        n = len(node)
        if not n or (n == 1 and "id" in node):
            return False  # ele-1
        plan = elem.plans.get(self.skip)
        if plan is None:
            return False
        steps, required = plan
        for k, v in node.items():
            step = steps.get(k)
            if step is None or step[2] != K_STR or type(v) is not str:
                return False
            el, _, _, a, b = step
            if el.choice or (el.max != "1" and el.max != "0"):
                return False
            if not ((a is None or a(v)) and v.strip()):
                return False
            if b is not None:
                codes = b.get()
                if codes is not None and v not in codes:
                    return False
        for name, keys, least in required:
            for k in keys:
                if k in node:
                    break
            else:
                return False
        return True

    def reuse(self, key: tuple, where: str) -> bool:
        """Report the kept outcome of a value (its issues at `where`, its lookups) when there is one and the
        bundle's answers to its lookups are the same here; False when the value must be walked."""
        kept = _KEPT.get(key)
        if kept is None:
            return False
        found, looked = kept
        if looked:
            answers = self.resolve
            for ref, answer in looked:
                if answers.get(ref) != answer:
                    return False
            for ref, answer in looked:
                self.lookups[ref] = answer
            self.lookup_log.extend(looked)
        if found:
            self.issues.extend(Issue(sev, code, where + rest, diag) for sev, code, rest, diag in found)
        return True

    def keep(self, key: tuple, where: str, first_issue: int, first_lookup: int, root_reads: int) -> None:
        """Keep what the walk of a value at `where` found since `first_issue` (paths relative to the value) and
        looked up since `first_lookup`, unless it evaluated a rule that reads beyond the value."""
        if self.root_reads != root_reads:
            return
        new = self.issues[first_issue:]
        if any(not i.expression.startswith(where) for i in new):
            return
        if len(_KEPT) >= KEPT_SIZE:
            if not KEPT_SIZE:  # keeping switched off
                return
            del _KEPT[next(iter(_KEPT))]  # the oldest kept
        _KEPT[key] = (tuple((i.severity, i.code, i.expression[len(where):], i.diagnostics) for i in new),
                      tuple(self.lookup_log[first_lookup:]))

    def primitive(self, item, t: str, where: str) -> None:
        if t == "boolean":
            if not isinstance(item, bool):
                self.error("value", where, f"expected a JSON boolean (boolean), found {item!r}")
            return
        if t in INT_TYPES:
            lo, hi = INT_TYPES[t]
            if isinstance(item, bool) or not isinstance(item, int):
                self.error("value", where, f"expected a JSON integer ({t}), found {item!r}")
            elif not lo <= item <= hi:
                self.error("value", where, f"{item} is out of range for {t} ({lo}..{hi})")
            return
        if t == "decimal":
            if isinstance(item, bool) or not isinstance(item, (int, float)):
                self.error("value", where, f"expected a JSON number (decimal), found {item!r}")
            return
        if not isinstance(item, str):
            self.error("value", where, f"expected a JSON string ({t}), found {item!r}")
            return
        if t == "xhtml":
            return
        regex = _primitive_regex(self.version, t)
        if regex is not None and not regex.fullmatch(item):
            shown = item if len(item) <= 60 else item[:57] + "..."
            self.error("value", where, f"{shown!r} is not a valid {t}")
        elif not item.strip():
            self.error("value", where, f"a {t} must not be empty or only whitespace")

    # -- bindings and targets
    def binding(self, item, t: str, vs_url: str, where: str) -> None:
        codes = valuesets.expand(self.version, vs_url)
        if codes is None:
            return
        vs = vs_url.split("|")[0]
        if t in ("code", "string", "uri") and isinstance(item, str):
            if item not in {c for _, c in codes}:
                self.error("code-invalid", where, f"'{item}' is not in the required value set {vs}")
        elif t == "Coding" and isinstance(item, dict):
            if coding_pair(item) not in codes:
                self.error("code-invalid", where,
                           f"{item.get('system')}#{item.get('code')} is not in the required value set {vs}")
        elif t == "CodeableConcept" and isinstance(item, dict):
            codings = [c for c in item.get("coding") or [] if isinstance(c, dict)] if isinstance(item.get("coding") or [], list) else []
            if not any(coding_pair(c) in codes for c in codings):
                self.error("code-invalid", where, f"no coding from the required value set {vs}")
        elif t == "Quantity" and isinstance(item, dict) and "code" in item:
            if coding_pair(item) not in codes:
                self.error("code-invalid", where, f"unit {item.get('code')} is not in the required value set {vs}")

    def _target_type(self, ref: str) -> str | None:
        found = self.lookups[ref] = self.resolve.get(ref)
        self.lookup_log.append((ref, found))
        if found is not None:
            return found
        m = REFERENCE_RE.match(ref)
        return m.group(1) if m else None

    def reference_target(self, item, targets: list[str], where: str) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("reference"), str) or "Resource" in targets:
            return
        ref = item["reference"]
        if ref.startswith("#"):
            return  # contained: ref-1
        rtype = self._target_type(ref)
        if rtype is not None and rtype not in targets:
            self.error("invalid", where + ".reference",
                       f"a reference to {rtype} is not allowed here (allowed: {', '.join(targets)})")

    def canonical_target(self, item: str, targets: list[str], where: str) -> None:
        if "Resource" in targets:
            return
        plain = item.split("|")[0]
        self.lookups[item], self.lookups[plain] = self.resolve.get(item), self.resolve.get(plain)
        self.lookup_log += ((item, self.lookups[item]), (plain, self.lookups[plain]))
        rtype = self.lookups[item] or self.lookups[plain]
        if rtype is not None and rtype not in targets:
            self.error("invalid", where, f"a canonical to {rtype} is not allowed here (allowed: {', '.join(targets)})")

    # -- FHIRPath invariants
    def invariants(self, constraints: list[Constraint] | tuple[Constraint, ...], item, fp_type: str, where: str, model_path: str) -> None:
        if not constraints or not isinstance(item, dict):
            return
        for c in constraints:
            if not c.evaluable:
                continue
            decide = c.decide
            if decide is not None:
                decided = decide(item)
                if decided is not None:
                    if decided is False:
                        self.error("invariant", where, f"{c.key}: {c.human}", c.severity)
                    continue
            self.engine_runs += 1
            from fhirpathpy.engine.nodes import ResourceNode  # only for a rule the JSON does not decide

            run = c.run
            if run is None:
                continue
            if c.reads_root:
                self.root_reads += 1
            try:
                node = ResourceNode.create_node(item, model_path)
                result = run(node, {"resource": self.root, "rootResource": self.root})
            except Exception as exc:  # an engine failure is not the resource's fault
                not_evaluated.setdefault(c.key, f"{c.expression} (engine error: {type(exc).__name__})")
                continue
            if result == [False]:
                self.error("invariant", where, f"{c.key}: {c.human}", c.severity)



# How the walk takes a child element's values, decided once per (element, child) instead of per value:
# (elem, type, kind, a, b). For the kinds below, `_clean` tells from the value alone that the full check
# (Walker.element) would find nothing and look nothing up; only then is the value passed without building
# its path. Kind 0: always the full check.
K_FULL, K_BOOL, K_INT, K_DEC, K_STR, K_KEPT = 0, 1, 2, 3, 4, 5


class _Codes:
    """The codes of a required binding on a string-like primitive, expanded on first use (as `binding` does)."""
    __slots__ = ("version", "url", "_codes", "_done")

    def __init__(self, version: str, url: str):
        self.version, self.url, self._codes, self._done = version, url, None, False

    def get(self) -> frozenset | None:
        if not self._done:
            codes = valuesets.expand(self.version, self.url)
            self._codes = None if codes is None else frozenset(c for _, c in codes)
            self._done = True
        return self._codes


# Cheaper tests for the commonest primitive regexes, each implying the regex matches (the regex is asked
# otherwise). `str.isprintable()` is false for every character Python's `\s` matches except the space (they
# are all control characters or separators), so a printable string has no whitespace but spaces.
def _printable_or(regex: re.Pattern):  # [ \r\n\t\S]+ (string, markdown in R4B)
    full = regex.fullmatch
    return lambda s: (s != "" and s.isprintable()) or full(s) is not None


def _no_space_or(regex: re.Pattern):  # \S* (uri, url, canonical)
    full = regex.fullmatch
    return lambda s: (s.isprintable() and " " not in s) or full(s) is not None


def _single_spaced_or(regex: re.Pattern):  # [^\s]+(\s[^\s]+)* (code in R4B), [^\s]+( [^\s]+)* (R5)
    full = regex.fullmatch
    return lambda s: (s != "" and s.isprintable() and s[0] != " " and s[-1] != " " and "  " not in s) or full(s) is not None


def _any_nonempty(regex: re.Pattern):  # ^[\s\S]+$ (string, markdown in R5): every non-empty string
    return lambda s: s != ""


_FAST = {r"[ \r\n\t\S]+": _printable_or, r"\S*": _no_space_or, r"[^\s]+(\s[^\s]+)*": _single_spaced_or,
         r"[^\s]+( [^\s]+)*": _single_spaced_or, r"^[\s\S]+$": _any_nonempty}


def _matcher(version: str, t: str):
    """A primitive type's format test: a function str -> truthy when its regex matches, or None (no regex)."""
    regex = _primitive_regex(version, t)
    if regex is None:
        return None
    fast = _FAST.get(regex.pattern)
    return fast(regex) if fast is not None and not regex.flags & ~re.UNICODE else regex.fullmatch


def _plan(version: str, elem: Elem, skip: frozenset) -> tuple[dict, list]:
    """(json key -> step, filled as keys are met; the required children as (name, keys and their '_' forms, min))."""
    required = [(name, tuple(k2 for k in keys for k2 in (k, "_" + k)), least) for name, keys, least in elem.required]
    return {}, required


def _step(version: str, child: tuple, skip: frozenset) -> tuple:
    el, t = child
    if el.content_ref or el.path in skip or not t or not t[0].islower() or t == "xhtml":
        if (not el.content_ref and el.path not in skip and t in KEPT_TYPES and not el.binding
                and not (t == "canonical" and el.targets.get("canonical"))):
            return el, t, K_KEPT, None, None
        if (el.path not in skip and (el.content_ref or (t in ("BackboneElement", "Element") and el.children))
                and not any(s.startswith(el.path.split(".", 1)[0] + ".") for s in skip)):
            return el, t, K_KEPT, None, None  # a backbone element's value (action, undesirableEffect ...)
        return el, t, K_FULL, None, None
    if t == "canonical" and el.targets.get("canonical"):
        return el, t, K_FULL, None, None  # the target check looks up the bundle's answers: always made
    if t == "boolean":
        return (el, t, K_BOOL, None, None) if not el.binding else (el, t, K_FULL, None, None)
    if t in INT_TYPES:
        return (el, t, K_INT, *INT_TYPES[t]) if not el.binding else (el, t, K_FULL, None, None)
    if t == "decimal":
        return (el, t, K_DEC, None, None) if not el.binding else (el, t, K_FULL, None, None)
    codes = None
    if el.binding:
        if t not in ("code", "string", "uri"):
            return el, t, K_FULL, None, None
        codes = _Codes(version, el.binding)
    return el, t, K_STR, _matcher(version, t), codes


def _clean(kind: int, a, b, item) -> bool:
    """Whether the full check of `item` (a boolean or a number) would find nothing."""
    if kind == K_BOOL:
        return isinstance(item, bool)
    if kind == K_INT:
        return not isinstance(item, bool) and isinstance(item, int) and a <= item <= b
    if kind == K_DEC:
        return not isinstance(item, bool) and isinstance(item, (int, float))
    return False


def coding_pair(coding) -> tuple | None:
    """(system, code) of a coding or quantity, or None when it is not one (a malformed value is reported by
    the walk where it stands; here it only fails to match)."""
    if not isinstance(coding, dict):
        return None
    pair = (coding.get("system"), coding.get("code"))
    return pair if all(v is None or isinstance(v, str) for v in pair) else None


KEPT_SIZE = 2_000  # values; the oldest go first (about 5 MB; 20,000 cost 30 MB more a worker and saved no time)
# The types worth keeping: often repeated, and dearer to walk than to serialise. Narratives, identifiers and
# references are mostly unique to their page (measured on sources/: keeping them gained nothing).
KEPT_TYPES = frozenset({"CodeableConcept", "Coding", "Meta", "Expression", "CodeableReference", "Quantity",
                        "UsageContext", "Extension", "Timing", "Ratio", "Range", "Duration", "Dosage", "Narrative",
                        "Period"})
# (element, type, the value's JSON) -> (issues as (severity, code, path below the value, text), lookups)
_KEPT: dict[tuple[int, str, bytes], tuple[tuple, tuple]] = {}
# id of an element -> [values looked for in _KEPT, found]: an element whose values have not repeated in 50 is no
# longer kept (serialising and storing them costs more than it saves); counted per store (_TRIED_FOR)
_TRIED: dict[int, list[int]] = {}
_TRIED_FOR: list = [None]

_REGEX: dict[tuple[str, str], re.Pattern | None] = {}


def _primitive_regex(version: str, t: str) -> re.Pattern | None:
    key = (version, t)
    if key not in _REGEX:
        ptab = table(version, t)
        _REGEX[key] = ptab.regex if ptab is not None else None
    return _REGEX[key]


# -- a resource's own invariants, decided once per content of the top-level keys they can read ---------------
# The shortcut (shortcut.py) decides a rule from the JSON by looking up, on the node it is given, only the
# heads of the rule's member chains (and the '_' and choice-type forms of those names: `_present`); names
# inside a function's arguments (where(...), all(...), exists(...)) are read on the items the chain selected,
# below a head. So when every rule of a resource type was decided without the engine, the outcome is that of
# any resource with the same values at the keys those heads can stand for. The deciders written in plain code
# (shortcut.KNOWN) say which keys they read (shortcut.KNOWN_READS). A rule the shortcut cannot decide at all, or a '$' or '%' variable,
# makes the type's rules be evaluated every time; a rule handed to the engine keeps nothing.
_TOKEN = re.compile(r"`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|'(?:[^'\\]|\\.)*'|.", re.S)


def _heads(expression: str) -> set[str]:
    """The names a rule can read on its node: every name outside a function's arguments that does not follow a
    '.' or a '%' (nor a Type name's '.': `ClinicalUseDefinition.indication` reads `indication`). A parenthesis
    right after a name (no space) opens a function's arguments; any other one groups."""
    toks = [(m.group(0), m.start()) for m in _TOKEN.finditer(expression) if not m.group(0).isspace()]
    heads: set[str] = set()
    head_at: set[int] = set()  # token indices that are heads
    parens: list[bool] = []  # per open parenthesis: whether it holds a function's arguments
    for i, (tok, at) in enumerate(toks):
        ident = tok[0].isalpha() or tok[0] in "_`"
        if tok == "(":
            before = toks[i - 1] if i else None
            parens.append(before is not None and (before[0][0].isalpha() or before[0][0] in "_`")
                          and before[1] + len(before[0]) == at)
        elif tok == ")":
            if parens:
                parens.pop()
        elif ident and not any(parens):
            prev = toks[i - 1][0] if i else ""
            if prev == "%":
                continue
            if prev != "." or (i >= 2 and (i - 2) in head_at and toks[i - 2][0][:1].isupper()):
                heads.add(tok.strip("`"))
                head_at.add(i)
    return heads


_ROOT_READS: dict[tuple, frozenset | None] = {}  # a type's invariants -> the names they can read, or None


def _root_reads(constraints: tuple) -> frozenset | None:
    if constraints in _ROOT_READS:
        return _ROOT_READS[constraints]
    names: set[str] | None = set()
    for c in constraints:
        if not c.evaluable:
            continue  # never evaluated: reads nothing
        if c.decide is None:
            names = None  # always the engine
            break
        if c.expression in KNOWN:
            known = KNOWN_READS.get(c.expression)
            if known is None:
                names = None
                break
            names.update(known)
            continue
        names.update(_heads(c.expression))
    result = frozenset(names) if names is not None else None
    _ROOT_READS[constraints] = result
    return result


_MERGED: dict[tuple[int, int], list] = {}


def _type_and_element_constraints(dtab: TypeTable, el: Elem) -> list:
    """A data type's own invariants plus those its element adds, merged once per (type, element)."""
    key = (id(dtab), id(el))  # both live as long as the lru-cached tables
    merged = _MERGED.get(key)
    if merged is None:
        own = {c.key for c in dtab.root.constraints}
        merged = _MERGED[key] = dtab.root.constraints + [c for c in el.constraints if c.key not in own]
    return merged


def check_base(resource: dict, version: str, resolve: dict[str, str] | None = None) -> list[Issue]:
    return walk_base(resource, version, resolve)[0]


def walk_base(resource: dict, version: str, resolve: dict[str, str] | None = None
              ) -> tuple[list[Issue], dict[str, str | None]]:
    """(the issues, what they depend on besides the resource: the lookups in `resolve` and their answers)."""
    rtype = resource.get("resourceType")
    walker = Walker(version, resource, resolve)
    walker.resource(resource, rtype if isinstance(rtype, str) else "Resource")
    return walker.issues, walker.lookups
