"""A scenario's ``reply``: what the model answers (a message, an error, or a token count)."""

from __future__ import annotations

from typing import Any

from adapters.base import JSON
from harness.scenarios.fields import Fields
from harness.scenarios.model import (
    CONVERSE_STOP_REASONS,
    OUTPUT_BLOCK_FIELDS,
    REFUSAL_CATEGORIES,
    SERVER_TOOL_NAMES,
    SERVER_TOOL_USAGE_KEYS,
    STOP_REASONS,
)

_MESSAGE_KEYS = {
    "content",
    "stop_reason",
    "stop_sequence",
    "stop_details",
    "usage",
    "stream_error",
    "id",
    "container",
    "openai",
    "bedrock",
    "context_management",
}
# How the simulated OpenAI-compatible server words a reply (see docs/SCENARIOS.md).
_OPENAI_KEYS = {
    "interleave_tool_calls",
    "usage_chunk",
    "empty_tool_calls",
    "matched_stop",
    "refusal",
}
# Optional keys of an output block, beside its required ones: a toolset member's tool_use
# names its toolset family (computer_toolset_20260801 -> "computer").
_OPTIONAL_BLOCK_FIELDS: dict[str, tuple[str, ...]] = {"tool_use": ("toolset_name",)}
_USAGE_KEYS = {
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
    "cache_creation",
    "server_tool_use",
}

# Usage fields that hold counts of their own, and the keys each may hold.
_USAGE_PARTS: dict[str, tuple[str, ...]] = {
    "cache_creation": ("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"),
    "server_tool_use": SERVER_TOOL_USAGE_KEYS,
}


def reply(f: Fields, value: Any, endpoint: str) -> JSON:
    data = f.mapping(value, ["reply"])
    if "error" in data:
        return _error(f, data)
    if endpoint == "count_tokens":
        f.keys(data, {"input_tokens"}, ["reply"])
        f.integer(data.get("input_tokens"), ["reply", "input_tokens"])
        return data
    f.keys(data, _MESSAGE_KEYS, ["reply"])
    for required in ("content", "stop_reason", "usage"):
        if required not in data:
            raise f.fail(["reply"], f"missing required key {required!r}")
    _content(f, data["content"])
    f.choice(data["stop_reason"], STOP_REASONS, ["reply", "stop_reason"])
    stop_sequence = data.get("stop_sequence")
    if stop_sequence is not None:
        f.string(stop_sequence, ["reply", "stop_sequence"])
    if "stop_details" in data:
        _stop_details(f, data["stop_details"], data["stop_reason"])
    _usage(f, data["usage"])
    if "container" in data:
        container = f.mapping(data["container"], ["reply", "container"])
        f.keys(container, {"id", "expires_at"}, ["reply", "container"])
        for key in ("id", "expires_at"):
            f.string(container.get(key), ["reply", "container", key])
    if "context_management" in data:
        _context_management(f, data["context_management"])
    if "openai" in data:
        _openai_wording(f, data["openai"])
    if "bedrock" in data:
        wire = f.mapping(data["bedrock"], ["reply", "bedrock"])
        f.keys(wire, {"stop_reason"}, ["reply", "bedrock"])
        f.choice(
            wire.get("stop_reason"), CONVERSE_STOP_REASONS, ["reply", "bedrock", "stop_reason"]
        )
    if "stream_error" in data:
        se = f.mapping(data["stream_error"], ["reply", "stream_error"])
        f.keys(se, {"after_events", "type", "message"}, ["reply", "stream_error"])
        f.integer(se.get("after_events"), ["reply", "stream_error", "after_events"], 1)
        f.string(se.get("type"), ["reply", "stream_error", "type"])
        f.string(se.get("message"), ["reply", "stream_error", "message"])
    return data


def _stop_details(f: Fields, value: Any, stop_reason: str) -> None:
    path: list[str | int] = ["reply", "stop_details"]
    if stop_reason != "refusal":
        raise f.fail(path, "only a refusal has stop_details (set stop_reason: refusal)")
    details = f.mapping(value, path)
    f.keys(details, {"type", "category", "explanation"}, path)
    f.choice(details.get("type"), ("refusal",), [*path, "type"])
    if details.get("category") is not None:
        f.choice(details["category"], REFUSAL_CATEGORIES, [*path, "category"])
    if details.get("explanation") is not None:
        f.string(details["explanation"], [*path, "explanation"])


