"""The top-level fields of an Anthropic Messages body, screened once for both OpenAI
targets: a field the target does not handle is a TranslationError naming it, a field it
can only drop is a declared loss, and the model id is required."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from adapters.base import JSON, TranslationError
from adapters.openai_common.options import LossPolicy


def screened_model(
    body: JSON,
    handled: Collection[str],
    lossy: Mapping[str, str],
    options: LossPolicy,
    api: str,
) -> str:
    """The model id of ``body``, once every field is known to ``handled`` (else "has no
    ``api`` equivalent") and each ``lossy`` one present has gone through ``options.loss``
    with its reason."""
    for key in body:
        if key not in handled:
            raise TranslationError(f"has no {api} equivalent", path=key)
    for key, why in lossy.items():
        if key in body:
            options.loss(key, why)
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise TranslationError("a model id is required", path="model")
    return model
