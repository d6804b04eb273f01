# Counterbalance: `make book` builds the report from a fresh clone; `make test` proves it.
# Notebooks rerun only when something they read changed: the notebook, the data tables it
# declares (src/counterbalance/pipeline/registry.py), the schema, the package code or the
# pinned requirements. Changes are detected by content hashes (stamps), not mtimes, so a fresh
# clone or a `touch` does not mislead.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
NPROC := $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += --no-builtin-rules --jobs=$(NPROC) --output-sync=target

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CB := $(VENV)/bin/counterbalance
DATA ?= data
BUILD ?= _build
STAMPS := $(BUILD)/stamps
EXECUTED := book/analysis
VENDOR := book/_vendor/_static/vendor
FIGURES := book/_vendor/figures
VALIDATED := $(STAMPS)/validated
INSTALLED := $(VENV)/.installed
# the npm packages (package.json) live beside the virtual environment
NODE_ROOT := $(abspath $(VENV)/..)
NODE_MODULES := $(NODE_ROOT)/node_modules
CHART_RUNTIME := $(NODE_MODULES)/.chart-runtime
NPM_CI := npm ci --silent --no-audit --no-fund --ignore-scripts
NPM := command -v npm > /dev/null || (apt-get update -qq && apt-get install -y -qq npm > /dev/null)
PACKAGE_SOURCES := $(sort $(shell find src/counterbalance -name '*.py')) pyproject.toml requirements.txt
BOOK_SOURCES := _config.yml $(shell find book -path book/analysis -prune -o -path book/_vendor -prune -o -type f -print 2>/dev/null | sort)

## help: list the targets
help:
	@grep -hE '^## ' $(firstword $(MAKEFILE_LIST)) | sed 's/^## /  /'

## install: create .venv with the pinned requirements, the package and its kernel, and install the chart runtime (npm)
install: $(INSTALLED) $(CHART_RUNTIME)
# uv, pinned in requirements.txt, installs the requirements and compiles their bytecode (where the environment
# sets PYTHONDONTWRITEBYTECODE, as this machine's does, nothing else would): 10 s where pip took 42 s
$(INSTALLED): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "$$(grep -E '^uv==' requirements.txt)"
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m ipykernel install --prefix $(VENV) --name python3 > /dev/null
	touch $@

# --- the npm packages of package.json, beside the virtual environment: the chart runtime (its
# dependencies: vega, vega-embed) for the book, and the page checkers (its devDependencies) for the
# tests. A copy of the project built with VENV=... uses that project's, as it uses its .venv.
$(CHART_RUNTIME): package.json package-lock.json
	@$(NPM)
	cd $(NODE_ROOT) && $(NPM_CI) --omit=dev
	@touch $@

# --- content stamps: rewritten only when the file's bytes change -----------------------
# (written whole through a temporary file: a kill never leaves a stamp half written)
$(STAMPS)/%.sha256: %
	@mkdir -p $(@D)
	@sha256sum $< | cmp -s - $@ 2>/dev/null || { sha256sum $< > $@.partial && mv $@.partial $@; }

$(STAMPS)/package.sha256: $(PACKAGE_SOURCES)
	@mkdir -p $(@D)
	@cat $^ | sha256sum | cmp -s - $@ 2>/dev/null || { cat $^ | sha256sum > $@.partial && mv $@.partial $@; }

# the commit the footer names: rewritten only when HEAD moves, so a commit runs the book build (which
# brings every page's footer up to date in place) and a no-op stays a no-op
$(STAMPS)/commit: FORCE
	@mkdir -p $(@D)
	@(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown) | cmp -s - $@ 2>/dev/null || \
	  (git rev-parse --short=12 HEAD 2>/dev/null || echo unknown) > $@

