"""Data entering the translator is held to its limits: nesting depth, integer length,
finite numbers, valid Unicode; a breach is a LimitError naming where, and a value quoted
in a message is always short."""

from __future__ import annotations

from typing import Any

import pytest

from adapters import limits
from adapters.limits import LimitError


def _nested(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a":[1,2.5,"x"]}', {"a": [1, 2.5, "x"]}),
        ('"\\ud83d\\ude00"', "\U0001f600"),  # a surrogate pair is one character
        ('"\\\\ud800"', "\\ud800"),  # an escaped backslash, not an escape
        ('"[[[["', "[[[["),  # brackets inside strings do not nest
    ],
)
def test_json_within_the_limits_loads(text: str, value: Any) -> None:
    assert limits.loads(text) == value


def test_json_exactly_as_deep_as_the_limit_loads() -> None:
    depth = limits.MAX_DEPTH
    assert limits.loads("[" * (depth - 1) + "1" + "]" * (depth - 1)) == _nested(depth - 1)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested deeper than 64 levels"),
        ('{"a":' * 65 + "1" + "}" * 65, "nested deeper than 64 levels"),
        ('{"id":"\\ud800"}', "lone surrogate escape \\ud800"),
        ('"a\\udc00"', "lone surrogate escape \\udc00"),
        ("9" * 5000, "an integer of 5000 digits"),
        ("1e999", "too large for a float"),
        ("NaN", "NaN is not a JSON number"),
        ("[-Infinity]", "-Infinity is not a JSON number"),
    ],
)
def test_json_beyond_the_limits_is_a_limit_error(text: str, reason: str) -> None:
    with pytest.raises(LimitError, match=reason.replace("\\", "\\\\")):
        limits.loads(text)


def test_bytes_are_read_as_utf8_and_a_bom_is_tolerated() -> None:
    assert limits.loads(b"\xef\xbb\xbf{}") == {}
    with pytest.raises(ValueError):
        limits.loads(b'"\xff"')


@pytest.mark.parametrize(
    ("value", "path", "reason"),
    [
        ({"metadata": {"x": _nested(5000)}}, "metadata.x" + "[0]" * 62, "nested deeper"),
        ({"messages": [{"content": "\ud800"}]}, "messages[0].content", "lone surrogate"),
        ({"max_tokens": 10**5000}, "max_tokens", "longer than 1000 digits"),
        ({"temperature": float("nan")}, "temperature", "nan is not a JSON number"),
        ({"stop": {1, 2}}, "stop", "a set is not a JSON value"),
        ({"m": {3: "x"}}, "m", "the key 3 is not a string"),
    ],
    ids=["deep", "surrogate", "long-integer", "nan", "set", "integer-key"],
)
def test_a_value_beyond_the_limits_names_its_field(value: Any, path: str, reason: str) -> None:
    with pytest.raises(LimitError, match=reason) as caught:
        limits.check_value(value)
    assert caught.value.path == path


def test_a_value_within_the_limits_passes() -> None:
    limits.check_value({"a": [1, 2.5, "\U0001f600", None, True, (1, 2)], "b": _nested(60)})


@pytest.mark.parametrize(
    "value",
    ["x" * 100_000, 10**5000, _nested(10_000), ["y"] * 10_000, "a\ud800b" * 1000],
    ids=["long-text", "long-integer", "deep", "long-list", "surrogates"],
)
def test_an_excerpt_is_short_and_printable_whatever_the_value(value: Any) -> None:
    shown = limits.excerpt(value)
    assert len(shown) <= limits.EXCERPT_CHARS + 3
    shown.encode("utf-8")
