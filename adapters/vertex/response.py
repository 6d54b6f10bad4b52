"""Vertex AI response -> Anthropic form: success bodies are Anthropic JSON and pass through;
failures go through the Vertex error mapping."""

from __future__ import annotations

from adapters.anthropic.response import decode_json_response
from adapters.base import Call, Translated, WireResponse
from adapters.vertex.errors import translate_error


def decode_response(call: Call, response: WireResponse) -> Translated:
    """A complete Vertex response (a Message, a token count or an error) in Anthropic form."""
    return decode_json_response(response, translate_error)
