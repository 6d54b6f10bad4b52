"""``finish_reason`` <-> ``stop_reason``: both tables, and how a matched stop sequence is found.

OpenAI says ``stop`` both for a natural end and for a stop sequence, and does not say which
sequence matched. Some OpenAI-compatible servers do: vLLM puts the matched string in the
choice's ``stop_reason``, SGLang in ``matched_stop``. When either holds a string, the stop is
reported as ``stop_sequence`` with that string; otherwise ``stop`` is ``end_turn``.
A refusal (the message's ``refusal`` field) is reported as ``refusal`` whatever the
finish_reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

# OpenAI finish_reason -> Anthropic stop_reason (the ``openai`` target).
STOP_REASONS: dict[str, str] = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "content_filter": "refusal",
}
UNKNOWN_FINISH_STOP_REASON = "end_turn"

# Anthropic stop_reason -> OpenAI finish_reason (the front door). pause_turn and a full
# context window mean "the turn is not complete", which OpenAI clients read from ``length``.
FINISH_REASONS: dict[str, str] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
    "pause_turn": "length",
    "model_context_window_exceeded": "length",
}
UNKNOWN_STOP_FINISH_REASON = "stop"

# Choice fields in which OpenAI-compatible servers name the stop string that matched.
MATCHED_STOP_FIELDS = ("stop_reason", "matched_stop")


@dataclass(frozen=True)
class Stop:
    """How a choice ended, in Anthropic terms. ``known`` is False for a finish_reason that is
    not in the table (it is then reported as ``end_turn``)."""

    reason: str
    sequence: str | None = None
    known: bool = True


def matched_stop(choice: Mapping[str, Any]) -> str | None:
    """The stop string a server says it matched (vLLM ``stop_reason``, SGLang
    ``matched_stop``); None when neither is a string (a stop token id is not a sequence)."""
    for name in MATCHED_STOP_FIELDS:
        value = choice.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def stop_for(finish_reason: Any, choice: Mapping[str, Any], refused: bool = False) -> Stop:
    """The Anthropic stop for a choice's ``finish_reason``."""
    if refused:
        return Stop("refusal")
    if finish_reason == "stop":
        sequence = matched_stop(choice)
        if sequence is not None:
            return Stop("stop_sequence", sequence)
    if isinstance(finish_reason, str) and finish_reason in STOP_REASONS:
        return Stop(STOP_REASONS[finish_reason])
    return Stop(UNKNOWN_FINISH_STOP_REASON, known=False)


def finish_reason_for(stop_reason: Any) -> str:
    """The OpenAI finish_reason for an Anthropic ``stop_reason`` (unknown ones: ``stop``)."""
    if isinstance(stop_reason, str) and stop_reason in FINISH_REASONS:
        return FINISH_REASONS[stop_reason]
    return UNKNOWN_STOP_FINISH_REASON
