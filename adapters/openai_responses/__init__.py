"""The OpenAI Responses API target: Anthropic calls onto ``POST /responses``."""
