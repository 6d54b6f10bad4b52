"""Messages API fields Claude on Bedrock cannot honour, on both Bedrock targets: each is a
`TranslationError` naming it (`adapters.anthropic.request.refuse_fields`), never a field
dropped or sent for Bedrock to refuse in its own words."""

from __future__ import annotations

# field -> why (the refusal's message)
REFUSED: dict[str, str] = {
    "inference_geo": (
        "Bedrock has no inference_geo: the inference profile (us., eu., global.) or the "
        "region decides where inference runs"
    ),
    "speed": "Bedrock has no fast mode (speed); Claude's fast mode is not offered there",
    "diagnostics": "cache diagnostics are offered on the Claude API only, not on Bedrock",
    "workspace_id": (
        "Bedrock has no Claude API workspaces: the AWS account and its credentials decide "
        "whose request it is"
    ),
}
