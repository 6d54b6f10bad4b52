"""The relay: a backend stream decoded as it arrives sends each event once it is settled,
and in the end exactly the events the decode stage makes of the whole body."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from adapters.base import Call, WireResponse
from adapters.protocol.sse import encode_events
from harness import registry
from harness.gateway.relay import Event, EventRelay, batches
from harness.stages.decode import decode
from harness.targets import TargetsConfig
from harness.transport import RoutingTransport
from tests.harness.gateway.support import TARGETS, WEATHER
from tests.support.streams import text_stream

SSE_HEAD = WireResponse(200, {"content-type": "text/event-stream"}, b"")
NATIVE_CALL = Call("messages", {"model": "m", "max_tokens": 8, "messages": [], "stream": True})


def relay_in_pieces(relay: EventRelay, body: bytes, size: int) -> tuple[list[Event], int]:
    """Everything the relay sends for ``body`` fed ``size`` bytes at a time, and how many
    events it sent before the body ended."""
    sent: list[Event] = []
    for at in range(0, len(body), size):
        sent.extend(relay.feed([body[at : at + size]]))
    early = len(sent)
    sent.extend(relay.finish())
    return sent, early


def test_events_are_sent_before_the_stream_ends() -> None:
    body = encode_events(text_stream("Hel", "lo", " there"))
    relay = EventRelay(registry.adapter("anthropic"), NATIVE_CALL, SSE_HEAD)
    sent, early = relay_in_pieces(relay, body, 5)
    assert early >= 5  # message_start, the block's start and its deltas went out early
    assert [data for _, data in sent] == text_stream("Hel", "lo", " there")


def test_a_stream_cut_short_is_closed_with_an_api_error_event() -> None:
    body = encode_events(text_stream("Hel", "lo")[:3])
    relay = EventRelay(registry.adapter("anthropic"), NATIVE_CALL, SSE_HEAD)
    sent, _ = relay_in_pieces(relay, body, 16)
    assert [name for name, _ in sent] == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "error",
    ]
    assert sent[-1][1]["error"]["type"] == "api_error"
    assert "message_stop" in sent[-1][1]["error"]["message"]


def test_a_reader_failure_is_raised_after_the_pieces_before_it() -> None:
    def source() -> Iterator[bytes]:
        yield b"one"
        raise httpx.ReadError("gone")

    stopped: list[bool] = []
    got: list[bytes] = []
    with pytest.raises(httpx.ReadError):
        for batch in batches(source(), lambda: stopped.append(True)):
            got.extend(batch)
    assert got == [b"one"]
    assert stopped == [True]


@pytest.mark.parametrize("target", TARGETS)
def test_relayed_events_equal_the_decode_of_the_whole_body(
    simulator_url: str, targets_config: TargetsConfig, target: str
) -> None:
    adapter = registry.adapter(target)
    model = targets_config.model_id("sonnet", target)
    call = Call("messages", {**WEATHER, "model": model, "stream": True})
    wire = adapter.encode_request(call, targets_config.profile(target).settings)
    transport = RoutingTransport(redirect_to=simulator_url)
    with httpx.Client(transport=transport) as client:
        response = client.request(wire.method, wire.url, headers=wire.headers, content=wire.body)
    head = WireResponse(200, {"content-type": response.headers["content-type"]}, b"")
    sent, early = relay_in_pieces(EventRelay(adapter, call, head), response.content, 11)
    whole = decode(adapter, call, WireResponse(200, head.headers, response.content))
    assert whole.outcome is not None and whole.outcome.events is not None
    assert sent == list(zip(whole.outcome.names, whole.outcome.events, strict=True))
    assert early > 0
