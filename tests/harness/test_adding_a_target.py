"""Adding a target from outside: its modules in a package of its own, one registry entry and
a column in fixtures/targets.yaml are all it takes to record, replay and grade scenarios on
it, with its declared credential header scrubbed from everything written."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import registry
from harness.registry import TargetEntry
from harness.resolver import ScenarioResolver
from harness.session import Project, SessionOptions, run_session
from harness.simulator.server import SimulatorServer

SUPPORT = Path(__file__).resolve().parents[1] / "support" / "fake_target"
CANARY_KEY = "fakecloud-canary-key-0123456789"


@pytest.fixture
def fakecloud(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The fakecloud package, importable from a temporary folder, and its registry entry."""
    package = tmp_path / "outside" / "fakecloud"
    shutil.copytree(SUPPORT, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(package.parent))
    registry.register(
        TargetEntry(
            name="fakecloud",
            title="Fake Cloud",
            adapter="fakecloud.adapter",
            simulator="fakecloud.simulator",
            base_url_env=("PARITY_FAKECLOUD_BASE_URL",),
        )
    )
    yield "fakecloud"
    registry.unregister("fakecloud")
    for name in [m for m in sys.modules if m == "fakecloud" or m.startswith("fakecloud.")]:
        del sys.modules[name]


@pytest.fixture
def with_column(project: Project) -> Project:
    targets = project.fixtures / "targets.yaml"
    text = targets.read_text().replace(
        "    openai: claude-sonnet-4-6\n",
        "    openai: claude-sonnet-4-6\n    fakecloud: fake-sonnet-1\n",
        1,
    )
    assert "fakecloud" in text
    targets.write_text(text)
    return project


def written(root: Path) -> str:
    return "\n".join(
        p.read_text(errors="replace")
        for d in ("fixtures", "reports")
        for p in (root / d).rglob("*")
        if p.is_file()
    )


def test_a_target_added_from_outside_records_replays_and_grades(
    fakecloud: str, with_column: Project
) -> None:
    project = with_column
    record = SessionOptions(
        mode="record-simulator", targets=("anthropic", fakecloud), update_golden=True
    )
    recorded = run_session(project, record, out=io.StringIO())
    on_fake = [r for r in recorded.results if r.case.target == fakecloud]
    assert len(on_fake) == 6  # three scenarios in two modes
    assert (project.fixtures / "cassettes" / fakecloud / "basic" / "hello-stream.yaml").is_file()
    replayed = run_session(project, SessionOptions(targets=(fakecloud,)), out=io.StringIO())
    verdicts = {r.case.id: r.verdict for r in replayed.results}
    assert set(verdicts.values()) == {"green"}, [r.failure_text() for r in replayed.results]
    weather = next(r for r in replayed.results if r.case.id == "tools/weather[fakecloud-json]")
    assert weather.canonical_case == "tools/weather[anthropic-json]"
    assert weather.wire_request is not None
    assert (
        weather.wire_request["url"] == "https://fakecloud.invalid/fake/v1/models/fake-sonnet-1:chat"
    )
    assert weather.wire_request["headers"]["api-key"] == "<FAKECLOUD_API_KEY>"
    data = json.loads((project.reports / "results.json").read_text())
    assert [c["target"] for c in data["cases"]] == [fakecloud] * 6


def test_its_declared_credential_header_is_scrubbed_from_a_live_recording(
    fakecloud: str, with_column: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = with_column
    resolver = ScenarioResolver(project.valid_scenarios(), project.config())
    with SimulatorServer(resolver) as server:
        url = server.base_url
        monkeypatch.setenv("PARITY_FAKECLOUD_BASE_URL", url)
        monkeypatch.setenv("FAKECLOUD_API_KEY", CANARY_KEY)
        live = SessionOptions(
            mode="record-live", targets=(fakecloud,), keyword="hello", update_golden=True
        )
        out = io.StringIO()
        outcome = run_session(project, live, out=out)
    assert f"fakecloud         ready ({url})" in out.getvalue()
    assert {r.verdict for r in outcome.results} <= {"green", "amber"}, [
        r.failure_text() for r in outcome.results
    ]
    cassette = (
        project.fixtures / "cassettes" / fakecloud / "basic" / "hello-json.yaml"
    ).read_text()
    assert "api-key" in cassette and "<redacted>" in cassette
    assert CANARY_KEY not in written(project.root)
