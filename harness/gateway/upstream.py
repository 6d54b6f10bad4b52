"""Sending the reference translator's wire request to a route's backend, with httpx.

The request goes out exactly as the adapter encoded it (URL, headers, body bytes), with the
client headers the configuration forwards added. A route aimed at the simulator keeps its
URL's path and is sent to the simulator's host (`harness.transport.RoutingTransport`, as
Parity records). Credentials stay the adapters' placeholders unless the configuration asks
for live ones (``Adapter.build_auth(settings, live=True)``). Connections are pooled per
backend and shared by the server's threads.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping

import httpx

from adapters.base import WireRequest, WireResponse
from harness import registry
from harness.gateway.config import Route
from harness.gateway.errors import GatewayError
from harness.transport import RoutingTransport, shared_ssl_context


class Upstream:
    """The backends' HTTP clients, one per destination, and the live credentials."""

    def __init__(self, *, timeout: float, live: bool) -> None:
        self._timeout = timeout
        self._live = live
        self._clients: dict[str | None, httpx.Client] = {}
        self._auth: dict[str, httpx.Auth | None] = {}
        self._lock = threading.Lock()

    def open(self, wire: WireRequest, route: Route, extra: Mapping[str, str]) -> httpx.Response:
        """Send ``wire`` and return the response with its body still unread (close it);
        a backend that cannot be reached is a GatewayError (504 on a timeout, else 500)."""
        client = self._client(route.aim_at)
        headers = {**wire.headers, **extra}
        request = client.build_request(wire.method, wire.url, headers=headers, content=wire.body)
        try:
            return client.send(request, auth=self._auth_for(route), stream=True)
        except httpx.TimeoutException:
            raise GatewayError(504, f"the {route.target} backend did not answer in time") from None
        except httpx.HTTPError as exc:
            raise GatewayError(
                500, f"the {route.target} backend could not be reached: {type(exc).__name__}"
            ) from None

    def close(self) -> None:
        with self._lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()

    def _client(self, aim_at: str | None) -> httpx.Client:
        with self._lock:
            client = self._clients.get(aim_at)
            if client is None:
                inner = httpx.HTTPTransport(verify=shared_ssl_context())
                transport = RoutingTransport(redirect_to=aim_at, inner=inner) if aim_at else inner
                client = httpx.Client(
                    transport=transport, timeout=self._timeout, follow_redirects=False
                )
                self._clients[aim_at] = client
            return client

    def _auth_for(self, route: Route) -> httpx.Auth | None:
        if not self._live:
            return None
        with self._lock:
            if route.target not in self._auth:
                adapter = registry.adapter(route.target)
                self._auth[route.target] = adapter.build_auth(route.settings, True)
            return self._auth[route.target]


def response_head(response: httpx.Response, body: bytes = b"") -> WireResponse:
    """The response's status and headers (lower-case; ``content-encoding`` dropped, as the
    body is read decoded) with ``body``."""
    headers = {k.lower(): v for k, v in response.headers.items()}
    if headers.pop("content-encoding", None) is not None:
        headers.pop("content-length", None)
    return WireResponse(response.status_code, headers, body)


def read_all(response: httpx.Response, target: str) -> WireResponse:
    """The whole response; a body cut short is a GatewayError."""
    try:
        body = b"".join(response.iter_bytes())
    except httpx.HTTPError as exc:
        raise GatewayError(
            500, f"the {target} backend's response broke off: {type(exc).__name__}"
        ) from None
    finally:
        response.close()
    return response_head(response, body)


def iter_body(response: httpx.Response) -> Iterator[bytes]:
    """The body's pieces as they arrive (closing the response at the end); a body cut short
    raises httpx.HTTPError to the reader."""
    try:
        for chunk in response.iter_bytes():
            if chunk:
                yield chunk
    finally:
        response.close()
