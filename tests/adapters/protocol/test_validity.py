"""Whether a decoded outcome is valid Anthropic form: a JSON body by status and endpoint; a
stream by its events' schema (located at ``events[i]``), then its order and fold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from adapters.protocol.validity import (
    body_violations,
    event_order_violations,
    event_schema_violations,
    stream_violations,
)
from tests.support.streams import text_stream


def test_a_body_is_checked_against_the_schema_its_status_and_endpoint_call_for() -> None:
    assert body_violations({"input_tokens": 3}, 200, "count_tokens") == []
    assert (
        body_violations({"type": "error", "error": {"type": "api_error", "message": "x"}}, 500)
        == []
    )
    assert body_violations({"input_tokens": 3}, 200) != []
    assert body_violations({"input_tokens": 3}, 500) != []


def test_a_valid_stream_has_no_violations_of_either_kind() -> None:
    events = text_stream("Hi")
    assert event_schema_violations(events) == []
    assert event_order_violations(events, [e["type"] for e in events]) == []
    assert stream_violations(events) == []


def test_schema_violations_are_located_at_their_event() -> None:
    events = text_stream("Hi")
    events[4]["delta"]["stop_reason"] = "finished"
    [schema] = event_schema_violations(events)
    assert schema.path == "events[4].delta.stop_reason"
    assert event_order_violations(events) == []


def test_names_are_checked_only_when_there_is_one_per_event() -> None:
    events = text_stream("Hi")
    wrong = ["ping"] * len(events)
    assert event_order_violations(events, wrong) != []
    assert event_order_violations(events, wrong[:-1]) == []


def test_tool_input_that_is_not_json_is_an_order_violation_at_its_block() -> None:
    events: list[dict[str, Any]] = text_stream()
    events[1] = {
        "type": "content_block_start",
        "index": 0,
        "content_block": {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
    }
    events.insert(
        2,
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": '{"city": '},
        },
    )
    found = event_order_violations(events)
    assert [v.path for v in found] == ["content[0].input"]


def test_a_stream_reports_schema_first_then_order() -> None:
    events = text_stream("Hi")
    events[4]["delta"]["stop_reason"] = "finished"
    del events[1]
    found = stream_violations(events)
    schema, order = event_schema_violations(events), event_order_violations(events)
    assert schema and order
    assert found == schema + order


def test_the_sdk_types_load_only_when_something_is_validated() -> None:
    # importing them costs about half a second, which a process that validates nothing
    # (the CLI's help, the test runner's controller) should not pay
    probe = (
        "import sys, adapters.base, harness.cli, harness.checks, harness.pytest_plugin;"
        "print('anthropic' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[3]
    ran = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert ran.stdout.strip() == "False", ran.stderr
