"""The simulated Messages API renders every message reply and count-tokens reply as the
official SDK (0.125, API version 2023-06-01) parses it."""

from __future__ import annotations

import anthropic
import pytest

from tests.harness.simulator.anthropic.support import (
    MESSAGES,
    MODEL,
    PROMPT,
    expected_message,
    scenario,
)

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_parses_every_message_reply(client: anthropic.Anthropic, name: str) -> None:
    raw = client.messages.with_raw_response.create(
        model=MODEL, max_tokens=64, messages=PROMPT, extra_headers=scenario(name)
    )
    message = raw.parse()
    assert message.id.startswith("msg_01")
    assert message.to_dict() == expected_message(name, message.id)
    assert raw.headers["request-id"].startswith("req_01")
    assert raw.headers["content-type"] == "application/json"


def test_sdk_count_tokens(client: anthropic.Anthropic) -> None:
    counted = client.messages.count_tokens(
        model=MODEL, messages=PROMPT, extra_headers=scenario("count")
    )
    assert counted.input_tokens == 1234
