"""The invariant shortcut (validate/shortcut.py) may only skip an evaluation whose outcome it knows:
every decision it makes is checked here against the FHIRPath engine (fhirpathpy), on synthetic
nodes built around each invariant of the base spec and of our profiles, and on every node of the
converted sources/ pages."""
from __future__ import annotations

import json
import random
import re

import pytest
from fhirpathpy import evaluate
from fhirpathpy.engine.nodes import ResourceNode

from regimen_fhir import pipeline
from regimen_fhir.validate import base, validate_resource
from regimen_fhir.validate.profiles import profiles_for
from regimen_fhir.validate.shortcut import KNOWN, compile_shortcut

TYPES = ["PlanDefinition", "ActivityDefinition", "ClinicalUseDefinition", "Provenance", "MedicationKnowledge",
         "CodeSystem", "Bundle", "Reference", "Quantity", "Timing", "Expression", "Period", "Duration", "Ratio",
         "Range", "Coding", "CodeableConcept", "Extension", "Narrative", "Meta", "Identifier", "Dosage",
         "RelatedArtifact", "UsageContext", "TriggerDefinition", "DataRequirement", "ContactPoint", "Attachment"]


def core_invariants() -> list[tuple[str, str]]:
    found = {}
    for t in TYPES:
        tab = base.table("R4B", t)
        for el in (tab.elems.values() if tab else []):
            for c in el.constraints:
                if c.run is not None:
                    found[c.key, c.expression] = el.path
    return sorted(found)


def profile_invariants() -> list[tuple[str, str]]:
    p = profiles_for("R4B")
    out = set()
    for url in sorted(p.package.urls("StructureDefinition")) if p.package else []:
        for r in p.rules(url) or []:
            out.update((key, None) for key, *_ in r.constraints)
    return sorted(out)


VALUES = [None, "x", "#a", "", 0, 5, True, [], ["x"], [{}], [{"x": "y"}], {}, {"div": "<div/>"}, {"x": "y"},
          {"id": "a", "meta": {"versionId": "1"}}]


def synthetic_nodes(expression: str, rng: random.Random, count: int = 60) -> list[dict]:
    names = sorted({n.strip("`") for n in re.findall(r"`?[a-z][A-Za-z0-9_]*`?", re.sub(r"'[^']*'", "", expression))})
    values = VALUES + re.findall(r"'([^']*)'", expression)  # the literals it compares with
    nodes = []
    for _ in range(count):
        node: dict = {}
        for n in names:
            roll = rng.random()
            if roll < 0.4:
                continue
            key = n
            if roll > 0.9:
                key = "_" + n
            elif roll > 0.85:
                key = n + "Quantity"
            node[key] = rng.choice(values)
            if node[key] is None:
                del node[key]
        nodes.append(node)
    return nodes


def engine(expression: str, node: dict):
    try:
        return evaluate(node, expression, {"resource": node, "rootResource": node, "ucum": "http://unitsofmeasure.org"})
    except Exception:
        return "error"


def with_shortcut() -> list[tuple[str, str]]:
    return [(k, e) for k, e in core_invariants() if compile_shortcut(e) is not None]


def test_most_core_invariants_have_a_shortcut():
    keys = {k for k, _ in with_shortcut()}
    assert {"ref-1", "dom-2", "dom-3", "dom-4", "dom-5", "dom-6", "qty-3", "tim-9", "exp-1"} <= keys
    assert "cnl-0" in keys
    assert {"per-1", "csd-1"} <= keys  # whole expressions decided in plain code (shortcut.KNOWN)
    assert not keys & {"cud-1", "dom-r4b"}  # type names, resource-type comparisons: the engine's


def agrees(expression: str, outcome, d: bool) -> bool:
    """The engine's outcome is the decision; for the plain-code deciders (KNOWN) an empty outcome also
    agrees with True, as the walker reports only [False]."""
    return outcome == [d] or (expression in KNOWN and d is True and outcome == [])


