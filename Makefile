# Strike Atlas. `make help` lists the targets; `make run` and `make test` set up everything they need.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
WORLD_MAP := data/raw/world_map.gpkg
QGIS_WORLD_MAP := /usr/share/qgis/resources/data/world_map.gpkg
CHROMIUM ?= /usr/bin/chromium
STORE ?= data/processed/events.parquet
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: help run test setup data browser postgis postgis-stop lint format bench notebook plotly-bundle glyphs boundaries clean distclean

help: ## Show the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-12s %s\n", $$1, $$2}'

# Writes through the web need a token (dashboard/web/auth.py). Unless one is set, `make run` makes one for this
# run and prints it: paste it once in "Unlock editing" to import data or add events from text.
run: setup ## Set up, then serve the dashboard on http://127.0.0.1:8050
	@if [ -z "$$STRIKE_ATLAS_WRITE_TOKEN" ]; then \
	  STRIKE_ATLAS_WRITE_TOKEN=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(12))'); \
	  echo "Write token for this run (Import data, Add events from text): $$STRIKE_ATLAS_WRITE_TOKEN"; fi; \
	STRIKE_ATLAS_WRITE_TOKEN=$$STRIKE_ATLAS_WRITE_TOKEN $(PY) -m dashboard serve --store "$(STORE)" --host $(HOST) --port $(PORT)

# The PostGIS tests run against the server `make postgis` starts; under `make test` they must not skip.
test: setup browser postgis ## Set up, then ruff and the whole suite (browser and PostGIS tests included)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	STRIKE_ATLAS_TEST_POSTGIS=$$(bash tools/postgis.sh --url) STRIKE_ATLAS_REQUIRE_POSTGIS=1 $(PY) -m pytest

setup: $(STAMP) data ## Create .venv, install requirements.txt, build reference data and the default store

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run 'make PYTHON=python3 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

data: $(STAMP) $(WORLD_MAP) ## Reference data (GeoNames, Natural Earth, ISO 3166-2) and the default store
	$(PY) -m dashboard build --store "$(STORE)"

# Natural Earth 1:10m admin-1, as shipped by QGIS. On Debian/Ubuntu it is fetched from the package
# registry without installing QGIS; elsewhere copy it from a QGIS install or set STRIKE_ATLAS_WORLD_MAP.
$(WORLD_MAP):
	@mkdir -p $(dir $@)
	@if [ -f $(QGIS_WORLD_MAP) ]; then cp $(QGIS_WORLD_MAP) $@; \
	elif command -v apt-get >/dev/null; then \
	  tmp=$$(mktemp -d) && cd $$tmp && { apt-get download qgis-common >/dev/null 2>&1 || { apt-get update -qq && apt-get download qgis-common; }; } \
	  && dpkg-deb -x qgis-common_*.deb x && cp x$(QGIS_WORLD_MAP) $(CURDIR)/$@ && rm -rf $$tmp; \
	else echo "error: $@ is missing. Copy world_map.gpkg from a QGIS install (resources/data/world_map.gpkg)"; \
	  echo "       or download Natural Earth 1:10m admin-1 and set STRIKE_ATLAS_WORLD_MAP."; exit 1; fi
	@test -s $@ && echo "Natural Earth admin-1: $@"

browser: ## Debian's Chromium for the browser tests and image export (installed when missing)
	@if [ ! -x $(CHROMIUM) ]; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else echo "error: Chromium not found at $(CHROMIUM). Install it (Debian: sudo apt-get install chromium)"; \
	    echo "       or run 'make test CHROMIUM=/path/to/chromium'."; exit 1; fi; fi
	@$(CHROMIUM) --version

postgis: ## Install (Debian) and start the project's PostgreSQL + PostGIS in data/postgis/; prints its URL last
	@bash tools/postgis.sh

postgis-stop: ## Stop the server `make postgis` started (its data stays in data/postgis/)
	@bash tools/postgis.sh stop

lint: $(STAMP) ## ruff check and format check
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP) ## ruff format and safe fixes
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

bench: setup browser postgis ## Speed and size against the naive approach (and PostGIS), as medians and ratios
	STRIKE_ATLAS_BENCH_POSTGIS=$$(bash tools/postgis.sh --url) $(PY) -m bench

# Needs Node.js and the npm registry; the result is committed, so users and CI never need either.
plotly-bundle: ## Rebuild dashboard/app/vendor/plotly.min.js (plotly.js with only the traces the app draws)
	cd tools/plotly-bundle && npm ci --no-audit --no-fund && npm run build

# Needs a checkout of protomaps/basemaps-assets (Noto Sans glyph PBFs, OFL); the result is committed.
glyphs: ## Refresh dashboard/app/vendor/glyphs/ (map label glyphs) from GLYPHS_SOURCE=/path/to/basemaps-assets
	@test -n "$(GLYPHS_SOURCE)" || { echo "error: set GLYPHS_SOURCE=/path/to/basemaps-assets"; exit 1; }
	tools/glyphs/copy_glyphs.sh $(GLYPHS_SOURCE)

# Needs Node.js, the npm registry and geoBoundaries' UKR ADM1 GeoJSON (data/boundaries/README.md says where).
boundaries: $(STAMP) ## Rebuild data/boundaries/ (OpenStreetMap borders) from npm and GEOBOUNDARIES_UKR_ADM1=path
	@test -n "$(GEOBOUNDARIES_UKR_ADM1)" || { echo "error: set GEOBOUNDARIES_UKR_ADM1=/path/to/geoBoundaries-UKR-ADM1.geojson"; exit 1; }
	cd tools/boundaries && npm ci --no-audit --no-fund
	$(PY) tools/boundaries/derive.py --geoboundaries $(GEOBOUNDARIES_UKR_ADM1)

notebook: setup ## Open the notebooks (needs jupyter: pip install jupyterlab)
	PYTHONPATH=$(CURDIR) $(VENV)/bin/jupyter lab notebooks/ || echo "install jupyterlab into .venv to open notebooks interactively"

clean: ## Remove built data and test artefacts (keeps .venv and data/seed)
	rm -rf data/reference data/processed data/interim tests/artifacts .pytest_cache .ruff_cache

distclean: clean ## Also remove .venv, the Natural Earth copy and the local PostGIS server's data
	-bash tools/postgis.sh stop
	rm -rf $(VENV) $(WORLD_MAP) data/postgis
