# The book's two commands: `make book` (set up, execute notebooks, build HTML) and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
VENV := .venv
BIN := $(CURDIR)/$(VENV)/bin
PY := $(BIN)/python
export PATH := $(BIN):$(PATH)
export PYTHONHASHSEED := 0
export PYDEVD_DISABLE_FILE_VALIDATION := 1
STAMPS := .stamps
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
NB_STAMPS := $(patsubst notebooks/%.ipynb,$(STAMPS)/%.done,$(NOTEBOOKS))
# What a notebook's outputs depend on besides itself: the package, the seeds, the curated data.
NB_INPUTS := $(shell find lib seeds data -type f \( -name '*.py' -o -name '*.csv' -o -name '*.tsv' -o -name '*.txt' -o -name '*.yml' -o -name '*.json' \) -not -path '*egg-info*' 2>/dev/null | sort) references.bib
BOOK_SOURCES := _config.yml _toc.yml intro.md references.bib $(wildcard *.md) $(NOTEBOOKS)
NBVAL_FLAGS := --nbval --nbval-sanitize-with $(CURDIR)/tests/nbval_sanitize.cfg --nbval-cell-timeout=600

.PHONY: book test venv notebooks html lab unit nbval booktest clean

book: venv notebooks html
	@echo "Book built: $(CURDIR)/_build/html/index.html"

test: venv unit nbval html booktest
	@echo "All tests passed."

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

notebooks: $(NB_STAMPS)

# Re-execute a notebook only when it or its inputs changed (stamp files record the last good run).
$(STAMPS)/%.done: notebooks/%.ipynb $(NB_INPUTS) | venv
	@mkdir -p $(STAMPS)
	@TIMEFORMAT='executed $< in %R s'; time $(PY) tools/run_notebook.py $<
	@touch $@

html: venv
	@TIMEFORMAT='jupyter-book build in %R s'; time $(BIN)/jupyter-book build . --builder html -W --keep-going --quiet

unit: venv
	$(PY) -m pytest -q tests --ignore=tests/book

nbval: venv
	cd notebooks && $(PY) -m pytest -q $(NBVAL_FLAGS) .

booktest: venv
	$(PY) -m pytest -q tests/book

lab: venv
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf _build $(STAMPS)
