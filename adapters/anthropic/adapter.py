"""The native Anthropic API adapter: the canonical target the other backends are held to."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from adapters.anthropic import auth, request, stream
from adapters.anthropic import response as responses
from adapters.base import (
    Call,
    StreamResult,
    TargetSettings,
    Translated,
    WireRequest,
    WireResponse,
)


class AnthropicAdapter:
    """Calls go out as the official SDK sends them; answers come back unchanged."""

    name = "anthropic"

    def encode_request(self, call: Call, settings: TargetSettings) -> WireRequest:
        return request.encode_request(call, settings)

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        return responses.decode_response(call, response)

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        return stream.decode_stream(chunks)

    def build_auth(self, settings: TargetSettings, live: bool) -> httpx.Auth | None:
        return auth.build_auth(settings, live)


ADAPTER = AnthropicAdapter()
