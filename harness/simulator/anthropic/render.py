"""The Messages API's answers: a message or count-tokens reply as JSON (or, asked to
stream, as `stream` renders it), a scripted error or a refusal as `errors` renders it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import Rejection, Route, Script, SimRequest, SimResponse, read_json_object
from harness.simulator.anthropic.errors import error_response
from harness.simulator.anthropic.routes import NAME
from harness.simulator.anthropic.stream import stream_response
from harness.simulator.script import (
    ReplyError,
    count_tokens_body,
    make_id,
    reply_kind,
    reply_message,
    scripted_error,
)


def respond(request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
    """The response the Messages API sends for ``answer``."""
    seed = answer.scenario_id if isinstance(answer, Script) else request.digest()
    request_id = make_id("req_", f"{NAME}/{seed}")
    headers = {"request-id": request_id}
    if isinstance(answer, Rejection):
        return error_response(answer.status, None, answer.message, request_id)
    if reply_kind(answer.reply) == "error":
        error = scripted_error(answer.reply)
        return error_response(error.status, error.type, error.message, request_id)
    body = read_json_object(request.body)
    return render_success(
        route,
        answer.reply,
        model=str(body["model"]),
        message_id=make_id("msg_", seed),
        stream=body.get("stream") is True,
        headers=headers,
        stream_seed=f"{NAME}/{seed}",
        split_seed=seed,
    )


def render_success(
    route: Route,
    reply: Mapping[str, Any],
    *,
    model: str,
    message_id: str,
    stream: bool,
    headers: Mapping[str, str],
    stream_seed: str | None,
    split_seed: str | None = None,
) -> SimResponse:
    """A 200 for a message or count-tokens reply: JSON, or (``stream``) the event stream,
    chunked when ``stream_seed`` is given; deltas split by ``split_seed``. The reply must suit
    the endpoint."""
    kind = reply_kind(reply)
    if route.endpoint == "count_tokens":
        if kind != "count_tokens":
            raise ReplyError(
                f"a count_tokens request needs a count-tokens reply, not a {kind} reply"
            )
        return SimResponse.of_json(200, count_tokens_body(reply), headers)
    if kind != "message":
        raise ReplyError(f"a messages request needs a message reply, not a {kind} reply")
    if not stream:
        return SimResponse.of_json(
            200, reply_message(reply, model=model, message_id=message_id), headers
        )
    return stream_response(
        reply,
        model=model,
        message_id=message_id,
        headers=headers,
        stream_seed=stream_seed,
        split_seed=split_seed,
    )
