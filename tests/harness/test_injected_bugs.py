"""Known translator bugs, injected into the reference translator, turn exactly the cases
they affect red, over the whole shipped corpus, with a finding that names the place.

Each test breaks one adapter's output the way translators in the field break, replays the
corpus on that target, and compares the red cases with the cases whose unbroken outcome on
that target has the property the bug destroys (computed from a replay before the bug is
injected, not from the broken code).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import pytest

from adapters.base import JSON
from adapters.bedrock.invoke import request as invoke_request
from adapters.openai import finish_reason
from adapters.vertex import request as vertex_request
from harness.runner import CaseResult
from tests.support.corpus import PROJECT
from tests.support.injected_bugs import (
    break_json,
    break_request,
    break_stream,
    forget_unbroken_replays,
    live_cases,
    message_of,
    red,
    replay,
    unbroken,
    unbroken_replay,
)

# Re-exported for the broken-mapping modules that still import them from here (server tools,
# request parameters); new modules import tests.support.injected_bugs.
__all__ = [
    "break_json",
    "break_request",
    "break_stream",
    "live_cases",
    "message_of",
    "red",
    "replay",
    "unbroken",
    "unbroken_replay",
]


@pytest.fixture(scope="module", autouse=True)
def _forget_unbroken_replays() -> Iterator[None]:
    yield
    forget_unbroken_replays()


def requested(result: CaseResult, key: str) -> object:
    """The ``type`` of an object parameter in the Anthropic request of a case."""
    value = (result.request or {}).get(key)
    return value.get("type") if isinstance(value, dict) else None


def signed_thinking(outcome: JSON) -> bool:
    return any(
        b.get("type") == "thinking" and b.get("signature")
        for b in message_of(outcome).get("content") or []
    )


def tool_blocks(outcome: JSON) -> int:
    return sum(1 for b in message_of(outcome).get("content") or [] if b.get("type") == "tool_use")


def tool_indices(events: list[JSON]) -> list[int]:
    """The stream indices of the tool_use blocks, in order."""
    return [
        e["index"]
        for e in events
        if e.get("type") == "content_block_start" and e["content_block"].get("type") == "tool_use"
    ]


def reports_cache_reads(outcome: JSON) -> bool:
    return (message_of(outcome).get("usage") or {}).get("cache_read_input_tokens") is not None


# -- Bedrock ----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["bedrock-converse", "bedrock-invoke"])
def test_dropping_a_thinking_signature_turns_exactly_the_signed_thinking_cases_red(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = unbroken(target)

    def drop_body(body: JSON) -> None:
        for block in body.get("content") or []:
            block.pop("signature", None)

    def drop_events(events: list[JSON]) -> list[JSON]:
        return [e for e in events if (e.get("delta") or {}).get("type") != "signature_delta"]

    break_json(target, monkeypatch, drop_body)
    break_stream(target, monkeypatch, drop_events)
    results = replay(target)
    expected = {cid for cid in live_cases(results) if signed_thinking(before[cid])}
    assert expected, "the corpus must hold signed thinking"
    assert red(results) == expected
    finding = results[sorted(expected)[0]].findings[0]
    assert "signature" in (finding.path + finding.message + repr(finding.expected)), finding


def test_swapping_tool_block_indices_in_a_stream_turns_the_multi_tool_streams_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("bedrock-converse")

    def swap(events: list[JSON]) -> list[JSON]:
        tools = tool_indices(events)
        if len(tools) < 2:
            return events
        a, b = tools[0], tools[1]
        for event in events:
            if event.get("type") == "content_block_delta" and event.get("index") in (a, b):
                event["index"] = b if event["index"] == a else a
        return events

    break_stream("bedrock-converse", monkeypatch, swap)
    results = replay("bedrock-converse")
    expected = {cid for cid in live_cases(results, "stream") if tool_blocks(before[cid]) >= 2}
    assert expected
    assert red(results) == expected


def test_losing_cache_usage_turns_exactly_the_cache_reading_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("bedrock-invoke")

    def lose(body: JSON) -> None:
        (body.get("usage") or {}).pop("cache_read_input_tokens", None)

    def lose_events(events: list[JSON]) -> list[JSON]:
        for event in events:
            for usage in (event.get("usage"), (event.get("message") or {}).get("usage")):
                if isinstance(usage, dict):
                    usage.pop("cache_read_input_tokens", None)
        return events

    break_json("bedrock-invoke", monkeypatch, lose)
    break_stream("bedrock-invoke", monkeypatch, lose_events)
    results = replay("bedrock-invoke")
    expected = {cid for cid in live_cases(results) if reports_cache_reads(before[cid])}
    assert expected
    assert red(results) == expected
    assert {f.check for cid in expected for f in results[cid].findings} >= {"usage"}


def test_swallowing_an_exception_frame_turns_the_mid_stream_failures_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("bedrock-invoke")

    def swallow(events: list[JSON]) -> list[JSON]:
        return [e for e in events if e.get("type") != "error"]

    break_stream("bedrock-invoke", monkeypatch, swallow)
    results = replay("bedrock-invoke")
    expected = {
        cid
        for cid in live_cases(results, "stream")
        if any(e.get("type") == "error" for e in before[cid].get("events") or [])
    }
    assert expected
    assert red(results) == expected
    checks = {f.check for cid in expected for f in results[cid].findings}
    assert "grammar" in checks  # a stream that just stops is never a silent success


@pytest.mark.parametrize("target", ["bedrock-invoke", "bedrock-converse"])
def test_miscounting_count_tokens_turns_exactly_the_token_counting_cases_red(
    target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = unbroken(target)

    def miscount(body: JSON) -> None:
        if isinstance(body.get("input_tokens"), int):  # a token count (a Message nests usage)
            body["input_tokens"] += 1

    break_json(target, monkeypatch, miscount)
    results = replay(target)
    expected = {
        cid for cid in live_cases(results) if "input_tokens" in (before[cid].get("body") or {})
    }
    assert len(expected) >= 2, "the corpus must count tokens on Bedrock"
    assert red(results) == expected
    finding = results[sorted(expected)[0]].findings[0]
    assert finding.path.endswith("input_tokens"), finding


def test_dropping_stop_details_turns_exactly_the_refusals_with_details_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("bedrock-invoke")

    def drop(body: JSON) -> None:
        body.pop("stop_details", None)

    def drop_events(events: list[JSON]) -> list[JSON]:
        for event in events:
            (event.get("delta") or {}).pop("stop_details", None)
        return events

    break_json("bedrock-invoke", monkeypatch, drop)
    break_stream("bedrock-invoke", monkeypatch, drop_events)
    results = replay("bedrock-invoke")
    expected = {cid for cid in live_cases(results) if message_of(before[cid]).get("stop_details")}
    assert len(expected) >= 4, "the corpus must hold refusals with stop_details in both modes"
    assert red(results) == expected
    assert all(any("stop_details" in f.path for f in results[cid].findings) for cid in expected)


def test_reading_pause_turn_as_end_turn_turns_exactly_the_paused_turns_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("bedrock-invoke")

    def finish(body: JSON) -> None:
        if body.get("stop_reason") == "pause_turn":
            body["stop_reason"] = "end_turn"

    def finish_events(events: list[JSON]) -> list[JSON]:
        for event in events:
            finish(event.get("delta") or {})
        return events

    break_json("bedrock-invoke", monkeypatch, finish)
    break_stream("bedrock-invoke", monkeypatch, finish_events)
    results = replay("bedrock-invoke")
    expected = {
        cid
        for cid in live_cases(results)
        if message_of(before[cid]).get("stop_reason") == "pause_turn"
    }
    assert len(expected) >= 2
    assert red(results) == expected


# -- OpenAI -----------------------------------------------------------------------------------


def test_routing_a_parallel_tool_fragment_to_the_wrong_block_turns_those_streams_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("openai")

    def misroute(events: list[JSON]) -> list[JSON]:
        tools = tool_indices(events)
        if len(tools) < 2:
            return events
        for event in reversed(events):
            delta = event.get("delta") or {}
            if event.get("index") == tools[1] and delta.get("partial_json"):
                event["index"] = tools[0]
                break
        return events

    break_stream("openai", monkeypatch, misroute)
    results = replay("openai")
    expected = {cid for cid in live_cases(results, "stream") if tool_blocks(before[cid]) >= 2}
    assert expected
    assert red(results) == expected


def test_mapping_length_to_end_turn_turns_the_max_tokens_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("openai")

    def wrong(body: JSON) -> None:
        if body.get("stop_reason") == "max_tokens":
            body["stop_reason"] = "end_turn"

    def wrong_events(events: list[JSON]) -> list[JSON]:
        for event in events:
            delta = event.get("delta") or {}
            if event.get("type") == "message_delta" and delta.get("stop_reason") == "max_tokens":
                delta["stop_reason"] = "end_turn"
        return events

    break_json("openai", monkeypatch, wrong)
    break_stream("openai", monkeypatch, wrong_events)
    results = replay("openai")
    expected = {
        cid
        for cid in live_cases(results)
        if message_of(before[cid]).get("stop_reason") == "max_tokens"
    }
    assert expected
    assert red(results) == expected


def test_dropping_cached_tokens_turns_the_cache_reading_cases_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken("openai")

    def drop(body: JSON) -> None:
        usage = body.get("usage") or {}
        usage.pop("cache_read_input_tokens", None)

    break_json("openai", monkeypatch, drop)
    results = replay("openai")
    expected = {cid for cid in live_cases(results, "json") if reports_cache_reads(before[cid])}
    assert expected
    assert red(results) == expected


def test_ignoring_the_refusal_field_turns_exactly_the_refusals_openai_words_that_way_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unbroken_results = unbroken_replay("openai")
    original = finish_reason.stop_for

    def forgetful(reason: Any, choice: Mapping[str, Any], refused: bool = False) -> Any:
        return original(reason, choice)

    monkeypatch.setattr(finish_reason, "stop_for", forgetful)
    results = replay("openai")
    expected = {cid for cid in live_cases(results) if refusal_on_the_wire(unbroken_results[cid])}
    assert len(expected) >= 2, "the corpus must hold a refusal in OpenAI's refusal field"
    assert red(results) == expected


def refusal_on_the_wire(result: CaseResult) -> bool:
    """Whether the recorded OpenAI response carries refusal text in the refusal field."""
    cassette = (result.provenance or {}).get("cassette")
    text = (PROJECT.root / str(cassette)).read_text(encoding="utf-8") if cassette else ""
    return re.search(r'\\?"refusal\\?":\s*\\?"', text) is not None  # JSON bodies are escaped


# -- request parameters -------------------------------------------------------------------------


def test_dropping_tool_choice_none_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken_replay("openai")

    def drop(body: JSON) -> None:
        if body.get("tool_choice") == "none":
            del body["tool_choice"]

    break_request("openai", monkeypatch, drop)
    results = replay("openai")
    expected = {
        cid for cid in live_cases(before) if requested(before[cid], "tool_choice") == "none"
    }
    assert len(expected) >= 2
    assert red(results) == expected


def test_dropping_thinking_forms_on_converse_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken_replay("bedrock-converse")
    forms = ("disabled", "adaptive")

    def drop(body: JSON) -> None:
        extra = body.get("additionalModelRequestFields") or {}
        if (extra.get("thinking") or {}).get("type") in forms:
            del extra["thinking"]

    break_request("bedrock-converse", monkeypatch, drop)
    results = replay("bedrock-converse")
    expected = {cid for cid in live_cases(before) if requested(before[cid], "thinking") in forms}
    assert len(expected) >= 4
    assert red(results) == expected


def test_dropping_one_call_at_a_time_on_converse_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken_replay("bedrock-converse")

    def drop(body: JSON) -> None:
        (body.get("additionalModelRequestFields") or {}).pop("tool_choice", None)

    def one_at_a_time(result: CaseResult) -> bool:
        choice = (result.request or {}).get("tool_choice") or {}
        return choice.get("type") == "auto" and choice.get("disable_parallel_tool_use") is True

    break_request("bedrock-converse", monkeypatch, drop)
    results = replay("bedrock-converse")
    expected = {cid for cid in live_cases(before) if one_at_a_time(before[cid])}
    assert len(expected) >= 2
    assert red(results) == expected


def test_dropping_the_service_tier_on_converse_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken_replay("bedrock-converse")

    def drop(body: JSON) -> None:
        body.pop("serviceTier", None)

    break_request("bedrock-converse", monkeypatch, drop)
    results = replay("bedrock-converse")
    expected = {
        cid
        for cid in live_cases(before)
        if (before[cid].request or {}).get("service_tier") == "standard_only"
    }
    assert len(expected) >= 2
    assert red(results) == expected


@pytest.mark.parametrize(
    ("target", "module"), [("bedrock-invoke", invoke_request), ("vertex", vertex_request)]
)
def test_forgetting_what_a_backend_cannot_honour_turns_exactly_those_refusals_red(
    target: str, module: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = unbroken_replay(target)
    fields = set(module.REFUSED)
    monkeypatch.setattr(module, "REFUSED", {})
    results = replay(target)

    def refused_field(result: CaseResult) -> str | None:
        scenario = result.case.scenario
        refusal = scenario.refusal_for(target, result.case.mode)
        return refusal.field if refusal is not None else None

    expected = {cid for cid, r in before.items() if refused_field(r) in fields}
    assert len(expected) >= 4
    assert red(results) == expected
    assert all(any(f.check == "translate" for f in results[cid].findings) for cid in expected)


def test_dropping_the_cache_point_after_the_last_message_turns_exactly_those_requests_red(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = unbroken_replay("bedrock-converse")

    def drop(body: JSON) -> None:
        messages = body.get("messages") or [{}]
        last = messages[-1].get("content") or []
        if last and "cachePoint" in last[-1]:
            last.pop()

    break_request("bedrock-converse", monkeypatch, drop)
    results = replay("bedrock-converse")
    expected = {
        cid
        for cid in live_cases(before)
        if (before[cid].request or {}).get("cache_control") is not None
        or ends_with_cache_control(before[cid].request or {})
    }
    assert any((before[cid].request or {}).get("cache_control") for cid in expected)
    assert red(results) == expected


def ends_with_cache_control(request: JSON) -> bool:
    """Whether the request's last message ends with a block that sets a cache breakpoint."""
    content = (request.get("messages") or [{}])[-1].get("content")
    return isinstance(content, list) and bool(content) and "cache_control" in content[-1]


def test_the_unbroken_translators_leave_every_case_green_amber_or_grey() -> None:
    for target in ("bedrock-invoke", "bedrock-converse", "openai"):
        assert red(unbroken_replay(target)) == set(), target
