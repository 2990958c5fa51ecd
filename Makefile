# The two commands a newcomer needs: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

FHIR_SERVER := tools/fhir-server

.PHONY: setup run test clean golden chromium fhir-server

setup: $(VENV)/.installed

# The FHIR server the import tests load bundles into (Node.js packages, pinned in its package-lock.json).
fhir-server: $(FHIR_SERVER)/node_modules/.installed

$(FHIR_SERVER)/node_modules/.installed: $(FHIR_SERVER)/package.json $(FHIR_SERVER)/package-lock.json
	cd $(FHIR_SERVER) && npm ci --silent
	touch $@

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: setup
	$(BIN)/regimen-fhir convert sources --out output

# headless Chromium renders pictures in the tests (apply's calendar); scripts/ensure-chromium installs it
chromium:
	@scripts/ensure-chromium >/dev/null

test: setup chromium fhir-server
	$(BIN)/pytest -q

clean:
	rm -rf output build dist .pytest_cache

# Rewrite the golden files after an intended output change; review `git diff tests/golden` before committing.
golden: setup
	REGIMEN_FHIR_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py
