"""A finding is a plain record with a stable dict form and one readable line."""

from __future__ import annotations

import dataclasses

import pytest

from harness.findings import Finding


def test_to_dict_holds_exactly_the_five_fields() -> None:
    finding = Finding("parity", "body.usage.output_tokens", 12, 13, "value differs")
    assert finding.to_dict() == {
        "check": "parity",
        "path": "body.usage.output_tokens",
        "expected": 12,
        "actual": 13,
        "message": "value differs",
    }


def test_a_finding_is_immutable() -> None:
    finding = Finding("golden", "", None, None, "missing")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.path = "x"  # type: ignore[misc]


def test_line_names_the_check_the_path_and_both_values() -> None:
    finding = Finding("golden", "body.content[0].text", "Hi!", "Hello!", "value differs")
    assert finding.line() == (
        "[golden] at body.content[0].text: value differs (expected 'Hi!', got 'Hello!')"
    )


def test_line_leaves_out_the_path_and_values_when_there_are_none() -> None:
    assert Finding("cassette", "", None, None, "cassette missing").line() == (
        "[cassette]: cassette missing"
    )


def test_line_shows_values_when_only_one_side_is_present() -> None:
    line = Finding("usage", "body.usage.cache_read_input_tokens", 100, None, "missing").line()
    assert line.endswith("(expected 100, got None)")


def test_line_shortens_long_values_to_120_characters() -> None:
    long_text = "x" * 500
    line = Finding("reply", "message.content[0].text", long_text, "short", "differs").line()
    shown = line.split("(expected ", 1)[1].split(", got ", 1)[0]
    assert len(shown) == 120
    assert shown.endswith("...")
    assert shown.startswith("'xxx")
