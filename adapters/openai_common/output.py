"""What shapes the answer, read once for both OpenAI targets: the reasoning effort that
enabled or adaptive thinking stands for, and the JSON-schema format ``output_config`` asks
for. Each target sends them in its own fields.

Enabled thinking's effort is picked by ``budget_tokens`` (`BUDGET_EFFORTS`), adaptive
thinking's is `ADAPTIVE_EFFORT`; disabled and ``between_tools`` thinking ask for no
reasoning, and ``between_tools``'s progress updates are a declared loss (`thinking_kind`).
Only a ``json_schema`` format can be sent.
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai_common.options import LossPolicy

# thinking.budget_tokens below the bound -> effort; at or above the last bound -> "high".
BUDGET_EFFORTS: tuple[tuple[int, str], ...] = ((4096, "low"), (16384, "medium"))
ADAPTIVE_EFFORT = "medium"
OUTPUT_CONFIG_FIELDS = ("effort", "format")
THINKING_TYPES = ("enabled", "adaptive", "disabled", "between_tools")
BETWEEN_TOOLS_LOSS = (
    "thinking is off, as asked, so no reasoning is sent; the progress updates between tool "
    "calls that between_tools returns as thinking blocks have no counterpart"
)


def thinking_kind(thinking: Any, options: LossPolicy) -> str | None:
    """The ``type`` of ``thinking`` (None when it is absent): one of `THINKING_TYPES`, else
    a TranslationError; ``between_tools`` goes through ``options.loss`` first."""
    if thinking is None:
        return None
    if not isinstance(thinking, dict):
        raise TranslationError("thinking must be an object", path="thinking")
    kind = thinking.get("type")
    if kind not in THINKING_TYPES:
        raise TranslationError(f"unknown thinking type {kind!r}", path="thinking.type")
    if kind == "between_tools":
        options.loss("thinking", BETWEEN_TOOLS_LOSS)
    return str(kind)


def effort_for_budget(budget: int) -> str:
    """The reasoning effort for a thinking budget."""
    for bound, effort in BUDGET_EFFORTS:
        if budget < bound:
            return effort
    return "high"


def thinking_effort(thinking: JSON) -> str:
    """The effort for enabled (by its ``budget_tokens``) or adaptive ``thinking``."""
    if thinking.get("type") == "adaptive":
        return ADAPTIVE_EFFORT
    budget = thinking.get("budget_tokens")
    if not isinstance(budget, int) or isinstance(budget, bool):
        raise TranslationError("must be an integer", path="thinking.budget_tokens")
    return effort_for_budget(budget)


def json_schema_format(config: Any, api: str) -> JSON | None:
    """The ``json_schema`` format ``output_config`` asks for, if any; a field of
    ``output_config`` that ``api`` (e.g. "OpenAI Responses") has no place for, or another
    kind of format, is a TranslationError."""
    if config is None:
        return None
    if not isinstance(config, dict):
        raise TranslationError("output_config must be an object", path="output_config")
    for key in config:
        if key not in OUTPUT_CONFIG_FIELDS:
            raise TranslationError(f"has no {api} equivalent", path=f"output_config.{key}")
    fmt = config.get("format")
    if fmt is None:
        return None
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        raise TranslationError("only a json_schema format can be sent", path="output_config.format")
    return fmt
