"""Scenario loading: valid files load, mistakes name the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ScenarioError
from harness.scenarios import BrokenScenario, Scenario, load_all, load_scenario

VALID = """\
title: One tool call
tags: [tools]
request:
  model: sonnet
  max_tokens: 256
  tools: [{name: get_weather, input_schema: {type: object}}]
  messages: [{role: user, content: "Weather in Paris?"}]
reply:
  content:
    - {type: text, text: "Let me check."}
    - {type: tool_use, id: toolu_01, name: get_weather, input: {city: Paris}}
  stop_reason: tool_use
  usage: {input_tokens: 412, output_tokens: 57}
not_applicable:
  - {target: vertex, mode: stream, reason: "example only"}
known_differences:
  vertex:
    - {path: usage.cache_creation, reason: "example"}
expect:
  - path: message.content[1].input.city
    equals: Paris
"""


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, "tools/bad.yaml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, tmp_path, display_root=tmp_path)
    return str(info.value)


def test_a_valid_scenario_loads_with_its_id_from_the_path(tmp_path: Path) -> None:
    path = write(tmp_path, "tools/single-call.yaml", VALID)
    scenario = load_scenario(path, tmp_path)
    assert scenario.id == "tools/single-call"
    assert scenario.modes == ("json", "stream")
    assert scenario.endpoint == "messages"
    assert scenario.reply_kind() == "message"
    assert scenario.not_applicable_reason("vertex", "stream") == "example only"
    assert scenario.not_applicable_reason("vertex", "json") is None
    assert [k.path for k in scenario.known_differences_for("vertex", "json")] == [
        "usage.cache_creation"
    ]
    assert scenario.expect[0].line == 20


def test_count_tokens_defaults_to_json_mode_only(tmp_path: Path) -> None:
    text = """\
title: Count
endpoint: count_tokens
request: {model: sonnet, messages: [{role: user, content: hi}]}
reply: {input_tokens: 12}
"""
    scenario = load_scenario(write(tmp_path, "t/count.yaml", text), tmp_path)
    assert scenario.modes == ("json",)
    assert scenario.reply_kind() == "count_tokens"


def test_an_unknown_key_names_its_line(tmp_path: Path) -> None:
    text = VALID.replace("tags: [tools]", "tags: [tools]\nexpected: 1")
    assert error_for(tmp_path, text).startswith("tools/bad.yaml:3: expected: unknown key")


def test_a_wrong_type_names_the_field_and_line(tmp_path: Path) -> None:
    text = VALID.replace("max_tokens: 256", "max_tokens: lots")
    message = error_for(tmp_path, text)
    assert message == "tools/bad.yaml:5: request.max_tokens: must be an integer, got string"


def test_stream_in_the_request_is_rejected_because_modes_decide_it(tmp_path: Path) -> None:
    text = VALID.replace("max_tokens: 256", "max_tokens: 256\n  stream: true")
    assert "request.stream: do not set stream" in error_for(tmp_path, text)


def test_an_unknown_stop_reason_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("stop_reason: tool_use", "stop_reason: tool_call")
    message = error_for(tmp_path, text)
    assert ":12: reply.stop_reason: must be one of end_turn" in message


def test_stop_details_belong_to_a_refusal_only(tmp_path: Path) -> None:
    details = "\n  stop_details: {type: refusal, category: cyber}"
    text = VALID.replace("stop_reason: tool_use", "stop_reason: tool_use" + details)
    message = error_for(tmp_path, text)
    assert "reply.stop_details: only a refusal has stop_details" in message


def test_a_refusal_category_the_api_does_not_have_is_rejected(tmp_path: Path) -> None:
    details = "\n  stop_details: {type: refusal, category: spam}"
    text = VALID.replace("stop_reason: tool_use", "stop_reason: refusal" + details)
    message = error_for(tmp_path, text)
    assert "reply.stop_details.category: must be one of cyber, bio" in message


def test_a_tool_use_block_without_input_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace(", input: {city: Paris}", "")
    assert "reply.content[1]: tool_use block needs 'input'" in error_for(tmp_path, text)


def test_invalid_yaml_reports_the_parser_line(tmp_path: Path) -> None:
    message = error_for(tmp_path, "title: x\nrequest: [unclosed\n")
    assert message.startswith("tools/bad.yaml:3: invalid YAML")


def test_an_id_that_disagrees_with_the_path_is_rejected(tmp_path: Path) -> None:
    message = error_for(tmp_path, "id: tools/other\n" + VALID)
    assert "id: must match the file path ('tools/bad')" in message


def test_an_unknown_target_in_not_applicable_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("target: vertex, mode", "target: azure, mode")
    assert "not_applicable[0].target: must be one of anthropic" in error_for(tmp_path, text)


def test_an_expectation_needs_exactly_one_operator(tmp_path: Path) -> None:
    text = VALID.replace("equals: Paris", "equals: Paris\n    exists: true")
    assert "expect[0]: needs exactly one of" in error_for(tmp_path, text)


def test_error_replies_need_a_status_in_the_error_range(tmp_path: Path) -> None:
    text = """\
title: Error
request: {model: sonnet, max_tokens: 5, messages: [{role: user, content: hi}]}
reply: {error: {status: 200, type: api_error, message: boom}}
"""
    assert "reply.error.status: must be 400-599, got 200" in error_for(tmp_path, text)


def test_a_broken_file_is_returned_alone_while_the_rest_load(tmp_path: Path) -> None:
    write(tmp_path, "a/good.yaml", VALID)
    write(tmp_path, "a/bad.yaml", "title: [")
    items = load_all(tmp_path, display_root=tmp_path)
    kinds = {item.id: type(item) for item in items}
    assert kinds == {"a/bad": BrokenScenario, "a/good": Scenario}
    broken = next(i for i in items if isinstance(i, BrokenScenario))
    assert str(broken.error).startswith("a/bad.yaml:")


def test_refusals_load_per_target_and_mode(tmp_path: Path) -> None:
    text = VALID + "refused:\n  bedrock-converse: {field: tool_choice, reason: why, mode: json}\n"
    scenario = load_scenario(write(tmp_path, "tools/r.yaml", text), tmp_path)
    refusal = scenario.refusal_for("bedrock-converse", "json")
    assert refusal is not None and (refusal.field, refusal.reason) == ("tool_choice", "why")
    assert scenario.refusal_for("bedrock-converse", "stream") is None
    assert scenario.refusal_for("vertex", "json") is None


def test_an_openai_front_request_is_checked_as_an_openai_request(tmp_path: Path) -> None:
    text = """\
title: Front door
front: openai
request:
  model: sonnet
  messages: [{role: developer, content: "Be brief."}, {role: user, content: "Hi"}]
reply:
  content: [{type: text, text: "Hello."}]
  stop_reason: end_turn
  usage: {input_tokens: 9, output_tokens: 3}
"""
    scenario = load_scenario(write(tmp_path, "front/hi.yaml", text), tmp_path)
    assert scenario.front == "openai"
    bad = text.replace("role: developer", "role: narrator")
    path = write(tmp_path, "front/bad.yaml", bad)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, tmp_path, display_root=tmp_path)
    assert "request.messages[0].role: must be one of system, developer, user" in str(info.value)
