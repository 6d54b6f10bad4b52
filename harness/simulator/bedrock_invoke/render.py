"""InvokeModel's answers: the Message JSON with usage headers, the event stream, or a
Bedrock error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import Rejection, Route, Script, SimRequest, SimResponse
from harness.simulator.bedrock import count_tokens
from harness.simulator.bedrock.errors import rejection_error, scripted_error_response
from harness.simulator.bedrock.render import claude_name, latency_ms, request_id
from harness.simulator.bedrock.stream import event_stream_response
from harness.simulator.bedrock_invoke.routes import NAME
from harness.simulator.bedrock_invoke.stream import invoke_stream
from harness.simulator.script import ReplyError, make_id, reply_kind, reply_message


def respond(request: SimRequest, route: Route, answer: Script | Rejection) -> SimResponse:
    """The response InvokeModel sends for ``answer``."""
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
        raise ReplyError(
            "Bedrock InvokeModel has no token counting for AnthropicBedrock; a "
            f"{kind} reply cannot be served"
        )
    model = claude_name(route.params["model"])
    message_id = make_id("msg_bdrk_", seed)
    if route.params["operation"] == "invoke":
        message = reply_message(reply, model=model, message_id=message_id)
        return SimResponse.of_json(200, message, usage_headers(message["usage"], rid, seed))
    frames = invoke_stream(
        reply, model=model, message_id=message_id, seed=f"{NAME}/{seed}", split_seed=seed
    )
    extra = {"x-amzn-bedrock-content-type": "application/json"}
    return event_stream_response(frames, rid, f"{NAME}/{seed}", extra)


def usage_headers(usage: Mapping[str, Any], request_id: str, seed: str) -> dict[str, str]:
    """The headers InvokeModel reports the request id, latency and token counts in."""
    return {
        "x-amzn-requestid": request_id,
        "x-amzn-bedrock-invocation-latency": str(latency_ms(seed)),
        "x-amzn-bedrock-input-token-count": str(usage["input_tokens"]),
        "x-amzn-bedrock-output-token-count": str(usage["output_tokens"]),
        "x-amzn-bedrock-cache-read-input-token-count": str(usage.get("cache_read_input_tokens", 0)),
        "x-amzn-bedrock-cache-write-input-token-count": str(
            usage.get("cache_creation_input_tokens", 0)
        ),
    }
