"""A scenario's ``request``: an Anthropic request (Messages or count-tokens) or, with
``front: openai``, an OpenAI chat-completions request. Only the API's parameters may appear;
the loader checks the few fields every case needs, and the translator checks the rest."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from adapters.base import JSON
from harness.scenarios import request_keys
from harness.scenarios.fields import Fields

_OPENAI_ROLES = ("system", "developer", "user", "assistant", "tool")


def anthropic_request(f: Fields, value: Any, endpoint: str) -> JSON:
    req = f.mapping(value, ["request"])
    if endpoint == "messages":
        _parameters(f, req, request_keys.MESSAGES, "a Messages API request")
    else:
        _parameters(f, req, request_keys.COUNT_TOKENS, "a count_tokens request")
    f.string(req.get("model"), ["request", "model"])
    if endpoint == "messages":
        if "max_tokens" not in req:
            raise f.fail(["request"], "missing required key 'max_tokens'")
        f.integer(req["max_tokens"], ["request", "max_tokens"])
    messages = f.seq(req.get("messages"), ["request", "messages"])
    if not messages:
        raise f.fail(["request", "messages"], "must hold at least one message")
    for i, msg in enumerate(messages):
        path: list[str | int] = ["request", "messages", i]
        m = f.mapping(msg, path)
        f.choice(m.get("role"), ("user", "assistant"), [*path, "role"])
        content = m.get("content")
        if isinstance(content, str):
            continue
        for j, block in enumerate(f.seq(content, [*path, "content"])):
            b = f.mapping(block, [*path, "content", j])
            f.string(b.get("type"), [*path, "content", j, "type"])
    system = req.get("system")
    if system is not None and not isinstance(system, str):
        for i, block in enumerate(f.seq(system, ["request", "system"])):
            b = f.mapping(block, ["request", "system", i])
            if b.get("type") != "text":
                raise f.fail(["request", "system", i, "type"], "system blocks are text blocks")
    _mcp_servers(f, req.get("mcp_servers"))
    return req


def _mcp_servers(f: Fields, servers: Any) -> None:
    """An MCP server's ``authorization_token`` is an OAuth token: a scenario (and so every
    cassette recorded from it) may hold only a ``<placeholder>`` in its place."""
    if servers is None:
        return
    for i, server in enumerate(f.seq(servers, ["request", "mcp_servers"])):
        token = f.mapping(server, ["request", "mcp_servers", i]).get("authorization_token")
        if token is not None and not (isinstance(token, str) and token.startswith("<")):
            raise f.fail(
                ["request", "mcp_servers", i, "authorization_token"],
                "a credential: write a placeholder such as <MCP_TOKEN>, never a real token",
            )


def openai_request(f: Fields, value: Any) -> JSON:
    """An OpenAI chat-completions request (front: openai); the front door checks the rest."""
    req = f.mapping(value, ["request"])
    _parameters(f, req, request_keys.OPENAI_CHAT, "an OpenAI chat-completions request")
    f.string(req.get("model"), ["request", "model"])
    messages = f.seq(req.get("messages"), ["request", "messages"])
    if not messages:
        raise f.fail(["request", "messages"], "must hold at least one message")
    for i, msg in enumerate(messages):
        m = f.mapping(msg, ["request", "messages", i])
        f.choice(m.get("role"), _OPENAI_ROLES, ["request", "messages", i, "role"])
    return req


def _parameters(f: Fields, req: JSON, allowed: Collection[str], what: str) -> None:
    """Every key of ``req`` is a parameter of ``what``; ``stream`` is the mode's to set."""
    for key in req:
        path = ["request", key]
        if key == "stream":
            raise f.fail(path, "do not set stream; `modes` decides it")
        if key == "betas":
            raise f.fail(path, "not a request field; list betas in the top-level `betas`")
        if key not in allowed:
            raise f.fail(path, f"unknown key: not a parameter of {what}")
