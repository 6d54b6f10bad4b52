"""Stage 1, prepare: what the client sends, and the Anthropic call made of it."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.base import Call, TargetSettings, TranslationError
from harness.cases import Case
from harness.findings import Finding
from harness.targets import TargetsConfig
from harness.vocabulary import JSON


@dataclass(frozen=True)
class Prepared:
    """A case ready to send: the client's request in its front's API (model still
    logical), the Anthropic call (model resolved for the target) and the target's settings."""

    case: Case
    client_request: JSON
    call: Call
    settings: TargetSettings


def prepare(case: Case, config: TargetsConfig) -> Prepared | Finding:
    """The case's requests; a front door that cannot map the request is a finding."""
    try:
        call = case.call(config)
    except TranslationError as exc:
        return Finding("translate", exc.path, None, None, f"front door: {exc.message}")
    return Prepared(case, case.front_request(), call, case.settings(config))
