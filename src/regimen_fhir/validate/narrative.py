"""txt-1 and txt-2 (the narrative rules) in plain code, since fhirpathpy has no htmlChecks().

txt-1: the div is well-formed XHTML, rooted in a `div` in the XHTML namespace, and uses only the
elements and attributes FHIR narrative allows (no scripts, forms, event handlers or styles that
load resources). txt-2: it has non-whitespace content.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

XHTML = "{http://www.w3.org/1999/xhtml}"
ALLOWED = set("""a abbr acronym b big blockquote br caption cite code col colgroup dd dfn div dl dt em h1 h2 h3 h4
h5 h6 hr i img li ol p pre q samp small span strong sub sup table tbody td tfoot th thead tr tt ul var""".split())
ALLOWED_ATTRS = set("""abbr accesskey align alt axis bgcolor border cellhalign cellpadding cellspacing cellvalign char
charoff charset cite class colspan compact coords dir frame headers height href hreflang hspace id lang longdesc
name nowrap rel rev rowspan rules scope shape span src start style summary tabindex title type valign value
vspace width""".split())
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@lru_cache(maxsize=512)
def check_narrative(div: str) -> tuple[tuple[str, str], ...]:
    """The txt-1 and txt-2 faults of a narrative's div, as (key, message)."""
    simple = _plain_markup(div)
    return simple if simple is not None else _parsed(div)


_ROOT_OPEN = f'<div xmlns="{XHTML[1:-1]}">'
_TAG = re.compile(r"<(/?)([a-z][a-z0-9]*)>")
# character data without markup: characters XML allows (no controls, surrogates, U+FFFE/U+FFFF), no '<' or '>',
# '&' only in the predefined entities and the apostrophe's numeric forms (what html.escape writes)
_TEXT = re.compile(r"(?:[^<>&\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|&(?:amp|lt|gt|quot|apos|#x27|#39);)*")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&#x27;": "'", "&#39;": "'"}
_ENTITY = re.compile(r"&(?:amp|lt|gt|quot|apos|#x27|#39);")
# the body of such a div: allowed elements' tags without attributes (img aside: txt-2 counts it), and text
_BODY = re.compile("(?:</?(?:" + "|".join(sorted(ALLOWED - {"img"}, key=lambda n: (-len(n), n))) + ")>|"
                   + _TEXT.pattern[3:-2] + ")*")


def _plain_markup(div: str) -> tuple[tuple[str, str], ...] | None:
    """The outcome of `_parsed` for the markup our narratives use, without a parser: the XHTML div with nothing
    but allowed elements without attributes (img aside), properly nested, and character data as `_TEXT`; None
    for anything else (the parser decides). Then txt-1 holds, and txt-2 asks for non-whitespace text."""
    if not div.startswith(_ROOT_OPEN) or not div.endswith("</div>"):
        return None
    body = div[len(_ROOT_OPEN):-6]
    if not _BODY.fullmatch(body):
        return None
    stack: list[str] = []
    for closing, name in _TAG.findall(body):
        if closing:
            if not stack or stack.pop() != name:
                return None
        else:
            stack.append(name)
    if stack:
        return None
    content = _TAG.sub("", body)
    if "&" in content:
        content = _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], content)
    if content.strip():
        return ()
    return (("txt-2", "txt-2: the narrative must have some non-whitespace content"),)


def _parsed(div: str) -> tuple[tuple[str, str], ...]:
    try:
        root = etree.fromstring(div.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        return (("txt-1", f"txt-1: the narrative is not well-formed XHTML ({exc.msg})"),)
    out = []
    if root.tag != XHTML + "div":
        out.append(("txt-1", "txt-1: the narrative must be a <div> in the XHTML namespace"))
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        local = el.tag.split("}", 1)[-1]
        if not el.tag.startswith(XHTML) or local not in ALLOWED:
            out.append(("txt-1", f"txt-1: element <{local}> is not allowed in a narrative"))
        for name, value in el.attrib.items():
            lname = name.split("}", 1)[-1]
            if lname not in ALLOWED_ATTRS or (lname in ("href", "src") and value.strip().lower().startswith(("javascript:", "data:text"))):
                out.append(("txt-1", f"txt-1: attribute {lname} on <{local}> is not allowed in a narrative"))
    if not "".join(root.itertext()).strip() and root.find(f".//{XHTML}img") is None:
        out.append(("txt-2", "txt-2: the narrative must have some non-whitespace content"))
    return tuple(out)
