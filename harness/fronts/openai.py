"""The OpenAI chat-completions front: a scenario written as the request an OpenAI client sends.

A scenario is written as an Anthropic request (front ``anthropic``, the default) or as an
OpenAI chat-completions request (front ``openai``): the request an OpenAI-compatible gateway
receives. An OpenAI-front case maps its request to Anthropic form with the reference front
door, runs it on the case's target like any other, and maps the Anthropic outcome back to
what the gateway's OpenAI client sees: a ``chat.completion`` (or OpenAI error) body, or the
chunk stream. That front outcome is validated with the official ``openai`` SDK types.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from pydantic import TypeAdapter, ValidationError

from adapters.base import JSON, Translated, TranslationError
from adapters.openai.front_request import anthropic_request
from adapters.openai.front_response import completion_response
from adapters.openai.front_stream import chunks_from_events, include_usage
from harness.compare import dotted_path
from harness.findings import Finding

CREATED = 0
"""The ``created`` time front outcomes carry: fixed, so that outcomes are reproducible."""


def openai_request(request: JSON, mode: str) -> JSON:
    """The OpenAI request a client sends in ``mode``: ``stream`` set, and in stream mode
    ``stream_options.include_usage`` unless the scenario chose its own stream options."""
    body = copy.deepcopy(request)
    if mode == "stream":
        body["stream"] = True
        body.setdefault("stream_options", {"include_usage": True})
    else:
        body.pop("stream_options", None)
    return body


def to_anthropic(request: JSON) -> JSON:
    """The Anthropic request the front door makes of an OpenAI request (TranslationError
    names the field it cannot map)."""
    return anthropic_request(request)


def front_outcome(request: JSON, outcome: JSON) -> JSON:
    """What the OpenAI client sees for an Anthropic ``outcome``. An outcome the front door
    cannot read (a malformed recording: the schema check names what is wrong with it) is a
    `TranslationError`, so that it fails its case and nothing else."""
    try:
        return _front_outcome(request, outcome)
    except TranslationError:
        raise
    except Exception as exc:
        message = f"cannot map this outcome back: {type(exc).__name__}: {exc}"
        raise TranslationError(message.splitlines()[0]) from None


def _front_outcome(request: JSON, outcome: JSON) -> JSON:
    if outcome.get("events") is not None:
        stream = chunks_from_events(
            outcome["events"], created=CREATED, include_usage=include_usage(request)
        )
        return {"status": outcome["status"], "chunks": stream.chunks, "done": stream.done}
    status, body = completion_response(
        Translated(outcome["status"], outcome["body"]), created=CREATED
    )
    return {"status": status, "body": body}


def check_front(front: JSON) -> list[Finding]:
    """The front outcome against the ``openai`` SDK's response types."""
    findings: list[Finding] = []
    if "chunks" in front:
        for i, chunk in enumerate(front["chunks"]):
            if isinstance(chunk, dict) and "error" in chunk:
                findings.extend(_validate(_error_adapter(), chunk, f"front.chunks[{i}]"))
            else:
                findings.extend(_validate(_chunk_adapter(), chunk, f"front.chunks[{i}]"))
        return findings
    body = front.get("body")
    status = front.get("status")
    if isinstance(status, int) and 200 <= status < 300:
        return _validate(_completion_adapter(), body, "front.body")
    return _validate(_error_adapter(), body, "front.body")


def normalize_front(front: JSON) -> JSON:
    """The golden form: completion and chunk ids replaced (they carry message ids)."""
    out = copy.deepcopy(front)
    body = out.get("body")
    if isinstance(body, dict) and "id" in body:
        body["id"] = "<normalized>"
    for chunk in out.get("chunks") or []:
        if isinstance(chunk, dict) and "id" in chunk:
            chunk["id"] = "<normalized>"
    return out


