"""Anthropic call -> OpenAI chat-completions wire request (``POST {base}/chat/completions``).

`chat_body` builds the body; docs/MAPPINGS.md ("OpenAI chat completions") has the full table.
In short: ``system`` becomes a leading system message; each ``tool_result`` becomes a
``role: tool`` message placed before the rest of its user turn (an error result is prefixed
``Error: ``; images, which tool messages cannot hold, move into the user message that
follows); assistant ``tool_use`` becomes ``tool_calls``; tools become function tools.

What OpenAI cannot express is a *loss*: ``top_k``, ``thinking`` (unless the target sets
``reasoning_effort``), every ``cache_control``, ``service_tier``, citations and document
titles, thinking blocks in the history, ``anthropic-beta`` flags. The target option
``on_loss`` decides: ``drop`` (the default; documented) or ``error`` (a TranslationError
naming the field). What cannot be sent at all (server tools, file ids, ``container``,
token counting) is always a TranslationError.

Target options (``TargetSettings.options``):

- ``max_tokens_field``: ``max_completion_tokens`` (default) or ``max_tokens``;
- ``reasoning_effort``: unset (thinking is a loss), an OpenAI effort level sent whenever
  thinking is enabled or adaptive, or ``from_budget`` (enabled: by ``budget_tokens``, see
  `BUDGET_EFFORTS`; adaptive: ``medium``). ``output_config.effort`` always wins;
- ``on_loss``: ``drop`` or ``error``;
- ``user_field``: where ``metadata.user_id`` goes: ``safety_identifier`` (default; the SDK
  marks ``user`` as being replaced by it) or ``user`` (older models and compatible servers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters import url_safety
from adapters.anthropic.request import dump_body
from adapters.base import JSON, Call, TargetSettings, TranslationError, WireRequest
from adapters.openai.auth import placeholder_headers
from adapters.openai.tool_arguments import arguments_text

DEFAULT_BASE_URL = "https://api.openai.com/v1"
PATH = "/chat/completions"
MAX_TOKENS_FIELDS = ("max_completion_tokens", "max_tokens")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
FROM_BUDGET = "from_budget"
LOSS_POLICIES = ("drop", "error")
USER_FIELDS = ("safety_identifier", "user")
SAFETY_IDENTIFIER_MAX = 128
# thinking.budget_tokens below the bound -> effort; at or above the last bound -> "high".
BUDGET_EFFORTS: tuple[tuple[int, str], ...] = ((4096, "low"), (16384, "medium"))
ADAPTIVE_EFFORT = "medium"
RESPONSE_FORMAT_NAME = "response"

# Top-level fields that are dropped as losses (or refused under on_loss: error).
_LOSSY_FIELDS = {
    "top_k": "OpenAI has no top-k sampling",
    "cache_control": "OpenAI caches prompts by itself",
    "service_tier": "OpenAI's service tiers mean something else",
}
# Tool fields with no function-tool equivalent.
_LOSSY_TOOL_FIELDS = (
    "cache_control",
    "defer_loading",
    "eager_input_streaming",
    "input_examples",
    "allowed_callers",
)
_HANDLED_FIELDS = {
    "model",
    "max_tokens",
    "messages",
    "system",
    "metadata",
    "stop_sequences",
    "temperature",
    "top_p",
    "stream",
    "tools",
    "tool_choice",
    "thinking",
    "output_config",
    *_LOSSY_FIELDS,
}


@dataclass(frozen=True)
class Options:
    """The ``openai`` target's options, validated."""

    max_tokens_field: str = "max_completion_tokens"
    reasoning_effort: str | None = None
    on_loss: str = "drop"
    user_field: str = "safety_identifier"


