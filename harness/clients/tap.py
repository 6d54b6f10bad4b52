"""A recording relay between a client and the system under test, on loopback.

Every request the client sends is recorded exactly as it arrived (method, path with query,
headers, body), forwarded to the system's base URL with one added header,
``x-parity-case: <run>/<n>`` (a gateway that forwards it lets the simulator's journal tie
each upstream request to the client request that caused it), and the answer is streamed
back unchanged as it arrives, chunk by chunk, and recorded too. The relay changes nothing
else, so what it records is what the system under test received and sent.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx

from harness.loopback_http import BodyError, TrackingHandler, TrackingServer, read_body
from harness.simulator.journal import CASE_HEADER

_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "te", "upgrade"}
)


@dataclass
class Exchange:
    """One client request as the system under test received it, and its answer."""

    number: int
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    status: int = 0
    response_headers: dict[str, str] = field(default_factory=dict)
    response: bytes = b""
    error: str | None = None
    """Why no answer came back (the system could not be reached, or broke off)."""
    started: float = field(default_factory=time.time)
    """When it arrived (seconds since the epoch, as the simulator's journal times)."""
    ended: float = 0.0
    """When its answer was over."""

    @property
    def correlation(self) -> str:
        return self.headers.get(CASE_HEADER, "")


class Tap:
    """The relay: `running` serves it and yields its base URL; `exchanges` are the recorded
    requests, in arrival order."""

    def __init__(self, upstream: str, run_id: str, timeout: float = 300.0) -> None:
        self.upstream = upstream.rstrip("/")
        self.run_id = run_id
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()
        self._http = httpx.Client(timeout=timeout, trust_env=False)

    @contextlib.contextmanager
    def running(self) -> Iterator[str]:
        server = _Server(("127.0.0.1", 0), _Handler, self)
        thread = threading.Thread(target=server.serve_forever, name="parity-tap", daemon=True)
        thread.start()
        try:
            host, port = server.server_address[:2]
            yield f"http://{host!s}:{port}"
        finally:
            server.shutdown()
            server.server_close()
            server.close_connections()
            thread.join(timeout=5)
            self._http.close()

    def record(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Exchange:
        with self._lock:
            number = len(self.exchanges) + 1
            headers = {**headers, CASE_HEADER: f"{self.run_id}/{number}"}
            exchange = Exchange(number, method, path, headers, body)
            self.exchanges.append(exchange)
            return exchange

    def relay(self, exchange: Exchange) -> httpx.Response:
        """Open the answer to ``exchange`` from the system under test (streamed)."""
        headers = {k: v for k, v in exchange.headers.items() if k not in _HOP_BY_HOP}
        request = self._http.build_request(
            exchange.method, self.upstream + exchange.path, headers=headers, content=exchange.body
        )
        return self._http.send(request, stream=True)


class _Server(TrackingServer):
    def __init__(self, address: tuple[str, int], handler: type[_Handler], tap: Tap) -> None:
        super().__init__(address, handler)
        self.tap = tap

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet when the client hangs up (as one does after an error mid-stream); anything
        else is reported as the standard library does."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(TrackingHandler):
    server: _Server

    def socket_timeout(self) -> float:
        return 300.0

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: everything is recorded in the exchanges."""

    def do_GET(self) -> None:
        self._relay()

    def do_POST(self) -> None:
        self._relay()

    def _relay(self) -> None:
        headers = self.headers.joined()
        try:
            body = read_body(self.rfile, headers)  # type: ignore[arg-type]
        except BodyError as exc:
            self.close_connection = True
            self.send_error(exc.status, exc.message)
            return
        tap = self.server.tap
        exchange = tap.record(self.command, self.path, headers, body)
        try:
            response = tap.relay(exchange)
        except httpx.HTTPError as exc:
            exchange.error = f"the system under test could not be reached ({type(exc).__name__})"
            exchange.ended = time.time()
            self.close_connection = True
            self.send_error(502, exchange.error)
            return
        try:
            self._answer(exchange, response)
        finally:
            response.close()

    def _answer(self, exchange: Exchange, response: httpx.Response) -> None:
        exchange.status = response.status_code
        exchange.response_headers = {k.lower(): v for k, v in response.headers.items()}
        self.send_response(response.status_code)
        for name, value in response.headers.items():
            if name.lower() not in _HOP_BY_HOP and name.lower() != "content-encoding":
                self.send_header(name, value)
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        pieces: list[bytes] = []
        try:
            for piece in response.iter_bytes():
                pieces.append(piece)
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
        except httpx.HTTPError as exc:
            exchange.error = f"the system under test broke off ({type(exc).__name__})"
            self.close_connection = True
        finally:
            exchange.response = b"".join(pieces)
            exchange.ended = time.time()
        if exchange.error is None:
            self.wfile.write(b"0\r\n\r\n")
