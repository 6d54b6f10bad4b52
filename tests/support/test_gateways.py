"""PARITY_REQUIRE_GATEWAYS: which gateways a run must have installed."""

from __future__ import annotations

import pytest

from tests.support.gateways import VARIABLE, required


@pytest.mark.parametrize(
    ("value", "litellm", "portkey"),
    [
        (None, False, False),
        ("", False, False),
        ("1", True, False),
        ("litellm", True, False),
        ("portkey", False, True),
        ("litellm, Portkey", True, True),
        ("1,portkey", True, True),
        ("all", True, True),
    ],
)
def test_which_gateways_a_run_requires(
    monkeypatch: pytest.MonkeyPatch, value: str | None, litellm: bool, portkey: bool
) -> None:
    if value is None:
        monkeypatch.delenv(VARIABLE, raising=False)
    else:
        monkeypatch.setenv(VARIABLE, value)
    assert (required("litellm"), required("portkey")) == (litellm, portkey)
