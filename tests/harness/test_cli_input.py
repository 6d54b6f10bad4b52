"""The CLI's one JSON reader: strict JSON within documented limits, each refusal one line."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from harness import cli_input
from harness.cli_input import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    InputError,
    NotJsonError,
    check_value,
    parse_json,
    read_input,
)


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def test_nesting_up_to_the_limit_is_read_and_one_level_more_is_refused() -> None:
    assert parse_json(nested(MAX_DEPTH + 1), "in") is not None  # the outer list is depth 0
    with pytest.raises(InputError, match=f"^in: JSON nested more than {MAX_DEPTH} levels deep$"):
        parse_json(nested(MAX_DEPTH + 2), "in")


def test_nesting_past_the_interpreters_recursion_limit_is_the_same_one_line() -> None:
    with pytest.raises(InputError, match="JSON nested more than"):
        parse_json(nested(sys.getrecursionlimit() * 2), "in")


def test_integers_are_read_up_to_the_digit_limit() -> None:
    assert parse_json(b"9" * MAX_INT_DIGITS, "in") == int("9" * MAX_INT_DIGITS)
    assert parse_json(b"-" + b"9" * MAX_INT_DIGITS, "in") < 0
    with pytest.raises(InputError, match=f"an integer of {MAX_INT_DIGITS + 1} digits"):
        parse_json(b"9" * (MAX_INT_DIGITS + 1), "in")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"[NaN]", "in: NaN is not JSON"),
        (b'{"x": -Infinity}', "in: -Infinity is not JSON"),
        (b"[1e400]", "in: the number 1e400 is too large for a float"),
        (b'{"a": ["\\ud800"]}', r"in: a\[0\]: a string holds a lone surrogate"),
        (b'{"\\udc00": 1}', "in: a key holds a lone surrogate"),
    ],
)
def test_json_that_python_reads_but_json_does_not_allow_is_refused(
    raw: bytes, message: str
) -> None:
    with pytest.raises(InputError, match=f"^{message}"):
        parse_json(raw, "in")


@pytest.mark.parametrize("raw", [b"{oops", b"\xff\xfe{}", b"", b"[1] [2]"])
def test_text_that_is_not_json_is_a_not_json_error(raw: bytes) -> None:
    with pytest.raises(NotJsonError, match=r"^in: not valid JSON: "):
        parse_json(raw, "in")


def test_a_utf8_byte_order_mark_is_allowed() -> None:
    assert parse_json(b'\xef\xbb\xbf{"a": 1}', "in") == {"a": 1}


def test_values_built_from_input_are_held_to_the_same_limits() -> None:
    check_value({"events": [{"usage": {"n": 1.5}}], "ok": True}, "out")
    with pytest.raises(InputError, match=r"^out: events\[0\]\.n: the number inf is not JSON$"):
        check_value({"events": [{"n": float("inf")}]}, "out")
    with pytest.raises(InputError, match="integer longer than"):
        check_value([10 ** (MAX_INT_DIGITS + 5)], "out")


def test_input_larger_than_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli_input, "MAX_INPUT_BYTES", 8)
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"1," * 10 + b"1]")
    with pytest.raises(InputError, match=f"^{re.escape(str(big))}: larger than "):
        read_input(str(big))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"12345678")))
    assert read_input("-") == b"12345678"


def test_an_unreadable_file_names_itself(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=f"^{re.escape(str(tmp_path))}: cannot read: "):
        read_input(str(tmp_path))
