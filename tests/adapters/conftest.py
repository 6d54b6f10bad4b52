"""The official SDKs as oracles for the adapters' tests.

- `sdk_requests(sdk, calls)`: what `Anthropic` / `AnthropicVertex` put on the wire. It drives
  the 0.125 SDK (on httpx) or the 2.12 SDK (on httpx2, from ``.venv/sdk2``) in a subprocess,
  each client pointed at a MockTransport that records the request and answers a minimal valid
  reply. One subprocess runs a whole batch, so a test module asks once for all its cases.
- `sdk_error(translated)`: the exception the 0.125 `Anthropic` client raises when it receives
  a translated error, i.e. what a client of the translation gets to handle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anthropic
import httpx
import pytest

from adapters.base import Translated
from tests.support.sdk_oracle import Sdk, run_driver

SdkRequests = Callable[[Sdk, list[dict[str, Any]]], list[dict[str, Any]]]


# Runs inside the SDK's interpreter. Reads [{"client", "options", "method", "params"}] on
# stdin and prints [{"method", "url", "headers", "body_b64"}], one recorded request per call.
_DRIVER = r"""
import base64, json, sys
import anthropic
if anthropic.__version__.startswith("0."):
    import httpx as hx
else:
    import httpx2 as hx

MESSAGE = {"id": "msg_canary", "type": "message", "role": "assistant", "model": "m",
           "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn",
           "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}}
EVENTS = [
    {"type": "message_start", "message": {**MESSAGE, "content": [], "stop_reason": None}},
    {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": None},
     "usage": {"output_tokens": 1}},
    {"type": "message_stop"},
]
SSE = b"".join(
    f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in EVENTS
)
recorded = []

def answer(request):
    request.read()
    recorded.append(request)
    if "count" in request.url.path:
        return hx.Response(200, json={"input_tokens": 7})
    if json.loads(request.content).get("stream"):
        return hx.Response(200, content=SSE, headers={"content-type": "text/event-stream"})
    return hx.Response(200, json=MESSAGE)

out = []
for call in json.load(sys.stdin):
    client_class = getattr(anthropic, call["client"])
    client = client_class(**call["options"], max_retries=0,
                          http_client=hx.Client(transport=hx.MockTransport(answer)))
    target = client
    for part in call["method"].split("."):
        target = getattr(target, part)
    result = target(**call["params"])
    if call["params"].get("stream"):
        for _ in result:
            pass
    request = recorded[-1]
    out.append({"method": request.method, "url": str(request.url),
                "headers": {k.lower(): v for k, v in request.headers.items()},
                "body_b64": base64.b64encode(request.content).decode()})
print(json.dumps(out))
"""


def _run(sdk: Sdk, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return run_driver(sdk, _DRIVER, calls, hide_env=("ANTHROPIC_", "CLOUD_ML_", "GOOGLE_"))


@pytest.fixture(scope="session")
def sdk_requests() -> SdkRequests:
    """``sdk_requests(sdk, calls)``: the requests the official SDK sends for ``calls``."""
    return _run


def _raise(translated: Translated) -> anthropic.APIStatusError:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(translated.status, json=translated.body)

    client = anthropic.Anthropic(
        api_key="canary-key",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    with pytest.raises(anthropic.APIStatusError) as caught:
        client.messages.create(
            model="claude-sonnet-4-5", max_tokens=8, messages=[{"role": "user", "content": "hi"}]
        )
    return caught.value


@pytest.fixture(scope="session")
def sdk_error() -> Callable[[Translated], anthropic.APIStatusError]:
    """``sdk_error(translated)``: the exception `Anthropic` raises on receiving it."""
    return _raise
