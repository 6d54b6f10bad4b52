"""Which third-party gateways a test run must have installed: ``PARITY_REQUIRE_GATEWAYS``
names them (comma-separated profile names, or ``all``; ``1`` means LiteLLM alone, what CI
sets). A trial of a gateway that is not installed fails when it is required, and is skipped
with the reason otherwise."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

VARIABLE = "PARITY_REQUIRE_GATEWAYS"


def required(name: str, env: Mapping[str, str] = os.environ) -> bool:
    """Whether the gateway ``name`` (its profile's name) must be installed."""
    value = env.get(VARIABLE, "").strip()
    if not value:
        return False
    names = {"litellm"} if value == "1" else {part.strip() for part in value.split(",")}
    return "all" in names or name in names


def installed_or_skip(name: str, title: str, installed: Path) -> None:
    """Go on when ``installed`` exists; else fail (required) or skip, naming the fix."""
    if installed.is_file():
        return
    if required(name):
        pytest.fail(f"{title} is not installed at {installed}; run make gateways ({VARIABLE})")
    pytest.skip(f"{title} is not installed (make gateways)")
