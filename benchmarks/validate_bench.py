"""The validator alone, new against the reference (the implementation before the speed work), in one process.

    .venv/bin/python benchmarks/validate_bench.py CORPUS_DIR [--rounds 5] [--version R4B]

CORPUS_DIR is a folder of pages, e.g. the one `benchmarks/bench.py 1000 --keep DIR` leaves in DIR/corpus-1000.
The pages are parsed and mapped once (glossary pass first, as the converter does); then each round validates
every page's resources as the pipeline does (validate_resource with the bundle's references), once with each
implementation, alternating which goes first, each in a fresh state (memo and kept values emptied, as a new
worker starts). Prints CPU ms/page for each round and the medians, and checks the two gave identical issues.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from regimen_fhir import pipeline  # noqa: E402
from regimen_fhir.bundle import build_bundle  # noqa: E402
from regimen_fhir.map import MapContext, map_regimen  # noqa: E402
from regimen_fhir.map.versions import VERSIONS  # noqa: E402
from regimen_fhir.map.provenance import recorded_time  # noqa: E402
from regimen_fhir.model import Regimen  # noqa: E402
from regimen_fhir import parse  # noqa: E402
import regimen_fhir.validate as new  # noqa: E402
from regimen_fhir.validate import base as new_base, bundle_references, profiles as new_profiles  # noqa: E402
import reference_validator as ref  # noqa: E402
from reference_validator import base as ref_base, profiles as ref_profiles  # noqa: E402


def workload(corpus: Path, version: str) -> list[list[tuple[dict, dict]]]:
    paths = pipeline.discover([corpus])
    merger = pipeline.GlossaryMerger()
    for p in paths:
        merger.add(*pipeline.glossary_pass(p))
    glossary, _ = merger.result()
    ctx = MapContext(version=VERSIONS[version])
    pages = []
    for p in paths:
        try:
            model = parse.parse_file(p)
        except Exception:
            continue
        if not isinstance(model, Regimen):
            continue
        mapped = map_regimen(model, glossary, ctx)
        bundle = build_bundle(mapped, "transaction", mapped[0].resource["id"], recorded_time(model, ctx))
        refs = bundle_references(bundle)
        pages.append([(m.resource, refs) for m in mapped])
    return pages


def fresh(mod, base_mod, prof_mod) -> None:
    mod._memo.clear()
    base_mod._KEPT.clear()
    for v in ("R4B", "R5"):
        prof_mod.profiles_for(v)._kept.clear()
        for store in ("_kept_resources", "_reuse"):
            getattr(prof_mod.profiles_for(v), store, {}).clear()


def run(validate, pages, version) -> tuple[float, list]:
    out = []
    t0 = time.process_time()  # CPU time of this process: the machine is shared, wall time is noisier
    for page in pages:
        for res, refs in page:
            out.append(validate(res, version, refs, None))
    return (time.process_time() - t0) / len(pages) * 1000, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--version", default="R4B")
    args = ap.parse_args()
    t0 = time.perf_counter()
    pages = workload(args.corpus, args.version)
    n = sum(len(p) for p in pages)
    print(f"{len(pages)} pages, {n} resources ({n / len(pages):.1f} a page), prepared in {time.perf_counter() - t0:.1f} s")
    impls = {"reference": (ref.validate_resource, (ref, ref_base, ref_profiles)),
             "new": (new.validate_resource, (new, new_base, new_profiles))}
    times: dict[str, list[float]] = {k: [] for k in impls}
    # a warm-up of each (core packages, compiled tables), not counted
    for name, (fn, mods) in impls.items():
        run(fn, pages, args.version)
    for r in range(args.rounds):
        order = list(impls) if r % 2 == 0 else list(impls)[::-1]
        results = {}
        for name in order:
            fn, mods = impls[name]
            fresh(*mods)
            ms, results[name] = run(fn, pages, args.version)
            times[name].append(ms)
        same = results["reference"] == results["new"]
        print(f"round {r + 1}: " + "  ".join(f"{k} {times[k][-1]:.3f} ms/page" for k in impls)
              + ("" if same else "  ** ISSUES DIFFER **"))
    med = {k: statistics.median(v) for k, v in times.items()}
    print("median: " + "  ".join(f"{k} {v:.3f} ms/page" for k, v in med.items())
          + f"  new/reference {med['new'] / med['reference']:.3f}")


if __name__ == "__main__":
    main()
