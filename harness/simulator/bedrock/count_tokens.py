"""Bedrock's CountTokens operation, ``POST /model/{modelId}/count-tokens``, shared by both
Bedrock backends: its body wraps an InvokeModel body (``{"input": {"invokeModel": {"body":
<base64>}}}``, InvokeModel's backend answers) or a Converse request (``{"input": {"converse":
{...}}}``, Converse's backend answers). The request is checked against botocore's
``CountTokens`` input shape, and the scenario is placed by the request it wraps (`wrapped`),
sent as that operation's JSON request. The answer is ``{"inputTokens": N}``: a count-tokens
reply's ``input_tokens``, or a message reply's input usage (input, cache write and cache read
tokens). Only a foundation model counts: a cross-region inference profile id (``us.anthropic.
...``) or another ARN gets the service's 400 "The provided model doesn't support counting
tokens." (as reported from live calls, e.g. maximhq/bifrost#2169)."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any, Literal
from urllib.parse import quote

import botocore.validate

from adapters.bedrock.eventstream import service_model
from adapters.bedrock.urls import is_cross_region_profile
from harness.simulator import JSON, Rejection, SimRequest, SimResponse
from harness.simulator.bedrock.errors import scripted_error_response
from harness.simulator.script import ReplyError, count_tokens_body, reply_kind

OPERATION = "count-tokens"
ROUTE = "POST /model/{modelId}/count-tokens"
InputKind = Literal["invokeModel", "converse"]
_WRAPPED_OPERATION: dict[InputKind, str] = {"invokeModel": "invoke", "converse": "converse"}
NOT_COUNTED = "The provided model doesn't support counting tokens."


def input_kind(body: bytes) -> InputKind | None:
    """Which request a CountTokens body wraps (None: neither, or not JSON)."""
    try:
        value = json.loads(body)
    except ValueError:
        return None
    wrapped = value.get("input") if isinstance(value, dict) else None
    if isinstance(wrapped, dict) and "converse" in wrapped:
        return "converse"
    if isinstance(wrapped, dict) and "invokeModel" in wrapped:
        return "invokeModel"
    return None


def refusal(body: bytes, model: str) -> str | None:
    """Bedrock's ValidationException message for a CountTokens request, or None if its model
    is a foundation model and its body passes botocore's input shape (and an InvokeModel body
    is base64)."""
    if is_cross_region_profile(model) or (
        model.startswith("arn:") and ":foundation-model/" not in model
    ):
        return NOT_COUNTED
    try:
        value = json.loads(body)
    except ValueError as exc:
        return f"Malformed input request: the request body is not valid JSON ({exc})"
    if not isinstance(value, dict):
        return "Malformed input request: the request body must be a JSON object"
    shape = service_model().operation_model("CountTokens").input_shape
    report = botocore.validate.ParamValidator().validate({**value, "modelId": model}, shape)
    if report.has_errors():
        lines = [line.strip() for line in report.generate_report().splitlines()]
        return "Malformed input request: " + "; ".join(line for line in lines if line)
    if input_kind(body) == "invokeModel" and _invoke_body(value["input"]["invokeModel"]) is None:
        return (
            "Value at 'input.invokeModel.body' failed to satisfy constraint: Member must be "
            "base64 encoded"
        )
    return None


def wrapped(request: SimRequest, model: str) -> SimRequest | None:
    """The InvokeModel or Converse request a CountTokens request wraps, as that operation
    receives it (same headers), or None when the body wraps neither."""
    kind = input_kind(request.body)
    if kind is None:
        return None
    value = json.loads(request.body)["input"][kind]
    inner = _invoke_body(value) if kind == "invokeModel" else _converse_body(value)
    if inner is None:
        return None
    path = f"/model/{quote(model, safe='')}/{_WRAPPED_OPERATION[kind]}"
    return SimRequest(request.method, path, "", request.headers, inner)


def respond(reply: Mapping[str, Any], request_id: str) -> SimResponse:
    """CountTokens' answer for a reply: the count, or the scripted error."""
    kind = reply_kind(reply)
    if kind == "error":
        return scripted_error_response(reply, request_id)
    if kind == "count_tokens":
        count = count_tokens_body(reply)["input_tokens"]
    else:
        usage = reply.get("usage") or {}
        count = sum(
            int(usage.get(key) or 0)
            for key in ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
        )
    if not isinstance(count, int):
        raise ReplyError("a count-tokens reply needs an integer input_tokens")
    return SimResponse.of_json(200, {"inputTokens": count}, {"x-amzn-requestid": request_id})


def refused_inner(kind: str, inner: Rejection | None) -> Rejection | None:
    """A refusal of the wrapped request, reworded to name where it sits in CountTokens."""
    if inner is None:
        return None
    return Rejection(inner.status, f"input.{kind}: {inner.message}")


def _invoke_body(value: Any) -> bytes | None:
    data = value.get("body") if isinstance(value, dict) else None
    if not isinstance(data, str):
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


def _converse_body(value: Any) -> bytes | None:
    if not isinstance(value, dict):
        return None
    body: JSON = dict(value)
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
