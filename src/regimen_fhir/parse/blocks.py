"""Cut a page into text blocks, each with the headings it sits under.

A heading is whatever a reader takes for one: h1-h6, a tab label, a modal
title, a definition-list term, a table caption, or a paragraph that is only
bold text. Sectioning containers (section, aside, tab panes, modals ...)
scope their headings, so a pop-up at the end of a page is not read as part
of whatever section came last. The walk is iterative: deep markup cannot
exhaust the stack.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

CHROME_TAGS = {"header", "nav", "footer"}
SCOPE_TAGS = {"section", "article", "aside", "main", "dl", "table", "form", "details"}
SCOPE_CLASSES = {"modal", "tab-pane", "panel", "card", "accordion-item", "dialog", "tab-content"}
NAV_CLASSES = {"nav", "nav-tabs", "nav-pills", "breadcrumb", "menu", "navbar", "share", "social"}
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = {"p", "li", "dd", "dt", "tr", "blockquote", "pre", "figcaption"}
LIST_TAGS = {"ul", "ol", "dl", "table"}
SUBHEADING_LEVEL = 7

_TRANSLATE = str.maketrans({
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u00ad": None, "\u200b": None,
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u00b2": "2", "\u00b3": "3", "\u2212": "-", "\u2014": " - ", "\u2010": "-", "\u2011": "-",
})


_DISPLAY = {k: v for k, v in _TRANSLATE.items() if k not in (ord("\u00b2"), ord("\u00b3"))}


_SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
# '10⁹/L': superscript digits right after a digit are a power ('10^9/L'); after a letter ('m²') a plain digit
_POWER = re.compile(rf"(?<=\d)[{_SUPERSCRIPT_DIGITS}]+")
_POWER_DIGITS = str.maketrans(_SUPERSCRIPT_DIGITS, "0123456789")


def normalise(text: str) -> str:
    """One space between words, plain quotes, '²' as '2'; dashes kept as '-' or '–'; '10⁹' as '10^9'."""
    if text.isascii():
        return " ".join(text.split())  # nothing to translate: every character _TRANSLATE maps is outside ASCII
    text = _POWER.sub(lambda m: "^" + m.group(0).translate(_POWER_DIGITS), text)
    return " ".join(text.translate(_TRANSLATE).split())  # split() knows the same white space as re's \s


def normalise_display(text: str) -> str:
    """As `normalise`, but '²' and '³' kept: for names shown as written (a title such as 'R²'), never
    for text whose numbers and units are read."""
    return " ".join(text.translate(_DISPLAY).split())


@dataclass
class Heading:
    text: str
    level: int
    scope: int  # depth of the scope that owns it


@dataclass
class Block:
    index: int
    tag: str
    text: str
    headings: tuple[str, ...]
    path: str
    element: etree._Element = field(repr=False)
    parent: int | None = None  # enclosing list-item block, for nested lists
    scope_id: str = ""  # id of the nearest scoping container (modal id, tab id)
    scope_class: str = ""
    label: str | None = None  # bold lead-in of a paragraph ("Blood sugar:")
    cells: tuple[str, ...] = ()
    chrome: bool = False  # site header, navigation or footer
    tab: str = ""  # the label of the tab whose panel holds the block ('Every 2 weeks'), when it is in one

    @property
    def section(self) -> str:
        return " > ".join(self.headings)


_BOX_TAGS = {"span", "div", "button", "label", "a", "time"}
# elements a browser sets on lines of their own: two of them touching ('<dd><p>Oxaliplatin 85 mg/m2</p><p>Day 1</p></dd>')
# are two lines, never one word glued across them ('mg/m2Day')
_LINE_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "figcaption", "section", "article",
              "header", "footer", "aside", "address", "hr"}


def own_text(el: etree._Element, skip: set[str] = LIST_TAGS) -> str:
    """Text of an element without the text of nested lists (for list items)."""
    parts: list[str] = []
    stack: list[tuple[etree._Element, bool]] = [(el, False)]
    while stack:
        node, closing = stack.pop()
        if closing:
            if node is not el and node.tail:
                if node.tag in _LINE_TAGS and parts and parts[-1][-1:].strip():
                    parts.append(" ")  # '<p>Day 1</p>then ...': the text after a line is a line of its own
                parts.append(node.tail)
            continue
        if node is not el and isinstance(node.tag, str) and node.tag in skip:
            if node.tail:
                parts.append(node.tail)
            continue
        if not isinstance(node.tag, str):
            if node.tail:
                parts.append(node.tail)
            continue
        if node.tag == "br":
            parts.append(" ")
        if node is not el and node.tag in _LINE_TAGS and parts and parts[-1][-1:].strip():
            parts.append(" ")  # a line after text with no white space between them: two lines, two words
        prev = node.getprevious() if node is not el else None
        if prev is not None and isinstance(prev.tag, str) and prev.tag in _BOX_TAGS and node.tag in _BOX_TAGS \
                and not (prev.tail or "").strip():
            parts.append(" ")  # '<span>Nausea</span><span class="badge">24%</span>': two boxes, two words
        elif node is not el and node.tag in _BOX_TAGS and parts and parts[-1][-1:].isalpha() \
                and (node.text or "")[:1].isdigit():
            parts.append(" ")  # 'Rash<span class="badge">10%</span>': a figure in its own box is a word of its own
        if node.text:
            parts.append(node.text)
        stack.append((node, True))
        for child in reversed(node):
            stack.append((child, False))
    return normalise("".join(parts))


# a list of tab labels by its class or attribute (Foundation '<ul class="tabs" data-tabs>', '<ul class="tab-list">'),
# besides ARIA's role="tablist"
_TAB_LIST_CLASSES = {"tabs", "tab-list", "tabs-list", "tabs-nav", "tab-nav", "tablist"}


def _tab_list(el: etree._Element) -> bool:
    """'<ul class="tabs" data-tabs><li class="tabs-title"><a href="#pd-side">Side effects</a></li>...</ul>': a list
    made only of links to places in the page, marked as tabs (role, data-tabs or a tabs class). A container that holds
    the panels as well (text outside the links) is no tab list."""
    if el.tag not in ("ul", "ol", "nav", "div"):
        return False
    if not ((el.get("role") or "") == "tablist" or el.get("data-tabs") is not None
            or _classes(el) & _TAB_LIST_CLASSES):
        return False
    links = list(el.iter("a"))
    if len(links) < 2 or not all(len(a.get("href") or "") > 1 and (a.get("href") or "").startswith("#") for a in links):
        return False
    in_links = sum(len(a.text_content()) for a in links)
    return not normalise(el.text_content()).strip() or len(normalise(el.text_content())) <= in_links + len(links) * 2


_IDS = etree.XPath("//@id")  # every id of the page, as strings (no element objects made)


def _tab_labels(root: etree._Element) -> dict[str, str]:
    labels: dict[str, str] = {}
    ids: set[str] | None = None  # the page's ids, gathered only once a tab list is found (most pages have none)
    for lst in root.iter("ul", "ol", "nav", "div"):
        if _tab_list(lst):
            if ids is None:
                ids = set(_IDS(root))
            for a in lst.iter("a"):
                target = (a.get("href") or "").lstrip("#")
                if target in ids:
                    labels[target] = normalise(a.text_content())
    for a in root.iter("a", "button"):
        toggle = (a.get("data-toggle") or a.get("data-bs-toggle") or a.get("role") or "").lower()
        if toggle not in ("tab", "pill"):
            continue
        target = (a.get("href") or a.get("data-target") or a.get("data-bs-target") or "").lstrip("#")
        target = target or (a.get("aria-controls") or "")
        if target:
            labels[target] = normalise(a.text_content())
    return labels


def _toggle_title(el: etree._Element) -> bool:
    """'<button class="faq-q" aria-expanded="false">How is it given?</button>' over its answer: an accordion's toggle
    (aria-expanded), or the name of a schema.org Question, reads as a heading. A tab's toggle names its pane instead
    (`_tab_labels`); a button of a form ('Search', 'Submit') has no aria-expanded and no Question around it."""
    if (el.get("data-toggle") or el.get("data-bs-toggle") or el.get("role") or "").lower() in ("tab", "pill"):
        return False
    parent = el.getparent()
    question = el.get("itemprop") == "name" and parent is not None and \
        (parent.get("itemtype") or "").rstrip("/").endswith("/Question")
    if el.get("aria-expanded") is None and not question:
        return False
    text = normalise(el.text_content())
    return 0 < len(text) <= 120


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _is_scope(el: etree._Element) -> bool:
    """Sectioning containers, and any element that holds a heading next to other content."""
    if el.tag in SCOPE_TAGS:
        return True
    if (el.get("role") or "") in ("dialog", "tabpanel", "region"):
        return True
    if _classes(el) & SCOPE_CLASSES:
        return True
    if len(el) < 2:  # a heading next to other content takes two children at least
        return False
    children = [c for c in el if isinstance(c.tag, str)]
    if not any(_is_heading_el(c) for c in children):
        return False
    return any(not _is_heading_el(c) and c.tag not in ("button", "span", "img") for c in children)


# A class token that names the element as a title: "box-title", "card-header", "panel-heading", "title".
_TITLE_CLASS = re.compile(r"^(?:[\w-]*[-_])?(?:title|heading|header|caption)$"
                          # a CMS field's label ('field__label', 'field-label'); a bare 'label' is a badge, not a title
                          r"|^[\w-]*(?:__|-|_)label$"
                          # Bootstrap's heading classes on a plain element ('<p class="h4">Side effects</p>')
                          r"|^h[1-6]$"
                          # camelCase: Confluence's '<div class="panelHeader"><b>Schedule</b></div>' ('subheader' is no title)
                          r"|(?-i:^[a-z]+(?:Title|Heading|Header)$)", re.IGNORECASE)
_NOT_TITLE_CONTENT = {"p", "ul", "ol", "dl", "table", "div", "section", "article",
                      "h1", "h2", "h3", "h4", "h5", "h6", "li", "br"}


def _class_title(el: etree._Element) -> bool:
    """'<div class="box-title">Treatment plan</div>': an element whose class names it a title and that
    holds a short run of text only (no paragraphs, lists or headings of its own) reads as a heading.
    'page-header' around an <h1>, or a long 'card-header' paragraph, is not one."""
    if el.tag not in ("div", "span", "p") or not any(_TITLE_CLASS.match(c) for c in _classes(el)):
        return False
    if any(isinstance(d.tag, str) and d.tag in _NOT_TITLE_CONTENT for d in el.iterdescendants()):
        return False
    if sum(1 for _ in el.iter("a")) >= 2:
        return False  # '<div class="header"><a>Logo</a> <a>Search</a> | <a>Print</a></div>': a bar of links, no title
    text = normalise(el.text_content())
    return 0 < len(text) <= 80


def _title_bar(el: etree._Element) -> str | None:
    """'<table><tr><td class="bar">SIDE EFFECTS</td></tr></table>': a table of one row with one short cell of
    plain text is a title bar of an old layout, not data: it reads as a heading."""
    if el.tag != "table":
        return None
    rows = [r for r in el.iter("tr")]
    if len(rows) != 1:
        return None
    cells = [c for c in rows[0] if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if len(cells) != 1 or any(isinstance(d.tag, str) and d.tag in _NOT_TITLE_CONTENT for d in cells[0].iterdescendants()):
        return None
    text = normalise(cells[0].text_content())
    return text if 0 < len(text) <= 60 and not re.search(r"\d", text) else None


class_title = _class_title  # for the reader: a CMS field's title element


def _is_heading_el(el: etree._Element) -> bool:
    return el.tag in HEADING_TAGS or el.tag == "summary" or (el.get("role") or "") == "heading" \
        or _class_title(el) or _disclosure_button(el)


def _disclosure_button(el: etree._Element) -> bool:
    """'<button class="accordion__trigger" aria-expanded="false" aria-controls="acc-1">How do I take it?</button>' over
    its panel: the button that shows or hides a panel is that panel's title (as a <summary> is a <details>'); a tab's
    button is a tab label instead (see _tab_labels), and a long or empty one is no title."""
    if el.tag != "button" or not el.get("aria-controls") or el.get("aria-expanded") is None:
        return False
    if (el.get("role") or el.get("data-toggle") or el.get("data-bs-toggle") or "").lower() in ("tab", "pill"):
        return False
    text = normalise(el.text_content())
    return 0 < len(text) <= 120


def _is_chrome(el: etree._Element) -> bool:
    if el.tag in CHROME_TAGS:
        return True
    role = el.get("role") or ""
    if role in ("navigation", "banner", "contentinfo"):
        return True
    if role == "tablist":
        # a bar of tabs is chrome; an accordion marked as a tab list that holds its panels too ('<div role="tablist">'
        # around each '<div role="tab">' title and its '<div role="tabpanel">') is the page's content
        return not any((d.get("role") or "") == "tabpanel" for d in el.iterdescendants() if isinstance(d.tag, str))
    return bool(_classes(el) & NAV_CLASSES) or _tab_list(el)


# bold by style ('<span style="font-weight: bold">', '<p style="font-weight:700">')
_CSS_BOLD = re.compile(r"font-weight\s*:\s*(?:bold(?:er)?|[6-9]00)\b", re.IGNORECASE)
# inline wrappers whose bold content still makes a bold-only paragraph ('<p><font ...><b>How is it given?</b></font></p>')
_BOLD_WRAPPERS = ("font", "span", "u", "em", "i", "small", "big")


def _is_bold(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and (el.tag in ("strong", "b") or bool(_CSS_BOLD.search(el.get("style") or "")))


def _bold_only(el: etree._Element) -> str | None:
    """A paragraph whose whole text is bold reads as a heading."""
    if el.tag == "p" and _CSS_BOLD.search(el.get("style") or ""):
        text = normalise(el.text_content())  # the paragraph itself is bold
        return text if 0 < len(text) <= 120 else None
    if el.tag not in ("p", "div") or len(el) == 0:
        return None
    # Cheap refusals first (this runs for every container of the page, and the text of a page-wide
    # <div> is the whole page): text outside the bold children, in the element's own text, a tail or
    # another child, leaves the bold text shorter than the whole, whatever normalise does to spaces.
    if normalise(el.text or ""):
        return None
    for child in el:
        if normalise(child.tail or ""):
            return None
        if isinstance(child.tag, str) and not _is_bold(child) and child.tag not in _BOLD_WRAPPERS and \
                any(normalise(t) for t in child.itertext()):
            return None
    text = normalise(el.text_content())
    if not text or len(text) > 120:
        return None
    bold = normalise(_bold_text(el))
    return text if bold == text else None


def _bold_text(el: etree._Element) -> str:
    """The text of an element's bold children, in order; bold inside an inline wrapper (<font>, <span>, <u> ...)
    counts too. A wrapper's own text is not bold, so it leaves the bold text shorter than the whole."""
    parts = []
    for c in el:
        if _is_bold(c):
            parts.append(c.text_content())
        elif isinstance(c.tag, str) and c.tag in _BOLD_WRAPPERS:
            parts.append(_bold_text(c))
    return "".join(parts)


