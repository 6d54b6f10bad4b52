"""A message reply's parts in OpenAI's shapes, shared by the completion and the chunk stream:
the text and tool calls, ``finish_reason``, usage, the matched stop sequence, the wire
options a reply may set, and the ids and timestamps drawn from the scenario id."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from adapters.openai.finish_reason import MATCHED_STOP_FIELDS
from harness.simulator import JSON
from harness.simulator.script import ReplyError, seeded_ints

WIRE_OPTIONS = (
    "interleave_tool_calls",
    "usage_chunk",
    "empty_tool_calls",
    "matched_stop",
    "refusal",
)

# Anthropic stop_reason of a scripted reply -> the finish_reason OpenAI's service reports for
# that ending. An independent oracle, held against `adapters.openai.finish_reason` (whose
# STOP_REASONS reads it back, and whose FINISH_REASONS is the front door's own choice) and
# never derived from them. The two sides disagree on ``pause_turn`` (``length`` at the front
# door): an OpenAI model has no paused turn, and ``stop`` is what OpenAI-compatible gateways
# report for one.
FINISH_REASONS: dict[str, str] = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "pause_turn": "stop",
    "max_tokens": "length",
    "model_context_window_exceeded": "length",
    "tool_use": "tool_calls",
    "refusal": "content_filter",
}

_ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_PAD_ALPHABET = _ID_ALPHABET


def finish_reason(reply: Mapping[str, Any]) -> str:
    """OpenAI's finish_reason for a reply's stop_reason; a reply worded as a ``refusal``
    (`refused`) finishes with ``stop``, as OpenAI's refusals do."""
    if refused(reply):
        return "stop"
    return FINISH_REASONS.get(str(reply.get("stop_reason")), "stop")


def refused(reply: Mapping[str, Any]) -> bool:
    """Whether the reply's text goes in the message's ``refusal`` field instead of
    ``content`` (the ``refusal`` wire option), as OpenAI sends a model's refusal."""
    options = reply.get("openai")
    return isinstance(options, dict) and options.get("refusal") is True


def usage(reply: Mapping[str, Any]) -> JSON:
    """OpenAI usage for a reply's usage: prompt tokens include cache reads and writes."""
    scripted = reply["usage"]
    read = int(scripted.get("cache_read_input_tokens") or 0)
    written = int(scripted.get("cache_creation_input_tokens") or 0)
    prompt = int(scripted["input_tokens"]) + read + written
    completion_tokens = int(scripted["output_tokens"])
    details: JSON = {}
    if "cache_read_input_tokens" in scripted:
        details["cached_tokens"] = read
    if "cache_creation_input_tokens" in scripted:
        details["cache_write_tokens"] = written
    details["audio_tokens"] = 0
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt + completion_tokens,
        "prompt_tokens_details": details,
        "completion_tokens_details": {
            "reasoning_tokens": 0,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def wire_options(reply: Mapping[str, Any]) -> JSON:
    """The reply's ``openai`` wire options, checked (a ReplyError names a bad one)."""
    options = reply.get("openai") or {}
    if not isinstance(options, dict):
        raise ReplyError("reply.openai must be a mapping")
    for key in options:
        if key not in WIRE_OPTIONS:
            raise ReplyError(
                f"reply.openai.{key}: unknown option (expected one of: {', '.join(WIRE_OPTIONS)})"
            )
    matched = options.get("matched_stop")
    if matched is not None and matched not in MATCHED_STOP_FIELDS:
        raise ReplyError(
            f"reply.openai.matched_stop must be one of: {', '.join(MATCHED_STOP_FIELDS)}"
        )
    return options


def matched_stop(reply: Mapping[str, Any], wire: JSON) -> JSON:
    """The choice field naming a matched stop sequence, when the wire options ask for one."""
    field = wire.get("matched_stop")
    sequence = reply.get("stop_sequence")
    if field is None or reply.get("stop_reason") != "stop_sequence" or not sequence:
        return {}
    return {field: sequence}


def output(reply: Mapping[str, Any]) -> tuple[str, list[JSON]]:
    """The joined text and the tool calls of a reply (thinking is not returned)."""
    texts: list[str] = []
    calls: list[JSON] = []
    for i, block in enumerate(reply["content"]):
        kind = block.get("type")
        if kind == "text":
            texts.append(block["text"])
        elif kind == "tool_use":
            calls.append(block)
        elif kind not in ("thinking", "redacted_thinking"):
            raise ReplyError(f"reply.content[{i}]: a {kind!r} block has no OpenAI form")
    return "".join(texts), calls


def arguments(call: Mapping[str, Any]) -> str:
    """Tool input as the model writes it (the same text the native stream carries)."""
    return json.dumps(call["input"], ensure_ascii=False)


def completion_id(reply: Mapping[str, Any], seed: str) -> str:
    """The scripted id, else a ``chatcmpl-`` id drawn from ``seed``."""
    scripted = reply.get("id")
    return str(scripted) if scripted else "chatcmpl-" + draw(seed, "id", _ID_ALPHABET, 29)


def created(seed: str) -> int:
    """A ``created`` timestamp drawn from ``seed``."""
    return 1_750_000_000 + next(seeded_ints(seed, "created")) % 50_000_000


def pads(seed: str) -> Iterator[str]:
    """The ``obfuscation`` pads of a stream's chunks, drawn from ``seed``."""
    draws = seeded_ints(seed, "obfuscation")
    while True:
        size = 1 + next(draws) % 12
        yield "".join(_PAD_ALPHABET[next(draws) % len(_PAD_ALPHABET)] for _ in range(size))


def draw(seed: str, label: str, alphabet: str, size: int) -> str:
    """``size`` characters of ``alphabet`` drawn from ``seed`` under ``label``."""
    draws = seeded_ints(seed, label)
    return "".join(alphabet[next(draws) % len(alphabet)] for _ in range(size))
