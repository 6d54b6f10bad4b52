"""A message reply's parts in the Responses API's shapes, shared by the response object and
the event stream: output items, status and incomplete details, usage, the response object
itself (echoing the request's settings as OpenAI does), and ids drawn from the scenario id.

What the request asked for decides what reasoning shows: its summary only when
``reasoning.summary`` was set, its encrypted content only when ``include`` names
``reasoning.encrypted_content``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from harness.simulator import JSON
from harness.simulator.script import ReplyError, seeded_ints

ENCRYPTED_REASONING = "reasoning.encrypted_content"

# Anthropic stop_reason of a scripted reply -> (status, incomplete_details.reason) the
# Responses API reports for that ending. An independent oracle, held against
# `adapters.openai_responses.stop_reason.INCOMPLETE_REASONS` (which reads it back) and never
# derived from it. A stop sequence cannot be asked for on Responses, and a paused turn does
# not exist there: both end as a completed response.
ENDINGS: dict[str, tuple[str, str | None]] = {
    "end_turn": ("completed", None),
    "stop_sequence": ("completed", None),
    "pause_turn": ("completed", None),
    "tool_use": ("completed", None),
    "max_tokens": ("incomplete", "max_output_tokens"),
    "model_context_window_exceeded": ("incomplete", "max_output_tokens"),
    "refusal": ("incomplete", "content_filter"),
}
_HEX = "0123456789abcdef"


@dataclass(frozen=True)
class Asked:
    """What the request asked of the answer: the echoed settings and reasoning's visibility."""

    body: JSON

    @property
    def summary(self) -> bool:
        reasoning = self.body.get("reasoning")
        return isinstance(reasoning, dict) and reasoning.get("summary") is not None

    @property
    def encrypted(self) -> bool:
        include = self.body.get("include")
        return isinstance(include, list) and ENCRYPTED_REASONING in include


def draw(seed: str, label: str, size: int = 48) -> str:
    """``size`` hex digits drawn from ``seed`` under ``label``."""
    draws = seeded_ints(seed, label)
    return "".join(_HEX[next(draws) % 16] for _ in range(size))


def item_id(prefix: str, seed: str, index: int) -> str:
    """The id of output item ``index`` (``msg_``, ``fc_`` or ``rs_`` and 48 hex digits)."""
    return f"{prefix}_{draw(seed, f'item/{index}')}"


def ending(reply: Mapping[str, Any]) -> tuple[str, JSON | None]:
    """The status and incomplete_details for a reply's stop_reason."""
    status, reason = ENDINGS.get(str(reply.get("stop_reason")), ("completed", None))
    return status, ({"reason": reason} if reason else None)


def usage(reply: Mapping[str, Any]) -> JSON:
    """Responses usage: input tokens include cache reads and writes; reasoning tokens are the
    scripted thinking tokens (zero when none are scripted)."""
    scripted = reply["usage"]
    read = int(scripted.get("cache_read_input_tokens") or 0)
    written = int(scripted.get("cache_creation_input_tokens") or 0)
    prompt = int(scripted["input_tokens"]) + read + written
    output = int(scripted["output_tokens"])
    details = scripted.get("output_tokens_details") or {}
    return {
        "input_tokens": prompt,
        "input_tokens_details": {"cached_tokens": read, "cache_write_tokens": written},
        "output_tokens": output,
        "output_tokens_details": {"reasoning_tokens": int(details.get("thinking_tokens") or 0)},
        "total_tokens": prompt + output,
    }


def arguments(block: Mapping[str, Any]) -> str:
    """Tool input as the model writes it (the same text the native stream carries)."""
    return json.dumps(block["input"], ensure_ascii=False)


def output_item(block: Mapping[str, Any], index: int, seed: str, asked: Asked) -> JSON:
    """The complete output item for one scripted block."""
    kind = block.get("type")
    if kind == "text":
        part = {"type": "output_text", "annotations": [], "logprobs": [], "text": block["text"]}
        return message_item(item_id("msg", seed, index), [part], "completed")
    if kind == "tool_use":
        return {
            "id": item_id("fc", seed, index),
            "type": "function_call",
            "status": "completed",
            "arguments": arguments(block),
            "call_id": block["id"],
            "name": block["name"],
        }
    if kind in ("thinking", "redacted_thinking"):
        text = block.get("thinking") or ""
        summary = [{"type": "summary_text", "text": text}] if text and asked.summary else []
        secret = block.get("signature") if kind == "thinking" else block.get("data")
        return reasoning_item(
            item_id("rs", seed, index), summary, secret if asked.encrypted else None
        )
    raise ReplyError(f"reply.content[{index}]: a {kind!r} block has no Responses form")


def message_item(item: str, parts: list[JSON], status: str) -> JSON:
    return {"id": item, "type": "message", "status": status, "content": parts, "role": "assistant"}


def reasoning_item(item: str, summary: list[JSON], encrypted: str | None) -> JSON:
    out: JSON = {"id": item, "type": "reasoning", "summary": summary}
    if encrypted is not None:
        out["encrypted_content"] = encrypted
    return out


def response_object(
    reply: Mapping[str, Any], asked: Asked, seed: str, *, output: list[JSON], final: bool
) -> JSON:
    """The ``response`` object: finished (``final``: status, output and usage) or as it is
    while in progress (no output, no usage)."""
    body = asked.body
    status, incomplete = ending(reply) if final else ("in_progress", None)
    reasoning = body.get("reasoning") or {}
    return {
        "id": f"resp_{draw(seed, 'response')}",
        "object": "response",
        "created_at": 1_750_000_000 + next(seeded_ints(seed, "created")) % 50_000_000,
        "status": status,
        "background": False,
        "error": None,
        "incomplete_details": incomplete,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "model": body["model"],
        "output": output if final else [],
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": None,
        "reasoning": {"effort": reasoning.get("effort"), "summary": reasoning.get("summary")},
        "service_tier": "default",
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_p": body.get("top_p", 1.0),
        "truncation": "disabled",
        "usage": usage(reply) if final else None,
        "user": None,
        "metadata": {},
    }
