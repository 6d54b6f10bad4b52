"""The Responses API's error shapes. Over HTTP it answers as chat completions do, in OpenAI's
envelope with the same statuses, types and wording (`harness.simulator.openai.errors`); what
is its own is the stream's ``error`` event, ``{type: "error", code, message, param,
sequence_number}``, whose code is the code chat completions would send for that failure, or
its type when it has no code."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import JSON
from harness.simulator.openai.errors import (
    failure_response,
    http_failure,
    rejection_response,
    stream_failure,
)

__all__ = ["error_event", "failure_response", "http_failure", "rejection_response"]


def error_event(failure: Mapping[str, Any]) -> JSON:
    """The ``error`` event (without its sequence number) for a native stream's error."""
    error = stream_failure(failure)
    code = error["code"] or error["type"]
    return {"type": "error", "code": code, "message": error["message"], "param": None}
