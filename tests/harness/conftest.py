"""Shared fixtures: a small Parity project recorded once from the simulator, and a bounded
loopback HTTP server whose answers each test file scripts."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from harness.session import Project, SessionOptions, run_session
from tests.support.gate import Gate, gate_on
from tests.support.loopback import Loopback, Route

ROOT = Path(__file__).resolve().parents[2]

SCENARIOS = {
    "basic/hello.yaml": """\
title: Plain text
tags: [basic]
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Say hello"}]
reply:
  content: [{type: text, text: "Hello! How can I help you today?"}]
  stop_reason: end_turn
  usage: {input_tokens: 10, output_tokens: 9}
""",
    "tools/weather.yaml": """\
title: One tool call
tags: [tools]
request:
  model: sonnet
  max_tokens: 256
  tools: [{name: get_weather, input_schema: {type: object, properties: {city: {type: string}}}}]
  messages: [{role: user, content: "Weather in Paris?"}]
reply:
  content:
    - {type: text, text: "Let me check the weather in Paris for you."}
    - {type: tool_use, id: toolu_01A, name: get_weather, input: {city: Paris, unit: celsius}}
  stop_reason: tool_use
  usage: {input_tokens: 412, output_tokens: 57, cache_read_input_tokens: 100}
expect:
  - path: message.content[1].input.city
    equals: Paris
""",
    "errors/rate-limit.yaml": """\
title: Rate limited
tags: [errors]
request:
  model: sonnet
  max_tokens: 64
  messages: [{role: user, content: "Trigger a rate limit"}]
reply:
  error:
    status: 429
    type: rate_limit_error
    message: "Number of requests has exceeded your rate limit."
""",
}


def make_project(root: Path) -> Project:
    scenarios = root / "fixtures" / "scenarios"
    for rel, text in SCENARIOS.items():
        path = scenarios / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "fixtures" / "targets.yaml", root / "fixtures" / "targets.yaml")
    return Project(root)


@pytest.fixture(scope="session")
def recorded_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose cassettes and goldens were recorded from the simulator."""
    root = tmp_path_factory.mktemp("recorded")
    project = make_project(root)
    options = SessionOptions(mode="record-simulator", update_golden=True, write_report=False)
    outcome = run_session(project, options, out=open("/dev/null", "w"))  # noqa: SIM115
    assert outcome.red == 0, [r.failure_text() for r in outcome.results if r.verdict == "red"]
    return root


@pytest.fixture
def project(recorded_project: Path, tmp_path: Path) -> Iterator[Project]:
    """A private copy of the recorded project that a test may break."""
    root = tmp_path / "project"
    shutil.copytree(recorded_project, root)
    yield Project(root)


@pytest.fixture
def gate(project: Project, pytester: pytest.Pytester) -> Gate:
    """The pytest gate, run on ``project``."""
    return gate_on(project, pytester)


@pytest.fixture
def loopback() -> Iterator[Callable[[Route], Loopback]]:
    """Start loopback servers answering with a route function; all stop after the test."""
    started: list[tuple[Loopback, threading.Thread]] = []

    def start(route: Route) -> Loopback:
        server = Loopback(route)
        thread = threading.Thread(target=server.serve, daemon=True)
        thread.start()
        started.append((server, thread))
        return server

    yield start
    for server, thread in started:
        server.stopped.set()
        thread.join(timeout=2)
        server.server_close()
