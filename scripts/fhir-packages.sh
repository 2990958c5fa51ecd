#!/usr/bin/env bash
# Fill the FHIR package cache (~/.fhir/packages/NAME#VERSION/package) with the core packages the
# validator reads. FHIR packages are npm packages: `npm pack` fetches the tarball, we unpack it.
# Idempotent: a package whose folder is complete is left alone, so later runs work offline.
# The R5 extensions pack holds the extensions R5 moved out of the core package (timing-daysOfCycle,
# which our R5 profiles use); 5.3.0-ballot-tc1 is the only R5 edition published on npm (see README).
set -euo pipefail
CACHE="${FHIR_PACKAGE_CACHE:-$HOME/.fhir/packages}"
PACKAGES=("hl7.fhir.r4b.core@4.3.0" "hl7.fhir.r5.core@5.0.0" "hl7.fhir.uv.extensions.r5@5.3.0-ballot-tc1")
mkdir -p "$CACHE"
for spec in "${PACKAGES[@]}"; do
  name="${spec%@*}"; version="${spec#*@}"
  dest="$CACHE/$name#$version"
  if [ -f "$dest/package/package.json" ] && [ -f "$dest/package/.index.json" ]; then
    continue
  fi
  if [ -f "$dest/package/package.json" ]; then  # unpacked by another tool without an index
    python3 "$(dirname "$0")/fhir-package-index.py" "$dest/package"
    continue
  fi
  command -v npm >/dev/null || { echo "fhir-packages: npm is needed to fetch $spec" >&2; exit 1; }
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp"/*.tgz -C "$tmp/unpacked"
  rm -rf "$dest.partial" && mkdir -p "$dest.partial"
  mv "$tmp/unpacked/package" "$dest.partial/package"
  python3 "$(dirname "$0")/fhir-package-index.py" "$dest.partial/package"
  rm -rf "$dest" && mv "$dest.partial" "$dest"
  rm -rf "$tmp"; trap - EXIT
  echo "fhir-packages: installed $name#$version"
done
