"""The InvokeModel request is what `AnthropicBedrock` sends for the same call: path (compared
unquoted), body bytes exactly, and headers, for both API versions and every kind of model id.

The call is what a native client sends (the body `Anthropic` puts on the wire for the same
arguments); the expected request is what `AnthropicBedrock` sends for those arguments.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import anthropic
import httpx
import pytest

from adapters.base import Call, TargetSettings, TranslationError
from adapters.bedrock.invoke.adapter import ADAPTER
from adapters.bedrock.invoke.request import invoke_body
from tests.support.sdk_oracle import call_body

REGION = "us-east-1"
FOUNDATION = "anthropic.claude-sonnet-4-5-20250929-v1:0"
PROFILE_ARN = (
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/"
    "us.anthropic.claude-3-7-sonnet-20250219-v1:0"
)
APP_PROFILE_ARN = (
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6"
)
GATEWAY = "http://127.0.0.1:8765/bedrock"
WEATHER_TOOL = {
    "name": "get_weather",
    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}},
}
HELLO = [{"role": "user", "content": "Bonjour ✓"}]
BASE = {"model": FOUNDATION, "max_tokens": 64, "messages": HELLO}


def _case(params: dict[str, Any], base_url: str | None = None) -> dict[str, Any]:
    return {"params": params, "base_url": base_url}


CASES: dict[str, dict[str, Any]] = {
    "plain": _case(BASE),
    "streaming": _case({**BASE, "stream": True}),
    "stream-false": _case({**BASE, "stream": False}),
    "system-blocks": _case(
        {
            **BASE,
            "system": [
                {"type": "text", "text": "Be brief.", "cache_control": {"type": "ephemeral"}}
            ],
            "temperature": 0.25,
        }
    ),
    "tools": _case(
        {**BASE, "tools": [WEATHER_TOOL], "tool_choice": {"type": "tool", "name": "get_weather"}}
    ),
    "betas": _case({**BASE, "betas": ["context-1m-2025-08-07", "interleaved-thinking-2025-05-14"]}),
    "betas-streaming": _case({**BASE, "stream": True, "betas": ["output-128k-2025-02-19"]}),
    "us-profile": _case({**BASE, "model": "us.anthropic.claude-sonnet-4-20250514-v1:0"}),
    "global-profile": _case({**BASE, "model": "global.anthropic.claude-haiku-4-5-20251001-v1:0"}),
    "profile-arn": _case({**BASE, "model": PROFILE_ARN, "stream": True}),
    "application-profile-arn": _case({**BASE, "model": APP_PROFILE_ARN}),
    "base-url": _case(BASE, base_url=GATEWAY),
    "reserved-characters-in-id": _case({**BASE, "model": "arn:a;b/c d:0"}),
}
# user_profile_id is a 2.x parameter: Anthropic sends it as a header, which AnthropicBedrock
# moves into the body's top level.
CASES_2X_ONLY: dict[str, dict[str, Any]] = {
    "user-profile": _case({**BASE, "user_profile_id": "uprof_canary"}),
    "user-profile-streaming": _case({**BASE, "stream": True, "user_profile_id": "uprof_canary"}),
}
SDKS = ("0.125", "2.12")
VERSIONS = {"0.125": "2023-06-01", "2.12": "2026-10-21"}


def _cases(sdk: str) -> dict[str, dict[str, Any]]:
    return {**CASES, **CASES_2X_ONLY} if sdk == "2.12" else CASES


def _sdk_calls(sdk: str, case: dict[str, Any]) -> list[dict[str, Any]]:
    """The same arguments through `Anthropic` (the call) and `AnthropicBedrock` (the oracle)."""
    params = dict(case["params"])
    if sdk == "2.12" and "temperature" in params:  # 2.x dropped the typed sampling parameters
        params["extra_body"] = {"temperature": params.pop("temperature")}
    method = "beta.messages.create" if "betas" in params else "messages.create"
    bedrock: dict[str, Any] = {
        "aws_region": REGION,
        "aws_access_key": "AKIACANARY",
        "aws_secret_key": "canary-secret",
    }
    if case["base_url"]:
        bedrock["base_url"] = case["base_url"]
    native = {"api_key": "canary"}
    return [
        {"client": "Anthropic", "options": native, "method": method, "params": params},
        {"client": "AnthropicBedrock", "options": bedrock, "method": method, "params": params},
    ]


Pair = tuple[dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def sdk_wire(sdk_bedrock_requests: Any) -> Callable[[str], dict[str, Pair]]:
    """``sdk_wire(sdk)``: case id -> (the native request, the Bedrock request) that SDK sends."""
    batches: dict[str, dict[str, Pair]] = {}

    def lookup(sdk: str) -> dict[str, Pair]:
        if sdk not in batches:
            cases = _cases(sdk)
            calls = [c for case in cases.values() for c in _sdk_calls(sdk, case)]
            recorded = sdk_bedrock_requests(sdk, calls)
            batches[sdk] = {
                case_id: (recorded[2 * i], recorded[2 * i + 1]) for i, case_id in enumerate(cases)
            }
        return batches[sdk]

    return lookup


def _settings(base_url: str | None = None) -> TargetSettings:
    return TargetSettings(name="bedrock-invoke", region=REGION, base_url=base_url)


@pytest.mark.parametrize(
    ("sdk", "case_id"), [(sdk, case_id) for sdk in SDKS for case_id in _cases(sdk)]
)
def test_invoke_request_equals_what_anthropic_bedrock_sends(
    sdk: str, case_id: str, sdk_wire: Callable[[str], dict[str, Pair]]
) -> None:
    case = _cases(sdk)[case_id]
    native, expected = sdk_wire(sdk)[case_id]
    call = Call(
        endpoint="messages",
        body=call_body(native),
        api_version=VERSIONS[sdk],
        betas=tuple(case["params"].get("betas", ())),
    )

    ours = ADAPTER.encode_request(call, _settings(case["base_url"]))

    ours_url, expected_url = urlsplit(ours.url), urlsplit(expected["url"])
    assert (ours_url.scheme, ours_url.netloc) == (expected_url.scheme, expected_url.netloc)
    assert ours_url.path == expected_url.path  # quoted exactly as that SDK quotes it
    assert ours.method == expected["method"] == "POST"
    assert ours.body == expected["body"]
    for name in ("content-type", "accept", "anthropic-beta", "anthropic-version"):
        assert ours.headers.get(name) == expected["headers"].get(name), name
    assert ours.headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=")
    assert expected["headers"]["authorization"].startswith("AWS4-HMAC-SHA256 Credential=")


@pytest.mark.parametrize(
    ("model", "segment"),
    [
        (FOUNDATION, "anthropic.claude-sonnet-4-5-20250929-v1:0"),
        (
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        ),
        (
            PROFILE_ARN,
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile%2F"
            "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
        ),
        (
            APP_PROFILE_ARN,
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile%2Fa1b2c3d4e5f6",
        ),
    ],
)
def test_model_ids_keep_colons_and_encode_slashes(model: str, segment: str) -> None:
    wire = ADAPTER.encode_request(Call("messages", {**BASE, "model": model}), _settings())
    assert wire.url == f"https://bedrock-runtime.us-east-1.amazonaws.com/model/{segment}/invoke"


def test_streaming_picks_the_stream_operation_and_drops_stream_from_the_body() -> None:
    wire = ADAPTER.encode_request(Call("messages", {**BASE, "stream": True}), _settings())
    assert wire.url.endswith("/invoke-with-response-stream")
    assert "stream" not in wire.json()
    assert "model" not in wire.json()


def test_body_version_follows_the_api_version() -> None:
    classic = invoke_body(Call("messages", dict(BASE)))
    new = invoke_body(Call("messages", dict(BASE), api_version="2026-10-21"))
    assert classic["anthropic_version"] == "bedrock-2023-05-31"
    assert new["anthropic_version"] == "2026-10-21"


def test_an_anthropic_version_already_in_the_body_wins() -> None:
    body = {"anthropic_version": "bedrock-2023-05-31", **BASE}
    shaped = invoke_body(Call("messages", body, api_version="2026-10-21"))
    assert next(iter(shaped)) == "anthropic_version"
    assert shaped["anthropic_version"] == "bedrock-2023-05-31"


def test_betas_go_in_the_body_and_the_header() -> None:
    call = Call("messages", dict(BASE), betas=("context-1m-2025-08-07", "canary-beta"))
    wire = ADAPTER.encode_request(call, _settings())
    assert wire.json()["anthropic_beta"] == ["context-1m-2025-08-07", "canary-beta"]
    assert wire.headers["anthropic-beta"] == "context-1m-2025-08-07,canary-beta"


@pytest.mark.parametrize("beta", ["extended-cache-ttl-2025-04-11", "files-api-2025-04-14"])
def test_a_beta_bedrock_refuses_is_a_translation_error_naming_it(beta: str) -> None:
    call = Call("messages", dict(BASE), betas=("context-1m-2025-08-07", beta))
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(call, _settings())
    assert caught.value.path == "betas[1]"
    assert beta in caught.value.message


def test_a_missing_region_is_a_translation_error_naming_it() -> None:
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(Call("messages", dict(BASE)), TargetSettings("bedrock-invoke"))
    assert caught.value.path == "settings.region"


def test_a_call_without_a_model_is_a_translation_error() -> None:
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(Call("messages", {"max_tokens": 1, "messages": HELLO}), _settings())
    assert caught.value.path == "model"


def test_credentials_are_a_sigv4_shaped_placeholder_scoped_to_the_region() -> None:
    wire = ADAPTER.encode_request(Call("messages", dict(BASE)), _settings())
    authorization = wire.headers["authorization"]
    assert authorization.startswith(
        "AWS4-HMAC-SHA256 Credential=<AWS_ACCESS_KEY_ID>/<yyyymmdd>/us-east-1/bedrock/aws4_request"
    )
    assert "x-amz-date" not in wire.headers


def test_shaping_leaves_the_callers_body_untouched() -> None:
    body = {**BASE, "stream": True}
    invoke_body(Call("messages", body, betas=("context-1m-2025-08-07",)))
    assert body == {**BASE, "stream": True}


def _in_process(
    client_class: type[Any], options: dict[str, Any], params: dict[str, Any]
) -> httpx.Request:
    """The request the in-process 0.125 client sends for ``params`` (answered minimally)."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        request.read()
        seen.append(request)
        return httpx.Response(200, json=MINIMAL_MESSAGE)

    client = client_class(
        **options, max_retries=0, http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )
    method = client.beta.messages.create if "betas" in params else client.messages.create
    method(**params)
    return seen[0]


