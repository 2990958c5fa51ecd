"""Exactness of the map and bundle shortcuts against what they replace (same answers, faster)."""
from __future__ import annotations

import random
import uuid
from urllib.parse import quote

from regimen_fhir.bundle import _q
from regimen_fhir.map.common import FULLURL_NAMESPACE, full_url

ALPHABET = "azAZ09_.-~:/|?&=%+ #@!$'()*,;[]\\\"<>^`{}\t\n\x00\x7f\u00e9\u00fc\u20ac\U0001d11e"


def _texts(seed: int, n: int):
    rnd = random.Random(seed)
    yield from ("", "a", "-", "~", ":", "/", "http://hl7.org/fhir/sid/atc", "L01XC02", "a b", "x|y", "\u00e9")
    for _ in range(n):
        yield "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 30)))


def test_full_url_is_uuid5():
    for text in _texts(7, 20_000):
        for rtype in ("PlanDefinition", "MedicationKnowledge", ""):
            want = "urn:uuid:" + str(uuid.uuid5(FULLURL_NAMESPACE, f"{rtype}|{text}"))
            assert full_url(rtype, text) == want, (rtype, text)


def test_full_url_covers_every_variant_digit():
    # the 17th hex digit takes each of 8, 9, a, b for some name: all four variant rewrites are exercised
    seen = {full_url("T", str(i))[9 + 19] for i in range(200)}
    assert seen == set("89ab")


def test_quote_shortcut_is_quote():
    for text in _texts(11, 20_000):
        assert _q(text) == quote(text, safe=":/"), text
    assert _q("a b") == "a%20b" and _q("x|y") == "x%7Cy"  # the shortcut does not swallow what needs encoding
