"""The thin orchestrator: parse -> model -> map -> validate -> bundle -> write, page by page.

It only sequences the stages and turns their errors into per-file results;
every decision lives in a stage. One bad page never stops the run.
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import parse
from .bundle import build_bundle, check_bundle
from .errors import PageError
from .map import MapContext, map_regimen, merge_glossary
from .map.provenance import recorded_time
from .ndjson import NdjsonCollector
from .model import Finding, Fragment, GlossaryPage, Regimen
from .terminology.usage import uncoded_warnings
from .validate import Issue, bundle_references, has_errors, operation_outcome, validate_resource
from .write import atomic_write_json

PAGE_SUFFIXES = (".html", ".htm")
RESERVED_NAMES = {"report", "con", "prn", "aux", "nul", "com1", "lpt1"}


class UsageError(Exception):
    pass


@dataclass
class FileResult:
    file: str  # as given (relative to the working folder when possible)
    kind: str = "unknown"  # regimen | glossary | not-regimen | unreadable
    status: str = "pending"  # converted | glossary | failed
    output: str | None = None
    error: str | None = None
    error_location: str | None = None
    resources: dict[str, int] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    not_mapped: list[dict] = field(default_factory=list)
    outcome: dict | None = None
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class ConvertOptions:
    out_dir: Path
    bundle_type: str = "transaction"
    fhir_version: str = "R4B"
    context: MapContext = field(default_factory=MapContext)
    output_format: str = "bundle"  # bundle | ndjson


def discover(paths: list[Path]) -> list[Path]:
    """Files as given, folders searched for *.html / *.htm, in sorted order, without duplicates."""
    found: list[Path] = []
    for p in paths:
        if not p.exists():
            raise UsageError(f"{p}: no such file or folder")
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PAGE_SUFFIXES))
        else:
            found.append(p)
    seen: dict[Path, None] = {}
    for f in found:
        seen.setdefault(f.resolve(), None)
    return [Path(_display(f)) for f in seen]


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def output_name(path: Path) -> str:
    """A safe file name from the page's file name, never from its content."""
    stem = _UNSAFE.sub("-", path.stem).strip("-.") or "page"
    if stem.lower() in RESERVED_NAMES:
        stem += "-page"
    return stem[:120] + ".json"


def _finding(f: Finding) -> dict:
    return {"severity": f.severity, "code": f.code, "message": f.message, "location": str(f.location)}


def _fragment(f: Fragment) -> dict:
    return {"text": f.text[:300], "reason": f.reason, "location": str(f.location)}


def parse_all(files: list[Path]) -> tuple[dict[Path, Regimen | GlossaryPage], dict[Path, FileResult]]:
    models: dict[Path, Regimen | GlossaryPage] = {}
    results: dict[Path, FileResult] = {}
    for path in files:
        result = FileResult(file=str(path))
        results[path] = result
        t0 = time.perf_counter()
        try:
            model = parse.parse_file(path)
        except PageError as exc:
            result.kind = "not-regimen" if type(exc).__name__ == "NotARegimenPage" else "unreadable"
            result.status, result.error = "failed", exc.message
            continue
        except Exception as exc:  # a parser bug must not stop the batch
            result.kind, result.status = "unreadable", "failed"
            result.error = f"internal error while parsing ({type(exc).__name__}: {exc})"
            continue
        finally:
            result.timings["parse"] = round(time.perf_counter() - t0, 6)
        models[path] = model
        result.kind = "regimen" if isinstance(model, Regimen) else "glossary"
        result.warnings = [_finding(f) for f in model.findings if f.severity != "information"]
        result.warnings.extend(uncoded_warnings(model))  # terms kept as text because no table row codes them
        result.not_mapped = [_fragment(f) for f in model.not_mapped]
    return models, results