MINIMAL_MESSAGE: dict[str, Any] = {
    "id": "msg_canary",
    "type": "message",
    "role": "assistant",
    "model": "m",
    "content": [],
    "stop_reason": "end_turn",
    "stop_sequence": None,
    "usage": {"input_tokens": 1, "output_tokens": 1},
}


@pytest.mark.parametrize(
    "case_id", ["plain", "system-blocks", "tools", "betas", "application-profile-arn"]
)
def test_in_process_anthropic_bedrock_sends_what_the_translator_sends(case_id: str) -> None:
    params = CASES[case_id]["params"]
    native = _in_process(anthropic.Anthropic, {"api_key": "canary"}, params)
    expected = _in_process(
        anthropic.AnthropicBedrock,
        {"aws_region": REGION, "aws_access_key": "AKIACANARY", "aws_secret_key": "canary-secret"},
        params,
    )
    call = Call("messages", json.loads(native.content), betas=tuple(params.get("betas", ())))

    ours = ADAPTER.encode_request(call, _settings())

    assert unquote(urlsplit(ours.url).path) == unquote(expected.url.path)
    assert ours.body == expected.content
    assert ours.headers.get("anthropic-beta") == expected.headers.get("anthropic-beta")


def test_a_bare_claude_name_is_sent_as_given_with_a_warning() -> None:
    call = Call("messages", {**BASE, "model": "claude-sonnet-4-5-20250929"})
    wire = ADAPTER.encode_request(call, TargetSettings("bedrock-invoke", region="us-east-1"))
    assert wire.url.endswith("/model/claude-sonnet-4-5-20250929/invoke")
    assert len(wire.warnings) == 1
    assert (
        ADAPTER.encode_request(
            Call("messages", BASE), TargetSettings("bedrock-invoke", region="us-east-1")
        ).warnings
        == ()
    )


