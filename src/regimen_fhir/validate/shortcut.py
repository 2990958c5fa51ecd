"""Deciding an invariant from the JSON alone, when its outcome does not need the FHIRPath engine.

Most invariants of the base specification guard on an optional element: `offset.empty() or (...)`,
`duration.exists() implies ...`, `contained.meta.security.empty()`, `reference.startsWith('#').not()
or (...)`. On almost every node the guard decides the outcome (the element is absent, or present as a
plain value), and FHIRPath's three-valued logic gives the same answer whatever the rest says:
`true or X` is true, `false implies X` is true, `X.where(...).empty()` is true on an absent X.

`compile_shortcut(expression)` reads the expression once (a small recursive-descent reading of its
top level: `implies`, `or`, `and`, parentheses, member chains ending in `empty()`, `exists()` or
`startsWith('...').not()`) and returns a function node -> True | False | None; None means "ask the
engine". Anything it does not recognise gives None, so the shortcut can only skip an evaluation whose
result it knows; tests/test_validate_shortcut.py checks every decision against fhirpathpy.
"""
from __future__ import annotations

import re
from typing import Callable

Decide = Callable[[dict], "bool | None"]

_IDENT = r"(?:[a-z][A-Za-z0-9_]*|`[a-z][A-Za-z0-9_]*`)"
# functions that give an empty collection on an empty input (so a chain through them stays empty)
_EMPTY_PRESERVING = {"where", "select", "first", "last", "single", "ofType", "trace", "as", "distinct",
                     "tail", "extension"}
_STEP = re.compile(r"\.(" + _IDENT + r")(\()?")


def _unknown(node: dict) -> None:
    return None


def _split_top(expr: str, words: tuple[str, ...]) -> tuple[list[str], list[str]] | None:
    """Split at the given operator words outside parentheses and strings: (parts, operators)."""
    parts, ops = [], []
    depth, start, i, n = 0, 0, 0, len(expr)
    while i < n:
        ch = expr[i]
        if ch == "'":
            j = i + 1
            while j < n and expr[j] != "'":
                j += 2 if expr[j] == "\\" else 1
            if j >= n:
                return None
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and ch == " ":
            for w in words:
                if expr.startswith(f" {w} ", i):
                    parts.append(expr[start:i].strip())
                    ops.append(w)
                    i += len(w) + 2
                    start = i
                    break
            else:
                i += 1
            continue
        i += 1
    if depth != 0:
        return None
    parts.append(expr[start:].strip())
    return parts, ops


def _present(node: dict, name: str) -> bool | None:
    """Is element `name` absent (False), present with a plain value (True), or not sure (None)?
    Any key that could stand for it (its primitive extension `_name`, a choice type `nameX`) makes
    it 'not sure' unless the plain key holds an ordinary value."""
    variants = _VARIANTS.get(name)
    if variants is None:
        variants = _VARIANTS[name] = frozenset(
            [f"_{name}"] + [name + t for t in CHOICE_TYPES] + [f"_{name}{t}" for t in CHOICE_TYPES])
    if not variants.isdisjoint(node):  # one pass over the node's keys, in C: this runs for every guard
        return None
    if name not in node:
        return False
    return True if _plain(node[name]) else None


_VARIANTS: dict[str, frozenset[str]] = {}  # element name -> the keys that could also stand for it


# the data types a choice element [x] may take (FHIR R4B and R5): `valueQuantity` stands for `value`
CHOICE_TYPES = frozenset(
    "Base64Binary Boolean Canonical Code Date DateTime Decimal Id Instant Integer Integer64 Markdown Oid "
    "PositiveInt String Time UnsignedInt Uri Url Uuid Address Age Annotation Attachment CodeableConcept "
    "CodeableReference Coding ContactPoint Count Distance Duration HumanName Identifier Money Period "
    "Quantity Range Ratio RatioRange Reference SampledData Signature Timing ContactDetail Contributor "
    "DataRequirement Expression ParameterDefinition RelatedArtifact TriggerDefinition UsageContext "
    "Availability ExtendedContactDetail Dosage Meta".split())


def _plain(value) -> bool:
    t = type(value)  # the JSON types first, without isinstance; anything else as below
    if t is str:
        return value != ""
    if t is dict:
        return bool(value)
    if t is list:
        if not value:
            return False
        for v in value:
            tv = type(v)
            if tv is dict:
                if not v:
                    return False
            elif tv is str:
                if v == "":
                    return False
            elif not _plain(v):
                return False
        return True
    if isinstance(value, list):
        return bool(value) and all(_plain(v) for v in value)
    if isinstance(value, str):
        return value != ""
    if isinstance(value, dict):
        return bool(value)
    return isinstance(value, (bool, int, float))