@pytest.mark.parametrize("key,expression", with_shortcut())
def test_every_shortcut_decision_on_synthetic_nodes_is_the_engines(key, expression):
    decide = compile_shortcut(expression)
    rng = random.Random(key)
    decided = 0
    for node in synthetic_nodes(expression, rng):
        d = decide(node)
        if d is None:
            continue
        decided += 1
        outcome = engine(expression, node)
        assert outcome == "error" or agrees(expression, outcome, d), (key, node, d)
    assert decided, f"{key}: the shortcut decided nothing on 60 nodes"


def test_the_common_guards_are_decided_and_the_rest_left_to_the_engine():
    assert compile_shortcut("offset.empty() or (when.exists() and x)")({}) is True
    assert compile_shortcut("period.empty() or periodUnit.exists()")({"period": 1, "periodMax": 2}) is False
    assert compile_shortcut("period.empty() or periodUnit.exists()")({"period": 1, "_periodUnit": {}}) is None
    assert compile_shortcut("period.empty() or periodUnit.exists()")({"period": 1, "periodUnit": "d"}) is True
    ref1 = [e for k, e in core_invariants() if k == "ref-1"][0]
    assert compile_shortcut(ref1)({"reference": "Group/1"}) is True
    assert compile_shortcut(ref1)({"reference": "#1"}) is None
    assert compile_shortcut("expression.exists() or reference.exists()")({}) is False
    assert compile_shortcut("value.exists() implies code.exists()")({"valueQuantity": {}}) is None
    # (a.empty() or b.exists()) implies c.exists(): true implies false
    assert compile_shortcut("a.empty() or b.exists() implies c.exists()")({}) is False
    assert engine("a.empty() or b.exists() implies c.exists()", {}) == [False]
    assert compile_shortcut("a.empty() or b xor c") is None
    assert compile_shortcut("ClinicalUseDefinition.indication.empty()") is None  # a type name, not an element
    assert compile_shortcut("$this.a.empty()") is None
    cnl0 = compile_shortcut("name.exists() implies name.matches('[A-Z]([A-Za-z0-9_]){0,254}')")
    assert (cnl0({"name": "Abc"}), cnl0({"name": "abc"}), cnl0({}), cnl0({"name": "A", "_name": {}})) == (True, False, True, None)
    for node in ({"name": "Abc"}, {"name": "abc"}, {"name": "a-B"}, {}):
        assert engine("name.exists() implies name.matches('[A-Z]([A-Za-z0-9_]){0,254}')", node) == [cnl0(node)]


def test_on_converted_pages_the_walker_with_shortcuts_agrees_with_the_engine(tmp_path, sources, monkeypatch):
    results = pipeline.run([sources], pipeline.ConvertOptions(out_dir=tmp_path))
    docs = [json.loads((tmp_path / r.output).read_text()) for r in results if r.status == "converted"]
    assert docs
    checked: list[tuple] = []
    original = base.Walker.invariants

    def cross_check(self, constraints, item, fp_type, where, model_path):
        if isinstance(item, dict):
            for c in constraints:
                if c.run is None or c.decide is None:
                    continue
                d = c.decide(item)
                if d is None:
                    continue
                try:
                    expected = c.run(ResourceNode.create_node(item, model_path),
                                     {"resource": self.root, "rootResource": self.root})
                except Exception:
                    continue
                checked.append((c.key, where))
                assert agrees(c.expression, expected, d), (c.key, where, item)
        return original(self, constraints, item, fp_type, where, model_path)

    monkeypatch.setattr(base.Walker, "invariants", cross_check)
    monkeypatch.setattr(base, "_KEPT", {})  # every value walked: none taken from earlier pages
    monkeypatch.setattr(base, "KEPT_SIZE", 0)
    for doc in docs:
        for e in doc["entry"]:
            assert [i for i in validate_resource(e["resource"]) if i.severity == "error"] == []
    assert len(checked) > 100
    assert {"ref-1", "dom-3", "tim-9", "cud-1", "cnl-0", "csd-1", "per-1"} <= {k for k, _ in checked}