def test_a_hostile_region_is_a_translation_error_before_any_url() -> None:
    settings = TargetSettings("bedrock-invoke", region="x@evil.example#")
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(Call("messages", BASE), settings)
    assert caught.value.path == "settings.region"


ATTRIBUTION = "x-anthropic-billing-header: cc_version=0.0.0.parity; cc_entrypoint=cli; cch=00000;"


@pytest.mark.parametrize(
    ("system", "path"),
    [
        (
            [{"type": "text", "text": ATTRIBUTION}, {"type": "text", "text": "Be brief."}],
            "system[0].text",
        ),
        (
            [{"type": "text", "text": "Be brief."}, {"type": "text", "text": ATTRIBUTION}],
            "system[1].text",
        ),
        (f"Be brief. {ATTRIBUTION}", "system"),
    ],
    ids=["first-block", "later-block", "string"],
)
def test_a_system_prompt_holding_the_reserved_attribution_keyword_is_refused_by_name(
    system: Any, path: str
) -> None:
    # InvokeModel: 400 "x-anthropic-billing-header is a reserved keyword and may not be used
    # in the system prompt" (anthropics/claude-code#24168)
    with pytest.raises(TranslationError) as caught:
        invoke_body(Call("messages", {**BASE, "system": system}))
    assert caught.value.path == path
    assert "x-anthropic-billing-header" in caught.value.message