def _chain(expr: str) -> tuple[list[str], list[tuple[str, bool]]] | None:
    """`a.b.where(...).c.fn()` -> (member names before the first function, steps [(name, is_call)]),
    with the arguments of calls skipped; None when it is not such a chain."""
    m = re.match(_IDENT, expr)
    if not m:
        return None
    steps: list[tuple[str, bool]] = [(m.group(0).strip("`"), False)]
    args: list[str | None] = [None]
    i = m.end()
    while i < len(expr):
        m = _STEP.match(expr, i)
        if not m:
            return None
        name, call = m.group(1).strip("`"), bool(m.group(2))
        i = m.end()
        if call:
            depth = 1
            while i < len(expr) and depth:
                ch = expr[i]
                if ch == "'":
                    j = i + 1
                    while j < len(expr) and expr[j] != "'":
                        j += 2 if expr[j] == "\\" else 1
                    if j >= len(expr):
                        return None
                    i = j
                elif ch == "(":
                    depth += 1
                elif ch == ")":
                    depth -= 1
                i += 1
            if depth:
                return None
            steps.append((name, True))
            args.append(expr[m.end():i - 1])
            if name in ("empty", "exists", "not", "startsWith") and not (expr[m.end():i - 1].strip() == "" or name == "startsWith"):
                return None
        else:
            steps.append((name, False))
            args.append(None)
    members = []
    for name, call in steps:
        if call:
            break
        members.append(name)
    _ARGS[id(steps)] = args
    return members, steps


_ARGS: dict[int, list] = {}  # steps list id -> call arguments (compile time only)


def _collector(steps: list[tuple[str, bool]], args: list):
    """A function node -> the collection the chain selects (a list), or None when unsure. Steps:
    members, where(criteria) with a criteria the shortcut decides per item, trace(), first()."""
    plan = []
    for (name, call), arg in zip(steps, args):
        if not call:
            plan.append(("member", name))
        elif name == "where":
            crit = _expression(arg)
            if crit is _unknown:
                return None
            plan.append(("where", crit))
        elif name == "trace":
            plan.append(("same", None))
        elif name == "first" and not arg.strip():
            plan.append(("first", None))
        else:
            return None

    def collect(node: dict):
        cur = [node]
        for kind, what in plan:
            if kind == "member":
                nxt = []
                for item in cur:
                    if not isinstance(item, dict):
                        return None
                    state = _present(item, what)
                    if state is None:
                        return None
                    if state:
                        v = item[what]
                        nxt.extend(v if isinstance(v, list) else [v])
                cur = nxt
            elif kind == "where":
                nxt = []
                for item in cur:
                    if not isinstance(item, dict):
                        return None
                    r = what(item)
                    if r is None:
                        return None
                    if r:
                        nxt.append(item)
                cur = nxt
            elif kind == "first":
                cur = cur[:1]
        return cur
    return collect


def _resolve(node: dict, members: list[str]):
    """Follow a chain of members through single objects: the value, or None when unsure."""
    cur: object = node
    for name in members:
        if not isinstance(cur, dict):
            return None
        state = _present(cur, name)
        if state is not True:
            return None
        cur = cur[name]
    return cur


