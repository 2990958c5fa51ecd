"""Property-based tests (hypothesis): whatever the bytes, a page is converted or fails with a
reported reason, never a crash; the same page written with different but equivalent markup
gives the same facts. Example counts are modest to keep CI quick; on CI the examples are
derandomised so that a run is reproducible."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import corpus
from regimen_fhir.parse import glossary_of
from regimen_fhir.pipeline import ConvertOptions, GlossaryMerger, convert_page

settings.register_profile("repo", deadline=None, suppress_health_check=[HealthCheck.too_slow],
                          derandomize=bool(os.environ.get("CI")),
                          max_examples=int(os.environ.get("REGIMEN_FHIR_EXAMPLES", "25")))
settings.load_profile("repo")

PAGE = corpus.page_text()
NARRATIVE_TAGS = {"div", "p", "b", "ul", "li", "table", "tr", "th", "td", "br", "i"}
TAGS = ["div", "p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "span", "b", "strong", "table", "tr", "td",
        "section", "dl", "dt", "dd", "a", "sup", "br", "script", "style", "svg", "title", "meta", "html", "body"]
WORDS = ["mg/m2", "0.8", "day 1", "days 8 and 15", "IV", "over 60 minutes", "(32%)", "Schedule", "Side Effects",
         "every 28 days", "cycle", "Nausea", "&reg;", "&lol;", "<!--", "-->", "<![CDATA[", "]]>", "\x00", "\ufeff",
         "Regimen:", "What is a CBC?", "modal glossary", "</", ">", "<", "&", '"', "'", "\n"]


def check(tmp_path: Path, data: bytes, name: str = "page.html") -> dict:
    """Convert one page in-process; it must come back as a result, never an exception."""
    path = tmp_path / name
    path.write_bytes(data)
    merger = GlossaryMerger()
    try:
        merger.add(*glossary_of(path))
    except Exception as exc:  # the glossary pass may refuse the page, but only with a PageError
        assert type(exc).__name__ in ("PageError", "NotARegimenPage"), exc
    glossary, conflicts = merger.result()
    out = convert_page(path, glossary, conflicts, ConvertOptions(out_dir=tmp_path / "out"))
    r = out.result
    assert r.status in ("converted", "glossary", "failed")
    if r.status == "failed":
        assert r.error and not r.error.startswith("internal error"), r.error
        assert out.payload is None
    if r.status == "converted":
        bundle = json.loads(out.payload)
        assert bundle["resourceType"] == "Bundle" and bundle["entry"]
        for e in bundle["entry"]:
            if "text" in e["resource"]:  # FHIR narrative: well-formed XHTML, known elements, no attributes
                root = etree.fromstring(e["resource"]["text"]["div"])
                assert {etree.QName(el).localname for el in root.iter()} <= NARRATIVE_TAGS
                assert all(not el.attrib for el in root.iter() if el is not root)
    return {"result": r, "payload": out.payload}


@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(tmp_path_factory, data):
    check(tmp_path_factory.mktemp("b"), data)


markup = st.recursive(
    st.sampled_from(WORDS) | st.text(max_size=20),
    lambda inner: st.builds(lambda tag, attrs, kids: f"<{tag}{attrs}>{''.join(kids)}</{tag}>",
                            st.sampled_from(TAGS),
                            st.sampled_from(["", ' class="modal glossary"', ' id="glossary-x"', ' onclick="x()"',
                                             ' role="dialog"', ' class="tab-pane" id="schedule"']),
                            st.lists(inner, max_size=5)),
    max_leaves=40)


@given(st.lists(markup, max_size=8))
def test_random_markup_never_crashes(tmp_path_factory, parts):
    check(tmp_path_factory.mktemp("m"), "".join(parts).encode("utf-8", "surrogatepass"))


@st.composite
def mutated_pages(draw) -> bytes:
    data = PAGE.encode("utf-8")
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "flip"]))
        i = draw(st.integers(0, len(data)))
        j = draw(st.integers(i, min(len(data), i + 2000)))
        if op == "delete":
            data = data[:i] + data[j:]
        elif op == "duplicate":
            data = data[:j] + data[i:j] + data[j:]
        elif op == "insert":
            data = data[:i] + draw(markup).encode("utf-8", "surrogatepass") + data[i:]
        elif op == "truncate":
            data = data[:i]
        else:
            data = data[:i] + bytes([draw(st.integers(0, 255))]) + data[i + 1:]
    return data


@given(mutated_pages())
def test_mutated_pages_never_crash(tmp_path_factory, data):
    check(tmp_path_factory.mktemp("x"), data)


# ---- same page, different markup: the same facts -------------------------------------------------

BODY = PAGE.index("<body>")
BLOCK_END = re.compile(r"</(?:li|p|ul|ol|div|section|h[1-6]|dd|dt|dl|tr|table)>(?=\s*<)")


def facts(payload: bytes) -> list[dict]:
    """The bundle's resources, less Provenance (which records the file's own hash and size)."""
    bundle = json.loads(payload)
    return [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Provenance"]


@st.composite
def equivalent_pages(draw) -> str:
    head, body = PAGE[:BODY], PAGE[BODY:]
    if draw(st.booleans()):  # tag names in upper or mixed case
        body = re.sub(r"<(/?)([a-z][a-z0-9]*)", lambda m: f"<{m.group(1)}{m.group(2).upper()}", body)
    if draw(st.booleans()):  # single-quoted attributes
        body = re.sub(r'(\s[a-z-]+)="([^"\']*)"', r"\1='\2'", body)
    entity = draw(st.sampled_from(["&reg;", "&#174;", "&#xAE;", "\u00ae"]))
    head, body = head.replace("&reg;", entity), body.replace("&reg;", entity)
    ends = [m.end() for m in BLOCK_END.finditer(body)]
    picks = draw(st.lists(st.sampled_from(ends), max_size=12, unique=True)) if ends else []
    fillers = draw(st.lists(st.sampled_from(["\n", "\n\n   ", "<!-- note -->", "\t", "<!---->\n"]),
                            min_size=len(picks), max_size=len(picks)))
    for pos, filler in sorted(zip(picks, fillers), reverse=True):  # between blocks: no text changes
        body = body[:pos] + filler + body[pos:]
    return head + body


@settings(max_examples=max(5, settings().max_examples // 2))
@given(equivalent_pages())
def test_equivalent_markup_gives_the_same_facts(tmp_path_factory, page):
    tmp = tmp_path_factory.mktemp("e")
    baseline = check(tmp, PAGE.encode("utf-8"), "page.html")
    variant = check(tmp, page.encode("utf-8"), "page.html")
    assert baseline["result"].status == variant["result"].status == "converted"
    assert facts(variant["payload"]) == facts(baseline["payload"])
    assert variant["result"].not_mapped == baseline["result"].not_mapped
