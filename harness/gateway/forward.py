"""One Anthropic call through the reference translator: route, encode, send, decode.

Both fronts end here. The client's ``model`` picks the route (`harness.gateway.config`);
the call goes to the target's adapter exactly as the reference mode builds it (model id
resolved, the client's API version and betas); the backend's answer is decoded by the decode
stage (`harness.stages.decode`), whole, or handed back as arriving pieces when it is the
stream a streaming call asked for (`harness.gateway.relay` decodes those).

A request the translator refuses is the client's error: 400 ``invalid_request_error`` naming
the field (``betas[1]: Bedrock refuses the beta flag ...``), or 404 ``not_found_error`` when
the route has no such endpoint (count_tokens on OpenAI).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from adapters.base import JSON, Adapter, Call, Endpoint, TranslationError, WireResponse
from harness import registry
from harness.gateway.config import GatewayConfig, Route
from harness.gateway.errors import GatewayError
from harness.gateway.relay import EventRelay, batches
from harness.gateway.upstream import Upstream, iter_body, read_all, response_head
from harness.outcome import Outcome
from harness.stages.decode import decode, is_stream


@dataclass(frozen=True)
class Answer:
    """The backend's answer: a decoded ``outcome``, or a stream to relay (``relay`` fed with
    the arriving ``pieces``)."""

    route: Route
    outcome: Outcome | None = None
    relay: EventRelay | None = None
    pieces: Iterator[list[bytes]] | None = None


class Forwarder:
    """Sends Anthropic calls to their routes' backends."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.upstream = Upstream(timeout=config.timeout, live=config.live_credentials)

    def close(self) -> None:
        self.upstream.close()

    def route(self, body: JSON) -> Route:
        """The route of a request body's ``model``."""
        model = body.get("model")
        if not isinstance(model, str) or not model:
            raise GatewayError(400, "model: a model name (string) is required")
        return self.config.route(model)

    def kept_betas(self, target: str, betas: tuple[str, ...]) -> tuple[str, ...]:
        """``betas`` without those the configuration drops for ``target``."""
        dropped = self.config.drop_betas.get(target, frozenset())
        return tuple(beta for beta in betas if beta not in dropped)

    def forward(
        self,
        body: JSON,
        endpoint: Endpoint,
        *,
        api_version: str | None,
        betas: tuple[str, ...],
        headers: Mapping[str, str],
    ) -> Answer:
        """Send the call for ``body``; its answer (GatewayError when it cannot be had)."""
        route = self.route(body)
        call = Call(
            endpoint=endpoint,
            body={**body, "model": route.model_id},
            api_version=api_version or route.api_version,
            betas=self.kept_betas(route.target, betas),
        )
        adapter = registry.adapter(route.target)
        try:
            wire = adapter.encode_request(call, route.settings)
        except TranslationError as exc:
            raise _refusal(exc, route, endpoint) from None
        extra = {h: headers[h] for h in self.config.forward_headers if h in headers}
        response = self.upstream.open(wire, route, extra)
        head = response_head(response)
        if is_stream(call, head):
            relay = EventRelay(adapter, call, head)
            return Answer(route, relay=relay, pieces=batches(iter_body(response), response.close))
        return Answer(route, outcome=_decoded(adapter, call, read_all(response, route.target)))


def _decoded(adapter: Adapter, call: Call, response: WireResponse) -> Outcome:
    decoded = decode(adapter, call, response)
    if decoded.outcome is None:
        reason = decoded.findings[0].message.removeprefix("response: ")
        raise GatewayError(
            500, f"the {adapter.name} backend's answer could not be translated: {reason}"
        )
    return decoded.outcome


def _refusal(exc: TranslationError, route: Route, endpoint: Endpoint) -> GatewayError:
    if exc.path == "endpoint":
        return GatewayError(
            404,
            f"{endpoint} is not available for {route.model_id} on {route.target}: {exc.message}",
        )
    return GatewayError(400, str(exc))
