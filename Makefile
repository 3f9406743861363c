# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test install lint bench eval fuzz clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Set up, then run the main job on the bundled example (demo/).
demo: $(STAMP)
	VIGIL_DB=$${VIGIL_DB:-$(CURDIR)/demo/out/demo.db} $(BIN)/vigil demo

## Set up, then run the whole test suite (needs VIGIL_TEST_PG_URL for the PostgreSQL tests; .ci/run sets it).
test: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard bench)
	$(BIN)/ruff format --check src tests $(wildcard bench)

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/footprint.py
	$(BIN)/python bench/watch.py
	$(BIN)/python bench/serve_load.py
	$(BIN)/python bench/stories.py

## Every accuracy benchmark on ../shared/eval (about half an hour: stories ingest 772 texts).
eval: $(STAMP)
	$(BIN)/vigil eval html
	$(BIN)/vigil eval quotes
	$(BIN)/vigil eval events --cv 5
	$(BIN)/vigil eval geo
	$(BIN)/vigil eval stories

## Every text of ../shared/eval through `vigil extract`: zero stage failures or tracebacks
## (about an hour; FUZZ_ARGS="--limit 20" for a quick run, "--in-process" to debug).
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz_corpus.py --workers $${FUZZ_WORKERS:-1} $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) demo/out .pytest_cache
