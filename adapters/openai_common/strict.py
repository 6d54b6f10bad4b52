"""Whether OpenAI's strict mode can take a JSON schema, for both OpenAI targets, and where a
schema leaves an object open, for the front door.

OpenAI constrains an answer or a function call to a schema only under strict mode, which
takes a subset of what Claude's structured outputs take: the root is an object, and every
object sets ``additionalProperties: false`` (Claude asks that too) and lists **every**
property in ``required`` (Claude allows optional properties). A schema with an optional
property is sent with ``strict: false``: the schema still guides the answer, but OpenAI does
not guarantee it, which is a declared loss (`relax`). The other way, a schema OpenAI takes
without strict mode may leave an object open, which Claude refuses (`open_object`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from adapters.openai_common.options import LossPolicy

WHY_RELAXED = (
    "OpenAI's strict mode needs every property required and every object closed; sent with "
    "strict false, so the schema guides the answer without constraining it"
)
_NESTED_MAPS = ("properties", "$defs", "definitions")
_NESTED_LISTS = ("anyOf", "allOf", "oneOf", "prefixItems")


def fits_strict_mode(schema: Any) -> bool:
    """Whether OpenAI's strict mode takes ``schema`` as it is."""
    if not isinstance(schema, dict) or schema.get("type") != "object":
        return False
    for _, found in _objects(schema, ""):
        properties = found.get("properties") or {}
        required = found.get("required") or []
        if found.get("additionalProperties") is not False:
            return False
        if not isinstance(properties, dict) or not set(properties) <= set(required):
            return False
    return True


def open_object(schema: Any, path: str) -> str | None:
    """The path (under ``path``) of the first object in ``schema`` that does not set
    ``additionalProperties: false``, or None when every object is closed."""
    for where, found in _objects(schema, path):
        if found.get("additionalProperties") is not False:
            return where
    return None


def relax(schema: Any, options: LossPolicy, path: str) -> bool:
    """The ``strict`` flag to send for a schema Anthropic constrains: True when strict mode
    takes it, else False with a loss declared at ``path``."""
    if fits_strict_mode(schema):
        return True
    options.loss(path, WHY_RELAXED)
    return False


def _objects(schema: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object-typed subschema with its path, outermost first."""
    if not isinstance(schema, dict):
        return
    kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind):
        yield path, schema
    if isinstance(schema.get("items"), dict):
        yield from _objects(schema["items"], f"{path}.items")
    for key in _NESTED_MAPS:
        nested = schema.get(key)
        for name, child in nested.items() if isinstance(nested, dict) else ():
            yield from _objects(child, f"{path}.{key}.{name}")
    for key in _NESTED_LISTS:
        nested = schema.get(key)
        for index, child in enumerate(nested if isinstance(nested, list) else ()):
            yield from _objects(child, f"{path}.{key}[{index}]")
