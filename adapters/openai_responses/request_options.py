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

from adapters.base import TargetSettings
from adapters.openai_common.options import (
    LOSS_POLICIES,
    USER_FIELDS,
    check_choice,
    check_known,
    declare_loss,
)

__all__ = ["LOSS_POLICIES", "REASONING_SUMMARIES", "USER_FIELDS", "Options", "parse_options"]

REASONING_SUMMARIES = ("auto", "concise", "detailed")
_KNOWN = ("on_loss", "reasoning_summary", "user_field")


@dataclass(frozen=True)
class Options:
    """The ``openai-responses`` target's options, validated."""

    on_loss: str = "drop"
    reasoning_summary: str = "auto"
    user_field: str = "safety_identifier"

    def loss(self, path: str, why: str = "") -> None:
        """A declared loss at ``path``: dropped, or refused when ``on_loss`` is ``error``."""
        declare_loss(self.on_loss, "OpenAI Responses", path, why)


def parse_options(settings: TargetSettings) -> Options:
    """The options in ``settings.options``; a TranslationError names a bad one."""
    raw: Mapping[str, Any] = settings.options or {}
    check_known(raw, _KNOWN, "openai-responses")
    on_loss = raw.get("on_loss", "drop")
    check_choice(on_loss, LOSS_POLICIES, "on_loss")
    summary = raw.get("reasoning_summary", "auto")
    check_choice(summary, REASONING_SUMMARIES, "reasoning_summary")
    user_field = raw.get("user_field", "safety_identifier")
    check_choice(user_field, USER_FIELDS, "user_field")
    return Options(on_loss, summary, user_field)