def _lead_in(el: etree._Element) -> str | None:
    """'<p><strong>Blood sugar:</strong> ...' -> 'Blood sugar'; also '<strong>Drugs and doses.</strong> ...'
    and '<strong>Schedule</strong>: ...' (the colon after the bold text), '<strong>Side effects</strong> – ...' (a dash
    after it). A bold word inside a sentence
    ('<strong>Do not</strong> take ...') is no lead-in: it has no colon or full stop."""
    if el.tag != "p" or len(el) == 0 or (el.text or "").strip():
        return None
    first = el[0]
    if first.tag in ("strong", "b"):
        text = normalise(first.text_content())
        tail = (first.tail or "").lstrip()
        if text.endswith((":", ".")) and len(text) > 2:
            return text[:-1].strip()
        if tail.startswith(":") and text:
            return text
        if text and _DASH_AFTER_LEAD.match(tail) and not text.endswith((",", ";", "-", "–", "—")):
            return text  # '<strong>Side effects</strong> – in the main study ...': a dash after the bold text
    return None


# the dash that parts a bold lead-in from its text ('<strong>Side effects</strong> – ...', ' - ', ' — '): an en or em dash,
# or a hyphen with a space after it (never a hyphen joining words, '<b>Non</b>-squamous')
_DASH_AFTER_LEAD = re.compile(r"(?:[–—]|-(?=\s))")


