"""A Responses ``response`` object -> Anthropic Message; failures -> Anthropic errors.

The output items become blocks in their order: a ``reasoning`` item with a summary is a
``thinking`` block (the summary parts joined by a blank line; the ``encrypted_content`` as
the signature, empty when the service sent none), one with only ``encrypted_content`` a
``redacted_thinking`` block, one with neither nothing at all; each ``output_text`` or
``refusal`` part of a ``message`` item is a text block (annotations are a loss); a
``function_call`` item is a ``tool_use`` block whose id is the ``call_id``. The stop reason
comes from ``status`` and ``incomplete_details`` (`stop_reason`). A ``failed`` response is
an Anthropic error (`errors.failed_response`); an input-token count is
``{"input_tokens"}``.

Usage keeps ``input_tokens + cache_read_input_tokens + cache_creation_input_tokens ==
input_tokens`` of the response: cached tokens come from
``input_tokens_details.cached_tokens``, cache writes from ``cache_write_tokens``. The
Responses API always reports both counts, so zero cannot be told from "not reported": a
cache field is given when its count is above zero. Reasoning
tokens above zero become ``output_tokens_details.thinking_tokens``.
"""

from __future__ import annotations

from typing import Any

from adapters.anthropic import errors as anthropic_errors
from adapters.anthropic.response import parse_json
from adapters.base import JSON, Call, Translated, TranslationError, WireResponse
from adapters.openai import errors as openai_errors
from adapters.openai.tool_arguments import tool_input
from adapters.openai_common.usage import reasoning_tokens, token_count, uncached_tokens
from adapters.openai_responses import errors, stop_reason

_TYPE_STATUS = {kind: status for status, kind in anthropic_errors.STATUS_ERROR_TYPES.items()}
SUMMARY_JOINER = "\n\n"


def decode_response(call: Call, response: WireResponse) -> Translated:
    """A complete Responses answer (a response, a token count or an error) in Anthropic
    form."""
    payload = parse_json(response.body)
    if not 200 <= response.status < 300:
        return errors.translate_error(response, payload)
    request_id = response.headers.get(errors.REQUEST_ID_HEADER)
    error = openai_errors.error_object(payload)
    if error is not None:  # some compatible servers answer failures with a 200
        kind = openai_errors.anthropic_type(error)
        body = anthropic_errors.error_body(kind, error["message"], request_id)
        return Translated(status=_TYPE_STATUS.get(kind, 500), body=body)
    if not isinstance(payload, dict):
        return anthropic_errors.not_an_object_error(response, payload, errors.REQUEST_ID_HEADER)
    if call.endpoint == "count_tokens":
        count = token_count(payload.get("input_tokens"), "input_tokens")
        return Translated(status=response.status, body={"input_tokens": count})
    if payload.get("status") == "failed":
        return errors.failed_response(payload, request_id)
    return Translated(status=response.status, body=message_from_response(payload))


def message_from_response(response: JSON) -> JSON:
    """The Anthropic Message for a ``response`` object."""
    output = response.get("output")
    if not isinstance(output, list):
        raise TranslationError("output must be a list", path="output")
    content: list[JSON] = []
    refused = called = False
    for i, item in enumerate(output):
        path = f"output[{i}]"
        if not isinstance(item, dict):
            raise TranslationError("an output item must be an object", path=path)
        blocks = item_blocks(item, path)
        refused = refused or any(b.get("refusal") for b in blocks)
        called = called or item.get("type") == "function_call"
        content.extend({k: v for k, v in b.items() if k != "refusal"} for b in blocks)
    stop = stop_reason.stop_for(
        response.get("status"), response.get("incomplete_details"), called, refused
    )
    if not stop.known:
        raise TranslationError(
            f"a response with status {response.get('status')!r} and incomplete_details "
            f"{response.get('incomplete_details')!r} has no Anthropic stop reason",
            path="status",
        )
    return {
        "id": str(response.get("id") or ""),
        "type": "message",
        "role": "assistant",
        "model": str(response.get("model") or ""),
        "content": content,
        "stop_reason": stop.reason,
        "stop_sequence": None,
        "usage": anthropic_usage(response.get("usage"), "usage"),
    }


