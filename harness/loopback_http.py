"""What Parity's loopback HTTP servers (the simulator and the null gateway) share: a threaded
server that tracks its open connections so that stopping it ends them, the handler side of
that (with a socket timeout, no Nagle delay, and a request head read without the standard
library's e-mail parser), and reading a request body (by ``content-length`` or chunked,
bounded in size, malformed framing refused)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO, overload


class TrackingServer(ThreadingHTTPServer):
    """A threaded HTTP server whose handlers report their connections (`track`), so that
    `close_connections` can end every open one when the server stops."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128
    """The listen backlog. The standard library's 5 drops the connections a client (a
    gateway's pool, the benchmark) opens at once beyond it, which then wait a full second
    for the SYN to be sent again."""

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._connections_lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)

    def close_connections(self) -> None:
        with self._connections_lock:
            connections, self._connections = list(self._connections), set()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


MAX_BODY_BYTES = 32 * 1024 * 1024
MAX_HEADERS = 100
"""Header fields a request may have (as the standard library's limit)."""
MAX_LINE = 65536
"""Bytes a request line or a header line may have."""


class RequestHeaders:
    """A request's header fields in arrival order, looked up without regard to case (the
    part of `email.message.Message` the handlers use: `get`, `get_all`, `items`, `in`)."""

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        self._fields = fields
        self._first: dict[str, str] = {}
        self._joined: dict[str, str] = {}
        for name, value in fields:
            key = name.lower()
            self._first.setdefault(key, value)
            joined = self._joined.get(key)
            self._joined[key] = value if joined is None else f"{joined}, {value}"

    def joined(self) -> dict[str, str]:
        """Lower-case names, each with its values joined by ``", "`` in arrival order (how
        HTTP combines a repeated field)."""
        return dict(self._joined)

    @overload
    def get(self, name: str) -> str | None: ...
    @overload
    def get(self, name: str, default: str) -> str: ...
    def get(self, name: str, default: str | None = None) -> str | None:
        return self._first.get(name.lower(), default)

    def get_all(self, name: str) -> list[str]:
        key = name.lower()
        return [value for field, value in self._fields if field.lower() == key]

    def items(self) -> list[tuple[str, str]]:
        return list(self._fields)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._first

    def __iter__(self) -> Iterator[str]:
        return (name for name, _ in self._fields)

    def __len__(self) -> int:
        return len(self._fields)


class HeadError(Exception):
    """A request head that cannot be read: the status to answer and why."""

    def __init__(self, status: HTTPStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def read_headers(rfile: BinaryIO) -> RequestHeaders:
    """The header fields after a request line, up to the empty line; obsolete line folding
    continues the previous field's value, as the standard library's parser does."""
    fields: list[tuple[str, str]] = []
    while True:
        line = rfile.readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise HeadError(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Line too long")
        if line in (b"\r\n", b"\n", b""):
            return RequestHeaders(fields)
        if len(fields) >= MAX_HEADERS:
            raise HeadError(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Too many headers")
        text = line.decode("iso-8859-1").rstrip("\r\n")
        if text[:1] in (" ", "\t") and fields:
            name, value = fields[-1]
            fields[-1] = (name, f"{value} {text.strip()}")
            continue
        name, colon, value = text.partition(":")
        if not colon or not name or name != name.strip():
            raise HeadError(HTTPStatus.BAD_REQUEST, f"Bad header line ({text[:80]!r})")
        fields.append((name, value.strip()))


class BodyError(Exception):
    """A request body that cannot be read: the HTTP status to answer and why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class TrackingHandler(BaseHTTPRequestHandler):
    """An HTTP/1.1 handler of a `TrackingServer`: its connection is tracked while open, times
    out after `socket_timeout` seconds, and sends without Nagle's delay (headers and body may
    leave in separate writes, which would otherwise wait for the client's delayed ACK, about
    40 ms an answer)."""

    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # an error before the version is known has a status line
    sys_version = ""
    server: TrackingServer
    headers: RequestHeaders  # type: ignore[assignment]
    raw_requestline: bytes

    def socket_timeout(self) -> float:
        return 10.0

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.socket_timeout())
        with contextlib.suppress(OSError):  # not a TCP socket
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def parse_request(self) -> bool:
        """The standard library's request-line rules (HTTP/1.0 and 1.1 only, a path starting
        ``//`` reduced to one slash, ``Connection`` and ``Expect: 100-continue`` honoured),
        with the header fields read by `read_headers`: the e-mail parser the standard
        library uses cost almost half of a simulated answer."""
        self.command = None  # type: ignore[assignment]
        self.request_version = self.default_request_version
        self.close_connection = True
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")
        words = self.requestline.split()
        if len(words) != 3:
            if words:
                self.send_error(
                    HTTPStatus.BAD_REQUEST, f"Bad request syntax ({self.requestline[:80]!r})"
                )
            return False
        command, path, version = words
        if version not in ("HTTP/1.0", "HTTP/1.1"):
            self.send_error(HTTPStatus.BAD_REQUEST, f"Bad request version ({version[:20]!r})")
            return False
        self.request_version = version
        self.command, self.path = command, path
        if path.startswith("//"):
            self.path = "/" + path.lstrip("/")
        try:
            self.headers = read_headers(self.rfile)  # type: ignore[arg-type]
        except HeadError as exc:
            self.send_error(exc.status, exc.message)
            return False
        connection = self.headers.get("connection", "").lower()
        self.close_connection = version == "HTTP/1.0"
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive":
            self.close_connection = False
        expect = self.headers.get("expect", "").lower()
        if expect == "100-continue" and version == "HTTP/1.1":
            return self.handle_expect_100()
        return True

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The ``Date`` header's value, formatted once a second (formatting it for every
        response cost about a twentieth of a simulated answer)."""
        if timestamp is not None:
            return super().date_time_string(timestamp)
        second = int(time.time())
        if _DATE[0] != second:
            _DATE[:] = [second, super().date_time_string(second)]
        return str(_DATE[1])


_DATE: list[int | str] = [0, ""]
"""The second the cached ``Date`` value is for, and the value."""


def read_body(rfile: BinaryIO, headers: Mapping[str, str], limit: int = MAX_BODY_BYTES) -> bytes:
    """The body of a request whose ``headers`` (lower-case names) have been read."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return _read_chunked(rfile, limit)
    raw = headers.get("content-length", "0").strip() or "0"
    if not raw.isdigit():
        raise BodyError(400, f"content-length {raw!r} is not a number")
    length = int(raw)
    if length > limit:
        raise BodyError(413, f"the request body of {length} bytes is over {limit}")
    body = rfile.read(length)
    if len(body) != length:
        raise BodyError(400, "the request body ended before content-length bytes arrived")
    return body


def _read_chunked(rfile: BinaryIO, limit: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        line = rfile.readline(1024)
        try:
            size = int(line.split(b";", 1)[0].strip(), 16)
        except ValueError:
            raise BodyError(400, "malformed chunk size in the request body") from None
        if size == 0:
            break
        total += size
        if total > limit:
            raise BodyError(413, f"the request body is over {limit} bytes")
        parts.append(rfile.read(size))
        rfile.readline(16)
    while rfile.readline(1024) not in (b"\r\n", b"\n", b""):
        pass  # trailer fields
    return b"".join(parts)
