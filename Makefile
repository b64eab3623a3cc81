# LSTM Papers, Reproduced: build the book, run the tests, reproduce the results.
#
#   make book        create .venv if needed, build the HTML book into _build/html
#   make lab         open the chapters as notebooks in JupyterLab (offline once .venv exists)
#   make test        lint, unit tests, chapters as notebooks (smoke), book, browser test
#   make reproduce   re-run every experiment at full scale and write data/results/
#   make robustness  every experiment's smoke verdicts at five untuned seed offsets
#   make bench       time every LSTM variant against PyTorch's kernels (data/results/bench.json)
#
# VENV=/path/to/env uses an existing environment as it is (nothing is installed into
# it; it needs the package and its extras already): handy while iterating.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_INSTALL_ARGS ?=
# How many chapters (make notebooks) or experiments (make reproduce ...) run side by side.
JOBS ?= 2

ifeq ($(VENV),.venv)
SETUP := .venv/.installed
else
SETUP :=
endif

NOTEBOOK_DIR := _build/notebooks
CHAPTERS := $(sort $(wildcard book/[0-9]*.md))
TEST_STAGES := lint unit notebooks book browser

.PHONY: help book lab test lint unit notebooks browser reproduce baselines robustness bench clean

help:
	@echo "make book        build the HTML book into _build/html (creates .venv first)"
	@echo "make lab         open the chapters as notebooks in JupyterLab"
	@echo "make test        $(TEST_STAGES), in that order"
	@echo "make reproduce   run every experiment at full scale, write data/results/"
	@echo "make baselines   run every experiment in the smoke profile, write data/results/smoke/"
	@echo "make robustness  smoke verdicts at five untuned seed offsets, write data/results/smoke/robustness/"
	@echo "make bench       time every LSTM variant against PyTorch's kernels, write data/results/bench.json"
	@echo "make clean       remove _build and caches (keeps .venv)"

# The virtual environment, stamped once `pip install` has succeeded. torch==2.13.0
# comes from wherever pip is configured to find it (an index or find-links).
.venv/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else \
	  "error: Python >= 3.11 is needed, but $(PYTHON) is %d.%d.%d;" % sys.version_info[:3] \
	  + " run again with PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv .venv
	.venv/bin/python -m pip install $(PIP_INSTALL_ARGS) -e '.[book,lab,test,speech,handwriting,postgres]'
	.venv/bin/python -m pip install $(PIP_INSTALL_ARGS) --no-deps $$(.venv/bin/python -c \
	  'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["text"])')
	.venv/bin/python -m lstm.nn.kernel.build
	touch $@

book: $(SETUP)
	LSTM_PROFILE=full $(BIN)/jupyter-book build . -W -n --keep-going --all
	@echo "The book is at _build/html/index.html"

# JupyterLab with the chapters (MyST markdown) opening as notebooks through jupytext: the
# default viewer is set in the environment's own settings, not in the user's home.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
lab: $(SETUP)
	mkdir -p $(LAB_SETTINGS)
	cp lab-overrides.json $(LAB_SETTINGS)/overrides.json
	$(BIN)/jupyter lab

# Each stage runs in order and stops the run when it fails; the timings go to the log.
test: $(SETUP)
	@for stage in $(TEST_STAGES); do \
	  start=$$(date +%s); \
	  echo "=== make $$stage"; \
	  if ! $(MAKE) --no-print-directory $$stage; then \
	    echo "=== make test: '$$stage' FAILED after $$(( $$(date +%s) - start )) s"; exit 1; \
	  fi; \
	  echo "=== make test: '$$stage' passed in $$(( $$(date +%s) - start )) s"; \
	done

lint: $(SETUP)
	$(BIN)/ruff check lstm tests book/_ext
	$(BIN)/ruff format --check lstm tests book/_ext

unit: $(SETUP)
	$(BIN)/pytest tests --ignore=tests/browser

# The chapters, converted to notebooks without outputs and run in the smoke profile, JOBS
# of them side by side (pytest-xdist; --dist loadfile keeps each notebook's cells, which
# depend on one another, in order in one worker). nbval has no stored outputs to compare:
# the checks are the claims and assertions.
notebooks: $(SETUP)
	@test -n "$(CHAPTERS)" || { echo "no chapters book/[0-9]*.md to run"; exit 1; }
	rm -rf $(NOTEBOOK_DIR) && mkdir -p $(NOTEBOOK_DIR)
	for chapter in $(CHAPTERS); do \
	  $(BIN)/jupytext --to ipynb --output $(NOTEBOOK_DIR)/$$(basename $${chapter%.md}).ipynb $$chapter; \
	done
	LSTM_PROFILE=smoke $(BIN)/pytest --nbval-lax --nbval-current-env -p no:python --timeout 1800 \
	  -n $(JOBS) --dist loadfile $(NOTEBOOK_DIR)

browser: $(SETUP)
	$(BIN)/pytest tests/browser

# The experiments are independent: JOBS of them run side by side (each on one thread), the
# longest first so that the last to finish is a short one.
EACH_EXPERIMENT = $(BIN)/python -m lstm --list --longest-first | cut -d' ' -f1 \
	| xargs -P $(JOBS) -I NAME $(BIN)/python -m lstm NAME

reproduce: $(SETUP)
	$(EACH_EXPERIMENT) --profile full

baselines: $(SETUP)
	$(EACH_EXPERIMENT) --profile smoke

robustness: $(SETUP)
	$(EACH_EXPERIMENT) --robustness

# One process, one thread, interleaved rounds; about a quarter of an hour on 2 cores.
bench: $(SETUP)
	$(BIN)/python -m lstm.bench

clean:
	rm -rf _build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -not -path './.venv/*' -prune -exec rm -rf {} +
