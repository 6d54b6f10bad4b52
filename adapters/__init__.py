"""The reference translator: one package per backend (``anthropic``, ``vertex``,
``bedrock.invoke``, ``bedrock.converse``, ``openai``), each exposing its ``ADAPTER`` from its
``adapter`` module, and the Anthropic wire protocol they speak (``protocol``).

It stands alone: nothing here imports the engine (``harness``), whose target registry
(``harness.registry``) names each target's adapter module."""
