"""A response's ``status`` and ``incomplete_details.reason`` -> Anthropic ``stop_reason``.

The Responses API has no finish reason: a response is ``completed`` or ``incomplete`` (with
a reason), and what ended a completed one is read from its output. So a completed response
with a ``function_call`` item stopped for ``tool_use``, one with a refusal part for
``refusal``, and any other for ``end_turn``. An incomplete one stopped for the reason it
gives (`INCOMPLETE_REASONS`). The Responses API has no stop sequences, so ``stop_sequence``
is never reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# incomplete_details.reason -> Anthropic stop_reason.
INCOMPLETE_REASONS: dict[str, str] = {
    "max_output_tokens": "max_tokens",
    "content_filter": "refusal",
}
UNKNOWN_STOP_REASON = "end_turn"


@dataclass(frozen=True)
class Stop:
    """How a response ended, in Anthropic terms. ``known`` is False for a status or an
    incomplete reason that is not in the table (it is then reported as ``end_turn``)."""

    reason: str
    known: bool = True


def stop_for(status: Any, incomplete: Any, called: bool, refused: bool) -> Stop:
    """The Anthropic stop for a response's ``status`` and ``incomplete_details``; ``called``:
    its output holds a function call; ``refused``: a refusal part."""
    if status == "incomplete":
        reason = incomplete.get("reason") if isinstance(incomplete, dict) else None
        if isinstance(reason, str) and reason in INCOMPLETE_REASONS:
            return Stop(INCOMPLETE_REASONS[reason])
        return Stop(UNKNOWN_STOP_REASON, known=False)
    if status != "completed":
        return Stop(UNKNOWN_STOP_REASON, known=False)
    if refused:
        return Stop("refusal")
    return Stop("tool_use") if called else Stop("end_turn")
