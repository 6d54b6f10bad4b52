"""The response that carries a Bedrock event stream (its frames built with `eventstream`)."""

from __future__ import annotations

from harness.simulator import JSON, SimResponse

EVENT_STREAM_TYPE = "application/vnd.amazon.eventstream"


def event_stream_response(
    body: bytes, request_id: str, seed: str, extra: JSON | None = None
) -> SimResponse:
    """A 200 event stream, chunked at boundaries drawn from ``seed``."""
    headers = {"content-type": EVENT_STREAM_TYPE, "x-amzn-requestid": request_id, **(extra or {})}
    return SimResponse(200, headers, body, stream_seed=seed)