def convert_regimen(path: Path, regimen: Regimen, glossary, options: ConvertOptions, result: FileResult,
                    taken: dict[str, str], collector: NdjsonCollector | None = None) -> None:
    ctx = options.context
    t0 = time.perf_counter()
    mapped = map_regimen(regimen, glossary, ctx)
    t1 = time.perf_counter()
    issues: list[Issue] = []
    bundle = build_bundle(mapped, options.bundle_type, mapped[0].resource["id"], recorded_time(regimen, ctx))
    refs = bundle_references(bundle)
    for m in mapped:
        issues.extend(validate_resource(m.resource, options.fhir_version, refs, ctx.canonical_base))
    issues.extend(check_bundle(bundle))
    t2 = time.perf_counter()
    result.timings.update(map=round(t1 - t0, 6), validate=round(t2 - t1, 6))
    result.outcome = operation_outcome(issues)
    if any(f.severity == "error" for f in regimen.findings):  # the page's own fault is the cause to report first
        first = next(f for f in regimen.findings if f.severity == "error")
        result.status, result.error, result.error_location = "failed", first.message, str(first.location)
        return
    if has_errors(issues):
        first = next(i for i in issues if i.severity in ("error", "fatal"))
        result.status = "failed"
        result.error = f"{sum(1 for i in issues if i.severity in ('error', 'fatal'))} validation error(s), first: {first.expression}: {first.diagnostics}"
        result.error_location = first.expression
        return
    if collector is not None:  # NDJSON: written once for all pages at the end of the run
        collector.add(mapped)
        name = "ndjson"
    else:
        name = output_name(path)
    if name in taken and collector is None:
        result.status = "failed"
        result.error = f"output name {name} is already used by {taken[name]}; rename one of the pages"
        return
    if collector is None:
        taken[name] = str(path)
        atomic_write_json(options.out_dir / name, bundle)
    result.timings["write"] = round(time.perf_counter() - t2, 6)
    result.status, result.output = "converted", name
    counts: dict[str, int] = {}
    for m in mapped:
        counts[m.resource["resourceType"]] = counts.get(m.resource["resourceType"], 0) + 1
    result.resources = dict(sorted(counts.items()))


def run(paths: list[Path], options: ConvertOptions) -> list[FileResult]:
    files = discover(paths)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    models, results = parse_all(files)
    glossary_pages = [m.terms for m in models.values() if isinstance(m, GlossaryPage)]
    popups = [m.glossary for m in models.values() if isinstance(m, Regimen)]
    glossary, conflicts = merge_glossary(*glossary_pages, *popups)
    taken: dict[str, str] = {}
    collector = NdjsonCollector() if options.output_format == "ndjson" else None
    for path, model in models.items():
        result = results[path]
        if isinstance(model, GlossaryPage):
            result.status = "glossary"
            result.resources = {"CodeSystem concepts": len(model.terms)}
            continue
        try:
            convert_regimen(path, model, glossary, options, result, taken, collector)
        except OSError as exc:
            result.status, result.error = "failed", f"cannot write the output ({exc.strerror})"
        except Exception as exc:  # a mapper bug must not stop the batch
            result.status, result.error = "failed", f"internal error ({type(exc).__name__}: {exc})"
    if collector is not None and collector.resources:
        try:
            names = collector.write(options.out_dir)
        except OSError as exc:
            raise UsageError(f"{options.out_dir}: cannot write the NDJSON files ({exc.strerror})")
        for path, model in models.items():
            if results[path].status == "converted":
                results[path].output = ", ".join(names)
                results[path].warnings.extend(
                    {"severity": "warning", "code": "ndjson-conflict", "message": collector.describe_conflict(u),
                     "location": str(path)} for u in collector.conflicts)
    if conflicts:
        for path, model in models.items():
            if isinstance(model, Regimen):
                results[path].warnings.extend(
                    {"severity": "warning", "code": "glossary-conflict",
                     "message": f"glossary term '{k}' is defined differently on two pages; the glossary page wins",
                     "location": str(path)} for k in sorted(set(conflicts)))
    return [results[f] for f in files]
