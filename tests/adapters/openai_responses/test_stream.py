"""A Responses event stream becomes Anthropic events: blocks opened by item and part,
deltas routed by item id, reasoning summaries as thinking with the encrypted content as its
signature, the final event as message_delta with stop reason and usage; failures and cut
streams end with an error event."""

from __future__ import annotations

from typing import Any

from adapters.base import Call, StreamResult
from adapters.openai_responses.adapter import ADAPTER
from tests.adapters.openai_responses.response_support import (
    call_item,
    message_item,
    reasoning_item,
    response,
    sse,
)

CALL = Call("messages", {"model": "gpt-5", "max_tokens": 64, "messages": [], "stream": True})


def decode(data: bytes, size: int | None = None) -> StreamResult:
    step = size or len(data) or 1
    return ADAPTER.decode_stream(CALL, [data[i : i + step] for i in range(0, len(data), step)])


def created() -> list[dict[str, Any]]:
    shell = response(status="in_progress", usage=None)
    return [
        {"type": "response.created", "response": shell},
        {"type": "response.in_progress", "response": shell},
    ]


def text_events(text: str, item_id: str = "msg_1", index: int = 0) -> list[dict[str, Any]]:
    item = message_item(text, item_id=item_id)
    part = item["content"][0]
    at = {"item_id": item_id, "output_index": index, "content_index": 0}
    pending = {**item, "status": "in_progress", "content": []}
    return [
        {"type": "response.output_item.added", "output_index": index, "item": pending},
        {"type": "response.content_part.added", **at, "part": {**part, "text": ""}},
        *[
            {"type": "response.output_text.delta", **at, "delta": piece, "logprobs": []}
            for piece in (text[:3], text[3:])
        ],
        {"type": "response.output_text.done", **at, "text": text, "logprobs": []},
        {"type": "response.content_part.done", **at, "part": part},
        {"type": "response.output_item.done", "output_index": index, "item": item},
    ]


def call_events(arguments: str, item_id: str = "fc_1", index: int = 0) -> list[dict[str, Any]]:
    item = call_item(arguments, item_id=item_id, call_id=f"call_{item_id}")
    at = {"item_id": item_id, "output_index": index}
    half = len(arguments) // 2
    return [
        {
            "type": "response.output_item.added",
            "output_index": index,
            "item": {**item, "arguments": ""},
        },
        {"type": "response.function_call_arguments.delta", **at, "delta": arguments[:half]},
        {"type": "response.function_call_arguments.delta", **at, "delta": arguments[half:]},
        {
            "type": "response.function_call_arguments.done",
            **at,
            "arguments": arguments,
            "name": "get_weather",
        },
        {"type": "response.output_item.done", "output_index": index, "item": item},
    ]


def reasoning_events(text: str, encrypted: str | None = "ENC") -> list[dict[str, Any]]:
    at = {"item_id": "rs_1", "output_index": 0}
    part = {"type": "summary_text", "text": ""}
    events: list[dict[str, Any]] = [
        {
            "type": "response.output_item.added",
            "output_index": 0,
            "item": reasoning_item(encrypted=None),
        }
    ]
    if text:
        events += [
            {
                "type": "response.reasoning_summary_part.added",
                **at,
                "summary_index": 0,
                "part": part,
            },
            {
                "type": "response.reasoning_summary_text.delta",
                **at,
                "summary_index": 0,
                "delta": text,
            },
            {
                "type": "response.reasoning_summary_text.done",
                **at,
                "summary_index": 0,
                "text": text,
            },
        ]
    done = reasoning_item(*([text] if text else []), encrypted=encrypted)
    return [*events, {"type": "response.output_item.done", "output_index": 0, "item": done}]


def completed(*output: dict[str, Any], status: str = "completed", **extra: Any) -> dict[str, Any]:
    kind = "response.completed" if status == "completed" else f"response.{status}"
    return {"type": kind, "response": response(*output, status=status, **extra)}


def test_a_text_reply_streams_as_one_text_block() -> None:
    result = decode(
        sse(*created(), *text_events("Hello there"), completed(message_item("Hello there")))
    )
    assert result.problems == []
    assert result.names == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
        "content_block_stop",
        "message_delta",
        "message_stop",
    ]
    assert [e["delta"]["text"] for e in result.events[2:4]] == ["Hel", "lo there"]
    assert result.events[5]["delta"] == {"stop_reason": "end_turn", "stop_sequence": None}
    assert result.events[5]["usage"] == {"input_tokens": 20, "output_tokens": 8}


