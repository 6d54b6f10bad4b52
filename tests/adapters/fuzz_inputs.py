"""Hypothesis strategies for fuzzing the reference translator, per target.

- `requests(target)`: the corpus's own calls for the target (as the harness makes them),
  each mutated: values replaced (by other JSON, or by what breaks naive code: lone
  surrogates, integers past Python's conversion limit, NaN, deep nesting, ``..``), keys
  dropped, items duplicated; now and then a hostile region, project or base URL.
- `json_responses(target)` / `stream_responses(target)`: real backend responses from the
  cassettes (``fixtures/cassettes/<target>/**/*.yaml``), mutated structurally (the same
  value mutations inside the JSON, events or frames dropped, repeated or swapped), at the
  byte level (cut short, a byte flipped), and for Bedrock in the event-stream headers (a
  name that is not UTF-8, a value cut short, an unknown header type) with valid CRCs; a
  stream is then split into chunks anywhere.
"""

from __future__ import annotations

import base64
import binascii
import copy
import functools
import json
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import botocore.eventstream
import yaml
from hypothesis import strategies as st

from adapters.base import Call, TargetSettings, WireResponse
from harness.registry import targets
from tests.support.corpus import corpus_calls

ROOT = Path(__file__).resolve().parents[2]
TARGETS = targets()
SETTINGS = {
    "anthropic": TargetSettings("anthropic"),
    "vertex": TargetSettings("vertex", region="us-east5", project="parity-fuzz"),
    "bedrock-invoke": TargetSettings("bedrock-invoke", region="us-east-1"),
    "bedrock-converse": TargetSettings("bedrock-converse", region="us-east-1"),
    "openai": TargetSettings("openai", base_url="https://api.openai.com/v1"),
    "openai-responses": TargetSettings("openai-responses", base_url="https://api.openai.com/v1"),
}
MODEL = {
    "anthropic": "claude-sonnet-4-6",
    "vertex": "claude-sonnet-4-6",
    "bedrock-invoke": "us.anthropic.claude-sonnet-4-6-v1:0",
    "bedrock-converse": "us.anthropic.claude-sonnet-4-6-v1:0",
    "openai": "claude-sonnet-4-6",
    "openai-responses": "claude-sonnet-4-6",
}
EVENT_STREAM_TARGETS = ("bedrock-invoke", "bedrock-converse")


