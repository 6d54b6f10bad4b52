"""Simulated Vertex's errors: its front end's in Google's envelope, the model's passed through
in Anthropic's, and an envelope a scripted error forces."""

from __future__ import annotations

import anthropic
import pytest
from anthropic.types.shared import ErrorResponse

from tests.harness.simulator.vertex.support import MODEL, PROMPT, scenario

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

GOOGLE_ERRORS = [
    (401, anthropic.AuthenticationError, "UNAUTHENTICATED", "Request had invalid authentication"),
    (
        403,
        anthropic.PermissionDeniedError,
        "PERMISSION_DENIED",
        "Permission 'aiplatform.endpoints.predict' denied on resource '//aiplatform.googleapis.com"
        f"/projects/canary-project/locations/us-east5/publishers/anthropic/models/{MODEL}'",
    ),
    (
        404,
        anthropic.NotFoundError,
        "NOT_FOUND",
        "Publisher Model `projects/canary-project/locations/us-east5/publishers/anthropic"
        f"/models/{MODEL}` not found.",
    ),
    (
        429,
        anthropic.RateLimitError,
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for aiplatform.googleapis.com/online_prediction_requests_per_base_model"
        " with base model: anthropic-claude-haiku-4-5.",
    ),
    (503, anthropic.ServiceUnavailableError, "UNAVAILABLE", "The service is currently unavailable"),
    (504, anthropic.DeadlineExceededError, "DEADLINE_EXCEEDED", "Deadline expired"),
]


@pytest.mark.parametrize(("status", "exception", "google_status", "message"), GOOGLE_ERRORS)
def test_front_end_errors_come_in_googles_envelope(
    client: anthropic.AnthropicVertex,
    status: int,
    exception: type[anthropic.APIStatusError],
    google_status: str,
    message: str,
) -> None:
    with pytest.raises(exception) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(f"error-{status}")
        )
    raised = caught.value
    assert type(raised) is exception
    assert raised.status_code == status
    assert isinstance(raised.body, dict)
    assert set(raised.body) == {"error"}
    assert raised.body["error"]["code"] == status
    assert raised.body["error"]["status"] == google_status
    assert raised.body["error"]["message"].startswith(message)
    assert raised.response.headers["content-type"] == "application/json; charset=UTF-8"
    assert raised.response.text.startswith('{\n  "error": {\n    "code": ')


# The Vertex client maps statuses itself: it has no class for 413 or 529.
ANTHROPIC_ERRORS = [
    ("error-400", 400, "invalid_request_error", anthropic.BadRequestError),
    ("error-413", 413, "request_too_large", anthropic.APIStatusError),
    ("error-500", 500, "api_error", anthropic.InternalServerError),
    ("error-529", 529, "overloaded_error", anthropic.InternalServerError),
    ("error-429-anthropic", 429, "rate_limit_error", anthropic.RateLimitError),
]


@pytest.mark.parametrize(("name", "status", "kind", "exception"), ANTHROPIC_ERRORS)
def test_model_errors_pass_through_in_anthropics_envelope(
    client: anthropic.AnthropicVertex,
    name: str,
    status: int,
    kind: str,
    exception: type[anthropic.APIStatusError],
) -> None:
    with pytest.raises(exception) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, stream=True, extra_headers=scenario(name)
        )
    raised = caught.value
    assert type(raised) is exception
    assert raised.status_code == status
    assert isinstance(raised.body, dict)
    if kind != "request_too_large":  # the SDK's error-type union lacks request_too_large
        ErrorResponse.model_validate(raised.body)
    assert raised.body["error"] == {"type": kind, "message": f"canary {kind}"}
    assert raised.body["request_id"].startswith("req_vrtx_01")


def test_an_envelope_can_force_googles_shape_on_a_400(client: anthropic.AnthropicVertex) -> None:
    with pytest.raises(anthropic.BadRequestError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("error-400-google")
        )
    assert caught.value.body == {
        "error": {
            "code": 400,
            "message": "Request contains an invalid argument.",
            "status": "INVALID_ARGUMENT",
        }
    }


def test_a_resolver_rejection_is_rendered_in_googles_envelope(
    client: anthropic.AnthropicVertex,
) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("nothing")
        )
    assert caught.value.body == {
        "error": {"code": 404, "message": "no scenario matches 'nothing'", "status": "NOT_FOUND"}
    }
