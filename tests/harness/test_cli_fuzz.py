"""The `parity` command under generated bad input: whatever arrives on stdin, `translate
request`, `translate response` and `check` end with exit 0, 1 or 2, every stderr line starts
with ``parity:``, no exception escapes, and what a success prints is strict JSON or SSE."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from adapters.protocol.sse import SseDecoder, encode_events
from harness import registry
from harness.cli import main
from tests.support.streams import text_stream

ROOT = Path(__file__).resolve().parents[2]
TARGETS = registry.targets()
FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- generated input ---------------------------------------------------------------------

_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
)
json_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# JSON text the strict reader must refuse (or read) with one line: lone surrogates, NaN and
# Infinity, deep nesting, integers over Python's conversion limit, truncation, bad UTF-8
hostile_fragments = st.sampled_from(
    [
        '"\\ud800"',
        '"\\udfff tail"',
        "NaN",
        "-Infinity",
        "1e999",
        "9" * 5000,
        "[" * 5000 + "]" * 5000,
        '{"a":' * 3000 + "1" + "}" * 3000,
        "[" * 100,
        '"\xff"',
        "",
    ]
)
REQUEST_FIELDS = ["model", "max_tokens", "messages", "system", "tools", "stream", "metadata"]
RESPONSE_FIELDS = ["id", "type", "role", "content", "model", "stop_reason", "usage", "error"]


def _with_fields(fields: list[str], base: dict[str, Any]) -> st.SearchStrategy[bytes]:
    """``base`` with some of ``fields`` replaced by arbitrary JSON values or hostile text."""

    def build(replaced: dict[str, Any], hostile: tuple[str, str] | None) -> bytes:
        text = json.dumps({**base, **replaced})
        if hostile is not None:
            key, fragment = hostile
            text = text[:-1] + f', "{key}": {fragment}}}'
        return text.encode("utf-8", "surrogatepass")

    return st.builds(
        build,
        st.dictionaries(st.sampled_from(fields), json_values, max_size=3),
        st.none() | st.tuples(st.sampled_from(fields), hostile_fragments),
    )


def _raw(structured: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    return (
        structured
        | st.binary(max_size=64)
        | json_values.map(lambda v: json.dumps(v).encode())
        | hostile_fragments.map(lambda f: f.encode("utf-8", "surrogatepass"))
    )


REQUEST = {"model": "sonnet", "max_tokens": 16, "messages": [{"role": "user", "content": "Hi"}]}
MESSAGE = text_stream("Hi")[0]["message"]
requests = _raw(_with_fields(REQUEST_FIELDS, REQUEST))
bodies = _raw(_with_fields(RESPONSE_FIELDS, MESSAGE))


@st.composite
def streams(draw: st.DrawFn) -> bytes:
    """A valid stream with an event replaced, dropped, or given hostile data, or cut short."""
    events: list[Any] = text_stream("Hi", "there")
    raw = encode_events(events)
    i = draw(st.integers(0, len(events) - 1))
    how = draw(st.sampled_from(["replace", "drop", "hostile", "cut"]))
    if how == "replace":
        events[i] = draw(json_values)
        raw = b"".join(b"event: x\ndata: " + json.dumps(e).encode() + b"\n\n" for e in events)
    elif how == "drop":
        raw = encode_events(events[:i] + events[i + 1 :])
    elif how == "hostile":
        fragment = draw(hostile_fragments).encode("utf-8", "surrogatepass")
        raw = encode_events(events[:i]) + b"event: x\ndata: " + fragment + b"\n\n"
    else:
        raw = raw[: draw(st.integers(0, len(raw)))]
    return raw


# -- the properties ----------------------------------------------------------------------


def run(argv: list[str], stdin: bytes) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved
    return code, out.getvalue(), err.getvalue()


def strict_json(text: str) -> Any:
    def refuse(word: str) -> Any:
        raise ValueError(f"{word} is not JSON")

    return json.loads(text, parse_constant=refuse)


def assert_sse(text: str) -> None:
    decoder = SseDecoder()
    items = decoder.feed(text.encode("utf-8")) + decoder.close()
    assert items, "an empty stream"
    assert text.endswith("\n\n")
    for item in items:
        if item.data != "[DONE]":
            assert isinstance(strict_json(item.data), dict)


def assert_contract(code: int, out: str, err: str, *, output_on_findings: bool) -> None:
    event(f"exit {code}")
    assert code in (0, 1, 2)
    assert all(line.startswith("parity: ") for line in err.splitlines()), err
    out.encode("utf-8")  # no lone surrogate reached stdout
    if code == 2:
        assert out == ""
        assert len(err.splitlines()) >= 1
    if code == 1 and output_on_findings and out == "":
        assert err, "an empty stream comes with a warning"
    elif code == 0 or (code == 1 and output_on_findings):
        if out.startswith(("event:", "data:")):
            assert_sse(out)
        else:
            strict_json(out)


@FUZZ
@given(
    stdin=requests,
    target=st.sampled_from(TARGETS),
    front=st.sampled_from(["anthropic", "openai"]),
)
def test_translate_request_survives_any_input(stdin: bytes, target: str, front: str) -> None:
    argv = ["translate", "request", "--root", str(ROOT), "--to", target, "--from", front]
    code, out, err = run(argv, stdin)
    assert code in (0, 2)
    assert_contract(code, out, err, output_on_findings=False)


@FUZZ
@given(
    stdin=bodies | streams(),
    target=st.sampled_from(TARGETS),
    stream=st.booleans(),
    front=st.sampled_from(["anthropic", "openai"]),
    status=st.sampled_from(["200", "400", "429", "500", "529"]),
)
def test_translate_response_survives_any_input(
    stdin: bytes, target: str, stream: bool, front: str, status: str
) -> None:
    argv = ["translate", "response", "--root", str(ROOT), "--from", target, "--to", front]
    argv += ["--status", status, *(["--stream"] if stream else [])]
    code, out, err = run(argv, stdin)
    assert_contract(code, out, err, output_on_findings=True)


@FUZZ
@given(stdin=bodies | streams(), stream=st.booleans())
def test_check_survives_any_input(stdin: bytes, stream: bool) -> None:
    code, out, err = run(["check", *(["--stream"] if stream else [])], stdin)
    event(f"exit {code}")
    assert code in (0, 1, 2)
    assert all(line.startswith("parity: ") for line in err.splitlines()), err
    if code == 1:
        assert out and all(line.startswith("<stdin>: ") for line in out.splitlines())
        assert err == ""
    else:
        assert out == ""
        assert len(err.splitlines()) == (1 if code == 2 else 0)
