"""A request checked as the Responses API checks it: a bearer key (else 401), a JSON object
body (else 400), a ``model``, no unknown top-level parameter, every field valid against the
official ``openai`` SDK's Responses request types (`ResponseCreateParams`, or
`InputTokenCountParams` for counting), ``max_output_tokens`` of at least 16, and the
conversation rules the service enforces: a ``function_call_output`` answers an earlier
``function_call`` with its ``call_id``, and every ``function_call`` is answered somewhere
after it.

One thing the service takes that the SDK's types do not: an assistant ``message`` whose
content is ``output_text`` (or ``refusal``) parts without the ``id``, ``status`` and
``annotations`` that `ResponseOutputMessageParam` requires: that is how a response's output is
documented to be sent back (``{"role": "assistant", "content": item.content}``), and how
gateways send an assistant turn. Such a message is checked as that type with those filled in.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import TypeAdapter

from adapters.base import Endpoint
from harness.simulator import JSON, Rejection, SimRequest, bearer_token, read_json_object
from harness.simulator.json_schemas import strict_mode_problem
from harness.simulator.openai.errors import OpenAIRejection
from harness.simulator.openai.validate import BAD_JSON, MISSING_KEY, Problem, type_problem

MIN_OUTPUT_TOKENS = 16


def refusal(request: SimRequest, endpoint: Endpoint) -> Rejection | None:
    """The Responses API's refusal of ``request``, or None when it passes."""
    if bearer_token(request.headers) is None:
        return Rejection(401, MISSING_KEY)
    return body_refusal(request.body, endpoint)


@functools.lru_cache(maxsize=1024)
def body_refusal(data: bytes, endpoint: Endpoint) -> Rejection | None:
    """The refusal of a request body, worked out once per distinct body."""
    try:
        body = read_json_object(data)
    except ValueError:
        return Rejection(400, BAD_JSON)
    problem = request_problem(body, endpoint)
    if problem is None:
        return None
    return OpenAIRejection(400, problem.message, problem.param, problem.code)


def request_problem(body: JSON, endpoint: Endpoint = "messages") -> Problem | None:
    """Why the Responses API would refuse ``body``, or None if it would not."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        return Problem(
            "Missing required parameter: 'model'.", "model", "missing_required_parameter"
        )
    known, validators = _types()[endpoint]
    for key in body:
        if key not in known:
            return Problem(f"Unknown parameter: '{key}'.", key, "unknown_parameter")
    plain, streaming = validators
    typed = with_output_message_defaults(body)
    problem = type_problem(streaming if body.get("stream") is True else plain, typed)
    if problem is not None:
        return problem
    limit = body.get("max_output_tokens")
    if isinstance(limit, int) and limit < MIN_OUTPUT_TOKENS:
        return Problem(
            "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= "
            f"{MIN_OUTPUT_TOKENS}, but got {limit} instead.",
            "max_output_tokens",
            "integer_below_min_value",
        )
    return _call_problem(body.get("input")) or _strict_problem(body)


def _strict_problem(body: JSON) -> Problem | None:
    """A strict ``text.format`` or function tool whose schema breaks OpenAI's strict-mode
    rules."""
    text = body.get("text")
    fmt = text.get("format") if isinstance(text, dict) else None
    if isinstance(fmt, dict) and fmt.get("type") == "json_schema" and fmt.get("strict") is True:
        why = strict_mode_problem(fmt.get("schema"))
        if why is not None:
            return Problem(
                f"Invalid schema for response_format '{fmt.get('name')}': {why}",
                "text.format.schema",
                "invalid_json_schema",
            )
    for i, tool in enumerate(body.get("tools") or ()):
        strict = isinstance(tool, dict) and tool.get("type") == "function"
        if strict and tool.get("strict") is True:
            why = strict_mode_problem(tool.get("parameters"))
            if why is not None:
                return Problem(
                    f"Invalid schema for function '{tool.get('name')}': {why}",
                    f"tools[{i}].parameters",
                    "invalid_function_parameters",
                )
    return None


@functools.cache
def _types() -> dict[str, tuple[frozenset[str], tuple[TypeAdapter[Any], TypeAdapter[Any]]]]:
    """Per endpoint, the known parameters and the (non-streaming, streaming) validators, kept
    alive for the life of the process (the lazily validated iterables need them)."""
    from openai.types.responses import input_token_count_params as counting
    from openai.types.responses import response_create_params as params

    create = (
        TypeAdapter(params.ResponseCreateParamsNonStreaming),
        TypeAdapter(params.ResponseCreateParamsStreaming),
    )
    count = TypeAdapter(counting.InputTokenCountParams)
    return {
        "messages": (
            frozenset({*params.ResponseCreateParamsBase.__annotations__, "stream"}),
            create,
        ),
        "count_tokens": (frozenset(counting.InputTokenCountParams.__annotations__), (count, count)),
    }


def with_output_message_defaults(body: JSON) -> JSON:
    """``body`` with each assistant message made of ``output_text`` / ``refusal`` parts given
    the ``id``, ``status`` and ``annotations`` the SDK's output-message type requires (a copy;
    ``body`` itself is left alone)."""
    items = body.get("input")
    if not isinstance(items, list) or not any(_output_message(i) for i in items):
        return body
    filled = []
    for item in items:
        if _output_message(item):
            parts = [
                {"annotations": [], **p} if p.get("type") == "output_text" else p
                for p in item["content"]
            ]
            item = {"id": "msg_sent_back", "status": "completed", **item, "content": parts}
            item.setdefault("type", "message")
        filled.append(item)
    return {**body, "input": filled}


def _output_message(item: Any) -> bool:
    if not isinstance(item, dict) or item.get("role") != "assistant":
        return False
    if item.get("type", "message") != "message":
        return False
    content = item.get("content")
    return (
        isinstance(content, list)
        and bool(content)
        and all(
            isinstance(p, dict) and p.get("type") in ("output_text", "refusal") for p in content
        )
    )


def _call_problem(items: Any) -> Problem | None:
    if not isinstance(items, list):
        return None
    pending: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        kind = item.get("type")
        if kind == "function_call":
            pending.append(str(item.get("call_id")))
        elif kind == "function_call_output":
            call_id = str(item.get("call_id"))
            if call_id not in pending:
                return Problem(
                    f"No tool call found for function call output with call_id {call_id}.",
                    "input",
                )
            pending.remove(call_id)
    return _unanswered(pending[0]) if pending else None


def _unanswered(call_id: str) -> Problem:
    return Problem(f"No tool output found for function call {call_id}.", "input")
