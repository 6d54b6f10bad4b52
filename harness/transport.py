"""Transport: send a wire request with httpx and hand back the raw response and its chunks.

Auth is pluggable (an ``httpx.Auth`` from the adapter, or none to keep placeholders).
`RoutingTransport` can aim requests at the simulator while they keep their real URL for the
cassette, and can re-split response bodies into small chunks to test stream decoders.
"""

from __future__ import annotations

import functools
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass

import certifi
import httpx

from adapters.base import WireRequest, WireResponse

ORIGINAL_URL_HEADER = "x-parity-original-url"
SCENARIO_HEADER = "x-parity-scenario"
INTERNAL_HEADERS = (ORIGINAL_URL_HEADER, SCENARIO_HEADER)


@dataclass(frozen=True)
class Exchange:
    """A response as received: status, headers, body chunks in arrival order, timing."""

    response: WireResponse
    chunks: list[bytes]
    elapsed_ms: float


class RechunkStream(httpx.SyncByteStream):
    """Re-splits a byte stream into pieces of exactly ``size`` bytes (the last may be shorter)."""

    def __init__(self, inner: httpx.SyncByteStream, size: int) -> None:
        self._inner = inner
        self._size = size

    def __iter__(self) -> Iterator[bytes]:
        buffer = b""
        for chunk in self._inner:
            buffer += chunk
            while len(buffer) >= self._size:
                yield buffer[: self._size]
                buffer = buffer[self._size :]
        if buffer:
            yield buffer

    def close(self) -> None:
        self._inner.close()


class RoutingTransport(httpx.BaseTransport):
    """Wraps ``httpx.HTTPTransport``: optional redirect to ``redirect_to`` (a base URL such as
    the simulator's), extra headers, and optional re-chunking of response bodies."""

    def __init__(
        self,
        *,
        redirect_to: str | None = None,
        extra_headers: dict[str, str] | None = None,
        rechunk: int | None = None,
        inner: httpx.BaseTransport | None = None,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport(verify=shared_ssl_context())
        self._redirect = httpx.URL(redirect_to) if redirect_to else None
        self._extra = extra_headers or {}
        self._rechunk = rechunk

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self._redirect is not None:
            request.headers[ORIGINAL_URL_HEADER] = str(request.url)
            request.url = request.url.copy_with(
                scheme=self._redirect.scheme, host=self._redirect.host, port=self._redirect.port
            )
            request.headers["host"] = request.url.netloc.decode("ascii")
        for name, value in self._extra.items():
            request.headers[name] = value
        response = self._inner.handle_request(request)
        if self._rechunk:
            assert isinstance(response.stream, httpx.SyncByteStream)
            return httpx.Response(
                response.status_code,
                headers=response.headers,
                stream=RechunkStream(response.stream, self._rechunk),
                extensions=response.extensions,
                request=request,
            )
        return response

    def close(self) -> None:
        self._inner.close()


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """One verifying TLS context for every transport: loading the CA bundle is the most
    expensive step of building a transport, and the bundle does not change during a run."""
    return ssl.create_default_context(cafile=certifi.where())


def send(
    wire: WireRequest,
    *,
    transport: httpx.BaseTransport,
    auth: httpx.Auth | None = None,
    timeout: float = 60.0,
) -> Exchange:
    """Send ``wire`` exactly (its URL, headers and body bytes) and read the whole response."""
    started = time.perf_counter()
    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=False) as client:
        request = client.build_request(
            wire.method, wire.url, headers=wire.headers, content=wire.body
        )
        response = client.send(request, auth=auth, stream=True)
        try:
            chunks = [chunk for chunk in response.iter_bytes() if chunk]
        finally:
            response.close()
    headers = {k.lower(): v for k, v in response.headers.items()}
    if headers.pop("content-encoding", None) is not None:  # iter_bytes has decoded it
        headers.pop("content-length", None)
    wire_response = WireResponse(response.status_code, headers, b"".join(chunks))
    return Exchange(wire_response, chunks, (time.perf_counter() - started) * 1000)
