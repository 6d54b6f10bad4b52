"""Canonical wire requests: what no backend can tell apart is set aside, by name; what
remains is a dropped field, an added field or a changed value at a dotted path."""

from __future__ import annotations

import json
import re
from pathlib import Path

from harness.canonical import (
    CANONICALIZATIONS,
    Difference,
    canonical_request,
    compare_requests,
)

MESSAGES = "/v1/messages"
CONVERSE = "/model/us.anthropic.claude-sonnet-4-6-v1:0/converse"


def body(value: object, **dump: object) -> bytes:
    return json.dumps(value, **dump).encode()  # type: ignore[arg-type]


def test_key_order_and_whitespace_are_named_and_set_aside() -> None:
    a = canonical_request("anthropic", "POST", MESSAGES, b'{"model":"m","max_tokens":5}')
    b = canonical_request("anthropic", "POST", MESSAGES, b'{ "max_tokens": 5,\n "model": "m" }')
    assert a == b
    assert a.applied == ("json-key-order",)
    assert set(b.applied) == {"json-formatting"}


def test_a_string_escape_form_is_formatting_only() -> None:
    escaped = canonical_request("anthropic", "POST", MESSAGES, b'{"text":"caf\\u00e9"}')
    literal = canonical_request("anthropic", "POST", MESSAGES, '{"text":"café"}'.encode())
    assert escaped == literal
    assert escaped.applied == ()  # the compact ASCII form is a form json.dumps writes


def test_path_quoting_keeps_an_encoded_slash_apart_from_a_literal_one() -> None:
    quoted = canonical_request(
        "bedrock-converse", "POST", "/model/us.anthropic.claude-sonnet-4-6-v1%3a0/converse", b""
    )
    assert quoted == canonical_request("bedrock-converse", "POST", CONVERSE, b"")
    assert quoted.applied == ("path-quoting",)
    arn = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2fus.x/converse"
    literal = "/model/arn:aws:bedrock:us-east-1:1:inference-profile/us.x/converse"
    encoded = canonical_request("bedrock-converse", "POST", arn, b"")
    assert encoded.path == "/model/arn:aws:bedrock:us-east-1:1:inference-profile%2Fus.x/converse"
    assert encoded != canonical_request("bedrock-converse", "POST", literal, b"")


def test_stream_false_is_the_default_where_the_body_has_a_stream_flag() -> None:
    sent = {"model": "m", "max_tokens": 5, "stream": False, "messages": []}
    plain = {"model": "m", "max_tokens": 5, "messages": []}
    for target in ("anthropic", "vertex", "openai"):
        spelled = canonical_request(target, "POST", MESSAGES, body(sent))
        assert spelled == canonical_request(target, "POST", MESSAGES, body(plain))
        assert "stream-false" in spelled.applied
    # InvokeModel refuses any stream key, so there the two are told apart.
    invoke = "/model/m/invoke"
    assert canonical_request("bedrock-invoke", "POST", invoke, body(sent)) != canonical_request(
        "bedrock-invoke", "POST", invoke, body(plain)
    )


def test_a_system_string_is_one_text_block_holding_only_that_text() -> None:
    as_string = {"system": "Be brief.", "messages": [{"role": "user", "content": "Hi"}]}
    as_blocks = {
        "system": [{"type": "text", "text": "Be brief."}],
        "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
    }
    blocks = canonical_request("vertex", "POST", MESSAGES, body(as_blocks))
    assert blocks == canonical_request("vertex", "POST", MESSAGES, body(as_string))
    assert {"system-string", "content-string"} <= set(blocks.applied)
    cached = {"system": [{"type": "text", "text": "Be brief.", "cache_control": {"type": "x"}}]}
    assert canonical_request("vertex", "POST", MESSAGES, body(cached)).json() == cached
    two = {"system": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}]}
    assert canonical_request("anthropic", "POST", MESSAGES, body(two)).json() == two


def test_openai_tool_arguments_and_the_output_limit_field() -> None:
    def request(arguments: str, limit: str) -> bytes:
        call = {"id": "c", "type": "function", "function": {"name": "f", "arguments": arguments}}
        messages = [{"role": "assistant", "content": None, "tool_calls": [call]}]
        return body({"model": "m", limit: 9, "messages": messages})

    path = "/v1/chat/completions"
    spaced = canonical_request("openai", "POST", path, request('{"b": 1, "a": "x"}', "max_tokens"))
    compact = request('{"a":"x","b":1}', "max_completion_tokens")
    assert spaced == canonical_request("openai", "POST", path, compact)
    assert {"tool-arguments-format", "max-tokens-field"} <= set(spaced.applied)
    # On an Anthropic body neither applies: max_tokens there is the only name.
    anthropic = canonical_request("anthropic", "POST", MESSAGES, body({"max_tokens": 9}))
    assert anthropic.json() == {"max_tokens": 9}


