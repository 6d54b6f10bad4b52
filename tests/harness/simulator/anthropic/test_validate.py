"""Requests the Messages API refuses are refused in its error shape (checked with plain
httpx); both credential headers are accepted."""

from __future__ import annotations

import json
from typing import Any

import anthropic
import httpx
import pytest
from anthropic.types.shared import ErrorResponse

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.anthropic.support import MODEL, PROMPT, scenario
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

HEADERS = {"x-api-key": "canary-key", "anthropic-version": "2023-06-01"}


def image(data: str) -> dict[str, Any]:
    return {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": data}}


def image_turn(data: str) -> dict[str, Any]:
    return {"role": "user", "content": [{"type": "text", "text": "What is this?"}, image(data)]}


TOOL_IMAGE_ROUND_TRIP = [
    {"role": "user", "content": "Take a screenshot."},
    {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "s", "input": {}}]},
    {
        "role": "user",
        "content": [{"type": "tool_result", "tool_use_id": "t1", "content": [image("iVBOR w0=")]}],
    },
]


def post(sim: SimulatorServer, path: str, body: Any, headers: dict[str, str]) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.post(f"{sim.base_url}{path}", content=content, headers=headers, timeout=5.0)


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
        (
            HEADERS,
            {"model": MODEL, "messages": PROMPT},
            400,
            "invalid_request_error",
            "max_tokens: Field required",
        ),
        (
            HEADERS,
            {"model": MODEL, "max_tokens": "64", "messages": PROMPT},
            400,
            "invalid_request_error",
            "max_tokens: Input should be a valid integer",
        ),
        (HEADERS, {"model": MODEL, "max_tokens": 8}, 400, "invalid_request_error", "messages: "),
        (
            HEADERS,
            {"model": MODEL, "max_tokens": 8, "messages": PROMPT, "stop_sequences": "END"},
            400,
            "invalid_request_error",
            "stop_sequences: Input should be a valid list",
        ),
        (
            HEADERS,
            {"model": MODEL, "max_tokens": 8, "messages": PROMPT, "stop_sequences": ["a", 1]},
            400,
            "invalid_request_error",
            "stop_sequences.1: Input should be a valid string",
        ),
        (
            HEADERS,
            {"model": MODEL, "max_tokens": 8, "messages": PROMPT, "stream": "yes"},
            400,
            "invalid_request_error",
            "stream: Input should be a valid boolean",
        ),
        (
            HEADERS,
            {"model": MODEL, "max_tokens": 8, "messages": [image_turn("C:\\chart.png")]},
            400,
            "invalid_request_error",
            "messages.0.content.1.image.source.base64: invalid base64 data",
        ),
        (
            HEADERS,
            {"model": MODEL, "max_tokens": 8, "messages": TOOL_IMAGE_ROUND_TRIP},
            400,
            "invalid_request_error",
            "messages.2.content.0.tool_result.content.0.image.source.base64: invalid base64 data",
        ),
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
    assert len(recorder.calls) == calls  # refused before the named scenario is consulted


def test_count_tokens_is_validated_like_messages(sim: SimulatorServer) -> None:
    response = post(sim, "/v1/messages/count_tokens", {"messages": PROMPT}, HEADERS)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "model: Field required"


def test_count_tokens_takes_no_max_tokens(sim: SimulatorServer) -> None:
    sent = {"model": MODEL, "messages": PROMPT}
    response = post(sim, "/v1/messages/count_tokens", sent, {**HEADERS, **scenario("count")})
    assert response.status_code == 200


def test_an_image_whose_data_decodes_is_accepted(sim: SimulatorServer) -> None:
    body = {"model": MODEL, "max_tokens": 8, "messages": [image_turn("iVBORw0KGgo=")]}
    response = post(sim, "/v1/messages", body, {**HEADERS, **scenario("text")})
    assert response.status_code == 200, response.text


OPEN_SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}}}


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"effort": "extreme"}, "output_config.effort: Input should be 'low', 'medium',"),
        ({"format": {"type": "json_object"}}, "output_config.format.type: Input should be"),
        (
            {"format": {"type": "json_schema", "schema": OPEN_SCHEMA}},
            "output_config.format.schema: For 'object' type, 'additionalProperties' must be "
            "explicitly set to false",
        ),
    ],
    ids=["effort", "format-type", "open-object"],
)
def test_output_config_the_api_refuses_is_a_400_naming_the_field(
    sim: SimulatorServer, config: dict[str, Any], message: str
) -> None:
    body = {"model": MODEL, "max_tokens": 8, "messages": PROMPT, "output_config": config}
    response = post(sim, "/v1/messages", body, {**HEADERS, **scenario("text")})
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith(message)


def test_every_effort_level_and_a_closed_schema_are_accepted(sim: SimulatorServer) -> None:
    closed = {**OPEN_SCHEMA, "additionalProperties": False}
    for effort in ("low", "medium", "high", "xhigh", "max"):
        config = {"effort": effort, "format": {"type": "json_schema", "schema": closed}}
        body = {"model": MODEL, "max_tokens": 8, "messages": PROMPT, "output_config": config}
        response = post(sim, "/v1/messages", body, {**HEADERS, **scenario("text")})
        assert response.status_code == 200, response.text


def test_a_client_tool_named_otherwise_than_its_type_is_a_400_naming_it(
    sim: SimulatorServer,
) -> None:
    named_right = [
        {"type": "bash_20250124", "name": "bash"},
        {"type": "computer_toolset_20260801"},
        {"type": "text_editor_20250124", "name": "str_replace_editor"},
    ]
    body = {"model": MODEL, "max_tokens": 8, "messages": PROMPT, "tools": named_right}
    assert post(sim, "/v1/messages", body, {**HEADERS, **scenario("text")}).status_code == 200
    renamed = [
        *named_right[:2],
        {"type": "text_editor_20250124", "name": "str_replace_based_edit_tool"},
    ]
    response = post(
        sim, "/v1/messages", {**body, "tools": renamed}, {**HEADERS, **scenario("text")}
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == (
        "tools.2.text_editor_20250124.name: Input should be 'str_replace_editor'"
    )


def test_a_computer_tool_without_its_beta_is_an_unknown_type(sim: SimulatorServer) -> None:
    computer = {
        "type": "computer_20251124",
        "name": "computer",
        "display_width_px": 1440,
        "display_height_px": 900,
    }
    body = {"model": MODEL, "max_tokens": 8, "messages": PROMPT, "tools": [computer]}
    refused = post(sim, "/v1/messages", body, {**HEADERS, **scenario("text")})
    assert refused.status_code == 400
    assert refused.json()["error"]["message"].startswith(
        "tools.0: Input tag 'computer_20251124' found using 'type' does not match"
    )
    beta = {"anthropic-beta": "interleaved-thinking-2025-05-14, computer-use-2025-11-24"}
    taken = post(sim, "/v1/messages", body, {**HEADERS, **beta, **scenario("text")})
    assert taken.status_code == 200, taken.text
