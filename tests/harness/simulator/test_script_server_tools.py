"""Specification of the scripted reply for server tools: calls, result blocks, container,
usage.server_tool_use. The official SDK's types and stream accumulator are the outside truth."""

from __future__ import annotations

from typing import Any

from anthropic.lib.streaming._messages import accumulate_event
from anthropic.types import Message, RawMessageStreamEvent
from pydantic import TypeAdapter

from harness.simulator.script import reply_events, reply_message

MODEL = "claude-sonnet-4-6"
MSG_ID = "msg_01serverToolsCanary00000"
EVENT = TypeAdapter(RawMessageStreamEvent)
CONTAINER = {"id": "container_011CVGw2ZfR4uM7nKxT9pLqA", "expires_at": "2026-12-04T17:32:40Z"}
USAGE = {
    "input_tokens": 4702,
    "output_tokens": 188,
    "server_tool_use": {"web_search_requests": 1, "web_fetch_requests": 0},
}
REPLY: dict[str, Any] = {
    "content": [
        {
            "type": "server_tool_use",
            "id": "srvtoolu_01WYG3ziw53XMcoyKL4XcZmE",
            "name": "web_search",
            "input": {"query": "latest stable Python release"},
        },
        {
            "type": "web_search_tool_result",
            "tool_use_id": "srvtoolu_01WYG3ziw53XMcoyKL4XcZmE",
            "content": [
                {
                    "type": "web_search_result",
                    "url": "https://www.python.org/downloads/",
                    "title": "Download Python",
                    "encrypted_content": "EqgfCioIARgBIiQ3YTAwMjY1Mi1mZjM5",
                    "page_age": None,
                }
            ],
        },
        {
            "type": "bash_code_execution_tool_result",
            "tool_use_id": "srvtoolu_01Bq7sNcXk3eR5tYwLm9PaZd",
            "content": {
                "type": "bash_code_execution_tool_result_error",
                "error_code": "unavailable",
            },
        },
        {"type": "text", "text": "Python 3.14.2 is the latest."},
    ],
    "stop_reason": "end_turn",
    "container": CONTAINER,
    "usage": USAGE,
}


def sdk_fold(events: list[dict[str, Any]]) -> dict[str, Any]:
    snapshot = None
    for event in events:
        if event["type"] != "ping":
            snapshot = accumulate_event(
                event=EVENT.validate_python(event), current_snapshot=snapshot
            )
    assert snapshot is not None
    return snapshot.to_dict(mode="json")


def test_the_message_is_an_sdk_message_with_the_container_and_server_tool_usage() -> None:
    message = reply_message(REPLY, model=MODEL, message_id=MSG_ID)
    parsed = Message.model_validate(message)
    assert parsed.container is not None and parsed.container.id == CONTAINER["id"]
    assert parsed.usage.server_tool_use is not None
    assert parsed.usage.server_tool_use.web_search_requests == 1
    assert [b.type for b in parsed.content] == [b["type"] for b in REPLY["content"]]


def test_the_sdk_folds_the_stream_into_the_message() -> None:
    events = reply_events(REPLY, model=MODEL, message_id=MSG_ID)
    folded = sdk_fold(events)
    expected = Message.model_validate(reply_message(REPLY, model=MODEL, message_id=MSG_ID))
    assert folded.pop("stop_details") is None  # the accumulator copies message_delta's
    assert folded == expected.to_dict(mode="json")


def test_server_tool_input_streams_and_result_blocks_arrive_whole() -> None:
    events = reply_events(REPLY, model=MODEL, message_id=MSG_ID)
    starts = {e["index"]: e["content_block"] for e in events if e["type"] == "content_block_start"}
    assert starts[0]["input"] == {}
    assert starts[1] == REPLY["content"][1]
    assert starts[2] == REPLY["content"][2]
    deltas = {
        i: [e["delta"] for e in events if e.get("index") == i and "delta" in e] for i in starts
    }
    assert {d["type"] for d in deltas[0]} == {"input_json_delta"}
    assert deltas[0][0]["partial_json"] == ""
    assert deltas[1] == [] and deltas[2] == []


def test_server_tool_usage_and_the_container_arrive_in_message_delta() -> None:
    events = reply_events(REPLY, model=MODEL, message_id=MSG_ID)
    start, delta = events[0], events[-2]
    assert "server_tool_use" not in start["message"]["usage"]
    assert delta["usage"]["server_tool_use"] == USAGE["server_tool_use"]
    assert delta["delta"]["container"] == CONTAINER
