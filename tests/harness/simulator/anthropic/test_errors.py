"""The simulated Messages API's errors: Anthropic's envelope, the SDK exception for each
status, ``retry-after`` on a 429, and refusals rendered alike."""

from __future__ import annotations

import anthropic
import pytest

from tests.harness.simulator.anthropic.support import MODEL, PROMPT, scenario

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize(
    ("status", "kind", "exception"),
    [
        (400, "invalid_request_error", anthropic.BadRequestError),
        (401, "authentication_error", anthropic.AuthenticationError),
        (403, "permission_error", anthropic.PermissionDeniedError),
        (404, "not_found_error", anthropic.NotFoundError),
        (413, "request_too_large", anthropic.RequestTooLargeError),
        (429, "rate_limit_error", anthropic.RateLimitError),
        (500, "api_error", anthropic.InternalServerError),
        (529, "overloaded_error", anthropic.OverloadedError),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_error_replies_raise_the_sdk_exception_for_their_status(
    client: anthropic.Anthropic,
    status: int,
    kind: str,
    exception: type[anthropic.APIStatusError],
    stream: bool,
) -> None:
    with pytest.raises(exception) as caught:
        client.messages.create(
            model=MODEL,
            max_tokens=64,
            messages=PROMPT,
            stream=stream,
            extra_headers=scenario(f"error-{status}"),
        )
    error = caught.value
    assert type(error) is exception
    assert error.status_code == status
    assert error.request_id is not None and error.request_id.startswith("req_01")
    assert error.body == {
        "type": "error",
        "error": {"type": kind, "message": f"canary {kind}"},
        "request_id": error.request_id,
    }
    assert error.response.headers["content-type"] == "application/json"


def test_rate_limit_errors_say_when_to_retry(client: anthropic.Anthropic) -> None:
    with pytest.raises(anthropic.RateLimitError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("error-429")
        )
    assert caught.value.response.headers["retry-after"] == "1"


def test_a_resolver_rejection_is_rendered_as_an_anthropic_error(
    client: anthropic.Anthropic,
) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        client.messages.create(
            model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario("unknown")
        )
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "not_found_error", "message": "no scenario matches 'unknown'"},
        "request_id": caught.value.request_id,
    }
