"""OpenAI's answers: a message reply as the ``chat.completion`` object (or, asked to stream,
as `stream` renders it), a scripted error or a refusal as `errors` renders it. A reply worded
as a refusal (``reply.openai.refusal``) has its text in ``message.refusal``, ``content``
null."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import (
    JSON,
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    read_json_object,
)
from harness.simulator.openai.content import (
    arguments,
    completion_id,
    created,
    draw,
    finish_reason,
    matched_stop,
    output,
    refused,
    usage,
    wire_options,
)
from harness.simulator.openai.errors import failure_response, http_failure, rejection_response
from harness.simulator.openai.routes import NAME
from harness.simulator.openai.stream import stream_body
from harness.simulator.script import ReplyError, reply_kind


def respond(request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
    """The response OpenAI sends for ``answer``."""
    seed = answer.scenario_id if isinstance(answer, Script) else request.digest()
    headers = {
        "x-request-id": "req_" + draw(f"{NAME}/{seed}", "request", "0123456789abcdef", 32),
        "openai-version": "2020-10-01",
        "openai-processing-ms": "42",
    }
    if isinstance(answer, Rejection):
        return rejection_response(answer, headers)
    body = read_json_object(request.body)
    model = str(body["model"])
    if reply_kind(answer.reply) == "error":
        return failure_response(http_failure(answer.reply, model, request.headers), headers)
    if reply_kind(answer.reply) != "message":
        raise ReplyError("chat completions needs a message reply, not a count-tokens reply")
    stream = body.get("stream") is True
    options = body.get("stream_options")
    include_usage = isinstance(options, dict) and options.get("include_usage") is True
    if not stream:
        result = completion(answer.reply, model, seed)
        return SimResponse.of_json(200, result, headers, indent=2)  # pretty, as OpenAI sends
    data = stream_body(answer.reply, model, seed, include_usage=include_usage)
    return SimResponse.of_sse(data, headers, seed=f"{NAME}/{seed}")


def completion(reply: Mapping[str, Any], model: str, seed: str) -> JSON:
    """The ``chat.completion`` object OpenAI answers for a message reply."""
    wire = wire_options(reply)
    text, calls = output(reply)
    message: JSON = {
        "role": "assistant",
        "content": None if refused(reply) else text or None,
        "refusal": text if refused(reply) else None,
        "annotations": [],
    }
    if calls or wire.get("empty_tool_calls"):
        message["tool_calls"] = [
            {
                "id": c["id"],
                "type": "function",
                "function": {"name": c["name"], "arguments": arguments(c)},
            }
            for c in calls
        ]
    choice: JSON = {"index": 0, "message": message, "logprobs": None}
    choice["finish_reason"] = finish_reason(reply)
    choice.update(matched_stop(reply, wire))
    return {
        "id": completion_id(reply, seed),
        "object": "chat.completion",
        "created": created(seed),
        "model": model,
        "choices": [choice],
        "usage": usage(reply),
        "service_tier": "default",
        "system_fingerprint": None,
    }
