"""Anthropic call -> Vertex AI wire request, shaped exactly as ``AnthropicVertex`` shapes it.

Messages: ``model`` moves from the body into the URL, ``stream`` stays in the body and picks
``:streamRawPredict``. Count tokens: ``model`` stays in the body. Both bodies get
``anthropic_version`` with setdefault semantics (a value already in the body wins and keeps
its place; otherwise it is appended last). Betas travel only in the ``anthropic-beta``
header; there is no ``anthropic-version`` header. ``user_profile_id`` goes in the
``anthropic-user-profile-id`` header, as ``AnthropicVertex`` sends it (user profiles work on
Claude on Google Cloud; the profiles live in an Anthropic organization linked to the
project). Every other field goes as given, as the official client sends it, except those in
`REFUSED`, which Vertex AI cannot honour: a `TranslationError` names them rather than let
the request run otherwise than asked. Of the server tools, Vertex AI runs web search and tool
search (`SERVER_TOOLS`: their beta flags are added to the header); web fetch, code execution
and their blocks are refused by name.
"""

from __future__ import annotations

from adapters.anthropic.request import (
    HEADER_FIELDS,
    beta_headers,
    check_call,
    dump_body,
    refuse_fields,
    split_header_fields,
)
from adapters.anthropic.server_tools import (
    ServerToolPolicy,
    check_server_tools,
    server_tool_betas,
)
from adapters.base import JSON, Call, TargetSettings, TranslationError, WireRequest
from adapters.vertex import urls
from adapters.vertex.auth import placeholder_headers

# Anthropic API version -> the body's anthropic_version on Vertex
BODY_VERSIONS: dict[str, str] = {
    "2023-06-01": "vertex-2023-10-16",
    "2026-10-21": "2026-10-21",
}


# Messages API fields Vertex AI cannot honour -> why (the refusal's message)
REFUSED: dict[str, str] = {
    "inference_geo": (
        "Vertex AI has no inference_geo: the region of the endpoint (settings.region) decides "
        "where inference runs"
    ),
    "diagnostics": "cache diagnostics are offered on the Claude API only, not on Vertex AI",
    "mcp_servers": (
        "the MCP connector is not available on Vertex AI (the Claude API, Claude Platform on "
        "AWS and Microsoft Foundry offer it)"
    ),
    "workspace_id": (
        "Vertex AI has no Claude API workspaces: the Google Cloud project (settings.project) "
        "decides whose request it is"
    ),
}
# Parameters sent as headers on Vertex AI: field -> header
HEADER_FIELDS_VERTEX: dict[str, str] = {"user_profile_id": HEADER_FIELDS["user_profile_id"]}

# The server tools Vertex AI runs -> the beta flag each needs there (Google's "Web search
# with Anthropic Claude models" page; Anthropic's tool search page: tool-search-tool-2025-10-19
# on Vertex AI and Bedrock). Web fetch and code execution are refused by name.
SERVER_TOOLS = ServerToolPolicy(
    platform="Vertex AI",
    runs={
        "web_search": "web-search-2025-03-05",
        "tool_search_tool_regex": "tool-search-tool-2025-10-19",
        "tool_search_tool_bm25": "tool-search-tool-2025-10-19",
    },
    why_not="Vertex AI runs the web search and tool search server tools only",
)


def vertex_body(call: Call) -> JSON:
    """The body Vertex receives for ``call`` (a new dict; the call is left untouched)."""
    body, _ = split_header_fields(call.body, HEADER_FIELDS_VERTEX)
    if call.endpoint == "messages":
        body.pop("model", None)
    body.setdefault("anthropic_version", BODY_VERSIONS[call.api_version])
    return body


def _required(value: str | None, setting: str) -> str:
    if not value:
        raise TranslationError(
            f"the vertex target needs a {setting}; set it in the target settings",
            path=f"settings.{setting}",
        )
    return value


def _model(call: Call) -> str:
    model = call.body.get("model")
    if not isinstance(model, str) or not model:
        raise TranslationError("a model id is required to address Vertex AI", path="model")
    return model


def encode_request(call: Call, settings: TargetSettings) -> WireRequest:
    """The Vertex request for ``call`` under ``settings`` (region and project required)."""
    check_call(call)
    refuse_fields(call, REFUSED)
    check_server_tools(call, SERVER_TOOLS)
    call = server_tool_betas(call, SERVER_TOOLS)
    region = _required(settings.region, "region")
    project = _required(settings.project, "project")
    root = urls.root_url(region, settings.base_url)
    if call.endpoint == "messages":
        url = urls.messages_url(root, project, region, _model(call), call.stream)
    else:
        url = urls.count_tokens_url(root, project, region)
    _, moved = split_header_fields(call.body, HEADER_FIELDS_VERTEX)
    headers = {
        "content-type": "application/json",
        **placeholder_headers(),
        **beta_headers(call),
        **moved,
    }
    model = call.body.get("model")
    warnings = urls.model_id_warnings(model) if isinstance(model, str) else ()
    body = dump_body(vertex_body(call))
    return WireRequest(method="POST", url=url, headers=headers, body=body, warnings=warnings)
