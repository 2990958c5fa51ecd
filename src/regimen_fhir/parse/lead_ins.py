"""Bold lead-ins that name a phase of the treatment and head the blocks after them.

'<p><strong>Cycles 1 to 4</strong> – every 21 days, for 4 cycles. All three drugs are given on day 1:</p>' over a list
of dose lines is a heading in all but markup: the list's doses are that phase's, and so are the cycle facts of the
paragraph itself. Such a paragraph heads the blocks after it up to the next paragraph with a lead-in of its own, or a
change of heading or of scope (a modal, a tab). A lead-in paragraph that holds doses itself ('<b>Cycles 2 to 6:</b>
temozolomide 200 mg/m2 ...') already names the phase of its own doses through its label and heads nothing.
"""
from __future__ import annotations

from collections.abc import Callable

from . import patterns as P
from .blocks import Block


def head_with_phase_lead_ins(blocks: list[Block], names_phase: Callable[[str], bool]) -> None:
    """Append a phase-naming lead-in to the headings of its own paragraph and of the blocks it heads (in place)."""
    lead: str | None = None
    under: tuple[tuple[str, ...], str] | None = None  # (headings, scope) the lead-in was read under
    for b in blocks:
        if b.chrome:
            continue
        if b.tag == "p" and b.label:
            lead, under = None, None
            if names_phase(b.label) and not P.find_doses(b.text):
                lead, under = b.label, (b.headings, b.scope_id)
        elif lead is None or (b.headings, b.scope_id) != under:
            lead, under = None, None
            continue
        if lead is not None:
            b.headings = b.headings + (lead,)
