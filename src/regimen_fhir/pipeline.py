"""The thin orchestrator: parse -> model -> map -> validate -> bundle -> write, page by page.

It only sequences the stages and turns their errors into per-file results;
every decision lives in a stage. One bad page never stops the run.
"""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import parse
from .bundle import build_bundle, check_bundle
from .errors import NotARegimenPage, PageError
from .map import MapContext, map_regimen, merge_glossary
from .map.provenance import recorded_time
from .model import Finding, Fragment, GlossaryPage, Regimen
from .parse.load import MAX_BYTES
from .terminology.usage import uncoded_warnings
from .validate import Issue, bundle_references, has_errors, operation_outcome, validate_resource
from .write import dumps_bytes

PAGE_SUFFIXES = (".html", ".htm")
# "report" is the run report; the others are device names Windows refuses as file names.
RESERVED_NAMES = {"report", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


class UsageError(Exception):
    pass


@dataclass
class FileResult:
    file: str  # as given (relative to the working folder when possible)
    kind: str = "unknown"  # regimen | glossary | not-regimen | unreadable
    status: str = "pending"  # converted | glossary | failed
    title: str | None = None  # the regimen's title as the page gives it
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
    page_timeout: float | None = 60.0  # seconds one page may take (each pass); None: no limit


def discover(paths: list[Path]) -> list[Path]:
    """Files as given, folders searched for *.html / *.htm, in sorted order, without duplicates."""
    found: list[Path] = []
    for p in paths:
        if not p.exists():
            raise UsageError(f"{p}: no such file or folder")
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.suffix.lower() in PAGE_SUFFIXES and f.is_file()))
        elif p.is_file():
            found.append(p)
        else:  # a device, a pipe ...: reading it could block or never end
            raise UsageError(f"{p}: not a regular file or folder")
    seen: dict[str, None] = {}
    for f in found:  # Path.resolve, on strings (a third of the time for 10,000 pages)
        seen.setdefault(os.path.realpath(f), None)
    cwd = os.getcwd()
    return [Path(_display(f, cwd)) for f in seen]


def _display(path: str, cwd: str) -> str:
    """`path` (absolute) relative to the folder `cwd` when inside it, as Path.relative_to gives it."""
    if path == cwd:
        return "."
    inside = cwd if cwd.endswith("/") else cwd + "/"
    return path[len(inside):] if path.startswith(inside) else path


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def output_name(path: Path) -> str:
    """A safe file name from the page's file name, never from its content."""
    stem = _UNSAFE.sub("-", path.stem).strip("-.")[:120].strip("-.") or "page"
    first, dot, rest = stem.partition(".")
    if first.lower() in RESERVED_NAMES:
        stem = f"{first}-page{dot}{rest}"
    return stem + ".json"


def _finding(f: Finding) -> dict:
    return {"severity": f.severity, "code": f.code, "message": f.message, "location": str(f.location)}


def _fragment(f: Fragment) -> dict:
    return {"text": f.text[:300], "reason": f.reason, "location": str(f.location)}


@dataclass
class PageOutput:
    """What converting one page gives the writer: its result and, when converted, the bundle's bytes."""

    result: FileResult
    payload: bytes | None = None  # the Bundle, serialised (write.dumps), not yet written
    identity: str | None = None  # the regimen's canonical URL (PlanDefinition.url)
    mapped: list | None = None  # NDJSON: the resources, collected across pages by the writer


def glossary_pass(path: Path) -> tuple[str, list]:
    """First pass of a run: (kind, glossary terms) of one page; a page that will fail adds nothing."""
    try:
        if not may_hold_glossary(path):
            return "none", []
        return parse.glossary_of(path)
    except Exception:  # PageError and parser bugs alike: the conversion pass reports them
        return "failed", []


