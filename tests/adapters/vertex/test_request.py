"""The Vertex request is what `AnthropicVertex` sends for the same call: URL (region, model,
rawPredict vs streamRawPredict), body bytes and headers, for both API versions.

The call is what a native client sends (the body `Anthropic` puts on the wire for the same
arguments); the expected request is what `AnthropicVertex` sends for those arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.anthropic.request import HEADER_FIELDS
from adapters.base import Call, TargetSettings, TranslationError
from adapters.vertex.adapter import ADAPTER
from adapters.vertex.request import vertex_body
from tests.support.sdk_oracle import call_body

PROFILE_HEADER = HEADER_FIELDS["user_profile_id"]

PROJECT = "canary-project"
MODEL = "claude-haiku-4-5@20251001"
GATEWAY = "http://127.0.0.1:8765/vertex/v1"
WEATHER_TOOL = {
    "name": "get_weather",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}
HELLO = [{"role": "user", "content": "Bonjour ✓"}]
BASE = {"model": MODEL, "max_tokens": 64, "messages": HELLO}


def _case(
    endpoint: str, params: dict[str, Any], region: str = "us-east5", base_url: str | None = None
) -> dict[str, Any]:
    return {"endpoint": endpoint, "params": params, "region": region, "base_url": base_url}


CASES: dict[str, dict[str, Any]] = {
    "plain": _case("messages", BASE),
    "streaming": _case("messages", {**BASE, "stream": True}),
    "stream-false": _case("messages", {**BASE, "stream": False}),
    "system-blocks": _case(
        "messages",
        {
            **BASE,
            "system": [
                {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}
            ],
            "temperature": 0.25,
        },
    ),
    "tools": _case(
        "messages",
        {**BASE, "tools": [WEATHER_TOOL], "tool_choice": {"type": "tool", "name": "get_weather"}},
    ),
    "betas": _case("messages", {**BASE, "betas": ["context-1m-2025-08-07", "canary-beta"]}),
    "count-tokens": _case(
        "count_tokens", {"model": MODEL, "messages": HELLO, "tools": [WEATHER_TOOL]}
    ),
    "region-global": _case("messages", BASE, region="global"),
    "region-us": _case("messages", {**BASE, "stream": True}, region="us"),
    "region-eu": _case("count_tokens", {"model": MODEL, "messages": HELLO}, region="eu"),
    "base-url": _case("messages", BASE, base_url=GATEWAY),
}
# 2.x percent-encodes path values; 0.x pastes the model id into the path as is.
CASES_2X_ONLY: dict[str, dict[str, Any]] = {
    "model-with-slash-and-semicolon": _case("messages", {**BASE, "model": "custom/claude;v1@1"}),
    # user_profile_id is a 2.x parameter; the SDK sends it as a header on Vertex AI too
    "user-profile": _case("messages", {**BASE, "user_profile_id": "uprof_canary"}),
    "count-tokens-user-profile": _case(
        "count_tokens", {"model": MODEL, "messages": HELLO, "user_profile_id": "uprof_canary"}
    ),
}
SDKS = ("0.125", "2.12")
VERSIONS = {"0.125": "2023-06-01", "2.12": "2026-10-21"}


def _cases(sdk: str) -> dict[str, dict[str, Any]]:
    return {**CASES, **CASES_2X_ONLY} if sdk == "2.12" else CASES


def _sdk_calls(sdk: str, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The same arguments through `Anthropic` (the call) and `AnthropicVertex` (the oracle)."""
    params = dict(case["params"])
    if sdk == "2.12" and "temperature" in params:  # 2.x dropped the typed sampling parameters
        params["extra_body"] = {"temperature": params.pop("temperature")}
    if case["endpoint"] == "count_tokens":
        method = "messages.count_tokens"
    else:
        method = "beta.messages.create" if "betas" in params else "messages.create"
    vertex_options = {"region": case["region"], "project_id": PROJECT, "access_token": "canary"}
    if case["base_url"]:
        vertex_options["base_url"] = case["base_url"]
    return [
        {
            "client": "Anthropic",
            "options": {"api_key": "canary"},
            "method": method,
            "params": params,
        },
        {
            "client": "AnthropicVertex",
            "options": vertex_options,
            "method": method,
            "params": params,
        },
    ]