_BLOCK_CONTENT = {"p", "ul", "ol", "dl", "table", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6"}


def _is_layout_row(el: etree._Element) -> bool:
    """A table row whose cells hold paragraphs, lists or headings is page layout, not a row of data; but not a
    word-processor row (see _paragraph_cell_row)."""
    if _paragraph_cell_row(el):
        return False
    return any(isinstance(d.tag, str) and d.tag in _BLOCK_CONTENT for c in el for d in c.iterdescendants())


def _paragraph_cell_row(tr: etree._Element) -> bool:
    """A row of three or more cells each holding at most one paragraph and nothing else block-level: a word
    processor's table ('<td><p class=MsoNormal><span>1.8 mg/kg</span></p></td>', Word exports every cell so),
    a row of data; a row of two such cells only in a table of three rows or more all of that form."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if len(cells) < 2 or not _one_paragraph_cells(cells):
        return False
    if len(cells) >= 3:
        return True
    # two cells: data only in a grid of three rows or more, every row two such cells (a Google Docs side-effect table
    # 'Side effect | How many people had it'); a lone two-column row of paragraphs stays page layout
    table = next(tr.iterancestors("table"), None)
    if table is None:
        return False
    mark = table.get("data-regimen-fhir-grid")  # the table's answer, found once (not once per row)
    if mark is None:
        rows = [r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table]
        grid = len(rows) >= 3 and all(
            len(rc := [c for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")]) == 2 and _one_paragraph_cells(rc)
            for r in rows)
        mark = "1" if grid else "0"
        table.set("data-regimen-fhir-grid", mark)
    return mark == "1"


def _one_paragraph_cells(cells: list) -> bool:
    for c in cells:
        blocks_ = [d for d in c.iterdescendants() if isinstance(d.tag, str) and d.tag in _BLOCK_CONTENT]
        if len(blocks_) > 1 or (blocks_ and (blocks_[0].tag != "p" or blocks_[0].getparent() is not c)):
            return False
    return True


def segment(root: etree._Element, names_section=None) -> list[Block]:
    """The page's text blocks in reading order. `names_section(text)` (optional) tells whether a bold
    lead-in names a section ('<strong>Drugs and doses.</strong> ...'); such a lead-in then heads the
    blocks that follow it, as a bold-only paragraph would."""
    tree = root.getroottree()
    tabs = _tab_labels(root)
    body = root.find("body")
    start = body if body is not None else root
    blocks: list[Block] = []
    headings: list[Heading] = []
    scopes: list[tuple[etree._Element, str, str]] = []
    li_stack: list[tuple[etree._Element, int]] = []
    items_read: set[int] = set()  # list items and definitions read whole (own text): their paragraphs are not read again
    row_spans: dict[int, dict[int, tuple[int, str]]] = {}  # per table: column -> (rows still spanned, text)
    # events: (element, entering)
    stack: list[tuple[etree._Element, bool, bool]] = [(start, True, False)]
    while stack:
        el, entering, chrome = stack.pop()
        if isinstance(el, _Run) and el.tag == "heading":
            # an all-bold run of a container or cell ('<section><strong>Side effects</strong><p>...'): a heading
            depth = len(scopes)
            while headings and headings[-1].scope == depth and headings[-1].level >= SUBHEADING_LEVEL + 1:
                headings.pop()
            headings.append(Heading(el.text.rstrip(":").strip(), SUBHEADING_LEVEL + 1, depth))
            continue
        if isinstance(el, _Run):
            # a run of inline text in a layout cell, between its blocks or <br><br> breaks: one paragraph
            parent = li_stack[-1][1] if li_stack else None
            scope_el, scope_id, scope_class = scopes[-1] if scopes else (None, "", "")
            blocks.append(Block(
                index=len(blocks), tag=el.tag, text=el.text, headings=tuple(h.text for h in headings),
                path=tree.getpath(el.cell), element=el.cell, parent=parent, scope_id=scope_id,
                scope_class=scope_class, chrome=chrome,
            ))
            continue
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if not entering:
            if scopes and scopes[-1][0] is el:
                scopes.pop()
                depth = len(scopes)
                while headings and headings[-1].scope > depth:
                    headings.pop()
            if li_stack and li_stack[-1][0] is el:
                li_stack.pop()
            continue
        in_chrome = chrome or _is_chrome(el)
        bar = _title_bar(el) if tag == "table" else None
        if bar is not None:
            depth = len(scopes)
            while headings and headings[-1].scope == depth and headings[-1].level >= SUBHEADING_LEVEL:
                headings.pop()
            headings.append(Heading(bar, SUBHEADING_LEVEL, depth))
            continue
        stack.append((el, False, in_chrome))
        if (_is_scope(el) or (el.get("id") or "") in tabs) and el is not start:
            scopes.append((el, el.get("id") or "", el.get("class") or ""))
            label = tabs.get(el.get("id") or "")
            if label:
                headings.append(Heading(label, 0, len(scopes)))
        level = HEADING_TAGS.get(tag)
        if level is None and (el.get("role") or "") == "heading":
            # ARIA: <div role="heading" aria-level="2">; without a level, a level-2 heading (the ARIA default)
            aria = el.get("aria-level") or ""
            level = min(max(int(aria), 1), 6) if aria.isdigit() else 2
        if level is None and (tag in ("dt", "caption", "summary") or _class_title(el) or _disclosure_button(el)
                              or (tag == "button" and _toggle_title(el))):
            level = SUBHEADING_LEVEL
        bold = _bold_only(el) if level is None else None
        if bold is not None:
            level = SUBHEADING_LEVEL + 1
        if level is not None:
            text = _visible_text(el)
            depth = len(scopes)
            while headings and headings[-1].scope == depth and headings[-1].level >= level:
                headings.pop()
            if text:
                headings.append(Heading(text, level, depth))
            continue
        bar_row = _bar_row(el) if tag == "tr" and not in_chrome else None
        if bar_row is not None:
            # '<tr><td colspan="2" bgcolor="#ccc"><b>SIDE EFFECTS</b></td></tr>' inside a layout table: a title bar
            # heading the rows after it, up to the next bar or the table's end
            depth = len(scopes)
            while headings and headings[-1].scope == depth and headings[-1].level >= SUBHEADING_LEVEL:
                headings.pop()
            headings.append(Heading(bar_row, SUBHEADING_LEVEL, depth))
            continue
        passage = _passage_row(el) if tag == "tr" and not in_chrome else None
        if passage is not None:
            # '<tr><td>Nausea (40%)<br>Hair loss (30%)</td></tr>' under a title bar: the cell is a passage, read as one
            for run in reversed(_cell_runs(passage)):
                stack.append((run, True, in_chrome))
            continue
        label_row = _label_row(el, names_section) if tag == "tr" and not in_chrome else None
        if label_row is not None:
            # '<tr><td><b>SIDE EFFECTS</b></td><td>In the main study ...<ul>...</ul></td></tr>': the label cell heads
            # what the other cell says; the row is its scope, so the label ends with the row
            label_text, content = label_row
            scopes.append((el, el.get("id") or "", el.get("class") or ""))
            headings.append(Heading(label_text, SUBHEADING_LEVEL, len(scopes)))
            for run in reversed(_cell_runs(content)):
                stack.append((run, True, in_chrome))
            continue
        if tag == "tr" and _is_layout_row(el):
            for child in reversed(el):
                stack.append((child, True, in_chrome))
            continue
        if (tag in ("td", "th") or tag in _CONTAINERS) and _has_inline_text(el):
            # a layout cell or a container with text of its own beside its paragraphs ('<td><font>Rituximab, ...</font>
            # <p>...</p></td>', '<section><strong>Side effects</strong><p>...'): the runs of text are paragraphs (or,
            # all bold, headings scoped to the container), in reading order, never dropped
            runs = _cell_runs(el)
            if any(isinstance(r, _Run) and r.tag == "heading" for r in runs) and not (scopes and scopes[-1][0] is el):
                scopes.append((el, el.get("id") or "", el.get("class") or ""))  # its bold runs head its own content only
            for run in reversed(runs):
                stack.append((run, True, in_chrome))
            continue
        if tag == "pre" and not in_chrome:
            rows = _pre_table(el)
            if rows:
                # a table typed in fixed-width text: one row block per line, cells split at runs of spaces
                parent = li_stack[-1][1] if li_stack else None
                scope_el, scope_id, scope_class = scopes[-1] if scopes else (None, "", "")
                for cells_ in rows:
                    blocks.append(Block(
                        index=len(blocks), tag="tr", text=" | ".join(cells_), headings=tuple(h.text for h in headings),
                        path=tree.getpath(el), element=el, parent=parent, scope_id=scope_id, scope_class=scope_class,
                        cells=cells_, chrome=in_chrome,
                    ))
                continue
        if tag in ("p", "div") and items_read and _in_item_text(el, items_read):
            # '<li><p>Cisplatin 75 mg/m2 IV on day 1</p></li>': the paragraph's text is the item's own text, read once
            # with the item (it was read twice: two doses, two effects); a list nested in it is still walked
            if tag == "div":
                for child in reversed(el):
                    stack.append((child, True, in_chrome))
            continue
        lines = _br_lines(el) if (tag == "p" or (tag in _CONTAINERS and _inline_container(el))) and not in_chrome \
            else None
        if lines is not None:
            # '<p><b>Side effects</b><br>Nausea (40%)<br>Hair loss (30%)</p>': lines cut by <br> are items of their own;
            # a bold first line heads them
            parent = li_stack[-1][1] if li_stack else None
            scope_el, scope_id, scope_class = scopes[-1] if scopes else (None, "", "")
            if lines[0][1] and len(lines[0][0]) <= 120:
                depth = len(scopes)
                while headings and headings[-1].scope == depth and headings[-1].level >= SUBHEADING_LEVEL + 1:
                    headings.pop()
                headings.append(Heading(lines[0][0].rstrip(":").strip(), SUBHEADING_LEVEL + 1, depth))
                lines = lines[1:]
            for text, _ in lines:
                blocks.append(Block(
                    index=len(blocks), tag="li", text=text, headings=tuple(h.text for h in headings),
                    path=tree.getpath(el), element=el, parent=parent, scope_id=scope_id, scope_class=scope_class,
                    chrome=in_chrome,
                ))
            continue
        titled = _bold_title_line(el) if tag == "p" and not in_chrome else None
        if titled is not None:
            # a bold title line over prose lines in one paragraph: the title heads them
            title, rest = titled
            parent = li_stack[-1][1] if li_stack else None
            scope_el, scope_id, scope_class = scopes[-1] if scopes else (None, "", "")
            depth = len(scopes)
            while headings and headings[-1].scope == depth and headings[-1].level >= SUBHEADING_LEVEL + 1:
                headings.pop()
            headings.append(Heading(title.rstrip(":").strip(), SUBHEADING_LEVEL + 1, depth))
            for text in rest:
                blocks.append(Block(
                    index=len(blocks), tag="p", text=text, headings=tuple(h.text for h in headings),
                    path=tree.getpath(el), element=el, parent=parent, scope_id=scope_id, scope_class=scope_class,
                    chrome=in_chrome,
                ))
            continue
        if (tag in BLOCK_TAGS and not (tag == "dd" and _holds_heading(el))) or (tag == "div" and _has_direct_text(el)) \
                or _inline_container(el):
            text = own_text(el) if tag in ("li", "dd", "div") and not _inline_container(el) \
                else own_text(el, set()) if (tag == "p" or _inline_container(el)) \
                and any(isinstance(d.tag, str) and d.tag == "br" for d in el.iterdescendants()) \
                else normalise(el.text_content())  # a <br> in a paragraph is a space, never a glue between words
            cells: tuple[str, ...] = ()
            if tag == "tr":
                cells = _row_cells(el, row_spans)
                text = " | ".join(c for c in cells if c) if any(cells) else ""
            parent = li_stack[-1][1] if li_stack else None
            scope_el, scope_id, scope_class = scopes[-1] if scopes else (None, "", "")
            if text:
                blocks.append(Block(
                    index=len(blocks), tag=tag, text=text,
                    headings=tuple(h.text for h in headings), path=tree.getpath(el), element=el,
                    parent=parent, scope_id=scope_id, scope_class=scope_class,
                    label=_lead_in(el), cells=cells, chrome=in_chrome,
                ))
                if tag == "li":
                    li_stack.append((el, len(blocks) - 1))
                if tag in ("li", "dd"):
                    items_read.add(id(el))
                lead = blocks[-1].label
                if lead and names_section is not None and names_section(lead):
                    depth = len(scopes)
                    while headings and headings[-1].scope == depth and headings[-1].level >= SUBHEADING_LEVEL + 1:
                        headings.pop()
                    headings.append(Heading(lead, SUBHEADING_LEVEL + 1, depth))
            if tag in ("p", "tr", "dt", "pre", "blockquote", "figcaption"):
                continue  # their inner text is taken whole
        for child in reversed(el):
            stack.append((child, True, in_chrome))
    for b in blocks:
        if b.scope_id in tabs:
            b.tab = tabs[b.scope_id]
    return blocks


def _br_parts(p: etree._Element) -> list[list[tuple[str, bool]]] | None:
    """The runs of text of a paragraph, per line cut by <br>, each with whether it is bold; None without a <br>."""
    if not any(isinstance(d.tag, str) and d.tag == "br" for d in p.iterdescendants()):
        return None
    lines: list[list[tuple[str, bool]]] = [[]]

    def walk(node: etree._Element, bold: bool) -> None:
        if node.text:
            lines[-1].append((node.text, bold))
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    lines.append([])
                else:
                    walk(child, bold or _is_bold(child))
            if child.tail:
                lines[-1].append((child.tail, bold))

    walk(p, _is_bold(p))
    return lines


def _br_lines(p: etree._Element) -> list[tuple[str, bool]] | None:
    """The lines of a paragraph cut by <br> (through inline wrappers), each with whether it is all bold; None unless it
    has three lines or more (two breaks): a label and its one line ('<strong>Kidneys:</strong><br>5) BUN ...') stay one
    paragraph."""
    lines = _br_parts(p)
    if lines is None:
        return None
    out, labelled = [], []
    for parts in lines:
        text = normalise("".join(t for t, _ in parts))
        if text:
            out.append((text, all(b for t, b in parts if t.strip())))
            lead = next(((t, b) for t, b in parts if t.strip()), ("", False))
            labelled.append(lead[1] and bool(re.match(r"^[^:]{1,40}:", text)))
    # lines of a list are short and hold one sentence at most; a paragraph whose lines run on ('Leaflet number ...<br>
    # This leaflet is for general information. Please ask ...') is left one paragraph
    if any(len(t) > 100 or re.search(r"[.!?]\s+[A-Z]", t) for t, _ in out):
        return None
    # two lines each led by a bold label ('<b>Day 1:</b> ...<br><b>Days 2-3:</b> ...') are two items too
    return out if len(out) >= 3 or (len(out) == 2 and all(labelled)) else None


def _bold_title_line(p: etree._Element) -> tuple[str, list[str]] | None:
    """'<p><strong>What side effects should I look out for?</strong><br>In the main trial ... Cough affected 17%.</p>': a
    paragraph whose first line is all bold and short (a title, not a label with its text after a colon) and whose
    other lines run on as prose: the title heads the other lines, each read as a paragraph. None otherwise."""
    lines = _br_parts(p)
    if not lines:
        return None
    texts = [(normalise("".join(t for t, _ in parts)), all(b for t, b in parts if t.strip())) for parts in lines]
    texts = [(t, b) for t, b in texts if t]
    if len(texts) < 2 or not texts[0][1] or len(texts[0][0]) > 120 or re.match(r"^[^:]{1,40}:\s*\S", texts[0][0]) \
            or any(b for _, b in texts[1:]):
        return None  # no title line; a label with its text ('Dose: 5 mg'); a bold line further on (another form)
    return texts[0][0], [t for t, _ in texts[1:]]


@dataclass
class _Run:
    text: str
    cell: etree._Element
    tag: str = "p"


_LABEL_MAX = 40


def _label_row(tr: etree._Element, names_section=None) -> tuple[str, etree._Element] | None:
    """A row of two cells, the first a short label without figures ('HOW TO TAKE IT', 'Side effects') and the second a
    passage: the label heads the passage. The label is bold, a <th> or a cell whose class names it a label; the passage
    is long, or holds paragraphs or lists, or the label names a section the reader knows. A data row ('Nausea | 58%',
    'Cisplatin | 100 mg/m2 | day 1') is no such row: its label has figures, names no section and its cell is short."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if len(cells) != 2:
        return None
    label, content = cells
    content_text = normalise(content.text_content())
    if content.tag != "td" or (content_text and normalise(_bold_text(content)) == content_text):
        return None  # '<th>Side effect</th><th>Patients affected (%)</th>', or all cells bold: a header row
    text = normalise(label.text_content()).rstrip(":").strip()
    if not 0 < len(text) <= _LABEL_MAX or re.search(r"\d", text):
        return None
    labelled = label.tag == "th" or any(_TITLE_CLASS.match(c) or c.lower() in ("label", "lbl") for c in _classes(label))
    if not labelled and normalise(_bold_text(label)).rstrip(":").strip() != text:
        return None
    block = any(isinstance(d.tag, str) and d.tag in _BLOCK_CONTENT for d in content.iterdescendants())
    if not block and len(normalise(content.text_content())) < 60 \
            and not (names_section is not None and names_section(text)):
        return None
    return text, content


def _layout_table(tr: etree._Element) -> bool:
    """Whether the row's table is laid out in one or two columns (every row one or two cells): a page layout, not data."""
    table = next(tr.iterancestors("table"), None)
    rows = [r for r in table.iter("tr") if next(r.iterancestors("table"), None) is table] if table is not None else []
    return len(rows) >= 2 and all(len([c for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")]) <= 2 for r in rows)


def _passage_row(tr: etree._Element) -> etree._Element | None:
    """The one cell of a row of a layout table whose text runs over several lines ('<br>') or paragraphs."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if len(cells) != 1 or not _layout_table(tr):
        return None
    cell = cells[0]
    if not any(isinstance(d.tag, str) and d.tag in ("br", "p", "ul", "ol") for d in cell.iterdescendants()):
        return None
    return cell


def _bar_row(tr: etree._Element) -> str | None:
    """A row of one cell holding only a short bold (or <th>) title without figures, in a table of several rows where
    other rows hold one cell too (a layout table, not a data table with a group row): the title of what follows."""
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    if len(cells) != 1:
        return None
    cell = cells[0]
    text = normalise(cell.text_content()).rstrip(":").strip()
    if not 0 < len(text) <= 60 or re.search(r"\d", text):
        return None
    if any(isinstance(d.tag, str) and d.tag in _NOT_TITLE_CONTENT for d in cell.iterdescendants()):
        return None
    if cell.tag != "th" and normalise(_bold_text(cell)).rstrip(":").strip() != text:
        return None
    if not _layout_table(tr):
        return None  # a data table (three columns or more): its one-cell rows are group rows, read with the table
    return text


def _cell_runs(cell: etree._Element) -> list:
    """The content of a layout cell (or a container) in reading order: its block children as elements, and each run
    of inline text between them (cut at '<br><br>') as a `_Run`; a run that is all bold and short is a heading over
    what follows ('<section><strong>Side effects</strong><p>...'). Inline wrappers around the whole are looked
    through."""
    out: list = []
    parts: list[str] = []
    bold: list[bool] = []  # per part with text: is it bold
    brs = 0

    def add(text: str, is_bold: bool) -> None:
        parts.append(text)
        if text.strip() and text != "\x00":
            bold.append(is_bold)

    def flush() -> None:
        # a run of three lines or more cut by single <br>: each line an item ('Nausea (40%)<br>Hair loss (30%)<br>...')
        lines = [normalise(x) for x in "".join(parts).split("\x00")]
        lines = [x for x in lines if x]
        if len(lines) >= 3:
            out.extend(_Run(x, cell, "li") for x in lines)
        else:
            text = normalise(" ".join(lines))
            if text and bold and all(bold) and len(lines) == 1 and len(text) <= 120:
                out.append(_Run(text, cell, "heading"))
            elif text:
                out.append(_Run(text, cell))
        parts.clear()
        bold.clear()

    def walk(el: etree._Element, in_bold: bool) -> None:
        nonlocal brs
        if el.text and el.text.strip():
            add(el.text, in_bold)
            brs = 0
        for child in el:
            if not isinstance(child.tag, str):
                pass
            elif child.tag == "button" and _toggle_title(child):
                flush()  # an accordion's question over its answer: a heading
                out.append(_Run(normalise(child.text_content()), cell, "heading"))
                brs = 0
            elif child.tag == "br":
                brs += 1
                add("\x00", False)  # a line break, kept until the run is cut
                if brs >= 2:
                    flush()
            elif _disclosure_button(child):
                flush()  # an accordion's button beside its panel: the panel's heading, however it is styled
                out.append(_Run(_visible_text(child), cell, "heading"))
                brs = 0
            elif child.tag in _NOT_INLINE or any(isinstance(d.tag, str) and d.tag in _NOT_INLINE | {"br"}
                                                for d in child.iterdescendants()):
                if child.tag in _BOLD_WRAPPERS or child.tag in ("a", "b", "strong"):
                    walk(child, in_bold or _is_bold(child))  # a wrapper around blocks or line breaks: look through it
                else:
                    flush()
                    out.append(child)
                    brs = 0
            else:
                text = child.text_content()
                child_bold = in_bold or _is_bold(child) or (
                    bool(normalise(text)) and normalise(_bold_text(child)) == normalise(text))
                add(text, child_bold)
                brs = 0 if text.strip() else brs
            if isinstance(child.tag, str) and child.tail and child.tail.strip():
                add(child.tail, in_bold)
                brs = 0
            elif isinstance(child.tag, str) and child.tail:
                parts.append(child.tail)

    walk(cell, _is_bold(cell))
    flush()
    return out


_PRE_CELL = re.compile(r"\t+|\s{2,}|\s*\|\s*")


def _visible_text(el: etree._Element) -> str:
    """An element's text without what it hides from readers: '<button>Fever<span aria-hidden="true">+</span></button>'
    is 'Fever' (an accordion's open/close icon is no part of its title)."""
    hidden = [d for d in el.iterdescendants() if isinstance(d.tag, str) and (d.get("aria-hidden") or "").lower() == "true"]
    if not hidden:
        return normalise(el.text_content())
    skip = set(hidden)
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child not in skip:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return normalise("".join(parts))


def _pre_table(el: etree._Element) -> list[tuple[str, ...]] | None:
    """The rows of a fixed-width table in a <pre> ('Drug      Dose      Days'): each line cut at tabs, runs of two or
    more spaces or '|'; None unless at least two lines give the same number (two or more) of cells."""
    lines = [ln for ln in el.text_content().splitlines() if ln.strip() and not re.fullmatch(r"[\s\-=+|:]+", ln)]
    rows = [tuple(normalise(c) for c in _PRE_CELL.split(ln.strip().strip("|")) if c.strip()) for ln in lines]
    if len(rows) < 2 or len(rows[0]) < 2 or any(len(r) != len(rows[0]) for r in rows):
        return None
    return rows


def _span(cell: etree._Element, name: str) -> int:
    value = (cell.get(name) or "1").strip()
    return min(int(value), 50) if value.isdigit() and int(value) > 0 else 1


def _row_cells(tr: etree._Element, spans: dict[int, dict[int, tuple[int, str]]]) -> tuple[str, ...]:
    """The cells of a row in column order: a cell spanning rows above ('rowspan="2"') is repeated in the rows it
    covers, so each row keeps its columns ('Fluorouracil' over a bolus row and an infusion row); a cell spanning
    columns leaves the columns it covers empty."""
    table = next(tr.iterancestors("table"), None)
    pending = spans.setdefault(id(table), {})
    out: list[str] = []
    cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
    col = 0
    for cell in cells:
        while col in pending:
            left, text = pending[col]
            out.append(text)
            pending[col] = (left - 1, text)
            if left - 1 <= 0:
                del pending[col]
            col += 1
        # a <br> in a cell is a space ('75 mg/m2<br>IV over 1 hour' was '75 mg/m2IV ...', its route lost)
        text = own_text(cell, set()) if any(isinstance(d.tag, str) and d.tag == "br" for d in cell.iterdescendants()) \
            else normalise(cell.text_content())
        rows, cols = _span(cell, "rowspan"), _span(cell, "colspan")
        out.append(text)
        if rows > 1:
            pending[col] = (rows - 1, text)
        out.extend([""] * (cols - 1))
        col += cols
    while col in pending:  # spanned cells at the end of the row
        left, text = pending[col]
        out.append(text)
        pending[col] = (left - 1, text)
        if left - 1 <= 0:
            del pending[col]
        col += 1
    return tuple(out)


_CONTAINERS = {"div", "footer", "header", "aside", "section", "article", "main", "details", "figure", "address"}
_NOT_INLINE = _BLOCK_CONTENT | BLOCK_TAGS | {"li", "summary", "caption", "details", "figure", "footer", "header",
                                             "aside", "nav", "main", "form", "address", "hr"}


def _holds_heading(el: etree._Element) -> bool:
    """'<dd><p>...</p><h4>First treatment</h4><p>...</p></dd>': a definition holding headings is a section's body (a
    definition list laid out as the page's sections), its paragraphs read one by one under its headings. So is one
    made of paragraphs with a bold lead-in ('<dd><p><b>Day 1:</b> Gemcitabine ... over 100 minutes</p><p><b>Day 2:</b>
    ...</p></dd>'): each paragraph is a line of its own, never glued to the next one into a sentence."""
    if any(isinstance(d.tag, str) and d.tag in HEADING_TAGS for d in el.iterdescendants()):
        return True
    paras = [c for c in el if isinstance(c.tag, str) and c.tag == "p"]
    return len(paras) >= 2 and not normalise(el.text or "") and any(_bold_lead_paragraph(p) for p in paras)


def _bold_lead_paragraph(p: etree._Element) -> bool:
    """'<p><b>Day 1:</b> Gemcitabine ...</p>': a paragraph that opens with a bold label followed by more text."""
    first = next((c for c in p if isinstance(c.tag, str)), None)
    return first is not None and first.tag in ("b", "strong") and not normalise(p.text or "") \
        and bool(normalise(first.tail or "")) and len(normalise(first.text_content())) <= 40


def _inline_container(el: etree._Element) -> bool:
    """'<footer><small>Page reviewed ...</small></footer>': a container whose whole content is inline
    (spans, small, em, links) is one block of text, so nothing it says is dropped unseen."""
    if el.tag not in _CONTAINERS:
        return False
    if any(isinstance(d.tag, str) and d.tag in _NOT_INLINE for d in el.iterdescendants()):
        return False
    return bool(normalise(el.text_content()))


def _in_item_text(el: etree._Element, items: set) -> bool:
    """Whether `el` is part of the own text of a list item or definition read as a block (`items`): inside it with
    no list, table or other item between."""
    for anc in el.iterancestors():
        if id(anc) in items:
            return True
        if isinstance(anc.tag, str) and (anc.tag in LIST_TAGS or anc.tag in ("li", "dd")):
            return False
    return False


def _has_inline_text(cell: etree._Element) -> bool:
    """Whether a cell or container that holds blocks (paragraphs, lists, tables) also holds text outside them, directly
    or in inline wrappers (<font>, <span>, <b>). The cheap test on its own children comes first: this runs for every
    container of the page."""
    inline = bool((cell.text or "").strip())
    if not inline:
        for child in cell:
            if (child.tail or "").strip():
                inline = True
                break
            if isinstance(child.tag, str) and child.tag not in _NOT_INLINE and child.tag != "br" \
                    and normalise(child.text_content()) \
                    and not any(isinstance(d.tag, str) and d.tag in _NOT_INLINE for d in child.iterdescendants()):
                inline = True
                break
    if not inline:
        return False
    # a cell of plain text is read with its row
    return any(isinstance(d.tag, str) and d.tag in _BLOCK_CONTENT for d in cell.iterdescendants())


def _has_direct_text(el: etree._Element) -> bool:
    if (el.text or "").strip():
        return True
    return any((c.tail or "").strip() for c in el)
