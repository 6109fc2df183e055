# Every workflow of Wirkungscockpit. The two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: help install install-dev system-test-deps services run dev demo test test-schnell fuzz audit bench lint format screenshots docs duplicates docker clean

help:  ## list the workflows
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 22

$(VENV)/.installiert: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	touch $@

$(VENV)/.dev-installiert: $(VENV)/.installiert requirements-dev.txt
	$(PIP) install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installiert  ## create .venv with the app's dependencies

install-dev: $(VENV)/.dev-installiert  ## add test and lint tools to .venv

system-test-deps:  ## Debian packages (chromium, chromium-driver, poppler-utils) and axe-core for the browser tests
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && command -v pdftotext >/dev/null || \
	  ($(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver poppler-utils)
	@[ -f node_modules/axe-core/axe.min.js ] || npm install --no-save --no-package-lock --silent axe-core@4.14.1

services:  ## start PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) when they are not running
	@pg_isready -q -h 127.0.0.1 -p 5432 || \
	  ($(SUDO) pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start && sleep 1 && pg_isready -h 127.0.0.1 -p 5432)
	@redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || \
	  (command -v redis-server >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq redis-server)) && \
	  (redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no)

run: install  ## install and start the app with gunicorn on the demo city (SQLite)
	@echo "Wirkungscockpit startet: http://$(HOST):$(PORT)/  (beim ersten Start wird die Demostadt angelegt)"
	$(VENV)/bin/gunicorn app:server -w 2 -b $(HOST):$(PORT) --timeout 120 --no-control-socket

dev: install  ## start the Dash development server (WK_DEBUG=ja for hot reload)
	$(PY) app.py

demo: install  ## (re)create the demo city Musterstadt in the configured database
	$(PY) -m kennzahlen demo

test: install-dev system-test-deps services  ## install what the tests need and run all of them (three tiers, SQLite and PostgreSQL), then ruff and pip-audit
	$(PY) -m pytest -q -m "not browser" -n 2 --dist loadfile
	$(PY) -m pytest -q -m browser -n 2 --dist loadfile
	$(VENV)/bin/ruff check .
	$(PY) .ci/audit.py --nur-melden

audit: install-dev  ## strict dependency audit (.ci/audit.py around pip-audit): fails on a known vulnerability and when not every package could be audited
	$(PY) .ci/audit.py

test-schnell: install-dev  ## run the tests without the browser tier
	$(PY) -m pytest -q -m "not browser" -n 2 --dist loadfile

WK_FUZZ_BEISPIELE ?= 2000
fuzz: install-dev  ## fuzz every import format with WK_FUZZ_BEISPIELE generated files (default 2000; CI runs 450)
	WK_FUZZ_BEISPIELE=$(WK_FUZZ_BEISPIELE) $(PY) -m pytest -q tests/kennzahlen/importe/test_import_fuzz.py

bench: install-dev system-test-deps services  ## benchmark (callbacks, browser rendering, cold start, import, memory, load) on SQLite and PostgreSQL; BENCH_ARGS="--schnell" for a short run
	$(PY) -m bench $(BENCH_ARGS)

lint: install-dev  ## ruff
	$(VENV)/bin/ruff check .

format: install-dev  ## ruff fix and format imports
	$(VENV)/bin/ruff check --fix .

docs: install  ## regenerate docs/importformate.md from the import format definitions (a test compares them)
	$(PY) -m kennzahlen.importe.doku

screenshots: install-dev system-test-deps  ## regenerate the README screenshots and report page images in docs/
	$(PY) tests/browser/screenshots.py docs
	$(PY) -m dashboard.bericht.seitenbilder docs

duplicates:  ## list repeated code (tool from the library)
	duplicates

docker:  ## build the image (needs a Docker engine)
	docker build -t wirkungscockpit .

clean:  ## remove the venv, the local data and caches
	rm -rf $(VENV) data node_modules .pytest_cache .ruff_cache
