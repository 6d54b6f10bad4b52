"""The simulated chat-completions endpoint renders every message reply as the official
``openai`` SDK parses it."""

from __future__ import annotations

from typing import Any

import openai
import pytest

from tests.harness.simulator.openai.support import MESSAGES, MODEL, PROMPT, scenario, tool_calls
from tests.support.citations import CITED_TEXT

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

# (expected content, tool calls, finish_reason, prompt, cached, cache writes, completion)
EXPECTED: dict[str, tuple[str | None, list[tuple[str, str, str]], str, int, Any, Any, int]] = {
    "text": ("Hello! How can I help you today?", [], "stop", 10, None, None, 9),
    "cited": (CITED_TEXT, [], "stop", 1200, None, None, 21),
    "parallel": (
        "Let me check both.",
        [
            ("call_canary1", "get_time", '{"tz": "Asia/Tokyo"}'),
            ("call_canary2", "get_weather", '{"city": "Tokyo"}'),
        ],
        "tool_calls",
        412,
        None,
        None,
        57,
    ),
    "length": ("The first part of a long", [], "length", 5, None, None, 6),
    "refusal": ("I can't help with that.", [], "content_filter", 5, None, None, 7),
    "cached": ("From the cache.", [], "stop", 2160, 2048, 100, 5),
    "thinking": ("4", [], "stop", 8, None, None, 30),
}


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_parses_every_completion(client: openai.OpenAI, name: str) -> None:
    raw = client.chat.completions.with_raw_response.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario(name)
    )
    completion = raw.parse()
    text, calls, finish, prompt, cached, written, output = EXPECTED[name]
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-") and len(completion.id) == 38
    assert completion.model == MODEL
    (choice,) = completion.choices
    assert choice.index == 0 and choice.finish_reason == finish
    assert choice.message.role == "assistant" and choice.message.content == text
    assert tool_calls(choice.message) == calls
    usage = completion.usage
    assert usage is not None and usage.prompt_tokens_details is not None
    assert (usage.prompt_tokens, usage.completion_tokens) == (prompt, output)
    assert usage.total_tokens == prompt + output
    assert usage.prompt_tokens_details.cached_tokens == cached
    assert usage.prompt_tokens_details.cache_write_tokens == written
    assert raw.headers["x-request-id"].startswith("req_")


def test_a_refusal_worded_as_openai_does_is_in_the_refusal_field_finishing_with_stop(
    client: openai.OpenAI,
) -> None:
    completion = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario("refusal-field")
    )
    (choice,) = completion.choices
    assert choice.message.content is None
    assert choice.message.refusal == "I can't help with that."
    assert choice.finish_reason == "stop"
