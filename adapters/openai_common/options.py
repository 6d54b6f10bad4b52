"""What both OpenAI targets' options share: the ``on_loss`` policy a declared loss goes
through, the ``user_field`` choices, and how an option is checked.

Each target keeps its own ``Options`` (their fields differ); both follow `LossPolicy`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from adapters.base import TranslationError

LOSS_POLICIES = ("drop", "error")
USER_FIELDS = ("safety_identifier", "user")


class LossPolicy(Protocol):
    """A target's validated options, as far as the shared translation needs them."""

    @property
    def user_field(self) -> str:
        """Where ``metadata.user_id`` goes: one of `USER_FIELDS`."""
        ...

    def loss(self, path: str, why: str = "") -> None:
        """A declared loss at ``path``: dropped, or refused when ``on_loss`` is ``error``."""
        ...


def declare_loss(on_loss: str, api: str, path: str, why: str = "") -> None:
    """A loss at ``path`` under the policy ``on_loss``: nothing for ``drop``; for ``error`` a
    TranslationError saying that ``api`` (e.g. "OpenAI Responses") cannot express it."""
    if on_loss == "error":
        detail = f" ({why})" if why else ""
        raise TranslationError(
            f"has no {api} equivalent{detail}; refused because the target's on_loss is 'error'",
            path,
        )


def check_known(raw: Mapping[str, Any], known: tuple[str, ...], target: str) -> None:
    """A TranslationError naming the first option in ``raw`` that ``target`` does not know."""
    for key in raw:
        if key not in known:
            raise TranslationError(
                f"unknown option for the {target} target; expected one of: {', '.join(known)}",
                path=f"settings.options.{key}",
            )


def check_choice(value: Any, choices: tuple[str, ...], name: str) -> None:
    """A TranslationError naming the option ``name`` unless ``value`` is one of ``choices``."""
    if not isinstance(value, str) or value not in choices:
        raise TranslationError(
            f"{value!r} is not one of: {', '.join(choices)}", path=f"settings.options.{name}"
        )
