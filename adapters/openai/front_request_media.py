"""The front door's media: OpenAI ``image_url`` and ``file`` parts -> Anthropic image and
document blocks.

An http(s) image URL stays a URL image; a ``data:`` URL becomes a base64 image of one of
`IMAGE_MEDIA_TYPES`. A ``file`` part with inline PDF ``file_data`` becomes a base64 document
titled by its filename (file ids cannot be served). A data URL must be
``data:<media type>;base64,<data>`` with valid, non-empty base64.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from adapters.base import JSON, TranslationError

IMAGE_MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
_DATA_URL = re.compile(
    r"^data:(?P<type>[^;,]+)(?P<params>(?:;[^;,]*)*?);base64,(?P<data>.*)$", re.S
)


def image_block(image: Any, path: str) -> JSON:
    """The image block for an ``image_url`` part's value."""
    url = image.get("url") if isinstance(image, dict) else None
    where = f"{path}.url"
    if not isinstance(url, str) or not url:
        raise TranslationError("an image URL is required", path=where)
    if url.startswith(("https://", "http://")):
        return {"type": "image", "source": {"type": "url", "url": url}}
    media_type, data = data_url(url, where)
    if media_type not in IMAGE_MEDIA_TYPES:
        raise TranslationError(
            f"image type {media_type!r} is not one of: {', '.join(IMAGE_MEDIA_TYPES)}", where
        )
    return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": data}}


def document_block(file: Any, path: str) -> JSON:
    """The document block for a ``file`` part's value (an inline PDF)."""
    data_url_value = file.get("file_data") if isinstance(file, dict) else None
    if not isinstance(data_url_value, str):
        raise TranslationError(
            "only inline file_data can be served (file ids cannot)", path=f"{path}.file_data"
        )
    media_type, data = data_url(data_url_value, f"{path}.file_data")
    if media_type != "application/pdf":
        raise TranslationError(f"a {media_type!r} file cannot be served", f"{path}.file_data")
    block: JSON = {
        "type": "document",
        "source": {"type": "base64", "media_type": media_type, "data": data},
    }
    filename = file.get("filename") if isinstance(file, dict) else None
    if isinstance(filename, str) and filename:
        block["title"] = filename
    return block


def data_url(url: str, path: str) -> tuple[str, str]:
    """(media type, base64 data) of a ``data:<type>;base64,<data>`` URL; a clear error for
    anything else."""
    match = _DATA_URL.match(url)
    if match is None:
        shown = url if len(url) <= 40 else url[:40] + "..."
        raise TranslationError(
            f"expected an http(s) URL or data:<media type>;base64,<data>, got {shown!r}", path
        )
    data = match["data"]
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise TranslationError(f"the data URL's payload is not valid base64 ({exc})", path) from exc
    if not data:
        raise TranslationError("the data URL carries no data", path)
    return match["type"].strip().lower(), data
