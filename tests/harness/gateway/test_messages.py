"""/v1/messages and count_tokens through the null gateway, with the official `anthropic` SDK
as the client and Parity's simulator as every backend."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import anthropic
import httpx
import pytest

from adapters.protocol.sse import decode_stream, encode_events
from harness.gateway import NullGateway, build_config
from harness.targets import TargetsConfig
from tests.harness.gateway.support import (
    COUNT,
    COUNTING_TARGETS,
    HELLO,
    LONG_CONTEXT,
    OVERLOADED,
    RATE_LIMITED,
    TARGETS,
    WEATHER,
)
from tests.support.loopback import Loopback, Route

TEXT_BLOCK = {"type": "text", "text": ""}
BETAS = ["context-1m-2025-08-07", "files-api-2025-04-14"]


def client(url: str) -> anthropic.Anthropic:
    return anthropic.Anthropic(base_url=url, api_key="any-key", max_retries=0)


@pytest.mark.parametrize("target", TARGETS)
def test_a_message_comes_back_as_the_scenario_scripted_it(gateway: str, target: str) -> None:
    message = client(gateway).messages.create(model=f"{target}/sonnet", **HELLO)
    assert message.content[0].type == "text"
    assert message.content[0].text == "Hello! How can I help you today?"
    assert message.stop_reason == "end_turn"
    assert message.usage.output_tokens == 9


@pytest.mark.parametrize("target", TARGETS)
def test_the_stream_helper_folds_the_relayed_events_into_the_final_message(
    gateway: str, target: str
) -> None:
    with client(gateway).messages.stream(model=f"{target}/sonnet", **WEATHER) as stream:
        final = stream.get_final_message()
    assert final.stop_reason == "tool_use"
    assert final.content[0].type == "text"
    assert final.content[0].text == "Let me check the weather in Paris for you."
    assert final.content[1].type == "tool_use"
    assert final.content[1].input == {"city": "Paris", "unit": "celsius"}


@pytest.mark.parametrize("target", TARGETS)
def test_a_tool_call_comes_back_as_a_tool_use_block(gateway: str, target: str) -> None:
    message = client(gateway).messages.create(model=f"{target}/sonnet", **WEATHER)
    block = message.content[1]
    assert block.type == "tool_use"
    assert (block.name, block.input) == ("get_weather", {"city": "Paris", "unit": "celsius"})


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("stream", [False, True])
def test_a_backend_429_reaches_the_client_as_a_rate_limit_error(
    gateway: str, target: str, stream: bool
) -> None:
    with pytest.raises(anthropic.RateLimitError) as caught:
        options: dict[str, Any] = {"stream": True} if stream else {}
        client(gateway).messages.create(model=f"{target}/sonnet", **options, **RATE_LIMITED)
    assert caught.value.status_code == 429
    assert isinstance(caught.value.body, dict)
    assert caught.value.body["error"]["type"] == "rate_limit_error"


@pytest.mark.parametrize("target", TARGETS)
def test_a_failure_part_way_through_reaches_the_client_as_an_error_event(
    gateway: str, target: str
) -> None:
    stream = client(gateway).messages.stream(model=f"{target}/sonnet", **OVERLOADED)
    with pytest.raises(anthropic.APIStatusError) as caught, stream as events:
        events.get_final_message()
    assert isinstance(caught.value.body, dict)
    assert caught.value.body["error"]["type"] == "overloaded_error"


def test_a_backend_stream_that_breaks_off_ends_with_an_api_error_event(
    loopback: Callable[[Route], Loopback], targets_config: TargetsConfig
) -> None:
    cut = encode_events(
        [
            {
                "type": "message_start",
                "message": {
                    "id": "msg_01",
                    "type": "message",
                    "role": "assistant",
                    "model": "claude-sonnet-4-6",
                    "content": [],
                    "stop_reason": None,
                    "stop_sequence": None,
                    "usage": {"input_tokens": 3, "output_tokens": 0},
                },
            },
            {
                "type": "content_block_start",
                "index": 0,
                "content_block": {"type": "text", "text": ""},
            },
        ]
    )
    backend = loopback(lambda _p, _h, _b: (200, cut, {"content-type": "text/event-stream"}))
    url = f"http://127.0.0.1:{backend.server_address[1]}"
    config = build_config(targets_config, backends={"anthropic": url})
    with NullGateway(config).running() as gateway:
        events = _raw_stream(gateway, {"model": "anthropic/sonnet", **HELLO})
    assert [e["type"] for e in events] == ["message_start", "content_block_start", "error"]
    assert events[-1]["error"]["type"] == "api_error"


@pytest.mark.parametrize("target", ["anthropic", "vertex", "bedrock-invoke", "bedrock-converse"])
def test_a_beta_the_backend_takes_reaches_it(gateway: str, target: str) -> None:
    message = client(gateway).beta.messages.create(
        model=f"{target}/sonnet", betas=["context-1m-2025-08-07"], **LONG_CONTEXT
    )
    assert message.content[0].type == "text"
    assert message.content[0].text == "Read."


def test_the_beta_header_is_sent_on_to_a_backend_that_reads_headers(
    loopback: Callable[[Route], Loopback], targets_config: TargetsConfig
) -> None:
    reply = (
        b'{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-6",'
        b'"content":[{"type":"text","text":"Read."}],"stop_reason":"end_turn",'
        b'"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}'
    )
    backend = loopback(lambda _p, _h, _b: (200, reply, {"content-type": "application/json"}))
    url = f"http://127.0.0.1:{backend.server_address[1]}"
    config = build_config(targets_config, backends={"anthropic": url})
    with NullGateway(config).running() as gateway:
        client(gateway).beta.messages.create(
            model="anthropic/sonnet",
            betas=["context-1m-2025-08-07", "files-api-2025-04-14"],
            **HELLO,
        )
    assert (
        backend.seen[0]["headers"]["anthropic-beta"] == "context-1m-2025-08-07,files-api-2025-04-14"
    )


@pytest.mark.parametrize("target", ["bedrock-invoke", "bedrock-converse"])
def test_a_beta_the_backend_cannot_take_is_refused_by_name(gateway: str, target: str) -> None:
    with pytest.raises(anthropic.BadRequestError) as caught:
        client(gateway).beta.messages.create(
            model=f"{target}/sonnet", betas=["extended-cache-ttl-2025-04-11"], **HELLO
        )
    assert isinstance(caught.value.body, dict)
    assert caught.value.body["error"]["type"] == "invalid_request_error"
    assert "extended-cache-ttl-2025-04-11" in caught.value.body["error"]["message"]


def test_a_beta_the_configuration_drops_never_reaches_the_backend(
    loopback: Callable[[Route], Loopback], targets_config: TargetsConfig
) -> None:
    reply = (
        b'{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-6",'
        b'"content":[{"type":"text","text":"Read."}],"stop_reason":"end_turn",'
        b'"stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}'
    )
    backend = loopback(lambda _p, _h, _b: (200, reply, {"content-type": "application/json"}))
    url = f"http://127.0.0.1:{backend.server_address[1]}"
    config = build_config(
        targets_config,
        backends={"bedrock-invoke": url},
        drop_betas={"bedrock-invoke": frozenset({"claude-code-20250219"})},
    )
    with NullGateway(config).running() as gateway:
        message = client(gateway).beta.messages.create(
            model="bedrock-invoke/sonnet",
            betas=["claude-code-20250219", "context-1m-2025-08-07"],
            **HELLO,
        )
    assert message.content[0].type == "text"
    sent = json.loads(backend.seen[0]["body"])
    assert sent["anthropic_beta"] == ["context-1m-2025-08-07"]


@pytest.mark.parametrize("target", COUNTING_TARGETS)
def test_count_tokens_answers_the_scripted_count(gateway: str, target: str) -> None:
    counted = client(gateway).messages.count_tokens(model=f"{target}/sonnet", **COUNT)
    assert counted.input_tokens == 21


# the targets that carry betas in a header (Bedrock puts them in the counted body, which the
# simulator then tells apart from the scenario's)
@pytest.mark.parametrize("target", ["anthropic", "vertex"])
def test_count_tokens_is_served_in_the_beta_form_real_clients_send(
    gateway: str, target: str
) -> None:
    counted = client(gateway).beta.messages.count_tokens(
        model=f"{target}/sonnet", betas=["context-1m-2025-08-07"], **COUNT
    )
    assert counted.input_tokens == 21


def test_count_tokens_on_a_route_without_it_is_not_found(gateway: str) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        client(gateway).messages.count_tokens(model="openai/sonnet", **COUNT)
    assert isinstance(caught.value.body, dict)
    assert caught.value.body["error"]["type"] == "not_found_error"
    assert "count_tokens" in caught.value.body["error"]["message"]


def test_an_unknown_model_is_not_found(gateway: str) -> None:
    with pytest.raises(anthropic.NotFoundError) as caught:
        client(gateway).messages.create(model="claude-nowhere", **HELLO)
    assert isinstance(caught.value.body, dict)
    assert caught.value.body["error"] == {
        "type": "not_found_error",
        "message": "model: claude-nowhere",
    }


def test_a_body_that_is_not_json_is_an_invalid_request(gateway: str) -> None:
    response = httpx.post(
        f"{gateway}/v1/messages",
        content=b"{not json",
        headers={"x-api-key": "k", "anthropic-version": "2023-06-01"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error"


def _raw_stream(gateway: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    headers = {"x-api-key": "k", "anthropic-version": "2023-06-01"}
    with httpx.stream(
        "POST", f"{gateway}/v1/messages", json={**body, "stream": True}, headers=headers
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return [event.json() for event in decode_stream(response.iter_bytes())]
