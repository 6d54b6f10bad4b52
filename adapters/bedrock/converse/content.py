"""Anthropic content blocks -> Converse content blocks (messages, system, tool results).

Each Anthropic block maps to one Converse block, and a block's ``cache_control`` becomes a
``cachePoint`` block right after it (``ttl`` kept). Blobs stay base64 text, as Converse's
JSON carries them. A block, source or field Converse cannot express is a `TranslationError`
naming it; nothing is dropped.

| Anthropic block | Converse block |
|---|---|
| ``text`` | ``text``; with citations, ``citationsContent`` |
| ``image`` (base64) | ``image{format, source.bytes}`` |
| ``document`` (base64 PDF, text, content) | ``document{format pdf/txt, name, source}`` |
| ``search_result`` | ``searchResult{source, title, content[{text}], citations}`` |
| ``tool_use`` | ``toolUse{toolUseId, name, input}`` |
| ``tool_result`` | ``toolResult{toolUseId, content, status}`` (``is_error`` -> status) |
| ``thinking`` | ``reasoningContent.reasoningText{text, signature}`` |
| ``redacted_thinking`` | ``reasoningContent.redactedContent`` (the same base64) |

A document's ``name`` (required by Converse; letters, digits, single spaces, hyphens,
parentheses and brackets only) is its title with other characters replaced by spaces, or
``document-N`` without a usable title; names are made unique within a request.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from typing import Any

from adapters.base import JSON, TranslationError
from adapters.bedrock.converse import citations

IMAGE_FORMATS = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp"}
CACHE_TTLS = ("5m", "1h")
_NAME_DISALLOWED = re.compile(r"[^A-Za-z0-9\s\-()\[\]]")
_NAME_MAX = 200


class DocumentNames:
    """Hands out unique Converse document names for one request."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def name(self, title: Any) -> str:
        """A name from ``title`` (disallowed characters become spaces), unique so far."""
        base = ""
        if isinstance(title, str):
            base = " ".join(_NAME_DISALLOWED.sub(" ", title).split())[:_NAME_MAX].strip()
        candidate = base or f"document-{len(self._used) + 1}"
        suffix = 2
        while candidate in self._used:
            if base:
                candidate = f"{base[: _NAME_MAX - 8].rstrip()} ({suffix})"
            else:
                candidate = f"document-{len(self._used) + suffix}"
            suffix += 1
        self._used.add(candidate)
        return candidate


def cache_point(cache_control: Any, path: str) -> JSON:
    """An Anthropic ``cache_control`` as a Converse ``cachePoint`` block."""
    if not isinstance(cache_control, dict) or cache_control.get("type") != "ephemeral":
        raise TranslationError("cache_control must be {type: ephemeral, ttl?}", path=path)
    extra = set(cache_control) - {"type", "ttl"}
    if extra:
        raise TranslationError("Converse cache points have no such field", f"{path}.{min(extra)}")
    point: JSON = {"type": "default"}
    ttl = cache_control.get("ttl")
    if ttl is not None:
        if ttl not in CACHE_TTLS:
            raise TranslationError(
                f"Converse cache ttl must be 5m or 1h, got {ttl!r}", f"{path}.ttl"
            )
        point["ttl"] = ttl
    return {"cachePoint": point}


def message_content(content: Any, path: str, names: DocumentNames) -> list[JSON]:
    """A message's ``content`` (a string or blocks) as Converse content blocks."""
    if isinstance(content, str):
        return [{"text": content}]
    if not isinstance(content, list):
        raise TranslationError("content must be a string or a list of blocks", path=path)
    out: list[JSON] = []
    for index, block in enumerate(content):
        out.extend(_block(block, f"{path}[{index}]", names))
    return out


def system_content(system: Any, path: str = "system") -> list[JSON]:
    """The ``system`` prompt (a string or text blocks) as Converse system blocks; an empty
    string says nothing and gives no blocks."""
    if isinstance(system, str):
        return [{"text": system}] if system else []
    if not isinstance(system, list):
        raise TranslationError("system must be a string or a list of text blocks", path=path)
    out: list[JSON] = []
    for index, block in enumerate(system):
        where = f"{path}[{index}]"
        if not isinstance(block, dict) or block.get("type") != "text":
            raise TranslationError("Converse system blocks can only be text", path=where)
        _only(block, {"type", "text", "cache_control", "citations"}, where)
        if block.get("citations"):
            raise TranslationError(
                "Converse system text cannot carry citations", f"{where}.citations"
            )
        out.append({"text": _string(block.get("text"), f"{where}.text")})
        out.extend(_cache(block, where))
    return out


