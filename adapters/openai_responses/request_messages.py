"""``system`` and ``messages`` -> the Responses ``instructions`` and ``input`` items.

A string ``system`` is ``instructions``; a list of text blocks is a leading ``system``
message whose ``input_text`` parts keep the blocks' boundaries. A user turn's
``tool_result`` blocks become ``function_call_output`` items (by ``call_id``) placed before
the rest of the turn, which becomes one user message; a result's text and images stay in
its output (an error result is prefixed ``Error: ``, since the item has no error flag). An
assistant turn becomes items in block order: text as an assistant message, ``tool_use`` as
a ``function_call`` item, ``thinking`` as a ``reasoning`` item (the thinking text as its
summary, the signature as its ``encrypted_content``) and ``redacted_thinking`` as a
``reasoning`` item with no summary and the redacted data as its ``encrypted_content``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai_common import parts as shared_parts
from adapters.openai_responses.request_options import Options
from adapters.openai_responses.request_parts import (
    CACHE_WHY,
    document_parts,
    input_image,
    input_text,
    text_value,
)

REASONING_ID_PREFIX = "rs_"


def instructions(body: JSON, options: Options) -> tuple[str | None, list[JSON]]:
    """The ``instructions`` for a string ``system``, or the leading system message items
    for a list of text blocks."""
    system = body.get("system")
    if system is None:
        return None, []
    if isinstance(system, str):
        return system, []
    if not isinstance(system, list):
        raise TranslationError("system must be a string or a list of text blocks", "system")
    parts = [input_text(block, f"system[{i}]", options) for i, block in enumerate(system)]
    return None, ([{"type": "message", "role": "system", "content": parts}] if parts else [])


def input_items(body: JSON, options: Options) -> list[JSON]:
    """The ``input`` items for a Messages body's ``messages``."""
    messages = body.get("messages")
    if not isinstance(messages, list):
        raise TranslationError("messages must be a list", path="messages")
    out: list[JSON] = []
    for i, message in enumerate(messages):
        path = f"messages[{i}]"
        if not isinstance(message, dict):
            raise TranslationError("a message must be an object", path=path)
        role, content = message.get("role"), message.get("content")
        if role == "user":
            out.extend(user_turn(content, path, options))
        elif role == "assistant":
            out.extend(assistant_turn(content, path, options))
        else:
            raise TranslationError(
                f"role must be 'user' or 'assistant', got {role!r}", path=f"{path}.role"
            )
    return out


def user_turn(content: Any, path: str, options: Options) -> list[JSON]:
    """A user turn's ``function_call_output`` items, then its user message."""
    if isinstance(content, str):
        return [{"type": "message", "role": "user", "content": content}]
    if not isinstance(content, list):
        raise TranslationError("content must be a string or a list of blocks", path)
    outputs: list[JSON] = []
    parts: list[JSON] = []
    for j, block in enumerate(content):
        where = f"{path}.content[{j}]"
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "tool_result" and isinstance(block, dict):
            outputs.append(tool_output(block, where, options))
        elif kind == "text":
            parts.append(input_text(block, where, options))
        elif kind == "image" and isinstance(block, dict):
            parts.append(input_image(block, where, options))
        elif kind == "document" and isinstance(block, dict):
            parts.extend(document_parts(block, where, options))
        else:
            raise TranslationError(f"a {kind!r} block cannot be sent to OpenAI", path=where)
    if parts:
        outputs.append({"type": "message", "role": "user", "content": parts})
    return outputs


def tool_output(block: JSON, path: str, options: Options) -> JSON:
    """The ``function_call_output`` item for a tool_result block."""
    call_id = block.get("tool_use_id")
    if not isinstance(call_id, str) or not call_id:
        raise TranslationError("tool_use_id must be a string", path=f"{path}.tool_use_id")
    if "cache_control" in block:
        options.loss(f"{path}.cache_control", CACHE_WHY)
    parts = _result_parts(block.get("content"), path, options)
    if block.get("is_error") is True:
        first = parts[0] if parts else None
        if first is not None and first["type"] == "input_text":
            parts[0] = {"type": "input_text", "text": f"Error: {first['text']}"}
        else:
            parts.insert(0, {"type": "input_text", "text": "Error"})
    output: str | list[JSON]
    if all(p["type"] == "input_text" for p in parts) and len(parts) <= 1:
        output = parts[0]["text"] if parts else ""
    else:
        output = parts
    return {"type": "function_call_output", "call_id": call_id, "output": output}


