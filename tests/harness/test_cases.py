"""Cases: scenario x target x mode, each with a stable id, the request a client would send,
the API version it speaks, and where its cassette and golden file live."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.cases import Case, case_id, expand
from harness.errors import ScenarioError
from harness.registry import targets as available_targets
from harness.scenarios import BrokenScenario, Scenario, load_scenario
from harness.targets import TargetsConfig, load_targets

TARGETS_YAML = """\
models:
  haiku: {anthropic: claude-haiku-4-5-20251001, vertex: claude-haiku-4-5@20251001}
targets:
  anthropic: {api_version: "2026-10-21"}
  vertex: {region: us-east5, project: parity-simulated}
"""

SCENARIO = """\
title: Plain text
tags: [basic]
betas: [context-1m-2025-08-07]
request:
  model: haiku
  max_tokens: 64
  messages: [{role: user, content: "Say hello"}]
reply:
  content: [{type: text, text: "Hello!"}]
  stop_reason: end_turn
  usage: {input_tokens: 10, output_tokens: 3}
not_applicable:
  - {target: vertex, mode: stream, reason: "not offered there"}
"""


@pytest.fixture
def config(tmp_path: Path) -> TargetsConfig:
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS_YAML, encoding="utf-8")
    return load_targets(path)


def make(tmp_path: Path, rel: str, text: str = SCENARIO) -> Scenario:
    path = tmp_path / "scenarios" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_scenario(path, tmp_path / "scenarios")


@pytest.fixture
def hello(tmp_path: Path) -> Scenario:
    return make(tmp_path, "basic/hello.yaml")


def test_a_case_id_is_scenario_then_target_and_mode(hello: Scenario) -> None:
    assert Case(hello, "vertex", "stream").id == "basic/hello[vertex-stream]"
    assert (
        case_id("tools/weather", "bedrock-invoke", "json") == "tools/weather[bedrock-invoke-json]"
    )


def test_the_canonical_case_is_the_same_scenario_and_mode_on_anthropic(hello: Scenario) -> None:
    case = Case(hello, "vertex", "stream")
    assert not case.is_canonical
    assert case.canonical() == Case(hello, "anthropic", "stream")
    assert case.canonical().is_canonical


def test_the_request_resolves_the_model_and_sets_stream_only_in_stream_mode(
    hello: Scenario, config: TargetsConfig
) -> None:
    json_request = Case(hello, "vertex", "json").request(config)
    assert json_request == {
        "model": "claude-haiku-4-5@20251001",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Say hello"}],
    }
    stream_request = Case(hello, "anthropic", "stream").request(config)
    assert stream_request["stream"] is True
    assert stream_request["model"] == "claude-haiku-4-5-20251001"


def test_building_a_request_leaves_the_scenario_untouched(
    hello: Scenario, config: TargetsConfig
) -> None:
    request = Case(hello, "vertex", "stream").request(config)
    request["messages"][0]["content"] = "changed"  # type: ignore[index]
    assert hello.request == {
        "model": "haiku",
        "max_tokens": 64,
        "messages": [{"role": "user", "content": "Say hello"}],
    }


def test_the_call_carries_endpoint_body_version_and_betas(
    hello: Scenario, config: TargetsConfig
) -> None:
    call = Case(hello, "vertex", "stream").call(config)
    assert call.endpoint == "messages"
    assert call.stream is True
    assert call.body == Case(hello, "vertex", "stream").request(config)
    assert call.betas == ("context-1m-2025-08-07",)
    assert call.api_version == "2023-06-01"


def test_the_api_version_is_the_scenarios_then_the_targets_then_the_default(
    tmp_path: Path, hello: Scenario, config: TargetsConfig
) -> None:
    pinned = make(tmp_path, "versions/pinned.yaml", 'api_version: "2023-06-01"\n' + SCENARIO)
    assert Case(pinned, "anthropic", "json").api_version(config) == "2023-06-01"
    assert Case(hello, "anthropic", "json").api_version(config) == "2026-10-21"
    assert Case(hello, "vertex", "json").api_version(config) == "2023-06-01"
    assert Case(hello, "anthropic", "json").api_version(TargetsConfig()) == "2023-06-01"


def test_settings_come_from_the_targets_profile(hello: Scenario, config: TargetsConfig) -> None:
    settings = Case(hello, "vertex", "json").settings(config)
    assert (settings.name, settings.region, settings.project) == (
        "vertex",
        "us-east5",
        "parity-simulated",
    )


def test_cassette_and_golden_paths_follow_the_fixture_layout(hello: Scenario) -> None:
    case = Case(hello, "vertex", "stream")
    fixtures = Path("fixtures")
    assert case.cassette_path(fixtures) == Path("fixtures/cassettes/vertex/basic/hello-stream.yaml")
    assert case.golden_path(fixtures) == Path("fixtures/golden/basic/hello/vertex-stream.json")


def test_not_applicable_reasons_come_from_the_scenario(hello: Scenario) -> None:
    assert Case(hello, "vertex", "stream").not_applicable_reason() == "not offered there"
    assert Case(hello, "vertex", "json").not_applicable_reason() is None


def test_expand_orders_by_scenario_then_target_then_mode(tmp_path: Path, hello: Scenario) -> None:
    count = make(
        tmp_path,
        "tokens/count.yaml",
        "title: Count\nendpoint: count_tokens\n"
        "request: {model: haiku, messages: [{role: user, content: Hi}]}\n"
        "reply: {input_tokens: 9}\n",
    )
    cases = expand([hello, count], ("anthropic", "vertex"))
    assert [c.id for c in cases] == [
        "basic/hello[anthropic-json]",
        "basic/hello[anthropic-stream]",
        "basic/hello[vertex-json]",
        "basic/hello[vertex-stream]",
        "tokens/count[anthropic-json]",
        "tokens/count[vertex-json]",
    ]


def test_expand_uses_the_available_targets_in_their_order_by_default(hello: Scenario) -> None:
    targets = [c.target for c in expand([hello]) if c.mode == "json"]
    assert targets == list(available_targets())
    assert targets[0] == "anthropic"


def test_expand_honours_the_scenarios_modes_and_the_given_targets(tmp_path: Path) -> None:
    stream_only = make(tmp_path, "streaming/only.yaml", "modes: [stream]\n" + SCENARIO)
    assert [c.id for c in expand([stream_only], ("vertex",))] == ["streaming/only[vertex-stream]"]


def test_a_broken_scenario_expands_into_every_mode_and_is_never_not_applicable(
    tmp_path: Path,
) -> None:
    broken = BrokenScenario(
        "basic/bad", tmp_path / "bad.yaml", ScenarioError("bad.yaml", 3, "request: missing")
    )
    cases = expand([broken], ("anthropic",))
    assert [c.id for c in cases] == ["basic/bad[anthropic-json]", "basic/bad[anthropic-stream]"]
    assert cases[0].not_applicable_reason() is None
