"""Scenario YAML is parsed within limits: a hostile or broken file (nested thousands deep, a
recursive alias, a billion-laughs bomb, a huge file, a duplicate key) fails fast, alone, in
little memory, with file and line; ordinary aliases still work."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from harness.errors import ScenarioError
from harness.scenarios.yaml_source import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, parse


def error_for(text: str | bytes) -> str:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(ScenarioError) as info:
        parse(raw, "s.yaml")
    return str(info.value)


def laughs(levels: int) -> str:
    """The billion-laughs bomb: each anchor is nine aliases of the one before."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_a_document_gives_its_data_and_the_line_of_any_field() -> None:
    doc = parse(b"title: x\nrequest:\n  messages:\n    - role: user\n", "s.yaml")
    assert doc.data == {"title": "x", "request": {"messages": [{"role": "user"}]}}
    assert doc.line(["request", "messages", 0, "role"]) == 4
    assert doc.line(["request", "missing", "deeper"]) == 2


def test_scalar_aliases_and_small_collection_aliases_still_load() -> None:
    doc = parse(b"a: &r why\nb: *r\nc: &l [1, 2]\nd: *l\n", "s.yaml")
    assert doc.data == {"a": "why", "b": "why", "c": [1, 2], "d": [1, 2]}


def test_nesting_thousands_deep_fails_at_the_limit_with_its_line() -> None:
    message = error_for("title: x\ndescription: " + "[" * 5000 + "]" * 5000 + "\n")
    assert message == f"s.yaml:2: nested more than {MAX_DEPTH} levels deep"


def test_nesting_up_to_the_limit_loads() -> None:
    depth = MAX_DEPTH - 2
    doc = parse(("x: " + "[" * depth + "]" * depth + "\n").encode(), "s.yaml")
    assert isinstance(doc.data["x"], list)


def test_a_recursive_alias_is_an_error_at_the_alias() -> None:
    message = error_for("title: x\nrequest:\n  metadata: &m\n    user_id: *m\n")
    assert message == "s.yaml:4: alias *m is recursive (it is inside its own anchor)"


def test_a_billion_laughs_bomb_fails_fast_in_little_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = error_for(laughs(9))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message.startswith("s.yaml:6: the document expands to more than")
    assert str(MAX_NODES) in message
    assert time.perf_counter() - started < 2.0
    assert peak < 5 * 1024 * 1024


def test_a_file_over_the_size_limit_is_refused_before_parsing() -> None:
    message = error_for(b"title: x\n# " + b"x" * MAX_FILE_BYTES + b"\n")
    assert message.startswith("s.yaml: the file is ")
    assert message.endswith(f"a scenario may hold {MAX_FILE_BYTES}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("request: {model: a}\ntitle: x\nrequest: {model: b}\n", "s.yaml:3: request: duplicate"),
        ("request:\n  model: a\n  model: b\n", "s.yaml:3: model: duplicate key (first at line 2)"),
        ("tags: [{x: 1, x: 2}]\n", "s.yaml:1: x: duplicate key (first at line 1)"),
    ],
)
def test_a_duplicate_key_anywhere_is_an_error_naming_both_lines(text: str, expected: str) -> None:
    assert error_for(text).startswith(expected)


def test_keys_that_differ_only_in_type_are_not_duplicates() -> None:
    assert parse(b"1: int\n'1': str\n", "s.yaml").data == {1: "int", "1": "str"}


def test_text_that_is_not_utf8_is_one_line_naming_the_file() -> None:
    assert error_for(b"title: \xff\n").startswith("s.yaml: cannot read the file: ")


def test_invalid_yaml_names_the_parser_line() -> None:
    assert error_for("title: x\nrequest: [unclosed\n").startswith("s.yaml:3: invalid YAML")
