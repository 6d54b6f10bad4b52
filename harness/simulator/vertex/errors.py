"""Vertex's error shapes: Google's envelope, with the text Vertex writes for the errors its
front end raises, and the split between those and the model's own errors."""

from __future__ import annotations

from collections.abc import Mapping

from harness.simulator import JSON, Route, Script, SimResponse
from harness.simulator.script import error_body, make_id, scripted_error
from harness.simulator.vertex.routes import NAME

# Google's canonical codes by HTTP status (google.rpc.Code): a service fact, the name Google
# writes in ``error.status``. Not a twin of `adapters.vertex.errors.GOOGLE_STATUS_ERRORS`,
# which decides what each name becomes for an Anthropic client.
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
_CREDENTIALS_HELP = (
    "Expected OAuth 2 access token, login cookie or other valid authentication credential. "
    "See https://developers.google.com/identity/sign-in/web/devconsole-project."
)
MISSING_CREDENTIALS = f"Request is missing required authentication credential. {_CREDENTIALS_HELP}"
INVALID_CREDENTIALS = f"Request had invalid authentication credentials. {_CREDENTIALS_HELP}"


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
        return INVALID_CREDENTIALS
    if status == 403:
        return (
            f"Permission 'aiplatform.endpoints.predict' denied on resource "
            f"'//aiplatform.googleapis.com/{resource}' (or it may not exist)."
        )
    if status == 404:
        return not_found(params, model)
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


def not_found(params: Mapping[str, str], model: str) -> str:
    """Vertex's text for a publisher model method it does not know."""
    return (
        f"Publisher Model `projects/{params['project']}/locations/{params['region']}"
        f"/publishers/{params['publisher']}/models/{model}` not found."
    )


def scripted_error_response(answer: Script, route: Route, model: str) -> SimResponse:
    """A scripted error in Google's envelope (front-end statuses, or forced) or passed
    through in Anthropic's."""
    error = scripted_error(answer.reply)
    default = "google" if error.status in FRONT_END_STATUSES else "anthropic"
    if (error.envelope or default) == "google":
        return google_error(error.status, google_message(error.status, route, model, error.message))
    request_id = make_id("req_vrtx_", f"{NAME}/{answer.scenario_id}")
    return SimResponse.of_json(
        error.status, error_body(error.status, error.type, error.message, request_id)
    )
