"""Claude on Vertex AI as a simulated backend.

Routes (`routes`; model ids may hold ``@``, literally or as ``%40``)::

    POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict
    POST .../models/{model}:streamRawPredict
    POST .../models/count-tokens:rawPredict          (the model is named in the body)

Vertex's front end checks the request itself (`validate`): a Bearer token (else 401
UNAUTHENTICATED), a known publisher model method (else 404 NOT_FOUND), and a body with
``anthropic_version`` ``vertex-2023-10-16`` or ``2026-10-21``, no ``model`` in a messages
body, and ``model`` in a count-tokens body (else 400 INVALID_ARGUMENT). Errors it raises
itself come in Google's envelope ``{"error": {"code", "message", "status"}}`` (`errors`);
errors from the model (400, 413, 500, 529) pass through in Anthropic's envelope. A scripted
error follows that split by status unless its ``envelope`` forces one; in Google's envelope
it carries the text Vertex writes for that status (quota text for 429, and so on).

A successful body is the model's own, exactly as the native API renders it (`render`), with
``model`` echoing the URL's model id. The body's ``stream`` flag decides JSON or event
stream; ``:streamRawPredict`` delivers it chunked, ``:rawPredict`` in one piece.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from harness.simulator import Backend, Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.vertex.render import respond
from harness.simulator.vertex.routes import NAME, ROUTES, route_of
from harness.simulator.vertex.validate import refusal

__all__ = ["VertexBackend", "make_backend"]


class VertexBackend:
    """The simulated Vertex AI publisher-model endpoints for Claude. With ``access_tokens``
    (e.g. `harness.simulator.oauth.OAuthServer.issued`) only the Bearer tokens it accepts
    pass; otherwise any Bearer token does."""

    name: str = NAME
    routes: tuple[str, ...] = ROUTES

    def __init__(self, access_tokens: Callable[[str], bool] | None = None) -> None:
        self.access_tokens = access_tokens

    def route(self, request: SimRequest) -> Route | None:
        return route_of(request)

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        return refusal(request, route, self.access_tokens)

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        return respond(request, route, answer)


def make_backend(verify_env: Mapping[str, str] | None = None) -> Backend:
    """The backend (``verify_env`` is ignored: any Bearer token passes)."""
    return VertexBackend()