def item_blocks(item: JSON, path: str) -> list[JSON]:
    """The Anthropic blocks for one output item (a refusal part's block is marked
    ``refusal: True`` for the stop reason; the caller removes the mark)."""
    kind = item.get("type")
    if kind == "reasoning":
        thinking = reasoning_block(item, path)
        return [thinking] if thinking is not None else []
    if kind == "function_call":
        return [tool_use(item, path)]
    if kind != "message":
        raise TranslationError(f"a {kind!r} output item cannot be sent on", path=f"{path}.type")
    parts = item.get("content")
    if not isinstance(parts, list):
        raise TranslationError("content must be a list", path=f"{path}.content")
    blocks: list[JSON] = []
    for k, part in enumerate(parts):
        where = f"{path}.content[{k}]"
        part_kind = part.get("type") if isinstance(part, dict) else None
        field = {"output_text": "text", "refusal": "refusal"}.get(str(part_kind))
        if field is None or not isinstance(part, dict) or not isinstance(part.get(field), str):
            raise TranslationError("expected an output_text or refusal part", path=where)
        block: JSON = {"type": "text", "text": part[field]}
        if part_kind == "refusal":
            block["refusal"] = True
        blocks.append(block)
    return blocks


def reasoning_block(item: JSON, path: str) -> JSON | None:
    """The thinking or redacted_thinking block for a reasoning item (None: nothing to give)."""
    summary = item.get("summary") or []
    if not isinstance(summary, list):
        raise TranslationError("summary must be a list", path=f"{path}.summary")
    texts = []
    for k, part in enumerate(summary):
        if not isinstance(part, dict) or not isinstance(part.get("text"), str):
            raise TranslationError("expected a summary_text part", path=f"{path}.summary[{k}]")
        texts.append(part["text"])
    encrypted = item.get("encrypted_content")
    if encrypted is not None and not isinstance(encrypted, str):
        raise TranslationError("must be a string", path=f"{path}.encrypted_content")
    if texts:
        return {
            "type": "thinking",
            "thinking": SUMMARY_JOINER.join(texts),
            "signature": encrypted or "",
        }
    if encrypted:
        return {"type": "redacted_thinking", "data": encrypted}
    return None


def tool_use(item: JSON, path: str) -> JSON:
    """The ``tool_use`` block for a complete ``function_call`` item."""
    call_id, name = item.get("call_id"), item.get("name")
    if not isinstance(call_id, str) or not call_id:
        raise TranslationError("a function call needs a call_id", path=f"{path}.call_id")
    if not isinstance(name, str) or not name:
        raise TranslationError("a function call needs a name", path=f"{path}.name")
    return {
        "type": "tool_use",
        "id": call_id,
        "name": name,
        "input": tool_input(item.get("arguments"), f"{path}.arguments"),
    }


def anthropic_usage(usage: Any, path: str) -> JSON:
    """Anthropic usage for Responses usage (no usage at all: zero counts)."""
    if usage is None:
        return {"input_tokens": 0, "output_tokens": 0}
    if not isinstance(usage, dict):
        raise TranslationError("usage must be an object", path=path)
    total = token_count(usage.get("input_tokens"), f"{path}.input_tokens")
    details = usage.get("input_tokens_details")
    details = details if isinstance(details, dict) else {}
    where = f"{path}.input_tokens_details"
    cached = token_count(details.get("cached_tokens"), f"{where}.cached_tokens")
    written = token_count(details.get("cache_write_tokens"), f"{where}.cache_write_tokens")
    out: JSON = {"input_tokens": uncached_tokens(total, cached, written, "input_tokens", where)}
    if written:
        out["cache_creation_input_tokens"] = written
    if cached:
        out["cache_read_input_tokens"] = cached
    out["output_tokens"] = token_count(usage.get("output_tokens"), f"{path}.output_tokens")
    where = f"{path}.output_tokens_details.reasoning_tokens"
    reasoning = reasoning_tokens(usage.get("output_tokens_details"), where)
    if reasoning:
        out["output_tokens_details"] = {"thinking_tokens": reasoning}
    return out
