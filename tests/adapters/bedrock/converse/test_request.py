"""The Converse request: every field Converse can express lands in its Converse place, what
it cannot is a translation error naming the field (or a declared loss), and every request
produced passes botocore's validation of the operation's input shape.

Content blocks are specified in test_content.py; this file covers the request around them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import botocore.validate
import pytest

from adapters.base import Call, TargetSettings, TranslationError
from adapters.bedrock.converse.adapter import ADAPTER
from adapters.bedrock.converse.request import converse_body
from adapters.bedrock.eventstream import service_model
from harness.simulator.bedrock_converse.validate import validate_request
from tests.support.corpus import CorpusCall, corpus_calls

ROOT = Path(__file__).resolve().parents[4]
SETTINGS = TargetSettings(name="bedrock-converse", region="us-east-1")
MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
HELLO = [{"role": "user", "content": "Hello"}]
BASE: dict[str, Any] = {"model": MODEL, "max_tokens": 64, "messages": HELLO}
WEATHER = {
    "name": "get_weather",
    "description": "Weather for a city.",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}
TOOL_TURN = [
    {"role": "user", "content": "Weather in Oslo?"},
    {
        "role": "assistant",
        "content": [
            {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Oslo"}}
        ],
    },
    {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": "toolu_01", "content": "-3C"}],
    },
]


def body(call: Call) -> dict[str, Any]:
    return converse_body(call)


def assert_valid(call: Call) -> None:
    """The encoded request passes botocore's ParamValidator and the constraint checks."""
    wire = ADAPTER.encode_request(call, SETTINGS)
    operation = "ConverseStream" if call.stream else "Converse"
    params = {**wire.json(), "modelId": unquote(urlsplit(wire.url).path.split("/")[2])}
    shape = service_model().operation_model(operation).input_shape
    report = botocore.validate.ParamValidator().validate(params, shape)
    assert not report.has_errors(), report.generate_report()
    assert validate_request(params, operation) is None


def test_urls_pick_converse_or_converse_stream() -> None:
    plain = ADAPTER.encode_request(Call("messages", dict(BASE)), SETTINGS)
    streamed = ADAPTER.encode_request(Call("messages", {**BASE, "stream": True}), SETTINGS)
    root = "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
    assert plain.url == f"{root}{MODEL}/converse"
    assert streamed.url == f"{root}{MODEL}/converse-stream"
    assert plain.body == streamed.body
    assert plain.headers["authorization"].startswith(
        "AWS4-HMAC-SHA256 Credential=<AWS_ACCESS_KEY_ID>/"
    )


def test_a_plain_call_maps_to_messages_and_inference_config() -> None:
    assert body(Call("messages", dict(BASE))) == {
        "messages": [{"role": "user", "content": [{"text": "Hello"}]}],
        "inferenceConfig": {"maxTokens": 64},
    }


def test_sampling_and_stop_sequences_go_to_inference_config_and_ask_for_the_match() -> None:
    call = Call(
        "messages",
        {**BASE, "temperature": 0.3, "top_p": 0.9, "top_k": 40, "stop_sequences": ["</a>", "##"]},
    )
    shaped = body(call)
    assert shaped["inferenceConfig"] == {
        "maxTokens": 64,
        "temperature": 0.3,
        "topP": 0.9,
        "stopSequences": ["</a>", "##"],
    }
    assert shaped["additionalModelRequestFields"] == {"top_k": 40}
    assert shaped["additionalModelResponseFieldPaths"] == ["/delta/stop_sequence"]
    assert_valid(call)


def test_thinking_and_betas_go_to_additional_model_request_fields() -> None:
    thinking = {"type": "enabled", "budget_tokens": 2048}
    call = Call(
        "messages",
        {**BASE, "thinking": thinking},
        betas=("interleaved-thinking-2025-05-14", "context-1m-2025-08-07"),
    )
    assert body(call)["additionalModelRequestFields"] == {
        "thinking": thinking,
        "anthropic_beta": ["interleaved-thinking-2025-05-14", "context-1m-2025-08-07"],
    }
    assert_valid(call)


def test_a_beta_bedrock_refuses_is_a_translation_error() -> None:
    with pytest.raises(TranslationError) as caught:
        body(Call("messages", dict(BASE), betas=("files-api-2025-04-14",)))
    assert caught.value.path == "betas[0]"


