"""The ``openai`` target's options (``TargetSettings.options``), validated, and what the
``on_loss`` option does with a declared loss.

- ``max_tokens_field``: ``max_completion_tokens`` (default) or ``max_tokens``;
- ``reasoning_effort``: unset (thinking is a loss), an OpenAI effort level, or ``from_budget``
  (see `adapters.openai.request_output`);
- ``on_loss``: ``drop`` (the default; documented) or ``error`` (a TranslationError naming the
  field);
- ``user_field``: where ``metadata.user_id`` goes: ``safety_identifier`` (default) or ``user``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.base import TargetSettings
from adapters.openai_common.options import (
    LOSS_POLICIES,
    USER_FIELDS,
    check_choice,
    check_known,
    declare_loss,
)

__all__ = [
    "FROM_BUDGET",
    "LOSS_POLICIES",
    "MAX_TOKENS_FIELDS",
    "REASONING_EFFORTS",
    "USER_FIELDS",
    "Options",
    "parse_options",
]

MAX_TOKENS_FIELDS = ("max_completion_tokens", "max_tokens")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
FROM_BUDGET = "from_budget"
_KNOWN = ("max_tokens_field", "reasoning_effort", "on_loss", "user_field")


@dataclass(frozen=True)
class Options:
    """The ``openai`` target's options, validated."""

    max_tokens_field: str = "max_completion_tokens"
    reasoning_effort: str | None = None
    on_loss: str = "drop"
    user_field: str = "safety_identifier"

    def loss(self, path: str, why: str = "") -> None:
        """A declared loss at ``path``: dropped, or refused when ``on_loss`` is ``error``."""
        declare_loss(self.on_loss, "OpenAI chat-completions", path, why)


def parse_options(settings: TargetSettings) -> Options:
    """The options in ``settings.options``; a TranslationError names a bad one."""
    raw: Mapping[str, Any] = settings.options or {}
    check_known(raw, _KNOWN, "openai")
    field_name = raw.get("max_tokens_field", "max_completion_tokens")
    check_choice(field_name, MAX_TOKENS_FIELDS, "max_tokens_field")
    effort = raw.get("reasoning_effort")
    if effort is not None:
        check_choice(effort, (*REASONING_EFFORTS, FROM_BUDGET), "reasoning_effort")
    on_loss = raw.get("on_loss", "drop")
    check_choice(on_loss, LOSS_POLICIES, "on_loss")
    user_field = raw.get("user_field", "safety_identifier")
    check_choice(user_field, USER_FIELDS, "user_field")
    return Options(field_name, effort, on_loss, user_field)
