"""Converse ``stopReason`` -> Anthropic ``stop_reason`` (and the matched stop sequence).

| Converse stopReason | Anthropic |
|---|---|
| ``end_turn``, ``tool_use``, ``max_tokens``, ``stop_sequence`` | the same |
| ``model_context_window_exceeded`` | the same |
| ``guardrail_intervened`` | ``refusal`` (a Bedrock guardrail stopped the reply) |
| ``content_filtered`` | ``refusal`` (the content filter stopped the reply) |
| ``malformed_model_output``, ``malformed_tool_use`` | no stop reason: an ``api_error`` |

The two ``malformed_*`` reasons say the reply is unusable (the model produced invalid
output or an invalid tool call); an Anthropic client would otherwise take it for a normal
end of turn, so it gets an error instead. An unknown reason is a translation error.

``stop_sequence`` is the matched sequence Bedrock returns when asked for the
``/delta/stop_sequence`` response field path (in ``additionalModelResponseFields``); it is
only set when the stop reason is ``stop_sequence``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.base import TranslationError

STOP_REASONS: dict[str, str] = {
    "end_turn": "end_turn",
    "tool_use": "tool_use",
    "max_tokens": "max_tokens",
    "stop_sequence": "stop_sequence",
    "model_context_window_exceeded": "model_context_window_exceeded",
    "guardrail_intervened": "refusal",
    "content_filtered": "refusal",
}
FAILURES: dict[str, str] = {
    "malformed_model_output": "the model produced output Bedrock could not parse",
    "malformed_tool_use": "the model produced a tool call Bedrock could not parse",
}


@dataclass(frozen=True)
class Stop:
    """How a Converse reply ended, in Anthropic terms: a stop reason and sequence, or (for a
    reply that cannot be used) the message of the ``api_error`` that replaces it."""

    stop_reason: str | None
    stop_sequence: str | None = None
    failure: str | None = None


def anthropic_stop(stop_reason: Any, fields: Any, path: str = "stopReason") -> Stop:
    """The Anthropic ending for a Converse ``stopReason`` and its
    ``additionalModelResponseFields``."""
    if not isinstance(stop_reason, str):
        raise TranslationError(f"must be a string, got {stop_reason!r}", path=path)
    if stop_reason in FAILURES:
        return Stop(None, None, f"Bedrock stopped with {stop_reason}: {FAILURES[stop_reason]}")
    mapped = STOP_REASONS.get(stop_reason)
    if mapped is None:
        raise TranslationError(f"unknown Converse stopReason {stop_reason!r}", path=path)
    sequence = None
    if mapped == "stop_sequence" and isinstance(fields, dict):
        delta = fields.get("delta")
        matched = delta.get("stop_sequence") if isinstance(delta, dict) else None
        sequence = matched if isinstance(matched, str) else None
    return Stop(mapped, sequence)
