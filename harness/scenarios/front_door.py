"""Front-door scenarios: what an Anthropic-compatible front door promises its clients.

A file under ``fixtures/scenarios/front-door/`` holds one call a client makes to a gateway's
front (``GET /v1/models``, a Messages request without ``anthropic-version``, count_tokens
with ``?beta=true``, ...) and what the client must receive (docs/SCENARIOS.md, "Front-door
scenarios"). Such a scenario has cases only for a gateway on trial: the reference translator
has no front door of its own, so `parity run` never sees these files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adapters.protocol.errors import STATUS_ERROR_TYPES
from harness.errors import ScenarioError
from harness.scenarios import declarations
from harness.scenarios.fields import Fields
from harness.scenarios.model import NotApplicable
from harness.scenarios.yaml_source import parse

FOLDER = "front-door"
"""The folder of ``fixtures/scenarios/`` that holds front-door scenarios."""

BODIES = ("model_page", "model", "message", "count_tokens", "error")
"""What the client's body must be, each checked with the anthropic SDK's types."""
UPSTREAM = ("none", "reference")
"""What must reach the backend: nothing, or the reference translator's request."""
METHODS = ("GET", "POST")
ENDPOINT_PATHS = {"messages": "/v1/messages", "count_tokens": "/v1/messages/count_tokens"}

_TOP_KEYS = {"id", "title", "description", "tags", "front_door", "not_applicable"}
_REQUEST_KEYS = {"method", "path", "query", "headers", "uses", "model", "pages"}
_EXPECT_KEYS = {"status", "body", "error_type", "names", "upstream"}


@dataclass(frozen=True)
class FrontDoorExpect:
    """What the client must receive, and what must reach the backend."""

    status: int
    body: str
    error_type: str | None = None
    names: str | None = None
    """Text the error message must contain (the header or flag it is about)."""
    upstream: str | None = None


@dataclass(frozen=True)
class FrontDoorScenario:
    """A validated front-door scenario (one client call, judged as the client sees it)."""

    id: str
    file: Path
    title: str
    description: str
    tags: tuple[str, ...]
    method: str
    path: str | None
    """``{model}`` is the name a client uses for the case's target; None: the used
    scenario's endpoint."""
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str | None], ...]
    """Changes to the headers a client sends: a value, or None to leave the header out."""
    uses: str | None
    """A Messages scenario whose request is the body (and whose reply the backend gives)."""
    model: str
    pages: bool
    expect: FrontDoorExpect
    not_applicable: tuple[NotApplicable, ...] = ()
    modes: tuple[str, ...] = ("json",)
    front: str = "anthropic"

    def not_applicable_reason(self, target: str, mode: str) -> str | None:
        for na in self.not_applicable:
            if na.target == target and na.mode in (None, mode):
                return na.reason
        return None


def is_front_door(file: Path, root: Path) -> bool:
    """Whether ``file`` (under the scenarios folder ``root``) is a front-door scenario."""
    return file.relative_to(root).parts[:1] == (FOLDER,)


def load_front_door(file: Path, sid: str, shown: str) -> FrontDoorScenario:
    """Load and validate one front-door file, raising `ScenarioError` with file and line."""
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ScenarioError(shown, None, f"cannot read the file: {exc}") from None
    document = parse(raw, shown)
    f = Fields(shown, document)
    if document.data is None:
        raise ScenarioError(shown, 1, "the file is empty")
    top = f.mapping(document.data, [])
    f.keys(top, _TOP_KEYS, [])
    for required in ("title", "front_door"):
        if required not in top:
            raise f.fail([], f"missing required key {required!r}")
    if "id" in top and top["id"] != sid:
        raise f.fail(["id"], f"must match the file path ({sid!r}), got {top['id']!r}")
    description = top.get("description", "")
    if not isinstance(description, str):
        raise f.fail(["description"], "must be a string")
    door = f.mapping(top["front_door"], ["front_door"])
    f.keys(door, {"request", "expect"}, ["front_door"])
    request = f.mapping(door.get("request"), ["front_door", "request"])
    f.keys(request, _REQUEST_KEYS, ["front_door", "request"])
    tags = f.seq(top.get("tags", []), ["tags"])
    return FrontDoorScenario(
        id=sid,
        file=file,
        title=f.string(top["title"], ["title"]),
        description=description,
        tags=tuple(f.string(t, ["tags", i]) for i, t in enumerate(tags)),
        expect=_expect(f, door.get("expect")),
        not_applicable=declarations.not_applicable(f, top.get("not_applicable", [])),
        **_request(f, request),
    )


def _request(f: Fields, request: dict[str, Any]) -> dict[str, Any]:
    at = ["front_door", "request"]
    uses = request.get("uses")
    if uses is not None:
        uses = f.string(uses, [*at, "uses"])
    method = f.choice(request.get("method", "POST" if uses else "GET"), METHODS, [*at, "method"])
    path = request.get("path")
    if path is None and uses is None:
        raise f.fail(at, "names a path, or a scenario it uses")
    if path is not None and not str(f.string(path, [*at, "path"])).startswith("/"):
        raise f.fail([*at, "path"], "must start with '/'")
    query = f.mapping(request.get("query", {}), [*at, "query"])
    headers = f.mapping(request.get("headers", {}), [*at, "headers"])
    for name, value in headers.items():
        if value is not None and not isinstance(value, str):
            raise f.fail([*at, "headers", name], "must be a string, or null to leave it out")
    pages = request.get("pages", False)
    if not isinstance(pages, bool):
        raise f.fail([*at, "pages"], "must be true or false")
    return {
        "method": method,
        "path": path,
        "query": tuple((str(k), str(v)) for k, v in query.items()),
        "headers": tuple((str(k).lower(), v) for k, v in headers.items()),
        "uses": uses,
        "model": f.string(request.get("model", "sonnet"), [*at, "model"]),
        "pages": pages,
    }


def _expect(f: Fields, value: Any) -> FrontDoorExpect:
    at = ["front_door", "expect"]
    expect = f.mapping(value, at)
    f.keys(expect, _EXPECT_KEYS, at)
    if "status" not in expect or "body" not in expect:
        raise f.fail(at, "must give status and body")
    status = f.integer(expect["status"], [*at, "status"], minimum=100)
    body = f.choice(expect["body"], BODIES, [*at, "body"])
    error_type = expect.get("error_type")
    if body == "error":
        error_type = f.string(error_type, [*at, "error_type"])
        documented = STATUS_ERROR_TYPES.get(status)
        if documented is not None and documented != error_type:
            raise f.fail(
                [*at, "error_type"], f"the API documents {documented!r} for status {status}"
            )
    elif error_type is not None:
        raise f.fail([*at, "error_type"], "only with body: error")
    names = expect.get("names")
    upstream = expect.get("upstream")
    return FrontDoorExpect(
        status=status,
        body=body,
        error_type=error_type,
        names=None if names is None else f.string(names, [*at, "names"]),
        upstream=None if upstream is None else f.choice(upstream, UPSTREAM, [*at, "upstream"]),
    )
