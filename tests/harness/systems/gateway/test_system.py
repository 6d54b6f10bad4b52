"""The gateway system's requests: the headers each target's requests carry, with the
environment's values (secrets) and Parity's placeholders (the simulator's URL, the fake
credentials) filled in once, before any case."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from harness.systems.gateway.profile import load_profile
from harness.systems.gateway.system import GatewaySystem, sdk_headers
from harness.targets import TargetsConfig

PROFILE = {
    "name": "header-routed",
    "fronts": {"anthropic": "http://127.0.0.1:9"},
    "headers": {"x-gateway-key": "${GATEWAY_KEY}"},
    "targets": {
        "bedrock-converse": {
            "model": "{model_id}",
            "headers": {
                "x-backend": "{simulator_url}",
                "x-aws-key": "{aws_access_key_id}",
                "x-unknown": "{not_a_placeholder}",
            },
        },
        "openai": {"unsupported": "not configured"},
    },
}


def system(tmp_path: Path, env: dict[str, str]) -> GatewaySystem:
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(PROFILE), encoding="utf-8")
    values = {"simulator_url": "http://127.0.0.1:8765", "aws_access_key_id": "PARITYFAKE"}
    return GatewaySystem(
        load_profile(path),
        {"anthropic": "http://127.0.0.1:9"},
        reference=lambda case: pytest.fail("no case runs here"),
        upstream=lambda case, started: [],
        http=httpx.Client(),
        env=env,
        config=TargetsConfig(),
        values=values,
    )


def test_route_headers_have_placeholders_and_the_environment_filled_in(tmp_path: Path) -> None:
    gateway = system(tmp_path, {"GATEWAY_KEY": "k-from-env"})
    assert gateway.route_headers("bedrock-converse") == {
        "x-gateway-key": "k-from-env",
        "x-backend": "http://127.0.0.1:8765",
        "x-aws-key": "PARITYFAKE",
        "x-unknown": "{not_a_placeholder}",
    }
    assert gateway.route_headers("openai") == {}
    # only what came from the environment is a secret; Parity's fake credentials are not
    assert gateway.secrets == {"k-from-env"}


def test_a_client_sends_user_profile_and_workspace_ids_in_the_sdks_headers() -> None:
    request = {"model": "m", "user_profile_id": "uprof_01A", "workspace_id": "wrkspc_01B"}
    body, headers = sdk_headers(request)
    assert body == {"model": "m"}
    assert headers == {
        "anthropic-user-profile-id": "uprof_01A",
        "anthropic-workspace-id": "wrkspc_01B",
    }
    # a value no header can carry stays in the body, as a raw client would send it
    assert sdk_headers({"model": "m", "user_profile_id": 7}) == (
        {"model": "m", "user_profile_id": 7},
        {},
    )
