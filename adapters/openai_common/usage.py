"""Token counts in OpenAI usage, checked once for both OpenAI targets: a count is a whole
number (absent: zero), the cached and cache-write tokens are a part of the prompt's, and
the reasoning tokens come from the output's details. Each target reads its own field
names (``prompt_tokens`` / ``input_tokens``...) and builds Anthropic usage from these."""

from __future__ import annotations

from typing import Any

from adapters.base import TranslationError


def token_count(value: Any, path: str) -> int:
    """A token count: a whole number, or zero when absent."""
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise TranslationError(f"a token count must be a whole number, got {value!r}", path)
    return value


def optional_token_count(value: Any, path: str) -> int | None:
    """A token count, or None when absent."""
    return None if value is None else token_count(value, path)


def uncached_tokens(total: int, cached: int, written: int, total_field: str, path: str) -> int:
    """The prompt tokens neither read from nor written to the cache; the parts exceeding
    the ``total_field`` count they belong to is a TranslationError at ``path``."""
    uncached = total - cached - written
    if uncached < 0:
        raise TranslationError(
            f"cached and cache-write tokens ({cached} + {written}) exceed {total_field} ({total})",
            path=path,
        )
    return uncached


def reasoning_tokens(details: Any, path: str) -> int:
    """The ``reasoning_tokens`` in an output-details object (``path`` names that count);
    zero without details."""
    if not isinstance(details, dict):
        return 0
    return token_count(details.get("reasoning_tokens"), path)
