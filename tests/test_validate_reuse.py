"""The second speed pass over the validator (validate/reuse.py, narrative.py's plain-markup reading, base.py's
heads of a resource's invariants): each shortcut against what it stands for. The whole validator against the
reference on sources/, the mutation cases and thousands of damaged resources is tests/test_validate_exact.py."""
from __future__ import annotations

import copy
import random

import pytest

import reference_validator as R
import regimen_fhir.validate as V
from regimen_fhir.validate import base, narrative, profiles, reuse

# -- narratives: the plain-markup reading gives what the parser gives -------------------------------------------

ROOT = '<div xmlns="http://www.w3.org/1999/xhtml">'
PIECES = ["<p>", "</p>", "<b>", "</b>", "<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>", "<img>", "</img>",
          "<script>", "</script>", "<P>", "<p >", "<br/>", "<div>", "</div>", "<span>", "</span>", "x", "text", " ",
          "\t", "\n", "\r", "\xa0", "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#x27;", "&#39;", "&nbsp;", "&#160;",
          "&", "<", ">", "]]>", "\x00", "\x01", "\x0b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\ud800", "\u00e9",
          "\U0001f600", "&amp", "&#x41;", "<!-- c -->", "<![CDATA[x]]>", "<?pi x?>"]


def _divs(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        body = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 8)))
        start = rng.choice([ROOT, ROOT, ROOT, "<div>", '<div xmlns="http://www.w3.org/1999/xhtml" >', " " + ROOT])
        end = rng.choice(["</div>", "</div>", "</div>", "</div> ", "</p></div>", ""])
        out.append(start + body + end)
    # and well-formed nestings of the allowed elements with every kind of text
    for _ in range(n):
        stack, body = [], []
        for _ in range(rng.randrange(1, 10)):
            r = rng.random()
            if r < 0.35:
                tag = rng.choice(["p", "b", "td", "tr", "table", "th", "ul", "li", "i", "span"])
                stack.append(tag)
                body.append(f"<{tag}>")
            elif r < 0.6 and stack:
                body.append(f"</{stack.pop()}>")
            else:
                body.append(rng.choice(PIECES[20:38]))
        body.extend(f"</{t}>" for t in reversed(stack))
        out.append(ROOT + "".join(body) + "</div>")
    return out


def _outcome(fn, div):
    try:
        return fn(div)
    except Exception as exc:  # the same failure is the same outcome
        return type(exc).__name__


def test_the_plain_markup_reading_agrees_with_the_parser():
    rng = random.Random(20261126)
    divs = _divs(rng, 6000) + [ROOT + "</div>", ROOT + " \n\t\xa0</div>", ROOT + "<p></p></div>",
                               ROOT + "<p>&amp;</p></div>", ROOT + "<p>\u3000</p></div>"]
    read = 0
    for div in divs:
        fast = narrative._plain_markup(div)
        if fast is not None:
            read += 1
            assert fast == _outcome(narrative._parsed, div), div
    assert read > 3000  # the reading was used, on valid and on empty narratives
    assert any(narrative._plain_markup(d) == () for d in divs)
    assert any(narrative._plain_markup(d) not in (None, ()) for d in divs)


# -- the heads of a rule: the names it can read on its node ------------------------------------------------------

@pytest.mark.parametrize("expression, heads", [
    ("text.`div`.exists()", {"text"}),
    ("contained.contained.empty()", {"contained"}),
    ("(ClinicalUseDefinition.indication.count() + ClinicalUseDefinition.contraindication.count()) < 2",
     {"ClinicalUseDefinition", "indication", "contraindication"}),
    ("name.exists() implies name.matches('[A-Z]([A-Za-z0-9_]){0,254}')", {"name", "implies"}),
    ("a.b or (c.d and e.where(f.g))", {"a", "or", "c", "and", "e"}),
    ("x = 'a(b.c' or %resource.y.exists()", {"x", "or"}),
    ("x.where (y)", {"x", "y"}),  # a parenthesis after a space groups: its names are read on the node
])
def test_heads_of_a_rule(expression, heads):
    assert base._heads(expression) == heads


def test_the_rules_of_our_resource_types_read_none_of_the_keys_taken_apart():
    for version in ("R4B", "R5"):
        for rtype in ("PlanDefinition", "ActivityDefinition", "MedicationKnowledge", "ClinicalUseDefinition",
                      "Provenance", "CodeSystem"):
            names = base._root_reads(base.resource_invariants(version, rtype))
            assert names is not None and "text" in names and "contained" in names, (version, rtype)
            found = reuse._apart_keys(version, rtype, (), None)
            assert found is not None and "id" in found[0] and not found[0] & names, (version, rtype)


# -- resources that differ only at the keys taken apart ------------------------------------------------------------

