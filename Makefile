# dossier: `make pdf` builds the sample briefing, `make test` runs the tests.
# Both create the virtualenv in .venv and install from PyPI when needed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DOSSIER ?= content/kem-sokha
STAMP := $(VENV)/.installed

.PHONY: help pdf check test lint golden bench docs clean

help:  ## Show the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-7s %s\n", $$1, $$2}'

# pip -qq prints errors only: setuptools' notes on editable installs and pip's own chatter
# are not for the person building a briefing; a failure still prints pip's error and stops.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { echo "make: $(PYTHON) cannot create a virtualenv: install python3-venv (apt-get install python3-venv)"; exit 1; }
	@echo "Setting up $(VENV): installing dossier and its libraries from PyPI (once; a minute or two)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/pip install -qq --upgrade pip
	@$(BIN)/pip install -qq -e '.[dev]'
	@touch $(STAMP)
	@echo "Set up $(VENV)"

pdf: $(STAMP)  ## Build build/<dossier>.pdf from content/kem-sokha (DOSSIER=... for another)
	$(BIN)/dossier build $(DOSSIER)

check: $(STAMP)  ## Validate the content only
	$(BIN)/dossier check $(DOSSIER)

CITEPROC_JS := tests/citeproc-js/node_modules/citeproc

# citeproc-js, the reference CSL processor, for the differential citation test.
$(CITEPROC_JS): tests/citeproc-js/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm for citeproc-js: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix tests/citeproc-js --no-audit --no-fund
	touch $(CITEPROC_JS)

PDFJS := tests/pdfjs/node_modules/pdfjs-dist
AXE := tests/axe/node_modules/axe-core

# Mozilla's PDF.js, a second real client reading the PDF's structure tree in the tests.
$(PDFJS): tests/pdfjs/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm for PDF.js: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix tests/pdfjs --no-audit --no-fund
	touch $(PDFJS)

# axe-core, the accessibility engine the web edition is checked with in a real browser.
$(AXE): tests/axe/package-lock.json
	@command -v npm >/dev/null || { echo "make test needs Node.js and npm for axe-core: apt-get install nodejs npm"; exit 1; }
	npm ci --prefix tests/axe --no-audit --no-fund
	touch $(AXE)

test: $(STAMP) $(CITEPROC_JS) $(PDFJS) $(AXE) lint  ## Run ruff, mypy and the tests (with citeproc-js, PDF.js and axe-core from npm)
	@test -x /usr/bin/chromium || { echo "make test needs Debian's chromium for the preview's browser test: apt-get install chromium"; exit 1; }
	$(BIN)/python -m pytest

lint: $(STAMP)  ## ruff and mypy (strict), on dossier/, tests/, docs/ and bench/
	$(BIN)/ruff check dossier tests docs bench
	$(BIN)/mypy

golden: $(STAMP)  ## Regenerate tests/golden/*.html and dossier/schemas/*.json (review the diff)
	$(BIN)/python -m tests.golden.regenerate
	$(BIN)/python -m dossier.content.schema

bench: $(STAMP)  ## Benchmark against raw WeasyPrint at 1x, 4x, 16x the sample (not part of make test)
	$(BIN)/python bench/bench.py

docs: pdf  ## Regenerate the README pictures (needs poppler-utils and chromium)
	@command -v pdftoppm >/dev/null || { echo "make docs needs pdftoppm: apt-get install poppler-utils"; exit 1; }
	pdftoppm -png -r 60 -f 1 -l 3 build/kem-sokha.pdf docs/page
	rm -f docs/page-02.png  # the contents page: not shown
	# The two pages that say what changed since the released edition 1 (editions/1.json).
	page=$$(for p in $$(seq 1 30); do pdftotext -f $$p -l $$p build/kem-sokha.pdf - 2>/dev/null | grep -q "What has changed since" && echo $$p && break; done); \
	pdftoppm -png -r 60 -singlefile -f $$page -l $$page build/kem-sokha.pdf docs/changes-1 && \
	pdftoppm -png -r 60 -singlefile -f $$((page + 1)) -l $$((page + 1)) build/kem-sokha.pdf docs/changes-2
	# The preview, in Debian's chromium: a mistake shown above the last good content.
	@test -x /usr/bin/chromium || { echo "make docs needs chromium: apt-get install chromium"; exit 1; }
	$(BIN)/python -m docs.preview
	$(BIN)/python -m docs.web

clean:  ## Remove build outputs (keeps .venv)
	rm -rf build
