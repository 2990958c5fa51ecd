"""Load an untrusted HTML page into an lxml tree, safely.

Pages are data, never code: no network, no DTD or entity expansion, script
and style content dropped before anything reads text, a size limit before
parsing and a depth limit after (the walkers are iterative anyway).
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, html

from ..errors import PageError
from ..model import SourceInfo
from . import pdftohtml

MAX_BYTES = 8 * 1024 * 1024
MAX_ELEMENTS = 20_000  # a regimen page has a few hundred; bounds the work (and memory) one page can cause
MAX_DEPTH = 255  # libxml2 silently cuts HTML deeper than 256 levels: refuse before that
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math")

# Characters XML (and so FHIR's XHTML narrative) cannot carry; never meaningful in a page's text.
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-]+)", re.IGNORECASE)


@dataclass
class LoadedPage:
    tree: etree._Element
    source: SourceInfo


def decode(data: bytes, file: str) -> str:
    """Bytes to text: BOM, then a declared charset, then UTF-8, then windows-1252."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace").lstrip("\ufeff")
    m = _META_CHARSET.search(data[:4096])
    declared = m.group(1).decode("ascii", "replace").lower() if m else None
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    if declared in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        declared = "windows-1252"  # what browsers do, per the WHATWG encoding standard
    if declared and declared not in ("utf-8", "utf8"):
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        if declared in ("utf-8", "utf8"):
            return data.decode("utf-8", errors="replace")
        return data.decode("windows-1252", errors="replace")


def looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return False


_PARSERS: list[html.HTMLParser] = []


def _parser() -> html.HTMLParser:
    """One parser per process, reused page after page (lxml parsers are reusable, not thread-safe; the
    batch runs pages in processes). Element classes are looked up in C: lxml.html's own lookup is a
    Python call per element touched, to give form controls their own classes, which nothing here uses."""
    if not _PARSERS:
        parser = html.HTMLParser(
            no_network=True,
            remove_comments=True,
            remove_pis=True,
            remove_blank_text=False,
            huge_tree=False,
            default_doctype=False,
            recover=True,
        )
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=html.HtmlElement, comment=html.HtmlComment, pi=html.HtmlProcessingInstruction,
            entity=html.HtmlEntity))
        _PARSERS.append(parser)
    return _PARSERS[0]


_TOO_DEEP = etree.XPath("boolean(descendant-or-self::node()[not(self::text())][count(ancestor::*) >= $limit])")
_NODES = etree.XPath("count(descendant-or-self::node()[not(self::text())])")  # what root.iter() gives


def check_depth(root: etree._Element, limit: int = MAX_DEPTH) -> None:
    """Refuse markup nested deeper than `limit` levels. Asked of libxml2 in one XPath (no recursion, and no
    Python object per element, which a walk here would make)."""
    if _TOO_DEEP(root, limit=limit):
        raise PageError(f"markup nested deeper than {limit} levels")


def count_nodes(root: etree._Element) -> int:
    """Elements, comments and processing instructions: what bounds the work one page can cause."""
    return int(_NODES(root))


_EXPONENT = re.compile(r"^[-\u2212]?\d{1,2}$")


def mark_exponents(root: etree._Element) -> None:
    """'10<sup>9</sup>/L' reads '10^9/L', not '109/L': a superscript number right after a digit is a power of
    ten. A superscript after a letter ('m<sup>2</sup>') or a footnote mark stays as it is."""
    for sup in root.iter("sup"):
        text = sup.text_content().strip()
        if not _EXPONENT.match(text):
            continue
        prev = sup.getprevious()
        before = (prev.tail if prev is not None else sup.getparent().text) or ""
        if before[-1:].isdigit():
            for child in list(sup):
                sup.remove(child)
            sup.text = "^" + text.replace("\u2212", "-")


_PLAIN_CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")
_FONT_WEIGHT = re.compile(r"font-weight\s*:\s*([a-z]+|\d{3})", re.IGNORECASE)
_BOLD_WEIGHTS = {"bold", "bolder", "600", "700", "800", "900"}


def mark_class_bold(root: etree._Element) -> None:
    """Bold set by a class of the page's own stylesheet reads as bold markup: a published Google Docs export
    ('<style>.c2{font-weight:700;font-size:13pt}</style> ... <p><span class="c2">Side effects</span></p>') has no
    <b> and no headings, only classes. An element whose classes the stylesheet makes bold gets 'font-weight:700'
    in its style attribute, where the segmenter looks for bold; of several classes setting a weight, the one the
    stylesheet declares last wins ('class="c0 c8"' with .c0 400 before .c8 700 is bold). Only rules whose
    selectors are plain classes count; nothing else in the stylesheet is read."""
    weights: dict[str, tuple[int, bool]] = {}  # class -> (order of its last weight rule, bold)
    order = 0
    for style in root.iter("style"):
        for rule in (style.text or "").split("}"):  # '.c2{color:#000;font-weight:700', '.a,.b{...', '@media ...{.c{...'
            selectors, brace, body = rule.rpartition("{")
            weight = _FONT_WEIGHT.findall(body) if brace else None
            if not weight:
                continue
            names = [_PLAIN_CLASS.fullmatch(s.strip()) for s in selectors.split(",")]
            if not all(names):
                continue  # 'p.c1', 'table td', '.lst-kix>li:before': not a plain class
            order += 1
            for name in names:
                weights[name.group(1)] = (order, weight[-1].lower() in _BOLD_WEIGHTS)
    if not any(bold for _, bold in weights.values()):
        return
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.get("class"):
            continue
        rules = [weights[c] for c in el.get("class").split() if c in weights]
        if rules and max(rules)[1]:
            el.set("style", "font-weight:700;" + (el.get("style") or ""))


def load_bytes(data: bytes, file: str) -> LoadedPage:
    if not data.strip():
        raise PageError("the file is empty")
    if len(data) > MAX_BYTES:
        raise PageError(f"the file is {len(data):,} bytes, over the limit of {MAX_BYTES:,}")
    if looks_binary(data):
        raise PageError("the file is binary, not an HTML page")
    text = _NOT_XML_CHARS.sub("", decode(data, file))
    # lxml refuses str input with an encoding declaration; drop the declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"the HTML could not be parsed ({exc})") from None
    if root is None:
        raise PageError("the HTML could not be parsed")
    check_depth(root)
    elements = count_nodes(root)
    if elements > MAX_ELEMENTS:
        raise PageError(f"the page has {elements:,} elements, over the limit of {MAX_ELEMENTS:,}")
    canonical = None
    for link in root.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            canonical = link.get("href").strip()
            break
    site_name = None
    for meta in root.iter("meta"):
        if (meta.get("property") or "").lower() == "og:site_name" and meta.get("content"):
            site_name = meta.get("content").strip()
    if site_name is None:
        title = root.find(".//title")
        if title is not None and title.text_content() and "|" in title.text_content():
            site_name = title.text_content().rsplit("|", 1)[1].strip() or None
    mark_class_bold(root)
    pdftohtml.rebuild(root)  # a PDF converted line by line: back to paragraphs, headings, lists and table rows
    for el in list(root.iter(*DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that followed the element
    mark_exponents(root)
    source = SourceInfo(
        file=Path(file).name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        canonical_url=canonical,
        site_name=site_name,
    )
    return LoadedPage(root, source)


def load_file(path: Path) -> LoadedPage:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PageError(f"cannot read the file ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise PageError(f"the file is {size:,} bytes, over the limit of {MAX_BYTES:,}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PageError(f"cannot read the file ({exc.strerror})") from None
    return load_bytes(data, path.name)
