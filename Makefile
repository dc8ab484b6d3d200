PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat setup.cfg pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: demo test install clean

$(STAMP): setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## demo: set up, ingest the bundled sample articles, write out/graph.ttl, print the counts
demo: $(STAMP)
	rm -rf out/store
	mkdir -p out
	$(BIN)/poros ingest --store out/store samples/
	$(BIN)/poros export --store out/store -o out/graph.ttl
	$(BIN)/poros validate --store out/store
	$(BIN)/poros stats --store out/store

## test: set up with the test extras and run the whole suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out *.egg-info
