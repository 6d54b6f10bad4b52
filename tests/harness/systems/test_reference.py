"""Systems under test: the reference system runs the stages in-process; a system is found
by name, and an unknown name is a one-line error."""

from __future__ import annotations

import pytest

from harness.cases import Case
from harness.run_options import RunOptions
from harness.session import Project
from harness.systems import REFERENCE, SYSTEMS, UnknownSystemError, make_system


def options(project: Project) -> RunOptions:
    return RunOptions(fixtures=project.fixtures, project_root=project.root)


def test_the_reference_system_executes_every_stage(project: Project) -> None:
    system = make_system(REFERENCE, project.config(), options(project))
    assert system.name == "reference"
    scenario = next(s for s in project.scenarios if s.id == "tools/weather")
    ex = system.execute(Case(scenario, "bedrock-converse", "stream"))
    assert ex.findings == []
    assert ex.request is not None and ex.request["stream"] is True
    assert ex.wire is not None and "/converse-stream" in ex.wire.url
    assert ex.outcome is not None and ex.outcome.events is not None
    assert [e["type"] for e in ex.outcome.events][-1] == "message_stop"
    assert ex.provenance is not None and ex.provenance["source"] == "simulator"
    assert ex.front is None  # the native front: the client sees the outcome itself
    assert system.secrets == set()


def test_a_failing_stage_stops_the_execution_with_its_finding(project: Project) -> None:
    system = make_system(REFERENCE, project.config(), options(project))
    scenario = next(s for s in project.scenarios if s.id == "basic/hello")
    (project.fixtures / "cassettes" / "openai" / "basic" / "hello-json.yaml").unlink()
    ex = system.execute(Case(scenario, "openai", "json"))
    assert ex.wire is not None and ex.outcome is None
    assert [f.check for f in ex.findings] == ["cassette"]


def test_an_unknown_system_is_a_one_line_error_naming_the_known_ones(project: Project) -> None:
    with pytest.raises(UnknownSystemError) as caught:
        make_system("litellm", project.config(), options(project))
    assert str(caught.value) == (
        f"unknown system under test 'litellm'; expected one of: {', '.join(SYSTEMS)}"
    )
