"""fixtures/targets.yaml: validated with one-line errors naming the file and the key, model
names resolved per target, and recording-time overrides taken from the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.base import DEFAULT_API_VERSION, TargetSettings
from harness.errors import ConfigError, ParityError
from harness.targets import (
    TargetProfile,
    TargetsConfig,
    load_targets,
    with_environment,
)

VALID = """\
models:
  sonnet:
    anthropic: claude-sonnet-4-6
    vertex: claude-sonnet-4-6
  haiku:
    anthropic: claude-haiku-4-5-20251001
    vertex: claude-haiku-4-5@20251001
targets:
  anthropic:
    api_version: "2026-10-21"
  vertex:
    region: us-east5
    project: parity-simulated
    base_url: http://127.0.0.1:8080
    options: {publisher: anthropic}
"""


def load(tmp_path: Path, text: str) -> TargetsConfig:
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    return load_targets(path)


def error(tmp_path: Path, text: str) -> str:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text)
    message = str(info.value)
    assert "\n" not in message
    assert isinstance(info.value, ParityError)
    prefix = f"{tmp_path / 'targets.yaml'}: "
    assert message.startswith(prefix)
    return message.removeprefix(prefix)


def test_a_valid_file_gives_models_and_profiles(tmp_path: Path) -> None:
    config = load(tmp_path, VALID)
    assert config.models["haiku"] == {
        "anthropic": "claude-haiku-4-5-20251001",
        "vertex": "claude-haiku-4-5@20251001",
    }
    assert config.profile("anthropic").api_version == "2026-10-21"
    assert config.profile("vertex") == TargetProfile(
        TargetSettings(
            name="vertex",
            region="us-east5",
            project="parity-simulated",
            base_url="http://127.0.0.1:8080",
            options={"publisher": "anthropic"},
        ),
        api_version=DEFAULT_API_VERSION,
    )


def test_a_missing_file_or_an_empty_one_means_all_defaults(tmp_path: Path) -> None:
    assert load_targets(tmp_path / "absent.yaml") == TargetsConfig()
    assert load(tmp_path, "") == TargetsConfig()
    assert load(tmp_path, "targets:\n  vertex:\n").profile("vertex") == TargetProfile(
        TargetSettings(name="vertex")
    )


def test_an_unlisted_target_gets_a_default_profile() -> None:
    profile = TargetsConfig().profile("vertex")
    assert profile == TargetProfile(TargetSettings(name="vertex"), DEFAULT_API_VERSION)


def test_an_unquoted_date_as_api_version_is_read_as_the_version(tmp_path: Path) -> None:
    config = load(tmp_path, "targets:\n  vertex:\n    api_version: 2026-10-21\n")
    assert config.profile("vertex").api_version == "2026-10-21"


def test_model_ids_are_resolved_per_target_and_unknown_names_pass_through(
    tmp_path: Path,
) -> None:
    config = load(tmp_path, VALID.replace("    vertex: claude-sonnet-4-6\n", ""))
    assert config.model_id("haiku", "vertex") == "claude-haiku-4-5@20251001"
    assert config.model_id("haiku", "anthropic") == "claude-haiku-4-5-20251001"
    assert config.model_id("claude-opus-4-1", "vertex") == "claude-opus-4-1"
    assert config.model_id("sonnet", "vertex") == "sonnet"  # no id listed for this target


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("models: {sonnet: [1]\n", "cannot read targets file: "),
        ("- anthropic\n", "must be a mapping with `models` and `targets`"),
        ("model: {}\n", "unknown key 'model' (allowed: models, targets)"),
        ("models:\n  sonnet: claude\n", "models.sonnet: must map target names to model ids"),
        (
            "models:\n  sonnet: {gemini: x}\n",
            "models.sonnet: unknown target 'gemini' (expected one of: anthropic, vertex, "
            "bedrock-invoke, bedrock-converse, openai, openai-responses)",
        ),
        ("models:\n  sonnet: {vertex: ''}\n", "models.sonnet.vertex: must be a model id string"),
        ("models:\n  sonnet: {vertex: 4}\n", "models.sonnet.vertex: must be a model id string"),
        ("targets:\n  azure: {}\n", "targets: unknown target 'azure'"),
        ("targets:\n  vertex: us-east5\n", "targets.vertex: must be a mapping"),
        (
            "targets:\n  vertex: {zone: x}\n",
            "targets.vertex.zone: unknown key (allowed: api_version, base_url, "
            "known_differences, options, project, region)",
        ),
        (
            "targets:\n  vertex: {api_version: '2024-01-01'}\n",
            "targets.vertex.api_version: must be one of 2023-06-01, 2026-10-21",
        ),
        ("targets:\n  vertex: {options: [a]}\n", "targets.vertex.options: must be a mapping"),
        ("targets:\n  vertex: {region: [a]}\n", "targets.vertex.region: must be a string"),
        ("targets:\n  vertex: {project: 7}\n", "targets.vertex.project: must be a string"),
        ("targets:\n  vertex: {base_url: true}\n", "targets.vertex.base_url: must be a string"),
    ],
)
def test_each_mistake_is_one_line_naming_the_file_and_the_key(
    tmp_path: Path, text: str, expected: str
) -> None:
    assert error(tmp_path, text).startswith(expected)


@pytest.mark.parametrize("text", ["models: [sonnet]\n", "targets: [vertex]\n"])
def test_a_list_where_a_mapping_belongs_is_a_config_error(tmp_path: Path, text: str) -> None:
    assert error(tmp_path, text).split(":")[0] in ("models", "targets")


# -- environment overrides ------------------------------------------------------------------


def test_the_environment_overrides_vertex_base_url_region_and_project(tmp_path: Path) -> None:
    config = load(tmp_path, VALID)
    env = {
        "PARITY_VERTEX_BASE_URL": "http://127.0.0.1:9999/",
        "CLOUD_ML_REGION": "global",
        "ANTHROPIC_VERTEX_PROJECT_ID": "canary-project",
    }
    vertex = with_environment(config, env).profile("vertex")
    assert vertex.settings == TargetSettings(
        name="vertex",
        region="global",
        project="canary-project",
        base_url="http://127.0.0.1:9999",
        options={"publisher": "anthropic"},
    )
    assert vertex.api_version == DEFAULT_API_VERSION


def test_region_and_project_variables_apply_to_vertex_only(tmp_path: Path) -> None:
    config = load(tmp_path, VALID)
    env = {"CLOUD_ML_REGION": "europe-west1", "ANTHROPIC_VERTEX_PROJECT_ID": "canary-project"}
    anthropic = with_environment(config, env).profile("anthropic")
    assert anthropic == config.profile("anthropic")


def test_each_target_has_its_own_base_url_variable(tmp_path: Path) -> None:
    config = load(tmp_path, VALID)
    env = {"PARITY_ANTHROPIC_BASE_URL": "http://127.0.0.1:7777"}
    applied = with_environment(config, env)
    assert applied.profile("anthropic").settings.base_url == "http://127.0.0.1:7777"
    assert applied.profile("vertex").settings.base_url == "http://127.0.0.1:8080"
    bedrock = with_environment(config, {"PARITY_BEDROCK_INVOKE_BASE_URL": "http://b:1"})
    assert bedrock.profile("bedrock-invoke").settings.base_url == "http://b:1"
    assert bedrock.profile("bedrock-converse").settings.base_url is None


def test_no_or_empty_variables_change_nothing_and_the_input_is_kept(tmp_path: Path) -> None:
    config = load(tmp_path, VALID)
    empty = {"PARITY_VERTEX_BASE_URL": "", "CLOUD_ML_REGION": ""}
    for env in ({}, empty):
        applied = with_environment(config, env)
        assert applied.profile("vertex") == config.profile("vertex")
        assert applied.profile("anthropic") == config.profile("anthropic")
        assert applied.models == config.models
    with_environment(config, {"CLOUD_ML_REGION": "global"})
    assert config.profile("vertex").settings.region == "us-east5"


def test_without_a_mapping_the_process_environment_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOUD_ML_REGION", "us-central1")
    config = with_environment(load(tmp_path, VALID))
    assert config.profile("vertex").settings.region == "us-central1"


def test_target_wide_known_differences_load_with_their_mode(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text(
        "targets:\n  openai:\n    known_differences:\n"
        "      - {path: usage.cache_creation, reason: no split}\n"
        "      - {path: 'events[0].message.usage', reason: late usage, mode: stream}\n"
    )
    profile = load_targets(path).profile("openai")
    assert [k.path for k in profile.known_differences_for("json")] == ["usage.cache_creation"]
    assert [k.path for k in profile.known_differences_for("stream")] == [
        "usage.cache_creation",
        "events[0].message.usage",
    ]


def test_a_known_difference_without_a_reason_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "targets.yaml"
    path.write_text("targets:\n  openai:\n    known_differences:\n      - {path: usage}\n")
    with pytest.raises(ConfigError) as info:
        load_targets(path)
    assert str(info.value) == (
        f"{path}: targets.openai.known_differences[0].reason: must be a non-empty string"
    )


def test_openai_base_url_is_read_as_openai_clients_read_it_unless_parity_says_otherwise() -> None:
    config = TargetsConfig()
    plain = with_environment(config, {"OPENAI_BASE_URL": "http://127.0.0.1:8000/v1/"})
    assert plain.profile("openai").settings.base_url == "http://127.0.0.1:8000/v1"
    both = {"OPENAI_BASE_URL": "http://a/v1", "PARITY_OPENAI_BASE_URL": "http://b/v1"}
    assert with_environment(config, both).profile("openai").settings.base_url == "http://b/v1"
