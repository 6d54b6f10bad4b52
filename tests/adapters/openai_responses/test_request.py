"""Anthropic calls become Responses requests that the ``openai`` SDK's own Responses request
types accept: ``store: false`` always, ``max_output_tokens``, sampling, tools, reasoning with
its encrypted content, the end-user id; losses are dropped or refused as the target says, and
what cannot be sent is a one-line error naming the field."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import Call, TargetSettings, TranslationError
from adapters.openai_responses.request import encode_request
from tests.adapters.openai_responses.request_support import (
    USER,
    WEATHER_TOOL,
    body_for,
    request,
    sdk_accepts,
)
from tests.support.corpus import shipped_scenarios


def test_a_plain_call_becomes_a_responses_request() -> None:
    wire = encode_request(Call("messages", request(USER)), TargetSettings("openai-responses"))
    assert wire.method == "POST"
    assert wire.url == "https://api.openai.com/v1/responses"
    assert wire.headers == {
        "content-type": "application/json",
        "authorization": "Bearer <OPENAI_API_KEY>",
    }
    assert wire.json() == {
        "model": "gpt-5",
        "input": [{"type": "message", "role": "user", "content": "Weather in Paris?"}],
        "max_output_tokens": 256,
        "store": False,
    }


def test_the_base_url_setting_replaces_the_public_root() -> None:
    settings = TargetSettings("openai-responses", base_url="http://127.0.0.1:8765/v1/")
    wire = encode_request(Call("messages", request(USER)), settings)
    assert wire.url == "http://127.0.0.1:8765/v1/responses"


def test_streaming_sets_stream_and_nothing_else() -> None:
    body = body_for(request(USER, stream=True))
    assert body["stream"] is True
    assert "stream_options" not in body


def test_sampling_and_the_end_user_map_across() -> None:
    body = body_for(request(USER, temperature=0.2, top_p=0.9, metadata={"user_id": "u-42"}))
    assert (body["temperature"], body["top_p"]) == (0.2, 0.9)
    assert body["safety_identifier"] == "u-42"
    assert (
        body_for(request(USER, metadata={"user_id": "u-42"}), user_field="user")["user"] == "u-42"
    )


def test_a_string_system_is_the_instructions() -> None:
    body = body_for(request(USER, system="Be brief."))
    assert body["instructions"] == "Be brief."
    assert body["input"][0]["role"] == "user"


def test_system_blocks_are_a_leading_system_message_keeping_their_boundaries() -> None:
    system = [{"type": "text", "text": "Be brief."}, {"type": "text", "text": "Use metric."}]
    body = body_for(request(USER, system=system))
    assert "instructions" not in body
    assert body["input"][0] == {
        "type": "message",
        "role": "system",
        "content": [
            {"type": "input_text", "text": "Be brief."},
            {"type": "input_text", "text": "Use metric."},
        ],
    }


def test_thinking_asks_for_reasoning_its_summary_and_its_encrypted_content() -> None:
    body = body_for(request(USER, thinking={"type": "enabled", "budget_tokens": 2048}))
    assert body["reasoning"] == {"effort": "low", "summary": "auto"}
    assert body["include"] == ["reasoning.encrypted_content"]
    assert body["store"] is False


def test_tools_and_tool_choice_map_across() -> None:
    choice = {"type": "any", "disable_parallel_tool_use": True}
    body = body_for(request(USER, tools=[WEATHER_TOOL], tool_choice=choice))
    assert body["tools"][0]["type"] == "function"
    assert body["tool_choice"] == "required"
    assert body["parallel_tool_calls"] is False


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stop_sequences", ["\n\nQ:"]),
        ("top_k", 40),
        ("service_tier", "auto"),
        ("cache_control", {"type": "ephemeral"}),
        ("thinking", {"type": "between_tools"}),
    ],
)
def test_what_responses_cannot_carry_is_dropped_or_refused_by_on_loss(
    field: str, value: Any
) -> None:
    body = body_for(request(USER, **{field: value}))
    assert field not in body and "stop" not in body and "top_k" not in body
    assert "reasoning" not in body
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, **{field: value}), on_loss="error")
    assert caught.value.path == field
    assert "on_loss is 'error'" in caught.value.message


def test_betas_are_a_loss_too() -> None:
    call = Call("messages", request(USER), betas=("context-1m-2025-08-07",))
    settings = TargetSettings("openai-responses", options={"on_loss": "error"})
    with pytest.raises(TranslationError) as caught:
        encode_request(call, settings)
    assert caught.value.path == "betas"


def test_an_unknown_field_is_an_error_naming_it() -> None:
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, container="c-1"))
    assert caught.value.path == "container"


def test_an_unknown_option_is_an_error_naming_it() -> None:
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER), max_tokens_field="max_tokens")
    assert caught.value.path == "settings.options.max_tokens_field"


def test_a_long_end_user_id_is_refused_for_safety_identifier() -> None:
    # the SDK's ResponseCreateParams: "a maximum length of 128 characters"
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, metadata={"user_id": "u" * 129}))
    assert caught.value.path == "metadata.user_id"
    assert body_for(request(USER, metadata={"user_id": "u" * 128}))["safety_identifier"]


def test_token_counting_goes_to_input_tokens_with_only_what_it_counts() -> None:
    body = request(USER, system="Be brief.", tools=[WEATHER_TOOL], temperature=0.5)
    del body["max_tokens"]
    wire = encode_request(Call("count_tokens", body), TargetSettings("openai-responses"))
    assert wire.url == "https://api.openai.com/v1/responses/input_tokens"
    sent = wire.json()
    sdk_accepts(sent, counting=True)
    assert set(sent) == {"model", "input", "instructions", "tools"}


def corpus() -> list[Any]:
    return [pytest.param(s, id=s.id) for s in shipped_scenarios() if s.front == "anthropic"]


@pytest.mark.parametrize("scenario", corpus())
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_every_corpus_request_is_accepted_by_the_sdk_responses_types(
    scenario: Any, stream: bool
) -> None:
    body = dict(scenario.request, model="gpt-5")
    counting = scenario.endpoint == "count_tokens"
    if stream and not counting:
        body["stream"] = True
    call = Call(scenario.endpoint, body)
    try:
        wire = encode_request(call, TargetSettings("openai-responses"))
    except TranslationError as exc:  # only what has no Responses form at all
        assert exc.path
        assert "cannot" in exc.message or "equivalent" in exc.message
        return
    sdk_accepts(wire.json(), counting=counting)
