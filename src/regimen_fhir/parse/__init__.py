"""Parse stage: an HTML page becomes a `Regimen` or a `GlossaryPage` record.

Pages are told apart by what they contain: a dose schedule makes a regimen
page, a set of term definitions without one makes a glossary page, anything
else is refused with `NotARegimenPage`.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import NotARegimenPage
from ..model import Finding, GlossaryPage, PageDates, Regimen
from . import glossary as G
from . import patterns as P
from .blocks import normalise_display, segment
from .lead_ins import head_with_phase_lead_ins
from .load import LoadedPage, load_bytes, load_file
from .regimen import RegimenReader
from .rules import section_kind

__all__ = ["parse_file", "parse_bytes", "parse_loaded", "glossary_of"]


def parse_file(path: Path) -> Regimen | GlossaryPage:
    return parse_loaded(load_file(path))


def parse_bytes(data: bytes, file: str) -> Regimen | GlossaryPage:
    return parse_loaded(load_bytes(data, file))


def _site_banner(el) -> bool:
    """Whether a heading sits in the site's banner ('<header role="banner">', '<header class="site-header">',
    '#masthead'), not in the article's own header ('entry-header', pandoc's 'title-block-header')."""
    for anc in el.iterancestors():
        if anc.tag in ("main", "article"):
            return False
        if anc.tag == "header" or (anc.get("role") or "") == "banner":
            names = f"{anc.get('class') or ''} {anc.get('id') or ''}".lower()
            if (anc.get("role") or "") == "banner" or re.search(r"site|masthead|banner|navbar|brand", names):
                return True
    return False


def _without_space_name(root, text: str) -> str:
    """A Confluence export titles a page 'Space : Page' ('Haematology Nursing Handbook : Kd56 - carfilzomib and
    dexamethasone'); the space's name is the first item of the page's breadcrumbs. The title is the page's part; a
    title with ' : ' whose first part is no breadcrumb keeps it."""
    space, sep, page = text.partition(" : ")
    if not sep or not page.strip():
        return text
    for el in root.iter("ol", "ul", "nav", "div"):
        names = f"{el.get('id') or ''} {el.get('class') or ''}".lower()
        if "breadcrumb" in names:
            first = next((li for li in el.iter("li")), None)
            if first is not None and normalise_display(first.text_content()).strip() == space.strip():
                return page.strip()
    return text


def _title(root) -> str | None:
    h1s = list(root.iter("h1"))
    # several <h1>: the one in the page's main content or article, else the first outside the site's banner (the
    # site's name in an <h1> of its banner is no title)
    h1 = h1s[0] if h1s else None
    if len(h1s) > 1:
        h1 = next((h for h in h1s if any(a.tag in ("main", "article") or (a.get("role") or "") == "main"
                                         for a in h.iterancestors())), None)
        if h1 is None:
            h1 = next((h for h in h1s if not _site_banner(h)), h1s[0])
    if h1 is None:
        # a level-1 heading in other markup: '<p class="h1">', '<div role="heading" aria-level="1">', Word's Title
        # style ('<p class=MsoTitle>')
        h1 = next((el for el in root.iter("p", "div", "span") if {"h1", "MsoTitle"} & set((el.get("class") or "").split())
                   or (el.get("role") == "heading" and el.get("aria-level") == "1")), None)
    title = root.find(".//title")
    if h1 is not None:
        text = normalise_display(h1.text_content())
        label, rest = P.split_label(text)
        if label and label.lower() in ("treatment name", "regimen", "treatment"):
            text = rest
        text = _without_space_name(root, text)
        if text and len(h1s) == 1 and _site_banner(h1) and title is not None:
            # the only <h1> is the site's name in its banner: the <title>'s other part is the page's
            others = [t.strip() for t in _TITLE_SITE.split(normalise_display(title.text_content()))
                      if t.strip() and t.strip().lower() != text.lower()]
            if others:
                return others[0]
        if text:
            return text
    big = _font_title(root)
    if big:
        return big
    top = _top_heading_title(root, title)
    if top:
        return top
    if title is not None and title.text_content().strip():
        # the <title> up to the site's name: 'CMF (classic) – Site', 'FOLFOX | Site', 'R-CHOP :: Site'
        return _TITLE_SITE.split(normalise_display(title.text_content()))[0].strip() or None
    return None


_BIG_FONT = {"5", "6", "7", "+2", "+3", "+4"}
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _top_heading_title(root, title_el) -> str | None:
    """A page with no level-1 heading whose first heading is also its highest ('<h2>ECF chemotherapy for stomach
    cancer</h2>' over '<h3>' sections) titles the page, when it is no section's name ('Side effects') and it opens
    with the same word as the <title>'s page part (so a site's heading, or a first section, is never taken); None
    otherwise (the <title> is read as before)."""
    body = root.find("body")
    heads = [h for h in (body if body is not None else root).iter(*_HEADINGS)
             if not any(a.tag in ("nav", "header", "footer") for a in h.iterancestors()) and not _site_banner(h)]
    if not heads:
        return None
    first = heads[0]
    if any(_HEADINGS.index(h.tag) < _HEADINGS.index(first.tag) for h in heads) \
            or sum(h.tag == first.tag for h in heads) > 1:
        return None  # a higher heading further down, or the first of several at its level: a section, no title
    text = normalise_display(first.text_content()).strip()
    if not text or len(text) > 120 or section_kind(text) is not None:
        return None
    if title_el is None or not title_el.text_content().strip():
        return None
    page_part = _TITLE_SITE.split(normalise_display(title_el.text_content()))[0].strip()
    word = lambda t: (re.findall(r"[\w-]+", t.lower()) or [""])[0]  # noqa: E731
    return text if word(page_part) and word(page_part) == word(text) else None


def _font_title(root) -> str | None:
    """A page of the <font> era without <h1>: its first text in a big font ('<font size="5"><b>Hyper-CVAD (Course
    A)</b></font>') that is all bold is its title; None when the first big text is not bold, or there is none."""
    body = root.find("body")
    for font in (body if body is not None else root).iter("font"):
        if (font.get("size") or "").strip() not in _BIG_FONT:
            continue
        text = normalise_display(font.text_content())
        bold = normalise_display(" ".join(b.text_content() for b in font.iter("b", "strong")))
        if text and text == bold and len(text) <= 120 and font.getparent() is not None \
                and not any(a.tag in ("nav", "header", "footer") for a in font.iterancestors()):
            return text
        return None
    return None


_TITLE_SITE = re.compile(r"\s*\|\s*|\s+[–-]\s+|\s*::\s*")


def parse_loaded(page: LoadedPage) -> Regimen | GlossaryPage:
    root, source = page.tree, page.source
    file = source.file
    dl_terms, dl_findings, dl_used = G.from_definition_list(root, file, names_section=section_kind)
    pop_terms, pop_findings, pop_used = G.from_popups(root, file)
    blocks = segment(root, names_section=section_kind)
    head_with_phase_lead_ins(blocks, RegimenReader.is_phase_label)
    has_doses = any(P.find_doses(b.text) for b in blocks)
    title = _title(root)
    if not has_doses:
        if dl_terms or pop_terms:
            gp = GlossaryPage(source=source, terms=dl_terms + pop_terms, findings=dl_findings + pop_findings)
            return gp
        raise NotARegimenPage("not a regimen page: no dose schedule and no glossary terms found")
    if not title:
        raise NotARegimenPage("not a regimen page: it has doses but no title")
    tree = root.getroottree()
    skip = {tree.getpath(el) for el in pop_used | dl_used}
    dates = PageDates()
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    reader = RegimenReader(blocks, file, title, source, dates, day_first=P.day_first_locale(lang))
    regimen = reader.read(skip)
    regimen.glossary = dl_terms + pop_terms
    regimen.findings.extend(dl_findings + pop_findings)
    regimen.findings.extend(lint_glossary(regimen, regimen.glossary))
    return regimen


def glossary_of(path: Path) -> tuple[str, list]:
    """The run's glossary pass: what this page adds to the glossary, without reading its regimen.

    Returns ("glossary" | "regimen" | "none", terms) and raises like `parse_file`
    where `parse_file` would refuse the page, so both passes agree on every page.
    """
    page = load_file(path)
    root, file = page.tree, page.source.file
    terms = G.from_definition_list(root, file, names_section=section_kind)[0] + G.from_popups(root, file)[0]
    if not terms:
        return "none", []
    if not any(P.find_doses(b.text) for b in segment(root, names_section=section_kind)):
        return "glossary", terms
    if not _title(root):
        raise NotARegimenPage("not a regimen page: it has doses but no title")
    return "regimen", terms


def lint_glossary(regimen: Regimen, terms) -> list:
    """A definition that speaks of a drug this regimen does not give (in its heading,
    or as the subject of a sentence) was probably copied from another page."""
    given = {d.lower() for d in regimen.drug_names()}
    out = []
    for term in terms:
        heading_extra = term.heading[len(term.term):].lower() if term.heading else ""
        for drug in term.mentions:
            if drug.lower() in given:
                continue
            words = drug.lower().split()[0]
            subject = any(s.lower().startswith(words) for s in term.definition.replace("\n", " ").split(". "))
            if words in heading_extra or subject:
                out.append(Finding("warning", "glossary-other-drug",
                                   f"glossary term '{term.term}' speaks of {drug}, which this regimen does not give",
                                   term.location))
    return out
