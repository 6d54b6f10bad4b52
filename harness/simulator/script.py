"""A scenario's scripted reply rendered in Anthropic form: the Message, its event stream, errors.

Pure functions over the ``reply`` mapping of a validated scenario. A reply is one of three
kinds: a message (``content``, ``stop_reason``, ``usage``, optional ``stop_sequence``,
``stop_details`` (a refusal's, in the Message and in ``message_delta``), ``container``
(code execution's, in the Message and in ``message_delta``), the beta
``context_management`` (the edits applied, likewise), ``id`` and ``stream_error``), a
count-tokens result (``input_tokens``) or an error (``error: {status, type, message,
envelope?}``).

The event stream is the one the Messages API sends for that message: ``message_start`` with
empty content, each block started empty and built up by deltas (text a few words at a time,
tool and server-tool input as JSON fragments whose first one is ``""``, server-tool
result blocks whole in ``content_block_start``, thinking followed by one
``signature_delta``, a beta ``compaction`` block started with null content and filled by one
``compaction_delta``), a ``ping`` after the first block starts, then ``message_delta`` (with
``usage.server_tool_use``, which ``message_start`` leaves out) and ``message_stop``.
Folding those events gives exactly `reply_message`.

Everything is deterministic: ids and split points are drawn from a seed string with SHA-256,
so the same reply and seed always give the same bytes.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from adapters.base import JSON

# Anthropic's documented status -> error type table: a service fact, shared with the adapters.
from adapters.protocol.errors import error_type_for_status

ReplyKind = Literal["message", "count_tokens", "error"]

# Usage fields in the order the API writes them; any others follow in their given order.
_USAGE_ORDER = (
    "input_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cache_creation",
    "output_tokens",
)
# Usage counts that newer streams repeat in message_delta next to output_tokens.
_DELTA_USAGE = (
    "input_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "server_tool_use",
)
# Usage counts message_start leaves out: the server tool requests are made during the turn.
_LATE_USAGE = ("server_tool_use",)
_TOOL_BLOCKS = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})
_ID_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_WORD = re.compile(r"\s*\S+")


class ReplyError(ValueError):
    """A reply that cannot be rendered (the scenario loader normally rules these out)."""


@dataclass(frozen=True)
class ScriptedError:
    """An error reply: HTTP status, Anthropic error type, message, and a forced envelope."""

    status: int
    type: str
    message: str
    envelope: Literal["google", "anthropic"] | None = None


def reply_kind(reply: Mapping[str, Any]) -> ReplyKind:
    """Which of the three reply kinds ``reply`` is."""
    if "error" in reply:
        return "error"
    if "content" in reply:
        return "message"
    if "input_tokens" in reply:
        return "count_tokens"
    raise ReplyError(
        "reply is neither a message (needs 'content'), a count-tokens result "
        "(needs 'input_tokens') nor an error (needs 'error')"
    )


def seeded_ints(seed: str, label: str = "") -> Iterator[int]:
    """An endless run of 32-bit numbers drawn from SHA-256 of ``seed``, ``label`` and a counter."""
    counter = 0
    while True:
        digest = hashlib.sha256(f"{seed}\x00{label}\x00{counter}".encode()).digest()
        for i in range(0, len(digest), 4):
            yield int.from_bytes(digest[i : i + 4], "big")
        counter += 1


def make_id(prefix: str, seed: str) -> str:
    """An id shaped like the API's (``msg_01`` + 22 base58 characters), derived from ``seed``."""
    digest = int.from_bytes(hashlib.sha256(f"id\x00{seed}".encode()).digest(), "big")
    chars = []
    for _ in range(22):
        digest, rest = divmod(digest, len(_ID_ALPHABET))
        chars.append(_ID_ALPHABET[rest])
    return f"{prefix}01{''.join(chars)}"


def reply_message(reply: Mapping[str, Any], *, model: str, message_id: str) -> JSON:
    """The complete Message JSON for a message reply. ``model`` is echoed; an ``id`` in the
    reply wins over ``message_id``."""
    _require_kind(reply, "message")
    return {
        "id": reply.get("id") or message_id,
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": copy.deepcopy(list(reply["content"])),
        "stop_reason": reply["stop_reason"],
        "stop_sequence": reply.get("stop_sequence"),
        **_stop_details(reply),
        **_container(reply),
        "usage": _ordered_usage(reply["usage"]),
        **_context_management(reply),
    }


def _container(reply: Mapping[str, Any]) -> JSON:
    """The code-execution ``container`` the reply names, or nothing."""
    container = reply.get("container")
    return {} if container is None else {"container": copy.deepcopy(dict(container))}


def _context_management(reply: Mapping[str, Any]) -> JSON:
    """The beta ``context_management`` the reply reports (the edits applied), or nothing."""
    applied = reply.get("context_management")
    return {} if applied is None else {"context_management": copy.deepcopy(applied)}


def _stop_details(reply: Mapping[str, Any]) -> JSON:
    """``stop_details`` as the API words it (category and explanation null when not
    scripted), or nothing for a reply without them."""
    details = reply.get("stop_details")
    if details is None:
        return {}
    return {
        "stop_details": {
            "type": "refusal",
            "category": details.get("category"),
            "explanation": details.get("explanation"),
        }
    }


