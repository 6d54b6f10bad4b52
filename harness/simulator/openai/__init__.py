"""OpenAI chat completions as a simulated backend: ``POST /v1/chat/completions`` (`routes`).

`validate` checks requests as OpenAI does: a bearer key (else 401), a JSON object body
(else 400), a ``model``, no unrecognized top-level argument, every field valid against the
official ``openai`` SDK's request types, and the conversation rules the service enforces.
Refusals come in OpenAI's envelope ``{"error": {"message", "type", "param", "code"}}``
(`errors`).

`render`: a scripted message reply is rendered as OpenAI renders a completion: the text
blocks joined as ``content``, ``tool_use`` blocks as ``tool_calls`` (the scripted ids kept),
thinking dropped (OpenAI does not return reasoning text), ``stop_reason`` as
``finish_reason``, and usage with ``prompt_tokens = input + cache read + cache write``;
``prompt_tokens_details`` names ``cached_tokens`` / ``cache_write_tokens`` when the scripted
usage names the matching Anthropic field (`content` holds these parts). `stream`: with
``stream: true`` the same reply is a chunk stream: the role chunk, text a few words per
chunk, each tool call as one delta with index, id, name and ``arguments: ""`` then argument
fragments, the finish chunk, a usage-only chunk with ``choices: []`` when
``stream_options.include_usage`` is set (every other chunk then has ``usage: null``), and
``data: [DONE]``. Every chunk carries an ``obfuscation`` pad, as OpenAI's do. The chunks
follow the native event stream of the same scenario (`script.reply_events`), piece for piece,
so a ``stream_error`` cuts the message where the native stream cuts it (``after_events``
counts native events) and then sends ``data: {"error": ...}`` with no ``[DONE]``, as OpenAI's
servers do.

A reply may carry an ``openai`` mapping that shapes the wire the way some OpenAI-compatible
servers do (``content.WIRE_OPTIONS``): ``interleave_tool_calls`` (parallel calls' fragments
round-robin), ``usage_chunk: false`` (no usage chunk even when asked), ``empty_tool_calls``
(``tool_calls: []`` in the message and in a content delta), ``matched_stop`` (the field,
``stop_reason`` as vLLM or ``matched_stop`` as SGLang, that names a matched stop sequence).

Scripted errors use OpenAI's status and wording for that kind of failure: 529 overloaded is
OpenAI's 503, 402 billing is its 429 ``insufficient_quota``. Everything is deterministic:
ids, timestamps, pads and split points are drawn from the scenario id.
"""

from __future__ import annotations

from collections.abc import Mapping

from harness.simulator import Backend, Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.openai.render import respond
from harness.simulator.openai.routes import NAME, ROUTES, route_of
from harness.simulator.openai.validate import refusal

__all__ = ["OpenAIBackend", "make_backend"]


class OpenAIBackend:
    """The simulated chat-completions endpoint."""

    name: str = NAME
    routes: tuple[str, ...] = ROUTES

    def route(self, request: SimRequest) -> Route | None:
        return route_of(request)

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        return refusal(request)

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        return respond(request, route, answer)


def make_backend(verify_env: Mapping[str, str] | None = None) -> Backend:
    """The backend (``verify_env`` is ignored: any bearer key passes)."""
    return OpenAIBackend()
