"""Anthropic content blocks -> Responses input content: ``input_text``, ``input_image`` and
``input_file``.

A text block is ``input_text`` (its ``cache_control`` and citations are losses). An image
becomes ``input_image`` with ``detail: auto``: a base64 image as a ``data:`` URL, a URL image
as its URL. A plain-text document becomes ``input_text`` (its title is a loss), a base64 PDF
an ``input_file`` named by its title, a URL PDF an ``input_file`` with ``file_url``, a
custom-content document its ``input_text`` and ``input_image`` parts (its title is a loss);
document ``context`` and ``citations`` are losses. Other sources cannot be sent (a
TranslationError naming the source).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai_common import parts
from adapters.openai_responses.request_options import Options

IMAGE_DETAIL = "auto"
DEFAULT_FILENAME = "document.pdf"
CACHE_WHY = "the Responses API caches prompts by itself"


def text_value(block: Any, path: str, options: Options) -> str:
    """The text of a text block (its losses declared)."""
    return parts.text_value(block, path, options, CACHE_WHY)


def input_text(block: Any, path: str, options: Options) -> JSON:
    """The ``input_text`` part for a text block."""
    return {"type": "input_text", "text": text_value(block, path, options)}


def input_image(block: JSON, path: str, options: Options) -> JSON:
    """The ``input_image`` part for an image block."""
    url = parts.image_url(block, path, options, CACHE_WHY)
    return {"type": "input_image", "image_url": url, "detail": IMAGE_DETAIL}


def document_parts(block: JSON, path: str, options: Options) -> list[JSON]:
    """The ``input_text``, ``input_image`` or ``input_file`` parts for a document block."""
    parts.block_losses(block, path, options, CACHE_WHY)
    if "context" in block:
        options.loss(f"{path}.context")
    content = parts.custom_content_parts(block, path, options, input_text, input_image)
    if content is not None:
        return content
    return [_document_part(block, path, options)]


def _document_part(block: JSON, path: str, options: Options) -> JSON:
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
