"""Wordings a new page is likely to use for the frequent side effects: each coded to the concept it names,
and the near misses (a longer wording that names something else, two findings in one) not coded to it."""
from __future__ import annotations

import pytest

from regimen_fhir import terminology as T


def code(text):
    found = T.primary("conditions", text)
    return found.code if found else None


# --- the matcher: plurals that add 'es' after sh / ss ---

@pytest.mark.parametrize("text,expected", [
    ("Rashes", "271807003"), ("skin rashes", "271807003"), ("Hot flush", "238810007"),
    ("hot flushes", "238810007"), ("Hot flashes", "238810007"),
])
def test_plural_es_after_sh(text, expected):
    assert code(text) == expected


def test_plural_rule_leaves_ache_words_alone():
    # 'aches' is 'ache' + 's': it must still meet 'muscle ache', and 'headaches' 'headache'
    assert code("Muscle aches") == code("muscle ache") == "68962001"
    assert code("Headaches") == "25064002"
    assert T.match_key("rashes") == T.match_key("rash") and T.match_key("patches") != T.match_key("patch")
    assert T.match_key("abscesses") == T.match_key("abscess")
    assert T.match_key("ashes") != T.match_key("ash")  # five letters or fewer: the new rule does not apply
