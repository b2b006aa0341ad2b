# One command to a running portal, one more to a green test run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in pages, feeds and stored PDFs use SITE_URL: by default, the address `make run` serves.
SITE_URL ?= http://127.0.0.1:$(PORT)

.PHONY: install install-dev run test lint migrations-check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

run: install
	$(BIN)/python manage.py migrate --noinput
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py seed_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/ (sign in at /accounts/login/ with a demo login above)"
	SITE_URL=$(SITE_URL) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .

migrations-check: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install-dev
	$(BIN)/python bench/pdf_paper.py; paper=$$?; $(BIN)/python bench/pack.py; pack=$$?; \
	$(BIN)/python bench/import.py; archive=$$?; exit $$(( $$paper || $$pack || $$archive ))

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .pytest_cache
