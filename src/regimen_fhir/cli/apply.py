"""`regimen-fhir apply`: a regimen Bundle and one patient's facts in, a dated treatment plan out."""
from __future__ import annotations

import re
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from ..apply import ApplyError, Facts, apply_file, body
from ..apply.calendar import CALENDAR_SUFFIXES, render
from ..errors import ExitCode
from ..write import atomic_write_text, dumps

PATIENT_REF = re.compile(r"^(Patient/[A-Za-z0-9\-.]{1,64}|urn:uuid:[0-9a-fA-F-]{36}|https?://\S+/Patient/[A-Za-z0-9\-.]{1,64})$")


class DecimalParam(click.ParamType):
    name = "number"

    def convert(self, value, param, ctx):
        if isinstance(value, Decimal):
            return value
        try:
            d = Decimal(str(value).strip())
        except InvalidOperation:
            self.fail(f"{value!r} is not a number", param, ctx)
        if not d.is_finite():
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return d


class DateParam(click.ParamType):
    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        if isinstance(value, date):
            return value
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            self.fail(f"{value!r} is not a date in the form YYYY-MM-DD", param, ctx)
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a calendar date", param, ctx)


NUMBER = DecimalParam()


@click.command()
@click.argument("bundle_path", metavar="BUNDLE", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--start", required=True, type=DateParam(), help="Date of cycle 1, day 1.")
@click.option("--bsa", type=NUMBER, help="Body surface area in m2 (0 < BSA <= 4).")
@click.option("--height", type=NUMBER, help="Height in cm (with --weight: BSA by Mosteller).")
@click.option("--weight", type=NUMBER, help="Weight in kg (for per-kg doses, and with --height for the BSA).")
@click.option("--response", type=click.Choice(["complete", "partial", "none"]),
              help="Response to the cycles so far (partial: some, not complete); picks the later-cycle phase. "
                   "Without it only the cycles "
                   "that do not depend on the response are planned.")
@click.option("--transplant", is_flag=True, help="The patient proceeds to transplant (the lower cycle cap).")
@click.option("--schedule", "schedule", metavar="TITLE",
              help="For a regimen that offers schedules side by side ('Every 2 weeks' or 'Every 4 weeks'): "
                   "the one to plan, by its title.")
@click.option("--cycles", type=click.IntRange(1, 100), help="Plan at most N cycles in all.")
@click.option("--patient", "patient", help="Reference to the patient, e.g. Patient/123.")
@click.option("--out", "out_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the plan Bundle here (default: standard output).")
@click.option("--calendar", "calendar_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Also draw the plan: FILE.svg or FILE.html (month view) or FILE.ics (iCalendar).")
def apply(bundle_path, start, bsa, height, weight, response, transplant, schedule, cycles, patient, out_file,
          calendar_file):
    """Make one patient's dated treatment plan from a regimen BUNDLE that `convert` wrote.

    Writes a FHIR Bundle in the regimen's version (R4B; R5): a CarePlan, a RequestGroup
    (R5: RequestOrchestration) with dated actions, one MedicationRequest
    per dose (absolute dose from the BSA or weight, rounded to 3 significant figures, capped), one
    ServiceRequest per lab before each treatment day, and Observations recording the measures used.
    """
    try:
        if bsa is None and height is None and weight is None:
            raise ApplyError("give --bsa, or --height and --weight (or --weight for per-kg doses)")
        if patient is not None and not PATIENT_REF.match(patient):
            raise ApplyError(f"--patient {patient!r}: expected a reference such as Patient/123")
        if calendar_file is not None and not calendar_file.name.lower().endswith(CALENDAR_SUFFIXES):
            raise ApplyError(f"--calendar {calendar_file}: the name must end in .svg, .html or .ics")
        for target in (out_file, calendar_file):
            if target is not None and target.resolve() == bundle_path.resolve():
                raise ApplyError(f"{target}: would overwrite the regimen bundle")
        measures = body(bsa, height, weight)
        result = apply_file(bundle_path, start, measures, Facts(response, transplant, cycles, schedule), patient)
        text = dumps(result.bundle)
        picture = render(result.schedule, calendar_file.name, result.bundle["id"]) if calendar_file else None
    except ApplyError as exc:
        click.echo(f"regimen-fhir apply: {exc.message}", err=True)
        sys.exit(ExitCode.FAILED)
    # everything is computed before anything is written: an error leaves no file behind
    if out_file is not None:
        atomic_write_text(out_file, text)
    else:
        click.echo(text, nl=False)
    if picture is not None:
        atomic_write_text(calendar_file, picture)  # .ics keeps its CRLF line ends (no newline translation)
    s = result.schedule
    summary = (f"{len(s.cycles)} cycle(s), {len(s.events)} dose(s), {s.start.isoformat()} to {s.end.isoformat()}"
               + (f"; BSA {s.body.bsa} m2 ({s.body.bsa_method})" if s.body.bsa is not None else ""))
    click.echo(summary, err=True)
    for p in s.pending:
        click.echo(f"not planned: {p}", err=True)
    for n in s.notices:
        click.echo(f"note: {n}", err=True)
    sys.exit(ExitCode.OK)

