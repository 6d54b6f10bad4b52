"""Bedrock Converse as a simulated backend: a scripted reply rendered in Converse's shapes.

Routes (the model id percent-encoded as one segment; see `harness.simulator.bedrock`)::

    POST /model/{modelId}/converse
    POST /model/{modelId}/converse-stream

Checked as Bedrock checks them, after auth: the body (with the URL's ``modelId``) must pass
botocore's ``ParamValidator`` for the operation's input shape (unknown keys, required
members, unions, minimums), then the constraints it does not check (enums, numeric maximums,
patterns, base64 blobs); conversations start with a user message and alternate roles;
tool blocks need a ``toolConfig``; ``additionalModelRequestFields.anthropic_beta`` holds only
accepted flags. Refusals are ``ValidationException`` in coral's wording.

A message reply becomes ``{output.message, stopReason, usage, metrics}`` (with
``additionalModelResponseFields.delta.stop_sequence`` when the request asked for that path),
or a ConverseStream in Bedrock's real order: ``messageStart``; per block, a
``contentBlockStart`` only for tool use, the deltas (text and reasoning blocks start with a
delta; reasoning text is followed by an empty text delta and then the signature; redacted
content arrives in one delta), ``contentBlockStop``; ``messageStop``; and ``metadata``
(usage, latency) last. Every event carries ``p`` padding. Text, thinking and tool input are
split into the same deltas as on every other backend (drawn from the scenario id), so a
scripted ``stream_error`` cuts the stream where the native one is cut and sends its
exception frame; a text or thinking block opened just before the cut gets the empty delta
that opens it on Converse.

Stop reasons: Anthropic's map to Converse's of the same name; ``refusal`` is
``content_filtered`` and ``pause_turn`` is ``end_turn``. A reply may force any Converse
stop reason with ``bedrock: {stop_reason: ...}`` (e.g. ``guardrail_intervened``).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

import botocore.model
import botocore.validate

from adapters.base import Endpoint
from adapters.bedrock.eventstream import service_model
from harness.simulator import (
    JSON,
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    read_json_object,
)
from harness.simulator import bedrock as common
from harness.simulator.eventstream import event_frame, exception_frame
from harness.simulator.script import (
    ReplyError,
    reply_events,
    reply_kind,
    reply_message,
    scripted_error,
)

NAME = "bedrock-converse"
STOP_SEQUENCE_PATH = "/delta/stop_sequence"
_OPERATIONS: dict[str, Endpoint] = {"converse": "messages", "converse-stream": "messages"}
_OPERATION_NAMES = {"converse": "Converse", "converse-stream": "ConverseStream"}
STOP_REASONS: dict[str, str] = {
    "end_turn": "end_turn",
    "tool_use": "tool_use",
    "max_tokens": "max_tokens",
    "stop_sequence": "stop_sequence",
    "model_context_window_exceeded": "model_context_window_exceeded",
    "refusal": "content_filtered",
    "pause_turn": "end_turn",
}
# Converse has no modelTimeoutException in its stream union.
STREAM_EXCEPTIONS = {**common.STREAM_EXCEPTIONS, "timeout_error": "modelStreamErrorException"}
_CITATION_LOCATIONS = {
    "char_location": ("documentChar", "start_char_index", "end_char_index"),
    "page_location": ("documentPage", "start_page_number", "end_page_number"),
    "content_block_location": ("documentChunk", "start_block_index", "end_block_index"),
}
_FIRST_USER = (
    "A conversation must start with a user message. Try again with a conversation that "
    "starts with a user message."
)
_ALTERNATE = (
    "A conversation must alternate between user and assistant roles. Make sure the "
    "conversation alternates between user and assistant roles and try again."
)
_TOOL_CONFIG = (
    "The toolConfig field must be defined when using toolUse and toolResult content blocks."
)


class BedrockConverseBackend(common.BedrockBackend):
    """The simulated Converse and ConverseStream operations.

    ``credentials`` and ``api_keys`` work as `common.BedrockBackend` says."""

    name: str = NAME
    routes: tuple[str, ...] = (
        "POST /model/{modelId}/converse",
        "POST /model/{modelId}/converse-stream",
    )

    operations = _OPERATIONS

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        refused = self.refuse_early(request, route)
        if refused is not None:
            return refused
        try:
            body = read_json_object(request.body)
        except ValueError as exc:
            return common.BedrockRejection(400, str(exc), "SerializationException")
        operation = _OPERATION_NAMES[route.params["operation"]]
        problem = validate_request({**body, "modelId": route.params["model"]}, operation)
        if problem is not None:
            return Rejection(400, problem)
        additional = body.get("additionalModelRequestFields")
        betas = additional.get("anthropic_beta") if isinstance(additional, dict) else None
        return common.check_betas(betas, "additionalModelRequestFields.anthropic_beta")

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        seed = answer.scenario_id if isinstance(answer, Script) else request.path
        request_id = common.request_id(f"{NAME}/{seed}")
        if isinstance(answer, Rejection):
            return common.rejection_error(answer, request_id)
        reply = answer.reply
        kind = reply_kind(reply)
        if kind == "error":
            error = scripted_error(reply)
            status, name = common.scripted_exception(error.status)
            return common.bedrock_error(status, name, error.message, request_id)
        if kind != "message":
            raise ReplyError(f"Converse has no token counting; a {kind} reply cannot be served")
        body = read_json_object(request.body)
        wants_sequence = STOP_SEQUENCE_PATH in (body.get("additionalModelResponseFieldPaths") or [])
        message = reply_message(reply, model=route.params["model"], message_id="msg_unused")
        if route.params["operation"] == "converse":
            payload = converse_reply(reply, message, wants_sequence, f"{NAME}/{seed}")
            return SimResponse.of_json(200, payload, {"x-amzn-requestid": request_id})
        frames = converse_stream(reply, wants_sequence, f"{NAME}/{seed}", split_seed=seed)
        return common.event_stream_response(frames, request_id, f"{NAME}/{seed}")


def validate_request(params: JSON, operation: str) -> str | None:
    """Bedrock's ValidationException message for a Converse request, or None if it passes."""
    shape = service_model().operation_model(operation).input_shape
    report = botocore.validate.ParamValidator().validate(params, shape)
    if report.has_errors():
        lines = [line.strip() for line in report.generate_report().splitlines()]
        return "Malformed input request: " + "; ".join(line for line in lines if line)
    found = list(_constraint_errors(params, shape, ""))
    if found:
        count = f"{len(found)} validation error{'s' if len(found) > 1 else ''} detected"
        return f"{count}: " + "; ".join(found)
    return _conversation_error(params)


