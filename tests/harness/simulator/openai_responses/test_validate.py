"""Requests are refused as the Responses API refuses them, in OpenAI's envelope: no key,
an unknown parameter, a field the SDK's types reject, too few output tokens, a function
call output without its call or a call without its output."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from harness.simulator.openai_responses.validate import request_problem
from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai_responses.support import PROMPT, post

CALL = {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": "{}"}
OUTPUT = {"type": "function_call_output", "call_id": "call_1", "output": "ok"}


def test_no_key_is_a_401(sim: SimulatorServer) -> None:
    answer = httpx.post(f"{sim.base_url}/v1/responses", json={"model": "gpt-5"}, timeout=5.0)
    assert answer.status_code == 401
    assert answer.json()["error"]["type"] == "invalid_request_error"


def test_an_unknown_parameter_is_named(sim: SimulatorServer) -> None:
    answer = post(sim, {"model": "gpt-5", "input": PROMPT, "messages": []}, "count")
    assert answer.status_code == 400
    assert answer.json()["error"] == {
        "message": "Unknown parameter: 'messages'.",
        "type": "invalid_request_error",
        "param": "messages",
        "code": "unknown_parameter",
    }


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (
            {"model": "gpt-5", "input": [{"type": "message", "role": "robot", "content": "x"}]},
            "input[0]",
        ),
        ({"model": "gpt-5", "input": PROMPT, "max_output_tokens": 8}, "max_output_tokens"),
        ({"model": "gpt-5", "input": [*PROMPT, OUTPUT]}, "input"),
        ({"model": "gpt-5", "input": [*PROMPT, CALL]}, "input"),
        ({"input": PROMPT}, "model"),
    ],
)
def test_each_broken_request_is_refused_naming_its_field(body: dict[str, Any], param: str) -> None:
    problem = request_problem(body)
    assert problem is not None
    assert problem.param is not None and problem.param.startswith(param), problem


def test_an_assistant_turn_of_output_text_parts_passes_as_the_service_takes_it() -> None:
    said = {"role": "assistant", "content": [{"type": "output_text", "text": "Hi!"}]}
    assert request_problem({"model": "gpt-5", "input": [*PROMPT, said, *PROMPT]}) is None
    wrong = {**said, "content": [{"type": "output_text", "text": 5}]}
    problem = request_problem({"model": "gpt-5", "input": [*PROMPT, wrong, *PROMPT]})
    assert problem is not None and problem.param is not None
    assert problem.param.startswith("input[1]")


def test_a_call_answered_by_its_output_passes() -> None:
    assert request_problem({"model": "gpt-5", "input": [*PROMPT, CALL, OUTPUT, *PROMPT]}) is None
    said = {"role": "assistant", "content": "Checking."}
    assert request_problem({"model": "gpt-5", "input": [*PROMPT, CALL, said, OUTPUT]}) is None


def test_counting_takes_only_what_it_counts() -> None:
    problem = request_problem({"model": "gpt-5", "input": PROMPT, "store": False}, "count_tokens")
    assert problem is not None and problem.param == "store"


OPEN = {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}


def test_a_strict_text_format_with_an_open_object_is_refused_naming_it() -> None:
    fmt = {"type": "json_schema", "name": "response", "schema": OPEN, "strict": True}
    problem = request_problem({"model": "gpt-5", "input": PROMPT, "text": {"format": fmt}})
    assert problem is not None and problem.param == "text.format.schema"
    assert "'additionalProperties' is required to be supplied and to be false" in problem.message
    loose = {**fmt, "strict": False}
    assert request_problem({"model": "gpt-5", "input": PROMPT, "text": {"format": loose}}) is None


def test_a_strict_function_tool_with_an_open_object_is_refused_naming_it() -> None:
    tool = {"type": "function", "name": "find", "parameters": OPEN, "strict": True}
    problem = request_problem({"model": "gpt-5", "input": PROMPT, "tools": [tool]})
    assert problem is not None and problem.param == "tools[0].parameters"
    loose = {**tool, "strict": False}
    assert request_problem({"model": "gpt-5", "input": PROMPT, "tools": [loose]}) is None
