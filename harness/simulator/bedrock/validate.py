"""The body check both Bedrock APIs share: the ``anthropic_beta`` flags Bedrock accepts."""

from __future__ import annotations

from typing import Any

from harness.simulator import Rejection

# Beta flags Bedrock accepts in anthropic_beta (observed by probing the service). An
# independent oracle: the adapter keeps its own list of the flags it refuses before sending
# (`adapters.bedrock.betas`).
ACCEPTED_BETAS = frozenset(
    {
        "computer-use-2024-10-22",
        "computer-use-2025-01-24",
        # Not in the probed list: the computer tool for Sonnet 4.6 / Opus 4.5+ (computer_20251124),
        # in beta on Bedrock with its matching beta value (AWS's computer-use page).
        "computer-use-2025-11-24",
        "context-1m-2025-08-07",
        "compact-2026-01-12",
        "context-management-2025-06-27",
        "dev-full-thinking-2025-05-14",
        "fine-grained-tool-streaming-2025-05-14",
        "interleaved-thinking-2025-05-14",
        "mcp-client-2025-04-04",
        "mcp-client-2025-11-20",
        "model-context-window-exceeded-2025-08-26",
        "output-128k-2025-02-19",
        "pdfs-2024-09-25",
        "search-results-2025-06-09",
        "token-counting-2024-11-01",
        "token-efficient-tools-2025-02-19",
        "tool-search-tool-2025-10-19",
        "web-search-2025-03-05",
    }
)


def check_betas(betas: Any, field: str) -> Rejection | None:
    """Bedrock's refusal of an ``anthropic_beta`` value, or None when every flag is known."""
    if betas is None:
        return None
    if not isinstance(betas, list) or not all(isinstance(b, str) for b in betas):
        return Rejection(400, f"Malformed input request: {field} must be an array of strings")
    unknown = [beta for beta in betas if beta not in ACCEPTED_BETAS]
    if unknown:
        return Rejection(400, f"invalid beta flag: {unknown[0]}")
    return None
