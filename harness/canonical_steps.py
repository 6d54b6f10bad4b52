"""The body steps of `harness.canonical`: one function per named canonicalization that
rewrites a request body (a JSON object) in place into its canonical form, returning whether
it changed anything. `harness.canonical` decides which apply to a target and names them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _stream_false(body: dict[str, Any]) -> bool:
    if body.get("stream") is False:
        del body["stream"]
        return True
    return False


def _one_text_block(value: Any) -> str | None:
    """The text of a list holding exactly one text block with only ``type`` and ``text``."""
    if not isinstance(value, list) or len(value) != 1:
        return None
    block = value[0]
    if not isinstance(block, dict) or set(block) != {"type", "text"}:
        return None
    text = block["text"]
    return text if block["type"] == "text" and isinstance(text, str) and text else None


def _system_string(body: dict[str, Any]) -> bool:
    text = _one_text_block(body.get("system"))
    if text is None:
        return False
    body["system"] = text
    return True


def _one_text_part(value: Any) -> str | None:
    """The text of a Responses content list holding exactly one ``input_text`` or
    ``output_text`` part with nothing else (``annotations`` empty)."""
    if not isinstance(value, list) or len(value) != 1 or not isinstance(value[0], dict):
        return None
    part = dict(value[0])
    if part.get("annotations") == []:
        del part["annotations"]
    text = part.get("text")
    if set(part) != {"type", "text"} or part["type"] not in ("input_text", "output_text"):
        return None
    return text if isinstance(text, str) and text else None


def _content_string(body: dict[str, Any]) -> bool:
    changed = False
    for message in _dicts(body.get("messages")):
        text = _one_text_block(message.get("content"))
        if text is not None:
            message["content"] = text
            changed = True
    for item in _dicts(body.get("input")):  # Responses input messages
        text = _one_text_part(item.get("content")) if "role" in item else None
        if text is not None:
            item["content"] = text
            changed = True
    return changed


def _message_item_type(body: dict[str, Any]) -> bool:
    changed = False
    for item in _dicts(body.get("input")):
        if "role" in item and "type" not in item:
            item["type"] = "message"
            changed = True
    return changed


def _tool_type_custom(body: dict[str, Any]) -> bool:
    changed = False
    for tool in _dicts(body.get("tools")):
        if tool.get("type") == "custom" and "input_schema" in tool:
            del tool["type"]
            changed = True
    return changed


def _tool_arguments(body: dict[str, Any]) -> bool:
    """Chat completions' ``function.arguments`` and Responses' ``function_call`` items."""
    holders = [
        call.get("function")
        for message in _dicts(body.get("messages"))
        for call in _dicts(message.get("tool_calls"))
    ]
    holders += [i for i in _dicts(body.get("input")) if i.get("type") == "function_call"]
    changed = False
    for holder in holders:
        if not isinstance(holder, dict) or not isinstance(holder.get("arguments"), str):
            continue
        try:
            canonical = _dump(json.loads(holder["arguments"]))
        except ValueError:
            continue
        if canonical != holder["arguments"]:
            holder["arguments"] = canonical
            changed = True
    return changed


def _tool_result_success(body: dict[str, Any]) -> bool:
    changed = False
    for message in _dicts(body.get("messages")):
        for block in _dicts(message.get("content")):
            result = block.get("toolResult")
            if isinstance(result, dict) and result.get("status") == "success":
                del result["status"]
                changed = True
    return changed


def _output_format(body: dict[str, Any]) -> dict[str, Any] | None:
    """The JSON-schema output format of an OpenAI, Responses or Converse body."""
    for holder, key in (
        (body.get("response_format"), "json_schema"),
        (body.get("text"), "format"),
    ):
        if isinstance(holder, dict) and isinstance(holder.get(key), dict):
            return holder[key]  # type: ignore[no-any-return]
    config = body.get("outputConfig")
    text_format = config.get("textFormat") if isinstance(config, dict) else None
    structure = text_format.get("structure") if isinstance(text_format, dict) else None
    schema = structure.get("jsonSchema") if isinstance(structure, dict) else None
    return schema if isinstance(schema, dict) else None


def _format_name(body: dict[str, Any]) -> bool:
    found = _output_format(body)
    if found is None or "name" not in found:
        return False
    del found["name"]
    return True


def _format_schema_text(body: dict[str, Any]) -> bool:
    found = _output_format(body)
    if found is None or not isinstance(found.get("schema"), str):
        return False
    try:
        canonical = _dump(json.loads(found["schema"]))
    except ValueError:
        return False
    if canonical == found["schema"]:
        return False
    found["schema"] = canonical
    return True


def _max_tokens_field(body: dict[str, Any]) -> bool:
    if "max_tokens" in body and "max_completion_tokens" not in body:
        body["max_completion_tokens"] = body.pop("max_tokens")
        return True
    return False


def _tool_schemas(body: dict[str, Any]) -> Iterator[Any]:
    """The input schema of every tool, wherever the target's body keeps it: ``input_schema``
    (Messages API), ``function.parameters`` (chat completions), ``toolSpec.inputSchema.json``
    (Converse)."""
    for tool in _dicts(body.get("tools")):
        yield tool.get("input_schema")
        yield tool.get("parameters")  # a Responses function tool
        function = tool.get("function")
        if isinstance(function, dict):
            yield function.get("parameters")
    config = body.get("toolConfig")
    for tool in _dicts(config.get("tools") if isinstance(config, dict) else None):
        spec = tool.get("toolSpec")
        schema = spec.get("inputSchema") if isinstance(spec, dict) else None
        yield schema.get("json") if isinstance(schema, dict) else None


_SUBSCHEMA_MAPS = ("properties", "$defs", "definitions", "patternProperties")
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SUBSCHEMA_ONE = ("items", "additionalProperties", "not", "if", "then", "else")


def _without_empty_required(schema: Any) -> bool:
    """Drops ``"required": []`` from ``schema`` and every schema nested in it (only at
    schema positions, so a property that happens to be named ``required`` is left alone)."""
    if not isinstance(schema, dict):
        return False
    changed = schema.get("required") == []
    if changed:
        del schema["required"]
    nested: list[Any] = []
    for key in _SUBSCHEMA_ONE:  # items may also be a list (tuple validation, draft 4)
        value = schema.get(key)
        nested.extend(value if isinstance(value, list) else [value])
    for key in _SUBSCHEMA_MAPS:
        value = schema.get(key)
        nested.extend(value.values() if isinstance(value, dict) else ())
    for key in _SUBSCHEMA_LISTS:
        value = schema.get(key)
        nested.extend(value if isinstance(value, list) else ())
    for sub in nested:
        changed = _without_empty_required(sub) or changed
    return changed


def _schema_required_empty(body: dict[str, Any]) -> bool:
    changed = False
    for schema in _tool_schemas(body):
        changed = _without_empty_required(schema) or changed
    return changed


def _dicts(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        yield from (item for item in value if isinstance(item, dict))


BODY_STEPS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "stream-false": _stream_false,
    "system-string": _system_string,
    "content-string": _content_string,
    "message-item-type": _message_item_type,
    "tool-type-custom": _tool_type_custom,
    "tool-arguments-format": _tool_arguments,
    "tool-result-success": _tool_result_success,
    "schema-required-empty": _schema_required_empty,
    "format-name": _format_name,
    "format-schema-text": _format_schema_text,
    "max-tokens-field": _max_tokens_field,
}
