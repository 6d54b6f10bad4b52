"""A chat completion becomes the Anthropic Message it describes: text, tool calls as tool_use
blocks with their parsed input, finish_reason as stop_reason, and usage whose input and cache
fields add up to prompt_tokens. Malformed tool arguments are an error naming the field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from anthropic.types import Message
from openai.types.chat import ChatCompletion

from adapters.base import Call, Translated, TranslationError, WireResponse
from adapters.openai import response
from adapters.openai.response import anthropic_usage, decode_response, message_from_completion
from adapters.protocol.schema import validate_body

CALL = Call("messages", {"model": "gpt-5", "max_tokens": 64, "messages": []})


def completion(
    content: str | None = "Hello!",
    tool_calls: list[dict[str, Any]] | None = None,
    finish: str = "stop",
    usage: dict[str, Any] | None = None,
    **choice: Any,
) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
    if tool_calls is not None:
        message["tool_calls"] = tool_calls
    body = {
        "id": "chatcmpl-canary",
        "object": "chat.completion",
        "created": 1_760_000_000,
        "model": "gpt-5-2025-08-07",
        "choices": [
            {"index": 0, "message": message, "logprobs": None, "finish_reason": finish, **choice}
        ],
        "usage": usage
        or {
            "prompt_tokens": 19,
            "completion_tokens": 10,
            "total_tokens": 29,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        },
        "service_tier": "default",
        "system_fingerprint": None,
    }
    ChatCompletion.model_validate(body)  # every sample is a completion OpenAI could send
    return body


def call(index: int, name: str, arguments: str) -> dict[str, Any]:
    return {
        "id": f"call_canary{index}",
        "type": "function",
        "function": {"name": name, "arguments": arguments},
    }


def decoded(body: dict[str, Any], indent: int | None = None) -> Translated:
    raw = json.dumps(body, indent=indent).encode()
    result = decode_response(CALL, WireResponse(200, {"content-type": "application/json"}, raw))
    if result.status == 200:
        assert validate_body(result.body) == []
        Message.model_validate(result.body)
    return result


def usage_adds_up(openai_usage: dict[str, Any], anthropic: dict[str, Any]) -> list[str]:
    """The usage checks a translation must pass; each failure is one readable line."""
    problems = []
    total = sum(
        anthropic.get(k) or 0
        for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens")
    )
    if total != openai_usage["prompt_tokens"]:
        problems.append(
            f"input + cache read + cache write = {total}, "
            f"but prompt_tokens = {openai_usage['prompt_tokens']}"
        )
    cached = (openai_usage.get("prompt_tokens_details") or {}).get("cached_tokens")
    if cached is not None and anthropic.get("cache_read_input_tokens") != cached:
        problems.append(
            f"cache_read_input_tokens is {anthropic.get('cache_read_input_tokens')}, "
            f"but OpenAI reported {cached} cached tokens"
        )
    if anthropic.get("output_tokens") != openai_usage["completion_tokens"]:
        problems.append("output_tokens differs from completion_tokens")
    return problems


def test_a_text_completion_becomes_a_message() -> None:
    assert decoded(completion(), indent=2) == Translated(
        200,
        {
            "id": "chatcmpl-canary",
            "type": "message",
            "role": "assistant",
            "model": "gpt-5-2025-08-07",
            "content": [{"type": "text", "text": "Hello!"}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": 19, "cache_read_input_tokens": 0, "output_tokens": 10},
        },
    )


def test_tool_calls_become_tool_use_blocks_after_the_text() -> None:
    calls = [
        call(1, "get_time", '{"timezone": "Asia/Tokyo"}'),
        call(2, "get_weather", '{"city":"Tokyo","unit":"c"}'),
    ]
    body = decoded(completion("Checking both.", calls, "tool_calls")).body
    assert body["content"] == [
        {"type": "text", "text": "Checking both."},
        {
            "type": "tool_use",
            "id": "call_canary1",
            "name": "get_time",
            "input": {"timezone": "Asia/Tokyo"},
        },
        {
            "type": "tool_use",
            "id": "call_canary2",
            "name": "get_weather",
            "input": {"city": "Tokyo", "unit": "c"},
        },
    ]
    assert body["stop_reason"] == "tool_use"


def test_null_content_and_an_empty_tool_calls_list_give_no_blocks() -> None:
    body = decoded(completion(None, [])).body
    assert body["content"] == [] and body["stop_reason"] == "end_turn"


def test_empty_arguments_are_an_empty_input() -> None:
    body = decoded(completion(None, [call(1, "now", "")], "tool_calls")).body
    assert body["content"][0]["input"] == {}


@pytest.mark.parametrize("arguments", ['{"city": "Par', "[1, 2]", '"Paris"', "{'city': 'Paris'}"])
def test_malformed_arguments_are_an_error_naming_the_field(arguments: str) -> None:
    body = completion(None, [call(1, "ok", "{}"), call(2, "get_weather", arguments)], "tool_calls")
    with pytest.raises(TranslationError) as caught:
        decoded(body)
    assert caught.value.path == "choices[0].message.tool_calls[1].function.arguments"
    assert arguments in caught.value.message


@pytest.mark.parametrize(
    ("finish", "stop"),
    [
        ("stop", "end_turn"),
        ("length", "max_tokens"),
        ("tool_calls", "tool_use"),
        ("content_filter", "refusal"),
    ],
)
def test_finish_reasons_map_to_stop_reasons(finish: str, stop: str) -> None:
    assert decoded(completion(finish=finish)).body["stop_reason"] == stop


def test_a_stop_sequence_is_reported_when_the_server_names_it() -> None:
    body = decoded(completion("<answer>17:25", stop_reason="</answer>")).body
    assert (body["stop_reason"], body["stop_sequence"]) == ("stop_sequence", "</answer>")
    plain = decoded(completion("<answer>17:25")).body
    assert (plain["stop_reason"], plain["stop_sequence"]) == ("end_turn", None)


def test_a_refusal_becomes_refused_text() -> None:
    body = completion(None)
    body["choices"][0]["message"]["refusal"] = "I can't help with that."
    message = decoded(body).body
    assert message["content"] == [{"type": "text", "text": "I can't help with that."}]
    assert message["stop_reason"] == "refusal"


def test_only_choice_zero_is_read() -> None:
    body = completion("first")
    other = json.loads(json.dumps(body["choices"][0]))
    other["index"], other["message"]["content"] = 1, "second"
    body["choices"].insert(0, other)
    assert decoded(body).body["content"] == [{"type": "text", "text": "first"}]


USAGES: list[dict[str, Any]] = [
    {"prompt_tokens": 19, "completion_tokens": 10, "total_tokens": 29},
    {
        "prompt_tokens": 2160,
        "completion_tokens": 5,
        "total_tokens": 2165,
        "prompt_tokens_details": {"cached_tokens": 2048},
    },
    {
        "prompt_tokens": 2160,
        "completion_tokens": 5,
        "total_tokens": 2165,
        "prompt_tokens_details": {"cached_tokens": 2048, "cache_write_tokens": 100},
    },
    {
        "prompt_tokens": 1452,
        "completion_tokens": 5,
        "total_tokens": 1457,
        "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 1452},
    },
]


@pytest.mark.parametrize("usage", USAGES)
def test_usage_input_and_cache_fields_add_up_to_prompt_tokens(usage: dict[str, Any]) -> None:
    translated = decoded(completion(usage=usage)).body["usage"]
    assert usage_adds_up(usage, translated) == []


def test_usage_splits_cached_and_written_tokens() -> None:
    assert anthropic_usage(USAGES[2], "usage") == {
        "input_tokens": 12,
        "cache_creation_input_tokens": 100,
        "cache_read_input_tokens": 2048,
        "output_tokens": 5,
    }


def test_injected_bug_dropping_cached_tokens_breaks_the_usage_checks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def without_cache(usage: Any, path: str) -> dict[str, Any]:
        return {
            "input_tokens": usage["prompt_tokens"] - 2048,
            "output_tokens": usage["completion_tokens"],
        }

    monkeypatch.setattr(response, "anthropic_usage", without_cache)
    translated = decoded(completion(usage=USAGES[1])).body["usage"]
    assert usage_adds_up(USAGES[1], translated) == [
        "input + cache read + cache write = 112, but prompt_tokens = 2160",
        "cache_read_input_tokens is None, but OpenAI reported 2048 cached tokens",
    ]


def test_cache_counts_above_prompt_tokens_are_an_error() -> None:
    usage = {
        "prompt_tokens": 10,
        "completion_tokens": 1,
        "total_tokens": 11,
        "prompt_tokens_details": {"cached_tokens": 20},
    }
    with pytest.raises(TranslationError) as caught:
        message_from_completion(completion(usage=usage))
    assert caught.value.path == "usage.prompt_tokens_details"


def test_a_2xx_body_that_is_not_json_is_an_api_error() -> None:
    translated = decode_response(CALL, WireResponse(200, {}, b"<html>gateway</html>"))
    assert translated.status == 500
    assert translated.body["error"]["type"] == "api_error"
    assert "<html>gateway</html>" in translated.body["error"]["message"]


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"id": "x", "choices": []}, "choices"),
        ({"id": "x", "choices": [{"index": 0, "finish_reason": "stop"}]}, "choices[0].message"),
    ],
)
def test_a_completion_without_a_message_is_an_error_naming_the_field(
    body: dict[str, Any], path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        message_from_completion(body)
    assert caught.value.path == path


@pytest.mark.parametrize("arguments", [" ", "\n\t"])
def test_blank_arguments_are_an_empty_input(arguments: str) -> None:
    body = decoded(completion(None, [call(1, "now", arguments)], "tool_calls")).body
    assert body["content"][0]["input"] == {}


def test_missing_arguments_are_an_error_naming_the_field() -> None:
    body = completion(None, [call(1, "now", "")], "tool_calls")
    body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = None
    with pytest.raises(TranslationError) as caught:
        message_from_completion(body)
    assert caught.value.path == "choices[0].message.tool_calls[0].function.arguments"


def test_reasoning_tokens_become_thinking_tokens_within_the_output_count() -> None:
    usage = {
        "prompt_tokens": 19,
        "completion_tokens": 650,
        "total_tokens": 669,
        "completion_tokens_details": {"reasoning_tokens": 512, "audio_tokens": 0},
    }
    translated = decoded(completion(usage=usage)).body["usage"]
    assert translated == {
        "input_tokens": 19,
        "output_tokens": 650,
        "output_tokens_details": {"thinking_tokens": 512},
    }


def test_zero_reasoning_tokens_add_no_details() -> None:
    usage = {
        "prompt_tokens": 19,
        "completion_tokens": 10,
        "total_tokens": 29,
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0},
    }
    assert "output_tokens_details" not in anthropic_usage(usage, "usage")


def test_a_bad_reasoning_count_is_an_error_naming_the_field() -> None:
    usage = {"prompt_tokens": 1, "completion_tokens": 1, "completion_tokens_details": {}}
    usage["completion_tokens_details"] = {"reasoning_tokens": "many"}
    with pytest.raises(TranslationError) as caught:
        anthropic_usage(usage, "usage")
    assert caught.value.path == "usage.completion_tokens_details.reasoning_tokens"


def test_an_error_envelope_inside_a_2xx_keeps_the_request_id() -> None:
    body = {"error": {"message": "canary quota", "type": "insufficient_quota", "code": None}}
    headers = {"content-type": "application/json", "x-request-id": "req_canary_9"}
    translated = decode_response(CALL, WireResponse(200, headers, json.dumps(body).encode()))
    assert translated == Translated(
        402,
        {
            "type": "error",
            "error": {"type": "billing_error", "message": "canary quota"},
            "request_id": "req_canary_9",
        },
    )


def test_a_2xx_body_that_is_not_an_object_keeps_the_request_id() -> None:
    headers = {"x-request-id": "req_canary_10"}
    translated = decode_response(CALL, WireResponse(200, headers, b"[]"))
    assert translated.body == {
        "type": "error",
        "error": {
            "type": "api_error",
            "message": "the backend answered HTTP 200 but the body is JSON but not an object: []",
        },
        "request_id": "req_canary_10",
    }