def test_system_string_and_blocks_become_system_blocks_with_cache_points() -> None:
    assert body(Call("messages", {**BASE, "system": "Be brief."}))["system"] == [
        {"text": "Be brief."}
    ]
    blocks = [
        {"type": "text", "text": "Rules.", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
        {"type": "text", "text": "More."},
    ]
    call = Call("messages", {**BASE, "system": blocks})
    assert body(call)["system"] == [
        {"text": "Rules."},
        {"cachePoint": {"type": "default", "ttl": "1h"}},
        {"text": "More."},
    ]
    assert_valid(call)


def test_an_empty_system_string_is_not_sent() -> None:
    assert "system" not in body(Call("messages", {**BASE, "system": ""}))


def test_consecutive_same_role_messages_are_merged() -> None:
    messages = [
        {"role": "user", "content": "One."},
        {"role": "user", "content": [{"type": "text", "text": "Two."}]},
        {"role": "assistant", "content": "Three."},
        {"role": "assistant", "content": "Four."},
    ]
    call = Call("messages", {**BASE, "messages": messages})
    assert body(call)["messages"] == [
        {"role": "user", "content": [{"text": "One."}, {"text": "Two."}]},
        {"role": "assistant", "content": [{"text": "Three."}, {"text": "Four."}]},
    ]
    assert_valid(call)


def test_tools_map_to_tool_specs_with_cache_points() -> None:
    cached = {**WEATHER, "name": "cached", "cache_control": {"type": "ephemeral"}, "strict": True}
    call = Call("messages", {**BASE, "tools": [WEATHER, cached]})
    assert body(call)["toolConfig"] == {
        "tools": [
            {
                "toolSpec": {
                    "name": "get_weather",
                    "description": "Weather for a city.",
                    "inputSchema": {"json": WEATHER["input_schema"]},
                }
            },
            {
                "toolSpec": {
                    "name": "cached",
                    "description": "Weather for a city.",
                    "inputSchema": {"json": WEATHER["input_schema"]},
                    "strict": True,
                }
            },
            {"cachePoint": {"type": "default"}},
        ]
    }
    assert_valid(call)


@pytest.mark.parametrize(
    ("choice", "converse"),
    [
        ({"type": "auto"}, {"auto": {}}),
        ({"type": "any"}, {"any": {}}),
        ({"type": "tool", "name": "get_weather"}, {"tool": {"name": "get_weather"}}),
        ({"type": "auto", "disable_parallel_tool_use": False}, {"auto": {}}),
    ],
)
def test_tool_choice_maps(choice: dict[str, Any], converse: dict[str, Any]) -> None:
    call = Call("messages", {**BASE, "tools": [WEATHER], "tool_choice": choice})
    assert body(call)["toolConfig"]["toolChoice"] == converse
    assert_valid(call)


def test_one_call_at_a_time_on_auto_goes_to_claude_as_its_own_tool_choice() -> None:
    choice = {"type": "auto", "disable_parallel_tool_use": True}
    call = Call("messages", {**BASE, "tools": [WEATHER], "tool_choice": choice})
    sent = body(call)
    assert sent["additionalModelRequestFields"] == {"tool_choice": choice}
    assert "toolChoice" not in sent["toolConfig"]  # auto is Converse's default: no second say
    assert_valid(call)


@pytest.mark.parametrize(
    "choice",
    [
        {"type": "any", "disable_parallel_tool_use": True},
        {"type": "tool", "name": "get_weather", "disable_parallel_tool_use": True},
    ],
)
def test_one_call_at_a_time_on_a_forced_choice_is_refused_by_name(
    choice: dict[str, Any],
) -> None:
    with pytest.raises(TranslationError) as caught:
        body(Call("messages", {**BASE, "tools": [WEATHER], "tool_choice": choice}))
    assert caught.value.path == "tool_choice.disable_parallel_tool_use"


def test_tool_choice_none_sends_no_tool_config() -> None:
    call = Call("messages", {**BASE, "tools": [WEATHER], "tool_choice": {"type": "none"}})
    assert "toolConfig" not in body(call)


def test_tool_choice_none_with_tool_blocks_in_the_history_is_a_translation_error() -> None:
    call = Call(
        "messages",
        {**BASE, "messages": TOOL_TURN, "tools": [WEATHER], "tool_choice": {"type": "none"}},
    )
    with pytest.raises(TranslationError) as caught:
        body(call)
    assert caught.value.path == "tool_choice"


def test_tool_blocks_without_tools_are_a_translation_error() -> None:
    with pytest.raises(TranslationError) as caught:
        body(Call("messages", {**BASE, "messages": TOOL_TURN}))
    assert caught.value.path == "tools"


@pytest.mark.parametrize(
    ("tool", "path"),
    [
        ({"type": "web_search_20250305", "name": "web_search"}, "tools[0].type"),
        ({**WEATHER, "defer_loading": True}, "tools[0].defer_loading"),
        ({**WEATHER, "input_examples": [{"city": "Oslo"}]}, "tools[0].input_examples"),
    ],
)
def test_tool_features_converse_lacks_are_translation_errors(
    tool: dict[str, Any], path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        body(Call("messages", {**BASE, "tools": [tool]}))
    assert caught.value.path == path


def test_automatic_cache_control_places_a_cache_point_after_the_last_block() -> None:
    call = Call("messages", {**BASE, "cache_control": {"type": "ephemeral", "ttl": "1h"}})
    assert body(call)["messages"][-1]["content"] == [
        {"text": "Hello"},
        {"cachePoint": {"type": "default", "ttl": "1h"}},
    ]
    assert_valid(call)


def test_output_config_maps_to_converse_output_config() -> None:
    schema = {"type": "object", "properties": {"n": {}}, "additionalProperties": False}
    call = Call(
        "messages",
        {
            **BASE,
            "output_config": {
                "effort": "high",
                "format": {"type": "json_schema", "schema": schema},
            },
        },
    )
    assert body(call)["outputConfig"] == {
        "textFormat": {
            "type": "json_schema",
            "structure": {
                "jsonSchema": {
                    "schema": '{"type":"object","properties":{"n":{}},"additionalProperties":false}'
                }
            },
        },
        "effort": "high",
    }
    assert_valid(call)


def test_service_tier_standard_only_asks_for_the_default_tier() -> None:
    assert body(Call("messages", {**BASE, "service_tier": "standard_only"}))["serviceTier"] == {
        "type": "default"
    }
    assert "serviceTier" not in body(Call("messages", {**BASE, "service_tier": "auto"}))


def test_metadata_is_a_declared_loss() -> None:
    shaped = body(Call("messages", {**BASE, "metadata": {"user_id": "canary-user"}}))
    assert "canary-user" not in str(shaped)


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ({"container": "container_01"}, "container"),
        ({"mcp_servers": []}, "mcp_servers"),
        ({"context_management": {"edits": []}}, "context_management"),
        ({"inference_geo": "us"}, "inference_geo"),
        ({"max_tokens": 0}, "max_tokens"),
        ({"messages": [{"role": "system", "content": "x"}]}, "messages[0].role"),
        (
            {"output_config": {"format": {"type": "json_schema", "schema": {}, "strict": 1}}},
            "output_config.format.strict",
        ),
    ],
)
def test_fields_converse_lacks_are_translation_errors_naming_them(
    extra: dict[str, Any], path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        body(Call("messages", {**BASE, **extra}))
    assert caught.value.path == path


def test_a_tool_round_trip_is_valid() -> None:
    assert_valid(Call("messages", {**BASE, "messages": TOOL_TURN, "tools": [WEATHER]}))


@pytest.mark.parametrize("item", corpus_calls("bedrock-converse"), ids=lambda item: item.case_id)
def test_every_corpus_request_is_valid_converse_or_refused_where_declared(
    item: CorpusCall,
) -> None:
    if item.refusal is not None:
        with pytest.raises(TranslationError) as caught:
            assert_valid(item.call)
        assert caught.value.path.startswith(item.refusal.field), caught.value
        return
    assert_valid(item.call)


@pytest.mark.parametrize(
    ("field", "value"), [("inference_geo", "us"), ("speed", "fast"), ("workspace_id", "wrkspc_1")]
)
def test_what_bedrock_cannot_honour_is_refused_by_name_with_the_reason(
    field: str, value: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        body(Call("messages", {**BASE, field: value}))
    assert caught.value.path == field
    assert "Bedrock has no" in caught.value.message


def test_user_profile_id_goes_to_claude_as_its_body_field_in_additional_fields() -> None:
    sent = body(Call("messages", {**BASE, "user_profile_id": "uprof_canary"}))
    assert sent["additionalModelRequestFields"] == {"user_profile_id": "uprof_canary"}
    assert "user_profile_id" not in sent


EDITOR = {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"}
COMPUTER = {
    "type": "computer_20250124",
    "name": "computer",
    "display_width_px": 1280,
    "display_height_px": 800,
}


def test_client_tools_go_to_claude_in_additional_fields_and_custom_ones_to_tool_config() -> None:
    call = Call(
        "messages",
        {**BASE, "messages": TOOL_TURN, "tools": [COMPUTER, WEATHER, EDITOR]},
        betas=("computer-use-2025-01-24",),
    )
    sent = body(call)
    assert [t["toolSpec"]["name"] for t in sent["toolConfig"]["tools"]] == ["get_weather"]
    assert sent["additionalModelRequestFields"] == {
        "tools": [COMPUTER, EDITOR],
        "anthropic_beta": ["computer-use-2025-01-24"],
    }
    assert_valid(call)


def test_client_tools_alone_need_no_tool_config_before_any_tool_turn() -> None:
    sent = body(Call("messages", {**BASE, "tools": [EDITOR]}))
    assert "toolConfig" not in sent
    assert sent["additionalModelRequestFields"] == {"tools": [EDITOR]}


def test_a_tool_turn_with_only_client_tools_is_refused_naming_the_tool() -> None:
    with pytest.raises(TranslationError) as caught:
        body(Call("messages", {**BASE, "messages": TOOL_TURN, "tools": [EDITOR]}))
    assert caught.value.path == "tools"
    assert "'text_editor_20250728' tool" in caught.value.message


@pytest.mark.parametrize("kind", ["computer_toolset_20260801", "browser_toolset_20260801"])
def test_a_toolset_goes_beside_the_client_tools_with_the_custom_tools_in_tool_config(
    kind: str,
) -> None:
    sent = body(Call("messages", {**BASE, "tools": [WEATHER, {"type": kind}]}))
    assert sent["additionalModelRequestFields"] == {"tools": [{"type": kind}]}
    assert [t["toolSpec"]["name"] for t in sent["toolConfig"]["tools"]] == [WEATHER["name"]]
