"""The event stream: numbered typed events with their ``event:`` names, text and arguments
carried piece for piece as the native stream splits them, reasoning summaries streamed when
asked for, and a scripted stream error ending it with an ``error`` event."""

from __future__ import annotations

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai_responses.support import PROMPT, post, sse_events

ASKED = {
    "model": "gpt-5",
    "input": PROMPT,
    "stream": True,
    "reasoning": {"effort": "low", "summary": "auto"},
    "include": ["reasoning.encrypted_content"],
}


def test_a_reply_streams_item_by_item(sim: SimulatorServer) -> None:
    events = sse_events(post(sim, ASKED, "thinking-call").content)
    kinds = [e["type"] for e in events]
    assert kinds[:3] == ["response.created", "response.in_progress", "response.output_item.added"]
    assert kinds[-1] == "response.completed"
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    summary = "".join(
        e["delta"] for e in events if e["type"] == "response.reasoning_summary_text.delta"
    )
    assert summary == "Tokyo first."
    fc = [e for e in events if e["type"] == "response.function_call_arguments.delta"]
    assert {e["item_id"] for e in fc} == {events[-1]["response"]["output"][2]["id"]}
    assert "".join(e["delta"] for e in fc) == '{"tz": "Asia/Tokyo"}'


def test_without_a_summary_asked_reasoning_streams_no_summary(sim: SimulatorServer) -> None:
    body = {"model": "gpt-5", "input": PROMPT, "stream": True}
    kinds = {e["type"] for e in sse_events(post(sim, body, "thinking-call").content)}
    assert not any(k.startswith("response.reasoning_summary") for k in kinds)


def test_a_stream_error_ends_with_an_error_event(sim: SimulatorServer) -> None:
    body = {"model": "gpt-5", "input": PROMPT, "stream": True}
    events = sse_events(post(sim, body, "midstream").content)
    assert events[-1]["type"] == "error"
    assert events[-1]["code"] == "server_is_overloaded"
    assert not any(e["type"] == "response.completed" for e in events)


def test_streams_are_deterministic(sim: SimulatorServer) -> None:
    assert post(sim, ASKED, "thinking-call").content == post(sim, ASKED, "thinking-call").content