def test_the_keyword_outside_the_system_prompt_is_sent_as_it_is() -> None:
    messages = [{"role": "user", "content": f"What does '{ATTRIBUTION}' mean?"}]
    body = invoke_body(Call("messages", {**BASE, "messages": messages, "system": "Be brief."}))
    assert body["messages"] == messages


@pytest.mark.parametrize(
    ("field", "value"),
    [("inference_geo", "us"), ("speed", "fast"), ("diagnostics", {"previous_message_id": None})],
)
@pytest.mark.parametrize(
    "call",
    [Call("messages", dict(BASE)), Call("count_tokens", {"model": FOUNDATION, "messages": HELLO})],
    ids=["messages", "count_tokens"],
)
def test_what_bedrock_cannot_honour_is_refused_by_name(
    field: str, value: object, call: Call
) -> None:
    asked = Call(call.endpoint, {**call.body, field: value})
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(asked, _settings())
    assert caught.value.path == field


def test_mcp_servers_are_refused_by_name_since_bedrock_has_no_mcp_connector() -> None:
    server = {"type": "url", "url": "https://mcp.example.com/mcp", "name": "orders"}
    with pytest.raises(TranslationError) as caught:
        ADAPTER.encode_request(Call("messages", {**BASE, "mcp_servers": [server]}), _settings())
    assert caught.value.path == "mcp_servers"
    assert "MCP connector" in caught.value.message


def test_client_tools_and_their_beta_are_sent_as_written() -> None:
    tools = [
        {"type": "memory_20250818", "name": "memory"},
        {"type": "text_editor_20250728", "name": "str_replace_based_edit_tool"},
    ]
    call = Call("messages", {**BASE, "tools": tools}, betas=("context-management-2025-06-27",))
    sent = invoke_body(call)
    assert sent["tools"] == tools
    assert sent["anthropic_beta"] == ["context-management-2025-06-27"]


def test_the_toolsets_pass_as_written_without_a_beta() -> None:
    tools = [
        {"type": "computer_toolset_20260801", "configs": {"zoom": {"enabled": False}}},
        {"type": "browser_toolset_20260801"},
    ]
    sent = invoke_body(Call("messages", {**BASE, "tools": tools}))
    assert sent["tools"] == tools
    assert "anthropic_beta" not in sent