DATA_FILES := $(sort $(wildcard $(DATA)/*.csv $(DATA)/*.geojson)) $(DATA)/datapackage.json

## validate: check data/ against data/datapackage.json; every error as file:line: field: message
validate: $(INSTALLED)
	$(CB) validate --data $(DATA)

$(VALIDATED): $(DATA_FILES:%=$(STAMPS)/%.sha256) | $(INSTALLED)
	$(CB) validate --data $(DATA)
	@touch $@

# --- notebooks: executed by papermill into book/analysis/, in parallel ----------------
# The registry says which data files each notebook reads (`counterbalance deps`: a line per
# notebook, its name then the files); this Makefile turns them into rules with its own
# template. The list is written whole or not at all, and ends with a marker: a list cut
# short is remade, never trusted.
NOTEBOOK_LIST := $(BUILD)/notebooks.mk
$(NOTEBOOK_LIST): src/counterbalance/pipeline/registry.py $(DATA)/datapackage.json | $(INSTALLED)
	@mkdir -p $(@D)
	$(CB) deps --data $(DATA) | awk '{ printf "NOTEBOOK_NAMES += %s\nNOTEBOOK_READS_%s :=", $$1, $$1; \
	  for (i = 2; i <= NF; i++) printf " %s", $$i; print "" } END { print "NOTEBOOK_LIST_COMPLETE := yes" }' > $@.partial
	@mv $@.partial $@

ifneq ($(filter-out help clean,$(or $(MAKECMDGOALS),help)),)
-include $(NOTEBOOK_LIST)
ifneq ($(NOTEBOOK_LIST_COMPLETE),yes)
$(NOTEBOOK_LIST): FORCE
endif
endif

define NOTEBOOK_RULE
$(EXECUTED)/$(1).ipynb: $(STAMPS)/notebooks/$(1).ipynb.sha256 $(STAMPS)/$(DATA)/datapackage.json.sha256 \
  $(NOTEBOOK_READS_$(1):%=$(STAMPS)/$(DATA)/%.sha256) $(STAMPS)/package.sha256 | $(VALIDATED)
endef
$(foreach notebook,$(NOTEBOOK_NAMES),$(eval $(call NOTEBOOK_RULE,$(notebook))))

$(EXECUTED)/%.ipynb:
	$(CB) execute $* --out $@ --figures $(FIGURES)

## notebooks: execute the notebooks whose inputs changed
notebooks: $(NOTEBOOK_NAMES:%=$(EXECUTED)/%.ipynb)

# --- assets served by the book itself (nothing is fetched when a reader opens a page) ---
$(VENDOR)/vega-embed.js $(VENDOR)/icons.js &: requirements.txt package-lock.json src/counterbalance/pipeline/icons.py \
  src/counterbalance/pipeline/render.py | $(INSTALLED) $(CHART_RUNTIME)
	$(CB) vendor $(VENDOR)

vendor: $(VENDOR)/vega-embed.js $(VENDOR)/icons.js

## basemap: regenerate data/boundaries.geojson from Natural Earth 1:110m in the geopandas 0.14.4 wheel
basemap: $(INSTALLED)
	@mkdir -p $(BUILD)/basemap
	$(PY) -m pip download --quiet --disable-pip-version-check --no-deps --dest $(BUILD)/basemap geopandas==0.14.4
	cd $(BUILD)/basemap && $(abspath $(PY)) -m zipfile -e geopandas-0.14.4-py3-none-any.whl .
	$(PY) -m tools.basemap $(BUILD)/basemap/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp --out $(DATA)/boundaries.geojson

## book: validate, run stale notebooks, build the book into _build/html
book: $(BUILD)/html/.built

$(BUILD)/html/.built: $(VALIDATED) $(STAMPS)/commit $(VENDOR)/vega-embed.js $(VENDOR)/icons.js $(BOOK_SOURCES:%=$(STAMPS)/%.sha256) $(NOTEBOOK_NAMES:%=$(EXECUTED)/%.ipynb)
	@rm -f $@
	rm -rf $(BUILD)/html/figures
	$(CB) book --out $(BUILD)/html --data $(DATA)
	@touch $@

# --- the PDF edition: the book on one page, printed by Debian's chromium ---------------------
CHROMIUM ?= /usr/bin/chromium

## pdf: print the whole book to _build/pdf/counterbalance-<VERSION, or the commit>.pdf (e.g. make pdf VERSION=v1.0.0)
pdf: $(VALIDATED) $(VENDOR)/vega-embed.js $(NOTEBOOK_NAMES:%=$(EXECUTED)/%.ipynb) | browser
	$(CB) pdf $(if $(VERSION),--version $(VERSION)) --data $(DATA) --chromium $(CHROMIUM)

# --- publishing: immutable versions under public/ --------------------------------------
PUBLIC ?= public

## publish: add the site and its PDF as public/$(VERSION) (e.g. make publish VERSION=v1.0.0); refuses an existing version
publish: $(INSTALLED) browser
	@$(CB) publish --check "$(VERSION)" --public $(PUBLIC)
	$(MAKE) --no-print-directory notebooks vendor
	$(CB) publish --version $(VERSION) --public $(PUBLIC) --data $(DATA) --chromium $(CHROMIUM)

## serve: preview public/ (or, before any publish, the current build) on http://127.0.0.1:8000
serve: $(INSTALLED)
	$(PY) -m http.server --bind 127.0.0.1 --directory $$(test -f $(PUBLIC)/versions.json && echo $(PUBLIC) || echo $(BUILD)/html) $(or $(PORT),8000)

## bench: measure build speed, page weight, first chart and scale (1x, 10x, 100x); see _build/bench/bench.json
bench: $(INSTALLED) browser checkers
	$(PY) -m tools.bench

## rerun: an analyst's run, e.g. make rerun NOTEBOOK=01_balance_of_power PARAMS=my.yaml OUT=runs/mine
rerun: install
	@test -n "$(NOTEBOOK)" -a -n "$(OUT)" || { echo "usage: make rerun NOTEBOOK=name [PARAMS=file.yaml] OUT=folder" >&2; exit 2; }
	$(CB) run $(NOTEBOOK) $(if $(PARAMS),--params $(PARAMS)) --out $(OUT)

## sweep: a grid of runs, e.g. make sweep NOTEBOOK=01_balance_of_power GRID=notebooks/sweeps/alignment-and-monitors.yaml OUT=runs/sweep
sweep: install
	@test -n "$(NOTEBOOK)" -a -n "$(GRID)" -a -n "$(OUT)" || { echo "usage: make sweep NOTEBOOK=name GRID=file.yaml OUT=folder" >&2; exit 2; }
	$(CB) sweep $(NOTEBOOK) --grid $(GRID) --out $(OUT)

## edition: the whole book under your assumptions, e.g. make edition PARAMS=my.yaml OUT=runs/my-edition (site in OUT/html)
ifneq ($(filter edition,$(MAKECMDGOALS)),)
ifeq ($(and $(PARAMS),$(OUT)),)
$(error usage: make edition PARAMS=file.yaml OUT=folder)
endif
endif
edition: notebooks vendor
	$(CB) edition --params $(PARAMS) --out $(OUT)

## test: the whole suite: unit, notebook, build and browser tests, on one worker per core (TEST_WORKERS=N to change)
TEST_WORKERS ?= $(NPROC)
test: $(INSTALLED) browser checkers
	$(PY) -m pytest --numprocesses $(TEST_WORKERS)

## check: the quick tier for the edit-test loop: unit tests and doctests, not the slow ones (under 2 minutes)
check: $(INSTALLED)
	$(PY) -m pytest -m "not slow"

## mutants: mutmut over the judgement, ceiling and persistence modules; the share that survives, and no surviving comparison in a judgement
mutants: $(INSTALLED)
	nice -n 10 $(VENV)/bin/mutmut run > $(BUILD)/mutmut.log 2>&1 || true
	$(PY) -m tools.mutants

## browser: Debian's chromium at $(CHROMIUM), installed with apt-get when missing (none is ever downloaded)
browser:
	@test -x $(CHROMIUM) || command -v apt-get > /dev/null || { echo "error: no chromium at $(CHROMIUM), and no apt-get to install Debian's: install chromium, or give its path (CHROMIUM=/path/to/chromium)" >&2; exit 1; }
	@test -x $(CHROMIUM) || { apt-get update -qq && apt-get install -y -qq chromium; } > /dev/null 2>&1 || { echo "error: no chromium at $(CHROMIUM), and apt-get could not install it: run apt-get install chromium as root, or give its path (CHROMIUM=/path/to/chromium)" >&2; exit 1; }
	@test -x $(CHROMIUM) || { echo "error: apt-get installed chromium, but not at $(CHROMIUM): give its path (CHROMIUM=$$(command -v chromium))" >&2; exit 1; }

# the page checkers, pinned in package.json: axe-core (injected into the page), the W3C Nu checker
# (a jar, run with Debian's Java) and Lighthouse; the whole install holds the chart runtime too
checkers: $(NODE_MODULES)/.installed
$(NODE_MODULES)/.installed: package.json package-lock.json
	@$(NPM)
	@command -v java > /dev/null || (apt-get update -qq && apt-get install -y -qq default-jre-headless > /dev/null)
	cd $(NODE_ROOT) && $(NPM_CI)
	@touch $(CHART_RUNTIME) $@

## check-pages: every page at 1280 and 390 px in chromium, axe-core and the Nu checker; screenshots in _build/screenshots
check-pages: book browser checkers
	$(PY) -m tools.pagecheck $(BUILD)/html $(BUILD)/screenshots

## clean: remove what the build made (keeps .venv and node_modules, and public/: published versions are never thrown away)
clean:
	rm -rf $(BUILD) $(EXECUTED) book/_vendor

FORCE:

.PHONY: FORCE help install validate notebooks vendor basemap book pdf publish serve bench rerun sweep edition test check mutants browser checkers check-pages clean
