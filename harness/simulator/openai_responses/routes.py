"""The Responses routes: creating a response, and counting a request's input tokens."""

from __future__ import annotations

from harness.simulator import Route, SimRequest

NAME = "openai-responses"
PATH = "/v1/responses"
COUNT_PATH = "/v1/responses/input_tokens"
ROUTES = (f"POST {PATH}", f"POST {COUNT_PATH}")


def route_of(request: SimRequest) -> Route | None:
    """The route of a ``POST`` to either path (a trailing ``/`` allowed)."""
    if request.method != "POST":
        return None
    path = request.path.rstrip("/")
    if path == PATH:
        return Route("messages")
    if path == COUNT_PATH:
        return Route("count_tokens")
    return None
