"""The canonical form of a backend wire request, and the differences left between two.

Two wire requests that no backend can tell apart (the same JSON with keys in another order,
``%3A`` for ``:`` in the path, ``"stream": false`` spelled out, a system prompt as a string or
as one text block...) have equal canonical forms. `canonical_request` says which of the named
`CANONICALIZATIONS` it applied, so a reader sees what was set aside; `compare_requests` classes
whatever remains as a dropped field, an added field or a changed value, each at a dotted path
(``body.messages[0].content``). The simulator's resolver matches requests to scenarios with it
(`Canonical.key` is a dict key), and the table is documented in docs/GATEWAYS.md.

The query string is kept (``query``) and compared, but is not part of `Canonical.key`: it does
not say which conversation a request carries (``?beta=true``, ``?alt=sse``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl

from harness.canonical_steps import BODY_STEPS
from harness.compare import dotted_path, same_json


@dataclass(frozen=True)
class Canonicalization:
    """One named way two requests may differ that no backend can tell apart."""

    name: str
    description: str
    targets: frozenset[str] | None = None  # None: every target

    def applies_to(self, target: str) -> bool:
        return self.targets is None or target in self.targets


_ANTHROPIC_BODIES = frozenset({"anthropic", "vertex", "bedrock-invoke"})
_STREAM_FLAG = frozenset({"anthropic", "vertex", "openai", "openai-responses"})
_OPENAI = frozenset({"openai"})
_RESPONSES = frozenset({"openai-responses"})

CANONICALIZATIONS: tuple[Canonicalization, ...] = (
    Canonicalization(
        "json-key-order",
        "the order of the keys of a JSON object (JSON objects are unordered)",
    ),
    Canonicalization(
        "json-formatting",
        "whitespace between JSON tokens and the escape form of a string character "
        '("\\u00e9" or "é")',
    ),
    Canonicalization(
        "path-quoting",
        "a path character percent-encoded or literal where both mean the same (%3A or :, "
        "%40 or @) and the hex case of an escape; %2F stays apart from /",
    ),
    Canonicalization(
        "vertex-alt-sse",
        "alt=sse on a streamRawPredict request (Google's system parameter for a server-sent "
        "event stream: what streamRawPredict answers Claude with anyway)",
        frozenset({"vertex"}),
    ),
    Canonicalization(
        "stream-false",
        '"stream": false or no stream field (not streaming is the default)',
        _STREAM_FLAG,
    ),
    Canonicalization(
        "system-string",
        "a system prompt as a string or as one text block holding only that text",
        _ANTHROPIC_BODIES,
    ),
    Canonicalization(
        "content-string",
        "a message's content as a string or as one text block holding only that text",
        _ANTHROPIC_BODIES | _OPENAI | _RESPONSES,
    ),
    Canonicalization(
        "message-item-type",
        'a Responses input message with "type": "message" or with no type (message is the '
        "type of an input item with a role)",
        _RESPONSES,
    ),
    Canonicalization(
        "tool-type-custom",
        'a custom tool with "type": "custom" or with no type (custom is the default type of '
        "a tool with an input_schema)",
        _ANTHROPIC_BODIES,
    ),
    Canonicalization(
        "tool-arguments-format",
        "the formatting (whitespace, key order) of the JSON text in a tool call's arguments",
        _OPENAI | _RESPONSES,
    ),
    Canonicalization(
        "tool-result-success",
        'a Converse toolResult with "status": "success" or with no status (the Messages API\'s '
        "is_error false and is_error left out, which the reference translator sends as the "
        "one and the other)",
        frozenset({"bedrock-converse"}),
    ),
    Canonicalization(
        "schema-required-empty",
        'a tool\'s JSON Schema (and the schemas nested in it) with "required": [] or with no '
        "required (JSON Schema gives an empty list as the keyword's default: no property is "
        "required either way)",
    ),
    Canonicalization(
        "format-name",
        "the name of a JSON-schema output format (response_format.json_schema.name, "
        "text.format.name, Converse's jsonSchema.name): a label the translator picks, since "
        "the Messages API's format has none, and no constraint on the output",
        _OPENAI | _RESPONSES | frozenset({"bedrock-converse"}),
    ),
    Canonicalization(
        "format-schema-text",
        "the formatting (whitespace, key order) of the JSON text of Converse's "
        "outputConfig.textFormat.structure.jsonSchema.schema",
        frozenset({"bedrock-converse"}),
    ),
    Canonicalization(
        "max-tokens-field",
        "max_tokens or max_completion_tokens for the output limit (max_tokens is the "
        "deprecated name of the same setting)",
        _OPENAI,
    ),
)
_NAMES = frozenset(c.name for c in CANONICALIZATIONS)

DifferenceKind = Literal["dropped", "added", "changed"]


@dataclass(frozen=True)
class Canonical:
    """A wire request in canonical form. Equal forms are requests no backend can tell apart
    (the query aside, see `key`); ``applied`` names the canonicalizations that changed
    something and takes no part in equality."""

    target: str
    method: str
    path: str
    body: bytes  # canonical JSON text, or the raw bytes when the body is not JSON
    query: tuple[tuple[str, str], ...] = ()
    applied: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> tuple[str, str, bytes]:
        """What identifies the conversation a request carries: method, path and body."""
        return (self.method, self.path, self.body)

    def json(self) -> Any:
        """The canonical body as JSON (None for an empty body); ValueError when not JSON."""
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class Difference:
    """What remains between an expected and an actual request at a dotted ``path``:
    ``dropped`` (in expected only), ``added`` (in actual only) or ``changed``."""

    kind: DifferenceKind
    path: str
    expected: Any = None
    actual: Any = None

    def line(self) -> str:
        """One readable line."""
        if self.kind == "dropped":
            return f"{self.path}: dropped (expected {_short(self.expected)})"
        if self.kind == "added":
            return f"{self.path}: added ({_short(self.actual)})"
        return f"{self.path}: changed from {_short(self.expected)} to {_short(self.actual)}"


def canonical_request(target: str, method: str, path: str, body_bytes: bytes) -> Canonical:
    """The canonical form of a request to ``target``'s backend (``path`` may carry a query)."""
    raw_path, _, raw_query = path.partition("?")
    applied: list[str] = []
    canonical_path = _canonical_path(raw_path)
    if canonical_path != raw_path:
        applied.append("path-quoting")
    query = tuple(sorted(parse_qsl(raw_query, keep_blank_values=True)))
    if (
        target == "vertex"
        and canonical_path.endswith(":streamRawPredict")
        and ("alt", "sse") in query
    ):
        query = tuple(item for item in query if item != ("alt", "sse"))
        applied.append("vertex-alt-sse")
    body = _canonical_body(target, body_bytes, applied)
    return Canonical(target, method.upper(), canonical_path, body, query, tuple(applied))


