"""A message reply's parts in Converse's shapes, shared by the JSON body and the stream:
content blocks, citations, blobs, ``TokenUsage``, the stop reason and the matched stop
sequence."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from harness.simulator import JSON
from harness.simulator.script import ReplyError

STOP_SEQUENCE_PATH = "/delta/stop_sequence"
# Anthropic stop_reason of a scripted reply -> the Converse stopReason Bedrock reports. An
# independent oracle: held against the adapter's reverse table,
# `adapters.bedrock.converse.stop_reason.STOP_REASONS`, and never derived from it.
STOP_REASONS: dict[str, str] = {
    "end_turn": "end_turn",
    "tool_use": "tool_use",
    "max_tokens": "max_tokens",
    "stop_sequence": "stop_sequence",
    "model_context_window_exceeded": "model_context_window_exceeded",
    "refusal": "content_filtered",
    "pause_turn": "end_turn",
}
# Anthropic citation type -> (Converse location member, start field, end field). An
# independent oracle: held against the adapter's reverse mapping in
# `adapters.bedrock.converse.citations`.
_CITATION_LOCATIONS = {
    "char_location": ("documentChar", "start_char_index", "end_char_index"),
    "page_location": ("documentPage", "start_page_number", "end_page_number"),
    "content_block_location": ("documentChunk", "start_block_index", "end_block_index"),
}


def converse_usage(usage: Mapping[str, Any]) -> JSON:
    """Anthropic usage as Converse ``TokenUsage``."""
    read = usage.get("cache_read_input_tokens")
    write = usage.get("cache_creation_input_tokens")
    total = usage["input_tokens"] + usage["output_tokens"] + (read or 0) + (write or 0)
    out: JSON = {
        "inputTokens": usage["input_tokens"],
        "outputTokens": usage["output_tokens"],
        "totalTokens": total,
    }
    if read is not None:
        out["cacheReadInputTokens"] = read
    if write is not None:
        out["cacheWriteInputTokens"] = write
    creation = usage.get("cache_creation")
    if isinstance(creation, dict):
        out["cacheDetails"] = [
            {"ttl": "5m", "inputTokens": creation.get("ephemeral_5m_input_tokens", 0)},
            {"ttl": "1h", "inputTokens": creation.get("ephemeral_1h_input_tokens", 0)},
        ]
    return out


def stop_reason(reply: Mapping[str, Any]) -> str:
    """The Converse stopReason for a reply: forced by ``bedrock.stop_reason``, else mapped."""
    wording = reply.get("bedrock")
    forced = wording.get("stop_reason") if isinstance(wording, Mapping) else None
    return str(forced) if forced else STOP_REASONS[str(reply["stop_reason"])]


def sequence_fields(reply: Mapping[str, Any]) -> JSON:
    """``additionalModelResponseFields`` for the ``/delta/stop_sequence`` path."""
    matched = reply.get("stop_sequence") if reply.get("stop_reason") == "stop_sequence" else None
    return {"delta": {"stop_sequence": matched}}


def citation(cited: JSON) -> JSON:
    """An Anthropic citation as a Converse ``Citation``."""
    if cited.get("type") == "search_result_location":
        return {
            "title": cited.get("title"),
            "source": cited.get("source"),
            "sourceContent": [{"text": cited.get("cited_text", "")}],
            "location": {
                "searchResultLocation": {
                    "searchResultIndex": cited.get("search_result_index"),
                    "start": cited.get("start_block_index"),
                    "end": cited.get("end_block_index"),
                }
            },
        }
    location = _CITATION_LOCATIONS.get(cited.get("type", ""))
    if location is None:
        raise ReplyError(f"Converse cannot return a {cited.get('type')!r} citation")
    member, start, end = location
    return {
        "title": cited.get("document_title"),
        "sourceContent": [{"text": cited.get("cited_text", "")}],
        "location": {
            member: {
                "documentIndex": cited.get("document_index"),
                "start": cited.get(start),
                "end": cited.get(end),
            }
        },
    }


def blob(data: str) -> str:
    """A reply's base64 text as Converse sends a blob: base64 of the same bytes."""
    try:
        return base64.b64encode(base64.b64decode(data, validate=True)).decode("ascii")
    except (binascii.Error, ValueError):
        raise ReplyError("redacted_thinking data must be base64 for Converse") from None


def content_block(block: JSON) -> JSON:
    """An Anthropic content block as a Converse ``ContentBlock``."""
    kind = block["type"]
    if kind == "text":
        if block.get("citations"):
            cited = [citation(c) for c in block["citations"]]
            return {"citationsContent": {"content": [{"text": block["text"]}], "citations": cited}}
        return {"text": block["text"]}
    if kind == "thinking":
        text = {"text": block["thinking"], "signature": block["signature"]}
        return {"reasoningContent": {"reasoningText": text}}
    if kind == "redacted_thinking":
        return {"reasoningContent": {"redactedContent": blob(block["data"])}}
    if kind == "tool_use":
        return {
            "toolUse": {"toolUseId": block["id"], "name": block["name"], "input": block["input"]}
        }
    raise ReplyError(f"Converse cannot return a {kind!r} block")
