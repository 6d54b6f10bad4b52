"""What Bedrock writes around a reply, drawn from a seed: request ids, the ``p`` padding,
latencies, and the bare Claude model name its bodies report."""

from __future__ import annotations

import hashlib
import re
import uuid

from harness.simulator.script import seeded_ints

_PADDING = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def request_id(seed: str) -> str:
    """An ``x-amzn-RequestId`` (a UUID) derived from ``seed``."""
    digest = hashlib.sha256(f"request-id\x00{seed}".encode()).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def padding(seed: str) -> str:
    """Bedrock's ``p`` field: a random-length run of the alphabet (drawn from ``seed``)."""
    return _PADDING[: 1 + next(seeded_ints(seed, "padding")) % len(_PADDING)]


def latency_ms(seed: str, low: int = 120, spread: int = 900) -> int:
    """A plausible latency in milliseconds, drawn from ``seed``."""
    return low + next(seeded_ints(seed, "latency")) % spread


def claude_name(model_id: str) -> str:
    """The bare Claude model name a Bedrock model id points at, as its bodies report it:
    ``us.anthropic.claude-sonnet-4-5-20250929-v1:0`` -> ``claude-sonnet-4-5-20250929``."""
    name = model_id.rsplit("/", 1)[-1]
    name = re.sub(r"^(?:[a-z]+\.)?anthropic\.", "", name)
    return re.sub(r"-v\d+(?::\d+)?$", "", name)
