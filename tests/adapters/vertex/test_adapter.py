"""The registry serves the Vertex adapter, and its four methods work together end to end:
encode, send with google-auth, decode the stream or the Google error that comes back."""

from __future__ import annotations

import google.oauth2.credentials
import httpx

from adapters.base import Call, TargetSettings, WireResponse
from adapters.vertex.adapter import ADAPTER
from adapters.vertex.auth import GoogleAuth
from harness import registry

SETTINGS = TargetSettings(
    name="vertex", region="global", project="canary-project", base_url="http://127.0.0.1:9/v1"
)


def test_the_registry_serves_this_adapter_under_its_name() -> None:
    assert registry.adapter("vertex") is ADAPTER
    assert ADAPTER.name == "vertex"


def test_a_streamed_call_round_trips() -> None:
    body = {"model": "claude-haiku-4-5@20251001", "max_tokens": 8, "messages": [], "stream": True}
    call = Call("messages", body, api_version="2026-10-21")
    wire = ADAPTER.encode_request(call, SETTINGS)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            headers={"content-type": "text/event-stream"},
            content=iter([b'event: message_stop\ndata: {"type":', b'"message_stop"}\n\n']),
        )

    static = google.oauth2.credentials.Credentials(token="canary-token")  # type: ignore[no-untyped-call]
    auth = GoogleAuth(static)
    with httpx.Client(transport=httpx.MockTransport(answer)) as client:
        request = client.build_request(
            wire.method, wire.url, headers=wire.headers, content=wire.body
        )
        response = client.send(request, auth=auth, stream=True)
        try:
            result = ADAPTER.decode_stream(call, response.iter_raw(2))
        finally:
            response.close()

    assert str(seen[0].url) == (
        "http://127.0.0.1:9/v1/projects/canary-project/locations/global/publishers/anthropic"
        "/models/claude-haiku-4-5@20251001:streamRawPredict"
    )
    assert seen[0].headers["authorization"] == "Bearer canary-token"
    assert b'"anthropic_version":"2026-10-21"' in seen[0].content
    assert result.events == [{"type": "message_stop"}]


def test_a_stream_that_fails_up_front_is_decoded_as_json() -> None:
    call = Call("messages", {"model": "claude-x", "max_tokens": 8, "stream": True})
    failure = WireResponse(
        429,
        {"content-type": "application/json"},
        b'{"error":{"code":429,"message":"Quota exceeded.","status":"RESOURCE_EXHAUSTED"}}',
    )
    translated = ADAPTER.decode_response(call, failure)
    assert translated.status == 429
    assert translated.body["error"] == {"type": "rate_limit_error", "message": "Quota exceeded."}
