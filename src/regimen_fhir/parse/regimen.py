"""Read a regimen page into a `Regimen` record.

Driven by what headings and lines say: each block is routed by the section
its headings name (rules/sections.csv), then read with the named patterns.
A block or sentence that no reader understands becomes a `Fragment` with the
reason, so nothing leaves the page silently.
"""
from __future__ import annotations

import re
from decimal import Decimal

from .. import terminology
from ..model import (
    Amount, Condition, CyclePhase, DrugAdministration, DrugFacts, Finding, Fragment, Goal, Indication,
    Location, MonitoringItem, PageDates, Reference, Regimen, SideEffect, SupportiveAction, Warning, WarningPeriod,
)
from . import patterns as P
from .blocks import Block
from .rules import block_kind, conditions_in, warning_for

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_REGIMEN_FOR = re.compile(r"\b(?:treatment )?regimen (?:used )?for (?P<ind>.+?)\.?$", re.I)
_STATUS = re.compile(r"\b(?:patients|people) (?:who|with|whose \w+) (?:has |have )?(?P<status>[^.]*?\b(?:relapsed|refractory)\b[^.;]*?)(?: for [A-Z][A-Za-z]*)?[.;]", re.I)
_GOAL_WORDS = ("remission", "cure")
_LIST_INTRO = re.compile(r"\b(?:often |may )?include[s]?:\s*(?P<items>.+)$", re.I)
_HOURS = re.compile(rf"\b(?P<value>{P._COUNT})\s+hours?\b", re.I)
_DISCONTINUE = re.compile(r"discontinu|stop(?:ped|s)? (?:treatment|therapy)", re.I)
_SETTING = re.compile(r"\b(?P<setting>outpatient infusion cent(?:er|re)|infusion cent(?:er|re)|in the hospital|inpatient)\b", re.I)
_THEN = re.compile(r"\s*;\s*|,?\s*\bthen\b\s*", re.I)
_INTERACTANT = re.compile(r"\binteract(?:s|ions?)? with (?P<what>[^.;]+?)(?:[.;]|$)", re.I)
_BRAND = re.compile(r"\((?P<brand>[^()]+?)®?\)")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s.strip()]


