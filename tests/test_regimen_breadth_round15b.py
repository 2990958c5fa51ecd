"""Side-effect forms read in round 15 (held-out side-effect wordings), each with its near misses. Every form is general
(any page may use it), never a page's own words: the examples here are written for these tests."""
from __future__ import annotations

from decimal import Decimal

from helpers import small_page

_DOSE = "<h2>Treatment</h2><p>Oxaliplatin 85 mg/m² IV over 2 hours on day 1. Repeat every 14 days.</p>"


def page(body: str, **kw):
    return small_page(_DOSE + "<h2>Side effects</h2>" + body, **kw)


def effects(r) -> list[tuple[str, object]]:
    out = []
    for e in r.side_effects:
        i = e.incidence
        fig = i.value if i.value is not None else (i.numerator, i.denominator) if i.is_ratio else None
        out.append((e.wording, fig, i.category_word))
    return out


def reported(r, reason: str) -> list[str]:
    return [f.text for f in r.not_mapped if reason in f.reason and f.location.path]


# --- 'Very common side effects of FOLFOX are a, b and c': the treatment named between the category and the verb --------

def test_a_category_sentence_may_name_the_treatment_the_effects_come_from():
    r = page("<p>Very common side effects of FOLFOX are nausea, tiredness and diarrhoea.</p>")
    assert effects(r) == [("Nausea", None, "very common"), ("Tiredness", None, "very common"),
                          ("Diarrhoea", None, "very common")]


def test_near_miss_side_effects_of_a_treatment_without_a_category_are_no_list():
    r = page("<p>Side effects of FOLFOX are mostly mild.</p>")
    assert effects(r) == []
    assert reported(r, "side-effect text not understood") == ["Side effects of FOLFOX are mostly mild."]


def test_near_miss_of_the_following_is_a_lead_in_not_a_treatment():
    r = page("<p>Common side effects of the following kind are: nausea.</p>")
    assert effects(r) == []


# --- 'changes to your nails': the reader's body part after a preposition is part of a name -------------------------

def test_your_after_a_preposition_is_part_of_an_effects_name():
    r = page("<p>Less common side effects include a dry mouth and changes in your eyesight.</p>")
    assert effects(r) == [("Dry mouth", None, "less common"), ("Changes in your eyesight", None, "less common")]


def test_your_after_a_preposition_in_a_list_item_under_a_category_heading():
    r = page("<h3>Less common</h3><ul><li>Changes to your nails</li><li>Tell your nurse about any rash</li></ul>")
    assert effects(r) == [("Changes to your nails", None, "less common")]


def test_near_miss_your_opening_a_clause_is_still_no_name():
    r = page("<p>Your skin is likely to be dry (40%).</p>")
    assert effects(r) == []


# --- 'X was rare with FOLFOX (0.8%)': the figure is the effect's, its word kept, the treatment reported ---------------

def test_a_frequency_word_and_treatment_before_the_figure_are_no_part_of_the_name():
    r = page("<p>Oxaliplatin can irritate the lungs; lung inflammation was rare with FOLFOX (0.8%).</p>")
    assert effects(r) == [("Lung inflammation", Decimal("0.8"), "rare")]
    assert reported(r, "the treatment a side effect's figure was seen with") == ["with FOLFOX"]
    assert reported(r, "side effect without an incidence") == ["Oxaliplatin can irritate the lungs"]


def test_near_miss_without_a_figure_the_word_alone_is_not_forced_into_a_name():
    r = page("<p>Lung inflammation was rare with FOLFOX.</p>")
    assert all("rare with" not in w for w, _, _ in effects(r))


# --- a statement before a colon, then the study's figures in clauses ----------------------------------------------

def test_a_statement_then_a_study_then_two_figured_clauses():
    r = page("<p>Many people feel washed out in the week after each dose: in the MOSAIC trial severe tiredness was "
             "seen in 12% of people, and about 1 in 20 had a severe rash.</p>")
    assert effects(r) == [("Severe tiredness", Decimal("12"), None), ("Severe rash", (1, 20), None)]
    assert reported(r, "a statement without a figure") == ["Many people feel washed out in the week after each dose"]


def test_a_statement_about_people_before_the_figures_without_a_study():
    r = page("<p>Many people feel washed out in the week after each dose: severe tiredness was seen in 12% of people.</p>")
    assert effects(r) == [("Severe tiredness", Decimal("12"), None)]


def test_near_miss_a_lead_in_saying_what_people_had_is_the_list_intro():
    r = page("<p>Most people had: nausea (40%) and tiredness (30%).</p>")
    assert effects(r) == [("Nausea", Decimal("40"), None), ("Tiredness", Decimal("30"), None)]


