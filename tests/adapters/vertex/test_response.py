"""Successful Vertex responses are Anthropic JSON and pass through; a success body that is not
JSON becomes an api_error."""

from __future__ import annotations

from adapters.base import Call, Translated, WireResponse
from adapters.vertex.adapter import ADAPTER

CALL = Call("messages", {"model": "claude-sonnet-4-5@20250929", "max_tokens": 64, "messages": []})
HEADERS = {"content-type": "application/json"}


def test_a_message_passes_through_unchanged() -> None:
    body = (
        b'{"id":"msg_vrtx_01Canary","type":"message","role":"assistant",'
        b'"model":"claude-sonnet-4-5-20250929","content":[{"type":"tool_use","id":"toolu_vrtx_01",'
        b'"name":"get_weather","input":{"city":"Paris"}}],"stop_reason":"tool_use",'
        b'"stop_sequence":null,"usage":{"input_tokens":412,"cache_creation_input_tokens":0,'
        b'"cache_read_input_tokens":0,"output_tokens":57}}'
    )
    translated = ADAPTER.decode_response(CALL, WireResponse(200, HEADERS, body))
    assert translated == Translated(
        200,
        {
            "id": "msg_vrtx_01Canary",
            "type": "message",
            "role": "assistant",
            "model": "claude-sonnet-4-5-20250929",
            "content": [
                {
                    "type": "tool_use",
                    "id": "toolu_vrtx_01",
                    "name": "get_weather",
                    "input": {"city": "Paris"},
                }
            ],
            "stop_reason": "tool_use",
            "stop_sequence": None,
            "usage": {
                "input_tokens": 412,
                "cache_creation_input_tokens": 0,
                "cache_read_input_tokens": 0,
                "output_tokens": 57,
            },
        },
    )


def test_a_token_count_passes_through() -> None:
    call = Call("count_tokens", {"model": "claude-sonnet-4-5@20250929", "messages": []})
    translated = ADAPTER.decode_response(call, WireResponse(200, HEADERS, b'{"input_tokens":14}'))
    assert translated == Translated(200, {"input_tokens": 14})


def test_a_success_body_that_is_not_json_is_an_api_error() -> None:
    translated = ADAPTER.decode_response(CALL, WireResponse(200, {}, b"upstream connect error"))
    assert translated == Translated(
        500,
        {
            "type": "error",
            "error": {
                "type": "api_error",
                "message": "the backend answered HTTP 200 but the body is not JSON: "
                "upstream connect error",
            },
        },
    )
