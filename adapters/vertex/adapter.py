"""The Claude on Vertex AI adapter: native bodies over ``rawPredict`` / ``streamRawPredict``."""

from __future__ import annotations

from collections.abc import Iterable

import httpx

from adapters.base import (
    Call,
    StreamResult,
    TargetSettings,
    Translated,
    WireRequest,
    WireResponse,
)
from adapters.vertex import auth, request, stream
from adapters.vertex import response as responses


class VertexAdapter:
    """Requests shaped as ``AnthropicVertex`` shapes them; Google errors mapped to Anthropic's."""

    name = "vertex"

    def encode_request(self, call: Call, settings: TargetSettings) -> WireRequest:
        return request.encode_request(call, settings)

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        return responses.decode_response(call, response)

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        return stream.decode_stream(chunks)

    def build_auth(self, settings: TargetSettings, live: bool) -> httpx.Auth | None:
        return auth.build_auth(settings, live)


ADAPTER = VertexAdapter()
