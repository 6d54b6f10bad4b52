"""Which third-party gateways a test run must have installed: ``PARITY_REQUIRE_GATEWAYS``.

Unset or empty: none (a gateway's tests skip when it is not installed). Otherwise a
comma-separated list of gateway names (``litellm,portkey``), ``all``, or ``1``, which means
``litellm`` (what CI has set since LiteLLM was the only one).
"""

from __future__ import annotations

import os

import pytest

VARIABLE = "PARITY_REQUIRE_GATEWAYS"


def required(name: str) -> bool:
    """Whether the run must have the gateway ``name`` installed."""
    names = {v.strip().lower() for v in os.environ.get(VARIABLE, "").split(",") if v.strip()}
    if "1" in names:
        names.add("litellm")
    return "all" in names or name in names


def require_installed(name: str, installed: bool, how: str) -> None:
    """Skip (or fail, when the run requires it) unless the gateway is installed."""
    if installed:
        return
    if required(name):
        pytest.fail(f"{name} is not installed but {VARIABLE} requires it; run {how}")
    pytest.skip(f"{name} is not installed ({how})")
