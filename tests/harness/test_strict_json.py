"""Strict JSON: non-finite numbers become their names, lone surrogates their escapes, and
everything else is untouched."""

from __future__ import annotations

import json

from harness.strict_json import dumps, finite, printable


def test_finite_names_non_finite_numbers_anywhere() -> None:
    value = {"a": [1, 2.5, float("nan")], "b": (float("inf"), -float("inf")), "c": True}
    assert finite(value) == {"a": [1, 2.5, "NaN"], "b": ["Infinity", "-Infinity"], "c": True}


def test_printable_shows_lone_surrogates_as_escape_text() -> None:
    value = {"k\ud800": ["x\udfff", "ok ☃", float("nan")]}
    assert printable(value) == {"k\\ud800": ["x\\udfff", "ok ☃", "NaN"]}


def test_dumps_is_strict_json_that_encodes_as_utf8_and_reads_back() -> None:
    value = {"text": "a \ud83d b", "pair": "\U0001f600", "n": float("nan")}
    text = dumps(value, sort_keys=True)
    text.encode("utf-8")
    assert text == '{"n": "NaN", "pair": "\U0001f600", "text": "a \\ud83d b"}'
    assert json.loads(text) == {**value, "n": "NaN"}


def test_dumps_keeps_ordinary_output_byte_for_byte() -> None:
    value = {"b": [1, {"c": "é\n"}], "a": None}
    assert dumps(value, indent=2, sort_keys=True) == json.dumps(
        value, indent=2, sort_keys=True, ensure_ascii=False
    )
