"""The Responses API's answers: a message reply as the ``response`` object (or, asked to
stream, as `stream` renders it), a count-tokens reply as ``response.input_tokens``, a
scripted error or a refusal as `errors` renders it."""

from __future__ import annotations

from harness.simulator import (
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    read_json_object,
)
from harness.simulator.openai_responses.content import Asked, draw, output_item, response_object
from harness.simulator.openai_responses.errors import (
    failure_response,
    http_failure,
    rejection_response,
)
from harness.simulator.openai_responses.routes import NAME
from harness.simulator.openai_responses.stream import stream_body
from harness.simulator.script import ReplyError, reply_kind


def respond(request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
    """The response the Responses API sends for ``answer``."""
    seed = answer.scenario_id if isinstance(answer, Script) else request.digest()
    headers = {
        "x-request-id": "req_" + draw(f"{NAME}/{seed}", "request", 32),
        "openai-version": "2020-10-01",
        "openai-processing-ms": "42",
    }
    if isinstance(answer, Rejection):
        return rejection_response(answer, headers)
    body = read_json_object(request.body)
    reply = answer.reply
    kind = reply_kind(reply)
    if kind == "error":
        return failure_response(http_failure(reply, str(body["model"]), request.headers), headers)
    if route.endpoint == "count_tokens":
        if kind != "count_tokens":
            raise ReplyError("counting input tokens needs a count-tokens reply")
        count = {"object": "response.input_tokens", "input_tokens": int(reply["input_tokens"])}
        return SimResponse.of_json(200, count, headers)
    if kind != "message":
        raise ReplyError("a response needs a message reply, not a count-tokens reply")
    asked = Asked(body)
    if body.get("stream") is True:
        return SimResponse.of_sse(stream_body(reply, asked, seed), headers, seed=f"{NAME}/{seed}")
    output = [output_item(b, i, seed, asked) for i, b in enumerate(reply["content"])]
    result = response_object(reply, asked, seed, output=output, final=True)
    return SimResponse.of_json(200, result, headers, indent=2)