def may_hold_glossary(path: Path) -> bool:
    """False only when the bytes show that the page has no glossary terms: terms come from <dl> lists
    and from pop-ups whose class or id says 'glossary' (parse/glossary.py). Most regimen pages have
    neither, and then the glossary pass need not parse them at all. Anything unusual (a page too
    large to read here, UTF-16, character references that could spell a name) is parsed."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return True
        data = path.read_bytes()
    except OSError:
        return True
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data or b"&#" in data:
        return True
    return b"glossary" in data or b"<dl" in data.lower()


class GlossaryMerger:
    """Merges the glossary pass page by page, in file order, with `merge_glossary`'s outcome:
    glossary pages first, then the pop-ups of regimen pages; the first definition of a key wins."""

    def __init__(self) -> None:
        self._pages: dict[str, object] = {}
        self._popups: dict[str, object] = {}
        self._conflicts: set[str] = set()

    def add(self, kind: str, terms: list) -> None:
        target = self._pages if kind == "glossary" else self._popups
        for t in terms:
            first = target.get(t.key)
            if first is None:
                target[t.key] = t
            elif first.definition != t.definition:
                self._conflicts.add(t.key)

    def result(self) -> tuple[list, list[str]]:
        glossary, conflicts = merge_glossary(list(self._pages.values()), list(self._popups.values()))
        return glossary, sorted(self._conflicts | set(conflicts))


def convert_page(path: Path, glossary: list, conflicts: list[str], options: ConvertOptions) -> PageOutput:
    """Parse, map, validate and serialise one page; never raises (bugs become a failed result)."""
    result = FileResult(file=str(path))
    out = PageOutput(result)
    t0 = time.perf_counter()
    try:
        model = parse.parse_file(path)
    except PageError as exc:
        result.kind = "not-regimen" if isinstance(exc, NotARegimenPage) else "unreadable"
        result.status, result.error = "failed", exc.message
        result.error_location = exc.section or None
        return out
    except Exception as exc:  # a parser bug must not stop the batch
        result.kind, result.status = "unreadable", "failed"
        result.error = f"internal error while parsing ({type(exc).__name__}: {_short(exc)})"
        return out
    finally:
        result.timings["parse"] = round(time.perf_counter() - t0, 6)
    result.kind = "regimen" if isinstance(model, Regimen) else "glossary"
    result.title = model.title if isinstance(model, Regimen) else None
    result.warnings = [_finding(f) for f in model.findings if f.severity != "information"]
    result.warnings.extend(uncoded_warnings(model))  # terms kept as text because no table row codes them
    result.not_mapped = [_fragment(f) for f in model.not_mapped]
    if isinstance(model, GlossaryPage):
        result.status = "glossary"
        result.resources = {"CodeSystem concepts": len(model.terms)}
        return out
    result.warnings.extend(
        {"severity": "warning", "code": "glossary-conflict",
         "message": f"glossary term '{k}' is defined differently on two pages; the glossary page wins",
         "location": str(path)} for k in conflicts)
    try:
        bundle, mapped = convert_regimen(model, glossary, options, result)
        if bundle is not None and options.output_format == "ndjson":
            out.mapped = mapped
        elif bundle is not None:
            t1 = time.perf_counter()
            out.payload = dumps_bytes(bundle)
            out.identity = bundle["entry"][0]["resource"].get("url")
            result.timings["serialise"] = round(time.perf_counter() - t1, 6)
    except Exception as exc:  # a mapper bug must not stop the batch
        result.status, result.error = "failed", f"internal error ({type(exc).__name__}: {_short(exc)})"
        out.payload = out.mapped = None
    return out


NO_DATE = ("the page states no date (last updated, reviewed, published or written): a regimen's "
           "PlanDefinition needs one (date); add the page's date to the page")


def _short(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")
    return text if len(text) <= 200 else text[:200] + "..."


def convert_regimen(regimen: Regimen, glossary, options: ConvertOptions, result: FileResult) -> tuple[dict | None, list]:
    """Map and validate; (the Bundle, its resources) when every resource is valid, else None with
    the error in `result`."""
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
        return None, mapped
    if not (regimen.dates.updated or regimen.dates.created):  # what the validator finds missing, in the page's terms
        result.status, result.error, result.error_location = "failed", NO_DATE, "PlanDefinition.date"
        return None, mapped
    if has_errors(issues):
        first = next(i for i in issues if i.severity in ("error", "fatal"))
        result.status = "failed"
        result.error = f"{sum(1 for i in issues if i.severity in ('error', 'fatal'))} validation error(s), first: {first.expression}: {first.diagnostics}"
        result.error_location = first.expression
        return None, mapped
    counts: dict[str, int] = {}
    for m in mapped:
        counts[m.resource["resourceType"]] = counts.get(m.resource["resourceType"], 0) + 1
    result.resources = dict(sorted(counts.items()))
    result.status = "converted"
    return bundle, mapped


def run(paths: list[Path], options: ConvertOptions, jobs: int = 1) -> list[FileResult]:
    """Convert and write every page; the results in file order (the CLI streams them instead)."""
    from .batch import Batch

    batch = Batch(discover(paths), options, jobs=jobs)
    return list(batch.run())
