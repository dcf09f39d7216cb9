# Two commands do all the set-up: `make demo` and `make test`.
PYTHON := $(shell sh scripts/find-python.sh)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test test-long test-clock lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes, so a second `make demo` starts fast.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/wiredesk demo

# The whole suite on SQLite, then the database tests again on PostgreSQL when it answers.
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/wiredesk
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest
	@if $(BIN)/python tests/services.py; then \
		echo "== the database tests again, on PostgreSQL"; \
		DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -m "django_db and not slow and not browser"; \
	elif [ "$${WIREDESK_REQUIRE_SERVICES:-0}" = 1 ]; then \
		echo "PostgreSQL does not answer and WIREDESK_REQUIRE_SERVICES=1"; exit 1; \
	else echo "PostgreSQL does not answer: the PostgreSQL pass is skipped"; fi

# The long suites of issue 10: SIGKILL at seeded random points (seeds printed), fault injection.
test-long: $(VENV)/.installed-test
	WIREDESK_KILL_ROUNDS=20 WIREDESK_WORKER_KILL_ROUNDS=8 $(BIN)/pytest -m slow
	$(BIN)/pytest tests/test_faults_ingest.py

# The suite with the clock moved 400 days and 9 hours ahead (tests/conftest.py): a test that mixes
# a fixed date with code reading the clock fails here, not on a later day in someone's clone.
# The slow suites start servers in other processes, which keep the real clock.
test-clock: $(VENV)/.installed-test
	WIREDESK_TEST_CLOCK_SHIFT_HOURS=9609 $(BIN)/pytest -m "not slow"

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var
