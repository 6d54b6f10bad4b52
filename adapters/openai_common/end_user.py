"""``metadata.user_id`` -> the end-user id both OpenAI APIs take, as ``safety_identifier``
(at most `SAFETY_IDENTIFIER_MAX` characters) or ``user``, as the target option
``user_field`` says. Other metadata keys are losses."""

from __future__ import annotations

from typing import Any

from adapters.base import TranslationError
from adapters.openai_common.options import LossPolicy

SAFETY_IDENTIFIER_MAX = 128


def end_user_id(metadata: Any, options: LossPolicy) -> str | None:
    """The end-user id in ``metadata.user_id``, if there is one, checked for
    ``options.user_field``; other metadata keys go through ``options.loss``."""
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        raise TranslationError("metadata must be an object", path="metadata")
    for key in metadata:
        if key != "user_id":
            options.loss(f"metadata.{key}")
    user_id = metadata.get("user_id")
    if user_id is not None and not isinstance(user_id, str):
        raise TranslationError(f"must be a string, got {user_id!r}", "metadata.user_id")
    if not user_id:
        return None
    if options.user_field == "safety_identifier" and len(user_id) > SAFETY_IDENTIFIER_MAX:
        raise TranslationError(
            f"a user_id of {len(user_id)} characters cannot be sent as OpenAI's "
            f"safety_identifier, which holds at most {SAFETY_IDENTIFIER_MAX} (the target option "
            "user_field: user sends it as user)",
            "metadata.user_id",
        )
    return user_id