def parity_front(front: JSON) -> JSON:
    """What must agree with the canonical target's front outcome: the model name and the
    error wording are each backend's own, and so is how a stream is cut into chunks (so
    consecutive content pieces, and argument pieces of one tool call, are joined), and how
    a tool call's arguments, JSON text the client parses, are formatted (whitespace, key
    order)."""
    out = normalize_front(front)
    body = out.get("body")
    if isinstance(body, dict):
        body.pop("model", None)
        body.pop("created", None)  # each response's own time
        error = body.get("error")
        if isinstance(error, dict):
            error.pop("message", None)
        for choice in _dicts(body.get("choices")):
            message = choice.get("message")
            calls = message.get("tool_calls") if isinstance(message, dict) else None
            for call in _dicts(calls):
                function = call.get("function")
                if isinstance(function, dict) and isinstance(function.get("arguments"), str):
                    function["arguments"] = _arguments_text(function["arguments"])
    if out.get("chunks") is not None:
        out["chunks"] = _stream_items(out["chunks"])
        for item in out["chunks"]:
            if isinstance(item.get("arguments"), str):
                item["arguments"] = _arguments_text(item["arguments"])
    return out


def _dicts(value: Any) -> list[JSON]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _arguments_text(text: str) -> str:
    """Tool-call arguments in one formatting (compact, keys sorted) when they are JSON;
    anything else as it came."""
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return text
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _stream_items(chunks: list[Any]) -> list[JSON]:
    """A chunk stream as a list of items with fragments joined: role, content, tool call
    start, tool call arguments, finish reason, usage, error."""
    items: list[JSON] = []

    def add(item: JSON, joins: str | None = None) -> None:
        last = items[-1] if items else None
        if (
            joins
            and last is not None
            and isinstance(last.get(joins), str)
            and isinstance(item[joins], str)
            and {k: v for k, v in last.items() if k != joins}
            == {k: v for k, v in item.items() if k != joins}
        ):
            last[joins] += item[joins]
        else:
            items.append(item)

    for chunk in chunks:
        if not isinstance(chunk, dict):
            items.append({"raw": chunk})
            continue
        if isinstance(chunk.get("error"), dict):
            items.append({"error": chunk["error"].get("type")})
            continue
        for choice in chunk.get("choices") or []:
            delta = choice.get("delta") or {}
            if delta.get("role"):
                add({"role": delta["role"]})
            if delta.get("content"):
                add({"content": delta["content"]}, joins="content")
            for call in delta.get("tool_calls") or []:
                function = call.get("function") or {}
                if call.get("id") or function.get("name"):
                    add(
                        {
                            "tool_call": call.get("index"),
                            "id": call.get("id"),
                            "name": function.get("name"),
                        }
                    )
                if function.get("arguments"):
                    add(
                        {"arguments_of": call.get("index"), "arguments": function["arguments"]},
                        joins="arguments",
                    )
            if choice.get("finish_reason"):
                add({"finish_reason": choice["finish_reason"]})
        if chunk.get("usage"):
            add({"usage": chunk["usage"]})
    return items


def _validate(adapter: TypeAdapter[Any], value: Any, where: str) -> list[Finding]:
    try:
        adapter.validate_python(value, strict=False)
    except ValidationError as exc:
        return [
            Finding(
                "schema",
                f"{where}.{dotted_path(list(e['loc']))}".rstrip("."),
                None,
                None,
                f"openai types: {e['msg']}",
            )
            for e in exc.errors()[:10]
        ]
    return []


@cache
def _completion_adapter() -> TypeAdapter[Any]:
    from openai.types.chat import ChatCompletion

    return TypeAdapter(ChatCompletion)


@cache
def _chunk_adapter() -> TypeAdapter[Any]:
    from openai.types.chat import ChatCompletionChunk

    return TypeAdapter(ChatCompletionChunk)


@cache
def _error_adapter() -> TypeAdapter[Any]:
    from openai.types import ErrorObject
    from pydantic import BaseModel

    class ErrorEnvelope(BaseModel):
        """OpenAI's error body: ``{"error": ErrorObject}``."""

        error: ErrorObject

    return TypeAdapter(ErrorEnvelope)


class OpenAIFront:
    """The OpenAI chat-completions front door."""

    name = "openai"
    title = "OpenAI chat-completions"

    def client_request(self, request: JSON, mode: str) -> JSON:
        return openai_request(request, mode)

    def to_anthropic(self, request: JSON) -> JSON:
        return to_anthropic(request)

    def client_outcome(self, request: JSON, outcome: JSON) -> JSON | None:
        return front_outcome(request, outcome)

    def check(self, shown: JSON) -> list[Finding]:
        return check_front(shown)

    def normalize(self, shown: JSON) -> JSON:
        return normalize_front(shown)

    def parity(self, shown: JSON) -> JSON:
        return parity_front(shown)


FRONT = OpenAIFront()
