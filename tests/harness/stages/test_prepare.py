"""Prepare: a case's client request in its front's API, and the Anthropic call made of it."""

from __future__ import annotations

from pathlib import Path

import yaml

from harness.cases import Case
from harness.findings import Finding
from harness.scenarios import load_scenario
from harness.session import Project
from harness.stages.prepare import Prepared, prepare

OPENAI_FRONT = {
    "title": "OpenAI front",
    "front": "openai",
    "request": {
        "model": "sonnet",
        "max_tokens": 32,
        "messages": [{"role": "user", "content": "Hi"}],
    },
    "reply": {
        "content": [{"type": "text", "text": "Hello"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 1, "output_tokens": 1},
    },
}


def case_of(project: Project, scenario: str, target: str, mode: str) -> Case:
    loaded = next(s for s in project.scenarios if s.id == scenario)
    return Case(loaded, target, mode)


def write(project: Project, rel: str, data: dict[str, object]) -> Case:
    path = project.fixtures / "scenarios" / rel
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return Case(load_scenario(path, project.fixtures / "scenarios"), "vertex", "stream")


def test_an_anthropic_case_streams_in_stream_mode_and_resolves_the_model(
    project: Project,
) -> None:
    prepared = prepare(case_of(project, "basic/hello", "vertex", "stream"), project.config())
    assert isinstance(prepared, Prepared)
    assert prepared.client_request["stream"] is True
    assert prepared.client_request["model"] == "sonnet"  # the client's logical name
    assert prepared.call.body["model"] == project.config().model_id("sonnet", "vertex")
    assert prepared.call.stream and prepared.call.endpoint == "messages"
    assert prepared.settings == project.config().profile("vertex").settings


def test_an_openai_front_case_sends_the_openai_request_through_the_front_door(
    project: Project,
) -> None:
    prepared = prepare(write(project, "openai-hi.yaml", OPENAI_FRONT), project.config())
    assert isinstance(prepared, Prepared)
    assert prepared.client_request["stream_options"] == {"include_usage": True}
    assert "stream_options" not in prepared.call.body
    assert prepared.call.body["messages"] == [{"role": "user", "content": "Hi"}]
    assert prepared.call.body["stream"] is True


def test_a_request_the_front_door_cannot_map_is_a_finding_at_the_field(
    project: Project,
) -> None:
    bad = dict(OPENAI_FRONT)
    bad["request"] = {
        "model": "sonnet",
        "messages": [
            {
                "role": "user",
                "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64"}}],
            }
        ],
    }
    prepared = prepare(write(project, "openai-bad.yaml", bad), project.config())
    assert isinstance(prepared, Finding)
    assert prepared.check == "translate"
    assert prepared.path == "messages[0].content[0].image_url.url"
    assert prepared.message.startswith("front door: ")


def test_prepare_reads_no_file_but_the_scenario(project: Project, tmp_path: Path) -> None:
    (project.fixtures / "cassettes").rename(tmp_path / "gone")
    assert isinstance(
        prepare(case_of(project, "basic/hello", "openai", "json"), project.config()), Prepared
    )
