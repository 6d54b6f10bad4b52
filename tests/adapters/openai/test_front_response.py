"""The front door answers with a ``chat.completion`` the ``openai`` SDK parses (prompt tokens
count the cached and written ones), and with OpenAI error envelopes whose statuses the SDK
turns into the right exceptions."""

from __future__ import annotations

from typing import Any

import httpx2
import openai
import pytest
from openai.types.chat import ChatCompletion

from adapters.base import Translated
from adapters.openai.front_response import completion_from_message, completion_response
from adapters.openai.response import message_from_completion

CREATED = 1_760_000_000
MESSAGE: dict[str, Any] = {
    "id": "msg_01Canary",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-6",
    "content": [
        {"type": "thinking", "thinking": "Two lookups.", "signature": "EqCanary=="},
        {"type": "text", "text": "Let me look up "},
        {"type": "text", "text": "both."},
        {"type": "tool_use", "id": "toolu_01A", "name": "get_time", "input": {"tz": "Asia/Tokyo"}},
        {"type": "tool_use", "id": "toolu_01B", "name": "get_weather", "input": {"city": "東京"}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {
        "input_tokens": 12,
        "cache_creation_input_tokens": 100,
        "cache_read_input_tokens": 2048,
        "output_tokens": 57,
    },
}


def served(status: int, body: dict[str, Any]) -> openai.OpenAI:
    """An openai client whose every request is answered with ``status`` and ``body``."""

    def reply(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(status, json=body)

    transport = httpx2.MockTransport(reply)
    return openai.OpenAI(
        api_key="sk-canary",
        base_url="http://front-door.test/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=transport),
    )


def ask(client: openai.OpenAI) -> Any:
    return client.chat.completions.create(
        model="claude-sonnet-4-6", messages=[{"role": "user", "content": "hi"}]
    )


def test_a_message_becomes_a_completion_the_sdk_parses() -> None:
    status, body = completion_response(Translated(200, MESSAGE), created=CREATED)
    assert status == 200
    assert body == {
        "id": "msg_01Canary",
        "object": "chat.completion",
        "created": CREATED,
        "model": "claude-sonnet-4-6",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": "Let me look up both.",
                    "refusal": None,
                    "tool_calls": [
                        {
                            "id": "toolu_01A",
                            "type": "function",
                            "function": {"name": "get_time", "arguments": '{"tz":"Asia/Tokyo"}'},
                        },
                        {
                            "id": "toolu_01B",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": '{"city":"東京"}'},
                        },
                    ],
                },
                "logprobs": None,
                "finish_reason": "tool_calls",
            }
        ],
        "usage": {
            "prompt_tokens": 2160,
            "completion_tokens": 57,
            "total_tokens": 2217,
            "prompt_tokens_details": {"cached_tokens": 2048, "cache_write_tokens": 100},
        },
    }
    parsed = ask(served(status, body))
    assert parsed == ChatCompletion.model_validate(body)
    assert parsed.usage.prompt_tokens_details.cached_tokens == 2048


def test_a_message_without_text_has_null_content_and_no_tool_calls_key() -> None:
    message = {
        **MESSAGE,
        "content": [],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 3, "output_tokens": 0},
    }
    body = completion_from_message(message, created=CREATED)
    assert body["choices"][0]["message"] == {"role": "assistant", "content": None, "refusal": None}
    assert body["usage"] == {
        "prompt_tokens": 3,
        "completion_tokens": 0,
        "total_tokens": 3,
        "prompt_tokens_details": {"cached_tokens": 0},
    }
    ChatCompletion.model_validate(body)


def test_thinking_tokens_become_reasoning_tokens_and_come_back() -> None:
    usage = {**MESSAGE["usage"], "output_tokens_details": {"thinking_tokens": 40}}
    body = completion_from_message({**MESSAGE, "usage": usage}, created=CREATED)
    assert body["usage"]["completion_tokens"] == 57
    assert body["usage"]["completion_tokens_details"] == {"reasoning_tokens": 40}
    parsed = ask(served(200, body))
    assert parsed.usage.completion_tokens_details.reasoning_tokens == 40
    assert message_from_completion(body)["usage"] == usage


@pytest.mark.parametrize(
    ("stop", "finish"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
        ("pause_turn", "length"),
    ],
)
def test_stop_reasons_become_finish_reasons(stop: str, finish: str) -> None:
    body = completion_from_message({**MESSAGE, "stop_reason": stop}, created=CREATED)
    assert body["choices"][0]["finish_reason"] == finish


def test_a_refusals_explanation_is_the_refusal_field_beside_the_text_written_before_it() -> None:
    details = {"type": "refusal", "category": "cyber", "explanation": "Malware."}
    refused = {**MESSAGE, "content": [{"type": "text", "text": "I won't"}]}
    body = completion_from_message(
        {**refused, "stop_reason": "refusal", "stop_details": details}, created=CREATED
    )
    assert body["choices"][0]["message"]["content"] == "I won't"
    assert body["choices"][0]["message"]["refusal"] == "Malware."
    bare = completion_from_message({**refused, "stop_reason": "refusal"}, created=CREATED)
    assert bare["choices"][0]["message"]["refusal"] is None


def test_the_target_decoder_reads_the_completion_back() -> None:
    body = completion_from_message(MESSAGE, created=CREATED)
    back = message_from_completion(body)
    # thinking is not carried and the text blocks arrive joined; the rest comes back whole
    assert back["content"] == [
        {"type": "text", "text": "Let me look up both."},
        *MESSAGE["content"][3:],
    ]
    assert back["usage"] == MESSAGE["usage"]
    assert back["stop_reason"] == "tool_use"


@pytest.mark.parametrize(
    ("status", "kind", "wire_status", "exception"),
    [
        (400, "invalid_request_error", 400, openai.BadRequestError),
        (401, "authentication_error", 401, openai.AuthenticationError),
        (403, "permission_error", 403, openai.PermissionDeniedError),
        (404, "not_found_error", 404, openai.NotFoundError),
        (429, "rate_limit_error", 429, openai.RateLimitError),
        (402, "billing_error", 429, openai.RateLimitError),
        (500, "api_error", 500, openai.InternalServerError),
        (529, "overloaded_error", 503, openai.InternalServerError),
    ],
)
def test_errors_become_openai_envelopes_the_sdk_raises(
    status: int, kind: str, wire_status: int, exception: type[openai.APIStatusError]
) -> None:
    anthropic_body = {
        "type": "error",
        "error": {"type": kind, "message": "canary"},
        "request_id": "req_1",
    }
    got_status, body = completion_response(Translated(status, anthropic_body), created=CREATED)
    assert got_status == wire_status
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["message"] == "canary"
    with pytest.raises(exception) as caught:
        ask(served(got_status, body))
    assert caught.value.status_code == wire_status
