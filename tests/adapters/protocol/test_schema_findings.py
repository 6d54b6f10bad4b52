"""Pydantic's errors become one readable finding each: at the field's path, naming the allowed
values, the unknown type, or the block type whose field is wrong (not every union member's
complaint)."""

from __future__ import annotations

from adapters.protocol.schema import (
    validate_event,
    validate_message,
)
from adapters.protocol.schema_findings import dotted, json_type, quote
from tests.adapters.protocol.schema_support import STOP_REASONS, found, message


def test_a_bad_stop_reason_is_reported_with_the_allowed_values() -> None:
    assert found(validate_message(message(stop_reason="done"))) == [
        ("stop_reason", f"'done' is not allowed; expected {STOP_REASONS}")
    ]


def test_missing_output_tokens_is_reported_at_its_path() -> None:
    body = message()
    del body["usage"]["output_tokens"]
    assert found(validate_message(body)) == [
        ("usage.output_tokens", "required field 'output_tokens' is missing")
    ]


def test_an_unknown_block_type_is_one_finding_naming_the_type() -> None:
    body = message()
    body["content"][1] = {"type": "hologram", "text": "x"}
    ((path, text),) = found(validate_message(body))
    assert path == "content[1].type"
    assert text.startswith("unknown type 'hologram'; expected one of 'text', 'thinking', ")


def test_a_bad_field_inside_a_block_is_reported_for_that_block_type_only() -> None:
    body = message()
    del body["content"][2]["name"]
    body["content"][0]["signature"] = 7
    assert found(validate_message(body)) == [
        ("content[0].signature", "Input should be a valid string (got 7)"),
        ("content[2].name", "required field 'name' is missing"),
    ]


def test_a_block_without_a_type_or_not_an_object_is_named_as_such() -> None:
    body = message()
    body["content"][0] = {"text": "hi"}
    body["content"][1] = "hi"
    body["content"][2] = {}
    assert found(validate_message(body)) == [
        ("content[0].type", "required field 'type' is missing"),
        ("content[1]", "expected a JSON object, got a string"),
        ("content[2].type", "required field 'type' is missing"),
    ]


def test_an_unknown_delta_type_is_reported_at_the_delta() -> None:
    event = {"type": "content_block_delta", "index": 0, "delta": {"type": "audio_delta"}}
    ((path, text),) = found(validate_event(event))
    assert path == "delta.type"
    assert text.startswith("unknown type 'audio_delta'; expected one of 'text_delta', ")


def test_paths_read_as_fields_and_indices() -> None:
    assert dotted(()) == ""
    assert dotted(("content", 1, "text")) == "content[1].text"
    assert dotted(("usage", "output_tokens")) == "usage.output_tokens"


def test_values_are_quoted_as_json_spells_them_and_kept_short() -> None:
    assert quote(None) == "null"
    assert quote(True) == "true"
    assert quote("end_turn") == "'end_turn'"
    assert quote("x" * 100) == repr("x" * 100)[:60] + "..."
    assert [json_type(v) for v in ({}, [], "s", False, 1.5, None)] == [
        "an object",
        "an array",
        "a string",
        "a boolean",
        "a number",
        "null",
    ]
