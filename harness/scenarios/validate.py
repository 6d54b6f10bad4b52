"""A scenario document's top level: required keys, id, front, endpoint, modes; then each
part through its own module."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from adapters.base import API_VERSIONS, Endpoint
from harness.errors import ScenarioError
from harness.fronts import fronts
from harness.scenarios import declarations
from harness.scenarios.fields import Fields
from harness.scenarios.model import Scenario
from harness.scenarios.reply import reply
from harness.scenarios.requests import anthropic_request, openai_request
from harness.vocabulary import MODES

_TOP_KEYS = {
    "id",
    "title",
    "description",
    "tags",
    "front",
    "endpoint",
    "api_version",
    "betas",
    "request",
    "reply",
    "modes",
    "not_applicable",
    "known_differences",
    "refused",
    "expect",
}
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*(/[a-z0-9][a-z0-9_.-]*)*$")


def scenario(f: Fields, data: Any, sid: str, file: Path) -> Scenario:
    """The validated `Scenario` of ``data``, or a `ScenarioError` naming file, line, field."""
    if data is None:
        raise ScenarioError(f.file, 1, "the file is empty")
    top = f.mapping(data, [])
    f.keys(top, _TOP_KEYS, [])
    if not _ID_RE.match(sid):
        raise f.fail([], f"file path gives id {sid!r}; use lower-case names, digits, - _ .")
    if "id" in top and top["id"] != sid:
        raise f.fail(["id"], f"must match the file path ({sid!r}), got {top['id']!r}")
    for required in ("title", "request", "reply"):
        if required not in top:
            raise f.fail([], f"missing required key {required!r}")
    title = f.string(top["title"], ["title"])
    description = top.get("description", "")
    if not isinstance(description, str):
        raise f.fail(["description"], "must be a string")
    front = f.choice(top.get("front", "anthropic"), fronts(), ["front"])
    endpoint = _endpoint(f, top, front)
    api_version = top.get("api_version")
    if api_version is not None:
        api_version = f.choice(str(api_version), API_VERSIONS, ["api_version"])
    return Scenario(
        id=sid,
        file=file,
        title=title,
        description=description,
        tags=_strings(f, top, "tags"),
        front=front,
        endpoint=endpoint,
        api_version=api_version,
        betas=_strings(f, top, "betas"),
        request=(
            openai_request(f, top["request"])
            if front == "openai"
            else anthropic_request(f, top["request"], endpoint)
        ),
        reply=reply(f, top["reply"], endpoint),
        modes=_modes(f, top, endpoint),
        not_applicable=declarations.not_applicable(f, top.get("not_applicable", [])),
        known_differences=declarations.known_differences(f, top.get("known_differences", {})),
        expect=declarations.expectations(f, top.get("expect", [])),
        refused=declarations.refused(f, top.get("refused", {})),
    )


def _endpoint(f: Fields, top: dict[str, Any], front: str) -> Endpoint:
    name = f.choice(top.get("endpoint", "messages"), ("messages", "count_tokens"), ["endpoint"])
    if front == "openai" and name != "messages":
        raise f.fail(["endpoint"], "the openai front has only the messages endpoint")
    return "count_tokens" if name == "count_tokens" else "messages"


def _strings(f: Fields, top: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(f.string(item, [key, i]) for i, item in enumerate(f.seq(top.get(key, []), [key])))


def _modes(f: Fields, top: dict[str, Any], endpoint: str) -> tuple[str, ...]:
    default = ["json"] if endpoint == "count_tokens" else list(MODES)
    raw = f.seq(top.get("modes", default), ["modes"])
    if not raw:
        raise f.fail(["modes"], "must list at least one mode")
    modes = tuple(f.choice(m, MODES, ["modes", i]) for i, m in enumerate(raw))
    if len(set(modes)) != len(modes):
        raise f.fail(["modes"], "lists a mode twice")
    if endpoint == "count_tokens" and "stream" in modes:
        raise f.fail(["modes"], "count_tokens has no streaming mode")
    return modes
