# merzig-cli: two commands do everything.
#   make demo   set up .venv and run the main job on the bundled Merzig data
#   make test   set up .venv with test tools and run every check and test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
OUT    ?= output

.PHONY: demo test lint unit browser bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/merzig validate --data data
	$(BIN)/merzig actors stale --data data
	$(BIN)/merzig actors search anerkennung --data data
	$(BIN)/merzig route "Wie kann mein Pflegediplom aus Syrien anerkannt werden?" --data data --lang ar
	$(BIN)/merzig report referrals --data data --html $(OUT)/auswertung.html
	$(BIN)/merzig brochure build --data data --lang all --format html,pdf,md --out $(OUT)

# Debian's Chromium for the browser test; skipped quietly where apt is not available.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-dejavu-core >/dev/null) \
	  || echo "Hinweis: Chromium konnte nicht installiert werden; der Browser-Test wird übersprungen."; }

lint: $(STAMP)
	$(BIN)/ruff check merzig_cli tests bench tools
	$(BIN)/ruff format --check merzig_cli tests bench tools
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -q

test: $(STAMP) browser lint unit

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(OUT)/* .pytest_cache .mypy_cache .ruff_cache
