"""`regimen-fhir convert`: pages in, one Bundle per regimen page and a run report out."""
from __future__ import annotations

import os
import signal
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import click

from ..bundle import BUNDLE_TYPES, DEFAULT_BUNDLE_TYPE
from ..batch import Batch, Interrupted, default_jobs, stop_on_signals
from ..errors import ExitCode, one_line
from ..map import MapContext
from ..map.common import DEFAULT_CANONICAL_BASE
from ..map.versions import VERSIONS
from ..pipeline import ConvertOptions, UsageError, discover
from ..progress import Progress
from ..report import ReportWriter, summary_line
from ..validate.packages import PackageMissing
from ..validate.packages import core as core_package


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
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes; default: all cores. 1 converts in this process. The output does not depend on it.")
@click.option("--page-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds one page may take; a page that takes longer fails alone and the batch goes on. 0: no limit.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; failures are still listed.")
def convert(paths, out_dir, bundle_type, output_format, fhir_version, canonical_base, publisher, jobs, page_timeout,
            quiet):
    """Convert regimen pages (files or folders of *.html) into FHIR bundles in OUT."""
    options = ConvertOptions(
        out_dir=out_dir, bundle_type=bundle_type, fhir_version=fhir_version, output_format=output_format,
        page_timeout=page_timeout or None,
        context=MapContext(canonical_base=canonical_base.rstrip("/"), version=VERSIONS[fhir_version],
                           publisher=publisher, recorded=source_date_epoch()),
    )
    try:
        core_package(fhir_version)  # the validator needs the core definitions: say so before any page
    except PackageMissing as exc:
        click.echo(f"regimen-fhir: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    run_batch(list(paths), options, jobs or default_jobs(), quiet)


def run_batch(paths: list[Path], options: ConvertOptions, jobs: int, quiet: bool) -> None:
    """Stream the batch: bundles written as pages finish, one stderr line per failure, the reports at the end."""
    start = time.perf_counter()
    try:
        files = discover(paths)
        options.out_dir.mkdir(parents=True, exist_ok=True)
    except UsageError as exc:
        click.echo(f"regimen-fhir: {one_line(str(exc))}", err=True)
        sys.exit(ExitCode.USAGE)
    except OSError as exc:
        click.echo(f"regimen-fhir: cannot create the output folder {one_line(str(options.out_dir))} ({exc.strerror})",
                   err=True)
        sys.exit(ExitCode.USAGE)
    progress = Progress(sys.stderr, len(files), enabled=not quiet and sys.stderr.isatty())
    batch = Batch(files, options, jobs=jobs,
                  on_glossary=lambda done, total: progress.update(done) if done % 16 == 0 or done == total else None)
    report = ReportWriter(options.out_dir, options)
    try:
        with stop_on_signals():
            progress.phase("glossary pass")
            for done, result in enumerate(batch.run(), 1):
                if done == 1:
                    progress.phase("converting", 0)
                report.add(result)
                if result.status == "failed":
                    where = f" [{result.error_location}]" if result.error_location else ""
                    progress.echo(one_line(f"{result.file}: {result.error}{where}"))
                progress.update(done, report.tally.failed)
            progress.close()
            summary = report.finish(time.perf_counter() - start, batch.jobs, batch.glossary_seconds,
                                    patch=batch.patch_entry if batch.collector is not None else None)
    except Interrupted as exc:
        progress.close()
        report.close()
        done = report.tally.files
        click.echo(f"regimen-fhir: interrupted by {exc}: {done} of {len(files)} page(s) done, "
                   f"no partial files left; run the same command again to complete the batch", err=True)
        sys.stderr.flush()
        # Exit at once: the workers are gone and nothing is left to write; a normal exit would
        # wait in the process pool's exit hook for its manager thread, which a signal may have cut.
        os._exit(ExitCode.INTERRUPTED if exc.signum == signal.SIGINT else ExitCode.TERMINATED)
    except OSError as exc:
        progress.close()
        click.echo(f"regimen-fhir: cannot write the output in {one_line(str(options.out_dir))} ({exc.strerror})",
                   err=True)
        sys.exit(ExitCode.FAILED)
    if not quiet:
        click.echo(summary_line(summary), err=True)
    sys.exit(ExitCode.FAILED if summary["summary"]["failed"] else ExitCode.OK)
