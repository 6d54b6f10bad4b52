"""Converse response -> Anthropic Message (or error).

| Converse | Anthropic |
|---|---|
| ``output.message.content[].text`` | ``text`` block |
| ``citationsContent{content, citations}`` | ``text`` block with ``citations`` |
| ``reasoningContent.reasoningText{text, signature}`` | ``thinking`` block |
| ``reasoningContent.redactedContent`` (base64) | ``redacted_thinking`` (the same base64) |
| ``toolUse{toolUseId, name, input}`` | ``tool_use`` block (a ``server_tool_use`` type: refused) |
| ``stopReason`` (+ ``additionalModelResponseFields``) | see `stop_reason` |
| ``usage.inputTokens`` | ``input_tokens`` (Converse excludes cache tokens, as Anthropic) |
| ``usage.cacheWriteInputTokens`` | ``cache_creation_input_tokens`` |
| ``usage.cacheReadInputTokens`` | ``cache_read_input_tokens`` |
| ``usage.cacheDetails[{ttl, inputTokens}]`` | ``cache_creation.ephemeral_5m/1h_input_tokens`` |
| ``usage.outputTokens`` | ``output_tokens`` |

Converse returns neither a message id nor a model name: the id is derived from the
response bytes (``msg_bdrk_`` + 24 hex digits) and the model is the Claude name the call's
model id points at (`adapters.bedrock.urls.model_name`). Any other output block is a
translation error naming it. Failures go through the Bedrock
error table.
"""

from __future__ import annotations

import hashlib
from typing import Any

from adapters.anthropic import errors as anthropic_errors
from adapters.anthropic.response import parse_json
from adapters.base import JSON, Call, Translated, TranslationError, WireResponse
from adapters.bedrock import count_tokens, errors, urls
from adapters.bedrock.converse import citations
from adapters.bedrock.converse.stop_reason import anthropic_stop
from adapters.limits import excerpt

ID_PREFIX = "msg_bdrk_"
CACHE_TTL_FIELDS = {"5m": "ephemeral_5m_input_tokens", "1h": "ephemeral_1h_input_tokens"}


def decode_response(call: Call, response: WireResponse) -> Translated:
    """A complete Converse response (a reply or an error) in Anthropic form; for a
    count_tokens call, the CountTokens answer."""
    if call.endpoint == "count_tokens":
        return count_tokens.decode_response(response)
    payload = parse_json(response.body)
    if not 200 <= response.status < 300:
        return errors.translate_error(response, payload)
    if errors.is_unknown_operation(payload):
        return errors.translate_error(WireResponse(404, response.headers, response.body), payload)
    if not isinstance(payload, dict):
        return anthropic_errors.not_an_object_error(response, payload, errors.REQUEST_ID_HEADER)
    stop = anthropic_stop(payload.get("stopReason"), payload.get("additionalModelResponseFields"))
    if stop.failure is not None:
        request_id = response.headers.get(errors.REQUEST_ID_HEADER)
        return Translated(500, anthropic_errors.error_body("api_error", stop.failure, request_id))
    reply: JSON = {
        "id": message_id(response.body),
        "type": "message",
        "role": "assistant",
        "model": urls.model_name(str(call.body.get("model", ""))),
        "content": output_content(payload),
        "stop_reason": stop.stop_reason,
        "stop_sequence": stop.stop_sequence,
        "usage": anthropic_usage(payload.get("usage"), "usage"),
    }
    return Translated(200, reply)


def message_id(seed: bytes) -> str:
    """A message id derived from ``seed`` (Converse sends none)."""
    return ID_PREFIX + hashlib.sha256(seed).hexdigest()[:24]


def output_content(payload: JSON) -> list[JSON]:
    """The Anthropic content blocks of ``output.message``."""
    output = payload.get("output")
    message = output.get("message") if isinstance(output, dict) else None
    if not isinstance(message, dict) or not isinstance(message.get("content"), list):
        raise TranslationError("the reply has no output.message.content", path="output.message")
    return [
        output_block(block, f"output.message.content[{index}]")
        for index, block in enumerate(message["content"])
    ]


