"""A Converse request checked as Bedrock checks it (after auth): botocore's ``ParamValidator``
for the operation's input shape, then the constraints it leaves unchecked (enums, numeric
maximums, patterns, base64 blobs), the conversation rules, and the accepted beta flags.
Refusals are ``ValidationException`` in coral's wording."""

from __future__ import annotations

import base64
import binascii
import functools
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

import botocore.model
import botocore.validate

from adapters.bedrock.eventstream import service_model
from harness.simulator import JSON, Rejection, Route, SimRequest, read_json_object
from harness.simulator.anthropic.validate import output_config_problem
from harness.simulator.bedrock.errors import BedrockRejection
from harness.simulator.bedrock.validate import check_betas
from harness.simulator.bedrock_converse.routes import OPERATION_NAMES
from harness.simulator.client_tools import (
    beta_gated_problem,
    tool_name_problem,
)

_FIRST_USER = (
    "A conversation must start with a user message. Try again with a conversation that "
    "starts with a user message."
)
_ALTERNATE = (
    "A conversation must alternate between user and assistant roles. Make sure the "
    "conversation alternates between user and assistant roles and try again."
)
_TOOL_CONFIG = (
    "The toolConfig field must be defined when using toolUse and toolResult content blocks."
)


def refusal(request: SimRequest, route: Route) -> Rejection | None:
    """Bedrock's refusal of a Converse body, or None when it passes."""
    return body_refusal(request.body, route.params["operation"], route.params["model"])


@functools.lru_cache(maxsize=1024)
def body_refusal(data: bytes, operation_path: str, model: str) -> Rejection | None:
    """Bedrock's refusal of a Converse body sent to ``operation_path`` (``converse`` or
    ``converse-stream``) for ``model``; worked out once per distinct body."""
    try:
        body = read_json_object(data)
    except ValueError as exc:
        return BedrockRejection(400, str(exc), "SerializationException")
    operation = OPERATION_NAMES[operation_path]
    problem = validate_request({**body, "modelId": model}, operation)
    if problem is not None:
        return Rejection(400, problem)
    additional = body.get("additionalModelRequestFields")
    if not isinstance(additional, dict):
        additional = {}
    tools_field = "additionalModelRequestFields.tools"
    named = tool_name_problem(additional.get("tools"), tools_field) or beta_gated_problem(
        additional.get("tools"), additional.get("anthropic_beta"), tools_field
    )
    if named is not None:
        return Rejection(400, f"{named[0]}: {named[1]}")
    betas = additional.get("anthropic_beta")
    return check_betas(betas, "additionalModelRequestFields.anthropic_beta")


def validate_request(params: JSON, operation: str) -> str | None:
    """Bedrock's ValidationException message for a Converse request, or None if it passes."""
    shape = service_model().operation_model(operation).input_shape
    report = botocore.validate.ParamValidator().validate(params, shape)
    if report.has_errors():
        lines = [line.strip() for line in report.generate_report().splitlines()]
        return "Malformed input request: " + "; ".join(line for line in lines if line)
    found = list(_constraint_errors(params, shape, ""))
    if found:
        count = f"{len(found)} validation error{'s' if len(found) > 1 else ''} detected"
        return f"{count}: " + "; ".join(found)
    return _conversation_error(params) or _output_config_error(params.get("outputConfig"))


def _output_config_error(config: Any) -> str | None:
    """What Claude refuses in ``outputConfig`` (its schema is JSON text), relayed as Bedrock
    relays a model's refusal of its input."""
    if not isinstance(config, dict):
        return None
    anthropic: JSON = {"effort": config.get("effort")}
    text_format = config.get("textFormat")
    if isinstance(text_format, dict):
        structure = text_format.get("structure") or {}
        schema_text = (structure.get("jsonSchema") or {}).get("schema")
        try:
            schema = json.loads(schema_text) if isinstance(schema_text, str) else None
        except ValueError:
            return "The provided JSON schema in outputConfig.textFormat is not valid JSON."
        anthropic["format"] = {"type": text_format.get("type"), "schema": schema}
    problem = output_config_problem(anthropic)
    if problem is None:
        return None
    return f"The model returned the following errors: {problem[0]}: {problem[1]}"


def _constraint_errors(value: Any, shape: botocore.model.Shape, path: str) -> Iterator[str]:
    """What botocore's validator leaves unchecked: enums, maximums, patterns, base64."""
    if isinstance(shape, botocore.model.StructureShape):
        if shape.metadata.get("document") or not isinstance(value, dict):
            return
        for name, member in shape.members.items():
            if name in value:
                yield from _constraint_errors(
                    value[name], member, f"{path}.{name}" if path else name
                )
    elif isinstance(shape, botocore.model.ListShape) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _constraint_errors(item, shape.member, f"{path}.{index + 1}.member")
    elif isinstance(shape, botocore.model.MapShape) and isinstance(value, dict):
        for key, item in value.items():
            yield from _constraint_errors(item, shape.value, f"{path}.{key}")
    else:
        yield from _scalar_errors(value, shape, path)


def _scalar_errors(value: Any, shape: botocore.model.Shape, path: str) -> Iterator[str]:
    where = f"Value '{value}' at '{path}' failed to satisfy constraint: Member must"
    enum = shape.metadata.get("enum")
    if enum and value not in enum:
        yield f"{where} satisfy enum value set: [{', '.join(enum)}]"
    pattern = shape.metadata.get("pattern")
    if pattern and isinstance(value, str) and not _matches(pattern, value):
        yield f"{where} satisfy regular expression pattern: {pattern}"
    maximum = shape.metadata.get("max")
    numeric = shape.type_name in ("integer", "long", "float", "double")
    if numeric and maximum is not None and isinstance(value, int | float) and value > maximum:
        yield f"{where} have value less than or equal to {maximum}"
    if shape.type_name == "blob" and isinstance(value, str):
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            yield f"Value at '{path}' failed to satisfy constraint: Member must be base64 encoded"


def _matches(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot compile is not checked


def _conversation_error(params: JSON) -> str | None:
    messages = params.get("messages") or []
    roles = [m.get("role") for m in messages]
    if roles and roles[0] != "user":
        return _FIRST_USER
    if any(a == b for a, b in itertools.pairwise(roles)):
        return _ALTERNATE
    uses_tools = any(
        key in block
        for message in messages
        for block in message.get("content", [])
        for key in ("toolUse", "toolResult")
    )
    if uses_tools and "toolConfig" not in params:
        return _TOOL_CONFIG
    return None
