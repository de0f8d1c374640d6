# merzig-cli: two commands do everything.
#   make demo   set up .venv and run the main job on the bundled Merzig data
#   make test   set up .venv with test tools and run every check and test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUM    := $(shell cksum < pyproject.toml | cut -d' ' -f1)
RUN    := $(VENV)/.installed-run-$(SUM)
TOOLS  := $(VENV)/.installed-test-$(SUM)
OUT    ?= output

.PHONY: demo test test-long lint docs unit unit-today browser bench bytecode clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# What the tool needs to run (make demo) ...
$(RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	rm -f $(VENV)/.installed-run-*
	touch $(RUN)

# ... and with it the test tools (make test): one pip run for both, 41 s on a fresh clone
# where two took 50 s. It stands for the first too, so make demo afterwards installs nothing.
$(TOOLS): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-run-* $(VENV)/.installed-test-*
	touch $(RUN) $(TOOLS)

# The program's modules compiled once, so that no command compiles them again at
# start (an editable install is not compiled by pip; with PYTHONDONTWRITEBYTECODE
# set, Python would compile them on every run).
bytecode: $(RUN)
	$(BIN)/python -m compileall -q merzig_cli

demo: $(RUN) bytecode
	$(BIN)/merzig validate --data data
	$(BIN)/merzig actors stale --data data
	$(BIN)/merzig actors search anerkennung --data data
	$(BIN)/merzig route "Wie kann mein Pflegediplom aus Syrien anerkannt werden?" --data data --lang ar
	$(BIN)/merzig report referrals --data data --html $(OUT)/auswertung.html
	$(BIN)/merzig brochure build --data data --lang all --format html,pdf,md --out $(OUT)
	$(BIN)/merzig district build examples/district/district.yaml --out $(OUT)/landkreis --format html,md
	$(BIN)/merzig conference plan fk-2027 --data data --out $(OUT)
	$(BIN)/merzig conference minutes fk-2026 --data data --out $(OUT)
	$(BIN)/merzig followup --data data
	$(BIN)/merzig report conference fk-2026 --data data --html $(OUT)/foerderkonferenz.html
	# Steckbriefe from a survey export and a filled form, into a copy: data/ stays as it is
	rm -rf $(OUT)/import-demo && mkdir -p $(OUT) && cp -r data $(OUT)/import-demo
	$(BIN)/merzig actors import data/import/limesurvey-antworten.csv \
	  data/import/steckbrief-awo-merzig.xlsx --data $(OUT)/import-demo
	$(BIN)/merzig export hsds --data data --out $(OUT)/hsds
	# The conference year without an editor, on a copy of the bundled data (data/ stays as it is).
	rm -rf $(OUT)/demo-ws && mkdir -p $(OUT) && cp -r data $(OUT)/demo-ws
	MERZIG_TODAY=2027-06-29 $(BIN)/merzig conference new fk-2028 --data $(OUT)/demo-ws --date 27.06.2028 \
	  --location "Berufsbildungszentrum Merzig" --start 08:30 --break "alle 6=15" --break 12:00=45 \
	  --host bbz-merzig --participant bbz-merzig:m-said --participant jmd-merzig:n-schuster
	MERZIG_TODAY=2027-06-29 $(BIN)/merzig case agree fk-2027-01 --data $(OUT)/demo-ws --perspective Sprachkurs
	MERZIG_TODAY=2027-06-29 $(BIN)/merzig case step add fk-2027-01 --data $(OUT)/demo-ws \
	  --action "Anmeldung zum Sprachkurs B1" --by youth --support jmd-merzig --due "in 4 Wochen"
	MERZIG_TODAY=2027-06-29 $(BIN)/merzig case show fk-2027-01 --data $(OUT)/demo-ws

# Debian's Chromium and chromedriver for the browser tests, faketime for the run
# years ahead, LibreOffice Calc for the round trip of the Steckbrief form. Whatever of them is missing is installed; where that fails, the
# tests fail and say why: a missing component is never skipped.
browser:
	@{ command -v chromium && command -v chromedriver && command -v faketime && command -v soffice; } >/dev/null 2>&1 || { \
	  (apt-get update -qq && apt-get install -y -qq chromium chromium-driver fonts-dejavu-core faketime libreoffice-calc-nogui >/dev/null) \
	  || echo "Achtung: Chromium, chromedriver, faketime oder LibreOffice konnten nicht installiert werden; Tests werden fehlschlagen."; }

lint: $(TOOLS)
	$(BIN)/ruff check merzig_cli tests bench tools
	$(BIN)/ruff format --check merzig_cli tests bench tools
	$(BIN)/mypy

# The manual (docs/, German) as a static site in site/; offline, no external assets.
# --strict: a broken link or a page missing from the navigation fails the build.
docs: $(TOOLS)
	$(BIN)/mkdocs build --strict --quiet --site-dir site

# The suite runs in parallel, with the system clock seven years ahead (libfaketime): every
# test pins its day, so a test or a module that reads the real date fails today, not in
# some later year. make unit-today runs it at the real date. libfaketime is loaded directly,
# not through the faketime wrapper, whose clock shared between all processes made the run
# slower (258 s against 224 s): each process starts at the same fake moment. The modules are
# compiled first: the tests start merzig as a process some hundred times, and with PYTHONDONTWRITEBYTECODE
# set each start would compile them again (1.7 s instead of 0.3 s); the test modules, as pytest
# rewrites their asserts, are kept too (2.6 s per worker on a second run).
# worksteal: an idle worker takes tests from the other's queue; xdist's default hands each
# worker a block of consecutive tests, and one got every long test (233 s against 181 s).
PARALLEL := -n auto --dist worksteal
FUTURE := $(shell date -d '+7 years' +%Y-%m-%d)
# looked up when the tests start: make browser may just have installed it
FAKETIME_LIBS := /usr/lib/*/faketime/libfaketime.so.1 /usr/lib/faketime/libfaketime.so.1 /usr/local/lib/faketime/libfaketime.so.1
unit: $(TOOLS) bytecode
	@lib=$$(ls $(FAKETIME_LIBS) 2>/dev/null | head -n 1); \
	test -n "$$lib" || { echo "libfaketime fehlt (Debian: apt-get install faketime)"; exit 1; }; \
	echo "PYTHONDONTWRITEBYTECODE= LD_PRELOAD=$$lib FAKETIME='@$(FUTURE) 09:00:00' $(BIN)/python -m pytest -q $(PARALLEL)"; \
	PYTHONDONTWRITEBYTECODE= LD_PRELOAD=$$lib FAKETIME='@$(FUTURE) 09:00:00' $(BIN)/python -m pytest -q $(PARALLEL)

unit-today: $(TOOLS) bytecode
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q $(PARALLEL)

test: $(TOOLS) browser lint docs unit

# The long runs the test run has a CI profile of: 1000 random workspaces and command runs for
# the fuzz tests, 300 kills and 200 updates per process for the kill tests, hostile values of
# a mebibyte instead of 300,000 characters for the linear-time tests (some minutes).
test-long: $(TOOLS)
	MERZIG_FUZZ=long MERZIG_KILL_ROUNDS=300 MERZIG_KILL_UPDATES=200 MERZIG_HOSTILE_CHARS=1048576 \
	  $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_fuzz_commands.py \
	  tests/test_kill.py tests/test_hostile_text.py tests/test_names_heldout.py

# The benchmarks (bench/figures.py kills 300 writers itself), then the long fuzz pass over case, conference, config and state files
# (the test run has a short one).
bench: $(TOOLS) bytecode
	$(BIN)/python bench/run.py
	MERZIG_FUZZ=long $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz.py tests/test_fuzz_commands.py

clean:
	rm -rf $(VENV) $(OUT)/* site .pytest_cache .mypy_cache .ruff_cache
