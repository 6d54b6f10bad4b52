"""Bedrock Converse as a simulated backend: a scripted reply rendered in Converse's shapes.

Routes (`routes`; the model id percent-encoded as one segment, see
`harness.simulator.bedrock`)::

    POST /model/{modelId}/converse
    POST /model/{modelId}/converse-stream
    POST /model/{modelId}/count-tokens              (input.converse, see bedrock.count_tokens)

`validate` checks requests as Bedrock does, after auth: the body (with the URL's
``modelId``) must pass botocore's ``ParamValidator`` for the operation's input shape
(unknown keys, required members, unions, minimums), then the constraints it does not check
(enums, numeric maximums, patterns, base64 blobs); conversations start with a user message
and alternate roles; tool blocks need a ``toolConfig``;
``additionalModelRequestFields.anthropic_beta`` holds only accepted flags. Refusals are
``ValidationException`` in coral's wording.

`render`: a message reply becomes ``{output.message, stopReason, usage, metrics}`` (with
``additionalModelResponseFields.delta.stop_sequence`` when the request asked for that path).
`stream`: a ConverseStream in Bedrock's real order: ``messageStart``; per block, a
``contentBlockStart`` only for tool use, the deltas (text and reasoning blocks start with a
delta; reasoning text is followed by an empty text delta and then the signature; redacted
content arrives in one delta), ``contentBlockStop``; ``messageStop``; and ``metadata``
(usage, latency) last. Every event carries ``p`` padding. Text, thinking and tool input are
split into the same deltas as on every other backend (drawn from the scenario id), so a
scripted ``stream_error`` cuts the stream where the native one is cut and sends its
exception frame (`errors`); a text or thinking block opened just before the cut gets the
empty delta that opens it on Converse.

Stop reasons: Anthropic's map to Converse's of the same name; ``refusal`` is
``content_filtered`` and ``pause_turn`` is ``end_turn``. A reply may force any Converse
stop reason with ``bedrock: {stop_reason: ...}`` (e.g. ``guardrail_intervened``).
"""

from __future__ import annotations

from collections.abc import Mapping

from harness.simulator import Backend, Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.bedrock import BedrockBackend, aws_credentials
from harness.simulator.bedrock_converse.render import respond
from harness.simulator.bedrock_converse.routes import NAME, OPERATIONS, ROUTES
from harness.simulator.bedrock_converse.validate import body_refusal, refusal

__all__ = ["BedrockConverseBackend", "make_backend"]


class BedrockConverseBackend(BedrockBackend):
    """The simulated Converse and ConverseStream operations.

    ``credentials`` and ``api_keys`` work as `BedrockBackend` says."""

    name: str = NAME
    routes: tuple[str, ...] = ROUTES

    operations = OPERATIONS
    counts = frozenset({"converse"})

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        refused = self.refuse_early(request, route)
        if refused is not None:
            return refused
        if route.endpoint == "count_tokens":
            model = route.params["model"]
            return self.refuse_count_tokens(
                request, route, lambda inner: body_refusal(inner.body, "converse", model)
            )
        return refusal(request, route)

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        return respond(request, route, answer)


def make_backend(verify_env: Mapping[str, str] | None = None) -> Backend:
    """The backend; with ``verify_env``, verifying SigV4 signatures and Bedrock API keys
    against the credentials named there."""
    if verify_env is None:
        return BedrockConverseBackend()
    keys, api_keys = aws_credentials(verify_env)
    return BedrockConverseBackend(credentials=keys, api_keys=api_keys)
