"""Anthropic calls become chat-completions requests that the ``openai`` SDK's own request types
accept; every field has its documented mapping, losses are dropped or refused as the target
says, and what cannot be sent is a one-line error naming the field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from openai.types.chat import completion_create_params as params
from pydantic import TypeAdapter

from adapters.base import Call, TargetSettings, TranslationError
from adapters.openai.request import encode_request
from harness.simulator.openai.validate import request_problem
from tests.support.corpus import shipped_scenarios

# Kept at module level: the lazily validated iterables need their validator alive.
NON_STREAMING: TypeAdapter[Any] = TypeAdapter(params.CompletionCreateParamsNonStreaming)
STREAMING: TypeAdapter[Any] = TypeAdapter(params.CompletionCreateParamsStreaming)
KNOWN_FIELDS = {*params.CompletionCreateParamsBase.__annotations__, "stream"}

PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5Erk"
    "Jggg=="
)
WEATHER_TOOL: dict[str, Any] = {
    "name": "get_weather",
    "description": "Weather for a city.",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}


def drain(value: Any) -> Any:
    """Consume the lazily validated iterables a TypedDict validation returns."""
    if isinstance(value, dict):
        return {k: drain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ValidatorIterator":
        return [drain(item) for item in value]
    return value


def sdk_accepts(body: dict[str, Any], rules: bool = True) -> None:
    """The body validates against the SDK's request types, with no field they do not know,
    and (``rules``) OpenAI's own conversation rules, which the simulator enforces, accept it."""
    assert set(body) <= KNOWN_FIELDS, set(body) - KNOWN_FIELDS
    validator = STREAMING if body.get("stream") else NON_STREAMING
    drain(validator.validate_python(body))
    if rules:
        assert request_problem(body) is None, request_problem(body)


def body_for(request: dict[str, Any], rules: bool = True, **options: Any) -> dict[str, Any]:
    wire = encode_request(Call("messages", request), TargetSettings("openai", options=options))
    body: dict[str, Any] = wire.json()
    sdk_accepts(body, rules)
    return body


def request(*messages: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"model": "gpt-5", "max_tokens": 256, "messages": list(messages), **fields}


USER = {"role": "user", "content": "Weather in Paris?"}
TOOL_USE: dict[str, Any] = {
    "role": "assistant",
    "content": [
        {"type": "text", "text": "Checking."},
        {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {"city": "Paris"}},
    ],
}


def tool_result(content: Any, **extra: Any) -> dict[str, Any]:
    return {"type": "tool_result", "tool_use_id": "toolu_01A", "content": content, **extra}


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


@pytest.mark.parametrize("value", ["metadata", None, 7])
def test_an_unknown_user_field_option_is_refused_naming_it(value: Any) -> None:
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER), user_field=value)
    assert caught.value.path == "settings.options.user_field"


def test_a_user_id_longer_than_a_safety_identifier_holds_is_refused() -> None:
    long_id = "canary-" + "x" * 122
    with pytest.raises(TranslationError) as caught:
        body_for(request(USER, metadata={"user_id": long_id}))
    assert caught.value.path == "metadata.user_id"
    assert "at most 128 characters" in caught.value.message
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


# -- system and messages ----------------------------------------------------------------------


def test_a_system_string_is_the_first_message() -> None:
    body = body_for(request(USER, system="Be brief."))
    assert body["messages"][0] == {"role": "system", "content": "Be brief."}


def test_system_blocks_keep_their_boundaries_as_text_parts() -> None:
    system = [{"type": "text", "text": "Rule one."}, {"type": "text", "text": "Rule two."}]
    body = body_for(request(USER, system=system))
    assert body["messages"][0] == {
        "role": "system",
        "content": [{"type": "text", "text": "Rule one."}, {"type": "text", "text": "Rule two."}],
    }