CUD = {"resourceType": "ClinicalUseDefinition", "id": "a-1",
       "meta": {"profile": ["http://regimen-fhir.example.org/fhir/StructureDefinition/AdverseEventFrequency"]},
       "text": {"status": "generated", "div": ROOT + "<p>Nausea: 30%</p></div>"},
       "identifier": [{"system": "http://regimen-fhir.example.org/fhir/sid/clinical-use-definition", "value": "a-1"}],
       "type": "undesirable-effect",
       "subject": [{"reference": "urn:uuid:08b749fb-5834-5f52-898c-4baa4ecdd1af"}],
       "undesirableEffect": {"symptomConditionEffect": {"concept": {"text": "Nausea"}},
                             "frequencyOfOccurrence": {"text": "30%"}}}
REF = "urn:uuid:08b749fb-5834-5f52-898c-4baa4ecdd1af"


def _both(res, refs):
    R._memo.clear()
    return ([(i.severity, i.code, i.expression, i.diagnostics) for i in V._validate(copy.deepcopy(res), "R4B", refs, None)[0]],
            [(i.severity, i.code, i.expression, i.diagnostics) for i in R._validate(copy.deepcopy(res), "R4B", refs, None)[0]])


def test_a_resource_that_differs_only_at_keys_taken_apart_reuses_the_rest_and_reports_its_own_faults(monkeypatch):
    monkeypatch.setattr(reuse, "_KEPT", {})
    monkeypatch.setattr(reuse, "_TRIES", {})
    refs = {REF: "PlanDefinition"}
    new, ref = _both(CUD, refs)
    assert new == ref and len(reuse._KEPT) == 1
    variants = []
    for change in ({"id": "b-2"}, {"id": "bad id!"}, {"identifier": [{"value": " "}]}, {"identifier": {"value": "x"}},
                   {"subject": [{"reference": "Patient/p1"}]}, {"subject": []}, {"meta": {"profile": 3}},
                   {"meta": {"profile": CUD["meta"]["profile"], "tag": [{"code": "bad  code"}]}},
                   {"identifier": [{"value": "a"}, {"value": "b"}, {"foo": 1}]}):
        variants.append(dict(CUD, **change))
    variants.append({k: v for k, v in CUD.items() if k != "identifier"})
    variants.append({k: v for k, v in CUD.items() if k != "subject"})
    for res in variants:
        for answers in (refs, {REF: "Patient"}, None):
            new, ref = _both(res, answers)
            assert new == ref, (res, answers)
    tries = sum(t[1] for t in reuse._TRIES.values())
    assert tries > 5  # most variants were answered from the kept rest


def test_the_rest_is_checked_afresh_when_its_lookups_answer_differently(monkeypatch):
    monkeypatch.setattr(reuse, "_KEPT", {})
    use = {"code": {"system": "http://terminology.hl7.org/CodeSystem/usage-context-type", "code": "focus"},
           "valueReference": {"reference": REF}}
    ad = {"resourceType": "ActivityDefinition", "id": "x", "status": "active", "useContext": [use]}
    for answers in ({REF: "Group"}, {REF: "Patient"}, {REF: "Group"}, None):
        for ident in ("x", "y"):
            new, ref = _both(dict(ad, id=ident, title=f"t {ident}"), answers)
            assert new == ref, answers


def test_a_resource_with_an_extension_in_a_key_taken_apart_is_checked_whole(monkeypatch):
    monkeypatch.setattr(reuse, "_KEPT", {})
    ext = {"url": "http://regimen-fhir.example.org/fhir/StructureDefinition/incidence", "valueString": "x"}
    for i in range(3):
        res = dict(CUD, id=f"c-{i}", identifier=[{"value": "v", "extension": [ext]}])
        new, ref = _both(res, None)
        assert new == ref
    assert reuse._KEPT == {} or all(b'incidence' not in k[-1] for k in reuse._KEPT)


# -- a flat value passes without the walk only when the walk would find nothing ---------------------------------

def test_a_flat_value_is_passed_only_when_the_walk_finds_nothing_in_it():
    rng = random.Random(7)
    keys = ["reference", "display", "type", "system", "value", "use", "id", "identifier", "foo", "_display", "period"]
    values = ["Patient/p1", "urn:uuid:0b0e1d5e-0000-4000-8000-000000000001", "x", "", " ", "two  spaces", "a\tb",
              "official", "bad code", "\x00", 3, None, [], ["x"], {"value": "x"}, True]
    passed = walked = 0
    for t in ("Reference", "Identifier", "Coding"):
        dtab = base.table("R4B", t)
        for _ in range(1500):
            node = {rng.choice(keys): rng.choice(values) for _ in range(rng.randrange(0, 4))}
            w = base.Walker("R4B", {"resourceType": "Basic"})
            w.complex(dict(node), dtab, dtab.root, "X", t)  # the plan of each key is made
            found = list(w.issues)
            w2 = base.Walker("R4B", {"resourceType": "Basic"})
            if w2.flat(node, dtab.root):
                passed += 1
                assert found == [] and w2.lookups == {}, (t, node)
            else:
                walked += 1
    assert passed > 100 and walked > 1000
