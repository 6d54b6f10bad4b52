"""The null gateway's HTTP server: Parity's reference translator as an Anthropic-compatible
gateway, on loopback only.

Routes: ``POST /v1/messages`` and ``/v1/messages/count_tokens`` (any query, e.g.
``?beta=true``), ``GET /v1/models`` and ``/v1/models/{id}``, ``POST /v1/chat/completions``;
any other is 404 ``not_found_error``. Threaded and bounded: request bodies up to 32 MB (as
the API; 413 ``request_too_large`` beyond), `GatewayConfig.max_concurrency` requests at once
(529 ``overloaded_error`` beyond), and a socket timeout per connection. JSON answers are sent
with content-length, streams chunked, each piece flushed as it comes.

`NullGateway(config).running()` serves on a thread at a free port for the duration of a
``with`` block (tests, Parity itself); `serve_forever` serves in the foreground (the CLI).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

from harness.gateway import chat, messages, models
from harness.gateway.config import GatewayConfig
from harness.gateway.errors import GatewayError
from harness.gateway.forward import Forwarder
from harness.gateway.wire import Incoming, Reply, anthropic_error_reply, new_request_id
from harness.loopback_http import BodyError, TrackingHandler, TrackingServer, read_body

HOST = "127.0.0.1"


class NullGateway:
    """The gateway on a loopback port (``port=0``: a free one)."""

    def __init__(self, config: GatewayConfig, *, port: int = 0, socket_timeout: float = 600.0):
        self.config = config
        self.forwarder = Forwarder(config)
        self._slots = threading.BoundedSemaphore(config.max_concurrency)
        self._port = port
        self._socket_timeout = socket_timeout
        self._httpd: _HttpServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, once bound."""
        if self._httpd is None:
            raise RuntimeError("the gateway is not running; call start() first")
        return f"http://{HOST}:{self._httpd.server_address[1]}"

    def bind(self) -> str:
        """Bind the listening socket (so the URL is known before serving); its URL."""
        if self._httpd is None:
            self._httpd = _HttpServer((HOST, self._port), _Handler, self)
        return self.base_url

    def start(self) -> str:
        """Serve from a daemon thread; the URL."""
        url = self.bind()
        if self._thread is None:
            assert self._httpd is not None
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},
                name="parity-null-gateway",
                daemon=True,
            )
            self._thread.start()
        return url

    def stop(self) -> None:
        """Stop serving and close the socket, open connections and backend clients."""
        httpd, thread = self._httpd, self._thread
        self._httpd, self._thread = None, None
        if httpd is not None:
            if thread is not None:
                httpd.shutdown()
                thread.join(timeout=5)
            httpd.server_close()
            httpd.close_connections()
        self.forwarder.close()

    def serve_forever(self) -> None:
        """Serve in the calling thread until KeyboardInterrupt."""
        self.bind()
        assert self._httpd is not None
        try:
            self._httpd.serve_forever(poll_interval=0.05)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    @contextlib.contextmanager
    def running(self) -> Iterator[str]:
        """Serve for the duration of the block; yields the base URL."""
        url = self.start()
        try:
            yield url
        finally:
            self.stop()

    def admit(self) -> bool:
        """Take a request slot (False when `GatewayConfig.max_concurrency` are in use)."""
        return self._slots.acquire(blocking=False)

    def release(self) -> None:
        """Give back the slot taken by `admit`, once the reply has been written."""
        self._slots.release()

    def dispatch(self, incoming: Incoming) -> Reply:
        """The reply to one request (never raises: a failure is a 500 ``api_error``)."""
        try:
            return _route(incoming, self)
        except Exception as exc:
            failed = GatewayError(500, f"the null gateway failed: {type(exc).__name__}: {exc}")
            return anthropic_error_reply(failed, new_request_id())


def _route(incoming: Incoming, gateway: NullGateway) -> Reply:
    path, method = incoming.path.rstrip("/"), incoming.method
    if method == "POST" and path == messages.MESSAGES_PATH:
        return messages.handle(incoming, gateway.forwarder, "messages")
    if method == "POST" and path == messages.COUNT_TOKENS_PATH:
        return messages.handle(incoming, gateway.forwarder, "count_tokens")
    if method == "POST" and path == chat.CHAT_PATH:
        return chat.handle(incoming, gateway.forwarder)
    if method == "GET" and (path == models.MODELS_PATH or path.startswith("/v1/models/")):
        return models.handle(incoming, gateway.config)
    missing = GatewayError(404, f"no route for {method} {incoming.path}")
    return anthropic_error_reply(missing, new_request_id())


class _HttpServer(TrackingServer):
    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        gateway: NullGateway,
    ) -> None:
        super().__init__(address, handler)
        self.gateway = gateway

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that goes away mid-answer is not the gateway's failure."""


class _Handler(TrackingHandler):
    server_version = "parity-null-gateway"
    server: _HttpServer

    def socket_timeout(self) -> float:
        return self.server.gateway._socket_timeout

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def _serve(self) -> None:
        gateway = self.server.gateway
        if not gateway.admit():
            self.close_connection = True
            busy = GatewayError(529, "the null gateway is serving its maximum of requests")
            self._send(anthropic_error_reply(busy, new_request_id()))
            return
        try:
            self._send(self._reply())
        finally:
            gateway.release()

    def _reply(self) -> Reply:
        path, _, query = self.path.partition("?")
        headers = self.headers.joined()
        try:
            body = self._body(headers)
        except GatewayError as exc:
            self.close_connection = True
            return anthropic_error_reply(exc, new_request_id())
        return self.server.gateway.dispatch(Incoming(self.command, path, query, headers, body))

    def _body(self, headers: dict[str, str]) -> bytes:
        try:
            return read_body(self.rfile, headers)  # type: ignore[arg-type]
        except BodyError as exc:
            raise GatewayError(exc.status, exc.message) from None

    def _send(self, reply: Reply) -> None:
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.stream is None:
                self.send_header("content-length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                return
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            for piece in reply.stream:
                if not piece:
                    continue
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except OSError:
            self.close_connection = True
        finally:
            if reply.stream is not None:
                close = getattr(reply.stream, "close", None)
                if close is not None:
                    close()
