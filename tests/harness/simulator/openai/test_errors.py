"""The simulated chat-completions endpoint's errors: OpenAI's status, envelope and wording
for each scripted error, and the resolver's refusal in the same envelope."""

from __future__ import annotations

import openai
import pytest

from harness.simulator.server import SimulatorServer
from tests.harness.simulator.openai.support import MODEL, PROMPT, post, scenario

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

# scripted status -> (OpenAI status, SDK exception, type, code)
ERRORS: dict[int, tuple[int, type[openai.APIStatusError], str, str | None]] = {
    400: (400, openai.BadRequestError, "invalid_request_error", None),
    401: (401, openai.AuthenticationError, "invalid_request_error", "invalid_api_key"),
    402: (429, openai.RateLimitError, "insufficient_quota", "insufficient_quota"),
    403: (403, openai.PermissionDeniedError, "invalid_request_error", None),
    404: (404, openai.NotFoundError, "invalid_request_error", "model_not_found"),
    413: (413, openai.APIStatusError, "invalid_request_error", None),
    429: (429, openai.RateLimitError, "tokens", "rate_limit_exceeded"),
    500: (500, openai.InternalServerError, "server_error", None),
    504: (504, openai.InternalServerError, "server_error", None),
    529: (503, openai.InternalServerError, "server_error", None),
}


@pytest.mark.parametrize("status", ERRORS)
def test_scripted_errors_use_openais_status_and_envelope(
    client: openai.OpenAI, status: int
) -> None:
    wire_status, exception, kind, code = ERRORS[status]
    with pytest.raises(exception) as caught:
        client.chat.completions.create(
            model=MODEL, messages=PROMPT, extra_headers=scenario(f"error-{status}")
        )
    assert caught.value.status_code == wire_status
    body = caught.value.body
    assert isinstance(body, dict) and set(body) == {"message", "type", "param", "code"}
    assert (body["type"], body["code"]) == (kind, code)


def test_a_streaming_request_that_fails_answers_json(sim: SimulatorServer) -> None:
    response = post(sim, {"model": MODEL, "messages": PROMPT, "stream": True}, "error-429")
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["code"] == "rate_limit_exceeded"


def test_unscripted_requests_get_the_resolvers_refusal(sim: SimulatorServer) -> None:
    response = post(sim, {"model": MODEL, "messages": PROMPT}, "no-such-scenario")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "no scenario named 'no-such-scenario'"
