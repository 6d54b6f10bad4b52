"""Requests and credentials shared by the tests of what both Bedrock backends share."""

from __future__ import annotations

from harness.simulator import SimRequest

BODY = b'{"anthropic_version":"bedrock-2023-05-31","max_tokens":1,"messages":[]}'


PATH = "/model/us.anthropic.claude-x-v1:0/invoke"


def request(
    path: str = PATH, headers: dict[str, str] | None = None, body: bytes = BODY
) -> SimRequest:
    return SimRequest("POST", path, "", headers or {}, body)