def test_images_become_data_urls_or_stay_urls() -> None:
    content = [
        {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]
    body = body_for(request({"role": "user", "content": content}))
    assert body["messages"][0]["content"] == [
        {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
        {"type": "text", "text": "Same animal?"},
    ]


def test_assistant_tool_use_becomes_tool_calls_with_json_text_arguments() -> None:
    followup = {"role": "user", "content": [tool_result("18°C and sunny")]}
    body = body_for(request(USER, TOOL_USE, followup, tools=[WEATHER_TOOL]))
    assert body["messages"][1] == {
        "role": "assistant",
        "content": "Checking.",
        "tool_calls": [
            {
                "id": "toolu_01A",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city":"Paris"}'},
            }
        ],
    }
    assert body["messages"][2] == {
        "role": "tool",
        "tool_call_id": "toolu_01A",
        "content": "18°C and sunny",
    }


def test_tool_results_come_before_the_rest_of_their_user_turn() -> None:
    second = {
        "type": "tool_use",
        "id": "toolu_01B",
        "name": "get_weather",
        "input": {"city": "Rome"},
    }
    assistant = copy.deepcopy(TOOL_USE)
    assistant["content"].append(second)
    turn = {
        "role": "user",
        "content": [
            tool_result("18°C"),
            {"type": "tool_result", "tool_use_id": "toolu_01B", "content": "25°C"},
            {"type": "text", "text": "Which is warmer?"},
        ],
    }
    body = body_for(request(USER, assistant, turn, tools=[WEATHER_TOOL]))
    assert [(m["role"], m.get("tool_call_id")) for m in body["messages"][2:]] == [
        ("tool", "toolu_01A"),
        ("tool", "toolu_01B"),
        ("user", None),
    ]
    assert body["messages"][4]["content"] == "Which is warmer?"


def test_an_error_result_says_so_in_its_content() -> None:
    turn = {"role": "user", "content": [tool_result("city not found", is_error=True)]}
    body = body_for(request(USER, TOOL_USE, turn, tools=[WEATHER_TOOL]))
    assert body["messages"][2]["content"] == "Error: city not found"


def test_tool_result_images_move_into_the_following_user_message() -> None:
    image = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": PNG}}
    turn = {"role": "user", "content": [tool_result([{"type": "text", "text": "chart"}, image])]}
    body = body_for(request(USER, TOOL_USE, turn, tools=[WEATHER_TOOL]))
    tool_message, user_message = body["messages"][2:]
    assert tool_message["content"] == [
        {"type": "text", "text": "chart"},
        {"type": "text", "text": "[1 image in the next user message]"},
    ]
    assert user_message == {
        "role": "user",
        "content": [
            {"type": "text", "text": "[images from tool result toolu_01A]"},
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{PNG}"}},
        ],
    }


def test_documents_become_text_or_file_parts() -> None:
    content = [
        {
            "type": "document",
            "source": {"type": "text", "media_type": "text/plain", "data": "Policy."},
        },
        {
            "type": "document",
            "title": "terms.pdf",
            "source": {"type": "base64", "media_type": "application/pdf", "data": "JVBERi0x"},
        },
        {"type": "text", "text": "Summarise."},
    ]
    body = body_for(request({"role": "user", "content": content}))
    assert body["messages"][0]["content"] == [
        {"type": "text", "text": "Policy."},
        {
            "type": "file",
            "file": {"filename": "terms.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"},
        },
        {"type": "text", "text": "Summarise."},
    ]


# -- tools ------------------------------------------------------------------------------------


def test_tools_become_function_tools() -> None:
    strict = {**WEATHER_TOOL, "name": "strict_tool", "strict": True}
    body = body_for(request(USER, tools=[WEATHER_TOOL, strict]))
    assert body["tools"] == [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Weather for a city.",
                "parameters": WEATHER_TOOL["input_schema"],
            },
        },
        {
            "type": "function",
            "function": {
                "name": "strict_tool",
                "description": "Weather for a city.",
                "parameters": WEATHER_TOOL["input_schema"],
                "strict": True,
            },
        },
    ]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        ({"type": "auto"}, {"tool_choice": "auto"}),
        ({"type": "any"}, {"tool_choice": "required"}),
        ({"type": "none"}, {"tool_choice": "none"}),
        (
            {"type": "tool", "name": "get_weather"},
            {"tool_choice": {"type": "function", "function": {"name": "get_weather"}}},
        ),
        (
            {"type": "any", "disable_parallel_tool_use": True},
            {"tool_choice": "required", "parallel_tool_calls": False},
        ),
    ],
)
def test_tool_choice_maps_onto_openais(choice: dict[str, Any], expected: dict[str, Any]) -> None:
    body = body_for(request(USER, tools=[WEATHER_TOOL], tool_choice=choice))
    assert {k: body[k] for k in ("tool_choice", "parallel_tool_calls") if k in body} == expected


