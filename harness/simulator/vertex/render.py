"""Vertex's answers: the model's own body as the native API renders it (chunked only for
``:streamRawPredict``), or an error in the envelope its status calls for."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import Rejection, Route, Script, SimRequest, SimResponse, read_json_object
from harness.simulator.anthropic.render import render_success
from harness.simulator.script import make_id, reply_kind
from harness.simulator.vertex.errors import google_error, scripted_error_response
from harness.simulator.vertex.routes import NAME


def respond(request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
    """The response Vertex sends for ``answer``."""
    if isinstance(answer, Rejection):
        return google_error(answer.status, answer.message)
    seed = answer.scenario_id
    body = read_json_object(request.body)
    model = _model_id(route, body)
    if reply_kind(answer.reply) == "error":
        return scripted_error_response(answer, route, model)
    streamed = route.params["method"] == "streamRawPredict"
    return render_success(
        route,
        answer.reply,
        model=model,
        message_id=make_id("msg_vrtx_", seed),
        stream=body.get("stream") is True,
        headers={},
        stream_seed=f"{NAME}/{seed}" if streamed else None,
        split_seed=seed,
    )


def _model_id(route: Route, body: Mapping[str, Any]) -> str:
    """The model a request addresses: the URL's, or the body's for count-tokens."""
    if route.endpoint == "count_tokens":
        return str(body.get("model", ""))
    return route.params["model"]