def converse_reply(
    reply: Mapping[str, Any], message: JSON, wants_sequence: bool, seed: str
) -> JSON:
    """The Converse response body for a message reply."""
    payload: JSON = {
        "output": {
            "message": {
                "role": "assistant",
                "content": [_content_block(block) for block in message["content"]],
            }
        },
        "stopReason": _stop_reason(reply),
        "usage": converse_usage(reply["usage"]),
        "metrics": {"latencyMs": common.latency_ms(seed)},
    }
    if wants_sequence:
        payload["additionalModelResponseFields"] = _sequence_fields(reply)
    return payload


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


def converse_stream(
    reply: Mapping[str, Any], wants_sequence: bool, seed: str, *, split_seed: str
) -> bytes:
    """The ConverseStream body for a message reply: the Anthropic event stream the reply
    gives (deltas split by ``split_seed``, the scenario id, as every backend splits),
    re-expressed event by event, then cut by ``stream_error`` as it would be; padding and
    metrics drawn from ``seed``."""
    events = reply_events(reply, model="unused", message_id="unused", split_seed=split_seed)
    failure = events.pop() if reply.get("stream_error") is not None else None
    frames: list[bytes] = []
    for name, payload in _converse_events(events, reply, wants_sequence, seed):
        payload = {**payload, "p": common.padding(f"{seed}/{len(frames)}")}
        frames.append(event_frame(name, json.dumps(payload, separators=(",", ":")).encode()))
    if failure is not None:
        opened = _opened_without_delta(events)
        if opened is not None:
            payload = {**opened, "p": common.padding(f"{seed}/{len(frames)}")}
            frames.append(event_frame("contentBlockDelta", json.dumps(payload).encode()))
        error = failure["error"]
        exception = STREAM_EXCEPTIONS.get(error["type"], "internalServerException")
        frames.append(
            exception_frame(exception, json.dumps({"message": error["message"]}).encode())
        )
    return b"".join(frames)


