"""Every Converse stopReason has a documented Anthropic ending; the matched stop sequence is
recovered from the requested response field; unusable replies become errors."""

from __future__ import annotations

import pytest

from adapters.base import TranslationError
from adapters.bedrock.converse.stop_reason import Stop, anthropic_stop
from adapters.bedrock.eventstream import service_model


@pytest.mark.parametrize(
    ("converse", "anthropic"),
    [
        ("end_turn", "end_turn"),
        ("tool_use", "tool_use"),
        ("max_tokens", "max_tokens"),
        ("stop_sequence", "stop_sequence"),
        ("model_context_window_exceeded", "model_context_window_exceeded"),
        ("guardrail_intervened", "refusal"),
        ("content_filtered", "refusal"),
    ],
)
def test_stop_reasons_map_by_the_table(converse: str, anthropic: str) -> None:
    assert anthropic_stop(converse, None) == Stop(anthropic)


@pytest.mark.parametrize("converse", ["malformed_model_output", "malformed_tool_use"])
def test_a_malformed_reply_is_a_failure_naming_the_reason(converse: str) -> None:
    stop = anthropic_stop(converse, None)
    assert stop.stop_reason is None
    assert stop.failure is not None and converse in stop.failure


def test_every_stop_reason_botocore_knows_is_handled() -> None:
    enum = service_model().shape_for("StopReason").enum
    for reason in enum:
        anthropic_stop(reason, None)  # raises for an unhandled one


def test_the_matched_stop_sequence_is_recovered() -> None:
    fields = {"delta": {"stop_sequence": "</answer>"}}
    assert anthropic_stop("stop_sequence", fields) == Stop("stop_sequence", "</answer>")


def test_a_sequence_is_only_reported_with_the_stop_sequence_reason() -> None:
    assert anthropic_stop("end_turn", {"delta": {"stop_sequence": "x"}}) == Stop("end_turn")


def test_an_unknown_stop_reason_is_a_translation_error() -> None:
    with pytest.raises(TranslationError) as caught:
        anthropic_stop("weird", None)
    assert caught.value.path == "stopReason"


@pytest.mark.parametrize("value", [["end_turn"], {"reason": "end_turn"}, None, 3])
def test_a_stop_reason_that_is_not_a_string_is_a_translation_error(value: object) -> None:
    with pytest.raises(TranslationError) as caught:
        anthropic_stop(value, None)
    assert caught.value.path == "stopReason"
    assert caught.value.message == f"must be a string, got {value!r}"
