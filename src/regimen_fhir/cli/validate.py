"""`regimen-fhir validate`: JSON files (resources or bundles) in, one OperationOutcome per file out."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..errors import ExitCode
from ..map.common import DEFAULT_CANONICAL_BASE
from ..validate import Issue, has_errors, operation_outcome, validate_document
from ..validate.packages import PackageMissing
from ..write import atomic_write_json

MAX_BYTES = 64 * 1024 * 1024


def _load(path: Path) -> tuple[object, list[Issue]]:
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Issue("fatal", "too-costly", "Resource", f"the file is larger than {MAX_BYTES // 2**20} MiB")]
        with path.open(encoding="utf-8") as f:
            return json.load(f), []
    except UnicodeDecodeError:
        return None, [Issue("fatal", "structure", "Resource", "the file is not UTF-8 text")]
    except json.JSONDecodeError as exc:
        return None, [Issue("fatal", "structure", "Resource", f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")]
    except RecursionError:
        return None, [Issue("fatal", "structure", "Resource", "the JSON is nested too deeply")]
    except OSError as exc:
        return None, [Issue("fatal", "exception", "Resource", f"cannot read the file ({exc.strerror})")]


def outcome_name(path: Path, taken: set[str]) -> str:
    stem = "".join(c if c.isalnum() or c in "._-" else "-" for c in path.stem).strip("-.") or "file"
    name, n = f"{stem}.outcome.json", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.outcome.json"
    taken.add(name)
    return name


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Also write FILE.outcome.json (an OperationOutcome) per file into this folder.")
@click.option("--fhir-version", type=click.Choice(["R4B", "R5"]), default="R4B", show_default=True)
@click.option("--canonical-base", default=DEFAULT_CANONICAL_BASE, show_default=True,
              help="The base the files' own profile and extension URLs use (as given to convert).")
def validate(files, out_dir, fhir_version, canonical_base):
    """Validate FHIR JSON FILES (resources or Bundles) against the base spec and our profiles.

    Prints one OperationOutcome per file; exit 0 when all are valid, 1 when any has an error."""
    missing = [f for f in files if not f.is_file()]
    if missing:
        click.echo(f"regimen-fhir: {missing[0]}: no such file", err=True)
        sys.exit(ExitCode.USAGE)
    base = canonical_base.rstrip("/")
    failed = 0
    taken: set[str] = set()
    for path in files:
        doc, issues = _load(path)
        if not issues:
            try:
                issues = validate_document(doc, fhir_version, base)
            except PackageMissing as exc:
                click.echo(f"regimen-fhir: {exc}", err=True)
                sys.exit(ExitCode.USAGE)
            except Exception as exc:  # a validator bug must not end the run with a traceback
                issues = [Issue("fatal", "exception", "Resource",
                                f"internal error while validating ({type(exc).__name__}: {str(exc)[:200]})")]
        outcome = operation_outcome(issues)
        if has_errors(issues):
            failed += 1
        click.echo(json.dumps({"file": str(path), "outcome": outcome}, ensure_ascii=False))
        if out_dir is not None:
            out_dir.mkdir(parents=True, exist_ok=True)
            atomic_write_json(out_dir / outcome_name(path, taken), outcome)
    n_err = sum(1 for _ in files) - failed
    click.echo(f"{n_err} valid, {failed} with errors", err=True)
    sys.exit(ExitCode.FAILED if failed else ExitCode.OK)