def parse_options(settings: TargetSettings) -> Options:
    """The options in ``settings.options``; a TranslationError names a bad one."""
    raw: Mapping[str, Any] = settings.options or {}
    known = ("max_tokens_field", "reasoning_effort", "on_loss", "user_field")
    for key in raw:
        if key not in known:
            raise TranslationError(
                f"unknown option for the openai target; expected one of: {', '.join(known)}",
                path=f"settings.options.{key}",
            )
    field_name = raw.get("max_tokens_field", "max_completion_tokens")
    _check_choice(field_name, MAX_TOKENS_FIELDS, "max_tokens_field")
    effort = raw.get("reasoning_effort")
    if effort is not None:
        _check_choice(effort, (*REASONING_EFFORTS, FROM_BUDGET), "reasoning_effort")
    on_loss = raw.get("on_loss", "drop")
    _check_choice(on_loss, LOSS_POLICIES, "on_loss")
    user_field = raw.get("user_field", "safety_identifier")
    _check_choice(user_field, USER_FIELDS, "user_field")
    return Options(field_name, effort, on_loss, user_field)


def _check_choice(value: Any, choices: tuple[str, ...], name: str) -> None:
    if not isinstance(value, str) or value not in choices:
        raise TranslationError(
            f"{value!r} is not one of: {', '.join(choices)}", path=f"settings.options.{name}"
        )


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    """The chat-completions request for ``call`` (messages only; there is no token counting)."""
    if call.endpoint != "messages":
        raise TranslationError(
            "OpenAI chat completions has no token-counting endpoint", path="endpoint"
        )
    if not isinstance(call.body, dict):
        raise TranslationError("the request body must be a JSON object", path="body")
    options = parse_options(settings)
    encoder = _Encoder(options)
    if call.betas:
        encoder.loss("betas", "anthropic-beta flags")
    body = encoder.body(call.body)
    base = url_safety.base_url(settings.base_url) if settings.base_url else DEFAULT_BASE_URL
    headers = {"content-type": "application/json", **placeholder_headers()}
    return WireRequest(method="POST", url=base + PATH, headers=headers, body=dump_body(body))


def chat_body(body: JSON, options: Options | None = None) -> JSON:
    """The chat-completions body for an Anthropic Messages body."""
    return _Encoder(options or Options()).body(body)


def effort_for_budget(budget: int) -> str:
    """The reasoning effort `from_budget` picks for a thinking budget."""
    for bound, effort in BUDGET_EFFORTS:
        if budget < bound:
            return effort
    return "high"


