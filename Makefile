# Parity: `make run` replays every scenario offline; `make test` runs the whole gate.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test record report bench clean

$(STAMP): pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	# The 2.x SDK (API version 2026-10-21) is a test oracle beside the 0.x one, in a venv of
	# its own (so that pip resolves and checks it there); tests put its site-packages first
	# on a driver's path.
	rm -rf $(VENV)/sdk2
	$(PYTHON) -m venv --without-pip $(VENV)/sdk2
	$(BIN)/pip --python $(VENV)/sdk2/bin/python install --quiet --disable-pip-version-check \
		'anthropic==2.12.0'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/parity run

# -n auto: pytest-xdist, one worker per core (see docs/ARCHITECTURE.md, Determinism and speed)
test: $(STAMP)
	$(BIN)/pytest -n auto

record: $(STAMP)
	$(BIN)/parity record --simulator --update-golden

report: $(STAMP)
	$(BIN)/parity report

bench: $(STAMP)
	$(BIN)/python benchmarks/report_render.py
	$(BIN)/python benchmarks/replay.py

clean:
	rm -rf $(VENV) reports/*.json reports/*.html reports/*.xml reports/*.md.tmp
