"""The simulated chat-completions endpoint serves only its own path."""

from __future__ import annotations

import pytest

from harness.simulator import SimRequest
from harness.simulator.openai import OpenAIBackend

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])


def test_only_the_chat_completions_path_is_served() -> None:
    backend = OpenAIBackend()
    assert backend.route(SimRequest("POST", "/v1/chat/completions", "", {}, b"")) is not None
    assert backend.route(SimRequest("GET", "/v1/chat/completions", "", {}, b"")) is None
    assert backend.route(SimRequest("POST", "/v1/messages", "", {}, b"")) is None
