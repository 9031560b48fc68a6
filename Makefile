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
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb notebooks/generic/*.ipynb))
NB_STAMPS := $(patsubst notebooks/%.ipynb,$(STAMPS)/%.done,$(NOTEBOOKS))
# What a notebook's outputs depend on besides itself: the package, the seeds, the curated data.
NB_INPUTS := $(shell find lib seeds data -type f \( -name '*.py' -o -name '*.csv' -o -name '*.tsv' -o -name '*.txt' -o -name '*.yml' -o -name '*.json' \) -not -path '*egg-info*' 2>/dev/null | sort) references.bib tests/labelled_claims.csv
BOOK_SOURCES := _config.yml _toc.yml references.bib $(wildcard *.md) $(NOTEBOOKS)
# Derived at build time, never committed: one source page per seed, and the subset CJK web font.
SEEDS_DIR := seeds
SOURCES_STAMP := sources/.done
WEBFONT := _static/fonts/llmrace-cjk.woff2
HTML_STAMP := _build/html/.built
# The methodology page shows the last commit's id and date: a new commit makes the built HTML stale.
COMMIT_STAMP := $(STAMPS)/commit
$(shell mkdir -p $(STAMPS); c=$$(git rev-parse --short HEAD 2>/dev/null || echo none); \
  [ "$$(cat $(COMMIT_STAMP) 2>/dev/null)" = "$$c" ] || echo "$$c" > $(COMMIT_STAMP))
LIB_INPUTS := $(shell find lib/llmrace -type f -not -path '*__pycache__*' -not -path '*egg-info*' 2>/dev/null | sort)
T0 := $(shell date +%s.%N)
ELAPSED = $$(python3 -c 'import time; print(f"{time.time() - $(T0):.1f}")')
NBVAL_FLAGS := --nbval --nbval-sanitize-with $(CURDIR)/tests/nbval_sanitize.cfg --nbval-cell-timeout=600

.PHONY: bench book test venv notebooks sources webfont html lab unit nbval booktest determinism clean

# `make book SEEDS=path/to/articles [OUT=path] [JOBS=n]`: a user's book for any folder of articles, built
# strictly in OUT (default _userbook/<folder name>, gitignored) by `python -m llmrace userbook`; the bundled
# book's notebooks, exports and _build/html are not touched. Plain `make book` builds the bundled book.
SEEDS ?=
OUT ?= _userbook/$(notdir $(abspath $(SEEDS)))
JOBS ?= 2
ifneq ($(strip $(SEEDS)),)
book: venv
	@$(PY) -m llmrace userbook "$(SEEDS)" "$(OUT)" --jobs $(JOBS)
	@echo "make book SEEDS=$(SEEDS): $(ELAPSED) s"
else
book: venv notebooks html
	@echo "Book built: $(CURDIR)/_build/html/index.html (make book: $(ELAPSED) s)"
endif

# unit tests, notebooks re-executed against their outputs, the strict build, tests of the built book
# (links, search index, offline, web font, real browser), then byte-identical rebuilds.
test: venv unit nbval html booktest determinism
	@echo "All tests passed (make test: $(ELAPSED) s)."

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

notebooks: $(NB_STAMPS)

# Re-execute a notebook only when it or its inputs changed (stamp files record the last good run).
$(STAMPS)/%.done: notebooks/%.ipynb $(NB_INPUTS) | venv
	@mkdir -p $(@D)
	@TIMEFORMAT='executed $< in %R s'; time $(PY) tools/run_notebook.py $<
	@rm -f $(HTML_STAMP)  # the notebook's file may be unchanged (same outputs) yet make read its time before the run
	@touch $@

# Source pages: regenerated when the seeds or the package change; files rewritten only when changed.
sources: $(SOURCES_STAMP)
$(SOURCES_STAMP): $(wildcard $(SEEDS_DIR)/*) $(LIB_INPUTS) | venv
	@TIMEFORMAT='source pages in %R s'; time $(PY) -m llmrace.sources $(SEEDS_DIR) sources
	@touch $@

# Web font: the characters of everything the book renders (needs the source pages and the notebooks).
webfont: $(WEBFONT)
$(WEBFONT): tools/make_webfont.py $(SOURCES_STAMP) $(NOTEBOOKS) $(wildcard *.md) _toc.yml references.bib $(SEEDS_DIR)/catalog.csv | venv
	@TIMEFORMAT='web font in %R s'; time $(PY) tools/make_webfont.py
	@touch $@

html: venv $(HTML_STAMP)

# The book is built from scratch whenever any of its inputs changed (and not at all otherwise): Sphinx's
# incremental builds keep the pages of documents removed from the toc and drop the glossary's index entries
# from the search index, so an incremental build is not byte-identical to a fresh one.
$(HTML_STAMP): $(BOOK_SOURCES) $(COMMIT_STAMP) $(SOURCES_STAMP) $(WEBFONT) $(wildcard _static/*.css) $(LIB_INPUTS) | venv
	@rm -rf _build/html _build/.doctrees
	@TIMEFORMAT='jupyter-book build in %R s'; time $(BIN)/jupyter-book build . --builder html -W --keep-going --quiet
	@touch $@

unit: venv
	$(PY) -m pytest -q tests --ignore=tests/book

nbval: venv
	cd notebooks && $(PY) -m pytest -q $(NBVAL_FLAGS) .

booktest: venv
	$(PY) -m pytest -q -rs tests/book

# Two builds must agree: each notebook re-executed must equal the committed one byte for byte, and a
# fresh HTML build must equal _build/html (exceptions documented in README, "Determinism").
determinism: venv
	@TIMEFORMAT='determinism checks in %R s'; time $(PY) tools/compare_builds.py --notebooks --html

# Benchmarks (not tests): pipeline vs bare jieba and JioNLP, hostile-size scaling; JioNLP is benchmark-only.
bench: venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r benchmarks/requirements.txt
	$(PY) benchmarks/bench_pipeline.py --mb 2 --jobs 1

lab: venv
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf _build $(STAMPS) sources _static/fonts
