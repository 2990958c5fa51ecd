"""The plan as a picture a person reads at a glance, and as an iCalendar file.

SVG (and HTML, which holds the same SVG at the page's top-left corner, then a list of the doses):
one block per month, one row per week (Monday first), one cell per day. A dose day has a blue
box (drug and absolute dose in white); a day with labs or a baseline test has an orange band at
the top of the cell; days inside a cycle are tinted grey; the first day of each cycle says "C<n> D1".
`Layout` gives every cell's position, so that a test can look at the rendered pixels.

iCalendar (RFC 5545): one all-day event per dose and one per day of tests.
"""
from __future__ import annotations

import calendar as pycal
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from .dose import fmt
from .resources import _drug_name
from .schedule import Schedule

CELL_W, CELL_H = 120, 72
MARGIN = 20
LEGEND_H = 56
MONTH_TITLE_H = 30
WEEKDAY_H = 22
MONTH_GAP = 18
LAB_BAND_H = 16  # orange band at the top of the cell
DOSE_TOP = 38  # blue box from here to the cell's bottom (minus 3)

DOSE_COLOUR = "#1d4ed8"
LAB_COLOUR = "#f59e0b"
CYCLE_TINT = "#e5e7eb"
BLANK = "#ffffff"
GRID = "#9ca3af"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _x(text: object) -> str:
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.w // 2, self.y + self.h // 2


class Layout:
    """Where each month and each day sits in the picture."""

    def __init__(self, first: date, last: date):
        self.months: list[tuple[int, int, int]] = []  # (year, month, y of its title)
        self.cells: dict[date, Box] = {}
        y = MARGIN + LEGEND_H
        year, month = first.year, first.month
        while (year, month) <= (last.year, last.month):
            self.months.append((year, month, y))
            grid_top = y + MONTH_TITLE_H + WEEKDAY_H
            weeks = pycal.Calendar(firstweekday=0).monthdatescalendar(year, month)
            for row, week in enumerate(weeks):
                for col, day in enumerate(week):
                    if day.month == month:
                        self.cells[day] = Box(MARGIN + col * CELL_W, grid_top + row * CELL_H, CELL_W, CELL_H)
            y = grid_top + len(weeks) * CELL_H + MONTH_GAP
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        self.width = 2 * MARGIN + 7 * CELL_W
        self.height = y - MONTH_GAP + MARGIN

    def dose_box(self, day: date) -> Box:
        c = self.cells[day]
        return Box(c.x + 3, c.y + DOSE_TOP, c.w - 6, c.h - DOSE_TOP - 3)

    def lab_box(self, day: date) -> Box:
        c = self.cells[day]
        return Box(c.x + 3, c.y + 3, c.w - 6, LAB_BAND_H)

    def blank_point(self, day: date) -> tuple[int, int]:
        """A point in the cell that stays background unless the day is a dose day."""
        b = self.dose_box(day)
        return b.x + b.w - 8, b.y + b.h - 6


def layout_for(schedule: Schedule) -> Layout:
    return Layout(schedule.start, schedule.end)


def _day_info(schedule: Schedule):
    doses: dict[date, list[tuple[str, str]]] = {}  # (dose, drug)
    for e in schedule.events:
        doses.setdefault(e.date, []).append((f"{fmt(e.dose.value)} {e.dose.unit}", _drug_name(e.drug.activity)))
    tests: dict[date, list[str]] = {}
    labs = [m.title for m in schedule.regimen.labs_before_each_dose]
    if labs:
        for e in schedule.events:
            if e.drug.action_id in schedule.regimen.lab_targets:
                tests.setdefault(e.date, labs)
    if schedule.regimen.baseline:
        tests[schedule.start] = list(dict.fromkeys(tests.get(schedule.start, []) +
                                                   [m.title for m in schedule.regimen.baseline]))
    in_cycle = {c.start + timedelta(days=i): c for c in schedule.cycles for i in range(c.phase.cycle_days)}
    return doses, tests, in_cycle


