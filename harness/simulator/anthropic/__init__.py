"""The native Anthropic API as a simulated backend: ``POST /v1/messages`` (optionally with
``?beta=true``) and ``POST /v1/messages/count_tokens`` (`routes`).

`validate` checks requests as the API does: credentials (``x-api-key``, or
``authorization: Bearer``) else 401, a supported ``anthropic-version`` header, a JSON object
body naming a ``model``, and the typed fields (``max_tokens`` required for messages,
``messages`` a list, ``stop_sequences`` a list of strings, ``stream`` a boolean) else 400.
Every response carries a ``request-id`` header; errors use Anthropic's envelope (`errors`);
``stream: true`` answers a message reply as an event stream (`stream`), else as JSON
(`render`). A failing streaming request answers plain JSON, as the API does.

`render.render_success` is also how Vertex answers, since Vertex relays the model's own body.
"""

from __future__ import annotations

from collections.abc import Mapping

from harness.simulator import Backend, Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.anthropic.render import respond
from harness.simulator.anthropic.routes import NAME, ROUTES, route_of
from harness.simulator.anthropic.validate import refusal

__all__ = ["AnthropicBackend", "make_backend"]


class AnthropicBackend:
    """The simulated native Messages API."""

    name: str = NAME
    routes: tuple[str, ...] = ROUTES

    def route(self, request: SimRequest) -> Route | None:
        return route_of(request)

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        return refusal(request, route)

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        return respond(request, route, answer)


def make_backend(verify_env: Mapping[str, str] | None = None) -> Backend:
    """The backend (``verify_env`` is ignored: any non-blank credentials pass)."""
    return AnthropicBackend()
