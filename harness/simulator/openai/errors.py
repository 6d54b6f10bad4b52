"""OpenAI's error shapes: the envelope ``{"error": {"message", "type", "param", "code"}}``
with its status, and the status, type, code and wording OpenAI uses for each kind of
failure, over HTTP and mid-stream."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.simulator import JSON, Rejection, SimResponse, bearer_token
from harness.simulator.script import scripted_error

SERVER_ERROR = "The server had an error while processing your request. Sorry about that!"
OVERLOADED = (
    "That model is currently overloaded with other requests. You can retry your request, or "
    "contact us through our help center at help.openai.com if the error persists."
)
STREAM_OVERLOADED = "Our servers are currently overloaded. Please try again later."
QUOTA = (
    "You exceeded your current quota, please check your plan and billing details. For more "
    "information on this error, read the docs: "
    "https://platform.openai.com/docs/guides/error-codes/api-errors."
)


@dataclass(frozen=True)
class OpenAIRejection(Rejection):
    """A refusal that carries the ``param`` and ``code`` of OpenAI's error envelope."""

    param: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class HttpFailure:
    """How OpenAI answers a failure: HTTP status, error type, code and message."""

    status: int
    type: str
    code: str | None
    message: str


# `http_failure` and `stream_failure` are an independent oracle: what OpenAI's own servers
# send for each kind of failure. They are held against the adapter's tables in
# `adapters.openai.errors` (CODE_TYPES and TYPE_TYPES read these shapes back; OPENAI_ERRORS
# is the front door's own choice) and never derived from them.
def http_failure(reply: Mapping[str, Any], model: str, headers: Mapping[str, str]) -> HttpFailure:
    """How OpenAI answers a scripted error: its status, type, code and wording."""
    error = scripted_error(reply)
    status, message = error.status, error.message
    if status == 401:
        return HttpFailure(401, "invalid_request_error", "invalid_api_key", _bad_key(headers))
    if status == 402:
        return HttpFailure(429, "insufficient_quota", "insufficient_quota", QUOTA)
    if status == 404:
        text = f"The model `{model}` does not exist or you do not have access to it."
        return HttpFailure(404, "invalid_request_error", "model_not_found", text)
    if status == 429:
        text = (
            f"Rate limit reached for {model} in organization org-parity on tokens per min "
            "(TPM): Limit 30000, Used 30000, Requested 512. Please try again in 1.024s. Visit "
            "https://platform.openai.com/account/rate-limits to learn more."
        )
        return HttpFailure(429, "tokens", "rate_limit_exceeded", text)
    if status == 500:
        return HttpFailure(500, "server_error", None, SERVER_ERROR)
    if status in (503, 529):
        return HttpFailure(503, "server_error", None, OVERLOADED)
    kind = "server_error" if status >= 500 else "invalid_request_error"
    return HttpFailure(status, kind, None, message)


def stream_failure(failure: Mapping[str, Any]) -> JSON:
    """The ``error`` object OpenAI sends mid-stream for a native stream's error event."""
    kind = str(failure.get("type"))
    message = str(failure.get("message", ""))
    if kind == "overloaded_error":
        openai_type, code, message = (
            "service_unavailable_error",
            "server_is_overloaded",
            (STREAM_OVERLOADED),
        )
    elif kind == "rate_limit_error":
        openai_type, code = "tokens", "rate_limit_exceeded"
    elif kind == "invalid_request_error":
        openai_type, code = "invalid_request_error", None
    else:
        openai_type, code, message = "server_error", None, SERVER_ERROR
    return {"message": message, "type": openai_type, "param": None, "code": code}


def failure_response(failure: HttpFailure, headers: Mapping[str, str]) -> SimResponse:
    """The error response for a scripted failure."""
    return envelope(failure.status, failure.type, failure.code, failure.message, headers)


def rejection_response(rejection: Rejection, headers: Mapping[str, str]) -> SimResponse:
    """A refusal in OpenAI's envelope (with its param and code when it names them)."""
    param: str | None = None
    code: str | None = None
    if isinstance(rejection, OpenAIRejection):
        param, code = rejection.param, rejection.code
    kind = "server_error" if rejection.status >= 500 else "invalid_request_error"
    return envelope(rejection.status, kind, code, rejection.message, headers, param)


def envelope(
    status: int,
    kind: str,
    code: str | None,
    message: str,
    headers: Mapping[str, str],
    param: str | None = None,
) -> SimResponse:
    """OpenAI's error envelope, indented as OpenAI sends it; a 401 names the auth scheme."""
    body = {"error": {"message": message, "type": kind, "param": param, "code": code}}
    extra = {"www-authenticate": 'Bearer realm="OpenAI API"'} if status == 401 else {}
    return SimResponse.of_json(status, body, {**headers, **extra}, indent=4)


def _bad_key(headers: Mapping[str, str]) -> str:
    key = bearer_token(headers) or ""
    shown = f"{key[:3]}{'*' * 4}{key[-4:]}" if len(key) > 8 else "*" * len(key)
    return (
        f"Incorrect API key provided: {shown}. You can find your API key at "
        "https://platform.openai.com/account/api-keys."
    )
