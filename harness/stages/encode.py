"""Stage 2, encode: the Anthropic call as the target's wire request."""

from __future__ import annotations

from adapters.base import TranslationError, WireRequest
from harness import registry
from harness.findings import Finding
from harness.stages.prepare import Prepared


def encode(prepared: Prepared) -> WireRequest | Finding:
    """The reference translator's wire request; a refusal is a finding at the field."""
    adapter = registry.adapter(prepared.case.target)
    try:
        return adapter.encode_request(prepared.call, prepared.settings)
    except TranslationError as exc:
        return Finding("translate", exc.path, None, None, f"request: {exc.message}")
