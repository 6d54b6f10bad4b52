"""Whether OpenAI's strict mode can take a JSON schema, for both OpenAI targets.

OpenAI constrains an answer or a function call to a schema only under strict mode, which
takes a subset of what Claude's structured outputs take: the root is an object, and every
object sets ``additionalProperties: false`` (Claude asks that too) and lists **every**
property in ``required`` (Claude allows optional properties). A schema with an optional
property is sent with ``strict: false``: the schema still guides the answer, but OpenAI does
not guarantee it, which is a declared loss (`relax`).
"""

from __future__ import annotations

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
    return isinstance(schema, dict) and schema.get("type") == "object" and _fits(schema)


def relax(schema: Any, options: LossPolicy, path: str) -> bool:
    """The ``strict`` flag to send for a schema Anthropic constrains: True when strict mode
    takes it, else False with a loss declared at ``path``."""
    if fits_strict_mode(schema):
        return True
    options.loss(path, WHY_RELAXED)
    return False


def _fits(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return True
    kind = schema.get("type")
    if kind == "object" or (isinstance(kind, list) and "object" in kind):
        properties = schema.get("properties") or {}
        required = schema.get("required") or []
        if schema.get("additionalProperties") is not False:
            return False
        if not isinstance(properties, dict) or not set(properties) <= set(required):
            return False
    children: list[Any] = [schema.get("items")]
    for key in _NESTED_MAPS:
        nested = schema.get(key)
        children += list(nested.values()) if isinstance(nested, dict) else []
    for key in _NESTED_LISTS:
        nested = schema.get(key)
        children += nested if isinstance(nested, list) else []
    return all(_fits(child) for child in children)