class _Encoder:
    def __init__(self, options: Options) -> None:
        self.options = options

    def loss(self, path: str, why: str = "") -> None:
        """A declared loss at ``path``: dropped, or refused when ``on_loss`` is ``error``."""
        if self.options.on_loss == "error":
            detail = f" ({why})" if why else ""
            raise TranslationError(
                f"has no OpenAI chat-completions equivalent{detail}; refused because the "
                "target's on_loss is 'error'",
                path,
            )

    # -- the body -------------------------------------------------------------------------
    def body(self, body: JSON) -> JSON:
        for key in body:
            if key not in _HANDLED_FIELDS:
                raise _unsupported(key, "has no OpenAI chat-completions equivalent")
        for key, what in _LOSSY_FIELDS.items():
            if key in body:
                self.loss(key, what)
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise TranslationError("a model id is required", path="model")
        out: JSON = {"model": model, "messages": self.messages(body)}
        if "max_tokens" in body:
            out[self.options.max_tokens_field] = body["max_tokens"]
        stops = self.stop_sequences(body.get("stop_sequences"))
        if stops:
            out["stop"] = stops
        for key in ("temperature", "top_p"):
            if key in body:
                out[key] = body[key]
        tools = body.get("tools")
        if tools:
            out["tools"] = self.tools(tools)
            out.update(self.tool_choice(body.get("tool_choice")))
        effort = self.effort(body)
        if effort is not None:
            out["reasoning_effort"] = effort
        response_format = self.response_format(body.get("output_config"))
        if response_format is not None:
            out["response_format"] = response_format
        user_id = self.end_user_id(body.get("metadata"))
        if user_id is not None:
            out[self.options.user_field] = user_id
        if body.get("stream") is True:
            out["stream"] = True
            out["stream_options"] = {"include_usage": True}
        return out

    def stop_sequences(self, stops: Any) -> list[str]:
        """``stop_sequences`` as OpenAI's ``stop`` list."""
        if stops is None:
            return []
        if not isinstance(stops, list) or not all(isinstance(s, str) for s in stops):
            raise TranslationError(
                f"must be a list of strings, got {stops!r}", path="stop_sequences"
            )
        return list(stops)

    def end_user_id(self, metadata: Any) -> str | None:
        """The end-user id in ``metadata.user_id`` (other metadata keys are losses), sent as
        the option ``user_field`` says."""
        if metadata is None:
            return None
        if not isinstance(metadata, dict):
            raise TranslationError("metadata must be an object", path="metadata")
        for key in metadata:
            if key != "user_id":
                self.loss(f"metadata.{key}")
        user_id = metadata.get("user_id")
        if user_id is not None and not isinstance(user_id, str):
            raise TranslationError(f"must be a string, got {user_id!r}", "metadata.user_id")
        if not user_id:
            return None
        field = self.options.user_field
        if field == "safety_identifier" and len(user_id) > SAFETY_IDENTIFIER_MAX:
            raise TranslationError(
                f"OpenAI's safety_identifier holds at most {SAFETY_IDENTIFIER_MAX} characters, "
                f"got {len(user_id)} (the target option user_field: user sends it as user)",
                "metadata.user_id",
            )
        return user_id

    def effort(self, body: JSON) -> str | None:
        config = body.get("output_config")
        if isinstance(config, dict) and isinstance(config.get("effort"), str):
            return str(config["effort"])
        thinking = body.get("thinking")
        if thinking is None:
            return None
        if not isinstance(thinking, dict):
            raise TranslationError("thinking must be an object", path="thinking")
        kind = thinking.get("type")
        if kind not in ("enabled", "adaptive"):
            return None
        chosen = self.options.reasoning_effort
        if chosen is None:
            self.loss("thinking", "set the target's reasoning_effort option to map it")
            return None
        if chosen != FROM_BUDGET:
            return chosen
        if kind == "adaptive":
            return ADAPTIVE_EFFORT
        budget = thinking.get("budget_tokens")
        if not isinstance(budget, int) or isinstance(budget, bool):
            raise TranslationError("must be an integer", path="thinking.budget_tokens")
        return effort_for_budget(budget)

    def response_format(self, config: Any) -> JSON | None:
        if config is None:
            return None
        if not isinstance(config, dict):
            raise TranslationError("output_config must be an object", path="output_config")
        for key in config:
            if key not in ("effort", "format"):
                raise _unsupported(
                    f"output_config.{key}", "has no OpenAI chat-completions equivalent"
                )
        fmt = config.get("format")
        if fmt is None:
            return None
        if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
            raise _unsupported("output_config.format", "only a json_schema format can be sent")
        return {
            "type": "json_schema",
            "json_schema": {
                "name": RESPONSE_FORMAT_NAME,
                "schema": fmt.get("schema"),
                "strict": True,
            },
        }

    # -- messages -------------------------------------------------------------------------
    def messages(self, body: JSON) -> list[JSON]:
        out: list[JSON] = []
        if "system" in body:
            system = self.system(body["system"])
            if system is not None:
                out.append(system)
        messages = body.get("messages")
        if not isinstance(messages, list):
            raise TranslationError("messages must be a list", path="messages")
        for i, message in enumerate(messages):
            path = f"messages[{i}]"
            if not isinstance(message, dict):
                raise TranslationError("a message must be an object", path=path)
            role = message.get("role")
            content = message.get("content")
            if role == "user":
                out.extend(self.user_turn(content, path))
            elif role == "assistant":
                assistant = self.assistant_turn(content, path)
                if assistant is not None:
                    out.append(assistant)
            else:
                raise TranslationError(
                    f"role must be 'user' or 'assistant', got {role!r}", path=f"{path}.role"
                )
        return out

    def system(self, system: Any) -> JSON | None:
        if isinstance(system, str):
            return {"role": "system", "content": system}
        if not isinstance(system, list):
            raise TranslationError("system must be a string or a list of text blocks", "system")
        parts = [self.text_part(block, f"system[{i}]") for i, block in enumerate(system)]
        return {"role": "system", "content": parts} if parts else None

    def text_part(self, block: Any, path: str) -> JSON:
        if not isinstance(block, dict) or block.get("type") != "text":
            raise TranslationError("expected a text block", path=path)
        text = block.get("text")
        if not isinstance(text, str):
            raise TranslationError("text must be a string", path=f"{path}.text")
        self.block_losses(block, path)
        return {"type": "text", "text": text}

    def block_losses(self, block: JSON, path: str) -> None:
        if "cache_control" in block:
            self.loss(f"{path}.cache_control")
        if block.get("citations"):
            self.loss(f"{path}.citations")

    def user_turn(self, content: Any, path: str) -> list[JSON]:
        if isinstance(content, str):
            return [{"role": "user", "content": content}]
        if not isinstance(content, list):
            raise TranslationError("content must be a string or a list of blocks", path)
        tool_messages: list[JSON] = []
        moved: list[JSON] = []
        parts: list[JSON] = []
        for j, block in enumerate(content):
            where = f"{path}.content[{j}]"
            kind = block.get("type") if isinstance(block, dict) else None
            if kind == "tool_result":
                message, images = self.tool_result(block, where)
                tool_messages.append(message)
                if images:
                    note = f"[images from tool result {message['tool_call_id']}]"
                    moved.extend([{"type": "text", "text": note}, *images])
            elif kind == "text":
                parts.append(self.text_part(block, where))
            elif kind == "image":
                parts.append(self.image_part(block, where))
            elif kind == "document":
                parts.append(self.document_part(block, where))
            else:
                raise _unsupported(where, f"a {kind!r} block cannot be sent to OpenAI")
        out = list(tool_messages)
        parts = moved + parts
        if parts:
            only_text = len(parts) == 1 and parts[0]["type"] == "text"
            out.append({"role": "user", "content": parts[0]["text"] if only_text else parts})
        return out

    def tool_result(self, block: JSON, path: str) -> tuple[JSON, list[JSON]]:
        tool_use_id = block.get("tool_use_id")
        if not isinstance(tool_use_id, str) or not tool_use_id:
            raise TranslationError("tool_use_id must be a string", path=f"{path}.tool_use_id")
        if "cache_control" in block:
            self.loss(f"{path}.cache_control")
        content = block.get("content")
        texts: list[str] = []
        images: list[JSON] = []
        if isinstance(content, str):
            texts.append(content)
        elif isinstance(content, list):
            for k, item in enumerate(content):
                where = f"{path}.content[{k}]"
                kind = item.get("type") if isinstance(item, dict) else None
                if kind == "text":
                    texts.append(self.text_part(item, where)["text"])
                elif kind == "image":
                    images.append(self.image_part(item, where))
                else:
                    raise _unsupported(where, f"a {kind!r} block cannot be sent in a tool result")
        elif content is not None:
            raise TranslationError("content must be a string or a list", f"{path}.content")
        if images:
            count = len(images)
            texts.append(f"[{count} image{'s' if count > 1 else ''} in the next user message]")
        if block.get("is_error") is True:
            texts = [f"Error: {texts[0]}", *texts[1:]] if texts else ["Error"]
        text_content: str | list[JSON]
        if len(texts) == 1:
            text_content = texts[0]
        else:
            text_content = [{"type": "text", "text": t} for t in texts] if texts else ""
        return {"role": "tool", "tool_call_id": tool_use_id, "content": text_content}, images

    def image_part(self, block: JSON, path: str) -> JSON:
        if "cache_control" in block:
            self.loss(f"{path}.cache_control")
        source = block.get("source")
        kind = source.get("type") if isinstance(source, dict) else None
        if kind == "base64" and isinstance(source, dict):
            media_type, data = source.get("media_type"), source.get("data")
            if not isinstance(media_type, str) or not isinstance(data, str):
                raise TranslationError("media_type and data must be strings", f"{path}.source")
            return {"type": "image_url", "image_url": {"url": f"data:{media_type};base64,{data}"}}
        if kind == "url" and isinstance(source, dict) and isinstance(source.get("url"), str):
            return {"type": "image_url", "image_url": {"url": source["url"]}}
        raise _unsupported(f"{path}.source", f"an image source of type {kind!r} cannot be sent")

    def document_part(self, block: JSON, path: str) -> JSON:
        self.block_losses(block, path)
        if "context" in block:
            self.loss(f"{path}.context")
        source = block.get("source")
        kind = source.get("type") if isinstance(source, dict) else None
        if kind == "text" and isinstance(source, dict) and isinstance(source.get("data"), str):
            if "title" in block:
                self.loss(f"{path}.title")
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
        raise _unsupported(f"{path}.source", f"a document source of type {kind!r} cannot be sent")

    def assistant_turn(self, content: Any, path: str) -> JSON | None:
        if isinstance(content, str):
            return {"role": "assistant", "content": content}
        if not isinstance(content, list):
            raise TranslationError("content must be a string or a list of blocks", path)
        texts: list[str] = []
        calls: list[JSON] = []
        for j, block in enumerate(content):
            where = f"{path}.content[{j}]"
            kind = block.get("type") if isinstance(block, dict) else None
            if kind == "text":
                texts.append(self.text_part(block, where)["text"])
            elif kind == "tool_use" and isinstance(block, dict):
                calls.append(self.tool_call(block, where))
            elif kind in ("thinking", "redacted_thinking"):
                self.loss(where, f"a {kind} block in the history")
            else:
                raise _unsupported(where, f"a {kind!r} block cannot be sent to OpenAI")
        if not texts and not calls:
            return None
        message: JSON = {"role": "assistant"}
        if texts:
            message["content"] = (
                texts[0] if len(texts) == 1 else [{"type": "text", "text": t} for t in texts]
            )
        if calls:
            message["tool_calls"] = calls
        return message

    def tool_call(self, block: JSON, path: str) -> JSON:
        call_id, name = block.get("id"), block.get("name")
        if not isinstance(call_id, str) or not isinstance(name, str):
            raise TranslationError("a tool_use block needs a string id and name", path)
        if "cache_control" in block:
            self.loss(f"{path}.cache_control")
        try:
            arguments = arguments_text(block.get("input", {}))
        except (TypeError, ValueError) as exc:
            raise TranslationError(f"input cannot be sent as JSON: {exc}", f"{path}.input") from exc
        return {
            "id": call_id,
            "type": "function",
            "function": {"name": name, "arguments": arguments},
        }

    # -- tools ----------------------------------------------------------------------------
    def tools(self, tools: Any) -> list[JSON]:
        if not isinstance(tools, list):
            raise TranslationError("tools must be a list", path="tools")
        out = []
        for i, tool in enumerate(tools):
            path = f"tools[{i}]"
            if not isinstance(tool, dict):
                raise TranslationError("a tool must be an object", path=path)
            kind = tool.get("type")
            if kind not in (None, "custom"):
                raise _unsupported(f"{path}.type", f"the server tool {kind!r} cannot run on OpenAI")
            name = tool.get("name")
            if not isinstance(name, str) or not name:
                raise TranslationError("a tool needs a name", path=f"{path}.name")
            function: JSON = {"name": name}
            if isinstance(tool.get("description"), str):
                function["description"] = tool["description"]
            function["parameters"] = tool.get("input_schema", {"type": "object"})
            if isinstance(tool.get("strict"), bool):
                function["strict"] = tool["strict"]
            for key in _LOSSY_TOOL_FIELDS:
                if key in tool:
                    self.loss(f"{path}.{key}")
            out.append({"type": "function", "function": function})
        return out

    def tool_choice(self, choice: Any) -> JSON:
        if choice is None:
            return {}
        if not isinstance(choice, dict):
            raise TranslationError("tool_choice must be an object", path="tool_choice")
        kind = choice.get("type")
        out: JSON = {}
        if kind == "auto":
            out["tool_choice"] = "auto"
        elif kind == "any":
            out["tool_choice"] = "required"
        elif kind == "none":
            out["tool_choice"] = "none"
        elif kind == "tool" and isinstance(choice.get("name"), str):
            out["tool_choice"] = {"type": "function", "function": {"name": choice["name"]}}
        else:
            raise TranslationError(f"unknown tool_choice type {kind!r}", path="tool_choice.type")
        if choice.get("disable_parallel_tool_use") is True:
            out["parallel_tool_calls"] = False
        return out


def _unsupported(path: str, message: str) -> TranslationError:
    return TranslationError(message, path=path)
