"""A request checked as Vertex's front end checks it: a Bearer token, a known publisher model
method, and the body's ``anthropic_version`` and ``model``."""

from __future__ import annotations

from collections.abc import Callable

from harness.simulator import Rejection, Route, SimRequest, bearer_token, read_json_object
from harness.simulator.anthropic.validate import body_problem
from harness.simulator.client_tools import header_betas
from harness.simulator.server_tools import unrun_server_tool
from harness.simulator.vertex.errors import INVALID_CREDENTIALS, MISSING_CREDENTIALS, not_found

BODY_VERSIONS = ("vertex-2023-10-16", "2026-10-21")
# The server tools Claude on Vertex AI runs: web search (Google's "Web search with Anthropic
# Claude models") and tool search (Anthropic's tool search page). Web fetch and code execution
# are Claude API tools; the wording of Vertex AI's refusal was not observed. Held against
# `adapters.vertex.request.SERVER_TOOLS`.
SERVER_TOOLS = frozenset({"web_search", "tool_search_tool_regex", "tool_search_tool_bm25"})
_METHODS = {"messages": ("rawPredict", "streamRawPredict"), "count_tokens": ("rawPredict",)}


def refusal(
    request: SimRequest, route: Route, access_tokens: Callable[[str], bool] | None = None
) -> Rejection | None:
    """Vertex's refusal of ``request``, or None when it passes (a Bearer token
    ``access_tokens`` accepts, or any when None)."""
    token = bearer_token(request.headers)
    if token is None:
        return Rejection(401, MISSING_CREDENTIALS)
    if access_tokens is not None and not access_tokens(token):
        return Rejection(401, INVALID_CREDENTIALS)
    params = route.params
    if params["publisher"] != "anthropic" or params["method"] not in _METHODS[route.endpoint]:
        return Rejection(404, not_found(params, params["model"]))
    try:
        body = read_json_object(request.body)
    except ValueError as exc:
        return Rejection(400, f"Invalid JSON payload received: {exc}.")
    version = body.get("anthropic_version")
    if version not in BODY_VERSIONS:
        expected = " or ".join(repr(v) for v in BODY_VERSIONS)
        got = "is missing" if version is None else f"{version!r} is not supported"
        return Rejection(400, f"anthropic_version {got}; expected {expected}.")
    if route.endpoint == "messages" and "model" in body:
        return Rejection(
            400,
            "Request contains an invalid argument: 'model' must not be set in the request "
            "body; the model is named in the URL.",
        )
    if route.endpoint == "count_tokens" and not isinstance(body.get("model"), str):
        return Rejection(
            400, "Request contains an invalid argument: a count-tokens body must name 'model'."
        )
    betas = header_betas(request.headers.get("anthropic-beta"))
    problem = body_problem(body, route.endpoint, betas)
    if problem is not None:
        return Rejection(400, f"Request contains an invalid argument: {problem[0]}: {problem[1]}")
    unrun = unrun_server_tool(body, SERVER_TOOLS)
    if unrun is not None:
        return Rejection(
            400,
            f"Request contains an invalid argument: tools.{unrun[0]}.type: the server tool "
            f"'{unrun[1]}' is not supported on Vertex AI.",
        )
    return None
