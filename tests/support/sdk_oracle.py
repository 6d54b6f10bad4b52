"""Run a driver script inside the official ``anthropic`` SDK of a given version.

The 0.125 SDK (on httpx) is the one installed; the 2.12 SDK (on httpx2, API version
2026-10-21) lives in a venv of its own, ``.venv/sdk2``, whose site-packages is put first on
the driver's path. The driver reads
JSON calls on stdin, makes them against a recording MockTransport, and prints the requests
the SDK made as JSON; one run handles a whole batch, in the interpreter kept for the SDK's
version (`tests.support.sdk_process`).
"""

from __future__ import annotations

import base64
import json
import os
import sys
import sysconfig
from pathlib import Path
from typing import Any, Literal

import pytest

from adapters.anthropic.request import HEADER_FIELDS
from tests.support.sdk_process import run_script

Sdk = Literal["0.125", "2.12"]
SDK2_PATH = Path(
    sysconfig.get_path(
        "purelib", vars={"base": f"{sys.prefix}/sdk2", "platbase": f"{sys.prefix}/sdk2"}
    )
)

# Runs inside the SDK's interpreter. Reads [{"client", "options", "method", "params"}] on
# stdin and prints [{"method", "url", "headers", "body_b64"}], one recorded request per call.
# Each request gets a minimal valid answer: a count, an AWS event stream for Bedrock's
# streaming route, an SSE stream for a body with "stream": true, else a Message.
DRIVER = r"""
import base64, json, sys
import anthropic
from harness.simulator.bedrock.eventstream import event_frame
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
SSE = b"".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n".encode() for e in EVENTS)
FRAMES = b"".join(
    event_frame("chunk", json.dumps(
        {"bytes": base64.b64encode(json.dumps(e).encode()).decode(), "p": "abc"}).encode())
    for e in EVENTS
)
recorded = []

def answer(request):
    request.read()
    recorded.append(request)
    if request.url.path.endswith("/invoke-with-response-stream"):
        return hx.Response(200, content=FRAMES,
                           headers={"content-type": "application/vnd.amazon.eventstream"})
    if "count" in request.url.path:
        return hx.Response(200, json={"input_tokens": 7})
    if json.loads(request.content or b"{}").get("stream"):
        return hx.Response(200, content=SSE, headers={"content-type": "text/event-stream"})
    return hx.Response(200, json=MESSAGE)

out = []
for call in json.load(sys.stdin):
    client = getattr(anthropic, call["client"])(
        **call["options"], max_retries=0,
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


def run_driver(
    sdk: Sdk, calls: list[dict[str, Any]], hide_env: tuple[str, ...]
) -> list[dict[str, Any]]:
    """The requests the SDK made for ``calls`` under ``sdk``; the environment variables
    starting with ``hide_env`` are kept from the SDK (it reads them)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", *hide_env))}
    path: tuple[Path, ...] = ()
    if sdk == "2.12":
        if not (SDK2_PATH / "anthropic").is_dir():
            pytest.fail(f"the anthropic 2.12 SDK is missing at {SDK2_PATH}; run make install")
        path = (SDK2_PATH,)
    done = run_script(DRIVER, path=path, stdin=json.dumps(calls), env=env)
    if done.returncode != 0:
        pytest.fail(f"the {sdk} SDK oracle failed:\n{done.stderr}")
    recorded: list[dict[str, Any]] = json.loads(done.stdout)
    for request in recorded:
        request["body"] = base64.b64decode(request.pop("body_b64"))
    return recorded


def call_body(sent: dict[str, Any]) -> dict[str, Any]:
    """The call a native request (as `run_driver` records it) stands for: its body, with
    the parameters the SDK sent as headers (``user_profile_id``, ``workspace_id``) put back
    as the fields they are."""
    body: dict[str, Any] = json.loads(sent["body"])
    for field, header in HEADER_FIELDS.items():
        if header in sent["headers"]:
            body[field] = sent["headers"][header]
    return body
