"""Scenario expectations read one view of the outcome, whatever the mode, and each failed
entry is a finding that points back at its scenario line."""

from __future__ import annotations

from typing import Any

import pytest

from harness.expectations import check_expectations, outcome_view, resolve
from harness.findings import Finding
from harness.scenarios import Expectation

MESSAGE: dict[str, Any] = {
    "id": "msg_01",
    "type": "message",
    "role": "assistant",
    "model": "claude-sonnet-4-6",
    "content": [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "toolu_01", "name": "get_weather", "input": {"city": "Paris"}},
    ],
    "stop_reason": "tool_use",
    "stop_sequence": None,
    "usage": {"input_tokens": 412, "output_tokens": 57},
}
ERROR_BODY = {"type": "error", "error": {"type": "rate_limit_error", "message": "Slow down"}}


def start_event() -> dict[str, Any]:
    return {
        "type": "message_start",
        "message": {**MESSAGE, "content": [], "stop_reason": None, "usage": {"input_tokens": 4}},
    }


STREAM: list[dict[str, Any]] = [
    start_event(),
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "ping"},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Hel"}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "lo"}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "end_turn", "stop_sequence": None},
        "usage": {"output_tokens": 3},
    },
    {"type": "message_stop"},
]


# -- the outcome view -----------------------------------------------------------------------


def test_a_json_message_is_the_views_message() -> None:
    outcome = {"status": 200, "body": MESSAGE}
    assert outcome_view(outcome) == {
        "status": 200,
        "message": MESSAGE,
        "error": None,
        "events": None,
        "body": MESSAGE,
    }


def test_a_json_error_is_the_views_error() -> None:
    view = outcome_view({"status": 429, "body": ERROR_BODY})
    assert view["status"] == 429
    assert view["message"] is None
    assert view["error"] == {"type": "rate_limit_error", "message": "Slow down"}
    assert view["body"] == ERROR_BODY


def test_a_stream_is_folded_into_the_views_message() -> None:
    view = outcome_view({"status": 200, "events": STREAM})
    assert view["events"] == STREAM
    assert view["body"] is None
    assert view["error"] is None
    message = view["message"]
    assert message["content"] == [{"type": "text", "text": "Hello"}]
    assert message["stop_reason"] == "end_turn"
    assert message["usage"] == {"input_tokens": 4, "output_tokens": 3}


def test_an_error_event_is_the_views_error_next_to_the_partial_message() -> None:
    error = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    view = outcome_view({"status": 200, "events": [*STREAM[:4], error]})
    assert view["error"] == {"type": "overloaded_error", "message": "Overloaded"}
    assert view["message"]["content"] == [{"type": "text", "text": "Hel"}]
    assert view["message"]["stop_reason"] is None


# -- resolving paths ------------------------------------------------------------------------


def test_resolve_follows_keys_and_indices() -> None:
    view = outcome_view({"status": 200, "body": MESSAGE})
    assert resolve(view, "message.content[1].input.city") == (True, "Paris")
    assert resolve(view, "status") == (True, 200)
    assert resolve([[1, [2, 3]]], "[0][1][1]") == (True, 3)


def test_resolve_finds_a_present_null() -> None:
    assert resolve({"message": MESSAGE}, "message.stop_sequence") == (True, None)


@pytest.mark.parametrize(
    "path",
    [
        "message.content[2].text",  # index past the end
        "message.missing",  # no such key
        "message.content.text",  # a key on a list
        "message.stop_reason[0]",  # an index on a string
        "message.usage[0]",  # an index on a dict
        "message.stop_sequence.x",  # a key below null
    ],
)
def test_resolve_reports_any_missing_step_as_not_found(path: str) -> None:
    assert resolve({"message": MESSAGE}, path) == (False, None)


# -- operators ------------------------------------------------------------------------------

VIEW = outcome_view({"status": 200, "body": MESSAGE})


def expect(path: str, op: str, value: Any, line: int | None = 12) -> list[Finding]:
    return check_expectations((Expectation(path, op, value, line),), VIEW)


