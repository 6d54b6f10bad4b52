"""``GET /v1/models`` and ``GET /v1/models/{model_id}``: the names the gateway routes.

Each name (`GatewayConfig.model_names`) is a ``ModelInfo``: ``type: model``, its ``id``, a
``display_name`` saying where it goes (``sonnet on Vertex AI (claude-sonnet-4-6)``) and
``created_at`` at the epoch, as the API documents for an unknown release date. The list is
paginated as the API's: ``limit`` (1 to 1000, default 20), ``after_id`` or ``before_id``,
and the page carries ``data``, ``has_more``, ``first_id`` and ``last_id``. An unknown id is
404 ``not_found_error``.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote

from adapters.base import JSON
from harness import registry
from harness.gateway import headers
from harness.gateway.config import GatewayConfig
from harness.gateway.errors import GatewayError
from harness.gateway.wire import Incoming, Reply, anthropic_error_reply, json_reply, new_request_id

MODELS_PATH = "/v1/models"
EPOCH = "1970-01-01T00:00:00Z"
DEFAULT_LIMIT = 20
MAX_LIMIT = 1000


def handle(incoming: Incoming, config: GatewayConfig) -> Reply:
    """Serve the list (``/v1/models``) or one model (``/v1/models/{id}``)."""
    request_id = new_request_id()
    try:
        headers.authenticate(incoming.headers)
        headers.api_version(incoming.headers)
        rest = incoming.path.removeprefix(MODELS_PATH).strip("/")
        body = model_info(config, unquote(rest)) if rest else page(config, incoming.query)
    except GatewayError as exc:
        return anthropic_error_reply(exc, request_id)
    return json_reply(200, body, request_id)


def model_info(config: GatewayConfig, name: str) -> JSON:
    """The ``ModelInfo`` of a listed name; 404 otherwise."""
    if name not in config.model_names():
        raise GatewayError(404, f"model: {name}")
    route = config.route(name)
    title = registry.entry(route.target).title
    logical = name.split("/", 1)[1] if name.startswith(f"{route.target}/") else name
    return {
        "type": "model",
        "id": name,
        "display_name": f"{logical} on {title} ({route.model_id})",
        "created_at": EPOCH,
    }


def page(config: GatewayConfig, query: str) -> JSON:
    """One page of the list, as ``limit``, ``after_id`` and ``before_id`` ask."""
    params = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    limit = _limit(params.get("limit"))
    names = config.model_names()
    after, before = params.get("after_id"), params.get("before_id")
    if after is not None and before is not None:
        raise GatewayError(400, "after_id and before_id cannot be given together")
    if after is not None:
        start = _position(names, after, "after_id") + 1
        chosen, more = names[start : start + limit], start + limit < len(names)
    elif before is not None:
        end = _position(names, before, "before_id")
        chosen, more = names[max(0, end - limit) : end], end - limit > 0
    else:
        chosen, more = names[:limit], limit < len(names)
    return {
        "data": [model_info(config, name) for name in chosen],
        "has_more": more,
        "first_id": chosen[0] if chosen else None,
        "last_id": chosen[-1] if chosen else None,
    }


def _limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise GatewayError(400, f"limit: must be a whole number from 1 to {MAX_LIMIT}")
    return int(raw)


def _position(names: list[str], name: str, field: str) -> int:
    if name not in names:
        raise GatewayError(400, f"{field}: unknown model {name!r}")
    return names.index(name)
