"""An InvokeModel response in Anthropic form: the model's Message passes through; coral's
unknown-operation envelope and Bedrock's errors become Anthropic errors; the legacy Text
Completions shape is refused rather than mistaken for a Message."""

from __future__ import annotations

import json

import pytest

from adapters.base import Call, Translated, TranslationError, WireResponse
from adapters.bedrock.invoke.adapter import ADAPTER

CALL = Call("messages", {"model": "anthropic.claude-x", "max_tokens": 8, "messages": []})
MESSAGE = {
    "id": "msg_bdrk_01Canary",
    "type": "message",
    "role": "assistant",
    "model": "claude-3-sonnet-28k-20240229",
    "content": [{"type": "text", "text": "Hi"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 3, "output_tokens": 1},
}


def decode(status: int, body: object, headers: dict[str, str] | None = None) -> Translated:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return ADAPTER.decode_response(
        CALL, WireResponse(status, {"content-type": "application/json", **(headers or {})}, raw)
    )


def test_the_models_message_passes_through_unchanged() -> None:
    assert decode(200, MESSAGE) == Translated(200, MESSAGE)


def test_an_unknown_operation_answered_with_200_is_a_not_found_error() -> None:
    body = {
        "Output": {"__type": "com.amazon.coral.service#UnknownOperationException"},
        "Version": "1.0",
    }
    translated = decode(200, body)
    assert translated.status == 404
    assert translated.body["error"]["type"] == "not_found_error"


def test_a_legacy_text_completion_is_a_translation_error() -> None:
    with pytest.raises(TranslationError) as caught:
        decode(200, {"completion": " Hello", "stop_reason": "stop_sequence", "stop": "\n\nHuman:"})
    assert caught.value.path == "body"
    assert "legacy Text Completions" in caught.value.message


def test_a_throttled_request_is_a_rate_limit_error_keeping_bedrocks_message() -> None:
    translated = decode(
        429,
        {"message": "Too many requests, please wait before trying again."},
        {
            "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/"
        },
    )
    assert translated.status == 429
    assert translated.body["error"] == {
        "type": "rate_limit_error",
        "message": "Too many requests, please wait before trying again.",
    }


def test_a_2xx_body_that_is_not_json_is_an_api_error() -> None:
    translated = decode(200, b"<html>proxy</html>")
    assert translated.status == 500
    assert translated.body["error"]["type"] == "api_error"


def test_a_2xx_body_that_is_not_an_object_keeps_bedrocks_request_id() -> None:
    translated = decode(200, [1, 2], {"x-amzn-requestid": "canary-req-7", "request-id": "other"})
    assert translated.body["request_id"] == "canary-req-7"
    assert translated.body["error"]["message"] == (
        "the backend answered HTTP 200 but the body is JSON but not an object: [1, 2]"
    )
