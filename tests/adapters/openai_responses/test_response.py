"""A Responses ``response`` object becomes an Anthropic Message: items in order as blocks
(reasoning as thinking or redacted thinking, text parts, function calls), the stop reason
from status and incomplete details, usage with cached, cache-write and reasoning tokens;
failures become Anthropic errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.base import Call, TranslationError, WireResponse
from adapters.openai_responses.adapter import ADAPTER
from tests.adapters.openai_responses.response_support import (
    call_item,
    message_item,
    reasoning_item,
    response,
    usage,
)

CALL = Call("messages", {"model": "gpt-5", "max_tokens": 64, "messages": []})


def decode(body: Any, status: int = 200, call: Call = CALL) -> tuple[int, Any]:
    wire = WireResponse(status, {"x-request-id": "req_9"}, json.dumps(body).encode())
    translated = ADAPTER.decode_response(call, wire)
    return translated.status, translated.body


def test_reasoning_text_and_a_call_become_blocks_in_order() -> None:
    _, message = decode(
        response(reasoning_item("First.", "Then."), message_item("Checking."), call_item())
    )
    assert message["content"] == [
        {"type": "thinking", "thinking": "First.\n\nThen.", "signature": "ENC"},
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}},
    ]
    assert message["stop_reason"] == "tool_use"
    assert (message["id"], message["model"]) == ("resp_1", "gpt-5")


def test_reasoning_without_a_summary_is_redacted_thinking_or_nothing() -> None:
    _, message = decode(
        response(reasoning_item(), reasoning_item(encrypted=None), message_item("Hi"))
    )
    assert message["content"] == [
        {"type": "redacted_thinking", "data": "ENC"},
        {"type": "text", "text": "Hi"},
    ]


@pytest.mark.parametrize(
    ("reason", "stop"), [("max_output_tokens", "max_tokens"), ("content_filter", "refusal")]
)
def test_an_incomplete_response_stops_for_its_reason(reason: str, stop: str) -> None:
    body = response(
        message_item("Partly"), status="incomplete", incomplete_details={"reason": reason}
    )
    assert decode(body)[1]["stop_reason"] == stop


def test_a_refusal_part_is_text_and_stops_as_refusal() -> None:
    _, message = decode(response(message_item("I can't help with that.", refusal=True)))
    assert message["content"] == [{"type": "text", "text": "I can't help with that."}]
    assert message["stop_reason"] == "refusal"


def test_usage_splits_cached_and_written_tokens_out_of_the_input() -> None:
    body = response(message_item("Hi"), usage=usage(100, 9, cached=60, written=30, reasoning=4))
    assert decode(body)[1]["usage"] == {
        "input_tokens": 10,
        "cache_creation_input_tokens": 30,
        "cache_read_input_tokens": 60,
        "output_tokens": 9,
        "output_tokens_details": {"thinking_tokens": 4},
    }


def test_a_cache_count_of_zero_names_no_cache_field() -> None:
    body = response(message_item("Hi"), usage=usage(100, 9, cached=60))
    assert decode(body)[1]["usage"] == {
        "input_tokens": 40,
        "cache_read_input_tokens": 60,
        "output_tokens": 9,
    }


def test_usage_without_caching_names_no_cache_field() -> None:
    assert decode(response(message_item("Hi")))[1]["usage"] == {
        "input_tokens": 20,
        "output_tokens": 8,
    }


def test_cached_tokens_beyond_the_input_are_an_error_naming_the_field() -> None:
    body = response(message_item("Hi"), usage=usage(10, 1, cached=20))
    with pytest.raises(TranslationError) as caught:
        decode(body)
    assert caught.value.path == "usage.input_tokens_details"


def test_a_failed_response_is_an_anthropic_error_by_its_code() -> None:
    error = {"code": "rate_limit_exceeded", "message": "Slow down."}
    status, body = decode(response(status="failed", error=error))
    assert status == 429
    assert body["error"] == {"type": "rate_limit_error", "message": "Slow down."}
    assert body["request_id"] == "req_9"


def test_an_http_failure_is_translated_as_openai_errors_are() -> None:
    envelope = {"error": {"message": "Busy.", "type": "server_error", "param": None, "code": None}}
    status, body = decode(envelope, status=503)
    assert status == 529 and body["error"]["type"] == "overloaded_error"


def test_an_input_token_count_becomes_a_count_tokens_result() -> None:
    count = Call("count_tokens", {"model": "gpt-5", "messages": []})
    assert decode({"object": "response.input_tokens", "input_tokens": 42}, call=count) == (
        200,
        {"input_tokens": 42},
    )


def test_an_output_item_with_no_anthropic_form_is_an_error_naming_it() -> None:
    body = response(message_item("Hi"))
    body["output"].append({"type": "web_search_call", "id": "ws_1", "status": "completed"})
    with pytest.raises(TranslationError) as caught:
        decode(body)
    assert caught.value.path == "output[1].type"


def test_broken_arguments_are_an_error_naming_the_item() -> None:
    with pytest.raises(TranslationError) as caught:
        decode(response(call_item('{"city":')))
    assert caught.value.path == "output[0].arguments"
