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

The backends are built by each backend package's ``make_backend`` factory. The HTTP side
(reading requests, writing chunked responses, the simulator's own error) is in `wire`.

Every request is journaled (`journal`): what arrived, the scenario that answered it or why
none did, the status sent and the latency; ``journal`` may also write each record as a JSON
line (`harness.simulator.journal.jsonl_sink`).

The resolver may be called from several threads at once.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import TextIO

from harness import registry
from harness.simulator import (
    JSON,
    SIMULATOR_ERROR_HEADER,
    Backend,
    Rejection,
    Resolver,
    Route,
    Script,
    SimRequest,
    SimResponse,
    Unplaced,
    bearer_token,
)
from harness.simulator.journal import Journal, Resolution
from harness.simulator.memo import BoundedCache
from harness.simulator.wire import Handler, HttpServer, plain_error, split_chunks

__all__ = [
    "SIMULATOR_ERROR_HEADER",
    "Backend",
    "Rejection",
    "Resolver",
    "Script",
    "SimRequest",
    "SimResponse",
    "SimulatorServer",
    "default_backends",
    "split_chunks",
    "verifying_backends",
]


def default_backends() -> tuple[Backend, ...]:
    """Every registered target's backend (`harness.registry`), in the order the server tries
    their routes."""
    return tuple(registry.simulator_backend(target) for target in registry.targets())


def verifying_backends(env: Mapping[str, str]) -> tuple[Backend, ...]:
    """The backends, with Bedrock verifying SigV4 signatures against the AWS credentials in
    ``env`` (and accepting only the Bedrock API key there), as the service would."""
    return tuple(registry.simulator_backend(target, env) for target in registry.targets())


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
        backends: Sequence[Backend] | None = None,
        log: TextIO | None = None,
        journal: Journal | None = None,
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
        self.backends = tuple(backends) if backends is not None else default_backends()
        self._log = log
        self.journal = journal if journal is not None else Journal()
        self._rendered: BoundedCache[tuple[JSON, SimResponse]] = BoundedCache()
        self._lock = threading.Lock()
        self._served = 0
        self._httpd: HttpServer | None = None
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
        return self.answer(request)[0]

    def answer(self, request: SimRequest) -> tuple[SimResponse, Resolution]:
        """The response to one request and how it was resolved (never raises)."""
        for backend in self.backends:
            try:
                route = backend.route(request)
            except Exception as exc:
                return self._failed(backend, None, exc)
            if route is None:
                continue
            answer: Script | Rejection | None = None
            try:
                answer = backend.validate(request, route)
                if answer is None:
                    answer = self.resolver(backend.name, route.resolve_as or request)
                return self._render(backend, request, route, answer), _resolution(
                    backend.name, answer
                )
            except Exception as exc:
                return self._failed(backend, answer, exc)
        known = "; ".join(r for b in self.backends for r in b.routes)
        reason = f"no simulated backend serves {request.method} {request.path}"
        return plain_error(404, f"{reason} (known: {known})"), Resolution(reason=reason)

    def _render(
        self, backend: Backend, request: SimRequest, route: Route, answer: Script | Rejection
    ) -> SimResponse:
        """``backend.render``, once per distinct scripted request: a rendering depends on the
        request line, body, scenario and reply, and of the headers only on the bearer token
        (OpenAI's invalid-key text quotes it). The reply is kept with the entry, so its id
        stays its own."""
        if not isinstance(answer, Script):
            return backend.render(request, route, answer)
        key = (
            backend.name,
            request.method,
            request.path,
            request.query,
            request.body,
            answer.scenario_id,
            id(answer.reply),
            bearer_token(request.headers),
        )
        _reply, response = self._rendered.get(
            key, lambda: (answer.reply, backend.render(request, route, answer))
        )
        return response

    @staticmethod
    def _failed(
        backend: Backend, answer: Script | Rejection | None, exc: Exception
    ) -> tuple[SimResponse, Resolution]:
        on = f" on scenario {answer.scenario_id}" if isinstance(answer, Script) else ""
        reason = f"the {backend.name} backend failed{on}: {type(exc).__name__}: {exc}"
        scenario = answer.scenario_id if isinstance(answer, Script) else None
        return plain_error(500, reason), Resolution(backend.name, scenario, reason)

    def _bound(self) -> HttpServer:
        if self._httpd is None:
            self._httpd = HttpServer((self.host, self.port), Handler, self)
        return self._httpd

    def admit(self) -> tuple[bool, bool]:
        """Count a request against the budget: (admitted, budget now used up)."""
        with self._lock:
            if self._served >= self.max_requests:
                return False, True
            self._served += 1
            return True, self._served >= self.max_requests

    def budget_spent(self) -> None:
        httpd = self._httpd
        if httpd is not None:
            threading.Thread(target=httpd.shutdown, daemon=True).start()

    def write_log(self, line: str) -> None:
        if self._log is not None:
            with self._lock:
                self._log.write(line + "\n")
                self._log.flush()


def _resolution(target: str, answer: Script | Rejection) -> Resolution:
    if isinstance(answer, Script):
        return Resolution(target, answer.scenario_id)
    if isinstance(answer, Unplaced):
        return Resolution(target, None, answer.reason, answer.closest, answer.differences)
    return Resolution(
        target, None, f"refused as the service would ({answer.status}): {answer.message}"
    )
