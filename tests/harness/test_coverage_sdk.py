"""The SDK surface is read from the 2.12 SDK's own types, in its own venv."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.coverage_sdk import KINDS, SdkUnavailable, sdk_surface
from harness.scenarios.model import STOP_REASONS
from harness.scenarios.request_keys import MESSAGES


@pytest.fixture(scope="module")
def surface() -> dict[str, list[str]]:
    try:
        return sdk_surface()
    except SdkUnavailable as exc:
        pytest.skip(str(exc))


def test_every_kind_is_read(surface: dict[str, list[str]]) -> None:
    assert list(surface) == list(KINDS)
    assert all(surface[kind] for kind in KINDS)


def test_the_stop_reasons_are_those_the_scenario_format_allows(
    surface: dict[str, list[str]],
) -> None:
    assert surface["stop_reasons"] == list(STOP_REASONS)


def test_every_request_parameter_is_one_a_scenario_may_hold(
    surface: dict[str, list[str]],
) -> None:
    assert set(surface["request_parameters"]) <= MESSAGES
    assert {"model", "messages", "max_tokens", "service_tier"} <= set(surface["request_parameters"])


def test_tools_name_a_custom_tool_and_versioned_server_and_client_tools(
    surface: dict[str, list[str]],
) -> None:
    assert surface["tools"][0] == "custom"
    assert "web_search_20250305" in surface["tools"] and "bash_20250124" in surface["tools"]


def test_without_the_sdk_it_says_how_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(SdkUnavailable) as caught:
        sdk_surface(tmp_path)
    assert "make install" in str(caught.value)
