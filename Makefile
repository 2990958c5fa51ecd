# The two commands a newcomer needs: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

NODE_TOOLS := tools/node

.PHONY: setup run test clean golden chromium node-tools fhir-packages profiles

setup: $(VENV)/.installed fhir-packages

# The official FHIR core packages (R4B, R5) in ~/.fhir/packages; fetched once, offline afterwards.
fhir-packages:
	bash scripts/fhir-packages.sh

# Tools that are not ours, for the tests: a FHIR server to load bundles into, SUSHI's package loader
# and the R4B core package (Node.js packages, pinned in its package-lock.json).
node-tools: $(NODE_TOOLS)/node_modules/.installed

$(NODE_TOOLS)/node_modules/.installed: $(NODE_TOOLS)/package.json $(NODE_TOOLS)/package-lock.json
	cd $(NODE_TOOLS) && npm ci --silent
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Regenerate profiles/package (R4B) and profiles/package-r5 (R5), snapshots, from profiles/input (our
# differentials) and the core packages.
profiles: setup
	$(BIN)/python -m regimen_fhir.validate.snapshot

run: setup
	$(BIN)/regimen-fhir convert sources --out output

# headless Chromium renders pictures in the tests (apply's calendar); scripts/ensure-chromium installs it
chromium:
	@scripts/ensure-chromium >/dev/null

test: setup chromium node-tools
	$(BIN)/pytest -q

clean:
	rm -rf output build dist .pytest_cache

# Rewrite the golden files after an intended output change; review `git diff tests/golden` before committing.
golden: setup
	REGIMEN_FHIR_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py
