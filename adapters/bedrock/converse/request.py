"""Anthropic call -> Converse / ConverseStream wire request.

The model goes in the URL; ``stream`` picks ``/converse-stream``. The body maps every field
Converse can express (table below, content blocks in `content`); a field it cannot is a
`TranslationError` naming it, except the declared losses listed here.

| Anthropic | Converse |
|---|---|
| ``messages`` | ``messages`` (consecutive same-role messages merged) |
| ``system`` | ``system`` blocks (+ ``cachePoint``) |
| ``max_tokens``, ``temperature``, ``top_p``, ``stop_sequences`` | ``inferenceConfig`` |
| ``stop_sequences`` (also) | ``additionalModelResponseFieldPaths: ["/delta/stop_sequence"]`` |
| ``top_k``, ``thinking``, ``user_profile_id``, betas | ``additionalModelRequestFields`` |
| ``tools`` (custom) | ``toolConfig.tools[].toolSpec`` (+ ``cachePoint``) |
| ``tools`` (Anthropic-defined client tools) | ``additionalModelRequestFields.tools`` |
| ``tool_choice`` auto / any / tool | ``toolConfig.toolChoice`` |
| ``tool_choice`` auto, one call at a time | ``additionalModelRequestFields.tool_choice`` |
| ``output_config`` effort / format | ``outputConfig`` effort / ``textFormat`` |
| ``service_tier: standard_only`` | ``serviceTier: {type: default}`` |
| top-level ``cache_control`` | a ``cachePoint`` after the last block of the last message |

A count_tokens call goes to Bedrock's CountTokens (`adapters.bedrock.count_tokens`) with the
Converse request's ``messages``, ``system``, ``toolConfig`` and
``additionalModelRequestFields`` as its ``converse`` input (``output_config`` has no place
there and is a `TranslationError`).

Declared losses: ``metadata`` is not sent (Converse has no field for it; it does not change
the answer); ``service_tier: auto`` is not sent (Bedrock picks its default tier); an empty
``system`` string is not sent; ``tool_choice: none`` sends no ``toolConfig``, so the model
does not see the tool definitions (allowed only when no message holds tool blocks, since
Converse needs ``toolConfig`` then). ``disable_parallel_tool_use: true`` has no Converse
field: on an ``auto`` choice it goes to Claude as ``additionalModelRequestFields.tool_choice
{type: auto, disable_parallel_tool_use: true}`` (and ``toolConfig`` has no ``toolChoice``, so
the two cannot disagree; Claude on Converse takes this form); on ``any`` or ``tool`` it is a
translation error.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.anthropic.request import check_call, dump_body, refuse_fields
from adapters.base import JSON, Call, TargetSettings, TranslationError, WireRequest
from adapters.bedrock import auth, count_tokens, urls
from adapters.bedrock.betas import check_betas
from adapters.bedrock.client_tools import split_client_tools
from adapters.bedrock.converse.content import (
    DocumentNames,
    cache_point,
    message_content,
    system_content,
)
from adapters.bedrock.refused import REFUSED
from adapters.client_tools import client_tool_type

STOP_SEQUENCE_PATH = "/delta/stop_sequence"
_IGNORED = {"model", "stream"}
_DECLARED_LOSSES = {"metadata"}
_INFERENCE = {
    "max_tokens": "maxTokens",
    "temperature": "temperature",
    "top_p": "topP",
    "stop_sequences": "stopSequences",
}
_ADDITIONAL = ("top_k", "thinking", "user_profile_id")
_HANDLED = {
    *_IGNORED,
    *_DECLARED_LOSSES,
    *_INFERENCE,
    *_ADDITIONAL,
    "messages",
    "system",
    "tools",
    "tool_choice",
    "output_config",
    "service_tier",
    "cache_control",
}
_TOOL_BLOCKS = {"toolUse", "toolResult"}


def converse_body(call: Call) -> JSON:
    """The Converse body for ``call`` (the model id travels in the URL)."""
    body = call.body
    refuse_fields(call, REFUSED)
    unknown = sorted(key for key in body if key not in _HANDLED)
    if unknown:
        raise TranslationError(f"Converse has no field for {unknown[0]!r}", path=unknown[0])
    client_tools = split_client_tools(body.get("tools"))[1]
    names = DocumentNames()
    out: JSON = {"messages": _messages(body.get("messages"), names)}
    if body.get("cache_control") is not None:
        _automatic_cache_point(out["messages"], body["cache_control"])
    if body.get("system") is not None:
        system = system_content(body["system"])
        if system:
            out["system"] = system
    out["inferenceConfig"] = _inference(body)
    tool_config = _tool_config(body, out["messages"], client_tools)
    if tool_config is not None:
        out["toolConfig"] = tool_config
    additional = {key: body[key] for key in _ADDITIONAL if body.get(key) is not None}
    if client_tools:
        additional["tools"] = client_tools
    if tool_config is not None and _one_call_at_a_time(body.get("tool_choice")):
        additional["tool_choice"] = {"type": "auto", "disable_parallel_tool_use": True}
    if call.betas:
        additional["anthropic_beta"] = check_betas(call.betas)
    if additional:
        out["additionalModelRequestFields"] = additional
    if body.get("stop_sequences"):
        out["additionalModelResponseFieldPaths"] = [STOP_SEQUENCE_PATH]
    if body.get("output_config") is not None:
        out["outputConfig"] = _output_config(body["output_config"])
    tier = body.get("service_tier")
    if tier == "standard_only":
        out["serviceTier"] = {"type": "default"}
    elif tier not in (None, "auto"):
        raise TranslationError(f"unknown service_tier {tier!r}", path="service_tier")
    return out


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    """The Converse request for ``call`` under ``settings`` (region required)."""
    check_call(call)
    if call.endpoint == "count_tokens":
        counted = count_tokens.converse_input(converse_body(call))
        return count_tokens.encode_request(call, settings, counted)
    region = auth.require_region(settings)
    operation: urls.Operation = "converse-stream" if call.stream else "converse"
    model = urls.model_id(call.body)
    url = urls.model_url(urls.root_url(region, settings.base_url), model, operation)
    headers = {
        "content-type": "application/json",
        "accept": "application/json",
        **auth.placeholder_headers(region),
    }
    body = dump_body(converse_body(call))
    warnings = urls.model_id_warnings(model)
    return WireRequest(method="POST", url=url, headers=headers, body=body, warnings=warnings)


def _messages(messages: Any, names: DocumentNames) -> list[JSON]:
    if not isinstance(messages, list):
        raise TranslationError("messages must be a list", path="messages")
    out: list[JSON] = []
    for index, message in enumerate(messages):
        where = f"messages[{index}]"
        if not isinstance(message, dict):
            raise TranslationError("a message must be an object", path=where)
        extra = sorted(set(message) - {"role", "content"})
        if extra:
            raise TranslationError("Converse messages have no such field", f"{where}.{extra[0]}")
        role = message.get("role")
        if role not in ("user", "assistant"):
            raise TranslationError(
                f"Converse messages are user or assistant, not {role!r}", path=f"{where}.role"
            )
        content = message_content(message.get("content"), f"{where}.content", names)
        if out and out[-1]["role"] == role:
            out[-1]["content"].extend(content)
        else:
            out.append({"role": role, "content": content})
    return out


def _automatic_cache_point(messages: list[JSON], cache_control: Any) -> None:
    if not messages:
        raise TranslationError("there is no message to place the cache point after", "messages")
    messages[-1]["content"].append(cache_point(cache_control, "cache_control"))


def _inference(body: JSON) -> JSON:
    config: JSON = {}
    for key, converse_key in _INFERENCE.items():
        if body.get(key) is not None:
            config[converse_key] = body[key]
    if config.get("maxTokens") == 0:
        raise TranslationError("Converse needs max_tokens of at least 1", path="max_tokens")
    return config


def _tool_config(body: JSON, messages: list[JSON], client_tools: list[Any]) -> JSON | None:
    tools = body.get("tools")
    choice = body.get("tool_choice")
    has_tool_blocks = any(
        key in block for message in messages for block in message["content"] for key in _TOOL_BLOCKS
    )
    if isinstance(choice, dict) and choice.get("type") == "none":
        if has_tool_blocks:
            raise TranslationError(
                "Converse has no tool_choice none, and toolConfig cannot be left out while "
                "messages hold tool_use or tool_result blocks",
                path="tool_choice",
            )
        return None
    if not tools or len(tools) == len(client_tools):
        if has_tool_blocks and client_tools:
            raise TranslationError(
                f"Converse needs toolConfig when messages hold toolUse or toolResult blocks, "
                f"and the {client_tools[0]['type']!r} tool (sent to Claude in "
                "additionalModelRequestFields) has no toolSpec form; only a custom tool can "
                "stand there",
                path="tools",
            )
        if has_tool_blocks:
            raise TranslationError(
                "Converse needs tool definitions when messages hold tool_use or tool_result blocks",
                path="tools",
            )
        if choice is not None:
            raise TranslationError("tool_choice needs tools", path="tool_choice")
        return None
    if not isinstance(tools, list):
        raise TranslationError("tools must be a list", path="tools")
    specs: list[JSON] = []
    for index, tool in enumerate(tools):
        if client_tool_type(tool) is None:
            specs.extend(_tool(tool, f"tools[{index}]"))
    config: JSON = {"tools": specs}
    if choice is not None and not _one_call_at_a_time(choice):
        config["toolChoice"] = _tool_choice(choice)
    return config


def _one_call_at_a_time(choice: Any) -> bool:
    """Whether ``choice`` is ``auto`` with ``disable_parallel_tool_use`` (sent to Claude in
    ``additionalModelRequestFields`` rather than as a Converse ``toolChoice``)."""
    return (
        isinstance(choice, dict)
        and choice.get("type") == "auto"
        and bool(choice.get("disable_parallel_tool_use"))
    )


def _tool(tool: Any, path: str) -> list[JSON]:
    if not isinstance(tool, dict):
        raise TranslationError("a tool must be an object", path=path)
    kind = tool.get("type")
    if kind not in (None, "custom"):
        raise TranslationError(
            f"Converse cannot offer the {kind!r} tool; only custom tools", f"{path}.type"
        )
    extra = sorted(
        key
        for key in set(tool)
        - {"type", "name", "description", "input_schema", "cache_control", "strict"}
        if tool[key] is not None
    )
    if extra:
        raise TranslationError("Converse tools have no such field", path=f"{path}.{extra[0]}")
    schema = tool.get("input_schema")
    if not isinstance(schema, dict):
        raise TranslationError("input_schema must be an object", path=f"{path}.input_schema")
    spec: JSON = {"name": tool.get("name")}
    if tool.get("description"):
        spec["description"] = tool["description"]
    spec["inputSchema"] = {"json": schema}
    if tool.get("strict") is not None:
        spec["strict"] = tool["strict"]
    out: list[JSON] = [{"toolSpec": spec}]
    if tool.get("cache_control") is not None:
        out.append(cache_point(tool["cache_control"], f"{path}.cache_control"))
    return out


def _tool_choice(choice: Any) -> JSON:
    if not isinstance(choice, dict):
        raise TranslationError("tool_choice must be an object", path="tool_choice")
    if choice.get("disable_parallel_tool_use"):
        raise TranslationError(
            "Converse can limit the model to one tool call only on an auto tool choice "
            "(through additionalModelRequestFields), not on a forced one",
            path="tool_choice.disable_parallel_tool_use",
        )
    kind = choice.get("type")
    if kind == "auto":
        return {"auto": {}}
    if kind == "any":
        return {"any": {}}
    if kind == "tool":
        name = choice.get("name")
        if not isinstance(name, str):
            raise TranslationError("a tool choice must name the tool", path="tool_choice.name")
        return {"tool": {"name": name}}
    raise TranslationError(f"unknown tool_choice type {kind!r}", path="tool_choice.type")


def _output_config(config: Any) -> JSON:
    if not isinstance(config, dict):
        raise TranslationError("output_config must be an object", path="output_config")
    extra = sorted(set(config) - {"effort", "format"})
    if extra:
        raise TranslationError("Converse has no such output setting", f"output_config.{extra[0]}")
    out: JSON = {}
    output_format = config.get("format")
    if output_format is not None:
        if not isinstance(output_format, dict) or output_format.get("type") != "json_schema":
            raise TranslationError("only json_schema output is supported", "output_config.format")
        if set(output_format) - {"type", "schema"}:
            key = min(set(output_format) - {"type", "schema"})
            raise TranslationError(
                "Converse has no such format field", f"output_config.format.{key}"
            )
        schema = json.dumps(output_format.get("schema"), ensure_ascii=False, separators=(",", ":"))
        out["textFormat"] = {"type": "json_schema", "structure": {"jsonSchema": {"schema": schema}}}
    if config.get("effort") is not None:
        out["effort"] = config["effort"]
    return out
