"""`regimen-fhir terms`: every term the pages use, with the code it got (or none).

A content team runs it to see what to curate next; `--uncoded` lists only the
gaps. Pages are read by the parse stage, terms are coded by the terminology
tables: the same path the conversion takes.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from .. import parse
from ..errors import ExitCode, PageError
from ..pipeline import UsageError, discover
from ..terminology import SYSTEM_NAMES
from ..terminology.usage import ORDER, TermUse, coverage, term_uses

FIELDS = ("kind", "term", "system", "code", "display", "pages")


@dataclass
class Row:
    kind: str
    term: str
    codes: list
    pages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        first = self.codes[0] if self.codes else None
        return {
            "kind": self.kind,
            "term": self.term,
            "system": SYSTEM_NAMES.get(first.system, first.system) if first else "",
            "code": first.code if first else "",
            "display": first.display if first else "",
            "codes": [{"system": c.system, "code": c.code, "display": c.display, "source": c.source} for c in self.codes],
            "pages": self.pages,
        }


def collect(files: list[Path]) -> tuple[list[Row], list[TermUse], list[tuple[str, str]]]:
    rows: dict[tuple[str, str], Row] = {}
    uses: list[TermUse] = []
    errors: list[tuple[str, str]] = []
    for path in files:
        try:
            model = parse.parse_file(path)
        except PageError as exc:
            errors.append((str(path), exc.message))
            continue
        except Exception as exc:  # a parser bug must not stop the listing
            errors.append((str(path), f"internal error while parsing ({type(exc).__name__}: {exc})"))
            continue
        for u in term_uses(model):
            uses.append(u)
            row = rows.setdefault((u.kind, u.text.casefold()), Row(u.kind, u.text, list(u.codes)))
            if str(path) not in row.pages:
                row.pages.append(str(path))
    ordered = sorted(rows.values(), key=lambda r: (ORDER.index(r.kind), r.term.casefold()))
    return ordered, uses, errors


def _table(rows: list[dict], summary: list[str]) -> str:
    cols = ("kind", "term", "system", "code", "display", "pages")
    cells = [[r[c] if c != "pages" else str(len(r["pages"])) for c in cols] for r in rows]
    cells = [[c if len(c) <= 60 else c[:57] + "..." for c in row] for row in cells]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(cols, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join((c or "-").ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    if not cells:
        lines = ["(no terms to list)"]
    return "\n".join(lines + [""] + summary) + "\n"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--uncoded", is_flag=True, help="List only the terms that got no code.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def terms(paths, uncoded, fmt):
    """List every drug, indication, side effect, route, lab/test and unit the pages use, with its code."""
    try:
        files = discover(list(paths))
    except UsageError as exc:
        click.echo(f"regimen-fhir: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    rows, uses, errors = collect(files)
    for file, message in errors:
        click.echo(f"{file}: {message}", err=True)
    shown = [r.as_dict() for r in rows if not (uncoded and r.codes)]
    cov = coverage(uses)
    summary = [f"{k}: {c.coded}/{c.terms} coded ({c.percent}%)" for k, c in cov.items() if c.terms]
    if fmt == "json":
        out = {"terms": shown,
               "coverage": {k: {"terms": c.terms, "coded": c.coded, "percent": c.percent, "uncoded": c.uncoded}
                            for k, c in cov.items()},
               "errors": [{"file": f, "error": m} for f, m in errors]}
        click.echo(json.dumps(out, indent=2, ensure_ascii=False))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(FIELDS)
        for r in shown:
            writer.writerow([r["kind"], r["term"], r["system"], r["code"], r["display"], "|".join(r["pages"])])
        click.echo(buf.getvalue(), nl=False)
    else:
        click.echo(_table(shown, summary), nl=False)
    sys.exit(ExitCode.FAILED if errors else ExitCode.OK)
