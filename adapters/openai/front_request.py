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
``output_config.effort``; a JSON-schema ``response_format`` becomes ``output_config.format``
(a schema with an object not closed by ``additionalProperties: false`` is refused, naming it:
Claude's JSON outputs take closed objects only).

``temperature`` above 1 (OpenAI allows up to 2, Anthropic 1) is refused unless
``clamp_temperature`` is set. Fields that only tune OpenAI's service (`DROPPED_FIELDS`) are
dropped; fields that would change the answer and have no Anthropic form are refused unless
they hold their neutral value (`NEUTRAL_VALUES`). Everything malformed is a TranslationError
naming the field.

This module maps the top-level fields; `front_request_messages` maps the conversation,
`front_request_media` images and files, `front_request_tools` tools and tool choice.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai.front_request_media import IMAGE_MEDIA_TYPES
from adapters.openai.front_request_messages import as_list, conversation
from adapters.openai.front_request_tools import anthropic_tool, anthropic_tool_choice
from adapters.openai_common.strict import open_object

__all__ = [
    "DEFAULT_MAX_TOKENS",
    "DROPPED_FIELDS",
    "EFFORTS",
    "IMAGE_MEDIA_TYPES",
    "NEUTRAL_VALUES",
    "anthropic_request",
]

DEFAULT_MAX_TOKENS = 4096
OPEN_OBJECT = (
    "this object does not set additionalProperties: false; Claude's JSON outputs need every "
    "object closed, and closing it here would narrow the schema behind the client's back"
)
JSON_MODE = (
    "JSON mode (json_object) has no Anthropic equivalent: Claude constrains JSON output only "
    "to a schema whose objects are all closed; send a json_schema response_format"
)
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
    system, messages = conversation(body.get("messages"))
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
        out["tools"] = [
            anthropic_tool(tool, f"tools[{i}]") for i, tool in enumerate(as_list(tools, "tools"))
        ]
        choice = anthropic_tool_choice(body.get("tool_choice"), body.get("parallel_tool_calls"))
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
    if kind == "json_object":
        raise TranslationError(JSON_MODE, path="response_format.type")
    if kind != "json_schema" or not isinstance(response_format, dict):
        raise TranslationError(
            f"a {kind!r} response format has no Anthropic equivalent (use json_schema)",
            path="response_format.type",
        )
    spec = response_format.get("json_schema")
    schema = spec.get("schema") if isinstance(spec, dict) else None
    if not isinstance(schema, dict):
        raise TranslationError("a schema object is required", "response_format.json_schema.schema")
    left_open = open_object(schema, "response_format.json_schema.schema")
    if left_open is not None:
        raise TranslationError(OPEN_OBJECT, path=left_open)
    config["format"] = {"type": "json_schema", "schema": schema}
    return config
