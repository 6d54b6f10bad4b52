"""Transport: wire requests go out exactly as given, can be aimed at a loopback server while
keeping their real URL, and come back as decoded bodies with their chunks."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Generator

import httpx
import pytest

from adapters.base import WireRequest, WireResponse
from harness.transport import (
    SCENARIO_HEADER,
    Exchange,
    RecordingLog,
    RoutingTransport,
    credential_values,
    redact,
    resplit,
    send,
)
from tests.support.loopback import Answer, Loopback, Route

VERTEX_URL = (
    "https://us-east5-aiplatform.googleapis.com/v1/projects/parity-simulated/locations/us-east5/"
    "publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict?alt=json"
)
TEXT = ("Hello! " * 40).encode()


def _route(path: str, headers: dict[str, str], body: bytes) -> Answer:
    if path == "/gzip":
        return 200, gzip.compress(TEXT), {"Content-Encoding": "gzip"}
    if path == "/overloaded":
        error = {"type": "error", "error": {"type": "overloaded_error", "message": "x"}}
        return 529, json.dumps(error).encode(), {"Content-Type": "application/json"}
    return 200, TEXT, {"Content-Type": "text/plain", "X-Request-Id": "req_canary"}


@pytest.fixture
def server(loopback: Callable[[Route], Loopback]) -> Loopback:
    return loopback(_route)


def wire(url: str, body: bytes = b'{"max_tokens": 8}', **extra: str) -> WireRequest:
    headers = {"content-type": "application/json", "anthropic-version": "2023-06-01", **extra}
    return WireRequest("POST", url, headers, body)


# -- resplit -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (3, [b"abc", b"def", b"ghi", b"j"]),
        (1, [bytes([c]) for c in b"abcdefghij"]),
        (5, [b"abcde", b"fghij"]),
        (7, [b"abcdefg", b"hij"]),
        (64, [b"abcdefghij"]),
    ],
)
def test_rechunking_gives_pieces_of_exactly_the_size_with_a_shorter_last(
    size: int, expected: list[bytes]
) -> None:
    assert list(resplit([b"ab", b"cdefgh", b"", b"ij"], size)) == expected


def test_rechunking_nothing_gives_nothing() -> None:
    assert list(resplit([], 7)) == []
    assert list(resplit([b""], 7)) == []


# -- RoutingTransport -----------------------------------------------------------------------


def test_a_redirected_request_reaches_loopback_keeping_its_real_url(server: Loopback) -> None:
    body = b'{"anthropic_version": "vertex-2023-10-16", "max_tokens": 8}'
    log = RecordingLog()
    transport = RoutingTransport(
        redirect_to=server.url, extra_headers={SCENARIO_HEADER: "a/b"}, log=log
    )
    exchange = send(wire(VERTEX_URL, body), transport=transport)
    assert exchange.response.status == 200
    [seen] = server.seen
    assert seen["path"] == (
        "/v1/projects/parity-simulated/locations/us-east5/publishers/anthropic/models/"
        "claude-haiku-4-5@20251001:rawPredict?alt=json"
    )
    assert seen["headers"]["host"] == server.url.removeprefix("http://")
    assert seen["headers"][SCENARIO_HEADER] == "a/b"
    assert not [h for h in seen["headers"] if h.startswith("x-parity") and h != SCENARIO_HEADER]
    # the log, not the wire, says which URL the cassette records it under
    assert log.urls == {f"{server.url}{seen['path']}": VERTEX_URL}
    assert seen["headers"]["anthropic-version"] == "2023-06-01"
    assert seen["body"] == body


def test_without_a_redirect_the_request_goes_where_its_url_says(server: Loopback) -> None:
    send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport())
    [seen] = server.seen
    assert seen["path"] == "/v1/messages"
    assert not [h for h in seen["headers"] if h.startswith("x-parity")]


def test_a_request_sent_elsewhere_is_logged_under_the_url_it_records_as(server: Loopback) -> None:
    log = RecordingLog()
    transport = RoutingTransport(record_as=VERTEX_URL, log=log)
    send(
        wire(f"{server.url}/v1/messages", authorization="Bearer canary-token-12345"),
        transport=transport,
    )
    assert log.urls == {f"{server.url}/v1/messages": VERTEX_URL}
    assert {"Bearer canary-token-12345", "canary-token-12345"} <= log.secrets


def test_credential_values_are_found_whole_and_by_part_but_not_placeholders() -> None:
    signature = "ab" * 32
    headers = httpx.Headers(
        {
            "authorization": "AWS4-HMAC-SHA256 Credential=AKIDCANARY0000000000/20261121/us-east-1/"
            f"bedrock/aws4_request, SignedHeaders=host, Signature={signature}",
            "x-amz-security-token": "canary-session-token-value",
            "x-api-key": "<ANTHROPIC_API_KEY>",
            "content-type": "application/json",
        }
    )
    found = credential_values(headers)
    assert {"AKIDCANARY0000000000", signature, "canary-session-token-value"} <= found
    assert not [v for v in found if "<" in v or v == "application/json"]


def test_an_auth_fills_in_credentials_on_the_way_out(server: Loopback) -> None:
    class CanaryAuth(httpx.Auth):
        def auth_flow(
            self, request: httpx.Request
        ) -> Generator[httpx.Request, httpx.Response, None]:
            request.headers["authorization"] = "Bearer canary-token"
            yield request

    send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport(), auth=CanaryAuth())
    assert server.seen[0]["headers"]["authorization"] == "Bearer canary-token"


# -- send -----------------------------------------------------------------------------------


def test_send_returns_the_status_lower_cased_headers_body_and_chunks(server: Loopback) -> None:
    exchange = send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport())
    response = exchange.response
    assert response.status == 200
    assert response.headers["x-request-id"] == "req_canary"
    assert all(name == name.lower() for name in response.headers)
    assert response.content_type == "text/plain"
    assert response.body == TEXT
    assert exchange.chunks and all(exchange.chunks)
    assert b"".join(exchange.chunks) == TEXT
    assert exchange.elapsed_ms > 0


def test_send_hands_back_an_error_status_instead_of_raising(server: Loopback) -> None:
    exchange = send(wire(f"{server.url}/overloaded"), transport=RoutingTransport())
    assert exchange.response.status == 529
    assert json.loads(exchange.response.body)["error"]["type"] == "overloaded_error"


def test_a_gzip_body_is_decoded_and_its_content_encoding_dropped(server: Loopback) -> None:
    exchange = send(wire(f"{server.url}/gzip"), transport=RoutingTransport())
    assert exchange.response.body == TEXT
    assert b"".join(exchange.chunks) == TEXT
    assert "content-encoding" not in exchange.response.headers


@pytest.mark.parametrize("size", [1, 7])
def test_a_rechunked_exchange_delivers_the_body_in_pieces_of_that_size(
    server: Loopback, size: int
) -> None:
    exchange = send(wire(f"{server.url}/v1/messages"), transport=RoutingTransport(), rechunk=size)
    assert exchange.response.body == TEXT
    assert {len(c) for c in exchange.chunks[:-1]} == {size}
    assert 1 <= len(exchange.chunks[-1]) <= size


def test_redact_replaces_sent_credentials_even_across_chunk_boundaries() -> None:
    secret = "canary-" + "t" * 20
    body = f'{{"echo": "{secret}"}}'.encode()
    exchange = Exchange(WireResponse(401, {}, body), [body[:15], body[15:]], 1.0)
    redacted = redact(exchange, {secret})
    assert redacted.response.body == b'{"echo": "<redacted>"}'
    assert redacted.chunks == [redacted.response.body]
    assert redact(exchange, {"not-there-at-all"}) is exchange
