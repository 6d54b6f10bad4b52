"""Anthropic calls become chat-completions requests that the ``openai`` SDK's own request types
accept; every field has its documented mapping, losses are dropped or refused as the target
says, and what cannot be sent is a one-line error naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import Call, TargetSettings, TranslationError
from adapters.openai.request import encode_request
from harness.fronts.openai import to_anthropic
from tests.adapters.openai.request_support import (
    USER,
    WEATHER_TOOL,
    body_for,
    request,
)
from tests.support.corpus import shipped_scenarios

# -- the wire request -------------------------------------------------------------------------


def test_a_plain_call_becomes_a_chat_completion_request() -> None:
    wire = encode_request(Call("messages", request(USER)), TargetSettings("openai"))
    assert wire.method == "POST"
    assert wire.url == "https://api.openai.com/v1/chat/completions"
    assert wire.headers == {
        "content-type": "application/json",
        "authorization": "Bearer <OPENAI_API_KEY>",
    }
    assert wire.body == (
        b'{"model":"gpt-5","messages":[{"role":"user","content":"Weather in Paris?"}],'
        b'"max_completion_tokens":256}'
    )


def test_the_base_url_setting_replaces_the_public_root() -> None:
    settings = TargetSettings("openai", base_url="http://127.0.0.1:8765/v1/")
    wire = encode_request(Call("messages", request(USER)), settings)
    assert wire.url == "http://127.0.0.1:8765/v1/chat/completions"


def test_max_tokens_field_is_configurable() -> None:
    body = body_for(request(USER), max_tokens_field="max_tokens")
    assert body["max_tokens"] == 256 and "max_completion_tokens" not in body


def test_streaming_asks_for_the_usage_chunk() -> None:
    body = body_for(request(USER, stream=True))
    assert body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}


def test_sampling_stop_and_user_fields_map_across() -> None:
    body = body_for(
        request(
            USER,
            temperature=0.2,
            top_p=0.9,
            stop_sequences=["</answer>", "END"],
            metadata={"user_id": "user-canary-7"},
        )
    )
    assert (body["temperature"], body["top_p"]) == (0.2, 0.9)
    assert body["stop"] == ["</answer>", "END"]
    assert body["safety_identifier"] == "user-canary-7"
    assert "user" not in body


def test_the_user_field_option_sends_the_end_user_id_as_user() -> None:
    body = body_for(request(USER, metadata={"user_id": "user-canary-7"}), user_field="user")
    assert body["user"] == "user-canary-7"
    assert "safety_identifier" not in body


def test_a_user_id_longer_than_a_safety_identifier_holds_is_refused() -> None:
    long_id = "canary-" + "x" * 122
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, metadata={"user_id": long_id}))
    assert caught.value.path == "metadata.user_id"
    assert "at most 128" in caught.value.message
    assert body_for(request(USER, metadata={"user_id": long_id}), user_field="user")["user"]
    assert body_for(request(USER, metadata={"user_id": long_id[:128]}))["safety_identifier"]


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [
        ("stop_sequences", "END", "stop_sequences"),
        ("stop_sequences", ["END", 7], "stop_sequences"),
        ("stop_sequences", {"0": "END"}, "stop_sequences"),
        ("metadata", {"user_id": ["user-canary-7"]}, "metadata.user_id"),
    ],
)
def test_a_field_of_the_wrong_shape_is_a_one_line_error_naming_it(
    field: str, value: Any, path: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, **{field: value}))
    assert caught.value.path == path
    assert "\n" not in str(caught.value)


# -- losses and refusals ----------------------------------------------------------------------

LOSSES = [
    ("top_k", request(USER, top_k=5)),
    (
        "thinking",
        request(USER, max_tokens=4000, thinking={"type": "enabled", "budget_tokens": 2048}),
    ),
    ("cache_control", request(USER, cache_control={"type": "ephemeral"})),
    ("thinking", request(USER, thinking={"type": "between_tools"})),
    ("service_tier", request(USER, service_tier="auto")),
    (
        "system[0].cache_control",
        request(
            USER, system=[{"type": "text", "text": "S", "cache_control": {"type": "ephemeral"}}]
        ),
    ),
    (
        "messages[0].content[0].cache_control",
        request(
            {
                "role": "user",
                "content": [{"type": "text", "text": "x", "cache_control": {"type": "ephemeral"}}],
            }
        ),
    ),
    (
        "tools[0].cache_control",
        request(USER, tools=[{**WEATHER_TOOL, "cache_control": {"type": "ephemeral"}}]),
    ),
    (
        "messages[1].content[0]",
        request(
            USER,
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "hm", "signature": "c"},
                    {"type": "text", "text": "Hi"},
                ],
            },
            {"role": "user", "content": "Go on"},
        ),
    ),
    (
        "messages[0].content[0].citations",
        request(
            {
                "role": "user",
                "content": [
                    {
                        "type": "document",
                        "source": {"type": "text", "media_type": "text/plain", "data": "d"},
                        "citations": {"enabled": True},
                    }
                ],
            }
        ),
    ),
]


@pytest.mark.parametrize(("path", "call_body"), LOSSES, ids=[p for p, _ in LOSSES])
def test_losses_are_dropped_by_default(path: str, call_body: dict[str, Any]) -> None:
    body = body_for(call_body)
    text = str(body)
    assert "top_k" not in body and "cache_control" not in text and "thinking" not in text
    assert "citations" not in text and "service_tier" not in body


@pytest.mark.parametrize(("path", "call_body"), LOSSES, ids=[p for p, _ in LOSSES])
def test_losses_are_refused_naming_the_field_when_on_loss_is_error(
    path: str, call_body: dict[str, Any]
) -> None:
    settings = TargetSettings("openai", options={"on_loss": "error"})
    with pytest.raises(TranslationError) as caught:
        encode_request(Call("messages", call_body), settings)
    assert caught.value.path == path
    assert "has no OpenAI chat-completions equivalent" in caught.value.message
    assert "on_loss" in caught.value.message


def test_betas_are_a_loss() -> None:
    call = Call("messages", request(USER), betas=("context-1m-2025-08-07",))
    assert encode_request(call, TargetSettings("openai")).json()["messages"] == [USER]
    with pytest.raises(TranslationError) as caught:
        encode_request(call, TargetSettings("openai", options={"on_loss": "error"}))
    assert caught.value.path == "betas"


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (Call("count_tokens", {"model": "gpt-5", "messages": [USER]}), "endpoint"),
        (Call("messages", request(USER, container="container_canary")), "container"),
        (
            Call(
                "messages",
                request(USER, tools=[{"type": "web_search_20250305", "name": "web_search"}]),
            ),
            "tools[0].type",
        ),
        (
            Call(
                "messages",
                request(
                    {
                        "role": "user",
                        "content": [{"type": "image", "source": {"type": "file", "file_id": "f"}}],
                    }
                ),
            ),
            "messages[0].content[0].source",
        ),
        (Call("messages", request({"role": "system", "content": "x"})), "messages[0].role"),
        (Call("messages", {"max_tokens": 5, "messages": [USER]}), "model"),
        (Call("messages", {"model": "gpt-5", "max_tokens": 5, "messages": "hi"}), "messages"),
    ],
)
def test_what_cannot_be_sent_is_an_error_naming_the_field(call: Call, path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        encode_request(call, TargetSettings("openai"))
    assert caught.value.path == path
    assert "\n" not in str(caught.value)


# -- the starter corpus -----------------------------------------------------------------------


def corpus() -> list[Any]:
    return [pytest.param(s, id=s.id) for s in shipped_scenarios() if s.endpoint == "messages"]


@pytest.mark.parametrize("scenario", corpus())
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_every_corpus_request_is_accepted_by_the_openai_sdk_types(
    scenario: Any, stream: bool
) -> None:
    request = scenario.request
    if scenario.front == "openai":  # the target gets what the front door makes of it
        try:
            request = to_anthropic(request)
        except TranslationError:
            return  # refused at the front door: nothing reaches the target
    body = dict(request, model="gpt-5")
    if stream:
        body["stream"] = True
    # a scenario scripting a 400 sends what the API refuses; its types must still be right
    refused = scenario.reply.get("error", {}).get("status") == 400
    try:
        sent = body_for(body, rules=not refused)
    except TranslationError as exc:  # only what has no OpenAI form at all
        assert exc.path
        assert "cannot" in exc.message or "equivalent" in exc.message
        return
    assert sent["model"] == "gpt-5"


def test_a_base_url_with_user_info_is_a_translation_error() -> None:
    call = Call("messages", {"model": "m", "max_tokens": 1, "messages": []})
    with pytest.raises(TranslationError) as caught:
        encode_request(call, TargetSettings("openai", base_url="https://x@evil.example#"))
    assert caught.value.path == "settings.base_url"
