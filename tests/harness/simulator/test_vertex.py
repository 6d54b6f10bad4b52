"""Specification of the simulated Claude-on-Vertex-AI endpoints, proven with the official SDKs.

`anthropic.AnthropicVertex` (0.125, body version vertex-2023-10-16) and the 2.12 SDK (body
version 2026-10-21, in a subprocess) talk to a running simulator over loopback; requests
Vertex refuses are checked with plain httpx.
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

from adapters.protocol.sse import decode_stream
from harness.simulator.server import SimulatorServer
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

ROOT = Path(__file__).resolve().parents[3]
SDK2 = ROOT / ".venv" / "sdk2"
MODEL = "claude-haiku-4-5@20251001"
PROMPT: list[MessageParam] = [{"role": "user", "content": "Hello"}]
MODELS_PATH = "/v1/projects/canary-project/locations/us-east5/publishers/anthropic/models"

MESSAGES: dict[str, dict[str, Any]] = {
    "text": {
        "content": [{"type": "text", "text": "Hello from Vertex, how can I help?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 11},
    },
    "tool_use": {
        "content": [
            {
                "type": "tool_use",
                "id": "toolu_vrtx_01canary",
                "name": "lookup",
                "input": {"query": "population of Lyon", "limit": 3},
            }
        ],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 300, "output_tokens": 40},
    },
    "thinking": {
        "content": [
            {"type": "thinking", "thinking": "Short and sweet.", "signature": "Eqcanarysig=="},
            {"type": "redacted_thinking", "data": "EmwKcanaryRedacted"},
            {"type": "text", "text": "Yes."},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 20, "output_tokens": 50},
    },
    "cache_usage": {
        "content": [{"type": "text", "text": "Cached answer."}],
        "stop_reason": "end_turn",
        "usage": {
            "input_tokens": 5,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 4096,
            "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0},
            "output_tokens": 4,
        },
    },
}


def error(status: int, kind: str, envelope: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "type": kind, "message": f"canary {kind}"}
    return {"error": body if envelope is None else {**body, "envelope": envelope}}


REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
    "count": {"input_tokens": 321},
    "midstream": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 3, "type": "overloaded_error", "message": "Overloaded"},
    },
    "error-400": error(400, "invalid_request_error"),
    "error-401": error(401, "authentication_error"),
    "error-403": error(403, "permission_error"),
    "error-404": error(404, "not_found_error"),
    "error-413": error(413, "request_too_large"),
    "error-429": error(429, "rate_limit_error"),
    "error-500": error(500, "api_error"),
    "error-503": error(503, "api_error"),
    "error-504": error(504, "timeout_error"),
    "error-529": error(529, "overloaded_error"),
    "error-429-anthropic": error(429, "rate_limit_error", "anthropic"),
    "error-400-google": error(400, "invalid_request_error", "google"),
}


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    with SimulatorServer(recorder, request_timeout=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def client(sim: SimulatorServer) -> Iterator[anthropic.AnthropicVertex]:
    with anthropic.AnthropicVertex(
        base_url=f"{sim.base_url}/v1",
        region="us-east5",
        project_id="canary-project",
        access_token="canary-token",
        max_retries=0,
        timeout=5.0,
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


def post(
    sim: SimulatorServer, path: str, body: Any, headers: dict[str, str] | None = None
) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"authorization": "Bearer canary-token"} if headers is None else headers
    return httpx.post(f"{sim.base_url}{path}", content=content, headers=sent, timeout=5.0)


def body(**extra: Any) -> dict[str, Any]:
    return {"anthropic_version": "vertex-2023-10-16", "max_tokens": 64, "messages": PROMPT, **extra}


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_parses_every_message_reply_with_the_url_model_echoed(
    client: anthropic.AnthropicVertex, name: str
) -> None:
    message = client.messages.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    assert message.id.startswith("msg_vrtx_01")
    assert message.to_dict() == expected_message(name, message.id)


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_stream_over_stream_raw_predict_folds_to_the_same_message(
    client: anthropic.AnthropicVertex, recorder: ScriptedResolver, name: str
) -> None:
    with client.messages.stream(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    ) as stream:
        final = stream.get_final_message()
        assert stream.response.headers["transfer-encoding"] == "chunked"
    assert recorder.calls[-1][1].path == f"{MODELS_PATH}/{MODEL}:streamRawPredict"
    created = client.messages.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    assert recorder.calls[-1][1].path == f"{MODELS_PATH}/{MODEL}:rawPredict"
    assert Message.model_validate(final.to_dict()) == created
    assert final.to_dict() == {**expected_message(name, final.id), "stop_details": None}


def test_sdk_count_tokens_goes_to_the_count_tokens_model(
    client: anthropic.AnthropicVertex, recorder: ScriptedResolver
) -> None:
    counted = client.messages.count_tokens(
        model=MODEL, messages=PROMPT, extra_headers=scenario("count")
    )
    assert counted.input_tokens == 321
    assert recorder.calls[-1][1].path == f"{MODELS_PATH}/count-tokens:rawPredict"


GOOGLE_ERRORS = [
    (401, anthropic.AuthenticationError, "UNAUTHENTICATED", "Request had invalid authentication"),
    (
        403,
        anthropic.PermissionDeniedError,
        "PERMISSION_DENIED",
        "Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com"
        f"/projects/canary-project/locations/us-east5/publishers/anthropic/models/{MODEL}'",
    ),
    (
        404,
        anthropic.NotFoundError,
        "NOT_FOUND",
        "Publisher Model `projects/canary-project/locations/us-east5/publishers/anthropic"
        f"/models/{MODEL}` not found.",
    ),
    (
        429,
        anthropic.RateLimitError,
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model"
        " with base model: anthropic-claude-haiku-4-5.",
    ),
    (503, anthropic.ServiceUnavailableError, "UNAVAILABLE", "The service is currently unavailable"),
    (504, anthropic.DeadlineExceededError, "DEADLINE_EXCEEDED", "Deadline expired"),
]


@pytest.mark.parametrize(("status", "exception", "google_status", "message"), GOOGLE_ERRORS)
def test_front_end_errors_come_in_googles_envelope(
    client: anthropic.AnthropicVertex,
    status: int,
    exception: type[anthropic.APIStatusError],
    google_status: str,
    message: str,
) -> None:
    with pytest.raises(exception) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(f"error-{status}")
        )
    raised = caught.value
    assert type(raised) is exception
    assert raised.status_code == status
    assert isinstance(raised.body, dict)
    assert set(raised.body) == {"error"}
    assert raised.body["error"]["code"] == status
    assert raised.body["error"]["status"] == google_status
    assert raised.body["error"]["message"].startswith(message)
    assert raised.response.headers["content-type"] == "application/json; charset=UTF-8"
    assert raised.response.text.startswith('{\n  "error": {\n    "code": ')


# The Vertex client maps statuses itself: it has no class for 413 or 529.
ANTHROPIC_ERRORS = [
    ("error-400", 400, "invalid_request_error", anthropic.BadRequestError),
    ("error-413", 413, "request_too_large", anthropic.APIStatusError),
    ("error-500", 500, "api_error", anthropic.InternalServerError),
    ("error-529", 529, "overloaded_error", anthropic.InternalServerError),
    ("error-429-anthropic", 429, "rate_limit_error", anthropic.RateLimitError),
]


@pytest.mark.parametrize(("name", "status", "kind", "exception"), ANTHROPIC_ERRORS)
def test_model_errors_pass_through_in_anthropics_envelope(
    client: anthropic.AnthropicVertex,
    name: str,
    status: int,
    kind: str,
    exception: type[anthropic.APIStatusError],
) -> None:
    with pytest.raises(exception) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, stream=True, extra_headers=scenario(name)
        )
    raised = caught.value
    assert type(raised) is exception
    assert raised.status_code == status
    assert isinstance(raised.body, dict)
    if kind != "request_too_large":  # the SDK's error-type union lacks request_too_large
        ErrorResponse.model_validate(raised.body)
    assert raised.body["error"] == {"type": kind, "message": f"canary {kind}"}
    assert raised.body["request_id"].startswith("req_vrtx_01")


def test_an_envelope_can_force_googles_shape_on_a_400(client: anthropic.AnthropicVertex) -> None:
    with pytest.raises(anthropic.BadRequestError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("error-400-google")
        )
    assert caught.value.body == {
        "error": {
            "code": 400,
            "message": "Request contains an invalid argument.",
            "status": "INVALID_ARGUMENT",
        }
    }


def test_a_mid_stream_error_raises_while_iterating(client: anthropic.AnthropicVertex) -> None:
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
    assert received == ["message_start", "content_block_start"]  # then a ping, then the error
    assert caught.value.status_code == 200
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "overloaded_error", "message": "Overloaded"},
    }


def test_a_resolver_rejection_is_rendered_in_googles_envelope(
    client: anthropic.AnthropicVertex,
) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("nothing")
        )
    assert caught.value.body == {
        "error": {"code": 404, "message": "no scenario matches 'nothing'", "status": "NOT_FOUND"}
    }


def test_a_percent_encoded_model_id_is_decoded(sim: SimulatorServer) -> None:
    response = post(
        sim,
        f"{MODELS_PATH}/claude-haiku-4-5%4020251001:rawPredict",
        body(),
        {"authorization": "Bearer canary-token", **scenario("text")},
    )
    assert response.status_code == 200
    assert response.json()["model"] == MODEL


def test_raw_predict_with_stream_true_answers_the_stream_in_one_piece(sim: SimulatorServer) -> None:
    response = post(
        sim,
        f"{MODELS_PATH}/{MODEL}:rawPredict",
        body(stream=True),
        {"authorization": "Bearer canary-token", **scenario("text")},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert int(response.headers["content-length"]) == len(response.content)
    events = [e.json() for e in decode_stream([response.content])]
    assert [e["type"] for e in events][-1] == "message_stop"


def test_stream_raw_predict_without_stream_answers_json(sim: SimulatorServer) -> None:
    response = post(
        sim,
        f"{MODELS_PATH}/{MODEL}:streamRawPredict",
        body(),
        {"authorization": "Bearer canary-token", **scenario("text")},
    )
    assert response.status_code == 200
    assert response.json()["type"] == "message"


@pytest.mark.parametrize(
    ("path", "sent", "headers", "status", "message"),
    [
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(),
            {},
            401,
            "Request is missing required authentication credential.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(),
            {"x-api-key": "canary-key"},
            401,
            "Request is missing required authentication credential.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(model=MODEL),
            None,
            400,
            "Request contains an invalid argument: 'model' must not be set in the request body",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            {"max_tokens": 64, "messages": PROMPT},
            None,
            400,
            "anthropic_version is missing; expected 'vertex-2023-10-16' or '2026-10-21'.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            body(anthropic_version="2023-06-01"),
            None,
            400,
            "anthropic_version '2023-06-01' is not supported",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:rawPredict",
            b"not json",
            None,
            400,
            "Invalid JSON payload received: the request body is not valid JSON",
        ),
        (
            f"{MODELS_PATH}/count-tokens:rawPredict",
            body(),
            None,
            400,
            "Request contains an invalid argument: a count-tokens body must name 'model'.",
        ),
        (
            f"{MODELS_PATH}/count-tokens:streamRawPredict",
            body(model=MODEL),
            None,
            404,
            "Publisher Model `projects/canary-project/locations/us-east5/publishers/anthropic"
            "/models/count-tokens` not found.",
        ),
        (
            "/v1/projects/canary-project/locations/us-east5/publishers/google/models"
            f"/{MODEL}:rawPredict",
            body(),
            None,
            404,
            "Publisher Model `projects/canary-project/locations/us-east5/publishers/google"
            f"/models/{MODEL}` not found.",
        ),
        (
            f"{MODELS_PATH}/{MODEL}:predict",
            body(),
            None,
            404,
            "Publisher Model",
        ),
    ],
)
def test_requests_vertex_refuses_are_rejected_in_googles_envelope(
    sim: SimulatorServer,
    recorder: ScriptedResolver,
    path: str,
    sent: Any,
    headers: dict[str, str] | None,
    status: int,
    message: str,
) -> None:
    calls = len(recorder.calls)
    response = post(sim, path, sent, headers)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == status
    assert (
        error["status"]
        == {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 404: "NOT_FOUND"}[status]
    )
    assert error["message"].startswith(message)
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    assert len(recorder.calls) == calls  # refused before any scenario is consulted


def test_sdk_2_12_streams_with_body_version_2026_10_21(
    sim: SimulatorServer, recorder: ScriptedResolver
) -> None:
    assert SDK2.is_dir(), f"{SDK2} is missing: run make install"
    code = (
        "import json, sys, anthropic\n"
        "c = anthropic.AnthropicVertex(base_url=sys.argv[1] + '/v1', region='us-east5',\n"
        "    project_id='canary-project', access_token='canary-token', max_retries=0,\n"
        "    timeout=5.0, default_headers={'x-parity-scenario': 'thinking'})\n"
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
    assert message == {**expected_message("thinking", message["id"]), "stop_details": None}
    _, request = recorder.calls[-1]
    assert json.loads(request.body)["anthropic_version"] == "2026-10-21"
    assert request.path == f"{MODELS_PATH}/{MODEL}:streamRawPredict"
