"""Claude on Vertex AI as a simulated backend.

Routes (model ids may hold ``@``, literally or as ``%40``)::

    POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict
    POST .../models/{model}:streamRawPredict
    POST .../models/count-tokens:rawPredict          (the model is named in the body)

Vertex's front end checks the request itself: a Bearer token (else 401 UNAUTHENTICATED), a
known publisher model method (else 404 NOT_FOUND), and a body with ``anthropic_version``
``vertex-2023-10-16`` or ``2026-10-21``, no ``model`` in a messages body, and ``model`` in a
count-tokens body (else 400 INVALID_ARGUMENT). Errors it raises itself come in Google's
envelope ``{"error": {"code", "message", "status"}}``; errors from the model (400, 413, 500,
529) pass through in Anthropic's envelope. A scripted error follows that split by status
unless its ``envelope`` forces one; in Google's envelope it carries the text Vertex writes for
that status (quota text for 429, and so on).

A successful body is the model's own, exactly as the native API renders it, with ``model``
echoing the URL's model id. The body's ``stream`` flag decides JSON or event stream;
``:streamRawPredict`` delivers it chunked, ``:rawPredict`` in one piece.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from adapters.base import Endpoint
from harness.simulator import (
    JSON,
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    bearer_token,
    read_json_object,
)
from harness.simulator.anthropic import render_success
from harness.simulator.script import error_body, make_id, reply_kind, scripted_error

NAME = "vertex"
BODY_VERSIONS = ("vertex-2023-10-16", "2026-10-21")
COUNT_TOKENS_MODEL = "count-tokens"

# Google's canonical codes by HTTP status (google.rpc.Code).
GOOGLE_STATUS: dict[int, str] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    499: "CANCELLED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}
# Statuses Vertex's front end answers itself; a scripted error with another status is the
# model's, passed through in Anthropic's envelope.
FRONT_END_STATUSES = frozenset({401, 403, 404, 429, 503, 504})

_PATH = re.compile(
    r"^/v1/projects/(?P<project>[^/]+)/locations/(?P<region>[^/]+)"
    r"/publishers/(?P<publisher>[^/]+)/models/(?P<model>[^/:]+):(?P<method>[A-Za-z]+)$"
)
_METHODS = {"messages": ("rawPredict", "streamRawPredict"), "count_tokens": ("rawPredict",)}
_CREDENTIALS_HELP = (
    "Expected OAuth 2 access token, login cookie or other valid authentication credential. "
    "See https://developers.google.com/identity/sign-in/web/devconsole-project."
)
MISSING_CREDENTIALS = f"Request is missing required authentication credential. {_CREDENTIALS_HELP}"


class VertexBackend:
    """The simulated Vertex AI publisher-model endpoints for Claude."""

    name: str = NAME
    routes: tuple[str, ...] = (
        "POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}"
        ":rawPredict or :streamRawPredict",
        "POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models"
        "/count-tokens:rawPredict",
    )

    def route(self, request: SimRequest) -> Route | None:
        if request.method != "POST":
            return None
        match = _PATH.match(unquote(request.path))
        if match is None:
            return None
        params = match.groupdict()
        endpoint: Endpoint = "count_tokens" if params["model"] == COUNT_TOKENS_MODEL else "messages"
        return Route(endpoint, params)

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        if bearer_token(request.headers) is None:
            return Rejection(401, MISSING_CREDENTIALS)
        params = route.params
        if params["publisher"] != "anthropic" or params["method"] not in _METHODS[route.endpoint]:
            return Rejection(404, _not_found(params, params["model"]))
        try:
            body = read_json_object(request.body)
        except ValueError as exc:
            return Rejection(400, f"Invalid JSON payload received: {exc}.")
        version = body.get("anthropic_version")
        if version not in BODY_VERSIONS:
            expected = " or ".join(repr(v) for v in BODY_VERSIONS)
            got = "is missing" if version is None else f"{version!r} is not supported"
            return Rejection(400, f"anthropic_version {got}; expected {expected}.")
        if route.endpoint == "messages" and "model" in body:
            return Rejection(
                400,
                "Request contains an invalid argument: 'model' must not be set in the request "
                "body; the model is named in the URL.",
            )
        if route.endpoint == "count_tokens" and not isinstance(body.get("model"), str):
            return Rejection(
                400, "Request contains an invalid argument: a count-tokens body must name 'model'."
            )
        return None

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        if isinstance(answer, Rejection):
            return google_error(answer.status, answer.message)
        seed = answer.scenario_id
        body = read_json_object(request.body)
        model = _model_id(route, body)
        if reply_kind(answer.reply) == "error":
            error = scripted_error(answer.reply)
            default = "google" if error.status in FRONT_END_STATUSES else "anthropic"
            if (error.envelope or default) == "google":
                return google_error(
                    error.status, google_message(error.status, route, model, error.message)
                )
            request_id = make_id("req_vrtx_", f"{NAME}/{seed}")
            return SimResponse.of_json(
                error.status, error_body(error.status, error.type, error.message, request_id)
            )
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


def google_error(status: int, message: str) -> SimResponse:
    """Google's error envelope, pretty-printed as Google's front ends send it."""
    body: JSON = {
        "error": {
            "code": status,
            "message": message,
            "status": GOOGLE_STATUS.get(status, "UNKNOWN"),
        }
    }
    headers = {}
    if status == 401:
        headers["www-authenticate"] = 'Bearer realm="https://accounts.google.com/"'
    return SimResponse.of_json(
        status, body, headers, content_type="application/json; charset=UTF-8", indent=2
    )


def google_message(status: int, route: Route, model: str, fallback: str) -> str:
    """The text Vertex writes for an error it raises itself; ``fallback`` for other statuses."""
    params = route.params
    resource = (
        f"projects/{params['project']}/locations/{params['region']}"
        f"/publishers/anthropic/models/{model}"
    )
    if status == 400:
        return "Request contains an invalid argument."
    if status == 401:
        return f"Request had invalid authentication credentials. {_CREDENTIALS_HELP}"
    if status == 403:
        return (
            f"Permission 'aiplatform.endpoints.predict' denied on resource "
            f"'//aiplatform.googleapis.com/{resource}' (or it may not exist)."
        )
    if status == 404:
        return _not_found(params, model)
    if status == 429:
        base_model = model.split("@", 1)[0]
        return (
            "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model"
            f" with base model: anthropic-{base_model}. Please submit a quota increase request."
            " https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai."
        )
    if status == 503:
        return "The service is currently unavailable."
    if status == 504:
        return "Deadline expired before operation could complete."
    return fallback


def _not_found(params: Mapping[str, str], model: str) -> str:
    return (
        f"Publisher Model `projects/{params['project']}/locations/{params['region']}"
        f"/publishers/{params['publisher']}/models/{model}` not found."
    )


def _model_id(route: Route, body: Mapping[str, Any]) -> str:
    """The model a request addresses: the URL's, or the body's for count-tokens."""
    if route.endpoint == "count_tokens":
        return str(body.get("model", ""))
    return route.params["model"]