def _result_parts(content: Any, path: str, options: Options) -> list[JSON]:
    if content is None:
        return []
    if isinstance(content, str):
        return [{"type": "input_text", "text": content}]
    if not isinstance(content, list):
        raise TranslationError("content must be a string or a list", f"{path}.content")
    parts: list[JSON] = []
    for k, item in enumerate(content):
        where = f"{path}.content[{k}]"
        kind = item.get("type") if isinstance(item, dict) else None
        if kind == "text":
            parts.append(input_text(item, where, options))
        elif kind == "image" and isinstance(item, dict):
            parts.append(input_image(item, where, options))
        else:
            raise TranslationError(f"a {kind!r} block cannot be sent in a tool result", where)
    return parts


def assistant_turn(content: Any, path: str, options: Options) -> list[JSON]:
    """An assistant turn's items, in block order."""
    if isinstance(content, str):
        return [{"type": "message", "role": "assistant", "content": content}] if content else []
    if not isinstance(content, list):
        raise TranslationError("content must be a string or a list of blocks", path)
    items: list[JSON] = []
    for j, block in enumerate(content):
        where = f"{path}.content[{j}]"
        kind = block.get("type") if isinstance(block, dict) else None
        if not isinstance(block, dict):
            raise TranslationError("a block must be an object", path=where)
        if kind == "text":
            text = text_value(block, where, options)
            items.append({"type": "message", "role": "assistant", "content": text})
        elif kind == "tool_use":
            items.append(function_call(block, where, options))
        elif kind == "thinking":
            items.append(reasoning_item(block, where))
        elif kind == "redacted_thinking":
            items.append(redacted_item(block, where))
        else:
            raise TranslationError(f"a {kind!r} block cannot be sent to OpenAI", path=where)
    return items


def function_call(block: JSON, path: str, options: Options) -> JSON:
    """The ``function_call`` item for a tool_use block (its input as JSON text)."""
    call = shared_parts.tool_call(block, path, options, CACHE_WHY)
    return {
        "type": "function_call",
        "call_id": call.id,
        "name": call.name,
        "arguments": call.arguments,
    }


def reasoning_item(block: JSON, path: str) -> JSON:
    """The ``reasoning`` item for a thinking block: the text as its summary, the signature
    as its ``encrypted_content``."""
    thinking, signature = block.get("thinking"), block.get("signature")
    if not isinstance(thinking, str):
        raise TranslationError("thinking must be a string", f"{path}.thinking")
    if not isinstance(signature, str) or not signature:
        raise TranslationError(
            "a thinking block needs its signature (it becomes the reasoning item's "
            "encrypted_content)",
            f"{path}.signature",
        )
    summary = [{"type": "summary_text", "text": thinking}] if thinking else []
    return _reasoning(summary, signature)


def redacted_item(block: JSON, path: str) -> JSON:
    """The ``reasoning`` item for a redacted_thinking block: no summary, its data as the
    ``encrypted_content``."""
    data = block.get("data")
    if not isinstance(data, str) or not data:
        raise TranslationError("data must be a non-empty string", f"{path}.data")
    return _reasoning([], data)


def reasoning_id(encrypted: str) -> str:
    """The item id sent with a reasoning item: Anthropic's blocks carry none, and with
    ``store: false`` the service reads the ``encrypted_content``, so the id is drawn from it
    (the same content, the same id)."""
    return REASONING_ID_PREFIX + hashlib.sha256(encrypted.encode()).hexdigest()[:40]


def _reasoning(summary: list[JSON], encrypted: str) -> JSON:
    return {
        "type": "reasoning",
        "id": reasoning_id(encrypted),
        "summary": summary,
        "encrypted_content": encrypted,
    }
