"""Vertex AI stream -> Anthropic events. ``streamRawPredict`` relays the native API's SSE
byte for byte, so the native decoder is the Vertex decoder."""

from __future__ import annotations

from adapters.anthropic.stream import decode_stream

__all__ = ["decode_stream"]
