"""Forms read in round 14 (side effects, title, discontinuation), each with its near misses. Every form is general
(any page may use it), never a page's own words."""
from __future__ import annotations

from decimal import Decimal

from helpers import small_page

_DOSE = "<h2>Treatment</h2><p>Oxaliplatin 85 mg/m² IV over 2 hours on day 1. Repeat every 14 days.</p>"


def page(body: str, **kw):
    return small_page(_DOSE + body, **kw)


def effects(r) -> list[tuple[str, object]]:
    return [(e.wording, e.incidence.value if e.incidence.value is not None else e.incidence.category_word)
            for e in r.side_effects]


# --- a bracketed list and a trailing aside inside a category sentence's item --------------------------------------

def test_a_bracketed_list_in_an_effect_is_no_list_of_effects():
    r = page("<h2>Side effects</h2><p><strong>Other common effects</strong> are feeling sick, tiredness, and a reaction "
             "during the antibody drip (shivering, fever or a rash), mostly with the first one.</p>")
    assert effects(r) == [("Feeling sick", "common"), ("Tiredness", "common"),
                          ("Reaction during the antibody drip (shivering, fever or a rash)", "common")]
    aside = [f for f in r.not_mapped if f.text == "mostly with the first one"]
    assert aside and "when the side effect mostly comes" in aside[0].reason and aside[0].location.path


def test_an_occasion_aside_after_an_effect_without_brackets_stays_with_it():
    r = page("<h2>Side effects</h2><p>Common side effects include hair loss, a reaction during the drip, usually after "
             "the first infusion, and diarrhoea.</p>")
    assert effects(r) == [("Hair loss", "common"), ("Reaction during the drip", "common"), ("Diarrhoea", "common")]


def test_near_miss_a_plain_list_still_splits_at_its_commas():
    # no brackets and no aside: three effects, as before
    r = page("<h2>Side effects</h2><p>Common side effects include nausea, mostly mild tiredness and a rash.</p>")
    assert [w for w, _ in effects(r)] == ["Nausea", "Mostly mild tiredness", "Rash"]