def _block(block: Any, path: str, names: DocumentNames) -> list[JSON]:
    if not isinstance(block, dict):
        raise TranslationError("a content block must be an object", path=path)
    kind = block.get("type")
    converter = _CONVERTERS.get(str(kind))
    if converter is None:
        raise TranslationError(f"Converse has no content block for {kind!r}", path=f"{path}.type")
    return converter(block, path, names)


def _text(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "text", "cache_control", "citations"}, path)
    text = _string(block.get("text"), f"{path}.text")
    cited = block.get("citations")
    if cited:
        if not isinstance(cited, list):
            raise TranslationError("citations must be a list", path=f"{path}.citations")
        items = [citations.to_converse(c, f"{path}.citations[{i}]") for i, c in enumerate(cited)]
        cited_block = {"citationsContent": {"content": [{"text": text}], "citations": items}}
        return [cited_block, *_cache(block, path)]
    return [{"text": text}, *_cache(block, path)]


def _image(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "source", "cache_control"}, path)
    source = _source(block, path, ("base64",))
    media_type = source.get("media_type")
    image_format = IMAGE_FORMATS.get(str(media_type))
    if image_format is None:
        raise TranslationError(
            f"Converse images must be png, jpeg, gif or webp, got {media_type!r}",
            path=f"{path}.source.media_type",
        )
    data = _base64(source.get("data"), f"{path}.source.data")
    return [{"image": {"format": image_format, "source": {"bytes": data}}}, *_cache(block, path)]


def _document(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "source", "title", "context", "citations", "cache_control"}, path)
    source = _source(block, path, ("base64", "text", "content"))
    where = f"{path}.source"
    document: JSON
    if source["type"] == "base64":
        if source.get("media_type") != "application/pdf":
            raise TranslationError(
                "base64 documents must be application/pdf", f"{where}.media_type"
            )
        document = {
            "format": "pdf",
            "source": {"bytes": _base64(source.get("data"), f"{where}.data")},
        }
    elif source["type"] == "text":
        document = {
            "format": "txt",
            "source": {"text": _string(source.get("data"), f"{where}.data")},
        }
    else:
        document = {"format": "txt", "source": {"content": _document_parts(source, where)}}
    document = {"format": document["format"], "name": names.name(block.get("title")), **document}
    if block.get("context") is not None:
        document["context"] = _string(block["context"], f"{path}.context")
    settings = block.get("citations")
    if settings is not None:
        document["citations"] = _citations_config(settings, f"{path}.citations")
    return [{"document": document}, *_cache(block, path)]


def _document_parts(source: JSON, path: str) -> list[JSON]:
    content = source.get("content")
    if isinstance(content, str):
        return [{"text": content}]
    if not isinstance(content, list):
        raise TranslationError("content must be a string or text blocks", path=f"{path}.content")
    parts: list[JSON] = []
    for index, part in enumerate(content):
        where = f"{path}.content[{index}]"
        if not isinstance(part, dict) or part.get("type") != "text":
            raise TranslationError("Converse document content can only be text", path=where)
        _only(part, {"type", "text"}, where)
        parts.append({"text": _string(part.get("text"), f"{where}.text")})
    return parts


def _search_result(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "source", "title", "content", "citations", "cache_control"}, path)
    content = block.get("content")
    if not isinstance(content, list) or not content:
        raise TranslationError("content must be a non-empty list of text blocks", f"{path}.content")
    parts: list[JSON] = []
    for index, part in enumerate(content):
        where = f"{path}.content[{index}]"
        if not isinstance(part, dict) or part.get("type") != "text":
            raise TranslationError("Converse search results hold text blocks only", where)
        _only(part, {"type", "text"}, where)
        parts.append({"text": _string(part.get("text"), f"{where}.text")})
    result: JSON = {
        "source": _string(block.get("source"), f"{path}.source"),
        "title": _string(block.get("title"), f"{path}.title"),
        "content": parts,
    }
    settings = block.get("citations")
    if settings is not None:
        result["citations"] = _citations_config(settings, f"{path}.citations")
    return [{"searchResult": result}, *_cache(block, path)]


