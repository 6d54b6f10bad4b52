"""Bedrock InvokeModel as a simulated backend: Claude's own body over the Bedrock runtime.

Routes (the model id percent-encoded as one segment; see `harness.simulator.bedrock`)::

    POST /model/{modelId}/invoke
    POST /model/{modelId}/invoke-with-response-stream

Checked as Bedrock checks them, after auth: a JSON object body, without ``model`` or
``stream`` ("extraneous key ... is not permitted"), with ``anthropic_version``
``bedrock-2023-05-31`` or ``2026-10-21``, and only accepted ``anthropic_beta`` flags.

A message reply answers ``/invoke`` with the Message JSON (``msg_bdrk_`` id, the bare Claude
model name, usage also in ``X-Amzn-Bedrock-*-Token-Count`` headers) and
``/invoke-with-response-stream`` with an event stream: one ``chunk`` frame per Anthropic
event (no pings; ``{"bytes": base64 of the event JSON, "p": padding}``), the last one,
``message_stop``, carrying ``amazon-bedrock-invocationMetrics``. Text, thinking and tool
input are split into the same deltas as on every other backend (drawn from the scenario id),
so a scripted ``stream_error`` cuts the stream where the native one is cut; the exception
frame for its type is sent instead of the rest. Bedrock has no token counting for this
client: a count-tokens reply is refused.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from typing import Any

from adapters.base import Endpoint
from harness.simulator import (
    JSON,
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    read_json_object,
)
from harness.simulator import bedrock as common
from harness.simulator.eventstream import event_frame, exception_frame
from harness.simulator.script import (
    ReplyError,
    make_id,
    reply_events,
    reply_kind,
    reply_message,
    scripted_error,
)

NAME = "bedrock-invoke"
BODY_VERSIONS = ("bedrock-2023-05-31", "2026-10-21")
_OPERATIONS: dict[str, Endpoint] = {
    "invoke": "messages",
    "invoke-with-response-stream": "messages",
}
_EXTRANEOUS = ("model", "stream")


class BedrockInvokeBackend(common.BedrockBackend):
    """The simulated InvokeModel and InvokeModelWithResponseStream operations.

    ``credentials`` and ``api_keys`` work as `common.BedrockBackend` says."""

    name: str = NAME
    routes: tuple[str, ...] = (
        "POST /model/{modelId}/invoke",
        "POST /model/{modelId}/invoke-with-response-stream",
    )

    operations = _OPERATIONS

    def validate(self, request: SimRequest, route: Route) -> Rejection | None:
        refused = self.refuse_early(request, route)
        if refused is not None:
            return refused
        try:
            body = read_json_object(request.body)
        except ValueError as exc:
            return Rejection(400, f"Malformed input request: {exc}, please reformat your input")
        for key in _EXTRANEOUS:
            if key in body:
                return Rejection(
                    400,
                    f"Malformed input request: #: extraneous key [{key}] is not permitted, "
                    "please reformat your input and try again.",
                )
        version = body.get("anthropic_version")
        if version is None:
            return Rejection(
                400, "Malformed input request: #: required key [anthropic_version] not found"
            )
        if version not in BODY_VERSIONS:
            return Rejection(
                400, f"Malformed input request: anthropic_version {version!r} is invalid"
            )
        return common.check_betas(body.get("anthropic_beta"), "anthropic_beta")

    def render(self, request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
        seed = answer.scenario_id if isinstance(answer, Script) else request.path
        request_id = common.request_id(f"{NAME}/{seed}")
        if isinstance(answer, Rejection):
            return common.rejection_error(answer, request_id)
        reply = answer.reply
        kind = reply_kind(reply)
        if kind == "error":
            error = scripted_error(reply)
            status, name = common.scripted_exception(error.status)
            return common.bedrock_error(status, name, error.message, request_id)
        if kind != "message":
            raise ReplyError(
                "Bedrock InvokeModel has no token counting for AnthropicBedrock; a "
                f"{kind} reply cannot be served"
            )
        model = common.claude_name(route.params["model"])
        message_id = make_id("msg_bdrk_", seed)
        if route.params["operation"] == "invoke":
            message = reply_message(reply, model=model, message_id=message_id)
            return SimResponse.of_json(
                200, message, _usage_headers(message["usage"], request_id, seed)
            )
        frames = invoke_stream(
            reply, model=model, message_id=message_id, seed=f"{NAME}/{seed}", split_seed=seed
        )
        extra = {"x-amzn-bedrock-content-type": "application/json"}
        return common.event_stream_response(frames, request_id, f"{NAME}/{seed}", extra)


def invoke_stream(
    reply: Mapping[str, Any], *, model: str, message_id: str, seed: str, split_seed: str
) -> bytes:
    """The InvokeModelWithResponseStream body for a message reply: padding and metrics drawn
    from ``seed``, deltas split by ``split_seed`` (the scenario id, as every backend splits)."""
    events = reply_events(reply, model=model, message_id=message_id, split_seed=split_seed)
    failure = events.pop() if reply.get("stream_error") is not None else None
    events = [e for e in events if e["type"] != "ping"]
    if events and events[-1]["type"] == "message_stop":
        events[-1] = {**events[-1], "amazon-bedrock-invocationMetrics": _metrics(reply, seed)}
    frames = [_chunk(event, f"{seed}/{index}") for index, event in enumerate(events)]
    if failure is not None:
        error = failure["error"]
        exception = common.STREAM_EXCEPTIONS.get(error["type"], "internalServerException")
        frames.append(
            exception_frame(exception, json.dumps({"message": error["message"]}).encode())
        )
    return b"".join(frames)


def _chunk(event: JSON, seed: str) -> bytes:
    data = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
    payload = {"bytes": base64.b64encode(data).decode("ascii"), "p": common.padding(seed)}
    return event_frame("chunk", json.dumps(payload, separators=(",", ":")).encode())


def _metrics(reply: Mapping[str, Any], seed: str) -> JSON:
    usage = reply["usage"]
    total = common.latency_ms(seed)
    return {
        "inputTokenCount": usage["input_tokens"],
        "outputTokenCount": usage["output_tokens"],
        "invocationLatency": total,
        "firstByteLatency": total // 3,
        "cacheReadInputTokenCount": usage.get("cache_read_input_tokens", 0),
        "cacheWriteInputTokenCount": usage.get("cache_creation_input_tokens", 0),
    }


def _usage_headers(usage: Mapping[str, Any], request_id: str, seed: str) -> dict[str, str]:
    return {
        "x-amzn-requestid": request_id,
        "x-amzn-bedrock-invocation-latency": str(common.latency_ms(seed)),
        "x-amzn-bedrock-input-token-count": str(usage["input_tokens"]),
        "x-amzn-bedrock-output-token-count": str(usage["output_tokens"]),
        "x-amzn-bedrock-cache-read-input-token-count": str(usage.get("cache_read_input_tokens", 0)),
        "x-amzn-bedrock-cache-write-input-token-count": str(
            usage.get("cache_creation_input_tokens", 0)
        ),
    }
