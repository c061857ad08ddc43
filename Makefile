# The two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run in one process per core (pytest-xdist), each module's tests in one process so
# that a module's server or crawl is made once. TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
PARALLEL := --numprocesses $(TEST_WORKERS) --dist loadscope
# Tests use a throwaway key (distinctive, so a test that looks for it on a page cannot
# match by accident); `make run` keeps its own in .env.
TEST_ENV := SECRET_KEY=tk-7Qx2-throwaway-9vLm-test-key-3Rb8 ENV_FILE=/dev/null CACHE_URL=$${TEST_CACHE_URL:-locmemcache://}

.PHONY: run test test-fast install install-dev env migrate seed static translations messages serve lint format superuser screenshots headers bench previews clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev node_modules/.installed

# A local .env with a random SECRET_KEY, made once and never overwritten.
.env:
	cp .env.example .env
	$(PYTHON) -c 'import secrets,re,pathlib; p=pathlib.Path(".env"); p.write_text(re.sub(r"(?m)^SECRET_KEY=.*$$", "SECRET_KEY=" + secrets.token_urlsafe(50), p.read_text()))'

env: .env

migrate: install env
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_content

static: translations
	$(PY) manage.py collectstatic --noinput --verbosity 0

# The .mo files Django reads, compiled from locale/*/LC_MESSAGES/django.po in pure Python
# (no GNU gettext needed). Not committed: every build makes them.
translations: install env
	$(PY) manage.py compile_translations

## make messages: bring the translators' catalogues up to date with the English (needs GNU
## gettext: apt-get install gettext). See locale/README.md.
messages: install env
	$(PY) manage.py update_catalogues

## make run: install, migrate, seed, collect static files and serve on http://127.0.0.1:8000
run: seed static
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) campaign_site.wsgi

## make superuser USERNAME=name: create an administrator, then print their one-time-code QR
superuser: migrate
	@test -n "$(USERNAME)" || { echo "Usage: make superuser USERNAME=yourname"; exit 2; }
	$(PY) manage.py create_editor --superuser --username "$(USERNAME)"
	$(PY) manage.py setup_totp "$(USERNAME)"

## make test: install test tools and run the whole suite (browser tests included)
test: install-dev
	$(TEST_ENV) $(PY) manage.py compile_translations
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(VENV)/bin/pytest $(PARALLEL) $(PYTEST_ARGS)

## make test-fast: the tests that need no browser and start no servers (a minute or two)
test-fast: install-dev
	$(TEST_ENV) $(PY) manage.py compile_translations
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	$(TEST_ENV) $(VENV)/bin/pytest -m "not browser and not slow" $(PARALLEL) $(PYTEST_ARGS)

## make headers: print every public URL's security headers; fail on a missing one.
## URL=https://example.org checks a deployed site instead of this checkout.
headers: static
	$(TEST_ENV) $(PY) scripts/check_headers.py $(URL)

## make bench: requests/s and p50/p99 of the home and help pages under gunicorn (as `make run`
## serves them) beside a static file of the same size, page weights, errors under load.
## Takes about 3 minutes; BENCH_DURATION, BENCH_LONG_DURATION=0 etc. shorten it (see scripts/bench.py).
bench: install
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
	$(PY) scripts/bench.py

## make screenshots: PNGs of every page at phone (390px) and desktop (1280px) widths in screenshots/,
## and the admin guide's pictures in static/img/guide/ (committed; their sizes written into the guide).
## SCREENSHOTS_ARGS="--part admin" (or --part public, --only NAME) makes some of them.
screenshots: install-dev
	$(TEST_ENV) $(PY) scripts/screenshots.py $(SCREENSHOTS_ARGS)

## make previews: an A4 poster and a 1080x1080 card, from the seed content, in docs/previews/
previews: $(VENV)/.installed-dev
	$(TEST_ENV) $(PY) -m toolkit.previews

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf staticfiles var/cache .pytest_cache
