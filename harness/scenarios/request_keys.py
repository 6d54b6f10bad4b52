"""The top-level keys a scenario's request may hold: the API's documented parameters.

These are the parameters the APIs accept, not the ones Parity maps: a scenario may carry a
field that a target's translator must refuse (see ``refused`` in docs/SCENARIOS.md). The
Anthropic sets are what the official SDKs declare for ``messages.create`` and
``messages.count_tokens`` (their ``MessageCreateParams`` and ``MessageCountTokensParams``,
in the 0.125 and 2.12 SDKs, the beta namespace included); tests/harness/scenarios checks
them against both SDKs. ``stream`` is left out on purpose: the mode decides it.
"""

from __future__ import annotations

_SHARED = frozenset(
    {
        "model",
        "messages",
        "system",
        "tools",
        "tool_choice",
        "thinking",
        "cache_control",
        "output_config",
        "output_format",
        "context_management",
        "mcp_servers",
        "compaction",
        "speed",
        "billing_policy",
        "user_profile_id",
        "workspace_id",
    }
)

MESSAGES = _SHARED | {
    "max_tokens",
    "metadata",
    "stop_sequences",
    "temperature",
    "top_k",
    "top_p",
    "service_tier",
    "inference_geo",
    "container",
    "diagnostics",
    "fallbacks",
    "fallback_credit_token",
    "thread",
}
"""An Anthropic Messages request (``POST /v1/messages``)."""

COUNT_TOKENS = _SHARED
"""An Anthropic count-tokens request (``POST /v1/messages/count_tokens``)."""

OPENAI_CHAT = frozenset(
    {
        "model",
        "messages",
        "audio",
        "frequency_penalty",
        "function_call",
        "functions",
        "logit_bias",
        "logprobs",
        "max_completion_tokens",
        "max_tokens",
        "metadata",
        "modalities",
        "moderation",
        "n",
        "parallel_tool_calls",
        "prediction",
        "presence_penalty",
        "prompt_cache_key",
        "prompt_cache_options",
        "prompt_cache_retention",
        "reasoning_effort",
        "response_format",
        "safety_identifier",
        "seed",
        "service_tier",
        "stop",
        "store",
        "stream_options",
        "temperature",
        "tool_choice",
        "tools",
        "top_logprobs",
        "top_p",
        "user",
        "verbosity",
        "web_search_options",
    }
)
"""An OpenAI chat-completions request (``POST /v1/chat/completions``), as the official
``openai`` SDK's ``CompletionCreateParams`` declares it."""
