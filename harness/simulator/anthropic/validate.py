"""A request checked as the Messages API checks it: credentials, ``anthropic-version``, a
JSON object body naming a ``model``, and the body fields every Claude endpoint types alike
(`body_problem`, which Vertex and Bedrock InvokeModel check too, in their own words)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from adapters.base import API_VERSIONS, Endpoint
from harness.simulator import (
    JSON,
    Rejection,
    Route,
    SimRequest,
    bearer_token,
    is_base64,
    read_json_object,
)
from harness.simulator.client_tools import beta_gated_problem, header_betas, tool_name_problem
from harness.simulator.json_schemas import open_object

EFFORTS = ("low", "medium", "high", "xhigh", "max")


def refusal(request: SimRequest, route: Route) -> Rejection | None:
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
    betas = header_betas(request.headers.get("anthropic-beta"))
    problem = body_problem(body, route.endpoint, betas)
    return None if problem is None else Rejection(400, f"{problem[0]}: {problem[1]}")


def body_problem(
    body: dict[str, Any], endpoint: Endpoint, betas: Sequence[str] = ()
) -> tuple[str, str] | None:
    """The first field of a Messages API body the API refuses, as (field, reason in the
    API's words): ``max_tokens`` required (messages only) and an integer, ``messages`` a
    list, ``stop_sequences`` a list of strings, ``stream`` a boolean, Anthropic-defined
    tools named as their type requires (and a beta-gated one with its flag among ``betas``),
    base64 image data that decodes, ``output_config`` (`output_config_problem`); None when
    they pass."""
    if endpoint == "messages":
        if "max_tokens" not in body:
            return ("max_tokens", "Field required")
        if not _is_int(body["max_tokens"]):
            return ("max_tokens", "Input should be a valid integer")
    if "messages" not in body:
        return ("messages", "Field required")
    if not isinstance(body["messages"], list):
        return ("messages", "Input should be a valid list")
    stop = body.get("stop_sequences")
    if "stop_sequences" in body and not isinstance(stop, list):
        return ("stop_sequences", "Input should be a valid list")
    if isinstance(stop, list):
        for index, item in enumerate(stop):
            if not isinstance(item, str):
                return (f"stop_sequences.{index}", "Input should be a valid string")
    if "stream" in body and not isinstance(body["stream"], bool):
        return ("stream", "Input should be a valid boolean")
    if "output_config" in body:
        problem = output_config_problem(body["output_config"])
        if problem is not None:
            return problem
    tools = body.get("tools")
    return (
        tool_name_problem(tools)
        or beta_gated_problem(tools, list(betas))
        or _image_problem(body["messages"])
    )


def output_config_problem(config: Any) -> tuple[str, str] | None:
    """What the API refuses in ``output_config``: an effort level it does not have, a format
    other than ``json_schema`` with a schema object, and an object in the schema that does
    not set ``additionalProperties: false`` (structured outputs need closed objects)."""
    if not isinstance(config, dict):
        return ("output_config", "Input should be a valid dictionary")
    effort = config.get("effort")
    if effort is not None and effort not in EFFORTS:
        levels = ", ".join(f"'{e}'" for e in EFFORTS[:-1])
        return ("output_config.effort", f"Input should be {levels} or '{EFFORTS[-1]}'")
    fmt: JSON | None = config.get("format")
    if fmt is None:
        return None
    if not isinstance(fmt, dict) or fmt.get("type") != "json_schema":
        return ("output_config.format.type", "Input should be 'json_schema'")
    if not isinstance(fmt.get("schema"), dict):
        return ("output_config.format.schema", "Input should be a valid dictionary")
    if open_object(fmt["schema"]) is not None:
        return (
            "output_config.format.schema",
            "For 'object' type, 'additionalProperties' must be explicitly set to false",
        )
    return None


def _image_problem(messages: list[Any]) -> tuple[str, str] | None:
    """An image whose base64 data does not decode, in a message or in a tool result's
    content: the API refuses it (``messages.2.content.0.tool_result.content.0.image.source.
    base64: invalid base64 data``)."""
    for i, message in enumerate(messages):
        content = message.get("content") if isinstance(message, dict) else None
        for j, block in enumerate(content if isinstance(content, list) else ()):
            if not isinstance(block, dict):
                continue
            where = f"messages.{i}.content.{j}"
            inner = block.get("content") if block.get("type") == "tool_result" else None
            nested = [
                (f"{where}.tool_result.content.{k}", b)
                for k, b in enumerate(inner if isinstance(inner, list) else ())
            ]
            for path, image in [(where, block), *nested]:
                if _bad_base64_image(image):
                    return (f"{path}.image.source.base64", "invalid base64 data")
    return None


def _bad_base64_image(block: Any) -> bool:
    if not isinstance(block, dict) or block.get("type") != "image":
        return False
    source = block.get("source")
    if not isinstance(source, dict):
        return False
    data = source.get("data")
    return source.get("type") == "base64" and not (isinstance(data, str) and is_base64(data))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _has_credentials(headers: Mapping[str, str]) -> bool:
    return bool(headers.get("x-api-key", "").strip()) or bearer_token(headers) is not None
