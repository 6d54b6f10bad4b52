"""A client of the OpenAI front (``/v1/chat/completions``), read in Anthropic terms so that it
is judged as every client is: the chat completion (or chunk stream) it received, checked
against the ``openai`` SDK's types, and its message as content blocks (the text joined as the
front door joins it, each tool call as a ``tool_use`` block with its arguments parsed); the
assistant turns it sent back likewise; its request as the front door makes it an Anthropic
request, for the reference translator."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from adapters.base import TranslationError
from adapters.protocol.sse import SseDecoder
from harness.fronts.openai import check_front, to_anthropic
from harness.vocabulary import JSON


def chunks_of(data: bytes) -> list[Any]:
    """The chunks of a chat-completion stream (``[DONE]`` and data that is not JSON left
    out)."""
    decoder = SseDecoder()
    chunks: list[Any] = []
    for item in decoder.feed(data) + decoder.close():
        if item.data.strip() == "[DONE]":
            continue
        try:
            chunks.append(json.loads(item.data))
        except json.JSONDecodeError:
            continue
    return chunks


def problems(status: int, data: bytes, streamed: bool, where: str) -> list[str]:
    """What breaks the ``openai`` SDK's types in an answer."""
    if streamed:
        front: JSON = {"status": status, "chunks": chunks_of(data)}
    else:
        try:
            front = {"status": status, "body": json.loads(data)}
        except (UnicodeDecodeError, json.JSONDecodeError):
            return [f"{where}: the body is not JSON"]
    return [f"{where}: {f.path}: {f.message}" for f in check_front(front)]


def received_content(data: bytes, streamed: bool) -> list[JSON] | None:
    """The message the client received, as content blocks (None: no message came)."""
    if streamed:
        return _blocks(*_folded(chunks_of(data)))
    try:
        body = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    choices = body.get("choices") if isinstance(body, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None
    message = choices[0].get("message") or {}
    return _blocks(message.get("content"), message.get("tool_calls") or [])


def sent_back(messages: Any) -> list[JSON]:
    """The client's chat messages with each assistant turn as content blocks (the shape
    `received.history_findings` reads)."""
    out: list[JSON] = []
    for message in messages if isinstance(messages, list) else []:
        if isinstance(message, dict) and message.get("role") == "assistant":
            calls = message.get("tool_calls") or []
            out.append({"role": "assistant", "content": _blocks(message.get("content"), calls)})
    return out


def scripted_content(content: Sequence[Mapping[str, Any]]) -> list[JSON]:
    """A scripted turn as the OpenAI front can carry it: its text joined, its tool calls;
    thinking has no place in a chat completion."""
    text = "".join(str(b.get("text", "")) for b in content if b.get("type") == "text")
    blocks: list[JSON] = [{"type": "text", "text": text}] if text else []
    return blocks + [dict(b) for b in content if b.get("type") == "tool_use"]


def anthropic_body(body: JSON) -> JSON | str:
    """The Anthropic request the front door makes of the client's request, or why it
    refuses it."""
    try:
        return to_anthropic(body)
    except TranslationError as exc:
        return str(exc)


def _folded(chunks: list[Any]) -> tuple[str, list[JSON]]:
    """A chunk stream's text and tool calls, fragments joined by index."""
    text = ""
    calls: dict[int, JSON] = {}
    for chunk in chunks:
        for choice in chunk.get("choices") or [] if isinstance(chunk, dict) else []:
            delta = choice.get("delta") or {}
            text += delta.get("content") or ""
            for part in delta.get("tool_calls") or []:
                call = calls.setdefault(int(part.get("index", 0)), {"function": {}})
                function = part.get("function") or {}
                if part.get("id"):
                    call["id"] = part["id"]
                if function.get("name"):
                    call["function"]["name"] = function["name"]
                joined = call["function"].get("arguments", "") + (function.get("arguments") or "")
                call["function"]["arguments"] = joined
    return text, [calls[i] for i in sorted(calls)]


def _blocks(content: Any, calls: Sequence[Any]) -> list[JSON]:
    text = content if isinstance(content, str) else ""
    blocks: list[JSON] = [{"type": "text", "text": text}] if text else []
    for call in calls:
        if not isinstance(call, dict):
            continue
        function = call.get("function") or {}
        try:
            arguments = json.loads(function.get("arguments") or "{}")
        except json.JSONDecodeError:
            arguments = function.get("arguments")
        blocks.append(
            {
                "type": "tool_use",
                "id": call.get("id"),
                "name": function.get("name"),
                "input": arguments,
            }
        )
    return blocks
