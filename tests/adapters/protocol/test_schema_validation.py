"""Running the SDK's types: numbers strictly, the beta types where only they describe a block or
delta, late fields filled in rather than reported, unknown fields only in strict mode, and the
body left untouched."""

from __future__ import annotations

import copy

from adapters.protocol.schema import (
    validate_event,
    validate_message,
)
from tests.adapters.protocol.schema_support import STOP_REASONS, found, message


def test_counts_must_be_json_integers_not_strings_or_floats() -> None:
    body = message()
    body["usage"]["input_tokens"] = "472"
    body["usage"]["output_tokens"] = 89.0
    assert found(validate_message(body)) == [
        ("usage.input_tokens", "Input should be a valid integer (got '472')"),
        ("usage.output_tokens", "Input should be a valid integer (got 89.0)"),
    ]


def test_beta_only_blocks_and_stop_reasons_are_accepted_through_the_beta_types() -> None:
    body = message(stop_reason="compaction")
    body["content"].append({"type": "compaction", "content": "Summary of earlier turns."})
    assert validate_message(body) == []


def test_a_beta_only_block_is_checked_against_its_beta_type() -> None:
    body = message()
    body["content"].append(
        {"type": "mcp_tool_use", "id": "mcptoolu_1", "name": "lookup", "input": {}}
    )
    assert found(validate_message(body)) == [
        ("content[3].server_name", "required field 'server_name' is missing")
    ]


def test_older_traffic_without_web_fetch_requests_is_still_valid() -> None:
    body = message()
    body["usage"]["server_tool_use"] = {"web_search_requests": 1}
    assert validate_message(body) == []
    assert validate_message(body, strict=True) == []


def test_the_late_field_allowance_does_not_excuse_other_missing_fields() -> None:
    body = message()
    body["usage"]["server_tool_use"] = {"web_fetch_requests": 1}
    assert found(validate_message(body)) == [
        (
            "usage.server_tool_use.web_search_requests",
            "required field 'web_search_requests' is missing",
        )
    ]


def test_other_findings_survive_alongside_an_allowed_late_field() -> None:
    body = message(stop_reason="done")
    body["usage"]["server_tool_use"] = {"web_search_requests": 1}
    assert found(validate_message(body)) == [
        ("stop_reason", f"'done' is not allowed; expected {STOP_REASONS}")
    ]


def test_unknown_fields_are_accepted_unless_strict() -> None:
    body = message(surprise=True)
    body["content"][2]["extra_hint"] = "x"
    body["usage"]["mystery_tokens"] = 3
    assert validate_message(body) == []
    assert found(validate_message(body, strict=True)) == [
        ("surprise", "unknown field 'surprise'"),
        ("content[2].extra_hint", "unknown field 'extra_hint'"),
        ("usage.mystery_tokens", "unknown field 'mystery_tokens'"),
    ]


def test_validation_does_not_modify_the_body() -> None:
    body = message()
    body["usage"]["server_tool_use"] = {"web_search_requests": 1}
    before = copy.deepcopy(body)
    validate_message(body, strict=True)
    assert body == before


def test_a_beta_only_delta_is_accepted() -> None:
    event = {
        "type": "content_block_delta",
        "index": 0,
        "delta": {"type": "compaction_delta", "content": "Summary.", "encrypted_content": None},
    }
    assert validate_event(event) == []


def test_old_message_delta_usage_without_web_fetch_requests_is_valid() -> None:
    event = {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 510, "server_tool_use": {"web_search_requests": 1}},
    }
    assert validate_event(event) == []
