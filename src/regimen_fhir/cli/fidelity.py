"""`regimen-fhir fidelity`: facts found / facts expected per page, as a table."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode
from ..pipeline import UsageError, discover


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--facts", "facts_dir", required=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Folder of facts files (*.json, one per page).")
@click.option("--min", "minimum", default=0.9, show_default=True, type=click.FloatRange(0, 1),
              help="Fail when overall fidelity is below this, or when anything is invented.")
@click.option("-v", "--verbose", is_flag=True, help="List each missing or invented fact.")
def fidelity(paths, facts_dir, minimum, verbose):
    """Check that the facts each page states land in the right FHIR elements of its bundle."""
    from ..fidelity import run, table

    try:
        pages = discover(list(paths))
    except UsageError as exc:
        click.echo(f"regimen-fhir: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    results = run(pages, facts_dir)
    if not results:
        click.echo(f"regimen-fhir: no page has a facts file in {facts_dir}", err=True)
        sys.exit(ExitCode.USAGE)
    click.echo(table(results))
    if verbose:
        for r in results:
            for m in r.missing:
                click.echo(f"{r.page}: missing {m}")
            for i in r.invented:
                click.echo(f"{r.page}: invented {i}")
    expected = sum(r.expected for r in results)
    found = sum(r.found for r in results)
    invented = sum(len(r.invented) for r in results)
    sys.exit(ExitCode.OK if expected and found / expected >= minimum and not invented else ExitCode.FAILED)
