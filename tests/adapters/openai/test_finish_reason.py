"""finish_reason and stop_reason map onto each other by documented tables; a stop sequence is
reported only when the server names the one that matched."""

from __future__ import annotations

import pytest

from adapters.openai.finish_reason import Stop, finish_reason_for, stop_for


@pytest.mark.parametrize(
    ("finish", "expected"),
    [
        ("stop", "end_turn"),
        ("length", "max_tokens"),
        ("tool_calls", "tool_use"),
        ("function_call", "tool_use"),
        ("content_filter", "refusal"),
    ],
)
def test_each_finish_reason_has_its_stop_reason(finish: str, expected: str) -> None:
    assert stop_for(finish, {}) == Stop(expected)


@pytest.mark.parametrize("finish", ["eos", "error", None, 3])
def test_an_unknown_finish_reason_is_end_turn_and_flagged(finish: object) -> None:
    assert stop_for(finish, {}) == Stop("end_turn", known=False)


@pytest.mark.parametrize("field", ["stop_reason", "matched_stop"])
def test_a_named_matched_stop_string_is_a_stop_sequence(field: str) -> None:
    assert stop_for("stop", {field: "</answer>"}) == Stop("stop_sequence", "</answer>")


def test_a_stop_token_id_is_not_a_stop_sequence() -> None:
    assert stop_for("stop", {"stop_reason": 128009}) == Stop("end_turn")


def test_a_matched_stop_only_counts_when_the_choice_stopped() -> None:
    assert stop_for("length", {"stop_reason": "</answer>"}) == Stop("max_tokens")


def test_a_refusal_wins_over_the_finish_reason() -> None:
    assert stop_for("stop", {}, refused=True) == Stop("refusal")


@pytest.mark.parametrize(
    ("stop", "expected"),
    [
        ("end_turn", "stop"),
        ("stop_sequence", "stop"),
        ("max_tokens", "length"),
        ("tool_use", "tool_calls"),
        ("refusal", "content_filter"),
        ("pause_turn", "length"),
        ("model_context_window_exceeded", "length"),
        ("something_new", "stop"),
        (None, "stop"),
    ],
)
def test_each_stop_reason_has_its_finish_reason(stop: str | None, expected: str) -> None:
    assert finish_reason_for(stop) == expected
