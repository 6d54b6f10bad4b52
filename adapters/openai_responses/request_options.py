"""The ``openai-responses`` target's options (``TargetSettings.options``), validated, and what
the ``on_loss`` option does with a declared loss.

- ``on_loss``: ``drop`` (the default; documented in docs/MAPPINGS.md) or ``error`` (a
  TranslationError naming the field);
- ``reasoning_summary``: the ``reasoning.summary`` sent with thinking: ``auto`` (default),
  ``concise`` or ``detailed``; the summary is what becomes the thinking text;
- ``user_field``: where ``metadata.user_id`` goes: ``safety_identifier`` (default) or ``user``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from adapters.base import TargetSettings, TranslationError

LOSS_POLICIES = ("drop", "error")
REASONING_SUMMARIES = ("auto", "concise", "detailed")
USER_FIELDS = ("safety_identifier", "user")
_KNOWN = ("on_loss", "reasoning_summary", "user_field")


@dataclass(frozen=True)
class Options:
    """The ``openai-responses`` target's options, validated."""

    on_loss: str = "drop"
    reasoning_summary: str = "auto"
    user_field: str = "safety_identifier"

    def loss(self, path: str, why: str = "") -> None:
        """A declared loss at ``path``: dropped, or refused when ``on_loss`` is ``error``."""
        if self.on_loss == "error":
            detail = f" ({why})" if why else ""
            raise TranslationError(
                f"has no OpenAI Responses equivalent{detail}; refused because the target's "
                "on_loss is 'error'",
                path,
            )


def parse_options(settings: TargetSettings) -> Options:
    """The options in ``settings.options``; a TranslationError names a bad one."""
    raw: Mapping[str, Any] = settings.options or {}
    for key in raw:
        if key not in _KNOWN:
            raise TranslationError(
                "unknown option for the openai-responses target; expected one of: "
                + ", ".join(_KNOWN),
                path=f"settings.options.{key}",
            )
    on_loss = raw.get("on_loss", "drop")
    _check_choice(on_loss, LOSS_POLICIES, "on_loss")
    summary = raw.get("reasoning_summary", "auto")
    _check_choice(summary, REASONING_SUMMARIES, "reasoning_summary")
    user_field = raw.get("user_field", "safety_identifier")
    _check_choice(user_field, USER_FIELDS, "user_field")
    return Options(on_loss, summary, user_field)


def _check_choice(value: Any, choices: tuple[str, ...], name: str) -> None:
    if not isinstance(value, str) or value not in choices:
        raise TranslationError(
            f"{value!r} is not one of: {', '.join(choices)}", path=f"settings.options.{name}"
        )