def _opened_without_delta(events: list[JSON]) -> JSON | None:
    """When a cut stream's last event opens a text or thinking block, the empty first delta
    that opens it on Converse (which has no start event for those blocks)."""
    last = next((e for e in reversed(events) if e["type"] != "ping"), None)
    if last is None or last["type"] != "content_block_start":
        return None
    kind = last["content_block"]["type"]
    empty = {"text": {"text": ""}, "thinking": {"reasoningContent": {"text": ""}}}.get(kind)
    return None if empty is None else {"contentBlockIndex": last["index"], "delta": empty}


def _converse_events(
    events: list[JSON], reply: Mapping[str, Any], wants_sequence: bool, seed: str
) -> Iterator[tuple[str, JSON]]:
    for event in events:
        kind = event["type"]
        if kind == "message_start":
            yield "messageStart", {"role": "assistant"}
        elif kind == "content_block_start":
            yield from _block_start(event["index"], event["content_block"])
        elif kind == "content_block_delta":
            yield from _block_delta(event["index"], event["delta"])
        elif kind == "content_block_stop":
            yield "contentBlockStop", {"contentBlockIndex": event["index"]}
        elif kind == "message_delta":
            stop: JSON = {"stopReason": _stop_reason(reply)}
            if wants_sequence:
                stop["additionalModelResponseFields"] = _sequence_fields(reply)
            yield "messageStop", stop
            metrics = {"latencyMs": common.latency_ms(seed)}
            yield "metadata", {"usage": converse_usage(reply["usage"]), "metrics": metrics}


def _block_start(index: int, block: JSON) -> Iterator[tuple[str, JSON]]:
    if block["type"] == "tool_use":
        start = {"toolUse": {"toolUseId": block["id"], "name": block["name"]}}
        yield "contentBlockStart", {"contentBlockIndex": index, "start": start}
    elif block["type"] == "redacted_thinking":
        delta = {"reasoningContent": {"redactedContent": _blob(block["data"])}}
        yield "contentBlockDelta", {"contentBlockIndex": index, "delta": delta}


def _block_delta(index: int, delta: JSON) -> Iterator[tuple[str, JSON]]:
    kind = delta["type"]
    converse: list[JSON] = []
    if kind == "text_delta":
        converse = [{"text": delta["text"]}]
    elif kind == "citations_delta":
        converse = [{"citation": _citation(delta["citation"])}]
    elif kind == "thinking_delta":
        converse = [{"reasoningContent": {"text": delta["thinking"]}}]
    elif kind == "signature_delta":
        converse = [
            {"reasoningContent": {"text": ""}},
            {"reasoningContent": {"signature": delta["signature"]}},
        ]
    elif kind == "input_json_delta":
        converse = [{"toolUse": {"input": delta["partial_json"]}}]
    for item in converse:
        yield "contentBlockDelta", {"contentBlockIndex": index, "delta": item}


def _content_block(block: JSON) -> JSON:
    kind = block["type"]
    if kind == "text":
        if block.get("citations"):
            cited = [_citation(c) for c in block["citations"]]
            return {"citationsContent": {"content": [{"text": block["text"]}], "citations": cited}}
        return {"text": block["text"]}
    if kind == "thinking":
        text = {"text": block["thinking"], "signature": block["signature"]}
        return {"reasoningContent": {"reasoningText": text}}
    if kind == "redacted_thinking":
        return {"reasoningContent": {"redactedContent": _blob(block["data"])}}
    if kind == "tool_use":
        return {
            "toolUse": {"toolUseId": block["id"], "name": block["name"], "input": block["input"]}
        }
    raise ReplyError(f"Converse cannot return a {kind!r} block")