def test_function_calls_stream_their_arguments_into_their_own_blocks() -> None:
    data = sse(
        *created(),
        *call_events('{"city":"Paris"}', "fc_1", 0),
        *call_events('{"city":"Rome"}', "fc_2", 1),
        completed(call_item(), call_item()),
    )
    result = decode(data)
    assert result.problems == []
    starts = [e["content_block"] for e in result.events if e["type"] == "content_block_start"]
    assert [s["id"] for s in starts] == ["call_fc_1", "call_fc_2"]
    by_block: dict[int, str] = {}
    for event in result.events:
        if event["type"] == "content_block_delta":
            by_block[event["index"]] = (
                by_block.get(event["index"], "") + event["delta"]["partial_json"]
            )
    assert by_block == {0: '{"city":"Paris"}', 1: '{"city":"Rome"}'}
    assert result.events[-2]["delta"]["stop_reason"] == "tool_use"


def test_reasoning_streams_as_thinking_signed_by_its_encrypted_content() -> None:
    data = sse(*created(), *reasoning_events("Think."), completed(reasoning_item("Think.")))
    result = decode(data)
    assert result.problems == []
    deltas = [e["delta"] for e in result.events if e["type"] == "content_block_delta"]
    assert deltas == [
        {"type": "thinking_delta", "thinking": "Think."},
        {"type": "signature_delta", "signature": "ENC"},
    ]


def test_reasoning_with_only_encrypted_content_is_redacted_thinking() -> None:
    result = decode(sse(*created(), *reasoning_events(""), completed(reasoning_item())))
    assert result.events[1]["content_block"] == {"type": "redacted_thinking", "data": "ENC"}
    assert result.names[2] == "content_block_stop"


def test_an_incomplete_response_stops_for_its_reason() -> None:
    final = completed(
        message_item("Hi"), status="incomplete", incomplete_details={"reason": "max_output_tokens"}
    )
    result = decode(sse(*created(), *text_events("Hi"), final))
    assert result.events[-2]["delta"]["stop_reason"] == "max_tokens"


def test_an_error_event_ends_the_stream_as_an_anthropic_error() -> None:
    error = {"type": "error", "code": "rate_limit_exceeded", "message": "Slow down.", "param": None}
    result = decode(sse(*created(), *text_events("Hi")[:3], error))
    assert result.events[-1] == {
        "type": "error",
        "error": {"type": "rate_limit_error", "message": "Slow down."},
    }
    assert result.problems == []


def test_a_failed_response_ends_the_stream_with_its_error() -> None:
    failed = completed(status="failed", error={"code": "server_error", "message": "Boom."})
    result = decode(sse(*created(), failed))
    assert result.events[-1]["error"] == {"type": "api_error", "message": "Boom."}


def test_a_delta_for_another_item_is_a_problem_and_is_not_sent_on() -> None:
    events = call_events('{"city":"Paris"}', "fc_1", 0)
    events[1] = {**events[1], "item_id": "fc_other"}
    result = decode(sse(*created(), *events, completed(call_item())))
    assert any("no output item 'fc_other'" in p for p in result.problems)


def test_a_cut_stream_ends_with_an_api_error() -> None:
    result = decode(sse(*created(), *text_events("Hi")[:3]))
    assert result.events[-1]["error"]["type"] == "api_error"
    assert any("before the response finished" in p for p in result.problems)


def test_any_split_of_the_bytes_gives_the_same_events() -> None:
    data = sse(*created(), *reasoning_events("Think."), completed(reasoning_item("Think.")))
    assert decode(data, size=1).events == decode(data).events == decode(data, size=7).events


def test_a_sequence_number_out_of_order_is_a_problem() -> None:
    data = sse(*created(), *text_events("Hi"), completed(message_item("Hi")))
    swapped = data.replace(b'"sequence_number": 3', b'"sequence_number": 0', 1)
    assert any("sequence_number 0 after 2" in p for p in decode(swapped).problems)
