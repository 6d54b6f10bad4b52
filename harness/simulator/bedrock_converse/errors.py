"""Converse's stream exceptions: the shared Bedrock ones, but Converse's stream union has no
``modelTimeoutException``, so a timeout arrives as ``modelStreamErrorException``."""

from __future__ import annotations

from harness.simulator.bedrock import errors as common

# Anthropic error type of a scripted stream error -> ConverseStream exception frame. An
# independent oracle: held against `adapters.bedrock.errors.STREAM_ERRORS`.
STREAM_EXCEPTIONS = {**common.STREAM_EXCEPTIONS, "timeout_error": "modelStreamErrorException"}
