# Pulih: every target creates .venv in the repo when missing and installs into it.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup chromium postgresql run run-fake run-province test bench bench-app bench-history bench-province demo clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP) chromium postgresql ## create .venv and install everything

chromium: ## Debian's Chromium for browser tests and chart images (never a downloaded browser)
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; } \
	  || echo "could not install Debian's chromium: run 'apt-get install -y chromium' as root"

postgresql: ## Debian's PostgreSQL server for the history store's tests (a throw-away cluster per test session)
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } \
	  || echo "could not install Debian's postgresql: run 'apt-get install -y postgresql' as root"

run: $(STAMP) ## start the app on the embedded demo workbook
	$(BIN)/python -m streamlit run app.py --browser.gatherUsageStats false

run-fake: $(STAMP) ## the live Google Sheets path against a local fake Sheets API (no Google account), as local staff
	$(BIN)/python -m tests.fakes.serve --demo --port 8765 & fake=$$!; trap "kill $$fake" EXIT; \
	PULIH_SHEETS_API_URL=http://127.0.0.1:8765 PULIH_SHEETS_SPREADSHEET=pulih-demo \
	PULIH_SNAPSHOT_DIR=$${TMPDIR:-/tmp}/pulih-fake-snapshots PULIH_LOCAL_ROLE=staf \
	$(BIN)/python -m streamlit run app.py --server.address 127.0.0.1 --browser.gatherUsageStats false

run-province: $(STAMP) postgresql ## a synthetic province: the fake Sheets API with 5 offices, a throw-away PostgreSQL, the sync worker, the app in store mode
	$(BIN)/python -m tests.fakes.province --offices $${OFFICES:-5}

test: $(STAMP) chromium postgresql ## run the whole test suite
	$(BIN)/python -m pytest

bench: $(STAMP) ## data-layer benchmark (see bench/README.md)
	$(BIN)/python -m bench.data_layer

bench-app: $(STAMP) chromium ## the running app: requests, reruns, first figure, memory (see bench/README.md; needs chromium)
	$(BIN)/python -m bench.app

bench-province: $(STAMP) chromium postgresql ## 27 offices on the fake Sheets API, PostgreSQL, the sync worker and the app in store mode (see bench/README.md)
	$(BIN)/python -m bench.province

bench-history: $(STAMP) postgresql ## the history store with two years of hourly reads (see bench/README.md)
	$(BIN)/python -m bench.history

demo: $(STAMP) ## write the demo workbook to demo.xlsx
	$(BIN)/python -m sheets demo --out demo.xlsx

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
