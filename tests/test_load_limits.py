"""The load stage's bounds (parse/load.py), asked of libxml2 by XPath: the exact depth at which a page is refused,
and a node count equal to what a walk of the tree gives, on every shipped page."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html

from regimen_fhir.errors import PageError
from regimen_fhir.parse import load
from regimen_fhir.parse.load import MAX_DEPTH, check_depth, count_nodes, load_file

SOURCES = Path(__file__).resolve().parents[1] / "sources"


def _nested(levels: int):
    # html > body > div * n: the deepest element sits at depth n + 2
    return html.document_fromstring("<html><body>" + "<div>" * levels + "x" + "</div>" * levels + "</body></html>")


def test_depth_at_the_limit_is_read_and_one_more_is_refused():
    check_depth(_nested(MAX_DEPTH - 2))
    with pytest.raises(PageError, match=f"nested deeper than {MAX_DEPTH} levels"):
        check_depth(_nested(MAX_DEPTH - 1))


def test_a_smaller_limit_is_honoured():
    check_depth(_nested(8), limit=10)
    with pytest.raises(PageError):
        check_depth(_nested(9), limit=10)


@pytest.mark.parametrize("page", sorted(p.name for p in SOURCES.glob("*.html")))
def test_node_count_equals_a_walk_of_the_tree(page):
    root = load_file(SOURCES / page).tree
    assert count_nodes(root) == sum(1 for _ in root.iter())


def test_comments_count_and_text_does_not():
    root = html.document_fromstring("<html><body><!-- a --><p>text<b>b</b></p><?pi x?></body></html>")
    assert count_nodes(root) == sum(1 for _ in root.iter()) == 6


def test_a_comment_below_the_deepest_element_counts_as_a_level():
    levels = MAX_DEPTH - 2  # the deepest div sits at the limit; a comment inside it is one level more
    root = html.document_fromstring("<html><body>" + "<div>" * levels + "<!-- c -->" + "</div>" * levels + "</body></html>")
    with pytest.raises(PageError):
        check_depth(root)


def test_pages_share_one_parser_whose_elements_are_html_elements_looked_up_in_c():
    from lxml import html as lhtml

    first = load.load_bytes(b"<html><body><form><input name='x'><p>Day 1</p></form></body></html>", "a.html")
    second = load.load_bytes(b"<html><body><p>Day 8</p></body></html>", "b.html")
    assert load._parser() is load._parser() and len(load._PARSERS) == 1
    # form controls are plain elements: lxml.html's Python lookup (a call per element) is not used
    assert type(first.tree.find(".//input")) is lhtml.HtmlElement
    assert first.tree.find(".//p").text_content() == "Day 1" and second.tree.find(".//p").text_content() == "Day 8"
