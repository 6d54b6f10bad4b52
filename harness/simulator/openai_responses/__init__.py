"""The OpenAI Responses API as a simulated backend: ``POST /v1/responses`` and
``POST /v1/responses/input_tokens`` (`routes`).

`validate` checks requests as the service does: a bearer key (else 401), a JSON object
body, a ``model``, no unknown parameter, every field valid against the official ``openai``
SDK's Responses request types, ``max_output_tokens`` of at least 16, and every function call
answered by its ``call_id``. Refusals and scripted errors come in OpenAI's envelope
``{"error": {"message", "type", "param", "code"}}`` with chat completions' statuses and
wording (`errors`).

`render`: a scripted message reply is the ``response`` object (`content`): each block an
output item in order (text a ``message`` item with one ``output_text`` part, ``tool_use`` a
``function_call`` item keeping the scripted id as its ``call_id``, thinking a ``reasoning``
item whose summary is shown only when the request set ``reasoning.summary`` and whose
``encrypted_content`` (the signature, or a redacted block's data) only when ``include`` asks
for it), ``status`` and ``incomplete_details`` from the stop reason (a stop sequence ends a
response as completed: Responses has none), usage with input tokens including cache reads
and writes. `stream`: with ``stream: true`` the same reply as the typed event stream,
following the native stream piece for piece; a ``stream_error`` cuts it with an ``error``
event. Everything is deterministic: ids, timestamps and split points are drawn from the
scenario id.
"""

from __future__ import annotations

from collections.abc import Mapping

from harness.simulator import Backend, Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.openai_responses.render import respond
from harness.simulator.openai_responses.routes import NAME, ROUTES, route_of
from harness.simulator.openai_responses.validate import refusal

__all__ = ["OpenAIResponsesBackend", "make_backend"]


class OpenAIResponsesBackend:
    """The simulated Responses endpoints."""

    name: str = NAME
    routes: tuple[str, ...] = ROUTES

    def route(self, request: SimRequest) -> Route | None:
        return route_of(request)

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        return refusal(request, route.endpoint)

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        return respond(request, route, answer)


def make_backend(verify_env: Mapping[str, str] | None = None) -> Backend:
    """The backend (``verify_env`` is ignored: any bearer key passes)."""
    return OpenAIResponsesBackend()
