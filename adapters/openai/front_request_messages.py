"""The front door's conversation: OpenAI chat messages -> Anthropic ``system`` and turns.

System and developer messages become ``system`` (a string when there is exactly one string,
else text blocks; their position in the conversation is not kept). User messages become user
turns (text, images, documents); assistant messages assistant turns (text, refusal,
``tool_use`` from ``tool_calls``). A tool message becomes a ``tool_result`` in the user turn
that follows the assistant's ``tool_use`` (consecutive tool messages share that turn), and a
user message right after tool messages joins that turn.
"""

from __future__ import annotations

from typing import Any, TypeGuard

from adapters.base import JSON, TranslationError
from adapters.openai.front_request_media import document_block, image_block
from adapters.openai.tool_arguments import tool_input


def as_list(value: Any, path: str) -> list[Any]:
    """``value``, which must be a list; a TranslationError at ``path`` otherwise."""
    if not isinstance(value, list):
        raise TranslationError("must be a list", path=path)
    return value


def conversation(messages: Any) -> tuple[str | list[JSON] | None, list[JSON]]:
    """The Anthropic ``system`` (none if there is none) and turns for chat ``messages``."""
    system: list[JSON] = []
    system_strings = 0
    turns: list[JSON] = []
    for i, message in enumerate(as_list(messages, "messages")):
        path = f"messages[{i}]"
        if not isinstance(message, dict):
            raise TranslationError("a message must be an object", path=path)
        role = message.get("role")
        content = message.get("content")
        if role in ("system", "developer"):
            system_strings += isinstance(content, str)
            system.extend(_text_blocks(content, f"{path}.content"))
        elif role == "user":
            _append_user(turns, _user_blocks(content, f"{path}.content"), content)
        elif role == "assistant":
            turns.append(_assistant(message, path))
        elif role == "tool":
            _append_tool_result(turns, _tool_result(message, path))
        else:
            raise TranslationError(f"role {role!r} cannot be served", path=f"{path}.role")
    if not system:
        return None, turns
    if len(system) == 1 and system_strings == 1:
        return str(system[0]["text"]), turns
    return system, turns


def _text_blocks(content: Any, path: str) -> list[JSON]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    blocks = []
    for j, part in enumerate(as_list(content, path)):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind not in ("text", "refusal"):
            raise TranslationError(f"expected a text part, got {kind!r}", path=f"{path}[{j}]")
        text = part.get(kind)
        if not isinstance(text, str):
            raise TranslationError("must be a string", path=f"{path}[{j}].{kind}")
        if text:
            blocks.append({"type": "text", "text": text})
    return blocks


def _user_blocks(content: Any, path: str) -> list[JSON]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    blocks = []
    for j, part in enumerate(as_list(content, path)):
        where = f"{path}[{j}]"
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text":
            text = part.get("text")
            if not isinstance(text, str):
                raise TranslationError("must be a string", path=f"{where}.text")
            blocks.append({"type": "text", "text": text})
        elif kind == "image_url":
            blocks.append(image_block(part.get("image_url"), f"{where}.image_url"))
        elif kind == "file":
            blocks.append(document_block(part.get("file"), f"{where}.file"))
        else:
            raise TranslationError(f"a {kind!r} part cannot be served", path=f"{where}.type")
    return blocks


def _append_user(turns: list[JSON], blocks: list[JSON], content: Any) -> None:
    last = turns[-1] if turns else None
    if _carries_tool_results(last):
        last["content"].extend(blocks)  # joins the turn that carries the tool results
    elif isinstance(content, str):
        turns.append({"role": "user", "content": content})
    else:
        turns.append({"role": "user", "content": blocks})


def _append_tool_result(turns: list[JSON], block: JSON) -> None:
    last = turns[-1] if turns else None
    if _carries_tool_results(last) and all(b["type"] == "tool_result" for b in last["content"]):
        last["content"].append(block)
    else:
        turns.append({"role": "user", "content": [block]})


def _carries_tool_results(turn: JSON | None) -> TypeGuard[JSON]:
    return (
        turn is not None
        and turn["role"] == "user"
        and isinstance(turn["content"], list)
        and any(b["type"] == "tool_result" for b in turn["content"])
    )


def _tool_result(message: JSON, path: str) -> JSON:
    call_id = message.get("tool_call_id")
    if not isinstance(call_id, str) or not call_id:
        raise TranslationError("a tool message needs a tool_call_id", f"{path}.tool_call_id")
    content = message.get("content")
    result: JSON = {"type": "tool_result", "tool_use_id": call_id}
    if isinstance(content, str):
        result["content"] = content
    else:
        result["content"] = _text_blocks(content, f"{path}.content")
    return result


def _assistant(message: JSON, path: str) -> JSON:
    content = message.get("content")
    if message.get("function_call") is not None:
        raise TranslationError("use tool_calls instead", path=f"{path}.function_call")
    blocks = [] if content is None else _text_blocks(content, f"{path}.content")
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal:
        blocks.append({"type": "text", "text": refusal})
    calls = message.get("tool_calls") or []
    for j, call in enumerate(as_list(calls, f"{path}.tool_calls")):
        blocks.append(_tool_use(call, f"{path}.tool_calls[{j}]"))
    if not blocks:
        raise TranslationError("an assistant message needs content or tool_calls", path)
    if isinstance(content, str) and content and len(blocks) == 1:
        return {"role": "assistant", "content": content}  # the one block is this text
    return {"role": "assistant", "content": blocks}


def _tool_use(call: Any, path: str) -> JSON:
    if not isinstance(call, dict) or call.get("type", "function") != "function":
        raise TranslationError("only function tool calls can be served", path=f"{path}.type")
    function = call.get("function")
    call_id = call.get("id")
    if not isinstance(call_id, str) or not call_id:
        raise TranslationError("a tool call needs an id", path=f"{path}.id")
    if not isinstance(function, dict) or not isinstance(function.get("name"), str):
        raise TranslationError("a tool call needs a function name", path=f"{path}.function.name")
    value = tool_input(function.get("arguments"), f"{path}.function.arguments")
    return {"type": "tool_use", "id": call_id, "name": function["name"], "input": value}
