"""What shapes the answer: ``thinking`` / ``output_config.effort`` -> ``reasoning_effort``, and
``output_config.format`` -> ``response_format``.

``output_config.effort`` always wins. Otherwise enabled or adaptive thinking is sent as the
target's ``reasoning_effort`` option; unset, thinking is a loss; ``from_budget`` picks the
effort by ``budget_tokens`` (`BUDGET_EFFORTS`; adaptive: `ADAPTIVE_EFFORT`). Only a
``json_schema`` format can be sent, as a strict JSON-schema response format.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai.request_options import FROM_BUDGET, Options

# thinking.budget_tokens below the bound -> effort; at or above the last bound -> "high".
BUDGET_EFFORTS: tuple[tuple[int, str], ...] = ((4096, "low"), (16384, "medium"))
ADAPTIVE_EFFORT = "medium"
RESPONSE_FORMAT_NAME = "response"


def effort_for_budget(budget: int) -> str:
    """The reasoning effort `from_budget` picks for a thinking budget."""
    for bound, effort in BUDGET_EFFORTS:
        if budget < bound:
            return effort
    return "high"


def reasoning_effort(body: JSON, options: Options) -> str | None:
    """The ``reasoning_effort`` for a Messages body, if one is sent."""
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
    chosen = options.reasoning_effort
    if chosen is None:
        options.loss("thinking", "set the target's reasoning_effort option to map it")
        return None
    if chosen != FROM_BUDGET:
        return chosen
    if kind == "adaptive":
        return ADAPTIVE_EFFORT
    budget = thinking.get("budget_tokens")
    if not isinstance(budget, int) or isinstance(budget, bool):
        raise TranslationError("must be an integer", path="thinking.budget_tokens")
    return effort_for_budget(budget)


def response_format(config: Any) -> JSON | None:
    """The ``response_format`` for ``output_config``, if it asks for a format."""
    if config is None:
        return None
    if not isinstance(config, dict):
        raise TranslationError("output_config must be an object", path="output_config")
    for key in config:
        if key not in ("effort", "format"):
            raise TranslationError(
                "has no OpenAI chat-completions equivalent", path=f"output_config.{key}"
            )
    fmt = config.get("format")
    if fmt is None:
        return None
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        raise TranslationError("only a json_schema format can be sent", path="output_config.format")
    return {
        "type": "json_schema",
        "json_schema": {
            "name": RESPONSE_FORMAT_NAME,
            "schema": fmt.get("schema"),
            "strict": True,
        },
    }
