"""Successful native responses pass through untouched; a success body that is not JSON
becomes an api_error the client can see."""

from __future__ import annotations

from collections.abc import Callable

import anthropic

from adapters.anthropic.adapter import ADAPTER
from adapters.base import Call, Translated, WireResponse

CALL = Call("messages", {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": []})
JSON_HEADERS = {"content-type": "application/json", "request-id": "req_011Canary"}

# As the API sends it: pretty-printed, a thinking block, cache usage, newer usage fields.
MESSAGE_BYTES = b"""{
  "id": "msg_01CanaryXyZ",
  "type": "message",
  "role": "assistant",
  "model": "claude-sonnet-4-5-20250929",
  "content": [
    {"type": "thinking", "thinking": "The user greets me.", "signature": "EqQBCkYIBxgCKkCanary=="},
    {"type": "text", "text": "Bonjour ! \\u2713"}
  ],
  "stop_reason": "end_turn",
  "stop_sequence": null,
  "usage": {
    "input_tokens": 12,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 2048,
    "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
    "output_tokens": 9,
    "service_tier": "standard"
  }
}
"""


def test_a_message_passes_through_unchanged() -> None:
    translated = ADAPTER.decode_response(CALL, WireResponse(200, JSON_HEADERS, MESSAGE_BYTES))
    assert translated.status == 200
    assert translated.body == {
        "id": "msg_01CanaryXyZ",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-5-20250929",
        "content": [
            {
                "type": "thinking",
                "thinking": "The user greets me.",
                "signature": "EqQBCkYIBxgCKkCanary==",
            },
            {"type": "text", "text": "Bonjour ! ✓"},
        ],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 12,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 2048,
            "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
            "output_tokens": 9,
            "service_tier": "standard",
        },
    }
    anthropic.types.Message.model_validate(translated.body)


def test_a_token_count_passes_through() -> None:
    call = Call("count_tokens", {"model": "claude-sonnet-4-5", "messages": []})
    translated = ADAPTER.decode_response(
        call, WireResponse(200, JSON_HEADERS, b'{"input_tokens": 2095}')
    )
    assert translated == Translated(200, {"input_tokens": 2095})


def test_a_success_body_that_is_not_json_is_an_api_error(
    sdk_error: Callable[[Translated], anthropic.APIStatusError],
) -> None:
    translated = ADAPTER.decode_response(
        CALL, WireResponse(200, {"content-type": "text/html"}, b"<html>gateway login</html>")
    )
    assert translated.status == 500
    assert translated.body["error"]["type"] == "api_error"
    assert translated.body["error"]["message"] == (
        "the backend answered HTTP 200 but the body is not JSON: <html>gateway login</html>"
    )
    assert type(sdk_error(translated)) is anthropic.InternalServerError


def test_a_success_body_that_is_json_but_not_an_object_is_an_api_error() -> None:
    translated = ADAPTER.decode_response(CALL, WireResponse(200, JSON_HEADERS, b"[1, 2]"))
    assert translated.status == 500
    assert "not an object" in translated.body["error"]["message"]


def test_a_success_body_that_is_not_an_object_keeps_the_request_id() -> None:
    translated = ADAPTER.decode_response(CALL, WireResponse(200, JSON_HEADERS, b'"ok"'))
    assert translated.body["request_id"] == "req_011Canary"
