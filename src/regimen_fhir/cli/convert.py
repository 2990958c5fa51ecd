"""`regimen-fhir convert`: pages in, one Bundle per regimen page and a run report out."""
from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import click

from ..bundle import BUNDLE_TYPES, DEFAULT_BUNDLE_TYPE
from ..errors import ExitCode
from ..map import MapContext
from ..map.common import DEFAULT_CANONICAL_BASE
from ..map.versions import VERSIONS
from ..pipeline import ConvertOptions, UsageError, run
from ..report import build_report, summary_line
from ..validate.packages import PackageMissing
from ..validate.packages import core as core_package
from ..write import atomic_write_json


def source_date_epoch_seconds() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds convention) as seconds, or None when unset."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    try:
        seconds = int(raw)
        datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {raw!r}") from None
    if seconds < 0:
        raise click.UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, not {raw!r}")
    return seconds


def source_date_epoch() -> str | None:
    """SOURCE_DATE_EPOCH as a FHIR instant, or None."""
    seconds = source_date_epoch_seconds()
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the bundles and report.json.")
@click.option("--bundle-type", type=click.Choice(list(BUNDLE_TYPES)), default=DEFAULT_BUNDLE_TYPE,
              show_default=True, help="transaction: conditional PUTs a FHIR server can load again and again "
                                      "without duplicates; collection: to read or archive.")
@click.option("--format", "output_format", type=click.Choice(["bundle", "ndjson"]), default="bundle",
              show_default=True, help="bundle: one Bundle per page; ndjson: one <ResourceType>.ndjson per type "
                                      "for all pages, each resource once.")
@click.option("--fhir-version", type=click.Choice(["R4B", "R5"]), default="R4B", show_default=True)
@click.option("--canonical-base", default=DEFAULT_CANONICAL_BASE, show_default=True,
              help="Base of every canonical URL the output defines ({base}/{ResourceType}/{id}); "
                   "also the base of the profile, extension and identifier-system URLs.")
@click.option("--publisher", default=None, help="Publisher name; default: the site name of each page.")
def convert(paths, out_dir, bundle_type, output_format, fhir_version, canonical_base, publisher):
    """Convert regimen pages (files or folders of *.html) into FHIR bundles in OUT."""
    options = ConvertOptions(
        out_dir=out_dir, bundle_type=bundle_type, fhir_version=fhir_version, output_format=output_format,
        context=MapContext(canonical_base=canonical_base.rstrip("/"), version=VERSIONS[fhir_version],
                           publisher=publisher, recorded=source_date_epoch()),
    )
    try:
        core_package(fhir_version)  # the validator needs the core definitions: say so before any page
    except PackageMissing as exc:
        click.echo(f"regimen-fhir: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    start = time.perf_counter()
    try:
        results = run(list(paths), options)
    except UsageError as exc:
        click.echo(f"regimen-fhir: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    report = build_report(results, options, time.perf_counter() - start)
    atomic_write_json(out_dir / "report.json", report)
    for r in results:
        if r.status == "failed":
            where = f" [{r.error_location}]" if r.error_location else ""
            click.echo(f"{r.file}: {r.error}{where}", err=True)
    click.echo(summary_line(report), err=True)
    sys.exit(ExitCode.FAILED if report["summary"]["failed"] else ExitCode.OK)
