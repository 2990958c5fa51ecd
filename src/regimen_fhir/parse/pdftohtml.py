"""Pages converted from PDF by pdftohtml: every line (or piece of a line) is an absolutely positioned <p>, headings are
only font classes, a superscript is a piece of its own a few pixels higher, a table is pieces on one line far apart,
and each PDF page repeats its running header and footer. `rebuild` turns such a page back into paragraphs, headings,
list items and table rows, in place, so the segmenter reads it as it reads any page.

Only pages whose generator meta names pdftohtml are touched; only <p> children of the page containers
('<div id="page1-div">') with 'top' and 'left' in their style are moved. Nothing is guessed beyond the geometry:
a line is the pieces at the same height, a paragraph the lines that follow each other at the same indent in the same
font, a heading a line in a font larger than the body text (the largest the page's title)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

_POS = re.compile(r"\btop\s*:\s*(-?\d+)px.*?\bleft\s*:\s*(-?\d+)px|\bleft\s*:\s*(-?\d+)px.*?\btop\s*:\s*(-?\d+)px", re.S)
_FONT_SIZE = re.compile(r"\.([A-Za-z_][\w-]*)\s*\{[^}]*?font-size\s*:\s*(\d+)px", re.S)
_PAGE_DIV = re.compile(r"^page\d+-div$")
_PAGE_NO = re.compile(r"^page \d+ of \d+$", re.I)
_SUPER = re.compile(r"^\d{1,2}$")


@dataclass
class _Piece:
    top: int
    left: int
    size: int
    bold: bool
    text: str


@dataclass
class _Line:
    top: int
    cells: list[list[_Piece]] = field(default_factory=list)

    def text(self, i: int = 0) -> str:
        return _join(self.cells[i])


def _join(pieces: list[_Piece]) -> str:
    out = ""
    for p in pieces:
        if out and _SUPER.match(p.text) and out[-1].isalpha():
            out += p.text  # 'mg/m' + superscript '2'
        else:
            out = f"{out} {p.text}" if out else p.text
    return out


def is_pdftohtml(root: etree._Element) -> bool:
    return any((m.get("name") or "").lower() == "generator" and (m.get("content") or "").lower().startswith("pdftohtml")
               for m in root.iter("meta"))


def rebuild(root: etree._Element) -> None:
    if not is_pdftohtml(root):
        return
    sizes: dict[str, int] = {}
    for style in root.iter("style"):
        for name, px in _FONT_SIZE.findall(style.text or ""):
            sizes[name] = int(px)
    pages = [d for d in root.iter("div") if _PAGE_DIV.match(d.get("id") or "")]
    per_page: list[list[_Piece]] = []
    for div in pages:
        pieces = []
        for p in list(div):
            if not isinstance(p.tag, str) or p.tag != "p":
                continue
            m = _POS.search(p.get("style") or "")
            text = " ".join(p.text_content().split())
            if not m or not text:
                continue
            top, left = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(4)), int(m.group(3)))
            size = max((sizes.get(c, 0) for c in (p.get("class") or "").split()), default=0)
            bold = "font-weight:700" in (p.get("style") or "").replace(" ", "")
            pieces.append(_Piece(top, left, size, bold, text))
        per_page.append(pieces)
    if not any(per_page):
        return
    # running header and footer: a piece at the same place with the same text on every page is read once
    if len(per_page) > 1:
        common = set.intersection(*({(p.top, p.left, p.text) for p in pg} for pg in per_page))
        per_page = [pg if i == 0 else [p for p in pg if (p.top, p.left, p.text) not in common]
                    for i, pg in enumerate(per_page)]
    body = Counter(p.size for pg in per_page for p in pg for _ in p.text.split()).most_common(1)[0][0]
    largest = max(p.size for pg in per_page for p in pg)
    for div, pieces in zip(pages, per_page):
        for p in list(div):
            if isinstance(p.tag, str) and p.tag == "p" and _POS.search(p.get("style") or ""):
                div.remove(p)
        for el in _elements(_lines([p for p in pieces if not _PAGE_NO.match(p.text)]), body, largest):
            div.append(el)


def _lines(pieces: list[_Piece]) -> list[_Line]:
    lines: list[_Line] = []
    for p in sorted(pieces, key=lambda p: (p.top, p.left)):
        if lines and abs(p.top - lines[-1].top) <= 5:
            lines[-1].cells[-1].append(p)
        else:
            lines.append(_Line(p.top, [[p]]))
    for line in lines:
        flat = sorted((p for c in line.cells for p in c), key=lambda p: p.left)
        cells: list[list[_Piece]] = [[flat[0]]]
        for p in flat[1:]:
            prev = cells[-1][-1]
            # a piece far right of where the one before it ends (its width estimated from its letters) is a new column
            end = prev.left + len(prev.text) * max(prev.size, 1) * 0.5
            if p.left > end + 40:
                cells.append([p])
            else:
                cells[-1].append(p)
        line.cells = cells
    return lines


def _elements(lines: list[_Line], body: int, largest: int) -> list[etree._Element]:
    out: list[etree._Element] = []
    para: list[_Line] = []
    rows: list[_Line] = []
    items: list[str] = []

    def flush() -> None:
        if para:
            first = para[0].cells[0][0]
            text = " ".join(ln.text() for ln in para)
            tag = "h1" if first.size == largest and first.size > body else "h2" if first.size > body else "p"
            el = etree.Element(tag)
            _put_text(el, text, tag == "p" and all(p.bold for ln in para for p in ln.cells[0]))
            out.append(el)
            para.clear()
        if rows:
            table = etree.Element("table")
            for ln in rows:
                tr = etree.SubElement(table, "tr")
                for i in range(len(ln.cells)):
                    _put_text(etree.SubElement(tr, "td"), ln.text(i), all(p.bold for p in ln.cells[i]))
            out.append(table)
            rows.clear()
        if items:
            ul = etree.Element("ul")
            for text in items:
                li = etree.SubElement(ul, "li")
                li.text = text
            out.append(ul)
            items.clear()

    prev: _Line | None = None
    for line in lines:
        head = line.cells[0][0]
        if len(line.cells) > 1:
            if para or items:
                flush()
            rows.append(line)
        elif head.text.startswith(("•", "●", "▪", "–")) and head.text[1:2].isspace():
            flush()
            items.append(line.text()[1:].strip())
        elif items and prev is not None and head.left > prev.cells[0][0].left and line.top - prev.top <= head.size * 1.8:
            items[-1] += " " + line.text()  # a list item's wrapped line, indented under its text
        else:
            last = para[-1].cells[0][0] if para else None
            if last is None or head.left != last.left or head.size != last.size or head.bold != last.bold \
                    or line.top - para[-1].top > max(head.size, 1) * 1.8 or rows or items:
                flush()
            para.append(line)
        prev = line
    flush()
    return out


def _put_text(el, text: str, bold: bool) -> None:
    """The element's text, inside a <b> when all of it was set bold (a heading the parser knows by its boldness)."""
    if bold:
        etree.SubElement(el, "b").text = text
    else:
        el.text = text
