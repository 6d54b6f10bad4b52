"""What shapes the answer: ``thinking`` / ``output_config.effort`` -> ``reasoning_effort``, and
``output_config.format`` -> ``response_format``.

``output_config.effort`` always wins. Otherwise enabled or adaptive thinking is sent as the
target's ``reasoning_effort`` option; unset, thinking is a loss (``between_tools`` sends
nothing, its progress updates a loss); ``from_budget`` picks the
effort by ``budget_tokens`` (`BUDGET_EFFORTS`; adaptive: `ADAPTIVE_EFFORT`). Only a
``json_schema`` format can be sent, as a strict JSON-schema response format (not strict, a
declared loss, when OpenAI's strict mode cannot take the schema: `adapters.openai_common.strict`).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON
from adapters.openai.request_options import FROM_BUDGET, Options
from adapters.openai_common.output import (
    ADAPTIVE_EFFORT,
    BUDGET_EFFORTS,
    effort_for_budget,
    json_schema_format,
    thinking_effort,
    thinking_kind,
)
from adapters.openai_common.strict import relax

__all__ = [
    "ADAPTIVE_EFFORT",
    "BUDGET_EFFORTS",
    "RESPONSE_FORMAT_NAME",
    "effort_for_budget",
    "reasoning_effort",
    "response_format",
]

RESPONSE_FORMAT_NAME = "response"


def reasoning_effort(body: JSON, options: Options) -> str | None:
    """The ``reasoning_effort`` for a Messages body, if one is sent."""
    thinking = body.get("thinking")
    kind = thinking_kind(thinking, options)
    config = body.get("output_config")
    if isinstance(config, dict) and isinstance(config.get("effort"), str):
        return str(config["effort"])
    if kind not in ("enabled", "adaptive") or not isinstance(thinking, dict):
        return None
    chosen = options.reasoning_effort
    if chosen is None:
        options.loss("thinking", "set the target's reasoning_effort option to map it")
        return None
    if chosen != FROM_BUDGET:
        return chosen
    return thinking_effort(thinking)


def response_format(config: Any, options: Options) -> JSON | None:
    """The ``response_format`` for ``output_config``, if it asks for a format."""
    fmt = json_schema_format(config, "OpenAI chat-completions")
    if fmt is None:
        return None
    schema = fmt.get("schema")
    return {
        "type": "json_schema",
        "json_schema": {
            "name": RESPONSE_FORMAT_NAME,
            "schema": schema,
            "strict": relax(schema, options, "output_config.format.schema"),
        },
    }
