"""The native request is what the official SDK sends: URL, body bytes and the headers that
matter (anthropic-version, anthropic-beta, the kind of auth header), for both API versions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.anthropic.adapter import ADAPTER
from adapters.anthropic.request import HEADER_FIELDS, dump_body
from adapters.base import Call, TargetSettings, TranslationError
from tests.support.sdk_oracle import call_body

SETTINGS = TargetSettings(name="anthropic")
GATEWAY = "http://127.0.0.1:8765/gateway"
WEATHER_TOOL = {
    "name": "get_weather",
    "description": "Current weather for a city",
    "input_schema": {
        "type": "object",
        "properties": {"city": {"type": "string"}},
        "required": ["city"],
    },
}
HELLO = [{"role": "user", "content": "Hello, wörld ✓ 你好"}]
BASE = {"model": "claude-sonnet-4-5", "max_tokens": 64, "messages": HELLO}

# case id -> (endpoint, SDK keyword arguments, options for the client and the settings)
CASES: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    "plain": ("messages", BASE, {}),
    "streaming": ("messages", {**BASE, "stream": True}, {}),
    "system-blocks": (
        "messages",
        {
            **BASE,
            "system": [
                {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}
            ],
            "metadata": {"user_id": "canary-user"},
            "stop_sequences": ["\n\nHuman:"],
            "extra_body": {"temperature": 0.25, "top_k": 5},
        },
        {},
    ),
    "tools": (
        "messages",
        {
            **BASE,
            "tools": [WEATHER_TOOL],
            "tool_choice": {"type": "auto", "disable_parallel_tool_use": True},
            "messages": [
                *HELLO,
                {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "tool_use",
                            "id": "toolu_01",
                            "name": "get_weather",
                            "input": {"city": "Paris"},
                        }
                    ],
                },
                {
                    "role": "user",
                    "content": [
                        {"type": "tool_result", "tool_use_id": "toolu_01", "content": "18°C"}
                    ],
                },
            ],
        },
        {},
    ),
    "betas": (
        "messages",
        {**BASE, "betas": ["context-1m-2025-08-07", "interleaved-thinking-2025-05-14"]},
        {},
    ),
    "count-tokens": (
        "count_tokens",
        {
            "model": "claude-sonnet-4-5",
            "messages": HELLO,
            "system": "be brief",
            "tools": [WEATHER_TOOL],
        },
        {},
    ),
    "base-url": ("messages", BASE, {"base_url": GATEWAY}),
}
# Parameters only the 2.x SDK has: it sends them as headers.
CASES_2X_ONLY: dict[str, tuple[str, dict[str, Any], dict[str, str]]] = {
    "user-profile-and-workspace": (
        "messages",
        {**BASE, "user_profile_id": "uprof_canary", "workspace_id": "wrkspc_canary"},
        {},
    ),
    "count-tokens-user-profile": (
        "count_tokens",
        {"model": "claude-sonnet-4-5", "messages": HELLO, "user_profile_id": "uprof_canary"},
        {},
    ),
}
SDKS = ("0.125", "2.12")
VERSIONS = {"0.125": "2023-06-01", "2.12": "2026-10-21"}


def _cases(sdk: str) -> dict[str, tuple[str, dict[str, Any], dict[str, str]]]:
    return {**CASES, **CASES_2X_ONLY} if sdk == "2.12" else CASES


def _sdk_call(endpoint: str, params: dict[str, Any], options: dict[str, str]) -> dict[str, Any]:
    if endpoint == "count_tokens":
        method = "messages.count_tokens"
    else:
        method = "beta.messages.create" if "betas" in params else "messages.create"
    return {
        "client": "Anthropic",
        "options": {"api_key": "canary-key", **options},
        "method": method,
        "params": params,
    }


@pytest.fixture(scope="module")
def sdk_wire(sdk_requests: Any) -> Callable[[str], dict[str, dict[str, Any]]]:
    """``sdk_wire(sdk)``: every case as that SDK sends it, by case id. Asked for inside the
    tests, so a missing SDK fails them rather than erroring the module."""
    batches: dict[str, dict[str, dict[str, Any]]] = {}

    def lookup(sdk: str) -> dict[str, dict[str, Any]]:
        if sdk not in batches:
            cases = _cases(sdk)
            recorded = sdk_requests(sdk, [_sdk_call(*case) for case in cases.values()])
            batches[sdk] = dict(zip(cases, recorded, strict=True))
        return batches[sdk]

    return lookup


def _auth_kind(headers: dict[str, str]) -> str:
    if "x-api-key" in headers:
        return "x-api-key"
    return headers["authorization"].split(" ", 1)[0]


@pytest.mark.parametrize(
    ("sdk", "case_id"), [(sdk, case_id) for sdk in SDKS for case_id in _cases(sdk)]
)
def test_native_request_equals_what_the_official_sdk_sends(
    sdk: str, case_id: str, sdk_wire: Callable[[str], dict[str, dict[str, Any]]]
) -> None:
    endpoint, params, options = _cases(sdk)[case_id]
    expected = sdk_wire(sdk)[case_id]
    call = Call(
        endpoint="count_tokens" if endpoint == "count_tokens" else "messages",
        body=call_body(expected),
        api_version=VERSIONS[sdk],
        betas=tuple(params.get("betas", ())),
    )
    settings = TargetSettings(name="anthropic", base_url=options.get("base_url"))

    ours = ADAPTER.encode_request(call, settings)

    # The 0.x SDK marks calls through its beta resource with a `beta=true` query, which 2.x
    # dropped; the API treats both alike and the translator sends the 2.x form.
    assert ours.url == expected["url"].removesuffix("?beta=true")
    assert ours.method == expected["method"] == "POST"
    assert ours.body == expected["body"]
    for name in ("content-type", "anthropic-version", "anthropic-beta", *HEADER_FIELDS.values()):
        assert ours.headers.get(name) == expected["headers"].get(name), name
    assert _auth_kind(ours.headers) == _auth_kind(expected["headers"])


def test_classic_version_sends_the_key_placeholder_in_x_api_key() -> None:
    wire = ADAPTER.encode_request(Call("messages", dict(BASE)), SETTINGS)
    assert wire.headers["x-api-key"] == "<ANTHROPIC_API_KEY>"
    assert "authorization" not in wire.headers


def test_new_version_sends_the_key_placeholder_as_a_bearer_token() -> None:
    wire = ADAPTER.encode_request(Call("messages", dict(BASE), api_version="2026-10-21"), SETTINGS)
    assert wire.headers["authorization"] == "Bearer <ANTHROPIC_API_KEY>"
    assert "x-api-key" not in wire.headers


def test_body_keeps_the_callers_key_order_and_model() -> None:
    body = {"stream": False, "model": "claude-x", "messages": [], "max_tokens": 1}
    wire = ADAPTER.encode_request(Call("messages", body), SETTINGS)
    assert wire.body == b'{"stream":false,"model":"claude-x","messages":[],"max_tokens":1}'


def test_no_beta_header_without_betas() -> None:
    wire = ADAPTER.encode_request(Call("count_tokens", dict(BASE)), SETTINGS)
    assert "anthropic-beta" not in wire.headers
    assert wire.url == "https://api.anthropic.com/v1/messages/count_tokens"


def test_unknown_api_version_is_a_translation_error_naming_the_field() -> None:
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(Call("messages", dict(BASE), api_version="2024-01-01"), SETTINGS)
    assert caught.value.path == "api_version"
    assert "2024-01-01" in str(caught.value)


def test_a_body_json_cannot_carry_is_a_translation_error() -> None:
    with pytest.raises(TranslationError) as caught:
        dump_body({"temperature": float("nan")})
    assert caught.value.path == "body"


@pytest.mark.parametrize("base_url", ["https://x@evil.example#", "https://gw.example/v1?k=1"])
def test_a_base_url_that_would_lose_the_path_is_a_translation_error(base_url: str) -> None:
    call = Call("messages", {"model": "m", "max_tokens": 1, "messages": []})
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(call, TargetSettings("anthropic", base_url=base_url))
    assert caught.value.path == "settings.base_url"


@pytest.mark.parametrize(
    ("value", "problem"),
    [(7, "non-empty string"), ("", "non-empty string"), ("uprof_a\r\nx-api-key: k", "control")],
)
def test_a_header_parameter_that_cannot_be_a_header_value_is_refused_by_name(
    value: object, problem: str
) -> None:
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(Call("messages", {**BASE, "user_profile_id": value}), SETTINGS)
    assert caught.value.path == "user_profile_id"
    assert problem in caught.value.message
