"""Anthropic content blocks -> OpenAI content parts: text, image and document.

A text block is a text part (its ``cache_control`` and citations are losses). A base64 image
becomes a ``data:`` URL, a URL image stays a URL. A plain-text document becomes a text part
(its title is a loss), a base64 PDF a ``file`` part named by its title, a custom-content
document its text and image parts (its title is a loss); document ``context`` and
``citations`` are losses. Other sources cannot be sent (a TranslationError naming the
source).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai.request_options import Options
from adapters.openai_common.parts import (
    block_losses,
    custom_content_parts,
    image_url,
    text_value,
)


def text_part(block: Any, path: str, options: Options) -> JSON:
    """The text part for a text block."""
    return {"type": "text", "text": text_value(block, path, options)}


def image_part(block: JSON, path: str, options: Options) -> JSON:
    """The ``image_url`` part for an image block."""
    return {"type": "image_url", "image_url": {"url": image_url(block, path, options)}}


def document_parts(block: JSON, path: str, options: Options) -> list[JSON]:
    """The text, image or ``file`` parts for a document block."""
    block_losses(block, path, options)
    if "context" in block:
        options.loss(f"{path}.context")
    content = custom_content_parts(block, path, options, text_part, image_part)
    if content is not None:
        return content
    return [_document_part(block, path, options)]


def _document_part(block: JSON, path: str, options: Options) -> JSON:
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
