"""The chat-completions route."""

from __future__ import annotations

from harness.simulator import Route, SimRequest

NAME = "openai"
PATH = "/v1/chat/completions"
ROUTES = (f"POST {PATH}",)


def route_of(request: SimRequest) -> Route | None:
    """The route of a ``POST`` to the chat-completions path (a trailing ``/`` allowed)."""
    if request.method == "POST" and request.path.rstrip("/") == PATH:
        return Route("messages")
    return None