def _deep(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = [value]
    return value


# Python values that break naive code: what a generated request may hold (made afresh for
# each use, since a mutation may change the value it was given).
HOSTILE_VALUES: tuple[Callable[[], Any], ...] = (
    lambda: "\ud800",
    lambda: "a\udfffb",
    lambda: 10**5000,
    lambda: -(10**4400),
    lambda: float("nan"),
    lambda: float("inf"),
    lambda: _deep(70),
    lambda: _deep(3000),
    lambda: "..",
    lambda: ".",
    lambda: "",
    lambda: "x" * 20_000,
    lambda: None,
    lambda: True,
    lambda: -1,
    lambda: 2.5,
    lambda: [],
    lambda: {},
    lambda: {"type": "text", "text": 7},
    lambda: {"type": ["tool_use"]},
    lambda: [{"type": None}],
)
# JSON text that breaks naive code: what a mutated response may hold.
HOSTILE_TEXTS: tuple[str, ...] = (
    '"\\ud800"',
    '"a\\udc00b"',
    "-" + "9" * 5000,
    "9" * 4400,
    "1e999",
    "NaN",
    "-Infinity",
    "[" * 80 + "]" * 80,
    "[" * 3000 + "]" * 3000,
    '{"a":' * 70 + "1" + "}" * 70,
    '"' + "y" * 20_000 + '"',
    '".."',
    '{"type":["text"]}',
    '{"type":{"a":1}}',
    '[{"type":null}]',
)
STATUSES = (200, 400, 401, 403, 404, 413, 429, 500, 503, 529)
HOSTILE_SETTINGS = (
    {"region": "x@evil.example#"},
    {"region": "evil.example/"},
    {"region": "us-east-1.evil.example"},
    {"region": ""},
    {"project": ".."},
    {"project": "a/../../b"},
    {"base_url": "https://x@evil.example#"},
    {"base_url": "ftp://gateway.example"},
    {"base_url": "https://gateway.example/v1?x="},
    {"base_url": "http://[::1"},
)
_MARK = "\u0000hostile:{}\u0000"
_MARK_JSON = re.compile(r'"\\u0000hostile:(\d+)\\u0000"')

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated(draw: st.DrawFn, value: Any, hostile: tuple[Callable[[], Any], ...]) -> Any:
    """``value`` (a copy) with one to three mutations: a value replaced by other JSON or a
    hostile one, a key dropped, an item repeated."""
    value = copy.deepcopy(value)
    for _ in range(draw(st.integers(1, 3))):
        slots = _slots(value)
        if not slots:
            return draw(st.sampled_from(hostile).map(_made) | json_values)
        parent, key = slots[draw(st.integers(0, len(slots) - 1))]
        operation = draw(st.sampled_from(("hostile", "json", "drop", "repeat", "retype")))
        if operation == "hostile":
            parent[key] = draw(st.sampled_from(hostile))()
        elif operation == "json":
            parent[key] = draw(json_values)
        elif operation == "drop":
            del parent[key]
        elif operation == "repeat" and isinstance(parent, list):
            parent.insert(key, parent[key])
        else:
            parent[key] = _retyped(parent[key])
    return value


def _slots(value: Any) -> list[tuple[Any, Any]]:
    slots: list[tuple[Any, Any]] = []
    stack = [value]
    while stack:
        node = stack.pop()
        keys = list(node) if isinstance(node, dict) else range(len(node))
        for key in keys:
            slots.append((node, key))
            if isinstance(node[key], (dict, list)) and len(slots) < 2000:
                stack.append(node[key])
    return slots if isinstance(value, (dict, list)) else []


def _retyped(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value) if abs(value) < 10**100 else "a big number"
    if isinstance(value, list):
        return {"0": value[0]} if value else None
    return "text"


_TEXT_MARKS = tuple(functools.partial(str, _MARK.format(i)) for i in range(len(HOSTILE_TEXTS)))


def _made(make: Callable[[], Any]) -> Any:
    return make()


def dumps(value: Any) -> str:
    """``value`` as JSON text, its markers replaced by the hostile texts they stand for."""
    text = json.dumps(value, ensure_ascii=False)
    return _MARK_JSON.sub(lambda m: HOSTILE_TEXTS[int(m.group(1))], text)


def mutated_json_text(value: Any) -> st.SearchStrategy[str]:
    """JSON text of ``value`` mutated, hostile texts included."""
    return mutated(value, _TEXT_MARKS).map(dumps)


# -- requests --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestInput:
    target: str
    call: Call
    settings: TargetSettings


@functools.cache
def _corpus(target: str) -> tuple[Call, ...]:
    return tuple(item.call for item in corpus_calls(target))


@st.composite
def requests(draw: st.DrawFn, target: str) -> RequestInput:
    """A corpus call for ``target``, its body mutated; sometimes hostile settings."""
    calls = _corpus(target)
    call = calls[draw(st.integers(0, len(calls) - 1))]
    body = draw(mutated(call.body, HOSTILE_VALUES))
    settings = SETTINGS[target]
    if draw(st.integers(0, 9)) == 0:
        settings = replace(settings, **draw(st.sampled_from(HOSTILE_SETTINGS)))
    if not isinstance(body, dict):
        body = {"model": body}
    return RequestInput(target, replace(call, body=body), settings)


# -- responses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class ResponseInput:
    target: str
    call: Call
    response: WireResponse


@dataclass(frozen=True)
class StreamInput:
    target: str
    call: Call
    chunks: tuple[bytes, ...]


@functools.cache
def recorded(target: str) -> tuple[tuple[Recorded, ...], tuple[Recorded, ...]]:
    """The target's recorded responses: (JSON bodies, 2xx streams)."""
    bodies: list[Recorded] = []
    streams: list[Recorded] = []
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted((ROOT / "fixtures" / "cassettes" / target).rglob("*.yaml")):
        for interaction in yaml.load(path.read_text(), Loader=loader)["interactions"]:
            response = interaction["response"]
            raw = response["body"]["string"]
            headers = {k.lower(): v[0] for k, v in response["headers"].items()}
            item = Recorded(
                response["status"]["code"],
                headers,
                raw if isinstance(raw, bytes) else raw.encode(),
            )
            streaming = "json" not in headers.get("content-type", "json")
            (streams if streaming and 200 <= item.status < 300 else bodies).append(item)
    return tuple(bodies), tuple(streams)


def _call(target: str, stream: bool) -> Call:
    body = {"model": MODEL[target], "max_tokens": 64, "messages": [], "stream": stream}
    return Call("messages", body)


@st.composite
def json_responses(draw: st.DrawFn, target: str) -> ResponseInput:
    """A recorded JSON response of ``target`` with its body mutated (status sometimes)."""
    bodies, _ = recorded(target)
    item = bodies[draw(st.integers(0, len(bodies) - 1))]
    try:
        parsed = json.loads(item.body)
    except ValueError:
        parsed = item.body.decode("utf-8", "replace")
    body = draw(mutated_json_text(parsed)).encode("utf-8", "surrogatepass")
    body = draw(_byte_noise(body))
    status = draw(st.sampled_from((item.status, *STATUSES)))
    return ResponseInput(target, _call(target, False), WireResponse(status, item.headers, body))


@st.composite
def stream_responses(draw: st.DrawFn, target: str) -> StreamInput:
    """A recorded stream of ``target``, mutated, then split into chunks anywhere."""
    _, streams = recorded(target)
    item = streams[draw(st.integers(0, len(streams) - 1))]
    if target in EVENT_STREAM_TARGETS:
        body = draw(_mutated_frames(item.body, chunked=target == "bedrock-invoke"))
    else:
        body = draw(_mutated_sse(item.body))
    body = draw(_byte_noise(body))
    cuts = sorted(draw(st.lists(st.integers(0, len(body)), max_size=6)))
    chunks = [body[a:b] for a, b in zip([0, *cuts], [*cuts, len(body)], strict=True)]
    return StreamInput(target, _call(target, True), tuple(chunks))


@st.composite
def _byte_noise(draw: st.DrawFn, data: bytes) -> bytes:
    """Mostly ``data`` as is; sometimes cut short or with one byte changed."""
    choice = draw(st.integers(0, 9))
    if choice == 0 and data:
        return data[: draw(st.integers(0, len(data) - 1))]
    if choice == 1 and data:
        at = draw(st.integers(0, len(data) - 1))
        return data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    return data


def _reordered(draw: st.DrawFn, items: list[Any]) -> list[Any]:
    if not items:
        return items
    at = draw(st.integers(0, len(items) - 1))
    operation = draw(st.sampled_from(("keep", "keep", "drop", "repeat", "swap")))
    if operation == "drop":
        return items[:at] + items[at + 1 :]
    if operation == "repeat":
        return items[: at + 1] + items[at:]
    if operation == "swap" and at + 1 < len(items):
        return [*items[:at], items[at + 1], items[at], *items[at + 2 :]]
    return items


@st.composite
def _mutated_sse(draw: st.DrawFn, body: bytes) -> bytes:
    events = [e for e in re.split(rb"\r?\n\r?\n", body) if e.strip()]
    events = _reordered(draw, events)
    if events:
        at = draw(st.integers(0, len(events) - 1))
        events[at] = _mutated_event_lines(draw, events[at])
    return b"".join(event + b"\n\n" for event in events)


def _mutated_event_lines(draw: st.DrawFn, event: bytes) -> bytes:
    lines = event.decode("utf-8", "surrogatepass").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("data:") and line[5:].strip() != "[DONE]":
            try:
                value = json.loads(line[5:])
            except ValueError:
                continue
            lines[i] = "data: " + draw(mutated_json_text(value))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


# -- event-stream frames ---------------------------------------------------------------------

_STRING = 7


def frame(headers: bytes, payload: bytes) -> bytes:
    """An event-stream frame with raw ``headers`` bytes and valid CRCs."""
    total = 16 + len(headers) + len(payload)
    prelude = struct.pack(">II", total, len(headers))
    body = prelude + struct.pack(">I", binascii.crc32(prelude)) + headers + payload
    return body + struct.pack(">I", binascii.crc32(body))


def header(name: bytes, value: bytes, kind: int = _STRING) -> bytes:
    """One raw header: a string value unless ``kind`` says otherwise."""
    return bytes([len(name)]) + name + bytes([kind]) + struct.pack(">H", len(value)) + value


# Headers that botocore cannot read although the CRCs hold.
BROKEN_HEADERS = (
    header(b"\xff\xfe-name", b"event"),
    header(b":event-type", b"\xff\xfe"),
    header(b":event-type", b"chunk")[:-3],
    bytes([11]) + b":event-type" + bytes([42]) + b"abc",
    bytes([40]) + b":event",
    header(b":message-type", b"exception") + header(b":exception-type", b"\xc3"),
)


@st.composite
def _mutated_frames(draw: st.DrawFn, body: bytes, chunked: bool) -> bytes:
    buffer = botocore.eventstream.EventStreamBuffer()
    buffer.add_data(body)
    frames = [(dict(m.headers), m.payload) for m in buffer]
    frames = _reordered(draw, frames)
    out = []
    target_at = draw(st.integers(0, max(len(frames) - 1, 0)))
    for i, (headers, payload) in enumerate(frames):
        raw_headers = b"".join(header(k.encode(), str(v).encode()) for k, v in headers.items())
        if i == target_at:
            choice = draw(st.integers(0, 5))
            if choice == 0:
                raw_headers = draw(st.sampled_from(BROKEN_HEADERS))
            elif choice == 1:
                name = draw(st.sampled_from(("chunk", "messageStop", "surprise", "metadata")))
                raw_headers = header(b":event-type", name.encode()) + header(
                    b":message-type", b"event"
                )
            else:
                payload = _mutated_payload(draw, payload, chunked)
        out.append(frame(raw_headers, payload))
    return b"".join(out)


def _mutated_payload(draw: st.DrawFn, payload: bytes, chunked: bool) -> bytes:
    try:
        value = json.loads(payload)
    except ValueError:
        return payload
    if chunked and isinstance(value, dict) and isinstance(value.get("bytes"), str):
        try:
            inner = json.loads(base64.b64decode(value["bytes"]))
        except ValueError:
            inner = None
        if inner is not None and draw(st.booleans()):
            text = draw(mutated_json_text(inner))
            value["bytes"] = base64.b64encode(text.encode("utf-8", "surrogatepass")).decode()
            return json.dumps(value).encode()
    return draw(mutated_json_text(value)).encode("utf-8", "surrogatepass")