def test_a_leading_type_name_is_read_only_on_that_concrete_type():
    cud1 = [e for k, e in core_invariants() if k == "cud-1"][0]
    assert compile_shortcut(cud1) is None
    decide = compile_shortcut(cud1, "ClinicalUseDefinition")
    rng = random.Random("cud-1")
    decided = 0
    for node in synthetic_nodes(cud1, rng, 200):
        d = decide(node)
        if d is not None:
            decided += 1
            assert engine(cud1, dict(node, resourceType="ClinicalUseDefinition")) == [d], node
    assert decided > 30
    assert compile_shortcut("(PlanDefinition.action.count()) < 2", "PlanDefinition")({"action": [{"a": 1}] * 2}) is False
    # strings are left alone
    assert compile_shortcut("name.matches('PlanDefinition.x')", "PlanDefinition") is not None


DAYS = "http://hl7.org/fhir/StructureDefinition/timing-daysOfCycle"


@pytest.mark.parametrize("expression,nodes", [
    (f"extension.where(url = '{DAYS}').extension.where(url = 'day').all(valueInteger >= 1)",
     [{}, {"extension": [{"url": DAYS, "extension": [{"url": "day", "valueInteger": 1}, {"url": "day", "valueInteger": 8}]}]},
      {"extension": [{"url": DAYS, "extension": [{"url": "day", "valueInteger": 0}]}]},
      {"extension": [{"url": "other"}, {"url": DAYS, "extension": [{"url": "day", "valueInteger": 3}]}]},
      {"extension": [{"url": DAYS, "extension": [{"url": "day", "valueInteger": True}]}]}]),
    (f"timingTiming.repeat.duration.exists() implies action.where(definitionCanonical.exists()).all(extension.where(url = '{DAYS}').exists())",
     [{}, {"timingTiming": {"repeat": {"duration": 1}}, "action": [{"definitionCanonical": "x", "extension": [{"url": DAYS}]}]},
      {"timingTiming": {"repeat": {"duration": 1}}, "action": [{"definitionCanonical": "x"}]},
      {"timingTiming": {"repeat": {"duration": 1}}, "action": [{"title": "x"}, {"definitionCanonical": "y", "extension": [{"url": "z"}]}]}]),
    ("frequencyOfOccurrence.text.matches('[0-9]') implies extension.where(url.endsWith('/incidence')).exists()",
     [{}, {"frequencyOfOccurrence": {"text": "10%"}}, {"frequencyOfOccurrence": {"text": "common"}},
      {"frequencyOfOccurrence": {"text": "1 in 10"}, "extension": [{"url": "http://x/incidence"}]}]),
])
def test_where_all_and_comparisons_match_the_engine(expression, nodes):
    decide = compile_shortcut(expression)
    outcomes = [decide(n) for n in nodes]
    assert sum(o is not None for o in outcomes) >= len(nodes) - 2 and False in outcomes
    for node, d in zip(nodes, outcomes):
        if d is not None:
            assert engine(expression, node) == [d], node


def test_profile_invariants_decided_on_converted_pages_agree_with_the_engine(tmp_path, sources, monkeypatch):
    """Our profiles' invariants (extension slices, where(), all()) on every node they apply to."""
    p = profiles_for("R4B")
    checked: list[str] = []
    for url in sorted(p.package.urls("StructureDefinition")):
        for r in p.rules(url) or []:
            wrapped = []
            for key, severity, human, run, decide in r.constraints:
                if decide is not None:
                    def check(value, key=key, run=run, decide=decide):
                        d = decide(value)
                        if d is not None:
                            assert run(value, {"resource": value, "rootResource": value}) == [d], (key, value)
                            checked.append(key)
                        return d
                    wrapped.append((key, severity, human, run, check))
                else:
                    wrapped.append((key, severity, human, run, decide))
            monkeypatch.setattr(r, "constraints", wrapped)
    results = pipeline.run([sources], pipeline.ConvertOptions(out_dir=tmp_path))
    assert [r.file for r in results if r.kind == "regimen" and r.status != "converted"] == []
    assert {"rgm-1", "rgm-3", "rgm-4"} <= set(checked)


CSD1 = "concept.code.combine($this.descendants().concept.code).isDistinct()"
CSD1_R5 = "concept.exists() implies concept.code.combine(%resource.concept.descendants().concept.code).isDistinct()"
PER1 = "start.hasValue().not() or end.hasValue().not() or (start <= end)"


