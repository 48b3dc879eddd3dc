# The two front-door commands: `make demo` (crawl the bundled demo site into output/) and
# `make test` (lint, types, tests). Both create the virtual environment on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo test test-lowest lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) scripts/crawl_demo.py $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

test: lint
	$(PY) -m pytest

# The unit tests again, in a second environment holding the lowest version of every
# dependency pyproject.toml declares: a floor that is too low fails here, not for a user.
LOWEST ?= .venv-lowest
test-lowest:
	python3 -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --quiet --upgrade pip
	python3 scripts/lowest_constraints.py --extra browser > $(LOWEST)/constraints.txt
	$(LOWEST)/bin/python -m pip install --quiet -c $(LOWEST)/constraints.txt -e '.[browser]' \
		pytest pytest-timeout hypothesis
	$(LOWEST)/bin/python -m pip list --format=freeze | grep -iE \
		'^(scrapy|twisted|lxml|cssselect|w3lib|jsonschema|fastjsonschema|numpy|scrapy-redis|redis|charset-normalizer|matplotlib|playwright|scrapy-playwright|trafilatura|htmldate)=='
	$(LOWEST)/bin/python -m pytest -q -p no:cacheprovider tests/unit

clean:
	rm -rf $(VENV) $(LOWEST) .mypy_cache .ruff_cache .pytest_cache
