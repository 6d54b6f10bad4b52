"""End to end over loopback: Anthropic calls encoded by the adapter, sent with httpx to the
simulated OpenAI endpoint, and decoded back, carry exactly what the scenario scripted (within
the documented losses), in JSON and stream mode, whatever the byte split. Injected bugs in the
translation show up as readable findings."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from adapters.base import Call, TargetSettings, WireResponse
from adapters.openai import finish_reason, response, stream
from adapters.openai.adapter import ADAPTER
from adapters.openai.stream import StreamTranslator, ToolCall
from adapters.protocol.fold import fold_events
from adapters.protocol.grammar import check_stream
from adapters.protocol.schema import validate_body, validate_event
from harness.simulator import Rejection, Script, SimRequest
from harness.simulator.openai import OpenAIBackend
from harness.simulator.server import SimulatorServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

TOOLS: list[dict[str, Any]] = [
    {"type": "tool_use", "id": "call_t1", "name": "get_time", "input": {"timezone": "Asia/Tokyo"}},
    {"type": "tool_use", "id": "call_t2", "name": "get_weather", "input": {"city": "Tokyo"}},
]
REPLIES: dict[str, dict[str, Any]] = {
    "text": {
        "content": [{"type": "text", "text": "Grüße aus Köln → 東京, a few words at a time."}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 12},
    },
    "parallel": {
        "content": [{"type": "text", "text": "Let me look up both."}, *TOOLS],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 512, "output_tokens": 119},
    },
    "interleaved": {
        "content": [{"type": "text", "text": "Let me look up both."}, *TOOLS],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 512, "output_tokens": 119},
        "openai": {"interleave_tool_calls": True},
    },
    "max-tokens": {
        "content": [{"type": "text", "text": "The answer starts here and is cut"}],
        "stop_reason": "max_tokens",
        "usage": {"input_tokens": 20, "output_tokens": 8},
    },
    "cache": {
        "content": [{"type": "text", "text": "From the cached document: yes."}],
        "stop_reason": "end_turn",
        "usage": {
            "input_tokens": 12,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 2048,
            "output_tokens": 9,
        },
    },
    "stop-sequence": {
        "content": [{"type": "text", "text": "17:25\n\n<answer>17:25"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "</answer>",
        "usage": {"input_tokens": 52, "output_tokens": 30},
        "openai": {"matched_stop": "matched_stop"},
    },
    "refusal": {
        "content": [{"type": "text", "text": "I can't help with that."}],
        "stop_reason": "refusal",
        "usage": {"input_tokens": 9, "output_tokens": 7},
    },
}
NO_USAGE_CHUNK = {
    "content": [{"type": "text", "text": "Short."}],
    "stop_reason": "end_turn",
    "usage": {"input_tokens": 4, "output_tokens": 2},
    "openai": {"usage_chunk": False},
}
ERROR_REPLIES = {
    529: ("overloaded_error", 529),
    429: ("rate_limit_error", 429),
    401: ("authentication_error", 401),
    500: ("api_error", 500),
    402: ("billing_error", 402),
}
MID_STREAM = {
    "api_error": {
        **REPLIES["text"],
        "stream_error": {"after_events": 3, "type": "api_error", "message": "x"},
    },
    "overloaded_error": {
        **REPLIES["text"],
        "stream_error": {"after_events": 1, "type": "overloaded_error", "message": "x"},
    },
}
REQUEST = {
    "model": "gpt-5",
    "max_tokens": 256,
    "stop_sequences": ["</answer>"],
    "messages": [{"role": "user", "content": "What time is it in Tokyo, and the weather?"}],
}


def answer(target: str, request: SimRequest) -> Script | Rejection:
    name = request.headers["x-parity-scenario"]
    if name.startswith("error-"):
        status = int(name.removeprefix("error-"))
        return Script(name, {"error": {"status": status, "message": "canary"}})
    if name == "no-usage-chunk":
        return Script(name, NO_USAGE_CHUNK)
    if name.startswith("midstream-"):
        return Script(name, MID_STREAM[name.removeprefix("midstream-")])
    return Script(f"adapter-test/{name}", REPLIES[name])


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(answer, backends=[OpenAIBackend()], request_timeout=5.0) as server:
        yield server


def exchange(
    sim: SimulatorServer, name: str, stream: bool, split: int | None = None
) -> dict[str, Any]:
    """Encode, send over loopback, decode: the outcome as the runner records it."""
    call = Call("messages", {**REQUEST, "stream": True} if stream else REQUEST)
    wire = ADAPTER.encode_request(call, TargetSettings("openai", base_url=f"{sim.base_url}/v1"))
    headers = {**wire.headers, "authorization": "Bearer sk-canary", "x-parity-scenario": name}
    with (
        httpx.Client(timeout=5.0) as client,
        client.stream(wire.method, wire.url, headers=headers, content=wire.body) as http,
    ):
        chunks = list(http.iter_raw())
        status, head = http.status_code, dict(http.headers)
    raw = b"".join(chunks)
    if split is not None:
        chunks = [raw[i : i + split] for i in range(0, len(raw), split)]
    if stream and status == 200 and head["content-type"].startswith("text/event-stream"):
        result = ADAPTER.decode_stream(call, chunks)
        return {
            "status": status,
            "events": result.events,
            "names": result.names,
            "problems": result.problems,
        }
    translated = ADAPTER.decode_response(call, WireResponse(status, head, raw))
    return {"status": translated.status, "body": translated.body}


def findings(reply: dict[str, Any], outcome: dict[str, Any]) -> list[str]:
    """How an outcome departs from the scripted reply: decoder problems, the Anthropic schema,
    the stream grammar and fold, then content, stop reason, stop sequence and usage."""
    found: list[str] = list(outcome.get("problems", []))
    if "events" in outcome:
        for i, event in enumerate(outcome["events"]):
            found.extend(f"events[{i}]: {v.message}" for v in validate_event(event))
        found.extend(
            f"{v.path}: {v.message}" for v in check_stream(outcome["events"], outcome["names"])
        )
        folded = fold_events(outcome["events"])
        found.extend(f"{v.path}: {v.message}" for v in folded.problems)
        message = folded.message or {}
    else:
        found.extend(f"{v.path}: {v.message}" for v in validate_body(outcome["body"]))
        message = outcome["body"]
    expected = {
        "content": reply["content"],
        "stop_reason": reply["stop_reason"],
        "stop_sequence": reply.get("stop_sequence"),
    }
    for key, want in expected.items():
        if message.get(key) != want:
            found.append(f"{key}: expected {want!r}, got {message.get(key)!r}")
    usage = message.get("usage") or {}
    for key, want in reply["usage"].items():
        if usage.get(key) != want:
            found.append(f"usage.{key}: expected {want!r}, got {usage.get(key)!r}")
    return found


def test_the_registry_path_holds_the_adapter() -> None:
    adapter = importlib.import_module("adapters.openai.adapter").ADAPTER
    assert adapter is ADAPTER and adapter.name == "openai"


@pytest.mark.parametrize("mode", ["json", "stream"])
@pytest.mark.parametrize("name", REPLIES)
def test_every_reply_comes_back_as_scripted(sim: SimulatorServer, name: str, mode: str) -> None:
    outcome = exchange(sim, name, stream=mode == "stream")
    assert outcome["status"] == 200
    assert findings(REPLIES[name], outcome) == []


def test_a_stream_without_its_usage_chunk_ends_validly_with_zero_usage(
    sim: SimulatorServer,
) -> None:
    outcome = exchange(sim, "no-usage-chunk", stream=True)
    assert findings(NO_USAGE_CHUNK, outcome) == [
        "usage.input_tokens: expected 4, got 0",
        "usage.output_tokens: expected 2, got 0",
    ]
    assert findings(NO_USAGE_CHUNK, exchange(sim, "no-usage-chunk", stream=False)) == []


@pytest.mark.parametrize("split", [1, 7])
@pytest.mark.parametrize("name", ["interleaved", "cache", "text"])
def test_the_real_wire_resplit_decodes_identically(
    sim: SimulatorServer, name: str, split: int
) -> None:
    assert exchange(sim, name, True, split) == exchange(sim, name, True)


@pytest.mark.parametrize("mode", ["json", "stream"])
@pytest.mark.parametrize("status", ERROR_REPLIES)
def test_openai_failures_become_the_anthropic_errors_scripted(
    sim: SimulatorServer, status: int, mode: str
) -> None:
    kind, anthropic_status = ERROR_REPLIES[status]
    outcome = exchange(sim, f"error-{status}", stream=mode == "stream")
    assert outcome["status"] == anthropic_status
    assert outcome["body"]["error"]["type"] == kind
    assert validate_body(outcome["body"]) == []


@pytest.mark.parametrize("kind", MID_STREAM)
def test_mid_stream_failures_become_anthropic_error_events(sim: SimulatorServer, kind: str) -> None:
    outcome = exchange(sim, f"midstream-{kind}", stream=True)
    assert outcome["problems"] == []
    assert outcome["events"][-1]["type"] == "error"
    assert outcome["events"][-1]["error"]["type"] == kind
    assert fold_events(outcome["events"]).error is not None


# -- injected bugs ----------------------------------------------------------------------------


def test_injected_bug_wrong_block_for_a_parallel_fragment_turns_the_case_red(
    sim: SimulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def latest_call(self: StreamTranslator, index: int, call_id: Any) -> ToolCall | None:
        return None if call_id else list(self.tools.values())[-1]

    monkeypatch.setattr(StreamTranslator, "tool_for", latest_call)
    found = findings(REPLIES["interleaved"], exchange(sim, "interleaved", stream=True))
    assert found and any("arguments are not valid JSON" in line for line in found)
    assert any(line.startswith("content: expected") for line in found)


@pytest.mark.parametrize("mode", ["json", "stream"])
def test_injected_bug_dropping_cached_tokens_turns_the_case_red(
    sim: SimulatorServer, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    def without_cache(usage: Any, path: str) -> dict[str, Any]:
        return {"input_tokens": usage["prompt_tokens"], "output_tokens": usage["completion_tokens"]}

    monkeypatch.setattr(response, "anthropic_usage", without_cache)
    monkeypatch.setattr(stream, "anthropic_usage", without_cache)
    found = findings(REPLIES["cache"], exchange(sim, "cache", stream=mode == "stream"))
    assert found == [
        "usage.input_tokens: expected 12, got 2060",
        "usage.cache_creation_input_tokens: expected 0, got None",
        "usage.cache_read_input_tokens: expected 2048, got None",
    ]


@pytest.mark.parametrize("mode", ["json", "stream"])
def test_injected_bug_mapping_length_to_end_turn_turns_the_case_red(
    sim: SimulatorServer, monkeypatch: pytest.MonkeyPatch, mode: str
) -> None:
    monkeypatch.setitem(finish_reason.STOP_REASONS, "length", "end_turn")
    found = findings(REPLIES["max-tokens"], exchange(sim, "max-tokens", stream=mode == "stream"))
    assert found == ["stop_reason: expected 'max_tokens', got 'end_turn'"]
