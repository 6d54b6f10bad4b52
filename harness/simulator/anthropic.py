"""The native Anthropic API as a simulated backend: ``POST /v1/messages`` (optionally with
``?beta=true``) and ``POST /v1/messages/count_tokens``.

Requests are checked as the API checks them: credentials (``x-api-key``, or
``authorization: Bearer``) else 401, a supported ``anthropic-version`` header and a JSON
object body naming a ``model`` else 400. Every response carries a ``request-id`` header;
errors use Anthropic's envelope; ``stream: true`` answers a message reply as an event stream.
A failing streaming request answers plain JSON, as the API does.

`render_success` is also how Vertex answers, since Vertex relays the model's own body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from adapters.base import API_VERSIONS, Endpoint
from harness.simulator import (
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    bearer_token,
    read_json_object,
)
from harness.simulator.script import (
    ReplyError,
    count_tokens_body,
    error_body,
    make_id,
    reply_events,
    reply_kind,
    reply_message,
    scripted_error,
)

NAME = "anthropic"
_PATHS: dict[str, Endpoint] = {
    "/v1/messages": "messages",
    "/v1/messages/count_tokens": "count_tokens",
}


class AnthropicBackend:
    """The simulated native Messages API."""

    name: str = NAME
    routes: tuple[str, ...] = ("POST /v1/messages", "POST /v1/messages/count_tokens")

    def route(self, request: SimRequest) -> Route | None:
        endpoint = _PATHS.get(request.path) if request.method == "POST" else None
        return None if endpoint is None else Route(endpoint)

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        if not _has_credentials(request.headers):
            return Rejection(401, "x-api-key header or authorization: Bearer header is required")
        version = request.headers.get("anthropic-version")
        if version is None:
            return Rejection(400, "anthropic-version: header is required")
        if version not in API_VERSIONS:
            expected = " or ".join(API_VERSIONS)
            return Rejection(
                400, f"anthropic-version: {version!r} is not a valid version; use {expected}"
            )
        try:
            body = read_json_object(request.body)
        except ValueError as exc:
            return Rejection(400, str(exc))
        model = body.get("model")
        if not isinstance(model, str) or not model:
            return Rejection(400, "model: Field required")
        return None

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        seed = answer.scenario_id if isinstance(answer, Script) else request.digest()
        request_id = make_id("req_", f"{NAME}/{seed}")
        headers = {"request-id": request_id}
        if isinstance(answer, Rejection):
            return _error(answer.status, None, answer.message, request_id)
        if reply_kind(answer.reply) == "error":
            error = scripted_error(answer.reply)
            return _error(error.status, error.type, error.message, request_id)
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
    events = reply_events(reply, model=model, message_id=message_id, split_seed=split_seed)
    return SimResponse.of_events(events, headers, seed=stream_seed)


def _has_credentials(headers: Mapping[str, str]) -> bool:
    return bool(headers.get("x-api-key", "").strip()) or bearer_token(headers) is not None


def _error(status: int, type: str | None, message: str, request_id: str) -> SimResponse:
    headers = {"request-id": request_id}
    if status == 429:
        headers["retry-after"] = "1"
    return SimResponse.of_json(status, error_body(status, type, message, request_id), headers)
