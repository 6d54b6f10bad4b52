"""Specification of the simulated OpenAI chat-completions endpoint, proven with the official
``openai`` SDK (3.x, on httpx2) talking to a running simulator over loopback; the raw wire is
checked with plain httpx, and requests OpenAI refuses are refused the same way."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from openai.types.chat import ChatCompletionChunk

from harness.simulator import Rejection, Script, SimRequest
from harness.simulator.openai import OpenAIBackend, request_problem
from harness.simulator.script import reply_events
from harness.simulator.server import SimulatorServer

pytestmark = pytest.mark.block_network(allowed_hosts=[r"^127\.0\.0\.1$"])

MODEL = "gpt-5"
PROMPT: list[Any] = [{"role": "user", "content": "Hello"}]
KEY = "sk-canary-0123456789"

TOOL_CALLS = [
    {"type": "tool_use", "id": "call_canary1", "name": "get_time", "input": {"tz": "Asia/Tokyo"}},
    {"type": "tool_use", "id": "call_canary2", "name": "get_weather", "input": {"city": "Tokyo"}},
]
MESSAGES: dict[str, dict[str, Any]] = {
    "text": {
        "content": [{"type": "text", "text": "Hello! How can I help you today?"}],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 10, "output_tokens": 9},
    },
    "parallel": {
        "content": [{"type": "text", "text": "Let me check both."}, *TOOL_CALLS],
        "stop_reason": "tool_use",
        "usage": {"input_tokens": 412, "output_tokens": 57},
    },
    "length": {
        "content": [{"type": "text", "text": "The first part of a long"}],
        "stop_reason": "max_tokens",
        "usage": {"input_tokens": 5, "output_tokens": 6},
    },
    "refusal": {
        "content": [{"type": "text", "text": "I can't help with that."}],
        "stop_reason": "refusal",
        "usage": {"input_tokens": 5, "output_tokens": 7},
    },
    "cached": {
        "content": [{"type": "text", "text": "From the cache."}],
        "stop_reason": "end_turn",
        "usage": {
            "input_tokens": 12,
            "cache_creation_input_tokens": 100,
            "cache_read_input_tokens": 2048,
            "output_tokens": 5,
        },
    },
    "thinking": {
        "content": [
            {"type": "thinking", "thinking": "2 + 2 = 4", "signature": "EqCanary=="},
            {"type": "text", "text": "4"},
        ],
        "stop_reason": "end_turn",
        "usage": {"input_tokens": 8, "output_tokens": 30},
    },
}
# (expected content, tool calls, finish_reason, prompt, cached, cache writes, completion)
EXPECTED: dict[str, tuple[str | None, list[tuple[str, str, str]], str, int, Any, Any, int]] = {
    "text": ("Hello! How can I help you today?", [], "stop", 10, None, None, 9),
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
REPLIES: dict[str, dict[str, Any]] = {
    **MESSAGES,
    "interleaved": {**MESSAGES["parallel"], "openai": {"interleave_tool_calls": True}},
    "no-usage-chunk": {**MESSAGES["text"], "openai": {"usage_chunk": False}},
    "empty-tool-calls": {**MESSAGES["text"], "openai": {"empty_tool_calls": True}},
    "stop-sequence": {
        "content": [{"type": "text", "text": "<answer>17:25"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "</answer>",
        "usage": {"input_tokens": 52, "output_tokens": 30},
    },
    "vllm-stop": {
        "content": [{"type": "text", "text": "<answer>17:25"}],
        "stop_reason": "stop_sequence",
        "stop_sequence": "</answer>",
        "usage": {"input_tokens": 52, "output_tokens": 30},
        "openai": {"matched_stop": "stop_reason"},
    },
    "bad-option": {**MESSAGES["text"], "openai": {"shuffle": True}},
    "midstream-api": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 4, "type": "api_error", "message": "Internal error"},
    },
    "midstream-overloaded": {
        **MESSAGES["text"],
        "stream_error": {"after_events": 4, "type": "overloaded_error", "message": "Overloaded"},
    },
    **{
        f"error-{status}": {"error": {"status": status, "message": f"canary {status}"}}
        for status in (400, 401, 402, 403, 404, 413, 429, 500, 504, 529)
    },
}
# scripted status -> (OpenAI status, SDK exception, type, code)
ERRORS: dict[int, tuple[int, type[openai.APIStatusError], str, str | None]] = {
    400: (400, openai.BadRequestError, "invalid_request_error", None),
    401: (401, openai.AuthenticationError, "invalid_request_error", "invalid_api_key"),
    402: (429, openai.RateLimitError, "insufficient_quota", "insufficient_quota"),
    403: (403, openai.PermissionDeniedError, "invalid_request_error", None),
    404: (404, openai.NotFoundError, "invalid_request_error", "model_not_found"),
    413: (413, openai.APIStatusError, "invalid_request_error", None),
    429: (429, openai.RateLimitError, "tokens", "rate_limit_exceeded"),
    500: (500, openai.InternalServerError, "server_error", None),
    504: (504, openai.InternalServerError, "server_error", None),
    529: (503, openai.InternalServerError, "server_error", None),
}


def answer(target: str, request: SimRequest) -> Script | Rejection:
    assert target == "openai"
    name = request.headers.get("x-parity-scenario", "")
    if name not in REPLIES:
        return Rejection(404, f"no scenario named {name!r}")
    return Script(f"openai-test/{name}", REPLIES[name])


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(answer, backends=[OpenAIBackend()], request_timeout=5.0) as server:
        yield server


@pytest.fixture(scope="module")
def client(sim: SimulatorServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(
        api_key=KEY, base_url=f"{sim.base_url}/v1", max_retries=0, timeout=5.0
    ) as sdk:
        yield sdk


def scenario(name: str) -> dict[str, str]:
    return {"x-parity-scenario": name}


def post(sim: SimulatorServer, body: Any, name: str = "text", **headers: str) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"authorization": f"Bearer {KEY}", **scenario(name), **headers}
    return httpx.post(
        f"{sim.base_url}/v1/chat/completions", content=content, headers=sent, timeout=5.0
    )


def data_lines(raw: bytes) -> list[str]:
    events = raw.decode().split("\n\n")
    assert events[-1] == "", "the stream must end with a blank line"
    assert all(e.startswith("data: ") and "\n" not in e for e in events[:-1])
    return [e.removeprefix("data: ") for e in events[:-1]]


def tool_calls(message: Any) -> list[tuple[str, str, str]]:
    """(id, name, arguments) of each tool call of a parsed message."""
    return [(c.id, c.function.name, c.function.arguments) for c in message.tool_calls or []]


def stream_raw(sim: SimulatorServer, name: str, include_usage: bool = True) -> list[str]:
    body: dict[str, Any] = {"model": MODEL, "messages": PROMPT, "stream": True}
    if include_usage:
        body["stream_options"] = {"include_usage": True}
    response = post(sim, body, name)
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert response.headers["transfer-encoding"] == "chunked"
    return data_lines(response.content)


# -- completions ------------------------------------------------------------------------------


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


@pytest.mark.parametrize("name", MESSAGES)
def test_sdk_stream_accumulates_to_the_same_completion(client: openai.OpenAI, name: str) -> None:
    with client.chat.completions.stream(
        model=MODEL,
        messages=PROMPT,
        stream_options={"include_usage": True},
        extra_headers=scenario(name),
    ) as stream:
        for _ in stream:
            pass
        folded = stream.current_completion_snapshot
    whole = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario(name)
    )
    assert folded.id == whole.id
    assert folded.usage == whole.usage
    assert folded.choices[0].finish_reason == whole.choices[0].finish_reason
    assert folded.choices[0].message.content == whole.choices[0].message.content
    assert tool_calls(folded.choices[0].message) == tool_calls(whole.choices[0].message)


# -- the chunk stream, byte for byte ----------------------------------------------------------


def test_stream_has_role_chunk_tool_deltas_finish_usage_and_done(sim: SimulatorServer) -> None:
    lines = stream_raw(sim, "parallel")
    assert lines[-1] == "[DONE]"
    chunks = [json.loads(line) for line in lines[:-1]]
    for chunk in chunks:
        ChatCompletionChunk.model_validate(chunk)
        assert chunk["object"] == "chat.completion.chunk" and chunk["obfuscation"]
    assert len({(c["id"], c["created"]) for c in chunks}) == 1
    assert chunks[0]["choices"][0]["delta"] == {"role": "assistant", "content": "", "refusal": None}
    *body, finish, usage = chunks
    assert all(c["usage"] is None for c in [*body, finish])
    assert finish["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "tool_calls",
    }
    assert usage["choices"] == [] and usage["usage"]["prompt_tokens"] == 412
    calls = [
        c["choices"][0]["delta"]["tool_calls"][0]
        for c in body
        if "tool_calls" in c["choices"][0]["delta"]
    ]
    starts = [c for c in calls if "id" in c]
    assert starts == [
        {
            "index": 0,
            "id": "call_canary1",
            "type": "function",
            "function": {"name": "get_time", "arguments": ""},
        },
        {
            "index": 1,
            "id": "call_canary2",
            "type": "function",
            "function": {"name": "get_weather", "arguments": ""},
        },
    ]
    fragments = [c for c in calls if "id" not in c]
    assert all(
        set(f) == {"index", "function"} and set(f["function"]) == {"arguments"} for f in fragments
    )
    assert [f["index"] for f in fragments] == sorted(f["index"] for f in fragments), "sequential"
    for index, expected in enumerate(['{"tz": "Asia/Tokyo"}', '{"city": "Tokyo"}']):
        assert (
            "".join(f["function"]["arguments"] for f in fragments if f["index"] == index)
            == expected
        )
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in body)
    assert text == "Let me check both."


def test_chunks_carry_the_native_streams_pieces(sim: SimulatorServer) -> None:
    native = reply_events(
        REPLIES["parallel"], model=MODEL, message_id="msg_1", split_seed="openai-test/parallel"
    )
    native_pieces = [
        e["delta"].get("text") or e["delta"].get("partial_json")
        for e in native
        if e["type"] == "content_block_delta"
    ]
    chunks = [json.loads(line) for line in stream_raw(sim, "parallel")[:-1]]
    pieces = []
    for chunk in chunks[1:-2]:
        delta = chunk["choices"][0]["delta"]
        call = (delta.get("tool_calls") or [{}])[0]
        pieces.append(delta.get("content") or call.get("function", {}).get("arguments"))
    assert pieces == native_pieces  # the native "" first fragment is the start's arguments


def test_interleaved_option_alternates_parallel_fragments(sim: SimulatorServer) -> None:
    chunks = [json.loads(line) for line in stream_raw(sim, "interleaved")[:-1]]
    order = [
        c["choices"][0]["delta"]["tool_calls"][0]["index"]
        for c in chunks
        if c["choices"] and "tool_calls" in c["choices"][0]["delta"]
    ]
    assert order[:4] == [0, 1, 0, 1]
    assert order != sorted(order)


def test_without_include_usage_no_chunk_has_usage(sim: SimulatorServer) -> None:
    lines = stream_raw(sim, "text", include_usage=False)
    chunks = [json.loads(line) for line in lines[:-1]]
    assert lines[-1] == "[DONE]"
    assert all("usage" not in c and c["choices"] for c in chunks)
    assert chunks[-1]["choices"][0]["finish_reason"] == "stop"


def test_usage_chunk_option_leaves_it_out_even_when_asked(sim: SimulatorServer) -> None:
    chunks = [json.loads(line) for line in stream_raw(sim, "no-usage-chunk")[:-1]]
    assert all(c["choices"] and c["usage"] is None for c in chunks)


def test_empty_tool_calls_option(sim: SimulatorServer, client: openai.OpenAI) -> None:
    whole = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario("empty-tool-calls")
    )
    assert whole.choices[0].message.tool_calls == []
    deltas = [
        json.loads(line)["choices"][0]["delta"] for line in stream_raw(sim, "empty-tool-calls")[:-2]
    ]
    assert {"content": "", "tool_calls": []} in deltas


def test_stop_sequence_is_plain_stop_unless_the_server_names_the_match(
    client: openai.OpenAI,
) -> None:
    plain = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario("stop-sequence")
    )
    assert plain.choices[0].finish_reason == "stop"
    assert "stop_reason" not in plain.choices[0].model_dump()
    vllm = client.chat.completions.create(
        model=MODEL, messages=PROMPT, extra_headers=scenario("vllm-stop")
    )
    assert vllm.choices[0].model_dump()["stop_reason"] == "</answer>"


@pytest.mark.parametrize(
    ("name", "kind", "code"),
    [
        ("midstream-api", "server_error", None),
        ("midstream-overloaded", "service_unavailable_error", "server_is_overloaded"),
    ],
)
def test_mid_stream_error_is_an_error_line_without_done(
    sim: SimulatorServer, client: openai.OpenAI, name: str, kind: str, code: str | None
) -> None:
    lines = stream_raw(sim, name)
    assert len(lines) == 3 and "[DONE]" not in lines
    assert json.loads(lines[-1]) == {
        "error": {
            "message": json.loads(lines[-1])["error"]["message"],
            "type": kind,
            "param": None,
            "code": code,
        }
    }
    stream = client.chat.completions.create(
        model=MODEL, messages=PROMPT, stream=True, extra_headers=scenario(name)
    )
    received = []
    with pytest.raises(openai.APIError) as caught:
        for chunk in stream:
            received.append(chunk)
    assert len(received) == 2
    assert caught.value.body == json.loads(lines[-1])["error"]


def test_streams_are_deterministic(sim: SimulatorServer) -> None:
    assert stream_raw(sim, "parallel") == stream_raw(sim, "parallel")


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ERRORS)
def test_scripted_errors_use_openais_status_and_envelope(
    client: openai.OpenAI, status: int
) -> None:
    wire_status, exception, kind, code = ERRORS[status]
    with pytest.raises(exception) as caught:
        client.chat.completions.create(
            model=MODEL, messages=PROMPT, extra_headers=scenario(f"error-{status}")
        )
    assert caught.value.status_code == wire_status
    body = caught.value.body
    assert isinstance(body, dict) and set(body) == {"message", "type", "param", "code"}
    assert (body["type"], body["code"]) == (kind, code)


def test_a_streaming_request_that_fails_answers_json(sim: SimulatorServer) -> None:
    response = post(sim, {"model": MODEL, "messages": PROMPT, "stream": True}, "error-429")
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["code"] == "rate_limit_exceeded"


def test_missing_key_is_401_in_openais_words(sim: SimulatorServer) -> None:
    response = httpx.post(
        f"{sim.base_url}/v1/chat/completions", json={"model": MODEL, "messages": PROMPT}
    )
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith("You didn't provide an API key.")


def test_a_body_that_is_not_json_is_400(sim: SimulatorServer) -> None:
    response = post(sim, b"{not json")
    assert response.status_code == 400
    assert "could not parse the JSON body" in response.json()["error"]["message"]


def test_unscripted_requests_get_the_resolvers_refusal(sim: SimulatorServer) -> None:
    response = post(sim, {"model": MODEL, "messages": PROMPT}, "no-such-scenario")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "no scenario named 'no-such-scenario'"


def test_a_reply_with_an_unknown_wire_option_fails_loudly(sim: SimulatorServer) -> None:
    response = post(sim, {"model": MODEL, "messages": PROMPT}, "bad-option")
    assert response.status_code == 500
    assert "reply.openai.shuffle: unknown option" in response.json()["message"]


def test_only_the_chat_completions_path_is_served() -> None:
    backend = OpenAIBackend()
    assert backend.route(SimRequest("POST", "/v1/chat/completions", "", {}, b"")) is not None
    assert backend.route(SimRequest("GET", "/v1/chat/completions", "", {}, b"")) is None
    assert backend.route(SimRequest("POST", "/v1/messages", "", {}, b"")) is None


VALID = {"model": MODEL, "messages": PROMPT}
TOOLS = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
CALL = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}


@pytest.mark.parametrize(
    ("body", "message", "param"),
    [
        ({"messages": PROMPT}, "you must provide a model parameter", None),
        ({"model": MODEL}, "Missing required parameter: 'messages'.", "messages"),
        ({**VALID, "top_k": 5}, "Unrecognized request argument supplied: top_k", None),
        (
            {"model": MODEL, "messages": [{"role": "user", "content": 5}]},
            "Invalid value for 'messages[0].content'",
            "messages[0].content",
        ),
        (
            {
                "model": MODEL,
                "messages": [
                    {
                        "role": "tool",
                        "tool_call_id": "c",
                        "content": [
                            {"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}
                        ],
                    }
                ],
            },
            "Invalid value for 'messages[0].content[0]",
            "messages[0].content[0].type",
        ),
        (
            {"model": MODEL, "messages": [{"role": "tool", "tool_call_id": "c", "content": "r"}]},
            "messages with role 'tool' must be a response to a preceeding message",
            "messages.[0].role",
        ),
        (
            {
                "model": MODEL,
                "messages": [
                    {"role": "assistant", "tool_calls": [CALL]},
                    {"role": "user", "content": "and?"},
                    {"role": "tool", "tool_call_id": "call_1", "content": "r"},
                ],
                "tools": TOOLS,
            },
            "The following tool_call_ids did not have response messages: call_1",
            "messages.[0].role",
        ),
        (
            {
                "model": MODEL,
                "messages": [*PROMPT, {"role": "assistant", "tool_calls": [CALL]}],
                "tools": TOOLS,
            },
            "The following tool_call_ids did not have response messages: call_1",
            "messages.[1].role",
        ),
        (
            {
                "model": MODEL,
                "messages": [
                    *PROMPT,
                    {"role": "assistant", "tool_calls": [CALL, {**CALL, "id": "call_2"}]},
                    {"role": "tool", "tool_call_id": "call_1", "content": "r"},
                ],
                "tools": TOOLS,
            },
            "The following tool_call_ids did not have response messages: call_2",
            "messages.[1].role",
        ),
        (
            {**VALID, "stream_options": {"include_usage": True}},
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            "stream_options",
        ),
        (
            {**VALID, "tool_choice": "auto"},
            "'tool_choice' is only allowed when 'tools'",
            "tool_choice",
        ),
        ({**VALID, "stop": ["a", "b", "c", "d", "e"]}, "array too long", "stop"),
        ({"model": MODEL, "messages": []}, "empty array", "messages"),
    ],
)
def test_requests_openai_refuses_are_refused(
    sim: SimulatorServer, body: dict[str, Any], message: str, param: str | None
) -> None:
    problem = request_problem(body)
    assert problem is not None and message in problem.message
    response = post(sim, body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert message in error["message"]
    assert error["type"] == "invalid_request_error" and error["param"] == param


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"model": MODEL}, "missing_required_parameter"),
        ({**VALID, "stop": ["a", "b", "c", "d", "e"]}, "array_above_max_length"),
        ({"model": MODEL, "messages": []}, "empty_array"),
        ({**VALID, "top_k": 5}, None),
    ],
)
def test_a_refusal_carries_openais_error_code(
    sim: SimulatorServer, body: dict[str, Any], code: str | None
) -> None:
    response = post(sim, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_a_complete_tool_round_trip_is_accepted() -> None:
    body = {
        "model": MODEL,
        "messages": [
            {"role": "system", "content": [{"type": "text", "text": "Be brief."}]},
            {"role": "user", "content": "Weather?"},
            {"role": "assistant", "content": "Checking.", "tool_calls": [CALL]},
            {"role": "tool", "tool_call_id": "call_1", "content": "Sunny"},
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}
                ],
            },
        ],
        "tools": TOOLS,
        "tool_choice": "required",
        "parallel_tool_calls": False,
        "stream": True,
        "stream_options": {"include_usage": True},
    }
    assert request_problem(body) is None
