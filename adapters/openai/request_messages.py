"""``system`` and ``messages`` -> OpenAI chat messages.

``system`` becomes a leading system message (text blocks keep their boundaries as parts).
A user turn's ``tool_result`` blocks become ``role: tool`` messages placed before the rest of
the turn (an error result is prefixed ``Error: ``; images, which tool messages cannot hold,
move into the user message that follows). An assistant turn's text stays text, its
``tool_use`` blocks become ``tool_calls`` and its thinking blocks are losses.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai.request_options import Options
from adapters.openai.request_parts import document_parts, image_part, text_part
from adapters.openai_common import parts as shared_parts


def chat_messages(body: JSON, options: Options) -> list[JSON]:
    """The chat messages for a Messages body's ``system`` and ``messages``."""
    out: list[JSON] = []
    if "system" in body:
        system = system_message(body["system"], options)
        if system is not None:
            out.append(system)
    messages = body.get("messages")
    if not isinstance(messages, list):
        raise TranslationError("messages must be a list", path="messages")
    for i, message in enumerate(messages):
        path = f"messages[{i}]"
        if not isinstance(message, dict):
            raise TranslationError("a message must be an object", path=path)
        role = message.get("role")
        content = message.get("content")
        if role == "user":
            out.extend(user_turn(content, path, options))
        elif role == "assistant":
            assistant = assistant_turn(content, path, options)
            if assistant is not None:
                out.append(assistant)
        else:
            raise TranslationError(
                f"role must be 'user' or 'assistant', got {role!r}", path=f"{path}.role"
            )
    return out


def system_message(system: Any, options: Options) -> JSON | None:
    """The system message for ``system`` (none for an empty list)."""
    if isinstance(system, str):
        return {"role": "system", "content": system}
    if not isinstance(system, list):
        raise TranslationError("system must be a string or a list of text blocks", "system")
    parts = [text_part(block, f"system[{i}]", options) for i, block in enumerate(system)]
    return {"role": "system", "content": parts} if parts else None


def user_turn(content: Any, path: str, options: Options) -> list[JSON]:
    """A user turn's tool messages, then its user message (if anything is left for one)."""
    if isinstance(content, str):
        return [{"role": "user", "content": content}]
    if not isinstance(content, list):
        raise TranslationError("content must be a string or a list of blocks", path)
    tool_messages: list[JSON] = []
    moved: list[JSON] = []
    parts: list[JSON] = []
    for j, block in enumerate(content):
        where = f"{path}.content[{j}]"
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "tool_result":
            message, images = tool_message(block, where, options)
            tool_messages.append(message)
            if images:
                note = f"[images from tool result {message['tool_call_id']}]"
                moved.extend([{"type": "text", "text": note}, *images])
        elif kind == "text":
            parts.append(text_part(block, where, options))
        elif kind == "image":
            parts.append(image_part(block, where, options))
        elif kind == "document":
            parts.extend(document_parts(block, where, options))
        else:
            raise TranslationError(f"a {kind!r} block cannot be sent to OpenAI", path=where)
    out = list(tool_messages)
    parts = moved + parts
    if parts:
        only_text = len(parts) == 1 and parts[0]["type"] == "text"
        out.append({"role": "user", "content": parts[0]["text"] if only_text else parts})
    return out


def tool_message(block: JSON, path: str, options: Options) -> tuple[JSON, list[JSON]]:
    """The ``role: tool`` message for a tool_result block, and the image parts it had to
    leave for the next user message."""
    tool_use_id = block.get("tool_use_id")
    if not isinstance(tool_use_id, str) or not tool_use_id:
        raise TranslationError("tool_use_id must be a string", path=f"{path}.tool_use_id")
    if "cache_control" in block:
        options.loss(f"{path}.cache_control")
    texts, images = _tool_result_content(block.get("content"), path, options)
    if images:
        count = len(images)
        texts.append(f"[{count} image{'s' if count > 1 else ''} in the next user message]")
    if block.get("is_error") is True:
        texts = [f"Error: {texts[0]}", *texts[1:]] if texts else ["Error"]
    text_content: str | list[JSON]
    if len(texts) == 1:
        text_content = texts[0]
    else:
        text_content = [{"type": "text", "text": t} for t in texts] if texts else ""
    return {"role": "tool", "tool_call_id": tool_use_id, "content": text_content}, images


def _tool_result_content(content: Any, path: str, options: Options) -> tuple[list[str], list[JSON]]:
    texts: list[str] = []
    images: list[JSON] = []
    if isinstance(content, str):
        texts.append(content)
    elif isinstance(content, list):
        for k, item in enumerate(content):
            where = f"{path}.content[{k}]"
            kind = item.get("type") if isinstance(item, dict) else None
            if kind == "text":
                texts.append(text_part(item, where, options)["text"])
            elif kind == "image":
                images.append(image_part(item, where, options))
            else:
                raise TranslationError(
                    f"a {kind!r} block cannot be sent in a tool result", path=where
                )
    elif content is not None:
        raise TranslationError("content must be a string or a list", f"{path}.content")
    return texts, images


def assistant_turn(content: Any, path: str, options: Options) -> JSON | None:
    """The assistant message for an assistant turn (none when nothing in it can be sent)."""
    if isinstance(content, str):
        return {"role": "assistant", "content": content}
    if not isinstance(content, list):
        raise TranslationError("content must be a string or a list of blocks", path)
    texts: list[str] = []
    calls: list[JSON] = []
    for j, block in enumerate(content):
        where = f"{path}.content[{j}]"
        kind = block.get("type") if isinstance(block, dict) else None
        if kind == "text":
            texts.append(text_part(block, where, options)["text"])
        elif kind == "tool_use" and isinstance(block, dict):
            calls.append(tool_call(block, where, options))
        elif kind in ("thinking", "redacted_thinking"):
            options.loss(where, f"a {kind} block in the history")
        else:
            raise TranslationError(f"a {kind!r} block cannot be sent to OpenAI", path=where)
    if not texts and not calls:
        return None
    message: JSON = {"role": "assistant"}
    if texts:
        message["content"] = (
            texts[0] if len(texts) == 1 else [{"type": "text", "text": t} for t in texts]
        )
    if calls:
        message["tool_calls"] = calls
    return message


def tool_call(block: JSON, path: str, options: Options) -> JSON:
    """The function tool call for a tool_use block (its input as JSON text)."""
    call = shared_parts.tool_call(block, path, options)
    return {
        "id": call.id,
        "type": "function",
        "function": {"name": call.name, "arguments": call.arguments},
    }
