"""A request head read with HTTP/1.x's rules, and a body read by content-length or in chunks,
bounded, malformed framing refused."""

from __future__ import annotations

import contextlib
import io
import json
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from harness.loopback_http import (
    BodyError,
    HeadError,
    TrackingHandler,
    TrackingServer,
    read_body,
    read_headers,
)


def test_a_body_by_content_length() -> None:
    assert read_body(io.BytesIO(b'{"a":1}rest'), {"content-length": "7"}) == b'{"a":1}'
    assert read_body(io.BytesIO(b""), {}) == b""


def test_a_chunked_body_with_extensions_and_trailers() -> None:
    raw = b"3;x=1\r\nabc\r\n2\r\nde\r\n0\r\nx-trailer: 1\r\n\r\n"
    assert read_body(io.BytesIO(raw), {"transfer-encoding": "chunked"}) == b"abcde"


@pytest.mark.parametrize(
    ("raw", "headers", "status", "message"),
    [
        (b"", {"content-length": "ten"}, 400, "content-length 'ten' is not a number"),
        (b"abc", {"content-length": "5"}, 400, "ended before content-length bytes arrived"),
        (b"", {"content-length": "11"}, 413, "the request body of 11 bytes is over 10"),
        (b"zz\r\n", {"transfer-encoding": "chunked"}, 400, "malformed chunk size"),
        (b"b\r\n" + b"x" * 11 + b"\r\n0\r\n\r\n", {"transfer-encoding": "chunked"}, 413, "over 10"),
    ],
)
def test_bad_framing_is_a_status_and_a_reason(
    raw: bytes, headers: dict[str, str], status: int, message: str
) -> None:
    with pytest.raises(BodyError) as caught:
        read_body(io.BytesIO(raw), headers, limit=10)
    assert caught.value.status == status and message in caught.value.message


def test_the_date_header_is_the_current_second_in_http_date_form() -> None:
    """Formatted once a second and shared by every handler, it still reads as now."""
    from email.utils import parsedate_to_datetime

    handler = TrackingHandler.__new__(TrackingHandler)  # date_time_string reads no state
    before = int(time.time())
    first, again = handler.date_time_string(), handler.date_time_string()
    after = time.time()
    assert first == again
    assert before <= parsedate_to_datetime(first).timestamp() <= after
    assert handler.date_time_string(0) == "Thu, 01 Jan 1970 00:00:00 GMT"


def test_header_fields_are_read_in_order_and_found_whatever_their_case() -> None:
    raw = b"Content-Type: a/b\r\nX-Twice: 1\r\nx-twice:  2 \r\n\r\nbody"
    rfile = io.BytesIO(raw)
    headers = read_headers(rfile)
    assert headers.items() == [("Content-Type", "a/b"), ("X-Twice", "1"), ("x-twice", "2")]
    assert headers.get("content-type") == "a/b" and headers.get("CONTENT-TYPE") == "a/b"
    assert headers.get("x-twice") == "1" and headers.get_all("X-TWICE") == ["1", "2"]
    assert headers.get("absent") is None and headers.get("absent", "") == ""
    assert "content-type" in headers and "absent" not in headers and len(headers) == 3
    assert headers.joined() == {"content-type": "a/b", "x-twice": "1, 2"}
    assert rfile.read() == b"body"  # nothing past the empty line was consumed


def test_a_folded_header_line_continues_the_field_before_it() -> None:
    headers = read_headers(io.BytesIO(b"X-Long: one\r\n\t two\r\n\r\n"))
    assert headers.get("x-long") == "one two"


@pytest.mark.parametrize(
    ("raw", "status", "message"),
    [
        (b"no colon here\r\n\r\n", 400, "Bad header line"),
        (b"Name : value\r\n\r\n", 400, "Bad header line"),
        (b"X: " + b"y" * 70_000 + b"\r\n\r\n", 431, "Line too long"),
        (b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n", 431, "Too many headers"),
    ],
)
def test_a_malformed_head_is_a_status_and_a_reason(raw: bytes, status: int, message: str) -> None:
    with pytest.raises(HeadError) as caught:
        read_headers(io.BytesIO(raw))
    assert caught.value.status == status and message in caught.value.message


class _Echo(TrackingHandler):
    """Answers every GET with the path and the headers it read."""

    def do_GET(self) -> None:
        body = json.dumps({"path": self.path, "headers": self.headers.joined()}).encode()
        self.send_response(200)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def echo_server() -> Iterator[tuple[str, int]]:
    server = TrackingServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[0], server.server_address[1]
    finally:
        server.shutdown()
        server.close_connections()
        server.server_close()


def _exchange(address: tuple[str, int], raw: bytes) -> bytes:
    """Send ``raw`` and read until the server closes the connection or 2 s pass."""
    with socket.create_connection(address, timeout=2) as sock:
        sock.sendall(raw)
        received = b""
        with contextlib.suppress(TimeoutError):
            while chunk := sock.recv(65536):
                received += chunk
        return received


def _one_response(sock: socket.socket) -> dict[str, object]:
    """Read one response with a content-length from ``sock``; its JSON body."""
    received = b""
    while b"\r\n\r\n" not in received:
        received += sock.recv(65536)
    head, body = received.split(b"\r\n\r\n", 1)
    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += sock.recv(65536)
    result: dict[str, object] = json.loads(body)
    return result


def test_http_1_1_keeps_the_connection_for_the_next_request(
    echo_server: tuple[str, int],
) -> None:
    with socket.create_connection(echo_server, timeout=2) as sock:
        sock.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\nX-Case: one\r\n\r\n")
        first = _one_response(sock)
        sock.sendall(b"GET //b HTTP/1.1\r\nHost: x\r\n\r\n")
        second = _one_response(sock)
    assert first == {"path": "/a", "headers": {"host": "x", "x-case": "one"}}
    assert second["path"] == "/b"  # a leading "//" reduced to one slash


@pytest.mark.parametrize(
    ("head", "closes"),
    [
        (b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", True),
        (b"GET / HTTP/1.0\r\nHost: x\r\n\r\n", True),
        (b"GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\n", False),
    ],
)
def test_connection_rules_of_http_1_0_and_1_1(
    echo_server: tuple[str, int], head: bytes, closes: bool
) -> None:
    with socket.create_connection(echo_server, timeout=2) as sock:
        sock.sendall(head)
        time.sleep(0.2)
        sock.settimeout(0.5)
        received = b""
        with contextlib.suppress(TimeoutError):
            while chunk := sock.recv(65536):
                received += chunk
        closed = chunk == b"" if received else False
    assert received.startswith(b"HTTP/1.") and b" 200 " in received.split(b"\r\n")[0]
    assert closed is closes


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        (b"GET / HTTP/2.0\r\n\r\n", b"400"),
        (b"GET /\r\n\r\n", b"400"),
        (b"GET / HTTP/1.1\r\nno colon\r\n\r\n", b"400"),
        (
            b"GET / HTTP/1.1\r\n" + b"".join(b"X-%d: 1\r\n" % i for i in range(101)) + b"\r\n",
            b"431",
        ),
    ],
)
def test_a_bad_request_head_gets_an_error_status(
    echo_server: tuple[str, int], raw: bytes, status: bytes
) -> None:
    assert _exchange(echo_server, raw).split(b"\r\n")[0].split(b" ")[1] == status
