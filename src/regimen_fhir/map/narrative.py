"""Narratives that follow FHIR's XHTML rules: a fixed set of elements, no attributes
from the page, every piece of page text escaped."""
from __future__ import annotations

from html import escape

XHTML_NS = "http://www.w3.org/1999/xhtml"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def p(text: str) -> str:
    return f"<p>{_e(text)}</p>"


def heading(text: str) -> str:
    return f"<p><b>{_e(text)}</b></p>"


def ul(items: list[str]) -> str:
    if not items:
        return ""
    return "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>"


def table(headers: list[str], rows: list[list[object]]) -> str:
    head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in headers) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table>{head}{body}</table>"


def narrative(*parts: str) -> dict:
    return {"status": "generated", "div": f'<div xmlns="{XHTML_NS}">' + "".join(x for x in parts if x) + "</div>"}
