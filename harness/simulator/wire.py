"""The simulator server's HTTP side: reading a request (whole or chunked, bounded in size),
writing a response (with content-length, or chunked at boundaries drawn from a seed),
journaling it, tracking open connections, and the simulator's own error.

Speed: sockets are ``TCP_NODELAY``, and a response with content-length goes out in one write
(status line, headers and body together). Without both, a response's second small write waits
for the client's delayed ACK of the first (Nagle), about 40 ms per request on Linux. A stream
keeps its HTTP chunks at the seeded boundaries (a client's reader sees those pieces) and goes
out in several writes of `CHUNKS_PER_WRITE` chunks, computed once per distinct body."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

from harness.loopback_http import BodyError, TrackingHandler, TrackingServer, read_body
from harness.simulator import SIMULATOR_ERROR_HEADER, SimRequest, SimResponse
from harness.simulator.journal import CASE_HEADER, JournalRecord, Resolution
from harness.simulator.memo import BoundedCache
from harness.simulator.script import seeded_ints

if TYPE_CHECKING:
    from harness.simulator.server import SimulatorServer

CHUNKS_PER_WRITE = 16
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


def framed_writes(data: bytes, seed: str) -> tuple[bytes, ...]:
    """``data`` as the HTTP chunks `split_chunks` cuts, grouped into the socket writes that
    send them: `CHUNKS_PER_WRITE` chunks a write, the terminating chunk in the last."""
    chunks = [b"%x\r\n%s\r\n" % (len(c), c) for c in split_chunks(data, seed)]
    chunks.append(b"0\r\n\r\n")
    step = CHUNKS_PER_WRITE
    return tuple(b"".join(chunks[at : at + step]) for at in range(0, len(chunks), step))


class HttpServer(TrackingServer):
    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        simulator: SimulatorServer,
    ) -> None:
        super().__init__(address, handler)
        self.simulator = simulator
        self.framed: BoundedCache[tuple[bytes, ...]] = BoundedCache()

    def handle_error(self, request: object, client_address: object) -> None:
        exc = sys.exc_info()[1]
        self.simulator.write_log(f"connection from {client_address} failed: {exc!r}")


class Handler(TrackingHandler):
    server_version = "parity-simulator"
    server: HttpServer

    def socket_timeout(self) -> float:
        return self.server.simulator.request_timeout

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
        arrived, started = time.time(), time.perf_counter()
        admitted, spent = simulator.admit()
        path, _, query = self.path.partition("?")
        headers = self.headers.joined()
        body = b""
        if not admitted:
            self.close_connection = True
            reason = f"the simulator has served its budget of {simulator.max_requests} requests"
            response, resolution = plain_error(503, reason), Resolution(reason=reason)
        else:
            try:
                body = read_body(self.rfile, headers)  # type: ignore[arg-type]
            except BodyError as exc:
                self.close_connection = True
                response, resolution = (
                    plain_error(exc.status, exc.message),
                    Resolution(reason=exc.message),
                )
            else:
                request = SimRequest(self.command, path, query, headers, body)
                response, resolution = simulator.answer(request)
        record = JournalRecord(
            time=arrived,
            method=self.command,
            path=path,
            query=query,
            headers=simulator.journal.redacted(headers),
            body=body,
            case=headers.get(CASE_HEADER),
            resolution=resolution,
            status=response.status,
            latency_ms=(time.perf_counter() - started) * 1000,
        )
        simulator.journal.add(record)  # before sending: whoever got the answer finds it
        simulator.write_log(f"{self.command} {path} -> {response.status}")
        try:
            self._send(response)
        except OSError:
            self.close_connection = True
        if spent:
            self.close_connection = True
            simulator.budget_spent()

    def _send(self, response: SimResponse) -> None:
        if response.stream_seed is None:
            length = {"content-length": str(len(response.body))}
            self.wfile.write(self._head(response, length) + response.body)
            return
        writes = self.server.framed.get(
            (response.stream_seed, response.body),
            lambda: framed_writes(response.body, str(response.stream_seed)),
        )
        self.wfile.write(self._head(response, {"transfer-encoding": "chunked"}) + writes[0])
        for data in writes[1:]:
            self.wfile.write(data)

    def _head(self, response: SimResponse, framing: dict[str, str]) -> bytes:
        """The status line and headers as `send_response` and `send_header` write them
        (``Server`` and ``Date`` first), in one piece."""
        status = response.status
        phrase = self.responses[status][0] if status in self.responses else ""
        lines = [
            f"{self.protocol_version} {status} {phrase}",
            f"Server: {self.version_string()}",
            f"Date: {self.date_time_string()}",
        ]
        for name, value in {**response.headers, **framing}.items():
            lines.append(f"{name}: {value}")
            if name.lower() == "connection" and value.lower() == "close":
                self.close_connection = True
        self.log_request(status)
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "strict")
