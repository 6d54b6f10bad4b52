"""Decode: a wire response as the typed outcome an Anthropic client sees; the one decoder
for the runner and `parity translate response`. Nothing a backend sends raises."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest

from adapters.base import Call, StreamResult, Translated, TranslationError, WireResponse
from adapters.protocol.sse import encode_events
from harness import registry
from harness.outcome import Outcome
from harness.stages.decode import decode, is_stream

MESSAGE = {
    "id": "msg_1",
    "type": "message",
    "role": "assistant",
    "model": "claude",
    "content": [{"type": "text", "text": "Hi"}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 1, "output_tokens": 1},
}
EVENTS = [
    {"type": "message_start", "message": {**MESSAGE, "content": [], "stop_reason": None}},
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hi"}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 1},
    },
    {"type": "message_stop"},
]
JSON_CALL = Call("messages", {"model": "m", "max_tokens": 1, "messages": []})
STREAM_CALL = Call("messages", {**JSON_CALL.body, "stream": True})
ANTHROPIC = registry.adapter("anthropic")


def response(status: int, content_type: str, body: bytes) -> WireResponse:
    return WireResponse(status, {"content-type": content_type}, body)


@pytest.mark.parametrize(
    ("call", "status", "content_type", "expected"),
    [
        (STREAM_CALL, 200, "text/event-stream", True),
        (STREAM_CALL, 200, "application/vnd.amazon.eventstream", True),
        (STREAM_CALL, 200, "application/json", False),  # answered without a stream
        (STREAM_CALL, 200, "", False),
        (STREAM_CALL, 429, "text/event-stream", False),  # failed up front
        (JSON_CALL, 200, "text/event-stream", False),
    ],
)
def test_a_response_is_a_stream_when_a_streaming_call_gets_a_2xx_non_json_answer(
    call: Call, status: int, content_type: str, expected: bool
) -> None:
    assert is_stream(call, response(status, content_type, b"")) is expected


def test_a_json_answer_is_an_outcome_with_its_body() -> None:
    decoded = decode(
        ANTHROPIC, JSON_CALL, response(200, "application/json", json.dumps(MESSAGE).encode())
    )
    assert decoded.findings == []
    assert decoded.outcome == Outcome(200, body=MESSAGE)
    assert decoded.outcome.to_dict() == {"status": 200, "body": MESSAGE}


def test_a_stream_is_decoded_from_its_chunks_in_any_split() -> None:
    raw = encode_events(EVENTS)
    chunks = [raw[i : i + 7] for i in range(0, len(raw), 7)]
    decoded = decode(ANTHROPIC, STREAM_CALL, response(200, "text/event-stream", b""), chunks)
    assert decoded.findings == []
    assert decoded.outcome is not None and decoded.outcome.is_stream
    assert decoded.outcome.events == EVENTS
    assert decoded.outcome.names == [e["type"] for e in EVENTS]
    assert decoded.outcome.to_dict() == {"status": 200, "events": EVENTS}


def test_without_chunks_the_body_is_the_stream() -> None:
    decoded = decode(
        ANTHROPIC, STREAM_CALL, response(200, "text/event-stream", encode_events(EVENTS))
    )
    assert decoded.outcome is not None and decoded.outcome.events == EVENTS


def test_a_streaming_call_answered_with_json_is_a_finding_with_the_outcome_kept() -> None:
    body = json.dumps(MESSAGE).encode()
    decoded = decode(ANTHROPIC, STREAM_CALL, response(200, "application/json", body))
    assert decoded.outcome == Outcome(200, body=MESSAGE)
    [finding] = decoded.findings
    assert finding.message == "a streaming request was answered without a stream"


def test_a_json_error_to_a_streaming_call_is_no_finding() -> None:
    error = {"type": "error", "error": {"type": "rate_limit_error", "message": "slow"}}
    decoded = decode(
        ANTHROPIC, STREAM_CALL, response(429, "application/json", json.dumps(error).encode())
    )
    assert decoded.findings == []
    assert decoded.outcome == Outcome(429, body=error)


class Refusing:
    """A translator that cannot express the backend's answer in Anthropic form."""

    name = "refusing"
    credential_headers = ()

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        raise TranslationError("no Anthropic form for this", path="choices[0].logprobs")


def test_a_translator_refusal_is_a_finding_at_the_field_without_an_outcome() -> None:
    refusing = Refusing()
    decoded = decode(refusing, JSON_CALL, response(200, "application/json", b"{}"))  # type: ignore[arg-type]
    assert decoded.outcome is None
    [finding] = decoded.findings
    assert finding.check == "translate" and finding.path == "choices[0].logprobs"
    assert finding.message == "response: no Anthropic form for this"


class Crashing:
    """A translator with a bug: it raises something that is not a TranslationError."""

    name = "crashing"
    credential_headers = ()

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        raise KeyError("x" * 10_000)

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        raise ZeroDivisionError("bad")


def test_a_translator_that_crashes_fails_the_case_naming_what_it_read() -> None:
    decoded = decode(
        Crashing(),  # type: ignore[arg-type]
        JSON_CALL,
        response(200, "application/json", b"{}"),
        where="fixtures/cassettes/x.yaml",
    )
    assert decoded.outcome is None
    [finding] = decoded.findings
    assert finding.message.startswith(
        "response: the crashing translator failed on fixtures/cassettes/x.yaml: KeyError: "
    )
    assert len(finding.message) < 300  # a huge value is not pasted whole


def test_stream_problems_are_findings_beside_the_events() -> None:
    raw = encode_events(EVENTS) + b"data: {not json\n\n"
    decoded = decode(ANTHROPIC, STREAM_CALL, response(200, "text/event-stream", raw))
    assert decoded.outcome is not None and decoded.outcome.events is not None
    assert decoded.findings and all(f.message.startswith("stream: ") for f in decoded.findings)
