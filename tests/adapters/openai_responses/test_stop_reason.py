"""The stop reason is read from a response's status, its incomplete reason and its output,
since the Responses API has no finish reason."""

from __future__ import annotations

from adapters.openai_responses.stop_reason import Stop, stop_for


def test_a_completed_response_ends_the_turn_calls_a_tool_or_refuses() -> None:
    assert stop_for("completed", None, called=False, refused=False) == Stop("end_turn")
    assert stop_for("completed", None, called=True, refused=False) == Stop("tool_use")
    assert stop_for("completed", None, called=True, refused=True) == Stop("refusal")


def test_an_incomplete_response_stops_for_its_reason() -> None:
    reason = {"reason": "max_output_tokens"}
    assert stop_for("incomplete", reason, called=True, refused=False) == Stop("max_tokens")
    assert stop_for("incomplete", {"reason": "content_filter"}, False, False) == Stop("refusal")


def test_an_unknown_status_or_reason_is_end_turn_marked_unknown() -> None:
    assert stop_for("in_progress", None, False, False) == Stop("end_turn", known=False)
    assert stop_for("incomplete", {"reason": "steered"}, False, False) == Stop(
        "end_turn", known=False
    )
