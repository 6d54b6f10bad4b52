"""The native Messages API's routes."""

from __future__ import annotations

from adapters.base import Endpoint
from harness.simulator import Route, SimRequest

NAME = "anthropic"
ROUTES = ("POST /v1/messages", "POST /v1/messages/count_tokens")
_PATHS: dict[str, Endpoint] = {
    "/v1/messages": "messages",
    "/v1/messages/count_tokens": "count_tokens",
}


def route_of(request: SimRequest) -> Route | None:
    """The route of a ``POST`` to one of the API's paths (the query is not part of it)."""
    endpoint = _PATHS.get(request.path) if request.method == "POST" else None
    return None if endpoint is None else Route(endpoint)