def test_the_query_is_compared_but_does_not_identify_the_conversation() -> None:
    plain = canonical_request("anthropic", "POST", MESSAGES, b"{}")
    beta = canonical_request("anthropic", "POST", MESSAGES + "?beta=true", b"{}")
    assert plain.key == beta.key
    assert plain != beta
    assert compare_requests(plain, beta) == [Difference("added", "query.beta", None, "true")]


def test_differences_are_classed_with_dotted_paths() -> None:
    expected = {
        "model": "m",
        "max_tokens": 64,
        "temperature": 1,
        "messages": [{"role": "user", "content": "Hi"}],
    }
    actual = {
        "model": "m",
        "max_tokens": 65,
        "temperature": 1.0,
        "top_k": 5,
        "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "."}],
    }
    found = compare_requests(
        canonical_request("anthropic", "POST", MESSAGES, body(expected)),
        canonical_request("anthropic", "POST", MESSAGES + "/count_tokens", body(actual)),
    )
    assert found == [
        Difference("changed", "path", MESSAGES, MESSAGES + "/count_tokens"),
        Difference("changed", "body.max_tokens", 64, 65),
        Difference("added", "body.messages[1]", None, {"role": "assistant", "content": "."}),
        Difference("changed", "body.temperature", 1, 1.0),
        Difference("added", "body.top_k", None, 5),
    ]
    assert found[1].line() == "body.max_tokens: changed from 64 to 65"
    dropped = compare_requests(
        canonical_request("anthropic", "POST", MESSAGES, body(actual)),
        canonical_request("anthropic", "POST", MESSAGES, body(expected)),
    )
    assert Difference("dropped", "body.top_k", 5, None) in dropped


def test_a_body_that_is_not_json_is_compared_as_bytes() -> None:
    a = canonical_request("anthropic", "POST", MESSAGES, b"not json")
    b = canonical_request("anthropic", "POST", MESSAGES, b"not json!")
    assert a.body == b"not json"
    assert compare_requests(a, b) == [Difference("changed", "body", "not json", "not json!")]


def test_docs_list_every_canonicalization_by_its_stable_name() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "GATEWAYS.md").read_text()
    table = text.split("## Canonicalizations", 1)[1]
    listed = re.findall(r"^\| `([a-z-]+)` \|", table, flags=re.MULTILINE)
    assert listed == [rule.name for rule in CANONICALIZATIONS]


def test_alt_sse_on_a_vertex_stream_is_the_same_request() -> None:
    path = "/v1/projects/p/locations/l/publishers/anthropic/models/m:streamRawPredict"
    plain = canonical_request("vertex", "POST", path, b"{}")
    with_alt = canonical_request("vertex", "POST", path + "?alt=sse", b"{}")
    assert compare_requests(plain, with_alt) == []
    assert "vertex-alt-sse" in with_alt.applied
    elsewhere = canonical_request("anthropic", "POST", "/v1/messages?alt=sse", b"{}")
    assert compare_requests(
        canonical_request("anthropic", "POST", "/v1/messages", b"{}"), elsewhere
    )


def test_a_converse_tool_result_with_status_success_is_one_without_a_status() -> None:
    def with_result(**extra: object) -> bytes:
        result = {"toolUseId": "t1", "content": [{"text": "18 C"}], **extra}
        return body({"messages": [{"role": "user", "content": [{"toolResult": result}]}]})

    plain = canonical_request("bedrock-converse", "POST", CONVERSE, with_result())
    success = canonical_request("bedrock-converse", "POST", CONVERSE, with_result(status="success"))
    error = canonical_request("bedrock-converse", "POST", CONVERSE, with_result(status="error"))
    assert success == plain and "tool-result-success" in success.applied
    assert [d.line() for d in compare_requests(plain, error)] == [
        'body.messages[0].content[0].toolResult.status: added ("error")'
    ]


