"""The contract every backend adapter fulfils: wire types, the call, settings, errors.

An adapter is the reference translator for one target. It maps an Anthropic call onto the
target's wire request, and maps the target's wire response (JSON body or byte stream) back to
Anthropic form. Plain dicts flow through; nothing here knows about scenarios or verdicts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import httpx

from adapters import limits
from adapters.protocol.validity import body_violations, stream_violations

JSON = dict[str, Any]
Endpoint = Literal["messages", "count_tokens"]

DEFAULT_API_VERSION = "2023-06-01"
API_VERSIONS = ("2023-06-01", "2026-10-21")


class TranslationError(Exception):
    """The request or response cannot be expressed on the other side.

    `path` names the field (JSON-pointer-like, e.g. ``messages[2].content[0].source``).
    """

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class MissingCredentialsError(RuntimeError):
    """Live credentials for a target are not configured; the message names what to set."""


@dataclass(frozen=True)
class Call:
    """What an Anthropic client asks for: endpoint, body (model already resolved), version."""

    endpoint: Endpoint
    body: JSON
    api_version: str = DEFAULT_API_VERSION
    betas: tuple[str, ...] = ()

    @property
    def stream(self) -> bool:
        """Whether the call asks for a streamed reply (a messages call with ``stream`` true);
        a count-tokens call never streams."""
        return self.endpoint == "messages" and bool(self.body.get("stream"))


@dataclass(frozen=True)
class TargetSettings:
    """One target's configuration: where it lives and how it is addressed.

    ``base_url`` overrides the target's public endpoint (a gateway, the simulator).
    ``options`` carries target-specific knobs (e.g. OpenAI's max-tokens field name).
    """

    name: str
    region: str | None = None
    project: str | None = None
    base_url: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WireRequest:
    """Exactly what goes over HTTP to the backend. ``body`` is the exact bytes sent.
    ``warnings`` are doubts about the request that do not stop it (a model id the backend
    will most likely not know, say), for a tool to show its user; they are not sent."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | None
    warnings: tuple[str, ...] = ()

    def json(self) -> Any:
        """The body parsed as JSON (None without a body); ValueError when it is not JSON."""
        return None if self.body is None else json.loads(self.body)

    def to_dict(self) -> JSON:
        """The printable form used by `parity translate request` and golden requests."""
        body: Any
        try:
            body = self.json()
        except ValueError:
            body = None if self.body is None else self.body.decode("utf-8", "replace")
        return {"method": self.method, "url": self.url, "headers": dict(self.headers), "body": body}


@dataclass(frozen=True)
class WireResponse:
    """Exactly what came back: status, headers (lower-case names) and the raw body bytes."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        """The media type of the ``content-type`` header, lower-case and without parameters
        (``text/event-stream; charset=utf-8`` -> ``text/event-stream``); "" when absent."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class Translated:
    """A backend's complete response in Anthropic form: the HTTP status an Anthropic client
    would see, and the JSON body (a Message, a count_tokens result or an error envelope)."""

    status: int
    body: JSON


@dataclass(frozen=True)
class StreamResult:
    """Anthropic-form stream events decoded from a backend stream, in arrival order.

    ``events`` are the event data objects (``{"type": "message_start", ...}``);
    ``names`` the SSE event names as they would be sent (equal to ``type`` when well formed);
    ``problems`` are decoding faults the adapter noticed but could carry on past.
    """

    events: list[JSON]
    names: list[str]
    problems: list[str] = field(default_factory=list)


class Adapter(Protocol):
    """The reference translator for one target. The same method names in every backend."""

    name: str
    credential_headers: tuple[str, ...]
    """The request headers that carry this target's credentials (lower-case): scrubbed from
    every cassette and result, whatever else a recording writes."""

    def encode_request(self, call: Call, settings: TargetSettings) -> WireRequest:
        """Map an Anthropic call to the target's wire request, credentials as placeholders."""
        ...

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        """Map a complete response that is not a 2xx stream (any status; a streaming call
        that failed up front answers JSON) to Anthropic form."""
        ...

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        """Map a 2xx streaming body, fed chunk by chunk in any split, to Anthropic events."""
        ...

    def build_auth(self, settings: TargetSettings, live: bool) -> httpx.Auth | None:
        """The httpx auth that fills in real credentials (``live``), or None to leave the
        placeholders of `encode_request` in place (replay, simulator)."""
        ...


@dataclass
class ModuleAdapter:
    """An `Adapter` assembled from its target's modules (``request``, ``response``,
    ``stream``, ``auth``): each method hands the call to the module that does that job.

    It is also where data enters and leaves the translator, so every target is held to the
    same rules here, once: the call is checked against `adapters.limits` before any module
    sees it (a breach is a TranslationError naming the field), a translated JSON body that
    is not valid Anthropic form is a TranslationError, and a stream whose decoder reported
    no problem but whose events break the schema or grammar gets those breaches as problems.
    """

    name: str
    encode: Callable[[Call, TargetSettings], WireRequest]
    decode: Callable[[Call, WireResponse], Translated]
    decode_chunks: Callable[[Call, Iterable[bytes]], StreamResult]
    auth: Callable[[TargetSettings, bool], httpx.Auth | None]
    credential_headers: tuple[str, ...] = ()

    def encode_request(self, call: Call, settings: TargetSettings) -> WireRequest:
        _check_call(call)
        return self.encode(call, settings)

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        _check_call(call)
        translated = self.decode(call, response)
        found = body_violations(translated.body, translated.status, call.endpoint)
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise TranslationError(
                f"the translated HTTP {translated.status} body is not valid Anthropic JSON: "
                f"{found[0].message}{more}",
                path=f"body.{found[0].path}" if found[0].path else "body",
            )
        return translated

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        _check_call(call)
        result = self.decode_chunks(call, chunks)
        if not result.problems:
            found = stream_violations(result.events, result.names)
            result.problems.extend(
                f"the decoded stream is not valid Anthropic: {v.path or 'stream'}: {v.message}"
                for v in found[:_SHOWN_VIOLATIONS]
            )
            if len(found) > _SHOWN_VIOLATIONS:
                result.problems.append(f"... and {len(found) - _SHOWN_VIOLATIONS} more")
        return result

    def build_auth(self, settings: TargetSettings, live: bool) -> httpx.Auth | None:
        return self.auth(settings, live)


_SHOWN_VIOLATIONS = 5


def _check_call(call: Call) -> None:
    """The call within `adapters.limits`: a TranslationError naming the field otherwise."""
    if not isinstance(call.body, dict):
        raise TranslationError("the request body must be a JSON object", path="body")
    try:
        limits.check_value(call.body)
        limits.check_value(list(call.betas), "betas")
        limits.check_value(call.api_version, "api_version")
    except limits.LimitError as exc:
        raise TranslationError(exc.message, path=exc.path or "body") from None


def chunks_only(
    decode: Callable[[Iterable[bytes]], StreamResult],
) -> Callable[[Call, Iterable[bytes]], StreamResult]:
    """A stream decoder that needs only the bytes, in the shape `ModuleAdapter` takes."""
    return lambda _call, chunks: decode(chunks)
