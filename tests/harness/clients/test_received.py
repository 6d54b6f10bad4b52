"""What the client received and what it sent back, against the scripted turns: a lost tool
input, a dropped signature or a missing block is named where it changed."""

from __future__ import annotations

import copy

from adapters.protocol.sse import encode_events
from harness.clients.received import (
    content_findings,
    history_findings,
    received_content,
    usage_findings,
)
from harness.simulator.script import reply_events

TURN = {
    "content": [
        {"type": "thinking", "thinking": "Count them.", "signature": "c2lnbmF0dXJl"},
        {"type": "tool_use", "id": "toolu_01", "name": "Bash", "input": {"command": "wc -l"}},
    ],
    "stop_reason": "tool_use",
    "usage": {"input_tokens": 5, "output_tokens": 5},
}


def stream_of(turn: dict[str, object]) -> bytes:
    return encode_events(reply_events(turn, model="m", message_id="msg_01"))


def test_the_scripted_turn_streamed_unchanged_has_no_finding() -> None:
    received = received_content(stream_of(TURN), streamed=True)
    assert received == TURN["content"]
    assert content_findings("response[1]", received, TURN["content"], 1) == []


def test_a_lost_tool_input_is_named_at_its_block() -> None:
    received = copy.deepcopy(TURN["content"])
    received[1]["input"] = {}
    [finding] = content_findings("response[1]", received, TURN["content"], 1)
    assert (finding.path, finding.expected, finding.actual) == (
        "response[1].content[1].input",
        {"command": "wc -l"},
        {},
    )
    assert (
        finding.message
        == "the tool_use block's input changed between the model's turn 1 and the client"
    )


def test_a_missing_block_or_no_message_is_named() -> None:
    [missing] = content_findings("response[1]", TURN["content"][1:], TURN["content"], 1)
    assert (missing.path, missing.actual) == ("response[1].content", ["tool_use"])
    [nothing] = content_findings("response[2]", received_content(b"", streamed=False), [], 2)
    assert nothing.message == "the client received no message"


def test_a_thinking_block_sent_back_without_its_signature_is_named() -> None:
    unsigned = copy.deepcopy(TURN["content"])
    unsigned[0]["signature"] = ""
    messages = [
        {"role": "user", "content": "go"},
        {"role": "assistant", "content": unsigned},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_01"}]},
    ]
    [finding] = history_findings("request[2]", messages, [TURN])
    assert finding.check == "history"
    assert finding.path == "request[2].assistant[1]"
    assert finding.message == "the client sent turn 1's thinking block back changed or not at all"
    messages[1]["content"] = TURN["content"]
    assert history_findings("request[2]", messages, [TURN]) == []


def test_cache_counts_that_changed_on_the_way_are_named() -> None:
    scripted = {"input_tokens": 4, "cache_creation_input_tokens": 1536, "output_tokens": 2}
    received = {"input_tokens": 4, "cache_creation_input_tokens": 0, "output_tokens": 2}
    [finding] = usage_findings("response[1]", received, scripted)
    assert finding.path == "response[1].usage.cache_creation_input_tokens"
    assert (finding.expected, finding.actual) == (1536, 0)
    assert usage_findings("response[1]", scripted, scripted) == []
    assert usage_findings("response[1]", {}, {"input_tokens": 4}) == []
    assert usage_findings("response[1]", {}, {"cache_read_input_tokens": 0}) == []
