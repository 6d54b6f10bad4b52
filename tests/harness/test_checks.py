"""The checks: schema and grammar findings with event paths, the scripted reply, parity with
the canonical target, and declared known differences set aside by path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from adapters.base import JSON
from harness.checks import (
    check_body_schema,
    check_parity,
    check_reply,
    check_stream,
    set_aside_declared,
    structural_view,
)
from harness.expectations import outcome_view
from harness.findings import Finding
from harness.scenarios import KnownDifference, Scenario
from tests.support.streams import text_stream


def scenario(reply: JSON, endpoint: str = "messages") -> Scenario:
    return Scenario(
        id="tools/weather",
        file=Path("fixtures/scenarios/tools/weather.yaml"),
        title="One tool call",
        description="",
        tags=("tools",),
        front="anthropic",
        endpoint="count_tokens" if endpoint == "count_tokens" else "messages",
        api_version=None,
        betas=(),
        request={"model": "sonnet", "max_tokens": 64, "messages": []},
        reply=reply,
        modes=("json",) if endpoint == "count_tokens" else ("json", "stream"),
        not_applicable=(),
        known_differences=(),
        expect=(),
    )


SCRIPT: JSON = {
    "content": [
        {"type": "text", "text": "Let me check."},
        {"type": "tool_use", "id": "toolu_01A", "name": "get_weather", "input": {"city": "Paris"}},
    ],
    "stop_reason": "tool_use",
    "usage": {"input_tokens": 412, "output_tokens": 57, "cache_read_input_tokens": 100},
}


def message(**changes: Any) -> JSON:
    body: JSON = {
        "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-4-6",
        "content": [
            {"type": "text", "text": "Let me check.", "citations": None},
            {
                "type": "tool_use",
                "id": "toolu_01A",
                "name": "get_weather",
                "input": {"city": "Paris"},
            },
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {
            "input_tokens": 412,
            "output_tokens": 57,
            "cache_read_input_tokens": 100,
            "cache_creation_input_tokens": 0,
        },
    }
    body.update(changes)
    return body


def reply_findings(body: JSON, status: int = 200, script: JSON = SCRIPT) -> list[Finding]:
    return check_reply(scenario(script), "json", outcome_view({"status": status, "body": body}))


# -- schema and grammar ---------------------------------------------------------------------


def test_a_valid_message_has_no_schema_findings() -> None:
    assert check_body_schema(message()) == []


def test_a_schema_violation_is_a_schema_finding_at_its_field() -> None:
    [finding] = check_body_schema(message(stop_reason="finished"))
    assert (finding.check, finding.path) == ("schema", "stop_reason")
    assert "'finished' is not allowed" in finding.message


def stream_events() -> list[JSON]:
    return text_stream("Hi", output_tokens=3)


def names(events: list[JSON]) -> list[str]:
    return [e["type"] for e in events]


def test_a_valid_stream_has_no_findings() -> None:
    events = stream_events()
    assert check_stream(events, names(events)) == []


def test_an_event_schema_violation_is_prefixed_with_its_event_index() -> None:
    events = stream_events()
    events[4]["delta"]["stop_reason"] = "finished"
    [finding] = check_stream(events, names(events))
    assert (finding.check, finding.path) == ("schema", "events[4].delta.stop_reason")


def test_an_ordering_fault_is_reported_once_by_the_grammar() -> None:
    events = stream_events()
    del events[1]  # the delta now arrives for a block that never started
    found = check_stream(events, names(events))
    assert found and {f.check for f in found} == {"grammar"}
    at_delta = [f for f in found if f.path == "events[1]"]
    assert len(at_delta) == 1 and "before its content_block_start" in at_delta[0].message


def tool_stream(partial_json: str) -> list[JSON]:
    """A stream of one tool_use block whose input arrives as ``partial_json``."""
    start = {
        "type": "message_start",
        "message": {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": "m",
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": 1, "output_tokens": 1},
        },
    }
    events = [
        start,
        {
            "type": "content_block_start",
            "index": 0,
            "content_block": {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {}},
        },
        {
            "type": "content_block_delta",
            "index": 0,
            "delta": {"type": "input_json_delta", "partial_json": partial_json},
        },
        {"type": "content_block_stop", "index": 0},
        {
            "type": "message_delta",
            "delta": {"stop_reason": "tool_use", "stop_sequence": None},
            "usage": {"output_tokens": 3},
        },
        {"type": "message_stop"},
    ]
    return events


def test_tool_input_that_is_not_json_is_a_grammar_finding_at_the_block() -> None:
    events = tool_stream('{"city": ')
    [finding] = check_stream(events, names(events))
    assert (finding.check, finding.path) == ("grammar", "content[0].input")


@pytest.mark.parametrize("odd", [["tool_use"], {"name": "tool_use"}, 7])
def test_a_block_type_that_is_not_a_string_is_a_schema_finding_not_a_crash(odd: Any) -> None:
    events = tool_stream('{"city": "Paris"}')
    events[1]["content_block"]["type"] = odd
    found = check_stream(events, names(events))
    assert "events[1].content_block.type" in {f.path for f in found if f.check == "schema"}
    view = outcome_view({"status": 200, "events": events})
    assert view["message"] is None  # not folded: the types are not names
    assert check_parity(
        {"status": 200, "events": tool_stream("{}")}, {"status": 200, "events": events}
    )


def test_a_delta_type_that_is_not_a_string_is_a_schema_finding_not_a_crash() -> None:
    events = tool_stream('{"city": "Paris"}')
    events[2]["delta"]["type"] = ["input_json_delta"]
    found = check_stream(events, names(events))
    assert any(f.check == "schema" and f.path.startswith("events[2].delta") for f in found)


def test_nan_in_usage_is_a_schema_finding() -> None:
    events = tool_stream("{}")
    events[0]["message"]["usage"]["output_tokens"] = float("nan")
    found = check_stream(events, names(events))
    assert [f.path for f in found if f.check == "schema"] == [
        "events[0].message.usage.output_tokens"
    ]
    body = message(usage={"input_tokens": 1, "output_tokens": float("nan")})
    assert [f.path for f in check_body_schema(body)] == ["usage.output_tokens"]


def test_the_structural_view_of_a_malformed_message_has_placeholders_not_a_crash() -> None:
    body = message(content=["not a block", {"type": "tool_use", "input": ["x"]}], usage=3)
    view = structural_view({"status": 200, "body": body})
    assert view["content"] == [
        {"type": None},
        {"type": "tool_use", "name": None, "input_keys": []},
    ]
    assert view["usage_fields"] == []


def test_sse_names_are_checked_only_when_there_is_one_per_event() -> None:
    events = stream_events()
    wrong = [*names(events)[:-1], "message_end"]
    [finding] = check_stream(events, wrong)
    assert (finding.check, finding.path) == ("grammar", "events[5]")
    assert "message_end" in finding.message
    assert check_stream(events, wrong[:3]) == []


# -- the scripted reply ---------------------------------------------------------------------


def test_a_message_that_says_what_was_scripted_has_no_reply_findings() -> None:
    assert reply_findings(message()) == []


def test_blocks_are_compared_only_on_the_keys_the_script_sets() -> None:
    body = message()
    body["content"][1]["caller"] = {"type": "direct"}
    assert reply_findings(body) == []


def test_a_changed_block_field_is_a_reply_finding_at_its_message_path() -> None:
    body = message()
    body["content"][1]["input"] = {"city": "Lyon"}
    assert reply_findings(body) == [
        Finding(
            "reply",
            "message.content[1].input.city",
            "Paris",
            "Lyon",
            "value differs from the scripted reply",
        )
    ]


def test_a_scripted_key_missing_from_a_block_is_reported_as_null() -> None:
    body = message()
    del body["content"][0]["text"]
    [finding] = reply_findings(body)
    assert (finding.path, finding.expected, finding.actual) == (
        "message.content[0].text",
        "Let me check.",
        None,
    )


def test_a_different_number_of_blocks_is_reported_and_the_common_ones_compared() -> None:
    body = message()
    body["content"] = [{"type": "text", "text": "Let me see."}]
    found = reply_findings(body)
    assert [(f.check, f.path, f.expected, f.actual) for f in found] == [
        ("reply", "message.content", 2, 1),
        ("reply", "message.content[0].text", "Let me check.", "Let me see."),
    ]


def test_stop_reason_and_stop_sequence_are_compared_with_the_script() -> None:
    found = reply_findings(message(stop_reason="end_turn", stop_sequence="###"))
    assert [(f.path, f.expected, f.actual, f.message) for f in found] == [
        (
            "message.stop_reason",
            "tool_use",
            "end_turn",
            "stop_reason differs from the scripted reply",
        ),
        ("message.stop_sequence", None, "###", "stop_sequence differs from the scripted reply"),
    ]


def test_usage_differences_are_usage_findings_for_each_scripted_count() -> None:
    body = message()
    del body["usage"]["cache_read_input_tokens"]
    body["usage"]["output_tokens"] = 58
    body["usage"]["cache_creation_input_tokens"] = 9  # not scripted, so not compared
    found = reply_findings(body)
    assert [(f.check, f.path, f.expected, f.actual) for f in found] == [
        ("usage", "message.usage.output_tokens", 57, 58),
        ("usage", "message.usage.cache_read_input_tokens", 100, None),
    ]


def test_a_message_reply_must_come_with_status_200() -> None:
    found = reply_findings(message(), status=201)
    assert [(f.check, f.path, f.expected, f.actual) for f in found] == [
        ("reply", "status", 200, 201)
    ]


def test_an_outcome_without_a_message_is_one_reply_finding() -> None:
    error = {"type": "error", "error": {"type": "api_error", "message": "boom"}}
    found = reply_findings(error)
    assert [(f.path, f.message) for f in found] == [
        ("message", "no message in the outcome"),
    ]


ERROR_SCRIPT: JSON = {
    "error": {"status": 429, "type": "rate_limit_error", "message": "Number of requests..."}
}


def test_an_error_reply_is_checked_on_status_and_error_type_only() -> None:
    body = {"type": "error", "error": {"type": "rate_limit_error", "message": "other words"}}
    assert reply_findings(body, status=429, script=ERROR_SCRIPT) == []


def test_an_error_reply_with_the_wrong_status_and_type_gives_two_findings() -> None:
    body = {"type": "error", "error": {"type": "api_error", "message": "Internal"}}
    found = reply_findings(body, status=500, script=ERROR_SCRIPT)
    assert [(f.check, f.path, f.expected, f.actual) for f in found] == [
        ("reply", "status", 429, 500),
        ("reply", "error.type", "rate_limit_error", "api_error"),
    ]


def test_a_count_tokens_reply_is_checked_on_input_tokens() -> None:
    script = scenario({"input_tokens": 14}, endpoint="count_tokens")
    assert (
        check_reply(script, "json", outcome_view({"status": 200, "body": {"input_tokens": 14}}))
        == []
    )
    [finding] = check_reply(
        script, "json", outcome_view({"status": 200, "body": {"input_tokens": 15}})
    )
    assert (finding.check, finding.path, finding.expected, finding.actual) == (
        "reply",
        "body.input_tokens",
        14,
        15,
    )


STREAM_ERROR_SCRIPT: JSON = {
    **SCRIPT,
    "stream_error": {"after_events": 3, "type": "overloaded_error", "message": "Overloaded"},
}


def test_a_scripted_stream_error_is_checked_by_its_error_event_type_in_stream_mode() -> None:
    events = stream_events()[:3]
    events.append({"type": "error", "error": {"type": "overloaded_error", "message": "x"}})
    view = outcome_view({"status": 200, "events": events})
    assert check_reply(scenario(STREAM_ERROR_SCRIPT), "stream", view) == []
    events[-1] = {"type": "error", "error": {"type": "api_error", "message": "x"}}
    view = outcome_view({"status": 200, "events": events})
    [finding] = check_reply(scenario(STREAM_ERROR_SCRIPT), "stream", view)
    assert (finding.path, finding.expected, finding.actual) == (
        "error.type",
        "overloaded_error",
        "api_error",
    )


def test_a_scripted_stream_error_does_not_apply_in_json_mode() -> None:
    view = outcome_view({"status": 200, "body": message()})
    assert check_reply(scenario(STREAM_ERROR_SCRIPT), "json", view) == []


# -- parity ---------------------------------------------------------------------------------


def test_parity_without_a_canonical_outcome_is_one_finding() -> None:
    assert check_parity(None, {"status": 200, "body": message()}) == [
        Finding("parity", "", None, None, "the canonical case has no outcome to compare")
    ]


def test_parity_ignores_ids_models_and_error_wording() -> None:
    other = message(id="msg_vrtx_01", model="claude-sonnet-4-6@20250929")
    assert check_parity({"status": 200, "body": message()}, {"status": 200, "body": other}) == []
    ref = {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
    got = {"type": "error", "error": {"type": "overloaded_error", "message": "Try later"}}
    assert check_parity({"status": 529, "body": ref}, {"status": 529, "body": got}) == []


def test_parity_ignores_how_a_stream_is_split_into_deltas() -> None:
    reference = stream_events()
    split = copy.deepcopy(reference)
    split[2:3] = [
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "H"}},
        {"type": "ping"},
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "i"}},
    ]
    assert (
        check_parity({"status": 200, "events": reference}, {"status": 200, "events": split}) == []
    )


def test_parity_findings_under_usage_are_classified_as_usage() -> None:
    actual = message()
    del actual["usage"]["cache_read_input_tokens"]
    actual["content"][0]["text"] = "Let me look."
    found = check_parity({"status": 200, "body": message()}, {"status": 200, "body": actual})
    assert [(f.check, f.path, f.expected, f.actual) for f in found] == [
        ("parity", "body.content[0].text", "Let me check.", "Let me look."),
        ("usage", "body.usage.cache_read_input_tokens", 100, None),
    ]


def test_stream_usage_differences_are_usage_findings_too() -> None:
    reference = stream_events()
    actual = copy.deepcopy(reference)
    actual[0]["message"]["usage"]["input_tokens"] = 400
    actual[4]["usage"]["output_tokens"] = 4
    found = check_parity({"status": 200, "events": reference}, {"status": 200, "events": actual})
    assert [(f.check, f.path) for f in found] == [
        ("usage", "events[0].message.usage.input_tokens"),
        ("usage", "events[4].usage.output_tokens"),
    ]


def test_a_key_that_merely_contains_usage_is_a_parity_finding() -> None:
    found = check_parity(
        {"status": 200, "body": message()},
        {"status": 200, "body": message(server_usage_note="x")},
    )
    assert [(f.check, f.path) for f in found] == [("parity", "body.server_usage_note")]


# -- declared known differences -------------------------------------------------------------


def known(*paths: str) -> list[KnownDifference]:
    return [KnownDifference("vertex", p, f"reason for {p}") for p in paths]


def covered(path: str, declared: str, check: str = "parity") -> bool:
    finding = Finding(check, path, 1, 2, "value differs from the canonical target")
    kept, used = set_aside_declared([finding], known(declared))
    assert (kept == []) == (used == {declared})
    return kept == []


@pytest.mark.parametrize(
    ("path", "declared"),
    [
        ("usage.cache_creation", "usage.cache_creation"),  # exactly
        ("body.usage.cache_creation", "body.usage.cache_creation"),  # exactly, unshortened
        ("body.usage.cache_creation", "usage.cache_creation"),  # relative to body.
        ("body.usage.cache_creation.ephemeral_5m_input_tokens", "usage.cache_creation"),  # below .
        ("body.content[1]", "content"),  # below [
        ("body.content[1].citations[0]", "content[1].citations"),
        ("message.usage.cache_read_input_tokens", "usage"),  # relative to message.
        ("events[0].message.usage.cache_creation", "usage.cache_creation"),
        ("events[12].delta.stop_reason", "stop_reason"),  # relative to events[N].delta.
        ("events[3].content_block.citations", "citations"),  # relative to content_block.
        ("events[7].usage.output_tokens", "usage.output_tokens"),  # relative to events[N].
    ],
)
def test_a_declared_path_covers_the_finding_at_it_or_below_it(path: str, declared: str) -> None:
    assert covered(path, declared)


@pytest.mark.parametrize(
    ("path", "declared"),
    [
        ("body.usage.cache_creation_input_tokens", "usage.cache_creation"),  # a longer name
        ("body.usage", "usage.cache_creation"),  # above the declared path
        ("body.content[10]", "content[1]"),
        ("error.usage", "usage"),  # only the listed prefixes are removed
        ("", "usage"),
    ],
)
def test_a_declared_path_covers_nothing_else(path: str, declared: str) -> None:
    assert not covered(path, declared)


@pytest.mark.parametrize("check", ["parity", "usage", "reply"])
def test_parity_usage_reply_and_expectation_findings_can_be_declared(check: str) -> None:
    assert covered("body.usage.cache_read_input_tokens", "usage", check=check)


def test_an_expectation_on_a_declared_message_path_is_covered() -> None:
    assert covered("message.stop_reason", "stop_reason", check="expectation")
    assert not covered("message.stop_reason", "stop_sequence", check="expectation")


@pytest.mark.parametrize("check", ["golden", "golden-request", "schema", "grammar", "translate"])
def test_other_findings_are_never_set_aside(check: str) -> None:
    assert not covered("body.usage.cache_read_input_tokens", "usage", check=check)


def test_set_aside_keeps_the_rest_in_order_and_reports_only_the_paths_used() -> None:
    findings = [
        Finding("parity", "body.content[0].text", "a", "b", "m"),
        Finding("usage", "body.usage.cache_read_input_tokens", 100, None, "m"),
        Finding("golden", "body.usage.cache_read_input_tokens", 100, None, "m"),
        Finding("parity", "body.stop_reason", "x", "y", "m"),
    ]
    kept, used = set_aside_declared(findings, known("usage", "stop_sequence"))
    assert kept == [findings[0], findings[2], findings[3]]
    assert used == {"usage"}


def test_a_path_relative_to_the_stream_event_covers_it() -> None:
    assert covered("events[7].delta.stop_reason", "delta.stop_reason")
    assert covered("events[0].message.usage.input_tokens", "message.usage")
