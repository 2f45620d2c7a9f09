# Casebiblioteket. `make help` lists the targets.
# Every target sets up the virtual environment first, so a fresh clone needs
# only `make serve` (to look) or `make test` (to check).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
KB := $(BIN)/python -m scripts.kb
# The site engine: mkdocs (the default) or zensical, Material's successor (see README).
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup system system-test serve build offline check new-case docs hooks test bench sizes lighthouse lint lock clean

help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Casebiblioteket kræver Python 3.10 eller nyere."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $@

setup: $(STAMP) system ## Create .venv, install the pinned dependencies and what the PDFs need from the system
	@echo "Klar: afhængighederne er installeret i $(VENV)/."

# Pango for the PDFs (and, for the tests, pdftotext and Chromium) come from the
# operating system; installed with apt-get where this user may.
system: $(STAMP)
	@$(BIN)/python -m scripts.tools.system_deps --for site --install

system-test: $(STAMP)
	@$(BIN)/python -m scripts.tools.system_deps --for test --install

serve: setup ## Set up, then serve the site on http://127.0.0.1:8000 with live reload (ENGINE=zensical: built once)
	$(KB) serve --engine $(ENGINE)

build: setup ## Validate and build the site into site/ with its PDFs (site/ is kept if the build fails; ENGINE=zensical)
	$(KB) build --engine $(ENGINE)

offline: setup ## Build build/casebiblioteket-offline.zip: the site, PDFs and search, for use without internet
	$(KB) offline

check: $(STAMP) ## Validate all content without building the site (well under a second)
	@$(KB) validate

new-case: $(STAMP) ## Create a new case file, asking for title, kommune, kerneopgaver, temaer and kilde
	@$(KB) new-case

docs: $(STAMP) ## Regenerate CONTRIBUTING.md's field reference and content/_templates/case.md
	@$(KB) docs

hooks: $(STAMP) ## Install the git pre-commit hook that checks changed content files
	$(BIN)/pre-commit install

test: $(STAMP) system-test ## Set up, then run every test (lint, unit tests, strict builds, PDFs, Chromium)
	$(BIN)/ruff check scripts tests
	$(BIN)/python -m pytest

bench: $(STAMP) system-test ## Measure the library at 100, 1,000 and 5,000 synthetic cases, and the slowest accepted content; writes docs/performance.md and docs/worst-input.md (about 15 min)
	$(BIN)/python -m scripts.tools.bench $(BENCH_ARGS)
	$(BIN)/python -m scripts.tools.worst_input

sizes: $(STAMP) ## Measure the open data files, the feed, "Biblioteket i tal" and "Min mappe" at the real library and 1,000 synthetic cases; writes its section of docs/performance.md (about 2 min)
	$(BIN)/python -m scripts.tools.published_sizes $(SIZES_ARGS)

# Lighthouse comes from the npm registry, pinned by tools/lighthouse/package-lock.json (needs Node and npm).
lighthouse: $(STAMP) system-test ## Build the site, serve it like GitHub Pages and run Lighthouse (mobile) on the home page and a case page; writes its section of docs/performance.md and fails below the targets (about 5 min)
	npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
	$(BIN)/python -m scripts.tools.lighthouse $(LIGHTHOUSE_ARGS)

lint: $(STAMP) ## Run ruff on the code
	$(BIN)/ruff check scripts tests

lock: ## Re-pin requirements.in into requirements.lock (needs network)
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/pip install --quiet pip-tools
	build/lock-venv/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-index-url --no-emit-find-links -o requirements.lock requirements.in

clean: ## Remove the built site, build files and the virtual environment
	rm -rf site build $(VENV)
