"""The adapter boundary (`ModuleAdapter`) holds every target to the same rules: calls within
the limits, translated bodies valid Anthropic JSON, streams valid or reported."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.base import Call, ModuleAdapter, TargetSettings, TranslationError, WireResponse
from harness.registry import adapter as get_adapter
from harness.registry import targets
from harness.simulator.bedrock.eventstream import event_frame
from tests.support.streams import text_stream

SETTINGS = {
    "anthropic": TargetSettings("anthropic"),
    "vertex": TargetSettings("vertex", region="us-east5", project="canary-project"),
    "bedrock-invoke": TargetSettings("bedrock-invoke", region="us-east-1"),
    "bedrock-converse": TargetSettings("bedrock-converse", region="us-east-1"),
    "openai": TargetSettings("openai"),
    "openai-responses": TargetSettings("openai-responses"),
}
DEEP = b"[" * 100_000 + b"]" * 100_000


def _call(stream: bool = False, **extra: Any) -> Call:
    body = {"model": "claude-sonnet-4-6", "max_tokens": 8, "messages": [], **extra}
    return Call("messages", {**body, "stream": True} if stream else body)


def _nested(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"k": value}
    return value


@pytest.mark.parametrize("target", targets())
def test_every_target_goes_through_the_boundary(target: str) -> None:
    assert isinstance(get_adapter(target), ModuleAdapter)


@pytest.mark.parametrize("target", targets())
@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ({"metadata": _nested(5000)}, "metadata" + ".k" * 63),
        ({"system": "\ud800"}, "system"),
        ({"max_tokens": 10**5000}, "max_tokens"),
        ({"temperature": float("inf")}, "temperature"),
    ],
    ids=["deep", "surrogate", "long-integer", "infinity"],
)
def test_a_call_beyond_the_limits_is_a_translation_error_naming_the_field(
    target: str, extra: dict[str, Any], path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        get_adapter(target).encode_request(_call(**extra), SETTINGS[target])
    assert caught.value.path == path


@pytest.mark.parametrize("target", targets())
@pytest.mark.parametrize(
    "body", [DEEP, b'{"type":"message","id":"\\ud800"}', b'{"n":' + b"9" * 5000 + b"}"]
)
def test_a_response_beyond_the_limits_is_a_translation_error(target: str, body: bytes) -> None:
    response = WireResponse(200, {"content-type": "application/json"}, body)
    with pytest.raises(TranslationError, match="beyond the limits"):
        get_adapter(target).decode_response(_call(), response)


@pytest.mark.parametrize("target", ["anthropic", "vertex", "openai"])
def test_a_stream_event_beyond_the_limits_is_a_problem(target: str) -> None:
    chunks = [b"event: message_start\ndata: " + DEEP + b"\n\n"]
    result = get_adapter(target).decode_stream(_call(stream=True), chunks)
    assert any("beyond the limits" in p for p in result.problems)


@pytest.mark.parametrize("target", ["bedrock-invoke", "bedrock-converse"])
def test_a_frame_beyond_the_limits_is_a_problem(target: str) -> None:
    chunks = [event_frame("contentBlockDelta", DEEP), event_frame("chunk", DEEP)]
    result = get_adapter(target).decode_stream(_call(stream=True), chunks)
    assert any("beyond the limits" in p for p in result.problems)
    assert result.events[-1]["type"] == "error"


def test_a_passed_through_body_that_is_not_a_valid_message_is_a_translation_error() -> None:
    response = WireResponse(200, {}, b'{"type":"message","id":"msg_1","content":"no"}')
    with pytest.raises(TranslationError, match="not valid Anthropic JSON") as caught:
        get_adapter("anthropic").decode_response(_call(), response)
    assert caught.value.path.startswith("body.")


def test_an_error_envelope_that_is_not_valid_is_a_translation_error() -> None:
    response = WireResponse(400, {}, b'{"type":"error","error":{"type":"x","message":7}}')
    with pytest.raises(TranslationError, match="HTTP 400 body is not valid Anthropic JSON"):
        get_adapter("vertex").decode_response(_call(), response)


def test_a_stream_the_decoder_passed_silently_gets_its_breaches_as_problems() -> None:
    events = text_stream("a")
    del events[1]  # the delta now comes before any content_block_start
    body = b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in events)
    result = get_adapter("anthropic").decode_stream(_call(stream=True), [body])
    assert result.events == events
    assert result.problems
    assert all(p.startswith("the decoded stream is not valid Anthropic") for p in result.problems)


def test_a_valid_stream_gets_no_problem() -> None:
    body = b"".join(
        f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in text_stream("a", "b")
    )
    assert get_adapter("vertex").decode_stream(_call(stream=True), [body]).problems == []