def _atom(expr: str) -> Decide:
    expr = expr.strip()
    if expr.startswith("(") and expr.endswith(")"):
        inner = _split_top(expr[1:-1], ())
        if inner is not None:  # balanced: the parentheses enclose the whole term
            return _expression(expr[1:-1])
    m = re.fullmatch(r"\((.+)\)\s*(<|<=)\s*(\d+)", expr, re.S)
    if m:
        return _count_sum(m.group(1), m.group(2), int(m.group(3)))
    m = re.fullmatch(r"([a-z][A-Za-z0-9_]*) (>=|>|<=|<) (-?\d+)", expr)
    if m:  # an integer element against a number
        name, op, bound = m.group(1), m.group(2), int(m.group(3))

        def decide_cmp(node: dict, name=name, op=op, bound=bound):
            v = node.get(name)
            if _present(node, name) is not True or isinstance(v, bool) or not isinstance(v, int):
                return None
            return {">=": v >= bound, ">": v > bound, "<=": v <= bound, "<": v < bound}[op]
        return decide_cmp
    m = re.fullmatch(r"([a-z][A-Za-z0-9_]*) = '([^'\\]*)'", expr)
    if m:  # a string element equal to a literal
        name, lit = m.group(1), m.group(2)

        def decide_eq(node: dict, name=name, lit=lit):
            if _present(node, name) is not True or not isinstance(node[name], str):
                return None
            return node[name] == lit
        return decide_eq
    m = re.fullmatch(r"([a-z][A-Za-z0-9_]*)\.endsWith\('([^'\\]*)'\)", expr)
    if m:
        name, lit = m.group(1), m.group(2)

        def decide_ends(node: dict, name=name, lit=lit):
            if _present(node, name) is not True or not isinstance(node[name], str):
                return None
            return node[name].endswith(lit)
        return decide_ends
    parsed = _chain(expr)
    if parsed is None:
        return _unknown
    members, steps = parsed
    args = _ARGS.pop(id(steps))
    head = steps[0][0]
    if steps[-1] == ("all", True) and len(steps) > 1:  # X.where(...).all(criteria)
        collect = _collector(steps[:-1], args[:-1])
        crit = _expression(args[-1])
        if collect is None or crit is _unknown:
            return _unknown

        def decide_all(node: dict, collect=collect, crit=crit):
            items = collect(node)
            if items is None:
                return None
            verdict = True
            for item in items:
                r = crit(item) if isinstance(item, dict) else None
                if r is None:
                    return None
                verdict = verdict and r
            return verdict
        return decide_all
    tail_calls = [s for s in steps if s[1]]
    # X.....empty() / X.....exists(): only empty-preserving calls in between
    if steps[-1] == ("empty", True) or steps[-1] == ("exists", True):
        between = steps[1:-1]
        if any(call and name not in _EMPTY_PRESERVING for name, call in between):
            return _unknown
        want_empty = steps[-1][0] == "empty"
        simple = not any(call for _, call in between)
        member_path = [n for n, _ in steps[:-1]]
        collect = _collector(steps[:-1], args[:-1])

        def decide(node: dict, head=head, want_empty=want_empty, simple=simple, member_path=member_path, collect=collect):
            if _present(node, head) is False:
                return want_empty  # an absent element: the whole chain is empty
            if simple and _resolve(node, member_path) is not None:
                return not want_empty
            items = collect(node) if collect is not None else None
            if items is None:
                return None
            return (not items) if want_empty else bool(items)
        return decide
    # X.startsWith('lit').not(), X a single element
    if (len(steps) == 3 and steps[1] == ("startsWith", True) and steps[2] == ("not", True) and not steps[0][1]):
        m = re.search(r"\.startsWith\('([^'\\]*)'\)\.not\(\)$", expr)
        if not m:
            return _unknown
        prefix = m.group(1)

        def decide_sw(node: dict, head=head, prefix=prefix):
            if _present(node, head) is True and isinstance(node[head], str):
                return not node[head].startswith(prefix)
            return None
        return decide_sw
    # X.matches('regex'), X a single string element: fhirpathpy searches (re.search, DOTALL)
    if steps[-1] == ("matches", True) and all(not call for _, call in steps[:-1]):
        m = re.search(r"\.matches\('([^'\\]*)'\)$", expr)
        if not m:
            return _unknown
        try:
            pattern = re.compile(m.group(1), re.DOTALL)
        except re.error:
            return _unknown

        path = [n for n, _ in steps[:-1]]

        def decide_matches(node: dict, path=path, pattern=pattern):
            value = _resolve(node, path)
            if isinstance(value, str):
                return pattern.search(value) is not None
            return None  # absent (empty: implies/or/and decide on that with the engine) or not a string
        return decide_matches
    del tail_calls, members
    return _unknown


def _count_sum(inner: str, op: str, bound: int) -> Decide:
    """(a.count() + b.count() + ...) < N, each term a single element of the node."""
    split = _split_top(inner, ())
    if split is None:
        return _unknown
    names = []
    for term in inner.split(" + "):
        parsed = _chain(term.strip())
        if parsed is not None:
            _ARGS.pop(id(parsed[1]), None)
        if parsed is None or len(parsed[1]) != 2 or parsed[1][1] != ("count", True) or term.strip()[-8:] != ".count()":
            return _unknown
        names.append(parsed[1][0][0])

    def decide_count(node: dict, names=names):
        total = 0
        for name in names:
            state = _present(node, name)
            if state is None:
                return None
            if state:
                total += len(node[name]) if isinstance(node[name], list) else 1
        return total < bound if op == "<" else total <= bound
    return decide_count


