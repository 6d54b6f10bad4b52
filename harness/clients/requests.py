"""A client's Messages request checked against the official SDK's request types.

The SDK types a request as TypedDicts whose lists are ``Iterable``, which pydantic checks
only lazily; so the top level is checked with ``MessageCreateParams`` (beta namespace, which
Claude Code's ``?beta=true`` requests use) and each message, content block, system block and
tool with its own type, eagerly. Unknown keys are not reported (the types allow them).
"""

from __future__ import annotations

import functools
from typing import Any

from anthropic.types.beta import (
    BetaContentBlockParam,
    BetaTextBlockParam,
    BetaToolUnionParam,
    message_count_tokens_params,
    message_create_params,
)
from pydantic import TypeAdapter, ValidationError


@functools.cache
def _adapter(kind: str) -> TypeAdapter[Any]:
    types: dict[str, Any] = {
        "messages": message_create_params.MessageCreateParamsBase,
        "count_tokens": message_count_tokens_params.MessageCountTokensParams,
        "block": BetaContentBlockParam,
        "system": BetaTextBlockParam,
        "tool": BetaToolUnionParam,
    }
    return TypeAdapter(types[kind])


def request_problems(body: Any, endpoint: str) -> list[str]:
    """Where ``body`` breaks the SDK's request types, one line each (first five)."""
    problems = _check("messages" if endpoint == "messages" else "count_tokens", body, "body")
    if not isinstance(body, dict):
        return problems
    messages = body.get("messages")
    for i, message in enumerate(messages if isinstance(messages, list) else []):
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(message, dict) and message.get("role") not in ("user", "assistant"):
            problems.append(f"body.messages.{i}.role: must be 'user' or 'assistant'")
        for j, block in enumerate(content if isinstance(content, list) else []):
            problems += _check("block", block, f"body.messages.{i}.content.{j}")
    system = body.get("system")
    for i, block in enumerate(system if isinstance(system, list) else []):
        problems += _check("system", block, f"body.system.{i}")
    tools = body.get("tools")
    for i, tool in enumerate(tools if isinstance(tools, list) else []):
        problems += _check("tool", tool, f"body.tools.{i}")
    return problems[:5]


def _check(kind: str, value: Any, where: str) -> list[str]:
    try:
        _adapter(kind).validate_python(value)
    except ValidationError as exc:
        errors = exc.errors()
        kind_name = "Beta" + "".join(p.title() for p in str(_type_of(value)).split("_"))
        chosen = [
            e for e in errors if str(e["loc"][:1][0] if e["loc"] else "").startswith(kind_name)
        ]
        first = (chosen or errors)[0]
        path = ".".join(str(p) for p in first["loc"])
        return [f"{where}{'.' + path if path else ''}: {first['msg']}"]
    return []


def _type_of(value: Any) -> str:
    return str(value.get("type", "")) if isinstance(value, dict) else ""
