"""InvokeModel's operations on the shared Bedrock route."""

from __future__ import annotations

from adapters.base import Endpoint

NAME = "bedrock-invoke"
ROUTES = (
    "POST /model/{modelId}/invoke",
    "POST /model/{modelId}/invoke-with-response-stream",
    "POST /model/{modelId}/count-tokens (input.invokeModel)",
)
OPERATIONS: dict[str, Endpoint] = {
    "invoke": "messages",
    "invoke-with-response-stream": "messages",
}
