"""Anthropic beta flags on Bedrock: which ones are refused before anything is sent.

Bedrock takes betas in the body (``anthropic_beta``) and answers 400 ``invalid beta flag``
for any it does not support. Betas observed to be refused that way are a translation error
here, naming the flag, rather than a request that is certain to fail; every other beta is
sent unchanged, as ``AnthropicBedrock`` sends it, and Bedrock decides.
"""

from __future__ import annotations

from collections.abc import Iterable

from adapters.base import TranslationError

# beta -> why Bedrock refuses it
REJECTED_BETAS: dict[str, str] = {
    "prompt-caching-2024-07-31": "prompt caching needs no beta on Bedrock",
    "extended-cache-ttl-2025-04-11": "the 1h cache ttl needs no beta on Bedrock",
    "files-api-2025-04-14": "Bedrock has no Files API",
    "code-execution-2025-05-22": "Bedrock does not run the code execution tool",
    "memory-2025-08-18": "Bedrock does not offer the memory tool beta",
    "claude-code-20250219": "Bedrock does not accept this client's beta flag",
}


def check_betas(betas: Iterable[str]) -> list[str]:
    """The betas to send, in order; a translation error on the first one Bedrock refuses."""
    kept: list[str] = []
    for index, beta in enumerate(betas):
        reason = REJECTED_BETAS.get(beta)
        if reason is not None:
            raise TranslationError(
                f"Bedrock refuses the beta flag {beta!r} (400 invalid beta flag): {reason}",
                path=f"betas[{index}]",
            )
        kept.append(beta)
    return kept