def _expression(expr: str) -> Decide:
    split = _split_top(expr, ("implies",))
    if split is None:
        return _unknown
    parts, _ = split
    if len(parts) == 2:
        left, right = _level_or(parts[0]), _level_or(parts[1])
        if left is _unknown:
            return _unknown

        def decide_implies(node: dict, left=left, right=right):
            lhs = left(node)
            if lhs is False:
                return True  # false implies anything
            return right(node) if lhs is True else None  # true implies X is X
        return decide_implies
    if len(parts) > 2:
        return _unknown
    return _level_or(expr)


def _level_or(expr: str) -> Decide:
    split = _split_top(expr, ("or", "xor"))
    if split is None:
        return _unknown
    parts, ops = split
    if "xor" in ops:
        return _unknown
    if len(parts) == 1:
        return _level_and(expr)
    terms = [_level_and(p) for p in parts]
    if all(t is _unknown for t in terms):
        return _unknown

    def decide_or(node: dict, terms=terms):
        falses = 0
        for t in terms:
            r = t(node)
            if r is True:
                return True
            if r is False:
                falses += 1
        return False if falses == len(terms) else None
    return decide_or


def _level_and(expr: str) -> Decide:
    split = _split_top(expr, ("and",))
    if split is None:
        return _unknown
    parts, _ = split
    if len(parts) == 1:
        return _atom(expr)
    terms = [_atom(p) for p in parts]
    if all(t is _unknown for t in terms):
        return _unknown

    def decide_and(node: dict, terms=terms):
        trues = 0
        for t in terms:
            r = t(node)
            if r is False:
                return False
            if r is True:
                trues += 1
        return True if trues == len(terms) else None
    return decide_and


def _strip_type(expression: str, context_type: str) -> str:
    """`ClinicalUseDefinition.indication` on a ClinicalUseDefinition is `indication` (outside strings)."""
    parts = expression.split("'")
    for i in range(0, len(parts), 2):  # even parts are outside string literals
        parts[i] = re.sub(r"(?<![\w.%$`])" + re.escape(context_type) + r"\.(?=[a-z`])", "", parts[i])
    return "'".join(parts)


# -- whole invariants the reading above cannot take apart, decided in plain code where the JSON is plain.
# Their deciders answer True for "not violated": the walker reports only an outcome of [False], so an
# empty outcome (a comparison with an absent side) counts as True here.

_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _ref_local_only(node: dict) -> bool | None:
    """ref-1: only a reference that starts with '#' needs the resource's contained ids."""
    state = _present(node, "reference")
    if state is False:
        return True  # nothing to resolve: the outcome is empty or true
    if state and isinstance(node["reference"], str) and not node["reference"].startswith("#"):
        return True
    return None


def _codes_distinct(node: dict, skip_level: int | None = None) -> bool | None:
    """csd-1: the codes of the concept tree are distinct. R5 writes it as `concept.code` combined with
    `%resource.concept.descendants().concept.code`, which leaves out the second level (the descendants'
    own concepts start at the third): `skip_level` 2 reads it as written, as the engine does."""
    if "contained" in node or "_concept" in node:
        return None  # descendants() would also reach into contained resources: the engine's case
    seen: set[str] = set()
    stack = [(node, 1)]
    while stack:
        cur, level = stack.pop()
        concepts = cur.get("concept")
        if concepts is None:
            continue
        if not isinstance(concepts, list):
            return None
        for c in concepts:
            if not isinstance(c, dict) or "_code" in c:
                return None
            code = c.get("code")
            if code is not None and level != skip_level:
                if not isinstance(code, str):
                    return None
                if code in seen:
                    return False
                seen.add(code)
            stack.append((c, level + 1))
    return True


def _period_ordered(node: dict) -> bool | None:
    """per-1 on plain dates of the same precision (ordered as strings); anything else: the engine."""
    start, end = _present(node, "start"), _present(node, "end")
    if start is None or end is None:
        return None
    if not start or not end:
        return True
    a, b = node["start"], node["end"]
    if isinstance(a, str) and isinstance(b, str) and len(a) == len(b) and _DATE.fullmatch(a) and _DATE.fullmatch(b):
        return a <= b
    return None


def _period_ordered_r4b(node: dict) -> bool | None:
    """R4B's per-1 (start <= end): `_period_ordered`, and also on plain dates of different precisions
    ('2020-03' and '2021-03-15') that differ within the shorter one's precision, where FHIRPath's
    comparison is decided there; equal that far (the answer would be empty), the engine decides."""
    decided = _period_ordered(node)
    if decided is not None:
        return decided
    if _present(node, "start") is not True or _present(node, "end") is not True:
        return None
    a, b = node["start"], node["end"]
    if isinstance(a, str) and isinstance(b, str) and _DATE.fullmatch(a) and _DATE.fullmatch(b):
        n = min(len(a), len(b))
        if a[:n] != b[:n]:
            return a[:n] < b[:n]
    return None


