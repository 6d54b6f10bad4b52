"""The simulated Messages API's routes: the beta path the SDK's beta client uses is served."""

from __future__ import annotations

import anthropic
import pytest

from tests.harness.simulator.anthropic.support import MODEL, PROMPT, scenario
from tests.support.scripted import ScriptedResolver

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_sdk_beta_messages_use_the_beta_path(
    client: anthropic.Anthropic, recorder: ScriptedResolver
) -> None:
    message = client.beta.messages.create(
        model=MODEL,
        max_tokens=64,
        messages=[{"role": "user", "content": "Hello"}],
        betas=["canary-beta-2025-01-01"],
        extra_headers=scenario("text"),
    )
    assert message.content[0].type == "text"
    _, request = recorder.calls[-1]
    assert request.query == "beta=true"
    assert request.headers["anthropic-beta"] == "canary-beta-2025-01-01"


def test_sdk_beta_count_tokens_uses_the_beta_path(
    client: anthropic.Anthropic, recorder: ScriptedResolver
) -> None:
    counted = client.beta.messages.count_tokens(
        model=MODEL, messages=PROMPT, extra_headers=scenario("count")
    )
    assert counted.input_tokens == 1234
    request = recorder.requests[-1]
    assert (request.path, request.query) == ("/v1/messages/count_tokens", "beta=true")
