"""Anthropic text and image blocks, read once for both OpenAI targets, which wrap them in
their own content parts: a text block's text (its ``cache_control`` and citations are
losses), an image's URL (a base64 image as a ``data:`` URL, a URL image as its URL;
other sources are a TranslationError naming the source), the blocks of a custom-content
document, and the function call a ``tool_use`` block in the history stands for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from adapters.base import JSON, TranslationError
from adapters.openai.tool_arguments import arguments_text
from adapters.openai_common.options import LossPolicy

Policy = TypeVar("Policy", bound=LossPolicy)


def text_value(block: Any, path: str, options: LossPolicy, cache_why: str = "") -> str:
    """The text of a text block, its losses declared (``cache_why``: why ``cache_control``
    is one, for the refusal message)."""
    if not isinstance(block, dict) or block.get("type") != "text":
        raise TranslationError("expected a text block", path=path)
    text = block.get("text")
    if not isinstance(text, str):
        raise TranslationError("text must be a string", path=f"{path}.text")
    block_losses(block, path, options, cache_why)
    return text


def block_losses(block: JSON, path: str, options: LossPolicy, cache_why: str = "") -> None:
    """The losses every text-bearing block can carry: ``cache_control`` and citations."""
    if "cache_control" in block:
        options.loss(f"{path}.cache_control", cache_why)
    if block.get("citations"):
        options.loss(f"{path}.citations")


def content_source_blocks(source: JSON, path: str) -> list[tuple[JSON, str]]:
    """A custom-content document source's blocks (text or image), each with its path; a
    string is one text block."""
    content = source.get("content")
    where = f"{path}.content"
    if isinstance(content, str):
        return [({"type": "text", "text": content}, where)]
    if not isinstance(content, list):
        raise TranslationError("content must be a string or a list of blocks", path=where)
    blocks: list[tuple[JSON, str]] = []
    for index, block in enumerate(content):
        at = f"{where}[{index}]"
        if not isinstance(block, dict) or block.get("type") not in ("text", "image"):
            raise TranslationError("a document's content holds text and image blocks", at)
        blocks.append((block, at))
    return blocks


def custom_content_parts(
    block: JSON,
    path: str,
    options: Policy,
    text: Callable[[JSON, str, Policy], JSON],
    image: Callable[[JSON, str, Policy], JSON],
) -> list[JSON] | None:
    """A custom-content document's parts, each text block made by ``text`` and each image
    by ``image`` (the document's title a loss); None when ``block``'s source is another
    kind. The document's own losses (``context``, ``citations``, ...) are the caller's."""
    source = block.get("source")
    if not isinstance(source, dict) or source.get("type") != "content":
        return None
    if "title" in block:
        options.loss(f"{path}.title")
    return [
        text(part, where, options) if part["type"] == "text" else image(part, where, options)
        for part, where in content_source_blocks(source, f"{path}.source")
    ]


def image_url(block: JSON, path: str, options: LossPolicy, cache_why: str = "") -> str:
    """The URL an image block is sent as (its ``cache_control`` a loss)."""
    if "cache_control" in block:
        options.loss(f"{path}.cache_control", cache_why)
    source = block.get("source")
    kind = source.get("type") if isinstance(source, dict) else None
    if kind == "base64" and isinstance(source, dict):
        media_type, data = source.get("media_type"), source.get("data")
        if not isinstance(media_type, str) or not isinstance(data, str):
            raise TranslationError("media_type and data must be strings", f"{path}.source")
        return f"data:{media_type};base64,{data}"
    if kind == "url" and isinstance(source, dict) and isinstance(source.get("url"), str):
        return str(source["url"])
    raise TranslationError(
        f"an image source of type {kind!r} cannot be sent", path=f"{path}.source"
    )


@dataclass(frozen=True)
class ToolCall:
    """A ``tool_use`` block in the history as both APIs send a function call back."""

    id: str
    name: str
    arguments: str


def tool_call(block: JSON, path: str, options: LossPolicy, cache_why: str = "") -> ToolCall:
    """The function call a ``tool_use`` block stands for, its input as JSON text (its
    ``cache_control`` a loss)."""
    call_id, name = block.get("id"), block.get("name")
    if not isinstance(call_id, str) or not isinstance(name, str):
        raise TranslationError("a tool_use block needs a string id and name", path)
    if "cache_control" in block:
        options.loss(f"{path}.cache_control", cache_why)
    try:
        arguments = arguments_text(block.get("input", {}))
    except (TypeError, ValueError) as exc:
        raise TranslationError(f"input cannot be sent as JSON: {exc}", f"{path}.input") from exc
    return ToolCall(call_id, name, arguments)
