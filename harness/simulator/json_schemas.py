"""The JSON-schema rules the services enforce on a constrained output or a strict tool, as
each service states them (the simulator's own reading; the translators never import it):

- Claude (Messages API, Vertex AI, Bedrock InvokeModel): every object in an
  ``output_config.format`` schema sets ``additionalProperties: false`` (`open_object`);
- OpenAI strict mode (``response_format`` / ``text.format`` json_schema and function tools
  with ``strict: true``): the same, and every property listed in ``required``
  (`strict_mode_problem`).

A place in a schema is a tuple of keys, as OpenAI's messages print it (``context=(...)``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Where = tuple[str, ...]

_SUBSCHEMA_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")
_SUBSCHEMA_MAPS = ("properties", "$defs", "definitions")


def objects(schema: Any, where: Where = ()) -> Iterator[tuple[Where, dict[str, Any]]]:
    """Every object-typed subschema of ``schema`` with its place, outermost first."""
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind):
        yield where, schema
    for key in _SUBSCHEMA_MAPS:
        members = schema.get(key)
        if isinstance(members, dict):
            for name, member in members.items():
                yield from objects(member, (*where, key, str(name)))
    for key in _SUBSCHEMA_LISTS:
        members = schema.get(key)
        if isinstance(members, list):
            for index, member in enumerate(members):
                yield from objects(member, (*where, key, str(index)))
    if isinstance(schema.get("items"), dict):
        yield from objects(schema["items"], (*where, "items"))


def open_object(schema: Any) -> Where | None:
    """The place of the first object that does not set ``additionalProperties: false``."""
    for where, found in objects(schema):
        if found.get("additionalProperties") is not False:
            return where
    return None


def strict_mode_problem(schema: Any) -> str | None:
    """Why OpenAI's strict mode refuses ``schema`` (the part of its message after the
    schema's name), or None when it passes."""
    kind = schema.get("type") if isinstance(schema, dict) else None
    if kind != "object":
        return (
            "In context=(), schema must be a JSON Schema of 'type: \"object\"', got "
            f"'type: \"{kind}\"'."
        )
    for where, found in objects(schema):
        context = repr(where)
        if found.get("additionalProperties") is not False:
            return (
                f"In context={context}, 'additionalProperties' is required to be supplied and "
                "to be false."
            )
        properties = found.get("properties")
        required = found.get("required")
        listed = set(required) if isinstance(required, list) else set()
        names = properties if isinstance(properties, dict) else {}
        missing = [name for name in names if name not in listed]
        if missing:
            return (
                f"In context={context}, 'required' is required to be supplied and to be an "
                f"array including every key in properties. Missing '{missing[0]}'."
            )
    return None