def compare_requests(expected: Canonical, actual: Canonical) -> list[Difference]:
    """Every difference left between two canonical requests, in path order."""
    found: list[Difference] = []
    if expected.method != actual.method:
        found.append(Difference("changed", "method", expected.method, actual.method))
    if expected.path != actual.path:
        found.append(Difference("changed", "path", expected.path, actual.path))
    found.extend(_walk(dict(expected.query), dict(actual.query), ["query"]))
    try:
        want, got = expected.json(), actual.json()
    except ValueError:
        if expected.body != actual.body:
            found.append(Difference("changed", "body", _text(expected.body), _text(actual.body)))
        return found
    found.extend(_walk(want, got, ["body"]))
    return found


# -- path --------------------------------------------------------------------------------

_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_KEEP_ESCAPED = frozenset("/?#%")


def _canonical_path(path: str) -> str:
    def one(match: re.Match[str]) -> str:
        char = chr(int(match[1], 16))
        if char in _KEEP_ESCAPED or not char.isprintable() or ord(char) > 0x7E:
            return match[0].upper()
        return char

    return _ESCAPE.sub(one, path)


# -- body --------------------------------------------------------------------------------


def _canonical_body(target: str, body_bytes: bytes, applied: list[str]) -> bytes:
    if not body_bytes:
        return b""
    try:
        value = json.loads(body_bytes)
    except (UnicodeDecodeError, ValueError):
        return body_bytes
    compact = {_dump(value, sort=False, ascii_=a).encode() for a in (False, True)}
    if body_bytes not in compact:
        applied.append("json-formatting")
    if _has_unsorted_keys(value):
        applied.append("json-key-order")
    if isinstance(value, dict):
        for rule in CANONICALIZATIONS:
            step = BODY_STEPS.get(rule.name)
            if step is not None and rule.applies_to(target) and step(value):
                applied.append(rule.name)
    return _dump(value, sort=True, ascii_=False).encode()


def _dump(value: Any, *, sort: bool, ascii_: bool) -> str:
    return json.dumps(value, sort_keys=sort, ensure_ascii=ascii_, separators=(",", ":"))


def _has_unsorted_keys(value: Any) -> bool:
    if isinstance(value, dict):
        keys = list(value)
        return keys != sorted(keys) or any(_has_unsorted_keys(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unsorted_keys(v) for v in value)
    return False


assert set(BODY_STEPS) <= _NAMES


# -- comparison --------------------------------------------------------------------------


def _walk(expected: Any, actual: Any, at: list[Any]) -> Iterator[Difference]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            here = [*at, key]
            if key not in actual:
                yield Difference("dropped", dotted_path(here), expected[key], None)
            elif key not in expected:
                yield Difference("added", dotted_path(here), None, actual[key])
            else:
                yield from _walk(expected[key], actual[key], here)
    elif isinstance(expected, list) and isinstance(actual, list):
        for index in range(max(len(expected), len(actual))):
            here = [*at, index]
            if index >= len(actual):
                yield Difference("dropped", dotted_path(here), expected[index], None)
            elif index >= len(expected):
                yield Difference("added", dotted_path(here), None, actual[index])
            else:
                yield from _walk(expected[index], actual[index], here)
    elif not (expected == actual and same_json(expected, actual)):
        yield Difference("changed", dotted_path(at), expected, actual)


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")


def _short(value: Any, limit: int = 80) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else text[: limit - 3] + "..."
