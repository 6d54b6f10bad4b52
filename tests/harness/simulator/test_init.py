"""Specification of the vocabulary the simulator's server and backends share."""

from __future__ import annotations

import pytest

from harness.simulator import SimRequest, SimResponse, bearer_token


@pytest.mark.parametrize(
    ("authorization", "token"),
    [
        ("Bearer canary-key", "canary-key"),
        ("bearer  canary-key ", "canary-key"),
        (" BEARER canary-key", "canary-key"),
        ("Bearer ", None),
        ("Bearer", None),
        ("Basic canary-key", None),
        ("AWS4-HMAC-SHA256 Credential=AKIACANARY/20250101/us-east-1/bedrock/aws4_request", None),
    ],
)
def test_bearer_token_is_the_token_of_a_bearer_authorization(
    authorization: str, token: str | None
) -> None:
    assert bearer_token({"authorization": authorization}) == token


def test_without_an_authorization_header_there_is_no_bearer_token() -> None:
    assert bearer_token({"x-api-key": "canary-key"}) is None


def test_a_request_digest_depends_on_the_request_line_and_body_only() -> None:
    request = SimRequest("POST", "/v1/messages", "", {"x-api-key": "canary-a"}, b"{}")
    same = SimRequest("POST", "/v1/messages", "beta=true", {"x-api-key": "canary-b"}, b"{}")
    assert request.digest() == same.digest()
    assert len(request.digest()) == 16
    assert request.digest() != SimRequest("POST", "/v1/messages", "", {}, b"{ }").digest()
    assert request.digest() != SimRequest("POST", "/v1/other", "", {}, b"{}").digest()


def test_an_encoded_event_stream_is_sent_chunked_with_event_stream_headers() -> None:
    response = SimResponse.of_sse(b"data: {}\n\n", {"x-request-id": "canary"}, seed="s")
    assert response.status == 200
    assert response.headers == {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache",
        "x-request-id": "canary",
    }
    assert (response.body, response.stream_seed) == (b"data: {}\n\n", "s")
