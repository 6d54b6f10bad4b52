"""The official SDKs as oracles for the adapters' tests.

- `sdk_requests(sdk, calls)`: what `Anthropic` / `AnthropicVertex` put on the wire. It drives
  the 0.125 SDK (on httpx) or the 2.12 SDK (on httpx2, from ``.venv/sdk2``) in a subprocess,
  each client pointed at a MockTransport that records the request and answers a minimal valid
  reply. One subprocess runs a whole batch, so a test module asks once for all its cases.
- `sdk_error(translated)`: the exception the 0.125 `Anthropic` client raises when it receives
  a translated error, i.e. what a client of the translation gets to handle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import anthropic
import httpx
import pytest

from adapters.base import Translated
from tests.support.sdk_oracle import Sdk, run_driver

SdkRequests = Callable[[Sdk, list[dict[str, Any]]], list[dict[str, Any]]]


def _run(sdk: Sdk, calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return run_driver(sdk, calls, hide_env=("ANTHROPIC_", "CLOUD_ML_", "GOOGLE_"))


@pytest.fixture(scope="session")
def sdk_requests() -> SdkRequests:
    """``sdk_requests(sdk, calls)``: the requests the official SDK sends for ``calls``."""
    return _run


def _raise(translated: Translated) -> anthropic.APIStatusError:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(translated.status, json=translated.body)

    client = anthropic.Anthropic(
        api_key="canary-key",
        max_retries=0,
        http_client=httpx.Client(transport=httpx.MockTransport(answer)),
    )
    with pytest.raises(anthropic.APIStatusError) as caught:
        client.messages.create(
            model="claude-sonnet-4-5", max_tokens=8, messages=[{"role": "user", "content": "hi"}]
        )
    return caught.value


@pytest.fixture(scope="session")
def sdk_error() -> Callable[[Translated], anthropic.APIStatusError]:
    """``sdk_error(translated)``: the exception `Anthropic` raises on receiving it."""
    return _raise
