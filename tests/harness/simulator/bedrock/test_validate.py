"""Only the beta flags Bedrock accepts pass."""

from __future__ import annotations

from harness.simulator import Rejection
from harness.simulator.bedrock.validate import check_betas


def test_only_accepted_betas_pass() -> None:
    assert check_betas(None, "anthropic_beta") is None
    assert check_betas(["context-1m-2025-08-07", "interleaved-thinking-2025-05-14"], "b") is None
    assert check_betas(["context-1m-2025-08-07", "canary-beta"], "b") == Rejection(
        400, "invalid beta flag: canary-beta"
    )
    refused = check_betas("context-1m-2025-08-07", "anthropic_beta")
    assert refused is not None and "array of strings" in refused.message