def output_block(block: Any, path: str) -> JSON:
    """One Converse output block as an Anthropic content block."""
    if isinstance(block, dict) and len(block) == 1:
        ((kind, value),) = block.items()
        if kind == "text" and isinstance(value, str):
            return {"type": "text", "text": value}
        if kind == "toolUse" and isinstance(value, dict):
            where = f"{path}.toolUse"
            tool_input = value.get("input") if value.get("input") is not None else {}
            if not isinstance(tool_input, dict):
                raise TranslationError(
                    f"tool input must be a JSON object, got {excerpt(tool_input)}",
                    f"{where}.input",
                )
            return {"type": "tool_use", **tool_call(value, where), "input": tool_input}
        if kind == "reasoningContent" and isinstance(value, dict):
            return _reasoning(value, f"{path}.reasoningContent")
        if kind == "citationsContent" and isinstance(value, dict):
            return _cited_text(value, f"{path}.citationsContent")
    kinds = sorted(block) if isinstance(block, dict) else [type(block).__name__]
    raise TranslationError(
        f"Converse output block {', '.join(kinds)} has no Anthropic counterpart", path=path
    )


def tool_call(tool: JSON, path: str) -> JSON:
    """The ``id`` and ``name`` of a ``toolUse`` (a call of the client's own tool, see
    `tool_use_kind`): both must be non-empty strings, or it is a TranslationError naming
    ``{path}.toolUseId`` or ``{path}.name``."""
    tool_use_kind(tool, path)
    out: JSON = {}
    for key, field in (("toolUseId", "id"), ("name", "name")):
        value = tool.get(key)
        if not isinstance(value, str) or not value:
            raise TranslationError(
                f"a tool use needs a non-empty string {key}, got {excerpt(value)}",
                f"{path}.{key}",
            )
        out[field] = value
    return out


def tool_use_kind(tool: JSON, path: str) -> None:
    """Check that a ``toolUse`` is a call of the client's tool: its ``type``, when present,
    is ``tool_use``. A ``server_tool_use`` (a tool Bedrock ran itself) is a TranslationError
    on ``{path}.type``: it is not a call the client can answer with a ``tool_result``."""
    kind = tool.get("type")
    if kind is not None and kind != "tool_use":
        raise TranslationError(
            f"a {kind!r} tool use has no Anthropic counterpart here (only the client's own "
            "tool_use calls can be passed on)",
            path=f"{path}.type",
        )


def anthropic_usage(usage: Any, path: str) -> JSON:
    """Converse ``TokenUsage`` as Anthropic usage (fields in the API's order)."""
    if not isinstance(usage, dict):
        raise TranslationError("the reply has no usage", path=path)
    out: JSON = {"input_tokens": _count(usage.get("inputTokens"), f"{path}.inputTokens")}
    for key, name in (
        ("cacheWriteInputTokens", "cache_creation_input_tokens"),
        ("cacheReadInputTokens", "cache_read_input_tokens"),
    ):
        if usage.get(key) is not None:
            out[name] = _count(usage[key], f"{path}.{key}")
    details = _items(usage.get("cacheDetails"), f"{path}.cacheDetails")
    if details:
        creation = dict.fromkeys(CACHE_TTL_FIELDS.values(), 0)
        for index, detail in enumerate(details):
            where = f"{path}.cacheDetails[{index}]"
            ttl = detail.get("ttl") if isinstance(detail, dict) else None
            field = CACHE_TTL_FIELDS.get(ttl) if isinstance(ttl, str) else None
            if field is None or not isinstance(detail, dict):
                raise TranslationError("unknown cache ttl", path=where)
            creation[field] += _count(detail.get("inputTokens"), f"{where}.inputTokens")
        out["cache_creation"] = creation
    out["output_tokens"] = _count(usage.get("outputTokens"), f"{path}.outputTokens")
    return out


def _count(value: Any, path: str) -> int:
    """A token count: a whole number, absent meaning 0."""
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TranslationError(f"a token count must be a whole number, got {excerpt(value)}", path)
    return value


def _items(value: Any, path: str) -> list[Any]:
    """A list member (absent meaning empty)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise TranslationError(f"must be a list, got {excerpt(value)}", path)
    return value


def _reasoning(value: JSON, path: str) -> JSON:
    text = value.get("reasoningText")
    if isinstance(text, dict):
        return {
            "type": "thinking",
            "thinking": text.get("text", ""),
            "signature": text.get("signature", ""),
        }
    redacted = value.get("redactedContent")
    if isinstance(redacted, str):
        return {"type": "redacted_thinking", "data": redacted}
    raise TranslationError("reasoning content is neither text nor redacted", path=path)


def _cited_text(value: JSON, path: str) -> JSON:
    parts = _items(value.get("content"), f"{path}.content")
    text = "".join(str(p.get("text", "")) for p in parts if isinstance(p, dict))
    cited = _items(value.get("citations"), f"{path}.citations")
    return {
        "type": "text",
        "text": text,
        "citations": [
            citations.to_anthropic(c, f"{path}.citations[{i}]") for i, c in enumerate(cited)
        ],
    }
