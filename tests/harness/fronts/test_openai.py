"""The OpenAI front: requests per mode, the way back to what an OpenAI client sees, its
validation with the openai SDK types, and the parity view that ignores chunking."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from harness.fronts.openai import (
    check_front,
    front_outcome,
    normalize_front,
    openai_request,
    parity_front,
    to_anthropic,
)
from tests.support.streams import text_stream

REQUEST = {"model": "sonnet", "messages": [{"role": "user", "content": "Hi"}]}
MESSAGE = {
    "id": "msg_01",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-6",
    "content": [{"type": "text", "text": "Hello there."}],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 9, "output_tokens": 4},
}


def test_stream_mode_asks_for_the_usage_chunk_unless_the_scenario_chose_otherwise() -> None:
    assert openai_request(REQUEST, "stream") == {
        **REQUEST,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    chosen = {**REQUEST, "stream_options": {"include_usage": False}}
    assert openai_request(chosen, "stream")["stream_options"] == {"include_usage": False}
    assert openai_request(chosen, "json") == REQUEST


def test_the_front_door_names_what_it_cannot_map() -> None:
    with pytest.raises(TranslationError) as info:
        to_anthropic({**REQUEST, "n": 3})
    assert info.value.path == "n"


def test_a_message_comes_back_as_a_valid_chat_completion() -> None:
    front = front_outcome(REQUEST, {"status": 200, "body": MESSAGE})
    assert front["status"] == 200
    assert front["body"]["object"] == "chat.completion"
    assert front["body"]["choices"][0]["message"]["content"] == "Hello there."
    assert front["body"]["choices"][0]["finish_reason"] == "stop"
    assert check_front(front) == []


def test_a_stream_comes_back_as_valid_chunks_ending_done() -> None:
    request = openai_request(REQUEST, "stream")
    front = front_outcome(request, {"status": 200, "events": text_stream("Hello", " there.")})
    assert front["done"] is True
    assert front["chunks"][-1]["choices"] == []  # the usage chunk asked for
    assert check_front(front) == []


def test_an_anthropic_error_comes_back_as_an_openai_error_envelope() -> None:
    error = {"type": "error", "error": {"type": "rate_limit_error", "message": "slow down"}}
    front = front_outcome(REQUEST, {"status": 429, "body": error})
    assert front["status"] == 429 and front["body"]["error"]["message"] == "slow down"
    assert check_front(front) == []


def test_a_completion_that_breaks_the_openai_types_is_a_schema_finding() -> None:
    front = front_outcome(REQUEST, {"status": 200, "body": MESSAGE})
    del front["body"]["choices"][0]["message"]["role"]
    [finding] = check_front(front)
    assert finding.check == "schema"
    assert finding.path == "front.body.choices[0].message.role"


def test_ids_are_normalized_for_goldens() -> None:
    front = front_outcome(
        openai_request(REQUEST, "stream"), {"status": 200, "events": text_stream("Hi")}
    )
    assert {c["id"] for c in normalize_front(front)["chunks"]} == {"<normalized>"}


def test_parity_ignores_how_a_stream_was_cut_but_not_what_it_says() -> None:
    request = openai_request(REQUEST, "stream")
    one = front_outcome(request, {"status": 200, "events": text_stream("Hello there.")})
    two = front_outcome(request, {"status": 200, "events": text_stream("Hel", "lo th", "ere.")})
    assert one["chunks"] != two["chunks"]
    assert parity_front(one) == parity_front(two)
    other = front_outcome(request, {"status": 200, "events": text_stream("Hello here.")})
    assert parity_front(other) != parity_front(one)


@pytest.mark.parametrize(
    "outcome",
    [
        {"status": 200, "events": [["not an event"]]},
        {"status": 200, "events": 5},
        {"status": 200, "body": 5},
    ],
)
def test_an_outcome_the_front_door_cannot_read_is_a_translation_error(
    outcome: dict[str, Any],
) -> None:
    with pytest.raises(TranslationError, match=r"^cannot map this outcome back: "):
        front_outcome(REQUEST, outcome)


def test_odd_values_in_a_front_outcome_are_findings_not_crashes() -> None:
    front = {"status": float("nan"), "body": {"id": "chatcmpl-1", "object": "chat.completion"}}
    [finding] = check_front(front)  # not a 2xx status: so the body must be an error envelope
    assert (finding.check, finding.path) == ("schema", "front.body.error")
    chunks = [{"choices": [{"delta": {"content": 5}}]}, {"choices": [{"delta": {"content": "a"}}]}]
    assert parity_front({"status": 200, "chunks": chunks, "done": True})["chunks"] == [
        {"content": 5},
        {"content": "a"},
    ]


def test_parity_ignores_how_tool_call_arguments_are_formatted_but_not_what_they_say() -> None:
    def completion(arguments: str) -> dict[str, Any]:
        call = {
            "id": "call_1",
            "type": "function",
            "function": {"name": "f", "arguments": arguments},
        }
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
        return {"status": 200, "body": {"choices": [{"index": 0, "message": message}]}}

    def stream(*pieces: str) -> dict[str, Any]:
        deltas = [{"tool_calls": [{"index": 0, "function": {"arguments": p}}]} for p in pieces]
        chunks = [{"choices": [{"index": 0, "delta": d}]} for d in deltas]
        return {"status": 200, "chunks": chunks, "done": True}

    compact = '{"city":"Lisbon","days":2}'
    spaced = '{"days": 2, "city": "Lisbon"}'
    assert parity_front(completion(compact)) == parity_front(completion(spaced))
    assert parity_front(stream(compact)) == parity_front(
        stream('{"days": 2, ', '"city": "Lisbon"}')
    )
    assert parity_front(completion(compact)) != parity_front(
        completion('{"city":"Porto","days":2}')
    )
    assert parity_front(completion("not json")) != parity_front(completion("not  json"))
