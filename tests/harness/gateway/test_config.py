"""Routing: which target, model id and backend answer a model name, and the configuration
file's one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import ConfigError
from harness.gateway import build_config, load_config
from harness.gateway.errors import GatewayError
from harness.targets import TargetsConfig

SIM = "http://127.0.0.1:8765"


def test_target_slash_logical_name_resolves_through_targets_yaml(
    targets_config: TargetsConfig,
) -> None:
    route = build_config(targets_config, simulator=SIM).route("bedrock-converse/haiku")
    assert route.target == "bedrock-converse"
    assert route.model_id == "us.anthropic.claude-haiku-4-5-20251001-v1:0"
    assert route.settings.region == "us-east-1"
    assert (route.aim_at, route.settings.base_url) == (SIM, None)


def test_a_name_targets_yaml_does_not_know_is_sent_as_it_is(targets_config: TargetsConfig) -> None:
    route = build_config(targets_config, simulator=SIM).route("vertex/claude-x@2030")
    assert (route.target, route.model_id) == ("vertex", "claude-x@2030")


def test_a_backend_url_becomes_the_adapter_s_base_url(targets_config: TargetsConfig) -> None:
    config = build_config(targets_config, backends={"openai": "http://127.0.0.1:9/v1/"})
    route = config.route("openai/sonnet")
    assert (route.settings.base_url, route.aim_at) == ("http://127.0.0.1:9/v1", None)
    assert route.settings.options == {"max_tokens_field": "max_completion_tokens"}
    assert config.served_targets() == ("openai",)


def test_explicit_names_and_the_default_target(targets_config: TargetsConfig) -> None:
    config = build_config(
        targets_config,
        simulator=SIM,
        models={"claude-sonnet-4-6": ("bedrock-invoke", "sonnet")},
        default_target="vertex",
    )
    assert config.route("claude-sonnet-4-6").model_id == "us.anthropic.claude-sonnet-4-6-v1:0"
    assert config.route("haiku").model_id == "claude-haiku-4-5@20251001"
    assert config.route("arn:aws:bedrock:x/y").target == "vertex"
    assert config.model_names()[0] == "claude-sonnet-4-6"
    assert "haiku" in config.model_names()


@pytest.mark.parametrize("model", ["claude-sonnet-4-6", "vertex/sonnet"])
def test_a_name_without_a_route_is_not_found(targets_config: TargetsConfig, model: str) -> None:
    config = build_config(targets_config, backends={"anthropic": SIM})
    with pytest.raises(GatewayError) as caught:
        config.route(model)
    assert (caught.value.status, caught.value.error_type) == (404, "not_found_error")


def test_a_configuration_file_is_read(tmp_path: Path, targets_config: TargetsConfig) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(
        f"simulator: {SIM}\n"
        "backends: {openai: 'http://127.0.0.1:9/v1'}\n"
        "models: {house: {target: vertex, model: opus}}\n"
        "forward_headers: [X-Parity-Scenario]\n",
        encoding="utf-8",
    )
    config = load_config(path, targets_config)
    assert config.route("house").model_id == "claude-opus-4-8"
    assert config.route("openai/sonnet").aim_at is None
    assert config.forward_headers == ("x-parity-scenario",)


def test_dropped_betas_and_target_options_are_read_per_target(
    tmp_path: Path, targets_config: TargetsConfig
) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(
        f"simulator: {SIM}\n"
        "drop_betas: {bedrock-invoke: [claude-code-20250219]}\n"
        "target_options: {openai: {user_field: user}}\n",
        encoding="utf-8",
    )
    config = load_config(path, targets_config)
    assert config.drop_betas == {"bedrock-invoke": frozenset({"claude-code-20250219"})}
    openai = config.route("openai/sonnet").settings.options
    assert openai["user_field"] == "user"
    assert openai["max_tokens_field"] == "max_completion_tokens"  # targets.yaml's own kept
    assert "user_field" not in config.route("vertex/sonnet").settings.options


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("nonsense: 1\n", "nonsense: unknown key"),
        ("backends: {mars: 'http://127.0.0.1:1'}\n", "backends.mars: unknown target"),
        ("backends: {vertex: 'ftp://x'}\n", "backends.vertex"),
        (f"simulator: {SIM}\nmodels: {{m: {{target: vertex}}}}\n", "models.m"),
        (f"simulator: {SIM}\nlive_credentials: maybe\n", "live_credentials"),
        ("{}\n", "no backend"),
        (f"simulator: {SIM}\ndrop_betas: {{mars: [x]}}\n", "drop_betas.mars: unknown target"),
        (f"simulator: {SIM}\ndrop_betas: {{vertex: x}}\n", "drop_betas.vertex: must be a list"),
        (f"simulator: {SIM}\ntarget_options: {{openai: 3}}\n", "target_options.openai"),
        ("[oops\n", "cannot read"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_field(
    tmp_path: Path, targets_config: TargetsConfig, text: str, named: str
) -> None:
    path = tmp_path / "gateway.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, targets_config)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert named in message
    assert "\n" not in message