Pair = tuple[dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def sdk_wire(sdk_requests: Any) -> Callable[[str], dict[str, Pair]]:
    """``sdk_wire(sdk)``: case id -> (the native request, the Vertex request) that SDK sends.
    Asked for inside the tests, so a missing SDK fails them rather than erroring the module."""
    batches: dict[str, dict[str, Pair]] = {}

    def lookup(sdk: str) -> dict[str, Pair]:
        if sdk not in batches:
            cases = _cases(sdk)
            calls = [c for case in cases.values() for c in _sdk_calls(sdk, case)]
            recorded = sdk_requests(sdk, calls)
            batches[sdk] = {
                case_id: (recorded[2 * i], recorded[2 * i + 1]) for i, case_id in enumerate(cases)
            }
        return batches[sdk]

    return lookup


@pytest.mark.parametrize(
    ("sdk", "case_id"),
    [(sdk, case_id) for sdk in SDKS for case_id in _cases(sdk)],
)
def test_vertex_request_equals_what_anthropic_vertex_sends(
    sdk: str,
    case_id: str,
    sdk_wire: Callable[[str], dict[str, Pair]],
) -> None:
    case = _cases(sdk)[case_id]
    native, expected = sdk_wire(sdk)[case_id]
    call = Call(
        endpoint=case["endpoint"],
        body=call_body(native),
        api_version=VERSIONS[sdk],
        betas=tuple(case["params"].get("betas", ())),
    )
    settings = TargetSettings(
        name="vertex", region=case["region"], project=PROJECT, base_url=case["base_url"]
    )

    ours = ADAPTER.encode_request(call, settings)

    assert ours.url == expected["url"]
    assert ours.method == expected["method"] == "POST"
    assert ours.body == expected["body"]
    for name in ("content-type", "anthropic-beta", "anthropic-version", PROFILE_HEADER):
        assert ours.headers.get(name) == expected["headers"].get(name), name
    assert ours.headers["authorization"].split(" ")[0] == "Bearer"
    assert expected["headers"]["authorization"].split(" ")[0] == "Bearer"


def test_workspace_id_is_refused_by_name_since_the_project_decides() -> None:
    call = Call("messages", {**BASE, "workspace_id": "wrkspc_canary"})
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(call, TargetSettings("vertex", region="us-east5", project=PROJECT))
    assert caught.value.path == "workspace_id"
    assert "project" in caught.value.message


def test_credentials_are_a_placeholder_bearer_token() -> None:
    wire = ADAPTER.encode_request(
        Call("messages", dict(BASE)), TargetSettings("vertex", region="global", project=PROJECT)
    )
    assert wire.headers["authorization"] == "Bearer <GOOGLE_ACCESS_TOKEN>"


def test_body_version_follows_the_api_version() -> None:
    classic = vertex_body(Call("messages", dict(BASE)))
    new = vertex_body(Call("messages", dict(BASE), api_version="2026-10-21"))
    assert classic["anthropic_version"] == "vertex-2023-10-16"
    assert new["anthropic_version"] == "2026-10-21"


def test_an_anthropic_version_already_in_the_body_wins_and_keeps_its_place() -> None:
    body = {"anthropic_version": "vertex-2023-10-16", "model": MODEL, "max_tokens": 1}
    shaped = vertex_body(Call("messages", body, api_version="2026-10-21"))
    assert list(shaped.items()) == [("anthropic_version", "vertex-2023-10-16"), ("max_tokens", 1)]


def test_shaping_leaves_the_callers_body_untouched() -> None:
    body = dict(BASE)
    vertex_body(Call("messages", body))
    assert body == BASE


def test_betas_go_only_in_the_header() -> None:
    call = Call("messages", dict(BASE), betas=("canary-beta",))
    wire = ADAPTER.encode_request(call, TargetSettings("vertex", region="eu", project=PROJECT))
    assert wire.headers["anthropic-beta"] == "canary-beta"
    assert b"beta" not in (wire.body or b"")


@pytest.mark.parametrize("missing", ["region", "project"])
def test_missing_setting_is_a_translation_error_naming_it(missing: str) -> None:
    settings = TargetSettings(
        "vertex",
        region=None if missing == "region" else "us-east5",
        project=None if missing == "project" else PROJECT,
    )
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(Call("messages", dict(BASE)), settings)
    assert caught.value.path == f"settings.{missing}"
    assert missing in caught.value.message


def test_a_messages_call_without_a_model_is_a_translation_error() -> None:
    body = {"max_tokens": 1, "messages": HELLO}
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(
            Call("messages", body), TargetSettings("vertex", region="global", project=PROJECT)
        )
    assert caught.value.path == "model"


@pytest.mark.parametrize(
    ("field", "value", "why"),
    [
        ("inference_geo", "us", "region"),
        ("diagnostics", {"previous_message_id": None}, "Claude API only"),
    ],
)
def test_what_vertex_cannot_honour_is_refused_by_name(field: str, value: object, why: str) -> None:
    call = Call("messages", {**BASE, field: value})
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(call, TargetSettings("vertex", region="us-east5", project=PROJECT))
    assert caught.value.path == field
    assert why in caught.value.message


def test_speed_goes_in_the_body_as_the_official_client_sends_it() -> None:
    call = Call("messages", {**BASE, "speed": "fast"})
    assert vertex_body(call)["speed"] == "fast"


def test_mcp_servers_are_refused_by_name_since_vertex_has_no_mcp_connector() -> None:
    server = {"type": "url", "url": "https://mcp.example.com/mcp", "name": "orders"}
    call = Call("messages", {**BASE, "mcp_servers": [server]})
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(call, TargetSettings("vertex", region="us-east5", project=PROJECT))
    assert caught.value.path == "mcp_servers"
    assert "MCP connector" in caught.value.message
