"""Tool-call arguments: Anthropic tool input <-> OpenAI's ``function.arguments`` JSON text.

OpenAI carries a call's arguments as JSON text, Anthropic the input as an object. One rule
reads them wherever they arrive (a completion, a stream's joined fragments, a request through
the front door): the text must encode a JSON object, and text that is empty or only
whitespace means no arguments (``{}``). Anything else is a TranslationError naming the field,
since an Anthropic client (or backend) cannot be handed broken tool input.
"""

from __future__ import annotations

import json
from typing import Any

from adapters import limits
from adapters.base import JSON, TranslationError

_SHOWN = 200


def arguments_text(value: Any) -> str:
    """Tool input as the JSON text OpenAI carries in ``function.arguments`` (compact, UTF-8
    kept); TypeError or ValueError for a value JSON cannot hold."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def tool_input(arguments: Any, path: str) -> JSON:
    """The input object that ``arguments`` (JSON text) encodes; ``path`` names the field."""
    if not isinstance(arguments, str):
        shown = limits.excerpt(arguments)
        raise TranslationError(f"arguments must be JSON text, got {shown}", path)
    if not arguments.strip():
        return {}
    shown = limits.excerpt(arguments, _SHOWN)
    try:
        value = limits.loads(arguments)
    except ValueError as exc:
        raise TranslationError(f"arguments are not valid JSON ({exc}): {shown!r}", path) from None
    if not isinstance(value, dict):
        raise TranslationError(f"arguments must encode a JSON object: {shown!r}", path)
    return value
