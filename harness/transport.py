"""Transport: send a wire request with httpx and hand back the raw response and its chunks.

Auth is pluggable (an ``httpx.Auth`` from the adapter, or none to keep placeholders).
`RoutingTransport` can aim requests at the simulator while they keep their real URL for the
cassette, and can re-split response bodies into small chunks to test stream decoders.
"""

from __future__ import annotations

import functools
import ssl
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import certifi
import httpx

from adapters.base import WireRequest, WireResponse
from harness.secrets import REDACTED, is_secret_header

SCENARIO_HEADER = "x-parity-scenario"
"""Names the scenario to the simulator when recording from it; never recorded."""


@dataclass
class RecordingLog:
    """What a recording sent, kept off the wire: for each URL a request was actually sent
    to, the URL the cassette records it under; and every credential value sent, so that the
    cassette can be scrubbed of them and scanned for them before it is written."""

    urls: dict[str, str] = field(default_factory=dict)
    secrets: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Exchange:
    """A response as received: status, headers, body chunks in arrival order, timing."""

    response: WireResponse
    chunks: list[bytes]
    elapsed_ms: float


def resplit(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """``chunks`` re-split into pieces of exactly ``size`` bytes (the last may be shorter)."""
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        whole = len(buffer) - len(buffer) % size
        # slices by offset: cutting the front off each time costs the square of its length
        yield from (buffer[at : at + size] for at in range(0, whole, size))
        buffer = buffer[whole:]
    if buffer:
        yield buffer


class RoutingTransport(httpx.BaseTransport):
    """Wraps ``httpx.HTTPTransport`` for one case's exchange.

    ``redirect_to`` sends the request to another host (the simulator) under its own URL;
    when recording, ``log`` learns the URL the cassette must record it under (``record_as``,
    else the request's own URL, so a request sent to an override base URL is recorded under
    its configured one) and the credential values it carried. ``extra_headers`` are added.
    """

    def __init__(
        self,
        *,
        redirect_to: str | None = None,
        record_as: str | None = None,
        extra_headers: dict[str, str] | None = None,
        log: RecordingLog | None = None,
        inner: httpx.BaseTransport | None = None,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport(verify=shared_ssl_context())
        self._redirect = httpx.URL(redirect_to) if redirect_to else None
        self._record_as = record_as
        self._extra = extra_headers or {}
        self._log = log

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        record_as = self._record_as or str(request.url)
        if self._redirect is not None:
            request.url = request.url.copy_with(
                scheme=self._redirect.scheme, host=self._redirect.host, port=self._redirect.port
            )
            request.headers["host"] = request.url.netloc.decode("ascii")
        for name, value in self._extra.items():
            request.headers[name] = value
        if self._log is not None:
            self._log.urls[str(request.url)] = record_as
            self._log.secrets.update(credential_values(request.headers))
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def redact(exchange: Exchange, secrets: set[str]) -> Exchange:
    """``exchange`` with every value in ``secrets`` replaced by ``<redacted>`` (a response
    that echoes a credential must not carry it into outcomes, goldens or results). The
    body's chunks are joined first, so that a value split across chunks is found."""
    body = exchange.response.body
    for secret in sorted(secrets, key=len, reverse=True):
        body = body.replace(secret.encode(), REDACTED.encode())
    if body == exchange.response.body:
        return exchange
    response = WireResponse(exchange.response.status, exchange.response.headers, body)
    return Exchange(response, [body], exchange.elapsed_ms)


def credential_values(headers: httpx.Headers) -> set[str]:
    """The credential values in ``headers`` (placeholders excluded), whole and by part: the
    token of ``Bearer <token>``, the access key id and signature of a SigV4 header."""
    found: set[str] = set()
    for name, value in headers.items():
        if not is_secret_header(name) or "<" in value:
            continue
        found.add(value)
        scheme, _, rest = value.partition(" ")
        if scheme.lower() == "bearer":
            found.add(rest.strip())
        for part in rest.replace(",", " ").split():
            key, _, item = part.partition("=")
            if key == "Credential":
                found.add(item.split("/")[0])
            elif key == "Signature":
                found.add(item)
    return {v for v in found if len(v) >= 8}


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
    rechunk: int | None = None,
) -> Exchange:
    """Send ``wire`` exactly (its URL, headers and body bytes) and read the whole response;
    with ``rechunk``, its body (decoded) is handed on in pieces of that many bytes, as a
    decoder reading it from the network in such pieces would get it."""
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
    if rechunk:
        chunks = list(resplit(chunks, rechunk))
    headers = {k.lower(): v for k, v in response.headers.items()}
    if headers.pop("content-encoding", None) is not None:  # iter_bytes has decoded it
        headers.pop("content-length", None)
    wire_response = WireResponse(response.status_code, headers, b"".join(chunks))
    return Exchange(wire_response, chunks, (time.perf_counter() - started) * 1000)
