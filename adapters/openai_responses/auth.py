"""Credentials for the OpenAI Responses API: the same API key, header and environment as
chat completions (`adapters.openai.auth`): ``authorization: Bearer <OPENAI_API_KEY>`` as a
placeholder in encoded requests, the key from ``OPENAI_API_KEY`` when recording live."""

from __future__ import annotations

from adapters.openai.auth import ApiKeyAuth, build_auth, placeholder_headers

__all__ = ["ApiKeyAuth", "build_auth", "placeholder_headers"]