class RegimenReader:
    def __init__(self, blocks: list[Block], file: str, title: str, source, dates: PageDates):
        self.blocks = blocks
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

    # -- helpers ---------------------------------------------------------------------------
    def loc(self, block: Block) -> Location:
        return Location(self.file, block.section, block.path)

    def not_mapped(self, block: Block, reason: str, text: str | None = None) -> None:
        self.regimen.not_mapped.append(Fragment(text or block.text, reason, self.loc(block)))

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
            "label": self.on_label, "references": self.on_references,
        }
        reasons = {
            "media": "links to videos; not part of the regimen definition",
            "assistance": "financial assistance information; not part of the regimen definition",
            "wellness": "general wellness information; not part of the regimen definition",
            "disease": "disease background; the indication is coded from the regimen header",
            "label-side-effects": "label summary of side effects without incidences; the incidences come from the side-effects section",
        }
        for block in self.blocks:
            if any(block.path.startswith(p) for p in skip_paths):
                continue  # glossary pop-ups: read by the glossary parser
            if block.chrome:
                self.not_mapped(block, "site header, navigation or footer")
                continue
            kind = block_kind(block.headings)
            if kind in handlers:
                handlers[kind](block)
            elif kind in reasons:
                self.not_mapped(block, reasons[kind])
            else:
                self.on_unsectioned(block)
            if kind == "label-side-effects":
                self.on_label_side_effect(block)
        self.assemble_phases()
        self.lint()
        return self.regimen

    # -- sections --------------------------------------------------------------------------------
    def on_unsectioned(self, block: Block) -> None:
        m = _REGIMEN_FOR.search(block.text)
        if m:
            self.regimen.indications.append(Indication(m.group("ind").strip(), location=self.loc(block)))
            return
        dates = P.find_dates(block.text)
        if dates:
            self.set_dates(dates)
            return
        self.not_mapped(block, "outside any section the converter knows")

    def set_dates(self, dates: dict) -> None:
        current = self.regimen.dates
        self.regimen.dates = PageDates(created=current.created or dates.get("created"),
                                       updated=current.updated or dates.get("updated"))

    def on_mechanism(self, block: Block) -> None:
        text = block.text
        self.regimen.mechanism = f"{self.regimen.mechanism}\n\n{text}" if self.regimen.mechanism else text

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
        if block.tag == "li":
            adms = self.read_administrations(block.text, block, inherit_drug=None)
            if adms:
                self.schedule_lines.append((block, adms))
                return
        understood = False
        for sentence in sentences(block.text):
            if self.read_cycle_sentence(sentence, block):
                understood = True
                continue
            m = _SETTING.search(sentence)
            if m:
                self.regimen.supportive.append(SupportiveAction("setting", m.group("setting"), location=self.loc(block)))
                understood = True
                continue
            if re.search(r"treatment tracker", sentence, re.I):
                self.not_mapped(block, "link to a site tool", sentence)
                understood = True
                continue
            if re.search(r"click here|starting doses", sentence, re.I):
                understood = True  # a link to the dose pop-up, read there
                continue
            self.not_mapped(block, "schedule sentence not understood", sentence)
        if not understood and not block.text:
            self.not_mapped(block, "empty schedule block")

    def read_cycle_sentence(self, sentence: str, block: Block) -> bool:
        hit = False
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
                return  # already known: one observation period per regimen
        self.regimen.supportive.append(SupportiveAction("observation", text, duration=duration, location=self.loc(block)))

    def on_starting_doses(self, block: Block) -> None:
        if block.tag != "li":
            if re.search(r"\bnote\b|may vary", block.text, re.I):
                self.not_mapped(block, "disclaimer")
            else:
                self.not_mapped(block, "text in the dose section that is not a dose line")
            return
        label, rest = P.split_label(block.text)
        parent_drug = None
        if block.parent is not None:
            for b, _, adms, _ in self.dose_lines:
                if b.index == block.parent and adms:
                    parent_drug = adms[0].drug
        adms = self.read_administrations(rest, block, inherit_drug=parent_drug)
        if not adms:
            self.not_mapped(block, "dose line without a dose pattern")
            return
        conds = conditions_in(label or "")
        self.dose_lines.append((block, label, adms, conds))

    def read_administrations(self, text: str, block: Block, inherit_drug: str | None) -> list[DrugAdministration]:
        out: list[DrugAdministration] = []
        drug = inherit_drug
        route = route_text = None
        infusion = None
        for segment in _THEN.split(text):
            if not segment.strip():
                continue
            names = terminology.find_in("drugs", segment)
            if names:
                drug = names[0][1].term
            doses = P.find_doses(segment)
            days = P.parse_days(segment)
            routes = terminology.find_in("routes", segment)
            if routes:
                route, route_text = routes[0][1].term, self._route_wording(segment, routes[0][0])
            seg_infusion = P.find_infusion(segment) or infusion
            if not doses and days is None:
                continue
            if drug is None and doses:
                drug = segment[: doses[0][1]].strip(" ,:;") or None
            if drug is None:
                continue
            out.append(DrugAdministration(
                drug=drug, dose=doses[0][0] if doses else Amount(None, ""), route=route, route_text=route_text,
                days=days or [], infusion=seg_infusion, cap=P.find_cap(segment), text=segment.strip(),
                location=self.loc(block),
            ))
            infusion = seg_infusion
        return out

    @staticmethod
    def _route_wording(segment: str, key: str) -> str:
        # the page's own words for the route, e.g. "intravenous (I.V.) infusion"
        m = re.search(r"(intravenous(?: \(I\.V\.\))?(?: infusion)?|I\.?V\.?(?: infusion| push| bolus)?|by mouth|orally|oral|"
                      r"subcutaneous(?:ly)?|S[CQ]\b|intramuscular(?:ly)?|intrathecal(?:ly)?)", segment, re.I)
        return m.group(1) if m else key

    def on_side_effects(self, block: Block) -> None:
        if block.tag == "li":
            split = P.split_trailing_percent(block.text)
            if split:
                wording, pct = split
                if pct.value is not None and pct.value > 100:
                    self.finding("warning", "percent-over-100", f"side effect '{wording}' has {pct.value}%", block)
                term = P.bracketed_term(wording) or wording
                self.regimen.side_effects.append(SideEffect(wording, term, pct, location=self.loc(block)))
                return
            self.not_mapped(block, "side effect without an incidence")
            return
        for sentence in sentences(block.text):
            if _DISCONTINUE.search(sentence):
                pct = P.find_percent(sentence)
                if pct:
                    self.regimen.discontinuation = pct
                    continue
            if sentence.endswith(":") or re.search(r"most commonly reported|side effects .* shown", sentence, re.I):
                continue  # the list's introduction
            self.not_mapped(block, "side-effect text not understood", sentence)

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
            self.regimen.supportive.append(SupportiveAction("premedication", text, drugs=premeds, location=self.loc(block)))
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
                return
            self.not_mapped(block, "label text that is not a list item")
            return
        drug = self.current_label_drug(block)
        text = block.text
        if re.match(r"^(?:is|given as) an? ", text, re.I):
            routes = terminology.find_in("routes", text)
            if routes:
                drug.routes.append(routes[0][1].term)
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
        dates = P.find_dates(block.text)
        if dates:
            self.set_dates(dates)
            return
        if block.tag == "li":
            self.regimen.references.append(Reference(block.text, self.loc(block)))
            return
        self.not_mapped(block, "text in the references section that is not a reference")

    # -- assembly ------------------------------------------------------------------------------------
    def assemble_phases(self) -> None:
        r = self.regimen
        if not self.dose_lines and self.schedule_lines:
            # no dose pop-up: the schedule list is all there is
            self.dose_lines = [(b, None, adms, []) for b, adms in self.schedule_lines]
        for b, _ in self.schedule_lines:
            self.mapped.add(b.index)
        top = [line for line in self.dose_lines if line[0].parent is None]
        nested = [line for line in self.dose_lines if line[0].parent is not None]
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

    def lint(self) -> None:
        r = self.regimen
        if not r.phases:
            r.findings.append(Finding("error", "no-schedule", "the page gives no dose schedule",
                                      Location(self.file)))
        for phase in r.phases:
            seen: dict[tuple[str, int], DrugAdministration] = {}
            for adm in phase.administrations:
                for day in adm.days:
                    key = (adm.drug.lower(), day)
                    if key in seen and seen[key].dose != adm.dose:
                        r.findings.append(Finding("warning", "two-doses-same-day",
                                                  f"{adm.drug} has two doses on day {day} of {phase.label}",
                                                  adm.location or Location(self.file)))
                    seen[key] = adm
        # the schedule summary and the dose lines must agree on the days
        summary_days = {d for _, adms in self.schedule_lines for a in adms for d in a.days}
        phase_days = {d for a in (r.phases[0].administrations if r.phases else []) for d in a.days}
        if summary_days and phase_days and summary_days != phase_days:
            r.findings.append(Finding("warning", "schedule-mismatch",
                                      f"schedule lists days {sorted(summary_days)}, the doses days {sorted(phase_days)}",
                                      Location(self.file, "Schedule")))