def test_tool_choice_is_not_sent_without_tools() -> None:
    body = body_for(request(USER, tool_choice={"type": "auto"}))
    assert "tool_choice" not in body


# -- thinking, effort and structured output ---------------------------------------------------


@pytest.mark.parametrize(
    ("thinking", "option", "expected"),
    [
        ({"type": "enabled", "budget_tokens": 2048}, None, None),
        ({"type": "enabled", "budget_tokens": 2048}, "high", "high"),
        ({"type": "adaptive"}, "low", "low"),
        ({"type": "disabled"}, "high", None),
        ({"type": "enabled", "budget_tokens": 1024}, "from_budget", "low"),
        ({"type": "enabled", "budget_tokens": 4096}, "from_budget", "medium"),
        ({"type": "enabled", "budget_tokens": 16384}, "from_budget", "high"),
        ({"type": "adaptive"}, "from_budget", "medium"),
    ],
)
def test_thinking_maps_to_reasoning_effort_only_when_configured(
    thinking: dict[str, Any], option: str | None, expected: str | None
) -> None:
    options: dict[str, Any] = {} if option is None else {"reasoning_effort": option}
    body = body_for(request(USER, max_tokens=32000, thinking=thinking), **options)
    assert body.get("reasoning_effort") == expected


def test_output_config_effort_wins_and_format_becomes_a_json_schema() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    config = {"effort": "xhigh", "format": {"type": "json_schema", "schema": schema}}
    body = body_for(
        request(USER, output_config=config, thinking={"type": "adaptive"}), reasoning_effort="low"
    )
    assert body["reasoning_effort"] == "xhigh"
    assert body["response_format"] == {
        "type": "json_schema",
        "json_schema": {"name": "response", "schema": schema, "strict": True},
    }


# -- losses and refusals ----------------------------------------------------------------------

LOSSES = [
    ("top_k", request(USER, top_k=5)),
    (
        "thinking",
        request(USER, max_tokens=4000, thinking={"type": "enabled", "budget_tokens": 2048}),
    ),
    ("cache_control", request(USER, cache_control={"type": "ephemeral"})),
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


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"max_tokens_field": "max_output_tokens"}, "settings.options.max_tokens_field"),
        ({"reasoning_effort": "extreme"}, "settings.options.reasoning_effort"),
        ({"on_loss": "ignore"}, "settings.options.on_loss"),
        ({"region": "us"}, "settings.options.region"),
    ],
)
def test_bad_target_options_are_named(options: dict[str, Any], path: str) -> None:
    with pytest.raises(TranslationError) as caught:
        encode_request(Call("messages", request(USER)), TargetSettings("openai", options=options))
    assert caught.value.path == path


# -- the starter corpus -----------------------------------------------------------------------


def corpus() -> list[Any]:
    return [pytest.param(s, id=s.id) for s in shipped_scenarios() if s.endpoint == "messages"]


@pytest.mark.parametrize("scenario", corpus())
@pytest.mark.parametrize("stream", [False, True], ids=["json", "stream"])
def test_every_corpus_request_is_accepted_by_the_openai_sdk_types(
    scenario: Any, stream: bool
) -> None:
    body = dict(scenario.request, model="gpt-5")
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
