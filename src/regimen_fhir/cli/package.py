"""`regimen-fhir package`: our profiles (and optionally converted content) as a FHIR NPM package."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import ExitCode
from ..map.common import DEFAULT_CANONICAL_BASE
from ..map.versions import VERSIONS
from ..package import PackageError, build
from .convert import source_date_epoch_seconds


@click.command()
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for <name>-<version>.tgz.")
@click.option("--content", "content_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Also pack the resources that `regimen-fhir convert` wrote to this folder (bundles or NDJSON).")
@click.option("--name", default=None, help="Package name; default: the one in profiles/package/package.json, "
                                           "else regimen-fhir.profiles.")
@click.option("--version", "pkg_version", default=None, help="Package version; default: the profiles' version.")
@click.option("--fhir-version", type=click.Choice(sorted(VERSIONS)), default="R4B", show_default=True)
@click.option("--canonical-base", default=DEFAULT_CANONICAL_BASE, show_default=True,
              help="Base of the canonical URLs in the package (use the one you converted with).")
@click.option("--profiles", "profiles_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Take the conformance resources from this folder instead of the installed profiles/.")
def package(out_dir, content_dir, name, pkg_version, fhir_version, canonical_base, profiles_dir):
    """Write a FHIR NPM package (package/package.json, package/.index.json, one file per resource)."""
    try:
        target, contents = build(out_dir, profiles=profiles_dir, content=content_dir, name=name, version=pkg_version,
                                 fhir_version=fhir_version, canonical_base=canonical_base,
                                 mtime=source_date_epoch_seconds() or 0)
    except PackageError as exc:
        click.echo(f"regimen-fhir package: {exc}", err=True)
        sys.exit(ExitCode.USAGE)
    except OSError as exc:
        click.echo(f"regimen-fhir package: cannot write to {out_dir} ({exc.strerror})", err=True)
        sys.exit(ExitCode.FAILED)
    for note in contents.skipped:
        click.echo(f"note: {note}", err=True)
    click.echo(f"{target}: {len(contents.conformance)} conformance resource(s), "
               f"{len(contents.content)} content resource(s)", err=True)
    click.echo(str(target))
