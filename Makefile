PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)

SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-slow install browser clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## browser: Debian's Chromium, which the view's tests drive headless (Playwright uses it; nothing is downloaded)
browser:
	@command -v chromium >/dev/null || $(SUDO) apt-get install -y --no-install-recommends chromium \
	  || ($(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium)

## demo: set up, ingest the bundled sample articles, write out/graph.ttl and the view out/graph.html, print the counts
demo: $(STAMP)
	rm -rf out/store
	mkdir -p out
	$(BIN)/poros ingest --store out/store samples/
	$(BIN)/poros export --store out/store -o out/graph.ttl
	$(BIN)/poros view --store out/store -o out/graph.html
	$(BIN)/poros validate --store out/store
	$(BIN)/poros stats --store out/store

## test: set up with the test extras and Chromium, and run the whole suite (but the slow tests)
test: $(STAMP) browser
	$(BIN)/python -m pytest -q

## test-slow: the long tests (SIGKILL crash trials, very large inputs); CI runs them after `make test`
test-slow: $(STAMP) browser
	$(BIN)/python -m pytest -q -m slow

clean:
	rm -rf $(VENV) out *.egg-info
