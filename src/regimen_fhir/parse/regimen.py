"""Read a regimen page into a `Regimen` record.

Driven by what headings and lines say: each block is routed by the section
its headings name (rules/sections.csv), then read with the named patterns.
A block or sentence that no reader understands becomes a `Fragment` with the
reason, so nothing leaves the page silently.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from decimal import Decimal

from lxml import etree

from .. import terminology
from ..model import (
    Amount, Condition, CyclePhase, DrugAdministration, DrugFacts, Finding, Fragment, Frequency, Goal, Indication,
    Location, MonitoringItem, PageDates, Percent, Reference, Regimen, SideEffect, SupportiveAction, Warning,
    WarningPeriod,
)
from . import patterns as P
from .blocks import Block, class_title, normalise
from .caseless import caseless
from .rules import (alternative_routes, block_kind, conditions_in, find_drugs, find_route, section_kind,
                    start_conditions_in, warning_for)

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(]|\d+(?:[.,]\d+)?\s*%|\d+\s+(?:in|out of)\s+\d)")
_REGIMEN_FOR = caseless(r"\b(?:treatment )?regimen (?:used )?for (?P<ind>.+?)\.?$")
_STATUS = re.compile(r"\b(?:patients|people) (?:who|with|whose \w+) (?:has |have )?(?P<status>[^.]*?\b(?:relapsed|refractory)\b[^.;]*?)(?: for [A-Z][A-Za-z]*)?[.;]", re.I)
_GOAL_WORDS = ("remission", "cure")
_LIST_INTRO = re.compile(r"\b(?:often |may )?include[s]?:\s*(?P<items>.+)$", re.I)
_HOURS = re.compile(rf"\b(?P<value>{P._COUNT})\s+hours?\b", re.I)
# a decimal point ("3.6% of patients") is no end of the sentence in any of these
_DISCONTINUE = caseless(r"discontinu|stop(?:ped|s)? (?:treatment|therapy)"
                          # "stopped T-DM1 early because of side effects", "had to stop because of toxicity"
                          # "had to stop lurbinectedin for good because of a side effect"
                          r"|\bstop(?:ped|s|ping)?\b(?:[^.]|(?<=\d)\.(?=\d)){0,40}?\b(?:because of|due to|owing to)\s+(?:the\s+|an?\s+)?(?:side[- ]effects?|toxicit|adverse)"
                          # "Side effects led 24 % of people to stop venetoclax", "toxicity made 1 in 10 people stop"
                          r"|\b(?:side effects?|toxicit\w*|adverse\s+(?:events?|effects?|reactions?))\b(?:[^.]|(?<=\d)\.(?=\d)){0,40}?"
                          r"\b(?:led|caused|made|forced|prompted)\b(?:[^.]|(?<=\d)\.(?=\d)){0,40}?\b(?:stop|discontinu|give up|come off)\w*\b"
                          # "5 % came off treatment because of side effects"
                          r"|\b(?:gave up|came off|come off|withdrew from)\b(?:[^.]|(?<=\d)\.(?=\d)){0,30}?\b(?:because of|due to|owing to)\s+"
                          r"(?:the\s+)?(?:side effects|toxicit|adverse)")
_SETTING = re.compile(r"\b(?P<setting>outpatient infusion cent(?:er|re)|infusion cent(?:er|re)|in the hospital|inpatient)\b", re.I)
_THEN = re.compile(r"\s*;\s*|,?\s*\b(?:then|followed by)\b\s*", re.I)
_INTERACTANT = re.compile(r"\binteract(?:s|ions?)? with (?P<what>[^.;]+?)(?:[.;]|$)", re.I)
_REGIMEN_USED = caseless(r"\b(?:is|are) (?:used|given|a (?:standard |common )?(?:chemotherapy |treatment )?(?:regimen|combination))"
                          r" (?:to treat|for(?: the treatment of)?|in) (?P<ind>[^.;]+?)\.?$")
# a page's lead sentence naming what the regimen treats: "A first treatment for breast cancer that has spread.",
# "Two immunotherapy drugs for melanoma ...", "This treatment is for prostate cancer ...", "... tablets, given after
# surgery for bowel cancer."
_INDICATION_LEAD = re.compile(r"^(?:[\w-]+\s+|\([^()]{1,40}\)\s+){0,6}?(?:combination|regimen|treatment|therapy|drugs|medicines|tablets)\b"
                              r"[^.;]{0,60}?\b(?:is\s+|are\s+)?(?:for|used for|to treat)\s+(?P<ind>[^.;]+?)\.?$", re.I)
_SHARED_DAYS = caseless(r"\b(?:both|all(?:\s+of\s+them)?|each)\s+(?:given\s+)?on\s+days?\s+\d[\d,\s&–-]*(?:(?:and|to|through)\s+\d+)?")
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
_PEOPLE = re.compile(r"(?:people|patients|adults|children|anyone|those|men|women)\b", re.I)
# a heading or label that names a phase of treatment
_PHASE_WORDS = caseless(r"\bcycles?\s*\d|\binduction\b|\bconsolidation\b|\bmaintenance\b|\bintensification\b|"
                          r"\bcontinued therapy\b|\bcontinuation\b|\bphase\b|\bcourses?\s*\d|"
                          r"^(?:all\s+)?(?:subsequent|later|remaining|following|other)\s+cycles\b|\bcycles\s+thereafter\b|"
                          # "Cycles one to four"; "Part 1: EC", "Part 2: weekly paclitaxel", "Block A", "The second part"
                          rf"\bcycles?\s+(?:{P._COUNT})\b(?!\s*(?:days?|weeks?|times|doses))|"
                          # "Week 1 – first (loading) dose", "Week 2 onwards – every week" (a heading over dose lines)
                          r"^weeks?\s+\d+(?:\s*(?:-|–|to)\s*\d+)?(?:\s+onwards)?\s*[–—-]\s|"
                          # a heading, caption or tab title of the weeks alone: 'Week 1', 'Weeks 2 to 12', 'Week 13 onwards'
                          r"^weeks?\s+\d+(?:\s*(?:-|–|to|through)\s*\d+)?(?:\s+onwards)?\s*:?\s*$|"
                          # what follows a counted part: 'After week 12', 'After cycle 6', 'After chemotherapy: trastuzumab
                          # on its own' (never 'After your treatment', 'After surgery', 'After each dose')
                          r"^after\s+(?:(?:weeks?|cycles?|courses?)\s+\d+|(?:the\s+|your\s+)?(?:chemotherapy|chemo))\s*(?::|[–—-]\s|$)|"
                          # what follows the part before it, named by its drugs: 'After that: pembrolizumab alone',
                          # 'Afterwards – maintenance letrozole' (never 'After that, ...' or 'After that day's dose')
                          r"^(?:after\s+(?:that|this)|afterwards|thereafter|from\s+then\s+on)\s*(?::|[–—]\s|-\s)\s*\S|"
                          # 'First cycle:', 'The first course' (a bold lead-in or heading); 'Cycle 1' is above
                          r"^(?:the\s+|your\s+)?(?:first|initial)\s+(?:cycle|course)\s*(?::|$)|"
                          r"^(?:part|block|module)\s+(?:\d+|[A-F]|one|two|three|four|five|six|I{1,3}|IV|V)\b(?!\s*(?:mg|%|days?|weeks?))|"
                          # "Stage 1 – AC (4 cycles)"; not "Stage 4 breast cancer" (a disease stage)
                          r"^stage\s+(?:\d|one|two|three|I{1,3}|IV)\b(?![^:–—-]*\b(?:cancer|disease|lymphoma|leuka?emia|myeloma|"
                          r"tumou?rs?|carcinoma|melanoma|sarcoma)\b)|"
                          r"^(?:the\s+)?(?:first|second|third|fourth|final|last)\s+(?:part|block)\b|"
                          # "First treatment (loading dose)", "Treatments 2 to 18": a page counting its doses, one a cycle
                          r"^(?:your\s+|the\s+)?(?:first|initial)\s+(?:treatment|dose|infusion)\s*(?:\(|:|$)|"
                          r"^(?:treatments?|doses?|infusions?)\s+\d+(?:\s*(?:-|–|to|through)\s*\d+)?\s*(?:\(|:|$)")
# "from day 6 until the blood count recovers", "from day 8 onwards": no last day of the cycle is given
# ", right after that day's gemcitabine.", ", just before the cisplatin infusion.", ", 30 minutes after the paclitaxel": a
# closing clause placing a dose relative to another drug's
_DRUG_REFERENCE = re.compile(r",\s*(?:(?:right|just|immediately|straight|shortly|\d+\s+(?:minutes?|hours?))\s+)?"
                             r"(?:after|before|following|ahead\s+of)\s+(?P<what>(?:that\s+day's\s+|the\s+|your\s+|each\s+)?"
                             r"[A-Za-z][\w-]*(?:\s+(?:dose|infusion|injection|drip|bag))?)\s*\.?$", re.I)
_DOSE_ARROW = re.compile(r"\d\s*(?:mg|mcg|g|µg)?\s*(?:→|->|⇒|➔)\s*\d")
_FROM_DAY_UNTIL = re.compile(r"\bfrom\s+(?:day|d)\s*(?P<start>\d+)\s*(?:,\s*)?(?:until|till|\bonwards?\b|and\s+(?:continue|keep))", re.I)
# a heading stating its own number of cycles: "EC – 4 cycles, every 3 weeks", "Then docetaxel (3 cycles)"
# 'One cycle of treatment' (a table's caption), 'A treatment cycle', 'Each cycle:': what one cycle holds, no phase of
# one cycle; 'One cycle = 14 days', 'Each cycle lasts 3 weeks': the same, with the length of a cycle (group 'length')
_ONE_CYCLE_TEMPLATE = re.compile(r"^\s*(?:one|a|each|every|your|a\s+single)\s+(?:(?:treatment|chemotherapy|chemo)\s+)?"
                                 r"(?:cycle|course)(?:\s+of\s+(?:treatment|chemotherapy|chemo|the\s+regimen))?"
                                 r"(?:\s+(?:looks\s+like\s+this|is\s+as\s+follows)"
                                 rf"|(?P<length>\s*(?:=|\s(?:is|lasts|takes))\s*(?:{P._COUNT})\s+(?:days?|weeks?)"
                                 r"(?:\s*\(\s*\d+\s+days?\s*\))?))?\s*:?\s*$", re.I)
_ALTERNATIVE_FIELDS = {"alternative", "alternative dose", "alternative dosing", "alternative schedule", "alternatively"}
# the clause after a dose line's dash saying whom the dose is for: '— if you weigh 77 kg or more', '— the usual dose'
_FOR_WHOM_CLAUSE = re.compile(r"\s[–—-]\s+(?P<clause>[^–—]{3,200})$")
_CONDITION_CLAUSE = re.compile(r"^(?:only\s+)?(?:if|when|unless|for\s+(?:people|patients|those|anyone|adults|women|men|children)|"
                               r"in\s+(?:people|patients|those))\b", re.I)
_USUAL_CLAUSE = re.compile(r"^(?:the\s+|your\s+)?(?:usual|standard|normal|recommended|most\s+common)\b[^,;]{0,40}\bdose\b", re.I)
_COUNTED_HEADING = caseless(rf"\b(?P<n>{P._COUNT})\s+(?:cycles?|courses?)\b")
# table header cells, by the role of their column
_COLUMN_ROLES = (
    # 'How long it takes' over '90 minutes', '46 hours, by pump'
    ("infusion", re.compile(r"infusion time|\bduration\b|\bover\b|\btime\b|\blength\b|^\s*how long\b", re.I)),
    ("frequency", re.compile(r"frequency|how often", re.I)),
    ("drug", re.compile(r"\b(?:drugs?|medications?|medicines?|agents?|chemotherapy|name)\b", re.I)),
    ("dose", re.compile(r"\bdos(?:e|es|age|ing)\b|\bamount\b", re.I)),
    # a header cell of the one word 'How' ('Drug | Dose | How | Days', a Confluence table) is the route column
    ("route", re.compile(r"\broute\b|how (?:it is )?given|given by|\bmethod\b|^\s*how\s*$", re.I)),
    ("days", re.compile(r"\bdays?\b|\bwhen\b|\bschedule\b", re.I)),
    ("effect", re.compile(r"side effects?|adverse|\beffects?\b|\bproblem\b|\bsymptoms?\b|^\s*events?\s*$", re.I)),
    ("incidence", re.compile(r"how (?:common|likely)|incidence|\bpercent|%|\bpatients\b|\bchance\b|\bfrequency\b|"
                             r"how many (?:people|patients)|people (?:affected|who (?:get|have|had))", re.I)),
)
_EFFECT_ROLE = dict(_COLUMN_ROLES)["effect"]
# the header of a table's first column when it names side effects and nothing else ('Side effect', 'Adverse events')
_EFFECT_COLUMN_HEADER = re.compile(r"^\s*(?:side[- ]effects?|adverse\s+(?:events?|effects?|reactions?))\s*$", re.I)
# "Severe diarrhoea happens in 10 to 20% of patients", "Neuropathy occurred in 27 % of patients in the trial"
_EFFECT_OCCURS = re.compile(r"^(?P<term>[^%]+?)\s+(?:(?:happens?|happened|occurs?|occurred|is seen|was seen|were seen|affects?|affected|"
                            r"develops?|developed|was reported|were reported)\s+in|(?:was|were|is|are)\s+(?:reported|experienced|noted|seen)\s+by|"
                            r"affects?|affected)\s+(?P<inc>(?:about\s+|around\s+|up to\s+|less than\s+)?"
                            r"[^ ]+?(?:\s*%)?(?:\s+(?:to|-|–|in|out of)\s+[^ ]+?(?:\s*%)?)?)(?:\s+(?:of\s+)?(?:all\s+)?(?:patients|people|persons|(?:treatment\s+)?cycles|courses)\b.*)?\.?$", re.I)
# a comparison with another arm of a trial at the end of an effect sentence: ", against 11% of those given ...",
# "(versus 4% with placebo)", "compared with 9% on Rd" -- the regimen's own figure is the one before it
_COMPARATOR_ARM = re.compile(r"\s*[,;(]?\s*\b(?:against|versus|vs\.?|compared\s+(?:with|to)|as\s+against)\s+"
                             r"(?:about\s+|around\s+)?\d[\d.,]*\s*%[^%]*$", re.I)
_COMPARISON = re.compile(r"\b(?:against|versus|vs\.?|compared\s+(?:with|to))\s+(?:about\s+|around\s+)?\d[\d.,]*\s*%", re.I)
# an open-ended number of cycles: kept as the phase's stop rule, never turned into a count
_OPEN_ENDED = caseless(r"\buntil\b[^.]*\b(?:progress\w*|grows?|worse\w*|no longer|unacceptable|intolera\w*|too much)"
                        r"|\bas long as (?:it|the treatment|treatment) (?:works|helps)"
                        # "for as long as it is working", "as long as the myeloma stays under control", "while it keeps
                        # the cancer under control"
                        r"|\bas long as\b[^.]{0,60}?\b(?:is working|keeps working|is helping|stays under control|"
                        r"(?:is|are) (?:still )?under control|benefit\w*|(?:keeps?|keeping)\b[^.]{0,40}?\bunder control|"
                        # "as long as the medicine keeps the cancer under control", "as long as it still works",
                        # "for as long as the treatment is keeping the cancer under control"
                        r"(?:still )?works?|(?:is|are) (?:still )?(?:effective|helping|controlling)|controls? the \w+)"
                        r"|\bwhile (?:it|the treatment|treatment)\s+(?:keeps|is keeping)\b[^.]{0,40}?\bunder control\b"
                        r"|\bwhile (?:it|the treatment|treatment)\s+(?:works|is working|helps)\b")
# a lead saying the schedules below are a choice: 'one of the two schedules below', 'either of these schedules', 'you
# can have it in one of two ways', 'two options'
_SCHEDULES_OFFERED = re.compile(r"\b(?:one|either)\s+of\s+(?:the\s+|these\s+)?(?:two|three|\d)?\s*(?:schedules|ways|options|timings)\b"
                                r"|\b(?:two|three|\d)\s+(?:different\s+)?(?:schedules|options)\b(?![^.]*\b(?:then|after|followed)\b)"
                                r"|\b(?:choose|choice)\s+(?:of|between)\b", re.I)
# a bold lead-in naming a part of a treatment given dose by dose: 'The loading dose', 'Your first dose', 'Weekly doses
# during radiotherapy', 'Maintenance doses' (never 'Doses', 'Your dose', 'Missed doses', 'Dose changes')
_LEAD_IN_PHASE = re.compile(r"^(?:the\s+|your\s+)?(?:(?:first|loading|initial|single)\s+(?:\((?:loading|first|initial)\)\s+)?dose"
                            r"|(?:weekly|fortnightly|maintenance|later|subsequent|following|remaining)\s+(?:doses|infusions|"
                            r"treatments?)(?:\s+(?:during|with|after|alongside)\s+[\w\s-]{1,40})?)$", re.I)
_ONE_DOSE_HEADING = re.compile(r"\b(?:first|loading|initial|single)\s+(?:\((?:loading|first|initial)\)\s+)?dose\b", re.I)
_EVERY_WEEK_HEADING = re.compile(r"\b(?:every|each)\s+week\b(?!\s+for\b)|(?<![-\w])weekly\b(?!\s+for\b)", re.I)
_NOTE_HEDGE = re.compile(r"\b(?:may|might|can|could|if|instead|alternatively|unless)\b", re.I)
# what the effect leads to, after its bracketed gloss: '(neutropenia) – risk of infection', '– can cause bleeding'
# (not when: '(fever, chills) – mostly with the first infusion' keeps its words)
_GLOSS_ASIDE = re.compile(r"(?<=\))\s+[–—-]\s+(?:(?:a\s+|an\s+|higher\s+|increased\s+)?risk\s+of|(?:can|may)\s+(?:cause|lead\s+to)|"
                          r"leading\s+to|which\s+(?:can|may))\b[^()%\d]*$", re.I)
_EXAMPLE_ASIDE = re.compile(r"\s*,\s*(?:for example|for instance|e\.g\.|such as)\b[^,()%]*,?\s*$", re.I)
# 'Serious bleeding, mostly from the lungs, happened in 4.4% ...': where it mostly comes from, between commas after the
# effect, is no part of its name
_WHERE_ASIDE = re.compile(r"\s*,\s*(?:mostly|mainly|usually|often|largely|chiefly|typically)\s+(?:from|in|into|of|on|at)\s+"
                          r"[^,()%]*,\s*$", re.I)
_REGIMEN_LEAD = re.compile(r"^an? (?:chemotherapy |drug |treatment )?(?:combination|regimen|treatment) (?:for|used for|to treat) "
                           r"(?P<ind>[^.;]+?)\.?$", re.I)
# 'the side effects reported most often with this combination were ...': after 'reported', a short clause of how
# often and with what runs on to the verb that opens the list
_EFFECT_INTRO = re.compile(r"^.*?\b(?:include[sd]?|including|are|were|such as|"
                           r"reported(?:\s+(?:most\s+|more\s+)?(?:often|commonly|frequently))?"
                           r"(?:\s+(?:with|in|on|among|for)\s+[^,;:()%\d]{1,50}?)?\s+(?:were|are|included?)|reported)\b:?\s+"
                           r"|^[^:]{0,80}:\s+", re.I)
_EFFECT_SPLIT = re.compile(r"\s*(?:,|;)\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")
_EFFECT_SPLIT_NO_OR = re.compile(r"\s*(?:,|;)\s*(?:and\s+|or\s+)?|\s+and\s+")
# in a sentence listing effects with their incidences, items end at a comma, or at 'and'/'or' right after
# an incidence in brackets ("joint and muscle aches (60%) and vomiting (52%)" is two items, not three)
_ITEM_SPLIT = re.compile(r"\s*(?:,|;)\s*(?:and\s+|or\s+)?|(?<=[)\]%])\s+(?:and|or)\s+")
# "In the main study, ..." / "During the trial, ...": where the figures come from, not a side effect
_STUDY_CONTEXT = re.compile(r"^(?:in|during|across)\s+(?:the\s+|this\s+|a\s+)?(?:\w+\s+){0,3}(?:study|studies|trial|trials)"
                            # "In the trial behind this treatment, ..."
                            r"(?:\s+(?:behind|of|for|with|on)\s+[^,]{1,40})?,\s*", re.I)
# a side-effect table column headed '%', 'Percent', 'Patients affected (%)'
_PERCENT_HEADER = re.compile(r"%|\bper\s?cent", re.I)
_BARE_NUMBER = re.compile(r"^(?:<|>|≤|≥)?\s*\d[\d.,]*(?:\s*(?:-|–|to)\s*\d[\d.,]*)?$")
_CITATION = re.compile(r"\bet al\b|\b(?:19|20)\d{2};\s*\d+|\bprescribing information\b", re.I)
# "... (44.1%), ... (35.1%) and itching (33.2%) were the most common.": a closing remark, not an effect or a category
_MOST_COMMON_TAIL = re.compile(r"\s+(?:are|were|was|is)\s+(?:the\s+)?(?:most\s+)?(?:common(?:ly\s+reported)?|frequent)"
                               r"(?:\s+(?:side\s+effects|ones|problems|effects))?\s*\.?$", re.I)
# "... (31%) were more common than with many other lung cancer treatments.": a comparison after effects with figures,
# naming no figure of its own (one with a figure is another arm's: `_COMPARATOR_ARM`)
_COMPARATIVE_TAIL = re.compile(r"\s+(?:were|was|are|is)\s+(?:(?:much|far|slightly|a\s+little|a\s+bit)\s+)?(?:more|less)\s+"
                               r"(?:common|frequent|often\s+seen|likely)\s+than\b[^%\d]*$", re.I)
# "Common: nausea, tiredness, thinning hair." -- a category word leading a list of effects
# also with a dash: "Common – nausea; tiredness; a low platelet count."
_CATEGORY_LEAD = re.compile(r"^(?P<cat>very common|common|less common|uncommon|very rare|rare|frequent|infrequent)"
                            # "Rare but serious: interstitial lung disease": how grave the effects are, beside the word
                            r"(?:\s+(?:but|and)\s+(?:(?:can|may)\s+be\s+|potentially\s+|sometimes\s+)?(?:serious|severe|"
                            r"important|life-threatening))?"
                            r"(?:\s+(?:side effects?|effects|problems))?"
                            # "Common effects, usually mild: ...": a short aside before the colon
                            r"(?:,\s*(?:usually|mostly|often|generally)\s+[a-z]+)?"
                            r"\s*(?::|[–-](?=\s))\s*(?P<items>[^0-9%:]+)$", re.I)
# "serious (grade 3 or worse) problems were uncommon: a low white cell count in 6 out of 100 people, loss of appetite in
# 5 out of 100 ...": a list of effects, each with its own figure
_FIGURED_LIST = re.compile(r"^(?:[\w-]+\s+){0,3}(?:\([^()]*\)\s+)?(?:side[- ]effects|effects|problems)\s+(?:were|are)\s+"
                           r"[a-z ]{2,30}:\s*(?P<items>.+?)\.?$", re.I)
_FIGURED_ITEM = re.compile(r"^(?P<term>[^\d]+?)\s+in\s+(?P<inc>(?:about\s+)?\d+\s+(?:out\s+of|in)\s+\d+)"
                           r"(?:\s+(?:people|patients))?$", re.I)
# "These are rare but can be serious.", "It is very common." after a lead-in naming the effect
_PRONOUN_CATEGORY = re.compile(r"^(?:these|this|they|it)\s+(?:are|is)\s+(?:(?:also|quite|all)\s+)?"
                               r"(?P<cat>very common|common|less common|uncommon|very rare|rare)\b", re.I)
# "Tiredness: about 1 in 4 people (25%)": the term before the colon, the exact figure in brackets
_TERM_RATIO_PERCENT = re.compile(r"^(?P<term>[^:;,.]{2,60}):\s+(?:in\s+)?(?:about|around|roughly|nearly|approximately)?\s*"
                                 r"\w+\s+(?:in|out\s+of)\s+(?:every\s+)?\w+(?:\s+(?:people|patients))?\s*"
                                 r"\((?P<pct>[^()]*%)\)\.?$", re.I)
# "Common side effects include diarrhoea, rash and flu-like symptoms.", "Rare side effects are ...": a category
# word leading a list (items end at commas and at the last 'and'; 'or' joins one item: "sore or watery eyes")
_CATEGORY_INCLUDE = re.compile(r"^(?:(?:other|more|some|further|the\s+other)\s+)?"
                               r"(?P<cat>very common|common|less common|uncommon|very rare|rare|frequent|infrequent|occasional)"
                               r"\s+(?:side[- ]effects?|effects|problems)"
                               # 'Very common side effects of TCH are ...': the treatment they come from, no item
                               r"(?:\s+(?:of|with|from)\s+(?!(?:the\s+)?(?:following|these)\b)[^0-9%:;,()]{1,40}?)?"
                               r"\s+(?:include[sd]?|are|can include|may include)\s*:?\s+"
                               r"(?P<items>[^0-9%:]+?)\.?$", re.I)
# a list item under a category heading that is no effect: a link, an instruction, a site's line ('Print this page',
# 'Call us if ...', 'Contact the unit | Privacy', '© Network')
_NOT_AN_EFFECT = re.compile(r"^(?:print|call|contact|ask|tell|see|visit|click|read|share|back|home|next|previous|download|"
                            r"email|phone|ring|find|go|return|sign|log|subscribe|follow|watch|listen)\b|[|©@]|https?:|www\.|"
                            r"\b(?:you|your|we|our|us)\b", re.I)
# "The most common side effects (affecting more than 20% of people) were nausea, tiredness and hair loss."
_BAND_LIST = re.compile(r"^(?:the\s+)?(?:(?:most\s+common|commonest|main|other|very\s+common|common|less\s+common|uncommon|rare)\s+)?"
                        r"(?:side[- ]effects?|adverse\s+(?:reactions|events))"
                        r"(?:\s*\(\s*(?P<band>[^()]*?(?:%|\bin\s+\d+)[^()]*)\)"
                        # 'Side effects that affect more than 1 in 10 people include ...'
                        r"|\s+(?:that\s+|which\s+)?(?P<band2>(?:affect(?:s|ing)?|happen(?:s|ing)?\s+(?:in|to)|seen\s+in)\s+"
                        r"[^,:()]*?(?:%|\bin\s+[\d,]+)(?:\s+(?:people|patients|men|women))?))"
                        # an item may carry a bracket without figures: 'a reaction (chills, fever)'
                        r"\s*(?:(?:were|are|include[sd]?|was)\s*:?|:)\s+(?P<items>(?:[^0-9%()]|\([^0-9%()]*\))+?)\.?$", re.I)
# 'Nausea was reported in 45% of patients and vomiting in 20%.'
_PAIRED_OCCURS = re.compile(r"^(?P<t1>[A-Za-z][^%,;()]{1,60}?)\s+(?:was|were)\s+(?:reported|seen|noted|observed)\s+in\s+"
                            r"(?P<p1>(?:about\s+|around\s+)?\d[\d.,]*\s*%)(?:\s+of\s+(?:all\s+)?(?:patients|people))?,?\s+and\s+"
                            r"(?P<t2>[A-Za-z][^%,;()]{1,60}?)\s+in\s+(?P<p2>(?:about\s+|around\s+)?\d[\d.,]*\s*%)"
                            r"(?:\s+of\s+(?:all\s+)?(?:patients|people))?\.?$", re.I)
# 'Fatigue: 40%' (a paragraph of its own)
_TERM_COLON_FIGURE = re.compile(r"^(?P<term>[A-Za-z][^:%()]{0,60}?)\s*:\s*(?P<fig>(?:about\s+|around\s+)?(?:[<>≤≥]\s*)?\d[\d.,]*"
                                r"\s*%(?:\s*(?:-|–|to)\s*\d[\d.,]*\s*%)?)\.?$", re.I)
# the clause after an effect's name saying when it happens: ' while your blood counts are low'
_WHEN_CLAUSE = re.compile(r"(?<=\w)\s+(?:while|when|whilst|during)\s+(?:your|you)\b[^,;]*$", re.I)
# 'Low white blood cells, raising your risk of infection': what the effect leads to, said to the reader; part of the
# effect's words, no sign of a sentence
_CONSEQUENCE_CLAUSE = re.compile(r"(?<=\w),?\s+(?:raising|increasing|which\s+(?:raises|increases)|that\s+(?:raises|"
                                 r"increases)|putting\s+you\s+at)\s+(?:your\s+)?(?:risk|chance)\s+of\s+[^,;]*$", re.I)
# a clause where an effect's name should be: a pronoun of the reader, or a verb at its end
_NOT_A_NAME = caseless(r"\b(?:you|your|we|our)\b|\s(?:is|are|was|were|be|been|needed|required|needs?|had|has|have)$"
                        # 'Hair loss is temporary; it': a clause and a pronoun, not a name
                        r"|;|\b(?:it|this|they|these)$")
# 'Changes to your nails', 'Pain in your joints': the reader's body part after a preposition, inside an effect's name (no
# clause: 'Your risk of ... is', 'You may lose your hair' keep their pronoun where a name should start)
_PREPOSITION_YOUR = re.compile(r"(?<=\w)\s+(to|in|of|on|around|under|at|from)\s+your\s+(?=[a-z])", re.I)


def _your_as_the(text: str) -> str:
    """'Changes to your nails' -> 'Changes to the nails', for the test of a name only (the wording is kept)."""
    return _PREPOSITION_YOUR.sub(lambda m: f" {m.group(1)} the ", text)


# 'Heart failure was rare with TCH' before its figure: the verb, a frequency word and the treatment after the effect's name
_CATEGORY_TAIL = re.compile(r"\s+(?:is|are|was|were)\s+(?:(?:also|quite)\s+)?"
                            r"(?P<cat>very common|common|less common|uncommon|very rare|rare)"
                            r"(?P<with>\s+(?:with|on|in|after|during)\s+[^0-9%,;:()]{1,40}?)?\s*$", re.I)
# 'Most people have a big drop in their neutrophils ... after each dose: in the BCIRG 006 trial a severe drop ... was seen
# in 66% of people': a statement without a figure, a colon, then the study whose figures follow (its comma optional)
_LEAD_BEFORE_STUDY = re.compile(r"^(?P<lead>[^:;%\d]{12,}?)\s*:\s+(?P<study>(?:in|during|across)\s+(?:the\s+|this\s+|a\s+)?"
                                r"(?:[\w-]+\s+){0,3}(?:study|studies|trial|trials)\b,?)\s+(?=\w)"
                                # 'Many people feel washed out after each dose: severe tiredness was seen in 12% ...': a
                                # statement (a subject and a verb, no figure) before the colon, the figures after it
                                r"|^(?P<said>(?:most|many|some|a\s+few|almost\s+all|nearly\s+all)\s+(?:people|patients|men|women)"
                                r"\s+(?!(?:had|have|get|got|develop(?:ed)?|experience[sd]?)\s*:)[^:;%\d]{4,}?)\s*:\s+(?=\w)", re.I)
# a clause's figure: '66%', '0.4 %', '1 in 10', '3 out of 100'
_CLAUSE_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*%|\b\d+\s+(?:in|out\s+of)\s+\d+", re.I)
# 'Seizures (fits) are uncommon: they happened in 0.9% of men ...': after the frequency word, a pronoun clause with the
# figure of the one effect the sentence named
_CATEGORY_THEN_FIGURE = re.compile(r"^\s*[:;,]\s*(?:they|it)\s+(?:happened|happen|happens|occurred|occur|occurs|"
                                   r"were\s+seen|was\s+seen|were\s+reported|was\s+reported|affected|affects?)\s+"
                                   r"(?:in\s+)?(?P<inc>[^;:]+?)\.?$", re.I)
# 'Rarely, olaparib can cause a bone marrow cancer (MDS or AML), in less than 1% of women.': what the medicine can cause,
# then in how many people (an adverb of frequency before it kept as the word)
_CAN_CAUSE_IN = re.compile(r"^(?:(?P<adv>very commonly|commonly|less commonly|uncommonly|very rarely|rarely|occasionally)"
                           r"\s*,?\s+)?(?P<subj>[A-Za-z][^,;:%\d()]{0,40}?)\s+(?:can|may|might|could)\s+(?:also\s+)?"
                           r"cause\s+(?P<term>[^;:%\d]+?),?\s+(?:in|for)\s+(?P<inc>(?:about|around|roughly|nearly|almost|up\s+to|"
                           r"less\s+than|fewer\s+than|more\s+than|under|over|\d)[^;:]*?)\.?$", re.I)
# side effects as a whole: 'Side effects', 'Any adverse event', 'Serious side effects'
_EFFECTS_AS_A_WHOLE = re.compile(r"^(?:any\s+|all\s+|serious\s+|severe\s+|the\s+)?(?:side[- ]effects?|adverse\s+(?:events?|"
                                 r"reactions?|effects?)|toxicit(?:y|ies))$", re.I)
# "There is a 1 in 3 chance of hair loss.", "Your risk of getting an infection is about 1 in 5."
_CHANCE_OF = re.compile(r"^(?:there\s+is\s+)?(?:an?\s+)?(?P<inc>(?:about\s+|around\s+)?\w+\s+in\s+[\w,]+|\d[\d.,]*\s*%)\s+(?:chance|risk)\s+"
                        r"(?:of|that\s+you\s+(?:will\s+)?(?:get|have|develop))\s+(?:getting\s+|having\s+|developing\s+)?"
                        r"(?P<term>[^,;:()]+?)\.?$"
                        r"|^(?:your|the)\s+(?:risk|chance)\s+of\s+(?:getting\s+|having\s+|developing\s+)?(?P<term2>[^,;:()]+?)\s+is\s+"
                        r"(?P<inc2>[^.]+?)\.?$", re.I)
# how well a treatment works: no side effect ('a good response', 'Survival improved by', 'shrank the cancer')
_EFFICACY = caseless(r"(?<!allergic )(?<!immune )(?<!infusion )\brespon(?:se|ses|ded|d)\b|\bremission\b|\bsurviv\w*|\balive\b|"
                       r"\bshr[ai]nk\w*|\bcured?\b|\bbenefit\w*|\bimprove[sd]?\b|\bprogression[- ]free\b|\bworked\b")
# "This affects around 30 in 100 people.", "It happens in about 1 in 3 people": the subject is the effect named above
_PRONOUN_SUBJECT = re.compile(r"^(?:this|it|these|they)\s+(?:side\s+effect\s+)?(?:affects?|affected|happens?|happened|occurs?|"
                              r"occurred|is|are|was|were)\b", re.I)
# "Hair loss affects almost everyone.", "Nausea affects more than 1 in 10 people.", "Hair loss affects most people (around
# 80%)": the effect, then who it affects (read by `P.incidence`: a figure, a band, or a word)
# "... during the drip happen to about 3 in 100 people": the plural verb too
_EFFECT_AFFECTS_WHO = re.compile(r"^(?!(?:this|it|these|they|that|which)\s)(?P<term>[A-Za-z][^%,;:()]{1,60}?)\s+(?:affects?|affected|happen(?:s|ed)?\s+(?:to|in)|occurs\s+in)\s+"
                                 r"(?P<who>(?:about\s+|around\s+)?(?:almost|nearly|virtually|most|the|more|over|fewer|less|half|a|"
                                 r"up|under|between|at|above|below|\d|one|two|three|four|five|six|seven|eight|nine)(?:[^.;,]|,(?=\d{3}))*?)"
                                 # ', most often with the first dose': when, not who
                                 r"(?:,\s+(?:most often|usually|mostly|mainly|especially)\b[^.;]*)?\.?$", re.I)
# "Less commonly, people get mouth sores or diarrhoea.", "Rarely, some people have a rash, itching or headaches."
_ADVERB_WORDS = {"very commonly": "very common", "commonly": "common", "less commonly": "less common",
                 "uncommonly": "uncommon", "more rarely": "rare", "rarely": "rare", "very rarely": "very rare",
                 "occasionally": "less common", "less often": "less common", "less frequently": "less common"}
_ADVERB_CATEGORY = re.compile(r"^(?P<adv>very commonly|commonly|less commonly|uncommonly|more rarely|very rarely|rarely|"
                              r"occasionally|less often|less frequently)\s*,?\s+(?:some\s+|a\s+few\s+)?(?:people|patients|you)\s+"
                              r"(?:may\s+|can\s+|might\s+|could\s+)?(?:get|have|develop|notice|experience|feel)\s+"
                              r"(?P<items>[^0-9%:]+?)\.?$", re.I)
# "Other common side effects are:", "Less common side effects include:", "Rare (fewer than 1 in 1,000 people):", "Very
# common:" -- a lead-in naming a category, over the list that follows it
_CATEGORY_INTRO = re.compile(r"^(?:(?:other|more|some|further|the\s+other|the\s+following)\s+)?"
                             r"(?P<cat>very common|common|less common|uncommon|very rare|rare)"
                             r"(?:\s+(?:side[- ]effects?|effects|problems))?(?:\s*\([^()]*\))?"
                             r"(?:\s+(?:are|include|can\s+include|may\s+include|(?:that\s+)?(?:people|patients)\s+(?:get|have)))?"
                             r"(?:\s+(?:these|the\s+following))?\s*:$", re.I)
_CATEGORY_SENTENCE = re.compile(r"^(?P<items>[^0-9%]+?)\s+(?:are|is|were|can be|may be)\s+(?:(?:also|all|quite)\s+)?"
                                r"(?P<cat>very common|common|less common|uncommon|rare|very rare)\b", re.I)


@dataclass
class PhaseFacts:
    """Cycle facts the page states for one phase (or, under the key None, for the whole regimen)."""

    length: Amount | None = None
    count: int | None = None
    count_max: int | None = None
    span: tuple[int, int] | None = None
    on_days: list[int] | None = None
    stop_rule: str | None = None  # "until the disease progresses", "as long as it works"
    text: str = ""
    start: list[Condition] | None = None  # "Starts once blood counts have recovered"
    in_total: bool = False  # the count was said of all cycles ("for up to 17 cycles in total"), not of this phase
_BRAND = re.compile(r"\((?P<brand>[^()]+?)®?\)")


# what a heading may say besides the drug's name and still be only the drug's heading: its form and route
_DRUG_HEADING_EXTRA = re.compile(r"\([^()]*\)|[®™]|\b(?:tablets?|capsules?|pills?|injections?|infusions?|drip|oral|by mouth|"
                                 r"iv|intravenous|sc|subcutaneous|the|your|dose|doses|dosing|ramp[- ]up|step[- ]up|"
                                 r"titration|schedule|plan|of|daily)\b", re.I)


def drug_heading(text: str) -> str | None:
    """The drug a heading names when the heading is only that name ('Ixazomib', 'Lenalidomide (Revlimid®)',
    'Dexamethasone tablets'); None for any other heading ('Side effects of ixazomib', 'Day 1', 'Cycle 1')."""
    if not text or len(text) > 60 or re.search(r"\d", text):
        return None
    names = find_drugs(text)
    if len({terminology.match_key(n) for _, n in names}) != 1:
        return None
    rest = _DRUG_HEADING_EXTRA.sub(" ", text).strip(" :.-–—,")
    if not rest or len(rest.split()) > 3 or not find_drugs(rest):
        return None
    name = names[0][1]
    # the rest is the name (or a brand of it), not a sentence about the drug
    return name if len(rest.split()) <= max(len(name.split()), 1) + (1 if "-" in rest else 0) else None


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


_PAGE_CONTROL = "a control of the page (button), no text of the regimen"


def _on_buttons_only(el: etree._Element, text: str) -> bool:
    """All the words of a block are its element's buttons ('<div class="modal-footer"><button>Close</button></div>';
    a modal header whose title is read as a heading and whose '×' is left)."""
    words = text.split()
    return bool(words) and " ".join(b.text_content() for b in el.iter("button")).split() == words


class RegimenReader:
    def __init__(self, blocks: list[Block], file: str, title: str, source, dates: PageDates,
                 day_first: bool = False):
        self.blocks = blocks
        self.day_first = day_first  # the page's language writes a/b/yyyy day first
        self.file = file
        self.regimen = Regimen(title=title, source=source, dates=dates)
        self.mapped: set[int] = set()
        # schedule facts gathered across blocks, assembled into phases at the end
        self.first_length: Amount | None = None
        self.later_length: Amount | None = None
        self.caps: list[tuple[int, Condition | None]] = []
        self.stop: tuple[int, Condition, str] | None = None
        self.dose_lines: list[tuple[Block, str | None, list[DrugAdministration], list[Condition]]] = []
        self.schedule_lines: list[tuple[Block, list[DrugAdministration]]] = []
        self.lab_schedule: tuple[str, str] = ("as-needed", "")
        self.imaging_condition: str | None = None
        self.in_imaging = False  # the sentence before introduced imaging
        # generic schedule: (block, phase label, administrations, conditions) in page order
        self.generic_schedule: list[tuple[Block, str | None, list[DrugAdministration], list[Condition]]] = []
        self.generic_doses: list[tuple[Block, str | None, list[DrugAdministration], list[Condition]]] = []
        self.phase_facts: dict[str | None, PhaseFacts] = {}
        self.table_roles: dict[str, tuple[str | None, ...]] = {}
        self.table_days: dict[str, dict[int, list[int]]] = {}
        # 'Drug | Route | Cycle 1 | Cycle 2 onwards': columns that each hold a phase's dose and days
        self.table_cycle_columns: dict[str, dict[int, str]] = {}
        self.table_headers: dict[str, str] = {}  # table -> its header row's text
        self.table_drug_columns: dict[str, dict[int, str]] = {}  # table -> column -> drug header ('Cisplatin (IV)')
        self.headings_read: set[str] = set()
        self.intro_days: tuple[tuple[str, ...], list[int]] | None = None
        self.percent_columns: dict[str, set[int]] = {}
        self.grade_columns: dict[str, tuple[int | None, set[int]]] = {}
        self.effect_headers: dict[str, list[str]] = {}  # table -> each column's header, header rows joined
        self.percent_notes: set[tuple[str, ...]] = set()
        # side-effect tables under a heading the converter does not know ('What to expect'), known by their header row
        # ('Side effect | All grades | Grade 3–4'); the headings they sit under
        self.headed_effect_tables: set[str] = set()
        self.effect_table_sections: set[tuple[str, ...]] = set()
        self.effect_headings: set[tuple[str, ...]] = set()
        self.phase_row_tables: set[str] = set()
        # 'You have eribulin as a short injection into a vein.' / 'The injection itself only takes 2 to 5 minutes.' (no
        # dose): the route or infusion time of that drug's doses that state none
        self.drug_notes: list[tuple[Block, str, tuple[str, str] | None, Amount | None]] = []
        # medicines taken alongside named with no dose, read from a block's clauses (read_undosed_supportive)
        self.undosed_pending: list[tuple[DrugAdministration, str]] = []
        self.shared_routes: list[tuple[Block, tuple[str, str]]] = []  # 'You have the drugs through a drip ...'   # tables with a column per drug and a row per phase
        self.card_doses: dict[tuple[str, ...], list[DrugAdministration]] = {}  # heading naming a drug -> its doses  # headings that named a side effect (one each)  # sections that say "figures are percentages"
        self.effect_columns: dict[str, tuple[int, int, bool]] = {}  # effect column, incidence column, headed '%'   # all-grade column, severe / other-arm columns
        self.alternate_days: list[DrugAdministration] = []
        self.weekly_times: list[tuple] = []  # (administration, words, block): "three times a week" with no days named
        self.first_only: list[DrugAdministration] = []  # "8 mg/kg (loading dose)": cycle 1 only
        self.second_only: list[DrugAdministration] = []  # "then over 60 minutes, then 30 minutes": cycle 2 only
        self.later_only: list[DrugAdministration] = []  # "..., then 6 mg/kg every 3 weeks": from cycle 2  # "every other day" with no end: to the cycle's end
        self.field_lists: dict[object, list[tuple[Block, str | None]]] = {}
        self.parent_lines: set[int] = set()  # list items naming a drug whose fields are listed under them  # list element -> its labelled items
        self.instructions: list[tuple[Block, str | None, str]] = []  # "Take the tablets after a meal." (phase, text)
        self.continuous_notes: list[tuple[Block, str | None, str]] = []  # "X runs without a break ..."
        self._named_dose: bool | None = None
        self.list_groups: dict[object, str] = {}  # list element -> the category its lead-in sentence names
        # list element -> the band its lead-in states ('These affect more than 1 in 10 people:', '<p><strong>Very
        # common</strong> (more than 1 in 10 people)</p>' over the list), with the group's word
        self.list_bands: dict[object, Percent] = {}
        # phases of drugs given on a timetable stated by reference ('on the same timetable as your previous irinotecan'):
        # alongside the cycles, on their own timing (as medicines taken alongside), never inside a cycle made up for them
        self.alongside_labels: set[str] = set()
        self._interval_alternatives: set[str] | None = None  # interval headings side by side (see phase_of)
        self.alternative_schedules: set[str] = set()  # tab labels naming one of the page's schedules each
        self._alternative_lines: dict[int, str] | None = None  # list items offering doses in place of each other
        self.week_phase_labels: set[str] = set()  # phases of one dose whose interval changes by week
        self.counted_part_labels: list[str] = []  # the first part of 'X for 4 doses, then Y every 4 weeks'
        self.length_drugs: dict[str | None, set[str]] = {}  # the drugs of the dose line that set a phase's length
        # '4 cycles of AC followed by 4 cycles of docetaxel': part name (match key) -> its number of cycles
        self.sequence_parts: dict[str, tuple[int | None, Amount | None]] = {}
        # (first-cycle administration, its later-cycles copy, block, words): 'first infusion over 90 minutes, later ones
        # over 30 minutes', split into cycle 1 and the later cycles only where the regimen has no phases of its own
        self.infusion_splits: list[tuple] = []
        self.headed_effects: set = set()  # (headings, effect) already given an incidence from the text under them

    # -- helpers ---------------------------------------------------------------------------
    def loc(self, block: Block) -> Location:
        return Location(self.file, block.section, block.path)

    def not_mapped(self, block: Block, reason: str, text: str | None = None) -> None:
        if _on_buttons_only(block.element, text or block.text):
            reason = _PAGE_CONTROL  # a modal's '×' and 'Close': no sentence the parser failed to understand
        fragment = Fragment(text or block.text, reason, self.loc(block))
        if self.regimen.not_mapped and self.regimen.not_mapped[-1] == fragment:
            return  # the same fragment reported again by a second reading of the same line: once is enough
        self.regimen.not_mapped.append(fragment)

    def understood(self, block: Block, what: str, text: str | None = None) -> None:
        self.regimen.understood.append(Fragment(text or block.text, what, self.loc(block)))

    def finding(self, severity: str, code: str, message: str, block: Block) -> None:
        self.regimen.findings.append(Finding(severity, code, message, self.loc(block)))

    def glossary_links(self, block: Block) -> dict[str, str]:
        """anchor text (lower) -> glossary key, for glossary pop-up links in a block."""
        out = {}
        for a in block.element.iter("a"):
            target = (a.get("data-target") or a.get("href") or "").lstrip("#")
            if target.startswith("glossary-"):
                out[" ".join(a.text_content().split()).lower()] = target[len("glossary-"):]
        return out

    # -- routing ---------------------------------------------------------------------------
    def read(self, skip_paths: set[str]) -> Regimen:
        handlers = {
            "mechanism": self.on_mechanism, "goals": self.on_goals, "schedule": self.on_schedule,
            "infusion-time": self.on_infusion_time, "starting-doses": self.on_starting_doses,
            "side-effects": self.on_side_effects, "monitoring": self.on_monitoring, "tips": self.on_tips,
            "label": self.on_label, "references": self.on_references, "supportive-medicines": self.on_schedule,
        }
        reasons = {
            "media": "links to videos; not part of the regimen definition",
            "assistance": "financial assistance information; not part of the regimen definition",
            "wellness": "general wellness information; not part of the regimen definition",
            "disease": "disease background; the indication is coded from the regimen header",
            "label-side-effects": "label summary of side effects without incidences; the incidences come from the side-effects section",
            "dose-modifications": "dose-modification rules (when to lower, delay or raise a dose); no structured element",
        }
        for block in self.blocks:
            if any(block.path.startswith(p) for p in skip_paths):
                continue  # glossary pop-ups: read by the glossary parser
            if block.chrome:
                dates = P.find_dates(block.text, self.day_first)
                if dates:
                    self.set_dates(dates, block)
                    continue
                published = _post_meta_time(block)
                if published is not None and not P.find_dates(block.text, self.day_first):
                    # '<p class="post-meta"><time datetime="2024-04-22T00:00:00+00:00">April 22, 2024</time> · 4 min
                    # read</p>': a post's byline date, with no label, is when it was published
                    self.set_dates({"created": published}, block)
                    self.not_mapped(block, "the rest of the post's byline (reading time, tags)", block.text)
                    continue
                self.not_mapped(block, "site header, navigation or footer")
                continue
            nxt_review = P.NEXT_REVIEW.search(block.text)
            if nxt_review and not P.find_doses(block.text):
                # 'Review date: March 2027': when the page is due for review, never its updated date
                self.not_mapped(block, "next review date: when the page is due for review, not when it was updated; "
                                "no structured element", nxt_review.group(0))
                text = P.NEXT_REVIEW.sub("", block.text)
                block_dates = P.find_dates(text, self.day_first)
                if block_dates:
                    self.set_dates(block_dates, block)  # 'Reviewed: March 2025 | Next review: March 2027'
                continue
            block_dates = P.find_dates(block.text, self.day_first)
            if block_dates and not P.find_doses(block.text):
                self.set_dates(block_dates, block)  # a date line, wherever the page puts it
                rest = P.DATE_LABELLED.sub("", block.text).strip(" ·|,;.-–")
                if len(block.text) > 100 and re.search(r"[A-Za-z]{3}", rest):
                    # "Leaflet HAEM-041 · last revised 14/03/2017 Please ask ...": the words around the dates
                    self.not_mapped(block, "text around the page dates", rest)
                continue
            if block.headings and P.DATE_HEADING.match(block.headings[-1]) and P.parse_date(block.text, self.day_first):
                # a 'Reviewed' field label over a bare date ('<time datetime=...>7 March 2024</time>')
                dates = P.find_dates(f"{block.headings[-1]}: {block.text}", self.day_first)
                if dates:
                    self.set_dates(dates, block)
                    continue
            kind = block_kind(block.headings)
            if (block.tag == "li" and kind in (None, "schedule", "starting-doses", "infusion-time")
                    and P.field_label(P.split_label(block.text)[0])):
                parent = block.element.getparent()
                self.field_lists.setdefault(parent, []).append((block, kind))
                continue  # read with the other fields of its list, below
            if kind in (None, "schedule", "starting-doses") and block.tag not in ("li", "tr") \
                    and (len(block.text) <= 160 or block.tag == "dd"):  # a definition's value may run long
                record = self.field_record(block)
                if record is not None:
                    # '<div class="paragraph"><div>Bortezomib</div><div><div class="field__label">Dose</div>
                    # <div class="field__item">1.3 mg/m²</div></div>...': a record of labelled fields is one dose
                    label = block.headings[-1].rstrip(":") if block.headings and P.field_label(block.headings[-1].rstrip(":")) \
                        else "Drug"
                    self.field_lists.setdefault(record, []).append((replace(block, text=f"{label}: {block.text}"), kind))
                    continue
            if block.tag == "p" and kind in (None, "schedule", "starting-doses") \
                    and P.field_label(P.split_label(block.text)[0]) and block.headings and drug_heading(block.headings[-1]):
                # '<h4>Cisplatin</h4><p>Dose: 75 mg/m²</p><p>Given: into a vein</p><p>When: day 1</p>': the labelled
                # paragraphs under one drug's heading are the fields of its dose
                self.field_lists.setdefault((block.element.getparent(), block.headings), []).append((block, kind))
                continue
            if block.label and section_kind(block.label) and section_kind(block.label) != kind:
                # "<p><strong>Side effects:</strong> nausea (40%), ...": the lead-in names the section
                kind = section_kind(block.label)
                rest = block.text[len(block.label):].lstrip(" :–—-")
                block = replace(block, text=rest, headings=block.headings + (block.label,))
            heading_drug = drug_heading(block.headings[-1]) if block.headings and block.tag != "tr" else None
            if heading_drug and kind in (None, "schedule", "starting-doses") \
                    and not any(find_drugs(self.without_drug_references(s)) for s in sentences(block.text)
                                if P.find_doses(s) or P.meal_instruction(s) or P.is_continuous(s)) \
                    and (P.find_doses(block.text) or P.meal_instruction(block.text) or P.is_continuous(block.text)):
                # '<h5 class="card-title">Ixazomib</h5><p>One 4 mg capsule by mouth on days 1, 8 and 15.</p>'
                self.on_drug_heading_lines(block, heading_drug)
                continue
            if heading_drug is None and kind == "schedule" and block.tag != "tr" and P.find_doses(block.text) \
                    and not P.field_label(P.split_label(block.text)[0] or ""):
                title_drug = self.sole_title_drug()
                named = {terminology.match_key(n) for _, n in find_drugs(block.text)}
                if title_drug and named <= {terminology.match_key(title_drug)} and not self.names_drug_with_dose() and any(
                        P.find_doses(s) and not find_drugs(s) for s in sentences(block.text)):
                    # 'Take 50 mg (one capsule) by mouth once daily ...' on a page titled 'Sunitinib (Sutent®)': a dose
                    # line naming no drug, on a page about one drug, is that drug's
                    self.on_drug_heading_lines(block, title_drug, heading_names_drug=False)
                    continue
            if heading_drug and kind in (None, "schedule", "starting-doses") and block.headings in self.card_doses \
                    and not P.find_doses(block.text) and self.complete_card_dose(block, heading_drug):
                continue
            if kind in handlers:
                handlers[kind](block)
            elif kind in reasons:
                self.not_mapped(block, reasons[kind])
            else:
                self.on_unsectioned(block)
            if kind == "label-side-effects":
                self.on_label_side_effect(block)
        for items in self.field_lists.values():
            self.read_field_list(items, handlers)
        for block, adms in self.schedule_lines:
            heading = block.headings[-1] if block.headings else ""
            if heading and len(heading) <= 60 and any(a.route is None for a in adms) and len(_routes_named(heading)) == 1:
                # '<h3>The tablets</h3>' over dose lines that state no route: the heading's form is their route
                self.route_from_heading(adms, heading)
        self.apply_shared_routes()
        self.apply_drug_notes()
        self.assemble_phases()
        self.attach_notes()
        self.own_interval_phases()
        self.continuous_days()
        self.add_scheduled_drugs()
        self.lint()
        return self.regimen

    @staticmethod
    def route_from_heading(adms: list[DrugAdministration], heading: str) -> None:
        """'Venetoclax (tablets by mouth)' over lines that state no route: the heading's route is theirs."""
        found = find_route(heading)
        if found and not alternative_routes(heading):
            for a in adms:
                if a.route is None:
                    a.route, a.route_text = found

    @staticmethod
    def without_drug_references(sentence: str) -> str:
        """The sentence without a closing clause that places the dose relative to another drug's ('..., right after
        that day's gemcitabine', '..., before the cisplatin infusion'); a drug named there is no drug of the line."""
        m = _DRUG_REFERENCE.search(sentence)
        if m and find_drugs(m.group("what")):
            return sentence[: m.start()].rstrip(" ,") + "."
        return sentence

    def field_record(self, block: Block):
        """The element of a CMS record of labelled fields ('Dose' / 'Given' / 'Days' titles, each over its value) that
        the block is a field value of, or the drug name at its head; None for any other block. The record is the
        nearest container holding two or more field titles; a container holding several drug names is a list of
        records, not one."""
        heading = block.headings[-1] if block.headings else None
        is_field = bool(heading and P.field_label(heading.rstrip(":")))
        if not is_field and not (drug_heading(block.text) and not P.find_doses(block.text)):
            return None
        el = block.element
        for _ in range(4):
            el = el.getparent()
            if el is None:
                return None
            titles = [t for t in el.iter() if isinstance(t.tag, str)
                      and (class_title(t) or t.tag in ("dt", "h2", "h3", "h4", "h5", "h6"))
                      and P.field_label(normalise(t.text_content()).rstrip(":"))]
            if len(titles) >= 2:
                names = [t for t in el.iter() if isinstance(t.tag, str) and t.tag in ("div", "span", "p", "h3", "h4", "h5")
                         and not len(t) and drug_heading(normalise(t.text_content()) or "-")]
                return el if len(names) <= 1 else None
        return None

    def names_drug_with_dose(self) -> bool:
        """Whether any sentence of the page gives a dose with a drug's name ('T-DM1 3.6 mg/kg IV on day 1'): then a
        dose sentence naming no drug restates it, and is not read as the title drug's line."""
        if self._named_dose is None:
            self._named_dose = any(P.find_doses(s) and find_drugs(s) for b in self.blocks if not b.chrome
                                   for s in sentences(b.text))
        return self._named_dose

    def read_time_off(self, sentence: str, block: Block) -> bool:
        """'Then take no sunitinib for 2 weeks.' after the dose line 'Take 50 mg ... once daily ... for 4 weeks': the days
        given run from day 1 without a gap, and the cycle is those days and the time off (in weeks when both are said in
        weeks, else in days). Only for a dose line of the same block; a length stated elsewhere on the page wins."""
        off = P.time_off(sentence)
        if off is None:
            return False
        line = next((adms for b, adms in reversed(self.schedule_lines) if b.index == block.index), None)
        days = sorted({d for a in line or [] for d in a.days})
        if not days or days != list(range(1, days[-1] + 1)):
            return False
        on_weeks = any(re.search(r"\bfor\s+\w+\s+weeks\b", a.text, re.I) for a in line)
        total = days[-1] + off[0] * (7 if off[1] == "wk" else 1)
        f = self.facts(self.phase_of(block))
        if f.length is None:
            f.length = Amount(Decimal(total // 7), "wk") if on_weeks and off[1] == "wk" and total % 7 == 0 \
                else Amount(Decimal(total), "d")
        self.understood(block, "time off after the days given (the cycle length)", sentence)
        return True

    def sole_title_drug(self) -> str | None:
        """The one drug the page's title names ('Sunitinib (Sutent®)'); None when it names none or several."""
        names = {terminology.match_key(n): n for _, n in find_drugs(self.regimen.title)}
        return next(iter(names.values())) if len(names) == 1 else None

    def on_drug_heading_lines(self, block: Block, drug: str, heading_names_drug: bool = True) -> None:
        """Dose lines under a heading that is only a drug's name (a card title, a sub-heading, a definition-list
        term): the lines name no drug; each takes the heading's. Sentences that are no dose line are read as any
        schedule sentence (how to take it, days off) with the drug named, else reported."""
        phase = self.phase_of(block)
        for sentence in sentences(block.text):
            rest = self.phase_condition_restated(sentence, phase)
            if rest:
                self.understood(block, "the condition of the phase, restated (its heading's condition is the phase's "
                                "PlanDefinition.action.condition)", sentence[: len(sentence) - len(rest)])
                sentence = rest
            plain = self.without_drug_references(sentence)
            if plain != sentence and P.find_doses(sentence):
                # "..., on day eight only, right after that day's gemcitabine": the order after another drug's dose
                self.not_mapped(block, "the order relative to another drug's dose; no structured element",
                                sentence[len(plain.rstrip(".")):].strip(" ,.") or sentence)
                sentence = plain
            if P.is_tablet_strengths(sentence):
                self.not_mapped(block, "the strengths the tablets or capsules come in (not a dose); no structured element",
                                sentence)
                continue
            if P.find_doses(sentence) and self.names_untabled_title_drug(sentence):
                # 'Ixabepilone 40 mg/m² ...' under a heading or field that gives another drug: the line names its own
                self.not_mapped(block, "a dose naming no drug the converter knows: not read", sentence)
                continue
            if P.find_doses(sentence) and not P.is_dose_adjustment(sentence) and not P.is_conditional_dose(sentence) \
                    and not P.is_not_an_administration(sentence):
                adms = self.read_administrations(sentence, block, inherit_drug=drug,
                                                 default_days=self.heading_days(block))
                if heading_names_drug:
                    self.route_from_heading(adms, block.headings[-1])
                if adms:
                    self.schedule_lines.append((block, adms))
                    self.generic_schedule.append((block, phase, adms, conditions_in(phase or "")))
                    self.generic_cycle_facts(sentence, phase)
                    self.card_doses.setdefault(block.headings, []).extend(adms)
                    self.understood(block, "dose line under a heading naming its drug", sentence)
                    continue
            if self.read_time_off(sentence, block):
                continue
            if self.read_rule_sentence(f"{drug}: {sentence}", block) or self.read_cycle_sentence(sentence, block):
                continue
            if self.read_dose_by_reference(sentence, block):
                continue
            self.not_mapped(block, "schedule sentence not understood (under a heading naming a drug)", sentence)

    @staticmethod
    def phase_condition_restated(sentence: str, phase: str | None) -> str | None:
        """'If it has shrunk but not disappeared, you carry on with 30 mg on day 1 ...' under a phase heading that
        states a condition of its own ('Cycles 9 to 17 (only after a partial response)'): the if-clause restates the
        phase's condition, and what follows is the phase's dose line (returned). None for any other sentence: under a
        heading with no condition, 'If ..., 75 mg' stays a dose for a group of patients, not read as given."""
        if not phase or not conditions_in(phase):
            return None
        m = _RESTATED_CONDITION.match(sentence)
        if not m:
            return None
        rest = sentence[m.end():]
        return rest if P.find_doses(rest) and not P.find_doses(sentence[: m.end()]) else None

    def read_counted_parts(self, sentence: str, block: Block) -> bool:
        """'EC: epirubicin 90 mg/m2 and cyclophosphamide 600 mg/m2 IV on day 1, every 21 days for 3 cycles, then
        paclitaxel 175 mg/m2 IV on day 1, every 21 days for 3 cycles.': parts in one sentence, each with its own drugs
        and its own number of cycles, one after the other: phases 'Cycles 1-3' and 'Cycles 4-6'. Only when each part
        names a drug of its own, with a dose, and a count; otherwise False (read as one line)."""
        cut = _THEN_PART.search(sentence)
        if not cut:
            return False
        label, _ = P.split_label(sentence[: cut.start()])
        first = sentence[: cut.start()]
        if label and not find_drugs(label):
            first = P.split_label(first)[1]  # 'EC: epirubicin ...': the part's name before a colon
        parts = [first, sentence[cut.end():]]
        counts = [P.cycle_count(p) for p in parts]
        course = _WITH_RADIOTHERAPY.search(parts[0]) if counts[0] is None else None
        if course and counts[1] is not None and counts[1][1] is None and P.find_doses(parts[1]) \
                and P.find_doses(parts[0]) and find_drugs(parts[0]):
            # 'Temozolomide 75 mg/m2 daily throughout radiotherapy (42 days), then 150-200 mg/m2 on days 1-5 every 28
            # days for 6 cycles': one course with the radiotherapy (its days, every day), then the cycles after it
            n_days = P.to_count(course.group("n")) * (7 if course.group("unit").lower().startswith("week") else 1)
            first = self.read_administrations(parts[0], block, inherit_drug=None)
            second = self.read_administrations(parts[1], block, inherit_drug=first[-1].drug if first else None)
            if not first or not second or not n_days:
                return False
            for a in first:
                a.days = a.days or list(range(1, n_days + 1))
            self.phase_facts["With radiotherapy"] = PhaseFacts(length=Amount(Decimal(n_days), "d"), count=1)
            label = f"Cycles 1-{counts[1][0]}" if counts[1][0] > 1 else "Cycle 1"
            for phase, adms, part in (("With radiotherapy", first, None), (label, second, parts[1])):
                self.schedule_lines.append((block, adms))
                self.generic_schedule.append((block, phase, adms, []))
                if part:
                    self.generic_cycle_facts(part, phase)
            self.understood(block, "a course with radiotherapy, then cycles", sentence)
            return True
        if any(not P.find_doses(p) or not find_drugs(p) for p in parts) or counts[0] is None or counts[0][1] is not None:
            return False
        lengths = [P.cycle_length(p) for p in parts]
        # '1 mg/kg every 3 weeks for 4 doses, then nivolumab 480 mg every 4 weeks': a later part of its own interval,
        # open-ended (no count), may give the same drug
        open_end = counts[1] is None and lengths[0] is not None and lengths[1] is not None \
            and _in_days(lengths[0]) != _in_days(lengths[1])
        if not open_end and (counts[1] is None or counts[1][1] is not None):
            return False
        if not open_end and {terminology.match_key(n) for _, n in find_drugs(parts[0])} & \
                {terminology.match_key(n) for _, n in find_drugs(parts[1])}:
            return False  # the same drug on both sides: a dose step, read as one line
        start = 1
        for i, (part, count) in enumerate(zip(parts, counts)):
            n = count[0] if count else None
            if n is None:
                phase = f"From cycle {start}"
            else:
                phase = f"Cycles {start}-{start + n - 1}" if n > 1 else f"Cycle {start}"
                if i == 0:
                    self.counted_part_labels.append(phase)
            adms = self.read_administrations(part, block, inherit_drug=None, default_days=self.heading_days(block))
            if not adms:
                return False
            self.schedule_lines.append((block, adms))
            self.generic_schedule.append((block, phase, adms, []))
            self.generic_cycle_facts(part, phase)
            start += n or 0
        self.understood(block, "parts of the treatment in one sentence, each with its number of cycles", sentence)
        return True

    def read_week_phases(self, text: str, block: Block, adm: DrugAdministration) -> bool:
        """'Daratumumab 16 mg/kg IV weekly (weeks 1-8), every 2 weeks (weeks 9-24), then every 4 weeks': one dose whose
        interval changes by week: a phase per week range, each of cycles as long as its interval (the dose on day 1 of
        each), counted from the range, and an open-ended last phase. Only when the ranges run on from week 1 and each
        is a whole number of its intervals; otherwise False (read as before)."""
        found = list(_WEEK_RANGE_INTERVAL.finditer(text))
        if len(found) < 2:
            return False
        phases, expect = [], 1
        for m in found:
            n = 1 if m.group("weekly") else P.to_count(m.group("n"))
            a, b = int(m.group("a")), int(m.group("b"))
            if not n or a != expect or b < a or (b - a + 1) % n:
                return False
            phases.append((f"Weeks {a}-{b} – {m.group('int')}", n, (b - a + 1) // n))
            expect = b + 1
        then = _THEN_EVERY_WEEKS.search(text[found[-1].end():])
        if then:
            n = 1 if then.group("weekly") else P.to_count(then.group("n"))
            if not n:
                return False
            phases.append((f"Week {expect} onwards – {then.group('int')}", n, None))
        for label, n, count in phases:
            self.week_phase_labels.add(label)
            self.phase_facts[label] = PhaseFacts(length=Amount(Decimal(n), "wk"), count=count)
            line = replace(adm, days=[1])
            self.schedule_lines.append((block, [line]))
            self.generic_schedule.append((block, label, [line], []))
        self.understood(block, "one dose whose interval changes by week: a phase per week range", text)
        return True

    def read_dose_by_reference(self, sentence: str, block: Block) -> bool:
        """'Irinotecan is given into a vein after the cetuximab, at the same dose and on the same timetable as your
        previous irinotecan treatment.': an administration of the drug the sentence opens with, its route (and any days
        or time it states) kept, its dose not stated but given by reference to an earlier treatment (the page's words;
        no dose is made up). Not when hedged ('if', 'may' ...), when a figure is given, when the reference names
        another drug, or when the drug has a dose of its own on the page (that is a repeat of it, read elsewhere)."""
        m = P.DOSE_BY_REFERENCE.search(sentence)
        if not m or P.find_doses(sentence) or _NOTE_HEDGE.search(sentence):
            return False
        named = find_drugs(sentence)
        if not named:
            return False
        first = named[0]
        key = terminology.match_key(first[1])
        # (find_drugs counts positions from 1)
        if sentence[: max(0, first[0] - 1)].strip(" ,:–-").lower() not in ("", "you have", "you will have", "you'll have", "then"):
            return False  # the drug must be what the sentence is about
        if any(terminology.match_key(n) != key for at, n in named if at - 1 >= m.start()):
            return False  # '... as your previous FOLFIRI with oxaliplatin': which drug's dose is not clear
        if any(terminology.match_key(a.drug) == key and (a.dose.value is not None or a.dose.is_range)
               for _, adms in self.schedule_lines for a in adms):
            return False
        route = find_route(sentence)
        adm = DrugAdministration(drug=first[1], dose=Amount(None, ""), route=route[0] if route else None,
                                 route_text=route[1] if route else None, days=P.parse_days(sentence) or [],
                                 infusion=P.find_infusion(sentence), text=sentence.strip(), location=self.loc(block),
                                 dose_reference=m.group(0).strip())
        phase = self.phase_of(block, None)
        if re.search(r"\b(?:timetable|schedule)\b", m.group(0), re.I):
            # its days are the earlier treatment's too: a phase alongside the cycles, named by the drug's heading
            head = block.headings[-1] if block.headings and terminology.match_key(block.headings[-1]) == key else None
            phase = head or first[1][:1].upper() + first[1][1:]
            self.alongside_labels.add(phase)
        self.schedule_lines.append((block, [adm]))
        self.generic_schedule.append((block, phase, [adm], conditions_in(phase or "")))
        self.understood(block, "an administration whose dose is given by reference to an earlier treatment "
                        "(ActivityDefinition with no dose, the page's words kept)", sentence)
        return True

    def read_undosed_supportive(self, sentence: str, block: Block) -> str:
        """'..., and have a vitamin B12 injection into the muscle every nine weeks.' / 'You will also have dexamethasone
        tablets the day before, the day of and the day after each pemetrexed dose.' (under a heading of medicines taken
        alongside): a clause giving one medicine with its route and no dose is an administration of that drug and route
        with no dose (none made up; the page's words kept, the dose reported as not stated). The sentence's other
        clauses are returned to be read as usual ('' when none is left). Not a clause with a dose, a hedged one ('if',
        'may' ...), one naming two drugs, one not opening by giving the medicine ('Do not take ...'), one without a
        route, nor a drug the page doses elsewhere (that is a repeat of it)."""
        clauses = P.supportive_clauses(sentence)
        kept = []
        for clause in clauses:
            adm = self.undosed_supportive(clause, block)
            if adm is None:
                kept.append(clause)
                continue
            self.undosed_pending.append((adm, clause))  # added after the block's other lines, in the page's order
        if len(kept) == len(clauses):
            return sentence
        return ", and ".join(c.rstrip(" .") for c in kept) + "." if kept else ""

    def undosed_supportive(self, clause: str, block: Block) -> DrugAdministration | None:
        if P.find_doses(clause) or _NOTE_HEDGE.search(clause):
            return None
        named = find_drugs(clause)
        if not named:
            return None
        at, drug = named[0]  # the medicine; a drug named after it in another's dose is what it is timed against
        others = {terminology.match_key(n) for m in P.DOSE_OF_ANOTHER.finditer(clause) if m.start() >= at
                  for _, n in find_drugs(m.group("what"))}
        if {terminology.match_key(n) for _, n in named} - others != {terminology.match_key(drug)}:
            return None
        if not P.GIVEN_MEDICINE_OPENING.match(clause[: max(0, at - 1)]):  # (find_drugs counts positions from 1)
            return None
        route = find_route(clause)
        if route is None or alternative_routes(clause):
            return None
        key = terminology.match_key(drug)
        if any(terminology.match_key(a.drug) == key and (a.dose.value is not None or a.dose.is_range)
               for _, adms in self.schedule_lines for a in adms):
            return None
        text = clause.strip().rstrip(".")
        return DrugAdministration(drug=drug, dose=Amount(None, ""), route=route[0], route_text=route[1], days=[],
                                  text=text[:1].upper() + text[1:], location=self.loc(block), dose_unstated=text)

    def read_drug_note(self, sentence: str, block: Block) -> bool:
        """'You have eribulin as a short injection into a vein, ...' / 'The injection itself only takes 2 to 5 minutes':
        a sentence without a dose that gives one drug's route or infusion time -- the drug it names, else the one drug
        the page's title names. Not a sentence that may or may not apply ('may be given IV on days ...', 'if ...',
        'instead'), nor one naming several drugs or routes."""
        if P.find_doses(sentence) or _NOTE_HEDGE.search(sentence) or alternative_routes(sentence):
            return False
        names = {terminology.match_key(n): n for _, n in find_drugs(sentence)}
        if len(names) > 1:
            return False
        drug = next(iter(names.values()), None) or self.title_drug()
        route, infusion = find_route(sentence), P.find_infusion(sentence)
        if drug is None or (route is None and infusion is None):
            return False
        self.drug_notes.append((block, terminology.match_key(drug), route, infusion))
        self.understood(block, f"the route or infusion time of {drug}'s doses that state none", sentence)
        return True

    def apply_drug_notes(self) -> None:
        for block, key, route, infusion in self.drug_notes:
            for _, _, adms, _ in self.generic_schedule + self.generic_doses:
                for a in adms:
                    if terminology.match_key(a.drug) != key:
                        continue
                    if route and a.route is None:
                        a.route, a.route_text = route
                    if infusion and a.infusion is None:
                        a.infusion = infusion

    def apply_shared_routes(self) -> None:
        """A route said once for the drugs of a section ('You have the drugs through a drip into a vein.') is the
        route of each dose read under that section's heading that states none; a dose with its own route keeps it."""
        for block, (route, route_text) in self.shared_routes:
            known = [i for i, h in enumerate(block.headings) if section_kind(h)]
            scope = block.headings[: known[-1] + 1] if known else block.headings
            for b, _, adms, _ in self.generic_schedule + self.generic_doses:
                if b.headings[: len(scope)] != scope:
                    continue
                for a in adms:
                    if a.route is None:
                        a.route, a.route_text = route, route_text

    def complete_card_dose(self, block: Block, drug: str) -> bool:
        """A drug card's other lines: '<div class="card-header">Vincristine</div>' over '1.5 mg/m² (no more than 2 mg)',
        'Injection into a vein' and 'Days 1, 8 and 15', each its own line. A line with no dose that gives the route, the
        days or the infusion time completes the dose read under the same heading (what that dose does not state
        already); a line that says otherwise than the dose is reported. False when the line gives none of these."""
        text = block.text
        route = find_route(text) if not alternative_routes(text) else None
        days = P.parse_days(text)
        infusion = P.find_infusion(text)
        if not (route or days or infusion) or len(text) > 160:
            return False
        for a in self.card_doses[block.headings]:
            if route and a.route is None:
                a.route, a.route_text = route
            elif route and a.route != route[0]:
                self.not_mapped(block, f"the route differs from the dose line's ({a.route}): not read", text)
            if days and not a.days:
                a.days = list(days)
            if infusion and a.infusion is None:
                a.infusion = infusion
            a.text = f"{a.text}; {text}"
        self.understood(block, f"a line of the {drug} card completing its dose (route, days or infusion time)")
        others = [n for _, n in find_drugs(text) if terminology.match_key(n) != terminology.match_key(drug)]
        for n in others:
            self.not_mapped(block, f"{n} named without a dose on the {drug} card: not read", text)
        return True

    # -- sections --------------------------------------------------------------------------------
    def on_unsectioned(self, block: Block) -> None:
        if block.tag == "tr" and self.effect_table_row(block):
            # '<h3>What to expect</h3><table><tr><th>Side effect</th><th>All grades</th><th>Grade 3–4</th></tr>...': a
            # table whose header row names its column of side effects holds side effects, whatever heading it is under
            self.on_side_effects(block)
            return
        if block.tag == "p" and block.headings in self.effect_table_sections and _DISCONTINUE.search(block.text):
            # 'Around 9% of people in the trial stopped ramucirumab because of side effects.' after that table, under
            # the same heading: its discontinuation rate
            self.on_side_effects(block)
            return
        m = _REGIMEN_FOR.search(block.text) or _REGIMEN_USED.search(block.text) or _REGIMEN_LEAD.search(block.text)
        if m and not self.regimen.indications:
            # "regimen for lymphoma that has come back, usually given before a transplant": the clause after the
            # comma says how it is used, not what for ("for breast, ovarian and lung cancer" stays whole)
            ind = _TRAILING_CLAUSE.sub("", m.group("ind")).strip() or m.group("ind").strip()
            self.regimen.indications.append(Indication(ind, location=self.loc(block)))
            return
        if not self.regimen.indications and not self.generic_schedule and len(block.headings) <= 1 and block.tag == "p":
            # the page's lead paragraph, before any schedule: "Four drugs given together for pancreatic cancer ..."
            for sentence in sentences(block.text):
                m = _REGIMEN_USED.search(sentence) or _INDICATION_LEAD.match(sentence)
                if m:
                    # "...after at least one earlier treatment: ixazomib (Ninlaro®), ...": the list after a colon is the
                    # regimen's drugs, not the indication
                    ind = _ARTICLE.sub("", _split_top_level_comma(re.sub(r"\s*:\s.*$", "", m.group("ind")))).strip()
                    if ind and not _DISEASE_NOUN.search(ind) and _PEOPLE.match(ind):
                        # 'It is often the first treatment for people who may later go on to a stem cell transplant':
                        # whom it is for, naming no disease, is no indication
                        continue
                    if ind:
                        self.regimen.indications.append(Indication(ind, location=self.loc(block)))
                        self.understood(block, "indication (PlanDefinition.useContext / ClinicalUseDefinition)")
                        # '... not having a stem cell transplant. Each cycle lasts 6 weeks (42 days), and there are 9
                        # cycles in total.': the lead's cycle rule, a sentence of its own naming no dose, is read too
                        rules = [x for x in sentences(block.text) if x != sentence and P.cycle_length(x)
                                 and not P.find_doses(x)]
                        if rules:
                            self.on_schedule(replace(block, text=" ".join(rules)))
                        return
        dates = P.find_dates(block.text, self.day_first)
        if dates:
            self.set_dates(dates, block)
            return
        if block.tag != "li" and block.text.endswith(":") and block.headings and self.is_phase_label(block.headings[-1]) \
                and not P.find_doses(block.text) and P.parse_days(block.text):
            self.on_schedule(block)  # "On day one of each cycle you have:" under a phase heading: the days of the list below
            return
        if any(_CATEGORY_LEAD.match(x) or _FIGURED_LIST.match(_STUDY_CONTEXT.sub("", x, count=1))
               for x in sentences(block.text)):
            # 'Common effects, usually mild: ...' under 'What to expect': side effects, whatever the heading
            self.on_side_effects(block)
            return
        title_drug = self.sole_title_drug() if block.headings and _DOSE_FIELD.match(block.headings[-1].rstrip(":? ")) \
            and P.find_doses(block.text) and not find_drugs(block.text) else None
        if title_drug and not self.names_drug_with_dose():
            # '<dt>Taken as</dt><dd>One 80 mg tablet by mouth, once a day</dd>' on a page titled by one drug: its dose
            self.on_drug_heading_lines(block, title_drug, heading_names_drug=False)
            return
        if _links_only(block) and not P.find_doses(block.text):
            # 'Print this page · Three-weekly carboplatin and paclitaxel': links to other pages (another schedule's page
            # title), never a cycle rule of this one
            self.not_mapped(block, "links to other pages (their titles are no facts of this regimen)")
            return
        if (P.find_doses(block.text) and find_drugs(block.text)) or P.cycle_length(block.text) or P.cycle_count(block.text):
            self.on_schedule(block)  # a dose line or a cycle rule outside any known heading still belongs to the schedule
            return
        if self.table_days and _is_grid_legend(block.text):
            self.understood(block, "legend of the grid table's marks")
            return
        if block.headings and re.match(r"^(?:indications?|used for|what it is used for)\s*:?$", block.headings[-1], re.I) \
                and not self.regimen.indications and len(block.text) <= 200:
            # '<dt>Indication</dt><dd>Adjuvant therapy for early breast cancer</dd>'
            self.regimen.indications.append(Indication(block.text.rstrip("."), location=self.loc(block)))
            self.understood(block, "indication (PlanDefinition.useContext / ClinicalUseDefinition)")
            return
        if block.headings and len(block.text) <= 40 and P.field_label(block.headings[-1]):
            # '<dt>Cycles</dt><dd>4</dd>', 'Frequency' over 'Every 21 days': the value read with its label
            combined = f"{block.headings[-1]}: {block.text}"
            if P.cycle_count(combined) or P.cycle_length(combined):
                self.on_schedule(replace(block, text=combined))
                return
        rest = [s for s in sentences(block.text) if not self.read_rule_sentence(s, block)]
        if len(rest) < len(sentences(block.text)):
            for sentence in rest:
                self.not_mapped(block, "outside any section the converter knows", sentence)
            return
        self.not_mapped(block, "outside any section the converter knows")

    def set_dates(self, dates: dict, block: Block | None = None) -> None:
        if block is not None:
            self.understood(block, "page dates (PlanDefinition.date, Provenance.occurredPeriod)")
        current = self.regimen.dates
        self.regimen.dates = PageDates(created=current.created or dates.get("created"),
                                       updated=current.updated or dates.get("updated"))

    def on_mechanism(self, block: Block) -> None:
        text = block.text
        self.regimen.mechanism = f"{self.regimen.mechanism}\n\n{text}" if self.regimen.mechanism else text
        self.understood(block, "mechanism of action (PlanDefinition.purpose)")

    def on_goals(self, block: Block) -> None:
        links = self.glossary_links(block)
        found = False
        for sentence in sentences(block.text):
            lower = sentence.lower()
            if "goal" not in lower:
                continue
            for word in _GOAL_WORDS:
                idx = lower.find(word)
                if idx == -1 or any(g.key == word for g in self.regimen.goals):
                    continue
                before = lower[max(0, idx - 20):idx]
                qualifier = "possibly" if "possibly" in before or "may" in before else None
                self.regimen.goals.append(Goal(
                    key=word, text=sentence, qualifier=qualifier,
                    glossary_key=links.get(word), location=self.loc(block),
                ))
                found = True
        m = _STATUS.search(block.text)
        if m and self.regimen.indications:
            status = re.sub(r"\b(?:who (?:are|have)|is)\s+", "", m.group("status")).strip()
            self.regimen.indications[0].status = status
            found = True
        if not found:
            self.not_mapped(block, "goal text without a recognised goal")

    def on_schedule(self, block: Block) -> None:
        self.heading_cycle_facts(block)
        if block.tag == "tr":
            self.on_schedule_row(block, self.generic_schedule)
            return
        if block.tag != "li" and block.text.endswith(":") and not P.find_doses(block.text):
            days = P.parse_days(block.text)
            if days:
                # "All on day 1 of the cycle, in this order:": the days of the dose lines listed below it
                self.intro_days = (block.headings, days)
                self.understood(block, "days of the dose list that follows")
                for sentence in sentences(block.text)[:-1]:
                    # 'Each cycle is 14 days long. All three go in on day 1, one after the other:': the cycle rule too
                    self.read_cycle_sentence(sentence, block)
                return
        if block.tag == "li" and not P.find_doses(block.text) and self.read_repeated_dose(block.text, block):
            return
        if block.tag == "li" and P.is_not_an_administration(block.text):
            self.not_mapped(block, "a dose that is no administration of the regimen (a limit, a study's or another "
                            "place's dose); not read")
            return
        if block.tag == "li" and P.is_tablet_strengths(block.text):
            self.not_mapped(block, "the strengths the tablets or capsules come in (not a dose); no structured element")
            return
        if block.tag == "li" and not P.find_doses(block.text) and P.heading_days(block.text) \
                and any(b.parent == block.index for b in self.blocks[block.index + 1:block.index + 2]):
            self.understood(block, "days of the dose lines listed under it")  # '<li>Day 1<ul><li>Cisplatin ...'
            return
        if block.tag == "li":
            label, rest = P.split_label(block.text)
            if label and section_kind(label) == "supportive-medicines":
                label = label.rstrip(":").strip()  # '<li>Premedication: dexamethasone 20 mg IV ...': taken alongside
            text = rest if label and (self.is_phase_label(label) or section_kind(label) == "supportive-medicines") \
                else block.text
            intro = self.intro_days[1] if self.intro_days and self.intro_days[0] == block.headings else None
            parent_days = P.heading_days(self.blocks[block.parent].text) if block.parent is not None \
                and block.parent < len(self.blocks) else None
            if P.find_doses(text) and find_drugs(text) and _THEN_PART.search(text) and self.read_counted_parts(text, block):
                return
            adms = self.read_administrations(text, block, inherit_drug=None,
                                             default_days=intro or self.heading_days(block) or parent_days)
            if len(adms) == 1 and self.read_week_phases(text, block, adms[0]):
                return
            if adms:
                self.schedule_lines.append((block, adms))
                phase = self.phase_of(block, label)
                self.generic_schedule.append((block, phase, adms, conditions_in(phase or "")))
                self.generic_cycle_facts(text, phase)
                return
        if block.tag == "p" and self.read_one_drug_paragraph(block):
            return
        understood = False
        supportive = block_kind(block.headings) == "supportive-medicines"
        for sentence in sentences(block.text):
            if supportive and find_drugs(sentence):
                rest = self.read_undosed_supportive(sentence, block)
                if not rest:
                    understood = True
                    continue
                sentence = rest
            rest = self.phase_condition_restated(sentence, self.phase_of(block))
            if rest:
                self.understood(block, "the condition of the phase, restated (its heading's condition is the phase's "
                                "PlanDefinition.action.condition)", sentence[: len(sentence) - len(rest)])
                sentence = rest
            if P.is_dose_adjustment(sentence):
                self.not_mapped(block, "dose-adjustment rule (a change of dose, not an incidence); no structured element",
                                sentence)
                understood = True
                continue
            if P.is_tablet_strengths(sentence):
                self.not_mapped(block, "the strengths the tablets or capsules come in (not a dose); no structured element",
                                sentence)
                understood = True
                continue
            if P.is_conditional_dose(sentence):
                self.not_mapped(block, "a dose for a group of patients in place of the usual one (not an extra "
                                "administration); no structured element", sentence)
                understood = True
                continue
            if P.is_not_an_administration(sentence):
                self.not_mapped(block, "a dose that is no administration of the regimen (a limit, a study's or another "
                                "place's dose); not read", sentence)
                understood = True
                continue
            if _PREMEDICATION.search(sentence) and P.find_doses(sentence) and section_kind(
                    (block.headings or ("",))[-1]) != "supportive-medicines":
                # 'Before each paclitaxel dose you have premedication: dexamethasone 20 mg, chlorphenamine 10 mg and
                # famotidine 20 mg ...': the premedication action (its drugs, the page's words), never a dose of the
                # treatment drug it is timed against; the doses stay in the words
                before = re.search(r"\b(?:before|prior\s+to|ahead\s+of)\b(?P<rest>[^:]*)", sentence, re.I)
                targets = [n for _, n in find_drugs(before.group("rest"))] if before else []
                target = {terminology.match_key(n) for n in targets}
                premeds = [n for _, n in find_drugs(sentence) if terminology.match_key(n) not in target]
                self.regimen.supportive.append(SupportiveAction(
                    "premedication", sentence, drugs=premeds, before=targets,
                    required=P.premedication_required(sentence), location=self.loc(block)))
                self.not_mapped(block, "premedication doses: kept in the premedication action's words, not read as "
                                "administrations", sentence)
                understood = True
                continue
            if P.find_doses(sentence) and find_drugs(sentence) and self.read_counted_parts(sentence, block):
                understood = True
                continue
            if P.find_doses(sentence) and find_drugs(sentence):
                label, rest = P.split_label(sentence)
                text = rest if label and self.is_phase_label(label) else sentence
                adms = self.read_administrations(text, block, inherit_drug=None, default_days=self.heading_days(block))
                if adms:
                    phase = self.phase_of(block, label)
                    self.schedule_lines.append((block, adms))
                    self.generic_schedule.append((block, phase, adms, conditions_in(phase or "")))
                    self.generic_cycle_facts(text, phase)
                    understood = True
                    continue
            # a dose line says how or when, not only how much ('The dose is 3.6 mg/kg.' restates a dose read elsewhere)
            title_drug = self.title_drug() if P.find_doses(sentence) and not find_drugs(sentence) and (
                find_route(sentence) or P.parse_days(sentence) or P.find_infusion(sentence)
                or P.find_frequency(sentence)) and not self.names_untabled_title_drug(sentence) else None
            if title_drug:
                # 'You receive 3.2 mg/m² ... as an IV infusion over 60 minutes.' on a page whose title names one drug
                # only ('Lurbinectedin (Zepzelca)'): the dose is that drug's
                label, rest = P.split_label(sentence)
                text = rest if label and self.is_phase_label(label) else sentence
                adms = self.read_administrations(text, block, inherit_drug=title_drug,
                                                 default_days=self.heading_days(block))
                if adms:
                    phase = self.phase_of(block, label)
                    self.schedule_lines.append((block, adms))
                    self.generic_schedule.append((block, phase, adms, conditions_in(phase or "")))
                    self.generic_cycle_facts(text, phase)
                    self.understood(block, "dose line naming no drug, on a page whose title names one drug", sentence)
                    understood = True
                    continue
            if P.find_doses(sentence) and not find_drugs(sentence):
                # "Lurbinectedin 3.2 mg/m2 ... on day 1 of each 21-day cycle" with a drug no table or INN stem knows: the
                # dose is reported, never dropped; the cycle facts the sentence states are still read
                self.read_cycle_sentence(sentence, block)
                self.not_mapped(block, "a dose naming no drug the converter knows: not read", sentence)
                understood = True
                continue
            if self.read_time_off(sentence, block):
                understood = True
                continue
            parts = _SEQUENCE_OF_PARTS.match(sentence)
            if parts and parts.group("weeks") and not parts.group("weekly"):
                parts = None  # 'then 12 weeks of paclitaxel': how many doses is not said
            if parts and not P.find_doses(sentence):
                # 'You have 4 cycles of AC followed by 4 cycles of docetaxel.': the parts in order, each with its count;
                # the headings naming them head their phases
                weekly = Amount(Decimal(1), "wk") if parts.group("weekly") else None
                for name, n, length in ((parts.group("a"), parts.group("n1"), None),
                                        (parts.group("b"), parts.group("n2"), weekly)):
                    self.sequence_parts[terminology.match_key(name)] = (P.to_count(n), length)
                self.understood(block, "the parts of the treatment in order, with their numbers of cycles", sentence)
                understood = True
                continue
            if self.read_days_of_dose_above(sentence, block) or self.read_doses_in_total(sentence, block):
                self.read_cycle_sentence(sentence, block)
                understood = True
                continue
            if self.read_cycle_sentence(sentence, block):
                self.understood(block, "cycle rule (timingTiming of the phase)", sentence)
                # 'Trastuzumab is given as a drip into a vein, once every 3 weeks.': its route too
                self.read_drug_note(sentence, block)
                understood = True
                continue
            m = _SETTING.search(sentence)
            if m:
                self.regimen.supportive.append(SupportiveAction("setting", m.group("setting"), location=self.loc(block)))
                understood = True
                continue
            if _is_grid_legend(sentence):
                self.understood(block, "legend of the grid table's marks", sentence)
                understood = True
                continue
            if re.search(r"treatment tracker", sentence, re.I):
                self.not_mapped(block, "link to a site tool", sentence)
                understood = True
                continue
            if self.read_rule_sentence(sentence, block):
                understood = True
                continue
            # 'Both drugs go into a vein through a drip, one after the other: atezolizumab first, then bevacizumab.':
            # the drugs the sentence names are the several it speaks of (their order), never one of them alone
            shared = find_route(sentence) if P.SHARED_ROUTE_SUBJECT.search(sentence) and len(
                {terminology.match_key(n) for _, n in find_drugs(sentence)}) != 1 \
                and not alternative_routes(sentence) else None
            if shared:
                # 'You have the drugs through a drip into a vein.': the route of every dose of the section that
                # states none (set when the section's doses are all read)
                self.shared_routes.append((block, shared))
                self.understood(block, "the route of every drug of the section", sentence)
                understood = True
                continue
            if self.read_dose_by_reference(sentence, block) or self.read_drug_note(sentence, block):
                understood = True
                continue
            if re.search(r"click here|starting doses", sentence, re.I):
                understood = True  # a link to the dose pop-up, read there
                self.understood(block, "link to the dose list", sentence)
                continue
            if P.undosed_premedication(sentence, (block.headings or ("",))[-1]):
                # 'Before each dose you will be given anti-sickness medicine and an antihistamine': the premedication
                # action in the page's words (the drugs it names, if any), never a dose
                if not any(s.kind == "premedication" for s in self.regimen.supportive):  # one premedication action
                    # 'Before each rituximab drip you will be given paracetamol ...': rituximab is what it is timed
                    # against, never one of its medicines
                    timed = P.PREMED_TARGET.search(sentence)
                    targets = [n for _, n in find_drugs(timed.group("target"))] if timed else []
                    keys = {terminology.match_key(n) for n in targets}
                    self.regimen.supportive.append(SupportiveAction(
                        "premedication", sentence, before=targets, required=P.premedication_required(sentence),
                        drugs=[n for _, n in find_drugs(sentence) if terminology.match_key(n) not in keys],
                        location=self.loc(block)))
                self.not_mapped(block, "premedication with no dose stated: kept as the premedication action's words, "
                                "no administration", sentence)
                understood = True
                continue
            if block.label and sentence.rstrip(" .:") == block.label.rstrip(" .:") \
                    and _LEAD_IN_PHASE.match(block.label.rstrip(" .:")):
                self.understood(block, "a bold lead-in naming the phase of the doses after it", sentence)
                understood = True
                continue
            self.not_mapped(block, "schedule sentence not understood", sentence)
        for adm, clause in self.undosed_pending:
            key = terminology.match_key(adm.drug)
            if any(terminology.match_key(a.drug) == key and (a.dose.value is not None or a.dose.is_range)
                   for _, adms in self.schedule_lines for a in adms):
                # 'Dexamethasone tablets the day after each dose. Dexamethasone 8 mg by mouth twice a day.'
                self.understood(block, f"names {adm.drug}, dosed in this block, again without a dose", clause)
                continue
            self.schedule_lines.append((block, [adm]))
            phase = self.phase_of(block, None)
            self.generic_schedule.append((block, phase, [adm], conditions_in(phase or "")))
            self.not_mapped(block, f"{adm.drug} is named with its route but no dose: an administration with no dose "
                            "(none made up), its timing kept in the page's words (Dosage.text), not coded", clause)
        self.undosed_pending.clear()
        if not understood and not block.text:
            self.not_mapped(block, "empty schedule block")

    def read_one_drug_paragraph(self, block: Block) -> bool:
        """'<p><strong>Mitomycin</strong> is given once only, on day 1, as an injection into a vein. The dose is 12 mg/m2,
        up to a maximum of 20 mg.</p>': a paragraph about one drug, named in its first sentence, whose dose is in a
        later sentence that names no drug; its days, route, infusion time and cap are in its other sentences. The
        paragraph is read as one dose line. Not when a sentence names a drug beside a dose (read sentence by sentence),
        when a second drug is named, when it is a dose change, when another block gives the drug's dose (the paragraph
        restates it), or when it yields other than one administration."""
        parts = sentences(block.text)
        if len(parts) < 2:
            return False
        names = {terminology.match_key(n) for _, n in find_drugs(block.text)}
        if len(names) != 1 or not find_drugs(parts[0]) or P.find_doses(parts[0]):
            return False
        dosed = [s for s in parts if P.find_doses(s)]
        if len(dosed) != 1 or find_drugs(dosed[0]) or any(
                P.is_dose_adjustment(s) or P.is_conditional_dose(s) or P.is_not_an_administration(s)
                or P.is_tablet_strengths(s) for s in parts):
            return False
        (key,) = names
        if any(b.index != block.index and P.find_doses(b.text) and
               key in {terminology.match_key(n) for _, n in find_drugs(b.text)} for b in self.blocks):
            return False  # 'You have T-DM1 as a drip ... The dose is 3.6 mg for each kilogram.' over its dose lines
        adms = self.read_administrations(block.text, block, inherit_drug=None, default_days=self.heading_days(block))
        if len(adms) != 1:
            return False
        phase = self.phase_of(block)
        self.schedule_lines.append((block, adms))
        self.generic_schedule.append((block, phase, adms, conditions_in(phase or "")))
        self.generic_cycle_facts(block.text, phase)
        self.understood(block, "a paragraph about one drug: its dose, days and route in separate sentences")
        return True

    def names_untabled_title_drug(self, sentence: str) -> bool:
        """'Ixabepilone 40 mg/m² IV over 3 hours on day 1.' on the page 'Ixabepilone + capecitabine': the line opens
        with a name (P.name_before_dose) the title names too, a drug the vocabulary lacks. The line names its drug;
        the dose is never another drug's (the one the title names that the tables know) -- it is reported instead."""
        name = P.name_before_dose(sentence)
        if not name or find_drugs(name):
            return False
        return name in re.findall(r"[a-z]+(?:-[a-z]+)?", (self.regimen.title or "").lower())

    def title_drug(self) -> str | None:
        """The one drug the page's title names ('Lurbinectedin (Zepzelca)'); None when it names none or several."""
        names = {terminology.match_key(n): n for _, n in find_drugs(self.regimen.title or "")}
        return next(iter(names.values())) if len(names) == 1 else None

    # -- generic schedule helpers ------------------------------------------------------------------
    @staticmethod
    def is_phase_label(label: str | None) -> bool:
        return bool(label and _PHASE_WORDS.search(label))

    def is_phase_heading(self, heading: str) -> bool:
        """A heading under the schedule that names a phase, or states the phase's own number of cycles ('EC – 4
        cycles, every 3 weeks', 'Then docetaxel (3 cycles)'); a heading naming a section ('Schedule (28-day cycle)')
        is none."""
        if self.sequence_parts and terminology.match_key(_PART_NAME.sub("", heading)) in self.sequence_parts:
            return True  # 'AC' / 'Docetaxel' under '4 cycles of AC followed by 4 cycles of docetaxel'
        if _ONE_CYCLE_TEMPLATE.match(heading):
            return False  # 'One cycle of treatment' over the days of a cycle: what a cycle holds
        return self.is_phase_label(heading) or bool(_COUNTED_HEADING.search(heading) and not section_kind(heading))

    def phase_of(self, block: Block, label: str | None = None) -> str | None:
        """The phase a schedule line belongs to: its own label ('Cycles 5-8:'), else the nearest heading
        at or under the schedule section's heading that names a phase ('Induction', a tab 'Cycles 1-4')."""
        if label and block.tag == "p" and block.label and block.label != label and block.label.startswith(label) \
                and self.is_phase_label(block.label):
            # '<strong>After that: pembrolizumab alone</strong> – pembrolizumab 200 mg ...': the paragraph's whole bold
            # lead-in names the phase, not the words before its first colon
            return block.label
        if self.is_phase_label(label) or (label and section_kind(label) == "supportive-medicines"):
            return label
        alternative = self.alternative_dose_lines().get(block.index) if label is None else None
        if alternative is not None:
            # '<li>200 mg ... once daily — the usual starting dose</li><li>300 mg ... once daily — if you weigh 77 kg or
            # more ...</li>': doses of one drug offered in place of each other, each for the patients its clause
            # names: each one of the schedules, exactly one of which is given
            self.alternative_schedules.add(alternative)
            return alternative
        if label is None and block.tag == "p" and block.label and _LEAD_IN_PHASE.match(block.label.rstrip(" .:")):
            # '<p><b>The loading dose.</b> ... 400 mg/m² ...</p>', '<p><b>Weekly doses during radiotherapy.</b> ...':
            # a bold lead-in naming a part of the treatment heads a phase, as a heading of those words would
            lead = block.label.rstrip(" .:")
            f = self.facts(lead)
            if f.count is None and _ONE_DOSE_HEADING.search(lead):
                f.count = 1
            if f.length is None and _EVERY_WEEK_HEADING.search(lead):
                f.length = Amount(Decimal(1), "wk")
            return lead
        hs = block.headings
        supportive = next((h for h in reversed(hs) if section_kind(h) == "supportive-medicines"), None)
        if supportive is not None:
            return supportive  # "Medicines you take alongside": a phase of its own, on its own timing
        known = [i for i, h in enumerate(hs) if section_kind(h)]
        start = known[-1] if known else 0
        for h in reversed(hs[start:]):
            if self.is_phase_heading(h):
                return h
        if block.tab and block.tab in hs[start:] and P.interval_label(block.tab):
            # tabs 'Every 2 weeks' / 'Every 4 weeks' over their dose lines: each tab one of the page's schedules
            self.alternative_schedules.add(block.tab)
            return block.tab
        if hs[start:] and hs[-1] in self.interval_heading_alternatives():
            # headings 'Every 2 weeks' / 'Every 4 weeks' side by side, each over the same drug's dose: the page's
            # schedules, one of which is given (as tabs of the same names are)
            self.alternative_schedules.add(hs[-1])
            return hs[-1]
        return None

    def alternative_dose_lines(self) -> dict[int, str]:
        """List items of one list that each give a dose of the same drug (different doses) and end in a clause, after a
        dash, saying whom the dose is for: '... once daily — the usual starting dose', '... once daily — if you weigh 77
        kg or more ...'. At least one clause must be a condition (if, when, for people ...); the others the usual dose
        or conditions too. Block index -> its clause; a list of one item, of several drugs, of the same dose, or whose
        clauses state no condition ('— take with food') gives none."""
        if self._alternative_lines is None:
            self._alternative_lines = {}
            lists: dict[str, list[Block]] = {}
            for b in self.blocks:
                if b.tag == "li" and not b.chrome:
                    lists.setdefault(b.path.rsplit("/", 1)[0], []).append(b)  # the items of one list
            for items in lists.values():
                if len(items) < 2:
                    continue
                clauses = [_FOR_WHOM_CLAUSE.search(b.text) for b in items]
                doses = [P.find_doses(b.text[: m.start()]) if m else [] for b, m in zip(items, clauses)]
                if not all(clauses) or not all(doses):
                    continue
                words = [m.group("clause").strip(" .") for m in clauses]
                if not any(_CONDITION_CLAUSE.match(w) for w in words) \
                        or not all(_CONDITION_CLAUSE.match(w) or _USUAL_CLAUSE.match(w) for w in words):
                    continue
                drugs = {terminology.match_key(n) for b in items for _, n in find_drugs(b.text)}
                if len(drugs) > 1 or (not drugs and not self.sole_title_drug()):
                    continue
                firsts = [(d[0][0].value, d[0][0].unit) for d in doses]
                if len(set(firsts)) != len(firsts) or len(set(words)) != len(words):
                    continue
                for b, w in zip(items, words):
                    self._alternative_lines[b.index] = w
        return self._alternative_lines

    def interval_heading_alternatives(self) -> set[str]:
        """Headings that are only an interval ('Every 2 weeks', 'Every 4 weeks'), two or more under the same heading,
        each over dose lines of the same drugs, under a lead saying a choice is offered ('Your specialist will offer you
        one of the two schedules below'): the schedules a page offers side by side. A single such heading, headings
        over different drugs, or headings with no choice said, are none (round 12's near miss)."""
        if self._interval_alternatives is None:
            under: dict[tuple, dict[str, set]] = {}
            for b in self.blocks:
                if b.chrome or not b.headings or not P.interval_label(b.headings[-1]) or not P.find_doses(b.text):
                    continue
                drugs = {terminology.match_key(n) for _, n in find_drugs(b.text)}
                if not drugs and self.sole_title_drug():
                    drugs = {terminology.match_key(self.sole_title_drug())}  # 'A fixed dose of 1,500 mg ...'
                under.setdefault(tuple(b.headings[:-1]), {}).setdefault(b.headings[-1], set()).update(drugs)
            self._interval_alternatives = set()
            offered_under = {tuple(b.headings) for b in self.blocks if not b.chrome and tuple(b.headings) in under
                             and _SCHEDULES_OFFERED.search(b.text)}
            for parent, heads in under.items():
                sets = list(heads.values())
                if parent in offered_under and len(heads) >= 2 and sets[0] and all(x == sets[0] for x in sets) \
                        and len({(a.value, a.unit) for a in map(P.interval_label, heads)}) == len(heads):
                    self._interval_alternatives.update(heads)
        return self._interval_alternatives

    def facts(self, phase: str | None) -> PhaseFacts:
        return self.phase_facts.setdefault(phase, PhaseFacts())

    def generic_cycle_facts(self, text: str, phase: str | None) -> bool:
        """Cycle length, count and on/off days stated in a sentence, for its phase; True when any."""
        f = self.facts(phase)
        hit = False
        text_days = P.parse_days(text)
        text = P.without_dosing_interval(text)
        on_off = P.on_off_cycle(text)
        length = P.cycle_length(text)
        if length is not None and text_days and (_in_days(length) or 0) < max(text_days):
            length = None  # "every 2 weeks ... days 1 and 15": a cycle cannot be shorter than its own days
        drugs = {terminology.match_key(n) for _, n in find_drugs(text)} if length and P.find_doses(text) else set()
        earlier = self.length_drugs.get(phase)
        if length and drugs and earlier and not (drugs & earlier) and f.length is not None \
                and _in_days(f.length) != _in_days(length):
            # 'Pemetrexed 500 mg/m2 ... every 21 days. ... vitamin B12 1000 micrograms IM every 9 weeks.': another drug's
            # own interval in a later dose line never replaces the cycle length an earlier dose line stated
            length = None
        if length:
            f.length, hit = length, True
            self.length_drugs[phase] = drugs
        if on_off:
            f.on_days = on_off[0]
        count = P.cycle_count(text)
        if count:
            f.count, f.count_max = count
            f.in_total = bool(_IN_TOTAL.search(text))
            hit = True
        if _OPEN_ENDED.search(text):
            f.stop_rule = text
            hit = True
        if hit:
            f.text = (f.text + " " + text).strip()
        return hit

    @staticmethod
    def table_key(block: Block) -> str:
        table = next(block.element.iterancestors("table"), None)
        return block.element.getroottree().getpath(table) if table is not None else block.path

    def on_schedule_row(self, block: Block, into: list) -> None:
        """A table row: a header row sets the roles of the columns; a data row is read as one dose line."""
        table = self.table_key(block)
        cells = list(block.cells)
        is_th = all(c.tag == "th" for c in block.element if isinstance(c.tag, str)) and len(block.element)
        if table not in self.table_roles and len([c for c in cells if c]) == 1 and not P.find_doses(block.text) \
                and (P.cycle_length(block.text) or P.cycle_count(block.text)):
            # '<tr><th colspan="6">Cycle length: 28 days · Number of cycles: 6</th></tr>' above the header row: a title
            # row stating the cycle rules of the whole table, no column roles
            self.generic_cycle_facts(block.text, None)
            self.understood(block, "table title row (cycle length and number of cycles)")
            return
        roles = tuple(next((r for r, rx in _COLUMN_ROLES if rx.search(c)), None) for c in cells)
        row_doses = P.find_doses(block.text)
        drug_columns = {} if row_doses or "days" not in roles else \
            {i: c for i, c in enumerate(cells) if c and find_drugs(c) and not P.find_doses(c)}
        if len(drug_columns) == 1:
            # one drug column only in a header row of a day column and that drug ('Day | Venetoclax (tablets, by
            # mouth)'), never in a data row ('1 - 4 | Dexamethasone | ...')
            (drug_col, header), = drug_columns.items()
            header_row = is_th or table not in self.table_roles
            only_days_beside = all(not c or roles[i] == "days" or i == drug_col for i, c in enumerate(cells))
            if not (header_row and only_days_beside and drug_heading(header)):
                drug_columns = {}
        if drug_columns:
            # 'Day | Cisplatin (IV) | Etoposide (IV)': one column per drug, one row per day; 'Day | Venetoclax
            # (tablets, by mouth)' over 'Day 1 | 100 mg' rows: a ramp-up of one drug
            self.table_roles[table] = roles
            self.table_drug_columns[table] = drug_columns
            self.understood(block, "table header row (a column per drug, a row per day)")
            return
        phase_columns = {} if row_doses or "days" in roles or table in self.table_roles else \
            {i: c for i, c in enumerate(cells) if c and drug_heading(c)}
        if phase_columns and all(not c or i in phase_columns or _PHASE_COLUMN.match(c) for i, c in enumerate(cells)):
            # ' | Ibrutinib (capsules by mouth) | Rituximab (drip into a vein)' over 'Cycle 1 | 420 mg ... | –' rows: a
            # column per drug, a row per phase
            self.table_roles[table] = roles
            self.table_drug_columns[table] = phase_columns
            self.phase_row_tables.add(table)
            self.understood(block, "table header row (a column per drug, a row per phase)")
            return
        if table in self.phase_row_tables:
            self.on_phase_row(block, cells, self.table_drug_columns[table], into)
            return
        if table in self.table_drug_columns:
            self.on_drug_column_row(block, cells, roles_of=self.table_roles.get(table, ()),
                                    drug_columns=self.table_drug_columns[table], into=into)
            return
        if is_th or (not P.find_doses(block.text) and not find_drugs(block.text) and all(r for r in roles if r is not None)
                     and any(r in ("drug", "dose", "days") for r in roles)):
            self.table_roles[table] = roles
            self.table_headers[table] = " | ".join(cells)
            day_columns = {i: P.day_column(c) for i, c in enumerate(cells) if P.day_column(c)}
            if len(day_columns) >= 2 and all(day_columns.values()):
                self.table_days[table] = day_columns  # a grid: one column per treatment day
            cycle_columns = {i: c for i, c in enumerate(cells) if c and _CYCLE_COLUMN.match(c)}
            if cycle_columns and not day_columns:
                self.table_cycle_columns[table] = cycle_columns
            self.understood(block, "table header row (column roles)")
            return
        if table in self.table_days:
            self.on_grid_row(block, cells, self.table_days[table], into)
            return
        if table in self.table_cycle_columns:
            self.on_cycle_column_row(block, cells, table, into)
            return
        roles = self.table_roles.get(table, (None,) * len(cells))
        label = None
        parts: list[tuple[int, str]] = []
        daily = P.is_daily(" | ".join([block.text, self.table_headers.get(table, ""), *block.headings[-1:]]))
        for i, cell in enumerate(cells):
            role = roles[i] if i < len(roles) else None
            if not cell:
                continue
            week_days = P.week_row_days(cell)
            if week_days is not None:
                if not daily:
                    # "Week 1 | 20 mg" with no "daily" anywhere: which days of the week is not told
                    self.not_mapped(block, "a week of treatment without saying on which days: not read")
                    return
                cell = f"days {week_days[0]} to {week_days[-1]} once daily"  # "Week 2 | 50 mg" under "Daily dose"
            if role in ("route", None):
                cell = _route_cell_duration(cell)  # 'drip into a vein, 1 hour'; 'IV, 30 min' under 'Infusion'
            if role != "days" and P.CROSS_REFERENCE.match(cell):
                # 'Obinutuzumab | 1000 mg | ... | As for day 8 of cycle 1.': the day it names is another row's
                self.not_mapped(block, "a note pointing to another row of the schedule: its day and cycle are not read",
                                cell)
                continue
            if role == "days" and re.match(r"^\d", cell):
                cell = "days " + cell
            elif role == "infusion" and re.match(r"^\d", cell):
                cell = "over " + cell
            elif role is None and self.is_phase_label(cell) and not P.find_doses(cell) \
                    and self.phase_column(table, i):
                label = cell
                continue
            order = 0 if (role == "drug" or (role is None and find_drugs(cell) and not P.find_doses(cell))) else 1
            parts.append((order, cell))
        text = " | ".join(c for _, c in sorted(parts, key=lambda t: t[0]))
        # 'Venetoclax ramp-up' over a 'Day | Dose' table: the rows name no drug, the heading does
        heading_drug = drug_heading(block.headings[-1]) if block.headings and not find_drugs(text) else None
        intro = self.intro_days[1] if self.intro_days and self.intro_days[0] == block.headings \
            and "days" not in roles else None  # 'All three go in on day 1:' over a table with no day column
        adms = self.read_administrations(text, block, inherit_drug=heading_drug, default_days=intro)
        if heading_drug:
            self.route_from_heading(adms, block.headings[-1])
        if not adms:
            self.not_mapped(block, "table row without a drug and a dose or days")
            return
        phase = self.phase_of(block, label)
        self.schedule_lines.append((block, adms))
        into.append((block, phase, adms, conditions_in(phase or "")))
        self.generic_cycle_facts(text, phase)

    def on_cycle_column_row(self, block: Block, cells: list[str], table: str, into: list) -> None:
        """'Carfilzomib | IV over 30 minutes | 20 mg/m2 on days 1 and 2 | 56 mg/m2 on days 1, 2, 8, 9, 15 and 16' under
        'Drug | Route | Cycle 1 | Cycle 2 onwards': one dose line per cycle column, in the phase its header names, with
        the row's other cells (drug, route, a dose said once); an empty or '–' cell gives that phase nothing."""
        columns = self.table_cycle_columns[table]
        roles = self.table_roles.get(table, ())
        base = []
        for i, cell in enumerate(cells):
            if i in columns or not cell:
                continue
            role = roles[i] if i < len(roles) else None
            if role in ("route", None):
                cell = _route_cell_duration(cell)
            elif role == "days" and re.match(r"^\d", cell):
                cell = "days " + cell
            base.append((0 if role == "drug" or (role is None and find_drugs(cell) and not P.find_doses(cell)) else 1, cell))
        read = False
        for i, label in columns.items():
            cell = cells[i] if i < len(cells) else ""
            if not cell or re.fullmatch(r"[-–—]+|none|no|n/?a|not given", cell.strip(), re.I):
                continue
            if re.match(r"^\d", cell) and not P.find_doses(cell):
                cell = "days " + cell  # '1, 8, 15' under 'Cycle 1': days
            text = " | ".join(c for _, c in sorted(base + [(1, cell)], key=lambda t: t[0]))
            adms = self.read_administrations(text, block, inherit_drug=None)
            if not adms:
                self.not_mapped(block, f"a '{label}' cell without a dose or days for the row's drug", cell)
                continue
            phase = self.phase_of(block, label)
            self.schedule_lines.append((block, adms))
            into.append((block, phase, adms, conditions_in(phase or "")))
            read = True
        if not read:
            self.not_mapped(block, "table row without a drug and a dose or days")

    def phase_column(self, table: str, i: int) -> bool:
        """Whether column i of a table may label a row's phase: a column headed 'Cycle', 'Phase' ..., or one with no
        header; a column headed otherwise ('Administration details': 'As for day 8 of cycle 1.') never does."""
        header = self.table_headers.get(table)
        if not header:
            return True
        names = header.split(" | ")
        name = names[i].strip() if i < len(names) else ""
        return not name or bool(_PHASE_COLUMN.match(name))

    def on_drug_column_row(self, block: Block, cells: list[str], roles_of: tuple, drug_columns: dict[int, str],
                           into: list) -> None:
        """A row of a table with a column per drug: the row's day cell and each drug column's dose."""
        day_col = next((i for i, r in enumerate(roles_of) if r == "days"), None)
        day_text = cells[day_col] if day_col is not None and day_col < len(cells) else ""
        days = P.parse_days(day_text if re.match(r"^\D", day_text) else f"days {day_text}")
        adms = []
        for i, header in drug_columns.items():
            if i < len(cells) and P.find_doses(cells[i]) and days:
                adms.extend(self.read_administrations(f"{header} | {cells[i]} | days {', '.join(map(str, days))}",
                                                      block, inherit_drug=None))
        if not adms:
            if days and not any(P.find_doses(c) for c in cells):
                self.understood(block, "a day with no dose in the table")
                return
            self.not_mapped(block, "table row without a day and a dose")
            return
        phase = self.phase_of(block)
        self.schedule_lines.append((block, adms))
        into.append((block, phase, adms, conditions_in(phase or "")))

    def on_phase_row(self, block: Block, cells: list[str], drug_columns: dict[int, str], into: list) -> None:
        """A row of a table with a column per drug and a row per phase: the row's first cell names the phase ('Cycle 2',
        'Cycles 3 to 7', 'Cycle 8 onwards'), each drug column's cell its doses that phase ('50 mg/m² on day 1, then
        325 mg/m² on day 2'); the route said in the column header ('Rituximab (drip into a vein)') is theirs."""
        label = next((c for i, c in enumerate(cells) if i not in drug_columns and c), None)
        if not self.is_phase_label(label):
            self.not_mapped(block, "row of a table with a column per drug, but its first cell names no phase")
            return
        for i, header in drug_columns.items():
            cell = cells[i] if i < len(cells) else ""
            if not cell or re.fullmatch(r"[-–—\s]+|none|n/?a", cell, re.I):
                continue  # '–': the drug is not given in this phase
            if not P.find_doses(cell):
                self.not_mapped(block, f"cell of the {header} column without a dose", cell)
                continue
            adms = self.read_administrations(cell, block, inherit_drug=drug_heading(header))
            self.route_from_heading(adms, header)
            if not adms:
                self.not_mapped(block, f"cell of the {header} column not understood", cell)
                continue
            self.schedule_lines.append((block, adms))
            into.append((block, label, adms, conditions_in(label)))
            self.generic_cycle_facts(cell, label)

    def on_grid_row(self, block: Block, cells: list[str], day_columns: dict[int, list[int]], into: list) -> None:
        """A row of a grid table (columns 'Day 1', 'Day 8' ...): the days on which each dose stands."""
        name = " ".join(_route_cell_duration(c) for i, c in enumerate(cells) if i not in day_columns and c)
        by_dose: dict[str, list[int]] = {}
        notes: list[str] = []
        for i, days in day_columns.items():
            if i < len(cells) and P.find_doses(cells[i]):
                by_dose.setdefault(cells[i], []).extend(days)
            elif i < len(cells) and P.is_grid_mark(cells[i]) and P.find_doses(name):
                by_dose.setdefault("", []).extend(days)  # a mark: the row's own dose column is given that day
            elif i < len(cells) and cells[i] and P.is_grid_continuation(cells[i]):
                self.understood(block, "the infusion started on an earlier day runs on (no new dose)", cells[i])
            elif i < len(cells) and cells[i]:
                notes.append(cells[i])  # 'pump off': a note in a day column, no dose of its own
        adms = []
        for dose, days in by_dose.items():
            adms.extend(self.read_administrations(f"{name} | {dose} | days {', '.join(map(str, sorted(days)))}",
                                                  block, inherit_drug=None))
        if not adms:
            self.not_mapped(block, "table row without a drug and a dose or days")
            return
        for note in notes:
            self.not_mapped(block, "a note in a day column of the grid (no dose, no mark): not read", note)
        phase = self.phase_of(block)
        self.schedule_lines.append((block, adms))
        into.append((block, phase, adms, conditions_in(phase or "")))

    def heading_cycle_facts(self, block: Block) -> None:
        """Cycle facts a schedule heading states ('Schedule (28-day cycle)'), read once per heading."""
        known = [i for i, h in enumerate(block.headings) if section_kind(h)]
        for h in block.headings[known[-1] if known else len(block.headings):]:
            template = _ONE_CYCLE_TEMPLATE.match(h)
            if template:
                # 'One cycle of treatment': what one cycle holds, no count of cycles; 'One cycle = 14 days' says the
                # length of the regimen's cycles, and no more
                if template.group("length") and h not in self.headings_read:
                    self.headings_read.add(h)
                    self.generic_cycle_facts(h, None)
                continue
            if h not in self.headings_read:
                self.headings_read.add(h)
                self.generic_cycle_facts(h, h if self.is_phase_heading(h) else None)
                if self.is_phase_heading(h):
                    # 'Week 1 – first (loading) dose': a phase of one dose; 'Week 2 onwards – every week': a phase
                    # of one-week cycles (what the heading alone says; a count or length said elsewhere stands)
                    f = self.facts(h)
                    if f.count is None and _ONE_DOSE_HEADING.search(h):
                        f.count = 1
                    if f.length is None and _EVERY_WEEK_HEADING.search(h):
                        f.length = Amount(Decimal(1), "wk")

    def read_field_list(self, items: list[tuple[Block, str | None]], handlers: dict) -> None:
        """'Dose: 20 mg/m2' / 'How: IV over 1 hr' / 'When: once a day (d1-5)' / 'Then: every 4 wks': the items of one
        list are the fields of one dose. The drug is the one a 'Drug:' field or the other fields name, else the one
        the page's title names; a list without a dose field is read item by item as usual."""
        fields = [(P.field_label(P.split_label(b.text)[0]), P.split_label(b.text)[1], b) for b, _ in items]
        # '<dt>Alternative</dt><dd>320 mg (four capsules) by mouth once daily</dd>' after '<dt>Usual adult dose</dt>': a
        # dose offered in place of the record's own, read as a schedule of its own (exactly one of them is given)
        alternatives = [f for f in fields if f[0] in _ALTERNATIVE_FIELDS and P.find_doses(f[1])]
        fields = [f for f in fields if f not in alternatives]
        dose_text = next((rest for label, rest, _ in fields if P.find_doses(rest)), None)
        if dose_text is None or len(fields) < 2:
            fields += alternatives
            for block, kind in items:
                drug = drug_heading(block.headings[-1]) if block.headings and block.tag == "p" else None
                if drug and (P.find_doses(block.text) or P.meal_instruction(block.text)):
                    self.on_drug_heading_lines(block, drug)  # 'Dose: 75 mg/m² IV on day 1' alone under 'Cisplatin'
                else:
                    (handlers.get(kind) or self.on_unsectioned)(block)
            return
        first = fields[0][2]
        # 'Days: 1 to 3' keeps its label (the numbers alone are no days); other labels go
        whole = " ; ".join(f"days {rest}" if label in ("day", "days", "which days") and re.match(r"^\d", rest) else rest
                           for label, rest, _ in fields)
        # the drugs the values name, and a label naming its drug ('Your capecitabine dose')
        named = [n for label, rest, _ in fields for _, n in find_drugs(rest) + (find_drugs(label) if label else [])]
        # '<li><strong>Cisplatin</strong><ul><li>Dose: ...</li>...</ul></li>': the list item around the fields
        parent = self.blocks[first.parent].text if first.parent is not None and first.parent < len(self.blocks) else ""
        parent_drugs = [n for _, n in find_drugs(parent)] if parent and not P.find_doses(parent) else []
        title_drugs = [n for _, n in find_drugs(self.regimen.title)]
        # '<h5 class="card-title">Ixazomib</h5>' over the fields: the heading names the drug (the nearest heading that
        # does: '<h3>Capecitabine</h3><dl><dt>Dose</dt>...' has the field's own title under it)
        heading = next((drug_heading(h) for h in reversed(first.headings) if drug_heading(h)), None)
        drugs = list(dict.fromkeys(named)) or parent_drugs or ([heading] if heading else []) or title_drugs
        if len(drugs) != 1:
            for _, rest, block in fields:
                self.not_mapped(block, "a dose given as labelled fields, but which drug it is is not told", rest)
            return
        doses = P.find_doses(dose_text)
        route = find_route(whole)
        on_days = P.without_off_days(whole)  # 'Days 6 and 7, and days 13 to 28, are tablet-free': no days it is given
        days = P.parse_days(on_days) or P.daily_for_days(on_days)
        f = P.find_frequency(whole)
        adm = DrugAdministration(
            drug=drugs[0], dose=doses[0][0], route=route[0] if route else None, route_text=route[1] if route else None,
            days=days or [], infusion=P.find_infusion(whole), cap=P.find_cap(whole),
            frequency=Frequency(f[0], f[1], f[2], f[3]) if f else None, text=whole, location=self.loc(first),
            instruction=P.meal_instruction(whole), continuous=P.is_continuous(whole),
        )
        # the dose line stands where the drug is named: the list item around the fields when it names the drug
        anchor = self.blocks[first.parent] if parent_drugs and drugs == parent_drugs else first
        phase = self.phase_of(anchor)
        if alternatives and phase is None:
            own = next(b for _, rest, b in fields if rest == dose_text)
            phase = P.split_label(own.text)[0] or "Usual dose"
            offered = True
        else:
            offered = False
        self.schedule_lines.append((anchor, [adm]))
        self.generic_schedule.append((anchor, phase, [adm], conditions_in(phase or "")))
        self.generic_cycle_facts(whole, phase)
        if offered:
            for label, rest, block in alternatives:
                name = P.split_label(block.text)[0] or "Alternative"
                alt_route = find_route(rest) or route
                alt_f = P.find_frequency(rest)
                alt = DrugAdministration(
                    drug=drugs[0], dose=P.find_doses(rest)[0][0], route=alt_route[0] if alt_route else None,
                    route_text=alt_route[1] if alt_route else None, days=P.parse_days(rest) or days or [],
                    infusion=P.find_infusion(rest), cap=P.find_cap(rest),
                    frequency=Frequency(alt_f[0], alt_f[1], alt_f[2], alt_f[3]) if alt_f else None, text=rest,
                    location=self.loc(block), instruction=P.meal_instruction(rest) or adm.instruction,
                    continuous=P.is_continuous(rest) or adm.continuous)
                self.schedule_lines.append((block, [alt]))
                self.generic_schedule.append((block, name, [alt], []))
                self.generic_cycle_facts(" ; ".join(r for _, r, _ in fields if r != dose_text), name)
                self.alternative_schedules.update({phase, name})
                self.understood(block, "a dose offered in place of the record's own: a schedule of its own", rest)
        elif alternatives:
            for _, rest, block in alternatives:
                self.not_mapped(block, f"a dose offered in place of the dose of phase '{phase}': not read", rest)
        f = self.facts(phase)
        if f.count is None and f.length is not None and (f.length.value, f.length.unit) == (1, "wk"):
            # 'Which days: days 1 to 5 of each week' / 'How long: until your last radiotherapy – 5 to 6 weeks': a field
            # saying how long the treatment lasts, in weeks, over a one-week cycle is the number of its cycles
            spans = [P.weeks_span(rest) for label, rest, _ in fields if label in ("how long", "duration")]
            if len(spans) == 1 and spans[0]:
                f.count, f.count_max = spans[0]
        if anchor is not first and anchor.index not in self.parent_lines:
            self.parent_lines.add(anchor.index)
            # read first as a lone drug name and reported; now understood as the name over its fields
            self.regimen.not_mapped = [f for f in self.regimen.not_mapped
                                       if not (f.location and f.location.path == anchor.path and f.text == anchor.text)]
            self.understood(anchor, "the drug whose dose fields are listed under it")
        for _, rest, block in fields:
            self.understood(block, "a field of a dose given as a labelled list", rest)

    def heading_days(self, block: Block) -> list[int] | None:
        """The days a 'Day 8' / 'Days 9 to 21' heading right over the block gives, else None."""
        return P.heading_days(block.headings[-1]) if block.headings else None

    def read_repeated_dose(self, sentence: str, block: Block) -> bool:
        """'Day 8: gemcitabine as a drip over 30 minutes' (no dose): the drug's dose from its earlier line in the same
        phase, on the days of this heading; False when there is no earlier line."""
        days = self.heading_days(block) or P.parse_days(sentence)
        names = find_drugs(sentence)
        if not days or len(names) != 1 or P.find_doses(sentence):
            return False
        if not self.heading_days(block) and P.PUMP_OFF_DAY.search(sentence):
            return False  # '... come back to disconnect it on day 3': the pump comes off, no dose is given
        phase = self.phase_of(block)
        earlier = next((a for b, ph, adms, _ in reversed(self.generic_schedule) if ph == phase for a in adms
                        if terminology.match_key(a.drug) == terminology.match_key(names[0][1]) and a.dose.unit), None)
        if earlier is None:
            return False  # no earlier dose: read as it stands (a schedule summary checked against a dose list)
        if not earlier.days and not earlier.continuous and earlier.frequency is None:
            # 'The dose is 1.4 mg/m2.' then 'Day one: eribulin' / 'Day eight: eribulin': the earlier line gave the dose
            # and no day; the day lines say when it is given, so it is no administration of its own (it was read as
            # one on an assumed day 1)
            for lines in (self.generic_schedule, self.schedule_lines):
                for entry in lines:
                    adms = entry[-2] if len(entry) == 4 else entry[1]
                    if any(a is earlier for a in adms):
                        adms[:] = [a for a in adms if a is not earlier]
        route = find_route(sentence)
        adm = replace(earlier, days=list(days), text=sentence, location=self.loc(block),
                      infusion=P.find_infusion(sentence) or earlier.infusion,
                      route=route[0] if route else earlier.route, route_text=route[1] if route else earlier.route_text)
        self.schedule_lines.append((block, [adm]))
        self.generic_schedule.append((block, phase, [adm], conditions_in(phase or "")))
        self.understood(block, "the drug's dose from its earlier line, on these days", sentence)
        return True

    def read_rule_sentence(self, sentence: str, block: Block) -> bool:
        """A schedule sentence that is no dose line and no cycle rule but still says something about the doses:
        when a phase starts, how to take a drug, that it runs without a break, how doses are adjusted.
        True when read (mapped, or reported with its own reason)."""
        label, _ = P.split_label(sentence)
        phase = self.phase_of(block, label)
        starts = start_conditions_in(sentence)
        if starts and not P.find_doses(sentence):
            f = self.facts(phase)
            f.start = (f.start or []) + starts
            self.understood(block, "start condition of the phase (PlanDefinition.action.condition, kind start)", sentence)
            return True
        if P.is_dose_adjustment(sentence):
            self.not_mapped(block, "dose-adjustment rule (a change of dose, not an incidence); no structured element",
                            sentence)
            return True
        if P.find_doses(sentence):
            return False
        if self.read_repeated_dose(sentence, block):
            return True
        if P.NO_TREATMENT.search(sentence) and not find_drugs(sentence):
            self.understood(block, "days without treatment", sentence)
            return True
        instruction = P.meal_instruction(sentence)
        if instruction:
            self.instructions.append((block, phase, sentence))
            return True
        if P.is_continuous(sentence) and find_drugs(sentence):
            self.continuous_notes.append((block, phase, sentence))
            return True
        return False

    def read_cycle_sentence(self, sentence: str, block: Block) -> bool:
        hit = self.generic_cycle_facts(sentence, self.phase_of(block, P.split_label(sentence)[0]))
        first = P.first_cycle_length(sentence)
        if first:
            self.first_length = first
            hit = True
        later = P.later_cycle_length(sentence)
        if later:
            self.later_length = later
            hit = True
        up_to = P.cycles_up_to(sentence)
        if up_to:
            conds = conditions_in(sentence, only="transplant")
            self.caps.append((up_to, conds[0] if conds else None))
            hit = True
        after = P.cycles_after(sentence)
        if after and re.search(r"\bstop|discontinu", sentence, re.I):
            conds = conditions_in(sentence, only="complete-response")
            if conds:
                self.stop = (after, conds[0], sentence)
                hit = True
        if not hit and re.search(r"\bduration of therapy\b", sentence, re.I):
            self.not_mapped(block, "overall duration follows from the cycle counts; not stored separately", sentence)
            return True
        return hit

    def on_infusion_time(self, block: Block) -> None:
        m = re.search(r"(?P<obs>[\w ]+?) observation period", block.text, re.I)
        if m:
            h = _HOURS.search(m.group("obs"))
            if h:
                self.add_observation(Amount(Decimal(P.to_count(h.group("value"))), "h"), block.text, block)
                return
        if re.search(r"infusion times? .*(vary|based on)", block.text, re.I):
            self.not_mapped(block, "general note on infusion times")
            return
        self.on_schedule(block)  # prose that follows the sub-heading still belongs to the schedule

    def add_observation(self, duration: Amount, text: str, block: Block) -> None:
        for s in self.regimen.supportive:
            if s.kind == "observation":
                self.understood(block, "observation period (already read)")
                return  # already known: one observation period per regimen
        self.regimen.supportive.append(SupportiveAction("observation", text, duration=duration, location=self.loc(block)))

    def on_starting_doses(self, block: Block) -> None:
        self.heading_cycle_facts(block)
        if block.tag == "tr":
            self.on_schedule_row(block, self.generic_doses)
            return
        if block.tag != "li" and P.find_doses(block.text) and find_drugs(block.text):
            self.on_schedule(block)  # dose sentences in a paragraph
            return
        if block.tag != "li":
            if re.search(r"\bnote\b|may vary", block.text, re.I):
                self.not_mapped(block, "disclaimer")
                return
            # "Each cycle is 21 days long. Eight cycles are given ...": cycle rules under a dosing heading
            for sentence in sentences(block.text):
                if self.read_days_of_dose_above(sentence, block):
                    self.read_cycle_sentence(sentence, block)
                elif self.read_cycle_sentence(sentence, block):
                    self.understood(block, "cycle rule (timingTiming of the phase)", sentence)
                else:
                    self.not_mapped(block, "text in the dose section that is not a dose line", sentence)
            return
        label, rest = P.split_label(block.text)
        parent_drug = None
        if block.parent is not None:
            for b, _, adms, _ in self.dose_lines:
                if b.index == block.parent and adms:
                    parent_drug = adms[0].drug
        if not P.find_doses(block.text) and self.read_doseless_item(block):
            return
        adms = self.read_administrations(rest, block, inherit_drug=parent_drug)
        if not adms:
            self.not_mapped(block, "dose line without a dose pattern")
            return
        conds = conditions_in(label or "")
        self.dose_lines.append((block, label, adms, conds))
        phase = self.phase_of(block, label)
        self.generic_doses.append((block, phase, adms, conditions_in(phase or "")))
        self.generic_cycle_facts(rest, phase)

    def read_doseless_item(self, block: Block) -> bool:
        """A list item of a dose list that gives no dose ('<li>Take it every day, on days 1 to 28 of each 28-day
        cycle.</li>' under '<li>Take one 10 mg capsule of lenalidomide by mouth, once a day.</li>'): its days are those
        of the one dose read just above, its cycle rule the phase's, as in a paragraph. False when it says neither
        (reported as before)."""
        read = False
        for sentence in sentences(block.text):
            if self.read_days_of_dose_above(sentence, block):
                self.read_cycle_sentence(sentence, block)
                read = True
            elif self.read_cycle_sentence(sentence, block):
                self.understood(block, "cycle rule (timingTiming of the phase)", sentence)
                read = True
        return read

    def read_days_of_dose_above(self, sentence: str, block: Block) -> bool:
        """'Take it on days 1 to 28 of each 28-day cycle.' (a pronoun for the dose, no drug named, no dose) right after
        the one dose line of its phase that gave no days ('Lenalidomide 10 mg by mouth once a day.'): the days of that
        dose. Not when the line above read several doses or gave days of its own, nor a sentence without the pronoun
        ('Each cycle starts on day 1.'), naming a drug (read as that drug's line, as before) or giving a dose."""
        days = P.parse_days(sentence)
        if not days or P.find_doses(sentence) or find_drugs(sentence) or not P.DOSE_ABOVE_PRONOUN.search(sentence):
            return False
        phase = self.phase_of(block, P.split_label(sentence)[0])
        above = max(((b, ph, adms) for b, ph, adms, _ in self.generic_schedule + self.generic_doses
                     if b.index < block.index), key=lambda e: e[0].index, default=None)
        if above is None or above[1] != phase or len(above[2]) != 1:
            return False
        adm = above[2][0]
        if adm.days or adm.continuous:
            return False
        adm.days = list(days)
        self.understood(block, f"the days of the {adm.drug} dose read just above", sentence)
        return True

    def read_doses_in_total(self, sentence: str, block: Block) -> bool:
        """'Maintenance lasts two years, which means 12 doses in total.' (no dose, no drug named) after 'Rituximab 375
        mg/m2 ... once every 8 weeks.': where the phase's cycle length is stated and each cycle has one dose of its one
        drug (one day or none, no daily frequency, not continuous), the doses counted are its cycles. Not when the
        phase has no cycle length or a count already, nor when a cycle has several doses or several drugs."""
        total = P.doses_in_total(sentence)
        if total is None or P.find_doses(sentence) or find_drugs(sentence):
            return False
        phase = self.phase_of(block, P.split_label(sentence)[0])
        f = self.facts(phase)
        adms = [a for b, ph, entry, _ in self.generic_schedule + self.generic_doses if ph == phase and
                b.index <= block.index for a in entry]
        if f.length is None or f.count is not None or not adms \
                or len({terminology.match_key(a.drug) for a in adms}) != 1 \
                or any(len(a.days) > 1 or a.frequency is not None or a.continuous for a in adms):
            return False
        f.count, f.count_max = total
        f.text = (f.text + " " + sentence).strip()
        self.understood(block, "the number of doses in total, one a cycle: the number of cycles", sentence)
        return True

    def read_administrations(self, text: str, block: Block, inherit_drug: str | None,
                             default_days: list[int] | None = None) -> list[DrugAdministration]:
        """Dose lines in a text. 'Day 1: cisplatin ...; etoposide ...' gives one line per drug, each on the
        labelled days; a segment after 'then'/'followed by' with a dose but no days of its own is given on
        the days of the segment before it (a bolus followed by an infusion on the same day)."""
        label, rest = P.split_label(text)
        label_days = P.parse_days(label) if label and re.match(r"^days?\b", label, re.I) else None
        if label_days:
            text = rest
        label_days = label_days or default_days
        chunks = [c for c in re.split(r"\s*;\s*", text) if c.strip()]
        if not (len(chunks) > 1 and sum(1 for c in chunks if P.find_doses(c) and find_drugs(c)) > 1):
            chunks = [text]
        out = []
        for c in chunks:
            pieces = self.split_by_drug(c, block)
            drug = inherit_drug
            for piece in pieces:
                read = self._read_segments(piece, block, drug, label_days)
                out.extend(read)
                drug = read[-1].drug if read and len(pieces) > 1 else drug  # a dose step names its drug once
        times = P.first_and_later_infusion(text) if len(out) == 1 and not self.first_only else None
        if times:
            # 'Rituximab 375 mg/m2 IV on day 1 (first infusion over 90 minutes, later ones over 30 minutes)': the first
            # time is cycle 1's and the later one the later cycles' (a first-cycle split, as for a loading dose); a
            # later time not stated plainly is left unstated and reported, never the first time for every cycle
            first, later, words = times
            steps = P.infusion_steps(words) if later is None else None
            # '..., thereafter over 30 minutes': the 'thereafter' was the later infusions' time, not a later dose
            self.later_only[:] = [a for a in self.later_only if a is not out[0]]
            out[0].infusion = first
            self.first_only.append(out[0])
            if steps:
                # 'over 90 minutes the first time, then over 60 minutes if well tolerated, then 30 minutes': each step
                # kept, cycle 1, cycle 2 and the cycles after it (the condition said is reported, not coded)
                out.append(replace(out[0], infusion=steps[1]))
                self.second_only.append(out[-1])
                later = steps[2]
                for cond in steps[3]:
                    self.not_mapped(block, "the condition of a later infusion time; not coded", cond)
            out.append(replace(out[0], infusion=later))
            self.later_only.append(out[-1])
            self.infusion_splits.append((out[0], out[-1], block, words))
            if later is None:
                self.not_mapped(block, "the time of the infusions after the first is not stated plainly; left unstated",
                                words)
        weekly = P.TIMES_A_WEEK.search(text) if out and not P.parse_days(text) else None
        if weekly:
            # 'Interferon alfa 3 MU SC three times a week' beside a cycle's drugs: its own timing (own_interval_phases)
            self.weekly_times.extend((a, weekly.group(0), block) for a in out)
        also = P.ALSO_ROUTE.search(text) if out else None
        alt = find_route(also.group("route")) if also else None
        if alt and any(a.route and a.route != alt[0] for a in out):
            # 'given as an injection under the skin; it can also be given into a vein': the first route is coded, the
            # alternative kept in the dose's words (Dosage.text), reported; never a second dose, never dropped
            for a in out:
                if a.route and a.route != alt[0] and also.group(0) not in a.text:
                    a.text = f"{a.text.rstrip(' ;,.')}; {also.group(0).strip()}"
            self.not_mapped(block, f"an alternative route offered ({alt[1]}): the first route is coded, the alternative "
                            "kept in the dose's words (Dosage.text), not coded", also.group(0).strip())
        self.report_unread_doses(text, block, out)
        return out

    def report_unread_doses(self, text: str, block: Block, read: list[DrugAdministration]) -> None:
        """A line read in part ('dexamethasone 20 mg, <a drug the tables lack> 10 mg and ...'): the doses it states that
        no administration read (as its dose or its cap) are reported with the line, never dropped without a word."""
        stated = P.find_doses(text)
        if len(stated) < 2 or not read:
            return
        left = Counter(a.dose for a in read if a.dose is not None)
        left.update(a.cap for a in read if a.cap is not None)
        unread = []
        for amount, start, end in stated:
            if left[amount] > 0:
                left[amount] -= 1
            elif amount in left and re.search(r"\(\s*$", text[max(0, start - 3):start]) \
                    and re.match(r"\s*\)", text[end:]):
                continue  # '10 mg for every kilogram you weigh (10 mg/kg)': the same dose restated in brackets
            else:
                unread.append(text[start:end].strip())
        if unread:
            self.not_mapped(block, f"dose(s) of this line not read as given ({'; '.join(unread)}): their drug is not one "
                                   f"the converter knows, or they are not doses of their own", text)

    def split_by_drug(self, text: str, block: Block) -> list[str]:
        """'Cisplatin 75 mg/m2 and etoposide 100 mg/m2 IV on day 1': one piece per drug with its own dose; route and
        days stated once after the last dose belong to every piece joined by 'and' (or a comma) that states none.
        'X 75 mg/m2 or Y AUC 5': the second drug is an alternative, reported and not read. Pieces joined by 'then'
        or 'followed by' are left whole (the segment reader keeps their order and shared days)."""
        doses = P.find_doses(text)
        if len(doses) < 2:
            return [text]
        cuts: list[tuple[int, str]] = []
        ends = [d[1] for d in doses[2:]] + [len(text)]
        for ((_, _, end), (_, start, end2)), next_start in zip(zip(doses, doses[1:]), ends):
            gap = text[end:start]
            if _THEN.search(gap):
                continue
            if re.match(r"\s*of\s+", gap) and find_drugs(gap) and find_drugs(gap)[0][0] == re.match(r"\s*of\s+", gap).end() \
                    and len({terminology.match_key(n) for _, n in find_drugs(gap)}) == 1 \
                    and not find_drugs(text[:end]):
                continue  # '10 mg of durvalumab for every kilogram you weigh (10 mg/kg)': the name is the first dose's own
            if not find_drugs(gap):
                # '1,000 mg/m2 on day 1 and 800 mg/m2 on day 8': one drug, a dose step with its own days each
                if P.DAYS.search(gap) and P.DAYS.search(text[end2:next_start]):
                    seps = list(re.finditer(r"\s*(?:/|;|,\s*(?:and\s+)?|\s+and\s+)\s*", gap))
                    after_days = [s for s in seps if s.start() >= P.DAYS.search(gap).end() - 1]
                    if after_days:
                        cuts.append((end + after_days[-1].end(), "step"))
                continue
            seps = list(re.finditer(r"\s*(?:,\s*(?:and\s+|or\s+|plus\s+)?|\s+and\s+|\s+or\s+|\s+plus\s+|\s+with\s+)", gap))
            # the separator just before the next drug's name ('... on days 1, 8 and 15 plus nab-paclitaxel ...'), not
            # the first comma of the days in between; the first one when the name is not found as written
            name_at = gap.lower().find(find_drugs(gap)[0][1].lower())
            before = [m for m in seps if name_at >= 0 and m.end() <= name_at]
            sep = before[-1] if before else (seps[0] if seps else None)
            at = end + (sep.end() if sep else 0)
            joint = (sep.group(0).strip(" ,").lower() if sep else "") or ","
            cuts.append((at, joint))
        if not cuts:
            return [text]
        pieces, start = [], 0
        for at, _ in cuts:
            pieces.append(text[start:at].rstrip(" ,"))
            start = at
        pieces.append(text[start:])
        kept = [pieces[0]]
        for (_, joint), piece in zip(cuts, pieces[1:]):
            if joint == "or":
                self.not_mapped(block, "an alternative drug offered ('or ...'): not read", piece)
            else:
                kept.append(piece)
        last = pieces[-1]
        last_doses = P.find_doses(last)
        tail = last[last_doses[0][2]:] if last_doses else ""
        tail_route = find_route(tail)
        if tail_route or P.parse_days(tail):  # said once, after the last dose: for every piece that says none
            out = []
            for p in kept:
                if p is last or (find_route(p) and P.parse_days(p)):
                    out.append(p)
                elif P.parse_days(p):
                    out.append(f"{p} {tail_route[1]}" if tail_route and not find_route(p) else p)  # a dose step
                elif find_route(p):
                    out.append(p)
                else:
                    out.append(f"{p} {tail.strip()}")
            kept = out
        # 'Oxaliplatin 85 mg/m2 IV over 2 hours, with leucovorin 400 mg/m2 over 2 hours': a drug given with (and, plus)
        # the one before it, stating no route but an infusion time of its own, is a drip into a vein too; never another
        # route
        # ('Capecitabine ... by mouth ... with oxaliplatin 130 mg/m2': oxaliplatin's route stays unstated, reported)
        joints = [j for _, j in cuts if j != "or"]
        for i, (joint, piece) in enumerate(zip(joints, kept[1:]), start=1):
            before = find_route(kept[i - 1])
            if joint in ("with", "and", "plus", ",") and before and before[0] == "intravenous" and not find_route(piece) \
                    and P.find_infusion(piece) is not None:
                kept[i] = f"{piece} ({before[1]})"
        return kept

    def _read_segments(self, text: str, block: Block, inherit_drug: str | None,
                       default_days: list[int] | None) -> list[DrugAdministration]:
        out: list[DrugAdministration] = []
        drug = inherit_drug
        route = route_text = None
        infusion = None
        frequency: Frequency | None = None
        # "once a week for 3 weeks, then 1 week off" spans the 'then' the segments are cut at: read it on the
        # whole line, for a line with a single dose
        whole_on_off = P.on_off_cycle(text) if len(P.find_doses(text)) == 1 else None
        for segment in _then_segments(text):
            if not segment.strip():
                continue
            names = find_drugs(segment)
            doses = P.find_doses(segment)
            if names and doses and names[0][0] > doses[0][2] and _TIMED_AGAINST.search(segment[doses[0][2]: names[0][0]]):
                # 'Chlorphenamine 10 mg IV 30 minutes before paclitaxel': the drug after 'before' is the one it is
                # timed against, never the dose's own (that is the text before the dose, or none)
                names = [] if inherit_drug is None else names
                drug = inherit_drug
            if doses and len(names) > 1 and names[1][0] < doses[0][1] and \
                    _DRUG_AS_TIME.match(segment, names[0][0]):
                # 'Before each paclitaxel dose you have dexamethasone 20 mg': a drug named as the time of another's
                # dose ('each paclitaxel dose', 'your rituximab infusion') is not the dose's own drug
                names = names[1:]
            if names:
                drug = names[0][1]
            days = P.parse_days(segment)
            if days is None:
                on_off = P.on_off_cycle(segment)
                days = on_off[0] if on_off else P.daily_for_days(segment)
            if days is None and doses and whole_on_off:
                days = list(whole_on_off[0])
            if days is None and doses and _FOR_N_DAYS.search(segment) and P.find_frequency(segment) \
                    and not P.RELATIVE_DAYS.search(segment) and not P.DAYS.search(segment):
                # '8 mg by mouth every 8 hours for 3 days', 'four times a day for 5 days': days 1 to N
                n = P.to_count(_FOR_N_DAYS.search(segment).group("n"))
                days = list(range(1, n + 1)) if n else None
            if doses and _FROM_DAY_UNTIL.search(segment):
                # "5 mcg/kg SC once daily from day 6 until recovery": the last day is a condition, not a day; only the
                # day it starts is mapped (a drug action in a cycle gives its days), and the open end is reported
                start = _FROM_DAY_UNTIL.search(segment).group("start")
                self.not_mapped(block, f"given from day {start} until a condition: only day {start} is mapped, the "
                                "days after it are not fixed", segment)
                days = [int(start)]
            if days is not None and P.RELATIVE_DAYS.search(segment) and not P.DAYS.search(segment):
                # "BID for 3 days starting the day before docetaxel": counted from another dose, not cycle days
                self.not_mapped(block, "days counted from another drug's dose, not days of the cycle: not read", segment)
                days = None
            alternate = bool(P.EVERY_OTHER_DAY.search(segment))
            if alternate:
                days = P.every_other_day(segment, days)  # None: no end stated, read against the cycle length later
            other = P.alternative_dose(segment) if len(doses) > 1 else None
            if other and not P.age_dependent_doses(segment):
                # "200 mg every 3 weeks, or 400 mg every 6 weeks": the first dose is read, the alternative reported
                self.not_mapped(block, f"an alternative dose offered ('{other}'): only the first dose is read", segment)
                segment = segment[: segment.find(other)] if other in segment else segment
                doses = P.find_doses(segment)
            if doses and P.age_dependent_doses(segment):
                # "8 mg (age 1-2), 10 mg (age 2-3), 12 mg (3 and older)": the dose depends on the patient's age;
                # none is picked: the administration is reported, not written with a dose of our choosing
                self.not_mapped(block, "dose depends on the patient's age (one dose per age band): no dose picked, "
                                "administration not mapped", segment)
                continue
            found_route = find_route(segment)
            either = alternative_routes(segment) if found_route else None
            if either:
                # "PO or IV": the page leaves the route open; none is picked
                self.not_mapped(block, f"either of two routes ({either[0]} or {either[1]}): no route picked", segment)
                route, route_text = None, None
            elif found_route:
                route, route_text = found_route
            if days is None and doses and out:
                days = list(out[-1].days) or None
            if days is None and default_days:
                days = list(default_days)
            seg_infusion = P.find_infusion(segment) or infusion
            bracket = _BRACKET_ROUTE_DURATION.search(segment) if seg_infusion is None else None
            if bracket and find_route(bracket.group("r")):
                seg_infusion = P.find_infusion("over " + bracket.group("d"))  # '(IV, 30-60 minutes)'
            if seg_infusion is None and doses and _CONTINUOUS_INFUSION.search(segment):
                # '100 mg/m2/day by continuous IV infusion for 7 days', '28 mcg/day continuous IV infusion on days 1-28':
                # one infusion running through those days (days 1 to N when only 'for N days' is said)
                span = _FOR_N_DAYS.search(segment)
                n = P.to_count(span.group("n")) if span else None
                if days is None and n and not P.DAYS.search(segment):
                    days = list(range(1, n + 1))
                if days and len(days) > 1 and days == list(range(days[0], days[0] + len(days))) \
                        and (n is None or n == len(days)):
                    seg_infusion = Amount(Decimal(len(days)), "d")
            f = P.find_frequency(segment)
            seg_frequency = Frequency(f[0], f[1], f[2], f[3]) if f else frequency
            if not doses and days is None:
                continue
            if not doses and not names and out and out[-1].drug == drug and not out[-1].days:
                # 'Polatuzumab | 1.8 mg/kg | IV drip. The first one takes 90 minutes; later ones 30 minutes. | Day 1': a
                # clause with no dose and no drug of its own after a dose without days (a ';' inside a cell cut the
                # row): its days are that dose's days, never a dose of their own
                out[-1].days = list(days)
                continue
            if drug is None and doses:
                drug = segment[: doses[0][1]].strip(" ,:;") or None
                if drug and P.field_label(drug):
                    drug = None  # "Dose: 20 mg/m2": a field label, not a drug name
                elif drug and ("|" in drug or P.parse_days(drug) or self.is_phase_label(drug)
                              or re.match(r"^(?:weeks?|wks?|cycles?|courses?|months?|doses?|steps?)\b\.?\s*\d", drug, re.I)):
                    drug = None  # "Day 1 | 100 mg": the text before the dose is a day or a table cell, not a drug
            if drug is None:
                continue
            repeat = out[-1] if not doses and out and out[-1].drug == drug and (
                out[-1].dose.value is not None or out[-1].dose.is_range) else None
            out.append(DrugAdministration(
                drug=drug, dose=P.daily_rate(segment, doses[0], P.dose_of_units(segment, doses[0])) if doses
                # '75 mg/m2 IV on day 1, then on day 8': the days of the same dose (never a dose-less administration)
                else (repeat.dose if repeat else Amount(None, "")), route=route,
                route_text=route_text, days=days or [], infusion=seg_infusion,
                cap=P.find_cap(segment), frequency=seg_frequency,
                text=segment.strip(), location=self.loc(block), instruction=P.meal_instruction(segment),
                continuous=P.is_continuous(segment),
            ))
            if len(doses) >= 2 and _DOSE_ARROW.search(segment):
                # "100 mg → 200 mg → 400 mg" over days 1-3: a ramp, one dose a day when the days pair with the doses
                ramp = out.pop()
                if ramp.days and len(ramp.days) == len(doses):
                    out.extend(replace(ramp, dose=amt, days=[d]) for d, (amt, _, _) in zip(ramp.days, doses))
                else:
                    self.not_mapped(block, "a dose ramp whose days do not pair with its doses: not read", segment)
                    continue
            if alternate and days is None:
                self.alternate_days.append(out[-1])
            if repeat is not None and repeat in self.first_only and _LATER_CYCLES.search(segment):
                # '1000 mg on days 1, 8 and 15 of cycle 1, then on day 1 of cycles 2-6': the later cycles' days
                out[-1].cap = out[-1].cap or repeat.cap
                self.later_only.append(out[-1])
            elif doses and P.LOADING_DOSE.search(segment):
                self.first_only.append(out[-1])
            elif doses and (P.LATER_DOSE.search(segment) or any(
                    a is prev for prev in self.first_only for a in out[:-1]
                    if terminology.match_key(a.drug) == terminology.match_key(out[-1].drug))):
                self.later_only.append(out[-1])
                earlier = [a for a in out[:-1] if terminology.match_key(a.drug) == terminology.match_key(out[-1].drug)]
                if len(earlier) == 1 and earlier[0] not in self.first_only and earlier[0] not in self.later_only \
                        and P.LATER_DOSE.search(segment) and not P.parse_days(segment) \
                        and not _FOR_N_DAYS.search(segment) and not P.find_frequency(segment):
                    # '8 mg/kg IV on day 1, then 6 mg/kg thereafter': the dose before the later dose, the same drug in
                    # the same line, is the first cycle's (never both doses in every cycle); a later dose with days,
                    # a frequency or 'for N days' of its own ('then 8 mg twice daily thereafter for 2 days') is not
                    self.first_only.append(earlier[0])
                split = P.LATER_CYCLES_DAYS.search(segment)
                first_days = P.parse_days(segment[: split.start()]) if split else None
                later_days = P.parse_days(segment[split.end():]) if split else None
                if first_days and later_days and any(a in self.first_only for a in out[:-1]):
                    # '... of cycle 1, then 56 mg/m2 on days 8, 9, 15 and 16, and in later cycles on days 1, 2, 8 ...':
                    # the later dose in cycle 1 on its own days, and in the later cycles on theirs
                    out[-1].days = list(later_days)
                    out.append(replace(out[-1], days=list(first_days)))
                    self.first_only.append(out[-1])
            infusion = seg_infusion
            frequency = seg_frequency
        for i, a in enumerate(out):
            if a.route is None:
                # "9 mcg/day on days 1-7, then 28 mcg/day ... by continuous IV infusion": the route said once, for
                # every dose of the drug in the line
                later = next((b for b in out[i + 1:] if b.drug == a.drug and b.route), None)
                if later is not None:
                    a.route, a.route_text = later.route, later.route_text
        shared = _SHARED_DAYS.search(text)
        if shared:
            # "..., then ipilimumab ..., both on day 1": the days belong to every drug of the line
            days = P.parse_days(shared.group(0))
            for a in out:
                if not a.days and days:
                    a.days = list(days)
        return out

    def add_effect(self, wording: str, pct: Percent, block: Block, group: str | None) -> None:
        for v in (pct.value, pct.high):
            if v is not None and v > 100:
                self.finding("warning", "percent-over-100", f"side effect '{wording}' has {v}%", block)
                break
        if _EFFECTS_AS_A_WHOLE.match(wording.strip()):
            # 'Side effects were reported in 95% of patients': side effects as a whole, no effect of its own
            self.not_mapped(block, "an incidence of side effects as a whole, not of one effect: not read",
                            f"{wording} ({pct.text})" if pct.text else wording)
            return
        if re.match(r"^(?:in|of|on|at|by)\s+\d", wording.strip(), re.I):
            # 'In 45% of patients and vomiting': a sentence cut in the wrong place names no effect
            self.not_mapped(block, "an incidence whose effect is not named plainly: not read", wording)
            return
        if wording.strip().lower() in ("this", "it", "these", "they", "that", "which", "this side effect") \
                or re.match(r"^(?:this|it|these|they|that)\s+(?:happens?|affects?|occurs?|is|are)\b", wording.strip(), re.I):
            here = [e for e in self.regimen.side_effects if e.location and e.location.path == self.loc(block).path]
            prev = here[-1] if len(here) == 1 and here[-1] is self.regimen.side_effects[-1] else None
            if prev is not None and re.match(r"^(?:it|this)\b", wording.strip(), re.I) and prev.incidence.category_word \
                    and prev.incidence.value is None and prev.incidence.low is None and not prev.incidence.is_ratio:
                # 'Diarrhoea is very common. It affects around 6 in 10 people.': 'it' is the one effect the sentence
                # before it named, with a word only; the figure is that effect's
                prev.incidence = replace(pct, category_word=prev.incidence.category_word)
                return
            # 'This affects around 30 in 100 people.' with no effect named above it: which effect is not told
            self.not_mapped(block, "an incidence whose effect is named only by a pronoun: not read", pct.text or wording)
            return
        # 'You may feel sick (40%)', 'Your hair may thin (about 30 in 100 people)': the effect in a verb phrase
        phrase = P.verb_phrase_effect(re.sub(r"\s*\([^()]*\)\s*$", "", wording))
        if phrase:
            wording = phrase
        tail = _CATEGORY_TAIL.search(wording)
        if tail and wording[: tail.start()].strip() and (pct.value is not None or pct.low is not None or pct.is_ratio):
            # 'Heart failure was rare with TCH (0.4%)': the effect, then its frequency word and the treatment; the
            # figure is the effect's, the word kept with it
            if tail.group("with"):
                self.not_mapped(block, "the treatment a side effect's figure was seen with; no structured element",
                                tail.group("with").strip())
            wording = wording[: tail.start()].rstrip()
            pct = replace(pct, category_word=pct.category_word or " ".join(tail.group("cat").lower().split()))
        wording, when = P.cut_time_aside(wording)
        if when:
            # 'Leukaemia caused by the treatment, years later (fewer than 1 in 100 people)': when, no part of the name
            self.not_mapped(block, "when the side effect comes, after its name; no structured element", when)
        wording, occasion = P.cut_occasion_aside(wording)
        if occasion:
            # 'Reaction during the drip (shivering, fever), mostly with the first one': when it mostly comes, no part
            # of the name
            self.not_mapped(block, "when the side effect mostly comes, after its name; no structured element", occasion)
        # an aside in brackets may say 'your', and so may a clause saying when ('infection while your blood counts are low')
        if _NOT_A_NAME.search(_your_as_the(_CONSEQUENCE_CLAUSE.sub("", _WHEN_CLAUSE.sub("", re.sub(r"\s*\([^()]*\)", "", wording)))).strip()) \
                and not terminology.lookup("conditions", wording):
            # 'Your risk of getting an infection is', 'Hospital admission was needed': a clause, not an effect's name
            # (a wording the terminology knows as an effect is one: 'Changes to how your kidneys work')
            self.not_mapped(block, "an incidence whose effect is not named plainly: not read",
                            f"{wording} ({pct.text})" if pct.text else wording)
            return
        if _EFFICACY.search(wording):
            # 'About 60% of people had a good response', 'Survival improved by 30%': a figure of how well it works
            self.not_mapped(block, "a figure of how well the treatment works, not of a side effect: not read",
                            f"{wording} ({pct.text})" if pct.text else wording)
            return
        # "Nausea*", "Hair loss†": a footnote marker is no part of the effect
        wording = re.sub(r"(?<=\w)\s*[*†‡§¶]+(?=\s*(?:\(|$))", "", wording).strip() or wording
        wording = P.FOOTNOTE_MARK.sub("", wording)  # after a bracket too: 'Nerve damage (numbness, tingling)†' 
        # 'Low white blood cells (neutropenia) – risk of infection': after the bracketed gloss, a dash opens an aside on
        # what the effect leads to, no part of its name ('Nausea – severe' without a gloss keeps its words)
        wording = _GLOSS_ASIDE.sub("", wording) or wording
        gloss = P.dash_gloss(wording)
        named = _codes(gloss[0]) if gloss else set()
        if named and _codes(wording) <= named and all(_codes(w) <= named for w in
                                                      [gloss[1]] + P.split_unbracketed(gloss[1], _EFFECT_SPLIT.pattern)):
            # 'Hand-foot syndrome – red, sore palms and soles': after a coded effect's name, a dash and what it looks
            # like (its words, whole or apart, name no other effect the terminology knows): the name is the effect,
            # the words after the dash a gloss of it, kept as a bracketed gloss is ('Anaemia (a low red blood cell
            # count)')
            wording = f"{gloss[0]} ({gloss[1]})"
        # 'Bleeding from the upper gut, for example from varices, affected ...': the example is no part of the name;
        # examples closing the name ('Mood changes, such as anxiety or low mood', a table cell) are the page's words
        # and stay in them, only the term that is coded goes without them
        example = _EXAMPLE_ASIDE.search(wording)
        closing = bool(example) and not example.group(0).rstrip().endswith(",")
        if not closing:
            wording = _EXAMPLE_ASIDE.sub("", wording) or wording
        wording = _WHERE_ASIDE.sub("", wording) or wording
        term = P.bracketed_term(wording) or wording
        if closing:
            term = _EXAMPLE_ASIDE.sub("", term) or term
        term = _ARTICLE.sub("", term) or term  # "A severe drop in neutrophils": the article is no part of the term
        self.regimen.side_effects.append(SideEffect(wording, term, pct, group=group, location=self.loc(block)))

    def add_each(self, wording: str, pct: Percent, block: Block, group: str | None) -> None:
        """'Rash and anaemia (a low red blood cell count) each affected 20% of people': the one figure is each named
        effect's, one effect each; a subject that does not say 'each' / 'both' is one effect ('Nausea and vomiting
        affected 20%' as the page gives it)."""
        items = P.each_of(wording)
        if items is None:
            self.add_effect(wording, pct, block, group)
            return
        for item in items:
            item = _ARTICLE.sub("", item) or item
            self.add_effect(item[:1].upper() + item[1:], pct, block, group)

    def effect_group(self, block: Block) -> str | None:
        """'Less common' / 'Rare' sub-headings under the side-effects heading (or the heading itself); a heading that
        states only a band ('More than 1 in 10 people') is a group too, named by its band."""
        pct = self.group_incidence(block)
        return (pct.category_word or pct.text.lower()) if pct else None

    def group_incidence(self, block: Block) -> Percent | None:
        """The incidence a group heading gives each effect under it: the band it states, with its category word
        ('Very common (more than 1 in 10 people)' -> '> 10 %', very common), or only the word ('Rare')."""
        hs = block.headings
        known = [i for i, h in enumerate(hs) if section_kind(h) == "side-effects"]
        start = known[-1] if known else len(hs)
        for h in reversed(hs[start:]):
            band = P.stated_band(h) if len(h) <= 80 else None
            if band is not None and (band.category_word or P.RATIO_BAND.match(h.strip()) or P.RATIO_BETWEEN.match(h.strip())):
                return band
            cat = P.category_of_heading(h)
            if cat:
                return Percent(category_word=cat, text=cat)
        return None

    def read_effect_item(self, text: str, block: Block, group: str | None) -> bool:
        # "... – 51% (against 39% with the older treatment)": the other arm's figure goes
        text = re.sub(r"(?<=[)%\w])\s*[*†‡§¶]+\s*$", "", text)  # 'Rash (10%)*': a footnote marker after the figure
        text = P.COMPARATOR_BRACKET.sub("", text)
        text, other = P.cut_labelled_bracket(text)
        if other:
            self.not_mapped(block, "another arm's or grade's figure, labelled in brackets after the effect's own: not read",
                            other)
        all_grades, figures = P.graded_figures(text)
        if figures > 1 and "(" in text:
            head = text[: text.index("(")].strip(" -–:")
            if all_grades is None:
                # "Rash (34%, 5%)", "Fatigue (grade 3–4 7%, placebo 2%)": which is the regimen's all-grade figure is
                # not said; none is taken
                self.not_mapped(block, "side effect with several figures and none labelled all grades", text)
                return True
            text = f"{head} ({all_grades})"  # "(all grades 34%, grade 3-4 5%)": the all-grade figure, never the other
        text, aside = P.cut_figure_aside(text)
        if aside:
            self.not_mapped(block, "words describing the side effect after its figure; no structured element", aside)
        each = P.each_figure(text)
        pct = P.incidence(each[1]) if each else None
        names = P.split_unbracketed(each[0], r"\s*,\s*(?:and\s+)?|\s+and\s+") if each else []
        if pct is not None and len(names) >= 2 and (pct.value is not None or pct.low is not None or pct.is_ratio):
            # '<li>Nausea and vomiting (each about 20%)</li>': the figure is each named effect's
            for name in names:
                name = _ARTICLE.sub("", name) or name
                self.add_effect(name[:1].upper() + name[1:], pct, block, group)
            return True
        split = P.split_trailing_percent(text) or P.split_incidence(text)
        if split is None:
            m = _EFFECT_AFFECTS_WHO.match(text.strip())
            pct = P.incidence(m.group("who")) if m else None
            if pct is not None and (pct.value is not None or pct.low is not None or pct.is_ratio):
                # '<li>Nausea affects about a third of people</li>': the effect and who it affects, as in a sentence
                split = (m.group("term").strip(), pct)
        if split and P.RESTATED_FIGURE.search(split[0]):
            # "Tiredness – nearly half of people (48%)": the words after the dash restate the figure
            split = (P.RESTATED_FIGURE.sub("", split[0]).strip(), split[1])
        if split and split[1].category_word and "," in split[0] and not re.search(r"[()\[\]]", split[0]):
            # "Tiredness, nausea and constipation: common": the word applies to each effect of the list
            items = [i for i in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=[^,]*$)", split[0]) if i]
            for item in items:
                self.add_effect(item[:1].upper() + item[1:], split[1], block, group)
            return True
        if split:
            self.add_effect(split[0], split[1], block, group)
            return True
        advice = _ADVICE_TAIL.search(text) if group else None
        if advice:
            # 'severe blistering skin reactions (...) – call your team the same day if ...': what to do, after the effect
            self.not_mapped(block, "advice after the side effect; no structured element", advice.group(0).strip(" –—-"))
            text = text[: advice.start()].strip()
        if group:
            text, when = P.cut_time_aside(text)
            if when:
                self.not_mapped(block, "when the side effect comes, after its name; no structured element", when)
        # 'Serious infection while your white cell count is low': a clause saying when is no reader's instruction
        if group and text and not re.search(r"\d", text) and len(text) < 120 \
                and not _NOT_AN_EFFECT.search(_your_as_the(_CONSEQUENCE_CLAUSE.sub("", _WHEN_CLAUSE.sub("", re.sub(r"\s*\([^()]*\)", "", text))))):
            # the group's heading gives its band with its word, or the word alone (a lead-in's word: only that)
            heading = self.list_bands.get(block.element.getparent()) or self.group_incidence(block)
            pct = heading if heading and group == (heading.category_word or heading.text.lower()) \
                else Percent(category_word=group, text=group)
            self.add_effect(text.rstrip("."), pct, block, group)
            return True
        return False

    def read_figured_clauses(self, sentence: str, block: Block, group: str | None) -> bool:
        """'A severe drop in neutrophils was seen in 66% of people, and about 1 in 10 had a fever with low neutrophils.':
        clauses joined by ', and' or ';', each with one figure of its own, each read as a sentence; when any one is not
        read, none is (the sentence goes on to the other forms whole)."""
        parts = [x.strip(" .") for x in P.split_unbracketed(sentence, r",\s+and\s+|;\s+")]
        if re.match(r"^[^:]{0,80}:\s", sentence) or len(parts) < 2 or any(len(_CLAUSE_FIGURE.findall(x)) != 1 for x in parts):
            return False
        r = self.regimen
        marks = (len(r.side_effects), len(r.not_mapped), len(r.understood), len(r.findings))
        for x in parts:
            before = len(r.side_effects)
            if not self.read_effect_sentence(x[:1].upper() + x[1:], block, group) or len(r.side_effects) == before:
                del r.side_effects[marks[0]:], r.not_mapped[marks[1]:], r.understood[marks[2]:], r.findings[marks[3]:]
                return False
        return True

    def read_effect_sentence(self, sentence: str, block: Block, group: str | None) -> bool:
        """'Nausea (40%), hair loss (about 1 in 3 people) and heart damage (<1%) can occur.' or
        'Hair loss and tiredness are common.' -> one side effect per item."""
        lead = P.adverb_who_lead(sentence)
        if lead:
            # 'Less often, men noticed changes in taste (3%) or muscle cramps (3%).': the lead is no part of the first
            # effect's name; the effects after it are read with their own figures, the adverb's word kept with each
            r = self.regimen
            marks = (len(r.side_effects), len(r.not_mapped), len(r.understood), len(r.findings))
            rest = lead[1][:1].upper() + lead[1][1:]
            if self.read_effect_sentence(rest, block, group) and len(r.side_effects) > marks[0]:
                for effect in r.side_effects[marks[0]:]:
                    if effect.incidence.category_word is None:
                        effect.incidence = replace(effect.incidence, category_word=lead[0])
                return True
            del r.side_effects[marks[0]:], r.not_mapped[marks[1]:], r.understood[marks[2]:], r.findings[marks[3]:]
        named = P.NAMED_EFFECT_LEAD.match(sentence)
        if named and not re.match(r"^(?:this|it|that|these|they|which|one)\b", named.group("term"), re.I) \
                and P.NAMED_EFFECT_IT.search(named.group("rest")) and len(_CLAUSE_FIGURE.findall(named.group("rest"))) == 1:
            pct = P.incidence(_CLAUSE_FIGURE.search(named.group("rest")).group(0))
            if pct is not None and (pct.value is not None or pct.is_ratio):
                # 'Fever is the side effect people notice most: in the main study more than half ... had it (57%)': the
                # lead names the effect, the clause after the colon gives its figure ('it' is that effect)
                self.understood(block, "a lead naming one side effect, its figure in the clause after the colon",
                                sentence)
                self.add_effect(named.group("term").strip(), pct, block, group)
                return True
        lead = _LEAD_BEFORE_STUDY.match(sentence)
        if lead:
            # the statement before the colon gives no figure: reported; the study's figures after it are read
            self.not_mapped(block, "a statement without a figure before the figures that follow it; no structured element",
                            lead.group("lead") or lead.group("said"))
            if lead.group("study"):
                self.understood(block, "the study the figures come from", lead.group("study"))
            rest = sentence[lead.end():]
            sentence = rest[:1].upper() + rest[1:]
        sentence = _STUDY_CONTEXT.sub("", sentence, count=1)
        sentence = P.DASH_ASIDE.sub("", sentence)  # "X – such as a, b or c – happened in ...": the aside goes
        # "... in 33% of patients on VRd, against 11% of those given Rd alone": the other arm's figure goes
        sentence = _COMPARATOR_ARM.sub("", sentence, count=1)
        if _COMPARISON.search(sentence):
            return False  # "Compared with 11% on Rd, ... 33%": which figure is the regimen's is not read
        if re.search(r"\brespectively\b", sentence, re.I):
            pairs = P.respectively(sentence)
            if pairs is None:
                return False  # effects and figures that do not pair up: reported, not guessed
            for term, pct in pairs:
                self.add_effect(term, pct, block, group)
            return True
        m = _CATEGORY_SENTENCE.match(sentence)
        then = _CATEGORY_THEN_FIGURE.match(sentence[m.end():]) if m else None
        fig = P.incidence(then.group("inc")) if then else None
        if fig is not None and (fig.value is not None or fig.low is not None or fig.is_ratio):
            items = P.split_unbracketed(m.group("items"), _EFFECT_SPLIT.pattern)
            if len(items) != 1:
                # 'Fits and falls are rare: they happened in 0.5% of people': which effect's figure is not said
                self.not_mapped(block, "one figure after a frequency word naming several effects: not read", sentence)
                return True
            # 'Seizures (fits) are uncommon: they happened in 0.9% of men ...': the one effect's figure, its word kept
            term = _ARTICLE.sub("", items[0]) or items[0]
            self.add_effect(term[:1].upper() + term[1:], replace(fig, category_word=" ".join(m.group("cat").lower().split())),
                            block, group)
            return True
        intro = _EFFECT_INTRO.match(sentence)  # 'Common side effects are nausea (45%); vomiting (20%)'
        # (an intro that runs past a colon is left to the list's own lead: 'Less common: seeing or hearing things that
        # are not there (hallucinations), 1–10%; ...' is cut at the colon, never at its 'are')
        pairs = P.semicolon_figures(sentence[intro.end():] if intro and not re.search(r"[;%\d:]", intro.group(0))
                                    else sentence)
        if pairs:
            # 'Nausea, 45%; vomiting, 20%; hair loss, 12%': one effect per item, each with its own figure
            for term, pct in pairs:
                self.add_effect(term, pct, block, group)
            return True
        m = _TERM_RATIO_PERCENT.match(sentence)
        if m and P.incidence(m.group("pct")) is not None:
            self.add_effect(m.group("term").strip(), P.incidence(m.group("pct")), block, group)
            return True
        m = _BAND_LIST.match(sentence)
        if m:
            # 'Common side effects (affecting more than 10% of patients) include ...': the band with the lead's word
            band = m.group("band") or m.group("band2")
            end = m.end("band") if m.group("band") else m.end("band2")
            pct = P.stated_band(sentence[:end]) or P.incidence(band)
            if pct is not None and (pct.comparator or pct.low is not None) and pct.numerator is None:
                # "The most common side effects (affecting more than 20% of people) were a, b and c.": the band is
                # each item's (a bound or a range; a single figure shared by a list is not read)
                items = [re.sub(r"^(?:and|or)\s+", "", i).strip(" .") for i in P.join_occasion_asides(
                    P.split_unbracketed(m.group("items"), r"\s*,\s*(?:and\s+)?|\s+and\s+(?=[^,]*$)"))]
                items = [_ARTICLE.sub("", i) or i for i in items if i]
                for item in items:
                    self.add_effect(item[:1].upper() + item[1:], pct, block, group)
                return bool(items)
        m = _CAN_CAUSE_IN.match(sentence)
        pct = P.incidence(m.group("inc")) if m else None
        if pct is not None and (pct.value is not None or pct.low is not None or pct.is_ratio):
            # 'Rarely, olaparib can cause a bone marrow cancer (MDS or AML), in less than 1% of women.'
            if m.group("adv"):
                pct = replace(pct, category_word=_ADVERB_WORDS[" ".join(m.group("adv").lower().split())])
            term = _ARTICLE.sub("", m.group("term").strip()) or m.group("term").strip()
            self.add_effect(term[:1].upper() + term[1:], pct, block, group)
            return True
        m = _CHANCE_OF.match(sentence)
        if m:
            pct = P.incidence(m.group("inc") or m.group("inc2"))
            term = _ARTICLE.sub("", (m.group("term") or m.group("term2")).strip())
            if pct is not None and term:
                self.add_effect(term[:1].upper() + term[1:], pct, block, group)
                return True
        m = _EFFECT_AFFECTS_WHO.match(sentence)
        if m:
            pct = P.incidence(m.group("who"))
            if pct is not None and (pct.value is not None or pct.low is not None or pct.high is not None
                                    or pct.category_word or pct.is_ratio):
                # "Hair loss affects almost everyone", "... affects most people (around 80%)", "Nausea affects more than
                # 1 in 10 people": the effect, and who it affects as a figure, a band or a word
                term = m.group("term").strip()
                self.add_each(term[:1].upper() + term[1:], pct, block, group)
                return True
        m = _ADVERB_CATEGORY.match(sentence)
        if m:
            # "Less commonly, people get mouth sores or diarrhoea.": each item of that category
            word = _ADVERB_WORDS[" ".join(m.group("adv").lower().split())]
            # items end at commas and at the last 'and' / 'or' ("mouth sores or diarrhoea": two effects)
            # (never inside brackets; an aside saying when it mostly comes stays with the effect before it)
            items = [re.sub(r"^(?:and|or)\s+", "", i).strip(" .") for i in P.join_occasion_asides(
                P.split_unbracketed(m.group("items"), r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+(?=[^,]*$)"))]
            items = [_ARTICLE.sub("", i) or i for i in items if i]
            for item in items:
                self.add_effect(item[:1].upper() + item[1:], Percent(category_word=word, text=m.group("adv")), block, group)
            return bool(items)
        # under a heading naming the effect, 'About 5% of people feel very sick' speaks of that effect (read there)
        first = P.figure_first(sentence, feel=self.heading_effect(block) is None)
        if first:
            self.add_effect(first[0], first[1], block, group)
            return True
        if self.read_figured_clauses(sentence, block, group):
            return True
        m = _PAIRED_OCCURS.match(sentence)
        if m and P.incidence(m.group("p1")) and P.incidence(m.group("p2")):
            # 'Nausea was reported in 45% of patients and vomiting in 20%.': two effects, each with its figure
            for t, f in (("t1", "p1"), ("t2", "p2")):
                term = _ARTICLE.sub("", m.group(t).strip()) or m.group(t).strip()
                self.add_effect(term[:1].upper() + term[1:], P.incidence(m.group(f)), block, group)
            return True
        m = _TERM_COLON_FIGURE.match(sentence)
        if m and P.incidence(m.group("fig")) is not None:
            # 'Fatigue: 40%' as a paragraph of its own
            self.add_effect(m.group("term").strip(), P.incidence(m.group("fig")), block, group)
            return True
        m = _EFFECT_OCCURS.match(sentence)
        if m and m.group("term").count("(") != m.group("term").count(")"):
            m = None  # 'Uncommon (may affect up to 1 in 100 people): ...': a group's band, not an effect's
        if m and not _DISCONTINUE.search(sentence) and not re.search(r"%[^%]*\d\s*%", sentence):
            pct = P.incidence(m.group("inc"))
            if pct is not None and (pct.value is not None or pct.low is not None or pct.is_ratio):
                term = m.group("term").strip()
                self.add_each(term[:1].upper() + term[1:], pct, block, group)
                more = re.search(r"[,;]\s+(?:and\s+)?(?P<clause>[^,;]*?(?:" + _CLAUSE_FIGURE.pattern + r")[^;]*?)\.?$",
                                 sentence[m.end("inc"):], re.I)
                if more:
                    # '..., and about 1 in 20 of them needed a hospital stay': a further clause with a figure of its
                    # own, not read with the effect before it: reported, never dropped
                    self.not_mapped(block, "a further clause with its own figure after a side effect's: not read",
                                    more.group("clause"))
                return True
        adverb = P.frequency_adverb_list(sentence)
        if adverb:
            word, items = adverb
            for item in items:
                self.add_effect(item[:1].upper() + item[1:], Percent(category_word=word, text=word), block, group)
            return True
        m = _FIGURED_LIST.match(sentence)
        if m:
            items = [re.sub(r"^and\s+", "", i).strip() for i in re.split(r"\s*,\s*|\s+and\s+(?=[^,]*$)", m.group("items"))]
            read = [(_FIGURED_ITEM.match(i), i) for i in items if i]
            if read and all(x for x, _ in read) and all(P.incidence(x.group("inc")) for x, _ in read):
                for x, _ in read:
                    term = _ARTICLE.sub("", x.group("term").strip()) or x.group("term").strip()
                    self.add_effect(term[:1].upper() + term[1:], P.incidence(x.group("inc")), block, group)
                return True
        m = _CATEGORY_BAND_LEAD.match(sentence)
        if m:
            # "Very common (more than 1 in 10 people): low white blood cell count and low platelet count, which usually
            # cause no symptoms ...", "Less often (between 1 in 100 and 1 in 10 men): a, b, and c": the band the lead
            # states, with its word, over the effects before the aside
            pct = P.stated_band(m.group("lead")) or P.incidence_lead(m.group("lead"))
            listed = _LIST_ASIDE.split(m.group("items"), maxsplit=1)[0].rstrip(". ")
            items = [i.strip(" .") for i in _split_outside_brackets(listed, ",;") if i.strip(" .")]
            items = [x for i in items for x in _coded_pair(re.sub(r"^and\s+", "", i))]
            if pct is not None and pct.category_word and items:
                for item in items:
                    item = _ARTICLE.sub("", item) or item
                    self.add_effect(item[:1].upper() + item[1:], pct, block, group)
                return True
        m = _CATEGORY_LEAD.match(sentence)
        if m:
            # "Less common: mouth sores, sore or watery eyes." -- items end at commas only ('or' joins one item)
            word = " ".join(m.group("cat").lower().split())
            word = P.category_of_heading(word) or word
            listed = m.group("items").rstrip(". ")
            # items end at semicolons when the list uses them ('hand-foot syndrome (sore, red palms); diarrhoea'), else
            # at commas; never inside brackets
            seps = ";" if ";" in listed else ",;"
            items = [i.strip(" .") for i in _split_outside_brackets(listed, seps) if i.strip(" .")]
            # 'interstitial lung disease, an inflammation of the lungs': what the effect is, no effect of its own (read
            # before the list's 'and' goes: 'shingles, and a ...' is the list's last effect, never a gloss)
            items = P.join_appositive_glosses(items)
            items = P.join_occasion_asides([re.sub(r"^and\s+", "", i) for i in items])
            if len(items) >= 2:
                items[-1:] = _coded_pair(items[-1])  # '..., headache and chest infections': two coded effects
            for item in items:
                item = _ARTICLE.sub("", item) or item  # "a sore mouth": the article is no part of the effect
                self.add_effect(item[:1].upper() + item[1:], Percent(category_word=word, text=word), block, group)
            return bool(items)
        m = _CATEGORY_INCLUDE.match(sentence)
        if m:
            word = " ".join(m.group("cat").lower().split())
            word = P.category_of_heading(word) or word
            # ', and tingling or numbness in the fingers and toes': after a serial comma the list's last 'and' is
            # spent; an 'and' inside the last item joins one effect
            split = r"\s*[,;]\s*(?:and\s+)?" if re.search(r",\s+and\s+", m.group("items")) \
                else r"\s*[,;]\s*(?:and\s+)?|\s+and\s+(?=[^,;]*$)"
            # never inside brackets ('a reaction (shivering, fever or a rash)' is one item); an aside saying when it
            # mostly comes (', mostly with the first one') stays with the effect before it
            items = P.join_occasion_asides(P.split_unbracketed(m.group("items"), split))
            for item in items:
                item = _ARTICLE.sub("", item) or item  # "a sore mouth": the article is no part of the effect
                self.add_effect(item[:1].upper() + item[1:], Percent(category_word=word, text=word), block, group)
            return bool(items)
        m = _CATEGORY_SENTENCE.match(sentence)
        if m:
            items = [i.strip(" .") for chunk in P.join_occasion_asides(P.split_unbracketed(m.group("items"),
                                                                                          _EFFECT_SPLIT_NO_OR.pattern))
                     for i in _or_alternatives(chunk) if i.strip(" .")]
            word = " ".join(m.group("cat").lower().split())
            # '... are also very common (more than 1 in 10 men).': the band in brackets is kept with the word
            # ('Kidney damage is rare (less than 1 in 100) if you drink ...': the bracket right after the word)
            bracket = re.match(r"\s*\([^()]*\)", sentence[m.end():])
            pct = (P.stated_band(sentence[m.start("cat"): m.end() + bracket.end()]) if bracket else None) \
                or Percent(category_word=word, text=word)
            for item in items:
                self.add_effect(item[:1].upper() + item[1:], pct, block, group)
            return bool(items)
        sentence = _MOST_COMMON_TAIL.sub("", sentence) if re.search(r"%", sentence) else sentence
        than = _COMPARATIVE_TAIL.search(sentence)
        if than and re.search(r"%", sentence[: than.start()]):
            # 'hair loss (47%) and numbness ... (31%) were more common than with many other lung cancer treatments': a
            # comparison with no figure of its own after the effects' own figures: reported, the figures read
            self.not_mapped(block, "a comparison with other treatments after the side effects' figures; no structured "
                            "element", than.group(0).strip())
            sentence = sentence[: than.start()]
        body = _EFFECT_INTRO.sub("", sentence, count=1) if re.search(r"\(|%|\bin\s+\d", sentence) else sentence
        body = re.sub(r"\s+(?:can|may|might|will)\s+(?:occur|happen)\.?$|\.$", "", body)
        items = _split_top_level(body)
        parsed = _rejoined([(i, _occurs(i) or P.split_trailing_percent(i) or P.split_incidence(i)) for i in items], body)
        if not any(s for _, s in parsed):
            return False
        for item, split in parsed:
            if split:
                self.add_each(split[0][:1].upper() + split[0][1:], split[1], block, group)
            else:
                self.not_mapped(block, "side effect without an incidence in a sentence", item)
        return True

    def on_effect_row(self, block: Block, group: str | None) -> None:
        cells = list(block.cells)
        is_th = all(c.tag == "th" for c in block.element if isinstance(c.tag, str)) and len(block.element)
        table = self.table_key(block)
        # a header row without <th>: two cells or more, each naming a column's role, none an incidence (one cell is no
        # header: 'Nausea (40%) Hair loss (30%)' in one cell would be taken for one and dropped)
        if is_th or (len([c for c in cells if c]) >= 2 and not any(P.incidence(c) for c in cells[1:]) and
                     (all(any(rx.search(c) for _, rx in _COLUMN_ROLES) for c in cells if c) or
                      # 'Side effect | All grades | Grade 3–4': an effect column beside columns named by grade
                      (_EFFECT_ROLE.search(cells[0]) and all(P.GRADE_HEADER.match(c) or
                                                             any(rx.search(c) for _, rx in _COLUMN_ROLES)
                                                             for c in cells[1:] if c)) or
                      # 'Event | Kd | Vd': an effect column beside columns named by the regimens compared
                      (_EFFECT_ROLE.search(cells[0]) and any(self.names_regimen(c) for c in cells[1:])))):
            # a column headed '%' / 'percent' holds percentages even where its cells carry no '%' sign
            self.percent_columns[table] = {i for i, c in enumerate(cells) if i and _PERCENT_HEADER.search(c)}
            joined = _joined_header(self.effect_headers.get(table), _spanned_cells(block.element, cells))
            self.effect_headers[table] = joined
            if any(block.headings[:len(n)] == n for n in self.percent_notes):
                # "Figures are the percentage of people who had each side effect." above the table: its figure
                # columns hold percentages
                self.percent_columns[table] = {i for i in range(1, len(cells))}
            self.grade_columns[table] = (
                next((i for i, c in enumerate(cells) if i and P.ALL_GRADES.search(c)), None),
                {i for i, c in enumerate(cells) if i and (P.SEVERE_GRADES.search(c) or P.OTHER_ARM.search(c))
                 and not P.ALL_GRADES.search(c)})
            roles = [next((r for r, rx in _COLUMN_ROLES if rx.search(c)), None) for c in cells]
            term_col = next((i for i, r in enumerate(roles) if r == "effect"), None)
            inc_col = next((i for i, (r, c) in enumerate(zip(roles, cells)) if i != term_col and
                            (r in ("incidence", "frequency") or _PERCENT_HEADER.search(c))), None)
            if term_col and inc_col is not None:
                # 'How often | Side effects', '% | Effect': the effect is not in the first column
                self.effect_columns[table] = (term_col, inc_col, bool(_PERCENT_HEADER.search(cells[inc_col])))
            self.understood(block, "table header row")
            return
        pcols = self.percent_columns.get(table, set())
        if len(pcols) > 1:
            # 'Any grade (%)' / 'Grade ≥3 (%)' over bare numbers: each of those columns holds percentages
            cells = [f"{c}%" if i in pcols and _BARE_NUMBER.match(c) and "%" not in c else c for i, c in enumerate(cells)]
        if table in self.effect_columns:
            term_col, inc_col, percent = self.effect_columns[table]
            if max(term_col, inc_col) < len(cells):
                term_text, inc_text = cells[term_col], cells[inc_col]
                if percent and _BARE_NUMBER.match(inc_text):
                    inc_text += "%"
                # 'Very common (more than 1 in 10)': the frequency cell's word with the band it states
                pct = P.incidence_lead(inc_text) or P.incidence(inc_text)
                own = _own_figure(term_text)
                if pct and own:
                    # 'Infusion-related reaction (fever, chills) – about 2 in 3 patients, mostly with the first infusion'
                    # in a 'Very common' row: the effect's own figure is the more exact
                    self.add_effect(own[0][:1].upper() + own[0][1:], own[1], block, group)
                    return
                if pct and term_text:
                    items = [term_text]
                    # a category or a band ('More than 1 in 10 people' | 'nausea, tiredness') is each effect's
                    grouped = pct.category_word or (pct.comparator and re.search(r"\bin\b", pct.text or "")) \
                        or P.RATIO_BAND.search(inc_text) or P.RATIO_BETWEEN.search(inc_text)
                    if grouped and "," in term_text and not re.search(r"[\[\]]", term_text) \
                            and not re.search(r"\([^()]*,", term_text):
                        # a comma inside brackets is no item's end; the list ends at its last 'and' (and 'or')
                        items = P.split_effect_list(term_text)
                    for item in items:
                        self.add_effect(item[:1].upper() + item[1:], pct, block, group)
                    return
        term = cells[0] if cells else ""
        pcols = self.percent_columns.get(table, set())
        if len(pcols) > 1:
            # several columns headed '%' (or a section saying its figures are percentages): '76 | 7 | 30 | 0.4'
            cells = [c + "%" if i in pcols and _BARE_NUMBER.match(c) else c for i, c in enumerate(cells)]
        rest = " ".join(cells[1:])
        figures = [i for i, c in enumerate(cells) if i and P.PERCENT_ANY.search(c)]
        if len(figures) > 1:
            # several percentage columns (All grades / Grade 3-4 / another arm): the column whose header names this
            # regimen ('FOLFOXIRI' beside 'FOLFIRI'; its 'All grades' one under a spanning drug header), else the
            # all-grade column when the header names it, else the one column that is neither severe grades nor
            # another arm; otherwise none
            all_col, other = self.grade_columns.get(table, (None, set()))
            headers = self.effect_headers.get(table, [])
            named = [i for i in figures if i < len(headers) and self.names_regimen(headers[i])]
            named_all = [i for i in named if P.ALL_GRADES.search(headers[i])]
            mine = [i for i in figures if i not in other]
            col = named_all[0] if len(named_all) == 1 else named[0] if len(named) == 1 else \
                None if named else \
                all_col if all_col in figures else (mine[0] if len(mine) == 1 and table in self.grade_columns else None)
            if col is None:
                self.not_mapped(block, "side-effect row with several percentage columns and no header naming the "
                                "regimen's all-grade column")
                return
            rest = cells[col]
            others = [f"{headers[i]}: {cells[i]}" if i < len(headers) and headers[i] else cells[i]
                      for i in figures if i != col]
            if others:
                # 'Radiotherapy alone: 10%', 'Grade 3-4: 5%': the other columns' figures, beside the regimen's own
                self.not_mapped(block, "another arm's or grade's figure, in a column beside the regimen's own: not read",
                                f"{term} | " + "; ".join(others))
        pct = P.incidence(rest) if rest else None
        if pct is None:
            bare = [cells[i] for i in sorted(self.percent_columns.get(table, ())) if i < len(cells)
                    and _BARE_NUMBER.match(cells[i])]
            if len(bare) == 1:
                pct = P.incidence(bare[0] + "%")
        if term and pct:
            self.add_effect(term, pct, block, group)
            return
        if term and self.read_effect_item(" ".join(cells), block, group):
            return
        self.not_mapped(block, "side-effect table row without an incidence")

    def effect_table_row(self, block: Block) -> bool:
        """A row of a table whose header row opens with a column of side effects ('Side effect', 'Side effects', 'Adverse
        event') and whose other columns are incidences, grades or the regimen ('All grades | Grade 3–4', '% of
        people'); the header row itself too. A schedule table ('Drug | Dose | Days') or a table of another kind is
        not one."""
        table = self.table_key(block)
        if table in self.headed_effect_tables:
            return True
        cells = [c for c in block.cells]
        is_th = all(c.tag == "th" for c in block.element if isinstance(c.tag, str)) and len(block.element)
        if not is_th or len(cells) < 2 or not _EFFECT_COLUMN_HEADER.match(cells[0] or ""):
            return False
        if not all(P.GRADE_HEADER.match(c) or _PERCENT_HEADER.search(c) or dict(_COLUMN_ROLES)["incidence"].search(c)
                   or self.names_regimen(c) for c in cells[1:] if c):
            return False
        self.headed_effect_tables.add(table)
        self.effect_table_sections.add(block.headings)
        return True

    def names_regimen(self, header: str) -> bool:
        """A table header that names this page's regimen: its title ('FOLFOXIRI'), the title without its bracket
        ('Trastuzumab deruxtecan' for 'Trastuzumab deruxtecan (Enhertu)'), or the same drugs; a column count
        ('(257 people)', '(n=257)', '%') and grade words ('All grades') aside. 'FOLFIRI' beside 'FOLFOXIRI' is not."""
        text = re.sub(r"\([^()]*\)|%", " ", header)
        text = P.SEVERE_GRADES.sub(" ", P.ALL_GRADES.sub(" ", text))
        text = re.sub(r"\bgrades?\s*\d(?:\s*(?:-|–|to|and)\s*\d)?\b|\bn\s*=\s*\d+", " ", text, flags=re.I)
        # 'With FOLFOXIRI', 'Patients on FOLFOXIRI', 'FOLFOXIRI arm', 'People given FOLFOXIRI'
        text = re.sub(r"^\s*(?:(?:patients|people)\s+)?(?:with|on|given|taking|having|receiving)\s+|\s+(?:arm|group)\s*$",
                      " ", text.strip(), flags=re.I)
        key = terminology.match_key(text)
        if not key:
            return False
        title = self.regimen.title or ""
        if key in (terminology.match_key(title), terminology.match_key(re.sub(r"\([^()]*\)", " ", title))):
            return True
        # 'Kd' over a column on the page 'Kd56 - carfilzomib and dexamethasone': the title's short name, or that name
        # without the dose number it ends in ('Vd', another arm, is not)
        short = re.split(r"\s+[-–—:]\s+", title, maxsplit=1)[0]
        if " " not in short.strip() and key in (terminology.match_key(short),
                                               terminology.match_key(re.sub(r"\d+$", "", short.strip()))):
            return True
        names = [n for _, n in find_drugs(text)]
        if not names or {terminology.match_key(n) for n in names} != {terminology.match_key(n) for _, n in find_drugs(title)}:
            return False
        rest = f" {key} "
        for n in names:
            rest = rest.replace(f" {terminology.match_key(n)} ", " ")
        rest = re.sub(r"\b(?:and|plus|with)\b", "", rest).strip()
        if rest and not re.search(r"\b(?:alone|only|without)\b", header, re.I) and not P.OTHER_ARM.search(header):
            # 'Cetuximab + radiotherapy' on 'Cetuximab with radiotherapy for ...': the drugs and a treatment the title
            # names beside them ('Radiotherapy alone' names no drug of the title, another arm)
            title_words = set(terminology.match_key(title).split())
            return all(w in title_words for w in rest.split())
        return not rest  # the drugs and nothing else

    def on_side_effects(self, block: Block) -> None:
        if P.has_percent_words(block.text):
            block = replace(block, text=P.percent_words(block.text), cells=tuple(P.percent_words(c) for c in block.cells))
        group = self.effect_group(block)
        if block.tag in ("li", "tr") and P.is_dose_adjustment(block.text):
            self.not_mapped(block, "dose-adjustment rule (a change of dose, not an incidence); no structured element")
            return
        if block.tag == "tr":
            self.on_effect_row(block, group)
            return
        if block.tag == "li":
            group = self.list_groups.get(block.element.getparent()) or group
            if self.read_effect_item(block.text, block, group):
                return
            self.not_mapped(block, "side effect without an incidence")
            return
        term = self.definition_term(block)
        if term and P.incidence(block.text) and len(block.text) <= 40:
            # '<dt>Vomiting</dt><dd>14.5%</dd>': the term is the effect, the definition its incidence
            if self.read_effect_item(f"{term}: {block.text}", block, group):
                return
        if self.read_labelled_effect(block) or self.read_effect_under_heading(block):
            return
        headed = self.heading_effect(block)
        for sentence in sentences(block.text):
            if P.is_dose_adjustment(sentence):
                self.not_mapped(block, "dose-adjustment rule (a change of dose, not an incidence); no structured element",
                                sentence)
                continue
            if _DISCONTINUE.search(sentence):
                # 'Out of every 100 people in the study, 11 stopped ...': the people counted first, then how many
                pct = P.find_percent(sentence) or P.denominator_first(sentence) or P.incidence(sentence)
                if pct:
                    self.regimen.discontinuation = P.per_hundred(pct)
                    self.understood(block, "discontinuation rate (PlanDefinition extension)", sentence)
                    continue
            intro = _CATEGORY_INTRO.match(sentence)
            nxt = block.element.getnext()
            if intro and nxt is not None and nxt.tag in ("ul", "ol") and block.tag != "li":
                # "Other common side effects are:" over a list: each item of that list is of that category
                word = " ".join(intro.group("cat").lower().split())
                self.list_groups[nxt] = P.category_of_heading(word) or word
                band = P.stated_band(sentence)
                if band is not None:
                    self.list_bands[nxt] = band
                self.understood(block, "category of the list that follows", sentence)
            elif nxt is not None and nxt.tag in ("ul", "ol") and block.tag != "li" and sentence == block.text.strip() \
                    and (P.GROUP_DEFINITION.match(sentence) or P.incidence_lead(sentence)) and P.stated_band(sentence):
                # 'These affect more than 1 in 10 people:' under 'Very common side effects', '<p><strong>Very common
                # </strong> (more than 1 in 10 people)</p>': the band of the list that follows, with the group's word
                band = P.stated_band(sentence)
                heading = self.group_incidence(block)
                if band.category_word is None and heading is not None and heading.category_word:
                    band = replace(band, category_word=heading.category_word)
                self.list_bands[nxt] = band
                self.list_groups[nxt] = band.category_word or band.text.lower()
                self.understood(block, "the band of the list that follows", sentence)
                continue
            if P.FIGURES_ARE_PERCENT.match(sentence):
                self.percent_notes.add(block.headings)
                self.understood(block, "the figures of the table below are percentages", sentence)
                continue
            if P.FOOTNOTE_LINE.match(sentence):
                self.not_mapped(block, "a footnote to the side-effect list; no structured element", sentence)
                continue
            if (sentence.endswith(":") or re.search(r"most commonly reported|side effects .* shown", sentence, re.I)
                    or P.GROUP_DEFINITION.match(sentence)):
                self.understood(block, "introduction of the list", sentence)
                continue
            if headed and _PRONOUN_SUBJECT.match(sentence) and self.read_headed_effect(headed, sentence, block):
                continue  # 'This affects around 30 in 100 people.' under the effect's own heading
            if self.read_effect_sentence(sentence, block, group):
                continue
            if headed and self.read_headed_effect(headed, sentence, block):
                continue  # 'About 40% of people feel sick.' under a heading (an accordion button) naming the effect
            self.not_mapped(block, "side-effect text not understood", sentence)

    def heading_effect(self, block: Block) -> str | None:
        """The innermost heading under the side-effects heading when it names one effect (an accordion button, an h4:
        'Nausea', 'Hair loss'): short, no figure, no category word, no section of its own; else None."""
        hs = block.headings
        known = [i for i, h in enumerate(hs) if section_kind(h) == "side-effects"]
        if not known or known[-1] == len(hs) - 1:
            return None
        h = hs[-1].rstrip(":").strip()
        if not h or len(h) > 60 or re.search(r"\d", h) or section_kind(h) or P.category_of_heading(h) \
                or P.incidence(h) or h.endswith("?") or len(h.split()) > 8:
            return None
        return h

    def read_headed_effect(self, term: str, sentence: str, block: Block) -> bool:
        """One incidence (a figure, a ratio, a band) in a sentence under a heading naming the effect: that effect's,
        once per heading (a second figure under it is reported)."""
        if len(re.findall(r"\d+(?:\.\d+)?\s*%|\b\d+\s+(?:in|out\s+of)\s+\d+", sentence)) != 1 \
                or _COMPARISON.search(sentence) or _DISCONTINUE.search(sentence):
            return False
        pct = P.incidence(sentence)
        if pct is None or pct.category_word and pct.value is None and not pct.is_ratio:
            return False
        key = (block.headings, term)
        if key in self.headed_effects or block.headings in self.effect_headings:
            return False
        self.headed_effects.add(key)
        self.add_effect(term, pct, block, None)
        self.understood(block, "side effect named in its heading, its incidence in the text", sentence)
        return True

    def effect_heading(self, block: Block) -> str | None:
        """The heading right over a block that names one side effect: under the side-effects heading, itself no
        section, no frequency group ('Common') and no figure ('Tiredness (fatigue)' on an accordion button, 'Hair
        loss' as a card title, 'Low neutrophil count' as a definition term); None otherwise."""
        hs = block.headings
        known = [i for i, h in enumerate(hs) if section_kind(h) == "side-effects"]
        if not known or known[-1] >= len(hs) - 1:
            return None
        h = P.FOOTNOTE_MARK.sub("", hs[-1]).strip(" :")
        if not h or len(h) > 80 or section_kind(h) or P.category_of_heading(h) or P.incidence(h) or P.find_doses(h) \
                or re.search(r"\d", h) or h.endswith("?"):
            return None
        return h

    def read_effect_under_heading(self, block: Block) -> bool:
        """'<button>Tiredness (fatigue)</button>' over 'Most people (around 77%) feel more tired ...', '<dt>Low neutrophil
        count</dt><dd>42.8% of people; ...</dd>', a card titled 'Hair loss' over 'Very common. It starts ...': the
        text opens with how many people have it and names no effect of its own, so the effect is the heading's,
        with that figure (or frequency word). One effect per heading; the rest of the text is reported."""
        if block.tag not in ("p", "div", "dd"):
            return False
        term = self.effect_heading(block)
        if term is None or block.headings in self.effect_headings:
            return False
        parts = sentences(block.text)
        pct = P.incidence_lead(parts[0]) if parts else None
        if pct is None or _DISCONTINUE.search(parts[0]):
            return False
        self.effect_headings.add(block.headings)
        self.headed_effects.add((block.headings, term))  # the sentence reader's heading rule takes no second figure
        self.add_effect(term, pct, block, self.effect_group(block))
        self.understood(block, "side effect named in the heading, its incidence at the start of the text", parts[0])
        for x in parts[1:]:
            self.not_mapped(block, "about the side effect named in the heading; no structured element", x)
        return True

    def read_labelled_effect(self, block: Block) -> bool:
        """'<b>Numbness or tingling in the hands and feet:</b> this comes from ... It becomes moderate or severe in
        about 27 in 100 people ...': a bold lead-in naming the effect, and prose about it with exactly one incidence
        (a figure, a ratio); the effect is the lead-in, the incidence that figure. Its own figure, not the group
        heading above it. The other sentences are reported. False when the prose gives no figure or more than one."""
        label = block.label
        if not label or block.tag not in ("p", "div") or section_kind(label) or len(label) > 80 \
                or P.incidence(label) or P.find_doses(label) or P.category_of_heading(label):
            return False
        rest = block.text[len(label):].lstrip(" :.") if block.text.startswith(label) else ""
        parts = sentences(rest)
        m = _PRONOUN_CATEGORY.match(parts[0]) if parts else None
        if m and not re.search(r"\d", rest):
            # '<b>Allergic reactions.</b> These are rare but can be serious.': the pronoun is the lead-in's effect
            word = " ".join(m.group("cat").lower().split())
            self.add_effect(label, Percent(category_word=word, text=word), block, self.effect_group(block))
            self.understood(block, "side effect named in the lead-in, its category in the text", parts[0])
            for x in parts[1:]:
                self.not_mapped(block, "about the side effect named in the lead-in; no structured element", x)
            return True
        figures = [(i, P.incidence(x)) for i, x in enumerate(parts)]
        figures = [(i, pct) for i, pct in figures if pct is not None and pct.category_word is None]
        if len(figures) != 1 or _COMPARISON.search(parts[figures[0][0]]) or _DISCONTINUE.search(rest) \
                or len(re.findall(r"\d+(?:\.\d+)?\s*%|\b\d+\s+(?:in|out\s+of)\s+\d+", rest)) != 1:
            return False
        i, pct = figures[0]
        self.add_effect(label, pct, block, None)
        self.understood(block, "side effect named in the lead-in, its incidence in the text", parts[i])
        for j, x in enumerate(parts):
            if j != i:
                self.not_mapped(block, "about the side effect named in the lead-in; no structured element", x)
        return True

    @staticmethod
    def definition_term(block: Block) -> str | None:
        """The text of the <dt> a <dd> block defines, else None."""
        if block.tag != "dd":
            return None
        prev = block.element.getprevious()
        while prev is not None and not isinstance(prev.tag, str):
            prev = prev.getprevious()
        return normalise(prev.text_content()) if prev is not None and prev.tag == "dt" else None

    def on_label_side_effect(self, block: Block) -> None:
        if self.regimen.drugs and block.tag == "li":
            self.regimen.drugs[-1].general_side_effects.append(block.text)

    def on_monitoring(self, block: Block) -> None:
        links = self.glossary_links(block)
        self.in_imaging = False
        for sentence in sentences(block.text):
            if self.read_monitoring_sentence(sentence, block, links):
                continue
            self.not_mapped(block, "monitoring text not understood", sentence)

    def read_monitoring_sentence(self, sentence: str, block: Block, links: dict[str, str]) -> bool:
        lower = sentence.lower()
        if "before each treatment" in lower or "prior to each" in lower:
            self.lab_schedule = ("before-each-treatment", sentence)
            return True
        if "imaging" in lower and not _LIST_INTRO.search(sentence) and conditions_in(sentence, only="imaging-concern"):
            self.imaging_condition = sentence
            self.in_imaging = True
            return True
        m = _LIST_INTRO.search(sentence)
        if m:
            kind = "imaging" if "imaging" in lower[: m.start() + 10] or self.in_imaging else "lab"
            items = re.split(r",\s*(?:or\s+|and\s+)?|\s+or\s+|\s+plus\s+", m.group("items").rstrip("."))
            for raw in items:
                name = raw.strip()
                if not name or re.search(r"any others|your doctor", name, re.I):
                    continue
                if kind == "lab":
                    schedule, sched_text = self.lab_schedule
                    cond = None
                else:
                    schedule, sched_text = "if-indicated", ""
                    cond_text = self.imaging_condition
                    cond = (conditions_in(cond_text, only="imaging-concern") or [None])[0] if cond_text else None
                self.regimen.monitoring.append(MonitoringItem(
                    name=name, kind=kind, schedule=schedule, schedule_text=sched_text, condition=cond,
                    glossary_key=links.get(name.lower()), location=self.loc(block),
                ))
            return True
        if re.search(r"electrocardiogram|\bECG\b|\bEKG\b", sentence):
            periodic = "periodically" in lower
            baseline = "prior to therapy" in lower or "before starting" in lower or "baseline" in lower
            purpose_key = next((k for t, k in links.items() if "qt" in t), None)
            self.regimen.monitoring.append(MonitoringItem(
                name="Electrocardiogram (ECG)", kind="ecg",
                schedule="baseline-and-periodic" if (periodic and baseline) else ("baseline" if baseline else "periodic"),
                schedule_text=sentence, purpose="QTc interval" if "qtc" in lower else None,
                glossary_key=purpose_key, location=self.loc(block),
            ))
            return True
        return False

    def on_tips(self, block: Block) -> None:
        text = block.text
        threshold = P.find_threshold(text)
        drugs = [code.term for _, code in terminology.find_in("drugs", text)]
        high_count = conditions_in(text, only="high-wbc", threshold=threshold)
        if threshold and high_count:
            given = set(self.regimen.drug_names() or [d.name.lower() for d in self.regimen.drugs])
            options = [d for d in drugs if d.lower() not in given and not self._is_regimen_drug(d)]
            self.regimen.supportive.append(SupportiveAction(
                "cytoreduction", text, drugs=options,
                condition=high_count[0],
                location=self.loc(block),
            ))
            return
        if re.search(r"pre-?medication", text, re.I):
            before = re.search(r"\bbefore\b(?P<rest>.*)$", text, re.I)
            after_before = terminology.find_in("drugs", before.group("rest")) if before else []
            target_code = after_before[0][1] if after_before else None
            premeds = [d for d in drugs if not (target_code and d == target_code.term)]
            if target_code and not self._is_regimen_drug(target_code.term):
                self.finding("warning", "drug-not-in-regimen",
                             f"a tip about premedication names {target_code.term}, which this regimen does not give", block)
            self.regimen.supportive.append(SupportiveAction(
                "premedication", text, drugs=premeds, required=P.premedication_required(text), location=self.loc(block),
                before=[target_code.term] if target_code and self._is_regimen_drug(target_code.term) else []))
            h = _HOURS.search(text)
            if h and re.search(r"watched|observed", text, re.I):
                self.add_observation(Amount(Decimal(P.to_count(h.group("value"))), "h"), text, block)
            return
        if re.search(r"\bobserved\b|\bwatched\b", text, re.I):
            h = _HOURS.search(text)
            if h:
                self.add_observation(Amount(Decimal(P.to_count(h.group("value"))), "h"), text, block)
                return
        rule = warning_for(text)
        if rule:
            self.not_mapped(block, f"tip repeating the label warning '{rule.key}'; the warning is mapped from the label")
            return
        self.not_mapped(block, "general advice; no structured element")

    def _is_regimen_drug(self, name: str) -> bool:
        key = terminology.match_key(name)
        for phase_drug in self.regimen.drug_names():
            if terminology.match_key(phase_drug) == key:
                return True
        for line in self.dose_lines:
            for adm in line[2]:
                if terminology.match_key(adm.drug) == key:
                    return True
        for _, adms in self.schedule_lines:
            for adm in adms:
                if terminology.match_key(adm.drug) == key:
                    return True
        return any(terminology.match_key(d.name) == key for d in self.regimen.drugs)

    def on_label(self, block: Block) -> None:
        if block.tag != "li":
            link = next((a.get("href") for a in block.element.iter("a") if a.get("href")), None)
            if link and self.regimen.drugs and re.search(r"package insert|prescribing|label", block.text, re.I):
                self.regimen.drugs[-1].label_link = link
                self.understood(block, "package insert link (PlanDefinition.relatedArtifact)")
                return
            self.not_mapped(block, "label text that is not a list item")
            return
        drug = self.current_label_drug(block)
        text = block.text
        if re.match(r"^(?:is|given as) an? ", text, re.I):
            routes = terminology.find_in("routes", text)
            if routes:
                drug.routes.append(routes[0][1].term)
                self.understood(block, "drug route (MedicationKnowledge.intendedRoute)")
                return
        understood = False
        for sentence in sentences(text):
            rule = warning_for(sentence)
            if not rule:
                continue
            understood = True
            existing = next((w for w in drug.warnings if w.key == rule.key), None)
            if existing:
                existing.text = f"{existing.text.rstrip('. ')}. {sentence}"
                self.understood(block, f"added to the label warning '{rule.key}'", sentence)
                existing.periods.extend(self.periods(sentence))
            else:
                interactant = _INTERACTANT.search(sentence) if rule.kind == "interaction" else None
                drug.warnings.append(Warning(rule.key, rule.kind, sentence, rule.term, self.periods(sentence),
                                             interactant.group("what").strip() if interactant else "",
                                             self.loc(block)))
        if not understood:
            self.not_mapped(block, "label line not understood")

    def current_label_drug(self, block: Block) -> DrugFacts:
        heading = block.headings[-1] if block.headings else self.regimen.title
        names = terminology.find_in("drugs", heading)
        name = names[0][1].term if names else heading
        for d in self.regimen.drugs:
            if d.name == name:
                return d
        brands = [m.group("brand").strip().rstrip("®").strip() for m in _BRAND.finditer(heading)]
        facts = DrugFacts(name=name, brands=brands)
        self.regimen.drugs.append(facts)
        return facts

    @staticmethod
    def periods(sentence: str) -> list[WarningPeriod]:
        out = []
        after = "last dose" if "last dose" in sentence.lower() else "completion of treatment"
        subject = "all"
        m = re.match(r"^\s*(females|women|males|men)\b", sentence, re.I)
        if m:
            subject = "female" if m.group(1).lower() in ("females", "women") else "male"
        for amount, _start, end in P.find_periods(sentence):
            tail = sentence[end:end + 20].lower()
            who = subject
            if re.match(r"\s*for (males|men)\b", tail):
                who = "male"
            elif re.match(r"\s*for (females|women)\b", tail):
                who = "female"
            out.append(WarningPeriod(who, amount, after))
        return out

    def on_references(self, block: Block) -> None:
        dates = P.find_dates(block.text, self.day_first)
        if dates:
            self.set_dates(dates, block)
            return
        if block.tag == "li" or (block.tag in ("dd", "p") and _CITATION.search(block.text)):
            self.regimen.references.append(Reference(block.text, self.loc(block)))
            return
        self.not_mapped(block, "text in the references section that is not a reference")

    # -- assembly ------------------------------------------------------------------------------------
    def assemble_phases(self) -> None:
        r = self.regimen
        if self.dose_lines and self.schedule_lines:
            for b, _ in self.schedule_lines:
                self.understood(b, "schedule summary, checked against the dose list")
        if not self.dose_lines and self.schedule_lines:
            # no dose pop-up: the schedule list is all there is
            self.dose_lines = [(b, None, adms, []) for b, adms in self.schedule_lines]
        for b, _ in self.schedule_lines:
            self.mapped.add(b.index)
        # a line nested under another dose line (a response-dependent dose under the first one) makes the nested
        # reading below; lines nested under a list item that is no dose line ('Day 1' over its drugs) are top lines
        dose_idx = {line[0].index for line in self.dose_lines}
        top = [line for line in self.dose_lines if line[0].parent not in dose_idx]
        nested = [line for line in self.dose_lines if line[0].parent in dose_idx]
        if not nested and not (len(top) == 1 and self.later_length and self.caps):
            # the generic reading; a single dose line with "later cycles every N days, up to M cycles" keeps
            # the first-cycle / later-cycles reading below
            self.assemble_generic()
            return
        if not top:
            return
        first_block, first_label, first_adms, _ = top[0]
        phase1 = CyclePhase(
            key="cycle-1", label=first_label or "Cycle 1", length=self.first_length or self.later_length,
            count=1, count_max=None, first_cycle=1, administrations=first_adms, text=first_block.text,
            location=self.loc(first_block),
        )
        r.phases.append(phase1)
        cap_by_transplant = [(n, c) for n, c in self.caps if c is not None]
        overall_cap = max((n for n, _ in self.caps), default=None)
        for block, label, adms, conds in nested:
            base_key = "later-" + "-".join(("not-" if c.negated else "") + c.key for c in conds) if conds else "later"
            stop_cap = None
            stop_text = None
            if self.stop and any(c.key == self.stop[1].key and c.negated == self.stop[1].negated for c in conds):
                stop_cap, stop_text = self.stop[0], self.stop[2]
            variants: list[tuple[int | None, list[Condition], str]] = []
            if stop_cap is not None or not cap_by_transplant:
                cap = stop_cap if stop_cap is not None else overall_cap
                variants.append((cap, conds, base_key))
            else:
                for n, cond in cap_by_transplant:
                    suffix = ("-not-" if cond.negated else "-") + cond.key
                    variants.append((n, conds + [cond], base_key + suffix))
            for cap, phase_conds, key in variants:
                r.phases.append(CyclePhase(
                    key=key, label=label or "Subsequent cycles", length=self.later_length or self.first_length,
                    count=1, count_max=(cap - 1) if cap else None, first_cycle=2, conditions=phase_conds,
                    administrations=adms, stop_rule=stop_text if cap == stop_cap else None, text=block.text,
                    location=self.loc(block),
                ))
        if not nested and self.later_length and overall_cap:
            r.phases.append(CyclePhase(
                key="later", label="Subsequent cycles", length=self.later_length, count=1,
                count_max=overall_cap - 1, first_cycle=2, administrations=first_adms, location=self.loc(first_block),
            ))

    def drop_restated_summary(self, groups: dict) -> None:
        """'The dose is 10 mg for each kilogram ..., given on day 1 and day 8 of a 21-day cycle.' in the schedule's lead,
        above the phases ('Cycle 1' / 'Cycle 2 onwards') that give the same drug at the same dose: a summary of those
        phases, never one more phase of its own (it was read as a 'Treatment cycles' phase beside them). Only when every
        dose of the lines of no phase stands before the phases and is restated in them."""
        loose = groups.get(None)
        phased = [a for k, items in groups.items() if k is not None and section_kind(k) != "supportive-medicines"
                  and k not in self.alongside_labels for _, _, line_adms, _ in items for a in line_adms]
        if not loose or not phased:
            return
        first_phased = min(b.index for k, items in groups.items() if k is not None for b, *_ in items)
        given = {(terminology.match_key(a.drug), a.dose) for a in phased}
        if all(b.index < first_phased for b, *_ in loose) and all(
                (terminology.match_key(a.drug), a.dose) in given and a.dose.unit for _, _, adms, _ in loose for a in adms):
            del groups[None]
            for b, *_ in loose:
                self.understood(b, "a summary of the doses the phases below give (not one more phase)")

    def drop_restated_doses(self, groups: dict) -> None:
        """'The 8 mg/kg trastuzumab dose is given only once, at the very first visit; every later cycle uses 6 mg/kg.'
        below a schedule row that gave trastuzumab IV 8 mg/kg then 6 mg/kg: a line naming no route, no day and no time,
        whose every dose repeats a dose an earlier line of the same phase gave with its route, says how those doses are
        used; it is no dose of its own (it was given to every phase, without a route: an invented dose)."""
        for label, items in groups.items():
            routed: set = set()
            kept = []
            for item in items:
                block, _, adms, _ = item
                restates = bool(adms) and all(
                    a.route is None and a.infusion is None and a.dose.unit
                    and (terminology.match_key(a.drug), a.dose) in routed for a in adms) \
                    and not P.parse_days(block.text) and not P.find_infusion(block.text)
                if restates:
                    self.understood(block, "restates doses read above (how they are used), no dose of its own")
                    continue
                routed.update((terminology.match_key(a.drug), a.dose) for a in adms if a.route)
                kept.append(item)
            items[:] = kept

    def assemble_generic(self) -> None:
        """Phases in page order, one per phase label (a page without phases has one phase); each with
        the cycle facts stated for it, else those stated for the whole regimen. Nothing is made up: a
        count or a length the page does not give stays empty."""
        lines = self.generic_doses or self.generic_schedule
        if not lines:
            return
        groups: dict[str | None, list] = {}
        for line in lines:
            groups.setdefault(line[1], []).append(line)
        if None in groups and self.counted_part_labels and self.counted_part_labels[0] in groups:
            # 'Ipilimumab 3 mg/kg every 3 weeks for 4 doses' beside 'Nivolumab 1 mg/kg every 3 weeks for 4 doses, then
            # nivolumab 480 mg every 4 weeks': the lines of no phase with the same count and interval as the first part
            # are in that part
            first = self.counted_part_labels[0]
            f1, w = self.phase_facts.get(first), self.phase_facts.get(None)
            if f1 and w and f1.count == w.count and f1.length and w.length and _in_days(f1.length) == _in_days(w.length):
                loose = groups[None]
                groups = {k: (loose + v if k == first else v) for k, v in groups.items() if k is not None}
        self.drop_restated_summary(groups)
        self.drop_restated_doses(groups)
        weekly = [label for label in groups if label in self.week_phase_labels]
        if weekly and len(groups) > len(weekly):
            # a dose whose interval changes by week beside drugs on cycles of their own (daratumumab with Rd): how the
            # two timings sit together is not read; the week phases are dropped and the line reported
            for label in weekly:
                items = groups.pop(label)
            self.not_mapped(items[0][0], "one dose whose interval changes by week, beside other drugs on cycles: its "
                            "phases are not read", items[0][0].text)
        whole = self.phase_facts.get(None, PhaseFacts())
        self.split_first_cycle(groups, whole)
        # one cycle length stated under one phase only ('Subsequent cycles ... Every 21 days.') and none for the
        # whole regimen: the other phases take it, and the report says so
        stated = {(f.length.value, f.length.unit) for k, f in self.phase_facts.items() if k is not None and f.length}
        shared_length = None
        if whole.length is None and len(stated) == 1:
            value, unit = next(iter(stated))
            shared_length = Amount(value, unit)
        previous: CyclePhase | None = None
        next_first = 1
        for label, items in groups.items():
            if label is not None and (section_kind(label) == "supportive-medicines" or label in self.alongside_labels):
                self.add_supportive_phase(label, items, "alongside" if label in self.alongside_labels else None)
                continue
            own = self.phase_facts.get(label, PhaseFacts()) if label is not None else whole
            part = self.sequence_parts.get(terminology.match_key(_PART_NAME.sub("", label))) if label else None
            if part and own.count is None and own.count_max is None:
                own = replace(own, count=part[0])  # '4 cycles of AC followed by 4 cycles of docetaxel'
            if part and part[1] is not None and own.length is None:
                own = replace(own, length=part[1])  # 'then twelve weeks of weekly paclitaxel': one-week cycles
            start = P.cycle_from(label) if label else None  # "From cycle 7": open-ended, no count from the label
            span = (P.cycle_span(label) or P.treatment_span(label)) if label and not start else None
            length = own.length or (P.cycle_length(label) or P.label_cycle_length(label) if label else None) or whole.length
            if length is None and shared_length is not None and _NUMBERED_CYCLES.search(label or "cycles") \
                    and not _TREATMENT_PART.search(label or ""):
                length = shared_length
                self.regimen.findings.append(Finding(
                    "warning", "cycle-length-from-other-phase",
                    f"no cycle length is stated for {label or 'the treatment cycles'}; the one length the page states "
                    f"({shared_length.value} {shared_length.unit}, under another phase) is used", self.loc(items[0][0])))
            count, count_max = own.count, own.count_max
            if own.in_total and span and span[0] > 1 and (count_max or count) == span[1]:
                # 'Cycles 9 to 17' over '... for up to 17 cycles in total': the total counts the cycles before too;
                # the phase's own count is its heading's span
                count, count_max = span[1] - span[0] + 1, None
            weeks = P.week_span(label) if label else None
            if weeks and length is None and weeks[0] == weeks[1]:
                length = Amount(Decimal(1), "wk")  # 'Week 1' over its doses: one week, given once
            if weeks and count is None and length is not None and length.value and length.unit in ("wk", "d"):
                # 'Weeks 2 to 13' over doses 'every 3 weeks': the span counts its cycles when they fill it exactly
                span_days, cycle = (weeks[1] - weeks[0] + 1) * 7, _in_days(length)
                if cycle and span_days % cycle == 0:
                    count, count_max = span_days // cycle, None
            if count is None and label is not None and P.cycle_count(label):
                count, count_max = P.cycle_count(label)
            if count is None and span:
                count, count_max = span[1] - span[0] + 1, None
            counted = _COUNTED_HEADING.search(label) if label and count is None and not section_kind(label) else None
            if counted and P.to_count(counted.group("n")):
                count, count_max = P.to_count(counted.group("n")), None  # 'EC – 4 cycles, every 3 weeks
            if count is None and label is None:
                count, count_max = whole.count, whole.count_max
            if count is None and len(groups) == 1:
                count, count_max = whole.count, whole.count_max
            first = span[0] if span else (start or next_first)
            adms: list[DrugAdministration] = []
            for _, _, line_adms, _ in items:
                for a in line_adms:
                    same = next((b for b in adms if (b.drug, b.dose, b.route, b.infusion, b.cap, b.frequency)
                                 == (a.drug, a.dose, a.route, a.infusion, a.cap, a.frequency) and b.days and a.days), None)
                    if same is not None:  # the same dose given on more days ("Day 1: ...", "Days 2 and 3: ...")
                        same.days = sorted(set(same.days) | set(a.days))
                        same.text = f"{same.text}; {a.text}"
                        if a.location is not None:
                            self.regimen.understood.append(Fragment(a.text, "days added to the same dose", a.location))
                    else:
                        adms.append(a)
            on_days = own.on_days or whole.on_days
            if on_days:
                for a in adms:
                    if not a.days:
                        a.days = list(on_days)
            cycle_days = _in_days(length)
            for a in adms:
                if a.days or cycle_days is None:
                    continue
                if any(a is b for b in self.alternate_days):
                    # "every other day" in a 28-day cycle: days 1, 3, ... 27
                    a.days = list(range(1, cycle_days + 1, 2))
                    self.regimen.understood.append(Fragment(a.text, "every other day: odd days of the cycle",
                                                            a.location or Location(self.file)))
                elif _every_day_of_cycle(a, length):
                    # "once daily, every day without a break" in a 28-day cycle: days 1 to 28
                    self.regimen.understood.append(Fragment(a.text, "continuous daily dosing: every day of the cycle",
                                                            a.location or Location(self.file)))
            if length is not None:
                for a in adms:
                    if (not a.days and a.frequency is None and a.dose.unit and not (a.infusion and a.infusion.unit == "d")
                            and not any(a is b for b in self.alternate_days)):
                        # "200 mg every 3 weeks": one dose per cycle, on its first day; said in the report
                        a.days = [1]
                        self.regimen.findings.append(Finding(
                            "warning", "day-1-assumed",
                            f"no day of the cycle is stated for {a.drug} {a.dose.value} {a.dose.unit}; read as day 1 "
                            "(one dose per cycle)", a.location or Location(self.file)))
            key = (re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40].strip("-") or "phase") if label else "treatment"
            base, n = key, 2
            while any(p.key == key for p in self.regimen.phases):
                key, n = f"{base}-{n}", n + 1
            starts = (own.start or []) + ((whole.start or []) if label is not None else [])
            phase = CyclePhase(
                key=key, label=label or "Treatment cycles", length=length, count=count, count_max=count_max,
                # the whole regimen's stop rule ("for as long as it is working") is said of its open-ended phases
                stop_rule=own.stop_rule or (whole.stop_rule if count is None or len(groups) == 1 else None),
                first_cycle=first, conditions=items[0][3] + starts, administrations=adms,
                text=" ".join(b.text for b, _, _, _ in items)[:2000], location=self.loc(items[0][0]),
                after=previous.key if previous else None,
            )
            if label is not None and label in self.alternative_schedules and len(groups) > 1 \
                    and all(k in self.alternative_schedules for k in groups):
                # the schedules the page offers side by side: one of them is given, none follows another
                phase.alternative, phase.after, phase.first_cycle = True, None, 1
                if length is None:
                    phase.length = P.interval_label(label)
            self.regimen.phases.append(phase)
            previous = phase
            next_first = first + (count or 1) if (count_max is None) else first + (count_max or 1)

    def split_first_cycle(self, groups: dict, whole: PhaseFacts) -> None:
        """'Trastuzumab 8 mg/kg (loading dose), then 6 mg/kg': in a regimen with no phases of its own, cycle 1 gives
        the first dose and the cycles after it the other; every other drug is in both. The total count, when the
        page gives one, is split the same way (1, then the rest)."""
        first_ids = {id(a) for a in self.first_only}
        later_ids = {id(a) for a in self.later_only}
        adms = [a for _, _, line_adms, _ in groups[None] for a in line_adms] if list(groups) == [None] else []
        first_drugs = {terminology.match_key(a.drug) for a in adms if id(a) in first_ids}
        later_drugs = {terminology.match_key(a.drug) for a in adms if id(a) in later_ids}
        if list(groups) != [None] or not first_drugs or first_drugs != later_drugs:
            # a loading dose needs its later dose (the same drug) on the page; first and later infusion times in a
            # regimen with phases of its own are not split: neither time is given to every cycle (reported)
            for first, later, block, words in self.infusion_splits:
                for items in groups.values():
                    for _, _, ls, _ in items:
                        ls[:] = [a for a in ls if a is not later and not any(a is s for s in self.second_only)]
                first.infusion = None
                self.not_mapped(block, "first and later infusion times in a regimen with phases of its own: not read",
                                words)
            return
        items = groups.pop(None)
        if self.second_only:
            self.split_three_steps(groups, whole, items, first_ids, later_ids)
            return
        groups["Cycle 1"] = [(b, "Cycle 1", [a for a in ls if id(a) not in later_ids], c) for b, _, ls, c in items]
        groups["From cycle 2"] = [(b, "From cycle 2", [replace(a) for a in ls if id(a) not in first_ids], c)
                                  for b, _, ls, c in items]
        self.phase_facts["Cycle 1"] = PhaseFacts(length=whole.length)
        self.phase_facts["From cycle 2"] = PhaseFacts(
            length=whole.length, stop_rule=whole.stop_rule,
            count=(whole.count - 1) if whole.count and whole.count > 1 and not whole.count_max else None,
            count_max=(whole.count_max - 1) if whole.count_max and whole.count_max > 1 else None)
        if whole.count_max and whole.count:
            self.phase_facts["From cycle 2"].count = max(whole.count - 1, 0) or 1
        self.understood_note("a first-cycle (loading) dose and the dose of the later cycles: two phases")

    def split_three_steps(self, groups: dict, whole: PhaseFacts, items: list, first_ids: set, later_ids: set) -> None:
        """Infusion times in three steps (the first time, the second, then the later ones): cycle 1, cycle 2 and from
        cycle 3; every other drug in each. The total count, when given, is split the same way (1, 1, the rest)."""
        second_ids = {id(a) for a in self.second_only}
        for label, leave in (("Cycle 1", later_ids | second_ids), ("Cycle 2", first_ids | later_ids),
                             ("From cycle 3", first_ids | second_ids)):
            groups[label] = [(b, label, [a if label == "Cycle 1" else replace(a) for a in ls if id(a) not in leave], c)
                             for b, _, ls, c in items]
        self.phase_facts["Cycle 1"] = PhaseFacts(length=whole.length)
        self.phase_facts["Cycle 2"] = PhaseFacts(length=whole.length)
        self.phase_facts["From cycle 3"] = PhaseFacts(
            length=whole.length, stop_rule=whole.stop_rule,
            count=(whole.count - 2) if whole.count and whole.count > 2 and not whole.count_max else None,
            count_max=(whole.count_max - 2) if whole.count_max and whole.count_max > 2 else None)
        if whole.count_max and whole.count:
            self.phase_facts["From cycle 3"].count = max(whole.count - 2, 0) or 1
        self.understood_note("infusion times in three steps (first, second, later infusions): three phases")

    def continuous_days(self) -> None:
        """The one rule for a drug taken every day without a break inside a cycle of N days: it is on days 1 to N of
        that cycle, unless the page says other days (then those stand). Applied last, once every phase has its
        length, so that no such drug is left without days of its cycle."""
        for phase in self.regimen.phases:
            for a in phase.administrations:
                if _every_day_of_cycle(a, phase.length):
                    self.regimen.understood.append(Fragment(a.text, "continuous daily dosing: every day of the cycle",
                                                            a.location or Location(self.file)))

    def own_interval_phases(self) -> None:
        """'Zoledronic acid 4 mg IV every 12 weeks' on a page of 28-day cycles: a drug whose own dose line states an
        interval other than its phase's cycle is given on that interval, alongside the cycles (a phase of its own with
        that length), never every cycle and never the cycle length."""
        for phase in list(self.regimen.phases):
            for adm, words, block in self.weekly_times:
                if phase.supportive or phase.length is None or len(phase.administrations) < 2 \
                        or not any(a is adm for a in phase.administrations):
                    continue
                # 'three times a week' with no days, beside the cycle's drugs: on its own timing alongside the cycles
                # (the doses a week in Timing), never one dose per cycle on a day made up
                phase.administrations.remove(adm)
                n = P.TIMES_A_WEEK.search(words)
                n = n.group("n") or n.group("n2")
                adm.days = []
                adm.frequency = adm.frequency or Frequency(P.to_count(n) if n else 2, 1, "wk", words)
                self.regimen.findings = [f for f in self.regimen.findings
                                         if not (f.code == "day-1-assumed" and f.location is adm.location)]
                self.regimen.phases.append(CyclePhase(
                    key="own-timing-" + re.sub(r"[^a-z0-9]+", "-", adm.drug.lower()).strip("-"),
                    label=f"{adm.drug[:1].upper()}{adm.drug[1:]} on its own timing", length=None, count=None,
                    count_max=None, first_cycle=1, administrations=[adm], text=adm.text, location=adm.location,
                    supportive=True))
                self.not_mapped(block, "given several times a week with no days named: on its own timing alongside the "
                                "cycles (the doses a week in Timing); which days is not stated", words)
        for phase in list(self.regimen.phases):
            cycle = _in_days(phase.length)
            if phase.supportive or phase.alternative or not cycle or len(phase.administrations) < 2:
                continue
            for adm in list(phase.administrations):
                own = P.cycle_length(P.without_dosing_interval(adm.text)) if adm.text else None
                days = _in_days(own) if own else None
                if not days or days == cycle or days <= max(adm.days or [1]) and days < cycle \
                        or len(find_drugs(adm.text)) != 1 or P.on_off_cycle(adm.text):
                    continue
                phase.administrations.remove(adm)
                label = f"{adm.drug[:1].upper()}{adm.drug[1:]} on its own interval"
                key = "own-interval-" + re.sub(r"[^a-z0-9]+", "-", adm.drug.lower()).strip("-")
                self.regimen.phases.append(CyclePhase(
                    key=key, label=label, length=own, count=None, count_max=None, first_cycle=1,
                    administrations=[adm], text=adm.text, location=adm.location, supportive=True))
                self.regimen.understood.append(Fragment(
                    adm.text, "a drug's own interval beside the cycles: a phase alongside them with that length",
                    adm.location or Location(self.file)))

    def understood_note(self, what: str) -> None:
        first = self.first_only[0] if self.first_only else None
        if first is not None:
            self.regimen.understood.append(Fragment(first.text, what, first.location or Location(self.file)))

    def add_supportive_phase(self, label: str, items: list, base: str | None = None) -> None:
        """Medicines taken alongside the cycles: their dose lines as the page gives them, with no cycle length,
        count or assumed day; a day the line itself states is kept."""
        adms = [a for _, _, line_adms, _ in items for a in line_adms]
        base = base or "supportive-medicines"
        key = base
        n = 2
        while any(p.key == key for p in self.regimen.phases):
            key, n = f"{base}-{n}", n + 1
        self.regimen.phases.append(CyclePhase(
            key=key, label=label, length=None, count=None, count_max=None, first_cycle=1, administrations=adms,
            text=" ".join(b.text for b, _, _, _ in items)[:2000], location=self.loc(items[0][0]), supportive=True,
        ))

    def attach_notes(self) -> None:
        """Sentences about how a drug is taken ('The tablets are taken within 30 minutes after a meal.', 'X runs
        without a break'): attached to the administrations they speak of, in their phase (or every phase when said
        for the whole regimen); reported when the drug cannot be told."""
        for notes, what in ((self.instructions, "instruction"), (self.continuous_notes, "continuous")):
            for block, phase_label, sentence in notes:
                phases = [p for p in self.regimen.phases if phase_label is None or p.label == phase_label]
                adms = [a for p in phases for a in p.administrations]
                named = {terminology.match_key(n) for _, n in find_drugs(sentence)}
                targets = [(p, a) for p in phases for a in p.administrations if terminology.match_key(a.drug) in named]
                if not targets and not named and re.search(r"\b(?:tablets?|capsules?|pills?|by mouth|swallow)", sentence, re.I):
                    oral = {terminology.match_key(a.drug) for a in adms if a.route == "oral"}
                    if len(oral) == 1:  # "the tablets": the one drug of the phase taken by mouth
                        targets = [(p, a) for p in phases for a in p.administrations if a.route == "oral"]
                if not targets:
                    self.not_mapped(block, f"{'how to take a drug' if what == 'instruction' else 'continuous dosing'}: "
                                    "the drug it speaks of is not told", sentence)
                    continue
                for p, a in targets:
                    if what == "instruction":
                        words = P.meal_instruction(sentence)
                        a.instruction = f"{a.instruction}; {words}" if a.instruction and words not in a.instruction else (a.instruction or words)
                    else:
                        a.continuous = True
                        _every_day_of_cycle(a, p.length)
                self.understood(block, "how the drug is taken (Dosage.patientInstruction)" if what == "instruction"
                                else "continuous dosing (every day of the cycle when no days are given)", sentence)

    def add_scheduled_drugs(self) -> None:
        """Every drug the schedule gives has its drug facts, label section or not."""
        known = {terminology.match_key(d.name) for d in self.regimen.drugs}
        for phase in self.regimen.phases:
            for adm in phase.administrations:
                key = terminology.match_key(adm.drug)
                if key not in known:
                    known.add(key)
                    self.regimen.drugs.append(DrugFacts(name=adm.drug))

    def lint(self) -> None:
        r = self.regimen
        for a in self.alternate_days:
            if not a.days:
                r.not_mapped.append(Fragment(a.text, "every other day with no stated end and no cycle length: days of "
                                             "the cycle not read", a.location or Location(self.file)))
        if not r.phases:
            r.findings.append(Finding("error", "no-schedule", "the page gives no dose schedule",
                                      Location(self.file)))
        for phase in r.phases:
            seen: dict[tuple[str, int], DrugAdministration] = {}
            for adm in phase.administrations:
                for day in adm.days:
                    key = (adm.drug.lower(), day, adm.route_text or adm.route, adm.infusion)
                    if key in seen and seen[key].dose != adm.dose:
                        r.findings.append(Finding("warning", "two-doses-same-day",
                                                  f"{adm.drug} has two doses on day {day} of {phase.label}",
                                                  adm.location or Location(self.file)))
                    seen[key] = adm
        # the schedule summary and the dose lines must agree on the days (medicines taken alongside aside)
        alongside = {id(a) for p in r.phases if p.supportive for a in p.administrations}
        summary_days = {d for _, adms in self.schedule_lines for a in adms if id(a) not in alongside for d in a.days}
        phase_days = {d for a in (r.phases[0].administrations if r.phases else []) for d in a.days}
        if summary_days and phase_days and summary_days != phase_days:
            r.findings.append(Finding("warning", "schedule-mismatch",
                                      f"schedule lists days {sorted(summary_days)}, the doses days {sorted(phase_days)}",
                                      Location(self.file, "Schedule")))


# the header of a table's phase column ('Cycle', 'When', 'Phase'), beside columns naming drugs
# a route and a bare duration in brackets after a dose: '90 mg/m2 on days 1 and 2 (IV, 30-60 minutes)'
_BRACKET_ROUTE_DURATION = re.compile(r"\((?P<r>[^(),]{1,30}),\s*(?P<d>\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s*"
                                     r"(?:hours?|hrs?|minutes?|mins?|min|h))\s*\)", re.I)
# 'weekly (weeks 1-8)', 'every 2 weeks (weeks 9 to 24)': an interval and the weeks it runs
_WEEK_RANGE_INTERVAL = re.compile(r"(?P<int>(?P<weekly>weekly|once\s+a\s+week|every\s+week)|every\s+(?P<n>\d|two|three|four)\s+weeks)"
                                  r"\s*\(\s*(?:in\s+)?weeks?\s+(?P<a>\d{1,2})\s*(?:-|–|to)\s*(?P<b>\d{1,2})\s*\)", re.I)
def _then_segments(text: str) -> list[str]:
    """The pieces of a line cut at ';', 'then', 'followed by'; a piece that opens with a rest ('Days 1 to 21, then 7 days
    off | 125 mg once a day') stays with the piece before it (P.REST_CLAUSE): the rest belongs to those days, and what
    follows it in the same piece (a table's dose cell) is no dose line of its own."""
    out: list[str] = []
    pieces = _THEN.split(text)
    seps = [m.group(0) for m in _THEN.finditer(text)]
    for i, piece in enumerate(pieces):
        if out and P.REST_CLAUSE.match(piece) and re.search(r"\b(?:then|followed\s+by)\b", seps[i - 1], re.I):
            out[-1] = f"{out[-1]}{seps[i - 1]}{piece}"
        else:
            out.append(piece)
    return out


# ', then every 4 weeks' after the last range: open-ended
_THEN_EVERY_WEEKS = re.compile(r"^\s*,?\s*(?:and\s+)?then\s+(?P<int>(?P<weekly>weekly)|every\s+(?P<n>\d|two|three|four)\s+weeks)\b", re.I)
# 'You have 4 cycles of AC followed by 4 cycles of docetaxel.', 'four cycles of EC, then four cycles of paclitaxel'
_SEQUENCE_OF_PARTS = re.compile(rf"^(?:you\s+(?:will\s+)?(?:usually\s+)?have\s+|treatment\s+is\s+|this\s+is\s+)?"
                                rf"(?P<n1>\d{{1,2}}|{P._COUNT})\s+cycles?\s+of\s+(?P<a>[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?)\s*,?\s+"
                                rf"(?:followed\s+by|then)\s+(?P<n2>\d{{1,2}}|{P._COUNT})\s+(?:cycles?|(?P<weeks>weeks)|doses)\s+of\s+"
                                # 'then twelve weeks of weekly paclitaxel': twelve one-week cycles
                                rf"(?P<weekly>weekly\s+)?(?P<b>[A-Za-z][\w-]*(?:\s+[a-z][\w-]*)?)\s*\.?$", re.I)
# a heading naming a part, with words around its name: 'Part 1: AC', 'AC (doxorubicin and cyclophosphamide)'
_PART_NAME = re.compile(r"^(?:part|stage|block)\s+\w+\s*[:–-]\s*|\s*\([^()]*\)\s*$", re.I)
# 'daily throughout radiotherapy (42 days)', 'every day during radiotherapy, for 6 weeks': a course with the radiotherapy
_WITH_RADIOTHERAPY = re.compile(r"\b(?:throughout|during|with|alongside)\s+(?:the\s+|your\s+)?(?:radiotherapy|chemoradiation|"
                                r"radiation(?:\s+therapy)?)\b[^.;]*?\(?\s*(?:for\s+)?(?P<n>\d{1,2})\s+(?P<unit>days?|weeks?)\b", re.I)
# ', then paclitaxel ...' between two parts of one sentence
_THEN_PART = re.compile(r",?\s+(?:and\s+)?(?:then|followed\s+by)\s+(?=[A-Za-z0-9])", re.I)
# the later cycles named in a line: 'of cycles 2-6', 'from cycle 2', 'in later cycles'
_LATER_CYCLES = re.compile(r"\bcycles?\s+(?:2|two)\b|\b(?:later|subsequent|following|other)\s+cycles\b", re.I)
# a continuous infusion: 'by continuous IV infusion', 'continuous infusion', 'as a continuous drip'
_CONTINUOUS_INFUSION = re.compile(r"\bcontinuous(?:ly)?\s+(?:(?:iv|intravenous|i\.v\.)\s+)?(?:infusion|drip)\b", re.I)
_FOR_N_DAYS = re.compile(r"\bfor\s+(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty-one|"
                         r"twenty-eight)\s+(?:consecutive\s+)?days\b", re.I)
# a sentence giving premedication: 'you have premedication: ...', 'Premeds: ...', 'pre-medication with ...'
_PREMEDICATION = re.compile(r"\bpre-?medications?\b|\bpre-?meds?\b|\bpremedicated\b", re.I)
# a drug's name used for the time of another's dose: 'before each paclitaxel dose', 'with your rituximab infusion'
_DRUG_AS_TIME = re.compile(r"\w*\s+(?:doses?|infusions?|drips?|treatments?|injections?)\b", re.I)  # from within the name
# a dose timed against another drug: '... 30 minutes before paclitaxel', '... after the cetuximab'
_TIMED_AGAINST = re.compile(r"\b(?:before|after|prior\s+to|following|ahead\s+of)(?:\s+(?:the|each|every|your))?"
                            r"(?:\s+(?:dose|infusion|drip)\s+of)?\s*\S?$", re.I)
# a table column that is a phase of numbered cycles: 'Cycle 1', 'Cycles 2-6', 'Cycle 2 onwards', 'Later cycles'
_CYCLE_COLUMN = re.compile(r"^(?:cycles?\s+\d+(?:\s*(?:-|–|to)\s*\d+)?(?:\s*(?:\+|onwards?|and\s+(?:after|later|beyond)))?(?:\s+only)?|"
                           r"(?:first|second)\s+cycle|(?:later|subsequent|following|other)\s+cycles|from\s+cycle\s+\d+(?:\s+onwards?)?)$",
                           re.I)
_PHASE_COLUMN = re.compile(r"^(?:cycles?|when|phase|stage|part|treatment\s+(?:phase|stage)|period)$", re.I)

# phases that are numbered cycles of one treatment ('Cycle 1', 'Subsequent cycles') share a cycle length; parts of a
# treatment ('Induction', 'Consolidation') each have their own
_NUMBERED_CYCLES = re.compile(r"\bcycles?\b", re.I)
_TREATMENT_PART = re.compile(r"induction|consolidation|maintenance|intensification|continuation|\bphase\b|\bpart\b", re.I)

_TRAILING_CLAUSE = re.compile(r",\s+(?:usually|often|typically|normally|mostly|mainly|generally|given|used|when|where|which|"
                              r"after|before|once|in people|in patients|especially)\b.*$", re.I)


# "for up to 17 cycles in total", "17 cycles altogether": a count of all the cycles, not of one phase's
_IN_TOTAL = re.compile(r"\bcycles?\s+(?:in\s+total|altogether|in\s+all|overall)\b|\b(?:total|overall)\s+of\s+(?:up\s+to\s+)?\d+\s+cycles\b",
                       re.IGNORECASE)
# "If it has shrunk but not disappeared, ", "When the scan shows a response, ": a leading if-clause
_RESTATED_CONDITION = re.compile(r"^(?:if|when|once)\b[^.,;]{3,100},\s*", re.IGNORECASE)


def _links_only(block: Block) -> bool:
    """'<p><a>Print this page</a> · <a href="...">Three-weekly carboplatin and paclitaxel</a></p>': a paragraph or item
    whose words are all inside links (separators aside), with at least one link to a page. (A dose line that is a
    link, '<li><a href="/drugs/cisplatin">Cisplatin 75 mg/m2 IV on day 1</a></li>', is still read: the caller asks.)"""
    el = block.element
    if el is None or block.tag not in ("p", "li", "div") or not isinstance(el.tag, str) \
            or not any(a.get("href") for a in el.iter("a")):
        return False
    outside: list[str] = []

    def walk(node) -> None:
        outside.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag != "a":
                walk(child)
            outside.append(child.tail or "")

    walk(el)
    return not re.sub(r"[\s·|•/,;:–—-]+", "", "".join(outside))


def _every_day_of_cycle(a: DrugAdministration, length: Amount | None) -> bool:
    """A drug taken every day without a break (continuous, with a daily frequency or a drip lasting days) and no days
    of its own, in a cycle of N days, is on days 1 to N; True when its days were so set."""
    cycle_days = _in_days(length)
    if a.days or not a.continuous or cycle_days is None \
            or not (a.frequency is not None or (a.infusion and a.infusion.unit == "d")):
        return False
    a.days = list(range(1, cycle_days + 1))
    return True


def _in_days(length: Amount | None) -> int | None:
    """A cycle length in days (a length in weeks times 7); None when unknown or not whole."""
    if length is None or length.value is None or length.value != int(length.value):
        return None
    n = int(length.value) * (7 if length.unit == "wk" else 1 if length.unit == "d" else 0)
    return n if 0 < n <= 366 else None


# the noun that ends the name of a disease ('breast cancer', 'myeloma', 'carcinoma', 'lymphomas')
_DISEASE_NOUN = re.compile(r"\b(?:cancers?|tumou?rs?|neoplasms?|diseases?|syndromes?|malignanc(?:y|ies)|"
                           r"\w*(?:carcinoma|sarcoma|leuka?emia|lymphoma|myeloma|melanoma|blastoma|glioma)s?)\b", re.I)


def _split_top_level_comma(text: str) -> str:
    """The text up to its first comma outside brackets ('AML (acute), given in hospital' -> 'AML (acute)'); a comma
    before the disease is named parts its qualifiers ('hormone receptor-positive, HER2-negative breast cancer', 'small,
    HER2-positive breast cancers'), so the cut is at the first comma after the disease's noun when there is one."""
    depth = 0
    named = _DISEASE_NOUN.search(text)
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0 and (named is None or i >= named.end()):
            return text[:i]
    return text


def _is_grid_legend(text: str) -> bool:
    """'● = a treatment day', '✓: drug given': the key to a grid table's marks."""
    m = re.match(r"^(?P<mark>\S+)\s*[=:]\s*\S", text)
    return bool(m) and P.is_grid_mark(m.group("mark"))


def _occurs(item: str) -> tuple[str, Percent] | None:
    """'diarrhoea affected 47% of people' -> ('Diarrhoea', 47%): an item of a list sentence."""
    m = _EFFECT_OCCURS.match(item)
    if not m:
        return None
    pct = P.incidence(m.group("inc"))
    if pct is None or (pct.value is None and pct.low is None and not pct.is_ratio):
        return None
    return m.group("term").strip(), pct


def _codes(text: str) -> set[tuple[str, str]]:
    """The condition codes the terminology gives a wording (empty when it knows none)."""
    return {(c.system, c.code) for c in terminology.lookup("conditions", text)}


def _rejoined(parsed: list[tuple[str, tuple[str, Percent] | None]], body: str) -> list[tuple[str, tuple[str, Percent] | None]]:
    """A list sentence's items cut at its commas, put back together where the words say so. Items without a figure
    right before one with a figure:
    - 'nausea, vomiting and diarrhoea (each about 20%)': the bracket says 'each', so each item has that figure;
    - 'swelling of the ankles, legs or face (34%)': the items are places listed after the effect's preposition (none a
      coded effect), so the words are one effect with the figure.
    Any other item without a figure stays as it is (reported, never given a figure)."""
    out: list[tuple[str, tuple[str, Percent] | None]] = []
    for item, split in parsed:
        run = []
        while out and out[-1][1] is None:
            run.insert(0, out.pop()[0])
        each = P.each_figure(item) if split is not None else None
        pct = P.incidence(each[1]) if each else None
        names = run + P.split_unbracketed(each[0], r"\s*,\s*(?:and\s+)?|\s+and\s+") if each else []
        if len(names) >= 2 and pct is not None and (pct.value is not None or pct.low is not None or pct.is_ratio):
            out.extend((n, (n, pct)) for n in names)
            continue
        if split is None or not run:
            out.extend((r, None) for r in run)
            out.append((item, split))
            continue
        for k in range(len(run)):
            # the page's own words from the first item to the figure's, with their commas and conjunctions
            words = re.search(r"[,;]?\s*(?:(?:and|or)\s+)?".join(re.escape(w) for w in run[k:] + [split[0]]), body)
            joined = words.group(0) if words else ", ".join(run[k:] + [split[0]])
            places = P.listed_places(joined)
            if places and not any(terminology.lookup("conditions", p) for p in places):
                out.extend((r, None) for r in run[:k])
                out.append((f"{joined} ({split[1].text})", (joined, split[1])))
                break
        else:
            out.extend((r, None) for r in run)
            out.append((item, split))
    return out


def _routes_named(text: str) -> set[str]:
    """Every route a short text names ('Tablets and drips' -> oral and intravenous)."""
    found: set[str] = set()
    rest = text
    for _ in range(4):
        r = find_route(rest)
        if not r:
            break
        found.add(r[0])
        at = rest.lower().find(r[1].lower())
        if at < 0:
            break
        rest = rest[at + len(r[1]):]
    return found


# a field label over the dose of a page's one drug: '<dt>Taken as</dt><dd>One 80 mg tablet by mouth, once a day</dd>'
_DOSE_FIELD = re.compile(r"^(?:taken\s+as|how\s+(?:it\s+is|it's)\s+taken|(?:(?:usual|recommended|standard|starting)\s+)?"
                         r"(?:adult\s+)?dose|dosage)$", re.I)
# "Very common (more than 1 in 10 people): a and b, which ...", "Uncommon (up to 1 in 100 people): c – red eyes."
_CATEGORY_BAND_LEAD = re.compile(r"^(?P<lead>(?:very\s+common|less\s+common|uncommon|common|very\s+rare|rare|"
                                 r"(?:very\s+|less\s+)?commonly|(?:less\s+)?often|(?:less\s+)?frequently|occasionally|"
                                 r"(?:very\s+|more\s+)?rarely)\s*"
                                 r"\([^()]*\bin\b[^()]*\))\s*:\s*(?P<items>[^0-9%]+)$", re.I)
# where a list of effects ends and a remark on them begins: ", which usually cause no symptoms", " – tell your team"
_LIST_ASIDE = re.compile(r",\s*(?:which|that|who)\b|\s+[–—]\s+", re.I)


def _or_alternatives(item: str) -> list[str]:
    """'diarrhoea or constipation' -> two effects; 'hair thinning or hair loss' (each side the same coded concept) -> one
    effect in two wordings, kept whole; an uncoded side splits as before."""
    parts = P.split_unbracketed(item, r"\s+or\s+")  # 'a rash (fever or chills)': no 'or' inside brackets
    if len(parts) < 2:
        return [item]
    if P.qualifier_pair(item) and not any(terminology.lookup("conditions", p) for p in parts[1:]):
        # 'Bleeding from the stomach or bowel': the 'or' joins two places of one effect; 'bowel' is no effect
        return [item]
    codes = [{(c.system, c.code) for c in terminology.lookup("conditions", p)} for p in parts]
    if all(codes) and len(set.intersection(*codes)) > 0:
        return [item]
    return parts


def _coded_pair(item: str) -> list[str]:
    """'low white blood cell count and low platelet count' -> both, when each half is a coded effect on its own;
    'numbness and tingling in the hands' stays one effect."""
    m = re.match(r"^(?P<a>.+?)\s+and\s+(?P<b>.+)$", item)
    if m and terminology.lookup("conditions", m.group("a")) and terminology.lookup("conditions", m.group("b")):
        return [m.group("a").strip(), m.group("b").strip()]
    return [item]


_META_CLASS = re.compile(r"^(?:post|entry|article|blog)[-_]?(?:meta|byline|date)$|^byline$", re.I)


def _post_meta_time(block: Block):
    """The date of a blog post's byline: a '<time datetime>' in an element classed 'post-meta', 'entry-meta',
    'byline' ...; None when there is none."""
    el = block.element
    if el is None or not any(_META_CLASS.match(c) for c in (el.get("class") or "").split()):
        return None
    t = next((t for t in el.iter("time") if t.get("datetime")), None)
    return P.parse_date(t.get("datetime")) if t is not None else None


# advice after an effect under a frequency heading: ' – call your team the same day if your skin blisters'
_ADVICE_TAIL = re.compile(r"\s+[–—-]\s+(?:call|tell|contact|ring|phone|seek|let)\b.*$", re.I)


def _route_cell_duration(cell: str) -> str:
    """'drip into a vein, 1 hour' -> 'drip into a vein over 1 hour': in a cell naming a route, a bare duration after it
    is how long the drip runs; any other cell is left as it is."""
    if P.ROUTE_CELL_DURATION.search(cell) and find_route(cell) and not P.find_infusion(cell):
        return P.ROUTE_CELL_DURATION.sub(r" over \g<d>", cell)
    return cell


_OWN_FIGURE = re.compile(r"^(?P<term>[^–—]+?)\s+[–—]\s+(?P<inc>.+)$")


def _own_figure(cell: str) -> tuple[str, Percent] | None:
    """'Infusion-related reaction (fever, chills) – about 2 in 3 patients, mostly with the first infusion': an effect
    cell giving its own figure after a dash (a number, not a frequency word); None otherwise."""
    m = _OWN_FIGURE.match(cell)
    pct = P.incidence_lead(m.group("inc")) if m else None
    if pct is None or (pct.value is None and pct.low is None and not pct.is_ratio):
        return None
    return m.group("term").strip(), pct


def _split_outside_brackets(text: str, seps: str) -> list[str]:
    """Split at any of `seps` outside brackets."""
    out, depth, buf = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        if depth == 0 and ch in seps:
            out.append("".join(buf).strip())
            buf = []
            continue
        buf.append(ch)
    out.append("".join(buf).strip())
    return [o for o in out if o]


def _split_top_level(text: str) -> list[str]:
    """Split a list sentence at commas, semicolons, 'and' and 'or' outside brackets."""
    out, depth, buf = [], 0, []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        # a split starts with a comma, a semicolon or white space (what \s matches is what str.isspace() says): the
        # pattern is tried only there
        if depth == 0 and (ch in ",;" or ch.isspace()):
            m = _ITEM_SPLIT.match(text, i)
            if m and m.end() > i:
                out.append("".join(buf).strip())
                buf = []
                i = m.end()
                continue
        buf.append(ch)
        i += 1
    out.append("".join(buf).strip())
    return [o for o in out if o]


def _spanned_cells(tr, cells: tuple[str, ...]) -> list[str]:
    """A header row's cells with a cell spanning columns ('<th colspan="2">Trastuzumab deruxtecan</th>') repeated in
    each column it covers; the row's cells as read when the row also carries cells spanning rows from above."""
    own = []
    for c in tr:
        if isinstance(c.tag, str) and c.tag in ("td", "th"):
            span = (c.get("colspan") or "1").strip()
            own.extend([normalise(c.text_content())] * (min(int(span), 50) if span.isdigit() and int(span) > 0 else 1))
    return own if len(own) == len(cells) else list(cells)


def _joined_header(previous: list[str] | None, cells: list[str]) -> list[str]:
    """Two header rows read as one: 'Trastuzumab deruxtecan (257 people)' over 'All grades' is
    'Trastuzumab deruxtecan (257 people) All grades'. A first header row stands alone."""
    if not previous or len(previous) != len(cells):
        return list(cells)
    return [p if p == c else f"{p} {c}".strip() for p, c in zip(previous, cells)]
