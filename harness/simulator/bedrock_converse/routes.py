"""Converse's operations on the shared Bedrock route, and their botocore operation names."""

from __future__ import annotations

from adapters.base import Endpoint

NAME = "bedrock-converse"
ROUTES = (
    "POST /model/{modelId}/converse",
    "POST /model/{modelId}/converse-stream",
    "POST /model/{modelId}/count-tokens (input.converse)",
)
OPERATIONS: dict[str, Endpoint] = {"converse": "messages", "converse-stream": "messages"}
OPERATION_NAMES = {"converse": "Converse", "converse-stream": "ConverseStream"}
