"""Vertex AI's publisher-model routes for Claude."""

from __future__ import annotations

import re
from urllib.parse import unquote

from adapters.base import Endpoint
from harness.simulator import Route, SimRequest

NAME = "vertex"
COUNT_TOKENS_MODEL = "count-tokens"
ROUTES = (
    "POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}"
    ":rawPredict or :streamRawPredict",
    "POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models"
    "/count-tokens:rawPredict",
)
_PATH = re.compile(
    r"^/v1/projects/(?P<project>[^/]+)/locations/(?P<region>[^/]+)"
    r"/publishers/(?P<publisher>[^/]+)/models/(?P<model>[^/:]+):(?P<method>[A-Za-z]+)$"
)


def route_of(request: SimRequest) -> Route | None:
    """The route of a ``POST`` to a publisher model method (the path unquoted), with its
    project, region, publisher, model and method; any publisher and method match here."""
    if request.method != "POST":
        return None
    match = _PATH.match(unquote(request.path))
    if match is None:
        return None
    params = match.groupdict()
    endpoint: Endpoint = "count_tokens" if params["model"] == COUNT_TOKENS_MODEL else "messages"
    return Route(endpoint, params)