def test_an_empty_required_list_in_a_tool_schema_is_no_required_at_all() -> None:
    def schema(**extra: object) -> dict[str, object]:
        nested = {"type": "object", "properties": {"unit": {"type": "string"}}, **extra}
        return {"type": "object", "properties": {"where": nested}, **extra}

    bare, empty = schema(), schema(required=[])
    shapes = {
        "anthropic": (MESSAGES, lambda s: {"tools": [{"name": "t", "input_schema": s}]}),
        "openai": (
            "/v1/chat/completions",
            lambda s: {"tools": [{"type": "function", "function": {"name": "t", "parameters": s}}]},
        ),
        "bedrock-converse": (
            CONVERSE,
            lambda s: {"toolConfig": {"tools": [{"toolSpec": {"inputSchema": {"json": s}}}]}},
        ),
    }
    for target, (path, shape) in shapes.items():
        plain = canonical_request(target, "POST", path, body(shape(bare)))
        listed = canonical_request(target, "POST", path, body(shape(empty)))
        assert listed == plain, target
        assert "schema-required-empty" in listed.applied
        assert "schema-required-empty" not in plain.applied
    # a required property is still required, and a property named "required" is data
    named = {"type": "object", "properties": {"required": {"type": "array"}}, "required": ["a"]}
    one = canonical_request("anthropic", "POST", MESSAGES, body(shapes["anthropic"][1](named)))
    assert one.json()["tools"][0]["input_schema"] == named
    assert "schema-required-empty" not in one.applied


RESPONSES = "/v1/responses"


def test_a_responses_message_as_one_text_part_or_without_its_type_is_the_same_request() -> None:
    def request(user: object, assistant: object, arguments: str) -> bytes:
        call = {"type": "function_call", "call_id": "c", "name": "f", "arguments": arguments}
        return body({"model": "m", "input": [user, assistant, call], "stream": False})

    reference = canonical_request(
        "openai-responses",
        "POST",
        RESPONSES,
        request(
            {"type": "message", "role": "user", "content": "Hi"},
            {"type": "message", "role": "assistant", "content": "Hello"},
            '{"a":1,"b":2}',
        ),
    )
    parts = canonical_request(
        "openai-responses",
        "POST",
        RESPONSES,
        request(
            {"role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
            {
                "role": "assistant",
                "content": [{"type": "output_text", "text": "Hello", "annotations": []}],
            },
            '{"b": 2, "a": 1}',
        ),
    )
    assert compare_requests(reference, parts) == []
    assert {
        "content-string",
        "message-item-type",
        "tool-arguments-format",
        "stream-false",
    } <= set(parts.applied)
    two = {"role": "user", "content": [{"type": "input_text", "text": "Hi"}] * 2}
    other = canonical_request(
        "openai-responses", "POST", RESPONSES, request(two, {"role": "assistant"}, "{}")
    )
    assert compare_requests(reference, other) != []


def test_the_name_of_a_json_schema_output_format_is_the_translators_label() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}

    def chat(name: str) -> bytes:
        fmt = {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}
        return body({"model": "m", "messages": [], "response_format": fmt})

    path = "/v1/chat/completions"
    ours = canonical_request("openai", "POST", path, chat("response"))
    theirs = canonical_request("openai", "POST", path, chat("structured_output"))
    assert compare_requests(ours, theirs) == [] and "format-name" in ours.applied
    responses = canonical_request(
        "openai-responses",
        "POST",
        "/v1/responses",
        body({"text": {"format": {"type": "json_schema", "name": "x", "schema": schema}}}),
    )
    assert responses.json() == {"text": {"format": {"type": "json_schema", "schema": schema}}}
    # the schema itself is still compared
    other = json.loads(chat("response"))
    other["response_format"]["json_schema"]["schema"] = {"type": "object"}
    assert compare_requests(ours, canonical_request("openai", "POST", path, body(other))) != []


def test_a_converse_output_schema_is_json_text_compared_as_json() -> None:
    def converse(schema_text: str, **more: str) -> bytes:
        structure = {"jsonSchema": {"schema": schema_text, **more}}
        return body(
            {"outputConfig": {"textFormat": {"type": "json_schema", "structure": structure}}}
        )

    compact = canonical_request(
        "bedrock-converse", "POST", CONVERSE, converse('{"type":"object","required":["a"]}')
    )
    spaced = canonical_request(
        "bedrock-converse",
        "POST",
        CONVERSE,
        converse('{"required": ["a"], "type": "object"}', name="structured_output"),
    )
    assert compare_requests(compact, spaced) == []
    assert {"format-schema-text", "format-name"} <= set(spaced.applied)
    wider = converse('{"type": "object", "required": ["a", "b"]}')
    assert compare_requests(compact, canonical_request("bedrock-converse", "POST", CONVERSE, wider))
