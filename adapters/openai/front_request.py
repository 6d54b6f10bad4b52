"""The front door, inbound: an OpenAI chat-completions request -> an Anthropic Messages request.

`anthropic_request` is the whole mapping (docs/MAPPINGS.md, "OpenAI front door"):
system and developer messages become ``system`` (a string when there is exactly one string,
else text blocks; their position in the conversation is not kept); user, assistant and tool
messages become turns (a tool message becomes a ``tool_result`` in the user turn that follows
the assistant's ``tool_use``, and a user message right after tool messages joins that turn);
``image_url`` data URLs become base64 images and other URLs URL images; a PDF ``file`` part
becomes a document; tools, ``tool_choice`` and ``parallel_tool_calls`` map onto Anthropic's;
``stop`` becomes ``stop_sequences``; ``safety_identifier`` (else ``user``) becomes
``metadata.user_id``; ``max_completion_tokens`` (else ``max_tokens``, else
`DEFAULT_MAX_TOKENS`) becomes ``max_tokens``; ``reasoning_effort`` becomes
``output_config.effort``; a JSON-schema ``response_format`` becomes ``output_config.format``.

``temperature`` above 1 (OpenAI allows up to 2, Anthropic 1) is refused unless
``clamp_temperature`` is set. Fields that only tune OpenAI's service (`DROPPED_FIELDS`) are
dropped; fields that would change the answer and have no Anthropic form are refused unless
they hold their neutral value (`NEUTRAL_VALUES`). Everything malformed is a TranslationError
naming the field.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any, TypeGuard

from adapters.base import JSON, TranslationError
from adapters.openai.tool_arguments import tool_input

DEFAULT_MAX_TOKENS = 4096
IMAGE_MEDIA_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")
# reasoning_effort -> output_config.effort ("none": no effort is sent).
EFFORTS: dict[str, str | None] = {
    "none": None,
    "minimal": "low",
    "low": "low",
    "medium": "medium",
    "high": "high",
    "xhigh": "xhigh",
    "max": "max",
}
# Service knobs with no effect on the answer's content: dropped.
DROPPED_FIELDS = (
    "store",
    "metadata",
    "service_tier",
    "prompt_cache_key",
    "prompt_cache_options",
    "prompt_cache_retention",
    "seed",
    "verbosity",
    "stream_options",
)
# Fields accepted only with the value that leaves the answer unchanged.
NEUTRAL_VALUES: dict[str, tuple[Any, ...]] = {
    "n": (None, 1),
    "frequency_penalty": (None, 0),
    "presence_penalty": (None, 0),
    "logprobs": (None, False),
    "top_logprobs": (None, 0),
    "logit_bias": (None, {}),
    "modalities": (None, ["text"]),
}
_HANDLED = {
    "model",
    "messages",
    "max_completion_tokens",
    "max_tokens",
    "stop",
    "temperature",
    "top_p",
    "stream",
    "tools",
    "tool_choice",
    "parallel_tool_calls",
    "user",
    "safety_identifier",
    "reasoning_effort",
    "response_format",
    *DROPPED_FIELDS,
    *NEUTRAL_VALUES,
}
_DATA_URL = re.compile(
    r"^data:(?P<type>[^;,]+)(?P<params>(?:;[^;,]*)*?);base64,(?P<data>.*)$", re.S
)


def anthropic_request(
    body: JSON, *, default_max_tokens: int = DEFAULT_MAX_TOKENS, clamp_temperature: bool = False
) -> JSON:
    """The Anthropic Messages body for a chat-completions body."""
    if not isinstance(body, dict):
        raise TranslationError("the request body must be a JSON object", path="body")
    for key, value in body.items():
        if key not in _HANDLED:
            raise TranslationError("has no Anthropic Messages equivalent", path=key)
        if key in NEUTRAL_VALUES and value not in NEUTRAL_VALUES[key]:
            raise TranslationError(
                f"only {NEUTRAL_VALUES[key][-1]!r} can be served by Anthropic, got {value!r}",
                path=key,
            )
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise TranslationError("a model is required", path="model")
    system, messages = _conversation(body.get("messages"))
    out: JSON = {"model": model, "max_tokens": _max_tokens(body, default_max_tokens)}
    if system is not None:
        out["system"] = system
    out["messages"] = messages
    stop = _stop(body.get("stop"))
    if stop:
        out["stop_sequences"] = stop
    temperature = _temperature(body.get("temperature"), clamp_temperature)
    if temperature is not None:
        out["temperature"] = temperature
    if body.get("top_p") is not None:
        out["top_p"] = body["top_p"]
    tools = body.get("tools")
    if tools:
        out["tools"] = [_tool(tool, f"tools[{i}]") for i, tool in enumerate(_list(tools, "tools"))]
        choice = _tool_choice(body.get("tool_choice"), body.get("parallel_tool_calls"))
        if choice is not None:
            out["tool_choice"] = choice
    user = body.get("safety_identifier") or body.get("user")
    if user is not None:
        if not isinstance(user, str):
            raise TranslationError("must be a string", path="user")
        out["metadata"] = {"user_id": user}
    config = _output_config(body.get("reasoning_effort"), body.get("response_format"))
    if config:
        out["output_config"] = config
    if body.get("stream") is True:
        out["stream"] = True
    return out


# -- scalar fields --------------------------------------------------------------------------


def _max_tokens(body: JSON, default: int) -> int:
    for key in ("max_completion_tokens", "max_tokens"):
        value = body.get(key)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise TranslationError(f"must be a positive integer, got {value!r}", path=key)
        return value
    return default


def _stop(stop: Any) -> list[str]:
    if stop is None:
        return []
    if isinstance(stop, str):
        return [stop]
    if isinstance(stop, list) and all(isinstance(s, str) for s in stop):
        return list(stop)
    raise TranslationError("must be a string or a list of strings", path="stop")


def _temperature(value: Any, clamp: bool) -> float | int | None:
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 <= value <= 2:
        raise TranslationError(f"must be a number from 0 to 2, got {value!r}", path="temperature")
    if value > 1:
        if clamp:
            return 1
        raise TranslationError(
            f"{value} is above 1, the highest temperature Anthropic accepts", path="temperature"
        )
    return value


def _output_config(effort: Any, response_format: Any) -> JSON:
    config: JSON = {}
    if effort is not None:
        if not isinstance(effort, str) or effort not in EFFORTS:
            raise TranslationError(
                f"must be one of: {', '.join(EFFORTS)}; got {effort!r}", path="reasoning_effort"
            )
        if EFFORTS[effort] is not None:
            config["effort"] = EFFORTS[effort]
    if response_format is None:
        return config
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind == "text":
        return config
    if kind != "json_schema" or not isinstance(response_format, dict):
        raise TranslationError(
            f"a {kind!r} response format has no Anthropic equivalent (use json_schema)",
            path="response_format.type",
        )
    spec = response_format.get("json_schema")
    schema = spec.get("schema") if isinstance(spec, dict) else None
    if not isinstance(schema, dict):
        raise TranslationError("a schema object is required", "response_format.json_schema.schema")
    config["format"] = {"type": "json_schema", "schema": schema}
    return config


# -- tools ----------------------------------------------------------------------------------


def _tool(tool: Any, path: str) -> JSON:
    if not isinstance(tool, dict) or tool.get("type") != "function":
        kind = tool.get("type") if isinstance(tool, dict) else None
        raise TranslationError(f"only function tools can be served, got {kind!r}", f"{path}.type")
    function = tool.get("function")
    if not isinstance(function, dict):
        raise TranslationError("a function object is required", path=f"{path}.function")
    name = function.get("name")
    if not isinstance(name, str) or not name:
        raise TranslationError("a function name is required", path=f"{path}.function.name")
    out: JSON = {"name": name}
    if isinstance(function.get("description"), str):
        out["description"] = function["description"]
    parameters = function.get("parameters")
    if parameters is None:
        parameters = {"type": "object", "properties": {}}
    if not isinstance(parameters, dict):
        raise TranslationError("must be a JSON schema object", f"{path}.function.parameters")
    out["input_schema"] = parameters
    if isinstance(function.get("strict"), bool):
        out["strict"] = function["strict"]
    return out


def _tool_choice(choice: Any, parallel: Any) -> JSON | None:
    out: JSON | None
    if choice is None:
        out = None
    elif choice in ("none", "auto"):
        out = {"type": choice}
    elif choice == "required":
        out = {"type": "any"}
    elif isinstance(choice, dict) and choice.get("type") == "function":
        function = choice.get("function")
        name = function.get("name") if isinstance(function, dict) else None
        if not isinstance(name, str) or not name:
            raise TranslationError("a function name is required", "tool_choice.function.name")
        out = {"type": "tool", "name": name}
    else:
        raise TranslationError(f"{choice!r} has no Anthropic equivalent", path="tool_choice")
    if parallel is not None and not isinstance(parallel, bool):
        raise TranslationError("must be true or false", path="parallel_tool_calls")
    if parallel is False:
        if out is None:
            out = {"type": "auto"}
        if out["type"] != "none":
            out["disable_parallel_tool_use"] = True
    return out


# -- messages -------------------------------------------------------------------------------


def _list(value: Any, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise TranslationError("must be a list", path=path)
    return value


def _conversation(messages: Any) -> tuple[str | list[JSON] | None, list[JSON]]:
    system: list[JSON] = []
    system_strings = 0
    turns: list[JSON] = []
    for i, message in enumerate(_list(messages, "messages")):
        path = f"messages[{i}]"
        if not isinstance(message, dict):
            raise TranslationError("a message must be an object", path=path)
        role = message.get("role")
        content = message.get("content")
        if role in ("system", "developer"):
            system_strings += isinstance(content, str)
            system.extend(_text_blocks(content, f"{path}.content"))
        elif role == "user":
            _append_user(turns, _user_blocks(content, f"{path}.content"), content)
        elif role == "assistant":
            turns.append(_assistant(message, path))
        elif role == "tool":
            _append_tool_result(turns, _tool_result(message, path))
        else:
            raise TranslationError(f"role {role!r} cannot be served", path=f"{path}.role")
    if not system:
        return None, turns
    if len(system) == 1 and system_strings == 1:
        return str(system[0]["text"]), turns
    return system, turns


def _text_blocks(content: Any, path: str) -> list[JSON]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}] if content else []
    blocks = []
    for j, part in enumerate(_list(content, path)):
        kind = part.get("type") if isinstance(part, dict) else None
        if kind not in ("text", "refusal"):
            raise TranslationError(f"expected a text part, got {kind!r}", path=f"{path}[{j}]")
        text = part.get(kind)
        if not isinstance(text, str):
            raise TranslationError("must be a string", path=f"{path}[{j}].{kind}")
        if text:
            blocks.append({"type": "text", "text": text})
    return blocks


def _user_blocks(content: Any, path: str) -> list[JSON]:
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    blocks = []
    for j, part in enumerate(_list(content, path)):
        where = f"{path}[{j}]"
        kind = part.get("type") if isinstance(part, dict) else None
        if kind == "text":
            text = part.get("text")
            if not isinstance(text, str):
                raise TranslationError("must be a string", path=f"{where}.text")
            blocks.append({"type": "text", "text": text})
        elif kind == "image_url":
            blocks.append(_image(part.get("image_url"), f"{where}.image_url"))
        elif kind == "file":
            blocks.append(_document(part.get("file"), f"{where}.file"))
        else:
            raise TranslationError(f"a {kind!r} part cannot be served", path=f"{where}.type")
    return blocks


def _append_user(turns: list[JSON], blocks: list[JSON], content: Any) -> None:
    last = turns[-1] if turns else None
    if _carries_tool_results(last):
        last["content"].extend(blocks)  # joins the turn that carries the tool results
    elif isinstance(content, str):
        turns.append({"role": "user", "content": content})
    else:
        turns.append({"role": "user", "content": blocks})


def _append_tool_result(turns: list[JSON], block: JSON) -> None:
    last = turns[-1] if turns else None
    if _carries_tool_results(last) and all(b["type"] == "tool_result" for b in last["content"]):
        last["content"].append(block)
    else:
        turns.append({"role": "user", "content": [block]})


def _carries_tool_results(turn: JSON | None) -> TypeGuard[JSON]:
    return (
        turn is not None
        and turn["role"] == "user"
        and isinstance(turn["content"], list)
        and any(b["type"] == "tool_result" for b in turn["content"])
    )


def _tool_result(message: JSON, path: str) -> JSON:
    call_id = message.get("tool_call_id")
    if not isinstance(call_id, str) or not call_id:
        raise TranslationError("a tool message needs a tool_call_id", f"{path}.tool_call_id")
    content = message.get("content")
    result: JSON = {"type": "tool_result", "tool_use_id": call_id}
    if isinstance(content, str):
        result["content"] = content
    else:
        result["content"] = _text_blocks(content, f"{path}.content")
    return result


def _assistant(message: JSON, path: str) -> JSON:
    content = message.get("content")
    if message.get("function_call") is not None:
        raise TranslationError("use tool_calls instead", path=f"{path}.function_call")
    blocks = [] if content is None else _text_blocks(content, f"{path}.content")
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal:
        blocks.append({"type": "text", "text": refusal})
    calls = message.get("tool_calls") or []
    for j, call in enumerate(_list(calls, f"{path}.tool_calls")):
        blocks.append(_tool_use(call, f"{path}.tool_calls[{j}]"))
    if not blocks:
        raise TranslationError("an assistant message needs content or tool_calls", path)
    if isinstance(content, str) and content and len(blocks) == 1:
        return {"role": "assistant", "content": content}  # the one block is this text
    return {"role": "assistant", "content": blocks}


def _tool_use(call: Any, path: str) -> JSON:
    if not isinstance(call, dict) or call.get("type", "function") != "function":
        raise TranslationError("only function tool calls can be served", path=f"{path}.type")
    function = call.get("function")
    call_id = call.get("id")
    if not isinstance(call_id, str) or not call_id:
        raise TranslationError("a tool call needs an id", path=f"{path}.id")
    if not isinstance(function, dict) or not isinstance(function.get("name"), str):
        raise TranslationError("a tool call needs a function name", path=f"{path}.function.name")
    value = tool_input(function.get("arguments"), f"{path}.function.arguments")
    return {"type": "tool_use", "id": call_id, "name": function["name"], "input": value}


# -- media ----------------------------------------------------------------------------------


def _image(image: Any, path: str) -> JSON:
    url = image.get("url") if isinstance(image, dict) else None
    where = f"{path}.url"
    if not isinstance(url, str) or not url:
        raise TranslationError("an image URL is required", path=where)
    if url.startswith(("https://", "http://")):
        return {"type": "image", "source": {"type": "url", "url": url}}
    media_type, data = _data_url(url, where)
    if media_type not in IMAGE_MEDIA_TYPES:
        raise TranslationError(
            f"image type {media_type!r} is not one of: {', '.join(IMAGE_MEDIA_TYPES)}", where
        )
    return {"type": "image", "source": {"type": "base64", "media_type": media_type, "data": data}}


def _document(file: Any, path: str) -> JSON:
    data_url = file.get("file_data") if isinstance(file, dict) else None
    if not isinstance(data_url, str):
        raise TranslationError(
            "only inline file_data can be served (file ids cannot)", path=f"{path}.file_data"
        )
    media_type, data = _data_url(data_url, f"{path}.file_data")
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


def _data_url(url: str, path: str) -> tuple[str, str]:
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
