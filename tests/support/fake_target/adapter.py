"""The translator of "fakecloud": Anthropic bodies (model in the path) at
``POST {base}/fake/v1/models/{model}:chat``; the key travels in an ``api-key`` header."""

from __future__ import annotations

import json
import os
from collections.abc import Generator

import httpx

from adapters.anthropic import response, stream
from adapters.base import (
    Call,
    MissingCredentialsError,
    ModuleAdapter,
    TargetSettings,
    WireRequest,
    chunks_only,
)

KEY_PLACEHOLDER = "<FAKECLOUD_API_KEY>"


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    body = dict(call.body)
    model = body.pop("model")
    base = settings.base_url or "https://fakecloud.invalid"
    return WireRequest(
        "POST",
        f"{base}/fake/v1/models/{model}:chat",
        {"content-type": "application/json", "api-key": KEY_PLACEHOLDER},
        json.dumps(body).encode(),
    )


class _KeyAuth(httpx.Auth):
    def __init__(self, key: str) -> None:
        self._key = key

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["api-key"] = self._key
        yield request


def build_auth(settings: TargetSettings, live: bool) -> httpx.Auth | None:
    if not live:
        return None
    key = os.environ.get("FAKECLOUD_API_KEY")
    if not key:
        raise MissingCredentialsError("set FAKECLOUD_API_KEY")
    return _KeyAuth(key)


ADAPTER = ModuleAdapter(
    name="fakecloud",
    encode=encode_request,
    decode=response.decode_response,
    decode_chunks=chunks_only(stream.decode_stream),
    auth=build_auth,
    credential_headers=("api-key",),
)
