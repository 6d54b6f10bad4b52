"""The registry serves the native adapter, and its four methods work together end to end:
encode, send with live auth, decode the stream that comes back."""

from __future__ import annotations

import httpx
import pytest

from adapters.anthropic.adapter import ADAPTER
from adapters.base import Call, TargetSettings
from harness import registry


def test_the_registry_serves_this_adapter_under_its_name() -> None:
    assert registry.adapter("anthropic") is ADAPTER
    assert ADAPTER.name == "anthropic"


def test_a_streamed_call_round_trips(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-canary-rt")
    settings = TargetSettings(name="anthropic", base_url="http://127.0.0.1:9")
    body = {"model": "claude-sonnet-4-5", "max_tokens": 8, "messages": [], "stream": True}
    call = Call("messages", body)
    wire = ADAPTER.encode_request(call, settings)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            headers={"content-type": "text/event-stream"},
            content=iter(
                [
                    b'event: ping\ndata: {"type": "ping"}\n\nevent: mess',
                    b'age_stop\ndata: {"ty',
                    b'pe":"message_stop"}\n\n',
                ]
            ),
        )

    auth = ADAPTER.build_auth(settings, live=True)
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        request = client.build_request(
            wire.method, wire.url, headers=wire.headers, content=wire.body
        )
        response = client.send(request, auth=auth, stream=True)
        try:
            result = ADAPTER.decode_stream(call, response.iter_raw(3))
        finally:
            response.close()

    assert str(seen[0].url) == "http://127.0.0.1:9/v1/messages"
    assert seen[0].headers["x-api-key"] == "sk-ant-canary-rt"
    assert result.names == ["ping", "message_stop"]