def _short(text: str, limit: int = 19) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def svg(schedule: Schedule) -> str:
    lay = layout_for(schedule)
    doses, tests, in_cycle = _day_info(schedule)
    title = schedule.regimen.plan.get("title") or schedule.regimen.plan.get("name") or "Regimen"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{lay.width}" height="{lay.height}" '
           f'viewBox="0 0 {lay.width} {lay.height}" font-family="DejaVu Sans, Arial, sans-serif">',
           f'<rect x="0" y="0" width="{lay.width}" height="{lay.height}" fill="{BLANK}"/>',
           f'<text x="{MARGIN}" y="{MARGIN + 14}" font-size="16" font-weight="bold">{_x(title)}</text>',
           f'<rect x="{MARGIN}" y="{MARGIN + 26}" width="14" height="14" fill="{DOSE_COLOUR}"/>'
           f'<text x="{MARGIN + 20}" y="{MARGIN + 38}" font-size="12">dose</text>',
           f'<rect x="{MARGIN + 70}" y="{MARGIN + 26}" width="14" height="14" fill="{LAB_COLOUR}"/>'
           f'<text x="{MARGIN + 90}" y="{MARGIN + 38}" font-size="12">labs / tests before the dose</text>',
           f'<rect x="{MARGIN + 280}" y="{MARGIN + 26}" width="14" height="14" fill="{CYCLE_TINT}"/>'
           f'<text x="{MARGIN + 300}" y="{MARGIN + 38}" font-size="12">in a cycle</text>']
    for year, month, y in lay.months:
        out.append(f'<text x="{MARGIN}" y="{y + 20}" font-size="15" font-weight="bold">'
                   f'{pycal.month_name[month]} {year}</text>')
        for col, name in enumerate(WEEKDAYS):
            out.append(f'<text x="{MARGIN + col * CELL_W + 4}" y="{y + MONTH_TITLE_H + 15}" font-size="12" '
                       f'fill="#374151">{name}</text>')
    for day, c in lay.cells.items():
        fill = CYCLE_TINT if day in in_cycle else BLANK
        out.append(f'<rect x="{c.x}" y="{c.y}" width="{c.w}" height="{c.h}" fill="{fill}" stroke="{GRID}"/>')
        if day in tests:
            b = lay.lab_box(day)
            out.append(f'<rect x="{b.x}" y="{b.y}" width="{b.w}" height="{b.h}" fill="{LAB_COLOUR}">'
                       f'<title>{_x(", ".join(tests[day]))}</title></rect>')
            out.append(f'<text x="{b.x + 22}" y="{b.y + 12}" font-size="10">labs</text>')
        out.append(f'<text x="{c.x + 5}" y="{c.y + 14}" font-size="12" font-weight="bold">{day.day}</text>')
        cycle = in_cycle.get(day)
        if cycle and day == cycle.start:
            out.append(f'<text x="{c.x + 5}" y="{c.y + 32}" font-size="11" fill="#111827">C{cycle.number} D1</text>')
        if day in doses:
            b = lay.dose_box(day)
            given = doses[day]
            if len(given) == 1:
                shown = [given[0][0], given[0][1]]
            else:
                shown = [f"{d} {n}" for d, n in given[:2]] if len(given) == 2 else \
                    [f"{given[0][0]} {given[0][1]}", f"+{len(given) - 1} more"]
            out.append(f'<rect x="{b.x}" y="{b.y}" width="{b.w}" height="{b.h}" rx="3" fill="{DOSE_COLOUR}">'
                       f'<title>{_x("; ".join(n + " " + d for d, n in given))}</title></rect>')
            for i, line in enumerate(shown):
                out.append(f'<text x="{b.x + 4}" y="{b.y + 13 + i * 13}" font-size="10" fill="#ffffff">'
                           f'{_x(_short(line))}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def html(schedule: Schedule) -> str:
    title = schedule.regimen.plan.get("title") or "Regimen"
    rows = "".join(f"<tr><td>{e.date.isoformat()}</td><td>{e.cycle}</td><td>{e.day}</td>"
                   f"<td>{_x(_drug_name(e.drug.activity))}</td><td>{fmt(e.dose.value)} {_x(e.dose.unit)}</td></tr>"
                   for e in schedule.events)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_x(title)}: treatment calendar</title>"
            "<style>body{margin:0;font-family:'DejaVu Sans',Arial,sans-serif}svg{display:block}"
            "table{border-collapse:collapse;margin:20px}td,th{border:1px solid #9ca3af;padding:2px 8px}</style>"
            "</head><body>\n" + svg(schedule) +
            "<table><tr><th>Date</th><th>Cycle</th><th>Day</th><th>Drug</th><th>Dose</th></tr>" + rows +
            "</table>\n</body></html>\n")


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 3.1: lines of at most 75 octets, continued with a leading space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + x for x in out[1:]]


def ics(schedule: Schedule, uid_base: str) -> str:
    doses, tests, _ = _day_info(schedule)
    stamp = schedule.start.strftime("%Y%m%dT000000Z")  # fixed, so the same plan gives the same bytes
    title = schedule.regimen.plan.get("title") or "Regimen"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//regimen-fhir//apply//EN", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_text(title + ': treatment plan')}"]

    def event(uid: str, day: date, summary: str, description: str) -> None:
        lines.extend(["BEGIN:VEVENT", f"UID:{uid}@regimen-fhir", f"DTSTAMP:{stamp}",
                      f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
                      f"DTEND;VALUE=DATE:{(day + timedelta(days=1)).strftime('%Y%m%d')}",
                      f"SUMMARY:{_ics_text(summary)}", f"DESCRIPTION:{_ics_text(description)}",
                      "TRANSP:TRANSPARENT", "END:VEVENT"])

    for day in sorted(tests):
        event(f"{uid_base}-labs-{day.isoformat()}", day, "Labs / tests: " + ", ".join(tests[day]),
              "Before the treatment of the day.")
    for n, e in enumerate(schedule.events, 1):
        event(f"{uid_base}-dose-{n}", e.date,
              f"Cycle {e.cycle} day {e.day}: {_drug_name(e.drug.activity)} {fmt(e.dose.value)} {e.dose.unit}",
              e.dose.calculation.replace("{size}", fmt(schedule.body.bsa if e.dose.basis == "bsa"
                                                       else schedule.body.weight or 0)))
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))


def render(schedule: Schedule, filename: str, uid_base: str) -> str:
    """The calendar text for FILE's kind: .svg, .html/.htm or .ics."""
    lower = filename.lower()
    if lower.endswith(".ics"):
        return ics(schedule, uid_base)
    if lower.endswith((".html", ".htm")):
        return html(schedule)
    if lower.endswith(".svg"):
        return svg(schedule)
    raise ValueError(filename)


CALENDAR_SUFFIXES = (".svg", ".html", ".htm", ".ics")
