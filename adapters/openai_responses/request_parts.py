"""Anthropic content blocks -> Responses input content: ``input_text``, ``input_image`` and
``input_file``.

A text block is ``input_text`` (its ``cache_control`` and citations are losses). An image
becomes ``input_image`` with ``detail: auto``: a base64 image as a ``data:`` URL, a URL image
as its URL. A plain-text document becomes ``input_text`` (its title is a loss), a base64 PDF
an ``input_file`` named by its title, a URL PDF an ``input_file`` with ``file_url``; document
``context`` is a loss. Other sources cannot be sent (a TranslationError naming the source).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai_responses.request_options import Options

IMAGE_DETAIL = "auto"
DEFAULT_FILENAME = "document.pdf"


def text_value(block: Any, path: str, options: Options) -> str:
    """The text of a text block (its losses declared)."""
    if not isinstance(block, dict) or block.get("type") != "text":
        raise TranslationError("expected a text block", path=path)
    text = block.get("text")
    if not isinstance(text, str):
        raise TranslationError("text must be a string", path=f"{path}.text")
    block_losses(block, path, options)
    return text


def input_text(block: Any, path: str, options: Options) -> JSON:
    """The ``input_text`` part for a text block."""
    return {"type": "input_text", "text": text_value(block, path, options)}


def block_losses(block: JSON, path: str, options: Options) -> None:
    """The losses every text-bearing block can carry: ``cache_control`` and citations."""
    if "cache_control" in block:
        options.loss(f"{path}.cache_control", "the Responses API caches prompts by itself")
    if block.get("citations"):
        options.loss(f"{path}.citations")


def input_image(block: JSON, path: str, options: Options) -> JSON:
    """The ``input_image`` part for an image block."""
    if "cache_control" in block:
        options.loss(f"{path}.cache_control", "the Responses API caches prompts by itself")
    source = block.get("source")
    kind = source.get("type") if isinstance(source, dict) else None
    if kind == "base64" and isinstance(source, dict):
        media_type, data = source.get("media_type"), source.get("data")
        if not isinstance(media_type, str) or not isinstance(data, str):
            raise TranslationError("media_type and data must be strings", f"{path}.source")
        url = f"data:{media_type};base64,{data}"
        return {"type": "input_image", "image_url": url, "detail": IMAGE_DETAIL}
    if kind == "url" and isinstance(source, dict) and isinstance(source.get("url"), str):
        return {"type": "input_image", "image_url": source["url"], "detail": IMAGE_DETAIL}
    raise TranslationError(
        f"an image source of type {kind!r} cannot be sent", path=f"{path}.source"
    )


def document_part(block: JSON, path: str, options: Options) -> JSON:
    """The ``input_text`` or ``input_file`` part for a document block."""
    block_losses(block, path, options)
    if "context" in block:
        options.loss(f"{path}.context")
    source = block.get("source")
    kind = source.get("type") if isinstance(source, dict) else None
    title = block.get("title")
    if kind == "text" and isinstance(source, dict) and isinstance(source.get("data"), str):
        if "title" in block:
            options.loss(f"{path}.title")
        return {"type": "input_text", "text": source["data"]}
    filename = title if isinstance(title, str) and title else DEFAULT_FILENAME
    if (
        kind == "base64"
        and isinstance(source, dict)
        and source.get("media_type") == "application/pdf"
        and isinstance(source.get("data"), str)
    ):
        url = f"data:application/pdf;base64,{source['data']}"
        return {"type": "input_file", "filename": filename, "file_data": url}
    if kind == "url" and isinstance(source, dict) and isinstance(source.get("url"), str):
        if "title" in block:
            options.loss(f"{path}.title")
        return {"type": "input_file", "file_url": source["url"]}
    raise TranslationError(
        f"a document source of type {kind!r} cannot be sent", path=f"{path}.source"
    )
