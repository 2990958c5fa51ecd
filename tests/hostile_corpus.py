"""The hostile corpus, built from the shipped inotuzumab page plus one hostile change each.

Most cases are a valid regimen page made hostile in one place (a DOCTYPE with entities, script in the
title, a missing charset, a cut-off end), so they are derived here instead of being kept as near-copies
of the page. The small cases that are not pages at all (empty, blank, binary, not a regimen) stay as
files in tests/hostile/.
"""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "sources" / "inotuzumab-ozogamicin.html"
STATIC = Path(__file__).parent / "hostile"

H1 = "(Besponsa&reg;)</h1>"
MECHANISM = "<p>The medicine joins"
LAUGHS = "<!DOCTYPE html [\n<!ENTITY lol \"lol\">\n" + "".join(
    f"<!ENTITY lol{i} \"{('&lol' + (str(i - 1) if i > 1 else '') + ';') * 10}\">\n" for i in range(1, 10)) + "]>"
XXE = ('<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd" [\n'
       '<!ENTITY xxe SYSTEM "file:///etc/passwd">\n'
       '<!ENTITY net SYSTEM "http://127.0.0.1:9/xxe">\n'
       '<!ENTITY % pe SYSTEM "http://127.0.0.1:9/pe.dtd"> %pe;\n'
       ']>')


def _once(text: str, old: str, new: str) -> str:
    assert old in text, f"the source page no longer contains {old!r}"
    return text.replace(old, new, 1)


def _edits(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        text = _once(text, old, new)
    return text


def _no_charset(text: str, h1_suffix: str) -> str:
    """A page in a single-byte encoding that declares none, with ® and accented words as raw bytes."""
    text = _once(text, '<meta charset="utf-8">\n', "")
    return _once(text, H1, H1.replace("</h1>", h1_suffix + "</h1>")).replace("&reg;", "®")


def cases() -> dict[str, bytes]:
    page = PAGE.read_text(encoding="utf-8")
    raw = page.encode("utf-8")
    return {
        "billion-laughs.html": _edits(
            page, ("<!DOCTYPE html>", LAUGHS), (H1, "laughs &lol9;</h1>"), (MECHANISM, "<p>&lol9; The medicine joins"),
        ).encode("utf-8"),
        "xxe.html": _edits(
            page, ("<!DOCTYPE html>", XXE), (H1, "external &xxe; &net;</h1>"),
            (MECHANISM, '<p><img src="http://127.0.0.1:9/img.png"><link rel="stylesheet" '
                        'href="http://127.0.0.1:9/s.css">&xxe; The medicine joins'),
        ).encode("utf-8"),
        "injection.html": _edits(
            page,
            ("<title>Inotuzumab Ozogamicin (Besponsa&reg;) |",
             "<title>&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt; |"),
            ("<h1><span>Regimen:</span> Inotuzumab Ozogamicin (Besponsa&reg;)</h1>",
             '<h1 onclick="alert(1)"><span>Regimen:</span> Inotuzumab Ozogamicin &lt;script&gt;alert(1)&lt;/script&gt;'
             "<script>alert(2)</script> &lt;img src=x onerror=alert(3)&gt;</h1>"),
            ('<p>Single-drug treatment regimen for <a href="/all.html">',
             '<p onmouseover="alert(5)">Single-drug treatment regimen for <a href="javascript:alert(6)">'),
            ("<h2>How it works</h2>",
             '<h2>How it works</h2><svg onload="alert(9)"><script>alert(10)</script></svg>'
             "<style>body{background:url(javascript:alert(11))}</style>"),
            (MECHANISM, '<p>&lt;a href="javascript:alert(12)"&gt;click&lt;/a&gt; The medicine joins'),
            ("<li>Feeling sick to the stomach [nausea] (32%)</li>",
             '<li>Feeling sick to the stomach [nausea] <img src="x" onerror="alert(7)"> (32%)'
             '<iframe src="javascript:alert(8)"></iframe></li>'),
        ).encode("utf-8"),
        "latin-1.html": _no_charset(page, " für Ärzte").encode("latin-1"),
        "windows-1252.html": _no_charset(page, " \u2013 \u201cINO\u201d").encode("cp1252"),
        # cut inside a side-effect list item: no schedule survives
        "truncated-early.html": raw[:3880],
        # cut inside the glossary pop-ups: the schedule is whole
        "truncated-late.html": _once(page, H1, H1.replace("</h1>", ", truncated copy</h1>")).encode("utf-8")[:7776],
    }


def build(folder: Path) -> Path:
    """The whole corpus (derived cases and the static ones) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for static in STATIC.glob("*.html"):
        shutil.copyfile(static, folder / static.name)
    for name, data in cases().items():
        (folder / name).write_bytes(data)
    return folder