def reply_events(
    reply: Mapping[str, Any], *, model: str, message_id: str, split_seed: str | None = None
) -> list[JSON]:
    """The stream of event data objects the API sends for a message reply, in order.

    With ``stream_error`` the stream is cut after ``after_events`` events and ends with an
    ``error`` event. Split points are drawn from ``split_seed`` (the scenario id, so that every
    backend splits a reply the same way) or else from the message id.
    """
    message = reply_message(reply, model=model, message_id=message_id)
    seed = split_seed or message["id"]
    usage = message["usage"]
    start = {**message, "content": [], "stop_reason": None, "stop_sequence": None}
    start.pop("context_management", None)  # reported by message_delta
    if "stop_details" in start:
        start["stop_details"] = None
    start["usage"] = {k: v for k, v in usage.items() if k not in _LATE_USAGE}
    start["usage"]["output_tokens"] = 1
    events: list[JSON] = [{"type": "message_start", "message": start}]
    for index, block in enumerate(message["content"]):
        block_events = _block_events(index, block, f"{seed}/{index}")
        if index == 0:
            block_events.insert(1, {"type": "ping"})
        events.extend(block_events)
    delta_usage = {key: usage[key] for key in _DELTA_USAGE if key in usage}
    delta_usage["output_tokens"] = usage["output_tokens"]
    events.append(
        {
            "type": "message_delta",
            "delta": {
                "stop_reason": message["stop_reason"],
                "stop_sequence": message["stop_sequence"],
                **_stop_details(reply),
                **_container(reply),
            },
            "usage": delta_usage,
            **_context_management(reply),
        }
    )
    events.append({"type": "message_stop"})
    failure = reply.get("stream_error")
    if failure is not None:
        cut = int(failure["after_events"])
        error = {"type": str(failure["type"]), "message": str(failure["message"])}
        return [*events[:cut], {"type": "error", "error": error}]
    return events


def count_tokens_body(reply: Mapping[str, Any]) -> JSON:
    """The count_tokens response body for a count-tokens reply."""
    _require_kind(reply, "count_tokens")
    return {"input_tokens": int(reply["input_tokens"])}


def scripted_error(reply: Mapping[str, Any]) -> ScriptedError:
    """The error an error reply asks for."""
    _require_kind(reply, "error")
    error = reply["error"]
    status = int(error["status"])
    envelope = error.get("envelope")
    if envelope not in (None, "google", "anthropic"):
        raise ReplyError(f"reply.error.envelope must be 'google' or 'anthropic', got {envelope!r}")
    return ScriptedError(
        status=status,
        type=str(error.get("type") or error_type_for_status(status)),
        message=str(error.get("message", "")),
        envelope=envelope,
    )


def error_body(status: int, type: str | None, message: str, request_id: str | None) -> JSON:
    """Anthropic's error envelope; ``type`` None takes the type documented for ``status``."""
    return {
        "type": "error",
        "error": {"type": type or error_type_for_status(status), "message": message},
        "request_id": request_id,
    }


def _require_kind(reply: Mapping[str, Any], kind: ReplyKind) -> None:
    actual = reply_kind(reply)
    if actual != kind:
        raise ReplyError(f"expected a {kind} reply, got a {actual} reply")


def _ordered_usage(usage: Mapping[str, Any]) -> JSON:
    ordered = {key: copy.deepcopy(usage[key]) for key in _USAGE_ORDER if key in usage}
    ordered.update({k: copy.deepcopy(v) for k, v in usage.items() if k not in ordered})
    return ordered


def _block_events(index: int, block: JSON, seed: str) -> list[JSON]:
    """content_block_start, its deltas and content_block_stop for one output block."""
    kind = block.get("type")
    deltas: list[JSON]
    if kind == "text":
        start = {**block, "text": ""}
        citations = block.get("citations")
        deltas = []
        if isinstance(citations, list) and citations:
            start["citations"] = []
            deltas = [{"type": "citations_delta", "citation": c} for c in citations]
        deltas += [{"type": "text_delta", "text": p} for p in split_words(block["text"], seed)]
    elif kind == "thinking":
        start = {**block, "thinking": "", "signature": ""}
        deltas = [
            {"type": "thinking_delta", "thinking": p} for p in split_words(block["thinking"], seed)
        ]
        deltas.append({"type": "signature_delta", "signature": block["signature"]})
    elif kind in _TOOL_BLOCKS:
        start = {**block, "input": {}}
        text = json.dumps(block["input"], ensure_ascii=False)
        deltas = [
            {"type": "input_json_delta", "partial_json": p} for p in ["", *split_json(text, seed)]
        ]
    elif kind == "compaction":  # the summary arrives whole, in one delta
        start = {**block, "content": None, "encrypted_content": None}
        deltas = [
            {
                "type": "compaction_delta",
                "content": block["content"],
                "encrypted_content": block["encrypted_content"],
            }
        ]
    else:  # redacted_thinking and blocks that arrive whole
        start, deltas = copy.deepcopy(block), []
    return [
        {"type": "content_block_start", "index": index, "content_block": start},
        *({"type": "content_block_delta", "index": index, "delta": d} for d in deltas),
        {"type": "content_block_stop", "index": index},
    ]


def split_words(text: str, seed: str) -> list[str]:
    """``text`` in pieces of one to four words (each with its leading whitespace); the pieces
    join back to ``text`` exactly. Empty text gives no pieces."""
    words = _WORD.findall(text)
    tail = text[len("".join(words)) :]
    if tail:
        words.append(tail)
    pieces: list[str] = []
    draws = seeded_ints(seed, "words")
    while words:
        take = 1 + next(draws) % 4
        pieces.append("".join(words[:take]))
        words = words[take:]
    return pieces


def split_json(text: str, seed: str) -> list[str]:
    """``text`` in fragments of 1 to 12 characters, cut anywhere (inside strings and numbers
    too), as tool input arrives on the wire."""
    pieces: list[str] = []
    draws = seeded_ints(seed, "json")
    at = 0
    while at < len(text):
        size = 1 + next(draws) % 12
        pieces.append(text[at : at + size])
        at += size
    return pieces
