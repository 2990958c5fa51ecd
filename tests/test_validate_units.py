"""Units of the validator that the mutation corpus reaches only in part: value set expansion
(filters, excludes, nested value sets, what cannot be expanded) and the narrative rules."""
from __future__ import annotations

import json

import pytest

from regimen_fhir.validate import packages, valuesets
from regimen_fhir.validate.narrative import check_narrative

XHTML = 'xmlns="http://www.w3.org/1999/xhtml"'
CS = "http://example.org/cs/body"


@pytest.fixture
def own_package(tmp_path, monkeypatch):
    """A throw-away profiles package with a hierarchical code system and value sets over it."""
    pkg = tmp_path / "package"
    pkg.mkdir()
    (pkg / "package.json").write_text(json.dumps({"name": "t", "version": "0.0.1"}))
    resources = [
        {"resourceType": "CodeSystem", "id": "body", "url": CS, "status": "active", "content": "complete",
         "concept": [{"code": "organ", "concept": [{"code": "liver", "concept": [{"code": "lobe"}]}, {"code": "heart"}]},
                     {"code": "fluid"}]},
        {"resourceType": "ValueSet", "id": "is-a", "url": "http://example.org/vs/is-a", "status": "active",
         "compose": {"include": [{"system": CS, "filter": [{"property": "concept", "op": "is-a", "value": "organ"}]}]}},
        {"resourceType": "ValueSet", "id": "desc", "url": "http://example.org/vs/desc", "status": "active",
         "compose": {"include": [{"system": CS, "filter": [{"property": "concept", "op": "descendent-of", "value": "organ"}]}],
                     "exclude": [{"system": CS, "concept": [{"code": "heart"}]}]}},
        {"resourceType": "ValueSet", "id": "nested", "url": "http://example.org/vs/nested", "status": "active",
         "compose": {"include": [{"valueSet": ["http://example.org/vs/desc"]}, {"system": CS, "concept": [{"code": "fluid"}]}]}},
        {"resourceType": "ValueSet", "id": "regex", "url": "http://example.org/vs/regex", "status": "active",
         "compose": {"include": [{"system": CS, "filter": [{"property": "code", "op": "regex", "value": "l.*"}]}]}},
        {"resourceType": "ValueSet", "id": "elsewhere", "url": "http://example.org/vs/elsewhere", "status": "active",
         "compose": {"include": [{"system": "http://snomed.info/sct"}]}},
    ]
    for r in resources:
        (pkg / f"{r['resourceType']}-{r['id']}.json").write_text(json.dumps(r))
    monkeypatch.setenv("REGIMEN_FHIR_PROFILES", str(tmp_path))
    packages.profiles.cache_clear()
    valuesets._memo.clear()
    yield
    packages.profiles.cache_clear()
    valuesets._memo.clear()


def codes(url):
    got = valuesets.expand("R4B", url)
    return None if got is None else sorted(c for _, c in got)


def test_filters_excludes_and_nested_value_sets(own_package):
    assert codes("http://example.org/vs/is-a") == ["heart", "liver", "lobe", "organ"]
    assert codes("http://example.org/vs/desc") == ["liver", "lobe"]
    assert codes("http://example.org/vs/nested") == ["fluid", "liver", "lobe"]


def test_what_cannot_be_expanded_offline_is_not_judged(own_package):
    assert codes("http://example.org/vs/regex") is None
    assert codes("http://example.org/vs/elsewhere") is None
    assert codes("http://example.org/vs/not-there") is None
    assert "http://example.org/vs/elsewhere" in valuesets.unexpandable


def test_core_value_sets_expand_from_the_package():
    assert codes("http://hl7.org/fhir/ValueSet/publication-status|4.3.0") == ["active", "draft", "retired", "unknown"]
    assert "d" in codes("http://hl7.org/fhir/ValueSet/units-of-time")


@pytest.mark.parametrize("div, rule", [
    (f"<div {XHTML}><p>fine</p></div>", None),
    (f"<div {XHTML}><img src=\"x.png\" alt=\"\"/></div>", None),
    ("<div><p>no namespace</p></div>", "txt-1"),
    (f"<p {XHTML}>not a div</p>", "txt-1"),
    (f"<div {XHTML}><p onclick=\"x()\">event</p></div>", "txt-1"),
    (f"<div {XHTML}><a href=\"javascript:x()\">link</a></div>", "txt-1"),
    (f"<div {XHTML}><iframe/>text</div>", "txt-1"),
    (f"<div {XHTML}><p>unclosed</div>", "txt-1"),
    (f"<div {XHTML}>  </div>", "txt-2"),
])
def test_narrative_rules(div, rule):
    found = {code for code, _ in check_narrative(div)}
    assert found == ({rule} if rule else set())


def test_a_required_extension_slice_is_missed_even_next_to_other_extensions():
    from regimen_fhir.validate.profiles import Profiles, compile_sd

    url = "http://example.org/StructureDefinition/needs-a"
    elements = [
        {"id": "Patient", "path": "Patient"},
        {"id": "Patient.extension", "path": "Patient.extension",
         "slicing": {"discriminator": [{"type": "value", "path": "url"}], "rules": "open"}},
        {"id": "Patient.extension:a", "path": "Patient.extension", "sliceName": "a", "min": 1, "max": "1",
         "type": [{"code": "Extension", "profile": ["http://example.org/ext/a"]}]},
    ]
    sd = {"url": url, "type": "Patient", "differential": {"element": elements}, "snapshot": {"element": elements}}
    p = Profiles("R4B")
    p._rules[url] = compile_sd(sd, "R4B")
    other = {"url": "http://example.org/ext/b", "valueString": "x"}
    wanted = {"url": "http://example.org/ext/a", "valueString": "y"}
    for extensions, expected in (([other], ["Patient.extension"]), ([other, wanted], []), ([], ["Patient.extension"]),
                                 ([wanted, other, wanted], ["Patient.extension[2]"])):
        res = {"resourceType": "Patient", "extension": extensions} if extensions else {"resourceType": "Patient"}
        assert [i.expression for i in p.check(res, url, "Patient", None, res)] == expected, extensions