def test_near_miss_a_clause_without_figure_is_not_read_as_an_effect():
    r = page("<p>Severe tiredness was seen in 12% of people, and most recovered within a week.</p>")
    assert effects(r) == [("Severe tiredness", Decimal("12"), None)]


def test_near_miss_a_labelled_sentence_keeps_its_existing_reading():
    r = page("<p><b>Serious:</b> severe diarrhoea affected 16% of people in the main trial, and a severe drop in "
             "neutrophils 65%.</p>")
    assert [(w.lower().removeprefix("a "), f) for w, f, _ in effects(r)] == [("severe diarrhoea", Decimal("16")),
                                                          ("severe drop in neutrophils", Decimal("65"))]


# --- 'X are uncommon: they happened in 0.9% of people': the figure of the one effect named ---------------------------

def test_a_category_then_a_pronoun_clause_gives_the_effects_figure():
    r = page("<p>Fits are rare: they happened in 0.5% of people in the trial.</p>")
    assert effects(r) == [("Fits", Decimal("0.5"), "rare")]


def test_a_bracketed_gloss_stays_with_the_effect():
    r = page("<p>Seizures (fits) are uncommon: they occurred in 0.9% of people on the drug.</p>")
    assert effects(r) == [("Seizures (fits)", Decimal("0.9"), "uncommon")]


def test_near_miss_one_figure_after_several_effects_is_reported_not_shared():
    r = page("<p>Fits and falls are rare: they happened in 0.5% of people.</p>")
    assert effects(r) == []
    assert reported(r, "one figure after a frequency word naming several effects")


# --- '[Rarely,] the drug can cause X, in N of people' ------------------------------------------------------------------

def test_a_drug_can_cause_an_effect_in_some_people():
    r = page("<p>Occasionally, oxaliplatin can cause chest pain, in about 1 in 50 people.</p>")
    assert effects(r) == [("Chest pain", (1, 50), "less common")]


def test_can_cause_with_a_bound_and_a_bracketed_gloss():
    r = page("<p>Rarely, the tablets can cause a blood cancer (leukaemia), in less than 1% of people.</p>")
    [e] = r.side_effects
    assert e.wording == "Blood cancer (leukaemia)" and e.incidence.value == Decimal("1") and e.incidence.comparator == "<"
    assert e.incidence.category_word == "rare"


def test_near_miss_can_cause_without_a_figure_gives_no_figure():
    r = page("<p>Oxaliplatin can cause chest pain.</p>")
    assert all(e.incidence.value is None and not e.incidence.is_ratio for e in r.side_effects)


def test_a_further_figured_clause_not_understood_is_reported_never_dropped():
    r = page("<p>Severe tiredness was seen in 12% of people, and about 1 in 20 of them needed a hospital stay.</p>")
    assert effects(r) == [("Severe tiredness", Decimal("12"), None)]
    assert reported(r, "a further clause with its own figure") == ["about 1 in 20 of them needed a hospital stay"]


# --- the named patterns themselves, with near misses ----------------------------------------------------------------

def test_category_tail_pattern():
    from regimen_fhir.parse.regimen import _CATEGORY_TAIL
    m = _CATEGORY_TAIL.search("Heart damage was uncommon on this combination")
    assert m and m.group("cat") == "uncommon" and m.group("with").strip() == "on this combination"
    assert _CATEGORY_TAIL.search("Rash is very common").group("cat") == "very common"
    assert _CATEGORY_TAIL.search("Rare bleeding") is None  # the word opening a name is no tail
    assert _CATEGORY_TAIL.search("Heart damage was rare with the 2 mg dose") is None  # a figure in the words: not a tail


def test_can_cause_in_pattern():
    from regimen_fhir.parse.regimen import _CAN_CAUSE_IN
    m = _CAN_CAUSE_IN.match("This medicine may also cause hiccups, in about 3 in 100 people.")
    assert m and m.group("term") == "hiccups" and m.group("inc").startswith("about 3 in 100")
    assert _CAN_CAUSE_IN.match("It can cause hiccups in people who eat quickly.") is None  # no figure after 'in'
    assert _CAN_CAUSE_IN.match("It can cause hiccups.") is None


def test_lead_before_study_pattern():
    from regimen_fhir.parse.regimen import _LEAD_BEFORE_STUDY
    m = _LEAD_BEFORE_STUDY.match("Blood counts drop between doses: in the ABC-1 study nausea affected 30%.")
    assert m and m.group("lead") == "Blood counts drop between doses" and m.group("study") == "in the ABC-1 study"
    assert _LEAD_BEFORE_STUDY.match("Common: in the ABC-1 study nausea affected 30%.") is None  # a label, too short
    assert _LEAD_BEFORE_STUDY.match("In 2 of 10 people: nausea.") is None  # a figure before the colon
    assert _LEAD_BEFORE_STUDY.match("Some people had: nausea (20%).") is None  # a lead-in to a list
