"""The ``bedrock-invoke`` adapter: Anthropic bodies over InvokeModel, events from
InvokeModelWithResponseStream, Bedrock errors mapped to Anthropic's."""

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
from adapters.bedrock.invoke import request, stream
from adapters.bedrock.invoke import response as responses


class BedrockInvokeAdapter:
    """Requests shaped as ``AnthropicBedrock`` shapes them; streams decoded with botocore."""

    name = "bedrock-invoke"

    def encode_request(self, call: Call, settings: TargetSettings) -> WireRequest:
        return request.encode_request(call, settings)

    def decode_response(self, call: Call, response: WireResponse) -> Translated:
        return responses.decode_response(call, response)

    def decode_stream(self, call: Call, chunks: Iterable[bytes]) -> StreamResult:
        return stream.decode_stream(chunks)

    def build_auth(self, settings: TargetSettings, live: bool) -> httpx.Auth | None:
        return auth.build_auth(settings, live)


ADAPTER = BedrockInvokeAdapter()
