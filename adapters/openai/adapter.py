"""The OpenAI chat-completions adapter: Anthropic calls onto ``POST /chat/completions``."""

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
from adapters.openai import auth, request, stream
from adapters.openai import response as responses


class OpenAIAdapter:
    """Messages become chat completions; completions, chunks and errors come back Anthropic."""

    name = "openai"

    def encode_request(self, call: Call, settings: TargetSettings) -> WireRequest:
        return request.encode_request(call, settings)

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        return responses.decode_response(call, response)

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        return stream.decode_stream(call, chunks)

    def build_auth(self, settings: TargetSettings, live: bool) -> httpx.Auth | None:
        return auth.build_auth(settings, live)


ADAPTER = OpenAIAdapter()
