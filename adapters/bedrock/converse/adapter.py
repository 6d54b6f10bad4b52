"""The ``bedrock-converse`` adapter: calls mapped onto Converse / ConverseStream, replies and
streams mapped back to Anthropic form, Bedrock errors mapped to Anthropic's."""

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
from adapters.bedrock import auth
from adapters.bedrock.converse import request, stream
from adapters.bedrock.converse import response as responses


class BedrockConverseAdapter:
    """Everything Converse can express, mapped exactly; the rest refused by name."""

    name = "bedrock-converse"

    def encode_request(self, call: Call, settings: TargetSettings) -> WireRequest:
        return request.encode_request(call, settings)

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        return responses.decode_response(call, response)

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        return stream.decode_stream(call, chunks)

    def build_auth(self, settings: TargetSettings, live: bool) -> httpx.Auth | None:
        return auth.build_auth(settings, live)


ADAPTER = BedrockConverseAdapter()
