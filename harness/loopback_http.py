"""What Parity's loopback HTTP servers (the simulator and the null gateway) share: a threaded
server that tracks its open connections so that stopping it ends them, the handler side of
that (with a socket timeout and no Nagle delay), and reading a request body (by
``content-length`` or chunked, bounded in size, malformed framing refused)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import BinaryIO


class TrackingServer(ThreadingHTTPServer):
    """A threaded HTTP server whose handlers report their connections (`track`), so that
    `close_connections` can end every open one when the server stops."""

    daemon_threads = True
    block_on_close = False

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
    sys_version = ""
    server: TrackingServer

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
