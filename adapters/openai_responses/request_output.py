"""What shapes the answer: ``thinking`` / ``output_config.effort`` -> ``reasoning`` (and
``include: ["reasoning.encrypted_content"]``), ``output_config.format`` -> ``text.format``.

Enabled thinking asks for reasoning with an effort picked by ``budget_tokens``, adaptive
thinking for ``medium`` (`adapters.openai_common.output`); ``output_config.effort`` wins
over both. Reasoning always comes with a summary (the target option ``reasoning_summary``),
which is what becomes the thinking text, and with its encrypted content, which becomes the
signature, so that the thinking can be sent back. Disabled, ``between_tools`` (its progress
updates a declared loss) or absent thinking sends no reasoning. Only a ``json_schema``
format can be sent, as a strict JSON-schema text format (not strict, a declared loss, when
OpenAI's strict mode cannot take the schema).
"""

from __future__ import annotations

from typing import Any

from adapters.base import JSON, TranslationError
from adapters.openai_common.output import json_schema_format, thinking_effort, thinking_kind
from adapters.openai_common.strict import relax
from adapters.openai_responses.request_options import Options

ENCRYPTED_REASONING = "reasoning.encrypted_content"
FORMAT_NAME = "response"


def reasoning(body: JSON, options: Options) -> JSON | None:
    """The ``reasoning`` object for a Messages body, if reasoning is asked for."""
    config = body.get("output_config")
    effort = config.get("effort") if isinstance(config, dict) else None
    if effort is not None and not isinstance(effort, str):
        raise TranslationError("must be a string", path="output_config.effort")
    thinking = body.get("thinking")
    kind = thinking_kind(thinking, options)
    if kind not in ("enabled", "adaptive"):
        return {"effort": effort} if effort else None
    if effort is None and isinstance(thinking, dict):
        effort = thinking_effort(thinking)
    return {"effort": effort, "summary": options.reasoning_summary}


def text_format(config: Any, options: Options) -> JSON | None:
    """The ``text`` object for ``output_config``, if it asks for a format."""
    fmt = json_schema_format(config, "OpenAI Responses")
    if fmt is None:
        return None
    schema = fmt.get("schema")
    text_format = {
        "type": "json_schema",
        "name": FORMAT_NAME,
        "schema": schema,
        "strict": relax(schema, options, "output_config.format.schema"),
    }
    return {"format": text_format}
