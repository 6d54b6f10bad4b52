"""Specification of the simulated native Anthropic API, proven with the official SDKs.

`anthropic.Anthropic` (0.125, API version 2023-06-01) and the 2.12 SDK (API version
2026-10-21, in a subprocess) talk to a running simulator over loopback and must parse every
reply kind; requests the API refuses are checked with plain httpx.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anthropic
import httpx
import pytest
from anthropic.types import Message, MessageParam
from anthropic.types.shared import ErrorResponse

from harness.simulator.server import SimulatorServer
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

ROOT = Path(__file__).resolve().parents[3]
SDK2 = ROOT / ".venv" / "sdk2"
MODEL = "claude-sonnet-4-5"
PROMPT: list[MessageParam] = [{"role": "user", "content": "Hello"}]

MESSAGES: dict[str, dict[str, Any]] = {
    "text": {
        "content": [{"type": "text", "text": "Hello! How can I help you today?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 12},
    },
    "tool_use": {
        "content": [
            {"type": "text", "text": "Let me look that up."},
            {
                "type": "tool_use",
                "id": "toolu_01canary",
                "name": "get_weather",
                "input": {"city": "Paris", "units": "celsius"},
            },
        ],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 412, "output_tokens": 57},
    },
    "thinking": {
        "content": [
            {
                "type": "thinking",
                "thinking": "Two plus two is four.",
                "signature": "EqQBCkYIBxgCKkCanarySignature==",
            },
            {"type": "text", "text": "4"},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 40, "output_tokens": 30},
    },
    "redacted_thinking": {
        "content": [
            {"type": "redacted_thinking", "data": "EmwKAhgBEgy3canaryRedacted"},
            {"type": "text", "text": "Done."},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 9, "output_tokens": 30},
    },
    "cache_usage": {
        "content": [{"type": "text", "text": "From the cached document: yes."}],
        "stop_reason": "max_tokens",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 12,
            "cache_creation_input_tokens": 1024,
            "cache_read_input_tokens": 2048,
            "cache_creation": {"ephemeral_5m_input_tokens": 1000, "ephemeral_1h_input_tokens": 24},
            "output_tokens": 64,
        },
    },
}
REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
    "count": {"input_tokens": 1234},
    "midstream": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 5, "type": "overloaded_error", "message": "Overloaded"},
    },
    **{
        f"error-{status}": {"error": {"status": status, "type": kind, "message": f"canary {kind}"}}
        for status, kind in [
            (400, "invalid_request_error"),
            (401, "authentication_error"),
            (403, "permission_error"),
            (404, "not_found_error"),
            (413, "request_too_large"),
            (429, "rate_limit_error"),
            (500, "api_error"),
            (529, "overloaded_error"),
        ]
    },
}
HEADERS = {"x-api-key": "canary-key", "anthropic-version": "2023-06-01"}


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    with SimulatorServer(recorder, request_timeout=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def client(sim: SimulatorServer) -> Iterator[anthropic.Anthropic]:
    with anthropic.Anthropic(
        base_url=sim.base_url, api_key="canary-key", max_retries=0, timeout=5.0
    ) as sdk:
        yield sdk


def scenario(name: str) -> dict[str, str]:
    return {"x-parity-scenario": name}


def expected_message(name: str, message_id: str) -> dict[str, Any]:
    reply = MESSAGES[name]
    return {
        "id": message_id,
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": reply["content"],
        "stop_reason": reply["stop_reason"],
        "stop_sequence": None,
        "usage": reply["usage"],
    }


def post(sim: SimulatorServer, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(f"{sim.base_url}{path}", content=content, headers=headers, timeout=5.0)


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_parses_every_message_reply(client: anthropic.Anthropic, name: str) -> None:
    raw = client.messages.with_raw_response.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    message = raw.parse()
    assert message.id.startswith("msg_01")
    assert message.to_dict() == expected_message(name, message.id)
    assert raw.headers["request-id"].startswith("req_01")
    assert raw.headers["content-type"] == "application/json"


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_stream_folds_to_the_same_message(client: anthropic.Anthropic, name: str) -> None:
    with client.messages.stream(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    ) as stream:
        final = stream.get_final_message()
        assert stream.response.headers["content-type"].startswith("text/event-stream")
    created = client.messages.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    assert Message.model_validate(final.to_dict()) == created
    assert final.to_dict() == {**expected_message(name, final.id), "stop_details": None}


def test_sdk_beta_messages_use_the_beta_path(
    client: anthropic.Anthropic, recorder: ScriptedResolver
) -> None:
    message = client.beta.messages.create(
        model=MODEL,
        max_tokens=64,
        messages=[{"role": "user", "content": "Hello"}],
        betas=["canary-beta-2025-01-01"],
        extra_headers=scenario("text"),
    )
    assert message.content[0].type == "text"
    _, request = recorder.calls[-1]
    assert request.query == "beta=true"
    assert request.headers["anthropic-beta"] == "canary-beta-2025-01-01"


def test_sdk_count_tokens(client: anthropic.Anthropic) -> None:
    counted = client.messages.count_tokens(
        model=MODEL, messages=PROMPT, extra_headers=scenario("count")
    )
    assert counted.input_tokens == 1234


@pytest.mark.parametrize(
    ("status", "kind", "exception"),
    [
        (400, "invalid_request_error", anthropic.BadRequestError),
        (401, "authentication_error", anthropic.AuthenticationError),
        (403, "permission_error", anthropic.PermissionDeniedError),
        (404, "not_found_error", anthropic.NotFoundError),
        (413, "request_too_large", anthropic.RequestTooLargeError),
        (429, "rate_limit_error", anthropic.RateLimitError),
        (500, "api_error", anthropic.InternalServerError),
        (529, "overloaded_error", anthropic.OverloadedError),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_error_replies_raise_the_sdk_exception_for_their_status(
    client: anthropic.Anthropic,
    status: int,
    kind: str,
    exception: type[anthropic.APIStatusError],
    stream: bool,
) -> None:
    with pytest.raises(exception) as caught:
        client.messages.create(
            model=MODEL,
            max_tokens=64,
            messages=PROMPT,
            stream=stream,
            extra_headers=scenario(f"error-{status}"),
        )
    error = caught.value
    assert type(error) is exception
    assert error.status_code == status
    assert error.request_id is not None and error.request_id.startswith("req_01")
    assert error.body == {
        "type": "error",
        "error": {"type": kind, "message": f"canary {kind}"},
        "request_id": error.request_id,
    }
    assert error.response.headers["content-type"] == "application/json"


def test_rate_limit_errors_say_when_to_retry(client: anthropic.Anthropic) -> None:
    with pytest.raises(anthropic.RateLimitError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("error-429")
        )
    assert caught.value.response.headers["retry-after"] == "1"


def test_a_mid_stream_error_raises_while_iterating(client: anthropic.Anthropic) -> None:
    received: list[str] = []
    stream = client.messages.create(
        model=MODEL,
        max_tokens=64,
        messages=PROMPT,
        stream=True,
        extra_headers=scenario("midstream"),
    )
    with pytest.raises(anthropic.APIStatusError) as caught:
        for event in stream:
            received.append(event.type)
    # five events went out (the ping among them is not yielded), then the error event
    assert received == [
        "message_start",
        "content_block_start",
        "content_block_delta",
        "content_block_delta",
    ]
    assert caught.value.status_code == 200
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }


def test_a_resolver_rejection_is_rendered_as_an_anthropic_error(
    client: anthropic.Anthropic,
) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("unknown")
        )
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "not_found_error", "message": "no scenario matches 'unknown'"},
        "request_id": caught.value.request_id,
    }


def test_bearer_auth_is_accepted(sim: SimulatorServer) -> None:
    with anthropic.Anthropic(
        base_url=sim.base_url, auth_token="canary-token", max_retries=0, timeout=5.0
    ) as sdk:
        message = sdk.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("text")
        )
    assert message.content[0].type == "text"


@pytest.mark.parametrize(
    ("headers", "body", "status", "kind", "message"),
    [
        (
            {"anthropic-version": "2023-06-01"},
            {"model": MODEL},
            401,
            "authentication_error",
            "x-api-key header or authorization: Bearer header is required",
        ),
        (
            {"anthropic-version": "2023-06-01", "authorization": "Basic canary"},
            {"model": MODEL},
            401,
            "authentication_error",
            "x-api-key header or authorization: Bearer header is required",
        ),
        (
            {"x-api-key": "canary-key"},
            {"model": MODEL},
            400,
            "invalid_request_error",
            "anthropic-version: header is required",
        ),
        (
            {"x-api-key": "canary-key", "anthropic-version": "2024-01-01"},
            {"model": MODEL},
            400,
            "invalid_request_error",
            "anthropic-version: '2024-01-01' is not a valid version; use 2023-06-01 or 2026-10-21",
        ),
        (
            HEADERS,
            b'{"model": ',
            400,
            "invalid_request_error",
            "the request body is not valid JSON",
        ),
        (HEADERS, [1, 2], 400, "invalid_request_error", "the request body must be a JSON object"),
        (HEADERS, {"max_tokens": 5}, 400, "invalid_request_error", "model: Field required"),
    ],
)
def test_requests_the_api_refuses_are_rejected_in_its_error_shape(
    sim: SimulatorServer,
    recorder: ScriptedResolver,
    headers: dict[str, str],
    body: Any,
    status: int,
    kind: str,
    message: str,
) -> None:
    calls = len(recorder.calls)
    response = post(sim, "/v1/messages", body, {**headers, **scenario("text")})
    assert response.status_code == status
    envelope = response.json()
    ErrorResponse.model_validate(envelope)
    assert envelope["error"]["type"] == kind
    assert envelope["error"]["message"].startswith(message)
    assert envelope["request_id"] == response.headers["request-id"]
    assert len(recorder.calls) == calls  # refused before any scenario is consulted


def test_count_tokens_is_validated_like_messages(sim: SimulatorServer) -> None:
    response = post(sim, "/v1/messages/count_tokens", {"messages": PROMPT}, HEADERS)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "model: Field required"


def test_sdk_2_12_streams_with_bearer_auth_and_api_version_2026_10_21(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    assert SDK2.is_dir(), f"{SDK2} is missing: run make install"
    code = (
        "import json, sys, anthropic\n"
        "c = anthropic.Anthropic(base_url=sys.argv[1], api_key='canary-key', max_retries=0,\n"
        "                        timeout=5.0, default_headers={'x-parity-scenario': 'tool_use'})\n"
        "with c.messages.stream(model=sys.argv[2], max_tokens=64,\n"
        "                       messages=[{'role': 'user', 'content': 'Hello'}]) as s:\n"
        "    m = s.get_final_message()\n"
        "print(json.dumps({'version': anthropic.__version__, 'message': m.to_dict()}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, sim.base_url, MODEL],
        env={**os.environ, "PYTHONPATH": str(SDK2)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["version"].startswith("2.")
    message = out["message"]
    assert message == {**expected_message("tool_use", message["id"]), "stop_details": None}
    _, request = recorder.calls[-1]
    assert request.headers["authorization"] == "Bearer canary-key"
    assert request.headers["anthropic-version"] == "2026-10-21"
    assert "x-api-key" not in request.headers
