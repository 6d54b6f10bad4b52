"""A Converse response as an Anthropic Message: blocks, signatures and redacted bytes exact,
stop reason by the table with the matched sequence recovered, usage with both cache counts
and the cache ttl split; unusable replies and Bedrock errors as Anthropic errors."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from adapters.base import Call, Translated, TranslationError, WireResponse
from adapters.bedrock.converse.adapter import ADAPTER
from adapters.protocol.schema import validate_message
from harness.compare import diff

MODEL = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
CALL = Call("messages", {"model": MODEL, "max_tokens": 64, "messages": []})
SIGNATURE = (
    "EqwCCkgIBhABGAIqQNV8Q8X7sLdL9PJXpi2U2gJ5jMZAU6tGdknRgKWszFtZRqRYvPDUaFns1yze3bBz+V30VYQ=="
)
REDACTED = (
    "EogECkgIBhABGAIqQKDe994aXRrQEDI0Ul8sdeSu/L7DFT5n8Yt3YAEe+pj2XyGvAH5h9lfxvhJ9wvC4tksEHc96"
)
REPLY: dict[str, Any] = {
    "output": {
        "message": {
            "role": "assistant",
            "content": [
                {
                    "reasoningContent": {
                        "reasoningText": {"text": "Convert it.", "signature": SIGNATURE}
                    }
                },
                {"reasoningContent": {"redactedContent": REDACTED}},
                {"text": "Let me convert that."},
                {
                    "toolUse": {
                        "toolUseId": "tooluse_01",
                        "name": "convert",
                        "input": {"amount": 145500},
                    }
                },
                {"toolUse": {"toolUseId": "tooluse_02", "name": "now", "input": {}}},
            ],
        }
    },
    "stopReason": "tool_use",
    "usage": {
        "inputTokens": 19,
        "outputTokens": 118,
        "totalTokens": 1589,
        "cacheReadInputTokens": 0,
        "cacheWriteInputTokens": 1452,
        "cacheDetails": [{"ttl": "1h", "inputTokens": 1236}, {"ttl": "5m", "inputTokens": 216}],
    },
    "metrics": {"latencyMs": 812},
}
EXPECTED_CONTENT = [
    {"type": "thinking", "thinking": "Convert it.", "signature": SIGNATURE},
    {"type": "redacted_thinking", "data": REDACTED},
    {"type": "text", "text": "Let me convert that."},
    {"type": "tool_use", "id": "tooluse_01", "name": "convert", "input": {"amount": 145500}},
    {"type": "tool_use", "id": "tooluse_02", "name": "now", "input": {}},
]
EXPECTED_USAGE = {
    "input_tokens": 19,
    "cache_creation_input_tokens": 1452,
    "cache_read_input_tokens": 0,
    "cache_creation": {"ephemeral_5m_input_tokens": 216, "ephemeral_1h_input_tokens": 1236},
    "output_tokens": 118,
}


def decode(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Translated:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    wire = WireResponse(status, {"content-type": "application/json", **(headers or {})}, raw)
    return ADAPTER.decode_response(CALL, wire)


def test_a_reply_becomes_an_anthropic_message() -> None:
    translated = decode(REPLY)
    assert translated.status == 200
    message = translated.body
    assert message["id"].startswith("msg_bdrk_")
    assert message["model"] == "claude-sonnet-4-5-20250929"
    assert message["content"] == EXPECTED_CONTENT
    assert (message["stop_reason"], message["stop_sequence"]) == ("tool_use", None)
    assert message["usage"] == EXPECTED_USAGE
    assert validate_message(message, strict=True) == []


def test_the_id_is_stable_for_the_same_bytes() -> None:
    assert decode(REPLY).body["id"] == decode(REPLY).body["id"]


def test_a_dropped_signature_would_be_caught() -> None:
    good = decode(REPLY).body
    broken = copy.deepcopy(good)
    broken["content"][0]["signature"] = ""  # an injected bug
    assert diff(good["content"], EXPECTED_CONTENT, check="reply", against="reply") == []
    findings = diff(
        EXPECTED_CONTENT, broken["content"], check="reply", against="the scripted reply"
    )
    assert [f.path for f in findings] == ["[0].signature"]


def test_lost_cache_usage_would_be_caught() -> None:
    broken = copy.deepcopy(decode(REPLY).body)
    del broken["usage"]["cache_creation_input_tokens"]  # an injected bug
    findings = diff(EXPECTED_USAGE, broken["usage"], check="usage", against="the scripted reply")
    assert [f.path for f in findings] == ["cache_creation_input_tokens"]


def test_the_matched_stop_sequence_is_recovered() -> None:
    reply = {
        **REPLY,
        "output": {"message": {"role": "assistant", "content": [{"text": "<answer>17:25"}]}},
        "stopReason": "stop_sequence",
        "additionalModelResponseFields": {"delta": {"stop_sequence": "</answer>"}},
    }
    message = decode(reply).body
    assert (message["stop_reason"], message["stop_sequence"]) == ("stop_sequence", "</answer>")


@pytest.mark.parametrize(
    ("stop", "anthropic"),
    [
        ("guardrail_intervened", "refusal"),
        ("content_filtered", "refusal"),
        ("model_context_window_exceeded", "model_context_window_exceeded"),
        ("max_tokens", "max_tokens"),
    ],
)
def test_stop_reasons_follow_the_table(stop: str, anthropic: str) -> None:
    assert decode({**REPLY, "stopReason": stop}).body["stop_reason"] == anthropic


def test_a_malformed_tool_use_is_an_api_error() -> None:
    translated = decode(
        {**REPLY, "stopReason": "malformed_tool_use"}, headers={"x-amzn-requestid": "canary-1"}
    )
    assert translated.status == 500
    assert translated.body["error"]["type"] == "api_error"
    assert "malformed_tool_use" in translated.body["error"]["message"]
    assert translated.body["request_id"] == "canary-1"


def test_usage_without_cache_fields_has_none() -> None:
    reply = {**REPLY, "usage": {"inputTokens": 5, "outputTokens": 2, "totalTokens": 7}}
    assert decode(reply).body["usage"] == {"input_tokens": 5, "output_tokens": 2}


def test_cited_content_becomes_text_with_citations() -> None:
    cited = {
        "citationsContent": {
            "content": [{"text": "within 30 days"}],
            "citations": [
                {
                    "title": "Returns policy",
                    "sourceContent": [{"text": "Unworn items can be returned within 30 days."}],
                    "location": {"documentChar": {"documentIndex": 0, "start": 37, "end": 112}},
                }
            ],
        }
    }
    reply = {**REPLY, "output": {"message": {"role": "assistant", "content": [cited]}}}
    assert decode(reply).body["content"] == [
        {
            "type": "text",
            "text": "within 30 days",
            "citations": [
                {
                    "type": "char_location",
                    "cited_text": "Unworn items can be returned within 30 days.",
                    "document_index": 0,
                    "document_title": "Returns policy",
                    "start_char_index": 37,
                    "end_char_index": 112,
                }
            ],
        }
    ]


def test_an_output_block_without_an_anthropic_counterpart_is_a_translation_error() -> None:
    block = {"image": {"format": "png", "source": {"bytes": "AAAA"}}}
    reply = {
        **REPLY,
        "output": {"message": {"role": "assistant", "content": [{"text": "x"}, block]}},
    }
    with pytest.raises(TranslationError) as caught:
        decode(reply)
    assert caught.value.path == "output.message.content[1]"


@pytest.mark.parametrize("kind", ["tool_use", None])
def test_a_client_tool_use_with_or_without_its_type_is_a_tool_use_block(kind: str | None) -> None:
    tool: dict[str, Any] = {"toolUseId": "tooluse_01", "name": "convert", "input": {"a": 1}}
    if kind is not None:
        tool["type"] = kind
    reply = {**REPLY, "output": {"message": {"role": "assistant", "content": [{"toolUse": tool}]}}}
    assert decode(reply).body["content"] == [
        {"type": "tool_use", "id": "tooluse_01", "name": "convert", "input": {"a": 1}}
    ]


def test_a_server_tool_use_is_a_translation_error_naming_its_type() -> None:
    tool = {"toolUseId": "srvtool_01", "name": "web_search", "input": {}, "type": "server_tool_use"}
    reply = {**REPLY, "output": {"message": {"role": "assistant", "content": [{"toolUse": tool}]}}}
    with pytest.raises(TranslationError) as caught:
        decode(reply)
    assert caught.value.path == "output.message.content[0].toolUse.type"
    assert "'server_tool_use'" in caught.value.message


def test_a_success_body_that_is_not_an_object_is_an_api_error_with_the_request_id() -> None:
    translated = decode(b"<html>gateway</html>", headers={"x-amzn-requestid": "canary-2"})
    assert translated == Translated(
        500,
        {
            "type": "error",
            "error": {
                "type": "api_error",
                "message": "the backend answered HTTP 200 but the body is not JSON: "
                "<html>gateway</html>",
            },
            "request_id": "canary-2",
        },
    )


def test_a_validation_exception_is_an_invalid_request_error() -> None:
    translated = decode(
        {"message": "A conversation must alternate between user and assistant roles."},
        status=400,
        headers={"x-amzn-errortype": "ValidationException:http://internal.amazon.com/coral/"},
    )
    assert translated.status == 400
    assert translated.body["error"]["type"] == "invalid_request_error"


def test_an_unknown_operation_is_a_not_found_error() -> None:
    body = {
        "Output": {"__type": "com.amazon.coral.service#UnknownOperationException"},
        "Version": "1.0",
    }
    assert decode(body).status == 404


@pytest.mark.parametrize(
    ("usage", "path"),
    [
        ({"inputTokens": [5], "outputTokens": 2}, "usage.inputTokens"),
        ({"inputTokens": 5, "outputTokens": "2"}, "usage.outputTokens"),
        (
            {"inputTokens": 5, "outputTokens": 2, "cacheReadInputTokens": -1},
            "usage.cacheReadInputTokens",
        ),
        (
            {"inputTokens": 5, "outputTokens": 2, "cacheDetails": {"ttl": "5m"}},
            "usage.cacheDetails",
        ),
        (
            {
                "inputTokens": 5,
                "outputTokens": 2,
                "cacheDetails": [{"ttl": "5m", "inputTokens": "s"}],
            },
            "usage.cacheDetails[0].inputTokens",
        ),
        (
            {"inputTokens": 5, "outputTokens": 2, "cacheDetails": [{"ttl": ["5m"]}]},
            "usage.cacheDetails[0]",
        ),
    ],
)
def test_usage_of_the_wrong_shape_is_a_translation_error_naming_the_field(
    usage: dict[str, Any], path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        decode({**REPLY, "usage": usage})
    assert caught.value.path == path


@pytest.mark.parametrize("member", ["content", "citations"])
def test_cited_content_whose_lists_are_not_lists_is_a_translation_error(member: str) -> None:
    cited: dict[str, Any] = {"content": [{"text": "x"}], "citations": [], member: 7}
    reply = {
        **REPLY,
        "output": {"message": {"role": "assistant", "content": [{"citationsContent": cited}]}},
    }
    with pytest.raises(TranslationError) as caught:
        decode(reply)
    assert caught.value.path == f"output.message.content[0].citationsContent.{member}"


def _with_tool(tool: dict[str, Any]) -> dict[str, Any]:
    reply = copy.deepcopy(REPLY)
    reply["output"]["message"]["content"] = [{"toolUse": tool}]
    return reply


@pytest.mark.parametrize(
    ("tool", "path"),
    [
        ({"toolUseId": None, "name": "f", "input": {}}, "toolUse.toolUseId"),
        ({"toolUseId": ["t"], "name": "f", "input": {}}, "toolUse.toolUseId"),
        ({"toolUseId": "t", "name": 3, "input": {}}, "toolUse.name"),
        ({"toolUseId": "t", "name": "f", "input": [1]}, "toolUse.input"),
        ({"toolUseId": "t", "name": "f", "input": "{}"}, "toolUse.input"),
    ],
)
def test_a_malformed_tool_use_is_a_translation_error_not_a_block(
    tool: dict[str, Any], path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        decode(_with_tool(tool))
    assert caught.value.path == f"output.message.content[0].{path}"


def test_a_huge_token_count_is_refused_with_a_short_message() -> None:
    reply = copy.deepcopy(REPLY)
    reply["usage"]["inputTokens"] = -(10**1200)
    body = json.dumps(reply).encode()
    with pytest.raises(TranslationError) as caught:
        ADAPTER.decode_response(CALL, WireResponse(200, {}, body))
    assert len(str(caught.value)) < 300
