"""PARITY_REQUIRE_GATEWAYS: which gateways a run must have installed (``1`` is LiteLLM alone,
as CI has always meant it)."""

from __future__ import annotations

import pytest

from tests.harness.systems.gateway.required import VARIABLE, required


@pytest.mark.parametrize(
    ("value", "litellm", "ccr"),
    [
        (None, False, False),
        ("", False, False),
        ("1", True, False),
        ("all", True, True),
        ("claude-code-router", False, True),
        ("litellm, claude-code-router", True, True),
    ],
)
def test_the_variable_names_the_required_gateways(
    value: str | None, litellm: bool, ccr: bool
) -> None:
    env = {} if value is None else {VARIABLE: value}
    assert required("litellm", env) is litellm
    assert required("claude-code-router", env) is ccr
