"""Case-insensitive patterns searched fast.

Python's `re` is slow at case-insensitive alternations: at every position of the text it tries each
branch, folding case character by character (the date-label hint took 12 µs a line). The same
pattern with its letters lower-cased, searched case-sensitively over the lower-cased text, finds the
same matches about eight times faster. So a `Caseless` pattern first asks the lower-cased search
whether there is a match at all; only when there is does the pattern proper run, for its groups.

The two searches agree whenever lower-casing the text keeps its length and folds it as `re` does:
true of every character but a few (`ODD`: 'İ' lower-cases to two characters; 'ı', 'ſ' and the Kelvin
sign fold onto ASCII letters; Greek mu onto the micro sign of 'µg'). A text holding one of them is
searched the slow way. `tests/test_caseless.py` checks that list against the patterns, and the two
searches against each other over every line of the shipped pages.

Most lines match none of these patterns, and even the lower-cased search costs a scan with branches at
every position. So each pattern also knows a few words one of which every match must contain (`needles`,
worked out from the pattern's parse tree: 'over' in '\\bover\\s+...', 'cycle' or 'course' in an
alternation of both); a line holding none of them cannot match, which `in` finds at the speed of a
substring search.
"""
from __future__ import annotations

import re

try:  # the regex parser of the standard library: `re._parser` since 3.11
    from re import _constants as _C
    from re import _parser as _P
except ImportError:  # pragma: no cover - older layouts: no needles, the lower-cased search alone
    _C = _P = None

ODD = frozenset("\u0130\u0131\u017f\u212a\u039c\u03bc")
_ODD = re.compile("[" + "".join(sorted(ODD)) + "]")
_GROUP_NAME = re.compile(r"\(\?P(?:<\w+>|=\w+\))")


def lower_pattern(source: str) -> str:
    """The pattern with its letters lower-cased: escapes (\\b, \\S, \\N{...}) and group names kept."""
    out: list[str] = []
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            end = source.index("}", i) + 1 if source.startswith("N{", i + 1) else i + 2
            out.append(source[i:end])
            i = end
            continue
        m = _GROUP_NAME.match(source, i)
        if m:
            out.append(m.group(0))
            i = m.end()
            continue
        out.append(c.lower())
        i += 1
    return "".join(out)


Needles = frozenset[str]


def _best(covers: list[Needles]) -> Needles | None:
    """Of several words-sets each of which a match must meet, the most selective: longest shortest word,
    then fewest words."""
    if not covers:
        return None
    return max(covers, key=lambda c: (min(len(w) for w in c), -len(c)))


def _cover(items) -> Needles | None:
    """Words one of which every match of this sequence of parse items contains, or None when unknown."""
    covers: list[Needles] = []
    run: list[str] = []

    def close() -> None:
        if run:
            covers.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _C.LITERAL:
            run.append(chr(av))
            continue
        close()
        if op is _C.SUBPATTERN or op is _C.ATOMIC_GROUP:
            sub = _cover(av[-1] if op is _C.SUBPATTERN else av)
        elif op is _C.BRANCH:
            branches = [_cover(b) for b in av[1]]
            sub = None if any(b is None for b in branches) else frozenset().union(*branches)
        elif op in (_C.MAX_REPEAT, _C.MIN_REPEAT) or op is getattr(_C, "POSSESSIVE_REPEAT", None):
            sub = _cover(av[2]) if av[0] >= 1 else None
        elif op is _C.IN and av and all(o is _C.LITERAL for o, _ in av) and len(av) <= 4:
            sub = frozenset(chr(c) for _, c in av)  # '[%％]': one of a few characters
        else:  # anchors, classes, any, back references, look-arounds, conditionals: no word of their own
            sub = None
        if sub:
            covers.append(sub)
    close()
    return _best(covers)


def needles_of(source: str, flags: int = 0) -> Needles | None:
    """The words (lower-cased pattern) one of which every match must contain; None when the parse tree
    gives none, or a word is empty."""
    if _P is None:
        return None
    try:
        found = _cover(_P.parse(source, flags & ~re.IGNORECASE))
    except Exception:  # a construct this reading does not know: no needles, never a wrong one
        return None
    return found if found and all(found) else None