def _all_actions(node: dict) -> list[dict] | None:
    """What `%context.repeat(action)` gives on a PlanDefinition: its actions at every depth (repeat drops
    repeats by equality; the rules below need only membership), or None when an `action` is not a list of
    objects or a `_action` stands anywhere (then the engine decides)."""
    out: list[dict] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if "_action" in n:
            return None
        actions = n.get("action")
        if actions is None:
            continue
        if not isinstance(actions, list):
            return None
        for a in actions:
            if not isinstance(a, dict):
                return None
            out.append(a)
            stack.append(a)
    return out


def _goal_ids_known(node: dict) -> bool | None:
    """pld-3 (R5): every action's goalId is one of the plan's goals. Decided only when no action has a
    goalId (no action to test: true); anything else is left to the engine."""
    actions = _all_actions(node)
    if actions is None or any("goalId" in a or "_goalId" in a for a in actions):
        return None
    return True


def _target_ids_known(node: dict) -> bool | None:
    """pld-4 (R5): every relatedAction.targetId is the id of an action of the plan. Decided when every
    action id and every targetId is a plain non-empty string (no `_id`, `_targetId`, `_relatedAction`)."""
    actions = _all_actions(node)
    if actions is None:
        return None
    ids, targets = set(), []
    for a in actions:
        if "_id" in a or "_relatedAction" in a:
            return None
        if "id" in a:
            if not isinstance(a["id"], str) or not a["id"]:
                return None
            ids.add(a["id"])
        related = a.get("relatedAction")
        if related is None:
            continue
        if not isinstance(related, list):
            return None
        for r in related:
            if not isinstance(r, dict) or "_targetId" in r or not isinstance(r.get("targetId"), str) or not r["targetId"]:
                return None
            targets.append(r["targetId"])
    return all(t in ids for t in targets)


KNOWN: dict[str, Decide] = {
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))"
    " or (reference='#' and %rootResource!=%resource)": _ref_local_only,
    "concept.code.combine($this.descendants().concept.code).isDistinct()": _codes_distinct,
    "concept.exists() implies concept.code.combine(%resource.concept.descendants().concept.code).isDistinct()":
        lambda node: _codes_distinct(node, skip_level=2),
    "start.hasValue().not() or end.hasValue().not() or (start <= end)": _period_ordered_r4b,
    "start.hasValue().not() or end.hasValue().not() or (start.lowBoundary() <= end.highBoundary())": _period_ordered,
    "%context.repeat(action).where((goalId in %context.goal.id).not()).exists().not()": _goal_ids_known,
    "%context.repeat(action).relatedAction.where((targetId in %context.repeat(action).id).not()).exists().not()":
        _target_ids_known,
}

# The keys of the node each decider above looks up (with their '_' and choice-type forms); base.py keeps a
# resource's invariant outcomes by the values at those keys. A decider missing here is never kept.
KNOWN_READS: dict[str, tuple[str, ...]] = {
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))"
    " or (reference='#' and %rootResource!=%resource)": ("reference",),
    "concept.code.combine($this.descendants().concept.code).isDistinct()": ("concept", "contained"),
    "concept.exists() implies concept.code.combine(%resource.concept.descendants().concept.code).isDistinct()":
        ("concept", "contained"),
    "start.hasValue().not() or end.hasValue().not() or (start <= end)": ("start", "end"),
    "start.hasValue().not() or end.hasValue().not() or (start.lowBoundary() <= end.highBoundary())": ("start", "end"),
    "%context.repeat(action).where((goalId in %context.goal.id).not()).exists().not()": ("action",),
    "%context.repeat(action).relatedAction.where((targetId in %context.repeat(action).id).not()).exists().not()":
        ("action",),
}


def compile_shortcut(expression: str, context_type: str | None = None) -> Decide | None:
    """A decider for the expression, or None when no part of it can be decided from the JSON.
    `context_type`: the concrete resource type the expression is always evaluated on, whose name
    may lead its paths (cud-1: `ClinicalUseDefinition.indication.count() + ...`)."""
    if expression in KNOWN:
        return KNOWN[expression]
    if "\\'" in expression or "$" in re.sub(r"'[^']*'", "", expression):  # $this ...; a '$' in a string is plain
        return None
    if context_type:
        expression = _strip_type(expression, context_type)
    decide = _expression(expression)
    return None if decide is _unknown else decide
