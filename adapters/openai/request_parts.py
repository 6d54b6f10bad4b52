"""Anthropic content blocks -> OpenAI content parts: text, image and document.

A text block is a text part (its ``cache_control`` and citations are losses). A base64 image
becomes a ``data:`` URL, a URL image stays a URL. A plain-text document becomes a text part
(its title is a loss), a base64 PDF a ``file`` part named by its title; document ``context``
is a loss. Other sources cannot be sent (a TranslationError naming the source).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai.request_options import Options


def text_part(block: Any, path: str, options: Options) -> JSON:
    """The text part for a text block."""
    if not isinstance(block, dict) or block.get("type") != "text":
        raise TranslationError("expected a text block", path=path)
    text = block.get("text")
    if not isinstance(text, str):
        raise TranslationError("text must be a string", path=f"{path}.text")
    block_losses(block, path, options)
    return {"type": "text", "text": text}


def block_losses(block: JSON, path: str, options: Options) -> None:
    """The losses every text-bearing block can carry: ``cache_control`` and citations."""
    if "cache_control" in block:
        options.loss(f"{path}.cache_control")
    if block.get("citations"):
        options.loss(f"{path}.citations")


def image_part(block: JSON, path: str, options: Options) -> JSON:
    """The ``image_url`` part for an image block."""
    if "cache_control" in block:
        options.loss(f"{path}.cache_control")
    source = block.get("source")
    kind = source.get("type") if isinstance(source, dict) else None
    if kind == "base64" and isinstance(source, dict):
        media_type, data = source.get("media_type"), source.get("data")
        if not isinstance(media_type, str) or not isinstance(data, str):
            raise TranslationError("media_type and data must be strings", f"{path}.source")
        return {"type": "image_url", "image_url": {"url": f"data:{media_type};base64,{data}"}}
    if kind == "url" and isinstance(source, dict) and isinstance(source.get("url"), str):
        return {"type": "image_url", "image_url": {"url": source["url"]}}
    raise TranslationError(
        f"an image source of type {kind!r} cannot be sent", path=f"{path}.source"
    )


def document_part(block: JSON, path: str, options: Options) -> JSON:
    """The text or ``file`` part for a document block."""
    block_losses(block, path, options)
    if "context" in block:
        options.loss(f"{path}.context")
    source = block.get("source")
    kind = source.get("type") if isinstance(source, dict) else None
    if kind == "text" and isinstance(source, dict) and isinstance(source.get("data"), str):
        if "title" in block:
            options.loss(f"{path}.title")
        return {"type": "text", "text": source["data"]}
    if (
        kind == "base64"
        and isinstance(source, dict)
        and source.get("media_type") == "application/pdf"
        and isinstance(source.get("data"), str)
    ):
        title = block.get("title")
        filename = title if isinstance(title, str) and title else "document.pdf"
        url = f"data:application/pdf;base64,{source['data']}"
        return {"type": "file", "file": {"filename": filename, "file_data": url}}
    raise TranslationError(
        f"a document source of type {kind!r} cannot be sent", path=f"{path}.source"
    )
