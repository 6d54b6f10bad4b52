"""Bedrock InvokeModel as a simulated backend: Claude's own body over the Bedrock runtime.

Routes (`routes`; the model id percent-encoded as one segment, see
`harness.simulator.bedrock`)::

    POST /model/{modelId}/invoke
    POST /model/{modelId}/invoke-with-response-stream
    POST /model/{modelId}/count-tokens              (input.invokeModel, see bedrock.count_tokens)

`validate` checks requests as Bedrock does, after auth: a JSON object body, without
``model`` or ``stream`` ("extraneous key ... is not permitted"), with ``anthropic_version``
``bedrock-2023-05-31`` or ``2026-10-21``, and only accepted ``anthropic_beta`` flags.

A message reply answers ``/invoke`` with the Message JSON (`render`: ``msg_bdrk_`` id, the
bare Claude model name, usage also in ``X-Amzn-Bedrock-*-Token-Count`` headers) and
``/invoke-with-response-stream`` with an event stream (`stream`): one ``chunk`` frame per
Anthropic event (no pings; ``{"bytes": base64 of the event JSON, "p": padding}``), the last
one, ``message_stop``, carrying ``amazon-bedrock-invocationMetrics``. Text, thinking and tool
input are split into the same deltas as on every other backend (drawn from the scenario id),
so a scripted ``stream_error`` cuts the stream where the native one is cut; the exception
frame for its type is sent instead of the rest. A count-tokens reply is refused on
``/invoke`` (the official AnthropicBedrock client has no token counting); CountTokens with
an ``invokeModel`` input answers it (or a message reply's input usage) as ``inputTokens``.
Errors are the shared Bedrock shapes.
"""

from __future__ import annotations

from collections.abc import Mapping

from harness.simulator import Backend, Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.bedrock import BedrockBackend, aws_credentials
from harness.simulator.bedrock_invoke.render import respond
from harness.simulator.bedrock_invoke.routes import NAME, OPERATIONS, ROUTES
from harness.simulator.bedrock_invoke.validate import refusal

__all__ = ["BedrockInvokeBackend", "make_backend"]


class BedrockInvokeBackend(BedrockBackend):
    """The simulated InvokeModel and InvokeModelWithResponseStream operations.

    ``credentials`` and ``api_keys`` work as `BedrockBackend` says."""

    name: str = NAME
    routes: tuple[str, ...] = ROUTES

    operations = OPERATIONS
    counts = frozenset({"invokeModel", None})

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        refused = self.refuse_early(request, route)
        if refused is not None:
            return refused
        if route.endpoint == "count_tokens":
            return self.refuse_count_tokens(request, route, refusal)
        return refusal(request)

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        return respond(request, route, answer)


def make_backend(verify_env: Mapping[str, str] | None = None) -> Backend:
    """The backend; with ``verify_env``, verifying SigV4 signatures and Bedrock API keys
    against the credentials named there."""
    if verify_env is None:
        return BedrockInvokeBackend()
    keys, api_keys = aws_credentials(verify_env)
    return BedrockInvokeBackend(credentials=keys, api_keys=api_keys)