def _context_management(f: Fields, value: Any) -> None:
    """The beta ``context_management`` a response reports: the edits the API applied."""
    path: list[str | int] = ["reply", "context_management"]
    f.keys(f.mapping(value, path), {"applied_edits"}, path)
    for i, edit in enumerate(f.seq(value.get("applied_edits"), [*path, "applied_edits"])):
        where: list[str | int] = [*path, "applied_edits", i]
        f.string(f.mapping(edit, where).get("type"), [*where, "type"])


def _error(f: Fields, data: JSON) -> JSON:
    f.keys(data, {"error"}, ["reply"])
    err = f.mapping(data["error"], ["reply", "error"])
    f.keys(err, {"status", "type", "message", "envelope"}, ["reply", "error"])
    status = f.integer(err.get("status"), ["reply", "error", "status"])
    if not 400 <= status <= 599:
        raise f.fail(["reply", "error", "status"], f"must be 400-599, got {status}")
    f.string(err.get("type"), ["reply", "error", "type"])
    f.string(err.get("message"), ["reply", "error", "message"])
    if "envelope" in err:
        f.choice(err["envelope"], ("google", "anthropic"), ["reply", "error", "envelope"])
    return data


def _content(f: Fields, value: Any) -> None:
    for i, block in enumerate(f.seq(value, ["reply", "content"])):
        path: list[str | int] = ["reply", "content", i]
        b = f.mapping(block, path)
        kind = f.choice(b.get("type"), tuple(OUTPUT_BLOCK_FIELDS), [*path, "type"])
        optional = _OPTIONAL_BLOCK_FIELDS.get(kind, ())
        f.keys(b, {"type", *OUTPUT_BLOCK_FIELDS[kind], *optional, "citations"}, path)
        for field in OUTPUT_BLOCK_FIELDS[kind]:
            if field not in b:
                raise f.fail(path, f"{kind} block needs {field!r}")
        if kind in ("tool_use", "server_tool_use", "mcp_tool_use"):
            f.mapping(b["input"], [*path, "input"])
        if "toolset_name" in b:
            f.string(b["toolset_name"], [*path, "toolset_name"])
        if kind == "server_tool_use":
            f.choice(b["name"], SERVER_TOOL_NAMES, [*path, "name"])
        elif kind.endswith("_tool_result"):
            f.string(b["tool_use_id"], [*path, "tool_use_id"])


def _usage(f: Fields, value: Any) -> None:
    usage = f.mapping(value, ["reply", "usage"])
    f.keys(usage, _USAGE_KEYS, ["reply", "usage"])
    for key in ("input_tokens", "output_tokens"):
        if key not in usage:
            raise f.fail(["reply", "usage"], f"missing required key {key!r}")
    for key, val in usage.items():
        if key not in _USAGE_PARTS:
            f.integer(val, ["reply", "usage", key])
            continue
        path = ["reply", "usage", key]
        part = f.mapping(val, path)
        f.keys(part, set(_USAGE_PARTS[key]), path)
        for needed in _USAGE_PARTS[key] if key == "server_tool_use" else ():
            if needed not in part:
                raise f.fail(path, f"missing required key {needed!r}")
        for k2, v2 in part.items():
            f.integer(v2, [*path, k2])


def _openai_wording(f: Fields, value: Any) -> None:
    wire = f.mapping(value, ["reply", "openai"])
    f.keys(wire, _OPENAI_KEYS, ["reply", "openai"])
    for key in ("interleave_tool_calls", "usage_chunk", "empty_tool_calls", "refusal"):
        if key in wire and not isinstance(wire[key], bool):
            raise f.fail(["reply", "openai", key], "must be true or false")
    if "matched_stop" in wire:
        f.choice(
            wire["matched_stop"],
            ("stop_reason", "matched_stop"),
            ["reply", "openai", "matched_stop"],
        )
