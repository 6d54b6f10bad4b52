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

from adapters.base import TargetSettings, TranslationError

MAX_TOKENS_FIELDS = ("max_completion_tokens", "max_tokens")
REASONING_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
FROM_BUDGET = "from_budget"
LOSS_POLICIES = ("drop", "error")
USER_FIELDS = ("safety_identifier", "user")
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
        if self.on_loss == "error":
            detail = f" ({why})" if why else ""
            raise TranslationError(
                f"has no OpenAI chat-completions equivalent{detail}; refused because the "
                "target's on_loss is 'error'",
                path,
            )


def parse_options(settings: TargetSettings) -> Options:
    """The options in ``settings.options``; a TranslationError names a bad one."""
    raw: Mapping[str, Any] = settings.options or {}
    for key in raw:
        if key not in _KNOWN:
            raise TranslationError(
                f"unknown option for the openai target; expected one of: {', '.join(_KNOWN)}",
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
