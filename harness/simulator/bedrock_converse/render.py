"""Converse's answers: the response body for a message reply, the ConverseStream stream, or
a Bedrock error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import (
    JSON,
    Rejection,
    Route,
    Script,
    SimRequest,
    SimResponse,
    read_json_object,
)
from harness.simulator.bedrock import count_tokens
from harness.simulator.bedrock.errors import rejection_error, scripted_error_response
from harness.simulator.bedrock.render import latency_ms, request_id
from harness.simulator.bedrock.stream import event_stream_response
from harness.simulator.bedrock_converse.content import (
    STOP_SEQUENCE_PATH,
    content_block,
    converse_usage,
    sequence_fields,
    stop_reason,
)
from harness.simulator.bedrock_converse.routes import NAME
from harness.simulator.bedrock_converse.stream import converse_stream
from harness.simulator.script import ReplyError, reply_kind, reply_message


def respond(request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
    """The response Converse or ConverseStream sends for ``answer``."""
    seed = answer.scenario_id if isinstance(answer, Script) else request.path
    rid = request_id(f"{NAME}/{seed}")
    if isinstance(answer, Rejection):
        return rejection_error(answer, rid)
    reply = answer.reply
    if route.endpoint == "count_tokens":
        return count_tokens.respond(reply, rid)
    kind = reply_kind(reply)
    if kind == "error":
        return scripted_error_response(reply, rid)
    if kind != "message":
        raise ReplyError(f"Converse has no token counting; a {kind} reply cannot be served")
    body = read_json_object(request.body)
    wants_sequence = STOP_SEQUENCE_PATH in (body.get("additionalModelResponseFieldPaths") or [])
    message = reply_message(reply, model=route.params["model"], message_id="msg_unused")
    if route.params["operation"] == "converse":
        payload = converse_reply(reply, message, wants_sequence, f"{NAME}/{seed}")
        return SimResponse.of_json(200, payload, {"x-amzn-requestid": rid})
    frames = converse_stream(reply, wants_sequence, f"{NAME}/{seed}", split_seed=seed)
    return event_stream_response(frames, rid, f"{NAME}/{seed}")


def converse_reply(
    reply: Mapping[str, Any], message: JSON, wants_sequence: bool, seed: str
) -> JSON:
    """The Converse response body for a message reply."""
    payload: JSON = {
        "output": {
            "message": {
                "role": "assistant",
                "content": [content_block(block) for block in message["content"]],
            }
        },
        "stopReason": stop_reason(reply),
        "usage": converse_usage(reply["usage"]),
        "metrics": {"latencyMs": latency_ms(seed)},
    }
    if wants_sequence:
        payload["additionalModelResponseFields"] = sequence_fields(reply)
    return payload
