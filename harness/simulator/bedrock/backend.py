"""`BedrockBackend`: what both Bedrock backends share at the front, the credentials they
verify, their routes, and the checks that come before the body."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

from adapters.base import Endpoint
from harness.simulator import Rejection, Route, SimRequest
from harness.simulator.bedrock import count_tokens
from harness.simulator.bedrock.auth import AwsKey, check_auth
from harness.simulator.bedrock.errors import UNKNOWN_OPERATION, BedrockRejection
from harness.simulator.bedrock.routes import route_of


class BedrockBackend:
    """What both Bedrock backends share: the credentials they verify, their routes, and the
    checks that come before the body (credentials, then a known operation).

    ``credentials`` (access key id -> `AwsKey`) turns on SigV4 verification; ``api_keys``
    limits the accepted Bedrock API keys. Both default to accepting any well-formed
    credentials."""

    operations: Mapping[str, Endpoint] = {}
    counts: frozenset[count_tokens.InputKind | None] = frozenset()
    """The CountTokens inputs this backend answers (by the request they wrap)."""

    def __init__(
        self,
        credentials: Mapping[str, AwsKey] | None = None,
        api_keys: Collection[str] | None = None,
    ) -> None:
        self.credentials = credentials
        self.api_keys = api_keys

    def route(self, request: SimRequest) -> Route | None:
        operations = {**self.operations, count_tokens.OPERATION: "count_tokens"}
        route = route_of(request, operations)
        if route is None or route.params["operation"] != count_tokens.OPERATION:
            return route
        if count_tokens.input_kind(request.body) not in self.counts:
            return None
        inner = count_tokens.wrapped(request, route.params["model"])
        return Route(route.endpoint, route.params, resolve_as=inner)

    def refuse_count_tokens(
        self,
        request: SimRequest,
        route: Route,
        inner: Callable[[SimRequest], Rejection | None],
    ) -> Rejection | None:
        """The refusal of a CountTokens request: its shape, then the request it wraps as
        ``inner`` checks that."""
        problem = count_tokens.refusal(request.body, route.params["model"])
        if problem is not None:
            return Rejection(400, problem)
        if route.resolve_as is None:
            return Rejection(400, "Malformed input request: input names no request to count")
        kind = count_tokens.input_kind(request.body) or "invokeModel"
        return count_tokens.refused_inner(kind, inner(route.resolve_as))

    def refuse_early(self, request: SimRequest, route: Route) -> Rejection | None:
        """A refusal for the credentials or the operation, before the body is read."""
        refused = check_auth(request, self.credentials, self.api_keys)
        if refused is not None:
            return refused
        if route.params.get("unknown_operation"):
            return BedrockRejection(404, "the path names no operation", UNKNOWN_OPERATION)
        return None


def aws_credentials(env: Mapping[str, str]) -> tuple[dict[str, AwsKey], list[str]]:
    """The AWS keys (access key id -> `AwsKey`) and the Bedrock API keys named in ``env``,
    as a verifying backend checks requests against them."""
    keys: dict[str, AwsKey] = {}
    access_key = env.get("AWS_ACCESS_KEY_ID")
    secret = env.get("AWS_SECRET_ACCESS_KEY")
    if access_key and secret:
        keys[access_key] = AwsKey(secret, env.get("AWS_SESSION_TOKEN") or None)
    bearer = env.get("AWS_BEARER_TOKEN_BEDROCK")
    return keys, [bearer] if bearer else []