@pytest.mark.parametrize(
    ("path", "op", "value"),
    [
        ("message.stop_reason", "equals", "tool_use"),
        ("message.stop_sequence", "equals", None),
        ("message.content[1].input", "equals", {"city": "Paris"}),
        ("message.stop_reason", "not_equals", "end_turn"),
        ("message.stop_reason", "one_of", ["end_turn", "tool_use"]),
        ("message.content[1].id", "matches", "^toolu_0"),
        ("message.content[0].text", "matches", "check"),
        ("message.content", "length", 2),
        ("message.content[0].text", "length", 13),
        ("message.usage", "length", 2),
        ("message.usage.input_tokens", "exists", True),
        ("message.stop_sequence", "exists", True),
        ("message.usage.cache_read_input_tokens", "exists", False),
    ],
)
def test_each_operator_passes_when_it_holds(path: str, op: str, value: Any) -> None:
    assert expect(path, op, value) == []


@pytest.mark.parametrize(
    ("path", "op", "value", "expected", "actual", "problem"),
    [
        (
            "message.stop_reason",
            "equals",
            "end_turn",
            "end_turn",
            "tool_use",
            "value differs from the expectation",
        ),
        (
            "message.stop_reason",
            "not_equals",
            "tool_use",
            {"not_equals": "tool_use"},
            "tool_use",
            "value must differ from the given one",
        ),
        (
            "message.stop_reason",
            "one_of",
            ["end_turn", "max_tokens"],
            ["end_turn", "max_tokens"],
            "tool_use",
            "value is not one of the allowed values",
        ),
        (
            "message.content[1].id",
            "matches",
            "^msg_",
            {"matches": "^msg_"},
            "toolu_01",
            "value does not match the pattern",
        ),
        (
            "message.usage.input_tokens",
            "matches",
            "4",
            {"matches": "4"},
            412,
            "value does not match the pattern",
        ),
        (
            "message.content",
            "length",
            3,
            3,
            MESSAGE["content"],
            "length differs from the expectation",
        ),
        (
            "message.usage.input_tokens",
            "length",
            3,
            3,
            412,
            "length differs from the expectation",
        ),
        (
            "message.usage.input_tokens",
            "exists",
            False,
            {"exists": False},
            412,
            "expected the path to be absent",
        ),
        (
            "message.usage.cache_read_input_tokens",
            "exists",
            True,
            {"exists": True},
            None,
            "expected the path to exist",
        ),
    ],
)
def test_each_operator_fails_with_a_finding_naming_the_scenario_line(
    path: str, op: str, value: Any, expected: Any, actual: Any, problem: str
) -> None:
    assert expect(path, op, value, line=12) == [
        Finding("expectation", path, expected, actual, f"{problem} (scenario line 12)")
    ]


@pytest.mark.parametrize("op", ["equals", "not_equals", "one_of", "matches", "length"])
def test_every_value_operator_fails_on_a_missing_path(op: str) -> None:
    value: Any = {"one_of": ["x"], "length": 1, "matches": "x"}.get(op, "x")
    [finding] = expect("message.content[5].text", op, value)
    assert finding.message == "the path does not exist in the outcome (scenario line 12)"
    assert finding.actual is None


def test_without_a_line_the_message_has_no_scenario_reference() -> None:
    [finding] = expect("message.stop_reason", "equals", "end_turn", line=None)
    assert finding.message == "value differs from the expectation"


def test_each_failing_entry_is_its_own_finding_in_order() -> None:
    entries = (
        Expectation("message.stop_reason", "equals", "end_turn", 3),
        Expectation("status", "equals", 200, 4),
        Expectation("message.content", "length", 1, 5),
    )
    found = check_expectations(entries, VIEW)
    assert [(f.path, f.message) for f in found] == [
        ("message.stop_reason", "value differs from the expectation (scenario line 3)"),
        ("message.content", "length differs from the expectation (scenario line 5)"),
    ]
