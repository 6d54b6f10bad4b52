"""The backend simulator: a loopback HTTP server that answers as each backend service would.

`script` renders a scenario's scripted reply in Anthropic form; `server` runs the HTTP server
(its HTTP side in `wire`). Each backend is a package that speaks one service's wire
protocol: `anthropic` (the native Messages API), `vertex` (Claude on Vertex AI),
`bedrock_invoke` and `bedrock_converse` (the two Bedrock runtime APIs, on what `bedrock`
shares, the event-stream frame encoder included) and `openai` (chat completions). Every
backend package has one module per concern, named alike in each: ``routes`` (which paths are
its own), ``validate`` (the refusals the real service gives), ``render`` (the answer as
JSON), ``stream`` (the answer as a stream), ``errors`` (the service's error shapes), and
``content`` where the JSON body and the stream share a reply's parts; a backend with nothing
for a concern has no such module. Each exports its backend class and ``make_backend``. The
server tries its backends in order and the first whose route matches the request answers it.

This module holds the vocabulary the server and the backends share, so that backends depend
on it rather than on the server.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from adapters.base import JSON as JSON  # the simulator's modules use it from here
from adapters.base import Endpoint
from adapters.protocol.sse import encode_events

if TYPE_CHECKING:
    from harness.canonical import Difference

SIMULATOR_ERROR_HEADER = "x-parity-simulator-error"
"""Marks a response as the simulator's own failure, not a scripted answer (never recorded)."""

NEUTRAL_MESSAGE = "The request does not match any prepared conversation."
"""What a client is told when no scenario answers its request: a plain 400 in the backend's
own error shape, worded so that no gateway takes it for rate limiting, overload, a credential
or signature problem, or a condition worth retrying."""


@dataclass(frozen=True)
class SimRequest:
    """One HTTP request as received: ``path`` without the query, header names lower-case."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def digest(self) -> str:
        """A seed for ids when no scenario answers: a digest of the request line and body."""
        digest = hashlib.sha256(f"{self.method} {self.path}\n".encode() + self.body)
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Script:
    """The scripted answer to a request: the scenario it comes from and its ``reply``."""

    scenario_id: str
    reply: JSON


@dataclass(frozen=True)
class Rejection:
    """A refusal, rendered in the matched backend's own error shape."""

    status: int
    message: str


@dataclass(frozen=True)
class Unplaced(Rejection):
    """A request no scenario answers. The client gets only the neutral ``message``; why
    (``reason``), the ``closest`` scenario and every difference from its request go to the
    simulator's journal."""

    reason: str = ""
    closest: str | None = None
    differences: tuple[Difference, ...] = ()

    @classmethod
    def because(
        cls, reason: str, closest: str | None = None, differences: tuple[Difference, ...] = ()
    ) -> Unplaced:
        """The neutral 400 for a request that could not be placed, and why."""
        return cls(400, NEUTRAL_MESSAGE, reason, closest, differences)


Resolver = Callable[[str, SimRequest], Script | Rejection]
"""Decides the answer to a request: called with the backend's target name and the request."""


@dataclass(frozen=True)
class Route:
    """A request path a backend recognised as its own: the endpoint and the path parameters
    (for example project, region and model)."""

    endpoint: Endpoint
    params: Mapping[str, str] = field(default_factory=dict)
    resolve_as: SimRequest | None = None
    """The request the resolver places instead of the one received, when the operation
    wraps another (Bedrock's CountTokens carries an InvokeModel or Converse request)."""


@dataclass(frozen=True)
class SimResponse:
    """What the server sends. ``stream_seed`` set: the body goes out with chunked transfer
    encoding, cut at byte boundaries drawn from that seed; otherwise with content-length."""

    status: int
    headers: dict[str, str]
    body: bytes
    stream_seed: str | None = None

    @classmethod
    def of_json(
        cls,
        status: int,
        body: Any,
        headers: Mapping[str, str] | None = None,
        *,
        content_type: str = "application/json",
        indent: int | None = None,
    ) -> SimResponse:
        """A JSON response (compact unless ``indent`` is given)."""
        separators = (",", ":") if indent is None else (",", ": ")
        data = json.dumps(body, ensure_ascii=False, indent=indent, separators=separators)
        return cls(status, {"content-type": content_type, **(headers or {})}, data.encode())

    @classmethod
    def of_events(
        cls, events: list[JSON], headers: Mapping[str, str] | None = None, *, seed: str | None
    ) -> SimResponse:
        """A 200 server-sent-event stream of Anthropic events, sent in chunks drawn from
        ``seed`` (None: whole, with content-length)."""
        return cls.of_sse(encode_events(events), headers, seed=seed)

    @classmethod
    def of_sse(
        cls, body: bytes, headers: Mapping[str, str] | None = None, *, seed: str | None
    ) -> SimResponse:
        """A 200 server-sent-event stream whose ``body`` is already encoded, sent as
        `of_events` sends its events."""
        head = {"content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache"}
        return cls(200, {**head, **(headers or {})}, body, stream_seed=seed)


class Backend(Protocol):
    """One simulated service. ``name`` is the target name handed to the resolver;
    ``routes`` describes the paths it serves (for the unknown-path message)."""

    name: str
    routes: tuple[str, ...]

    def route(self, request: SimRequest) -> Route | None:
        """The route ``request`` addresses, or None when the path is not this service's."""
        ...

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        """A Rejection for a request the real service would refuse, else None."""
        ...

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        """The response the service sends for ``answer``."""
        ...


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an ``authorization: Bearer <token>`` header (scheme in any case), or None
    when there is no such header or its token is blank."""
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def read_json_object(body: bytes) -> JSON:
    """The request body as a JSON object; ValueError with a readable reason otherwise."""
    try:
        value = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the request body is not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise ValueError("the request body must be a JSON object")
    return value


def is_base64(text: str) -> bool:
    """Whether ``text`` is standard base64 (alphabet and padding checked), as the services
    check the image data a request carries."""
    try:
        base64.b64decode(text, validate=True)
    except ValueError:  # binascii.Error is a ValueError
        return False
    return True
