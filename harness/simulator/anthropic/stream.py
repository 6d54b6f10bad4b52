"""A message reply as the Messages API streams it: its event stream as server-sent events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from harness.simulator import SimResponse
from harness.simulator.script import reply_events


def stream_response(
    reply: Mapping[str, Any],
    *,
    model: str,
    message_id: str,
    headers: Mapping[str, str],
    stream_seed: str | None,
    split_seed: str | None,
) -> SimResponse:
    """The 200 event stream, chunked when ``stream_seed`` is given; deltas split by
    ``split_seed``."""
    events = reply_events(reply, model=model, message_id=message_id, split_seed=split_seed)
    return SimResponse.of_events(events, headers, seed=stream_seed)
