"""An OpenAI-front client read in Anthropic terms: what it received as content blocks (from a
chat completion or a chunk stream), the turns it sent back, its answers against the openai
SDK's types, and its request through the front door."""

from __future__ import annotations

import json

from harness.clients import openai_view

CALL = {"id": "call_1", "type": "function", "function": {"name": "read_file", "arguments": ""}}


def sse(*chunks: object) -> bytes:
    return b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks) + (
        b"data: [DONE]\n\n"
    )


def completion(message: dict[str, object]) -> dict[str, object]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
    }


def chunk(delta: dict[str, object], finish: str | None = None) -> dict[str, object]:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def test_a_completion_becomes_its_text_and_tool_calls_with_parsed_arguments() -> None:
    call = {**CALL, "function": {"name": "read_file", "arguments": '{"path": "a.txt"}'}}
    body = completion({"role": "assistant", "content": "Reading.", "tool_calls": [call]})
    assert openai_view.received_content(json.dumps(body).encode(), streamed=False) == [
        {"type": "text", "text": "Reading."},
        {"type": "tool_use", "id": "call_1", "name": "read_file", "input": {"path": "a.txt"}},
    ]


def test_a_stream_joins_content_and_argument_fragments_by_index() -> None:
    data = sse(
        chunk({"role": "assistant", "content": "Rea"}),
        chunk({"content": "ding."}),
        chunk({"tool_calls": [{"index": 0, **CALL}]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"path":'}}]}),
        chunk({"tool_calls": [{"index": 0, "function": {"arguments": ' "a.txt"}'}}]}, "tool_calls"),
    )
    assert openai_view.received_content(data, streamed=True) == [
        {"type": "text", "text": "Reading."},
        {"type": "tool_use", "id": "call_1", "name": "read_file", "input": {"path": "a.txt"}},
    ]
    assert openai_view.problems(200, data, True, "response[1]") == []


def test_a_chunk_the_sdk_types_refuse_is_named() -> None:
    data = sse({"object": "chat.completion.chunk", "choices": "not a list"})
    [problem] = openai_view.problems(200, data, True, "response[1]")[:1]
    assert problem.startswith("response[1]: front.chunks[0]")


def test_a_scripted_turn_is_what_the_front_can_carry() -> None:
    turn = [
        {"type": "thinking", "thinking": "t", "signature": "s"},
        {"type": "text", "text": "A"},
        {"type": "text", "text": "B"},
        {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {}},
    ]
    assert openai_view.scripted_content(turn) == [
        {"type": "text", "text": "AB"},
        {"type": "tool_use", "id": "toolu_1", "name": "read_file", "input": {}},
    ]


def test_assistant_turns_sent_back_are_read_as_content_blocks() -> None:
    call = {**CALL, "function": {"name": "read_file", "arguments": "{}"}}
    messages = [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "call_1", "content": "x"},
    ]
    assert openai_view.sent_back(messages) == [
        {
            "role": "assistant",
            "content": [{"type": "tool_use", "id": "call_1", "name": "read_file", "input": {}}],
        }
    ]


def test_the_front_door_translates_the_request_or_says_why_not() -> None:
    body = {"model": "vertex/sonnet", "messages": [{"role": "user", "content": "hi"}]}
    translated = openai_view.anthropic_body(body)
    assert isinstance(translated, dict)
    assert translated["messages"] == [{"role": "user", "content": "hi"}]
    refused = openai_view.anthropic_body({**body, "max_tokens": 0})
    assert isinstance(refused, str) and "max_tokens" in refused