def _citation(citation: JSON) -> JSON:
    location = _CITATION_LOCATIONS.get(citation.get("type", ""))
    if location is None:
        raise ReplyError(f"Converse cannot return a {citation.get('type')!r} citation")
    member, start, end = location
    return {
        "title": citation.get("document_title"),
        "sourceContent": [{"text": citation.get("cited_text", "")}],
        "location": {
            member: {
                "documentIndex": citation.get("document_index"),
                "start": citation.get(start),
                "end": citation.get(end),
            }
        },
    }


def _stop_reason(reply: Mapping[str, Any]) -> str:
    wording = reply.get("bedrock")
    forced = wording.get("stop_reason") if isinstance(wording, Mapping) else None
    return str(forced) if forced else STOP_REASONS[str(reply["stop_reason"])]


def _sequence_fields(reply: Mapping[str, Any]) -> JSON:
    matched = reply.get("stop_sequence") if reply.get("stop_reason") == "stop_sequence" else None
    return {"delta": {"stop_sequence": matched}}


def _blob(data: str) -> str:
    """A reply's base64 text as Converse sends a blob: base64 of the same bytes."""
    try:
        return base64.b64encode(base64.b64decode(data, validate=True)).decode("ascii")
    except (binascii.Error, ValueError):
        raise ReplyError("redacted_thinking data must be base64 for Converse") from None


def _constraint_errors(value: Any, shape: botocore.model.Shape, path: str) -> Iterator[str]:
    """What botocore's validator leaves unchecked: enums, maximums, patterns, base64."""
    if isinstance(shape, botocore.model.StructureShape):
        if shape.metadata.get("document") or not isinstance(value, dict):
            return
        for name, member in shape.members.items():
            if name in value:
                yield from _constraint_errors(
                    value[name], member, f"{path}.{name}" if path else name
                )
    elif isinstance(shape, botocore.model.ListShape) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _constraint_errors(item, shape.member, f"{path}.{index + 1}.member")
    elif isinstance(shape, botocore.model.MapShape) and isinstance(value, dict):
        for key, item in value.items():
            yield from _constraint_errors(item, shape.value, f"{path}.{key}")
    else:
        yield from _scalar_errors(value, shape, path)


def _scalar_errors(value: Any, shape: botocore.model.Shape, path: str) -> Iterator[str]:
    where = f"Value '{value}' at '{path}' failed to satisfy constraint: Member must"
    enum = shape.metadata.get("enum")
    if enum and value not in enum:
        yield f"{where} satisfy enum value set: [{', '.join(enum)}]"
    pattern = shape.metadata.get("pattern")
    if pattern and isinstance(value, str) and not _matches(pattern, value):
        yield f"{where} satisfy regular expression pattern: {pattern}"
    maximum = shape.metadata.get("max")
    numeric = shape.type_name in ("integer", "long", "float", "double")
    if numeric and maximum is not None and isinstance(value, int | float) and value > maximum:
        yield f"{where} have value less than or equal to {maximum}"
    if shape.type_name == "blob" and isinstance(value, str):
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            yield f"Value at '{path}' failed to satisfy constraint: Member must be base64 encoded"


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot compile is not checked


def _conversation_error(params: JSON) -> str | None:
    messages = params.get("messages") or []
    roles = [m.get("role") for m in messages]
    if roles and roles[0] != "user":
        return _FIRST_USER
    if any(a == b for a, b in itertools.pairwise(roles)):
        return _ALTERNATE
    uses_tools = any(
        key in block
        for message in messages
        for block in message.get("content", [])
        for key in ("toolUse", "toolResult")
    )
    if uses_tools and "toolConfig" not in params:
        return _TOOL_CONFIG
    return None
