"""Specification of the simulator's HTTP server: routing, chunked streams, bounds, quiet.

Everything goes over real HTTP on loopback, with httpx or a raw socket where the exact bytes
on the wire (chunk framing, connection closing) are the point.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from adapters.protocol.sse import decode_stream, encode_events
from harness.simulator.script import reply_events
from harness.simulator.server import SimulatorServer, split_chunks
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

MODEL = "claude-sonnet-4-5"
REPLIES: dict[str, dict[str, Any]] = {
    "text": {
        "content": [
            {
                "type": "text",
                "text": "A reply long enough to need several events, and so several chunks "
                "of bytes on the wire, cut wherever the seed says.",
            }
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 24},
    },
    "count": {"input_tokens": 7},
}
NATIVE_HEADERS = {
    "x-api-key": "canary-key",
    "anthropic-version": "2023-06-01",
    "content-type": "application/json",
}


@pytest.fixture(scope="module")
def recorder() -> ScriptedResolver:
    return ScriptedResolver(REPLIES)


@pytest.fixture(scope="module")
def sim(recorder: ScriptedResolver) -> Iterator[SimulatorServer]:
    with SimulatorServer(recorder, request_timeout=5.0) as server:
        yield server


@pytest.fixture
def http(sim: SimulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=sim.base_url, timeout=5.0) as client:
        yield client


def messages_body(stream: bool = False) -> bytes:
    body = {"model": MODEL, "max_tokens": 64, "messages": [{"role": "user", "content": "Hi"}]}
    return json.dumps({**body, "stream": stream}).encode()


def raw_exchange(base_url: str, request: bytes) -> tuple[bytes, list[bytes]]:
    """Send raw request bytes; return the response head and its chunks as framed on the wire."""
    host, port = base_url.removeprefix("http://").split(":")
    data = b""
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(request)
        while part := sock.recv(65536):
            data += part
    head, _, rest = data.partition(b"\r\n\r\n")
    chunks: list[bytes] = []
    while True:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return head, chunks
        chunks.append(rest[:size])
        assert rest[size : size + 2] == b"\r\n"
        rest = rest[size + 2 :]


def stream_request(scenario: str) -> bytes:
    body = messages_body(stream=True)
    lines = [
        "POST /v1/messages HTTP/1.1",
        "host: 127.0.0.1",
        "connection: close",
        f"x-parity-scenario: {scenario}",
        *(f"{k}: {v}" for k, v in NATIVE_HEADERS.items()),
        f"content-length: {len(body)}",
    ]
    return "\r\n".join(lines).encode() + b"\r\n\r\n" + body


def test_base_url_is_loopback_with_the_port_the_system_assigned(sim: SimulatorServer) -> None:
    host, port = sim.base_url.removeprefix("http://").split(":")
    assert host == "127.0.0.1"
    assert int(port) > 0


def test_base_url_before_binding_is_a_clear_error() -> None:
    with pytest.raises(RuntimeError, match="not running"):
        _ = SimulatorServer(ScriptedResolver(REPLIES)).base_url


def test_bounds_must_be_sensible() -> None:
    with pytest.raises(ValueError, match="max_requests"):
        SimulatorServer(ScriptedResolver(REPLIES), max_requests=0)
    with pytest.raises(ValueError, match="request_timeout"):
        SimulatorServer(ScriptedResolver(REPLIES), request_timeout=0)


def test_unknown_path_answers_a_plain_json_404_naming_the_path_and_known_routes(
    http: httpx.Client,
) -> None:
    response = http.post("/v2/whatever", content=b"{}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["error"] == "not_found"
    assert "POST /v2/whatever" in body["message"]
    assert "POST /v1/messages" in body["message"]
    assert ":streamRawPredict" in body["message"]


def test_a_known_path_with_another_method_is_not_served(http: httpx.Client) -> None:
    response = http.get("/v1/messages")
    assert response.status_code == 404
    assert "GET /v1/messages" in response.json()["message"]


def test_resolver_gets_the_target_name_and_the_request_as_sent(
    http: httpx.Client, recorder: ScriptedResolver
) -> None:
    body = messages_body()
    response = http.post(
        "/v1/messages?beta=true",
        content=body,
        headers={**NATIVE_HEADERS, "X-Parity-Scenario": "text", "Anthropic-Beta": "canary-1"},
    )
    assert response.status_code == 200
    target, request = recorder.calls[-1]
    assert target == "anthropic"
    assert (request.method, request.path, request.query) == ("POST", "/v1/messages", "beta=true")
    assert request.headers["x-parity-scenario"] == "text"
    assert request.headers["anthropic-beta"] == "canary-1"
    assert all(name == name.lower() for name in request.headers)
    assert request.body == body


def test_json_responses_carry_content_length(http: httpx.Client) -> None:
    response = http.post(
        "/v1/messages",
        content=messages_body(),
        headers={**NATIVE_HEADERS, "x-parity-scenario": "text"},
    )
    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(response.content)
    assert "transfer-encoding" not in response.headers


def test_a_chunked_request_body_is_read_whole(http: httpx.Client) -> None:
    body = messages_body()
    pieces = iter([body[:7], body[7:30], body[30:]])
    response = http.post(
        "/v1/messages", content=pieces, headers={**NATIVE_HEADERS, "x-parity-scenario": "text"}
    )
    assert response.status_code == 200
    assert response.json()["model"] == MODEL


def test_streams_are_chunked_at_seeded_byte_boundaries_not_event_boundaries(
    sim: SimulatorServer,
) -> None:
    head, chunks = raw_exchange(sim.base_url, stream_request("text"))
    assert head.startswith(b"HTTP/1.1 200")
    assert b"\r\nTransfer-Encoding: chunked" in head or b"\r\ntransfer-encoding: chunked" in head
    assert b"text/event-stream" in head
    data = b"".join(chunks)
    events = [e.json() for e in decode_stream([data])]
    message_id = events[0]["message"]["id"]
    # deltas are split by the scenario id, so every backend splits a reply the same way
    expected = reply_events(REPLIES["text"], model=MODEL, message_id=message_id, split_seed="text")
    assert data == encode_events(expected)
    assert len(chunks) > 5
    assert any(not chunk.endswith(b"\n\n") for chunk in chunks)
    # the same request is cut the same way
    assert raw_exchange(sim.base_url, stream_request("text"))[1] == chunks


def test_split_chunks_cuts_deterministically_into_small_pieces() -> None:
    data = bytes(range(256)) * 8
    chunks = list(split_chunks(data, "seed"))
    assert b"".join(chunks) == data
    assert all(1 <= len(c) <= 160 for c in chunks)
    assert list(split_chunks(data, "seed")) == chunks
    assert list(split_chunks(data, "other seed")) != chunks


def test_a_failing_resolver_answers_a_clear_500_and_the_server_keeps_serving(
    http: httpx.Client,
) -> None:
    response = http.post(
        "/v1/messages",
        content=messages_body(),
        headers={**NATIVE_HEADERS, "x-parity-scenario": "explode"},
    )
    assert response.status_code == 500
    assert response.json() == {
        "error": "simulator_error",
        "message": "the anthropic backend failed: RuntimeError: resolver exploded",
    }
    again = http.post(
        "/v1/messages",
        content=messages_body(),
        headers={**NATIVE_HEADERS, "x-parity-scenario": "text"},
    )
    assert again.status_code == 200


def test_a_reply_that_does_not_suit_the_endpoint_names_the_scenario(http: httpx.Client) -> None:
    response = http.post(
        "/v1/messages",
        content=messages_body(),
        headers={**NATIVE_HEADERS, "x-parity-scenario": "count"},
    )
    assert response.status_code == 500
    assert response.json()["message"] == (
        "the anthropic backend failed on scenario count: ReplyError: "
        "a messages request needs a message reply, not a count_tokens reply"
    )


def test_a_malformed_chunked_body_answers_a_plain_400(sim: SimulatorServer) -> None:
    host, port = sim.base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(
            b"POST /v1/messages HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n"
            b"zz\r\n{}\r\n0\r\n\r\n"
        )
        response = b""
        while part := sock.recv(65536):  # the server closes the connection after this
            response += part
    assert response.startswith(b"HTTP/1.1 400")
    assert b"\r\nx-parity-simulator-error: 1\r\n" in response
    assert response.endswith(b'"message":"malformed chunk size in the request body"}')


def test_the_simulators_own_failures_are_marked_with_a_header_service_answers_are_not(
    http: httpx.Client,
) -> None:
    unknown = http.post("/v2/whatever", content=b"{}")
    failed = http.post(
        "/v1/messages",
        content=messages_body(),
        headers={**NATIVE_HEADERS, "x-parity-scenario": "explode"},
    )
    assert (unknown.status_code, failed.status_code) == (404, 500)
    assert unknown.headers["x-parity-simulator-error"] == "1"
    assert failed.headers["x-parity-simulator-error"] == "1"
    refused = http.post("/v1/messages", content=messages_body())  # no credentials: the API's 401
    unscripted = http.post(
        "/v1/messages",
        content=messages_body(),
        headers={**NATIVE_HEADERS, "x-parity-scenario": "no-such-scenario"},
    )
    served = http.post(
        "/v1/messages",
        content=messages_body(),
        headers={**NATIVE_HEADERS, "x-parity-scenario": "text"},
    )
    assert (refused.status_code, unscripted.status_code, served.status_code) == (401, 404, 200)
    for response in (refused, unscripted, served):
        assert "x-parity-simulator-error" not in response.headers


def test_serve_forever_returns_once_max_requests_are_served() -> None:
    server = SimulatorServer(ScriptedResolver(REPLIES), max_requests=2, request_timeout=2.0)
    base_url = server.bind()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with httpx.Client(base_url=base_url, timeout=5.0) as client:
        for _ in range(2):
            assert client.post("/nowhere").status_code == 404
    thread.join(timeout=5.0)
    assert not thread.is_alive()
    assert server.requests_served == 2
    with pytest.raises(httpx.ConnectError):
        httpx.post(f"{base_url}/nowhere", timeout=2.0)


def test_an_idle_connection_is_closed_after_the_request_timeout() -> None:
    with SimulatorServer(ScriptedResolver(REPLIES), request_timeout=0.2) as server:
        host, port = server.base_url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            started = time.monotonic()
            assert sock.recv(1) == b""
            assert time.monotonic() - started < 3.0


def test_stop_closes_kept_alive_connections_at_once() -> None:
    server = SimulatorServer(ScriptedResolver(REPLIES), request_timeout=30.0)
    host, port = server.start().removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"POST /nowhere HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n")
        response = b""
        while not response.endswith(b"}"):  # the whole JSON answer; the connection stays open
            response += sock.recv(65536)
        assert response.startswith(b"HTTP/1.1 404")
        started = time.monotonic()
        server.stop()
        assert sock.recv(1) == b""
        assert time.monotonic() - started < 3.0
    server.stop()  # stopping twice is harmless


def test_the_server_prints_nothing_unless_given_a_log(capfd: pytest.CaptureFixture[str]) -> None:
    log = io.StringIO()
    for stream in (None, log):
        with (
            SimulatorServer(ScriptedResolver(REPLIES), log=stream) as server,
            httpx.Client(base_url=server.base_url, timeout=5.0) as client,
        ):
            client.post("/nowhere")
            client.post(
                "/v1/messages",
                content=messages_body(),
                headers={**NATIVE_HEADERS, "x-parity-scenario": "explode"},
            )
            client.post("/v1/messages", content=messages_body())
    assert capfd.readouterr() == ("", "")
    assert log.getvalue().splitlines() == [
        "POST /nowhere -> 404",
        "POST /v1/messages -> 500",
        "POST /v1/messages -> 401",
    ]
