"""The simulator server's HTTP side: reading a request (whole or chunked, bounded in size),
writing a response (with content-length, or chunked at boundaries drawn from a seed and
flushed per chunk), tracking open connections, and the simulator's own error."""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from harness.simulator import SIMULATOR_ERROR_HEADER, SimRequest, SimResponse
from harness.simulator.script import seeded_ints

if TYPE_CHECKING:
    from harness.simulator.server import SimulatorServer

MAX_BODY_BYTES = 32 * 1024 * 1024
_MAX_CHUNK = 160


def plain_error(status: int, message: str) -> SimResponse:
    """The simulator's own error, deliberately unlike any service's envelope and marked with
    the ``x-parity-simulator-error: 1`` header."""
    kind = "not_found" if status == 404 else "simulator_error"
    body = {"error": kind, "message": message}
    return SimResponse.of_json(status, body, {SIMULATOR_ERROR_HEADER: "1"})


def split_chunks(data: bytes, seed: str) -> Iterator[bytes]:
    """``data`` cut into pieces of 1 to 160 bytes at boundaries drawn from ``seed``."""
    draws = seeded_ints(seed, "chunks")
    at = 0
    while at < len(data):
        size = 1 + next(draws) % _MAX_CHUNK
        yield data[at : at + size]
        at += size


class HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        simulator: SimulatorServer,
    ) -> None:
        super().__init__(address, handler)
        self.simulator = simulator
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

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

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        self.simulator.write_log(f"connection from {client_address} failed: {exc!r}")


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "parity-simulator"
    sys_version = ""
    server: HttpServer

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.simulator.request_timeout)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the simulator logs through its own ``log`` stream only."""

    def _serve(self) -> None:
        simulator = self.server.simulator
        admitted, spent = simulator.admit()
        path, _, query = self.path.partition("?")
        if not admitted:
            self.close_connection = True
            response = plain_error(
                503, f"the simulator has served its budget of {simulator.max_requests} requests"
            )
        else:
            try:
                body = self._read_body()
            except _BodyError as exc:
                self.close_connection = True
                response = plain_error(exc.status, exc.message)
            else:
                headers: dict[str, str] = {}
                for name, value in self.headers.items():
                    key = name.lower()
                    headers[key] = f"{headers[key]}, {value}" if key in headers else value
                request = SimRequest(self.command, path, query, headers, body)
                response = simulator.dispatch(request)
        simulator.write_log(f"{self.command} {path} -> {response.status}")
        try:
            self._send(response)
        except OSError:
            self.close_connection = True
        if spent:
            self.close_connection = True
            simulator.budget_spent()

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            return self._read_chunked()
        raw = self.headers.get("content-length", "0").strip() or "0"
        if not raw.isdigit():
            raise _BodyError(400, f"content-length {raw!r} is not a number")
        length = int(raw)
        if length > MAX_BODY_BYTES:
            raise _BodyError(413, f"request body of {length} bytes is over {MAX_BODY_BYTES}")
        body = self.rfile.read(length)
        if len(body) != length:
            raise _BodyError(400, "request body ended before content-length bytes arrived")
        return body

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise _BodyError(400, "malformed chunk size in request body") from None
            if size == 0:
                break
            total += size
            if total > MAX_BODY_BYTES:
                raise _BodyError(413, f"request body is over {MAX_BODY_BYTES} bytes")
            parts.append(self.rfile.read(size))
            self.rfile.readline(16)
        while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
            pass  # trailer fields
        return b"".join(parts)

    def _send(self, response: SimResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        if response.stream_seed is None:
            self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
            return
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for chunk in split_chunks(response.body, response.stream_seed):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()
