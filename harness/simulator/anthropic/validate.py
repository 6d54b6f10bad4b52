"""A request checked as the Messages API checks it: credentials, ``anthropic-version``, and
a JSON object body naming a ``model``."""

from __future__ import annotations

from collections.abc import Mapping

from adapters.base import API_VERSIONS
from harness.simulator import Rejection, SimRequest, bearer_token, read_json_object


def refusal(request: SimRequest) -> Rejection | None:
    """The API's refusal of ``request``, or None when it passes."""
    if not _has_credentials(request.headers):
        return Rejection(401, "x-api-key header or authorization: Bearer header is required")
    version = request.headers.get("anthropic-version")
    if version is None:
        return Rejection(400, "anthropic-version: header is required")
    if version not in API_VERSIONS:
        expected = " or ".join(API_VERSIONS)
        return Rejection(
            400, f"anthropic-version: {version!r} is not a valid version; use {expected}"
        )
    try:
        body = read_json_object(request.body)
    except ValueError as exc:
        return Rejection(400, str(exc))
    model = body.get("model")
    if not isinstance(model, str) or not model:
        return Rejection(400, "model: Field required")
    return None


def _has_credentials(headers: Mapping[str, str]) -> bool:
    return bool(headers.get("x-api-key", "").strip()) or bearer_token(headers) is not None
