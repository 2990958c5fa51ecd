# The two commands a newcomer needs: `make run` and `make test`. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: setup run test clean golden chromium

setup: $(VENV)/.installed

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

test: setup chromium
	$(BIN)/pytest -q

clean:
	rm -rf output build dist .pytest_cache

# Rewrite the golden files after an intended output change; review `git diff tests/golden` before committing.
golden: setup
	REGIMEN_FHIR_UPDATE_GOLDEN=1 $(BIN)/pytest -q tests/test_golden.py