def _citations_config(settings: Any, path: str) -> JSON:
    if not isinstance(settings, dict) or set(settings) - {"enabled"}:
        raise TranslationError("citations must be {enabled: bool}", path=path)
    return {"enabled": bool(settings.get("enabled"))}


def _tool_use(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "id", "name", "input", "cache_control"}, path)
    tool_input = block.get("input")
    if not isinstance(tool_input, dict):
        raise TranslationError("tool_use input must be an object", path=f"{path}.input")
    tool_use = {
        "toolUseId": _string(block.get("id"), f"{path}.id"),
        "name": _string(block.get("name"), f"{path}.name"),
        "input": tool_input,
    }
    return [{"toolUse": tool_use}, *_cache(block, path)]


def _tool_result(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "tool_use_id", "content", "is_error", "cache_control"}, path)
    content = block.get("content")
    parts: list[JSON] = []
    if isinstance(content, str):
        parts = [{"text": content}]
    elif isinstance(content, list):
        for index, part in enumerate(content):
            parts.extend(_tool_result_part(part, f"{path}.content[{index}]", names))
    elif content is not None:
        raise TranslationError("content must be a string or a list of blocks", f"{path}.content")
    result: JSON = {"toolUseId": _string(block.get("tool_use_id"), f"{path}.tool_use_id")}
    result["content"] = parts
    if block.get("is_error") is not None:
        result["status"] = "error" if block["is_error"] else "success"
    return [{"toolResult": result}, *_cache(block, path)]


def _tool_result_part(part: Any, path: str, names: DocumentNames) -> list[JSON]:
    kind = part.get("type") if isinstance(part, dict) else None
    if kind not in ("text", "image", "document", "search_result"):
        raise TranslationError(f"Converse tool results cannot hold {kind!r} blocks", path=path)
    assert isinstance(part, dict)
    if part.get("cache_control") is not None:
        raise TranslationError(
            "Converse has no cache point inside a tool result; mark the tool_result instead",
            path=f"{path}.cache_control",
        )
    if kind == "text" and part.get("citations"):
        raise TranslationError("Converse tool results cannot cite", path=f"{path}.citations")
    return _CONVERTERS[kind](part, path, names)


def _thinking(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "thinking", "signature"}, path)
    text = {
        "text": _string(block.get("thinking"), f"{path}.thinking"),
        "signature": _string(block.get("signature"), f"{path}.signature"),
    }
    return [{"reasoningContent": {"reasoningText": text}}]


def _redacted_thinking(block: JSON, path: str, names: DocumentNames) -> list[JSON]:
    _only(block, {"type", "data"}, path)
    data = _base64(block.get("data"), f"{path}.data")
    return [{"reasoningContent": {"redactedContent": data}}]


_CONVERTERS = {
    "text": _text,
    "image": _image,
    "document": _document,
    "search_result": _search_result,
    "tool_use": _tool_use,
    "tool_result": _tool_result,
    "thinking": _thinking,
    "redacted_thinking": _redacted_thinking,
}


def _cache(block: JSON, path: str) -> list[JSON]:
    control = block.get("cache_control")
    return [] if control is None else [cache_point(control, f"{path}.cache_control")]


def _source(block: JSON, path: str, kinds: Iterable[str]) -> JSON:
    source = block.get("source")
    kind = source.get("type") if isinstance(source, dict) else None
    allowed = tuple(kinds)
    if kind not in allowed:
        raise TranslationError(
            f"Converse cannot take a {kind!r} source here (only {', '.join(allowed)})",
            path=f"{path}.source",
        )
    assert isinstance(source, dict)
    return source


def _base64(value: Any, path: str) -> str:
    """Base64 text that decodes and re-encodes to itself, so Converse's blob keeps the
    exact bytes (a signature-bearing payload must survive byte for byte)."""
    if not isinstance(value, str):
        raise TranslationError("must be a base64 string", path=path)
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise TranslationError("is not valid base64, so Converse cannot carry it", path) from None
    if base64.b64encode(raw).decode("ascii") != value:
        raise TranslationError("is not canonical base64, so Converse would alter it", path)
    return value


def _string(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise TranslationError("must be a string", path=path)
    return value


def _only(block: JSON, allowed: set[str], path: str) -> None:
    extra = sorted(key for key in set(block) - allowed if block[key] is not None)
    if extra:
        kind = block.get("type")
        raise TranslationError(
            f"Converse cannot express {extra[0]!r} on a {kind} block", f"{path}.{extra[0]}"
        )
