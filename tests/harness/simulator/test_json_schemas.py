"""The schema rules the services hold a constrained output or a strict tool to: Claude wants
every object closed; OpenAI's strict mode also wants every property required, and names
the place of the first object that breaks a rule as its messages do."""

from __future__ import annotations

from typing import Any

import pytest

from harness.simulator.json_schemas import objects, open_object, strict_mode_problem

CLOSED: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "lines": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"amount": {"type": "number"}},
                "required": ["amount"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["name", "lines"],
    "additionalProperties": False,
}


def with_item(**changes: Any) -> dict[str, Any]:
    item = {**CLOSED["properties"]["lines"]["items"], **changes}
    lines = {**CLOSED["properties"]["lines"], "items": item}
    return {**CLOSED, "properties": {**CLOSED["properties"], "lines": lines}}


def test_objects_are_found_through_properties_items_definitions_and_unions() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"anyOf": [{"type": "object"}, {"type": "null"}]}},
        "$defs": {"b": {"type": ["object", "null"]}},
    }
    assert [where for where, _ in objects(schema)] == [
        (),
        ("properties", "a", "anyOf", "0"),
        ("$defs", "b"),
    ]


def test_a_closed_schema_passes_both_services() -> None:
    assert open_object(CLOSED) is None
    assert strict_mode_problem(CLOSED) is None


def test_an_object_left_open_is_found_where_it_is() -> None:
    schema = with_item(additionalProperties=True)
    assert open_object(schema) == ("properties", "lines", "items")
    assert strict_mode_problem(schema) == (
        "In context=('properties', 'lines', 'items'), 'additionalProperties' is required to "
        "be supplied and to be false."
    )


def test_an_optional_property_is_claudes_to_allow_and_openais_strict_mode_to_refuse() -> None:
    schema = with_item(properties={"amount": {"type": "number"}, "note": {"type": "string"}})
    assert open_object(schema) is None
    assert strict_mode_problem(schema) == (
        "In context=('properties', 'lines', 'items'), 'required' is required to be supplied "
        "and to be an array including every key in properties. Missing 'note'."
    )


@pytest.mark.parametrize("schema", [{"type": "array"}, None])
def test_openais_strict_mode_wants_an_object_at_the_root(schema: Any) -> None:
    problem = strict_mode_problem(schema)
    assert problem is not None and problem.startswith("In context=(), schema must be")
