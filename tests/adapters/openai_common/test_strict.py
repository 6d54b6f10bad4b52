"""OpenAI's strict mode takes a schema whose root is an object and whose every object is
closed and requires every property; anything else is sent loose, as a declared loss."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.base import TranslationError
from adapters.openai.request_options import Options
from adapters.openai_common.strict import fits_strict_mode, relax


def closed(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    names = list(properties) if required is None else required
    return {
        "type": "object",
        "properties": properties,
        "required": names,
        "additionalProperties": False,
    }


NESTED = closed({"lines": {"type": "array", "items": closed({"amount": {"type": "number"}})}})


@pytest.mark.parametrize(
    ("schema", "fits"),
    [
        (NESTED, True),
        (closed({"a": {"anyOf": [closed({"b": {"type": "string"}}), {"type": "null"}]}}), True),
        (closed({"a": {"type": "string"}, "b": {"type": "string"}}, required=["a"]), False),
        ({**NESTED, "additionalProperties": True}, False),
        (closed({"lines": {"type": "array", "items": {"type": "object"}}}), False),
        (closed({"a": {"$ref": "#/$defs/x"}}) | {"$defs": {"x": {"type": "object"}}}, False),
        ({"type": "array", "items": {"type": "string"}}, False),
    ],
    ids=["nested", "union", "optional", "open-root", "open-item", "open-definition", "array-root"],
)
def test_which_schemas_strict_mode_takes(schema: dict[str, Any], fits: bool) -> None:
    assert fits_strict_mode(schema) is fits


def test_relaxing_is_a_loss_at_the_path_given() -> None:
    assert relax(NESTED, Options(on_loss="error"), "x") is True
    assert relax({"type": "object"}, Options(), "x") is False
    with pytest.raises(TranslationError) as caught:
        relax({"type": "object"}, Options(on_loss="error"), "output_config.format.schema")
    assert caught.value.path == "output_config.format.schema"
