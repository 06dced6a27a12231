# The two commands of README.md: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv migrate seed lint clean

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

migrate: venv
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo

# nginx-rtmp (live video) runs beside daphne when nginx and its RTMP module are installed, and
# stops with it; without them the site runs all the same and says so.
run: seed
	@echo ""
	@RTMP_HOOK_SITE=http://$(HOST):$(PORT) $(BIN)/python manage.py media_server start
	@echo "  Ball Skill Live is running at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo ""
	@trap '$(BIN)/python manage.py media_server stop' INT TERM EXIT; \
		$(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application

# The suite in two runs: the tests that stand alone, spread over a process per core (pytest-xdist;
# PYTEST_WORKERS=0 for one), then those that drive Chromium, nginx-rtmp or servers of their own, one
# after another in one process (tests/conftest.py). Exit code 5 is a run its selection left empty
# (CI's embedded pass has no service tests).
PYTEST_WORKERS ?= auto
test: venv
	$(BIN)/pytest -n $(PYTEST_WORKERS) --service-tests=none $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/pytest --service-tests=only $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: venv
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/lint-imports --no-logo

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* media private-media .test-private-media* .test-media* .media-server .pytest_cache
