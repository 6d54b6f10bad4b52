"""The simulator's HTTP server: loopback, threaded, bounded in requests and time, and quiet.

Each request goes to the first backend whose route matches it. That backend validates it as
the real service would, asks the resolver for the scripted answer, and renders the response.
A path no backend serves gets a plain JSON 404. JSON bodies are sent with content-length;
streams with chunked transfer encoding, cut at byte boundaries drawn from a seed (so event
boundaries and chunk boundaries rarely agree, as on a real network) and flushed per chunk.

The simulator's own failures (an unknown path, a backend or resolver that fails, a malformed
request body, a spent request budget) carry the response header
``x-parity-simulator-error: 1``, which no service sends, so that a recording can tell them
from a service's answer and refuse to save them.

The resolver may be called from several threads at once.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TextIO

from harness.simulator import (
    SIMULATOR_ERROR_HEADER,
    Backend,
    Rejection,
    Resolver,
    Script,
    SimRequest,
    SimResponse,
)
from harness.simulator.anthropic import AnthropicBackend
from harness.simulator.bedrock import AwsKey
from harness.simulator.bedrock_converse import BedrockConverseBackend
from harness.simulator.bedrock_invoke import BedrockInvokeBackend
from harness.simulator.openai import OpenAIBackend
from harness.simulator.script import seeded_ints
from harness.simulator.vertex import VertexBackend

__all__ = [
    "DEFAULT_BACKENDS",
    "SIMULATOR_ERROR_HEADER",
    "Backend",
    "Rejection",
    "Resolver",
    "Script",
    "SimRequest",
    "SimResponse",
    "SimulatorServer",
    "split_chunks",
    "verifying_backends",
]

DEFAULT_BACKENDS: tuple[Backend, ...] = (
    AnthropicBackend(),
    VertexBackend(),
    BedrockInvokeBackend(),
    BedrockConverseBackend(),
    OpenAIBackend(),
)
MAX_BODY_BYTES = 32 * 1024 * 1024
_MAX_CHUNK = 160


def verifying_backends(env: Mapping[str, str]) -> tuple[Backend, ...]:
    """The backends, with Bedrock verifying SigV4 signatures against the AWS credentials in
    ``env`` (and accepting only the Bedrock API key there), as the service would."""
    keys: dict[str, AwsKey] = {}
    access_key = env.get("AWS_ACCESS_KEY_ID")
    secret = env.get("AWS_SECRET_ACCESS_KEY")
    if access_key and secret:
        keys[access_key] = AwsKey(secret, env.get("AWS_SESSION_TOKEN") or None)
    bearer = env.get("AWS_BEARER_TOKEN_BEDROCK")
    api_keys = [bearer] if bearer else []
    return (
        AnthropicBackend(),
        VertexBackend(),
        BedrockInvokeBackend(credentials=keys, api_keys=api_keys),
        BedrockConverseBackend(credentials=keys, api_keys=api_keys),
        OpenAIBackend(),
    )


class SimulatorServer:
    """The simulator on a loopback port. Use as a context manager, or `start` / `stop`, or
    `serve_forever` in the foreground."""

    def __init__(
        self,
        resolver: Resolver,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        max_requests: int = 10_000,
        request_timeout: float = 10.0,
        backends: Sequence[Backend] = DEFAULT_BACKENDS,
        log: TextIO | None = None,
    ) -> None:
        if max_requests < 1:
            raise ValueError(f"max_requests must be at least 1, got {max_requests}")
        if request_timeout <= 0:
            raise ValueError(f"request_timeout must be positive, got {request_timeout}")
        self.resolver = resolver
        self.host = host
        self.port = port
        self.max_requests = max_requests
        self.request_timeout = request_timeout
        self.backends = tuple(backends)
        self._log = log
        self._lock = threading.Lock()
        self._served = 0
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT``; valid once the server is bound (after `start`)."""
        if self._httpd is None:
            raise RuntimeError("the simulator is not running; call start() first")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def requests_served(self) -> int:
        """How many requests have been admitted so far."""
        return self._served

    def bind(self) -> str:
        """Bind the listening socket without serving yet (so `base_url` is known before
        `serve_forever` blocks); returns `base_url`. Binding twice is harmless."""
        self._bound()
        return self.base_url

    def start(self) -> str:
        """Bind and serve from a daemon thread; returns `base_url`."""
        if self._thread is not None:
            return self.base_url
        httpd = self._bound()
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="parity-simulator",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        """Stop serving, close the listening socket and every open connection."""
        httpd, thread = self._httpd, self._thread
        self._httpd, self._thread = None, None
        if httpd is None:
            return
        if thread is not None:
            httpd.shutdown()
            thread.join(timeout=self.request_timeout)
        httpd.server_close()
        httpd.close_connections()

    def serve_forever(self) -> None:
        """Serve in the calling thread until KeyboardInterrupt or `max_requests` is reached."""
        httpd = self._bound()
        try:
            httpd.serve_forever(poll_interval=0.05)
        except KeyboardInterrupt:
            pass
        finally:
            self._httpd = None
            httpd.server_close()
            httpd.close_connections()

    def __enter__(self) -> SimulatorServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def dispatch(self, request: SimRequest) -> SimResponse:
        """The response to one request (never raises: failures become a plain 500)."""
        for backend in self.backends:
            route = backend.route(request)
            if route is None:
                continue
            answer: Script | Rejection | None = None
            try:
                answer = backend.validate(request, route)
                if answer is None:
                    answer = self.resolver(backend.name, request)
                return backend.render(request, route, answer)
            except Exception as exc:
                on = f" on scenario {answer.scenario_id}" if isinstance(answer, Script) else ""
                return plain_error(
                    500, f"the {backend.name} backend failed{on}: {type(exc).__name__}: {exc}"
                )
        known = "; ".join(r for b in self.backends for r in b.routes)
        return plain_error(
            404, f"no simulated backend serves {request.method} {request.path} (known: {known})"
        )

    def _bound(self) -> _HttpServer:
        if self._httpd is None:
            self._httpd = _HttpServer((self.host, self.port), _Handler, self)
        return self._httpd

    def _admit(self) -> tuple[bool, bool]:
        """Count a request against the budget: (admitted, budget now used up)."""
        with self._lock:
            if self._served >= self.max_requests:
                return False, True
            self._served += 1
            return True, self._served >= self.max_requests

    def _budget_spent(self) -> None:
        httpd = self._httpd
        if httpd is not None:
            threading.Thread(target=httpd.shutdown, daemon=True).start()

    def _write_log(self, line: str) -> None:
        if self._log is not None:
            with self._lock:
                self._log.write(line + "\n")
                self._log.flush()


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


class _HttpServer(ThreadingHTTPServer):
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
        self.simulator._write_log(f"connection from {client_address} failed: {exc!r}")


class _BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "parity-simulator"
    sys_version = ""
    server: _HttpServer

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
        admitted, spent = simulator._admit()
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
        simulator._write_log(f"{self.command} {path} -> {response.status}")
        try:
            self._send(response)
        except OSError:
            self.close_connection = True
        if spent:
            self.close_connection = True
            simulator._budget_spent()

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
