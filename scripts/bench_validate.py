"""What validating one bundle costs: start-up (first bundle, compiling the core tables and profiles)
and the warm cost per bundle and per resource, by layer. Prints figures; asserts nothing.

    .venv/bin/python scripts/bench_validate.py [BUNDLE.json] [--runs N] [--fhir-version R4B|R5]
"""
from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from regimen_fhir import pipeline
from regimen_fhir.map import MapContext
from regimen_fhir.map.versions import VERSIONS
from regimen_fhir.validate import bundle_references, validate_document
from regimen_fhir.validate.base import check_base
from regimen_fhir.validate.profiles import check_profiles
from regimen_fhir.validate.structural import check_structure


def main(argv: list[str]) -> None:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 20
    v = argv[argv.index("--fhir-version") + 1] if "--fhir-version" in argv else "R4B"
    files = [a for a in argv if a.endswith(".json")]
    if files:
        bundle = json.loads(Path(files[0]).read_text())
    else:
        out = Path(tempfile.mkdtemp())
        pipeline.run([Path(__file__).resolve().parents[1] / "sources"], pipeline.ConvertOptions(
            out_dir=out, fhir_version=v, context=MapContext(version=VERSIONS[v])))
        bundle = json.loads(next(p for p in sorted(out.glob("*.json")) if p.name != "report.json").read_text())
    n = len(bundle.get("entry", []))
    t0 = time.perf_counter()
    validate_document(bundle, v)
    cold = time.perf_counter() - t0
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        validate_document(bundle, v)
        warm.append(time.perf_counter() - t0)
    refs = bundle_references(bundle)
    layers = {}
    for name, fn in (("structure (fhir.resources)", lambda r: check_structure(r, v)),
                     ("base (formats, bindings, invariants, targets)", lambda r: check_base(r, v, refs)),
                     ("profiles + extensions", lambda r: check_profiles(r, v))):
        t0 = time.perf_counter()
        for _ in range(runs):
            for e in bundle["entry"]:
                fn(e["resource"])
        layers[name] = (time.perf_counter() - t0) / runs
    med = statistics.median(warm)
    print(f"FHIR {v}; bundle: {n} resources, {len(json.dumps(bundle)) // 1024} KiB")
    print(f"first bundle (cold, includes compiling core tables + profiles): {cold * 1000:.0f} ms")
    print(f"warm, per bundle: median {med * 1000:.1f} ms, min {min(warm) * 1000:.1f} ms over {runs} runs")
    print(f"warm, per resource: {med / max(n, 1) * 1000:.2f} ms ({max(n, 1) / med:.0f} resources/s)")
    for name, cost in layers.items():
        print(f"  {name}: {cost * 1000:.1f} ms per bundle")


if __name__ == "__main__":
    main(sys.argv[1:])
