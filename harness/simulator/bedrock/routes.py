"""The Bedrock runtime's routes: ``POST /model/{modelId}/{operation}``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import unquote

from adapters.base import Endpoint
from harness.simulator import Route, SimRequest

_ROUTE = re.compile(r"^/model/(?P<model>.+)/(?P<operation>[a-z-]+)$")


def route_of(request: SimRequest, operations: Mapping[str, Endpoint]) -> Route | None:
    """The route of a ``POST /model/{id}/{operation}`` for one of ``operations``. The model
    id is unquoted; ``unknown_operation`` is set when a literal ``/`` split it."""
    match = _ROUTE.match(request.path) if request.method == "POST" else None
    if match is None or match["operation"] not in operations:
        return None
    raw = match["model"]
    params = {"model": unquote(raw), "operation": match["operation"]}
    if "/" in raw:
        params["unknown_operation"] = "true"
    return Route(operations[match["operation"]], params)
