"""Requests OpenAI refuses are refused in its envelope with its param and code; a complete
tool round trip is accepted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from harness.simulator.openai.validate import request_problem
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai.support import MODEL, PROMPT, post

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def image_message(url: str) -> dict[str, Any]:
    parts = [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": url}},
    ]
    return {"role": "user", "content": parts}


def test_missing_key_is_401_in_openais_words(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/v1/chat/completions", json={"model": MODEL, "messages": PROMPT}
    )
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("You didn't provide an API key.")


def test_a_body_that_is_not_json_is_400(sim: SimulatorServer) -> None:
    response = post(sim, b"{not json")
    assert response.status_code == 400
    assert "could not parse the JSON body" in response.json()["error"]["message"]


VALID = {"model": MODEL, "messages": PROMPT}


TOOLS = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]


CALL = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}


@pytest.mark.parametrize(
    ("body", "message", "param"),
    [
        ({"messages": PROMPT}, "you must provide a model parameter", None),
        ({"model": MODEL}, "Missing required parameter: 'messages'.", "messages"),
        ({**VALID, "top_k": 5}, "Unrecognized request argument supplied: top_k", None),
        (
            {"model": MODEL, "messages": [{"role": "user", "content": 5}]},
            "Invalid value for 'messages[0].content'",
            "messages[0].content",
        ),
        (
            {
                "model": MODEL,
                "messages": [
                    {
                        "role": "tool",
                        "tool_call_id": "c",
                        "content": [
                            {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}
                        ],
                    }
                ],
            },
            "Invalid value for 'messages[0].content[0]",
            "messages[0].content[0].type",
        ),
        (
            {"model": MODEL, "messages": [{"role": "tool", "tool_call_id": "c", "content": "r"}]},
            "messages with role 'tool' must be a response to a preceeding message",
            "messages.[0].role",
        ),
        (
            {
                "model": MODEL,
                "messages": [
                    {"role": "assistant", "tool_calls": [CALL]},
                    {"role": "user", "content": "and?"},
                    {"role": "tool", "tool_call_id": "call_1", "content": "r"},
                ],
                "tools": TOOLS,
            },
            "The following tool_call_ids did not have response messages: call_1",
            "messages.[0].role",
        ),
        (
            {
                "model": MODEL,
                "messages": [*PROMPT, {"role": "assistant", "tool_calls": [CALL]}],
                "tools": TOOLS,
            },
            "The following tool_call_ids did not have response messages: call_1",
            "messages.[1].role",
        ),
        (
            {
                "model": MODEL,
                "messages": [
                    *PROMPT,
                    {"role": "assistant", "tool_calls": [CALL, {**CALL, "id": "call_2"}]},
                    {"role": "tool", "tool_call_id": "call_1", "content": "r"},
                ],
                "tools": TOOLS,
            },
            "The following tool_call_ids did not have response messages: call_2",
            "messages.[1].role",
        ),
        (
            {**VALID, "stream_options": {"include_usage": True}},
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            "stream_options",
        ),
        (
            {**VALID, "tool_choice": "auto"},
            "'tool_choice' is only allowed when 'tools'",
            "tool_choice",
        ),
        ({**VALID, "stop": ["a", "b", "c", "d", "e"]}, "array too long", "stop"),
        ({"model": MODEL, "messages": []}, "empty array", "messages"),
        (
            {"model": MODEL, "messages": [image_message("data:image/png;base64,C:\\q3.png")]},
            "Expected a base64-encoded data URL with an image MIME type",
            "messages[0].content[1].image_url.url",
        ),
        (
            {"model": MODEL, "messages": [image_message("data:text/plain;base64,AAAA")]},
            "Expected a base64-encoded data URL with an image MIME type",
            "messages[0].content[1].image_url.url",
        ),
    ],
)
def test_requests_openai_refuses_are_refused(
    sim: SimulatorServer, body: dict[str, Any], message: str, param: str | None
) -> None:
    problem = request_problem(body)
    assert problem is not None and message in problem.message
    response = post(sim, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert message in error["message"]
    assert error["type"] == "invalid_request_error" and error["param"] == param


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"model": MODEL}, "missing_required_parameter"),
        ({**VALID, "stop": ["a", "b", "c", "d", "e"]}, "array_above_max_length"),
        ({"model": MODEL, "messages": []}, "empty_array"),
        ({**VALID, "top_k": 5}, None),
    ],
)
def test_a_refusal_carries_openais_error_code(
    sim: SimulatorServer, body: dict[str, Any], code: str | None
) -> None:
    response = post(sim, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_a_complete_tool_round_trip_is_accepted() -> None:
    body = {
        "model": MODEL,
        "messages": [
            {"role": "system", "content": [{"type": "text", "text": "Be brief."}]},
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": "Checking.", "tool_calls": [CALL]},
            {"role": "tool", "tool_call_id": "call_1", "content": "Sunny"},
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
                ],
            },
        ],
        "tools": TOOLS,
        "tool_choice": "required",
        "parallel_tool_calls": False,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    assert request_problem(body) is None


OPTIONAL_NOTE = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "note": {"type": "string"}},
    "required": ["city"],
    "additionalProperties": False,
}


def strict_format(schema: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    spec = {"name": "response", "schema": schema, "strict": strict}
    return {**VALID, "response_format": {"type": "json_schema", "json_schema": spec}}


def strict_function(schema: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    function = {"name": "find", "parameters": schema, "strict": strict}
    return {**VALID, "tools": [{"type": "function", "function": function}]}


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        (strict_format(OPTIONAL_NOTE), "response_format", "invalid_json_schema"),
        (strict_function(OPTIONAL_NOTE), "tools[0].function.parameters", None),
    ],
    ids=["response_format", "function"],
)
def test_a_strict_schema_with_an_optional_property_is_refused_naming_it(
    body: dict[str, Any], param: str, code: str | None
) -> None:
    problem = request_problem(body)
    assert problem is not None and problem.param == param
    assert problem.message.endswith("including every key in properties. Missing 'note'.")
    assert code is None or problem.code == code


@pytest.mark.parametrize("make", [strict_format, strict_function])
def test_the_same_schema_without_strict_mode_is_accepted(make: Any) -> None:
    assert request_problem(make(OPTIONAL_NOTE, strict=False)) is None
    closed = {**OPTIONAL_NOTE, "required": ["city", "note"]}
    assert request_problem(make(closed)) is None