@pytest.mark.parametrize("expression,node,expected", [
    (CSD1, {}, True),
    (CSD1, {"concept": [{"code": "a"}, {"code": "b", "concept": [{"code": "c"}]}]}, True),
    (CSD1, {"concept": [{"code": "a"}, {"code": "b", "concept": [{"code": "a"}]}]}, False),  # a child repeats a top code
    (CSD1, {"concept": [{"code": "a", "concept": [{"code": "x"}]}, {"code": "b", "concept": [{"code": "x"}]}]}, False),
    (CSD1, {"concept": [{"code": "a", "concept": [{"code": "b", "concept": [{"code": "b"}]}]}]}, False),  # three levels
    (CSD1, {"concept": [{"code": "a"}, {"code": "A"}]}, True),  # codes are case-sensitive
    (CSD1, {"concept": [{"code": "a", "_code": {"id": "x"}}]}, None),
    (CSD1, {"concept": [{"code": "a"}], "contained": [{"resourceType": "CodeSystem", "concept": [{"code": "a"}]}]}, None),
    # R5 as written skips the second level: a child repeating a top code passes, a grandchild does not
    (CSD1_R5, {}, True),
    (CSD1_R5, {"concept": [{"code": "a"}, {"code": "b", "concept": [{"code": "a"}]}]}, True),
    (CSD1_R5, {"concept": [{"code": "a"}, {"code": "b", "concept": [{"code": "c", "concept": [{"code": "a"}]}]}]}, False),
    (CSD1_R5, {"concept": [{"code": "a"}, {"code": "a"}]}, False),
    (CSD1_R5, {"concept": [{"code": "a", "concept": [{"code": "x", "concept": [{"code": "y"}]}]},
                           {"code": "b", "concept": [{"code": "z", "concept": [{"code": "y"}]}]}]}, False),
])
def test_csd1_in_plain_code_is_the_engines(expression, node, expected):
    decide = compile_shortcut(expression)
    assert decide(node) is expected
    if expected is not None:
        doc = dict(node, resourceType="CodeSystem")
        assert agrees(expression, evaluate(doc, expression, {"resource": doc, "rootResource": doc}), expected)


@pytest.mark.parametrize("node,expected", [
    ({}, True), ({"start": "2020-01-02"}, True), ({"end": "2020"}, True),
    ({"start": "2020-01-02", "end": "2020-01-02"}, True), ({"start": "2020-01-02", "end": "2021-01-01"}, True),
    ({"start": "2021-01-02", "end": "2020-12-31"}, False), ({"start": "2021-03", "end": "2021-02"}, False),
    ({"start": "2021-03", "end": "2021-02-27"}, False),  # precisions differ, decided within the shorter one
    ({"start": "2020", "end": "2021-02-27"}, True),
    ({"start": "2021-03", "end": "2021-03-27"}, None),  # equal as far as the shorter goes: the engine's
    ({"start": "2021-01-01T10:00:00Z", "end": "2021-01-01T09:00:00+02:00"}, None),  # time zones: the engine's
    ({"start": "2021-01-01", "_end": {"extension": []}}, None),
])
def test_per1_on_plain_dates_is_the_engines(node, expected):
    decide = compile_shortcut(PER1)
    assert decide(node) is expected
    if expected is not None:  # fhirpathpy lacks hasValue(); on plain values (no `_start`) it is exists()
        assert evaluate(node, PER1.replace("hasValue()", "exists()")) == [expected]


@pytest.mark.parametrize("node,expected", [
    ({"display": "a converter"}, True), ({"reference": "Patient/1"}, True), ({"reference": "#x"}, None),
    ({"_reference": {"extension": []}}, None),
])
def test_ref1_without_a_local_reference_needs_no_engine(node, expected):
    ref1 = [e for k, e in core_invariants() if k == "ref-1"][0]
    assert compile_shortcut(ref1)(node) is expected
    if expected is not None:
        assert agrees(ref1, engine(ref1, node), expected)