MAX_NEEDLES = 24  # more words than this cost more to look for than the lower-cased search itself
# A page asks the same pattern of the same line again and again (two handlers, a line read whole then in parts): each
# pattern keeps its answers for the texts it was last asked about, up to this many, then starts again. A pure function
# of the text, so the answers are the same with or without the memo.
MEMO_SIZE = 512
_last: list[str] = ["", ""]  # the text last lower-cased and its lower case: patterns are asked in a row


class Caseless:
    """Quacks like the compiled pattern (search, match, finditer, sub ... and `.pattern`); `search`
    and `finditer` look first with the fast lower-cased pattern."""

    def __init__(self, source: str, flags: int = 0, ignore_case: bool = True, fast: str | None = None):
        """`ignore_case=False`: the pattern proper keeps its own case rules ('IV' in capitals only, the rest
        in '(?i:...)'); the lower-cased search is still a fair first question, as it finds every match of the
        pattern and more. `fast`: the lower-cased search written by the caller, when it knows a quicker
        one that finds every match of the pattern (a long alternation of phrases as a trie: `phrase_trie`)."""
        self.proper = re.compile(source, flags | re.IGNORECASE if ignore_case else flags)
        lowered = lower_pattern(source) if fast is None else fast
        self.fast = re.compile(lowered, flags & ~re.IGNORECASE)
        found = needles_of(lowered, flags) or ()
        self.needles = tuple(sorted(found)) if len(found) <= MAX_NEEDLES else ()
        self.pattern = source
        self._places: dict[str, int] = {}  # text -> first_place(text)
        self._found: dict[str, object] = {}  # text -> search(text): a match object, or None

    def first_place(self, text: str) -> int:
        places = self._places
        pos = places.get(text)
        if pos is None:
            if len(places) >= MEMO_SIZE:
                places.clear()
            pos = places[text] = self._first_place(text)
        return pos

    def _first_place(self, text: str) -> int:
        """-1 when the pattern cannot match the text; else a place no match starts before (the first match of
        the lower-cased search, which finds every match of the pattern; 0 when the text is searched the slow
        way). The pattern proper is then searched from there: look-behinds and \\b still see the text before
        it, as `re` keeps the whole string when given a start."""
        if text.isascii() or not _ODD.search(text):
            if text is _last[0]:
                low = _last[1]
            else:
                low = text.lower()
                _last[0], _last[1] = text, low
            if self.needles:
                for n in self.needles:
                    if n in low:
                        break
                else:
                    return -1
            m = self.fast.search(low)
            return -1 if m is None else m.start()
        return 0

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match the text."""
        return self.first_place(text) >= 0

    def search(self, text: str, *args):
        if args:
            return self.proper.search(text, *args)
        found = self._found
        try:
            return found[text]  # a match object is immutable: the same one serves every asker
        except KeyError:
            pass
        if len(found) >= MEMO_SIZE:
            found.clear()
        pos = self.first_place(text)
        m = found[text] = None if pos < 0 else self.proper.search(text, pos)
        return m

    def finditer(self, text: str, *args):
        if args:
            return self.proper.finditer(text, *args)
        pos = self.first_place(text)
        return iter(()) if pos < 0 else self.proper.finditer(text, pos)

    def __getattr__(self, name: str):
        return getattr(self.proper, name)

    def __repr__(self) -> str:
        return f"Caseless({self.pattern!r})"


def caseless(source: str, flags: int = 0, ignore_case: bool = True, fast: str | None = None) -> Caseless:
    return Caseless(source, flags, ignore_case, fast)


def phrase_trie(phrases) -> str:
    """An alternation of literal phrases, lower-cased, as a regex trie: '(?:i(?:v|ntravenous)|oral)'. At each
    place of a text the regex engine then follows one branch per letter instead of trying every phrase in
    turn (a hundred route wordings cost 40 µs a line as a flat alternation). It matches exactly the
    lower-cased phrases, so it says whether any phrase occurs, not which; the empty phrase is left out."""
    root: dict = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = root
        for ch in phrase.lower():
            node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            body = "(?:" + body + ")?"
        return body

    return "(?:" + walk(root) + ")"
